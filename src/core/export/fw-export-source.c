/* fw-export-source.c — reading an export without extracting it
 *
 * A zip is read with libarchive straight from the file (its central
 * directory first, for the list of files, then the conversations as a
 * stream). An export made before 2026 holds them in conversations.json; one
 * made since, in shards conversations-000.json, conversations-001.json, …,
 * read in their numeric order as one list; either may sit in a folder of
 * the zip. export_manifest.json, when it names the shards, tells a missing
 * one apart from the last. Entry names are only ever used to find files: nothing is written
 * under a name taken from the zip except a sanitized base name inside the
 * archive's attachments/ folder, so an entry can never write outside it.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fw-export.h"
#include "fw-export-source.h"
#include "fw-json-reader.h"
#include "fw-sha256.h"

#define CHUNK (1024 * 1024)
#define MAX_FOLDER_DEPTH 4
/* A zip whose files claim to be more than this many times its own size is
 * refused (a "zip bomb"); real exports compress text about ten times. */
#define MAX_COMPRESSION_RATIO 200
/* export_manifest.json is a few kilobytes; a larger one is not read. */
#define MAX_MANIFEST_SIZE (4 * 1024 * 1024)

typedef enum {
  NOT_CONVERSATIONS,
  CLASSIC,        /* conversations.json */
  SHARD,          /* conversations-NNN.json */
} PartKind;

/* A file that may hold the conversations, found while indexing. */
typedef struct {
  char     *entry;
  guint64   size;
  PartKind  kind;
  guint64   number;
  guint     depth;
} Candidate;

static void
candidate_free (gpointer data)
{
  Candidate *candidate = data;

  g_free (candidate->entry);
  g_free (candidate);
}

static void
part_free (gpointer data)
{
  FwJsonPart *part = data;

  g_free (part->entry);
  g_free (part);
}

typedef struct {
  GHashTable *taken;       /* output names already given */
  GPtrArray  *candidates;  /* Candidate */
  GHashTable *manifests;   /* entry → GBytes of a small file that says something (is_manifest) */
} Index;

static void
index_init (Index *index)
{
  index->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  index->candidates = g_ptr_array_new_with_free_func (candidate_free);
  index->manifests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
}

