/* test-screenshots.c — renders every page to a PNG for README and metainfo
 *
 * Run by `build-aux/dev screenshots` with FAREWELL_SCREENSHOT_DIR and
 * FAREWELL_SCREENSHOT_VARIANT (light, dark, narrow, tr, ar, ja, ko, zh_CN,
 * zh_TW, id, fa, fa-narrow, he, he-narrow, hc, large). Without them it still
 * lays out and paints every page, which must not fail.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-session.h"
#include "fw-settings.h"
#include "fw-test-ui.h"
#include "provider/fw-provider-catalog.h"
#ifdef FW_HAVE_TEST_SERVER
#include "fw-test-server.h"
#include "provider/fw-connections.h"
#include "provider/fw-provider-client.h"
#endif

static const char *pages[] = {
  "welcome", "export", "archive", "delete", "provider", "try", "done",
};

static void
test_every_page (void)
{
  FwWindow *window = fw_test_ui_open_window (760, 680);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *path = NULL;

      fw_window_set_page_name (window, pages[i]);
      fw_test_ui_wait_painted (GTK_WIDGET (window));
      g_assert_cmpstr (fw_window_get_page_name (window), ==, pages[i]);
      /* Nothing is wider than the window: no horizontal scrolling. */
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fw_window_get_page (window))), <=,
                       gtk_widget_get_width (GTK_WIDGET (window)));
      /* Every page fits a 360 px phone screen. */
      {
        int min_width;

        gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1,
                            &min_width, NULL, NULL, NULL);
        g_assert_cmpint (min_width, <=, 360);
      }

      path = fw_test_ui_screenshot (GTK_WIDGET (window), pages[i]);
      if (path)
        g_test_message ("saved %s", path);
    }

  fw_test_ui_close_window (window);
}

static gboolean
focus_in_key_row (gpointer data)
{
  GtkWidget *key_row = data;
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (key_row));

  return focus != NULL && (focus == key_row || gtk_widget_is_ancestor (focus, key_row));
}

/* Choosing a provider far down the catalog brings its setup into view with
 * the focus in the key field. */
static void
test_provider_setup (void)
{
  FwWindow *window = fw_test_ui_open_window (760, 680);
  GtkWidget *page, *row, *radio, *key_row, *scroller;
  g_autofree char *path = NULL;
  graphene_rect_t bounds;

  fw_window_set_page_name (window, "provider");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  page = GTK_WIDGET (fw_window_get_page (window));
  row = fw_test_ui_find_text (page, "Mistral AI");
  g_assert_nonnull (row);
  radio = fw_test_ui_find_child (row, GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (radio);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (radio), TRUE);

  key_row = fw_test_ui_find_child (page, ADW_TYPE_PASSWORD_ENTRY_ROW);
  g_assert_nonnull (key_row);
  g_assert_true (fw_test_ui_wait_for (focus_in_key_row, key_row, 5000));
  fw_test_ui_wait_painted (GTK_WIDGET (window));

  /* The key field is inside the visible part of the scrolled page. */
  scroller = fw_test_ui_find_child (page, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_compute_bounds (key_row, scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scroller));

  path = fw_test_ui_screenshot (GTK_WIDGET (window), "provider-setup");
  if (path)
    g_test_message ("saved %s", path);
  fw_test_ui_close_window (window);
}

static void
shoot (FwWindow   *window,
       const char *page,
       const char *name)
{
  g_autofree char *path = NULL;

  fw_window_set_page_name (window, page);
  fw_test_ui_iterate (400);  /* the page transition */
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  path = fw_test_ui_screenshot (GTK_WIDGET (window), name);
  if (path)
    g_test_message ("saved %s", path);
}

