/* fw-delete-page.c — the Delete-account step: a checklist a person can trust
 *
 * Locked until an export was verified (or the person confirms, in a
 * destructive-styled dialog, that they do not need their data). Then a
 * list of what to do, in order, each with a button that opens the right
 * page and a check the person ticks; progress is saved in GSettings at
 * once (FwChecklist). The step is complete when the deletion is ticked, or
 * when the person keeps the account for now.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "account/fw-checklist.h"
#include "fw-settings.h"
#include "fw-util.h"
#include "fw-delete-page.h"

struct _FwDeletePage
{
  FwPage          parent_instance;

  FwChecklist    *checklist;
  AdwMessageDialog *confirm_dialog;   /* weak */

  /* "Start over" can be undone from its toast */
  GStrv           undo_done_ids;
  gboolean        undo_keep_account;

  /* in the shared-links item: the links the verified export lists */
  GtkWidget      *shared_links_box;   /* weak */

  /* template children */
  GtkStack       *stack;
  AdwStatusPage  *error_page;
  GtkImage       *unlock_icon;
  GtkLabel       *unlock_label;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  GtkWidget      *keep_box;
  GtkListBox     *list_box;
  GtkWidget      *keep_button;
  GtkWidget      *locked_keep_button;
  GtkLabel       *checked_label;
};

G_DEFINE_FINAL_TYPE (FwDeletePage, fw_delete_page, FW_TYPE_PAGE)

/* A readable name for a help page: "help.openai.com › how to delete your account". */
static char *
describe_source (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *last = NULL;
  const char *path, *slash, *name;

  if (uri == NULL)
    return g_strdup (url);

  path = g_uri_get_path (uri);
  slash = strrchr (path, '/');
  name = slash != NULL ? slash + 1 : path;
  /* help-center articles start with a number: "6378407-how-to-…" */
  while (g_ascii_isdigit (*name))
    name++;
  if (*name == '-')
    name++;

  if (*name == '\0')
    return g_strdup (g_uri_get_host (uri));

  last = g_strdelimit (g_strdup (name), "-_", ' ');
  return g_strdup_printf ("%s › %s", g_uri_get_host (uri), last);
}

static char *
format_date (const char *iso_date)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *with_time = g_strdup_printf ("%sT12:00:00Z", iso_date);

  date = g_date_time_new_from_iso8601 (with_time, NULL);
  if (date == NULL)
    return g_strdup (iso_date);

  /* Translators: a date as in "24 November 2026"; see strftime(3) */
  return g_date_time_format (date, _("%-d %B %Y"));
}

static GtkWidget *
create_link_button (const char *label,
                    const char *url,
                    gboolean    icon_only)
{
  GtkWidget *button = gtk_button_new ();

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "delete.open-uri");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", url);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);

  if (icon_only)
    {
      gtk_button_set_icon_name (GTK_BUTTON (button), "adw-external-link-symbolic");
      gtk_widget_set_tooltip_text (button, label);
      gtk_widget_add_css_class (button, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
  else
    {
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "adw-external-link-symbolic");
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_widget_set_tooltip_text (button, url);
      gtk_widget_set_halign (button, GTK_ALIGN_START);
    }

  return button;
}

