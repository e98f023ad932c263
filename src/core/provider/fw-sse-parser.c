/* fw-sse-parser.c — incremental parser for server-sent events
 *
 * Follows the WHATWG "event stream" interpretation: lines end with "\r\n",
 * "\n" or "\r"; lines starting with ":" are comments (keep-alives); "data:"
 * lines accumulate, a blank line dispatches the event. Bytes are buffered
 * until a line is complete, so a multi-byte UTF-8 character split across
 * chunks is only ever seen whole. Memory is bounded by max_line.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "fw-provider-error.h"
#include "fw-sse-parser.h"

struct _FwSseParser
{
  gsize           max_line;
  FwSseEventFunc  func;
  gpointer        user_data;

  GString        *line;       /* the current, incomplete line */
  GString        *data;       /* data of the current event */
  char           *event;      /* event type of the current event */
  guint           has_data : 1;
  guint           last_was_cr : 1;
  guint           seen_first : 1;
  guint           stopped : 1;
};

FwSseParser *
fw_sse_parser_new (gsize          max_line,
                   FwSseEventFunc func,
                   gpointer       user_data)
{
  FwSseParser *self = g_new0 (FwSseParser, 1);

  self->max_line = max_line > 0 ? max_line : FW_SSE_DEFAULT_MAX_LINE;
  self->func = func;
  self->user_data = user_data;
  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);

  return self;
}

void
fw_sse_parser_free (FwSseParser *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_free (self->event);
  g_free (self);
}

gboolean
fw_sse_parser_is_stopped (FwSseParser *self)
{
  return self->stopped;
}

static gboolean
too_long (FwSseParser  *self,
          GError      **error)
{
  g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL,
               _("The provider sent a line longer than %u bytes; this is not an answer Farewell understands."),
               (guint) MIN (self->max_line, G_MAXUINT));
  return FALSE;
}

static void
reset_event (FwSseParser *self)
{
  g_string_truncate (self->data, 0);
  g_clear_pointer (&self->event, g_free);
  self->has_data = FALSE;
}

static gboolean
dispatch (FwSseParser  *self,
          GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ret = TRUE;

  if (!self->has_data)
    {
      reset_event (self);
      return TRUE;
    }

  /* Only whole, valid UTF-8 leaves the parser. */
  if (!g_utf8_validate_len (self->data->str, self->data->len, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (self->data->str, self->data->len);
      g_string_assign (self->data, valid);
    }

  if (self->func != NULL)
    ret = self->func (self->event, self->data->str, self->data->len,
                      self->user_data, &local_error);

  reset_event (self);

  if (!ret)
    {
      self->stopped = TRUE;
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
process_line (FwSseParser  *self,
              const char   *line,
              gsize         len,
              GError      **error)
{
  const char *colon;
  const char *value;
  gsize name_len, value_len;

  if (len == 0)
    return dispatch (self, error);

  if (line[0] == ':')
    return TRUE; /* comment, e.g. a keep-alive */

  colon = memchr (line, ':', len);
  if (colon != NULL)
    {
      name_len = colon - line;
      value = colon + 1;
      value_len = len - name_len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
    }
  else
    {
      name_len = len;
      value = "";
      value_len = 0;
    }

  if (name_len == 4 && memcmp (line, "data", 4) == 0)
    {
      if (self->has_data)
        g_string_append_c (self->data, '\n');
      if (self->data->len + value_len > self->max_line)
        return too_long (self, error);
      g_string_append_len (self->data, value, value_len);
      self->has_data = TRUE;
    }
  else if (name_len == 5 && memcmp (line, "event", 5) == 0)
    {
      g_free (self->event);
      self->event = g_utf8_make_valid (value, value_len);
    }
  /* "id", "retry" and unknown fields are ignored. */

  return TRUE;
}

static gboolean
end_line (FwSseParser  *self,
          GError      **error)
{
  const char *str = self->line->str;
  gsize len = self->line->len;
  gboolean ret;

  /* A byte-order mark at the very start of the stream is skipped. */
  if (!self->seen_first)
    {
      self->seen_first = TRUE;
      if (len >= 3 && memcmp (str, "\xEF\xBB\xBF", 3) == 0)
        {
          str += 3;
          len -= 3;
        }
    }

  ret = process_line (self, str, len, error);
  g_string_truncate (self->line, 0);
  return ret;
}

gboolean
fw_sse_parser_feed (FwSseParser  *self,
                    const char   *data,
                    gsize         len,
                    GError      **error)
{
  const char *p = data;
  const char *end = data + len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  while (p < end && !self->stopped)
    {
      const char *nl;
      gsize chunk;

      /* "\r\n" split across two feeds: the "\r" already ended the line. */
      if (self->last_was_cr)
        {
          self->last_was_cr = FALSE;
          if (*p == '\n')
            {
              p++;
              continue;
            }
        }

      /* Find the next line end ("\n" or "\r"). */
      for (nl = p; nl < end && *nl != '\n' && *nl != '\r'; nl++)
        ;
      chunk = nl - p;

      if (self->line->len + chunk > self->max_line)
        return too_long (self, error);
      g_string_append_len (self->line, p, chunk);
      p = nl;

      if (p == end)
        break;

      if (*p == '\r')
        self->last_was_cr = TRUE;
      p++;

      if (!end_line (self, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
fw_sse_parser_finish (FwSseParser  *self,
                      GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->stopped)
    return TRUE;

  if (self->line->len > 0 && !end_line (self, error))
    return FALSE;

  return dispatch (self, error);
}
