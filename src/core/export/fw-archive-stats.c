/* fw-archive-stats.c — the years with ChatGPT in figures
 *
 * A worker thread reduces each conversation to a few bytes a message (its
 * month, hour, weekday, author and model); the engine's consumer adds
 * those to the totals, one conversation after the other. Months are kept
 * as one row each from the first to the last, so the totals stay small
 * however large the export is.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "fw-archive-stats.h"

/* A conversation names at most this many models; answers of any more are
 * counted under the last one. */
#define MAX_MODELS_PER_CONVERSATION 255

typedef enum {
  AUTHOR_PERSON,
  AUTHOR_MODEL,
  AUTHOR_OTHER,
} Author;

typedef struct {
  gint32 month;    /* year * 12 + month - 1; G_MININT32 when unknown */
  guint8 hour;
  guint8 weekday;  /* 0 = Monday */
  guint8 author;   /* Author */
  guint8 model;    /* index into FwActivity.models */
} Item;

struct _FwActivity
{
  gint32     month;   /* the conversation's start */
  GArray    *items;   /* Item */
  GPtrArray *models;  /* char * */
};

typedef struct {
  guint   conversations;
  guint   messages;
  guint   sent;
  GArray *models;     /* guint, by model index */
} Month;

struct _FwArchiveStats
{
  gint32      first;       /* the month of months[0] */
  GArray     *months;      /* Month, one per month from first on */
  GPtrArray  *models;      /* char *, in the order first seen */
  GHashTable *model_index; /* name → index + 1 */
  GArray     *totals;      /* guint, answers per model */
  GArray     *order;       /* guint, model indices, most used first; NULL when stale */
  guint       hours[24];
  guint       weekdays[7];
};

static gint32
month_of (double    t,
          struct tm *tm)
{
  time_t s;

  if (!(t > 0) || t > 32503680000.0)  /* after the year 3000: not a date */
    return G_MININT32;
  s = (time_t) t;
  if (localtime_r (&s, tm) == NULL)
    return G_MININT32;
  return (tm->tm_year + 1900) * 12 + tm->tm_mon;
}

FwActivity *
fw_activity_new_from_conversation (FwConversation *conv)
{
  FwActivity *self = g_new0 (FwActivity, 1);
  struct tm tm;

  self->month = month_of (conv->create_time, &tm);
  self->items = g_array_new (FALSE, FALSE, sizeof (Item));
  self->models = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < conv->nodes->len; i++)
    {
      FwNode *node = g_ptr_array_index (conv->nodes, i);
      Item item = { 0 };

      if (node->message == NULL || node->display != FW_DISPLAY_SHOW)
        continue;

      item.month = month_of (node->create_time, &tm);
      if (item.month == G_MININT32)
        item.month = self->month;
      else
        {
          item.hour = tm.tm_hour;
          item.weekday = (tm.tm_wday + 6) % 7;
        }
      if (g_strcmp0 (node->role, "user") == 0)
        item.author = AUTHOR_PERSON;
      else if (g_strcmp0 (node->role, "assistant") == 0)
        {
          const char *model = node->model ? node->model : conv->model;
          guint found = 0;

          item.author = AUTHOR_MODEL;
          if (model == NULL || *model == '\0')
            item.author = AUTHOR_OTHER;
          else if (g_ptr_array_find_with_equal_func (self->models, model, g_str_equal, &found))
            item.model = found;
          else if (self->models->len < MAX_MODELS_PER_CONVERSATION)
            {
              item.model = self->models->len;
              g_ptr_array_add (self->models, g_strdup (model));
            }
          else
            item.model = self->models->len - 1;
        }
      else
        item.author = AUTHOR_OTHER;

      /* hours and weekdays only when the message has its own time */
      if (node->create_time <= 0)
        item.hour = G_MAXUINT8;
      g_array_append_val (self->items, item);
    }

  return self;
}

void
fw_activity_free (FwActivity *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->items);
  g_ptr_array_unref (self->models);
  g_free (self);
}

static void
month_clear (gpointer data)
{
  Month *month = data;

  g_clear_pointer (&month->models, g_array_unref);
}

FwArchiveStats *
fw_archive_stats_new (void)
{
  FwArchiveStats *self = g_new0 (FwArchiveStats, 1);

  self->months = g_array_new (FALSE, TRUE, sizeof (Month));
  g_array_set_clear_func (self->months, month_clear);
  self->models = g_ptr_array_new_with_free_func (g_free);
  self->model_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->totals = g_array_new (FALSE, TRUE, sizeof (guint));
  return self;
}

void
fw_archive_stats_free (FwArchiveStats *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->months);
  g_hash_table_unref (self->model_index);
  g_ptr_array_unref (self->models);
  g_array_unref (self->totals);
  g_clear_pointer (&self->order, g_array_unref);
  g_free (self);
}

/* The row of @month, added (with the empty months between) when new. */
static Month *
month_row (FwArchiveStats *self,
           gint32          month)
{
  if (self->months->len == 0)
    {
      self->first = month;
      g_array_set_size (self->months, 1);
    }
  else if (month < self->first)
    {
      guint more = self->first - month;

      g_array_set_size (self->months, self->months->len + more);
      memmove (&g_array_index (self->months, Month, more), &g_array_index (self->months, Month, 0),
               (self->months->len - more) * sizeof (Month));
      memset (&g_array_index (self->months, Month, 0), 0, more * sizeof (Month));
      self->first = month;
    }
  else if ((guint) (month - self->first) >= self->months->len)
    g_array_set_size (self->months, month - self->first + 1);

  return &g_array_index (self->months, Month, month - self->first);
}

