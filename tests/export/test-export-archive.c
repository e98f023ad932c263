/* test-export-archive.c — the archive the engine writes: golden Markdown and
 * JSON of the hand-written export, the layout, branches, attachments,
 * hostile titles and file names, every kind of source, format subsets,
 * determinism, the JSON schema, existing output folders and cancelling.
 *
 * The zips are made here at run time from tests/data/export/small with
 * libarchive; no binary is committed.
 *
 * Golden files: tests/data/export/golden/ (see its README.md). After a
 * deliberate change of the output, regenerate them with
 *
 *   FAREWELL_UPDATE_GOLDEN=1 meson test -C _build export-archive
 *
 * and review the diff by eye: the golden files are the specification.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "export-test-util.h"
#include "export/fw-conversation.h"

/* What the small export holds (counted by hand from its conversations.json). */
#define SMALL_CONVERSATIONS 7
#define SMALL_MESSAGES 22        /* shown in ChatGPT */
#define SMALL_MESSAGE_NODES 34   /* with the hidden ones */
#define SMALL_REFERENCED 7
#define SMALL_MISSING 3

static const char *small_stems[] = {
  "2024-06-01-sourdough-starter-won-t-rise-c0ffee01",
  "2024-06-02-plotting-rainfall-with-python-c0ffee02",
  "2024-06-03-what-bird-is-this-c0ffee03",
  "2024-06-04-voice-note-packing-list-c0ffee04",
  "2024-06-05-why-do-honeybees-dance-c0ffee05",
  "2024-06-06-weekly-meal-plan-c0ffee06",
  "undated-untitled-c0ffee07",
  NULL
};

static FwExportSummary *
convert (const char        *source,
         const char        *output,
         FwArchiveFormats   formats,
         GError           **error)
{
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autoptr(GFile) out = g_file_new_for_path (output);

  return fw_export_convert_sync (in, out, formats, NULL, NULL, NULL, error);
}

static FwExportSummary *
verify (const char  *source,
        GError     **error)
{
  g_autoptr(GFile) in = g_file_new_for_path (source);

  return fw_export_verify_sync (in, NULL, NULL, NULL, error);
}

static char *
read_out (const char *dir,
          const char *relative)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);

  return et_read (path, NULL);
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return strstr (haystack, needle) != NULL;
}

#define assert_contains(h, n) G_STMT_START { \
    const char *h_ = (h), *n_ = (n); \
    if (!contains (h_, n_)) \
      g_error ("%s:%d: “%s” is not in:\n%s", __FILE__, __LINE__, n_, h_); \
  } G_STMT_END

#define assert_not_contains(h, n) G_STMT_START { \
    const char *h_ = (h), *n_ = (n); \
    if (contains (h_, n_)) \
      g_error ("%s:%d: “%s” should not be in:\n%s", __FILE__, __LINE__, n_, h_); \
  } G_STMT_END

static void
check_small_summary (FwExportSummary *summary,
                     guint            missing)
{
  const char * const *warnings = fw_export_summary_get_warnings (summary);
  GHashTable *unknown = fw_export_summary_get_unknown_content_types (summary);
  g_autofree char *first = g_date_time_format_iso8601 (fw_export_summary_get_first_date (summary));
  g_autofree char *last = g_date_time_format_iso8601 (fw_export_summary_get_last_date (summary));

  g_assert_cmpuint (fw_export_summary_get_conversations (summary), ==, SMALL_CONVERSATIONS);
  g_assert_cmpuint (fw_export_summary_get_messages (summary), ==, SMALL_MESSAGES);
  g_assert_cmpuint (fw_export_summary_get_message_nodes (summary), ==, SMALL_MESSAGE_NODES);
  g_assert_cmpuint (fw_export_summary_get_attachments_referenced (summary), ==, SMALL_REFERENCED);
  g_assert_cmpuint (fw_export_summary_get_attachments_missing (summary), ==, missing);
  g_assert_cmpuint (fw_export_summary_get_attachments_found (summary), ==, SMALL_REFERENCED - missing);
  g_assert_cmpstr (first, ==, "2024-06-01T10:00:00Z");
  /* The corrupted conversation (2024-06-08) does not count. */
  g_assert_cmpstr (last, ==, "2024-06-06T11:00:00Z");
  g_assert_true (fw_export_summary_get_custom_instructions (summary));
  g_assert_cmpuint (g_hash_table_size (unknown), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (unknown, "hologram_projection")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (unknown, "sticker_asset_pointer")), ==, 1);

  /* One warning for the corrupted conversation, one per missing file. */
  g_assert_cmpuint (g_strv_length ((char **) warnings), ==, 1 + missing);
  g_assert_cmpstr (warnings[0], ==,
                   "Conversation “Broken conversation” (8) has no messages in the export (it is damaged); it was skipped.");
  if (missing == SMALL_MISSING)
    {
      g_assert_true (g_strv_contains (warnings, "“What bird is this?”: the file file-Gone404x is not in the export."));
      g_assert_true (g_strv_contains (warnings, "“What bird is this?”: the file file_99ffee0000dd is not in the export."));
      g_assert_true (g_strv_contains (warnings, "“Voice note: packing list”: the file file_0voice7788 is not in the export."));
    }
}

/* Golden files */

static char *
normalize_manifest (const char *text,
                    const char *zip_path)
{
  g_autofree char *zip = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *expected_source = NULL;
  g_autofree char *version = g_strdup_printf ("\"tool\":{\"name\":\"Farewell\",\"version\":\"%s\"}", PACKAGE_VERSION);
  g_autoptr(GRegex) created = g_regex_new ("\"created\":\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\"", 0, 0, NULL);
  g_autoptr(GString) s = g_string_new (text);
  gsize len;
  char *result;

  /* The source's name, SHA-256 and size are checked here, then masked:
   * libarchive may write a zip a little differently one day. */
  zip = et_read (zip_path, &len);
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) zip, len);
  expected_source = g_strdup_printf ("\"source\":{\"file_name\":\"export.zip\",\"sha256\":\"%s\",\"size\":%" G_GSIZE_FORMAT ",", sha, len);
  g_assert_cmpuint (g_string_replace (s, expected_source,
                                      "\"source\":{\"file_name\":\"export.zip\",\"sha256\":\"(sha256)\",\"size\":0,", 0), ==, 1);
  g_assert_cmpuint (g_string_replace (s, version, "\"tool\":{\"name\":\"Farewell\",\"version\":\"(version)\"}", 0), ==, 1);
  result = g_regex_replace_literal (created, s->str, -1, 0, "\"created\":\"(time)\"", 0, NULL);
  g_assert_nonnull (result);
  g_assert_cmpstr (result, !=, s->str);
  return result;
}

static void
compare_golden (const char *golden_dir,
                const char *relative,
                const char *got,
                gboolean    update)
{
  g_autofree char *path = g_build_filename (golden_dir, relative, NULL);
  g_autofree char *expected = NULL;

  if (update)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      et_write (path, got, -1);
      g_test_message ("updated %s", path);
      return;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_error ("%s has no golden file (%s); run with FAREWELL_UPDATE_GOLDEN=1 and review it", relative, path);
  expected = et_read (path, NULL);
  if (g_strcmp0 (expected, got) != 0)
    {
      g_autofree char *got_path = g_strconcat (path, ".got", NULL);

      g_test_message ("%s differs from its golden file; what was written is in %s", relative, got_path);
      g_file_set_contents (got_path, got, -1, NULL);
      g_assert_cmpstr (got, ==, expected);
    }
}

/* The search index's word files listed: search/w<N>.js */
static guint
n_word_files (GHashTable *listed)
{
  GHashTableIter iter;
  gpointer name;
  guint n = 0;

  g_hash_table_iter_init (&iter, listed);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (g_str_has_prefix (name, "search/w"))
      n++;
  g_assert_cmpuint (n, >, 10);
  return n;
}

