/* test-window.c — the real window under Xvfb: every page in order, titles,
 * Back/Next, Next gated by `complete`, window state in GSettings.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "fw-application.h"
#include "fw-settings.h"
#include "fw-test-ui.h"

static const struct {
  const char *name;
  const char *title;
} expected_pages[] = {
  { "welcome",  "Welcome" },
  { "export",   "Export Your Data" },
  { "archive",  "Archive" },
  { "delete",   "Delete Account" },
  { "provider", "New Provider" },
  { "try",      "Try It" },
  { "done",     "All Done" },
};

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;

      if ((found = find_action_button (child, action)))
        return found;
    }

  return NULL;
}

static GtkWidget *
header_button (FwWindow   *window,
               const char *action)
{
  GtkWidget *header = fw_test_ui_find_child (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  GtkWidget *button = find_action_button (header, action);

  g_assert_nonnull (button);
  return button;
}

static void
test_walk_pages (void)
{
  FwWindow *window = fw_test_ui_open_window (800, 700);
  GtkWidget *next = header_button (window, "win.next");
  GtkWidget *back = header_button (window, "win.back");
  AdwWindowTitle *title = ADW_WINDOW_TITLE (fw_test_ui_find_child (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE));
  guint n = G_N_ELEMENTS (expected_pages);


  /* A fresh start opens on the welcome page; Back is not possible there. */
  g_assert_cmpstr (fw_window_get_page_name (window), ==, "welcome");
  g_assert_false (gtk_widget_get_sensitive (back));

  for (guint i = 0; i < n; i++)
    {
      FwPage *page = fw_window_get_page (window);
      g_autofree char *step = g_strdup_printf ("Step %u of %u", i + 1, n);
      g_autofree char *shot = NULL;

      g_assert_cmpstr (fw_window_get_page_name (window), ==, expected_pages[i].name);
      g_assert_cmpstr (fw_page_get_title (page), ==, expected_pages[i].title);
      g_assert_cmpstr (adw_window_title_get_title (title), ==, expected_pages[i].title);
      g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, step);
      g_assert_cmpint (gtk_widget_get_sensitive (back), ==, i > 0);

      shot = fw_test_ui_screenshot (GTK_WIDGET (window), expected_pages[i].name);
      if (shot)
        g_test_message ("saved %s", shot);

      if (i == n - 1)
        {
          /* The last page has no Next. */
          g_assert_false (gtk_widget_get_visible (next));
          g_assert_false (fw_window_go_next (window));
          break;
        }

      g_assert_true (gtk_widget_get_visible (next));
      g_assert_cmpint (gtk_widget_get_sensitive (next), ==, fw_page_get_can_go_next (page));

      if (!fw_page_get_can_go_next (page))
        {
          /* Gated: Next does nothing until the page lets it. */
          g_assert_false (fw_window_go_next (window));
          g_assert_cmpstr (fw_window_get_page_name (window), ==, expected_pages[i].name);
          fw_page_set_complete (page, TRUE);
          fw_test_ui_iterate (10);
          g_assert_true (gtk_widget_get_sensitive (next));
        }

      g_signal_emit_by_name (next, "clicked");
      fw_test_ui_iterate (10);
    }

  /* And all the way back with Back. */
  for (guint i = n - 1; i > 0; i--)
    {
      g_assert_cmpstr (fw_window_get_page_name (window), ==, expected_pages[i].name);
      g_signal_emit_by_name (back, "clicked");
      fw_test_ui_iterate (10);
    }
  g_assert_cmpstr (fw_window_get_page_name (window), ==, "welcome");

  fw_test_ui_close_window (window);
}

