/* test-export-cli.c — `farewell --verify EXPORT [--json]` and
 * `farewell --convert EXPORT --output DIR [--format LIST]`, run as a
 * program ($FAREWELL_BIN): what they print, and their exit codes (0 valid,
 * 1 invalid with a message on stderr, 2 usage error).
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "export-test-util.h"

/* The length of the one JSON value at the start of @text (strings and
 * escapes understood), or 0 when it does not end. */
static gsize
first_value_length (const char *text)
{
  int depth = 0;
  gboolean in_string = FALSE, escape = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (in_string)
        {
          if (escape)
            escape = FALSE;
          else if (*p == '\\')
            escape = TRUE;
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '"')
        in_string = TRUE;
      else if (*p == '{' || *p == '[')
        depth++;
      else if ((*p == '}' || *p == ']') && --depth == 0)
        return p - text + 1;
    }
  return 0;
}

static void
test_verify_json (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) members = NULL;
  g_autoptr(GRegex) iso = g_regex_new ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", 0, 0, NULL);
  static const char *keys[] = {
    "conversations", "messages", "message_nodes", "attachments_referenced", "attachments_missing",
    "first_date", "last_date", "custom_instructions", "unknown_content_types", "warnings",
    "warnings_not_listed", "account_email", "shared_links", "activity", NULL
  };
  JsonObject *o, *unknown;
  JsonArray *warnings;
  gsize value_len;
  int status;

  status = et_run_cli (&out, &err, "--verify", zip, "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");

  /* exactly one JSON object, and nothing else */
  g_assert_true (out[0] == '{');
  value_len = first_value_length (out);
  g_assert_cmpuint (value_len, >, 0);
  g_assert_cmpstr (out + value_len, ==, "\n");
  root = et_parse_json (out, -1);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  o = json_node_get_object (root);

  members = json_object_get_members (o);
  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((char **) keys));
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_true (json_object_has_member (o, keys[i]));

  g_assert_cmpint (json_node_get_value_type (json_object_get_member (o, "conversations")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (o, "conversations"), ==, 7);
  /* shown in ChatGPT; with the hidden ones (system, custom instructions) */
  g_assert_cmpint (json_object_get_int_member (o, "messages"), ==, 22);
  g_assert_cmpint (json_object_get_int_member (o, "message_nodes"), ==, 34);
  g_assert_cmpint (json_object_get_int_member (o, "warnings_not_listed"), ==, 0);
  /* the figures of the charts: one month (the undated conversation has
   * none), the person's messages by hour in the tests' time zone, UTC */
  {
    JsonObject *activity = json_object_get_object_member (o, "activity");
    JsonArray *months = json_object_get_array_member (activity, "months");
    JsonObject *june = json_array_get_object_element (months, 0);
    JsonArray *hours = json_object_get_array_member (activity, "hours");

    g_assert_cmpuint (json_array_get_length (months), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (june, "month"), ==, "2024-06");
    g_assert_cmpint (json_object_get_int_member (june, "conversations"), ==, 6);
    g_assert_cmpint (json_object_get_int_member (june, "sent"), ==, 9);
    g_assert_cmpint (json_object_get_int_member (june, "messages"), ==, 20);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (june, "models"), "gpt-4o"), ==, 8);
    g_assert_cmpuint (json_array_get_length (hours), ==, 24);
    g_assert_cmpint (json_array_get_int_element (hours, 10), ==, 9);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (activity, "weekdays")), ==, 7);
    g_assert_cmpfloat (json_object_get_double_member (activity, "sent_per_month"), ==, 9.0);
  }
  g_assert_cmpint (json_object_get_int_member (o, "attachments_referenced"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (o, "attachments_missing"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (o, "first_date"), ==, "2024-06-01T10:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (o, "last_date"), ==, "2024-06-06T11:00:00Z");
  g_assert_true (g_regex_match (iso, json_object_get_string_member (o, "first_date"), 0, NULL));
  g_assert_true (json_object_get_boolean_member (o, "custom_instructions"));
  unknown = json_object_get_object_member (o, "unknown_content_types");
  g_assert_cmpuint (json_object_get_size (unknown), ==, 2);
  g_assert_cmpint (json_object_get_int_member (unknown, "hologram_projection"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (unknown, "sticker_asset_pointer"), ==, 1);
  warnings = json_object_get_array_member (o, "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 4);
  for (guint i = 0; i < json_array_get_length (warnings); i++)
    g_assert_cmpint (json_node_get_value_type (json_array_get_element (warnings, i)), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_array_get_string_element (warnings, 0), ==,
                   "Conversation “Broken conversation” (8) has no messages in the export (it is damaged); it was skipped.");

  /* No dates at all: null, not a made-up date. */
  {
    g_autofree char *bare = g_build_filename (tmp, "conversations.json", NULL);
    g_autofree char *conv = et_simple_conversation ("null", "\"n1\"", -1, "When?");
    g_autofree char *json = g_strdup_printf ("[%s]", conv);
    g_autofree char *out2 = NULL;
    g_autofree char *err2 = NULL;
    g_autoptr(JsonNode) root2 = NULL;
    JsonObject *o2;

    et_write (bare, json, -1);
    g_assert_cmpint (et_run_cli (&out2, &err2, "--verify", bare, "--json", NULL), ==, 0);
    root2 = et_parse_json (out2, -1);
    o2 = json_node_get_object (root2);
    g_assert_true (json_object_get_null_member (o2, "first_date"));
    g_assert_true (json_object_get_null_member (o2, "last_date"));
    g_assert_false (json_object_get_boolean_member (o2, "custom_instructions"));
    g_assert_cmpuint (json_object_get_size (json_object_get_object_member (o2, "unknown_content_types")), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o2, "warnings")), ==, 0);
  }

  et_rm_rf (tmp);
}

static void
test_verify_text (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  static const char *lines[] = {
    "Conversations:        7\n",
    "Messages:             22 (every branch)\n",
    "Attachments:          7 referenced, 3 missing\n",
    "Dates:                2024-06-01 – 2024-06-06\n",
    "Custom instructions:  found\n",
    "Unknown content types (kept as raw JSON):\n",
    "  hologram_projection: 1\n",
    "Warnings (the rest is archived normally):\n",
    "  - “What bird is this?”: the file file-Gone404x is not in the export.\n",
  };

  g_assert_cmpint (et_run_cli (&out, &err, "--verify", zip, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "Export:               export.zip ("));
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (strstr (out, lines[i]) == NULL)
      g_error ("“%s” is not in:\n%s", lines[i], out);

  et_rm_rf (tmp);
}

static void
test_invalid (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *junk = g_build_filename (tmp, "junk.zip", NULL);
  g_autofree char *bad_json = g_build_filename (tmp, "conversations.json", NULL);
  g_autofree char *missing = g_build_filename (tmp, "missing.zip", NULL);
  g_autofree char *archive = g_build_filename (tmp, "archive", NULL);
  g_autofree char *left = NULL;
  static const char *junk_message = "farewell: “junk.zip” is not a ChatGPT export. Choose the zip file from OpenAI’s email, "
                                    "or the conversations.json inside it.\n";

  et_write (junk, "PNG? no, just text", -1);
  et_write (bad_json, "[{\"title\": \"x\", \"mapping\": {}}, {\"title\": nope}]", -1);

  for (guint json = 0; json < 2; json++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = json ? et_run_cli (&out, &err, "--verify", junk, "--json", NULL)
                        : et_run_cli (&out, &err, "--verify", junk, NULL);

      g_assert_cmpint (status, ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_cmpstr (err, ==, junk_message);
    }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (et_run_cli (&out, &err, "--verify", bad_json, "--json", NULL), ==, 1);
    g_assert_cmpstr (out, ==, "");
    g_assert_true (g_str_has_prefix (err, "farewell: Conversation 2 (starting at byte 32) is not valid JSON: "));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (et_run_cli (&out, &err, "--verify", missing, NULL), ==, 1);
    g_assert_true (g_str_has_prefix (err, "farewell: “missing.zip” cannot be opened: "));
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (et_run_cli (&out, &err, "--convert", junk, "--output", archive, NULL), ==, 1);
    g_assert_cmpstr (out, ==, "");
    g_assert_cmpstr (err, ==, junk_message);
  }

  left = et_list_dir (tmp);
  g_assert_cmpstr (left, ==, "conversations.json junk.zip");

  et_rm_rf (tmp);
}

static void
test_usage (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  g_autofree char *archive = g_build_filename (tmp, "archive", NULL);
  g_autofree char *left = NULL;
  static const char *verify_only = "farewell: --verify takes only an export and, optionally, --json. See --help.\n";
  static const char *needs_output = "farewell: --convert needs --output DIR, the folder to create for the archive.\n";
  struct {
    const char *args[7];
    const char *err;
  } cases[] = {
    { { "--verify", zip, "--output", archive, NULL }, verify_only },
    { { "--verify", zip, "--format", "md", NULL }, verify_only },
    { { "--convert", zip, NULL }, needs_output },
    { { "--convert", zip, "--json", NULL }, needs_output },
    { { "--convert", zip, "--output", archive, "--format", "md,pdf", NULL },
      "farewell: Unknown format in “md,pdf”: use md, html and json, separated by commas.\n" },
    { { "--convert", zip, "--output", archive, "--format", "", NULL },
      "farewell: Unknown format in “”: use md, html and json, separated by commas.\n" },
    { { "--json", NULL },
      "farewell: This option needs a command such as --verify, --convert, --connect or --ask. See --help.\n" },
    { { "--output", archive, NULL },
      "farewell: This option needs a command such as --verify, --convert, --connect or --ask. See --help.\n" },
    { { "--verify", zip, "--convert", zip, NULL }, "farewell: Give only one command at a time. See --help.\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char **a = cases[i].args;
      int status = et_run_cli (&out, &err, a[0], a[1], a[2], a[3], a[4], a[5], a[6], NULL);

      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_cmpstr (err, ==, cases[i].err);
    }

  left = et_list_dir (tmp);
  g_assert_cmpstr (left, ==, "export.zip");

  et_rm_rf (tmp);
}

static void
test_convert (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "export.zip");
  g_autofree char *archive = g_build_filename (tmp, "archive", NULL);
  g_autofree char *conversations = g_build_filename (archive, "conversations", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *written = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GPtrArray) files = NULL;

  g_assert_cmpint (et_run_cli (&out, &err, "--convert", zip, "--output", archive, "--format", "md,json", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  written = g_strdup_printf ("Archive written to %s\n", archive);
  g_assert_true (g_str_has_suffix (out, written));
  g_assert_nonnull (strstr (out, "Conversations:        7\n"));

  files = et_list_tree (conversations);
  g_assert_cmpuint (files->len, ==, 14);
  for (guint i = 0; i < files->len; i++)
    g_assert_true (g_str_has_suffix (g_ptr_array_index (files, i), ".md") ||
                   g_str_has_suffix (g_ptr_array_index (files, i), ".json"));

  listing = et_list_dir (archive);
  g_assert_cmpstr (listing, ==, "archive.css archive.js attachments conversations custom-instructions.md "
                                "export index.html manifest.json search");

  /* again into the same folder: refused, nothing changed */
  {
    g_autofree char *out2 = NULL;
    g_autofree char *err2 = NULL;
    g_autofree char *message = g_strdup_printf ("farewell: “%s” already exists and is not empty. "
                                                "Choose a new folder: Farewell never overwrites files.\n", archive);
    g_autofree char *again = NULL;

    g_assert_cmpint (et_run_cli (&out2, &err2, "--convert", zip, "--output", archive, NULL), ==, 1);
    g_assert_cmpstr (out2, ==, "");
    g_assert_cmpstr (err2, ==, message);
    again = et_list_dir (archive);
    g_assert_cmpstr (again, ==, listing);
  }

  /* every format by default */
  {
    g_autofree char *all = g_build_filename (tmp, "all", NULL);
    g_autofree char *all_conversations = g_build_filename (all, "conversations", NULL);
    g_autofree char *out3 = NULL;
    g_autofree char *err3 = NULL;
    g_autoptr(GPtrArray) all_files = NULL;

    g_assert_cmpint (et_run_cli (&out3, &err3, "--convert", zip, "--output", all, NULL), ==, 0);
    all_files = et_list_tree (all_conversations);
    g_assert_cmpuint (all_files->len, ==, 21);
  }

  et_rm_rf (tmp);
}

/* Under LANG=C libarchive cannot name a non-ASCII entry (regression:
 * --convert crashed copying the attachments). The others are copied; that
 * one is reported missing. */
static void
test_c_locale (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip_path = g_build_filename (tmp, "export.zip", NULL);
  g_autofree char *archive = g_build_filename (tmp, "archive", NULL);
  g_autofree char *attachments = g_build_filename (archive, "attachments", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *json = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *conv = et_simple_conversation ("\"Photos\"", "\"photo-001\"", 1717236000, "Look.");
  static const char *parts = "{\"content_type\":\"multimodal_text\",\"parts\":["
                             "{\"content_type\":\"image_asset_pointer\",\"asset_pointer\":\"file-service://file-Ascii1\"},"
                             "{\"content_type\":\"image_asset_pointer\",\"asset_pointer\":\"file-service://file-Umlaut2\"},";
  char *at = strstr (conv, "{\"content_type\":\"text\",\"parts\":[");
  EtZip *zip;
  int status;

  g_assert_nonnull (at);
  json = g_strdup_printf ("[%.*s%s%s]", (int) (at - conv), conv, parts, at + strlen ("{\"content_type\":\"text\",\"parts\":["));
  zip = et_zip_new_utf8 (zip_path);
  et_zip_add (zip, "conversations.json", json, strlen (json));
  et_zip_add (zip, "file-Ascii1-plain.png", "plain", 5);
  et_zip_add (zip, "file-Umlaut2-Gr\xc3\xbc\xc3\x9f" "e.png", "umlaut", 6);
  et_zip_close (zip);

  g_setenv ("LC_ALL", "C", TRUE);
  status = et_run_cli (&out, &err, "--convert", zip_path, "--output", archive, NULL);
  if (saved)
    g_setenv ("LC_ALL", saved, TRUE);
  else
    g_unsetenv ("LC_ALL");

  g_assert_cmpint (status, ==, 0);
  listing = et_list_dir (attachments);
  g_assert_cmpstr (listing, ==, "file-Ascii1-plain.png");
  g_assert_nonnull (strstr (out, "file-Umlaut2"));

  et_rm_rf (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/cli/verify-json", test_verify_json);
  g_test_add_func ("/export/cli/verify-text", test_verify_text);
  g_test_add_func ("/export/cli/invalid", test_invalid);
  g_test_add_func ("/export/cli/usage", test_usage);
  g_test_add_func ("/export/cli/convert", test_convert);
  g_test_add_func ("/export/cli/c-locale", test_c_locale);

  return g_test_run ();
}
