/* fw-export.c — the export engine
 *
 * One reader thread streams conversations.json through the splitter; each
 * conversation is parsed (fw-json-reader.c, JsonParser for anything
 * unusual), rendered and written on a pool of worker threads (one per
 * core), while one more thread computes the export's SHA-256 and another
 * copies its attachments. Results are taken back in the order of the
 * file, through a bounded window, so the output is deterministic and memory
 * does not grow with the number or size of conversations. File names
 * ("stems") are claimed in order too, so that duplicates are numbered the
 * same way every time.
 *
 * The archive is written into a temporary sibling folder and renamed into
 * place only when everything worked; on error or cancel it is removed.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fw-archive-stats.h"
#include "fw-conversation.h"
#include "fw-export.h"
#include "fw-export-source.h"
#include "fw-instructions.h"
#include "fw-json-splitter.h"
#include "fw-partial-dir.h"
#include "fw-search-index.h"

#define RESOURCE_DIR "/io/github/farewell/Farewell/core/archive/"
/* Conversations in flight per worker thread: enough that one long
 * conversation does not leave the other threads idle while it is
 * converted, and at most this many bytes of JSON (a conversation's
 * renderings are about 3.6 times its JSON). */
#define WINDOW_PER_THREAD 32
#define WINDOW_BYTES (8 * 1024 * 1024)
/* Bytes of each conversation's text kept for the archive's search. */
#define SEARCH_TEXT 2000
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)
/* How much nicer than the rest of the process the engine's own threads are. */
#define BACKGROUND_NICE 5

G_DEFINE_QUARK (fw-export-error-quark, fw_export_error)

/* For qsort() over an array of strings. */
static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of @table (which may be NULL) in byte order, in an array to free
 * with g_free() (the strings stay the table's). */
static const char **
sorted_keys (GHashTable *table,
             guint      *n)
{
  const char **keys;

  *n = 0;
  if (table == NULL)
    return NULL;
  keys = (const char **) g_hash_table_get_keys_as_array (table, n);
  qsort (keys, *n, sizeof (char *), compare_strings);
  return keys;
}

gboolean
fw_archive_formats_parse (const char       *list,
                          FwArchiveFormats *formats)
{
  g_auto(GStrv) names = NULL;
  FwArchiveFormats result = 0;

  if (list == NULL)
    {
      *formats = FW_ARCHIVE_FORMAT_ALL;
      return TRUE;
    }

  names = g_strsplit (list, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);

      if (g_ascii_strcasecmp (name, "md") == 0 || g_ascii_strcasecmp (name, "markdown") == 0)
        result |= FW_ARCHIVE_FORMAT_MARKDOWN;
      else if (g_ascii_strcasecmp (name, "html") == 0)
        result |= FW_ARCHIVE_FORMAT_HTML;
      else if (g_ascii_strcasecmp (name, "json") == 0)
        result |= FW_ARCHIVE_FORMAT_JSON;
      else if (g_ascii_strcasecmp (name, "all") == 0)
        result |= FW_ARCHIVE_FORMAT_ALL;
      else
        return FALSE;
    }

  if (result == 0)
    return FALSE;

  *formats = result;
  return TRUE;
}

typedef struct {
  guint       index;
  guint64     offset;
  char       *data;
  gsize       len;

  gboolean    done;
  GError     *error;
  gboolean    corrupted;
  char       *id;
  char       *title;
  char       *model;
  char       *stem;
  double      create_time;
  double      update_time;
  guint       n_messages;    /* every message node, all branches, hidden ones too */
  guint       n_visible;     /* messages shown, all branches */
  guint       n_shown;       /* messages shown in the current thread */
  FwActivity   *activity;
  FwSearchEntry *index_entry;
  GPtrArray  *attachment_ids;
  GHashTable *attachment_names;
  GHashTable *unknown_types;
  GPtrArray  *warnings;
  char       *user_profile;
  char       *user_instructions;
  GPtrArray  *memory;
  GPtrArray  *memory_updates;

  /* archive only: rendered by the worker, written once the stem is claimed */
  char       *base_stem;     /* before de-duplication */
  GString    *rendered[3];   /* one per format, in the order of `renderers` */
  GPtrArray  *canvas_files;  /* FwCanvasFile: written into <stem>.canvas/ */
  gboolean    claimable;     /* rendered, or failed: its stem may be claimed */
} Job;

static void
job_free (Job *job)
{
  g_free (job->data);
  g_clear_error (&job->error);
  g_free (job->id);
  g_free (job->title);
  g_free (job->model);
  g_free (job->stem);
  g_clear_pointer (&job->activity, fw_activity_free);
  g_clear_pointer (&job->index_entry, fw_search_entry_free);
  g_clear_pointer (&job->attachment_ids, g_ptr_array_unref);
  g_clear_pointer (&job->attachment_names, g_hash_table_unref);
  g_clear_pointer (&job->unknown_types, g_hash_table_unref);
  g_clear_pointer (&job->warnings, g_ptr_array_unref);
  g_free (job->user_profile);
  g_free (job->user_instructions);
  g_clear_pointer (&job->memory, g_ptr_array_unref);
  g_clear_pointer (&job->memory_updates, g_ptr_array_unref);
  g_free (job->base_stem);
  for (guint i = 0; i < G_N_ELEMENTS (job->rendered); i++)
    if (job->rendered[i] != NULL)
      g_string_free (job->rendered[i], TRUE);
  g_clear_pointer (&job->canvas_files, g_ptr_array_unref);
  g_free (job);
}

typedef struct {
  FwExportSource       *source;
  FwArchiveFormats      formats;
  char                 *dir;           /* the temporary output folder, or NULL to verify */
  GCancellable         *cancellable;

  GThreadPool          *pool;
  GMutex                lock;
  GCond                 cond;
  Job                 **window;
  guint                 window_size;
  guint                 pushed;
  guint                 consumed;
  guint                 next_stem;
  gsize                 pending_bytes;  /* JSON of the jobs pushed, not consumed */
  GHashTable           *stems;
  gint                  failed;

  /* consumer side (reader thread only) */
  FwExportSummary      *summary;
  GHashTable           *referenced;    /* attachment id → name or NULL */
  GHashTable           *referenced_by; /* attachment id → conversation title */
  FwSearchIndex       *index;
  FILE                 *manifest_conversations;
  FILE                 *files;
  guint                 n_files;
  int                   conversations_fd;  /* the archive's conversations/ */
  FwInstructionsLog    *instructions;
  GString              *scratch;

  FwExportProgressFunc  progress;
  gpointer              progress_data;
  gint64                last_progress;
  FwJsonSplitter       *splitter;
  GHashTable           *copied;  /* the export's files kept: output → SHA-256 */
} Ctx;

/* Files */

