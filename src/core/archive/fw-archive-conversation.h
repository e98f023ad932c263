/* fw-archive-conversation.h — one conversation listed in an archive
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FW_TYPE_ARCHIVE_CONVERSATION (fw_archive_conversation_get_type ())
G_DECLARE_FINAL_TYPE (FwArchiveConversation, fw_archive_conversation, FW, ARCHIVE_CONVERSATION, GObject)

FwArchiveConversation *fw_archive_conversation_new             (const char *id,
                                                                const char *title,
                                                                const char *stem,
                                                                const char *model,
                                                                gint64      create_time,
                                                                gint64      update_time);

/* Read-only properties "id", "title", "stem", "model", "create-time",
 * "update-time" (Unix seconds, 0 when unknown). */
const char            *fw_archive_conversation_get_id          (FwArchiveConversation *self);
/* Never NULL: "Untitled conversation" (translated) when it had none. */
const char            *fw_archive_conversation_get_title       (FwArchiveConversation *self);
/* The file name without extension under conversations/. */
const char            *fw_archive_conversation_get_stem        (FwArchiveConversation *self);
/* May be NULL. */
const char            *fw_archive_conversation_get_model       (FwArchiveConversation *self);
gint64                 fw_archive_conversation_get_create_time (FwArchiveConversation *self);
gint64                 fw_archive_conversation_get_update_time (FwArchiveConversation *self);

G_END_DECLS
