/* test-cli-provider.c — farewell --connect / --providers / --disconnect /
 * --ask, run as separate processes against the local test server, a real
 * keyring and GSettings in a key file
 *
 * Run through with-keyring.sh. At the end, the test key must appear in no
 * captured output (with G_MESSAGES_DEBUG=all) and in no file under the
 * throw-away HOME.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fw-test-server.h"

/* A part of the key that is unlikely anywhere else. */
#define KEY_FRAGMENT "Qm9uam91ciBGYXJld2VsbCE"

static FwTestServer *server;
static char *base_url;
static char *archive_dir;
static GString *all_output;
static guint n_proc_checks;

/* The key is never in a running farewell's arguments or environment (as
 * `ps` or /proc show them to every user). */
static void
check_proc (GSubprocess *proc)
{
  const char *pid = g_subprocess_get_identifier (proc);
  const char *files[] = { "cmdline", "environ" };

  if (pid == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename ("/proc", pid, files[i], NULL);
      g_autofree char *data = NULL;
      gsize len;

      if (!g_file_get_contents (path, &data, &len, NULL) || len == 0)
        return; /* it has ended already */
      for (gsize j = 0; j < len; j++)
        if (data[j] == '\0')
          data[j] = '\n';
      g_assert_null (strstr (data, KEY_FRAGMENT));
    }
  n_proc_checks++;
}

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
farewell (Run        *r,
          const char *input,
          ...)
{
  const char *bin = g_getenv ("FAREWELL_BIN");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_assert_nonnull (bin);
  g_ptr_array_add (argv, (char *) bin);
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* The input is small enough for the pipe's buffer. A farewell that ends
   * before reading it (a usage error) must not fail the test: a broken
   * pipe here is not an error of the program. */
  if (input != NULL && *input != '\0')
    {
      g_autoptr(GError) write_error = NULL;

      g_output_stream_write_all (g_subprocess_get_stdin_pipe (proc), input, strlen (input),
                                 NULL, NULL, &write_error);
      if (!g_error_matches (write_error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        g_assert_no_error (write_error);
      check_proc (proc);
    }
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  /* A crash (a signal, or a sanitizer abort) is a failure with its output shown. */
  if (!g_subprocess_get_if_exited (proc))
    g_error ("farewell %s died with signal %d:\n%s%s", (char *) argv->pdata[1],
             g_subprocess_get_term_sig (proc), r->out, r->err);
  r->status = g_subprocess_get_exit_status (proc);

  g_string_append_printf (all_output, "%s\n%s\n", r->out, r->err);

  /* With G_MESSAGES_DEBUG=all, GLib prints debug messages on standard
   * output unless the program sends them to standard error; the results
   * are what is left without them. */
  {
    g_autoptr(GRegex) debug = g_regex_new ("(\\*\\* )?\\(farewell:[0-9]+\\): [A-Za-z-]*(DEBUG|INFO): [^\n]*\n",
                                           0, 0, NULL);
    char *clean = g_regex_replace_literal (debug, r->out, -1, 0, "", 0, NULL);

    g_free (r->out);
    r->out = clean;
  }

  g_test_message ("farewell %s → %d\n%s%s", (char *) argv->pdata[1], r->status, r->out, r->err);
}

static JsonObject *
providers_json (JsonParser *parser,
                const char *id)
{
  g_auto(Run) r = { 0 };
  JsonArray *list;

  farewell (&r, NULL, "--providers", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, NULL));
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "providers");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *p = json_array_get_object_element (list, i);
      if (g_str_equal (json_object_get_string_member (p, "id"), id))
        return p;
    }
  g_assert_not_reached ();
}

static void
test_usage_errors (void)
{
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };
  g_auto(Run) d = { 0 };

  farewell (&a, FW_TEST_KEY "\n", "--connect", "chatgpt", NULL);
  g_assert_cmpint (a.status, ==, 2);
  g_assert_nonnull (strstr (a.err, "mistral"));   /* lists the known ids */

  farewell (&b, FW_TEST_KEY "\n", "--connect", "custom", NULL);
  g_assert_cmpint (b.status, ==, 2);
  g_assert_nonnull (strstr (b.err, "--base-url"));

  farewell (&c, NULL, "--ask", "hi", "--continue", "x", NULL);
  g_assert_cmpint (c.status, ==, 2);

  farewell (&d, NULL, "--disconnect", "chatgpt", NULL);
  g_assert_cmpint (d.status, ==, 2);
}

