/* test-faults.c — the archive writer under faults: the disk fills up, the
 * export changes while it is read. Each must end with a clear error and
 * nothing half-written beside the chosen folder.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "export/fw-export.h"
#include "export-test-util.h"

static GString *
make_conversations (guint n)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (json,
        "%s{\"title\":\"Conversation %u\",\"create_time\":%u,\"update_time\":%u,"
        "\"id\":\"%08x-0000-4000-8000-000000000000\",\"current_node\":\"b%u\",\"mapping\":{"
        "\"r%u\":{\"id\":\"r%u\",\"message\":null,\"parent\":null,\"children\":[\"a%u\"]},"
        "\"a%u\":{\"id\":\"a%u\",\"parent\":\"r%u\",\"children\":[\"b%u\"],\"message\":{\"id\":\"a%u\","
        "\"author\":{\"role\":\"user\"},\"create_time\":%u,\"content\":{\"content_type\":\"text\","
        "\"parts\":[\"Question %u: how do bees make honey? Tell me the whole story, step by step, please.\"]}}},"
        "\"b%u\":{\"id\":\"b%u\",\"parent\":\"a%u\",\"children\":[],\"message\":{\"id\":\"b%u\","
        "\"author\":{\"role\":\"assistant\"},\"create_time\":%u,\"content\":{\"content_type\":\"text\","
        "\"parts\":[\"Bees collect nectar, carry it home in their honey stomach, pass it from bee to bee, "
        "fan it with their wings until most of the water is gone and seal it under wax. Answer %u.\"]}}}}}",
        i ? "," : "", i, 1700000000 + i * 60, 1700000030 + i * 60, i, i, i, i, i, i, i, i, i, i,
        1700000000 + i * 60, i, i, i, i, i, 1700000030 + i * 60, i);
    }
  g_string_append (json, "]");
  return json;
}

static void
write_zip (const char *path,
           GString    *json)
{
  EtZip *zip = et_zip_new (path, FALSE);

  et_zip_add (zip, "conversations.json", json->str, json->len);
  et_zip_close (zip);
}

static void
limit_file_size (gpointer data)
{
  struct rlimit limit = { 256 * 1024, 256 * 1024 };

  /* Writes past the limit fail with EFBIG, as on a full disk, instead of
   * killing the process. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* The disk fills up while the archive is written. */
static void
test_disk_full (void)
{
  g_autofree char *dir = g_dir_make_tmp ("farewell-faults-XXXXXX", NULL);
  g_autofree char *source = g_build_filename (dir, "conversations.json", NULL);
  g_autofree char *output = g_build_filename (dir, "archive", NULL);
  g_autoptr(GString) json = make_conversations (1500);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL, *left = NULL;

  g_assert_true (g_file_set_contents (source, json->str, json->len, NULL));
  g_assert_cmpuint (json->len, >, 1024 * 1024);  /* the archive is bigger than the limit */

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, limit_file_size, NULL, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("FAREWELL_BIN"),
                                      "--convert", source, "--output", output, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);

  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  g_assert_nonnull (strstr (err, "The disk is full"));
  /* Nothing but the source is left: no archive, no temporary folder. */
  left = et_list_dir (dir);
  g_assert_cmpstr (left, ==, "conversations.json");

  et_rm_rf (dir);
}

typedef struct {
  const char *path;
  goffset     size;
  gboolean    done;
} Truncate;

static void
truncate_on_first_progress (const FwExportProgress *progress,
                            gpointer                user_data)
{
  Truncate *t = user_data;

  if (!t->done)
    {
      g_assert_cmpint (truncate (t->path, t->size), ==, 0);
      t->done = TRUE;
    }
}

/* The export is cut short on disk after it was opened (a download still
 * being written, a file replaced underneath). */