static void
index_clear (Index *index)
{
  g_clear_pointer (&index->taken, g_hash_table_unref);
  g_clear_pointer (&index->candidates, g_ptr_array_unref);
  g_clear_pointer (&index->manifests, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Index, index_clear)

void
fw_export_source_free (FwExportSource *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_free (self->name);
  g_free (self->root);
  g_clear_pointer (&self->parts, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_hash_table_unref);
  g_clear_pointer (&self->outputs, g_hash_table_unref);
  g_clear_pointer (&self->sizes, g_hash_table_unref);
  g_clear_pointer (&self->copies, g_hash_table_unref);
  g_clear_pointer (&self->small_files, g_hash_table_unref);
  g_free (self);
}

/* "file-AbC123-photo.png" → "file-AbC123"; "file_00ab…-sanitized.jpg" →
 * "file_00ab…". NULL for names that are not attachments. */
static char *
id_from_name (const char *basename)
{
  const char *p;

  if (!g_str_has_prefix (basename, "file-") && !g_str_has_prefix (basename, "file_"))
    return NULL;

  for (p = basename + 5; g_ascii_isalnum (*p); p++)
    ;
  if (p == basename + 5)
    return NULL;

  return g_strndup (basename, p - basename);
}

/* A file name safe on every filesystem, keeping the extension. */
static char *
safe_file_name (const char *basename)
{
  g_autoptr(GString) name = g_string_new (NULL);

  for (const char *p = basename; *p; p++)
    {
      guchar c = *p;

      if (c < 0x20 || c == 0x7f || strchr ("/\\:*?\"<>|", c) || c >= 0x80)
        g_string_append_c (name, '_');
      else
        g_string_append_c (name, c);
    }

  while (name->len > 0 && (name->str[0] == '.' || name->str[0] == ' '))
    g_string_erase (name, 0, 1);

  if (name->len > 120)
    {
      const char *dot = strrchr (name->str, '.');
      gsize ext = dot && name->len - (dot - name->str) <= 10 ? name->len - (dot - name->str) : 0;
      g_autofree char *tail = g_strdup (name->str + name->len - ext);

      g_string_truncate (name, 120 - ext);
      g_string_append (name, tail);
    }

  if (name->len == 0)
    g_string_append (name, "attachment");

  return g_string_free (g_steal_pointer (&name), FALSE);
}

static void
index_size (FwExportSource *self,
            const char     *entry,
            guint64         size)
{
  g_hash_table_insert (self->sizes, g_strdup (entry), g_memdup2 (&size, sizeof size));
}

static void
index_file (FwExportSource *self,
            const char     *entry,
            guint64         size,
            GHashTable     *taken)
{
  g_autofree char *basename = g_path_get_basename (entry);
  g_autofree char *id = NULL;
  g_autofree char *safe = NULL;
  g_autofree char *output = NULL;

  index_size (self, entry, size);

  id = id_from_name (basename);
  if (id == NULL || g_hash_table_contains (self->files, id))
    return;

  safe = safe_file_name (basename);
  output = g_strdup_printf ("attachments/%s", safe);
  for (guint i = 2; g_hash_table_contains (taken, output); i++)
    {
      g_free (output);
      output = g_strdup_printf ("attachments/%u-%s", i, safe);
    }
  g_hash_table_add (taken, g_strdup (output));

  g_hash_table_insert (self->files, g_strdup (id), g_strdup (entry));
  g_hash_table_insert (self->outputs, g_steal_pointer (&id), g_steal_pointer (&output));
}

/* conversations.json, or a shard: conversations-NNN.json */
static int
compare_names (const char **a,
             const char **b)
{
  return strcmp (*a, *b);
}

static PartKind
part_kind (const char *entry,
           guint64    *number)
{
  const char *slash = strrchr (entry, '/');
  const char *basename = slash ? slash + 1 : entry;
  const char *digits, *p;

  if (g_str_equal (basename, "conversations.json"))
    return CLASSIC;
  if (!g_str_has_prefix (basename, "conversations-"))
    return NOT_CONVERSATIONS;

  digits = basename + strlen ("conversations-");
  for (p = digits; g_ascii_isdigit (*p); p++)
    ;
  if (p == digits || p - digits > 9 || !g_str_equal (p, ".json"))
    return NOT_CONVERSATIONS;

  *number = g_ascii_strtoull (digits, NULL, 10);
  return SHARD;
}

static guint
folder_depth (const char *entry)
{
  guint depth = 0;

  for (const char *p = entry; *p; p++)
    if (*p == '/')
      depth++;
  return depth;
}

/* The small files of the export that say something about the others:
 * export_manifest.json (which shards there are), since 2026
 * conversation_asset_file_names.json (the original names of the
 * attachments, which the zip holds as "file_….dat"), and for the person
 * user.json (whose account it is) and shared_conversations.json (the links
 * to remove before deleting the account). */
static gboolean
is_manifest (const char *entry,
             guint64     size)
{
  const char *slash = strrchr (entry, '/');
  const char *basename = slash ? slash + 1 : entry;

  return size <= MAX_MANIFEST_SIZE &&
         (g_str_equal (basename, "export_manifest.json") ||
          g_str_equal (basename, "conversation_asset_file_names.json") ||
          g_str_equal (basename, "user.json") ||
          g_str_equal (basename, "shared_conversations.json"));
}

/* Notes @entry as a possible conversations file; FALSE when it is not one. */
static gboolean
index_candidate (Index      *index,
                 const char *entry,
                 guint64     size)
{
  Candidate *candidate;
  guint64 number = 0;
  PartKind kind = part_kind (entry, &number);

  if (kind == NOT_CONVERSATIONS)
    return FALSE;

  candidate = g_new0 (Candidate, 1);
  candidate->entry = g_strdup (entry);
  candidate->size = size;
  candidate->kind = kind;
  candidate->number = number;
  candidate->depth = folder_depth (entry);
  g_ptr_array_add (index->candidates, candidate);
  return TRUE;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = *(const Candidate **) a;
  const Candidate *y = *(const Candidate **) b;

  /* The shallowest folder first; in it conversations.json before the
   * shards, and the shards in numeric order. */
  if (x->depth != y->depth)
    return x->depth < y->depth ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind == CLASSIC ? -1 : 1;
  if (x->number != y->number)
    return x->number < y->number ? -1 : 1;
  return strcmp (x->entry, y->entry);
}

static char *
folder_of (const char *entry)
{
  const char *slash = strrchr (entry, '/');

  return slash ? g_strndup (entry, slash + 1 - entry) : g_strdup ("");
}

/* Every shard name that export_manifest.json mentions, wherever it says it:
 * its fields are not documented, so any string (or member name) ending in
 * conversations-NNN.json counts. */
static void
manifest_shards (JsonNode   *node,
                 GHashTable *numbers)
{
  guint64 number;

  if (node == NULL)
    return;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            if (part_kind (name, &number) == SHARD)
              g_hash_table_add (numbers, g_memdup2 (&number, sizeof number));
            manifest_shards (member, numbers);
          }
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          manifest_shards (json_array_get_element (array, i), numbers);
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          part_kind (json_node_get_string (node), &number) == SHARD)
        g_hash_table_add (numbers, g_memdup2 (&number, sizeof number));
      break;
    default:
      break;
    }
}

static int
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* Picks the conversations files: those of the shallowest folder that has
 * any. Fails when there are none, or when a shard is missing: numbers skip
 * one, or the manifest names one that is not there. */
