/* fw-string-append.h — appending to a GString without a function call
 *
 * GLib 2.74's g_string_append_len() always goes through
 * g_string_insert_len(); the renderers append millions of short runs, so
 * the common case (room left) is done inline, as newer GLib does.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <glib.h>

static inline void
fw_string_append_len (GString    *out,
                      const char *data,
                      gsize       len)
{
  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      memcpy (out->str + out->len, data, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, data, len);
}

/* For string literals. */
#define fw_string_append_literal(out, literal) \
  fw_string_append_len ((out), "" literal, sizeof (literal) - 1)
