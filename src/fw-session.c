/* fw-session.c — what the wizard's pages share
 *
 * The pages observe this object's properties; it runs the export engine
 * asynchronously (never on the main loop) and remembers the verified export
 * and the archive location in GSettings, which the Delete step depends on.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-session.h"
#include "fw-settings.h"

struct _FwSession
{
  GObject           parent_instance;

  GSettings        *settings;

  GFile            *export_file;
  FwTaskState       verify_state;
  FwExportSummary  *summary;
  GError           *verify_error;
  GCancellable     *verify_cancellable;

  GFile            *archive_dir;
  FwTaskState       archive_state;
  GError           *archive_error;
  guint64           archive_stale_bytes;  /* freed of what interrupted runs had left */
  GCancellable     *archive_cancellable;

  FwExportProgress  progress;
};

G_DEFINE_FINAL_TYPE (FwSession, fw_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EXPORT_FILE,
  PROP_VERIFY_STATE,
  PROP_SUMMARY,
  PROP_ARCHIVE_STATE,
  PROP_ARCHIVE_DIR,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_progress (FwSession              *self,
              const FwExportProgress *progress)
{
  if (progress != NULL)
    self->progress = *progress;
  else
    memset (&self->progress, 0, sizeof self->progress);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

/* Where a run's progress goes: the session (which may be gone) and the
 * run's cancellable. Progress of a run that was cancelled or replaced is
 * dropped: it could still be queued in the main loop after the cancel, or
 * arrive while a newer run shows its own. */
typedef struct {
  GWeakRef      session;
  GCancellable *cancellable;
} ProgressTarget;

static void
on_progress (const FwExportProgress *progress,
             gpointer                user_data)
{
  ProgressTarget *target = user_data;
  g_autoptr(FwSession) self = NULL;

  if (g_cancellable_is_cancelled (target->cancellable))
    return;

  self = g_weak_ref_get (&target->session);
  if (self != NULL)
    set_progress (self, progress);
}

static void
progress_target_free (gpointer data)
{
  ProgressTarget *target = data;

  g_weak_ref_clear (&target->session);
  g_clear_object (&target->cancellable);
  g_free (target);
}

static ProgressTarget *
progress_target_new (gpointer      object,
                     GCancellable *cancellable)
{
  ProgressTarget *target = g_new0 (ProgressTarget, 1);

  g_weak_ref_init (&target->session, object);
  target->cancellable = g_object_ref (cancellable);
  return target;
}

static void
remember_verified_export (FwSession *self)
{
  g_autofree char *path = g_file_get_path (self->export_file);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  /* All at once, through an object of its own: g_settings_delay() cannot be
   * undone, and on self->settings it would hold back every later write
   * (such as archive-path) forever. */
  g_autoptr(GSettings) batch = fw_settings_new ();

  g_settings_delay (batch);
  g_settings_set_string (batch, "verified-export-path", path ? path : "");
  g_settings_set_string (batch, "verified-export-sha256",
                         fw_export_summary_get_sha256 (self->summary));
  g_settings_set_int64 (batch, "verified-export-time", g_date_time_to_unix (now));
  g_settings_set_uint (batch, "verified-export-conversations",
                       fw_export_summary_get_conversations (self->summary));
  g_settings_set_uint (batch, "verified-export-messages",
                       fw_export_summary_get_messages (self->summary));
  g_settings_apply (batch);
}

/* One run of the engine: its result is ignored once the run was cancelled
 * (by the person, or because a newer run replaced it). */
typedef struct {
  FwSession    *self;
  GCancellable *cancellable;
} Run;

static Run *
run_new (FwSession    *self,
         GCancellable *cancellable)
{
  Run *run = g_new0 (Run, 1);

  run->self = g_object_ref (self);
  run->cancellable = g_object_ref (cancellable);
  return run;
}

static void
run_free (Run *run)
{
  g_clear_object (&run->self);
  g_clear_object (&run->cancellable);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static void
verify_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  FwSession *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = fw_export_verify_finish (result, &error);

  if (g_cancellable_is_cancelled (run->cancellable))
    return;

  g_clear_object (&self->verify_cancellable);
  set_progress (self, NULL);

  if (summary == NULL)
    {
      g_clear_error (&self->verify_error);
      self->verify_error = g_steal_pointer (&error);
      self->verify_state = FW_TASK_STATE_FAILED;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFY_STATE]);
      return;
    }

  g_set_object (&self->summary, summary);
  self->verify_state = FW_TASK_STATE_DONE;
  remember_verified_export (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFY_STATE]);
}

/* Stops a running archive whose result no longer matters (a newer archive
 * or another export replaces it); its temporary folder is still removed by
 * the engine. */
