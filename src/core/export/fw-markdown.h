/* fw-markdown.h — the Markdown that ChatGPT writes, as safe HTML
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends text (Markdown as ChatGPT writes it) to out as HTML: paragraphs
 * (single line breaks kept), headings (from <h3>), fenced code blocks,
 * bullet and numbered lists, block quotes, rules, pipe tables, and inline
 * `code`, **bold**, *italic* and [links](https://…). Everything else is
 * text: every character is escaped, links are only http, https or mailto,
 * and the work is linear in the length of the text. */
void fw_markdown_append_html (GString    *out,
                              const char *text);

/* HTML-escapes len bytes of str (or up to its NUL when len is -1). */
void fw_append_html_escaped_len (GString    *out,
                                 const char *str,
                                 gssize      len);

G_END_DECLS
