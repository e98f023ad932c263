/* test-delete.c — the Delete-account page in a real window under Xvfb: the
 * safety gate (locked without a verified export; unlocked after one, or
 * after the destructive confirmation), ticking saved across a window
 * close/reopen, when the step is complete, and every link an https page
 * from the data file.
 *
 * With FAREWELL_SCREENSHOT_DIR set it also saves delete-locked,
 * delete-dialog, delete-checklist and delete-keep PNGs.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "account/fw-checklist.h"
#include "fw-session.h"
#include "fw-settings.h"
#include "fw-test-ui.h"

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();

  g_settings_reset (settings, "checklist-done");
  g_settings_reset (settings, "keep-account");
  g_settings_reset (settings, "verified-export-sha256");
  g_settings_reset (settings, "verified-export-path");
  g_settings_reset (settings, "delete-confirmed-without-export");
  g_settings_reset (settings, "last-page");
}

static void
save_shot (GtkWidget  *widget,
           const char *name)
{
  g_autofree char *path = fw_test_ui_screenshot (widget, name);

  if (path != NULL)
    g_test_message ("saved %s", path);
}

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
next_button (FwWindow *window)
{
  GtkWidget *header = fw_test_ui_find_child (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  GtkWidget *button = find_action_button (header, "win.next");

  g_assert_nonnull (button);
  return button;
}

static FwWindow *
open_delete_page (FwPage **page)
{
  FwWindow *window = fw_test_ui_open_window (760, 680);

  fw_window_set_page_name (window, "delete");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  g_assert_cmpstr (fw_window_get_page_name (window), ==, "delete");
  *page = fw_window_get_page (window);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (*page), ==, "FwDeletePage");
  g_assert_cmpstr (fw_page_get_title (*page), ==, "Delete Account");

  return window;
}

static const char *
page_state (FwPage *page)
{
  GtkWidget *stack = fw_test_ui_find_child (GTK_WIDGET (page), GTK_TYPE_STACK);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static GtkWidget *
checklist_box (FwPage *page)
{
  GtkWidget *list = fw_test_ui_find_child (GTK_WIDGET (page), GTK_TYPE_LIST_BOX);

  g_assert_nonnull (list);
  return list;
}

/* The row of an item (rows are named after the item ids). */
static GtkWidget *
item_row (FwPage     *page,
          const char *id)
{
  GtkWidget *list = checklist_box (page);

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_EXPANDER_ROW (child) && g_strcmp0 (gtk_widget_get_name (child), id) == 0)
      return child;

  g_error ("no row for %s", id);
  return NULL;
}

static GtkCheckButton *
item_check (FwPage     *page,
            const char *id)
{
  GtkWidget *check = fw_test_ui_find_child (item_row (page, id), GTK_TYPE_CHECK_BUTTON);

  g_assert_nonnull (check);
  return GTK_CHECK_BUTTON (check);
}

static guint
count_active_checks (FwPage *page)
{
  GtkWidget *list = checklist_box (page);
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = fw_test_ui_find_child (row, GTK_TYPE_CHECK_BUTTON);

      if (check != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        n++;
    }

  return n;
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  fw_test_ui_iterate (20);
}

/* What clicking a response button does: the response, then closing. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  fw_test_ui_iterate (50);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  AdwMessageDialog *dialog = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      dialog = l->data;
  g_list_free (toplevels);

  return dialog;
}

static void
test_locked_without_export (void)
{
  FwPage *page;
  FwWindow *window;

  reset_settings ();
  window = open_delete_page (&page);

  /* No verified export, no confirmation: only the explanation. */
  g_assert_cmpstr (page_state (page), ==, "locked");
  g_assert_nonnull (fw_test_ui_find_text (GTK_WIDGET (page), "Save Your Data First"));
  g_assert_false (gtk_widget_get_mapped (checklist_box (page)));
  g_assert_false (fw_page_get_complete (page));
  g_assert_false (fw_page_get_can_go_next (page));
  g_assert_false (gtk_widget_get_sensitive (next_button (window)));
  g_assert_false (fw_window_go_next (window));
  save_shot (GTK_WIDGET (window), "delete-locked");

  /* "Go to Export" takes the person to the export step. */
  click (fw_test_ui_find_button (GTK_WIDGET (page), "Go to Export"));
  g_assert_cmpstr (fw_window_get_page_name (window), ==, "export");

  fw_test_ui_close_window (window);
}

