/* fw-json-splitter.c — splits a JSON array of any size into its elements
 *
 * ChatGPT's conversations.json is one JSON array, often on one line and
 * sometimes several gigabytes. This scanner reads it in chunks and hands
 * out one element (one conversation) at a time, so that nothing ever holds
 * the whole file. It tracks strings, escapes and the nesting of brackets;
 * it refuses nesting deeper than a limit before any parser recurses into
 * it, and mismatched brackets. The elements themselves are parsed by
 * json-glib elsewhere, which checks everything else.
 *
 * Both `[ ... ]` and `{"conversations": [ ... ], ...}` are accepted.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "fw-export.h"
#include "fw-json-splitter.h"
#include "fw-scan.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define MAX_KEY 64

typedef enum {
  MODE_START,     /* before the first byte that is not white space */
  MODE_OBJECT,    /* in a top-level object, looking for "conversations" */
  MODE_ARRAY,     /* in the conversations array */
  MODE_END,       /* after the array */
} Mode;

struct _FwJsonSplitter
{
  FwJsonElementFunc func;
  gpointer          user_data;

  Mode              mode;
  guint             max_depth;
  char             *stack;          /* '{' or '[' per level */
  guint             depth;
  guint             target_depth;   /* depth of the elements' parent array */
  gboolean          in_string;
  gboolean          escape;

  /* object mode: the last key at depth 1 */
  gboolean          reading_key;
  gboolean          key_complete;
  GString          *key;

  /* the element being captured */
  gboolean          capturing;
  gboolean          capturing_scalar;
  GString          *element;
  guint64           element_offset;
  guint             count;

  guint64           offset;         /* bytes fed so far, over every document */
  guint64           doc_offset;     /* where the current document started */
  guint             bom;            /* bytes of a byte order mark seen; 3: past it */
};

FwJsonSplitter *
fw_json_splitter_new (guint              max_depth,
                      FwJsonElementFunc  func,
                      gpointer           user_data)
{
  FwJsonSplitter *self = g_new0 (FwJsonSplitter, 1);

  self->func = func;
  self->user_data = user_data;
  self->max_depth = max_depth;
  self->stack = g_malloc (max_depth + 2);
  self->key = g_string_new (NULL);
  self->element = g_string_sized_new (64 * 1024);

  return self;
}

void
fw_json_splitter_free (FwJsonSplitter *self)
{
  if (self == NULL)
    return;

  g_free (self->stack);
  g_string_free (self->key, TRUE);
  g_string_free (self->element, TRUE);
  g_free (self);
}

guint64
fw_json_splitter_get_offset (FwJsonSplitter *self)
{
  return self->offset;
}

guint
fw_json_splitter_get_count (FwJsonSplitter *self)
{
  return self->count;
}

static gboolean
syntax_error (FwJsonSplitter  *self,
              guint64          offset,
              const char      *what,
              GError         **error)
{
  g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_INVALID_JSON,
               /* Translators: %s says what is wrong, e.g. "a bracket does not match" */
               _("The conversations file is damaged: %s at byte %llu (conversation %u). Download the export again from the link in OpenAI’s email."),
               what, (unsigned long long) (offset - self->doc_offset), self->count + 1);
  return FALSE;
}

/* Hands the element on: its last @len bytes are at @data, the ones before
 * (from earlier chunks) in self->element. An element within one chunk is
 * passed from there, without a copy. */
static gboolean
emit (FwJsonSplitter  *self,
      const char      *data,
      gsize            len,
      GError         **error)
{
  gboolean ok;

  if (self->element->len == 0)
    ok = self->func (data, len, self->count, self->element_offset, self->user_data, error);
  else
    {
      g_string_append_len (self->element, data, len);
      ok = self->func (self->element->str, self->element->len, self->count,
                       self->element_offset, self->user_data, error);
    }
  self->count++;
  self->capturing = FALSE;
  self->capturing_scalar = FALSE;

  /* Keep a moderate buffer, but not the largest conversation's. */
  if (self->element->allocated_len > 8 * 1024 * 1024)
    {
      g_string_free (self->element, TRUE);
      self->element = g_string_sized_new (64 * 1024);
    }
  else
    g_string_truncate (self->element, 0);

  return ok;
}