static void
check_changed_while_read (gboolean zip)
{
  g_autofree char *dir = g_dir_make_tmp ("farewell-faults-XXXXXX", NULL);
  g_autofree char *source = g_build_filename (dir, zip ? "export.zip" : "conversations.json", NULL);
  g_autofree char *output = g_build_filename (dir, "archive", NULL);
  g_autoptr(GString) json = make_conversations (3000);
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(GFile) output_file = g_file_new_for_path (output);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;
  g_autofree char *left = NULL;
  GStatBuf st;
  Truncate t = { source, 0, FALSE };

  if (zip)
    write_zip (source, json);
  else
    g_assert_true (g_file_set_contents (source, json->str, json->len, NULL));
  g_assert_cmpint (g_stat (source, &st), ==, 0);
  t.size = st.st_size / 2;

  summary = fw_export_convert_sync (source_file, output_file, FW_ARCHIVE_FORMAT_ALL, NULL,
                                    truncate_on_first_progress, &t, &error);
  g_assert_true (t.done);
  g_assert_null (summary);
  g_assert_nonnull (error);
  g_test_message ("error: %s", error->message);
  g_assert_true (error->domain == FW_EXPORT_ERROR);
  g_assert_true (error->code == FW_EXPORT_ERROR_TRUNCATED ||
                 error->code == FW_EXPORT_ERROR_INVALID_JSON ||
                 error->code == FW_EXPORT_ERROR_CORRUPT);

  left = et_list_dir (dir);
  g_assert_cmpstr (left, ==, zip ? "export.zip" : "conversations.json");

  et_rm_rf (dir);
}

static void
test_changed_json (void)
{
  check_changed_while_read (FALSE);
}

static void
test_changed_zip (void)
{
  check_changed_while_read (TRUE);
}

/* A zip with the given entries; contents NULL means @size zero bytes. */
typedef struct {
  const char *name;
  const char *contents;
  gsize       size;
} Entry;

