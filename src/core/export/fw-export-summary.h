/* fw-export-summary.h — what an export holds: counts, dates, warnings
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fw-archive-stats.h"

G_BEGIN_DECLS

#define FW_TYPE_EXPORT_SUMMARY (fw_export_summary_get_type ())
G_DECLARE_FINAL_TYPE (FwExportSummary, fw_export_summary, FW, EXPORT_SUMMARY, GObject)

FwExportSummary    *fw_export_summary_new                        (void);

guint               fw_export_summary_get_conversations          (FwExportSummary *self);
/* Messages shown in ChatGPT, in every branch; every message node, hidden
 * ones too, separately. */
guint               fw_export_summary_get_messages               (FwExportSummary *self);
guint               fw_export_summary_get_message_nodes          (FwExportSummary *self);
guint               fw_export_summary_get_attachments_referenced (FwExportSummary *self);
guint               fw_export_summary_get_attachments_found      (FwExportSummary *self);
guint               fw_export_summary_get_attachments_missing    (FwExportSummary *self);
GDateTime          *fw_export_summary_get_first_date             (FwExportSummary *self);
GDateTime          *fw_export_summary_get_last_date              (FwExportSummary *self);
gboolean            fw_export_summary_get_custom_instructions    (FwExportSummary *self);
GHashTable         *fw_export_summary_get_unknown_content_types  (FwExportSummary *self);
/* The first thousand warnings; how many there were in all. */
const char * const *fw_export_summary_get_warnings               (FwExportSummary *self);
guint               fw_export_summary_get_n_warnings             (FwExportSummary *self);
const char         *fw_export_summary_get_sha256                 (FwExportSummary *self);
guint64             fw_export_summary_get_source_size            (FwExportSummary *self);
const char         *fw_export_summary_get_source_name            (FwExportSummary *self);

/* A conversation the person shared by link (shared_conversations.json). */
typedef struct {
  char *title;            /* may be NULL */
  char *conversation_id;  /* may be NULL */
  char *url;              /* https://chatgpt.com/share/…, NULL when the export gives no usable id */
} FwSharedLink;

/* From user.json and shared_conversations.json, when the export has them
 * (either may be NULL): whose account it is, and its shared links. */
void                fw_export_summary_read_account               (FwExportSummary *self,
                                                                  GBytes          *user_json,
                                                                  GBytes          *shared_json);
const char         *fw_export_summary_get_account_email          (FwExportSummary *self);
/* FwSharedLink, at most a thousand */
GPtrArray          *fw_export_summary_get_shared_links           (FwExportSummary *self);
/* The years with ChatGPT in figures: per month, models, hours, weekdays.
 * Belongs to the summary. */
FwArchiveStats     *fw_export_summary_get_stats                  (FwExportSummary *self);
/* How many messages the person sent in an average month (counting the
 * months in which they sent any): what a new plan or API budget must
 * carry. 0 when the export has no dated message of theirs. */
double              fw_export_summary_get_messages_per_month     (FwExportSummary *self);
/* The same in a sentence for people ("About 120 messages sent a month"). */
char               *fw_export_summary_describe_messages_per_month (FwExportSummary *self);

/* Writing an archive: how many unfinished archives an earlier run that was
 * killed had left beside it, removed first, and the bytes they held. */
guint               fw_export_summary_get_stale_removed          (FwExportSummary *self,
                                                                  guint64         *bytes);
void                fw_export_summary_set_stale_removed          (FwExportSummary *self,
                                                                  guint            folders,
                                                                  guint64          bytes);

/* Exactly the object `farewell --verify --json` prints. */
JsonNode           *fw_export_summary_to_json                    (FwExportSummary *self);

/* Filled in by the engine. */
void                fw_export_summary_add_conversation           (FwExportSummary *self,
                                                                  guint            messages,
                                                                  guint            message_nodes,
                                                                  double           create_time,
                                                                  double           update_time);
void                fw_export_summary_add_activity               (FwExportSummary  *self,
                                                                  const FwActivity *activity);
void                fw_export_summary_add_unknown_type           (FwExportSummary *self,
                                                                  const char      *type,
                                                                  guint            count);
void                fw_export_summary_add_warning                (FwExportSummary *self,
                                                                  const char      *warning);
void                fw_export_summary_set_attachments            (FwExportSummary *self,
                                                                  guint            referenced,
                                                                  guint            missing);
void                fw_export_summary_set_custom_instructions    (FwExportSummary *self,
                                                                  gboolean         found);
void                fw_export_summary_set_source                 (FwExportSummary *self,
                                                                  const char      *name,
                                                                  guint64          size,
                                                                  const char      *sha256);

G_END_DECLS