static gboolean
choose_parts (FwExportSource  *self,
              Index           *index,
              GError         **error)
{
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GString) missing = NULL;
  g_autofree char *manifest_entry = NULL;
  GBytes *manifest;
  Candidate *first;
  guint64 last = 0;
  guint n_missing = 0;

  if (index->candidates->len == 0)
    {
      g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NO_CONVERSATIONS,
                   self->kind == FW_SOURCE_FOLDER
                   ? _("The folder “%s” has no conversations: it is not an extracted ChatGPT export. An export holds conversations.json, or since 2026 conversations-000.json and the files after it.")
                   : _("“%s” has no conversations: it is not a ChatGPT data export. An export holds conversations.json, or since 2026 conversations-000.json and the files after it. The export is the zip file linked in OpenAI’s email."),
                   self->name);
      return FALSE;
    }

  g_ptr_array_sort (index->candidates, compare_candidates);
  first = g_ptr_array_index (index->candidates, 0);
  self->root = folder_of (first->entry);
  self->sharded = first->kind == SHARD;
  self->parts = g_ptr_array_new_with_free_func (part_free);

  for (guint i = 0; i < index->candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (index->candidates, i);
      g_autofree char *folder = folder_of (candidate->entry);
      FwJsonPart *part;

      if (candidate->kind != first->kind || !g_str_equal (folder, self->root) ||
          (self->parts->len > 0 && candidate->number == last))
        continue;

      part = g_new0 (FwJsonPart, 1);
      part->entry = g_strdup (candidate->entry);
      part->size = candidate->size;
      g_ptr_array_add (self->parts, part);
      self->json_size += candidate->size;
      last = candidate->number;
      if (!self->sharded)
        break;
    }

  if (!self->sharded)
    return TRUE;

  /* Every number up to the last one found, and whatever the manifest names. */
  for (guint64 n = 0; n <= last; n++)
    g_hash_table_add (expected, g_memdup2 (&n, sizeof n));
  manifest_entry = g_strconcat (self->root, "export_manifest.json", NULL);
  manifest = g_hash_table_lookup (index->manifests, manifest_entry);
  if (manifest != NULL)
    {
      g_autoptr(JsonNode) root = fw_json_parse_bytes (manifest);

      if (root != NULL)
        manifest_shards (root, expected);
      else
        g_debug ("%s: export_manifest.json is not JSON; not used", self->name);
    }

  for (guint i = 0; i < self->parts->len; i++)
    {
      FwJsonPart *part = g_ptr_array_index (self->parts, i);
      guint64 number = 0;

      part_kind (part->entry, &number);
      g_hash_table_remove (expected, &number);
    }

  if (g_hash_table_size (expected) > 0)
    {
      g_autoptr(GList) numbers = g_hash_table_get_keys (expected);

      missing = g_string_new (NULL);
      numbers = g_list_sort (numbers, (GCompareFunc) compare_numbers);
      for (GList *l = numbers; l != NULL; l = l->next, n_missing++)
        {
          if (n_missing == 3)
            {
              /* Translators: ends a list of missing files, e.g. "a, b, c and 4 more" */
              g_string_append_printf (missing, _(" and %u more"), g_hash_table_size (expected) - 3);
              break;
            }
          if (missing->len > 0)
            g_string_append (missing, ", ");
          g_string_append_printf (missing, "conversations-%03" G_GUINT64_FORMAT ".json", *(guint64 *) l->data);
        }

      g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_TRUNCATED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” is incomplete: a file of conversations is missing (%s). Download the export again from the link in OpenAI’s email.",
                                "“%s” is incomplete: files of conversations are missing (%s). Download the export again from the link in OpenAI’s email.",
                                g_hash_table_size (expected)),
                   self->name, missing->str);
      return FALSE;
    }

  return TRUE;
}

static void
set_archive_error (struct archive  *a,
                   const char      *name,
                   GError         **error)
{
  const char *message = archive_error_string (a);

  if (message != NULL && (strstr (message, "CRC") || strstr (message, "crc")))
    g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_CORRUPT,
                 _("“%s” is damaged: a checksum does not match. Download the export again from the link in OpenAI’s email."),
                 name);
  else if (archive_errno (a) == ENOSPC)
    g_set_error_literal (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NO_SPACE,
                         _("The disk is full. Free some space, or choose another place for the archive."));
  else
    {
      /* libarchive's own words are English-only: kept for the debug log. */
      g_debug ("libarchive: %s", message ? message : "(no message)");
      g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_TRUNCATED,
                   _("“%s” is incomplete: the download was probably cut off. Download the export again from the link in OpenAI’s email."),
                   name);
    }
}

/* An entry's name in UTF-8, whatever the locale: archive_entry_pathname()
 * is NULL for a name that the locale's charset cannot hold (any non-ASCII
 * name under LANG=C), which hid such files and crashed the copy. */
static const char *
entry_name (struct archive_entry *entry)
{
  const char *name = archive_entry_pathname_utf8 (entry);

  return name != NULL ? name : archive_entry_pathname (entry);
}