static void
test_connect_failures (void)
{
  JsonParser *parser = json_parser_new ();
  g_auto(Run) bad = { 0 };
  g_auto(Run) insecure = { 0 };
  g_auto(Run) empty = { 0 };
  g_auto(Run) ask = { 0 };
  JsonObject *p;

  farewell (&bad, "test-bad-SECRETSECRETSECRET0010\n", "--connect", "mistral", "--base-url", base_url, NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "rejected the API key"));
  g_assert_null (strstr (bad.err, "SECRETSECRET"));
  g_assert_cmpstr (bad.out, ==, "");

  farewell (&insecure, FW_TEST_KEY "\n", "--connect", "mistral", "--base-url", "http://198.51.100.1/v1", NULL);
  g_assert_cmpint (insecure.status, ==, 1);
  g_assert_nonnull (strstr (insecure.err, "https"));

  farewell (&empty, "\n", "--connect", "mistral", "--base-url", base_url, NULL);
  g_assert_cmpint (empty.status, ==, 1);

  /* Nothing was stored by any of these. */
  p = providers_json (parser, "mistral");
  g_assert_false (json_object_get_boolean_member (p, "connected"));

  farewell (&ask, NULL, "--ask", "Hello", NULL);
  g_assert_cmpint (ask.status, ==, 1);
  g_assert_nonnull (strstr (ask.err, "--connect"));

  g_object_unref (parser);
}

static void
test_connect_providers_ask_disconnect (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) conn = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) ask = { 0 };
  g_auto(Run) fail = { 0 };
  g_auto(Run) disc = { 0 };
  g_auto(Run) again = { 0 };
  JsonObject *p, *c;

  /* The key on standard input, with a trailing newline. */
  farewell (&conn, FW_TEST_KEY "\n", "--connect", "mistral", "--base-url", base_url, NULL);
  g_assert_cmpint (conn.status, ==, 0);
  g_assert_cmpstr (conn.out, ==, "mistral-large-latest\ntest-model-a\ntest-model-b\n");
  g_assert_nonnull (strstr (conn.err, "keyring"));

  p = providers_json (parser, "mistral");
  g_assert_true (json_object_get_boolean_member (p, "connected"));
  g_assert_true (json_object_get_boolean_member (p, "default"));
  c = json_object_get_object_member (p, "connection");
  g_assert_cmpstr (json_object_get_string_member (c, "base_url"), ==, base_url);
  g_assert_cmpstr (json_object_get_string_member (c, "model"), ==, "mistral-large-latest");

  farewell (&list, NULL, "--providers", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "connected, default, model mistral-large-latest"));

  farewell (&ask, NULL, "--ask", "Hello", "--model", "echo", NULL);
  g_assert_cmpint (ask.status, ==, 0);
  g_assert_cmpstr (ask.out, ==, FW_TEST_ANSWER "\n");

  farewell (&fail, NULL, "--ask", "Hello", "--model", "status-429", NULL);
  g_assert_cmpint (fail.status, ==, 1);
  g_assert_nonnull (strstr (fail.err, "HTTP 429"));

  farewell (&disc, NULL, "--disconnect", "mistral", NULL);
  g_assert_cmpint (disc.status, ==, 0);
  p = providers_json (parser, "mistral");
  g_assert_false (json_object_get_boolean_member (p, "connected"));

  /* Connected again for the archive tests. */
  farewell (&again, FW_TEST_KEY, "--connect", "mistral", "--base-url", base_url, "--model", "echo", NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.err, "echo"));
}

static const char *
role_at (JsonArray *a, guint i)
{
  return json_object_get_string_member (json_array_get_object_element (a, i), "role");
}

static const char *
content_at (JsonArray *a, guint i)
{
  return json_object_get_string_member (json_array_get_object_element (a, i), "content");
}

static JsonArray *
last_messages (JsonParser *parser)
{
  g_autofree char *body = fw_test_server_get_last_body (server);

  g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "messages");
}

static void
test_ask_continue_archive (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) ask = { 0 };
  g_auto(Run) plain = { 0 };
  g_auto(Run) missing = { 0 };
  g_autoptr(GDir) dir = NULL;
  g_autofree char *conversations = g_build_filename (archive_dir, "conversations", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *contents = NULL;
  JsonArray *messages;
  const char *name;

  farewell (&ask, NULL, "--ask", "And in spring?", "--archive", archive_dir,
            "--continue", "conv-honey", NULL);
  g_assert_cmpint (ask.status, ==, 0);
  g_assert_cmpstr (ask.out, ==, FW_TEST_ANSWER "\n");

  /* The custom instructions, then the thread in order, then the question. */
  messages = last_messages (parser);
  g_assert_cmpuint (json_array_get_length (messages), ==, 7);
  g_assert_cmpstr (role_at (messages, 0), ==, "system");
  g_assert_true (g_str_has_prefix (content_at (messages, 0), "About me: I am a beekeeper in Lyon.\n\nHow to respond: "));
  g_assert_null (strstr (content_at (messages, 0), "hives"));  /* memory is off by default */
  g_assert_cmpstr (role_at (messages, 1), ==, "system");
  g_assert_cmpstr (content_at (messages, 1), ==, "Original system note.");
  g_assert_cmpstr (content_at (messages, 2), ==, "When should I harvest honey?");
  g_assert_cmpstr (role_at (messages, 3), ==, "assistant");
  g_assert_cmpstr (content_at (messages, 4), ==, "And in autumn?");
  g_assert_cmpstr (role_at (messages, 5), ==, "assistant");
  g_assert_cmpstr (role_at (messages, 6), ==, "user");
  g_assert_cmpstr (content_at (messages, 6), ==, "And in spring?");

  /* The exchange was saved beside the conversation. */
  dir = g_dir_open (conversations, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "2023-11-14-honey-harvest-timing.continued-"))
      saved = g_build_filename (conversations, name, NULL);
  g_assert_nonnull (saved);
  g_assert_true (g_file_get_contents (saved, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "And in spring?"));
  g_assert_nonnull (strstr (contents, FW_TEST_ANSWER));
  g_assert_nonnull (strstr (ask.err, saved));

  farewell (&plain, NULL, "--ask", "Just this", "--archive", archive_dir, "--no-instructions", NULL);
  g_assert_cmpint (plain.status, ==, 0);
  messages = last_messages (parser);
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpstr (content_at (messages, 0), ==, "Just this");

  farewell (&missing, NULL, "--ask", "x", "--archive", archive_dir, "--continue", "no-such-id", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "no-such-id"));
}

