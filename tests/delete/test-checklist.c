/* test-checklist.c — the account-deletion checklist model: the shipped data,
 * validation of bad data, saved progress, "Start over", the safety gate and
 * when the step is complete.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "account/fw-checklist.h"
#include "fw-settings.h"

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();

  g_settings_reset (settings, "checklist-done");
  g_settings_reset (settings, "keep-account");
  g_settings_reset (settings, "verified-export-sha256");
  g_settings_reset (settings, "verified-export-path");
  g_settings_reset (settings, "delete-confirmed-without-export");
}

static FwChecklist *
load_shipped (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(GError) error = NULL;
  FwChecklist *checklist = fw_checklist_new (settings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (checklist);
  return checklist;
}

static void
assert_https (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "https");
  g_assert_nonnull (g_uri_get_host (uri));
  g_assert_cmpstr (g_uri_get_host (uri), !=, "");
}

static void
test_shipped_items (void)
{
  g_autoptr(FwChecklist) checklist = load_shipped ();
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (checklist));
  guint n_optional = 0;
  const char *expected[] = {
    "plan-web", "plan-apple", "plan-google", "api-platform", "shared-links",
    "privacy-request", "delete-account", "confirmation-email",
  };

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (checklist)) == FW_TYPE_CHECKLIST_ITEM);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (checklist), n));
  g_assert_cmpstr (fw_checklist_get_checked (checklist), ==, "2026-11-24");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), i);
      const char * const *sources = fw_checklist_item_get_sources (item);
      g_autofree char *url_prop = NULL;

      g_assert_cmpstr (fw_checklist_item_get_id (item), ==, expected[i]);
      g_assert_true (g_hash_table_add (ids, g_strdup (fw_checklist_item_get_id (item))));
      g_assert_cmpuint (strlen (fw_checklist_item_get_title (item)), >, 0);
      g_assert_cmpuint (strlen (fw_checklist_item_get_explanation (item)), >, 0);
      g_assert_nonnull (fw_checklist_item_get_details (item));
      g_assert_false (fw_checklist_item_get_done (item));

      /* Every item opens at least one https page, with a label. */
      g_assert_cmpuint (fw_checklist_item_get_n_links (item), >=, 1);
      for (guint l = 0; l < fw_checklist_item_get_n_links (item); l++)
        {
          assert_https (fw_checklist_item_get_link_url (item, l));
          g_assert_cmpuint (strlen (fw_checklist_item_get_link_label (item, l)), >, 0);
        }
      g_assert_null (fw_checklist_item_get_link_url (item, fw_checklist_item_get_n_links (item)));
      g_object_get (item, "url", &url_prop, NULL);
      g_assert_cmpstr (url_prop, ==, fw_checklist_item_get_link_url (item, 0));
      g_assert_cmpstr (fw_checklist_item_get_url_label (item), ==, fw_checklist_item_get_link_label (item, 0));

      /* And says where its facts come from, and when they were checked. */
      g_assert_nonnull (sources);
      g_assert_nonnull (sources[0]);
      for (guint s = 0; sources[s] != NULL; s++)
        assert_https (sources[s]);
      g_assert_cmpstr (fw_checklist_item_get_checked (item), ==, "2026-11-24");

      n_optional += fw_checklist_item_get_optional (item);
    }

  /* Only the privacy request is optional. */
  g_assert_cmpuint (n_optional, ==, 1);
  g_assert_true (fw_checklist_item_get_optional (fw_checklist_get_item (checklist, "privacy-request")));

  g_assert_nonnull (fw_checklist_get_deletion_item (checklist));
  g_assert_cmpstr (fw_checklist_item_get_id (fw_checklist_get_deletion_item (checklist)), ==, "delete-account");
  g_assert_null (fw_checklist_get_item (checklist, "no-such-item"));

  /* The store pages: deleting the account does not cancel these. */
  g_assert_cmpstr (fw_checklist_item_get_url (fw_checklist_get_item (checklist, "plan-apple")), ==,
                   "https://apps.apple.com/account/subscriptions");
  g_assert_cmpstr (fw_checklist_item_get_url (fw_checklist_get_item (checklist, "plan-google")), ==,
                   "https://play.google.com/store/account/subscriptions");
  g_assert_cmpstr (fw_checklist_item_get_url (fw_checklist_get_item (checklist, "api-platform")), ==,
                   "https://platform.openai.com/api-keys");
}