/* Ends a read of the zip that failed: says why, and closes the zip. */
static gboolean
zip_failed (FwExportSource  *self,
            struct archive  *a,
            GError         **error)
{
  set_archive_error (a, self->name, error);
  archive_read_free (a);
  return FALSE;
}

static struct archive *
open_zip (FwExportSource  *self,
          GError         **error)
{
  struct archive *a = archive_read_new ();

  archive_read_support_format_zip_seekable (a);
  if (archive_read_open_filename (a, self->path, CHUNK) != ARCHIVE_OK)
    {
      zip_failed (self, a, error);
      return NULL;
    }

  return a;
}

/* Reads the next entry's header; FALSE at the end of the zip or on an
 * error, which *r tells apart (ARCHIVE_EOF at the end). */
static gboolean
next_entry (struct archive        *a,
            struct archive_entry **entry,
            int                   *r)
{
  *r = archive_read_next_header (a, entry);
  return *r == ARCHIVE_OK || *r == ARCHIVE_WARN;
}

/* The zip, opened at the first entry named @name: its data is read next. */
static struct archive *
open_zip_at (FwExportSource  *self,
             const char      *name,
             GError         **error)
{
  struct archive *a = open_zip (self, error);
  struct archive_entry *entry;
  int r;

  if (a == NULL)
    return NULL;

  while (next_entry (a, &entry, &r))
    if (g_strcmp0 (entry_name (entry), name) == 0)
      return a;

  zip_failed (self, a, error);
  return NULL;
}

/* Where the archive keeps a copy of @relative (a path below the export's
 * folder): under export/, each part of the path made safe; NULL for what
 * an archiver adds of its own (__MACOSX/, .DS_Store). */
static char *
export_path (const char *relative,
             GHashTable *taken)
{
  g_auto(GStrv) components = g_strsplit (relative, "/", -1);
  g_autoptr(GString) path = g_string_new ("export");
  g_autofree char *candidate = NULL;
  guint n = 0;

  for (guint i = 0; components[i] != NULL; i++)
    {
      g_autofree char *safe = NULL;

      if (*components[i] == '\0' || g_str_equal (components[i], ".") || g_str_equal (components[i], ".."))
        continue;
      if (g_str_equal (components[i], "__MACOSX") || g_str_equal (components[i], ".DS_Store"))
        return NULL;
      safe = safe_file_name (components[i]);
      g_string_append_printf (path, "/%s", safe);
      n++;
    }
  if (n == 0)
    return NULL;

  candidate = g_strdup (path->str);
  for (guint i = 2; g_hash_table_contains (taken, candidate); i++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s-%u", path->str, i);
    }
  g_hash_table_add (taken, g_strdup (candidate));
  return g_steal_pointer (&candidate);
}

/* Every file the archive keeps a copy of: the attachments, wherever they
 * are, and every other file of the export's folder that is not a
 * conversations file, in export/. */
/* Attachments the zip holds as "file_….dat": named after their original
 * name where conversation_asset_file_names.json gives it, so that the
 * archive's copy opens in any program. */
static void
name_assets (FwExportSource *self,
             Index          *index)
{
  g_autofree char *entry = g_strconcat (self->root, "conversation_asset_file_names.json", NULL);
  g_autoptr(JsonNode) root = fw_json_parse_bytes (g_hash_table_lookup (index->manifests, entry));
  JsonObject *names;
  GHashTableIter iter;
  gpointer id, path;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  names = json_node_get_object (root);

  g_hash_table_iter_init (&iter, self->files);
  while (g_hash_table_iter_next (&iter, &id, &path))
    {
      g_autofree char *basename = g_path_get_basename (path);
      g_autofree char *bare = NULL;
      g_autofree char *safe = NULL;
      g_autofree char *output = NULL;
      JsonNode *name;

      if (!g_str_has_suffix (basename, ".dat"))
        continue;
      bare = g_strndup (basename, strlen (basename) - strlen (".dat"));
      name = json_object_get_member (names, basename);
      if (name == NULL)
        name = json_object_get_member (names, bare);
      if (name == NULL || !JSON_NODE_HOLDS_VALUE (name) ||
          json_node_get_value_type (name) != G_TYPE_STRING || *json_node_get_string (name) == '\0')
        continue;

      safe = safe_file_name (json_node_get_string (name));
      output = g_strdup_printf ("attachments/%s-%s", (char *) id, safe);
      for (guint i = 2; g_hash_table_contains (index->taken, output); i++)
        {
          g_free (output);
          output = g_strdup_printf ("attachments/%s-%u-%s", (char *) id, i, safe);
        }
      g_hash_table_add (index->taken, g_strdup (output));
      g_hash_table_insert (self->outputs, g_strdup (id), g_steal_pointer (&output));
    }
}