static void
test_next_gated_by_complete (void)
{
  FwWindow *window = fw_test_ui_open_window (800, 700);
  GtkWidget *next = header_button (window, "win.next");
  FwPage *page;

  fw_window_set_page_name (window, "archive");
  fw_test_ui_iterate (10);
  page = fw_window_get_page (window);

  fw_page_set_skippable (page, FALSE);
  fw_page_set_complete (page, FALSE);
  fw_test_ui_iterate (10);
  g_assert_false (gtk_widget_get_sensitive (next));
  g_assert_false (fw_window_go_next (window));
  g_assert_cmpstr (fw_window_get_page_name (window), ==, "archive");

  /* Skippable: Next reads "Skip" and is possible. */
  fw_page_set_skippable (page, TRUE);
  fw_test_ui_iterate (10);
  g_assert_true (gtk_widget_get_sensitive (next));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, "_Skip");

  /* Complete: Next reads "Next". */
  fw_page_set_skippable (page, FALSE);
  fw_page_set_complete (page, TRUE);
  fw_test_ui_iterate (10);
  g_assert_true (gtk_widget_get_sensitive (next));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, "_Next");

  g_assert_true (fw_window_go_next (window));
  g_assert_cmpstr (fw_window_get_page_name (window), ==, "delete");

  /* Alt+Left goes back through the application accelerator. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL));
  fw_test_ui_iterate (10);
  g_assert_cmpstr (fw_window_get_page_name (window), ==, "archive");

  fw_test_ui_close_window (window);
}

static void
test_state_remembered (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  FwWindow *window = fw_test_ui_open_window (0, 0);

  fw_window_set_page_name (window, "provider");
  fw_test_ui_iterate (10);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  fw_test_ui_iterate (50);
  gtk_window_close (GTK_WINDOW (window));
  fw_test_ui_iterate (50);

  g_assert_cmpstr (g_settings_get_string (settings, "last-page"), ==, "provider");
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);

  /* A new window comes back on the same page with the same size. */
  window = fw_test_ui_open_window (0, 0);
  g_assert_cmpstr (fw_window_get_page_name (window), ==, "provider");
  {
    int w, h;
    gtk_window_get_default_size (GTK_WINDOW (window), &w, &h);
    g_assert_cmpint (w, ==, 900);
    g_assert_cmpint (h, ==, 640);
  }
  g_settings_set_string (settings, "last-page", "welcome");
  fw_test_ui_close_window (window);
}

static void
test_shortcuts_and_about (void)
{
  FwWindow *window = fw_test_ui_open_window (800, 700);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  g_auto(GStrv) back = gtk_application_get_accels_for_action (app, "win.back");
  g_auto(GStrv) next = gtk_application_get_accels_for_action (app, "win.next");
  g_auto(GStrv) quit = gtk_application_get_accels_for_action (app, "app.quit");
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  GList *toplevels;
  guint before;

  g_assert_true (g_strv_contains ((const char * const *) back, "<Alt>Left"));
  g_assert_true (g_strv_contains ((const char * const *) next, "<Alt>Right"));
  g_assert_true (g_strv_contains ((const char * const *) quit, "<Control>q"));
  g_assert_nonnull (overlay);

  /* About opens a window (or dialog) with the app's name and license. */
  toplevels = gtk_window_list_toplevels ();
  before = g_list_length (toplevels);
  g_list_free (toplevels);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  fw_test_ui_iterate (200);
#if !ADW_CHECK_VERSION (1, 5, 0)
  toplevels = gtk_window_list_toplevels ();
  g_assert_cmpuint (g_list_length (toplevels), >, before);
  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_ABOUT_WINDOW (l->data))
      {
        g_assert_cmpstr (adw_about_window_get_application_name (l->data), ==, "Farewell");
        g_assert_cmpint (adw_about_window_get_license_type (l->data), ==, GTK_LICENSE_GPL_3_0);
        g_assert_cmpstr (adw_about_window_get_application_icon (l->data), ==, APPLICATION_ID);
        gtk_window_destroy (l->data);
      }
  g_list_free (toplevels);
#endif

  fw_test_ui_close_window (window);
}

/* Quit (Ctrl+Q) closes every window, saving its state, and the app ends
 * well: here with two windows (closing one takes it out of the list the app
 * walks). */