static void
write_zip_entries (const char  *path,
                   const Entry *entries,
                   guint        n)
{
  struct archive *a = archive_write_new ();
  g_autofree char *zeros = g_malloc0 (1024 * 1024);

  archive_write_set_format_zip (a);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  for (guint i = 0; i < n; i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      gsize len = entries[i].contents ? strlen (entries[i].contents) : entries[i].size;

      archive_entry_set_pathname (entry, entries[i].name);
      archive_entry_set_size (entry, len);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
      if (entries[i].contents)
        g_assert_cmpint (archive_write_data (a, entries[i].contents, len), ==, (la_ssize_t) len);
      else
        for (gsize done = 0; done < len; done += 1024 * 1024)
          {
            gsize chunk = MIN (len - done, 1024 * 1024);
            g_assert_cmpint (archive_write_data (a, zeros, chunk), ==, (la_ssize_t) chunk);
          }
      archive_entry_free (entry);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

static const char one_conversation_with_file[] =
  "[{\"title\":\"Holiday photo\",\"create_time\":1700000000,\"id\":\"c0ffee00-0000-4000-8000-000000000000\","
  "\"current_node\":\"a\",\"mapping\":{"
  "\"r\":{\"id\":\"r\",\"message\":null,\"parent\":null,\"children\":[\"a\"]},"
  "\"a\":{\"id\":\"a\",\"parent\":\"r\",\"children\":[],\"message\":{\"id\":\"a\",\"author\":{\"role\":\"user\"},"
  "\"create_time\":1700000000,\"content\":{\"content_type\":\"multimodal_text\",\"parts\":["
  "{\"content_type\":\"image_asset_pointer\",\"asset_pointer\":\"file-service://file-Bomb01\",\"size_bytes\":4096},"
  "\"What is in this picture?\"]}}}}}]";

static void
assert_refused (const char *dir,
                const char *source,
                int         code,
                const char *words)
{
  g_autofree char *output = g_build_filename (dir, "archive", NULL);
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(GFile) output_file = g_file_new_for_path (output);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;
  g_autofree char *left = NULL, *base = g_path_get_basename (source);

  summary = fw_export_convert_sync (source_file, output_file, FW_ARCHIVE_FORMAT_ALL, NULL,
                                    NULL, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, FW_EXPORT_ERROR, code);
  g_test_message ("error: %s", error->message);
  g_assert_nonnull (strstr (error->message, words));

  left = et_list_dir (dir);
  g_assert_cmpstr (left, ==, base);
}

/* Files that claim to unpack to far more than the zip holds (a "zip bomb")
 * are refused before anything is written. */
static void
test_zip_bomb_ratio (void)
{
  g_autofree char *dir = g_dir_make_tmp ("farewell-faults-XXXXXX", NULL);
  g_autofree char *source = g_build_filename (dir, "export.zip", NULL);
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;
  const Entry entries[] = {
    { "conversations.json", one_conversation_with_file, 0 },
    { "file-Bomb01-zeros.png", NULL, 96 * 1024 * 1024 },
  };
  GStatBuf st;

  write_zip_entries (source, entries, G_N_ELEMENTS (entries));
  g_assert_cmpint (g_stat (source, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 1024 * 1024); /* deflate squeezes zeros ~1000 times */

  summary = fw_export_verify_sync (source_file, NULL, NULL, NULL, &error);
  g_assert_null (summary);
  g_assert_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "refused to protect your disk"));
  g_clear_error (&error);

  assert_refused (dir, source, FW_EXPORT_ERROR_TOO_LARGE, "refused to protect your disk");
  et_rm_rf (dir);
}

/* Patches the uncompressed size that the zip's headers declare for @name. */
static void
patch_declared_size (const char *path,
                     const char *name,
                     guint32     size)
{
  g_autofree char *data = NULL;
  gsize len, name_len = strlen (name);
  guint patched = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (gsize i = 0; i + 46 <= len; i++)
    {
      guint32 sig, le_size = GUINT32_TO_LE (size);
      guint16 le_len;
      gsize name_at, size_at, n;

      /* Zip headers are not aligned: copy, never cast. */
      memcpy (&sig, data + i, sizeof sig);
      sig = GUINT32_FROM_LE (sig);

      if (sig == 0x04034b50)      /* local file header */
        name_at = 30, size_at = 22;
      else if (sig == 0x02014b50) /* central directory entry */
        name_at = 46, size_at = 24;
      else
        continue;
      memcpy (&le_len, data + i + name_at - (sig == 0x04034b50 ? 4 : 18), sizeof le_len);
      n = GUINT16_FROM_LE (le_len);
      if (n != name_len || i + name_at + n > len || memcmp (data + i + name_at, name, n) != 0)
        continue;
      memcpy (data + i + size_at, &le_size, sizeof le_size);
      patched++;
    }
  g_assert_cmpuint (patched, ==, 2);
  g_assert_true (g_file_set_contents (path, data, len, NULL));
}

/* An entry whose headers lie about its size (declared small, unpacks huge)
 * passes the ratio check, so the copy itself stops at the declared size. */
static void
test_zip_bomb_lying_size (void)
{
  g_autofree char *dir = g_dir_make_tmp ("farewell-faults-XXXXXX", NULL);
  g_autofree char *source = g_build_filename (dir, "export.zip", NULL);
  const Entry entries[] = {
    { "conversations.json", one_conversation_with_file, 0 },
    { "file-Bomb01-zeros.png", NULL, 32 * 1024 * 1024 },
  };

  write_zip_entries (source, entries, G_N_ELEMENTS (entries));
  patch_declared_size (source, "file-Bomb01-zeros.png", 4096);

  assert_refused (dir, source, FW_EXPORT_ERROR_CORRUPT, "longer than the zip says");
  et_rm_rf (dir);
}

/* Every file of the export is kept, referenced or not; a damaged file that
 * no conversation refers to does not stop the archive: it is left out, with
 * a warning. */
static void
test_unreferenced_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("farewell-faults-XXXXXX", NULL);
  g_autofree char *source = g_build_filename (dir, "export.zip", NULL);
  g_autofree char *output = g_build_filename (dir, "archive", NULL);
  g_autofree char *attachments = g_build_filename (output, "attachments", NULL);
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(GFile) output_file = g_file_new_for_path (output);
  g_autoptr(FwExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  const Entry entries[] = {
    { "conversations.json", one_conversation_with_file, 0 },
    { "file-Spare01-notes.txt", "not referenced by any conversation", 0 },
    { "file-Bomb01-photo.png", "the holiday photo", 0 },
    { "file-Unused02-zeros.png", NULL, 32 * 1024 * 1024 },
    { "file-Spare03-notes.txt", "not referenced either", 0 },
  };

  write_zip_entries (source, entries, G_N_ELEMENTS (entries));
  patch_declared_size (source, "file-Unused02-zeros.png", 4096);

  summary = fw_export_convert_sync (source_file, output_file, FW_ARCHIVE_FORMAT_ALL, NULL,
                                    NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fw_export_summary_get_attachments_referenced (summary), ==, 1);
  g_assert_cmpuint (fw_export_summary_get_attachments_missing (summary), ==, 0);

  left = et_list_dir (attachments);
  g_assert_cmpstr (left, ==, "file-Bomb01-photo.png file-Spare01-notes.txt file-Spare03-notes.txt");
  {
    const char * const *warnings = fw_export_summary_get_warnings (summary);

    g_assert_cmpuint (g_strv_length ((char **) warnings), ==, 1);
    g_assert_cmpstr (warnings[0], ==, "“export.zip” is damaged: a file in it is longer than the zip says. "
                                      "Download the export again from the link in OpenAI’s email.");
  }
  et_rm_rf (dir);
}

typedef struct {
  GMainLoop      *loop;
  FwExportSummary *summary;
  GError         *error;
} Waiter;

static void
convert_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Waiter *w = user_data;

  w->summary = fw_export_convert_finish (result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
verify_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *w = user_data;

  w->summary = fw_export_verify_finish (result, &w->error);
  g_main_loop_quit (w->loop);
}

static gboolean
cancel_now (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Cancel lands at many points of verifying and converting (opening, hashing,
 * splitting, rendering, copying files, renaming): it always ends as either
 * a cancel that leaves nothing, or — when the work was already done — a
 * whole archive. */
static void
test_cancel_anywhere (void)
{
  g_autofree char *dir = g_dir_make_tmp ("farewell-faults-XXXXXX", NULL);
  g_autofree char *source = g_build_filename (dir, "export.zip", NULL);
  g_autofree char *output = g_build_filename (dir, "archive", NULL);
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(GFile) output_file = g_file_new_for_path (output);
  g_autoptr(GString) json = make_conversations (2000);
  const guint delays_ms[] = { 0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 2000 };
  guint cancelled = 0, finished = 0;

  write_zip (source, json);

  for (guint round = 0; round < 2 * G_N_ELEMENTS (delays_ms); round++)
    {
      gboolean verify = round % 2 == 1;
      guint delay = delays_ms[round / 2];
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autofree char *left = NULL;
      Waiter w = { loop, NULL, NULL };
      guint timeout = 0;

      if (delay == 0)
        g_cancellable_cancel (cancellable);
      else
        timeout = g_timeout_add_full (G_PRIORITY_DEFAULT, delay, cancel_now,
                                      g_object_ref (cancellable), g_object_unref);

      if (verify)
        fw_export_verify_async (source_file, cancellable, NULL, NULL, NULL, verify_done, &w);
      else
        fw_export_convert_async (source_file, output_file, FW_ARCHIVE_FORMAT_ALL, cancellable,
                                 NULL, NULL, NULL, convert_done, &w);
      g_main_loop_run (loop);
      if (timeout != 0 && !g_cancellable_is_cancelled (cancellable))
        g_source_remove (timeout); /* finished first */

      left = et_list_dir (dir);
      if (w.summary != NULL)
        {
          g_assert_no_error (w.error);
          finished++;
          g_assert_cmpstr (left, ==, verify ? "export.zip" : "archive export.zip");
          if (!verify)
            {
              g_autofree char *manifest = g_build_filename (output, "manifest.json", NULL);
              g_assert_true (g_file_test (manifest, G_FILE_TEST_IS_REGULAR));
              et_rm_rf (output);
            }
          g_object_unref (w.summary);
        }
      else
        {
          g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          cancelled++;
          g_assert_cmpstr (left, ==, "export.zip");
          g_clear_error (&w.error);
        }
    }

  g_test_message ("%u cancelled, %u finished first", cancelled, finished);
  /* The early cancels must land; so the test proves something. */
  g_assert_cmpuint (cancelled, >=, 8);
  et_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/faults/disk-full", test_disk_full);
  g_test_add_func ("/faults/changed-while-read/json", test_changed_json);
  g_test_add_func ("/faults/changed-while-read/zip", test_changed_zip);
  g_test_add_func ("/faults/zip-bomb/ratio", test_zip_bomb_ratio);
  g_test_add_func ("/faults/zip-bomb/lying-size", test_zip_bomb_lying_size);
  g_test_add_func ("/faults/unreferenced-files", test_unreferenced_files);
  g_test_add_func ("/faults/cancel-anywhere", test_cancel_anywhere);

  return g_test_run ();
}