static void
plan_copies (FwExportSource *self,
             Index          *index)
{
  g_autoptr(GHashTable) parts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree const char **entries = NULL;
  GHashTableIter iter;
  gpointer id, entry;
  guint n_entries;

  self->copies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  name_assets (self, index);

  {
    GHashTableIter it;
    gpointer entry_name_ptr, bytes;

    g_hash_table_iter_init (&it, index->manifests);
    while (g_hash_table_iter_next (&it, &entry_name_ptr, &bytes))
      {
        const char *name = entry_name_ptr;

        if (g_str_has_prefix (name, self->root) && strchr (name + strlen (self->root), '/') == NULL)
          g_hash_table_insert (self->small_files, g_strdup (name + strlen (self->root)), g_bytes_ref (bytes));
      }
  }

  for (guint i = 0; i < self->parts->len; i++)
    g_hash_table_add (parts, ((FwJsonPart *) g_ptr_array_index (self->parts, i))->entry);

  g_hash_table_iter_init (&iter, self->files);
  while (g_hash_table_iter_next (&iter, &id, &entry))
    g_hash_table_insert (self->copies, g_strdup (entry), g_strdup (g_hash_table_lookup (self->outputs, id)));

  /* in the order of their names, so that duplicates are numbered the
   * same way every time */
  entries = (const char **) g_hash_table_get_keys_as_array (self->sizes, &n_entries);
  qsort (entries, n_entries, sizeof (char *), (int (*)(const void *, const void *)) compare_names);
  for (guint i = 0; i < n_entries; i++)
    {
      g_autofree char *output = NULL;

      if (g_hash_table_contains (parts, entries[i]) || g_hash_table_contains (self->copies, entries[i]) ||
          !g_str_has_prefix (entries[i], self->root))
        continue;
      output = export_path (entries[i] + strlen (self->root), index->taken);
      if (output != NULL)
        g_hash_table_insert (self->copies, g_strdup (entries[i]), g_steal_pointer (&output));
    }
}

/* The whole of a small entry, the one libarchive has just read the header of. */
static GBytes *
read_small_entry (struct archive *a,
                  guint64         size)
{
  g_autofree char *data = g_malloc (size + 1);
  la_ssize_t n = archive_read_data (a, data, size + 1);

  if (n < 0 || (guint64) n != size)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&data), size);
}

static gboolean
index_zip (FwExportSource  *self,
           Index           *index,
           GCancellable    *cancellable,
           GError         **error)
{
  struct archive *a = open_zip (self, error);
  struct archive_entry *entry;
  guint64 total = 0;
  int r;

  if (a == NULL)
    return FALSE;

  while (next_entry (a, &entry, &r))
    {
      const char *name = entry_name (entry);
      guint64 size = archive_entry_size_is_set (entry) ? (guint64) archive_entry_size (entry) : 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          archive_read_free (a);
          return FALSE;
        }

      if (name == NULL || archive_entry_filetype (entry) != AE_IFREG)
        continue;

      /* Saturated: the sizes a zip claims (zip64: 64 bits each) may not
       * add up in 64 bits, and a sum that wrapped would pass the checks
       * below. */
      total = total + size < total ? G_MAXUINT64 : total + size;
      if (!index_candidate (index, name, size))
        index_file (self, name, size, index->taken);
      else
        index_size (self, name, size);
      if (is_manifest (name, size))
        {
          GBytes *bytes = read_small_entry (a, size);

          if (bytes != NULL)
            g_hash_table_insert (index->manifests, g_strdup (name), bytes);
        }
    }

  if (r != ARCHIVE_EOF)
    return zip_failed (self, a, error);
  archive_read_free (a);

  if (!choose_parts (self, index, error))
    return FALSE;
  plan_copies (self, index);
  self->files_size = total - self->json_size;

  if (self->size > 0 && total / self->size > MAX_COMPRESSION_RATIO)
    {
      g_autofree char *declared = g_format_size (total);

      g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_TOO_LARGE,
                   _("“%s” claims to unpack to %s, far more than any real export of its size. It was refused to protect your disk."),
                   self->name, declared);
      return FALSE;
    }

  return TRUE;
}

static gboolean
index_folder (FwExportSource  *self,
              GFile           *dir,
              const char      *relative,
              guint            depth,
              Index           *index,
              GCancellable    *cancellable,
              GError         **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;

  enumerator = g_file_enumerate_children (dir,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          cancellable, error);
  if (enumerator == NULL)
    return FALSE;

  while (TRUE)
    {
      GFileInfo *info;
      GFile *child;
      g_autofree char *path = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, cancellable, error))
        return FALSE;
      if (info == NULL)
        break;

      path = relative ? g_build_filename (relative, g_file_info_get_name (info), NULL)
                      : g_strdup (g_file_info_get_name (info));

      switch (g_file_info_get_file_type (info))
        {
        case G_FILE_TYPE_DIRECTORY:
          if (depth < MAX_FOLDER_DEPTH &&
              !index_folder (self, child, path, depth + 1, index, cancellable, error))
            return FALSE;
          break;
        case G_FILE_TYPE_REGULAR:
          {
            guint64 size = g_file_info_get_size (info);

            if (!index_candidate (index, path, size))
              index_file (self, path, size, index->taken);
            else
              index_size (self, path, size);
            self->files_size += size;
            if (is_manifest (path, size))
              {
                g_autofree char *contents = NULL;
                gsize len = 0;

                if (g_file_load_contents (child, cancellable, &contents, &len, NULL, NULL))
                  g_hash_table_insert (index->manifests, g_strdup (path),
                                       g_bytes_new_take (g_steal_pointer (&contents), len));
              }
          }
          break;
        default:
          break; /* symbolic links and the rest are not followed */
        }
    }

  return TRUE;
}