static void
test_golden (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  g_autofree char *out = g_build_filename (tmp, "archive", NULL);
  g_autofree char *golden = g_build_filename (et_data_dir (), "golden", NULL);
  g_autofree char *manifest = NULL;
  g_autofree char *normalized = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;
  g_autoptr(GPtrArray) golden_files = NULL;
  gboolean update = g_strcmp0 (g_getenv ("FAREWELL_UPDATE_GOLDEN"), "1") == 0;
  guint compared = 0;

  summary = convert (zip, out, FW_ARCHIVE_FORMAT_ALL, &error);
  g_assert_no_error (error);
  check_small_summary (summary, SMALL_MISSING);

  if (update)
    {
      g_autofree char *conversations = g_build_filename (golden, "conversations", NULL);

      et_rm_rf (conversations);
    }

  for (guint i = 0; small_stems[i] != NULL; i++)
    for (guint j = 0; j < 2; j++)
      {
        g_autofree char *relative = g_strdup_printf ("conversations/%s.%s", small_stems[i], j == 0 ? "md" : "json");
        g_autofree char *got = read_out (out, relative);

        compare_golden (golden, relative, got, update);
        compared++;
      }

  {
    g_autofree char *got = read_out (out, "custom-instructions.md");

    compare_golden (golden, "custom-instructions.md", got, update);
    compared++;
  }

  manifest = read_out (out, "manifest.json");
  normalized = normalize_manifest (manifest, zip);
  compare_golden (golden, "manifest.json", normalized, update);
  compared++;

  /* No golden file is left unchecked (e.g. of a conversation that is no
   * longer written). */
  golden_files = et_list_tree (golden);
  {
    guint n = 0;

    for (guint i = 0; i < golden_files->len; i++)
      {
        const char *name = g_ptr_array_index (golden_files, i);

        if (g_str_has_suffix (name, ".md") || g_str_has_suffix (name, ".json"))
          n += !g_str_equal (name, "README.md");
        g_assert_false (g_str_has_suffix (name, ".got"));
      }
    g_assert_cmpuint (n, ==, compared);
  }

  et_rm_rf (tmp);
}

/* The layout: every file the manifest lists, nothing else. */
static void
test_layout (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  g_autofree char *out = g_build_filename (tmp, "archive", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;
  g_autoptr(JsonNode) manifest = NULL;
  g_autoptr(GPtrArray) tree = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *index = NULL;
  g_autofree char *left = NULL;
  g_autofree char *manifest_path = NULL;
  JsonObject *m;
  JsonArray *files;

  summary = convert (zip, out, FW_ARCHIVE_FORMAT_ALL, &error);
  g_assert_no_error (error);

  /* Nothing beside the archive: no temporary folder. */
  left = et_list_dir (tmp);
  g_assert_cmpstr (left, ==, "archive export.zip");

  manifest_path = g_build_filename (out, "manifest.json", NULL);
  manifest = et_parse_json_file (manifest_path);
  m = json_node_get_object (manifest);
  g_assert_cmpstr (json_object_get_string_member (m, "format"), ==, "farewell-archive");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (m, "tool"), "version"), ==, PACKAGE_VERSION);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (m, "counts"), "conversations"), ==, SMALL_CONVERSATIONS);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (m, "conversations")), ==, SMALL_CONVERSATIONS);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (m, "attachments_missing")), ==, SMALL_MISSING);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (m, "memory")), ==, 1);

  files = json_object_get_array_member (m, "files");
  for (guint i = 0; i < json_array_get_length (files); i++)
    g_hash_table_add (listed, (gpointer) json_array_get_string_element (files, i));
  g_assert_cmpuint (g_hash_table_size (listed), ==, json_array_get_length (files));
  /* 7 × 3 conversation files, 4 attachments, the export's other files
   * (user.json, shared_conversations.json), custom-instructions.md,
   * index.html, archive.css, archive.js, manifest.json, and the index's
   * data: search/list.js, search/t0.js and the word files (not empty) */
  g_assert_cmpuint (g_hash_table_size (listed), ==, 21 + 4 + 2 + 5 + 2 + n_word_files (listed));

  /* every file kept from the export, with its SHA-256 */
  {
    JsonArray *kept = json_object_get_array_member (m, "export_files");

    g_assert_cmpuint (json_array_get_length (kept), ==, 4 + 2);
    for (guint i = 0; i < json_array_get_length (kept); i++)
      {
        JsonObject *file = json_array_get_object_element (kept, i);
        const char *path = json_object_get_string_member (file, "path");
        g_autofree char *full = g_build_filename (out, path, NULL);
        g_autofree char *data = NULL;
        g_autofree char *sha = NULL;
        gsize len;

        g_assert_true (g_hash_table_contains (listed, path));
        data = et_read (full, &len);
        sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
        g_assert_cmpstr (json_object_get_string_member (file, "sha256"), ==, sha);
      }
  }

  tree = et_list_tree (out);
  for (guint i = 0; i < tree->len; i++)
    {
      const char *name = g_ptr_array_index (tree, i);

      if (g_str_has_suffix (name, "/"))
        g_assert_true (g_str_equal (name, "conversations/") || g_str_equal (name, "attachments/") ||
                       g_str_equal (name, "export/") || g_str_equal (name, "search/"));
      else if (!g_hash_table_contains (listed, name))
        g_error ("%s is in the archive but not in manifest.json", name);
    }
  g_assert_cmpuint (tree->len, ==, g_hash_table_size (listed) + 4);

  index = read_out (out, "index.html");
  assert_contains (index, "<a href=\"custom-instructions.md\">Custom instructions</a>");
  assert_contains (index, "7 conversations · export.zip");
  assert_contains (index, "<script src=\"archive.js\"></script>\n<script src=\"search/list.js\"></script>");
  assert_contains (index, "About 9 messages sent a month");
  assert_not_contains (index, "Broken conversation");

  {
    g_autofree char *list = read_out (out, "search/list.js");

    for (guint i = 0; small_stems[i] != NULL; i++)
      {
        g_autofree char *link = g_strdup_printf ("\"conversations/%s.html\"", small_stems[i]);

        assert_contains (list, link);
      }
    assert_contains (list, "\"Sourdough starter won't rise\"");
  }

  {
    g_autofree char *list = read_out (out, "search/list.js");
    g_autofree char *text = read_out (out, "search/t0.js");

    g_assert_true (g_str_has_prefix (list, "FW.list(["));
    assert_contains (list, ",\"What bird is this?\",\"gpt-4o\",4,\"conversations/2024-06-03-what-bird-is-this-c0ffee03.html\",0,-1]");
    /* starred; untitled */
    assert_contains (list, ",\"Weekly meal plan\",\"gpt-4o-mini\",2,\"conversations/2024-06-06-weekly-meal-plan-c0ffee06.html\",2,-1]");
    assert_contains (list, "[0,\"Untitled conversation\",\"\",2,");
    assert_contains (list, "\"sent_per_month\":9.0}");
    assert_not_contains (list, "Broken conversation");
    g_assert_true (g_str_has_prefix (text, "FW.text(0,[\n"));
    assert_contains (text, "[\"m-sd-q1\",");
    assert_not_contains (text, "Broken conversation");
  }

  et_rm_rf (tmp);
}

