/* fw-json-reader.c — a fast reader for plain JSON, into an FwJsonDoc
 *
 * JsonParser is the slowest part of converting an export: it tokenizes
 * character by character, emits signals for every member and allocates
 * every value on its own. Real exports are plain, strict JSON, so this
 * reader builds the same values in one pass, into one document: strings
 * are decoded into a single block as long as the text (a decoded string
 * is never longer than its quoted text), values into the document's
 * arena, a container's values as one run once it is closed. It is strict
 * on purpose: whatever JsonParser reads in its own way (comments, single
 * quotes, raw control characters or \u0000 in strings, lone surrogates,
 * leading zeros, integers beyond 18 digits, infinite numbers) makes it
 * give up, and the caller hands the text to JsonParser instead. A
 * repeated member name keeps its first place and its last value, as in
 * JsonParser. So the values are always JsonParser's, and errors are
 * always JsonParser's (tests/export/test-fast-paths.c checks both).
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fw-json-doc-private.h"
#include "fw-json-reader.h"
#include "fw-scan.h"

/* Up to this many members, repeated names are looked for pairwise. */
#define SMALL_OBJECT 8
/* Bytes the string scanner may write past a string's end. */
#define SLACK 16

typedef struct {
  const char *p;
  const char *end;
  char       *out;        /* next free byte of the strings block */
  FwJsonDoc  *doc;
  FwJson     *stack;      /* the values of the open containers */
  gsize       top;
  gsize       stack_size;
  guint32    *table;      /* for repeated names in large objects */
  gsize       table_size;
  guint       depth;
  guint       max_depth;
} Reader;

/* 1 for the bytes that end a plain run inside a string: '"', '\\' and
 * control characters. */
static const guchar stop[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
};

static gboolean read_value (Reader *r, FwJson *out);

static inline void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static int
hex4 (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      char c = p[i];

      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= c - '0';
      else if (c >= 'a' && c <= 'f')
        v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        v |= c - 'A' + 10;
      else
        return -1;
    }
  return v;
}

/* At the opening quote: decodes the string into the strings block.
 * @plain: whether it had no escape (then it has nothing to escape either,
 * control characters being refused). */
static gboolean
read_string (Reader      *r,
             const char **str,
             gsize       *len,
             gboolean    *plain)
{
  const char *q = r->p + 1;
  char *start = r->out;
  char *o = start;

  *plain = TRUE;

  while (TRUE)
    {
      /* Sixteen (or eight) bytes at a time while there is no '"', '\\' or
       * control character, copied as they are scanned (the block has room
       * past the end for that), then one by one. */
#ifdef __SSE2__
      {
        const __m128i quote = _mm_set1_epi8 ('"');
        const __m128i slash = _mm_set1_epi8 ('\\');
        const __m128i space = _mm_set1_epi8 (0x1F);

        while (r->end - q >= 16)
          {
            __m128i x = _mm_loadu_si128 ((const __m128i *) q);
            __m128i hit = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (x, quote), _mm_cmpeq_epi8 (x, slash)),
                                        _mm_cmpeq_epi8 (_mm_max_epu8 (x, space), space));
            int mask = _mm_movemask_epi8 (hit);

            _mm_storeu_si128 ((__m128i *) o, x);
            if (mask != 0)
              {
                int n = __builtin_ctz (mask);

                q += n;
                o += n;
                break;
              }
            q += 16;
            o += 16;
          }
      }
#else
      while (r->end - q >= 8)
        {
          guint64 w, quote, slash;

          memcpy (&w, q, sizeof w);
          quote = w ^ (FW_SWAR_ONES * '"');
          slash = w ^ (FW_SWAR_ONES * '\\');
          if ((((w - FW_SWAR_ONES * 0x20) & ~w) | ((quote - FW_SWAR_ONES) & ~quote) | ((slash - FW_SWAR_ONES) & ~slash)) & FW_SWAR_HIGHS)
            break;
          memcpy (o, &w, sizeof w);
          q += 8;
          o += 8;
        }
#endif
      while (q < r->end && !stop[(guchar) *q])
        *o++ = *q++;
      if (q >= r->end)
        return FALSE;

      if (*q == '"')
        break;
      if (*q != '\\')
        return FALSE;  /* a control character: JsonParser's call */

      *plain = FALSE;
      if (++q >= r->end)
        return FALSE;
      switch (*q)
        {
        case '"': case '\\': case '/':
          *o++ = *q++;
          break;
        case 'b': *o++ = '\b'; q++; break;
        case 'f': *o++ = '\f'; q++; break;
        case 'n': *o++ = '\n'; q++; break;
        case 'r': *o++ = '\r'; q++; break;
        case 't': *o++ = '\t'; q++; break;
        case 'u':
          {
            int u;

            if (r->end - q < 5 || (u = hex4 (q + 1)) < 0)
              return FALSE;
            q += 5;
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                int low;

                if (r->end - q < 6 || q[0] != '\\' || q[1] != 'u' ||
                    (low = hex4 (q + 2)) < 0xDC00 || low > 0xDFFF)
                  return FALSE;
                q += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
              }
            else if ((u >= 0xDC00 && u <= 0xDFFF) || u == 0)
              return FALSE;

            o += g_unichar_to_utf8 (u, o);
          }
          break;
        default:
          return FALSE;
        }
    }

  *o = '\0';
  r->out = o + 1;
  r->p = q + 1;
  *str = start;
  *len = o - start;
  return TRUE;
}

