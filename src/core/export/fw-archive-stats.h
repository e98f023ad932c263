/* fw-archive-stats.h — the years with ChatGPT in figures: conversations and
 * messages per month, the models used over time, the hours and weekdays of use
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "fw-conversation.h"

G_BEGIN_DECLS

/* What one conversation adds to the figures: taken on a worker thread,
 * added in order by the engine's consumer. Small: a few bytes a message. */
typedef struct _FwActivity FwActivity;

FwActivity     *fw_activity_new_from_conversation (FwConversation *conv);
void            fw_activity_free                  (FwActivity     *self);

typedef struct _FwArchiveStats FwArchiveStats;

typedef struct {
  int    year;
  int    month;          /* 1–12 */
  guint  conversations;  /* started that month */
  guint  messages;       /* shown in ChatGPT, from both sides */
  guint  sent;           /* written by the person */
} FwMonthStats;

FwArchiveStats *fw_archive_stats_new              (void);
void            fw_archive_stats_free             (FwArchiveStats *self);
void            fw_archive_stats_add              (FwArchiveStats   *self,
                                                   const FwActivity *activity);

/* Every month from the first to the last with any activity, empty ones too. */
guint           fw_archive_stats_get_n_months     (const FwArchiveStats *self);
void            fw_archive_stats_get_month        (const FwArchiveStats *self,
                                                   guint                 index,
                                                   FwMonthStats         *month);
/* Models, most used first; the answers each gave in a month. */
guint           fw_archive_stats_get_n_models     (FwArchiveStats       *self);
const char     *fw_archive_stats_get_model        (FwArchiveStats       *self,
                                                   guint                 model);
guint           fw_archive_stats_get_model_month  (FwArchiveStats       *self,
                                                   guint                 model,
                                                   guint                 month);
/* Messages the person sent, by hour of the day (24, local time) and by
 * weekday (7, Monday first). */
const guint    *fw_archive_stats_get_hours        (const FwArchiveStats *self);
const guint    *fw_archive_stats_get_weekdays     (const FwArchiveStats *self);
/* The messages the person sent in an average month, counting only the
 * months in which they sent any; 0 when there are none. */
double          fw_archive_stats_get_sent_per_month (const FwArchiveStats *self);

/* {"months": [{"month": "2024-06", "conversations", "messages", "sent",
 *  "models": {slug: answers}}], "hours": [24], "weekdays": [7],
 *  "sent_per_month": average} */
JsonNode       *fw_archive_stats_to_json          (FwArchiveStats       *self);

G_END_DECLS
