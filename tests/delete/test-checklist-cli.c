/* test-checklist-cli.c — `farewell --checklist` as a terminal user sees it:
 * every item and link, the progress saved by another process (GSettings
 * keyfile backend in a throw-away XDG_CONFIG_HOME, so it really goes
 * through a file on disk), and the state of the safety gate.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "account/fw-checklist.h"
#include "fw-settings.h"

static char *config_dir;

static char *
run_checklist (void)
{
  const char *bin = g_getenv ("FAREWELL_BIN");
  const char *argv[] = { bin, "--checklist", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_nonnull (bin);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  /* Exit 0, nothing on stderr. */
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");

  return out;
}

/* The line of an item, e.g. "[x] 3. Cancel a Google Play subscription". */
static void
assert_item_line (const char *out,
                  guint       number,
                  const char *title,
                  gboolean    done)
{
  g_autofree char *line = g_strdup_printf ("%s %u. %s", done ? "[x]" : "[ ]", number, title);

  if (strstr (out, line) == NULL)
    g_error ("“%s” not in:\n%s", line, out);
}

static void
assert_all_items (const char  *out,
                  FwChecklist *checklist)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (checklist));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), i);
      g_autofree char *first_words = NULL;

      /* The title; long ones may wrap, so the first words. */
      first_words = g_strndup (fw_checklist_item_get_title (item), 20);
      g_assert_nonnull (strstr (out, first_words));
      assert_item_line (out, i + 1, first_words, fw_checklist_item_get_done (item));

      for (guint l = 0; l < fw_checklist_item_get_n_links (item); l++)
        {
          /* "Label: URL", the URL never broken (it may go to the next line). */
          g_autofree char *label = g_strdup_printf ("→ %s:", fw_checklist_item_get_link_label (item, l));
          const char *url = fw_checklist_item_get_link_url (item, l);
          const char *at = strstr (out, label);

          if (at == NULL || strstr (at, url) == NULL)
            g_error ("link “%s %s” not in:\n%s", label, url, out);
        }
    }
}

static void
test_fresh (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(FwChecklist) checklist = fw_checklist_new (settings, NULL);
  g_autofree char *out = run_checklist ();

  g_test_message ("%s", out);
  assert_all_items (out, checklist);
  g_assert_null (strstr (out, "[x]"));
  g_assert_nonnull (strstr (out, "Locked: save your data first."));
  g_assert_nonnull (strstr (out, "0 of 8 done."));
  g_assert_nonnull (strstr (out, "Facts checked on 2026-11-24"));
  g_assert_nonnull (strstr (out, "https://apps.apple.com/account/subscriptions"));
  g_assert_nonnull (strstr (out, "https://play.google.com/store/account/subscriptions"));
  g_assert_nonnull (strstr (out, "Make a privacy request (optional)"));
  g_assert_nonnull (strstr (out, "Not finished yet"));

  /* Wrapped for a terminal. */
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "https://") == NULL)
        g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 78);
  }
}

static void
test_progress_from_another_process (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(FwChecklist) checklist = fw_checklist_new (settings, NULL);
  g_autofree char *keyfile = g_build_filename (config_dir, "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *out = NULL;
  g_autofree char *contents = NULL;

  /* Ticked in this process, as the window does. */
  fw_checklist_set_done (checklist, "plan-apple", TRUE);
  fw_checklist_set_done (checklist, "shared-links", TRUE);
  g_settings_set_string (settings, "verified-export-sha256", "0123abcd");
  g_settings_set_string (settings, "verified-export-path", "/home/me/Downloads/chatgpt-export.zip");
  g_settings_sync ();

  /* It is in the file on disk, not only in memory. */
  g_assert_true (g_file_get_contents (keyfile, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "plan-apple"));

  out = run_checklist ();
  g_test_message ("%s", out);
  assert_all_items (out, checklist);
  assert_item_line (out, 2, "Cancel an App Store subscription", TRUE);
  assert_item_line (out, 5, "Delete your shared links", TRUE);
  assert_item_line (out, 3, "Cancel a Google Play subscription", FALSE);
  assert_item_line (out, 7, "Delete the account", FALSE);
  g_assert_nonnull (strstr (out, "2 of 8 done."));
  g_assert_nonnull (strstr (out, "Unlocked: your export was verified (/home/me/Downloads/chatgpt-export.zip)."));
  g_assert_null (strstr (out, "Locked"));
  g_clear_pointer (&out, g_free);

  /* The deletion ticked: the step is complete. */
  fw_checklist_set_done (checklist, "delete-account", TRUE);
  g_settings_sync ();
  out = run_checklist ();
  assert_item_line (out, 7, "Delete the account", TRUE);
  g_assert_nonnull (strstr (out, "3 of 8 done."));
  g_assert_nonnull (strstr (out, "this step is complete"));
  g_clear_pointer (&out, g_free);

  /* Start over, keep the account, and unlock by confirmation instead. */
  fw_checklist_reset (checklist);
  fw_checklist_set_keep_account (checklist, TRUE);
  g_settings_set_string (settings, "verified-export-sha256", "");
  fw_checklist_confirm_without_export (checklist);
  g_settings_sync ();
  out = run_checklist ();
  g_test_message ("%s", out);
  g_assert_null (strstr (out, "[x]"));
  g_assert_nonnull (strstr (out, "0 of 8 done."));
  g_assert_nonnull (strstr (out, "Unlocked: you confirmed that you do not need your data."));
  g_assert_nonnull (strstr (out, "You chose to keep your account for now"));
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        rm_rf (child);
      }
  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  int ret;

  /* Before any GSettings is made: a real file-backed store shared with the
   * child processes. */
  tmp = g_dir_make_tmp ("farewell-checklist-XXXXXX", &error);
  g_assert_no_error (error);
  config_dir = g_build_filename (tmp, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/checklist-cli/fresh", test_fresh);
  g_test_add_func ("/checklist-cli/progress-from-another-process", test_progress_from_another_process);

  ret = g_test_run ();

  rm_rf (tmp);
  g_free (config_dir);
  return ret;
}