static gboolean
read_number (Reader *r,
             FwJson *out)
{
  const char *start = r->p;
  const char *q = start;
  gboolean is_double = FALSE;

  if (*q == '-')
    q++;
  if (q < r->end && *q == '0')
    q++;
  else if (q < r->end && *q >= '1' && *q <= '9')
    while (q < r->end && g_ascii_isdigit (*q))
      q++;
  else
    return FALSE;

  if (q < r->end && *q == '.')
    {
      const char *digits = ++q;

      while (q < r->end && g_ascii_isdigit (*q))
        q++;
      if (q == digits)
        return FALSE;
      is_double = TRUE;
    }
  if (q < r->end && (*q == 'e' || *q == 'E'))
    {
      const char *digits;

      q++;
      if (q < r->end && (*q == '+' || *q == '-'))
        q++;
      digits = q;
      while (q < r->end && g_ascii_isdigit (*q))
        q++;
      if (q == digits)
        return FALSE;
      is_double = TRUE;
    }

  if (!is_double)
    {
      const char *digits = *start == '-' ? start + 1 : start;
      gint64 value = 0;

      if (q - digits > 18)
        return FALSE;
      for (const char *d = digits; d < q; d++)
        value = value * 10 + (*d - '0');
      out->type = FW_JSON_INT;
      out->v.i = *start == '-' ? -value : value;
    }
  else
    {
      char text[64];
      double value;

      if (q - start >= (gssize) sizeof text)
        return FALSE;
      memcpy (text, start, q - start);
      text[q - start] = '\0';
      value = g_ascii_strtod (text, NULL);
      if (!isfinite (value))
        return FALSE;
      out->type = FW_JSON_DOUBLE;
      out->v.d = value;
    }

  r->p = q;
  return TRUE;
}

static inline void
push (Reader       *r,
      const FwJson *value)
{
  if (r->top == r->stack_size)
    {
      r->stack_size *= 2;
      r->stack = g_renew (FwJson, r->stack, r->stack_size);
    }
  r->stack[r->top++] = *value;
}

/* Moves the values pushed since @base into the document, as @out's. */
static void
close_container (Reader     *r,
                 gsize       base,
                 FwJsonType  type,
                 FwJson     *out)
{
  gsize n = r->top - base;
  FwJson *items = NULL;

  if (n > 0)
    {
      items = fw_json_doc_alloc (r->doc, n * sizeof (FwJson));
      memcpy (items, r->stack + base, n * sizeof (FwJson));
    }
  r->top = base;
  out->type = type;
  out->v.items = items;
  out->len = n;
}

static inline guint32
key_hash (const char *key)
{
  guint32 h = 2166136261u;

  for (const guchar *p = (const guchar *) key; *p; p++)
    h = (h ^ *p) * 16777619u;
  return h;
}

/* A repeated name keeps its first place and takes the last value, as
 * json_object_set_member() does; the later members of that name go. */
static void
merge_repeated_names (Reader *r,
                      gsize   base)
{
  FwJson *m = r->stack + base;
  gsize n = r->top - base;
  gsize kept = 0;

  if (n <= SMALL_OBJECT)
    {
      for (gsize i = 0; i < n; i++)
        {
          gsize j;

          for (j = 0; j < kept; j++)
            if (m[j].key_len == m[i].key_len && memcmp (m[j].key, m[i].key, m[i].key_len) == 0)
              break;
          if (j < kept)
            {
              const char *key = m[j].key;

              m[j] = m[i];
              m[j].key = key;
            }
          else
            m[kept++] = m[i];
        }
    }
  else
    {
      gsize size = 16;
      gsize mask;

      while (size < 2 * n)
        size *= 2;
      if (size > r->table_size)
        {
          r->table_size = size;
          r->table = g_renew (guint32, r->table, size);
        }
      memset (r->table, 0xff, size * sizeof (guint32));
      mask = size - 1;

      for (gsize i = 0; i < n; i++)
        {
          gsize slot = key_hash (m[i].key) & mask;

          while (r->table[slot] != G_MAXUINT32 && strcmp (m[r->table[slot]].key, m[i].key) != 0)
            slot = (slot + 1) & mask;
          if (r->table[slot] != G_MAXUINT32)
            {
              FwJson *first = &m[r->table[slot]];
              const char *key = first->key;

              *first = m[i];
              first->key = key;
            }
          else
            {
              r->table[slot] = kept;
              m[kept++] = m[i];
            }
        }
    }

  r->top = base + kept;
}