FwExportSource *
fw_export_source_open (GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(FwExportSource) self = g_new0 (FwExportSource, 1);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(Index) index = { 0 };
  char head[512];
  gsize head_len = 0;

  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->outputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->small_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  self->path = g_file_get_path (file);
  self->name = g_file_get_basename (file);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL || self->path == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NOT_FOUND,
                     _("“%s” cannot be opened: %s"), self->name,
                     local_error ? local_error->message : _("it is not a local file"));
      return NULL;
    }

  index_init (&index);
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      self->kind = FW_SOURCE_FOLDER;
      if (!index_folder (self, file, NULL, 0, &index, cancellable, error) ||
          !choose_parts (self, &index, error))
        return NULL;
      plan_copies (self, &index);
      self->files_size -= self->json_size;
      self->size = self->json_size;
      return g_steal_pointer (&self);
    }

  self->size = g_file_info_get_size (info);

  {
    FILE *f = g_fopen (self->path, "rb");

    if (f == NULL)
      {
        int saved = errno;

        g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NOT_FOUND,
                     _("“%s” cannot be opened: %s"), self->name, g_strerror (saved));
        return NULL;
      }
    head_len = fread (head, 1, sizeof head, f);
    fclose (f);
  }

  if (head_len >= 4 && head[0] == 'P' && head[1] == 'K')
    {
      self->kind = FW_SOURCE_ZIP;
      if (!index_zip (self, &index, cancellable, error))
        return NULL;
      return g_steal_pointer (&self);
    }

  /* A bare conversations.json: starts with [ or { after white space (and
   * perhaps a byte order mark). */
  {
    gsize i = 0;

    if (head_len >= 3 && (guchar) head[0] == 0xEF && (guchar) head[1] == 0xBB && (guchar) head[2] == 0xBF)
      i = 3;
    while (i < head_len && g_ascii_isspace (head[i]))
      i++;
    if (i < head_len && (head[i] == '[' || head[i] == '{'))
      {
        FwJsonPart *part = g_new0 (FwJsonPart, 1);

        self->kind = FW_SOURCE_JSON;
        self->root = g_strdup ("");
        self->parts = g_ptr_array_new_with_free_func (part_free);
        part->entry = g_strdup (self->name);
        part->size = self->size;
        g_ptr_array_add (self->parts, part);
        self->json_size = self->size;
        self->copies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        return g_steal_pointer (&self);
      }
  }

  g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NOT_AN_EXPORT,
               _("“%s” is not a ChatGPT export. Choose the zip file from OpenAI’s email, or the conversations.json inside it."),
               self->name);
  return NULL;
}

/* Feeds the splitter; an error it gives about a shard names the shard. */
static gboolean
feed (FwExportSource  *self,
      FwJsonPart      *part,
      FwJsonSplitter  *splitter,
      const char      *data,
      gsize            len,
      GError         **error)
{
  if (fw_json_splitter_feed (splitter, data, len, error))
    return TRUE;
  if (self->sharded)
    g_prefix_error (error, "%s: ", part->entry + strlen (self->root));
  return FALSE;
}

static gboolean
read_file_part (FwExportSource  *self,
                FwJsonPart      *part,
                FwJsonSplitter  *splitter,
                GCancellable    *cancellable,
                GError         **error)
{
  g_autofree char *path = self->kind == FW_SOURCE_FOLDER
    ? g_build_filename (self->path, part->entry, NULL)
    : g_strdup (self->path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, error);
  g_autofree char *buf = NULL;

  if (stream == NULL)
    return FALSE;

  buf = g_malloc (CHUNK);
  while (TRUE)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buf, CHUNK, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        return TRUE;
      if (!feed (self, part, splitter, buf, n, error))
        return FALSE;
    }
}