static guint
model_index (FwArchiveStats *self,
             const char     *name)
{
  gpointer found = g_hash_table_lookup (self->model_index, name);
  char *copy;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  copy = g_strdup (name);
  g_ptr_array_add (self->models, copy);
  g_hash_table_insert (self->model_index, copy, GUINT_TO_POINTER (self->models->len));
  g_array_set_size (self->totals, self->models->len);
  return self->models->len - 1;
}

void
fw_archive_stats_add (FwArchiveStats   *self,
                      const FwActivity *activity)
{
  guint global[MAX_MODELS_PER_CONVERSATION];

  for (guint i = 0; i < activity->models->len; i++)
    global[i] = model_index (self, g_ptr_array_index (activity->models, i));

  if (activity->month != G_MININT32)
    month_row (self, activity->month)->conversations++;

  for (guint i = 0; i < activity->items->len; i++)
    {
      const Item *item = &g_array_index (activity->items, Item, i);
      Month *month;

      if (item->month == G_MININT32)
        continue;
      month = month_row (self, item->month);
      month->messages++;
      if (item->author == AUTHOR_PERSON)
        {
          month->sent++;
          if (item->hour < 24)
            {
              self->hours[item->hour]++;
              self->weekdays[item->weekday]++;
            }
        }
      else if (item->author == AUTHOR_MODEL)
        {
          guint model = global[item->model];

          if (month->models == NULL)
            month->models = g_array_new (FALSE, TRUE, sizeof (guint));
          if (month->models->len <= model)
            g_array_set_size (month->models, model + 1);
          g_array_index (month->models, guint, model)++;
          g_array_index (self->totals, guint, model)++;
          g_clear_pointer (&self->order, g_array_unref);
        }
    }
}

guint
fw_archive_stats_get_n_months (const FwArchiveStats *self)
{
  return self->months->len;
}

void
fw_archive_stats_get_month (const FwArchiveStats *self,
                            guint                 index,
                            FwMonthStats         *month)
{
  const Month *row;
  gint32 m;

  g_return_if_fail (index < self->months->len);

  row = &g_array_index (self->months, Month, index);
  m = self->first + (gint32) index;
  month->year = m / 12;
  month->month = m % 12 + 1;
  month->conversations = row->conversations;
  month->messages = row->messages;
  month->sent = row->sent;
}

static int
compare_totals (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  const guint *totals = data;
  guint x = *(const guint *) a, y = *(const guint *) b;

  if (totals[x] != totals[y])
    return totals[x] > totals[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

static guint
sorted_model (FwArchiveStats *self,
              guint           model)
{
  if (self->order == NULL)
    {
      self->order = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->models->len);
      for (guint i = 0; i < self->models->len; i++)
        g_array_append_val (self->order, i);
      g_array_sort_with_data (self->order, compare_totals, self->totals->data);
    }
  return g_array_index (self->order, guint, model);
}

guint
fw_archive_stats_get_n_models (FwArchiveStats *self)
{
  return self->models->len;
}

const char *
fw_archive_stats_get_model (FwArchiveStats *self,
                            guint           model)
{
  g_return_val_if_fail (model < self->models->len, NULL);
  return g_ptr_array_index (self->models, sorted_model (self, model));
}

guint
fw_archive_stats_get_model_month (FwArchiveStats *self,
                                  guint           model,
                                  guint           month)
{
  const Month *row;
  guint index;

  g_return_val_if_fail (model < self->models->len && month < self->months->len, 0);

  index = sorted_model (self, model);
  row = &g_array_index (self->months, Month, month);
  return row->models && index < row->models->len ? g_array_index (row->models, guint, index) : 0;
}

const guint *
fw_archive_stats_get_hours (const FwArchiveStats *self)
{
  return self->hours;
}

const guint *
fw_archive_stats_get_weekdays (const FwArchiveStats *self)
{
  return self->weekdays;
}

double
fw_archive_stats_get_sent_per_month (const FwArchiveStats *self)
{
  guint64 sent = 0;
  guint active = 0;

  for (guint i = 0; i < self->months->len; i++)
    {
      const Month *row = &g_array_index (self->months, Month, i);

      if (row->sent > 0)
        {
          sent += row->sent;
          active++;
        }
    }
  return active > 0 ? (double) sent / active : 0;
}

static void
add_counts (JsonBuilder *builder,
            const char  *name,
            const guint *counts,
            guint        n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    json_builder_add_int_value (builder, counts[i]);
  json_builder_end_array (builder);
}

JsonNode *
fw_archive_stats_to_json (FwArchiveStats *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "months");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->months->len; i++)
    {
      FwMonthStats month;
      g_autofree char *name = NULL;

      fw_archive_stats_get_month (self, i, &month);
      name = g_strdup_printf ("%04d-%02d", month.year, month.month);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "month");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "conversations");
      json_builder_add_int_value (builder, month.conversations);
      json_builder_set_member_name (builder, "messages");
      json_builder_add_int_value (builder, month.messages);
      json_builder_set_member_name (builder, "sent");
      json_builder_add_int_value (builder, month.sent);
      json_builder_set_member_name (builder, "models");
      json_builder_begin_object (builder);
      for (guint m = 0; m < self->models->len; m++)
        {
          guint n = fw_archive_stats_get_model_month (self, m, i);

          if (n == 0)
            continue;
          json_builder_set_member_name (builder, fw_archive_stats_get_model (self, m));
          json_builder_add_int_value (builder, n);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_counts (builder, "hours", self->hours, G_N_ELEMENTS (self->hours));
  add_counts (builder, "weekdays", self->weekdays, G_N_ELEMENTS (self->weekdays));
  json_builder_set_member_name (builder, "sent_per_month");
  json_builder_add_double_value (builder, fw_archive_stats_get_sent_per_month (self));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
