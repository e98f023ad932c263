/* fw-export-summary.c
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "fw-export-summary.h"
#include "fw-json-reader.h"

/* At most this many warnings are kept (the rest are counted). */
#define MAX_WARNINGS 1000

struct _FwExportSummary
{
  GObject     parent_instance;

  guint       conversations;
  guint       messages;
  guint       message_nodes;
  guint       attachments_referenced;
  guint       attachments_missing;
  double      first_time;
  double      last_time;
  gboolean    custom_instructions;
  GHashTable *unknown_types;
  GPtrArray  *warnings;
  guint       dropped_warnings;
  char       *account_email;
  GPtrArray  *shared_links;   /* FwSharedLink */
  guint       stale_removed;
  guint64     stale_bytes;
  char       *sha256;
  char       *source_name;
  guint64     source_size;
  GDateTime  *first_date;
  GDateTime  *last_date;
  FwArchiveStats *stats;
};

G_DEFINE_FINAL_TYPE (FwExportSummary, fw_export_summary, G_TYPE_OBJECT)

/* At most this many shared links are listed (a real account has a few). */
#define MAX_SHARED_LINKS 1000

static void
shared_link_free (gpointer data)
{
  FwSharedLink *link = data;

  g_free (link->title);
  g_free (link->conversation_id);
  g_free (link->url);
  g_free (link);
}

static void
fw_export_summary_finalize (GObject *object)
{
  FwExportSummary *self = FW_EXPORT_SUMMARY (object);

  g_clear_pointer (&self->unknown_types, g_hash_table_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->account_email, g_free);
  g_clear_pointer (&self->shared_links, g_ptr_array_unref);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->first_date, g_date_time_unref);
  g_clear_pointer (&self->last_date, g_date_time_unref);
  g_clear_pointer (&self->stats, fw_archive_stats_free);

  G_OBJECT_CLASS (fw_export_summary_parent_class)->finalize (object);
}

static void
fw_export_summary_class_init (FwExportSummaryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fw_export_summary_finalize;
}

static void
fw_export_summary_init (FwExportSummary *self)
{
  self->unknown_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->warnings = g_ptr_array_new_null_terminated (8, g_free, TRUE);
  self->shared_links = g_ptr_array_new_with_free_func (shared_link_free);
  self->first_time = -1;
  self->last_time = -1;
  self->stats = fw_archive_stats_new ();
}

FwExportSummary *
fw_export_summary_new (void)
{
  return g_object_new (FW_TYPE_EXPORT_SUMMARY, NULL);
}

guint
fw_export_summary_get_conversations (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), 0);
  return self->conversations;
}

guint
fw_export_summary_get_messages (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), 0);
  return self->messages;
}

guint
fw_export_summary_get_attachments_referenced (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), 0);
  return self->attachments_referenced;
}

guint
fw_export_summary_get_attachments_found (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), 0);
  return self->attachments_referenced - self->attachments_missing;
}

guint
fw_export_summary_get_attachments_missing (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), 0);
  return self->attachments_missing;
}

static GDateTime *
date_from_time (double t)
{
  if (t < 0)
    return NULL;

  return g_date_time_new_from_unix_utc ((gint64) t);
}

GDateTime *
fw_export_summary_get_first_date (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), NULL);

  if (self->first_date == NULL)
    self->first_date = date_from_time (self->first_time);
  return self->first_date;
}

GDateTime *
fw_export_summary_get_last_date (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), NULL);

  if (self->last_date == NULL)
    self->last_date = date_from_time (self->last_time);
  return self->last_date;
}

gboolean
fw_export_summary_get_custom_instructions (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), FALSE);
  return self->custom_instructions;
}

GHashTable *
fw_export_summary_get_unknown_content_types (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), NULL);
  return self->unknown_types;
}

static char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return *json_node_get_string (node) != '\0' ? g_strdup (json_node_get_string (node)) : NULL;
}

