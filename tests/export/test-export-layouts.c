/* test-export-layouts.c — every way an export arrives: conversations.json
 * (before 2026) or the shards conversations-000.json, conversations-001.json,
 * … (since), at the top of the zip or inside one folder, zipped or
 * extracted, or a bare file; and a sharded export with a shard missing or
 * damaged, which must be refused with a message that names the shard.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "export-test-util.h"

/* Shard @n of a sharded export with @per conversations, whose titles are
 * "Shard N, conversation M" and whose times grow with N and M. */
static char *
shard (guint n,
       guint per)
{
  g_autoptr(GString) s = g_string_new ("[");

  for (guint m = 0; m < per; m++)
    {
      g_autofree char *title = g_strdup_printf ("\"Shard %u, conversation %u\"", n, m);
      g_autofree char *id = g_strdup_printf ("\"c%u-%u\"", n, m);
      g_autofree char *conversation = et_simple_conversation (title, id, 1.7e9 + n * 1000 + m, "A question?");

      if (m > 0)
        g_string_append (s, ",\n");
      g_string_append (s, conversation);
    }
  g_string_append (s, "]\n");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
add_shard (EtZip      *zip,
           const char *prefix,
           guint       n,
           guint       per)
{
  g_autofree char *name = g_strdup_printf ("%sconversations-%03u.json", prefix, n);
  g_autofree char *data = shard (n, per);

  et_zip_add (zip, name, data, strlen (data));
}

/* The files a 2026 export has beside the shards. */
static void
add_other_files (EtZip      *zip,
                 const char *prefix,
                 guint       n_shards)
{
  g_autoptr(GString) manifest = g_string_new ("{\"export_files\":[");
  g_autofree char *user = g_strconcat (prefix, "user.json", NULL);
  g_autofree char *settings = g_strconcat (prefix, "user_settings.json", NULL);
  g_autofree char *chat = g_strconcat (prefix, "chat.html", NULL);
  g_autofree char *manifest_name = g_strconcat (prefix, "export_manifest.json", NULL);

  for (guint i = 0; i < n_shards; i++)
    g_string_append_printf (manifest, "%s{\"path\":\"conversations-%03u.json\"}", i ? "," : "", i);
  g_string_append (manifest, "]}");

  et_zip_add (zip, user, "{\"id\":\"user-x\",\"email\":\"someone@example.org\"}", 45);
  et_zip_add (zip, settings, "{}", 2);
  et_zip_add (zip, chat, "<html></html>", 13);
  et_zip_add (zip, manifest_name, manifest->str, manifest->len);
}

/* The titles of the archive's conversations, in the order of its manifest. */
static char *
archive_titles (const char *archive)
{
  g_autofree char *path = g_build_filename (archive, "manifest.json", NULL);
  g_autoptr(JsonNode) root = et_parse_json_file (path);
  JsonArray *conversations = json_object_get_array_member (json_node_get_object (root), "conversations");
  g_autoptr(GString) titles = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (conversations); i++)
    {
      JsonObject *c = json_array_get_object_element (conversations, i);

      g_string_append_printf (titles, "%s%s", i ? "|" : "", json_object_get_string_member (c, "title"));
    }
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static char *
expected_titles (guint first,
                 guint n_shards,
                 guint per)
{
  g_autoptr(GString) titles = g_string_new (NULL);

  for (guint n = first; n < first + n_shards; n++)
    for (guint m = 0; m < per; m++)
      g_string_append_printf (titles, "%sShard %u, conversation %u", titles->len ? "|" : "", n, m);
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

/* Verifies and converts @source; checks every conversation of the @n_shards
 * shards from @first on is there, in the shards' numeric order. */
static void
check_reads (const char *dir,
             const char *source_path,
             guint       first,
             guint       n_shards,
             guint       per)
{
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autofree char *out = g_build_filename (dir, "archive", NULL);
  g_autoptr(GFile) output = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) verified = NULL;
  g_autoptr(FwExportSummary) converted = NULL;
  g_autofree char *titles = NULL;
  g_autofree char *expected = expected_titles (first, n_shards, per);

  verified = fw_export_verify_sync (source, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fw_export_summary_get_conversations (verified), ==, n_shards * per);

  converted = fw_export_convert_sync (source, output, FW_ARCHIVE_FORMAT_ALL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fw_export_summary_get_conversations (converted), ==, n_shards * per);

  titles = archive_titles (out);
  g_assert_cmpstr (titles, ==, expected);
  et_rm_rf (out);
}

static void
check_refused (const char *dir,
               const char *source_path,
               gint        code,
               const char *message)
{
  g_autofree char *out = g_build_filename (dir, "archive", NULL);

  et_assert_refused (source_path, out, code, message, FALSE, TRUE);
}

/* A fresh folder, and a zip being written in it. */
typedef struct {
  char *dir;
  char *zip_path;
} Case;

static void
case_clear (Case *c)
{
  if (c->dir != NULL)
    et_rm_rf (c->dir);
  g_clear_pointer (&c->dir, g_free);
  g_clear_pointer (&c->zip_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Case, case_clear)

static EtZip *
case_zip (Case       *c,
          const char *name)
{
  case_clear (c);
  c->dir = et_make_tmp ();
  c->zip_path = g_build_filename (c->dir, name, NULL);
  return et_zip_new (c->zip_path, FALSE);
}

/* Shards at the top of the zip, stored out of order (002 before 000): read
 * in numeric order, one list. */
static void
test_sharded_zip (void)
{
  g_auto(Case) c = { 0 };
  EtZip *zip = case_zip (&c, "export.zip");

  add_shard (zip, "", 2, 3);
  add_shard (zip, "", 0, 4);
  add_other_files (zip, "", 3);
  add_shard (zip, "", 1, 2);
  et_zip_close (zip);

  {
    g_autoptr(GFile) source = g_file_new_for_path (c.zip_path);
    g_autoptr(GError) error = NULL;
    g_autoptr(FwExportSummary) summary = fw_export_verify_sync (source, NULL, NULL, NULL, &error);
    g_autofree char *out = g_build_filename (c.dir, "archive", NULL);
    g_autoptr(GFile) output = g_file_new_for_path (out);
    g_autoptr(FwExportSummary) converted = NULL;
    g_autofree char *titles = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (fw_export_summary_get_conversations (summary), ==, 9);
    converted = fw_export_convert_sync (source, output, FW_ARCHIVE_FORMAT_ALL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    titles = archive_titles (out);
    g_assert_cmpstr (titles, ==,
                     "Shard 0, conversation 0|Shard 0, conversation 1|Shard 0, conversation 2|"
                     "Shard 0, conversation 3|Shard 1, conversation 0|Shard 1, conversation 1|"
                     "Shard 2, conversation 0|Shard 2, conversation 1|Shard 2, conversation 2");

    /* the manifest names the files the conversations came from */
    {
      g_autofree char *path = g_build_filename (out, "manifest.json", NULL);
      g_autoptr(JsonNode) root = et_parse_json_file (path);
      JsonObject *src = json_object_get_object_member (json_node_get_object (root), "source");
      JsonArray *files = json_object_get_array_member (src, "conversation_files");

      g_assert_cmpuint (json_array_get_length (files), ==, 3);
      g_assert_cmpstr (json_array_get_string_element (files, 0), ==, "conversations-000.json");
      g_assert_cmpstr (json_array_get_string_element (files, 2), ==, "conversations-002.json");
    }
  }

}

/* Everything inside one folder of the zip, as some zips have it; and the
 * same export extracted, and one shard alone. */
static void
test_sharded_in_folder (void)
{
  g_auto(Case) c = { 0 };
  EtZip *zip = case_zip (&c, "export.zip");
  g_autofree char *folder = g_build_filename (c.dir, "extracted", "ChatGPT export", NULL);

  for (guint n = 0; n < 12; n++)
    add_shard (zip, "ChatGPT export/", n, 2);
  add_other_files (zip, "ChatGPT export/", 12);
  /* a stray shard deeper down is not part of the export */
  add_shard (zip, "ChatGPT export/old/", 0, 5);
  et_zip_close (zip);
  check_reads (c.dir, c.zip_path, 0, 12, 2);

  /* extracted: the folder, or the folder above it */
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  for (guint n = 0; n < 3; n++)
    {
      g_autofree char *name = g_strdup_printf ("conversations-%03u.json", n);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *data = shard (n, 2);

      et_write (path, data, -1);
    }
  check_reads (c.dir, folder, 0, 3, 2);
  {
    g_autofree char *above = g_build_filename (c.dir, "extracted", NULL);

    check_reads (c.dir, above, 0, 3, 2);
  }

  /* a bare shard */
  {
    g_autofree char *bare = g_build_filename (folder, "conversations-001.json", NULL);

    check_reads (c.dir, bare, 1, 1, 2);
  }

}

/* The classic layout keeps working, also inside a folder, and wins over
 * shards beside it. */
static void
test_classic_in_folder (void)
{
  g_auto(Case) c = { 0 };
  EtZip *zip = case_zip (&c, "export.zip");
  g_autofree char *data = shard (0, 3);

  et_zip_add (zip, "export-2025/conversations.json", data, strlen (data));
  et_zip_add (zip, "export-2025/user.json", "{}", 2);
  et_zip_close (zip);
  check_reads (c.dir, c.zip_path, 0, 1, 3);

}

/* Numbers that skip one: the shard in between is missing. */
static void
test_shard_missing (void)
{
  g_auto(Case) c = { 0 };
  EtZip *zip = case_zip (&c, "export.zip");

  add_shard (zip, "", 0, 2);
  add_shard (zip, "", 2, 2);
  et_zip_close (zip);
  check_refused (c.dir, c.zip_path, FW_EXPORT_ERROR_TRUNCATED,
                 "“export.zip” is incomplete: a file of conversations is missing (conversations-001.json). "
                 "Download the export again");
}

/* The last shards are missing: only export_manifest.json can tell. */
static void
test_shard_missing_from_manifest (void)
{
  g_auto(Case) c = { 0 };
  EtZip *zip = case_zip (&c, "export.zip");

  add_shard (zip, "export/", 0, 2);
  add_shard (zip, "export/", 1, 2);
  add_other_files (zip, "export/", 7);
  et_zip_close (zip);
  check_refused (c.dir, c.zip_path, FW_EXPORT_ERROR_TRUNCATED,
                 "“export.zip” is incomplete: files of conversations are missing "
                 "(conversations-002.json, conversations-003.json, conversations-004.json and 2 more). "
                 "Download the export again from the link in OpenAI’s email.");

  /* A manifest that is not JSON is not trusted, and not needed. */
  zip = case_zip (&c, "export.zip");
  add_shard (zip, "", 0, 2);
  add_shard (zip, "", 1, 2);
  et_zip_add (zip, "export_manifest.json", "{not json", 9);
  et_zip_close (zip);
  check_reads (c.dir, c.zip_path, 0, 2, 2);
}

/* A damaged shard: the message names it, and its own byte offset. */
static void
test_shard_damaged (void)
{
  g_auto(Case) c = { 0 };
  EtZip *zip = case_zip (&c, "export.zip");
  g_autofree char *second = shard (1, 3);
  gsize cut = strlen (second) / 2;

  add_shard (zip, "", 0, 3);
  et_zip_add (zip, "conversations-001.json", second, cut);
  add_shard (zip, "", 2, 3);
  et_zip_close (zip);
  check_refused (c.dir, c.zip_path, FW_EXPORT_ERROR_TRUNCATED,
                 "conversations-001.json: The conversations file ends in the middle of conversation 5");

  /* invalid JSON in the third shard: the byte is counted from its start */
  zip = case_zip (&c, "export.zip");
  add_shard (zip, "", 0, 1);
  add_shard (zip, "", 1, 1);
  et_zip_add (zip, "conversations-002.json", "[{\"a\": ]", 8);
  et_zip_close (zip);
  check_refused (c.dir, c.zip_path, FW_EXPORT_ERROR_INVALID_JSON,
                 "conversations-002.json: The conversations file is damaged: a bracket does not match at byte 7 (conversation 3).");
}

/* Not an export at all: the message says what an export holds. */
static void
test_not_an_export (void)
{
  g_auto(Case) c = { 0 };
  EtZip *zip = case_zip (&c, "photos.zip");

  et_zip_add (zip, "IMG_0001.jpg", "jpeg", 4);
  et_zip_add (zip, "conversations-old.json", "[]", 2);
  et_zip_close (zip);
  check_refused (c.dir, c.zip_path, FW_EXPORT_ERROR_NO_CONVERSATIONS,
                 "“photos.zip” has no conversations: it is not a ChatGPT data export. An export holds "
                 "conversations.json, or since 2026 conversations-000.json and the files after it.");
}

/* The command line reads a sharded export as the window does. */
static void
test_sharded_cli (void)
{
  g_auto(Case) c = { 0 };
  EtZip *zip = case_zip (&c, "export.zip");
  g_autofree char *archive = g_build_filename (c.dir, "Archive", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;

  add_shard (zip, "Export/", 0, 2);
  add_shard (zip, "Export/", 1, 1);
  add_other_files (zip, "Export/", 2);
  et_zip_close (zip);

  g_assert_cmpint (et_run_cli (&out, &err, "--verify", c.zip_path, "--json", NULL), ==, 0);
  root = et_parse_json (out, -1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "conversations"), ==, 3);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (et_run_cli (&out, &err, "--convert", c.zip_path, "--output", archive, NULL), ==, 0);
  g_assert_true (g_file_test (archive, G_FILE_TEST_IS_DIR));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/layouts/sharded-zip", test_sharded_zip);
  g_test_add_func ("/export/layouts/sharded-in-folder", test_sharded_in_folder);
  g_test_add_func ("/export/layouts/classic-in-folder", test_classic_in_folder);
  g_test_add_func ("/export/layouts/shard-missing", test_shard_missing);
  g_test_add_func ("/export/layouts/shard-missing-from-manifest", test_shard_missing_from_manifest);
  g_test_add_func ("/export/layouts/shard-damaged", test_shard_damaged);
  g_test_add_func ("/export/layouts/not-an-export", test_not_an_export);
  g_test_add_func ("/export/layouts/sharded-cli", test_sharded_cli);

  return g_test_run ();
}
