/* fw-export-source.h — where an export's files are: a zip, a folder, or a
 * bare conversations.json
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  FW_SOURCE_ZIP,
  FW_SOURCE_FOLDER,
  FW_SOURCE_JSON,
} FwSourceKind;

typedef struct _FwExportSource FwExportSource;

struct _FwExportSource
{
  FwSourceKind  kind;
  char         *path;            /* the zip, the folder or the json file */
  char         *name;            /* its base name */
  guint64       size;            /* of the zip or json file; of conversations.json for a folder */
  char         *json_entry;      /* zip entry or folder-relative path of conversations.json */
  guint64       json_size;       /* uncompressed */
  guint64       files_size;      /* uncompressed size of every other file */
  GHashTable   *files;           /* attachment id → entry / relative path */
  GHashTable   *outputs;         /* attachment id → "attachments/<name>" */
  GHashTable   *sizes;           /* entry → size (guint64 *) */
};

/* Opens and indexes an export; fails with a clear FW_EXPORT_ERROR. */
FwExportSource *fw_export_source_open          (GFile            *file,
                                                GCancellable     *cancellable,
                                                GError          **error);
void            fw_export_source_free          (FwExportSource   *self);

/* Streams conversations.json in chunks to @func. */
typedef gboolean (*FwChunkFunc) (const char  *data,
                                 gsize        len,
                                 gpointer     user_data,
                                 GError     **error);
gboolean        fw_export_source_read_json     (FwExportSource   *self,
                                                FwChunkFunc       func,
                                                gpointer          user_data,
                                                GCancellable     *cancellable,
                                                GError          **error);

/* Copies the attachments whose ids are in @wanted into @dir/attachments,
 * but not those already in @copied (a set of ids, may be NULL), which gets
 * every id copied. When one entry of the zip is damaged, @failed_id (may
 * be NULL) is set to its id, and nothing of it is left in @dir. */
gboolean        fw_export_source_copy_files    (FwExportSource   *self,
                                                GHashTable       *wanted,
                                                const char       *dir,
                                                GHashTable       *copied,
                                                char            **failed_id,
                                                GCancellable     *cancellable,
                                                GError          **error);

/* SHA-256 of the source file (of conversations.json for a folder). */
char           *fw_export_source_sha256        (FwExportSource   *self,
                                                GCancellable     *cancellable,
                                                GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwExportSource, fw_export_source_free)

G_END_DECLS
