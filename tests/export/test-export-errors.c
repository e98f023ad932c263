/* test-export-errors.c — bad input: every kind ends with its own
 * FwExportError and a clear message, for verifying and for converting, and
 * converting leaves nothing behind (no archive, no temporary sibling).
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "export-test-util.h"

typedef struct {
  char *dir;      /* a fresh temporary folder */
  char *source;   /* the bad input, inside it */
  char *inputs;   /* what dir holds before the run, for the leftover check */
} Case;

static void
case_clear (Case *c)
{
  et_rm_rf (c->dir);
  g_free (c->dir);
  g_free (c->source);
  g_free (c->inputs);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Case, case_clear)

static void
case_init (Case       *c,
           const char *name)
{
  c->dir = et_make_tmp ();
  c->source = g_build_filename (c->dir, name, NULL);
}

static void
case_ready (Case *c)
{
  c->inputs = et_list_dir (c->dir);
}

/* Verifies and converts @c->source; both must fail with @code and a
 * message that starts with @message (all of it when @exact). */
static void
check_fails (Case       *c,
             gint        code,
             const char *message,
             gboolean    exact,
             gboolean    also_verify)
{
  g_autofree char *out = g_build_filename (c->dir, "archive", NULL);
  g_autofree char *left = NULL;

  et_assert_refused (c->source, out, code, message, exact, also_verify);

  /* Nothing was left: no archive, no .archive.partial-XXXXXX. */
  left = et_list_dir (c->dir);
  g_assert_cmpstr (left, ==, c->inputs);
}

/* strstr() for data with NUL bytes (a zip) */
static char *
find_bytes (char       *data,
            gsize       len,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

static char *
good_conversations (guint n)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("\"Good %u\"", i + 1);
      g_autofree char *id = g_strdup_printf ("\"good-%04u\"", i + 1);
      g_autofree char *conv = et_simple_conversation (title, id, 1717236000 + i, "Fine?");

      g_string_append_printf (json, "%s%s", i ? ", " : "", conv);
    }
  g_string_append (json, "]");
  return g_string_free (json, FALSE);
}