static gboolean
fail_write (const char  *path,
            int          saved_errno,
            GError     **error)
{
  if (saved_errno == ENOSPC || saved_errno == EDQUOT || saved_errno == EFBIG)
    g_set_error_literal (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NO_SPACE,
                         _("The disk is full. Free some space, or choose another place for the archive."));
  else
    g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_WRITE,
                 _("“%s” could not be written: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* Writes a new file @name in the folder @dir, which @dirfd has open (or
 * AT_FDCWD): the conversations' files are opened relative to
 * conversations/, thousands of them, each without a walk along the whole
 * path. */
static gboolean
write_file_at (int          dirfd,
               const char  *dir,
               const char  *name,
               const char  *data,
               gsize        len,
               GError     **error)
{
  g_autofree char *path = dirfd == AT_FDCWD ? g_build_filename (dir, name, NULL) : NULL;
  int fd = openat (dirfd, path ? path : name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  int saved;

  if (fd < 0)
    goto fail;
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved = n < 0 ? errno : ENOSPC;
          close (fd);
          errno = saved;
          goto fail;
        }
      data += n;
      len -= n;
    }
  if (close (fd) != 0)
    goto fail;
  return TRUE;

fail:
  saved = errno;
  if (path == NULL)
    path = g_build_filename (dir, name, NULL);
  return fail_write (path, saved, error);
}

gboolean
fw_export_fail_write (const char  *path,
                      int          saved_errno,
                      GError     **error)
{
  return fail_write (path, saved_errno, error);
}

static gboolean
write_file (const char  *dir,
            const char  *relative,
            const char  *data,
            gsize        len,
            GError     **error)
{
  return write_file_at (AT_FDCWD, dir, relative, data, len, error);
}

static gboolean
write_stream (FILE        *f,
              const char  *data,
              gsize        len,
              GError     **error)
{
  if (len > 0 && fwrite (data, 1, len, f) != len)
    return fail_write ("", errno, error);
  return TRUE;
}


static FILE *
open_temp (const char  *dir,
           const char  *name,
           GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  FILE *f = g_fopen (path, "w+bx");

  if (f == NULL)
    fail_write (path, errno, error);
  return f;
}

/* Appends a whole temporary stream to another and closes it. */
static gboolean
append_temp (FILE        *out,
             FILE        *in,
             GError     **error)
{
  char buf[64 * 1024];
  size_t n;

  if (fflush (in) != 0 || fseek (in, 0, SEEK_SET) != 0)
    return fail_write ("", errno, error);

  while ((n = fread (buf, 1, sizeof buf, in)) > 0)
    if (!write_stream (out, buf, n, error))
      return FALSE;

  return TRUE;
}

/* The workers and the hashing thread yield to the main thread when both
 * want a core, so that a window stays smooth while its export is
 * converted on every core. Linux keeps a nice value per thread; only
 * threads of our own are made nicer (a process may not undo it). */
static void
lower_thread_priority (void)
{
#ifdef __linux__
  static __thread gboolean lowered;
  pid_t tid;
  int nice_value;

  if (lowered)
    return;
  lowered = TRUE;
  tid = (pid_t) syscall (SYS_gettid);
  errno = 0;
  nice_value = getpriority (PRIO_PROCESS, (id_t) tid);
  if (errno == 0)
    setpriority (PRIO_PROCESS, (id_t) tid, MIN (nice_value + BACKGROUND_NICE, 19));
#endif
}

/* Workers */

static const char *
resolve_attachment (const char *id,
                    gpointer    user_data)
{
  Ctx *ctx = user_data;

  return g_hash_table_lookup (ctx->source->outputs, id);
}

static const struct {
  FwArchiveFormats format;
  const char *extension;
  GString *(*render) (FwConversation *, FwAttachmentResolver, gpointer);
} renderers[] = {
  { FW_ARCHIVE_FORMAT_MARKDOWN, "md", fw_conversation_to_markdown },
  { FW_ARCHIVE_FORMAT_HTML, "html", fw_conversation_to_html },
  { FW_ARCHIVE_FORMAT_JSON, "json", fw_conversation_to_json },
};

/* The conversation's canvas documents, in conversations/<stem>.canvas/;
 * their texts are let go once written, their names kept for the list of
 * files. */
static gboolean
write_canvas_files (Ctx         *ctx,
                    Job         *job,
                    const char  *conversations_dir,
                    GError     **error)
{
  g_autofree char *folder = NULL;

  if (job->canvas_files == NULL)
    return TRUE;

  folder = g_strconcat (job->stem, ".canvas", NULL);
  if (mkdirat (ctx->conversations_fd, folder, 0777) != 0)
    {
      g_autofree char *path = g_build_filename (conversations_dir, folder, NULL);

      return fail_write (path, errno, error);
    }
  for (guint i = 0; i < job->canvas_files->len; i++)
    {
      FwCanvasFile *file = g_ptr_array_index (job->canvas_files, i);
      g_autofree char *name = g_build_filename (folder, file->name, NULL);

      if (!write_file_at (ctx->conversations_fd, conversations_dir, name, file->text, file->len, error))
        return FALSE;
      g_clear_pointer (&file->text, g_free);
    }
  return TRUE;
}

static gboolean
write_rendered (Ctx      *ctx,
                Job      *job,
                GError  **error)
{
  g_autofree char *conversations_dir = g_build_filename (ctx->dir, "conversations", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (renderers); i++)
    {
      g_autofree char *name = NULL;

      if (job->rendered[i] == NULL)
        continue;

      name = g_strconcat (job->stem, ".", renderers[i].extension, NULL);
      if (!write_file_at (ctx->conversations_fd, conversations_dir, name,
                          job->rendered[i]->str, job->rendered[i]->len, error))
        return FALSE;
      g_string_free (g_steal_pointer (&job->rendered[i]), TRUE);
    }

  return write_canvas_files (ctx, job, conversations_dir, error);
}

/* File names are claimed in the file's order, so that duplicates are
 * numbered the same way every time. A worker never waits for that: it
 * marks its job claimable, then claims every claimable job at the head of
 * the unclaimed ones (its own, and those that were waiting for it) and
 * writes their files. */
static void
claim_and_write (Ctx *ctx,
                 Job *job)
{
  g_autoptr(GPtrArray) claimed = g_ptr_array_new ();

  g_mutex_lock (&ctx->lock);
  job->claimable = TRUE;
  while (ctx->next_stem < ctx->pushed)
    {
      Job *next = ctx->window[ctx->next_stem % ctx->window_size];

      if (!next->claimable)
        break;

      if (next->base_stem != NULL)
        {
          char *stem = g_strdup (next->base_stem);

          for (guint i = 2; g_hash_table_contains (ctx->stems, stem); i++)
            {
              g_free (stem);
              stem = g_strdup_printf ("%s-%u", next->base_stem, i);
            }
          g_hash_table_add (ctx->stems, stem);
          next->stem = g_strdup (stem);
        }
      g_ptr_array_add (claimed, next);
      ctx->next_stem++;
    }
  g_mutex_unlock (&ctx->lock);

  for (guint i = 0; i < claimed->len; i++)
    {
      Job *next = g_ptr_array_index (claimed, i);

      if (next->stem != NULL && next->error == NULL && !g_atomic_int_get (&ctx->failed))
        write_rendered (ctx, next, &next->error);
      for (guint k = 0; k < G_N_ELEMENTS (next->rendered); k++)
        if (next->rendered[k] != NULL)
          g_string_free (g_steal_pointer (&next->rendered[k]), TRUE);

      g_mutex_lock (&ctx->lock);
      next->done = TRUE;
      g_cond_broadcast (&ctx->cond);
      g_mutex_unlock (&ctx->lock);
    }
}