typedef struct {
  GtkApplication *app;
  guint           windows_seen;
  guint           closed;
} QuitRun;

static gboolean
quit_now (gpointer data)
{
  QuitRun *run = data;

  g_action_group_activate_action (G_ACTION_GROUP (run->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_window_removed (GtkApplication *app,
                   GtkWindow      *window,
                   QuitRun        *run)
{
  run->closed++;
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 QuitRun        *run)
{
  if (!FW_IS_WINDOW (window))
    return;
  if (run->windows_seen++ == 0)
    {
      /* a second window, then Quit once both are up */
      gtk_window_present (GTK_WINDOW (fw_window_new (ADW_APPLICATION (app))));
      g_timeout_add (500, quit_now, run);
    }
}

static void
run_quit (void)
{
  g_autoptr(FwApplication) app = fw_application_new ();
  char *argv[] = { (char *) "farewell", NULL };
  QuitRun run = { GTK_APPLICATION (app), 0, 0 };
  int status;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), &run);
  g_signal_connect (app, "window-removed", G_CALLBACK (on_window_removed), &run);

  status = g_application_run (G_APPLICATION (app), 1, argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (run.windows_seen, ==, 2);
  g_assert_cmpuint (run.closed, ==, 2);
}

static void
test_quit (void)
{
  if (g_test_subprocess ())
    {
      run_quit ();
      return;
    }

  /* a crash on quit fails the subprocess */
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The summary names the archive's folder as the Archive step does: ~/… in
 * the home folder. */
static void
test_done_summary (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autofree char *folder = g_build_filename (g_get_home_dir (), "Documents", "ChatGPT Archive", NULL);
  FwWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_settings_set_string (settings, "archive-path", folder);
  window = fw_test_ui_open_window (800, 700);
  fw_window_set_page_name (window, "done");
  fw_test_ui_iterate (20);
  g_assert_nonnull (fw_test_ui_find_shown_text (GTK_WIDGET (window), "Archived in ~/Documents/ChatGPT Archive"));

  /* elsewhere, the whole path */
  g_settings_set_string (settings, "archive-path", g_get_tmp_dir ());
  fw_window_set_page_name (window, "try");
  fw_test_ui_iterate (10);
  fw_window_set_page_name (window, "done");
  fw_test_ui_iterate (20);
  {
    g_autofree char *text = g_strdup_printf ("Archived in %s", g_get_tmp_dir ());

    g_assert_nonnull (fw_test_ui_find_shown_text (GTK_WIDGET (window), text));
  }

  g_settings_reset (settings, "archive-path");
  g_settings_set_string (settings, "last-page", "welcome");
  fw_test_ui_close_window (window);
  g_rmdir (folder);
}

int
main (int   argc,
      char *argv[])
{
  /* a home folder of the test's own (the font cache stays where it was);
   * before anything asks GLib for the home folder, which it keeps */
  g_autofree char *cache = g_build_filename (g_getenv ("HOME") ? g_getenv ("HOME") : "/", ".cache", NULL);
  g_autofree char *home = g_dir_make_tmp ("fw-window-home-XXXXXX", NULL);
  g_autofree char *documents = NULL;
  int status;

  g_assert_nonnull (home);
  if (g_getenv ("XDG_CACHE_HOME") == NULL)
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("HOME", home, TRUE);
  documents = g_build_filename (home, "Documents", NULL);

  fw_test_ui_init (&argc, &argv);

  g_test_add_func ("/window/walk-pages", test_walk_pages);
  g_test_add_func ("/window/next-gated-by-complete", test_next_gated_by_complete);
  g_test_add_func ("/window/state-remembered", test_state_remembered);
  g_test_add_func ("/window/shortcuts-and-about", test_shortcuts_and_about);
  g_test_add_func ("/window/quit", test_quit);
  g_test_add_func ("/window/done-summary", test_done_summary);

  status = g_test_run ();
  g_rmdir (documents);
  g_rmdir (home);
  return status;
}
