/* fw-json-doc.c — one conversation's JSON, read into a single arena
 *
 * A json-glib tree costs a slice allocation, a reference count and (for
 * an object) a hash table for every value, and as much again to free it;
 * for a conversations file that is half of the time of an import. Here a
 * conversation's values live in a few large chunks, freed at once, and an
 * object is a plain run of members, searched in order (an object in an
 * export has a few dozen members at most, and the big one, `mapping`, is
 * only ever walked). fw_json_doc_read_strict() (fw-json-reader.c) fills a
 * document from the text; what it leaves to JsonParser comes here through
 * fw_json_doc_new_from_node(), as the same values.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fw-json-doc-private.h"
#include "fw-scan.h"
#include "fw-string-append.h"

#define ALIGNMENT 16
#define FIRST_CHUNK 4096
#define MAX_CHUNK (4 * 1024 * 1024)

typedef struct _Chunk Chunk;

struct _Chunk
{
  Chunk *next;
  gsize  size;
  gsize  used;
  char   data[] __attribute__ ((aligned (ALIGNMENT)));
};

struct _FwJsonDoc
{
  Chunk        *chunks;
  gsize         next_size;
  const FwJson *root;
  char         *strings;
  JsonNode     *node;
};

FwJsonDoc *
fw_json_doc_new (void)
{
  FwJsonDoc *doc = g_new0 (FwJsonDoc, 1);

  doc->next_size = FIRST_CHUNK;
  return doc;
}

void
fw_json_doc_free (FwJsonDoc *doc)
{
  if (doc == NULL)
    return;

  while (doc->chunks != NULL)
    {
      Chunk *next = doc->chunks->next;

      g_free (doc->chunks);
      doc->chunks = next;
    }
  g_free (doc->strings);
  g_clear_pointer (&doc->node, json_node_unref);
  g_free (doc);
}

const FwJson *
fw_json_doc_get_root (FwJsonDoc *doc)
{
  return doc->root;
}

gpointer
fw_json_doc_alloc (FwJsonDoc *doc,
                   gsize      size)
{
  Chunk *chunk = doc->chunks;
  gpointer p;

  size = (size + ALIGNMENT - 1) & ~(gsize) (ALIGNMENT - 1);
  if (chunk == NULL || chunk->size - chunk->used < size)
    {
      gsize chunk_size = MAX (doc->next_size, size);

      chunk = g_malloc (sizeof (Chunk) + chunk_size);
      chunk->size = chunk_size;
      chunk->used = 0;
      chunk->next = doc->chunks;
      doc->chunks = chunk;
      doc->next_size = MIN (doc->next_size * 2, MAX_CHUNK);
    }

  p = chunk->data + chunk->used;
  chunk->used += size;
  return p;
}

gpointer
fw_json_doc_alloc0 (FwJsonDoc *doc,
                    gsize      size)
{
  return memset (fw_json_doc_alloc (doc, size), 0, size);
}

/* @len bytes of @str, NUL-terminated. */
const char *
fw_json_doc_strndup (FwJsonDoc  *doc,
                     const char *str,
                     gsize       len)
{
  char *copy = fw_json_doc_alloc (doc, len + 1);

  memcpy (copy, str, len);
  copy[len] = '\0';
  return copy;
}

const char *
fw_json_doc_strdup (FwJsonDoc  *doc,
                    const char *str)
{
  return str != NULL ? fw_json_doc_strndup (doc, str, strlen (str)) : NULL;
}

void
fw_json_doc_set_root (FwJsonDoc    *doc,
                      const FwJson *root,
                      char         *strings)
{
  doc->root = root;
  g_free (doc->strings);
  doc->strings = strings;
}

/* From a json-glib tree */