static GtkWidget *
create_wrapping_label (const char *text,
                       const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

/* At most this many shared links are named; the rest are counted. */
#define MAX_SHARED_LINKS_SHOWN 20

/* The shared links of the verified export, in the item that asks to
 * delete them: which conversations, each with its link. */
static void
update_shared_links (FwDeletePage *self)
{
  FwSession *session = fw_page_get_session (FW_PAGE (self));
  FwExportSummary *summary = session ? fw_session_get_summary (session) : NULL;
  GPtrArray *links = summary ? fw_export_summary_get_shared_links (summary) : NULL;
  GtkWidget *child;

  if (self->shared_links_box == NULL)
    return;

  while ((child = gtk_widget_get_first_child (self->shared_links_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->shared_links_box), child);

  gtk_widget_set_visible (self->shared_links_box, links != NULL && links->len > 0);
  if (links == NULL || links->len == 0)
    return;

  {
    g_autofree char *intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Your export lists %u conversation you shared by link:",
                                                           "Your export lists %u conversations you shared by link:",
                                                           links->len),
                                              links->len);

    gtk_box_append (GTK_BOX (self->shared_links_box), create_wrapping_label (intro, NULL));
  }
  for (guint i = 0; i < links->len && i < MAX_SHARED_LINKS_SHOWN; i++)
    {
      FwSharedLink *link = g_ptr_array_index (links, i);
      const char *title = link->title ? link->title : _("Untitled conversation");

      if (link->url != NULL)
        {
          GtkWidget *button = create_link_button (title, link->url, FALSE);

          gtk_widget_add_css_class (button, "flat");
          gtk_box_append (GTK_BOX (self->shared_links_box), button);
        }
      else
        gtk_box_append (GTK_BOX (self->shared_links_box), create_wrapping_label (title, NULL));
    }
  if (links->len > MAX_SHARED_LINKS_SHOWN)
    {
      g_autofree char *more = g_strdup_printf (_("And %u more."), links->len - MAX_SHARED_LINKS_SHOWN);

      gtk_box_append (GTK_BOX (self->shared_links_box), create_wrapping_label (more, "dim-label"));
    }
}

static void
fw_delete_page_shown (FwPage *page)
{
  update_shared_links (FW_DELETE_PAGE (page));
}

static GtkWidget *
create_row (gpointer item_ptr,
            gpointer user_data)
{
  FwDeletePage *self = user_data;
  FwChecklistItem *item = item_ptr;
  const char * const *details = fw_checklist_item_get_details (item);
  const char * const *sources = fw_checklist_item_get_sources (item);
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GString) sources_markup = g_string_new (NULL);
  GtkWidget *row, *check, *box, *links, *inner_row, *sources_label;

  if (fw_checklist_item_get_optional (item))
    /* Translators: a checklist item that is not needed by everyone; %s is its title */
    title = g_strdup_printf (_("%s (optional)"), fw_checklist_item_get_title (item));
  else
    title = g_strdup (fw_checklist_item_get_title (item));

  row = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), fw_checklist_item_get_explanation (item));
  gtk_widget_set_name (row, fw_checklist_item_get_id (item));

  /* The check the person ticks, saved at once through the item. */
  check = gtk_check_button_new ();
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Done"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, fw_checklist_item_get_title (item),
                                  -1);
  g_object_bind_property (item, "done", check, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), check);

  /* The main page, one click away without expanding. */
#if ADW_CHECK_VERSION (1, 4, 0)
  adw_expander_row_add_suffix (ADW_EXPANDER_ROW (row),
                               create_link_button (fw_checklist_item_get_url_label (item),
                                                   fw_checklist_item_get_url (item), TRUE));
#else
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               create_link_button (fw_checklist_item_get_url_label (item),
                                                   fw_checklist_item_get_url (item), TRUE));
#endif

  /* Expanded: the details, every link with its label, the sources. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  if (details[0] != NULL)
    {
      GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

      for (guint i = 0; details[i] != NULL; i++)
        {
          GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          GtkWidget *bullet = g_object_new (GTK_TYPE_LABEL,
                                            "label", "•",
                                            "valign", GTK_ALIGN_START,
                                            "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                            NULL);

          gtk_box_append (GTK_BOX (line), bullet);
          gtk_box_append (GTK_BOX (line), create_wrapping_label (details[i], NULL));
          gtk_box_append (GTK_BOX (list), line);
        }
      gtk_box_append (GTK_BOX (box), list);
    }

  if (g_strcmp0 (fw_checklist_item_get_id (item), "shared-links") == 0)
    {
      GtkWidget *shared = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

      gtk_widget_set_name (shared, "shared-links-list");
      gtk_widget_set_visible (shared, FALSE);
      gtk_box_append (GTK_BOX (box), shared);
      g_set_weak_pointer (&self->shared_links_box, shared);
    }

  /* One button a line: two side by side do not fit at 360 px. */
  links = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_halign (links, GTK_ALIGN_START);
  for (guint i = 0; i < fw_checklist_item_get_n_links (item); i++)
    gtk_box_append (GTK_BOX (links),
                    create_link_button (fw_checklist_item_get_link_label (item, i),
                                        fw_checklist_item_get_link_url (item, i), FALSE));
  gtk_box_append (GTK_BOX (box), links);

  date = format_date (fw_checklist_item_get_checked (item));
  for (guint i = 0; sources[i] != NULL; i++)
    {
      g_autofree char *name = describe_source (sources[i]);
      g_autofree char *link = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", sources[i], name);

      if (i > 0)
        g_string_append (sources_markup, ", ");
      g_string_append (sources_markup, link);
    }
  {
    g_autofree char *escaped_date = g_markup_escape_text (date, -1);
    /* Translators: the first %s is a date, the second one or more links to help pages */
    g_autofree char *text = g_strdup_printf (_("Checked on %s against %s"), escaped_date, sources_markup->str);

    sources_label = create_wrapping_label (NULL, "caption");
    gtk_label_set_markup (GTK_LABEL (sources_label), text);
    gtk_widget_add_css_class (sources_label, "dim-label");
    gtk_box_append (GTK_BOX (box), sources_label);
  }

  inner_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (inner_row), FALSE);
  gtk_widget_set_focusable (inner_row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (inner_row), box);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), inner_row);

  return row;
}