/* The next '"', '{', '}', '[' or ']' at or after @i, or @len. */
static inline gsize
next_structural (const char *data,
                 gsize       i,
                 gsize       len)
{
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8 ('"');
  /* '[' 0x5B and ']' 0x5D with bit 5 set are '{' 0x7B and '}' 0x7D, and
   * no other byte is */
  const __m128i bit5 = _mm_set1_epi8 (0x20);
  const __m128i open = _mm_set1_epi8 ('{');
  const __m128i close = _mm_set1_epi8 ('}');

  for (; len - i >= 16; i += 16)
    {
      __m128i x = _mm_loadu_si128 ((const __m128i *) (data + i));
      __m128i y = _mm_or_si128 (x, bit5);
      __m128i hit = _mm_or_si128 (_mm_cmpeq_epi8 (x, quote),
                                  _mm_or_si128 (_mm_cmpeq_epi8 (y, open), _mm_cmpeq_epi8 (y, close)));
      int mask = _mm_movemask_epi8 (hit);

      if (mask != 0)
        return i + __builtin_ctz (mask);
    }
#endif
  while (i < len && data[i] != '"' && data[i] != '{' && data[i] != '}' && data[i] != '[' && data[i] != ']')
    i++;
  return i;
}

/* Inside an element, deeper than its array: only strings and brackets
 * matter there. Skips what needs no other work and stops at the first
 * byte that does (a string running past the chunk, a bracket that would
 * go too deep, not match, or end the element), for the loop below. */
static gsize
skip_inside (FwJsonSplitter *self,
             const char     *data,
             gsize           i,
             gsize           len)
{
  guint depth = self->depth;
  char *stack = self->stack;

  while (TRUE)
    {
      char c;

      i = next_structural (data, i, len);
      if (i >= len)
        break;
      c = data[i];

      if (c == '"')
        {
          gsize k = i + 1;

          while (TRUE)
            {
              k += fw_scan_quote (data + k, len - k);
              if (k >= len || data[k] == '"')
                break;
              k += 2;  /* an escape */
              if (k >= len)
                break;
            }
          if (k >= len)
            break;  /* the string goes on in the next chunk */
          i = k + 1;
        }
      else if (c == '{' || c == '[')
        {
          if (depth >= self->max_depth)
            break;
          stack[depth++] = c;
          i++;
        }
      else
        {
          if (depth - 1 <= self->target_depth || stack[depth - 1] != (c == '}' ? '{' : '['))
            break;
          depth--;
          i++;
        }
    }

  self->depth = depth;
  return i;
}