/* Edited questions and regenerated answers: all kept, labelled. */
static void
test_branches (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  g_autofree char *out = g_build_filename (tmp, "archive", NULL);
  g_autofree char *json_path = NULL;
  g_autofree char *md = NULL;
  g_autofree char *html = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *messages, *nodes;
  static const char *thread[] = { "sd-q1", "sd-a1", "sd-q2-edited", "sd-a2-first", NULL };
  static const struct { const char *id; gboolean in_thread; gboolean hidden; } expected_nodes[] = {
    { "sd-root", TRUE, TRUE },
    { "sd-system", TRUE, TRUE },
    { "sd-q1", TRUE, FALSE },
    { "sd-a1", TRUE, FALSE },
    { "sd-q2-original", FALSE, FALSE },
    { "sd-a2-original", FALSE, FALSE },
    { "sd-q2-edited", TRUE, FALSE },
    { "sd-a2-first", TRUE, FALSE },
    { "sd-a2-regenerated", FALSE, FALSE },
  };
  const char *other, *regen, *orig_q, *orig_a;

  summary = convert (zip, out, FW_ARCHIVE_FORMAT_ALL, &error);
  g_assert_no_error (error);

  json_path = g_build_filename (out, "conversations", "2024-06-01-sourdough-starter-won-t-rise-c0ffee01.json", NULL);
  root = et_parse_json_file (json_path);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "current_node"), ==, "sd-a2-first");

  /* messages: the thread from the root to current_node (not the last
   * branch), the hidden system message left out */
  messages = json_object_get_array_member (json_node_get_object (root), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, g_strv_length ((char **) thread));
  for (guint i = 0; thread[i] != NULL; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, i), "id"), ==, thread[i]);

  /* nodes: every node, in the export's order, hidden ones marked */
  nodes = json_object_get_array_member (json_node_get_object (root), "nodes");
  g_assert_cmpuint (json_array_get_length (nodes), ==, G_N_ELEMENTS (expected_nodes));
  for (guint i = 0; i < G_N_ELEMENTS (expected_nodes); i++)
    {
      JsonObject *node = json_array_get_object_element (nodes, i);

      g_assert_cmpstr (json_object_get_string_member (node, "id"), ==, expected_nodes[i].id);
      g_assert_cmpint (json_object_get_boolean_member (node, "in_current_thread"), ==, expected_nodes[i].in_thread);
      g_assert_cmpint (json_object_get_boolean_member (node, "hidden"), ==, expected_nodes[i].hidden);
      /* the raw message is kept, hidden or not */
      if (i > 0)
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (node, "raw"), "id"), ==,
                         expected_nodes[i].id);
      else
        g_assert_true (json_object_get_null_member (node, "raw"));
    }

  /* Markdown: the thread, then the other branches, labelled */
  md = read_out (out, "conversations/2024-06-01-sourdough-starter-won-t-rise-c0ffee01.md");
  other = strstr (md, "---\n\n## Other branches\n\n");
  g_assert_nonnull (other);
  g_assert_true (strstr (md, "Either works.") < other);
  regen = strstr (other, "### ChatGPT\n\nUse whole wheat for a gentle start, or rye if you are in a hurry.\n\n*Follows message `sd-q2-edited`*");
  orig_q = strstr (other, "### You\n\nShould I use rye flour?\n\n*Follows message `sd-a1`*");
  orig_a = strstr (other, "### ChatGPT\n\nRye flour can help: it ferments quickly.\n\n*Follows message `sd-q2-original`*");
  g_assert_nonnull (regen);
  g_assert_nonnull (orig_q);
  g_assert_nonnull (orig_a);
  g_assert_true (orig_q < orig_a && orig_a < regen);
  g_assert_null (strstr (md, "sd-system"));

  /* HTML: the branches folded under their own heading */
  html = read_out (out, "conversations/2024-06-01-sourdough-starter-won-t-rise-c0ffee01.html");
  other = strstr (html, "<details class=\"branches\"><summary>Other branches</summary>");
  g_assert_nonnull (other);
  g_assert_true (strstr (html, "id=\"m-sd-a2-first\"") < other);
  g_assert_nonnull (strstr (other, "id=\"m-sd-a2-regenerated\""));
  g_assert_nonnull (strstr (other, "id=\"m-sd-q2-original\""));
  g_assert_null (strstr (html, "m-sd-system"));

  et_rm_rf (tmp);
}

/* Attachments: found ones copied and linked, missing ones counted, listed
 * and marked. */
static void
test_attachments (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  g_autofree char *out = g_build_filename (tmp, "archive", NULL);
  g_autofree char *small = et_small_dir ();
  g_autofree char *md = NULL;
  g_autofree char *html = NULL;
  g_autofree char *voice = NULL;
  g_autofree char *manifest_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;
  g_autoptr(JsonNode) manifest = NULL;
  JsonArray *missing;
  static const char *copied[][2] = {
    { "file-Heron7Qx-heron.jpg", "file-Heron7Qx-heron.jpg" },
    { "file_00aa11bb22cc-sanitized.png", "user-u9z8y7/file_00aa11bb22cc-sanitized.png" },
    { "file_00dalle1234-0a1b2c3d.webp", "dalle-generations/file_00dalle1234-0a1b2c3d.webp" },
    { "file_0voice5566-recording.wav", "audio/file_0voice5566-recording.wav" },
  };
  g_autofree char *listing = NULL;
  g_autofree char *attachments = NULL;

  summary = convert (zip, out, FW_ARCHIVE_FORMAT_ALL, &error);
  g_assert_no_error (error);
  check_small_summary (summary, SMALL_MISSING);

  attachments = g_build_filename (out, "attachments", NULL);
  listing = et_list_dir (attachments);
  g_assert_cmpstr (listing, ==, "file-Heron7Qx-heron.jpg file_00aa11bb22cc-sanitized.png "
                                "file_00dalle1234-0a1b2c3d.webp file_0voice5566-recording.wav");
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    {
      g_autofree char *a = g_build_filename (attachments, copied[i][0], NULL);
      g_autofree char *b = g_build_filename (small, copied[i][1], NULL);
      g_autofree char *got = et_read (a, NULL);
      g_autofree char *want = et_read (b, NULL);

      g_assert_cmpstr (got, ==, want);
    }

  md = read_out (out, "conversations/2024-06-03-what-bird-is-this-c0ffee03.md");
  /* the original name from the message's metadata, else the id */
  assert_contains (md, "![heron.jpg](<../attachments/file-Heron7Qx-heron.jpg>)");
  assert_contains (md, "![file\\_00aa11bb22cc](<../attachments/file_00aa11bb22cc-sanitized.png>)");
  assert_contains (md, "![file\\_00dalle1234](<../attachments/file_00dalle1234-0a1b2c3d.webp>)");
  assert_contains (md, "**Image prompt:**\n\nA grey heron standing in reeds, soft watercolour");
  assert_contains (md, "*[missing from the export: file-Gone404x]*");
  assert_contains (md, "*[missing from the export: file\\_99ffee0000dd]*");

  html = read_out (out, "conversations/2024-06-03-what-bird-is-this-c0ffee03.html");
  assert_contains (html, "<img loading=\"lazy\" src=\"../attachments/file-Heron7Qx-heron.jpg\" alt=\"heron.jpg\">");
  assert_contains (html, "<p class=\"missing\">Missing from the export: file-Gone404x</p>");

  voice = read_out (out, "conversations/2024-06-04-voice-note-packing-list-c0ffee04.html");
  assert_contains (voice, "<audio controls preload=\"none\" src=\"../attachments/file_0voice5566-recording.wav\"></audio>");
  assert_contains (voice, "<p class=\"missing\">Missing from the export: file_0voice7788</p>");
  /* the transcription is the message's text */
  assert_contains (voice, "<p>Remind me to pack the tent, two sleeping bags and the camping stove.</p>");

  manifest_path = g_build_filename (out, "manifest.json", NULL);
  manifest = et_parse_json_file (manifest_path);
  missing = json_object_get_array_member (json_node_get_object (manifest), "attachments_missing");
  g_assert_cmpuint (json_array_get_length (missing), ==, SMALL_MISSING);
  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new ();

    for (guint i = 0; i < json_array_get_length (missing); i++)
      g_ptr_array_add (ids, (gpointer) json_object_get_string_member (json_array_get_object_element (missing, i), "id"));
    g_ptr_array_add (ids, NULL);
    g_assert_true (g_strv_contains ((const char * const *) ids->pdata, "file-Gone404x"));
    g_assert_true (g_strv_contains ((const char * const *) ids->pdata, "file_99ffee0000dd"));
    g_assert_true (g_strv_contains ((const char * const *) ids->pdata, "file_0voice7788"));
  }

  et_rm_rf (tmp);
}

