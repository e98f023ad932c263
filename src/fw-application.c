/* fw-application.c — the application: actions, command line, window
 *
 * Headless commands (--verify, --convert, --connect, ...) run in
 * handle-local-options, before the application registers or touches the
 * display, so they work over SSH and in tests.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-application.h"
#include "cli/fw-cli.h"
#include "fw-util.h"
#include "fw-window.h"

struct _FwApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (FwApplication, fw_application, ADW_TYPE_APPLICATION)

static FwWindow *
get_window (FwApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (fw_window_new (ADW_APPLICATION (self)));

  return FW_WINDOW (window);
}

static int
fw_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  FwCliOptions opts;
  int ret;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "farewell", PACKAGE_VERSION);
      return FW_EXIT_OK;
    }

  fw_cli_options_from_dict (&opts, options);
  ret = fw_cli_run (&opts);
  fw_cli_options_clear (&opts);

  return ret;
}

static void
fw_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (fw_application_parent_class)->startup (app);

  fw_fix_accessible_names ();
}

static void
fw_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (FW_APPLICATION (app))));
}

static void
fw_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  FwWindow *window = get_window (FW_APPLICATION (app));

  if (n_files > 0)
    fw_window_open_export (window, files[0]);

  gtk_window_present (GTK_WINDOW (window));
}

static void
fw_application_class_init (FwApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = fw_application_handle_local_options;
  app_class->startup = fw_application_startup;
  app_class->activate = fw_application_activate;
  app_class->open = fw_application_open;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Farewell authors", NULL };
  FwApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

#if ADW_CHECK_VERSION (1, 5, 0)
  GObject *about = G_OBJECT (adw_about_dialog_new ());
#else
  GObject *about = G_OBJECT (adw_about_window_new ());
#endif

  g_object_set (about,
                "application-name", _("Farewell"),
                "application-icon", APPLICATION_ID,
                "developer-name", _("The Farewell authors"),
                "version", PACKAGE_VERSION,
                "website", PACKAGE_WEBSITE,
                "issue-url", PACKAGE_ISSUES,
                "copyright", "© 2026 The Farewell authors",
                "license-type", GTK_LICENSE_GPL_3_0,
                "developers", developers,
                /* Translators: Replace "translator-credits" with your name/year */
                "translator-credits", _("translator-credits"),
                "comments", _("Leave ChatGPT without losing anything: keep your conversations, close the account safely and move to another assistant."),
                NULL);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (about), GTK_WIDGET (window));
#else
  gtk_window_set_transient_for (GTK_WINDOW (about), window);
  gtk_window_present (GTK_WINDOW (about));
#endif
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  FwApplication *self = user_data;
  /* A copy: closing a window takes it out of the application's own list. */
  g_autolist(GtkWindow) windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                                                    (GCopyFunc) g_object_ref, NULL);

  /* Close windows properly so their state is saved. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));

  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
fw_application_init (FwApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *back_accels[] = { "<Alt>Left", NULL };
  static const char *next_accels[] = { "<Alt>Right", NULL };
  static const char *choose_export_accels[] = { "<Control>o", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.back", back_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.next", next_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.choose-export", choose_export_accels);

  g_application_add_main_option_entries (G_APPLICATION (self), fw_cli_get_option_entries ());
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[EXPORT]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Leave ChatGPT without losing anything.\n\n"
                                              "Without a command, the assistant window opens; EXPORT preselects a data export."));
}

FwApplication *
fw_application_new (void)
{
  return g_object_new (FW_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/farewell/Farewell",
                       NULL);
}