/* Every user-visible string of the data file has an N_() copy, so that it
 * reaches the translators. */
static void
test_strings_translatable (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char * const *strings = fw_checklist_get_translatable_strings ();
  JsonArray *items;
  guint n_checked = 0;

  bytes = g_resources_lookup_data (FW_CHECKLIST_RESOURCE, 0, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  items = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonArray *links = json_object_get_array_member (item, "links");

      g_assert_true (g_strv_contains (strings, json_object_get_string_member (item, "title")));
      g_assert_true (g_strv_contains (strings, json_object_get_string_member (item, "explanation")));
      n_checked += 2;

      if (json_object_has_member (item, "details"))
        {
          JsonArray *details = json_object_get_array_member (item, "details");

          for (guint d = 0; d < json_array_get_length (details); d++, n_checked++)
            g_assert_true (g_strv_contains (strings, json_array_get_string_element (details, d)));
        }

      for (guint l = 0; l < json_array_get_length (links); l++, n_checked++)
        g_assert_true (g_strv_contains (strings,
                                        json_object_get_string_member (json_array_get_object_element (links, l), "label")));
    }

  g_assert_cmpuint (n_checked, >, 20);
}

static void
assert_invalid (const char *json)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(FwChecklist) checklist = NULL;

  checklist = fw_checklist_new_from_bytes (bytes, settings, &error);
  g_assert_error (error, FW_CHECKLIST_ERROR, FW_CHECKLIST_ERROR_INVALID);
  g_assert_null (checklist);
  g_test_message ("rejected: %s", error->message);
}

#define ITEM(id, url, source) \
  "{\"id\":\"" id "\",\"title\":\"T\",\"explanation\":\"E\"," \
  "\"links\":[{\"label\":\"L\",\"url\":\"" url "\"}],\"sources\":[\"" source "\"]}"
#define HEAD "{\"checked\":\"2026-11-24\",\"deletion-item\":\"d\",\"items\":["

