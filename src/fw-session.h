/* fw-session.h — what the wizard's pages share: the chosen export, its
 * verification, and the archive being written
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "export/fw-export.h"
#include "export/fw-export-summary.h"

G_BEGIN_DECLS

typedef enum {
  FW_TASK_STATE_IDLE,
  FW_TASK_STATE_RUNNING,
  FW_TASK_STATE_DONE,
  FW_TASK_STATE_FAILED,
} FwTaskState;

#define FW_TYPE_SESSION (fw_session_get_type ())
G_DECLARE_FINAL_TYPE (FwSession, fw_session, FW, SESSION, GObject)

FwSession       *fw_session_new                    (void);

/* The export: choosing one starts its verification at once. */
GFile           *fw_session_get_export_file        (FwSession        *self);
void             fw_session_set_export_file        (FwSession        *self,
                                                    GFile            *file);
FwTaskState      fw_session_get_verify_state       (FwSession        *self);
FwExportSummary *fw_session_get_summary            (FwSession        *self);
const GError    *fw_session_get_verify_error       (FwSession        *self);
void             fw_session_cancel_verify          (FwSession        *self);
void             fw_session_retry_verify           (FwSession        *self);

/* The archive. */
FwTaskState      fw_session_get_archive_state      (FwSession        *self);
GFile           *fw_session_get_archive_dir        (FwSession        *self);
const GError    *fw_session_get_archive_error      (FwSession        *self);
/* Once the archive is written: the bytes that unfinished archives of
 * interrupted runs held in the same place, removed first. */
guint64          fw_session_get_archive_stale_bytes (FwSession       *self);
void             fw_session_create_archive         (FwSession        *self,
                                                    GFile            *dir,
                                                    FwArchiveFormats  formats);
/* The archive state turns FAILED (G_IO_ERROR_CANCELLED) only once the engine
 * has stopped and removed its temporary folder. */
void             fw_session_cancel_archive         (FwSession        *self);

/* Progress of whatever runs (verification or archive). */
double           fw_session_get_fraction           (FwSession        *self);
guint64          fw_session_get_bytes_done         (FwSession        *self);
guint64          fw_session_get_bytes_total        (FwSession        *self);
guint            fw_session_get_conversations_done (FwSession        *self);

G_END_DECLS