static void
worker (gpointer data,
        gpointer user_data)
{
  Job *job = data;
  Ctx *ctx = user_data;
  g_autoptr(FwConversation) conv = NULL;

  lower_thread_priority ();
  if (!g_atomic_int_get (&ctx->failed) && !g_cancellable_is_cancelled (ctx->cancellable))
    conv = fw_conversation_new_from_data (job->data, job->len, job->index, job->offset, &job->error);
  g_clear_pointer (&job->data, g_free);

  if (conv != NULL)
    {
      job->corrupted = conv->corrupted;
      job->id = g_strdup (conv->id);
      job->title = g_strdup (conv->title);
      job->model = g_strdup (conv->model);
      job->create_time = conv->create_time;
      job->update_time = conv->update_time;
      job->n_messages = conv->n_messages;
      job->attachment_ids = g_ptr_array_ref (conv->attachment_ids);
      job->attachment_names = g_hash_table_ref (conv->attachment_names);
      job->unknown_types = g_hash_table_ref (conv->unknown_types);
      job->warnings = g_ptr_array_ref (conv->warnings);
      job->user_profile = g_strdup (conv->user_profile);
      job->user_instructions = g_strdup (conv->user_instructions);
      job->memory = g_ptr_array_ref (conv->memory);
      job->memory_updates = g_ptr_array_ref (conv->memory_updates);
      if (!conv->corrupted)
        job->activity = fw_activity_new_from_conversation (conv);
      for (guint i = 0; i < conv->nodes->len; i++)
        {
          FwNode *node = g_ptr_array_index (conv->nodes, i);

          if (node->message != NULL && node->display == FW_DISPLAY_SHOW)
            {
              job->n_visible++;
              if (node->in_thread)
                job->n_shown++;
            }
        }
      if (ctx->dir != NULL && !conv->corrupted)
        {
          job->index_entry = fw_search_entry_new (conv, SEARCH_TEXT);
          job->base_stem = fw_conversation_make_stem (conv);
          for (guint i = 0; i < G_N_ELEMENTS (renderers); i++)
            if ((ctx->formats & renderers[i].format) && !g_atomic_int_get (&ctx->failed))
              job->rendered[i] = renderers[i].render (conv, resolve_attachment, ctx);
          if (conv->canvas != NULL)
            job->canvas_files = g_ptr_array_ref (fw_canvas_get_files (conv->canvas));
        }
    }
  g_clear_pointer (&conv, fw_conversation_free);

  if (ctx->dir != NULL)
    {
      claim_and_write (ctx, job);
      return;
    }

  g_mutex_lock (&ctx->lock);
  job->done = TRUE;
  g_cond_broadcast (&ctx->cond);
  g_mutex_unlock (&ctx->lock);
}

/* The consumer: takes results in order (in the reader thread). */

static void
report_progress (Ctx      *ctx,
                 gboolean  force)
{
  gint64 now;
  FwExportProgress progress;

  if (ctx->progress == NULL)
    return;

  now = g_get_monotonic_time ();
  if (!force && now - ctx->last_progress < PROGRESS_INTERVAL_US)
    return;
  ctx->last_progress = now;

  progress.bytes_total = ctx->source->json_size;
  progress.bytes_done = ctx->splitter ? fw_json_splitter_get_offset (ctx->splitter) : 0;
  if (progress.bytes_total > 0 && progress.bytes_done > progress.bytes_total)
    progress.bytes_done = progress.bytes_total;
  progress.conversations_done = fw_export_summary_get_conversations (ctx->summary);
  ctx->progress (&progress, ctx->progress_data);
}

static gboolean
consume (Ctx     *ctx,
         Job     *job,
         GError **error)
{
  GString *s = ctx->scratch;

  if (job->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      return FALSE;
    }

  for (guint i = 0; job->warnings && i < job->warnings->len; i++)
    fw_export_summary_add_warning (ctx->summary, g_ptr_array_index (job->warnings, i));

  if (job->corrupted || job->id == NULL)
    return TRUE;

  fw_export_summary_add_conversation (ctx->summary, job->n_visible, job->n_messages,
                                      job->create_time, job->update_time);
  if (job->activity != NULL)
    fw_export_summary_add_activity (ctx->summary, job->activity);

  if (job->unknown_types != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, job->unknown_types);
      while (g_hash_table_iter_next (&iter, &key, &value))
        fw_export_summary_add_unknown_type (ctx->summary, key, GPOINTER_TO_UINT (value));
    }

  for (guint i = 0; job->attachment_ids && i < job->attachment_ids->len; i++)
    {
      const char *id = g_ptr_array_index (job->attachment_ids, i);

      if (!g_hash_table_contains (ctx->referenced, id))
        {
          const char *name = g_hash_table_lookup (job->attachment_names, id);

          g_hash_table_insert (ctx->referenced, g_strdup (id), g_strdup (name));
          g_hash_table_insert (ctx->referenced_by, g_strdup (id),
                               g_strdup (job->title && *job->title ? job->title : _("Untitled conversation")));
        }
    }

  fw_instructions_log_add_version (ctx->instructions, job->user_profile, job->user_instructions,
                                   job->create_time, job->update_time);
  for (guint i = 0; job->memory && i < job->memory->len; i++)
    fw_instructions_log_add_memory (ctx->instructions, g_ptr_array_index (job->memory, i));
  for (guint i = 0; job->memory_updates && i < job->memory_updates->len; i++)
    {
      const FwMemoryUpdate *update = g_ptr_array_index (job->memory_updates, i);

      fw_instructions_log_add_memory_update (ctx->instructions, update->text, update->time);
    }

  if (ctx->dir == NULL || job->stem == NULL)
    return TRUE;

  /* index.html row, search entry, manifest entry, file list */
  {
    const char *title = job->title && *job->title ? job->title : _("Untitled conversation");
    const char *link_ext = (ctx->formats & FW_ARCHIVE_FORMAT_HTML) ? "html"
                         : (ctx->formats & FW_ARCHIVE_FORMAT_MARKDOWN) ? "md" : "json";
    g_autofree char *stem = g_uri_escape_string (job->stem, NULL, FALSE);
    g_autofree char *href = g_strdup_printf ("conversations/%s.%s", stem, link_ext);
    g_autofree char *create_iso = fw_format_time_iso (job->create_time);
    g_autofree char *update_iso = fw_format_time_iso (job->update_time);
    guint row = fw_export_summary_get_conversations (ctx->summary) - 1;
    /* untitled: the title shown is not the conversation's */
    FwSearchRow index_row = { title, title != job->title, job->model, href, job->create_time, job->n_shown };

    if (job->index_entry != NULL &&
        !fw_search_index_add (ctx->index, &index_row, job->index_entry, error))
      return FALSE;

    g_string_truncate (s, 0);
    g_string_append (s, row > 0 ? ",\n" : "\n");
    g_string_append (s, "{\"id\":");
    fw_append_json_string (s, job->id);
    g_string_append (s, ",\"title\":");
    fw_append_json_string (s, job->title);
    g_string_append (s, ",\"create_time\":");
    fw_append_json_string (s, create_iso);
    g_string_append (s, ",\"update_time\":");
    fw_append_json_string (s, update_iso);
    g_string_append (s, ",\"model\":");
    fw_append_json_string (s, job->model);
    g_string_append_printf (s, ",\"messages\":%u,\"message_nodes\":%u,\"stem\":", job->n_visible, job->n_messages);
    fw_append_json_string (s, job->stem);
    g_string_append (s, "}");
    if (!write_stream (ctx->manifest_conversations, s->str, s->len, error))
      return FALSE;

    g_string_truncate (s, 0);
    if (ctx->formats & FW_ARCHIVE_FORMAT_MARKDOWN)
      g_string_append_printf (s, "conversations/%s.md\n", job->stem);
    if (ctx->formats & FW_ARCHIVE_FORMAT_HTML)
      g_string_append_printf (s, "conversations/%s.html\n", job->stem);
    if (ctx->formats & FW_ARCHIVE_FORMAT_JSON)
      g_string_append_printf (s, "conversations/%s.json\n", job->stem);
    for (guint i = 0; job->canvas_files && i < job->canvas_files->len; i++)
      g_string_append_printf (s, "conversations/%s.canvas/%s\n", job->stem,
                              ((FwCanvasFile *) g_ptr_array_index (job->canvas_files, i))->name);
    if (!write_stream (ctx->files, s->str, s->len, error))
      return FALSE;
  }

  return TRUE;
}