static void
test_local_provider (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *local_url = fw_test_server_get_base_url (server, "/local");
  g_auto(Run) conn = { 0 };
  g_auto(Run) ask = { 0 };
  g_auto(Run) disc = { 0 };
  JsonObject *p;

  /* No key is asked for, and an empty standard input is fine. */
  farewell (&conn, NULL, "--connect", "ollama", "--base-url", local_url, "--model", "echo", NULL);
  g_assert_cmpint (conn.status, ==, 0);
  p = providers_json (parser, "ollama");
  g_assert_true (json_object_get_boolean_member (p, "connected"));
  g_assert_false (json_object_get_boolean_member (p, "default")); /* mistral came first */

  farewell (&ask, NULL, "--ask", "Hi", "--provider", "ollama", NULL);
  g_assert_cmpint (ask.status, ==, 0);
  g_assert_cmpstr (ask.out, ==, FW_TEST_ANSWER "\n");

  farewell (&disc, NULL, "--disconnect", "ollama", NULL);
  g_assert_cmpint (disc.status, ==, 0);
}

static void
scan_for_key (const char *path,
              guint      *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        scan_for_key (child, n_files);
      else if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *contents = NULL;
          gsize len = 0;

          if (!g_file_get_contents (child, &contents, &len, NULL))
            continue;
          (*n_files)++;
          if (memmem (contents, len, KEY_FRAGMENT, strlen (KEY_FRAGMENT)) != NULL)
            g_error ("The test key was found in %s", child);
        }
    }
}

static void
test_key_left_no_trace (void)
{
  const char *home = g_getenv ("FAREWELL_TEST_HOME");
  g_autofree char *keyfile = NULL;
  guint n_files = 0;

  g_assert_nonnull (home);
  /* GSettings did write its key file, so the scan sees real files. */
  keyfile = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);
  g_assert_true (g_file_test (keyfile, G_FILE_TEST_IS_REGULAR));

  scan_for_key (home, &n_files);
  scan_for_key (archive_dir, &n_files);
  g_test_message ("scanned %u files", n_files);
  g_assert_cmpuint (n_files, >=, 2);

  g_assert_null (strstr (all_output->str, KEY_FRAGMENT));
  /* Some farewells were looked at while they held the key. */
  g_test_message ("%u running processes checked", n_proc_checks);
  g_assert_cmpuint (n_proc_checks, >=, 1);
  /* The debug output was on: the scan of the output is not vacuous. */
  g_assert_nonnull (strstr (all_output->str, "HTTP"));
}

static char *
copy_archive (void)
{
  const char *data = g_getenv ("FAREWELL_TEST_DATA");
  const char *files[] = { "manifest.json", "conversations/2023-11-14-honey-harvest-timing.json",
                          "conversations/2023-01-02-untitled.json" };
  char *dst = g_build_filename (g_getenv ("FAREWELL_TEST_HOME"), "archive", NULL);
  g_autofree char *conv = g_build_filename (dst, "conversations", NULL);

  g_assert_nonnull (data);
  g_mkdir_with_parents (conv, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (data, "provider", "archive", files[i], NULL);
      g_autofree char *to = g_build_filename (dst, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (to, contents, len, NULL));
    }
  return dst;
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("FAREWELL_TEST_HOME") == NULL || g_getenv ("FAREWELL_BIN") == NULL)
    {
      g_printerr ("Run this test through with-keyring.sh with FAREWELL_BIN set\n");
      return 77;
    }

  server = fw_test_server_new (FALSE);
  base_url = fw_test_server_get_base_url (server, NULL);
  archive_dir = copy_archive ();
  all_output = g_string_new (NULL);

  g_test_add_func ("/provider/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/provider/cli/connect-failures", test_connect_failures);
  g_test_add_func ("/provider/cli/connect-providers-ask-disconnect", test_connect_providers_ask_disconnect);
  g_test_add_func ("/provider/cli/ask-continue-archive", test_ask_continue_archive);
  g_test_add_func ("/provider/cli/local-provider", test_local_provider);
  g_test_add_func ("/provider/cli/key-left-no-trace", test_key_left_no_trace);

  ret = g_test_run ();

  fw_test_server_free (server);
  g_free (base_url);
  g_free (archive_dir);
  g_string_free (all_output, TRUE);
  return ret;
}