static void
update_state (FwDeletePage *self)
{
  guint n_items, n_done;
  g_autofree char *progress = NULL;
  gboolean keep;

  if (self->checklist == NULL)
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->checklist));
  n_done = fw_checklist_get_n_done (self->checklist);
  keep = fw_checklist_get_keep_account (self->checklist);

  switch (fw_checklist_get_unlock_reason (self->checklist))
    {
    case FW_CHECKLIST_UNLOCKED_BY_EXPORT:
      gtk_label_set_label (self->unlock_label, _("Your export was verified."));
      gtk_image_set_from_icon_name (self->unlock_icon, "emblem-ok-symbolic");
      gtk_stack_set_visible_child_name (self->stack, "checklist");
      break;

    case FW_CHECKLIST_UNLOCKED_BY_CONFIRMATION:
      gtk_label_set_label (self->unlock_label, _("You chose to go on without saving your data."));
      gtk_image_set_from_icon_name (self->unlock_icon, "dialog-warning-symbolic");
      gtk_stack_set_visible_child_name (self->stack, "checklist");
      break;

    case FW_CHECKLIST_LOCKED:
    default:
      gtk_stack_set_visible_child_name (self->stack, "locked");
      break;
    }

  /* Translators: progress through the checklist, e.g. "3 of 8 done" */
  progress = g_strdup_printf (ngettext ("%u of %u done", "%u of %u done", n_items), n_done, n_items);
  gtk_label_set_label (self->progress_label, progress);
  gtk_progress_bar_set_fraction (self->progress_bar, n_items > 0 ? (double) n_done / n_items : 0.0);

  gtk_widget_set_visible (self->keep_box, keep);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "delete.keep-account", !keep);
  gtk_widget_set_visible (self->keep_button, !keep);
  gtk_widget_set_visible (self->locked_keep_button, !keep);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "delete.start-over", n_done > 0 || keep);
}

/* Actions */

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  const char *url = g_variant_get_string (parameter, NULL);

  /* Only the https pages of the data file are ever opened. */
  if (g_str_has_prefix (url, "https://"))
    fw_open_uri (widget, url);
}

static void
on_confirm_response (FwDeletePage     *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "confirm") == 0 && self->checklist != NULL)
    fw_checklist_confirm_without_export (self->checklist);
}