static void
abandon_archive (FwSession *self)
{
  if (self->archive_cancellable != NULL)
    g_cancellable_cancel (self->archive_cancellable);
  g_clear_object (&self->archive_cancellable);
}

static void
start_verify (FwSession *self)
{
  abandon_archive (self);
  if (self->verify_cancellable != NULL)
    g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);
  g_clear_object (&self->summary);
  g_clear_error (&self->verify_error);

  self->archive_state = FW_TASK_STATE_IDLE;
  g_clear_object (&self->archive_dir);
  g_clear_error (&self->archive_error);

  self->verify_cancellable = g_cancellable_new ();
  self->verify_state = FW_TASK_STATE_RUNNING;
  set_progress (self, NULL);

  fw_export_verify_async (self->export_file,
                          self->verify_cancellable,
                          on_progress, progress_target_new (self, self->verify_cancellable),
                          progress_target_free,
                          verify_cb, run_new (self, self->verify_cancellable));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFY_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVE_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVE_DIR]);
}

void
fw_session_set_export_file (FwSession *self,
                            GFile     *file)
{
  g_return_if_fail (FW_IS_SESSION (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (file != NULL && self->export_file != NULL && g_file_equal (file, self->export_file) &&
      self->verify_state != FW_TASK_STATE_FAILED)
    return;

  g_set_object (&self->export_file, file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORT_FILE]);

  if (file != NULL)
    start_verify (self);
}

void
fw_session_retry_verify (FwSession *self)
{
  g_return_if_fail (FW_IS_SESSION (self));

  if (self->export_file != NULL)
    start_verify (self);
}

void
fw_session_cancel_verify (FwSession *self)
{
  g_return_if_fail (FW_IS_SESSION (self));

  if (self->verify_state != FW_TASK_STATE_RUNNING)
    return;

  g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);
  g_clear_error (&self->verify_error);
  g_set_error_literal (&self->verify_error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "");
  self->verify_state = FW_TASK_STATE_FAILED;
  set_progress (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFY_STATE]);
}

static void
convert_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  FwSession *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = fw_export_convert_finish (result, &error);

  /* Replaced by a newer archive or export: that one is shown now. */
  if (run->cancellable != self->archive_cancellable)
    return;

  g_clear_object (&self->archive_cancellable);
  set_progress (self, NULL);

  /* Cancelled by the person: only now has the engine stopped and removed
   * its temporary folder, so the page can truly say nothing was written.
   * (Had it already finished, the archive is complete: it is done.) */
  if (summary == NULL && g_cancellable_is_cancelled (run->cancellable) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "");
    }

  if (summary == NULL)
    {
      g_clear_error (&self->archive_error);
      self->archive_error = g_steal_pointer (&error);
      self->archive_state = FW_TASK_STATE_FAILED;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVE_STATE]);
      return;
    }

  {
    g_autofree char *path = g_file_get_path (self->archive_dir);

    g_settings_set_string (self->settings, "archive-path", path ? path : "");
  }
  fw_export_summary_get_stale_removed (summary, &self->archive_stale_bytes);

  self->archive_state = FW_TASK_STATE_DONE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVE_STATE]);
}

void
fw_session_create_archive (FwSession        *self,
                           GFile            *dir,
                           FwArchiveFormats  formats)
{
  g_return_if_fail (FW_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (dir));
  g_return_if_fail (self->verify_state == FW_TASK_STATE_DONE);

  abandon_archive (self);
  g_clear_error (&self->archive_error);
  self->archive_stale_bytes = 0;
  g_set_object (&self->archive_dir, dir);
  self->archive_cancellable = g_cancellable_new ();
  self->archive_state = FW_TASK_STATE_RUNNING;
  set_progress (self, NULL);

  fw_export_convert_async (self->export_file, dir, formats,
                           self->archive_cancellable,
                           on_progress, progress_target_new (self, self->archive_cancellable),
                           progress_target_free,
                           convert_cb, run_new (self, self->archive_cancellable));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVE_DIR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVE_STATE]);
}

void
fw_session_cancel_archive (FwSession *self)
{
  g_return_if_fail (FW_IS_SESSION (self));

  if (self->archive_state != FW_TASK_STATE_RUNNING || self->archive_cancellable == NULL)
    return;

  /* The state stays RUNNING until the engine has stopped: see convert_cb. */
  g_cancellable_cancel (self->archive_cancellable);
}

GFile *
fw_session_get_export_file (FwSession *self)
{
  g_return_val_if_fail (FW_IS_SESSION (self), NULL);
  return self->export_file;
}

