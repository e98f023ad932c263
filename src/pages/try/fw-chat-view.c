/* fw-chat-view.c — the messages of a chat, and the answer as it streams in
 *
 * Each message is a bubble: a heading (You, Assistant) over its text. The
 * text is Markdown, rendered as selectable labels: paragraphs, lists and
 * fenced code blocks are enough for a chat. An answer shows as plain text
 * while it streams in and is rendered once complete; when it stops short,
 * what arrived stays, followed by the reason.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "fw-chat-view.h"

struct _FwChatView
{
  GtkBox      parent_instance;

  GtkWidget  *answer_label;   /* the answer being streamed, as plain text */
  gboolean    answer_started; /* it shows what arrived, no longer "…" */
  guint       scroll_tick;
  guint       scroll_frames;
};

G_DEFINE_FINAL_TYPE (FwChatView, fw_chat_view, GTK_TYPE_BOX)

static GtkWidget *
new_text_label (const char *text,
                gboolean    code)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (code)
    gtk_widget_add_css_class (label, "chat-code");
  return label;
}

static void
flush_paragraph (GtkBox  *box,
                 GString *paragraph)
{
  g_autofree char *text = NULL;

  if (paragraph->len == 0)
    return;

  text = g_strdup (g_strchomp (paragraph->str));
  if (*text != '\0')
    gtk_box_append (box, new_text_label (text, FALSE));
  g_string_truncate (paragraph, 0);
}

static void
render_markdown (GtkBox     *box,
                 const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) paragraph = g_string_new (NULL);
  g_autoptr(GString) code = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *trimmed = line + strspn (line, " \t");

      if (g_str_has_prefix (trimmed, "```"))
        {
          if (code == NULL)
            {
              flush_paragraph (box, paragraph);
              code = g_string_new (NULL);
            }
          else
            {
              if (code->len > 0 && code->str[code->len - 1] == '\n')
                g_string_truncate (code, code->len - 1);
              gtk_box_append (box, new_text_label (code->str, TRUE));
              g_string_free (code, TRUE);
              code = NULL;
            }
          continue;
        }

      if (code != NULL)
        {
          g_string_append_printf (code, "%s\n", line);
          continue;
        }

      if (*trimmed == '\0')
        {
          flush_paragraph (box, paragraph);
          continue;
        }

      if ((trimmed[0] == '-' || trimmed[0] == '*') && trimmed[1] == ' ')
        g_string_append_printf (paragraph, "•  %s\n", trimmed + 2);
      else
        g_string_append_printf (paragraph, "%s\n", line);
    }

  if (code != NULL) /* an unclosed fence: still show it as code */
    gtk_box_append (box, new_text_label (code->str, TRUE));
  flush_paragraph (box, paragraph);
}

static GtkWidget *
add_bubble (FwChatView *self,
            const char *role,
            const char *text,
            gboolean    earlier)
{
  GtkWidget *bubble = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (g_str_equal (role, "user") ? _("You") : _("Assistant"));

  gtk_widget_add_css_class (bubble, "chat-bubble");
  gtk_widget_add_css_class (bubble, g_str_equal (role, "user") ? "user" : "assistant");
  if (earlier)
    gtk_widget_add_css_class (bubble, "dim-label");
  gtk_widget_set_halign (bubble, GTK_ALIGN_FILL);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (bubble), heading);

  if (text != NULL)
    render_markdown (GTK_BOX (bubble), text);

  gtk_box_append (GTK_BOX (self), bubble);
  return bubble;
}

void
fw_chat_view_add_message (FwChatView *self,
                          const char *role,
                          const char *text,
                          gboolean    earlier)
{
  g_return_if_fail (FW_IS_CHAT_VIEW (self));
  g_return_if_fail (role != NULL);

  add_bubble (self, role, text, earlier);
}

void
fw_chat_view_add_remark (FwChatView *self,
                         const char *text)
{
  GtkWidget *label;

  g_return_if_fail (FW_IS_CHAT_VIEW (self));

  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (self), label);
}

void
fw_chat_view_clear (FwChatView *self)
{
  GtkWidget *child;

  g_return_if_fail (FW_IS_CHAT_VIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
  self->answer_label = NULL;
}

void
fw_chat_view_begin_answer (FwChatView *self)
{
  GtkWidget *bubble;

  g_return_if_fail (FW_IS_CHAT_VIEW (self));

  bubble = add_bubble (self, "assistant", NULL, FALSE);
  self->answer_label = new_text_label ("…", FALSE);
  self->answer_started = FALSE;
  gtk_box_append (GTK_BOX (bubble), self->answer_label);
}

void
fw_chat_view_append_answer (FwChatView *self,
                            const char *text)
{
  g_autofree char *answer = NULL;

  g_return_if_fail (FW_IS_CHAT_VIEW (self));

  if (self->answer_label == NULL)
    return;

  answer = g_strconcat (fw_chat_view_get_answer (self), text, NULL);
  gtk_label_set_text (GTK_LABEL (self->answer_label), answer);
  self->answer_started = TRUE;
}

const char *
fw_chat_view_get_answer (FwChatView *self)
{
  g_return_val_if_fail (FW_IS_CHAT_VIEW (self), NULL);

  if (self->answer_label == NULL || !self->answer_started)
    return "";
  return gtk_label_get_text (GTK_LABEL (self->answer_label));
}

void
fw_chat_view_finish_answer (FwChatView *self,
                            const char *final_text,
                            const char *note,
                            gboolean    is_error)
{
  g_autofree char *text = g_strdup (final_text);
  GtkWidget *bubble;

  g_return_if_fail (FW_IS_CHAT_VIEW (self));

  if (self->answer_label == NULL)
    return;

  bubble = gtk_widget_get_parent (self->answer_label);
  gtk_box_remove (GTK_BOX (bubble), self->answer_label);
  self->answer_label = NULL;

  if (text != NULL && *text != '\0')
    render_markdown (GTK_BOX (bubble), text);

  if (note != NULL)
    {
      GtkWidget *label = new_text_label (note, FALSE);

      gtk_widget_add_css_class (label, is_error ? "error" : "dim-label");
      if (is_error)
        gtk_widget_add_css_class (bubble, "failed");
      gtk_box_append (GTK_BOX (bubble), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bubble),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, note,
                                      -1);
    }
}

/* Scrolls to the newest message once it has its size: set at once, the
 * value would stop short of what was just added (an error under the fold). */
static gboolean
scroll_to_end_tick (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  FwChatView *self = FW_CHAT_VIEW (widget);
  GtkWidget *scroller;
  GtkAdjustment *adjustment;

  /* Tick callbacks run before layout: wait one frame for the allocation. */
  if (self->scroll_frames++ == 0)
    return G_SOURCE_CONTINUE;
  self->scroll_tick = 0;

  scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller == NULL)
    return G_SOURCE_REMOVE;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

void
fw_chat_view_scroll_to_end (FwChatView *self)
{
  g_return_if_fail (FW_IS_CHAT_VIEW (self));

  self->scroll_frames = 0;
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_end_tick, NULL, NULL);
}

static void
fw_chat_view_class_init (FwChatViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/try/fw-chat-view.ui");
}

static void
fw_chat_view_init (FwChatView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