static void
test_unlocked_by_export (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  FwPage *page;
  FwWindow *window;

  reset_settings ();
  window = open_delete_page (&page);
  g_assert_cmpstr (page_state (page), ==, "locked");

  /* The export is verified while the window is open (this run)... */
  g_settings_set_string (settings, "verified-export-sha256",
                         "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  fw_test_ui_iterate (20);
  g_assert_cmpstr (page_state (page), ==, "checklist");
  g_assert_true (gtk_widget_get_mapped (checklist_box (page)));
  g_assert_nonnull (fw_test_ui_find_text (GTK_WIDGET (page), "Your export was verified"));
  fw_test_ui_close_window (window);

  /* ...or in an earlier run: the new window opens unlocked. */
  window = open_delete_page (&page);
  g_assert_cmpstr (page_state (page), ==, "checklist");
  /* Unlocked is not complete: Next still waits for the deletion. */
  g_assert_false (fw_page_get_complete (page));
  g_assert_false (gtk_widget_get_sensitive (next_button (window)));
  fw_test_ui_close_window (window);

  reset_settings ();
}

/* The verified export's shared links, named in the item that asks to
 * delete them, each with its link. */
static void
test_shared_links (void)
{
  g_autofree char *export_dir = g_build_filename (g_getenv ("FAREWELL_TEST_DATA"), "export", "export-2026", NULL);
  g_autoptr(GFile) export_file = g_file_new_for_path (export_dir);
  FwSession *session;
  FwPage *page;
  FwWindow *window;
  GtkWidget *list, *button;

  reset_settings ();
  window = open_delete_page (&page);
  list = fw_test_ui_find_named (GTK_WIDGET (page), "shared-links-list");
  g_assert_nonnull (list);
  g_assert_false (gtk_widget_get_visible (list));

  session = fw_window_get_session (window);
  fw_session_set_export_file (session, export_file);
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 10000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);
  fw_page_shown (page);
  fw_test_ui_iterate (20);

  g_assert_true (gtk_widget_get_visible (list));
  g_assert_nonnull (fw_test_ui_find_text (list, "Your export lists 1 conversation you shared by link:"));
  button = fw_test_ui_find_button (list, "Bread recipe");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "delete.open-uri");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)), NULL),
                   ==, "https://chatgpt.com/share/share-0001");

  fw_test_ui_close_window (window);
  reset_settings ();
}

static void
test_unlocked_by_confirmation (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  AdwMessageDialog *dialog;
  FwPage *page;
  FwWindow *window;
  const char *body;

  reset_settings ();
  window = open_delete_page (&page);
  g_assert_cmpstr (page_state (page), ==, "locked");

  click (fw_test_ui_find_button (GTK_WIDGET (page), "I Don’t Need My Data…"));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  /* It says exactly what will be lost. */
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, "every conversation"));
  g_assert_nonnull (strstr (body, "custom GPTs"));
  g_assert_nonnull (strstr (body, "files"));
  g_assert_nonnull (strstr (body, "images"));
  g_assert_nonnull (strstr (body, "memory"));
  g_assert_nonnull (strstr (body, "cannot be undone"));

  /* Cancel is the safe default; the confirmation is destructive. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_true (adw_message_dialog_has_response (dialog, "confirm"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "confirm"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  save_shot (GTK_WIDGET (dialog), "delete-dialog");

  /* Cancel keeps it locked. */
  respond (dialog, "cancel");
  g_assert_null (find_message_dialog ());
  g_assert_cmpstr (page_state (page), ==, "locked");
  g_assert_false (g_settings_get_boolean (settings, "delete-confirmed-without-export"));

  /* Confirm unlocks, and is remembered. */
  click (fw_test_ui_find_button (GTK_WIDGET (page), "I Don’t Need My Data…"));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "confirm");
  g_assert_cmpstr (page_state (page), ==, "checklist");
  g_assert_true (g_settings_get_boolean (settings, "delete-confirmed-without-export"));
  g_assert_nonnull (fw_test_ui_find_text (GTK_WIDGET (page), "without saving your data"));
  fw_test_ui_close_window (window);

  window = open_delete_page (&page);
  g_assert_cmpstr (page_state (page), ==, "checklist");
  fw_test_ui_close_window (window);

  reset_settings ();
}