/* Takes every finished result at the head of the window; with @all, waits
 * for everything pushed. */
static gboolean
drain (Ctx       *ctx,
       gboolean   all,
       GError   **error)
{
  while (TRUE)
    {
      Job *job;
      gboolean ok;

      g_mutex_lock (&ctx->lock);
      if (ctx->consumed == ctx->pushed)
        {
          g_mutex_unlock (&ctx->lock);
          return TRUE;
        }
      job = ctx->window[ctx->consumed % ctx->window_size];
      while (!job->done && all)
        g_cond_wait (&ctx->cond, &ctx->lock);
      if (!job->done)
        {
          g_mutex_unlock (&ctx->lock);
          return TRUE;
        }
      ctx->window[ctx->consumed % ctx->window_size] = NULL;
      ctx->consumed++;
      ctx->pending_bytes -= job->len;
      g_cond_broadcast (&ctx->cond);
      g_mutex_unlock (&ctx->lock);

      ok = consume (ctx, job, error);
      job_free (job);
      if (!ok)
        return FALSE;
    }
}

static gboolean
on_element (const char  *data,
            gsize        len,
            guint        index,
            guint64      offset,
            gpointer     user_data,
            GError     **error)
{
  Ctx *ctx = user_data;
  Job *job;

  /* Wait for room in the window, taking finished results meanwhile. */
  while (TRUE)
    {
      if (!drain (ctx, FALSE, error))
        return FALSE;

      g_mutex_lock (&ctx->lock);
      if (ctx->pushed == ctx->consumed ||
          (ctx->pushed - ctx->consumed < ctx->window_size && ctx->pending_bytes < WINDOW_BYTES))
        {
          g_mutex_unlock (&ctx->lock);
          break;
        }
      {
        Job *head = ctx->window[ctx->consumed % ctx->window_size];

        while (!head->done)
          g_cond_wait (&ctx->cond, &ctx->lock);
      }
      g_mutex_unlock (&ctx->lock);
    }

  job = g_new0 (Job, 1);
  job->index = index;
  job->offset = offset;
  job->data = g_memdup2 (data, len);
  job->len = len;

  g_mutex_lock (&ctx->lock);
  ctx->window[ctx->pushed % ctx->window_size] = job;
  ctx->pending_bytes += len;
  ctx->pushed++;
  g_mutex_unlock (&ctx->lock);

  g_thread_pool_push (ctx->pool, job, NULL);
  report_progress (ctx, FALSE);

  return !g_cancellable_set_error_if_cancelled (ctx->cancellable, error);
}

/* The archive's other files */

static GBytes *
resource (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_DIR, name, NULL);

  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

static gboolean
copy_resource (Ctx         *ctx,
               const char  *name,
               GError     **error)
{
  g_autoptr(GBytes) bytes = resource (name);
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : "";

  return write_file (ctx->dir, name, data, len, error);
}

/* Links to the export's own files the archive kept under export/. */
static void
append_export_files (Ctx     *ctx,
                     GString *out)
{
  guint n;
  g_autofree const char **outputs = sorted_keys (ctx->copied, &n);
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *href = NULL;

      if (!g_str_has_prefix (outputs[i], "export/"))
        continue;
      if (!any)
        {
          g_string_append (out, "<section id=\"export-files\"><h2>");
          fw_append_html_escaped (out, _("Files from Your Export"));
          g_string_append (out, "</h2>\n<p class=\"meta\">");
          fw_append_html_escaped (out, _("Kept exactly as ChatGPT exported them."));
          g_string_append (out, "</p>\n<ul>\n");
          any = TRUE;
        }
      href = g_uri_escape_string (outputs[i], "/", FALSE);
      g_string_append_printf (out, "<li><a href=\"%s\">", href);
      fw_append_html_escaped (out, outputs[i] + strlen ("export/"));
      g_string_append (out, "</a></li>\n");
    }
  if (any)
    g_string_append (out, "</ul></section>\n");
}

static void
append_option (GString    *out,
               const char *value,
               const char *label)
{
  g_string_append_printf (out, "<option value=\"%s\">", value);
  fw_append_html_escaped (out, label);
  g_string_append (out, "</option>");
}

/* A chart's place; @legend (two labels, or NULL) names its two colours. */
static void
append_figure (GString     *out,
               const char  *chart,
               const char  *caption,
               const char **legend)
{
  g_string_append_printf (out, "<figure><figcaption id=\"c-%s\">", chart);
  fw_append_html_escaped (out, caption);
  g_string_append_printf (out, "</figcaption><div class=\"chart\" data-chart=\"%s\"></div>", chart);
  if (legend != NULL)
    {
      g_string_append (out, "<ul class=\"legend\"><li><span class=\"swatch s0\"></span>");
      fw_append_html_escaped (out, legend[0]);
      g_string_append (out, "</li><li><span class=\"swatch s1\"></span>");
      fw_append_html_escaped (out, legend[1]);
      g_string_append (out, "</li></ul>");
    }
  g_string_append (out, "</figure>\n");
}

/* index.html: the page around the list; archive.js draws the rows (from
 * search/list.js, newest first) and the charts. */
