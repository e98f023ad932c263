/* fw-json-reader.c — a fast reader for plain JSON, into json-glib nodes
 *
 * JsonParser is the slowest part of converting an export: it tokenizes
 * character by character and emits signals for every member. Real exports
 * are plain, strict JSON, so this reader builds the same tree directly,
 * with json-glib's own node API, about three times faster. It is strict
 * on purpose: whatever JsonParser reads in its own way (comments, single
 * quotes, raw control characters or \u0000 in strings, lone surrogates,
 * leading zeros, integers beyond 18 digits, infinite numbers) makes it
 * give up, and the caller hands the text to JsonParser instead. Members
 * are set with json_object_set_member() as JsonParser does, so a repeated
 * name keeps its first place and its last value, as there. So the tree is
 * always the one JsonParser builds, and errors are always JsonParser's.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fw-json-reader.h"

/* Member names up to this length are kept on the stack while their value
 * is read. */
#define SHORT_KEY 128

/* Word-at-a-time scanning: (w - ONES * n) & ~w & HIGHS is non-zero when a
 * byte of w is below n (n <= 0x80), so with w ^ (ONES * c) when one is c. */
#define SWAR_ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define SWAR_HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

typedef struct {
  const char *p;
  const char *end;
  char       *buf;      /* the string being decoded, NUL-terminated */
  gsize       buf_len;
  gsize       buf_size;
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

static JsonNode *read_value (Reader *r);

static inline void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static inline void
buf_reserve (Reader *r,
             gsize   more)
{
  if (r->buf_len + more + 1 > r->buf_size)
    {
      while (r->buf_len + more + 1 > r->buf_size)
        r->buf_size *= 2;
      r->buf = g_realloc (r->buf, r->buf_size);
    }
}

static inline void
buf_append (Reader     *r,
            const char *data,
            gsize       len)
{
  buf_reserve (r, len);
  memcpy (r->buf + r->buf_len, data, len);
  r->buf_len += len;
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

/* At the opening quote; leaves the decoded text in r->buf. */
static gboolean
read_string (Reader *r)
{
  const char *q = r->p + 1;

  r->buf_len = 0;
  while (TRUE)
    {
      const char *run = q;

      /* Eight bytes at a time while there is no '"', '\\' or control
       * character, then one by one. */
      while (r->end - q >= 8)
        {
          guint64 w, quote, slash;

          memcpy (&w, q, sizeof w);
          quote = w ^ (SWAR_ONES * '"');
          slash = w ^ (SWAR_ONES * '\\');
          if ((((w - SWAR_ONES * 0x20) & ~w) | ((quote - SWAR_ONES) & ~quote) | ((slash - SWAR_ONES) & ~slash)) & SWAR_HIGHS)
            break;
          q += 8;
        }
      while (q < r->end && !stop[(guchar) *q])
        q++;
      if (q > run)
        buf_append (r, run, q - run);
      if (q >= r->end)
        return FALSE;

      if (*q == '"')
        break;
      if (*q != '\\')
        return FALSE;  /* a control character: JsonParser's call */

      if (++q >= r->end)
        return FALSE;
      switch (*q)
        {
        case '"': case '\\': case '/':
          buf_append (r, q, 1);
          q++;
          break;
        case 'b': buf_append (r, "\b", 1); q++; break;
        case 'f': buf_append (r, "\f", 1); q++; break;
        case 'n': buf_append (r, "\n", 1); q++; break;
        case 'r': buf_append (r, "\r", 1); q++; break;
        case 't': buf_append (r, "\t", 1); q++; break;
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

            buf_reserve (r, 6);
            r->buf_len += g_unichar_to_utf8 (u, r->buf + r->buf_len);
          }
          break;
        default:
          return FALSE;
        }
    }

  r->buf[r->buf_len] = '\0';
  r->p = q + 1;
  return TRUE;
}

static JsonNode *
read_number (Reader *r)
{
  const char *start = r->p;
  const char *q = start;
  gboolean is_double = FALSE;
  JsonNode *node;

  if (*q == '-')
    q++;
  if (q < r->end && *q == '0')
    q++;
  else if (q < r->end && *q >= '1' && *q <= '9')
    while (q < r->end && g_ascii_isdigit (*q))
      q++;
  else
    return NULL;

  if (q < r->end && *q == '.')
    {
      const char *digits = ++q;

      while (q < r->end && g_ascii_isdigit (*q))
        q++;
      if (q == digits)
        return NULL;
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
        return NULL;
      is_double = TRUE;
    }

  if (!is_double)
    {
      const char *digits = *start == '-' ? start + 1 : start;
      gint64 value = 0;

      if (q - digits > 18)
        return NULL;
      for (const char *d = digits; d < q; d++)
        value = value * 10 + (*d - '0');
      node = json_node_alloc ();
      json_node_init_int (node, *start == '-' ? -value : value);
    }
  else
    {
      char text[64];
      double value;

      if (q - start >= (gssize) sizeof text)
        return NULL;
      memcpy (text, start, q - start);
      text[q - start] = '\0';
      value = g_ascii_strtod (text, NULL);
      if (!isfinite (value))
        return NULL;
      node = json_node_alloc ();
      json_node_init_double (node, value);
    }

  r->p = q;
  return node;
}

static JsonNode *
read_object (Reader *r)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      return node;
    }

  while (TRUE)
    {
      char short_key[SHORT_KEY];
      char *long_key = NULL;
      const char *key;
      JsonNode *child;

      skip_space (r);
      if (r->p >= r->end || *r->p != '"' || !read_string (r))
        break;
      if (r->buf_len < SHORT_KEY)
        {
          memcpy (short_key, r->buf, r->buf_len + 1);
          key = short_key;
        }
      else
        key = long_key = g_strdup (r->buf);

      skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        {
          g_free (long_key);
          break;
        }
      r->p++;

      child = read_value (r);
      if (child == NULL)
        {
          g_free (long_key);
          break;
        }
      json_node_set_parent (child, node);
      json_object_set_member (object, key, child);
      g_free (long_key);

      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == '}')
        {
          r->p++;
          return node;
        }
      break;
    }

  json_node_unref (node);
  return NULL;
}