static void
test_not_an_export (void)
{
  static const struct {
    const char *name;
    const char *data;
    gsize       len;
  } inputs[] = {
    { "notes.txt", "These are my notes, not an export.\n", 35 },
    { "photo.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16 },
    { "empty.zip", "", 0 },
    { "spaces.json", "   \n\t  ", 7 },
    { "conversations.json", "\xef\xbb\xbf hello", 9 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_auto(Case) c = { 0 };
      g_autofree char *message = g_strdup_printf ("“%s” is not a ChatGPT export. Choose the zip file from OpenAI’s email, "
                                                  "or the conversations.json inside it.", inputs[i].name);

      case_init (&c, inputs[i].name);
      et_write (c.source, inputs[i].data, inputs[i].len);
      case_ready (&c);
      check_fails (&c, FW_EXPORT_ERROR_NOT_AN_EXPORT, message, TRUE, TRUE);
    }
}

static void
test_not_found (void)
{
  g_auto(Case) c = { 0 };

  case_init (&c, "missing.zip");
  case_ready (&c);
  check_fails (&c, FW_EXPORT_ERROR_NOT_FOUND, "“missing.zip” cannot be opened: ", FALSE, TRUE);
}

static void
test_truncated_zip (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *zip = et_make_small_zip (tmp, "whole.zip");
  gsize len;
  g_autofree char *data = et_read (zip, &len);
  const gsize cuts[] = { len / 2, len - 1, len - 22, 30, 4 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_auto(Case) c = { 0 };

      case_init (&c, "export.zip");
      et_write (c.source, data, cuts[i]);
      case_ready (&c);
      check_fails (&c, FW_EXPORT_ERROR_TRUNCATED,
                   "“export.zip” is incomplete: the download was probably cut off. "
                   "Download the export again from the link in OpenAI’s email.", TRUE, TRUE);
    }

  et_rm_rf (tmp);
}

/* A stored (uncompressed) zip with one letter changed: a checksum error. */
static void
test_crc (void)
{
  g_autofree char *small = et_small_dir ();
  static const char *damage[] = {
    "Either works. Rye wakes",         /* in conversations.json: verify fails too */
    "Not really a JPEG",               /* in an attachment: only converting reads it */
  };

  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_auto(Case) c = { 0 };
      g_autofree char *data = NULL;
      char *at;
      gsize len;
      EtZip *zip;

      case_init (&c, "export.zip");
      zip = et_zip_new (c.source, TRUE);
      et_zip_add_dir (zip, small, NULL);
      et_zip_close (zip);

      data = et_read (c.source, &len);
      at = find_bytes (data, len, damage[i]);
      g_assert_nonnull (at);
      g_assert_null (find_bytes (at + 1, len - (at + 1 - data), damage[i]));
      at[0] ^= 0x20;   /* 'E' → 'e', 'N' → 'n': still valid JSON */
      et_write (c.source, data, len);
      case_ready (&c);

      check_fails (&c, FW_EXPORT_ERROR_CORRUPT,
                   "“export.zip” is damaged: a checksum does not match. "
                   "Download the export again from the link in OpenAI’s email.", TRUE, i == 0);
      if (i == 1)
        {
          g_autoptr(GFile) source = g_file_new_for_path (c.source);
          g_autoptr(GError) error = NULL;
          g_autoptr(FwExportSummary) summary = fw_export_verify_sync (source, NULL, NULL, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (fw_export_summary_get_conversations (summary), ==, 7);
        }
    }
}

static void
test_no_conversations_json (void)
{
  {
    g_auto(Case) c = { 0 };
    EtZip *zip;

    case_init (&c, "export.zip");
    zip = et_zip_new (c.source, FALSE);
    et_zip_add (zip, "user.json", "{}", 2);
    et_zip_add (zip, "chat.html", "<html></html>", 13);
    et_zip_add (zip, "conversations.json.bak", "[]", 2);
    et_zip_close (zip);
    case_ready (&c);
    check_fails (&c, FW_EXPORT_ERROR_NO_CONVERSATIONS,
                 "“export.zip” has no conversations: it is not a ChatGPT data export. An export holds "
                 "conversations.json, or since 2026 conversations-000.json and the files after it. "
                 "The export is the zip file linked in OpenAI’s email.", TRUE, TRUE);
  }
  {
    g_auto(Case) c = { 0 };
    g_autofree char *user = NULL;

    case_init (&c, "Downloads");
    g_assert_cmpint (g_mkdir (c.source, 0755), ==, 0);
    user = g_build_filename (c.source, "user.json", NULL);
    et_write (user, "{}", 2);
    case_ready (&c);
    check_fails (&c, FW_EXPORT_ERROR_NO_CONVERSATIONS,
                 "The folder “Downloads” has no conversations: it is not an extracted ChatGPT export. An export "
                 "holds conversations.json, or since 2026 conversations-000.json and the files after it.", TRUE, TRUE);
  }
}

/* A list without a usable conversation. */
static void
test_empty (void)
{
  static const char *inputs[] = {
    "[]",
    " [ ]\n",
    "{}",
    "{\"conversations\": []}",
    "{\"conversations\": 5}",
    "[{\"title\": \"No mapping\", \"id\": \"x\"}]",
    "[null, 1, \"two\"]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_auto(Case) c = { 0 };

      case_init (&c, "conversations.json");
      et_write (c.source, inputs[i], -1);
      case_ready (&c);
      check_fails (&c, FW_EXPORT_ERROR_NO_CONVERSATIONS, "This export has no conversations.", TRUE, TRUE);
    }
}

/* Invalid JSON: the message names the conversation and the byte. */
static void
test_invalid_json (void)
{
  g_autofree char *good = good_conversations (3);
  /* conversation 2 made invalid: a value missing after a key */
  char *second = strstr (good, "\"Good 2\"") - strlen ("{\"title\":");
  g_autofree char *broken = NULL;
  guint64 offset = second - good;

  g_assert_true (g_str_has_prefix (second, "{\"title\":\"Good 2\""));
  broken = g_strdup (good);
  memcpy (broken + offset + strlen ("{\"title\":"), "      ,,", 8);   /* "Good 2", → "      ,," */

  for (guint zip = 0; zip < 2; zip++)
    {
      g_auto(Case) c = { 0 };
      g_autofree char *prefix = g_strdup_printf ("Conversation 2 (starting at byte %" G_GUINT64_FORMAT ") is not valid JSON: ", offset);

      case_init (&c, zip ? "export.zip" : "conversations.json");
      if (zip)
        {
          EtZip *z = et_zip_new (c.source, FALSE);

          et_zip_add (z, "conversations.json", broken, strlen (broken));
          et_zip_close (z);
        }
      else
        et_write (c.source, broken, -1);
      case_ready (&c);
      check_fails (&c, FW_EXPORT_ERROR_INVALID_JSON, prefix, FALSE, TRUE);
    }

  {
    g_auto(Case) c = { 0 };

    case_init (&c, "conversations.json");
    et_write (c.source, "[{\"a\": [1, 2}]", -1);
    case_ready (&c);
    check_fails (&c, FW_EXPORT_ERROR_INVALID_JSON,
                 "The conversations file is damaged: a bracket does not match at byte 12 (conversation 1). "
                 "Download the export again from the link in OpenAI’s email.", TRUE, TRUE);
  }
  {
    g_auto(Case) c = { 0 };
    g_autofree char *trailing = g_strconcat (good, "\n]", NULL);
    g_autofree char *message = g_strdup_printf ("The conversations file is damaged: unexpected text after the end at byte %zu "
                                                "(conversation 4). Download the export again from the link in OpenAI’s email.",
                                                strlen (good) + 1);

    case_init (&c, "conversations.json");
    et_write (c.source, trailing, -1);
    case_ready (&c);
    check_fails (&c, FW_EXPORT_ERROR_INVALID_JSON, message, TRUE, TRUE);
  }
}

/* A cut-off conversations.json (bare, or whole in a zip). */
static void
test_truncated_json (void)
{
  g_autofree char *good = good_conversations (3);
  gsize cut = strstr (good, "\"Good 2\"") - good + 3;

  for (guint zip = 0; zip < 2; zip++)
    {
      g_auto(Case) c = { 0 };

      case_init (&c, zip ? "export.zip" : "conversations.json");
      if (zip)
        {
          EtZip *z = et_zip_new (c.source, FALSE);

          et_zip_add (z, "conversations.json", good, cut);
          et_zip_close (z);
        }
      else
        et_write (c.source, good, cut);
      case_ready (&c);
      check_fails (&c, FW_EXPORT_ERROR_TRUNCATED,
                   "The conversations file ends in the middle of conversation 2: the download was probably cut off. "
                   "Download the export again from the link in OpenAI’s email.", TRUE, TRUE);
    }
}

/* Nesting deeper than FW_EXPORT_MAX_DEPTH, in conversation 3. */
static void
test_too_deep (void)
{
  g_autofree char *good = good_conversations (2);
  g_autofree char *message = NULL;
  gsize at = 0;

  for (guint zip = 0; zip < 2; zip++)
    {
      g_auto(Case) c = { 0 };
      g_autoptr(GString) json = g_string_new_len (good, strlen (good) - 1);
      /* in a zip, not so many that it looks like a zip bomb */
      guint n = zip ? 300 : 100000;

      g_string_append (json, ", {\"title\": \"Deep\", \"mapping\": {}, \"x\": ");
      /* The outer list is level 1 and the conversation level 2: the 199th
       * bracket here is level 201, one too many. */
      at = json->len + FW_EXPORT_MAX_DEPTH - 2;
      for (guint i = 0; i < n; i++)
        g_string_append_c (json, '[');
      for (guint i = 0; i < n; i++)
        g_string_append_c (json, ']');
      g_string_append (json, "}]");
      g_free (message);
      message = g_strdup_printf ("Conversation 3 is nested more than %u levels deep at byte %zu. "
                                 "This is not a real ChatGPT export, or it is damaged.", FW_EXPORT_MAX_DEPTH, at);

      case_init (&c, zip ? "export.zip" : "conversations.json");
      if (zip)
        {
          EtZip *z = et_zip_new (c.source, FALSE);

          et_zip_add (z, "conversations.json", json->str, json->len);
          et_zip_close (z);
        }
      else
        et_write (c.source, json->str, json->len);
      case_ready (&c);
      check_fails (&c, FW_EXPORT_ERROR_TOO_DEEP, message, TRUE, TRUE);
    }

  /* 200 levels in all (the list, the conversation, 198 brackets) are fine */
  {
    g_auto(Case) c = { 0 };
    g_autoptr(GString) ok = g_string_new_len (good, strlen (good) - 1);
    g_autoptr(GFile) source = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(FwExportSummary) summary = NULL;

    g_string_append (ok, ", {\"title\": \"Deep\", \"mapping\": {}, \"x\": ");
    for (guint i = 0; i < FW_EXPORT_MAX_DEPTH - 2; i++)
      g_string_append_c (ok, '[');
    for (guint i = 0; i < FW_EXPORT_MAX_DEPTH - 2; i++)
      g_string_append_c (ok, ']');
    g_string_append (ok, "}]");
    case_init (&c, "conversations.json");
    et_write (c.source, ok->str, ok->len);
    source = g_file_new_for_path (c.source);
    summary = fw_export_verify_sync (source, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (fw_export_summary_get_conversations (summary), ==, 3);
  }
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *good = good_conversations (3);
  char *bad_at = strstr (good, "Fine?");
  gsize offset;

  /* the second conversation's question */
  bad_at = strstr (bad_at + 1, "Fine?");
  offset = bad_at - good + 2;
  bad_at[2] = '\xff';

  for (guint zip = 0; zip < 2; zip++)
    {
      g_auto(Case) c = { 0 };
      g_autofree char *message = g_strdup_printf ("Conversation 2 has text that is not valid UTF-8 at byte %zu. "
                                                  "The export is damaged: download it again from the link in OpenAI’s email.",
                                                  offset);

      case_init (&c, zip ? "export.zip" : "conversations.json");
      if (zip)
        {
          EtZip *z = et_zip_new (c.source, FALSE);

          et_zip_add (z, "conversations.json", good, strlen (good));
          et_zip_close (z);
        }
      else
        et_write (c.source, good, -1);
      case_ready (&c);
      check_fails (&c, FW_EXPORT_ERROR_INVALID_UTF8, message, TRUE, TRUE);
    }
}

/* A zip whose files claim to unpack to far more than its own size. */
static void
test_zip_bomb (void)
{
  g_auto(Case) c = { 0 };
  g_autofree char *good = good_conversations (1);
  g_autofree char *zeros = g_malloc0 (20 * 1024 * 1024);
  g_autofree char *size = g_format_size (strlen (good) + 20 * 1024 * 1024);
  g_autofree char *message = g_strdup_printf ("“bomb.zip” claims to unpack to %s, far more than any real export of its size. "
                                              "It was refused to protect your disk.", size);
  EtZip *zip;

  case_init (&c, "bomb.zip");
  zip = et_zip_new (c.source, FALSE);
  et_zip_add (zip, "conversations.json", good, strlen (good));
  et_zip_add (zip, "file-Zeros1-zeros.bin", zeros, 20 * 1024 * 1024);
  et_zip_close (zip);
  case_ready (&c);
  check_fails (&c, FW_EXPORT_ERROR_TOO_LARGE, message, TRUE, TRUE);
}

static void
put16 (GByteArray *b,
       guint16     v)
{
  guint8 x[2] = { v & 0xff, v >> 8 };

  g_byte_array_append (b, x, 2);
}

static void
put32 (GByteArray *b,
       guint32     v)
{
  put16 (b, v & 0xffff);
  put16 (b, v >> 16);
}

static void
put64 (GByteArray *b,
       guint64     v)
{
  put32 (b, v & 0xffffffff);
  put32 (b, v >> 32);
}

/* A zip64 whose entries each claim @claimed bytes, in their local and
 * central headers alike (libarchive takes that). */
static void
write_zip64_claiming (const char  *path,
                      const char **names,
                      const char **data,
                      guint        n,
                      guint64      claimed)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) central = g_byte_array_new ();
  guint32 start;

  for (guint i = 0; i < n; i++)
    {
      guint32 offset = out->len;
      gsize name_len = strlen (names[i]), len = strlen (data[i]);

      for (guint local = 0; local < 2; local++)
        {
          GByteArray *b = local == 0 ? out : central;

          put32 (b, local == 0 ? 0x04034b50 : 0x02014b50);
          if (local == 1)
            put16 (b, 45);                 /* made by */
          put16 (b, 45);                   /* needed */
          put16 (b, 0);                    /* flags */
          put16 (b, 0);                    /* stored */
          put16 (b, 0);                    /* time */
          put16 (b, 0);                    /* date */
          put32 (b, 0);                    /* CRC: never read that far */
          put32 (b, len);                  /* compressed */
          put32 (b, 0xffffffff);           /* uncompressed: in the zip64 field */
          put16 (b, name_len);
          put16 (b, 20);                   /* extra */
          if (local == 1)
            {
              put16 (b, 0);                /* comment */
              put16 (b, 0);                /* disk */
              put16 (b, 0);                /* internal attributes */
              put32 (b, 0);                /* external attributes */
              put32 (b, offset);
            }
          g_byte_array_append (b, (const guint8 *) names[i], name_len);
          put16 (b, 1);                    /* zip64 extra field */
          put16 (b, 16);
          put64 (b, claimed);
          put64 (b, len);
          if (local == 0)
            g_byte_array_append (b, (const guint8 *) data[i], len);
        }
    }
  start = out->len;
  g_byte_array_append (out, central->data, central->len);
  put32 (out, 0x06054b50);
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, n);
  put16 (out, n);
  put32 (out, central->len);
  put32 (out, start);
  put16 (out, 0);
  et_write (path, (const char *) out->data, out->len);
}