/* Zip entries named to escape (../, absolute, backslashes, control and
 * bidi characters) land inside attachments/ under safe names. */
static void
test_hostile_entry_names (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip_path = g_build_filename (tmp, "export.zip", NULL);
  g_autofree char *out = g_build_filename (tmp, "archive", NULL);
  g_autofree char *attachments = NULL;
  g_autoptr(GString) json = g_string_new ("[{\"title\":\"Files\",\"create_time\":1717236000,\"id\":\"files-1\","
                                          "\"current_node\":\"q\",\"mapping\":{\"q\":{\"id\":\"q\",\"parent\":null,"
                                          "\"children\":[],\"message\":{\"id\":\"q\",\"author\":{\"role\":\"user\"},"
                                          "\"content\":{\"content_type\":\"multimodal_text\",\"parts\":[");
  static const char *entries[] = {
    "../../file-Evil1-up.png",
    "/tmp/file-Evil2-absolute.png",
    "dir/file-Evil3-back\\..\\..\\slash.png",
    "x/file-Evil4-\xe2\x80\xaegnp.exe",
    "file-Evil5-\x01\x1b[31m.png",
    "file-Evil6-a:b*c?d\"e<f>g|h.png",
    "deep/../file-Evil7-.....png",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;
  g_autoptr(GPtrArray) tree = NULL;
  g_autofree char *left = NULL;
  EtZip *zip;

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    g_string_append_printf (json, "%s{\"content_type\":\"image_asset_pointer\",\"asset_pointer\":\"file-service://file-Evil%u\"}",
                            i ? "," : "", i + 1);
  g_string_append (json, "]}}}}}]");

  zip = et_zip_new (zip_path, FALSE);
  et_zip_add (zip, "conversations.json", json->str, json->len);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    et_zip_add (zip, entries[i], entries[i], strlen (entries[i]));
  et_zip_close (zip);

  summary = convert (zip_path, out, FW_ARCHIVE_FORMAT_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fw_export_summary_get_attachments_referenced (summary), ==, G_N_ELEMENTS (entries));
  g_assert_cmpuint (fw_export_summary_get_attachments_missing (summary), ==, 0);

  /* Nothing written beside the archive or the zip. */
  left = et_list_dir (tmp);
  g_assert_cmpstr (left, ==, "archive export.zip");

  attachments = g_build_filename (out, "attachments", NULL);
  tree = et_list_tree (attachments);
  g_assert_cmpuint (tree->len, ==, G_N_ELEMENTS (entries));
  for (guint i = 0; i < tree->len; i++)
    {
      const char *name = g_ptr_array_index (tree, i);

      g_test_message ("attachment: %s", name);
      g_assert_true (g_utf8_validate (name, -1, NULL));
      g_assert_null (strpbrk (name, "/\\:*?\"<>|"));
      g_assert_true (name[0] != '.');
      for (const char *p = name; *p; p++)
        g_assert_true ((guchar) *p >= 0x20 && (guchar) *p < 0x7f);
      g_assert_true (g_str_has_prefix (name, "file-Evil"));
    }

  et_rm_rf (tmp);
}

/* Titles and ids chosen to break file names. */
static void
test_hostile_titles (void)
{
  static const char *titles[] = {
    "\"../../etc\"",
    "\"../../../../etc/passwd\"",
    "\"/\"",
    "\"\\\\\"",
    "\"\\u0000\"",
    "\"before\\u0000after\"",
    "\"\\u202egnp.exe\"",
    "\"\\u2066isolate\\u2069 \\u200fmark\"",
    "\"\\u0001\\u0007\\u001b[31mred\\u007f\"",
    "\"...hidden\"",
    "\".\"",
    "\"..\"",
    "\"  \"",
    "\"CON\"",
    "\"NUL\"",
    "\"a<b>c:d\\\"e|f?g*h\\\\i\"",
    "\"\\u0301combining first\"",
    "\"日本語のタイトル\"",
    "\"Straße über Öl\"",
    "\"😀 emoji 😀\"",
    "\"Same title\"",
    "\"Same title\"",
    "\"Same title\"",
    "\"same TITLE\"",
    "null",
    "\"\"",
    "42",
    NULL,   /* the 300-byte title, below */
  };
  static const char *ids[] = {
    "\"aaaa0001-x\"", "\"aaaa0002-x\"", "\"aaaa0003-x\"", "\"aaaa0004-x\"", "\"aaaa0005-x\"",
    "\"aaaa0006-x\"", "\"aaaa0007-x\"", "\"aaaa0008-x\"", "\"aaaa0009-x\"", "\"aaaa0010-x\"",
    "\"aaaa0011-x\"", "\"aaaa0012-x\"", "\"aaaa0013-x\"", "\"aaaa0014-x\"", "\"aaaa0015-x\"",
    "\"aaaa0016-x\"", "\"aaaa0017-x\"", "\"aaaa0018-x\"", "\"aaaa0019-x\"", "\"aaaa0020-x\"",
    /* duplicate titles: the same id twice, and ids alike in their first 8 characters */
    "\"dupe-id-1234\"", "\"dupe-id-1234\"", "\"dupe-id-1299\"", "\"DUPE-id-1234\"",
    "\"../../../x\"", "\"\"", "null",
    "\"////\"",
  };
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *source = g_build_filename (tmp, "conversations.json", NULL);
  g_autofree char *out = g_build_filename (tmp, "archive", NULL);
  g_autofree char *conversations = NULL;
  g_autofree char *left = NULL;
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GString) long_title = g_string_new ("\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;
  g_autoptr(GPtrArray) tree = NULL;
  g_autoptr(GHashTable) stems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRegex) shape = g_regex_new ("^([0-9]{4}-[0-9]{2}-[0-9]{2}|undated)-[^-].*-[a-z0-9]{1,8}(-[0-9]+)?$", 0, 0, NULL);
  guint n = G_N_ELEMENTS (ids);
  gboolean saw_japanese = FALSE, saw_german = FALSE, saw_long = FALSE;

  G_STATIC_ASSERT (G_N_ELEMENTS (titles) == G_N_ELEMENTS (ids));
  for (guint i = 0; i < 150; i++)
    g_string_append (long_title, "é");   /* 300 bytes */
  g_string_append (long_title, "\"");

  for (guint i = 0; i < n; i++)
    {
      /* a day each; the duplicates (20 to 23) on the same day */
      guint day = i >= 20 && i <= 23 ? 20 : i;
      g_autofree char *conv = et_simple_conversation (titles[i] ? titles[i] : long_title->str, ids[i],
                                                      1717236000 + day * 86400.0, "A question.");

      g_string_append_printf (json, "%s%s", i ? "," : "", conv);
    }
  g_string_append (json, "]");
  et_write (source, json->str, json->len);

  summary = convert (source, out, FW_ARCHIVE_FORMAT_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fw_export_summary_get_conversations (summary), ==, n);

  left = et_list_dir (tmp);
  g_assert_cmpstr (left, ==, "archive conversations.json");

  conversations = g_build_filename (out, "conversations", NULL);
  tree = et_list_tree (conversations);
  g_assert_cmpuint (tree->len, ==, 3 * n);
  for (guint i = 0; i < tree->len; i++)
    {
      const char *name = g_ptr_array_index (tree, i);
      g_autofree char *stem = NULL;

      g_assert_true (g_utf8_validate (name, -1, NULL));
      g_assert_false (g_str_has_suffix (name, "/"));
      if (!g_str_has_suffix (name, ".md"))
        {
          g_assert_true (g_str_has_suffix (name, ".html") || g_str_has_suffix (name, ".json"));
          continue;
        }
      stem = g_strndup (name, strlen (name) - 3);
      g_test_message ("stem: %s", stem);

      g_assert_true (g_regex_match (shape, stem, 0, NULL));
      g_assert_cmpuint (strlen (stem), <=, 10 + 1 + 80 + 1 + 8 + 3);
      g_assert_null (strpbrk (stem, "/\\:*?\"<>| .'"));
      for (const char *p = stem; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          g_assert_true (c == '-' || g_unichar_isalnum (c) || g_unichar_ismark (c));
          g_assert_false (c >= 0x202a && c <= 0x202e);
          g_assert_false (c >= 0x2066 && c <= 0x2069);
          g_assert_false (c == 0x200e || c == 0x200f || c == 0x061c);
          g_assert_false (g_unichar_iscntrl (c));
          /* never in upper case: no two stems that a case-insensitive
           * file system would take for one */
          g_assert_true (g_unichar_tolower (c) == c);
        }
      g_assert_false (g_hash_table_contains (stems, stem));

      saw_japanese |= strstr (stem, "-日本語のタイトル-") != NULL;
      saw_german |= strstr (stem, "-straße-über-öl-") != NULL;
      if (strstr (stem, "éééé") != NULL)
        {
          const char *slug = stem + strlen ("2024-06-01-");
          const char *end = strrchr (stem, '-');

          g_assert_cmpuint (end - slug, <=, 80);
          g_assert_cmpuint (end - slug, >=, 78);
          saw_long = TRUE;
        }
      g_hash_table_add (stems, g_steal_pointer (&stem));
    }
  g_assert_cmpuint (g_hash_table_size (stems), ==, n);
  g_assert_true (saw_japanese);
  g_assert_true (saw_german);
  g_assert_true (saw_long);

  /* duplicates: numbered in the order of the export */
  g_assert_true (g_hash_table_contains (stems, "2024-06-21-same-title-dupeid12"));
  g_assert_true (g_hash_table_contains (stems, "2024-06-21-same-title-dupeid12-2"));
  g_assert_true (g_hash_table_contains (stems, "2024-06-21-same-title-dupeid12-3"));
  g_assert_true (g_hash_table_contains (stems, "2024-06-21-same-title-dupeid12-4"));
  g_assert_true (g_hash_table_contains (stems, "2024-06-01-etc-aaaa0001"));
  g_assert_true (g_hash_table_contains (stems, "2024-06-03-untitled-aaaa0003"));
  g_assert_true (g_hash_table_contains (stems, "2024-06-07-gnp-exe-aaaa0007"));
  g_assert_true (g_hash_table_contains (stems, "2024-06-10-hidden-aaaa0010"));
  g_assert_true (g_hash_table_contains (stems, "2024-06-14-con-aaaa0014"));
  g_assert_true (g_hash_table_contains (stems, "2024-06-17-combining-first-aaaa0017"));
  g_assert_true (g_hash_table_contains (stems, "2024-06-25-untitled-x"));
  g_assert_true (g_hash_table_contains (stems, "2024-06-26-untitled-conversa"));
  g_assert_true (g_hash_table_contains (stems, "2024-06-27-untitled-conversa"));

  /* the same dates and stems, with the same ids twice, are distinct */
  {
    g_autoptr(GString) dup = g_string_new ("[");
    g_autofree char *dup_source = g_build_filename (tmp, "dup.json", NULL);
    g_autofree char *dup_out = g_build_filename (tmp, "dup", NULL);
    g_autofree char *dup_conversations = g_build_filename (dup_out, "conversations", NULL);
    g_autofree char *dup_list = NULL;
    g_autoptr(FwExportSummary) dup_summary = NULL;

    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *conv = et_simple_conversation ("\"Twin\"", "\"twin-0000-0000\"", 1717236000, "Same.");

        g_string_append_printf (dup, "%s%s", i ? "," : "", conv);
      }
    g_string_append (dup, "]");
    et_write (dup_source, dup->str, dup->len);
    dup_summary = convert (dup_source, dup_out, FW_ARCHIVE_FORMAT_MARKDOWN, &error);
    g_assert_no_error (error);
    dup_list = et_list_dir (dup_conversations);
    g_assert_cmpstr (dup_list, ==, "2024-06-01-twin-twin0000-2.md 2024-06-01-twin-twin0000-3.md 2024-06-01-twin-twin0000.md");
  }

  et_rm_rf (tmp);
}

