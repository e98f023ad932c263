/* fw-provider-response.h — reading OpenAI-compatible answers
 *
 * Pure functions on bytes (no network): the parts a fuzzer exercises.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest provider message quoted in an error, in characters. */
#define FW_PROVIDER_MESSAGE_MAX 300

/* Parses {"object":"list","data":[{"id":"..."}, ...]} into sorted, unique
 * model ids. FW_PROVIDER_ERROR_PROTOCOL when the answer is anything else. */
GStrv    fw_provider_response_parse_models (const char  *data,
                                            gsize        len,
                                            GError     **error);

/* The provider's own explanation in an error answer: {"error":{"message"}},
 * {"error":"..."}, {"detail":"..."}, {"detail":[{"msg"}]}, {"message":"..."}.
 * NULL when there is none. Not scrubbed, not truncated. */
char    *fw_provider_response_parse_error  (const char  *data,
                                            gsize        len);

/* Returns a copy of @text where every run of 8 or more characters that also
 * occurs in @secret (and @secret itself) is replaced by "[…]", then cut to
 * @max_chars characters (on a character boundary, with "…"). Invalid UTF-8
 * is repaired. @secret may be NULL. */
char    *fw_provider_scrub                 (const char  *text,
                                            const char  *secret,
                                            gsize        max_chars);

/* Builds the translated error for an HTTP status that is not 2xx, quoting
 * the provider's message from @body (scrubbed of @key). @provider_name
 * names the provider in the message. */
GError  *fw_provider_error_from_status     (guint        status,
                                            const char  *body,
                                            gsize        body_len,
                                            const char  *provider_name,
                                            const char  *key);

/* Reads one server-sent event of a streamed chat answer. "[DONE]" sets
 * @out_done. A chunk sets @out_delta to the text of choices[0].delta.content
 * (NULL when it has none) and @out_finished when choices[0].finish_reason is
 * set. An {"error":...} event fails with the provider's message (scrubbed
 * of @key); anything that is not a JSON object fails with
 * FW_PROVIDER_ERROR_PROTOCOL. */
gboolean fw_provider_response_parse_chunk  (const char  *data,
                                            gsize        len,
                                            const char  *provider_name,
                                            const char  *key,
                                            char       **out_delta,
                                            gboolean    *out_finished,
                                            gboolean    *out_done,
                                            GError     **error);

/* Reads a complete (not streamed) chat answer: choices[0].message.content.
 * NULL when @data is not one. */
char    *fw_provider_response_parse_completion (const char *data,
                                                gsize       len);

/* Moves @first (when present) to the front of @models. */
void     fw_provider_models_put_first      (GStrv        models,
                                            const char  *first);

G_END_DECLS