static gboolean
write_index (Ctx     *ctx,
             GError **error)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conversation", "%u conversations",
                                                         fw_export_summary_get_conversations (ctx->summary)),
                                            fw_export_summary_get_conversations (ctx->summary));
  g_autofree char *per_month = fw_export_summary_describe_messages_per_month (ctx->summary);

  g_string_append (head, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; style-src 'self'\">"
                         "<title>");
  fw_append_html_escaped (head, _("Your ChatGPT Archive"));
  g_string_append (head, "</title><link rel=\"stylesheet\" href=\"archive.css\"></head>\n<body class=\"index\">\n<main>\n<h1>");
  fw_append_html_escaped (head, _("Your ChatGPT Archive"));
  g_string_append (head, "</h1>\n<p class=\"meta\">");
  fw_append_html_escaped (head, count);
  if (fw_export_summary_get_source_name (ctx->summary))
    {
      g_string_append (head, " · ");
      fw_append_html_escaped (head, fw_export_summary_get_source_name (ctx->summary));
    }
  if (!fw_instructions_log_is_empty (ctx->instructions))
    {
      /* custom-instructions.md, written for memory alone too */
      g_string_append (head, " · <a href=\"custom-instructions.md\">");
      fw_append_html_escaped (head, _("Custom instructions"));
      g_string_append (head, "</a>");
    }
  g_string_append (head, "</p>\n<details id=\"years\"><summary>");
  fw_append_html_escaped (head, _("Your years with ChatGPT"));
  g_string_append (head, "</summary>\n<p class=\"meta\">");
  fw_append_html_escaped (head, per_month);
  g_string_append (head, "</p>\n<div class=\"charts\">\n");
  {
    const char *legend[] = { _("Yours"), _("ChatGPT’s answers") };

    append_figure (head, "messages", _("Messages a month"), legend);
  }
  append_figure (head, "conversations", _("Conversations a month"), NULL);
  append_figure (head, "models", _("Models over time"), NULL);
  append_figure (head, "hours", _("Hours of the day"), NULL);
  append_figure (head, "weekdays", _("Days of the week"), NULL);
  g_string_append (head, "</div></details>\n<div class=\"controls\">\n<input type=\"search\" id=\"search\" autofocus placeholder=\"");
  fw_append_html_escaped (head, _("Search titles and messages"));
  g_string_append (head, "\" aria-label=\"");
  fw_append_html_escaped (head, _("Search titles and messages"));
  g_string_append (head, "\">\n<select id=\"filter\" aria-label=\"");
  fw_append_html_escaped (head, _("Show"));
  g_string_append (head, "\">");
  append_option (head, "", _("All conversations"));
  append_option (head, "starred", _("Starred"));
  append_option (head, "archived", _("Archived"));
  g_string_append (head, "</select>\n<select id=\"group\" hidden aria-label=\"");
  fw_append_html_escaped (head, _("Projects and GPTs"));
  g_string_append (head, "\">");
  append_option (head, "", _("All projects and GPTs"));
  g_string_append (head, "</select>\n</div>\n<p id=\"status\" class=\"meta\" role=\"status\" aria-live=\"polite\"></p>\n"
                         "<table id=\"conversations\"><thead><tr><th class=\"date\" aria-sort=\"descending\"><button type=\"button\" data-sort=\"date\">");
  fw_append_html_escaped (head, _("Date"));
  g_string_append (head, "</button></th><th class=\"title\"><button type=\"button\" data-sort=\"title\">");
  fw_append_html_escaped (head, _("Title"));
  g_string_append (head, "</button></th><th class=\"model\">");
  fw_append_html_escaped (head, _("Model"));
  g_string_append (head, "</th><th class=\"count\"><button type=\"button\" data-sort=\"count\">");
  fw_append_html_escaped (head, _("Messages"));
  g_string_append (head, "</button></th></tr></thead>\n<tbody data-starred=\"");
  fw_append_html_escaped (head, _("Starred"));
  g_string_append (head, "\" data-archived=\"");
  fw_append_html_escaped (head, _("Archived"));
  g_string_append (head, "\"></tbody></table>\n<p id=\"more\" hidden><button type=\"button\">");
  fw_append_html_escaped (head, _("Show more"));
  g_string_append (head, "</button></p>\n<noscript><p>");
  fw_append_html_escaped (head, _("This list needs JavaScript. Every conversation is also in the “conversations” folder."));
  g_string_append (head, "</p></noscript>\n<p id=\"no-results\" hidden>");
  fw_append_html_escaped (head, _("No conversation matches."));
  g_string_append (head, "</p>\n");
  append_export_files (ctx, head);
  g_string_append (head, "</main>\n<script src=\"archive.js\"></script>\n"
                         "<script src=\"" FW_SEARCH_INDEX_DIR "/list.js\"></script>\n</body></html>\n");

  return write_file (ctx->dir, "index.html", head->str, head->len, error);
}

static gboolean
write_custom_instructions (Ctx     *ctx,
                           GError **error)
{
  g_autoptr(GString) md = fw_instructions_log_to_markdown (ctx->instructions);

  if (md == NULL)
    return TRUE;
  if (!write_file (ctx->dir, "custom-instructions.md", md->str, md->len, error))
    return FALSE;
  return write_stream (ctx->files, "custom-instructions.md\n", strlen ("custom-instructions.md\n"), error);
}

static gboolean
write_manifest (Ctx         *ctx,
                GHashTable  *missing,
                GError     **error)
{
  g_autofree char *path = g_build_filename (ctx->dir, "manifest.json", NULL);
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(JsonNode) counts = fw_export_summary_to_json (ctx->summary);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  FILE *f = g_fopen (path, "wbx");
  gboolean ok;
  char line[4096];

  if (f == NULL)
    return fail_write (path, errno, error);

  g_string_append (s, "{\"format\":\"farewell-archive\",\"format_version\":1,");
  g_string_append_printf (s, "\"tool\":{\"name\":\"Farewell\",\"version\":\"%s\"},", PACKAGE_VERSION);
  g_string_append_printf (s, "\"created\":\"%s\",\"source\":{\"file_name\":", created);
  fw_append_json_string (s, fw_export_summary_get_source_name (ctx->summary));
  g_string_append (s, ",\"sha256\":");
  fw_append_json_string (s, fw_export_summary_get_sha256 (ctx->summary));
  g_string_append_printf (s, ",\"size\":%" G_GUINT64_FORMAT ",\"conversation_files\":[", fw_export_summary_get_source_size (ctx->summary));
  for (guint i = 0; i < ctx->source->parts->len; i++)
    {
      const FwJsonPart *part = g_ptr_array_index (ctx->source->parts, i);

      if (i > 0)
        g_string_append_c (s, ',');
      fw_append_json_string (s, part->entry);
    }
  g_string_append (s, "]},\"formats\":[");
  g_string_append_printf (s, "%s%s%s",
                          (ctx->formats & FW_ARCHIVE_FORMAT_MARKDOWN) ? "\"md\"" : "",
                          (ctx->formats & FW_ARCHIVE_FORMAT_HTML) ? ((ctx->formats & FW_ARCHIVE_FORMAT_MARKDOWN) ? ",\"html\"" : "\"html\"") : "",
                          (ctx->formats & FW_ARCHIVE_FORMAT_JSON) ? ((ctx->formats & (FW_ARCHIVE_FORMAT_MARKDOWN | FW_ARCHIVE_FORMAT_HTML)) ? ",\"json\"" : "\"json\"") : "");
  g_string_append (s, "],\"counts\":");
  json_generator_set_root (generator, counts);
  json_generator_to_gstring (generator, s);

  fw_instructions_log_append_json (ctx->instructions, s);
  g_string_append (s, ",\"attachments_missing\":[");
  {
    GHashTableIter iter;
    gpointer id, name;
    gboolean first = TRUE;

    g_hash_table_iter_init (&iter, missing);
    while (g_hash_table_iter_next (&iter, &id, &name))
      {
        if (!first)
          g_string_append_c (s, ',');
        first = FALSE;
        g_string_append (s, "{\"id\":");
        fw_append_json_string (s, id);
        g_string_append (s, ",\"name\":");
        fw_append_json_string (s, name);
        g_string_append (s, "}");
      }
  }
  g_string_append (s, "],\"export_files\":[");
  {
    guint n;
    g_autofree const char **outputs = sorted_keys (ctx->copied, &n);

    for (guint i = 0; i < n; i++)
      {
        g_string_append (s, i > 0 ? ",\n{\"path\":" : "\n{\"path\":");
        fw_append_json_string (s, outputs[i]);
        g_string_append (s, ",\"sha256\":");
        fw_append_json_string (s, g_hash_table_lookup (ctx->copied, outputs[i]));
        g_string_append (s, "}");
      }
  }
  g_string_append (s, "],\"conversations\":[");

  ok = write_stream (f, s->str, s->len, error) &&
       append_temp (f, ctx->manifest_conversations, error) &&
       write_stream (f, "\n],\"files\":[", strlen ("\n],\"files\":["), error);

  /* the list of files, one a line in the temporary list */
  if (ok && (fflush (ctx->files) != 0 || fseek (ctx->files, 0, SEEK_SET) != 0))
    ok = fail_write ("", errno, error);
  for (gboolean first = TRUE; ok && fgets (line, sizeof line, ctx->files) != NULL; first = FALSE)
    {
      g_strchomp (line);
      g_string_truncate (s, 0);
      g_string_append (s, first ? "\n" : ",\n");
      fw_append_json_string (s, line);
      ok = write_stream (f, s->str, s->len, error);
    }
  if (ok)
    ok = write_stream (f, "\n]}\n", 4, error);

  if (fclose (f) != 0 && ok)
    return fail_write (path, errno, error);
  return ok;
}

