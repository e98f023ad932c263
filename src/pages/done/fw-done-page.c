/* fw-done-page.c — where the person stands after the wizard
 *
 * Reads what the other steps saved (GSettings), each time it is shown, so
 * it is right also when the person comes back days later.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "account/fw-checklist.h"
#include "archive/fw-archive-location.h"
#include "fw-done-page.h"
#include "fw-settings.h"
#include "fw-util.h"

struct _FwDonePage
{
  FwPage        parent_instance;

  GSettings    *settings;

  AdwActionRow *archive_row;
  GtkImage     *archive_icon;
  GtkWidget    *archive_button;
  AdwActionRow *account_row;
  GtkImage     *account_icon;
  AdwActionRow *provider_row;
  GtkImage     *provider_icon;
};

G_DEFINE_FINAL_TYPE (FwDonePage, fw_done_page, FW_TYPE_PAGE)

static void
set_state (GtkImage     *icon,
           AdwActionRow *row,
           gboolean      done,
           const char   *subtitle)
{
  gtk_image_set_from_icon_name (icon, done ? "emblem-ok-symbolic" : "dialog-information-symbolic");
  if (done)
    gtk_widget_add_css_class (GTK_WIDGET (icon), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (icon), "success");
  adw_action_row_set_subtitle (row, subtitle);
}

static void
fw_done_page_shown (FwPage *page)
{
  FwDonePage *self = FW_DONE_PAGE (page);
  g_autofree char *archive = g_settings_get_string (self->settings, "archive-path");
  g_autofree char *sha = g_settings_get_string (self->settings, "verified-export-sha256");
  g_autoptr(FwChecklist) checklist = fw_checklist_new (self->settings, NULL);
  FwChecklistItem *deletion = checklist ? fw_checklist_get_deletion_item (checklist) : NULL;
  g_autoptr(GVariant) providers = g_settings_get_value (self->settings, "connected-providers");
  g_autofree char *default_provider = g_settings_get_string (self->settings, "default-provider");
  gboolean has_archive = *archive != '\0' && g_file_test (archive, G_FILE_TEST_IS_DIR);

  /* Conversations */
  gtk_widget_set_visible (self->archive_button, has_archive);
  if (has_archive)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (archive);
      g_autofree char *display = fw_archive_location_display_here (folder);
      g_autofree char *text = g_strdup_printf (_("Archived in %s"), display);

      set_state (self->archive_icon, self->archive_row, TRUE, text);
    }
  else if (*sha != '\0')
    set_state (self->archive_icon, self->archive_row, FALSE,
               _("Your export was verified, but no archive was made yet. The Archive step makes one."));
  else
    set_state (self->archive_icon, self->archive_row, FALSE,
               _("Not saved yet. The Export step shows how to get them."));

  /* Account */
  if (deletion != NULL && fw_checklist_item_get_done (deletion))
    set_state (self->account_icon, self->account_row, TRUE,
               _("Deletion requested. Watch for OpenAI’s confirmation email."));
  else if (g_settings_get_boolean (self->settings, "keep-account"))
    set_state (self->account_icon, self->account_row, TRUE,
               _("You are keeping it for now. The Delete Account step is here when you are ready."));
  else
    set_state (self->account_icon, self->account_row, FALSE,
               _("Still open. The Delete Account step closes it safely."));

  /* Provider */
  if (g_variant_n_children (providers) > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      GVariantIter iter;
      const char *id, *base_url, *model;

      g_variant_iter_init (&iter, providers);
      while (g_variant_iter_next (&iter, "(&s&s&s)", &id, &base_url, &model))
        {
          if (names->len > 0)
            g_string_append (names, ", ");
          g_string_append (names, id);
          if (*model != '\0')
            g_string_append_printf (names, " (%s)", model);
          if (g_strcmp0 (id, default_provider) == 0 && g_variant_n_children (providers) > 1)
            g_string_append_printf (names, " – %s", _("default"));
        }

      {
        g_autofree char *text = g_strdup_printf (_("Connected: %s. The key is kept in your system keyring."), names->str);

        set_state (self->provider_icon, self->provider_row, TRUE, text);
      }
    }
  else
    set_state (self->provider_icon, self->provider_row, FALSE,
               _("None connected yet. The New Provider step sets one up."));
}

static void
open_archive_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FwDonePage *self = FW_DONE_PAGE (widget);
  g_autofree char *path = g_settings_get_string (self->settings, "archive-path");
  g_autofree char *index_path = g_build_filename (path, "index.html", NULL);
  g_autoptr(GFile) index = g_file_new_for_path (index_path);
  g_autoptr(GFile) dir = g_file_new_for_path (path);

  fw_open_file (widget, g_file_query_exists (index, NULL) ? index : dir);
}

static void
fw_done_page_finalize (GObject *object)
{
  FwDonePage *self = FW_DONE_PAGE (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fw_done_page_parent_class)->finalize (object);
}

static void
fw_done_page_class_init (FwDonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FwPageClass *page_class = FW_PAGE_CLASS (klass);

  object_class->finalize = fw_done_page_finalize;
  page_class->shown = fw_done_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/done/fw-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FwDonePage, archive_row);
  gtk_widget_class_bind_template_child (widget_class, FwDonePage, archive_icon);
  gtk_widget_class_bind_template_child (widget_class, FwDonePage, archive_button);
  gtk_widget_class_bind_template_child (widget_class, FwDonePage, account_row);
  gtk_widget_class_bind_template_child (widget_class, FwDonePage, account_icon);
  gtk_widget_class_bind_template_child (widget_class, FwDonePage, provider_row);
  gtk_widget_class_bind_template_child (widget_class, FwDonePage, provider_icon);

  gtk_widget_class_install_action (widget_class, "done.open-archive", NULL, open_archive_action);
}

static void
fw_done_page_init (FwDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = fw_settings_new ();
  fw_done_page_shown (FW_PAGE (self));
}