/* Folder, bare conversations.json, {"conversations": [...]}, and a zip
 * whose files are in a top folder. */
static void
test_sources (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *small = et_small_dir ();
  g_autofree char *bare = g_build_filename (small, "conversations.json", NULL);
  g_autofree char *text = et_read (bare, NULL);
  g_autofree char *object_path = g_build_filename (tmp, "object.json", NULL);
  g_autofree char *object = g_strdup_printf ("\xef\xbb\xbf {\"user\": {\"id\": \"x\", \"list\": [1, {\"conversations\": []}]},\n"
                                             " \"conversations\": %s, \"after\": [[]]}", text);
  g_autofree char *nested = g_build_filename (tmp, "nested.zip", NULL);
  g_autofree char *folder_md = NULL;
  g_autofree char *zip_md = NULL;
  struct {
    const char *name;
    const char *path;
    guint       missing;
  } sources[] = {
    { "folder", small, SMALL_MISSING },
    { "bare", bare, SMALL_REFERENCED },       /* no attachments beside it */
    { "object", object_path, SMALL_REFERENCED },
    { "nested", nested, SMALL_MISSING },
  };
  EtZip *zip;

  et_write (object_path, object, -1);
  zip = et_zip_new (nested, FALSE);
  et_zip_add_dir (zip, small, "Export 2024-06-09/");
  et_zip_close (zip);

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *out = g_build_filename (tmp, sources[i].name, NULL);
      g_autofree char *attachments = g_build_filename (out, "attachments", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(FwExportSummary) verified = NULL;
      g_autoptr(FwExportSummary) converted = NULL;

      g_test_message ("source: %s", sources[i].name);
      verified = verify (sources[i].path, &error);
      g_assert_no_error (error);
      check_small_summary (verified, sources[i].missing);

      converted = convert (sources[i].path, out, FW_ARCHIVE_FORMAT_ALL, &error);
      g_assert_no_error (error);
      check_small_summary (converted, sources[i].missing);
      g_assert_cmpint (g_file_test (attachments, G_FILE_TEST_IS_DIR), ==, sources[i].missing < SMALL_REFERENCED);
    }

  /* The same conversation from a folder and from a zip */
  folder_md = g_build_filename (tmp, "folder", "conversations", "2024-06-03-what-bird-is-this-c0ffee03.md", NULL);
  zip_md = g_build_filename (tmp, "nested", "conversations", "2024-06-03-what-bird-is-this-c0ffee03.md", NULL);
  {
    g_autofree char *a = et_read (folder_md, NULL);
    g_autofree char *b = et_read (zip_md, NULL);

    g_assert_cmpstr (a, ==, b);
  }

  et_rm_rf (tmp);
}