/* The pages with an export chosen: verified, archived, and a broken one. */
static void
test_export_states (void)
{
  FwWindow *window = fw_test_ui_open_window (760, 680);
  FwSession *session = fw_window_get_session (window);
  g_autofree char *demo = g_build_filename (g_getenv ("FAREWELL_TEST_DATA"), "screenshots", "demo-export", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("farewell-shots-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (tmp, "ChatGPT Archive", NULL);
  g_autofree char *broken = g_build_filename (tmp, "chatgpt-export.zip", NULL);
  g_autoptr(GFile) demo_file = g_file_new_for_path (demo);
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autoptr(GFile) broken_file = g_file_new_for_path (broken);
  g_autofree char *index = g_build_filename (out, "index.html", NULL);
  static const char truncated_zip[] = "PK\003\004\024\000\000\000\010\000";

  g_assert_nonnull (tmp);
  fw_session_set_export_file (session, demo_file);
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 30000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);
  g_assert_cmpuint (fw_export_summary_get_conversations (fw_session_get_summary (session)), ==, 6);

  shoot (window, "export", "export-verified");
  shoot (window, "archive", "archive-summary");

  fw_session_create_archive (session, out_file, FW_ARCHIVE_FORMAT_ALL);
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_archive_finished, session, 30000));
  g_assert_cmpint (fw_session_get_archive_state (session), ==, FW_TASK_STATE_DONE);
  g_assert_true (g_file_test (index, G_FILE_TEST_IS_REGULAR));
  shoot (window, "archive", "archive-done");
  shoot (window, "delete", "delete-unlocked");

  g_assert_true (g_file_set_contents (broken, truncated_zip, sizeof truncated_zip - 1, NULL));
  fw_session_set_export_file (session, broken_file);
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 30000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_FAILED);
  shoot (window, "archive", "archive-error");

  fw_test_ui_close_window (window);

  {
    /* Remove the archive and the broken file. */
    const char *argv[] = { "rm", "-rf", tmp, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, NULL, NULL));
  }
}

/* Choosing by what matters: the list filtered to open models processed in
 * Europe, then one provider's facts and the cost estimate from the
 * verified demo export. */
static void
test_provider_choose (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.farewell.Farewell");
  FwWindow *window = fw_test_ui_open_window (760, 680);
  FwSession *session = fw_window_get_session (window);
  g_autofree char *demo = g_build_filename (g_getenv ("FAREWELL_TEST_DATA"), "screenshots", "demo-export", NULL);
  g_autoptr(GFile) demo_file = g_file_new_for_path (demo);
  FwProvider *scaleway = fw_provider_catalog_lookup (fw_provider_catalog_get_default (), "scaleway");
  GtkWidget *page, *filters, *child, *row, *radio;
  guint n = 0;

  fw_session_set_export_file (session, demo_file);
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 30000));

  fw_window_set_page_name (window, "provider");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  page = GTK_WIDGET (fw_window_get_page (window));

  /* The first two filters: processed in Europe, open models. */
  filters = fw_test_ui_find_child (page, GTK_TYPE_FLOW_BOX);
  g_assert_nonnull (filters);
  for (child = gtk_widget_get_first_child (filters); child != NULL && n < 2;
       child = gtk_widget_get_next_sibling (child), n++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (fw_test_ui_find_child (child, GTK_TYPE_TOGGLE_BUTTON)), TRUE);
  g_assert_cmpuint (n, ==, 2);
  shoot (window, "provider", "provider-filtered");

  row = fw_test_ui_find_row (page, fw_provider_get_name (scaleway));
  g_assert_nonnull (row);
  radio = fw_test_ui_find_child (row, GTK_TYPE_CHECK_BUTTON);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (radio), TRUE);
  fw_test_ui_iterate (300);  /* the setup scrolled into view */
  /* Then down to its facts, their sources and the estimate. */
  {
    GtkWidget *facts = fw_test_ui_find_child (page, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (facts));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  shoot (window, "provider", "provider-detail");

  fw_test_ui_close_window (window);
  g_settings_reset (settings, "provider-filters");
}

#ifdef FW_HAVE_TEST_SERVER
/* The New Provider and Try It pages talking to the local test server
 * (tests/provider/fw-test-server.c), with the keyring of the headless
 * session. */

static GtkWidget *
find_by_action (GtkWidget  *widget,
                const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = find_by_action (child, action)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
label_has_class (gpointer data)
{
  return gtk_widget_get_visible (data) && gtk_widget_has_css_class (data, "success");
}

static gboolean
is_false (gpointer data)
{
  return !*(gboolean *) data;
}

static void
disconnected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fw_provider_disconnect_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = FALSE;
}

static void
disconnect (const char *id)
{
  gboolean busy = TRUE;

  fw_provider_disconnect_async (id, NULL, disconnected_cb, &busy);
  g_assert_true (fw_test_ui_wait_for (is_false, &busy, 10000));
}

