/* fw-search-index.h — the data behind the archive's index.html: the list of
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
#define FW_SEARCH_INDEX_DIR "search"

/* What one conversation gives the index, taken on a worker thread: its
 * flags, the project or GPT it belongs to, the text of its first messages
 * (at most @text_budget bytes) and the words in them. */
typedef struct _FwSearchEntry FwSearchEntry;

FwSearchEntry   *fw_search_entry_new     (FwConversation *conv,
                                        gsize           text_budget);
void            fw_search_entry_free    (FwSearchEntry   *self);

/* The writer, used by the engine's consumer, one conversation after the
 * other in the export's order. */
typedef struct _FwSearchIndex FwSearchIndex;

typedef struct {
  const char *title;       /* as shown: never NULL */
  gboolean    untitled;
  const char *model;       /* may be NULL */
  const char *href;        /* relative to the archive */
  double      create_time;
  guint       messages;    /* shown in the current thread */
} FwSearchRow;

/* Creates @dir/search/; @files gets the name of every file written, one a
 * line. */
FwSearchIndex *fw_search_index_new    (const char      *dir,
                                         FILE            *files,
                                         GError         **error);
gboolean        fw_search_index_add    (FwSearchIndex  *self,
                                         const FwSearchRow *row,
                                         const FwSearchEntry *entry,
                                         GError         **error);
/* Writes the list (with @stats for the charts) and the word files. */
gboolean        fw_search_index_finish (FwSearchIndex  *self,
                                         FwArchiveStats  *stats,
                                         GError         **error);
void            fw_search_index_free   (FwSearchIndex  *self);

G_END_DECLS