static void
convert (FwJsonDoc *doc,
         JsonNode  *node,
         FwJson    *out)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        FwJson *items = fw_json_doc_alloc0 (doc, json_object_get_size (object) * sizeof (FwJson));
        JsonObjectIter iter;
        const char *member;
        JsonNode *value;
        gsize n = 0;

        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &member, &value))
          {
            convert (doc, value, &items[n]);
            items[n].key = member;
            /* a name of 4 GB or more has its length measured when written */
            items[n++].key_len = MIN (strlen (member), G_MAXUINT32);
          }
        out->type = FW_JSON_OBJECT;
        out->v.items = items;
        out->len = n;
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        FwJson *items = fw_json_doc_alloc0 (doc, n * sizeof (FwJson));

        for (guint i = 0; i < n; i++)
          convert (doc, json_array_get_element (array, i), &items[i]);
        out->type = FW_JSON_ARRAY;
        out->v.items = items;
        out->len = n;
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          out->type = FW_JSON_INT;
          out->v.i = json_node_get_int (node);
          break;
        case G_TYPE_DOUBLE:
          out->type = FW_JSON_DOUBLE;
          out->v.d = json_node_get_double (node);
          break;
        case G_TYPE_BOOLEAN:
          out->type = FW_JSON_BOOLEAN;
          out->v.b = json_node_get_boolean (node);
          break;
        case G_TYPE_STRING:
          out->type = FW_JSON_STRING;
          out->v.s = json_node_get_string (node);
          out->len = strlen (out->v.s);
          break;
        default:
          out->type = FW_JSON_NULL;
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      out->type = FW_JSON_NULL;
      break;
    }
}

FwJsonDoc *
fw_json_doc_new_from_node (JsonNode *node)
{
  FwJsonDoc *doc = fw_json_doc_new ();
  FwJson *root;

  if (node == NULL)
    return doc;

  doc->node = json_node_ref (node);
  root = fw_json_doc_alloc0 (doc, sizeof (FwJson));
  convert (doc, node, root);
  doc->root = root;
  return doc;
}

/* Reading */

const FwJson *
fw_json_get_member_len (const FwJson *object,
                        const char   *name,
                        gsize         name_len)
{
  if (object == NULL || object->type != FW_JSON_OBJECT)
    return NULL;

  for (gsize i = 0; i < object->len; i++)
    {
      const FwJson *member = &object->v.items[i];

      if (member->key_len == name_len && memcmp (member->key, name, name_len) == 0)
        return member;
    }
  return NULL;
}

const char *
fw_json_get_string (const FwJson *object,
                    const char   *name)
{
  const FwJson *value = fw_json_get_member (object, name);

  return fw_json_is (value, FW_JSON_STRING) ? value->v.s : NULL;
}

const FwJson *
fw_json_get_object (const FwJson *object,
                    const char   *name)
{
  const FwJson *value = fw_json_get_member (object, name);

  return fw_json_is (value, FW_JSON_OBJECT) ? value : NULL;
}

const FwJson *
fw_json_get_array (const FwJson *object,
                   const char   *name)
{
  const FwJson *value = fw_json_get_member (object, name);

  return fw_json_is (value, FW_JSON_ARRAY) ? value : NULL;
}

/* Writing */

void
fw_append_json_string_len (GString    *out,
                           const char *str,
                           gsize       len)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = (const guchar *) str;
  const guchar *end = p + len;

  /* Room for the quotes and the text as it is: most strings need no
   * escape, so they are then copied without another check. */
  if (out->allocated_len - out->len <= len + 2)
    {
      gsize old = out->len;

      g_string_set_size (out, old + len + 2);
      g_string_truncate (out, old);
    }

  fw_string_append_literal (out, "\"");
  while (p < end)
    {
      gsize run = fw_scan_json ((const char *) p, end - p);

      if (run > 0)
        fw_string_append_len (out, (const char *) p, run);
      p += run;
      if (p == end)
        break;

      switch (*p)
        {
        case '"': fw_string_append_literal (out, "\\\""); break;
        case '\\': fw_string_append_literal (out, "\\\\"); break;
        case '\n': fw_string_append_literal (out, "\\n"); break;
        case '\r': fw_string_append_literal (out, "\\r"); break;
        case '\t': fw_string_append_literal (out, "\\t"); break;
        default:
          {
            char u[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 0xf] };

            fw_string_append_len (out, u, sizeof u);
          }
        }
      p++;
    }
  fw_string_append_literal (out, "\"");
}

