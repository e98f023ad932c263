/* fw-archive-index.h — reading an archive folder made by Farewell, for Try-it
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fw-archive-conversation.h"

G_BEGIN_DECLS

#define FW_TYPE_ARCHIVE_INDEX (fw_archive_index_get_type ())
G_DECLARE_FINAL_TYPE (FwArchiveIndex, fw_archive_index, FW, ARCHIVE_INDEX, GObject)

/* Reads DIR/manifest.json ({"format":"farewell-archive", ...}). Fails with
 * G_IO_ERROR_NOT_FOUND / G_IO_ERROR_INVALID_DATA and a translated message.
 * Blocking; see the async form for the main thread. */
FwArchiveIndex        *fw_archive_index_new_for_path        (const char           *dir,
                                                             GError              **error);
void                   fw_archive_index_load_async          (const char           *dir,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
FwArchiveIndex        *fw_archive_index_load_finish         (GAsyncResult         *result,
                                                             GError              **error);

const char            *fw_archive_index_get_path            (FwArchiveIndex       *self);

/* The conversations (FwArchiveConversation), most recently updated first.
 * Transfer none. */
GListModel            *fw_archive_index_get_conversations   (FwArchiveIndex       *self);
/* Transfer none; NULL when not in the archive. */
FwArchiveConversation *fw_archive_index_lookup              (FwArchiveIndex       *self,
                                                             const char           *conversation_id);

/* ChatGPT's custom instructions; NULL when the export had none. */
const char            *fw_archive_index_get_user_profile      (FwArchiveIndex     *self);
const char            *fw_archive_index_get_user_instructions (FwArchiveIndex     *self);
/* The memory entries; an empty array when none. */
const char * const    *fw_archive_index_get_memory            (FwArchiveIndex     *self);

/* The system prompt made of the custom instructions (when
 * @with_instructions) and the memory entries (when @with_memory), framed
 * in translated words ("About me: …", "How to respond: …", "Things to
 * remember about me: …"). NULL when there is nothing to send. */
char                  *fw_archive_index_build_system_prompt (FwArchiveIndex       *self,
                                                             gboolean              with_instructions,
                                                             gboolean              with_memory);

/* The current thread of a conversation, root first, as {"role","content"}
 * objects: only system, user and assistant messages with text (tool
 * messages and empty ones are skipped). */
JsonArray             *fw_archive_index_load_messages       (FwArchiveIndex       *self,
                                                             const char           *conversation_id,
                                                             GError              **error);
void                   fw_archive_index_load_messages_async (FwArchiveIndex       *self,
                                                             const char           *conversation_id,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
JsonArray             *fw_archive_index_load_messages_finish (FwArchiveIndex      *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

/* Saves a new exchange ({"role","content"} objects; system ones are left
 * out) as Markdown beside the original:
 * conversations/<stem>.continued-YYYYMMDD-HHMMSS.md, or
 * conversations/farewell-chat-YYYYMMDD-HHMMSS.md when @conversation_id is
 * NULL. Written atomically. Returns the path. */
char                  *fw_archive_index_save_exchange       (FwArchiveIndex       *self,
                                                             const char           *conversation_id,
                                                             const char           *provider_name,
                                                             const char           *model,
                                                             JsonArray            *exchange,
                                                             GError              **error);

G_END_DECLS
