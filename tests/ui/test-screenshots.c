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

      path = fw_test_ui_screenshot (GTK_WIDGET (window), pages[i]);
      if (path)
        g_test_message ("saved %s", path);
    }

  fw_test_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  fw_test_ui_init (&argc, &argv);

  g_test_add_func ("/screenshots/every-page", test_every_page);

  return g_test_run ();
}
