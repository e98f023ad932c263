/* test-export-fixtures.c — every real export sample in $FAREWELL_FIXTURES
 * (../shared/fixtures: conversations.json files from other projects' test
 * suites) verifies and converts without error, through the core API and
 * the command line, with the counts counted by hand for the known ones.
 * Skipped when the folder is absent.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "export-test-util.h"

typedef struct {
  const char *name;
  guint       conversations;
  guint       messages;       /* shown, in every branch */
  guint       message_nodes;  /* hidden ones too */
  const char *first_date;
  const char *last_date;
  gboolean    custom_instructions;
  guint       warnings;
  /* the first conversation: its current node, and how many messages its
   * thread shows and its tree holds */
  const char *current_node;
  guint       shown;
  guint       nodes;
  guint       other_branches;   /* nodes outside the current thread */
} Expected;

static const Expected expected[] = {
  { "librechat-chatgpt-tree.json", 1, 11, 12, "2024-05-01T17:37:11Z", "2024-05-01T17:37:40Z", FALSE, 0,
    "f63b8e17-aa5c-4ca6-a1bf-d4d285e269b8", 6, 13, 5 },
  { "librechat-chatgpt-modern-export.json", 2, 6, 7, "2025-08-24T01:46:40Z", "2025-08-24T02:05:00Z", TRUE, 1,
    "assistant-2", 4, 6, 0 },
};

static GPtrArray *
fixtures (void)
{
  const char *dir = g_getenv ("FAREWELL_FIXTURES");
  g_autoptr(GDir) d = NULL;
  GPtrArray *paths;
  const char *name;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return NULL;
  paths = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".json") || g_str_has_suffix (name, ".zip"))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  if (paths->len == 0)
    g_clear_pointer (&paths, g_ptr_array_unref);
  return paths;
}

static const Expected *
expected_for (const char *path)
{
  g_autofree char *name = g_path_get_basename (path);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (g_str_equal (expected[i].name, name))
      return &expected[i];
  return NULL;
}

static void
check_summary (FwExportSummary *summary,
               const Expected  *e)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_assert_cmpuint (fw_export_summary_get_conversations (summary), >, 0);
  if (e == NULL)
    return;

  first = g_date_time_format_iso8601 (fw_export_summary_get_first_date (summary));
  last = g_date_time_format_iso8601 (fw_export_summary_get_last_date (summary));
  g_assert_cmpuint (fw_export_summary_get_conversations (summary), ==, e->conversations);
  g_assert_cmpuint (fw_export_summary_get_messages (summary), ==, e->messages);
  g_assert_cmpuint (fw_export_summary_get_message_nodes (summary), ==, e->message_nodes);
  g_assert_cmpuint (fw_export_summary_get_attachments_referenced (summary), ==, 0);
  g_assert_cmpstr (first, ==, e->first_date);
  g_assert_cmpstr (last, ==, e->last_date);
  g_assert_cmpint (fw_export_summary_get_custom_instructions (summary), ==, e->custom_instructions);
  g_assert_cmpuint (g_strv_length ((char **) fw_export_summary_get_warnings (summary)), ==, e->warnings);
  g_assert_cmpuint (g_hash_table_size (fw_export_summary_get_unknown_content_types (summary)), ==, 0);
}

