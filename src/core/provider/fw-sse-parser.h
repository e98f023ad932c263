/* fw-sse-parser.h — incremental parser for server-sent events
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The default longest line (and longest event) accepted: 1 MiB. */
#define FW_SSE_DEFAULT_MAX_LINE (1024 * 1024)

typedef struct _FwSseParser FwSseParser;

/* Called once per complete event. @event is the "event:" field or NULL,
 * @data the "data:" lines joined with "\n" (always whole, valid UTF-8,
 * NUL-terminated, @len bytes). Return FALSE to stop parsing: with @error set
 * the feed fails with it, without it the parser stops quietly and ignores
 * everything after (fw_sse_parser_is_stopped() is then TRUE). */
typedef gboolean (*FwSseEventFunc) (const char  *event,
                                    const char  *data,
                                    gsize        len,
                                    gpointer     user_data,
                                    GError     **error);

FwSseParser *fw_sse_parser_new        (gsize            max_line,
                                       FwSseEventFunc   func,
                                       gpointer         user_data);
void         fw_sse_parser_free       (FwSseParser     *parser);

/* Feeds any number of bytes, split anywhere (inside a line, inside a
 * "\r\n", inside a multi-byte UTF-8 character). Fails with
 * FW_PROVIDER_ERROR_PROTOCOL when a line or an event grows beyond max_line,
 * or with the error the callback set. */
gboolean     fw_sse_parser_feed       (FwSseParser     *parser,
                                       const char      *data,
                                       gsize            len,
                                       GError         **error);

/* At the end of the stream: dispatches a last event that had no blank line
 * after it. */
gboolean     fw_sse_parser_finish     (FwSseParser     *parser,
                                       GError         **error);

gboolean     fw_sse_parser_is_stopped (FwSseParser     *parser);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwSseParser, fw_sse_parser_free)

G_END_DECLS