/* Right after "Check and Save": the connected list, the models, the result. */
static void
test_provider_connected (void)
{
  g_autoptr(FwTestServer) server = fw_test_server_new (FALSE);
  g_autofree char *base_url = fw_test_server_get_base_url (server, "");
  FwWindow *window = fw_test_ui_open_window (760, 680);
  GtkWidget *page, *row, *key_row, *check, *status;
  FwProvider *custom = fw_provider_catalog_lookup (fw_provider_catalog_get_default (), "custom");
  g_autofree char *path = NULL;

  fw_window_set_page_name (window, "provider");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  page = GTK_WIDGET (fw_window_get_page (window));
  row = fw_test_ui_find_text (page, fw_provider_get_name (custom));
  g_assert_nonnull (row);
  gtk_widget_activate (row);

  key_row = fw_test_ui_find_child (page, ADW_TYPE_PASSWORD_ENTRY_ROW);
  g_assert_nonnull (key_row);
  gtk_editable_set_text (GTK_EDITABLE (fw_test_ui_find_row (page, _("Address"))), base_url);
  gtk_editable_set_text (GTK_EDITABLE (key_row), FW_TEST_KEY);
  check = find_by_action (page, "provider.check");
  g_assert_nonnull (check);
  g_signal_emit_by_name (check, "clicked");
  /* The status line sits just above the buttons. */
  status = gtk_widget_get_first_child (gtk_widget_get_parent (gtk_widget_get_parent (check)));
  g_assert_true (GTK_IS_LABEL (status));
  g_assert_true (fw_test_ui_wait_for (label_has_class, status, 10000));
  g_assert_true (fw_page_get_complete (FW_PAGE (page)));

  path = fw_test_ui_screenshot (GTK_WIDGET (window), "provider-connected");
  if (path)
    g_test_message ("saved %s", path);

  fw_test_ui_close_window (window);
  disconnect ("custom");
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = fw_provider_connect_finish (result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (models);
  *(gboolean *) user_data = FALSE;
}

static gboolean
archive_loaded (gpointer data)
{
  GtkWidget *page = data;
  GtkWidget *instructions = fw_test_ui_find_row (page, _("Your custom instructions"));

  return instructions != NULL && gtk_widget_get_visible (instructions);
}

static gboolean
answer_done (gpointer data)
{
  GtkWidget *send = data;

  return gtk_widget_get_visible (send);
}

/* A short finished exchange, the custom instructions from the export on. */
static void
test_try_chat (void)
{
  g_autoptr(FwTestServer) server = fw_test_server_new (FALSE);
  g_autofree char *base_url = fw_test_server_get_base_url (server, "");
  g_autofree char *archive = g_build_filename (g_getenv ("FAREWELL_TEST_DATA"), "provider", "archive", NULL);
  g_autoptr(GSettings) settings = fw_settings_new ();
  FwProvider *mistral = fw_provider_catalog_lookup (fw_provider_catalog_get_default (), "mistral");
  FwWindow *window;
  GtkWidget *page, *entry, *send;
  gboolean busy = TRUE;
  g_autofree char *path = NULL;

  fw_test_server_set_answer (server,
                             "Add a super when the bees cover seven or eight of the ten frames "
                             "in the brood box and the nectar flow starts; around Lyon that is "
                             "usually late April. Look every week: when the super is two-thirds "
                             "full, add the next one.");
  /* Mistral AI, reached at the test server. */
  fw_provider_connect_async (mistral, base_url, FW_TEST_KEY, "mistral-large-latest", NULL,
                             connected_cb, &busy);
  g_assert_true (fw_test_ui_wait_for (is_false, &busy, 10000));
  g_settings_set_string (settings, "archive-path", archive);

  window = fw_test_ui_open_window (760, 680);
  fw_window_set_page_name (window, "try");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  page = GTK_WIDGET (fw_window_get_page (window));
  g_assert_true (fw_test_ui_wait_for (archive_loaded, page, 5000));

  entry = fw_test_ui_find_child (page, GTK_TYPE_ENTRY);
  send = find_by_action (page, "try.send");
  g_assert_nonnull (entry);
  g_assert_nonnull (send);
  gtk_editable_set_text (GTK_EDITABLE (entry), "When should I put a honey super on my hives?");
  g_signal_emit_by_name (send, "clicked");
  g_assert_false (gtk_widget_get_visible (send));
  g_assert_true (fw_test_ui_wait_for (answer_done, send, 10000));
  g_assert_true (fw_page_get_complete (FW_PAGE (page)));

  path = fw_test_ui_screenshot (GTK_WIDGET (window), "try-chat");
  if (path)
    g_test_message ("saved %s", path);

  fw_test_ui_close_window (window);
  disconnect ("mistral");
  g_settings_reset (settings, "archive-path");
}
#endif

int
main (int   argc,
      char *argv[])
{
  fw_test_ui_init (&argc, &argv);

  g_test_add_func ("/screenshots/every-page", test_every_page);
  g_test_add_func ("/screenshots/provider-setup", test_provider_setup);
  g_test_add_func ("/screenshots/export-states", test_export_states);
  g_test_add_func ("/screenshots/provider-choose", test_provider_choose);
#ifdef FW_HAVE_TEST_SERVER
  g_test_add_func ("/screenshots/provider-connected", test_provider_connected);
  g_test_add_func ("/screenshots/try-chat", test_try_chat);
#endif

  return g_test_run ();
}