static void
test_invalid_data (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  const char *good = HEAD ITEM ("d", "https://example.org/", "https://example.org/src") "]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (good, strlen (good));
  g_autoptr(GError) error = NULL;
  g_autoptr(FwChecklist) checklist = NULL;

  /* The minimal good file loads (so the failures below are about the one thing changed). */
  checklist = fw_checklist_new_from_bytes (bytes, settings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (checklist)), ==, 1);

  assert_invalid ("not json");
  assert_invalid ("[]");
  assert_invalid (HEAD "]}");
  assert_invalid (HEAD ITEM ("d", "http://example.org/", "https://example.org/") "]}");
  assert_invalid (HEAD ITEM ("d", "javascript:alert(1)", "https://example.org/") "]}");
  assert_invalid (HEAD ITEM ("d", "https:///nohost", "https://example.org/") "]}");
  assert_invalid (HEAD ITEM ("d", "https://example.org/", "http://example.org/") "]}");
  assert_invalid (HEAD ITEM ("d", "https://example.org/", "https://example.org/") ","
                       ITEM ("d", "https://example.org/", "https://example.org/") "]}");
  assert_invalid (HEAD ITEM ("x", "https://example.org/", "https://example.org/") "]}");
  assert_invalid (HEAD ITEM ("Bad Id", "https://example.org/", "https://example.org/") "]}");
  assert_invalid ("{\"checked\":\"2026-13-40\",\"deletion-item\":\"d\",\"items\":["
                  ITEM ("d", "https://example.org/", "https://example.org/") "]}");
  assert_invalid (HEAD "{\"id\":\"d\",\"title\":\"T\",\"explanation\":\"E\",\"links\":[],"
                  "\"sources\":[\"https://example.org/\"]}]}");
  assert_invalid (HEAD "{\"id\":\"d\",\"title\":\"\",\"explanation\":\"E\","
                  "\"links\":[{\"label\":\"L\",\"url\":\"https://example.org/\"}],"
                  "\"sources\":[\"https://example.org/\"]}]}");
  assert_invalid (HEAD "{\"id\":\"d\",\"title\":\"T\",\"explanation\":\"E\",\"optional\":\"yes\","
                  "\"links\":[{\"label\":\"L\",\"url\":\"https://example.org/\"}],"
                  "\"sources\":[\"https://example.org/\"]}]}");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_progress_saved (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(FwChecklist) checklist = load_shipped ();
  g_autoptr(FwChecklist) other = NULL;
  g_auto(GStrv) saved = NULL;
  g_auto(GStrv) done_ids = NULL;
  FwChecklistItem *apple;
  guint n_done_notified = 0;

  reset_settings ();
  g_signal_connect (checklist, "notify::n-done", G_CALLBACK (count_notify), &n_done_notified);

  g_assert_cmpuint (fw_checklist_get_n_done (checklist), ==, 0);
  fw_checklist_set_done (checklist, "plan-apple", TRUE);
  fw_checklist_item_set_done (fw_checklist_get_item (checklist, "shared-links"), TRUE);
  g_assert_cmpuint (fw_checklist_get_n_done (checklist), ==, 2);
  g_assert_cmpuint (n_done_notified, ==, 2);

  /* Saved at once, in list order. */
  saved = g_settings_get_strv (settings, "checklist-done");
  g_assert_cmpuint (g_strv_length (saved), ==, 2);
  g_assert_cmpstr (saved[0], ==, "plan-apple");
  g_assert_cmpstr (saved[1], ==, "shared-links");
  done_ids = fw_checklist_dup_done_ids (checklist);
  g_assert_cmpstrv (done_ids, saved);

  /* A second checklist (another window, a later start) reads it back. */
  other = load_shipped ();
  g_assert_cmpuint (fw_checklist_get_n_done (other), ==, 2);
  g_assert_true (fw_checklist_item_get_done (fw_checklist_get_item (other, "plan-apple")));
  g_assert_false (fw_checklist_item_get_done (fw_checklist_get_item (other, "plan-google")));

  /* Unticking in one shows in the other, through the settings. */
  apple = fw_checklist_get_item (other, "plan-apple");
  g_object_set (apple, "done", FALSE, NULL);
  g_assert_false (fw_checklist_item_get_done (fw_checklist_get_item (checklist, "plan-apple")));
  g_assert_cmpuint (fw_checklist_get_n_done (checklist), ==, 1);

  /* Ids the data file no longer knows are ignored, not fatal. */
  {
    const char *ids[] = { "gone-item", "api-platform", NULL };
    g_settings_set_strv (settings, "checklist-done", ids);
  }
  g_assert_cmpuint (fw_checklist_get_n_done (checklist), ==, 1);
  g_assert_true (fw_checklist_item_get_done (fw_checklist_get_item (checklist, "api-platform")));
  g_assert_false (fw_checklist_item_get_done (fw_checklist_get_item (checklist, "shared-links")));

  reset_settings ();
}

static void
test_reset (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(FwChecklist) checklist = load_shipped ();
  g_auto(GStrv) saved = NULL;
  const char *ids[] = { "plan-web", "delete-account", NULL };

  reset_settings ();
  g_settings_set_string (settings, "verified-export-sha256", "abc123");
  fw_checklist_set_done_ids (checklist, ids);
  fw_checklist_set_keep_account (checklist, TRUE);
  g_assert_cmpuint (fw_checklist_get_n_done (checklist), ==, 2);
  g_assert_true (fw_checklist_get_complete (checklist));

  fw_checklist_reset (checklist);

  saved = g_settings_get_strv (settings, "checklist-done");
  g_assert_cmpuint (g_strv_length (saved), ==, 0);
  g_assert_cmpuint (fw_checklist_get_n_done (checklist), ==, 0);
  g_assert_false (g_settings_get_boolean (settings, "keep-account"));
  g_assert_false (fw_checklist_get_complete (checklist));
  /* The safety gate is not part of the progress: it stays open. */
  g_assert_true (fw_checklist_get_unlocked (checklist));

  reset_settings ();
}