/* Checks and preparation of the output folder */

static gboolean
check_output (GFile   *output,
              GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GFileInfo) child = NULL;
  g_autofree char *name = g_file_get_parse_name (output);

  info = g_file_query_info (output, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (info == NULL)
    return TRUE;

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      children = g_file_enumerate_children (output, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
      if (children != NULL && (child = g_file_enumerator_next_file (children, NULL, NULL)) == NULL)
        return TRUE; /* empty: it is replaced */
    }

  g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_OUTPUT_EXISTS,
               _("“%s” already exists and is not empty. Choose a new folder: Farewell never overwrites files."),
               name);
  return FALSE;
}

static gboolean
check_space (FwExportSource    *source,
             FwArchiveFormats   formats,
             const char        *parent,
             GError           **error)
{
  g_autoptr(GFile) dir = g_file_new_for_path (parent);
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
  double factor = 0.1;
  guint64 needed, available;

  if (info == NULL || !g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE))
    return TRUE;

  /* Measured on the benchmark's exports (tests/bench): the Markdown is
   * about two thirds of the JSON, the web pages four fifths, the
   * normalized JSON twice the JSON (plain text and the raw messages). */
  if (formats & FW_ARCHIVE_FORMAT_MARKDOWN)
    factor += 0.65;
  if (formats & FW_ARCHIVE_FORMAT_HTML)
    factor += 0.8;
  if (formats & FW_ARCHIVE_FORMAT_JSON)
    factor += 2.1;

  needed = (guint64) (source->json_size * factor) + source->files_size;
  available = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);

  if (available < needed)
    {
      g_autofree char *need = g_format_size (needed);
      g_autofree char *have = g_format_size (available);

      g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NO_SPACE,
                   _("Not enough disk space: the archive needs about %s, but only %s is free there. Free some space, or choose another place."),
                   need, have);
      return FALSE;
    }

  return TRUE;
}

typedef struct {
  FwExportSource *source;
  GCancellable   *cancellable;
  char           *sha256;
  GError         *error;
} HashJob;

/* The export's files are copied while the conversations are converted:
 * the attachments, referenced or not, and every other file (export/). */
typedef struct {
  FwExportSource *source;
  const char     *dir;
  GCancellable   *cancellable;
  GHashTable     *copied;     /* output → SHA-256 */
  GHashTable     *damaged;    /* output → message */
  GError         *error;
} CopyJob;

static gpointer
copy_thread (gpointer data)
{
  CopyJob *job = data;

  lower_thread_priority ();
  fw_export_source_copy_files (job->source, NULL, job->dir, job->copied, job->damaged,
                               job->cancellable, &job->error);
  return NULL;
}

/* After the conversations: a file that a conversation refers to and that
 * cannot be read stops the archive; any other is left out with a warning. */
static gboolean
finish_copies (Ctx      *ctx,
               CopyJob  *copy,
               GError  **error)
{
  g_autoptr(GHashTable) referenced = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree const char **outputs = NULL;
  GHashTableIter iter;
  gpointer id, message;
  guint n;

  if (copy->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&copy->error));
      return FALSE;
    }

  g_hash_table_iter_init (&iter, ctx->referenced);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      const char *out = g_hash_table_lookup (ctx->source->outputs, id);

      if (out != NULL)
        {
          message = g_hash_table_lookup (copy->damaged, out);
          if (message != NULL)
            {
              g_set_error_literal (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_CORRUPT, message);
              return FALSE;
            }
          g_hash_table_add (referenced, (gpointer) out);
        }
    }

  /* in a stable order, for the warnings */
  outputs = sorted_keys (copy->damaged, &n);
  for (guint i = 0; i < n; i++)
    fw_export_summary_add_warning (ctx->summary, g_hash_table_lookup (copy->damaged, outputs[i]));

  return TRUE;
}

static gpointer
hash_thread (gpointer data)
{
  HashJob *job = data;

  lower_thread_priority ();
  job->sha256 = fw_export_source_sha256 (job->source, job->cancellable, &job->error);
  return NULL;
}

