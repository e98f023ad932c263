/* test-interrupted.c — a conversion killed midway (kill -9, a power cut)
 * leaves its hidden ".NAME.partial-XXXXXX" folder; the next conversion into
 * the same place removes it and says so, but never the folder of a
 * conversion that still runs.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>
#include <glib/gstdio.h>

#include "export/fw-export.h"
#include "export/fw-partial-dir.h"
#include "export-test-util.h"

/* The partial folders beside @output, by name. */
static GPtrArray *
partial_dirs (const char *output)
{
  g_autofree char *parent = g_path_get_dirname (output);
  g_autofree char *basename = g_path_get_basename (output);
  g_autofree char *prefix = g_strdup_printf (".%s.partial-", basename);
  g_autoptr(GDir) d = g_dir_open (parent, 0, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (found, g_build_filename (parent, name, NULL));
  return found;
}

static char *
big_export (const char *dir,
            guint       n)
{
  g_autofree char *path = g_build_filename (dir, "conversations.json", NULL);
  g_autoptr(GString) json = g_string_new ("[");
  g_autofree char *question = g_strnfill (400, 'q');

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("\"Question %u\"", i);
      g_autofree char *id = g_strdup_printf ("\"id-%u\"", i);
      g_autofree char *conversation = et_simple_conversation (title, id, 1.7e9 + i * 60, question);

      g_string_append (json, i ? ",\n" : "\n");
      g_string_append (json, conversation);
    }
  g_string_append (json, "]\n");
  et_write (path, json->str, json->len);
  return g_steal_pointer (&path);
}

/* A real conversion, killed with SIGKILL once it has written part of the
 * archive: its folder stays; the next conversion removes it, says so, and
 * writes the archive. */
static void
test_killed_midway (void)
{
  g_autofree char *dir = et_make_tmp ();
  g_autofree char *source = big_export (dir, 20000);
  g_autofree char *output = g_build_filename (dir, "Archive", NULL);
  const char *argv[] = { g_getenv ("FAREWELL_BIN"), "--convert", source, "--output", output, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GPid pid;
  int status;
  gboolean killed = FALSE;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                                G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);

  /* once some conversations are written */
  for (guint i = 0; i < 20000 && !killed; i++)
    {
      g_autoptr(GPtrArray) partial = partial_dirs (output);

      if (partial->len == 1)
        {
          g_autofree char *conversations = g_build_filename (g_ptr_array_index (partial, 0), "conversations", NULL);
          g_autoptr(GDir) d = g_dir_open (conversations, 0, NULL);

          if (d != NULL && g_dir_read_name (d) != NULL)
            {
              kill (pid, SIGKILL);
              killed = TRUE;
            }
        }
      if (!killed)
        g_usleep (500);
    }
  g_assert_true (killed);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

  left = partial_dirs (output);
  g_assert_cmpuint (left->len, ==, 1);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));

  /* The next conversion into the same place. */
  g_assert_cmpint (et_run_cli (&out, &err, "--convert", source, "--output", output, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "What an interrupted earlier run had left there was removed, freeing "));
  g_clear_pointer (&left, g_ptr_array_unref);
  left = partial_dirs (output);
  g_assert_cmpuint (left->len, ==, 0);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_DIR));
  {
    /* the note of ownership does not end up in the archive */
    g_autofree char *owner = g_build_filename (output, ".owner", NULL);

    g_assert_false (g_file_test (owner, G_FILE_TEST_EXISTS));
  }

  et_rm_rf (dir);
}

/* Which folders count as stale: not one whose process runs (this one, or a
 * child still alive), nor a fresh one without a note; but one whose
 * process is gone, or an old one without a note. */
static void
test_which_are_stale (void)
{
  g_autofree char *dir = et_make_tmp ();
  g_autofree char *output = g_build_filename (dir, "Archive", NULL);
  g_autofree char *mine = fw_partial_dir_create (output);
  g_autofree char *no_note_fresh = g_build_filename (dir, ".Archive.partial-fresh1", NULL);
  g_autofree char *no_note_old = g_build_filename (dir, ".Archive.partial-old123", NULL);
  g_autofree char *other_name = g_build_filename (dir, ".Other.partial-abcdef", NULL);
  g_autofree char *gone = NULL;
  g_autofree char *file = NULL;
  struct utimbuf old = { 0 };
  guint64 bytes = 0;
  int pipe_fds[2];
  pid_t child;
  char buf[4096] = { 0 };
  gssize n;

  g_assert_nonnull (mine);

  /* a child process makes its own folder, with a file in it, and dies */
  g_assert_cmpint (pipe (pipe_fds), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      char *made = fw_partial_dir_create (output);
      char *inside = g_build_filename (made, "conversations.md", NULL);

      g_file_set_contents (inside, "half an archive", -1, NULL);
      if (write (pipe_fds[1], made, strlen (made)) < 0)
        _exit (1);
      _exit (0);
    }
  close (pipe_fds[1]);
  n = read (pipe_fds[0], buf, sizeof buf - 1);
  close (pipe_fds[0]);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpint (waitpid (child, NULL, 0), ==, child);
  gone = g_strdup (buf);
  g_assert_true (g_file_test (gone, G_FILE_TEST_IS_DIR));

  g_assert_cmpint (g_mkdir (no_note_fresh, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (no_note_old, 0755), ==, 0);
  file = g_build_filename (no_note_old, "index.html", NULL);
  et_write (file, "0123456789", 10);
  old.actime = old.modtime = time (NULL) - 3600;
  g_assert_cmpint (g_utime (no_note_old, &old), ==, 0);
  g_assert_cmpint (g_mkdir (other_name, 0755), ==, 0);
  g_assert_cmpint (g_utime (other_name, &old), ==, 0);

  g_assert_cmpuint (fw_partial_dir_remove_stale (output, &bytes), ==, 2);
  g_assert_cmpuint (bytes, >=, strlen ("half an archive") + 10);
  g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (no_note_old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (mine, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (no_note_fresh, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (other_name, G_FILE_TEST_IS_DIR));

  et_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/interrupted/killed-midway", test_killed_midway);
  g_test_add_func ("/interrupted/which-are-stale", test_which_are_stale);

  return g_test_run ();
}