static void
check_formats (const char       *zip,
               const char       *out,
               FwArchiveFormats  formats,
               const char       *manifest_formats,
               const char       *link_ext)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = convert (zip, out, formats, &error);
  g_autofree char *conversations = g_build_filename (out, "conversations", NULL);
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *index = NULL;
  g_autofree char *link = g_strdup_printf ("\"conversations/%s.%s\"", small_stems[0], link_ext);
  guint n = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (fw_export_summary_get_conversations (summary), ==, SMALL_CONVERSATIONS);
  files = et_list_tree (conversations);
  for (guint i = 0; i < files->len; i++)
    {
      const char *name = g_ptr_array_index (files, i);
      const char *ext = strrchr (name, '.') + 1;

      if (g_str_equal (ext, "md"))
        g_assert_true (formats & FW_ARCHIVE_FORMAT_MARKDOWN);
      else if (g_str_equal (ext, "html"))
        g_assert_true (formats & FW_ARCHIVE_FORMAT_HTML);
      else if (g_str_equal (ext, "json"))
        g_assert_true (formats & FW_ARCHIVE_FORMAT_JSON);
      else
        g_assert_not_reached ();
      n++;
    }
  g_assert_cmpuint (n, ==, SMALL_CONVERSATIONS * (!!(formats & 1) + !!(formats & 2) + !!(formats & 4)));

  manifest = read_out (out, "manifest.json");
  assert_contains (manifest, manifest_formats);
  index = read_out (out, "search/list.js");
  assert_contains (index, link);
}

static void
test_formats (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  struct {
    const char       *list;
    FwArchiveFormats  formats;
    const char       *manifest;
    const char       *link;
  } cases[] = {
    { "md", FW_ARCHIVE_FORMAT_MARKDOWN, "\"formats\":[\"md\"]", "md" },
    { "html", FW_ARCHIVE_FORMAT_HTML, "\"formats\":[\"html\"]", "html" },
    { "json", FW_ARCHIVE_FORMAT_JSON, "\"formats\":[\"json\"]", "json" },
    { "json, markdown", FW_ARCHIVE_FORMAT_MARKDOWN | FW_ARCHIVE_FORMAT_JSON, "\"formats\":[\"md\",\"json\"]", "md" },
    { "HTML,json", FW_ARCHIVE_FORMAT_HTML | FW_ARCHIVE_FORMAT_JSON, "\"formats\":[\"html\",\"json\"]", "html" },
    { "md,html,json", FW_ARCHIVE_FORMAT_ALL, "\"formats\":[\"md\",\"html\",\"json\"]", "html" },
  };
  FwArchiveFormats parsed;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = g_strdup_printf ("%s/out-%u", tmp, i);

      g_assert_true (fw_archive_formats_parse (cases[i].list, &parsed));
      g_assert_cmpint (parsed, ==, cases[i].formats);
      check_formats (zip, out, parsed, cases[i].manifest, cases[i].link);
    }

  g_assert_true (fw_archive_formats_parse (NULL, &parsed));
  g_assert_cmpint (parsed, ==, FW_ARCHIVE_FORMAT_ALL);
  g_assert_true (fw_archive_formats_parse ("all", &parsed));
  g_assert_cmpint (parsed, ==, FW_ARCHIVE_FORMAT_ALL);
  parsed = 0;
  g_assert_false (fw_archive_formats_parse ("pdf", &parsed));
  g_assert_false (fw_archive_formats_parse ("md,pdf", &parsed));
  g_assert_false (fw_archive_formats_parse ("", &parsed));
  g_assert_false (fw_archive_formats_parse (",", &parsed));
  g_assert_cmpint (parsed, ==, 0);

  et_rm_rf (tmp);
}

/* Memory without custom instructions: custom-instructions.md holds it, and
 * the index links it (regression: the file was written but not linked). */
static void
test_memory_only (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *source = g_build_filename (tmp, "conversations.json", NULL);
  g_autofree char *out = g_build_filename (tmp, "archive", NULL);
  g_autofree char *index = NULL;
  g_autofree char *ci = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;

  et_write (source, "[{\"title\":\"M\",\"id\":\"mem-1\",\"create_time\":1717236000,\"current_node\":\"q\",\"mapping\":{"
                    "\"m\":{\"id\":\"m\",\"parent\":null,\"children\":[\"q\"],\"message\":{\"id\":\"m\","
                    "\"author\":{\"role\":\"system\"},\"content\":{\"content_type\":\"model_editable_context\","
                    "\"model_set_context\":\"Likes herons.\"}}},"
                    "\"q\":{\"id\":\"q\",\"parent\":\"m\",\"children\":[],\"message\":{\"id\":\"q\","
                    "\"author\":{\"role\":\"user\"},\"content\":{\"content_type\":\"text\",\"parts\":[\"Hi\"]}}}}}]", -1);
  summary = convert (source, out, FW_ARCHIVE_FORMAT_HTML, &error);
  g_assert_no_error (error);
  g_assert_false (fw_export_summary_get_custom_instructions (summary));

  ci = read_out (out, "custom-instructions.md");
  assert_contains (ci, "## Memory\n\nLikes herons.\n");
  assert_not_contains (ci, "## About you");
  index = read_out (out, "index.html");
  assert_contains (index, "<a href=\"custom-instructions.md\">");

  et_rm_rf (tmp);
}

/* Many conversations: the same archive, byte for byte, every time. */
static void
test_deterministic (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip_path = g_build_filename (tmp, "many.zip", NULL);
  g_autofree char *out1 = g_build_filename (tmp, "one", NULL);
  g_autofree char *out2 = g_build_filename (tmp, "two", NULL);
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GPtrArray) tree1 = NULL;
  g_autoptr(GPtrArray) tree2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) s1 = NULL;
  g_autoptr(FwExportSummary) s2 = NULL;
  g_autoptr(GRegex) created = g_regex_new ("\"created\":\"[^\"]*\"", 0, 0, NULL);
  const guint n = 500;
  EtZip *zip;

  zip = et_zip_new (zip_path, FALSE);
  for (guint i = 0; i < n; i++)
    {
      /* titles repeat every 7 conversations, ids every 11: many duplicate
       * stems, numbered the same way each time */
      g_autofree char *title = g_strdup_printf ("\"Topic %u\"", i % 7);
      g_autofree char *id = g_strdup_printf ("\"%08u-rest\"", i % 11);
      g_autofree char *question = g_strdup_printf ("Question number %u: %s", i, i % 3 ? "short" : "a longer one, with `code` and **bold**");
      g_autofree char *conv = et_simple_conversation (title, id, 1717236000 + (i % 13) * 3600.0, question);

      if (i % 50 == 0)
        {
          /* and some attachments, some missing */
          g_autofree char *entry = g_strdup_printf ("file-Att%04u-pic.png", i);
          g_autofree char *pointer = g_strdup_printf ("[{\"content_type\":\"image_asset_pointer\",\"asset_pointer\":\"file-service://file-Att%04u\"},"
                                                      "{\"content_type\":\"image_asset_pointer\",\"asset_pointer\":\"sediment://file_%04ugone\"},",
                                                      i, i);
          static const char text[] = "{\"content_type\":\"text\",\"parts\":[";
          char *at = strstr (conv, text);
          g_autofree char *before = g_strndup (conv, at - conv);
          g_autofree char *rest = g_strdup (at + strlen (text));

          g_free (conv);
          conv = g_strconcat (before, "{\"content_type\":\"multimodal_text\",\"parts\":", pointer, rest, NULL);
          et_zip_add (zip, entry, entry, strlen (entry));
        }
      g_string_append_printf (json, "%s%s", i ? "," : "", conv);
    }
  g_string_append (json, "]");
  et_zip_add (zip, "conversations.json", json->str, json->len);
  et_zip_close (zip);

  s1 = convert (zip_path, out1, FW_ARCHIVE_FORMAT_ALL, &error);
  g_assert_no_error (error);
  s2 = convert (zip_path, out2, FW_ARCHIVE_FORMAT_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fw_export_summary_get_conversations (s1), ==, n);
  g_assert_cmpuint (fw_export_summary_get_messages (s1), ==, 2 * n);
  g_assert_cmpuint (fw_export_summary_get_attachments_referenced (s1), ==, 2 * n / 50);
  g_assert_cmpuint (fw_export_summary_get_attachments_missing (s1), ==, n / 50);

  tree1 = et_list_tree (out1);
  tree2 = et_list_tree (out2);
  g_assert_cmpuint (tree1->len, ==, tree2->len);
  /* 3 files a conversation, 10 attachments, the 4 others, 3 folders, the
   * search index: its list, the text of 50 conversations a file, the words */
  {
    guint words = 0;

    for (guint i = 0; i < tree1->len; i++)
      if (g_str_has_prefix (g_ptr_array_index (tree1, i), "search/w"))
        words++;
    g_assert_cmpuint (words, >, 10);
    g_assert_cmpuint (tree1->len, ==, 3 * n + n / 50 + 4 + 3 + 1 + (n + 49) / 50 + words);
  }
  for (guint i = 0; i < tree1->len; i++)
    {
      const char *name = g_ptr_array_index (tree1, i);
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;
      gsize la, lb;

      g_assert_cmpstr (name, ==, g_ptr_array_index (tree2, i));
      if (g_str_has_suffix (name, "/"))
        continue;
      {
        g_autofree char *pa = g_build_filename (out1, name, NULL);
        g_autofree char *pb = g_build_filename (out2, name, NULL);

        a = et_read (pa, &la);
        b = et_read (pb, &lb);
      }
      if (g_str_equal (name, "manifest.json"))
        {
          char *na = g_regex_replace_literal (created, a, -1, 0, "\"created\":\"\"", 0, NULL);
          char *nb = g_regex_replace_literal (created, b, -1, 0, "\"created\":\"\"", 0, NULL);

          g_free (a);
          g_free (b);
          a = na;
          b = nb;
          la = strlen (a);
          lb = strlen (b);
        }
      if (la != lb || memcmp (a, b, la) != 0)
        g_error ("%s differs between two runs", name);
    }

  /* The duplicates were numbered in the export's order. */
  {
    g_autofree char *p = g_build_filename (out1, "conversations", "2024-06-01-topic-0-00000000.md", NULL);
    g_autofree char *p2 = g_build_filename (out1, "conversations", "2024-06-01-topic-0-00000000-2.md", NULL);
    g_autofree char *first = et_read (p, NULL);
    g_autofree char *second = et_read (p2, NULL);

    /* titles repeat every 7 and ids every 11: the stem of conversation 0
     * comes again at 77, 154, ...; the first one is 0's */
    assert_contains (first, "Question number 0:");
    assert_not_contains (second, "Question number 0:");
  }

  et_rm_rf (tmp);
}