void
fw_append_json_string (GString    *out,
                       const char *str)
{
  if (str == NULL)
    fw_string_append_literal (out, "null");
  else
    fw_append_json_string_len (out, str, strlen (str));
}

void
fw_append_json_strings (GString   *out,
                        GPtrArray *strings)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < strings->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      fw_append_json_string (out, g_ptr_array_index (strings, i));
    }
  g_string_append_c (out, ']');
}

static void
append_indent (GString *out,
               int      indent)
{
  fw_string_append_literal (out, "\n");
  for (int i = 0; i < indent; i++)
    fw_string_append_literal (out, "  ");
}

static void
append_int (GString *out,
            gint64   value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 u = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      *--p = '0' + u % 10;
      u /= 10;
    }
  while (u != 0);
  if (value < 0)
    *--p = '-';
  fw_string_append_len (out, p, buf + sizeof buf - p);
}

/* json-glib's own generator is not used: it writes numbers too large for a
 * double as "inf" and some others as "1e+20.0", which is not JSON. The
 * depth is bounded by the splitter. */
void
fw_json_append (GString      *out,
                const FwJson *value,
                int           indent)
{
  int inner = indent >= 0 ? indent + 1 : -1;

  switch (value != NULL ? value->type : FW_JSON_NULL)
    {
    case FW_JSON_OBJECT:
      fw_string_append_literal (out, "{");
      for (gsize i = 0; i < value->len; i++)
        {
          const FwJson *member = &value->v.items[i];

          if (i > 0)
            fw_string_append_literal (out, ",");
          if (inner >= 0)
            append_indent (out, inner);
          if (member->key_len < G_MAXUINT32)
            fw_append_json_string_len (out, member->key, member->key_len);
          else
            fw_append_json_string (out, member->key);
          if (inner >= 0)
            fw_string_append_literal (out, " : ");
          else
            fw_string_append_literal (out, ":");
          fw_json_append (out, member, inner);
        }
      if (value->len > 0 && indent >= 0)
        append_indent (out, indent);
      fw_string_append_literal (out, "}");
      break;

    case FW_JSON_ARRAY:
      fw_string_append_literal (out, "[");
      for (gsize i = 0; i < value->len; i++)
        {
          if (i > 0)
            fw_string_append_literal (out, ",");
          if (inner >= 0)
            append_indent (out, inner);
          fw_json_append (out, &value->v.items[i], inner);
        }
      if (value->len > 0 && indent >= 0)
        append_indent (out, indent);
      fw_string_append_literal (out, "]");
      break;

    case FW_JSON_INT:
      append_int (out, value->v.i);
      break;

    case FW_JSON_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (!isfinite (value->v.d))
          {
            fw_string_append_literal (out, "null");
            break;
          }
        g_ascii_dtostr (buf, sizeof buf, value->v.d);
        g_string_append (out, buf);
        if (strpbrk (buf, ".eE") == NULL)
          fw_string_append_literal (out, ".0");
      }
      break;

    case FW_JSON_BOOLEAN:
      if (value->v.b)
        fw_string_append_literal (out, "true");
      else
        fw_string_append_literal (out, "false");
      break;

    case FW_JSON_STRING:
      if (value->flags & FW_JSON_FLAG_PLAIN)
        {
          fw_string_append_literal (out, "\"");
          fw_string_append_len (out, value->v.s, value->len);
          fw_string_append_literal (out, "\"");
        }
      else
        fw_append_json_string_len (out, value->v.s, value->len);
      break;

    case FW_JSON_NULL:
    default:
      fw_string_append_literal (out, "null");
      break;
    }
}