static void
test_ticks_persist (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_auto(GStrv) saved = NULL;
  FwPage *page;
  FwWindow *window;

  reset_settings ();
  g_settings_set_string (settings, "verified-export-sha256", "abc");
  window = open_delete_page (&page);
  g_assert_cmpuint (count_active_checks (page), ==, 0);
  g_assert_nonnull (fw_test_ui_find_text (GTK_WIDGET (page), "0 of 8 done"));

  gtk_check_button_set_active (item_check (page, "plan-apple"), TRUE);
  gtk_check_button_set_active (item_check (page, "shared-links"), TRUE);
  fw_test_ui_iterate (20);

  /* Saved at once. */
  saved = g_settings_get_strv (settings, "checklist-done");
  g_assert_true (g_strv_contains ((const char * const *) saved, "plan-apple"));
  g_assert_true (g_strv_contains ((const char * const *) saved, "shared-links"));
  g_assert_cmpuint (g_strv_length (saved), ==, 2);
  g_assert_nonnull (fw_test_ui_find_text (GTK_WIDGET (page), "2 of 8 done"));

  /* Show it with an item open, for the screenshot. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (item_row (page, "plan-web")), TRUE);
  save_shot (GTK_WIDGET (window), "delete-checklist");
  gtk_window_close (GTK_WINDOW (window));
  fw_test_ui_iterate (50);

  /* A new window shows the same ticks. */
  window = open_delete_page (&page);
  g_assert_true (gtk_check_button_get_active (item_check (page, "plan-apple")));
  g_assert_true (gtk_check_button_get_active (item_check (page, "shared-links")));
  g_assert_false (gtk_check_button_get_active (item_check (page, "plan-google")));
  g_assert_cmpuint (count_active_checks (page), ==, 2);
  g_assert_nonnull (fw_test_ui_find_text (GTK_WIDGET (page), "2 of 8 done"));

  /* Expanded for the long deletion item, scrolled to it. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (item_row (page, "delete-account")), TRUE);
  fw_test_ui_iterate (50);
  {
    GtkWidget *row = item_row (page, "delete-account");
    GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    graphene_point_t top = GRAPHENE_POINT_INIT (0, 0), in_view;

    g_assert_true (gtk_widget_compute_point (row, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                             &top, &in_view));
    gtk_adjustment_set_value (adj, in_view.y - 12);
  }
  save_shot (GTK_WIDGET (window), "delete-checklist-deletion");
  fw_test_ui_close_window (window);

  reset_settings ();
}

static void
test_complete (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(FwChecklist) checklist = NULL;
  FwPage *page;
  FwWindow *window;
  GtkWidget *next;
  guint n;

  reset_settings ();
  g_settings_set_string (settings, "verified-export-sha256", "abc");
  checklist = fw_checklist_new (settings, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (checklist));
  window = open_delete_page (&page);
  next = next_button (window);

  /* Every item but the deletion: still not complete. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), i);
      const char *id = fw_checklist_item_get_id (item);

      if (g_strcmp0 (id, "delete-account") != 0)
        gtk_check_button_set_active (item_check (page, id), TRUE);
    }
  fw_test_ui_iterate (20);
  g_assert_cmpuint (count_active_checks (page), ==, n - 1);
  g_assert_false (fw_page_get_complete (page));
  g_assert_false (gtk_widget_get_sensitive (next));

  /* The deletion ticked: complete, Next works. */
  gtk_check_button_set_active (item_check (page, "delete-account"), TRUE);
  fw_test_ui_iterate (20);
  g_assert_true (fw_page_get_complete (page));
  g_assert_true (gtk_widget_get_sensitive (next));
  g_assert_nonnull (fw_test_ui_find_text (GTK_WIDGET (page), "8 of 8 done"));

  /* "Start over" clears it all (and it stays cleared in the settings). */
  click (fw_test_ui_find_button (GTK_WIDGET (page), "Start Over"));
  g_assert_cmpuint (count_active_checks (page), ==, 0);
  g_assert_false (fw_page_get_complete (page));
  g_assert_false (gtk_widget_get_sensitive (next));
  {
    g_auto(GStrv) saved = g_settings_get_strv (settings, "checklist-done");
    g_assert_cmpuint (g_strv_length (saved), ==, 0);
  }

  /* "Keep my account for now": complete without deleting. */
  click (fw_test_ui_find_button (GTK_WIDGET (page), "Keep My Account for Now"));
  g_assert_true (g_settings_get_boolean (settings, "keep-account"));
  g_assert_true (fw_page_get_complete (page));
  g_assert_true (gtk_widget_get_sensitive (next));
  g_assert_nonnull (fw_test_ui_find_text (GTK_WIDGET (page), "You are keeping your account"));
  save_shot (GTK_WIDGET (window), "delete-keep");

  g_assert_true (fw_window_go_next (window));
  g_assert_cmpstr (fw_window_get_page_name (window), ==, "provider");
  fw_window_set_page_name (window, "delete");
  fw_test_ui_iterate (20);

  /* Start over also takes back the choice to keep the account. */
  click (fw_test_ui_find_button (GTK_WIDGET (page), "Start Over"));
  g_assert_false (g_settings_get_boolean (settings, "keep-account"));
  g_assert_false (fw_page_get_complete (page));

  fw_test_ui_close_window (window);
  reset_settings ();
}