void
fw_export_summary_read_account (FwExportSummary *self,
                                GBytes          *user_json,
                                GBytes          *shared_json)
{
  g_autoptr(JsonNode) user = fw_json_parse_bytes (user_json);
  g_autoptr(JsonNode) shared = fw_json_parse_bytes (shared_json);

  g_return_if_fail (FW_IS_EXPORT_SUMMARY (self));

  if (user != NULL && JSON_NODE_HOLDS_OBJECT (user))
    {
      g_free (self->account_email);
      self->account_email = member_string (json_node_get_object (user), "email");
    }

  if (shared != NULL && JSON_NODE_HOLDS_ARRAY (shared))
    {
      JsonArray *array = json_node_get_array (shared);

      for (guint i = 0; i < json_array_get_length (array) && self->shared_links->len < MAX_SHARED_LINKS; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *id = NULL;
          FwSharedLink *link;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          id = member_string (json_node_get_object (element), "id");
          link = g_new0 (FwSharedLink, 1);
          link->title = member_string (json_node_get_object (element), "title");
          link->conversation_id = member_string (json_node_get_object (element), "conversation_id");
          /* only an id made of what a link may hold */
          if (id != NULL && strspn (id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == strlen (id))
            link->url = g_strconcat ("https://chatgpt.com/share/", id, NULL);
          g_ptr_array_add (self->shared_links, link);
        }
    }
}

const char *
fw_export_summary_get_account_email (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), NULL);

  return self->account_email;
}

GPtrArray *
fw_export_summary_get_shared_links (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), NULL);

  return self->shared_links;
}

void
fw_export_summary_set_stale_removed (FwExportSummary *self,
                                     guint            folders,
                                     guint64          bytes)
{
  g_return_if_fail (FW_IS_EXPORT_SUMMARY (self));

  self->stale_removed = folders;
  self->stale_bytes = bytes;
}

guint
fw_export_summary_get_stale_removed (FwExportSummary *self,
                                     guint64         *bytes)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), 0);

  if (bytes != NULL)
    *bytes = self->stale_bytes;
  return self->stale_removed;
}

guint
fw_export_summary_get_message_nodes (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), 0);

  return self->message_nodes;
}

guint
fw_export_summary_get_n_warnings (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), 0);

  return self->warnings->len + self->dropped_warnings;
}

const char * const *
fw_export_summary_get_warnings (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), NULL);
  return (const char * const *) self->warnings->pdata;
}

const char *
fw_export_summary_get_sha256 (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), NULL);
  return self->sha256;
}

guint64
fw_export_summary_get_source_size (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), 0);
  return self->source_size;
}

const char *
fw_export_summary_get_source_name (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), NULL);
  return self->source_name;
}

FwArchiveStats *
fw_export_summary_get_stats (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), NULL);
  return self->stats;
}

double
fw_export_summary_get_messages_per_month (FwExportSummary *self)
{
  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), 0);
  return fw_archive_stats_get_sent_per_month (self->stats);
}

char *
fw_export_summary_describe_messages_per_month (FwExportSummary *self)
{
  double per_month = fw_export_summary_get_messages_per_month (self);
  guint n = (guint) (per_month + 0.5);

  g_return_val_if_fail (FW_IS_EXPORT_SUMMARY (self), NULL);

  if (per_month <= 0)
    return g_strdup (_("No dated messages of yours in this export."));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "About %u message sent a month, in the months you used ChatGPT.",
                                       "About %u messages sent a month, in the months you used ChatGPT.", n),
                          MAX (n, 1));
}

void
fw_export_summary_add_activity (FwExportSummary  *self,
                                const FwActivity *activity)
{
  fw_archive_stats_add (self->stats, activity);
}