static void
confirm_without_export_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  FwDeletePage *self = FW_DELETE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Delete Without Saving Your Data?"),
                                   NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s",
                                  _("When the account is deleted, everything in it is lost for good: every conversation, your custom GPTs, the files and images you uploaded or made, and what ChatGPT’s memory holds about you. This cannot be undone."),
                                  _("If you might want any of it later, export your data first."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("_Continue Without My Data"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self,
                           G_CONNECT_SWAPPED);

  g_set_weak_pointer (&self->confirm_dialog, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
keep_account_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FwDeletePage *self = FW_DELETE_PAGE (widget);

  if (self->checklist == NULL)
    return;

  fw_checklist_set_keep_account (self->checklist, TRUE);
  fw_page_show_toast (FW_PAGE (self), _("Your account stays open. You can come back to this step at any time."));
}

static void
on_undo_start_over (FwDeletePage *self)
{
  if (self->checklist == NULL)
    return;

  fw_checklist_set_done_ids (self->checklist, (const char * const *) self->undo_done_ids);
  fw_checklist_set_keep_account (self->checklist, self->undo_keep_account);
}

static void
start_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FwDeletePage *self = FW_DELETE_PAGE (widget);
  GtkWidget *overlay;

  if (self->checklist == NULL)
    return;

  g_clear_pointer (&self->undo_done_ids, g_strfreev);
  self->undo_done_ids = fw_checklist_dup_done_ids (self->checklist);
  self->undo_keep_account = fw_checklist_get_keep_account (self->checklist);

  fw_checklist_reset (self->checklist);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      AdwToast *toast = adw_toast_new (_("Checklist cleared"));

      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_start_over), self,
                               G_CONNECT_SWAPPED);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
}

/* GObject */

static void
fw_delete_page_dispose (GObject *object)
{
  FwDeletePage *self = FW_DELETE_PAGE (object);

  if (self->confirm_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->confirm_dialog));
  g_clear_weak_pointer (&self->confirm_dialog);

  /* The template's child is the AdwBin child: AdwBin unparents it. */
  g_clear_object (&self->checklist);
  g_clear_weak_pointer (&self->shared_links_box);

  G_OBJECT_CLASS (fw_delete_page_parent_class)->dispose (object);
}

static void
fw_delete_page_finalize (GObject *object)
{
  FwDeletePage *self = FW_DELETE_PAGE (object);

  g_clear_pointer (&self->undo_done_ids, g_strfreev);

  G_OBJECT_CLASS (fw_delete_page_parent_class)->finalize (object);
}

static void
fw_delete_page_class_init (FwDeletePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_delete_page_dispose;
  object_class->finalize = fw_delete_page_finalize;
  FW_PAGE_CLASS (klass)->shown = fw_delete_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/delete/fw-delete-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FwDeletePage, stack);
  gtk_widget_class_bind_template_child (widget_class, FwDeletePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, FwDeletePage, unlock_icon);
  gtk_widget_class_bind_template_child (widget_class, FwDeletePage, unlock_label);
  gtk_widget_class_bind_template_child (widget_class, FwDeletePage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FwDeletePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FwDeletePage, keep_box);
  gtk_widget_class_bind_template_child (widget_class, FwDeletePage, list_box);
  gtk_widget_class_bind_template_child (widget_class, FwDeletePage, keep_button);
  gtk_widget_class_bind_template_child (widget_class, FwDeletePage, locked_keep_button);
  gtk_widget_class_bind_template_child (widget_class, FwDeletePage, checked_label);

  gtk_widget_class_install_action (widget_class, "delete.open-uri", "s", open_uri_action);
  gtk_widget_class_install_action (widget_class, "delete.confirm-without-export", NULL,
                                   confirm_without_export_action);
  gtk_widget_class_install_action (widget_class, "delete.keep-account", NULL, keep_account_action);
  gtk_widget_class_install_action (widget_class, "delete.start-over", NULL, start_over_action);
}

static void
fw_delete_page_init (FwDeletePage *self)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->checklist = fw_checklist_new (settings, &error);
  if (self->checklist == NULL)
    {
      /* Only a broken build gets here: the data file is compiled in and
       * checked by the tests. */
      g_warning ("Cannot load the account checklist: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      fw_page_set_skippable (FW_PAGE (self), TRUE);
      return;
    }

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->checklist),
                           create_row, self, NULL);

  {
    g_autofree char *date = format_date (fw_checklist_get_checked (self->checklist));
    /* Translators: %s is a date such as "24 November 2026" */
    g_autofree char *text = g_strdup_printf (_("Facts checked on %s against OpenAI’s help pages. OpenAI moves its buttons now and then: if one is not where this list says, look nearby."),
                                             date);
    gtk_label_set_label (self->checked_label, text);
  }

  g_object_bind_property (self->checklist, "complete", self, "complete", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->checklist, "notify::n-done", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->checklist, "notify::unlocked", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->checklist, "notify::keep-account", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);

  /* Show the right state at once, without a crossfade. */
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  update_state (self);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
}
