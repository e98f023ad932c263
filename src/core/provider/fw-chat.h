/* fw-chat.h — streaming chat with a connected provider
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fw-provider-error.h"

G_BEGIN_DECLS

/* A history budget that suits most models: about 12 000 tokens. */
#define FW_CHAT_DEFAULT_BUDGET 48000

/* Receives the next piece of the answer (whole UTF-8, never empty), in the
 * caller's main context, at most about 10 times a second. */
typedef void (*FwChatDeltaFunc) (const char *text,
                                 gpointer    user_data);

/* Streams an answer: POST {base}/chat/completions with
 * {"model", "messages", "stream": true}. The key is looked up in the keyring
 * here (the caller never holds it). @base_url and @model may be NULL: they
 * then come from the provider's connection (fw-connections), else the
 * catalog. @messages is an array of {"role", "content"} objects (see
 * fw_chat_build_messages()); it is copied.
 *
 * @on_delta is called with each piece; @delta_destroy frees @delta_data
 * once the operation is over (in the caller's context). Cancelling
 * completes the operation at once with G_IO_ERROR_CANCELLED and no further
 * pieces are delivered. Errors: FW_PROVIDER_ERROR_* (a 401/429/5xx answer,
 * an error event mid-stream, a dropped connection, NO_KEY,
 * UNKNOWN_PROVIDER), FW_KEYRING_ERROR_*. */
void        fw_chat_stream_async   (const char           *provider_id,
                                    const char           *base_url,
                                    const char           *model,
                                    JsonArray            *messages,
                                    GCancellable         *cancellable,
                                    FwChatDeltaFunc       on_delta,
                                    gpointer              delta_data,
                                    GDestroyNotify        delta_destroy,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);

/* Returns the whole answer. */
char       *fw_chat_stream_finish  (GAsyncResult         *result,
                                    GError              **error);

/* Builds the messages to send: the system prompt (when not NULL/empty),
 * then as much of @history (oldest first, {"role","content"} objects) as
 * fits in @budget_chars characters counting everything, then the question
 * as a "user" message. History is dropped from the oldest end (and a
 * leading "assistant" message after a cut); the system prompt and the
 * question are always kept. @out_trimmed tells whether anything was
 * dropped. Messages with other roles or no text are skipped. */
JsonArray  *fw_chat_build_messages (const char           *system_prompt,
                                    JsonArray            *history,
                                    const char           *question,
                                    gsize                 budget_chars,
                                    gboolean             *out_trimmed);

/* Appends {"role": @role, "content": @content} to @messages. */
void        fw_chat_messages_add   (JsonArray            *messages,
                                    const char           *role,
                                    const char           *content);

G_END_DECLS