static char *
iso_date (GDateTime *date)
{
  return date ? g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

JsonNode *
fw_export_summary_to_json (FwExportSummary *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *first = iso_date (fw_export_summary_get_first_date (self));
  g_autofree char *last = iso_date (fw_export_summary_get_last_date (self));
  g_autofree const char **types = NULL;
  guint n_types;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "conversations");
  json_builder_add_int_value (builder, self->conversations);
  json_builder_set_member_name (builder, "messages");
  json_builder_add_int_value (builder, self->messages);
  json_builder_set_member_name (builder, "message_nodes");
  json_builder_add_int_value (builder, self->message_nodes);
  json_builder_set_member_name (builder, "attachments_referenced");
  json_builder_add_int_value (builder, self->attachments_referenced);
  json_builder_set_member_name (builder, "attachments_missing");
  json_builder_add_int_value (builder, self->attachments_missing);
  json_builder_set_member_name (builder, "first_date");
  if (first)
    json_builder_add_string_value (builder, first);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "last_date");
  if (last)
    json_builder_add_string_value (builder, last);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "custom_instructions");
  json_builder_add_boolean_value (builder, self->custom_instructions);

  json_builder_set_member_name (builder, "unknown_content_types");
  json_builder_begin_object (builder);
  types = (const char **) g_hash_table_get_keys_as_array (self->unknown_types, &n_types);
  for (guint i = 0; i < n_types; i++)
    {
      json_builder_set_member_name (builder, types[i]);
      json_builder_add_int_value (builder, GPOINTER_TO_UINT (g_hash_table_lookup (self->unknown_types, types[i])));
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->warnings, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "warnings_not_listed");
  json_builder_add_int_value (builder, self->dropped_warnings);
  json_builder_set_member_name (builder, "activity");
  json_builder_add_value (builder, fw_archive_stats_to_json (self->stats));

  json_builder_set_member_name (builder, "account_email");
  if (self->account_email)
    json_builder_add_string_value (builder, self->account_email);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "shared_links");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->shared_links->len; i++)
    {
      FwSharedLink *link = g_ptr_array_index (self->shared_links, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "title");
      if (link->title)
        json_builder_add_string_value (builder, link->title);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "conversation_id");
      if (link->conversation_id)
        json_builder_add_string_value (builder, link->conversation_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "url");
      if (link->url)
        json_builder_add_string_value (builder, link->url);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
fw_export_summary_add_conversation (FwExportSummary *self,
                                    guint            messages,
                                    guint            message_nodes,
                                    double           create_time,
                                    double           update_time)
{
  self->conversations++;
  self->messages += messages;
  self->message_nodes += message_nodes;

  if (create_time > 0 && (self->first_time < 0 || create_time < self->first_time))
    self->first_time = create_time;
  if (update_time < create_time)
    update_time = create_time;
  if (update_time > 0 && update_time > self->last_time)
    self->last_time = update_time;

  g_clear_pointer (&self->first_date, g_date_time_unref);
  g_clear_pointer (&self->last_date, g_date_time_unref);
}

void
fw_export_summary_add_unknown_type (FwExportSummary *self,
                                    const char      *type,
                                    guint            count)
{
  guint old = GPOINTER_TO_UINT (g_hash_table_lookup (self->unknown_types, type));

  g_hash_table_insert (self->unknown_types, g_strdup (type), GUINT_TO_POINTER (old + count));
}

void
fw_export_summary_add_warning (FwExportSummary *self,
                               const char      *warning)
{
  if (self->warnings->len < MAX_WARNINGS)
    g_ptr_array_add (self->warnings, g_strdup (warning));
  else
    self->dropped_warnings++;
}

void
fw_export_summary_set_attachments (FwExportSummary *self,
                                   guint            referenced,
                                   guint            missing)
{
  self->attachments_referenced = referenced;
  self->attachments_missing = missing;
}

void
fw_export_summary_set_custom_instructions (FwExportSummary *self,
                                           gboolean         found)
{
  self->custom_instructions = found;
}

void
fw_export_summary_set_source (FwExportSummary *self,
                              const char      *name,
                              guint64          size,
                              const char      *sha256)
{
  g_free (self->source_name);
  self->source_name = g_strdup (name);
  self->source_size = size;
  g_free (self->sha256);
  self->sha256 = g_strdup (sha256);
}
