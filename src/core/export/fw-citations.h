/* fw-citations.h — ChatGPT's citation markers, resolved to what it showed
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fw-json-doc.h"

G_BEGIN_DECLS

/* Whether @text (@len bytes, NUL-terminated) of a message with
 * @metadata (the message's "metadata" object, or NULL) needs
 * fw_citations_resolve(): the metadata lists content_references or
 * citations, or the text holds a private-use character or a 【 token.
 * Costs a few memchr()-like passes over the text, no per-byte loop. */
gboolean    fw_citations_present (const char   *text,
                                  gsize         len,
                                  const FwJson *metadata);

/* @text as ChatGPT showed it, in Markdown: each reference replaced at its
 * place (web sources as numbered links, with a "Sources" list at the end,
 * entities and alternative texts as their text, media and products as
 * links, files by name, hidden ones removed), every other marker reduced
 * to its visible text, and no private-use character left. The result
 * lives in @doc; its length in @out_len when not NULL. */
const char *fw_citations_resolve (FwJsonDoc    *doc,
                                  const char   *text,
                                  gsize         len,
                                  const FwJson *metadata,
                                  gsize        *out_len);

G_END_DECLS