/* Every conversation JSON follows data/conversation.schema.json. */
static void
test_schema (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  g_autofree char *out = g_build_filename (tmp, "archive", NULL);
  g_autofree char *schema_path = g_build_filename (g_getenv ("FAREWELL_SOURCE_ROOT"), "data", "conversation.schema.json", NULL);
  g_autofree char *conversations = g_build_filename (out, "conversations", NULL);
  g_autoptr(JsonNode) schema = et_parse_json_file (schema_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;
  g_autoptr(GPtrArray) files = NULL;
  guint checked = 0;

  summary = convert (zip, out, FW_ARCHIVE_FORMAT_JSON, &error);
  g_assert_no_error (error);

  /* The checker itself: it rejects what the schema forbids. */
  {
    g_autoptr(JsonNode) bad = et_parse_json ("{\"format\":\"farewell-conversation\",\"format_version\":1,\"id\":\"x\","
                                             "\"title\":null,\"create_time\":\"yesterday\",\"update_time\":null,"
                                             "\"model\":null,\"current_node\":null,\"messages\":[],\"nodes\":[],\"extra\":{}}", -1);
    g_autoptr(JsonNode) extra = et_parse_json ("{\"format\":\"farewell-conversation\",\"format_version\":1,\"id\":\"x\","
                                               "\"title\":null,\"create_time\":null,\"update_time\":null,"
                                               "\"model\":null,\"current_node\":null,\"messages\":[],"
                                               "\"nodes\":[{\"id\":\"a\",\"parent\":null,\"children\":[],\"in_current_thread\":true,"
                                               "\"hidden\":false,\"raw\":null,\"surprise\":1}],\"extra\":{}}", -1);
    g_autoptr(JsonNode) good = et_parse_json ("{\"format\":\"farewell-conversation\",\"format_version\":1,\"id\":\"x\","
                                              "\"title\":null,\"create_time\":\"2024-06-01T10:00:00Z\",\"update_time\":null,"
                                              "\"model\":null,\"current_node\":null,\"messages\":[],\"nodes\":[],\"extra\":{}}", -1);
    g_autofree char *problem = NULL;

    g_assert_false (et_schema_validate (schema, bad, &problem));
    g_test_message ("rejected: %s", problem);
    g_clear_pointer (&problem, g_free);
    g_assert_false (et_schema_validate (schema, extra, &problem));
    g_test_message ("rejected: %s", problem);
    g_clear_pointer (&problem, g_free);
    g_assert_true (et_schema_validate (schema, good, &problem));
  }

  files = et_list_tree (conversations);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_build_filename (conversations, g_ptr_array_index (files, i), NULL);
      g_autoptr(JsonNode) doc = et_parse_json_file (path);
      g_autofree char *problem = NULL;

      if (!et_schema_validate (schema, doc, &problem))
        g_error ("%s: %s", (char *) g_ptr_array_index (files, i), problem);
      checked++;
    }
  g_assert_cmpuint (checked, ==, SMALL_CONVERSATIONS);

  et_rm_rf (tmp);
}

/* An existing folder that is not empty is never touched; an empty one is
 * replaced. */
static void
test_output_exists (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  g_autofree char *full = g_build_filename (tmp, "full", NULL);
  g_autofree char *keep = g_build_filename (full, "keep.txt", NULL);
  g_autofree char *file = g_build_filename (tmp, "file", NULL);
  g_autofree char *empty = g_build_filename (tmp, "empty", NULL);
  g_autofree char *deep = g_build_filename (tmp, "new", "deeper", "archive", NULL);
  g_autofree char *left = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *kept = NULL;

  g_assert_cmpint (g_mkdir (full, 0755), ==, 0);
  et_write (keep, "mine", -1);
  et_write (file, "a file", -1);
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FwExportSummary) summary = convert (zip, i == 0 ? full : file, FW_ARCHIVE_FORMAT_ALL, &error);
      g_autofree char *message = NULL;

      g_assert_null (summary);
      g_assert_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_OUTPUT_EXISTS);
      message = g_strdup_printf ("“%s” already exists and is not empty. Choose a new folder: Farewell never overwrites files.",
                                 i == 0 ? full : file);
      g_assert_cmpstr (error->message, ==, message);
    }
  listing = et_list_dir (full);
  g_assert_cmpstr (listing, ==, "keep.txt");
  kept = et_read (keep, NULL);
  g_assert_cmpstr (kept, ==, "mine");

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FwExportSummary) summary = convert (zip, empty, FW_ARCHIVE_FORMAT_MARKDOWN, &error);
    g_autofree char *manifest = g_build_filename (empty, "manifest.json", NULL);

    g_assert_no_error (error);
    g_assert_nonnull (summary);
    g_assert_true (g_file_test (manifest, G_FILE_TEST_IS_REGULAR));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FwExportSummary) summary = convert (zip, deep, FW_ARCHIVE_FORMAT_MARKDOWN, &error);
    g_autofree char *manifest = g_build_filename (deep, "manifest.json", NULL);

    g_assert_no_error (error);
    g_assert_nonnull (summary);
    g_assert_true (g_file_test (manifest, G_FILE_TEST_IS_REGULAR));
  }

  left = et_list_dir (tmp);
  g_assert_cmpstr (left, ==, "empty export.zip file full new");

  et_rm_rf (tmp);
}