static void
test_core (void)
{
  g_autoptr(GPtrArray) paths = fixtures ();
  g_autofree char *schema_path = NULL;
  g_autoptr(JsonNode) schema = NULL;

  if (paths == NULL)
    {
      g_test_skip ("no export samples ($FAREWELL_FIXTURES)");
      return;
    }
  schema_path = g_build_filename (g_getenv ("FAREWELL_SOURCE_ROOT"), "data", "conversation.schema.json", NULL);
  schema = et_parse_json_file (schema_path);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      const Expected *e = expected_for (path);
      g_autofree char *tmp = et_make_tmp ();
      g_autofree char *out = g_build_filename (tmp, "archive", NULL);
      g_autofree char *conversations = g_build_filename (out, "conversations", NULL);
      g_autoptr(GFile) source = g_file_new_for_path (path);
      g_autoptr(GFile) output = g_file_new_for_path (out);
      g_autoptr(GError) error = NULL;
      g_autoptr(FwExportSummary) verified = NULL;
      g_autoptr(FwExportSummary) converted = NULL;
      g_autoptr(JsonNode) manifest = NULL;
      g_autofree char *manifest_path = g_build_filename (out, "manifest.json", NULL);
      JsonArray *list;

      g_test_message ("fixture: %s", path);
      verified = fw_export_verify_sync (source, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      check_summary (verified, e);

      converted = fw_export_convert_sync (source, output, FW_ARCHIVE_FORMAT_ALL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      check_summary (converted, e);

      manifest = et_parse_json_file (manifest_path);
      list = json_object_get_array_member (json_node_get_object (manifest), "conversations");
      g_assert_cmpuint (json_array_get_length (list), ==, fw_export_summary_get_conversations (converted));

      for (guint j = 0; j < json_array_get_length (list); j++)
        {
          const char *stem = json_object_get_string_member (json_array_get_object_element (list, j), "stem");
          g_autofree char *json_name = g_strconcat (stem, ".json", NULL);
          g_autofree char *json_path = g_build_filename (conversations, json_name, NULL);
          g_autoptr(JsonNode) doc = et_parse_json_file (json_path);
          g_autofree char *problem = NULL;
          JsonObject *o = json_node_get_object (doc);
          JsonArray *messages = json_object_get_array_member (o, "messages");
          JsonArray *nodes = json_object_get_array_member (o, "nodes");

          if (!et_schema_validate (schema, doc, &problem))
            g_error ("%s: %s", json_name, problem);
          for (const char *ext = "md"; ext != NULL; ext = g_str_equal (ext, "md") ? "html" : NULL)
            {
              g_autofree char *name = g_strconcat (stem, ".", ext, NULL);
              g_autofree char *p = g_build_filename (conversations, name, NULL);
              gsize len;
              g_autofree char *text = et_read (p, &len);

              g_assert_cmpuint (len, >, 0);
              g_assert_true (g_utf8_validate (text, len, NULL));
            }

          if (e != NULL && j == 0)
            {
              guint in_thread = 0;

              g_assert_cmpstr (json_object_get_string_member (o, "current_node"), ==, e->current_node);
              g_assert_cmpuint (json_array_get_length (messages), ==, e->shown);
              g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, e->shown - 1), "id"),
                               ==, e->current_node);
              g_assert_cmpuint (json_array_get_length (nodes), ==, e->nodes);
              for (guint k = 0; k < json_array_get_length (nodes); k++)
                in_thread += json_object_get_boolean_member (json_array_get_object_element (nodes, k), "in_current_thread");
              g_assert_cmpuint (e->nodes - in_thread, ==, e->other_branches);
            }
        }

      if (e != NULL && e->custom_instructions)
        {
          g_autofree char *ci = g_build_filename (out, "custom-instructions.md", NULL);

          g_assert_true (g_file_test (ci, G_FILE_TEST_IS_REGULAR));
        }
      et_rm_rf (tmp);
    }
}

static void
test_cli (void)
{
  g_autoptr(GPtrArray) paths = fixtures ();

  if (paths == NULL)
    {
      g_test_skip ("no export samples ($FAREWELL_FIXTURES)");
      return;
    }

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      const Expected *e = expected_for (path);
      g_autofree char *tmp = et_make_tmp ();
      g_autofree char *archive = g_build_filename (tmp, "archive", NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonObject *o;

      g_assert_cmpint (et_run_cli (&out, &err, "--verify", path, "--json", NULL), ==, 0);
      g_assert_cmpstr (err, ==, "");
      root = et_parse_json (out, -1);
      o = json_node_get_object (root);
      g_assert_cmpint (json_object_get_int_member (o, "conversations"), >, 0);
      if (e != NULL)
        {
          g_assert_cmpint (json_object_get_int_member (o, "conversations"), ==, e->conversations);
          g_assert_cmpint (json_object_get_int_member (o, "messages"), ==, e->messages);
          g_assert_cmpint (json_object_get_int_member (o, "message_nodes"), ==, e->message_nodes);
          g_assert_cmpstr (json_object_get_string_member (o, "first_date"), ==, e->first_date);
          g_assert_cmpstr (json_object_get_string_member (o, "last_date"), ==, e->last_date);
          g_assert_cmpint (json_object_get_boolean_member (o, "custom_instructions"), ==, e->custom_instructions);
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "warnings")), ==, e->warnings);
        }

      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (et_run_cli (&out, &err, "--convert", path, "--output", archive, NULL), ==, 0);
      g_assert_cmpstr (err, ==, "");
      g_assert_nonnull (strstr (out, "Archive written to "));
      et_rm_rf (tmp);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/fixtures/core", test_core);
  g_test_add_func ("/export/fixtures/cli", test_cli);

  return g_test_run ();
}
