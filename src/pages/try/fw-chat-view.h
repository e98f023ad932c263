/* fw-chat-view.h — the messages of a chat, and the answer as it streams in
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FW_TYPE_CHAT_VIEW (fw_chat_view_get_type ())
G_DECLARE_FINAL_TYPE (FwChatView, fw_chat_view, FW, CHAT_VIEW, GtkBox)

/* Removes every message. */
void        fw_chat_view_clear          (FwChatView *self);

/* A message of @role ("user" or "assistant"), its Markdown rendered;
 * @earlier dims it (context from a conversation being continued). */
void        fw_chat_view_add_message    (FwChatView *self,
                                         const char *role,
                                         const char *text,
                                         gboolean    earlier);
/* A dimmed remark between the messages. */
void        fw_chat_view_add_remark     (FwChatView *self,
                                         const char *text);

/* The assistant's answer: begun as an empty bubble, shown as plain text
 * while it streams in, rendered once finished. */
void        fw_chat_view_begin_answer   (FwChatView *self);
void        fw_chat_view_append_answer  (FwChatView *self,
                                         const char *text);
/* What has arrived of the answer so far. */
const char *fw_chat_view_get_answer     (FwChatView *self);
/* Shows @final_text rendered in place of the streamed text, then @note:
 * an error (@is_error: the bubble is tinted, the note in the error colour,
 * what arrived before keeps its normal colour) or a plain remark. */
void        fw_chat_view_finish_answer  (FwChatView *self,
                                         const char *final_text,
                                         const char *note,
                                         gboolean    is_error);

/* Scrolls the scrolled window around the view to the newest message. */
void        fw_chat_view_scroll_to_end  (FwChatView *self);

G_END_DECLS
