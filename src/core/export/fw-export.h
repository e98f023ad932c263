/* fw-export.h — the export engine: verify a ChatGPT export, write an archive
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-export-summary.h"

G_BEGIN_DECLS

typedef enum {
  FW_ARCHIVE_FORMAT_MARKDOWN = 1 << 0,
  FW_ARCHIVE_FORMAT_HTML     = 1 << 1,
  FW_ARCHIVE_FORMAT_JSON     = 1 << 2,
  FW_ARCHIVE_FORMAT_ALL      = 7,
} FwArchiveFormats;

typedef struct {
  guint64 bytes_done;          /* of conversations.json */
  guint64 bytes_total;
  guint   conversations_done;
} FwExportProgress;

/* Called in the caller's thread-default main context, at most ten times a
 * second, and once more at the end. */
typedef void (*FwExportProgressFunc) (const FwExportProgress *progress,
                                      gpointer                user_data);

#define FW_EXPORT_ERROR (fw_export_error_quark ())
GQuark fw_export_error_quark (void);

typedef enum {
  FW_EXPORT_ERROR_NOT_FOUND,
  FW_EXPORT_ERROR_NOT_AN_EXPORT,
  FW_EXPORT_ERROR_TRUNCATED,
  FW_EXPORT_ERROR_CORRUPT,
  FW_EXPORT_ERROR_NO_CONVERSATIONS,
  FW_EXPORT_ERROR_INVALID_JSON,
  FW_EXPORT_ERROR_TOO_DEEP,
  FW_EXPORT_ERROR_INVALID_UTF8,
  FW_EXPORT_ERROR_NO_SPACE,
  FW_EXPORT_ERROR_OUTPUT_EXISTS,
  FW_EXPORT_ERROR_TOO_LARGE,
  FW_EXPORT_ERROR_WRITE,
} FwExportError;

/* Deepest JSON nesting accepted in a conversation. */
#define FW_EXPORT_MAX_DEPTH 200

/* Parses "md,html,json" (also "markdown"); FALSE on an unknown name. */
gboolean         fw_archive_formats_parse  (const char            *list,
                                            FwArchiveFormats      *formats);

FwExportSummary *fw_export_verify_sync     (GFile                 *source,
                                            GCancellable          *cancellable,
                                            FwExportProgressFunc   progress,
                                            gpointer               progress_data,
                                            GError               **error);
void             fw_export_verify_async    (GFile                 *source,
                                            GCancellable          *cancellable,
                                            FwExportProgressFunc   progress,
                                            gpointer               progress_data,
                                            GDestroyNotify         progress_notify,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
FwExportSummary *fw_export_verify_finish   (GAsyncResult          *result,
                                            GError               **error);

/* Writes the archive into @output_dir, which must not exist or be empty.
 * It is written into a temporary sibling folder that is renamed into place
 * only on success, and removed on error or cancel. */
FwExportSummary *fw_export_convert_sync    (GFile                 *source,
                                            GFile                 *output_dir,
                                            FwArchiveFormats       formats,
                                            GCancellable          *cancellable,
                                            FwExportProgressFunc   progress,
                                            gpointer               progress_data,
                                            GError               **error);
void             fw_export_convert_async   (GFile                 *source,
                                            GFile                 *output_dir,
                                            FwArchiveFormats       formats,
                                            GCancellable          *cancellable,
                                            FwExportProgressFunc   progress,
                                            gpointer               progress_data,
                                            GDestroyNotify         progress_notify,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
FwExportSummary *fw_export_convert_finish  (GAsyncResult          *result,
                                            GError               **error);

/* For the parts of the archive writer in other files: sets @error for a
 * write into @path that failed with @saved_errno (a full disk told as
 * such). Always FALSE. */
gboolean         fw_export_fail_write      (const char            *path,
                                            int                    saved_errno,
                                            GError               **error);

G_END_DECLS