/* Every open-page button and every source link, collected from the widgets. */
static void
collect_links (GtkWidget  *widget,
               GPtrArray  *buttons,
               GPtrArray  *hrefs)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "delete.open-uri") == 0)
        {
          GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child));

          g_assert_nonnull (target);
          g_ptr_array_add (buttons, g_variant_dup_string (target, NULL));

          /* Icon-only buttons still say what they open. */
          if (gtk_button_get_icon_name (GTK_BUTTON (child)) != NULL)
            g_assert_nonnull (gtk_widget_get_tooltip_text (child));
        }
      else if (GTK_IS_LABEL (child) && gtk_label_get_use_markup (GTK_LABEL (child)))
        {
          const char *p = gtk_label_get_label (GTK_LABEL (child));

          while ((p = strstr (p, "href=\"")) != NULL)
            {
              const char *start = p + strlen ("href=\"");
              const char *end = strchr (start, '"');

              g_assert_nonnull (end);
              g_ptr_array_add (hrefs, g_strndup (start, end - start));
              p = end;
            }
        }

      collect_links (child, buttons, hrefs);
    }
}

static void
assert_https (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "https");
  g_assert_cmpstr (g_uri_get_host (uri), !=, "");
}

static void
test_links_https_from_data (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(FwChecklist) checklist = NULL;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) hrefs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) data_links = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) data_sources = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n, n_links = 0;
  FwPage *page;
  FwWindow *window;

  reset_settings ();
  g_settings_set_string (settings, "verified-export-sha256", "abc");
  checklist = fw_checklist_new (settings, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (checklist));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), i);
      const char * const *sources = fw_checklist_item_get_sources (item);

      for (guint l = 0; l < fw_checklist_item_get_n_links (item); l++, n_links++)
        g_hash_table_add (data_links, (gpointer) fw_checklist_item_get_link_url (item, l));
      for (guint s = 0; sources[s] != NULL; s++)
        g_hash_table_add (data_sources, (gpointer) sources[s]);
    }

  window = open_delete_page (&page);
  collect_links (GTK_WIDGET (page), buttons, hrefs);

  /* One icon button per row plus one labelled button per link. */
  g_assert_cmpuint (buttons->len, ==, n + n_links);
  for (guint i = 0; i < buttons->len; i++)
    {
      const char *url = g_ptr_array_index (buttons, i);

      assert_https (url);
      g_assert_true (g_hash_table_contains (data_links, url));
      g_hash_table_add (seen, (gpointer) url);
    }
  /* ...and every link of the data file has its button. */
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (data_links));

  g_assert_cmpuint (hrefs->len, >=, n);
  for (guint i = 0; i < hrefs->len; i++)
    {
      assert_https (g_ptr_array_index (hrefs, i));
      g_assert_true (g_hash_table_contains (data_sources, g_ptr_array_index (hrefs, i)));
    }

  fw_test_ui_close_window (window);
  reset_settings ();
}

/* 360 px wide: nothing wider than the window, in both states. */
static void
test_narrow (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  FwWindow *window;
  FwPage *page;

  reset_settings ();
  window = fw_test_ui_open_window (360, 720);
  fw_window_set_page_name (window, "delete");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  page = fw_window_get_page (window);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (page)), <=, gtk_widget_get_width (GTK_WIDGET (window)));

  g_settings_set_string (settings, "verified-export-sha256", "abc");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (item_row (page, "delete-account")), TRUE);
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);
  g_assert_cmpint (gtk_widget_get_width (checklist_box (page)), <=, gtk_widget_get_width (GTK_WIDGET (window)));

  fw_test_ui_close_window (window);
  reset_settings ();
}

int
main (int   argc,
      char *argv[])
{
  fw_test_ui_init (&argc, &argv);

  g_test_add_func ("/delete/locked-without-export", test_locked_without_export);
  g_test_add_func ("/delete/unlocked-by-export", test_unlocked_by_export);
  g_test_add_func ("/delete/unlocked-by-confirmation", test_unlocked_by_confirmation);
  g_test_add_func ("/delete/shared-links", test_shared_links);
  g_test_add_func ("/delete/ticks-persist", test_ticks_persist);
  g_test_add_func ("/delete/complete", test_complete);
  g_test_add_func ("/delete/links-https-from-data", test_links_https_from_data);
  g_test_add_func ("/delete/narrow", test_narrow);

  return g_test_run ();
}