/* Cancel */

static char *
make_many (const char *dir,
           guint       n)
{
  char *path = g_build_filename (dir, "conversations.json", NULL);
  g_autoptr(GString) json = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("\"Conversation %u\"", i);
      g_autofree char *id = g_strdup_printf ("\"%08x-0000\"", i);
      g_autofree char *conv = et_simple_conversation (title, id, 1717236000 + i, "How do bees make honey?");

      g_string_append_printf (json, "%s%s", i ? "," : "", conv);
    }
  g_string_append (json, "]");
  et_write (path, json->str, json->len);
  return path;
}

static void
cancel_on_progress (const FwExportProgress *progress,
                    gpointer                user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *source = make_many (tmp, 2000);
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autofree char *left = NULL;

  /* cancelled from the first progress report, while reading */
  {
    g_autofree char *out = g_build_filename (tmp, "archive", NULL);
    g_autoptr(GFile) out_file = g_file_new_for_path (out);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(FwExportSummary) summary = NULL;

    summary = fw_export_convert_sync (in, out_file, FW_ARCHIVE_FORMAT_ALL, cancellable,
                                      cancel_on_progress, cancellable, &error);
    g_assert_null (summary);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }

  /* cancelled before it started */
  {
    g_autofree char *out = g_build_filename (tmp, "archive", NULL);
    g_autoptr(GFile) out_file = g_file_new_for_path (out);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(FwExportSummary) summary = NULL;

    g_cancellable_cancel (cancellable);
    summary = fw_export_convert_sync (in, out_file, FW_ARCHIVE_FORMAT_ALL, cancellable, NULL, NULL, &error);
    g_assert_null (summary);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);

    summary = fw_export_verify_sync (in, cancellable, NULL, NULL, &error);
    g_assert_null (summary);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }

  /* a verification cancelled midway never reports a partial summary */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(FwExportSummary) summary = NULL;

    summary = fw_export_verify_sync (in, cancellable, cancel_on_progress, cancellable, &error);
    g_assert_null (summary);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }

  left = et_list_dir (tmp);
  g_assert_cmpstr (left, ==, "conversations.json");

  et_rm_rf (tmp);
}

/* The engine's failures return early; the caller's cancellable must not
 * keep a handler that points at the engine's freed one (regression: the
 * next cancel was a use after free). */
static void
test_cancel_after_error (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *junk = g_build_filename (tmp, "junk.txt", NULL);
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  g_autoptr(GFile) junk_file = g_file_new_for_path (junk);
  g_autoptr(GFile) zip_file = g_file_new_for_path (zip);
  g_autoptr(GFile) self_file = g_file_new_for_path (tmp);   /* exists, not empty */
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  et_write (junk, "hello", -1);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FwExportSummary) summary = NULL;
      gint code = i == 0 ? FW_EXPORT_ERROR_NOT_AN_EXPORT : FW_EXPORT_ERROR_OUTPUT_EXISTS;

      if (i == 0)
        summary = fw_export_verify_sync (junk_file, cancellable, NULL, NULL, &error);
      else if (i == 1)
        summary = fw_export_convert_sync (junk_file, self_file, FW_ARCHIVE_FORMAT_ALL, cancellable, NULL, NULL, &error);
      else
        summary = fw_export_convert_sync (zip_file, self_file, FW_ARCHIVE_FORMAT_ALL, cancellable, NULL, NULL, &error);
      g_assert_null (summary);
      g_assert_error (error, FW_EXPORT_ERROR, code);
    }

  /* No handler is left: cancelling now touches nothing freed. */
  g_cancellable_cancel (cancellable);

  /* and the cancellable still works for the next run */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FwExportSummary) summary = fw_export_verify_sync (zip_file, cancellable, NULL, NULL, &error);

    g_assert_null (summary);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  g_cancellable_reset (cancellable);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FwExportSummary) summary = fw_export_verify_sync (zip_file, cancellable, NULL, NULL, &error);

    g_assert_no_error (error);
    check_small_summary (summary, SMALL_MISSING);
  }

  et_rm_rf (tmp);
}

/* Async */

typedef struct {
  GMainLoop       *loop;
  FwExportSummary *summary;
  GError          *error;
  guint            progress_calls;
  gint             notified;
  GThread         *main_thread;
} AsyncState;

static void
on_async_progress (const FwExportProgress *progress,
                   gpointer                user_data)
{
  AsyncState *state = user_data;

  /* in the caller's thread */
  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_cmpuint (progress->bytes_done, <=, progress->bytes_total);
  state->progress_calls++;
}

static void
on_notify (gpointer user_data)
{
  AsyncState *state = user_data;

  /* from whichever thread drops the last reference */
  g_atomic_int_inc (&state->notified);
}

static void
on_converted (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncState *state = user_data;

  state->summary = fw_export_convert_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncState *state = user_data;

  state->summary = fw_export_verify_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  g_autofree char *many = make_many (tmp, 3000);
  g_autofree char *out = g_build_filename (tmp, "archive", NULL);
  g_autofree char *cancelled_out = g_build_filename (tmp, "cancelled", NULL);
  g_autoptr(GFile) zip_file = g_file_new_for_path (zip);
  g_autoptr(GFile) many_file = g_file_new_for_path (many);
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autoptr(GFile) cancelled_file = g_file_new_for_path (cancelled_out);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *left = NULL;
  AsyncState state = { loop, NULL, NULL, 0, 0, g_thread_self () };

  fw_export_verify_async (zip_file, NULL, on_async_progress, &state, on_notify, on_verified, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  check_small_summary (state.summary, SMALL_MISSING);
  g_clear_object (&state.summary);
  /* the last progress report may still be queued, and the task's thread
   * may still hold its reference */
  for (guint i = 0; i < 5000 && g_atomic_int_get (&state.notified) == 0; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (state.progress_calls, >=, 2);   /* the start and the end */
  g_assert_cmpint (g_atomic_int_get (&state.notified), ==, 1);

  fw_export_convert_async (zip_file, out_file, FW_ARCHIVE_FORMAT_ALL, NULL, NULL, NULL, NULL, on_converted, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  check_small_summary (state.summary, SMALL_MISSING);
  g_clear_object (&state.summary);

  /* cancelled while it runs: an error, and nothing written */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    fw_export_convert_async (many_file, cancelled_file, FW_ARCHIVE_FORMAT_ALL, cancellable, NULL, NULL, NULL,
                             on_converted, &state);
    g_cancellable_cancel (cancellable);
    g_main_loop_run (loop);
    g_assert_null (state.summary);
    g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&state.error);
  }

  left = et_list_dir (tmp);
  g_assert_cmpstr (left, ==, "archive conversations.json export.zip");

  et_rm_rf (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/archive/golden", test_golden);
  g_test_add_func ("/export/archive/layout", test_layout);
  g_test_add_func ("/export/archive/branches", test_branches);
  g_test_add_func ("/export/archive/attachments", test_attachments);
  g_test_add_func ("/export/archive/hostile-entry-names", test_hostile_entry_names);
  g_test_add_func ("/export/archive/hostile-titles", test_hostile_titles);
  g_test_add_func ("/export/archive/sources", test_sources);
  g_test_add_func ("/export/archive/formats", test_formats);
  g_test_add_func ("/export/archive/memory-only", test_memory_only);
  g_test_add_func ("/export/archive/deterministic", test_deterministic);
  g_test_add_func ("/export/archive/schema", test_schema);
  g_test_add_func ("/export/archive/output-exists", test_output_exists);
  g_test_add_func ("/export/archive/cancel", test_cancel);
  g_test_add_func ("/export/archive/cancel-after-error", test_cancel_after_error);
  g_test_add_func ("/export/archive/async", test_async);

  return g_test_run ();
}
