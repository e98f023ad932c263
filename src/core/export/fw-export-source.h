/* fw-export-source.h — where an export's files are: a zip, a folder, or a
 * bare conversations file; and which of them hold the conversations:
 * conversations.json, or since 2026 the shards conversations-000.json,
 * conversations-001.json, …
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-json-splitter.h"

G_BEGIN_DECLS

typedef enum {
  FW_SOURCE_ZIP,
  FW_SOURCE_FOLDER,
  FW_SOURCE_JSON,
} FwSourceKind;

typedef struct _FwExportSource FwExportSource;

/* One file of conversations: conversations.json, or one shard. */
typedef struct
{
  char         *entry;           /* zip entry or folder-relative path; the file's name for a bare file */
  guint64       size;            /* uncompressed */
} FwJsonPart;

struct _FwExportSource
{
  FwSourceKind  kind;
  char         *path;            /* the zip, the folder or the json file */
  char         *name;            /* its base name */
  guint64       size;            /* of the zip or json file; of the conversations files for a folder */
  char         *root;            /* the folder, inside the zip or folder, that holds the export: "" or "a/b/" */
  GPtrArray    *parts;           /* FwJsonPart: the conversations files, in order */
  gboolean      sharded;         /* the parts are conversations-NNN.json shards */
  guint64       json_size;       /* of every part, uncompressed */
  guint64       files_size;      /* uncompressed size of every other file */
  GHashTable   *files;           /* attachment id → entry / relative path */
  GHashTable   *outputs;         /* attachment id → "attachments/<name>" */
  GHashTable   *sizes;           /* entry → size (guint64 *), for every file */
  GHashTable   *copies;          /* entry → where the archive keeps its copy */
  GHashTable   *small_files;     /* name → GBytes: the small files beside the conversations */
};

/* Opens and indexes an export; fails with a clear FW_EXPORT_ERROR. */
FwExportSource *fw_export_source_open          (GFile            *file,
                                                GCancellable     *cancellable,
                                                GError          **error);
void            fw_export_source_free          (FwExportSource   *self);

/* Streams every conversations file through @splitter, one after another
 * as one list, and finishes it. An error in a shard names the shard. */
gboolean        fw_export_source_read_json     (FwExportSource   *self,
                                                FwJsonSplitter   *splitter,
                                                GCancellable     *cancellable,
                                                GError          **error);

/* Copies the files the archive keeps (attachments, and the export's other
 * files under export/: the values of @copies) into @dir: those whose
 * entries are in @wanted (a set), or all when @wanted is NULL; but not
 * those already in @copied or @damaged (both keyed by output path).
 * @copied gets the SHA-256 of each file copied; @damaged, for each file
 * that cannot be read whole (nothing of it is left in @dir), a message.
 * Fails only when writing fails, or the zip cannot be read on. */
gboolean        fw_export_source_copy_files    (FwExportSource   *self,
                                                GHashTable       *wanted,
                                                const char       *dir,
                                                GHashTable       *copied,
                                                GHashTable       *damaged,
                                                GCancellable     *cancellable,
                                                GError          **error);

/* The contents of user.json, shared_conversations.json,
 * export_manifest.json or conversation_asset_file_names.json beside the
 * conversations, when the export has it (and it is small); NULL otherwise. */
GBytes         *fw_export_source_get_small_file (FwExportSource  *self,
                                                 const char      *name);

/* SHA-256 of the source file (for a folder, of its conversations files
 * one after another). */
char           *fw_export_source_sha256        (FwExportSource   *self,
                                                GCancellable     *cancellable,
                                                GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwExportSource, fw_export_source_free)

G_END_DECLS
