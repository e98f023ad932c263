/* test-export-2026.c — an export as ChatGPT makes them since 2026, built
 * after the structure of published real ones (tests/data/export/export-2026:
 * shards and export_manifest.json, the custom instructions only inside
 * OpenAI's wrapper, memory written by the "bio" tool, attachments as
 * file_….dat named in conversation_asset_file_names.json, user.json,
 * shared_conversations.json and the other files beside them).
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "export/fw-instructions.h"
#include "export-test-util.h"

#define PROFILE_NEW "I grow vegetables on a balcony. I cook vegetarian food."
#define PROFILE_OLD "I grow vegetables on a balcony in a rainy city.\nI am learning Portuguese."

static char *
export_dir (void)
{
  return g_build_filename (et_data_dir (), "export-2026", NULL);
}

static char *
read_out (const char *dir,
          const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize len;

  return et_read (path, &len);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” is not in:\n%s", needle, haystack);
}

static void
test_unwrap (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "The user provided the following information about themselves. This user profile is shown to you in "
      "all conversations they have.\nUser profile:\n```I knit.\nI live by the sea.```", "I knit.\nI live by the sea." },
    { "The user provided the additional info about how they would like you to respond:\n```Be brief.```", "Be brief." },
    { "  The user provided the additional info:\n```\n  Spaces around  \n```  ", "Spaces around" },
    /* the person's own text, even when it mentions fences */
    { "Use ```code``` fences for code.", "Use ```code``` fences for code." },
    { "The user provided nothing in fences", "The user provided nothing in fences" },
    { "The user provided:\n``````", NULL },
    { "   ", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = fw_instructions_unwrap (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
check_archive (const char *out)
{
  g_autofree char *ci = read_out (out, "custom-instructions.md");
  g_autofree char *manifest_path = g_build_filename (out, "manifest.json", NULL);
  g_autoptr(JsonNode) manifest = et_parse_json_file (manifest_path);
  JsonObject *m = json_node_get_object (manifest);
  JsonArray *versions = json_object_get_array_member (m, "custom_instructions_versions");
  JsonArray *updates = json_object_get_array_member (m, "memory_updates");
  JsonArray *files = json_object_get_array_member (json_object_get_object_member (m, "source"), "conversation_files");
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *export_files = json_object_get_array_member (m, "export_files");
  const char *new_at, *old_at, *update_new, *update_old;

  /* The person's own words, every version, newest first; not OpenAI's wrapper. */
  g_assert_null (strstr (ci, "The user provided"));
  g_assert_null (strstr (ci, "```"));
  new_at = strstr (ci, "### Version of 2026-02-14");
  old_at = strstr (ci, "### Version of 2025-03-10");
  g_assert_nonnull (new_at);
  g_assert_nonnull (old_at);
  g_assert_true (new_at < old_at);
  assert_contains (old_at, "*Used from 2025-03-10 to 2025-06-01.*");
  assert_contains (old_at, PROFILE_OLD);
  /* the newest on top, as the Try step uses it */
  g_assert_true (g_str_has_prefix (strstr (ci, "## About you\n\n"), "## About you\n\n" PROFILE_NEW "\n"));

  /* What the memory tool was asked to remember, with dates, newest first. */
  update_new = strstr (ci, "- 2026-02-14: Is vegetarian.");
  update_old = strstr (ci, "- 2025-03-10: Grows vegetables on a small, rainy balcony.");
  g_assert_nonnull (update_new);
  g_assert_nonnull (update_old);
  g_assert_true (update_new < update_old);

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (m, "custom_instructions"), "user_profile"),
                   ==, PROFILE_NEW);
  g_assert_cmpuint (json_array_get_length (versions), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (versions, 1), "user_profile"),
                   ==, PROFILE_OLD);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (versions, 1), "first_used"),
                                   "2025-03-10T"));
  g_assert_cmpuint (json_array_get_length (updates), ==, 2);

  /* Both shards, in order. */
  g_assert_cmpuint (json_array_get_length (files), ==, 2);
  g_assert_true (g_str_has_suffix (json_array_get_string_element (files, 0), "conversations-000.json"));
  g_assert_true (g_str_has_suffix (json_array_get_string_element (files, 1), "conversations-001.json"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (m, "counts"), "messages"), ==, 6);

  /* Every other file kept; the .dat attachments under their real names,
   * the one no conversation refers to too. */
  for (guint i = 0; i < json_array_get_length (export_files); i++)
    g_hash_table_add (kept, (gpointer) json_object_get_string_member (json_array_get_object_element (export_files, i), "path"));
  {
    static const char *expected[] = {
      "attachments/file_00000000aa11bb22cc33dd44-balcony.jpg", "attachments/file_00000000ee55ff66-seed-list.pdf",
      "export/chat.html", "export/conversation_asset_file_names.json", "export/export_manifest.json",
      "export/message_feedback.json", "export/shared_conversations.json", "export/user.json",
      "export/user_settings.json",
    };

    g_assert_cmpuint (g_hash_table_size (kept), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autofree char *path = g_build_filename (out, expected[i], NULL);

        if (!g_hash_table_contains (kept, expected[i]))
          g_error ("%s is not kept", expected[i]);
        g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      }
  }
  {
    g_autofree char *photo = read_out (out, "attachments/file_00000000aa11bb22cc33dd44-balcony.jpg");
    g_autofree char *md = read_out (out, "conversations/2025-03-10-planning-a-vegetable-garden-67cf0a00.md");
    g_autofree char *index = read_out (out, "index.html");

    g_assert_cmpstr (photo, ==, "\xff\xd8\xff\xe0 balcony");
    assert_contains (md, "../attachments/file_00000000aa11bb22cc33dd44-balcony.jpg");
    g_assert_null (strstr (md, "The user provided"));
    assert_contains (index, "<a href=\"export/user.json\">user.json</a>");
    assert_contains (index, "<a href=\"export/shared_conversations.json\">shared_conversations.json</a>");
  }
}

/* The extracted folder, and the same as a zip inside one folder. */
static void
test_archive (void)
{
  g_autofree char *src = export_dir ();
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip_path = g_build_filename (tmp, "export.zip", NULL);
  g_autofree char *from_folder = g_build_filename (tmp, "from-folder", NULL);
  g_autofree char *from_zip = g_build_filename (tmp, "from-zip", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  EtZip *zip;

  g_assert_cmpint (et_run_cli (&out, &err, "--convert", src, "--output", from_folder, NULL), ==, 0);
  check_archive (from_folder);

  zip = et_zip_new (zip_path, FALSE);
  et_zip_add_dir (zip, src, "chatgpt-export-2026-11-30/");
  et_zip_close (zip);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (et_run_cli (&out, &err, "--convert", zip_path, "--output", from_zip, NULL), ==, 0);
  check_archive (from_zip);

  et_rm_rf (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/2026/unwrap", test_unwrap);
  g_test_add_func ("/export/2026/archive", test_archive);

  return g_test_run ();
}