static gboolean
read_zip_part (FwExportSource  *self,
               FwJsonPart      *part,
               FwJsonSplitter  *splitter,
               GCancellable    *cancellable,
               GError         **error)
{
  struct archive *a = open_zip_at (self, part->entry, error);
  guint64 total = 0;

  if (a == NULL)
    return FALSE;

  /* libarchive's own buffer of inflated bytes, without a copy (a zip
   * entry has no holes: the blocks follow each other) */
  while (TRUE)
    {
      const void *block = NULL;
      size_t n = 0;
      la_int64_t block_offset;
      int r = archive_read_data_block (a, &block, &n, &block_offset);

      if (r == ARCHIVE_EOF)
        break;
      if (r != ARCHIVE_OK)
        return zip_failed (self, a, error);
      if (n == 0)
        continue;

      total += n;
      if (part->size > 0 && total > part->size)
        {
          g_autofree char *basename = g_path_get_basename (part->entry);

          g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_CORRUPT,
                       /* Translators: the second %s is a file in the zip, e.g. conversations.json */
                       _("“%s” is damaged: %s is longer than the zip says. Download the export again from the link in OpenAI’s email."),
                       self->name, basename);
          archive_read_free (a);
          return FALSE;
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !feed (self, part, splitter, block, n, error))
        {
          archive_read_free (a);
          return FALSE;
        }
    }

  archive_read_free (a);
  return TRUE;
}

gboolean
fw_export_source_read_json (FwExportSource  *self,
                            FwJsonSplitter  *splitter,
                            GCancellable    *cancellable,
                            GError         **error)
{
  for (guint i = 0; i < self->parts->len; i++)
    {
      FwJsonPart *part = g_ptr_array_index (self->parts, i);
      gboolean ok;

      if (i > 0)
        fw_json_splitter_next_document (splitter);

      if (self->kind == FW_SOURCE_ZIP)
        ok = read_zip_part (self, part, splitter, cancellable, error);
      else
        ok = read_file_part (self, part, splitter, cancellable, error);
      if (!ok)
        return FALSE;

      if (!fw_json_splitter_finish (splitter, error))
        {
          if (self->sharded)
            g_prefix_error (error, "%s: ", part->entry + strlen (self->root));
          return FALSE;
        }
    }

  return TRUE;
}

typedef la_ssize_t (*ReadFunc) (gpointer  from,
                                 char     *buf,
                                 gsize     len);

static la_ssize_t
read_zip_data (gpointer  from,
               char     *buf,
               gsize     len)
{
  return archive_read_data (from, buf, len);
}

static la_ssize_t
read_file_data (gpointer  from,
                char     *buf,
                gsize     len)
{
  size_t n = fread (buf, 1, len, from);

  return n == 0 && ferror ((FILE *) from) ? -1 : (la_ssize_t) n;
}

typedef enum {
  COPY_DONE,
  COPY_DAMAGED,   /* the export's file could not be read whole: nothing kept of it */
  COPY_FAILED,    /* writing failed: @error is set */
} CopyResult;

/* Copies one file to @dir/@output, with its SHA-256 in @sha256 (65 bytes).
 * A file longer than @declared (when known) is damaged, and @too_long set. */
static CopyResult
copy_one (const char     *dir,
          const char     *output,
          ReadFunc        read,
          gpointer        from,
          const guint64  *declared,
          char           *buf,
          char           *sha256,
          gboolean       *too_long,
          GError        **error)
{
  g_autofree char *path = g_build_filename (dir, output, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(FwSha256) checksum = fw_sha256_new ();
  g_autofree char *hex = NULL;
  guint64 written = 0;
  FILE *f;

  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      fw_export_fail_write (parent, errno, error);
      return COPY_FAILED;
    }

  f = g_fopen (path, "wbx");
  if (f == NULL)
    {
      fw_export_fail_write (path, errno, error);
      return COPY_FAILED;
    }

  while (TRUE)
    {
      la_ssize_t n = read (from, buf, CHUNK);

      /* The space check and the zip-bomb guard trust the sizes the zip
       * declares: an entry that unpacks to more is damaged. */
      if (n < 0 || (declared != NULL && written + n > *declared))
        {
          fclose (f);
          g_unlink (path);
          *too_long = n >= 0;
          return COPY_DAMAGED;
        }
      if (n == 0)
        break;
      written += n;
      fw_sha256_update (checksum, (const guchar *) buf, n);
      if (fwrite (buf, 1, n, f) != (size_t) n)
        {
          int saved = errno;

          fclose (f);
          fw_export_fail_write (path, saved, error);
          return COPY_FAILED;
        }
    }

  if (fclose (f) != 0)
    {
      fw_export_fail_write (path, errno, error);
      return COPY_FAILED;
    }

  hex = fw_sha256_finish (checksum);
  memcpy (sha256, hex, 65);
  return COPY_DONE;
}

/* Why a file of the export could not be copied: what libarchive said
 * (@a), a file longer than the zip says (@too_long), or that it cannot be
 * read. */
