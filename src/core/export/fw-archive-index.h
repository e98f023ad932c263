/* fw-archive-index.h — the data behind the archive's index.html: the list of
 * conversations, and a search index split into small files loaded on demand
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fw-archive-stats.h"
#include "fw-conversation.h"

G_BEGIN_DECLS

/* Folder of the archive that holds these files. */
#define FW_ARCHIVE_INDEX_DIR "search"

/* What one conversation gives the index, taken on a worker thread: its
 * flags, the project or GPT it belongs to, the text of its first messages
 * (at most @text_budget bytes) and the words in them. */
typedef struct _FwIndexEntry FwIndexEntry;

FwIndexEntry   *fw_index_entry_new     (FwConversation *conv,
                                        gsize           text_budget);
void            fw_index_entry_free    (FwIndexEntry   *self);

/* The writer, used by the engine's consumer, one conversation after the
 * other in the export's order. */
typedef struct _FwArchiveIndex FwArchiveIndex;

typedef struct {
  const char *title;       /* as shown: never NULL */
  gboolean    untitled;
  const char *model;       /* may be NULL */
  const char *href;        /* relative to the archive */
  double      create_time;
  guint       messages;    /* shown in the current thread */
} FwIndexRow;

/* Creates @dir/search/; @files gets the name of every file written, one a
 * line. */
FwArchiveIndex *fw_archive_index_new    (const char      *dir,
                                         FILE            *files,
                                         GError         **error);
gboolean        fw_archive_index_add    (FwArchiveIndex  *self,
                                         const FwIndexRow *row,
                                         const FwIndexEntry *entry,
                                         GError         **error);
/* Writes the list (with @stats for the charts) and the word files. */
gboolean        fw_archive_index_finish (FwArchiveIndex  *self,
                                         FwArchiveStats  *stats,
                                         GError         **error);
void            fw_archive_index_free   (FwArchiveIndex  *self);

G_END_DECLS