FwTaskState
fw_session_get_verify_state (FwSession *self)
{
  g_return_val_if_fail (FW_IS_SESSION (self), FW_TASK_STATE_IDLE);
  return self->verify_state;
}

FwExportSummary *
fw_session_get_summary (FwSession *self)
{
  g_return_val_if_fail (FW_IS_SESSION (self), NULL);
  return self->summary;
}

const GError *
fw_session_get_verify_error (FwSession *self)
{
  g_return_val_if_fail (FW_IS_SESSION (self), NULL);
  return self->verify_error;
}

FwTaskState
fw_session_get_archive_state (FwSession *self)
{
  g_return_val_if_fail (FW_IS_SESSION (self), FW_TASK_STATE_IDLE);
  return self->archive_state;
}

GFile *
fw_session_get_archive_dir (FwSession *self)
{
  g_return_val_if_fail (FW_IS_SESSION (self), NULL);
  return self->archive_dir;
}

const GError *
fw_session_get_archive_error (FwSession *self)
{
  g_return_val_if_fail (FW_IS_SESSION (self), NULL);
  return self->archive_error;
}

guint64
fw_session_get_archive_stale_bytes (FwSession *self)
{
  g_return_val_if_fail (FW_IS_SESSION (self), 0);
  return self->archive_stale_bytes;
}

double
fw_session_get_fraction (FwSession *self)
{
  g_return_val_if_fail (FW_IS_SESSION (self), 0.0);

  if (self->progress.bytes_total == 0)
    return 0.0;

  return CLAMP ((double) self->progress.bytes_done / (double) self->progress.bytes_total, 0.0, 1.0);
}

guint64
fw_session_get_bytes_done (FwSession *self)
{
  g_return_val_if_fail (FW_IS_SESSION (self), 0);
  return self->progress.bytes_done;
}

guint64
fw_session_get_bytes_total (FwSession *self)
{
  g_return_val_if_fail (FW_IS_SESSION (self), 0);
  return self->progress.bytes_total;
}

guint
fw_session_get_conversations_done (FwSession *self)
{
  g_return_val_if_fail (FW_IS_SESSION (self), 0);
  return self->progress.conversations_done;
}

static void
fw_session_dispose (GObject *object)
{
  FwSession *self = FW_SESSION (object);

  if (self->verify_cancellable)
    g_cancellable_cancel (self->verify_cancellable);
  abandon_archive (self);

  G_OBJECT_CLASS (fw_session_parent_class)->dispose (object);
}

static void
fw_session_finalize (GObject *object)
{
  FwSession *self = FW_SESSION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->export_file);
  g_clear_object (&self->summary);
  g_clear_error (&self->verify_error);
  g_clear_object (&self->verify_cancellable);
  g_clear_object (&self->archive_dir);
  g_clear_error (&self->archive_error);
  g_clear_object (&self->archive_cancellable);

  G_OBJECT_CLASS (fw_session_parent_class)->finalize (object);
}

static void
fw_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FwSession *self = FW_SESSION (object);

  switch (prop_id)
    {
    case PROP_EXPORT_FILE:
      g_value_set_object (value, self->export_file);
      break;
    case PROP_VERIFY_STATE:
      g_value_set_int (value, self->verify_state);
      break;
    case PROP_SUMMARY:
      g_value_set_object (value, self->summary);
      break;
    case PROP_ARCHIVE_STATE:
      g_value_set_int (value, self->archive_state);
      break;
    case PROP_ARCHIVE_DIR:
      g_value_set_object (value, self->archive_dir);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, fw_session_get_fraction (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_session_class_init (FwSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fw_session_dispose;
  object_class->finalize = fw_session_finalize;
  object_class->get_property = fw_session_get_property;

  properties[PROP_EXPORT_FILE] =
    g_param_spec_object ("export-file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERIFY_STATE] =
    g_param_spec_int ("verify-state", NULL, NULL,
                      FW_TASK_STATE_IDLE, FW_TASK_STATE_FAILED, FW_TASK_STATE_IDLE,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_object ("summary", NULL, NULL, FW_TYPE_EXPORT_SUMMARY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARCHIVE_STATE] =
    g_param_spec_int ("archive-state", NULL, NULL,
                      FW_TASK_STATE_IDLE, FW_TASK_STATE_FAILED, FW_TASK_STATE_IDLE,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARCHIVE_DIR] =
    g_param_spec_object ("archive-dir", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fw_session_init (FwSession *self)
{
  self->settings = fw_settings_new ();
}

FwSession *
fw_session_new (void)
{
  return g_object_new (FW_TYPE_SESSION, NULL);
}