static void
cancel_inner (GCancellable *caller,
              GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

/* @cancellable is the engine's own: cancelled by the caller's, and by the
 * engine itself on failure, to stop the other threads. */
static FwExportSummary *
run_with (GFile                 *file,
          GFile                 *output,
          FwArchiveFormats       formats,
          GCancellable          *cancellable,
          FwExportProgressFunc   progress,
          gpointer               progress_data,
          GError               **error)
{
  g_autoptr(FwExportSource) source = NULL;
  g_autoptr(GHashTable) missing = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *parent_path = NULL;
  g_autofree char *tmp_dir = NULL;
  guint stale_removed = 0;
  guint64 stale_bytes = 0;
  g_autoptr(GError) local_error = NULL;
  FwExportSummary *result = NULL;
  HashJob hash = { 0 };
  GThread *hasher = NULL;
  CopyJob copy = { 0 };
  GThread *copier = NULL;
  guint n_threads = MAX (1, g_get_num_processors ());
  Ctx ctx = { 0 };
  gboolean ok = FALSE;

  ctx.conversations_fd = -1;
  if (output != NULL)
    {
      output_path = g_file_get_path (output);
      if (output_path == NULL)
        {
          g_set_error_literal (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_WRITE,
                               _("The archive can only be written to a local folder."));
          return NULL;
        }
      if (!check_output (output, error))
        return NULL;

      parent_path = g_path_get_dirname (output_path);
      if (g_mkdir_with_parents (parent_path, 0755) != 0)
        {
          fail_write (parent_path, errno, error);
          return NULL;
        }
      /* What an earlier run that was killed left there, before the space
       * it takes is counted. */
      stale_removed = fw_partial_dir_remove_stale (output_path, &stale_bytes);
    }

  source = fw_export_source_open (file, cancellable, error);
  if (source == NULL)
    return NULL;

  if (output != NULL && !check_space (source, formats, parent_path, error))
    return NULL;

  if (output != NULL)
    {
      g_autofree char *conversations = NULL;

      tmp_dir = fw_partial_dir_create (output_path);
      if (tmp_dir == NULL)
        {
          fail_write (parent_path, errno, error);
          return NULL;
        }
      conversations = g_build_filename (tmp_dir, "conversations", NULL);
      if (g_mkdir (conversations, 0755) != 0 ||
          (ctx.conversations_fd = open (conversations, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        {
          fail_write (conversations, errno, error);
          fw_remove_tree (tmp_dir);
          return NULL;
        }
    }

  hash.source = source;
  hash.cancellable = cancellable;
  hasher = g_thread_new ("fw-sha256", hash_thread, &hash);

  copy.copied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  copy.damaged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (tmp_dir != NULL && g_hash_table_size (source->copies) > 0)
    {
      copy.source = source;
      copy.dir = tmp_dir;
      copy.cancellable = cancellable;
      copier = g_thread_new ("fw-copies", copy_thread, &copy);
    }
  ctx.copied = copy.copied;

  ctx.source = source;
  ctx.formats = formats;
  ctx.dir = tmp_dir;
  ctx.cancellable = cancellable;
  ctx.progress = progress;
  ctx.progress_data = progress_data;
  ctx.summary = fw_export_summary_new ();
  fw_export_summary_set_stale_removed (ctx.summary, stale_removed, stale_bytes);
  fw_export_summary_read_account (ctx.summary, fw_export_source_get_small_file (source, "user.json"),
                                  fw_export_source_get_small_file (source, "shared_conversations.json"));
  ctx.referenced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx.referenced_by = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx.stems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.instructions = fw_instructions_log_new ();
  ctx.scratch = g_string_new (NULL);
  ctx.window_size = n_threads * WINDOW_PER_THREAD;
  ctx.window = g_new0 (Job *, ctx.window_size);
  g_mutex_init (&ctx.lock);
  g_cond_init (&ctx.cond);
  ctx.splitter = fw_json_splitter_new (FW_EXPORT_MAX_DEPTH, on_element, &ctx);
  /* Threads of its own (exclusive), as they are made nicer. */
  ctx.pool = g_thread_pool_new (worker, &ctx, n_threads, TRUE, NULL);

  if (tmp_dir != NULL &&
      ((ctx.manifest_conversations = open_temp (tmp_dir, ".manifest", &local_error)) == NULL ||
       (ctx.files = open_temp (tmp_dir, ".files", &local_error)) == NULL ||
       (ctx.index = fw_search_index_new (tmp_dir, ctx.files, &local_error)) == NULL))
    goto out;

  report_progress (&ctx, TRUE);

  if (!fw_export_source_read_json (source, ctx.splitter, cancellable, &local_error))
    goto out;

  if (!drain (&ctx, TRUE, &local_error))
    goto out;

  /* Workers skip what is left once cancelled: never report that as done. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    goto out;

  if (fw_export_summary_get_conversations (ctx.summary) == 0)
    {
      g_set_error_literal (&local_error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_NO_CONVERSATIONS,
                           _("This export has no conversations."));
      goto out;
    }

  /* Attachments: referenced, found, missing. */
  missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  {
    GHashTableIter iter;
    gpointer id, name;

    g_hash_table_iter_init (&iter, ctx.referenced);
    while (g_hash_table_iter_next (&iter, &id, &name))
      if (!g_hash_table_contains (source->files, id))
        {
          g_autofree char *warning = NULL;

          g_hash_table_insert (missing, g_strdup (id), g_strdup (name));
          warning = g_strdup_printf (_("“%s”: the file %s is not in the export."),
                                     (char *) g_hash_table_lookup (ctx.referenced_by, id),
                                     name ? (char *) name : (char *) id);
          fw_export_summary_add_warning (ctx.summary, warning);
        }
  }
  fw_export_summary_set_attachments (ctx.summary, g_hash_table_size (ctx.referenced), g_hash_table_size (missing));
  fw_export_summary_set_custom_instructions (ctx.summary,
                                             fw_instructions_log_get_user_profile (ctx.instructions) != NULL ||
                                             fw_instructions_log_get_user_instructions (ctx.instructions) != NULL);

  if (tmp_dir != NULL)
    {
      g_autofree const char **copied = NULL;
      guint n_copied;

      if (copier != NULL)
        {
          g_thread_join (g_steal_pointer (&copier));
          if (!finish_copies (&ctx, &copy, &local_error))
            goto out;
        }

      copied = sorted_keys (copy.copied, &n_copied);
      for (guint i = 0; i < n_copied; i++)
        if (!write_stream (ctx.files, copied[i], strlen (copied[i]), &local_error) ||
            !write_stream (ctx.files, "\n", 1, &local_error))
          goto out;
    }

  g_thread_join (g_steal_pointer (&hasher));
  if (hash.error != NULL)
    {
      g_propagate_error (&local_error, g_steal_pointer (&hash.error));
      goto out;
    }
  fw_export_summary_set_source (ctx.summary, source->name, source->size, hash.sha256);

  if (tmp_dir != NULL)
    {
      static const char *top_files = "index.html\narchive.css\narchive.js\nmanifest.json\n";

      if (!write_custom_instructions (&ctx, &local_error) ||
          !write_stream (ctx.files, top_files, strlen (top_files), &local_error) ||
          !copy_resource (&ctx, "archive.css", &local_error) ||
          !copy_resource (&ctx, "archive.js", &local_error) ||
          !fw_search_index_finish (ctx.index, fw_export_summary_get_stats (ctx.summary), &local_error) ||
          !write_index (&ctx, &local_error) ||
          !write_manifest (&ctx, missing, &local_error))
        goto out;

      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        goto out;
    }

  ok = TRUE;

out:
  if (!ok)
    {
      g_atomic_int_set (&ctx.failed, 1);
      g_cancellable_cancel (cancellable);
      g_mutex_lock (&ctx.lock);
      g_cond_broadcast (&ctx.cond);
      g_mutex_unlock (&ctx.lock);
    }

  /* Wait for the workers, then free what is left in the window. */
  if (ctx.pool != NULL)
    g_thread_pool_free (ctx.pool, FALSE, TRUE);
  for (guint i = ctx.consumed; i < ctx.pushed; i++)
    job_free (ctx.window[i % ctx.window_size]);
  if (hasher != NULL)
    g_thread_join (hasher);
  if (copier != NULL)
    g_thread_join (copier);

  if (ok && tmp_dir != NULL)
    {
      report_progress (&ctx, TRUE);
      g_clear_pointer (&ctx.index, fw_search_index_free);
      g_clear_pointer (&ctx.manifest_conversations, fclose);
      g_clear_pointer (&ctx.files, fclose);
      if (ctx.conversations_fd >= 0)
        close (g_steal_fd (&ctx.conversations_fd));
      {
        const char *temps[] = { ".manifest", ".files", ".owner" };

        for (guint i = 0; i < G_N_ELEMENTS (temps); i++)
          {
            g_autofree char *path = g_build_filename (tmp_dir, temps[i], NULL);

            g_unlink (path);
          }
      }

      /* An empty folder of that name is replaced; anything else was refused
       * before we started. */
      g_rmdir (output_path);
      if (g_rename (tmp_dir, output_path) != 0)
        {
          int saved = errno;

          g_set_error (&local_error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_WRITE,
                       _("The archive could not be moved into place: %s"), g_strerror (saved));
          ok = FALSE;
        }
    }
  else if (ok)
    report_progress (&ctx, TRUE);

  g_clear_pointer (&ctx.index, fw_search_index_free);
  g_clear_pointer (&ctx.manifest_conversations, fclose);
  g_clear_pointer (&ctx.files, fclose);
  if (ctx.conversations_fd >= 0)
    close (g_steal_fd (&ctx.conversations_fd));

  if (!ok && tmp_dir != NULL)
    fw_remove_tree (tmp_dir);

  if (ok)
    result = g_steal_pointer (&ctx.summary);
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));

  g_clear_object (&ctx.summary);
  g_clear_pointer (&ctx.referenced, g_hash_table_unref);
  g_clear_pointer (&ctx.referenced_by, g_hash_table_unref);
  g_clear_pointer (&ctx.stems, g_hash_table_unref);
  g_clear_pointer (&ctx.instructions, fw_instructions_log_free);
  g_clear_pointer (&ctx.splitter, fw_json_splitter_free);
  if (ctx.scratch)
    g_string_free (ctx.scratch, TRUE);
  g_free (ctx.window);
  g_free (hash.sha256);
  g_clear_error (&hash.error);
  g_clear_pointer (&copy.copied, g_hash_table_unref);
  g_clear_pointer (&copy.damaged, g_hash_table_unref);
  g_clear_error (&copy.error);
  g_mutex_clear (&ctx.lock);
  g_cond_clear (&ctx.cond);

  return result;
}

static FwExportSummary *
run (GFile                 *file,
     GFile                 *output,
     FwArchiveFormats       formats,
     GCancellable          *cancellable,
     FwExportProgressFunc   progress,
     gpointer               progress_data,
     GError               **error)
{
  g_autoptr(GCancellable) inner = g_cancellable_new ();
  FwExportSummary *result;
  gulong cancel_id = 0;

  /* Disconnected on every path: run_with() returns early on many errors,
   * and a handler left connected would cancel `inner` after it is freed. */
  if (cancellable != NULL)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancel_inner), inner, NULL);
  result = run_with (file, output, formats, inner, progress, progress_data, error);
  if (cancel_id != 0)
    g_cancellable_disconnect (cancellable, cancel_id);

  return result;
}

