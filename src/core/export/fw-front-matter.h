/* fw-front-matter.h — YAML front matter for a conversation's Markdown
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fw-conversation.h"

G_BEGIN_DECLS

/* Appends str as a YAML double-quoted scalar: always valid YAML whatever
 * str holds (colons, quotes, leading dashes, line breaks). */
void fw_yaml_append_string     (GString        *out,
                                const char     *str);

/* Appends the front matter ("---" … "---") that Obsidian and other
 * Markdown tools read: title, id, created, updated, model, and, where the
 * export has them, archived, starred, pinned, and the ChatGPT project or
 * custom GPT the conversation belongs to. */
void fw_front_matter_append    (GString        *out,
                                FwConversation *conversation);

G_END_DECLS