static void
note_damaged (FwExportSource *self,
              GHashTable     *damaged,
              struct archive *a,
              gboolean        too_long,
              const char     *entry,
              const char     *output)
{
  g_autoptr(GError) error = NULL;

  if (too_long)
    g_set_error (&error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_CORRUPT,
                 _("“%s” is damaged: a file in it is longer than the zip says. Download the export again from the link in OpenAI’s email."),
                 self->name);
  else if (a != NULL)
    set_archive_error (a, self->name, &error);
  else
    {
      g_autofree char *basename = g_path_get_basename (entry);

      g_set_error (&error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_CORRUPT,
                   /* Translators: the first %s is the export's folder, the second a file in it */
                   _("“%s” is damaged: %s in it cannot be read."), self->name, basename);
    }
  g_hash_table_insert (damaged, g_strdup (output), g_strdup (error->message));
}

gboolean
fw_export_source_copy_files (FwExportSource  *self,
                             GHashTable      *wanted,
                             const char      *dir,
                             GHashTable      *copied,
                             GHashTable      *damaged,
                             GCancellable    *cancellable,
                             GError         **error)
{
  g_autoptr(GHashTable) todo = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *buf = NULL;
  GHashTableIter iter;
  gpointer entry, output;

  /* entry → output, for what is wanted and not done yet */
  g_hash_table_iter_init (&iter, self->copies);
  while (g_hash_table_iter_next (&iter, &entry, &output))
    if ((wanted == NULL || g_hash_table_contains (wanted, entry)) &&
        !g_hash_table_contains (copied, output) && !g_hash_table_contains (damaged, output))
      g_hash_table_insert (todo, entry, output);

  if (g_hash_table_size (todo) == 0)
    return TRUE;

  buf = g_malloc (CHUNK);
  if (self->kind == FW_SOURCE_ZIP)
    {
      struct archive *a = open_zip (self, error);
      struct archive_entry *header;
      int r = ARCHIVE_OK;

      if (a == NULL)
        return FALSE;

      while (g_hash_table_size (todo) > 0 && next_entry (a, &header, &r))
        {
          const char *name = entry_name (header);
          const char *out = name != NULL ? g_hash_table_lookup (todo, name) : NULL;
          gboolean too_long = FALSE;
          char sha256[65];

          if (out == NULL)
            continue;
          /* Only the first entry of a name: a zip may repeat one. */
          g_hash_table_remove (todo, name);

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              archive_read_free (a);
              return FALSE;
            }

          switch (copy_one (dir, out, read_zip_data, a, g_hash_table_lookup (self->sizes, name),
                            buf, sha256, &too_long, error))
            {
            case COPY_DONE:
              g_hash_table_insert (copied, g_strdup (out), g_strdup (sha256));
              break;
            case COPY_DAMAGED:
              note_damaged (self, damaged, a, too_long, name, out);
              break;
            case COPY_FAILED:
              archive_read_free (a);
              return FALSE;
            }
        }

      if (g_hash_table_size (todo) > 0 && r != ARCHIVE_EOF)
        return zip_failed (self, a, error);
      archive_read_free (a);
      return TRUE;
    }

  g_hash_table_iter_init (&iter, todo);
  while (g_hash_table_iter_next (&iter, &entry, &output))
    {
      g_autofree char *from = g_build_filename (self->path, entry, NULL);
      FILE *f;
      char sha256[65];
      gboolean too_long = FALSE;
      CopyResult result;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      f = g_fopen (from, "rb");
      if (f == NULL)
        {
          note_damaged (self, damaged, NULL, FALSE, entry, output);
          continue;
        }
      result = copy_one (dir, output, read_file_data, f, NULL, buf, sha256, &too_long, error);
      fclose (f);
      if (result == COPY_FAILED)
        return FALSE;
      if (result == COPY_DONE)
        g_hash_table_insert (copied, g_strdup (output), g_strdup (sha256));
      else
        note_damaged (self, damaged, NULL, FALSE, entry, output);
    }

  return TRUE;
}

GBytes *
fw_export_source_get_small_file (FwExportSource *self,
                                 const char     *name)
{
  return g_hash_table_lookup (self->small_files, name);
}

char *
fw_export_source_sha256 (FwExportSource  *self,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr(FwSha256) checksum = fw_sha256_new ();
  g_autofree char *buf = g_malloc (CHUNK);
  guint n_files = self->kind == FW_SOURCE_FOLDER ? self->parts->len : 1;

  for (guint i = 0; i < n_files; i++)
    {
      FwJsonPart *part = g_ptr_array_index (self->parts, i);
      g_autofree char *path = self->kind == FW_SOURCE_FOLDER
        ? g_build_filename (self->path, part->entry, NULL)
        : g_strdup (self->path);
      FILE *f = g_fopen (path, "rb");
      size_t n;

      if (f == NULL)
        {
          int saved = errno;

          g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NOT_FOUND,
                       _("“%s” cannot be opened: %s"), self->name, g_strerror (saved));
          return NULL;
        }

      while ((n = fread (buf, 1, CHUNK, f)) > 0)
        {
          fw_sha256_update (checksum, (const guchar *) buf, n);
          if (g_cancellable_is_cancelled (cancellable))
            break;
        }
      fclose (f);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
    }

  return fw_sha256_finish (checksum);
}
