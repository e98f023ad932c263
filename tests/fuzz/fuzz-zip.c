/* fuzz-zip.c — libFuzzer harness: bytes as an export zip on disk → the
 * source's open, index, read and copy path, then a whole conversion
 *
 * The bytes are written to a file in a private temporary folder (in
 * /dev/shm when it can, or $FAREWELL_FUZZ_TMPDIR) and opened
 * as the export (a zip when they start with "PK", else a bare
 * conversations.json). When that works, conversations.json is streamed
 * through the splitter, every indexed attachment is copied, the SHA-256 is
 * taken, and the export is converted into an archive. Whatever happens,
 * errors are FW_EXPORT_ERRORs with valid UTF-8 messages, attachments land
 * inside attachments/, and a failed conversion leaves nothing behind.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "export/fw-export.h"
#include "export/fw-export-source.h"
#include "export/fw-json-splitter.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *work_dir;

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      GDir *dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      if (dir != NULL)
        g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
remove_work_dir (void)
{
  remove_tree (work_dir);
}

/* The folder holds the input and nothing else. */
static void
check_only_input (void)
{
  GDir *dir = g_dir_open (work_dir, 0, NULL);
  const char *name;

  g_assert (dir != NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (strcmp (name, "export.zip") != 0)
      g_error ("left behind: %s", name);
  g_dir_close (dir);
}

static void
check_error (const GError *error)
{
  g_assert (error != NULL);
  g_assert (error->domain == FW_EXPORT_ERROR || error->domain == G_IO_ERROR);
  g_assert (g_utf8_validate (error->message, -1, NULL));
}

static gboolean
count_element (const char  *data,
               gsize        len,
               guint        index,
               guint64      offset,
               gpointer     user_data,
               GError     **error)
{
  g_assert (len > 0);
  return TRUE;
}

static void
read_source (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSource) source = fw_export_source_open (file, NULL, &error);
  g_autoptr(FwJsonSplitter) splitter = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  g_autofree char *copy_dir = NULL;
  g_autofree char *sha = NULL;
  GHashTableIter iter;
  gpointer id, output;

  if (source == NULL)
    {
      check_error (error);
      return;
    }
  g_assert (source->parts != NULL && source->parts->len > 0);

  splitter = fw_json_splitter_new (FW_EXPORT_MAX_DEPTH, count_element, NULL);
  if (!fw_export_source_read_json (source, splitter, NULL, &error))
    {
      check_error (error);
      g_clear_error (&error);
    }

  sha = fw_export_source_sha256 (source, NULL, &error);
  g_assert (sha != NULL && strlen (sha) == 64);

  /* every attachment: copied under a safe name, inside attachments/ */
  wanted = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_iter_init (&iter, source->outputs);
  while (g_hash_table_iter_next (&iter, &id, &output))
    {
      const char *name = (const char *) output + strlen ("attachments/");

      g_assert (g_str_has_prefix (output, "attachments/"));
      g_assert (*name != '\0' && *name != '.');
      g_assert (strpbrk (name, "/\\:*?\"<>|") == NULL);
      g_assert (g_utf8_validate (name, -1, NULL));
      g_hash_table_add (wanted, id);
    }
  copy_dir = g_build_filename (work_dir, "copy", NULL);
  g_assert (g_mkdir (copy_dir, 0755) == 0);
  if (!fw_export_source_copy_files (source, wanted, copy_dir, NULL, NULL, NULL, &error))
    {
      check_error (error);
      g_clear_error (&error);
    }
  remove_tree (copy_dir);
}

static void
convert (GFile *file)
{
  g_autofree char *out = g_build_filename (work_dir, "archive", NULL);
  g_autofree char *manifest = g_build_filename (out, "manifest.json", NULL);
  g_autoptr(GFile) output = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;

  summary = fw_export_convert_sync (file, output, FW_ARCHIVE_FORMAT_ALL, NULL, NULL, NULL, &error);
  g_assert ((summary == NULL) == (error != NULL));
  if (summary == NULL)
    {
      check_error (error);
      check_only_input ();
      return;
    }

  g_assert (fw_export_summary_get_conversations (summary) > 0);
  g_assert (fw_export_summary_get_attachments_missing (summary) <=
            fw_export_summary_get_attachments_referenced (summary));
  for (const char * const *w = fw_export_summary_get_warnings (summary); *w != NULL; w++)
    g_assert (g_utf8_validate (*w, -1, NULL));
  g_assert (g_file_test (manifest, G_FILE_TEST_IS_REGULAR));
  remove_tree (out);
  check_only_input ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (work_dir == NULL)
    {
      /* In memory when possible: a conversion writes some twenty files,
       * ten times faster on tmpfs. */
      const char *base = g_getenv ("FAREWELL_FUZZ_TMPDIR");

      if (base == NULL && g_access ("/dev/shm", W_OK) == 0)
        base = "/dev/shm";
      if (base != NULL)
        {
          work_dir = g_build_filename (base, "farewell-fuzz-zip-XXXXXX", NULL);
          g_assert (g_mkdtemp (work_dir) != NULL);
        }
      else
        work_dir = g_dir_make_tmp ("farewell-fuzz-zip-XXXXXX", &error);
      g_assert (work_dir != NULL);
      atexit (remove_work_dir);

      /* The engine's worker threads come from GLib's shared pool, which
       * ends idle ones after a while, at moments unrelated to the input.
       * LeakSanitizer then sees a thread's GSlice magazine or other
       * thread-local memory in the middle of its destruction and reports a
       * leak that no input causes. Keep the threads. */
      g_thread_pool_set_max_idle_time (0);
      g_thread_pool_set_max_unused_threads (-1);
    }

  path = g_build_filename (work_dir, "export.zip", NULL);
  g_assert (g_file_set_contents (path, (const char *) data, size, NULL));
  file = g_file_new_for_path (path);

  read_source (file);
  convert (file);

  g_unlink (path);
  return 0;
}