gboolean
fw_json_splitter_feed (FwJsonSplitter  *self,
                       const char      *data,
                       gsize            len,
                       GError         **error)
{
  static const guchar bom[3] = { 0xEF, 0xBB, 0xBF };
  gsize i = 0;
  gsize capture_start = 0;

  /* A byte order mark, perhaps cut across two chunks (a zip entry can
   * come out a byte or two at a time). */
  while (self->bom < 3 && i < len)
    {
      if ((guchar) data[i] == bom[self->bom])
        {
          self->bom++;
          i++;
        }
      else if (self->bom == 0)
        self->bom = 3;
      else
        {
          g_set_error_literal (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NOT_AN_EXPORT,
                               _("This file is not a ChatGPT conversations file: it does not start with a list of conversations."));
          return FALSE;
        }
    }

  if (self->capturing)
    capture_start = i;

  for (; i < len; i++)
    {
      char c;

      if (self->capturing && !self->capturing_scalar && !self->in_string &&
          self->depth > self->target_depth)
        {
          i = skip_inside (self, data, i, len);
          if (i >= len)
            break;
        }
      c = data[i];

      if (self->in_string)
        {
          /* Fast path through the string's body. */
          if (!self->escape && !self->reading_key)
            {
              i += fw_scan_quote (data + i, len - i);
              if (i == len)
                break;
              c = data[i];
            }

          if (self->escape)
            self->escape = FALSE;
          else if (c == '\\')
            self->escape = TRUE;
          else if (c == '"')
            {
              self->in_string = FALSE;
              if (self->reading_key)
                {
                  self->reading_key = FALSE;
                  self->key_complete = TRUE;
                }
            }
          else if (self->reading_key && self->key->len < MAX_KEY)
            g_string_append_c (self->key, c);

          if (self->escape && self->reading_key && self->key->len < MAX_KEY)
            g_string_append_c (self->key, c);
          continue;
        }

      switch (c)
        {
        case ' ': case '\t': case '\n': case '\r':
          if (self->capturing_scalar)
            {
              if (!emit (self, data + capture_start, i - capture_start, error))
                return FALSE;
            }
          break;

        case '"':
          if (self->mode == MODE_START || self->mode == MODE_END)
            goto unexpected;
          self->in_string = TRUE;
          if (self->mode == MODE_OBJECT && self->depth == 1 && !self->key_complete)
            {
              self->reading_key = TRUE;
              g_string_truncate (self->key, 0);
            }
          else if (self->mode == MODE_ARRAY && self->depth == self->target_depth && !self->capturing)
            {
              /* A bare string where a conversation should be: a scalar,
               * which ends at the next ',' or ']'. */
              self->capturing = TRUE;
              self->capturing_scalar = TRUE;
              self->element_offset = self->offset + i;
              capture_start = i;
            }
          break;

        case '{':
        case '[':
          if (self->mode == MODE_END)
            goto unexpected;

          if (self->mode == MODE_START)
            {
              self->mode = c == '[' ? MODE_ARRAY : MODE_OBJECT;
              self->target_depth = 1;
            }
          else if (self->mode == MODE_OBJECT && self->depth == 1)
            {
              if (c == '[' && self->key_complete && g_str_equal (self->key->str, "conversations"))
                {
                  self->mode = MODE_ARRAY;
                  self->target_depth = 2;
                }
            }
          else if (self->mode == MODE_ARRAY && self->depth == self->target_depth && !self->capturing)
            {
              self->capturing = TRUE;
              self->element_offset = self->offset + i;
              capture_start = i;
            }

          if (self->depth >= self->max_depth)
            {
              g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_TOO_DEEP,
                           _("Conversation %u is nested more than %u levels deep at byte %llu. This is not a real ChatGPT export, or it is damaged."),
                           self->count + 1, self->max_depth,
                           (unsigned long long) (self->offset + i - self->doc_offset));
              return FALSE;
            }
          self->stack[self->depth++] = c;
          break;

        case '}':
        case ']':
          if (self->depth == 0 || self->mode == MODE_START || self->mode == MODE_END)
            goto unexpected;
          if ((c == '}' && self->stack[self->depth - 1] != '{') ||
              (c == ']' && self->stack[self->depth - 1] != '['))
            return syntax_error (self, self->offset + i, _("a bracket does not match"), error);

          self->depth--;

          if (self->capturing_scalar && self->depth == self->target_depth - 1 && self->mode == MODE_ARRAY)
            {
              if (!emit (self, data + capture_start, i - capture_start, error))
                return FALSE;
            }

          if (self->capturing && self->depth == self->target_depth)
            {
              if (!emit (self, data + capture_start, i + 1 - capture_start, error))
                return FALSE;
            }
          else if (self->mode == MODE_ARRAY && self->depth == self->target_depth - 1)
            {
              /* The conversations array ended. */
              if (self->target_depth == 1)
                self->mode = MODE_END;
              else
                {
                  self->mode = MODE_OBJECT;
                  self->target_depth = 0;
                  self->key_complete = FALSE;
                }
            }
          else if (self->mode == MODE_OBJECT && self->depth == 0)
            self->mode = MODE_END;
          break;

        case ',':
          if (self->capturing_scalar)
            {
              if (!emit (self, data + capture_start, i - capture_start, error))
                return FALSE;
            }
          if (self->mode == MODE_OBJECT && self->depth == 1)
            self->key_complete = FALSE;
          break;

        case ':':
          break;

        default:
          if (self->mode == MODE_START || self->mode == MODE_END)
            goto unexpected;
          if (self->mode == MODE_ARRAY && self->depth == self->target_depth && !self->capturing)
            {
              /* A number, true, false or null where a conversation should be. */
              self->capturing = TRUE;
              self->capturing_scalar = TRUE;
              self->element_offset = self->offset + i;
              capture_start = i;
            }
          break;
        }
      continue;

    unexpected:
      if (self->mode == MODE_START)
        {
          g_set_error_literal (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NOT_AN_EXPORT,
                               _("This file is not a ChatGPT conversations file: it does not start with a list of conversations."));
          return FALSE;
        }
      return syntax_error (self, self->offset + i, _("unexpected text after the end"), error);
    }

  if (self->capturing)
    g_string_append_len (self->element, data + capture_start, len - capture_start);

  self->offset += len;
  return TRUE;
}

gboolean
fw_json_splitter_finish (FwJsonSplitter  *self,
                         GError         **error)
{
  if (self->capturing_scalar)
    {
      if (!emit (self, "", 0, error))
        return FALSE;
    }

  if (self->mode == MODE_START)
    {
      g_set_error_literal (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NO_CONVERSATIONS,
                           _("The conversations file is empty."));
      return FALSE;
    }

  if (self->mode != MODE_END || self->depth != 0 || self->in_string)
    {
      if (self->mode == MODE_OBJECT && self->depth == 0)
        {
          g_set_error_literal (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NO_CONVERSATIONS,
                               _("This file has no list of conversations."));
          return FALSE;
        }
      g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_TRUNCATED,
                   _("The conversations file ends in the middle of conversation %u: the download was probably cut off. Download the export again from the link in OpenAI’s email."),
                   self->count + 1);
      return FALSE;
    }

  return TRUE;
}

void
fw_json_splitter_next_document (FwJsonSplitter *self)
{
  g_return_if_fail (!self->capturing);

  self->mode = MODE_START;
  self->depth = 0;
  self->target_depth = 0;
  self->in_string = FALSE;
  self->escape = FALSE;
  self->reading_key = FALSE;
  self->key_complete = FALSE;
  g_string_truncate (self->key, 0);
  self->bom = 0;
  self->doc_offset = self->offset;
}