static void
test_gate (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(FwChecklist) checklist = NULL;
  guint unlocked_notified = 0;

  reset_settings ();
  checklist = load_shipped ();
  g_signal_connect (checklist, "notify::unlocked", G_CALLBACK (count_notify), &unlocked_notified);

  /* Locked: no verified export, no confirmation. */
  g_assert_false (fw_checklist_get_unlocked (checklist));
  g_assert_cmpint (fw_checklist_get_unlock_reason (checklist), ==, FW_CHECKLIST_LOCKED);

  /* A verified export (in this run or an earlier one) unlocks. */
  g_settings_set_string (settings, "verified-export-sha256",
                         "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  g_assert_true (fw_checklist_get_unlocked (checklist));
  g_assert_cmpint (fw_checklist_get_unlock_reason (checklist), ==, FW_CHECKLIST_UNLOCKED_BY_EXPORT);
  g_assert_cmpuint (unlocked_notified, ==, 1);

  g_settings_set_string (settings, "verified-export-sha256", "");
  g_assert_false (fw_checklist_get_unlocked (checklist));
  g_assert_cmpuint (unlocked_notified, ==, 2);

  /* The explicit confirmation unlocks too. */
  fw_checklist_confirm_without_export (checklist);
  g_assert_true (g_settings_get_boolean (settings, "delete-confirmed-without-export"));
  g_assert_true (fw_checklist_get_unlocked (checklist));
  g_assert_cmpint (fw_checklist_get_unlock_reason (checklist), ==, FW_CHECKLIST_UNLOCKED_BY_CONFIRMATION);
  g_assert_cmpuint (unlocked_notified, ==, 3);

  /* Both: the export is the reason given. */
  g_settings_set_string (settings, "verified-export-sha256", "abc");
  g_assert_cmpint (fw_checklist_get_unlock_reason (checklist), ==, FW_CHECKLIST_UNLOCKED_BY_EXPORT);

  reset_settings ();
  g_assert_false (fw_checklist_get_unlocked (checklist));
}

static void
test_complete (void)
{
  g_autoptr(FwChecklist) checklist = NULL;
  guint complete_notified = 0;
  guint n;

  reset_settings ();
  checklist = load_shipped ();
  g_signal_connect (checklist, "notify::complete", G_CALLBACK (count_notify), &complete_notified);
  n = g_list_model_get_n_items (G_LIST_MODEL (checklist));

  /* Every item but the deletion: not complete. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), i);

      if (item != fw_checklist_get_deletion_item (checklist))
        fw_checklist_item_set_done (item, TRUE);
    }
  g_assert_cmpuint (fw_checklist_get_n_done (checklist), ==, n - 1);
  g_assert_false (fw_checklist_get_complete (checklist));
  g_assert_cmpuint (complete_notified, ==, 0);

  /* The deletion ticked: complete. */
  fw_checklist_set_done (checklist, "delete-account", TRUE);
  g_assert_true (fw_checklist_get_complete (checklist));
  g_assert_cmpuint (complete_notified, ==, 1);

  fw_checklist_set_done (checklist, "delete-account", FALSE);
  g_assert_false (fw_checklist_get_complete (checklist));
  g_assert_cmpuint (complete_notified, ==, 2);

  /* Or keeping the account for now, with nothing ticked at all. */
  fw_checklist_reset (checklist);
  g_assert_false (fw_checklist_get_complete (checklist));
  fw_checklist_set_keep_account (checklist, TRUE);
  g_assert_true (fw_checklist_get_keep_account (checklist));
  g_assert_true (fw_checklist_get_complete (checklist));
  g_assert_cmpuint (complete_notified, ==, 3);

  reset_settings ();
  g_assert_false (fw_checklist_get_complete (checklist));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/checklist/shipped-items", test_shipped_items);
  g_test_add_func ("/checklist/strings-translatable", test_strings_translatable);
  g_test_add_func ("/checklist/invalid-data", test_invalid_data);
  g_test_add_func ("/checklist/progress-saved", test_progress_saved);
  g_test_add_func ("/checklist/reset", test_reset);
  g_test_add_func ("/checklist/gate", test_gate);
  g_test_add_func ("/checklist/complete", test_complete);

  return g_test_run ();
}
