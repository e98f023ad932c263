/* fw-instructions.h — the person's own custom instructions, as ChatGPT's
 * export gives them
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The person's own text, without the wrapper the newest exports put around
 * it ("The user provided the following information about themselves. …
 * ```TEXT```"); @text itself (a copy) when it has none. NULL for NULL or
 * an empty text. */
char *fw_instructions_unwrap (const char *text);

/* What the archive's custom-instructions.md says, gathered over the whole
 * export: the custom instructions in use last (each field from the newest
 * conversation that has it), every distinct version with when it was
 * used, ChatGPT's memory as the export shows it, and what its memory tool
 * was asked to remember, with when. */
typedef struct _FwInstructionsLog FwInstructionsLog;

FwInstructionsLog *fw_instructions_log_new          (void);
void               fw_instructions_log_free         (FwInstructionsLog *self);

/* @first: when a conversation with them started; @last: its last change
 * (both < 0 when unknown). */
void               fw_instructions_log_add_version  (FwInstructionsLog *self,
                                                     const char        *user_profile,
                                                     const char        *user_instructions,
                                                     double             first,
                                                     double             last);
void               fw_instructions_log_add_memory   (FwInstructionsLog *self,
                                                     const char        *memory);
void               fw_instructions_log_add_memory_update (FwInstructionsLog *self,
                                                     const char        *text,
                                                     double             time);

const char        *fw_instructions_log_get_user_profile      (FwInstructionsLog *self);
const char        *fw_instructions_log_get_user_instructions (FwInstructionsLog *self);
gboolean           fw_instructions_log_is_empty     (FwInstructionsLog *self);

/* custom-instructions.md */
GString           *fw_instructions_log_to_markdown  (FwInstructionsLog *self);
/* The manifest's members: "custom_instructions", "custom_instructions_versions",
 * "memory" and "memory_updates", each preceded by a comma. */
void               fw_instructions_log_append_json  (FwInstructionsLog *self,
                                                     GString           *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwInstructionsLog, fw_instructions_log_free)

G_END_DECLS