/* Sizes that add up past 64 bits (regression: they wrapped to a small
 * total, and the zip passed as a modest one). */
static void
test_zip64_sizes (void)
{
  g_auto(Case) c = { 0 };
  g_autofree char *good = good_conversations (1);
  const char *names[] = { "conversations.json", "file-A1-a.png", "file-B2-b.png", "file-C3-c.png" };
  const char *data[] = { good, "a", "b", "c" };
  g_autofree char *size = g_format_size (G_MAXUINT64);
  g_autofree char *message = g_strdup_printf ("“wrap.zip” claims to unpack to %s, far more than any real export of its size. "
                                              "It was refused to protect your disk.", size);

  case_init (&c, "wrap.zip");
  write_zip64_claiming (c.source, names, data, G_N_ELEMENTS (names), G_GUINT64_CONSTANT (1) << 62);
  case_ready (&c);
  check_fails (&c, FW_EXPORT_ERROR_TOO_LARGE, message, TRUE, TRUE);
}

/* Not enough space for the archive: refused before anything is written.
 * The export is a sparse file that claims more than the disk has free. */
static void
test_no_space (void)
{
  g_auto(Case) c = { 0 };
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFileInfo) info = NULL;
  guint64 free_bytes;
  int fd;

  case_init (&c, "conversations.json");
  dir = g_file_new_for_path (c.dir);
  info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    {
      g_test_skip ("the file system does not say how much space is free");
      return;
    }
  free_bytes = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);

  fd = g_open (c.source, O_WRONLY | O_CREAT | O_EXCL, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "[", 1), ==, 1);
  /* the archive needs more than twice the JSON's size */
  if (ftruncate (fd, (off_t) (free_bytes / 2 + 1024 * 1024)) != 0)
    {
      g_test_skip ("no sparse file that large here");
      close (fd);
      return;
    }
  close (fd);
  case_ready (&c);

  check_fails (&c, FW_EXPORT_ERROR_NO_SPACE, "Not enough disk space: the archive needs about ", FALSE, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/errors/not-an-export", test_not_an_export);
  g_test_add_func ("/export/errors/not-found", test_not_found);
  g_test_add_func ("/export/errors/truncated-zip", test_truncated_zip);
  g_test_add_func ("/export/errors/crc", test_crc);
  g_test_add_func ("/export/errors/no-conversations-json", test_no_conversations_json);
  g_test_add_func ("/export/errors/empty", test_empty);
  g_test_add_func ("/export/errors/invalid-json", test_invalid_json);
  g_test_add_func ("/export/errors/truncated-json", test_truncated_json);
  g_test_add_func ("/export/errors/too-deep", test_too_deep);
  g_test_add_func ("/export/errors/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/export/errors/zip-bomb", test_zip_bomb);
  g_test_add_func ("/export/errors/zip64-sizes", test_zip64_sizes);
  g_test_add_func ("/export/errors/no-space", test_no_space);

  return g_test_run ();
}