static gboolean
read_object (Reader *r,
             FwJson *out)
{
  gsize base = r->top;

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      close_container (r, base, FW_JSON_OBJECT, out);
      return TRUE;
    }

  while (TRUE)
    {
      FwJson member = { 0 };
      const char *key;
      gsize key_len;
      gboolean plain;

      skip_space (r);
      if (r->p >= r->end || *r->p != '"' || !read_string (r, &key, &key_len, &plain) || key_len >= G_MAXUINT32)
        return FALSE;

      skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        return FALSE;
      r->p++;

      if (!read_value (r, &member))
        return FALSE;
      member.key = key;
      member.key_len = key_len;
      push (r, &member);

      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == '}')
        {
          r->p++;
          merge_repeated_names (r, base);
          close_container (r, base, FW_JSON_OBJECT, out);
          return TRUE;
        }
      return FALSE;
    }
}

static gboolean
read_array (Reader *r,
            FwJson *out)
{
  gsize base = r->top;

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      close_container (r, base, FW_JSON_ARRAY, out);
      return TRUE;
    }

  while (TRUE)
    {
      FwJson element = { 0 };

      if (!read_value (r, &element))
        return FALSE;
      push (r, &element);

      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == ']')
        {
          r->p++;
          close_container (r, base, FW_JSON_ARRAY, out);
          return TRUE;
        }
      return FALSE;
    }
}

static gboolean
read_value (Reader *r,
            FwJson *out)
{
  gboolean ok;

  skip_space (r);
  if (r->p >= r->end)
    return FALSE;

  switch (*r->p)
    {
    case '{':
    case '[':
      if (r->depth >= r->max_depth)
        return FALSE;
      r->depth++;
      ok = *r->p == '{' ? read_object (r, out) : read_array (r, out);
      r->depth--;
      return ok;

    case '"':
      {
        gboolean plain;

        out->type = FW_JSON_STRING;
        if (!read_string (r, &out->v.s, &out->len, &plain))
          return FALSE;
        out->flags = plain ? FW_JSON_FLAG_PLAIN : 0;
        return TRUE;
      }

    case 't':
      if (r->end - r->p >= 4 && memcmp (r->p, "true", 4) == 0)
        {
          r->p += 4;
          out->type = FW_JSON_BOOLEAN;
          out->v.b = TRUE;
          return TRUE;
        }
      return FALSE;

    case 'f':
      if (r->end - r->p >= 5 && memcmp (r->p, "false", 5) == 0)
        {
          r->p += 5;
          out->type = FW_JSON_BOOLEAN;
          out->v.b = FALSE;
          return TRUE;
        }
      return FALSE;

    case 'n':
      if (r->end - r->p >= 4 && memcmp (r->p, "null", 4) == 0)
        {
          r->p += 4;
          out->type = FW_JSON_NULL;
          return TRUE;
        }
      return FALSE;

    default:
      return read_number (r, out);
    }
}

FwJsonDoc *
fw_json_doc_read_strict (const char *data,
                         gsize       len,
                         guint       max_depth)
{
  g_autoptr(FwJsonDoc) doc = fw_json_doc_new ();
  g_autofree char *strings = NULL;
  Reader r = { 0 };
  FwJson *root;
  gboolean ok;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  strings = g_malloc (len + 1 + SLACK);
  r.p = data;
  r.end = data + len;
  r.out = strings;
  r.doc = doc;
  r.max_depth = max_depth;
  r.stack_size = 256;
  r.stack = g_new (FwJson, r.stack_size);

  root = fw_json_doc_alloc0 (doc, sizeof (FwJson));
  ok = read_value (&r, root);
  if (ok)
    {
      skip_space (&r);
      ok = r.p == r.end;
    }

  g_free (r.stack);
  g_free (r.table);
  if (!ok)
    return NULL;

  fw_json_doc_set_root (doc, root, g_steal_pointer (&strings));
  return g_steal_pointer (&doc);
}

gboolean
fw_utf8_validate (const char  *data,
                  gsize        len,
                  const char **end)
{
  const char *p = data;
  const char *limit = data + len;

  while (p < limit)
    {
      const char *q;

      /* ASCII without NUL, eight bytes at a time, then one by one */
      while (limit - p >= 8)
        {
          guint64 w;

          memcpy (&w, p, sizeof w);
          if (((w & FW_SWAR_HIGHS) | ((w - FW_SWAR_ONES) & ~w & FW_SWAR_HIGHS)) != 0)
            break;
          p += 8;
        }
      while (p < limit && (guchar) *p < 0x80 && *p != '\0')
        p++;
      if (p == limit)
        break;

      /* The rest, up to the next ASCII character, is GLib's to judge: an
       * ASCII byte always ends a character, so the answer and @end are
       * those of one call on the whole text. */
      q = p;
      while (q < limit && ((guchar) *q >= 0x80 || *q == '\0'))
        q++;
      if (!g_utf8_validate_len (p, q - p, end))
        return FALSE;
      p = q;
    }

  if (end != NULL)
    *end = limit;
  return TRUE;
}

JsonNode *
fw_json_parse_bytes (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *data;
  gsize len;

  if (bytes == NULL)
    return NULL;

  parser = json_parser_new_immutable ();
  data = g_bytes_get_data (bytes, &len);
  if (!json_parser_load_from_data (parser, data, len, NULL) || json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}
