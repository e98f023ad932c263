/* fw-front-matter.c — YAML front matter for a conversation's Markdown
 *
 * Keys are plain English (Obsidian's properties are named by what the
 * files hold, not by the app's language); values are double-quoted
 * strings, ISO 8601 times in UTC, and booleans. A boolean is written only
 * when the export has it.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fw-front-matter.h"

void
fw_yaml_append_string (GString    *out,
                       const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str ? str : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          /* Control characters, and what YAML takes for line breaks or
           * a byte order mark, escaped; everything else as it is. */
          if (c < 0x20 || c == 0x7F)
            g_string_append_printf (out, "\\x%02X", c);
          else if ((c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0xFEFF)
            g_string_append_printf (out, "\\u%04X", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
append_string (GString    *out,
               const char *key,
               const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_string_append_printf (out, "%s: ", key);
  fw_yaml_append_string (out, value);
  g_string_append_c (out, '\n');
}

static void
append_time (GString    *out,
             const char *key,
             double      t)
{
  g_autofree char *iso = fw_format_time_iso (t);

  if (iso != NULL)
    g_string_append_printf (out, "%s: %s\n", key, iso);
}

static void
append_bool (GString      *out,
             const char   *key,
             const FwJson *object,
             const char   *member)
{
  const FwJson *value = fw_json_get_member (object, member);

  if (fw_json_is (value, FW_JSON_BOOLEAN))
    g_string_append_printf (out, "%s: %s\n", key, value->v.b ? "true" : "false");
}

void
fw_front_matter_append (GString        *out,
                        FwConversation *self)
{
  const char *gizmo = NULL, *project = NULL;
  const FwJson *pinned;

  g_string_append (out, "---\n");
  append_string (out, "title", fw_conversation_display_title (self));
  append_string (out, "id", self->id);
  append_time (out, "created", self->create_time);
  append_time (out, "updated", self->update_time);
  append_string (out, "model", self->model);

  if (self->object != NULL)
    {
      append_bool (out, "archived", self->object, "is_archived");
      append_bool (out, "starred", self->object, "is_starred");
      /* pinned_time: a number or a string where pinned, null otherwise */
      pinned = fw_json_get_member (self->object, "pinned_time");
      if (pinned != NULL)
        g_string_append_printf (out, "pinned: %s\n", pinned->type == FW_JSON_NULL ? "false" : "true");

      /* A ChatGPT project is a gizmo whose id starts with "g-p-" (it may
       * also be the conversation's template); other gizmos are custom
       * GPTs. */
      gizmo = fw_json_get_string (self->object, "gizmo_id");
      if (gizmo != NULL && g_str_has_prefix (gizmo, "g-p-"))
        project = gizmo;
      else if (g_str_has_prefix (fw_json_get_string (self->object, "conversation_template_id") ?: "", "g-p-"))
        project = fw_json_get_string (self->object, "conversation_template_id");
      append_string (out, "project", project);
      if (gizmo != NULL && gizmo != project)
        append_string (out, "gpt", gizmo);
    }
  g_string_append (out, "---\n\n");
}
