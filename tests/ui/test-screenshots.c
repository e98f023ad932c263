/* test-screenshots.c — renders every page to a PNG for README and metainfo
 *
 * Run by `build-aux/dev screenshots` with FAREWELL_SCREENSHOT_DIR and
 * FAREWELL_SCREENSHOT_VARIANT (light, dark, narrow, tr, ar). Without them
 * it still lays out and paints every page, which must not fail.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-test-ui.h"

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

int
main (int   argc,
      char *argv[])
{
  fw_test_ui_init (&argc, &argv);

  g_test_add_func ("/screenshots/every-page", test_every_page);
  g_test_add_func ("/screenshots/provider-setup", test_provider_setup);

  return g_test_run ();
}