static JsonNode *
read_array (Reader *r)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_init_array (json_node_alloc (), array);

  json_array_unref (array);
  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      return node;
    }

  while (TRUE)
    {
      JsonNode *child = read_value (r);

      if (child == NULL)
        break;
      json_node_set_parent (child, node);
      json_array_add_element (array, child);

      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == ']')
        {
          r->p++;
          return node;
        }
      break;
    }

  json_node_unref (node);
  return NULL;
}

static JsonNode *
read_value (Reader *r)
{
  JsonNode *node = NULL;

  skip_space (r);
  if (r->p >= r->end)
    return NULL;

  switch (*r->p)
    {
    case '{':
    case '[':
      if (r->depth >= r->max_depth)
        return NULL;
      r->depth++;
      node = *r->p == '{' ? read_object (r) : read_array (r);
      r->depth--;
      return node;

    case '"':
      if (!read_string (r))
        return NULL;
      return json_node_init_string (json_node_alloc (), r->buf);

    case 't':
      if (r->end - r->p >= 4 && memcmp (r->p, "true", 4) == 0)
        {
          r->p += 4;
          return json_node_init_boolean (json_node_alloc (), TRUE);
        }
      return NULL;

    case 'f':
      if (r->end - r->p >= 5 && memcmp (r->p, "false", 5) == 0)
        {
          r->p += 5;
          return json_node_init_boolean (json_node_alloc (), FALSE);
        }
      return NULL;

    case 'n':
      if (r->end - r->p >= 4 && memcmp (r->p, "null", 4) == 0)
        {
          r->p += 4;
          return json_node_init_null (json_node_alloc ());
        }
      return NULL;

    default:
      return read_number (r);
    }
}

/* The string buffer: it grows for long strings. It is the caller's for one
 * conversation (small enough that freeing it does not make malloc
 * consolidate its free chunks). Not kept per thread: a buffer that
 * outlives the conversation belongs to no one when a pool thread ends. */
#define BUFFER_SIZE (16 * 1024)

JsonNode *
fw_json_read_strict (const char *data,
                     gsize       len,
                     guint       max_depth)
{
  Reader r = { 0 };
  JsonNode *root;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  r.p = data;
  r.end = data + len;
  r.max_depth = max_depth;
  r.buf_size = BUFFER_SIZE;
  r.buf = g_malloc (r.buf_size);

  root = read_value (&r);
  if (root != NULL)
    {
      skip_space (&r);
      if (r.p != r.end)
        g_clear_pointer (&root, json_node_unref);
    }

  g_free (r.buf);
  return root;
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
          if (((w & SWAR_HIGHS) | ((w - SWAR_ONES) & ~w & SWAR_HIGHS)) != 0)
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