FwExportSummary *
fw_export_verify_sync (GFile                 *source,
                       GCancellable          *cancellable,
                       FwExportProgressFunc   progress,
                       gpointer               progress_data,
                       GError               **error)
{
  g_return_val_if_fail (G_IS_FILE (source), NULL);

  return run (source, NULL, 0, cancellable, progress, progress_data, error);
}

FwExportSummary *
fw_export_convert_sync (GFile                 *source,
                        GFile                 *output_dir,
                        FwArchiveFormats       formats,
                        GCancellable          *cancellable,
                        FwExportProgressFunc   progress,
                        gpointer               progress_data,
                        GError               **error)
{
  g_return_val_if_fail (G_IS_FILE (source), NULL);
  g_return_val_if_fail (G_IS_FILE (output_dir), NULL);
  g_return_val_if_fail (formats != 0, NULL);

  return run (source, output_dir, formats, cancellable, progress, progress_data, error);
}

/* Async: the work runs in a GTask thread; progress is marshalled to the
 * caller's main context. */

typedef struct {
  gint                  ref_count;
  FwExportProgressFunc  func;
  gpointer              data;
  GDestroyNotify        notify;
  GMainContext         *context;
} ProgressTarget;

static ProgressTarget *
progress_target_ref (ProgressTarget *target)
{
  g_atomic_int_inc (&target->ref_count);
  return target;
}

static void
progress_target_unref (gpointer data)
{
  ProgressTarget *target = data;

  if (!g_atomic_int_dec_and_test (&target->ref_count))
    return;

  if (target->notify)
    target->notify (target->data);
  g_main_context_unref (target->context);
  g_free (target);
}

typedef struct {
  ProgressTarget   *target;
  FwExportProgress  progress;
} ProgressCall;

static gboolean
progress_call_dispatch (gpointer data)
{
  ProgressCall *call = data;

  call->target->func (&call->progress, call->target->data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  progress_target_unref (call->target);
  g_free (call);
}

static void
marshal_progress (const FwExportProgress *progress,
                  gpointer                user_data)
{
  ProgressTarget *target = user_data;
  ProgressCall *call = g_new0 (ProgressCall, 1);
  GSource *source;

  call->target = progress_target_ref (target);
  call->progress = *progress;
  /* Always queued: g_main_context_invoke() would run it right here, in the
   * worker thread, whenever the caller's context is not running. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, progress_call_dispatch, call, progress_call_free);
  g_source_set_static_name (source, "[farewell] export progress");
  g_source_attach (source, target->context);
  g_source_unref (source);
}

typedef struct {
  GFile            *source;
  GFile            *output;
  FwArchiveFormats  formats;
  ProgressTarget   *target;
} TaskData;

static void
task_data_free (gpointer data)
{
  TaskData *td = data;

  g_clear_object (&td->source);
  g_clear_object (&td->output);
  if (td->target)
    progress_target_unref (td->target);
  g_free (td);
}

static void
task_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *td = task_data;
  GError *error = NULL;
  FwExportSummary *summary;

  summary = run (td->source, td->output, td->formats, cancellable,
                 td->target ? marshal_progress : NULL, td->target, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, g_object_unref);
}

static void
start_task (GFile                 *source,
            GFile                 *output,
            FwArchiveFormats       formats,
            GCancellable          *cancellable,
            FwExportProgressFunc   progress,
            gpointer               progress_data,
            GDestroyNotify         progress_notify,
            gpointer               tag,
            GAsyncReadyCallback    callback,
            gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  TaskData *td = g_new0 (TaskData, 1);

  g_task_set_source_tag (task, tag);
  /* The engine checks the cancellable itself, and removes what it wrote. */
  g_task_set_return_on_cancel (task, FALSE);

  td->source = g_object_ref (source);
  td->output = output ? g_object_ref (output) : NULL;
  td->formats = formats;
  if (progress != NULL)
    {
      td->target = g_new0 (ProgressTarget, 1);
      td->target->ref_count = 1;
      td->target->func = progress;
      td->target->data = progress_data;
      td->target->notify = progress_notify;
      td->target->context = g_main_context_ref_thread_default ();
    }
  else if (progress_notify != NULL)
    progress_notify (progress_data);

  g_task_set_task_data (task, td, task_data_free);
  g_task_run_in_thread (task, task_thread);
}

void
fw_export_verify_async (GFile                 *source,
                        GCancellable          *cancellable,
                        FwExportProgressFunc   progress,
                        gpointer               progress_data,
                        GDestroyNotify         progress_notify,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  g_return_if_fail (G_IS_FILE (source));

  start_task (source, NULL, 0, cancellable, progress, progress_data, progress_notify,
              fw_export_verify_async, callback, user_data);
}

FwExportSummary *
fw_export_verify_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fw_export_convert_async (GFile                 *source,
                         GFile                 *output_dir,
                         FwArchiveFormats       formats,
                         GCancellable          *cancellable,
                         FwExportProgressFunc   progress,
                         gpointer               progress_data,
                         GDestroyNotify         progress_notify,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_return_if_fail (G_IS_FILE (source));
  g_return_if_fail (G_IS_FILE (output_dir));

  start_task (source, output_dir, formats, cancellable, progress, progress_data, progress_notify,
              fw_export_convert_async, callback, user_data);
}

FwExportSummary *
fw_export_convert_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
