/* fw-archive-index.c — reading an archive folder made by Farewell, for Try-it
 *
 * The archive is written by the export engine: manifest.json lists the
 * conversations (id, title, times, model, file stem) and carries the
 * custom instructions and memory; conversations/<stem>.json holds each
 * conversation with its current thread in "messages". Stems are checked
 * before use, so a crafted manifest cannot name a file outside the folder.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fw-archive-index.h"

#define MAX_CONVERSATION_FILE (256 * 1024 * 1024)

struct _FwArchiveIndex
{
  GObject     parent_instance;
  char       *path;
  GListStore *conversations;
  char       *user_profile;
  char       *user_instructions;
  GStrv       memory;
};

G_DEFINE_FINAL_TYPE (FwArchiveIndex, fw_archive_index, G_TYPE_OBJECT)

static void
fw_archive_index_finalize (GObject *object)
{
  FwArchiveIndex *self = FW_ARCHIVE_INDEX (object);

  g_free (self->path);
  g_clear_object (&self->conversations);
  g_free (self->user_profile);
  g_free (self->user_instructions);
  g_strfreev (self->memory);

  G_OBJECT_CLASS (fw_archive_index_parent_class)->finalize (object);
}

static void
fw_archive_index_class_init (FwArchiveIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fw_archive_index_finalize;
}

static void
fw_archive_index_init (FwArchiveIndex *self)
{
  self->conversations = g_list_store_new (FW_TYPE_ARCHIVE_CONVERSATION);
}

/* @node's object, or NULL when @node is NULL or not an object. */
static JsonObject *
as_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
get_string (JsonObject *obj,
            const char *name)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A time as Unix seconds: a number, or an ISO 8601 string. 0 if unknown. */
static gint64
get_time (JsonObject *obj,
          const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node);
  if (type == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  if (type == G_TYPE_STRING)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);
      if (dt != NULL)
        return g_date_time_to_unix (dt);
    }
  return 0;
}

static gboolean
stem_is_safe (const char *stem)
{
  if (stem == NULL || *stem == '\0' || *stem == '.' || strlen (stem) > 200)
    return FALSE;
  if (strchr (stem, '/') != NULL || strchr (stem, '\\') != NULL || strstr (stem, "..") != NULL)
    return FALSE;
  return g_utf8_validate (stem, -1, NULL);
}

static int
compare_update_time (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  gint64 ta = fw_archive_conversation_get_update_time ((FwArchiveConversation *) a);
  gint64 tb = fw_archive_conversation_get_update_time ((FwArchiveConversation *) b);

  if (ta == 0)
    ta = fw_archive_conversation_get_create_time ((FwArchiveConversation *) a);
  if (tb == 0)
    tb = fw_archive_conversation_get_create_time ((FwArchiveConversation *) b);
  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

static char *
dup_nonempty (const char *s)
{
  if (s == NULL)
    return NULL;
  while (g_ascii_isspace (*s))
    s++;
  return *s != '\0' ? g_strdup (s) : NULL;
}

FwArchiveIndex *
fw_archive_index_new_for_path (const char  *dir,
                               GError     **error)
{
  g_autoptr(FwArchiveIndex) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *manifest = NULL;
  g_autoptr(GStrvBuilder) memory = g_strv_builder_new ();
  JsonNode *root, *node;
  JsonObject *obj, *ci;

  g_return_val_if_fail (dir != NULL, NULL);

  manifest = g_build_filename (dir, "manifest.json", NULL);
  if (!g_file_test (manifest, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("“%s” is not an archive made by Farewell: it has no manifest.json."), dir);
      return NULL;
    }

  if (!json_parser_load_from_mapped_file (parser, manifest, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The archive’s manifest.json cannot be read: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  obj = as_object (root);
  if (obj == NULL || g_strcmp0 (get_string (obj, "format"), "farewell-archive") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not an archive made by Farewell."), dir);
      return NULL;
    }

  self = g_object_new (FW_TYPE_ARCHIVE_INDEX, NULL);
  self->path = g_strdup (dir);

  ci = as_object (json_object_get_member (obj, "custom_instructions"));
  if (ci != NULL)
    {
      self->user_profile = dup_nonempty (get_string (ci, "user_profile"));
      self->user_instructions = dup_nonempty (get_string (ci, "user_instructions"));
    }

  node = json_object_get_member (obj, "memory");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *m = json_array_get_element (array, i);
          const char *text = NULL;

          if (JSON_NODE_HOLDS_VALUE (m) && json_node_get_value_type (m) == G_TYPE_STRING)
            text = json_node_get_string (m);
          else
            text = get_string (as_object (m), "content");
          if (text != NULL && *text != '\0')
            g_strv_builder_add (memory, text);
        }
    }
  self->memory = g_strv_builder_end (memory);

  node = json_object_get_member (obj, "conversations");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *co = as_object (json_array_get_element (array, i));
          const char *id = get_string (co, "id");
          const char *stem = get_string (co, "stem");

          if (id == NULL || !stem_is_safe (stem))
            continue;
          g_ptr_array_add (items,
                           fw_archive_conversation_new (id, get_string (co, "title"), stem,
                                                        get_string (co, "model"),
                                                        get_time (co, "create_time"),
                                                        get_time (co, "update_time")));
        }

      for (guint i = 0; i < items->len; i++)
        g_list_store_insert_sorted (self->conversations, g_ptr_array_index (items, i),
                                    compare_update_time, NULL);
    }

  return g_steal_pointer (&self);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  FwArchiveIndex *index = fw_archive_index_new_for_path (task_data, &error);

  if (index == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, index, g_object_unref);
}

void
fw_archive_index_load_async (const char          *dir,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, fw_archive_index_load_async);
  g_task_set_task_data (task, g_strdup (dir), g_free);
  g_task_run_in_thread (task, load_thread);
}

FwArchiveIndex *
fw_archive_index_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
fw_archive_index_get_path (FwArchiveIndex *self)
{
  g_return_val_if_fail (FW_IS_ARCHIVE_INDEX (self), NULL);
  return self->path;
}

GListModel *
fw_archive_index_get_conversations (FwArchiveIndex *self)
{
  g_return_val_if_fail (FW_IS_ARCHIVE_INDEX (self), NULL);
  return G_LIST_MODEL (self->conversations);
}

FwArchiveConversation *
fw_archive_index_lookup (FwArchiveIndex *self,
                         const char     *conversation_id)
{
  guint n;

  g_return_val_if_fail (FW_IS_ARCHIVE_INDEX (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwArchiveConversation) c = g_list_model_get_item (G_LIST_MODEL (self->conversations), i);
      if (g_strcmp0 (fw_archive_conversation_get_id (c), conversation_id) == 0)
        return c; /* the store keeps its reference */
    }
  return NULL;
}

const char *
fw_archive_index_get_user_profile (FwArchiveIndex *self)
{
  g_return_val_if_fail (FW_IS_ARCHIVE_INDEX (self), NULL);
  return self->user_profile;
}

const char *
fw_archive_index_get_user_instructions (FwArchiveIndex *self)
{
  g_return_val_if_fail (FW_IS_ARCHIVE_INDEX (self), NULL);
  return self->user_instructions;
}

const char * const *
fw_archive_index_get_memory (FwArchiveIndex *self)
{
  g_return_val_if_fail (FW_IS_ARCHIVE_INDEX (self), NULL);
  return (const char * const *) self->memory;
}

char *
fw_archive_index_build_system_prompt (FwArchiveIndex *self,
                                      gboolean        with_instructions,
                                      gboolean        with_memory)
{
  g_autoptr(GString) prompt = g_string_new (NULL);

  g_return_val_if_fail (FW_IS_ARCHIVE_INDEX (self), NULL);

  if (with_instructions && self->user_profile != NULL)
    /* Translators: the start of the system prompt sent to the new
     * assistant; %s is what the person wrote about themselves in ChatGPT. */
    g_string_append_printf (prompt, _("About me: %s"), self->user_profile);

  if (with_instructions && self->user_instructions != NULL)
    {
      if (prompt->len > 0)
        g_string_append (prompt, "\n\n");
      /* Translators: %s is how the person asked ChatGPT to respond. */
      g_string_append_printf (prompt, _("How to respond: %s"), self->user_instructions);
    }

  if (with_memory && self->memory[0] != NULL)
    {
      if (prompt->len > 0)
        g_string_append (prompt, "\n\n");
      /* Translators: introduces a list of facts the old assistant kept. */
      g_string_append (prompt, _("Things to remember about me:"));
      for (guint i = 0; self->memory[i] != NULL; i++)
        g_string_append_printf (prompt, "\n- %s", self->memory[i]);
    }

  if (prompt->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&prompt), FALSE);
}

static char *
conversation_file (FwArchiveIndex *self,
                   const char     *conversation_id,
                   GError        **error)
{
  FwArchiveConversation *c = fw_archive_index_lookup (self, conversation_id);
  g_autofree char *name = NULL;

  if (c == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The archive has no conversation “%s”."), conversation_id);
      return NULL;
    }

  name = g_strconcat (fw_archive_conversation_get_stem (c), ".json", NULL);
  return g_build_filename (self->path, "conversations", name, NULL);
}

JsonArray *
fw_archive_index_load_messages (FwArchiveIndex  *self,
                                const char      *conversation_id,
                                GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonArray) messages = NULL;
  JsonNode *root, *node;
  JsonObject *obj;
  JsonArray *array;
  GStatBuf st;

  g_return_val_if_fail (FW_IS_ARCHIVE_INDEX (self), NULL);

  path = conversation_file (self, conversation_id, error);
  if (path == NULL)
    return NULL;

  if (g_stat (path, &st) == 0 && st.st_size > MAX_CONVERSATION_FILE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The conversation file %s is too large to read."), path);
      return NULL;
    }

  if (!json_parser_load_from_mapped_file (parser, path, &local_error))
    {
      g_set_error (error, G_IO_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                   ? G_IO_ERROR_NOT_FOUND : G_IO_ERROR_INVALID_DATA,
                   _("The conversation cannot be read from the archive: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  obj = as_object (root);
  node = obj != NULL ? json_object_get_member (obj, "messages") : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The conversation file %s has no messages."), path);
      return NULL;
    }

  messages = json_array_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *mo = as_object (json_array_get_element (array, i));
      const char *role = get_string (mo, "role");
      const char *content = get_string (mo, "content");
      JsonObject *out;

      if (role == NULL || content == NULL || *content == '\0')
        continue;
      if (!g_str_equal (role, "user") && !g_str_equal (role, "assistant") &&
          !g_str_equal (role, "system"))
        continue; /* tool output and the like stay in the archive */

      out = json_object_new ();
      json_object_set_string_member (out, "role", role);
      json_object_set_string_member (out, "content", content);
      json_array_add_object_element (messages, out);
    }

  return g_steal_pointer (&messages);
}

static void
load_messages_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  JsonArray *messages = fw_archive_index_load_messages (source, task_data, &error);

  if (messages == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, messages, (GDestroyNotify) json_array_unref);
}

void
fw_archive_index_load_messages_async (FwArchiveIndex      *self,
                                      const char          *conversation_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FW_IS_ARCHIVE_INDEX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fw_archive_index_load_messages_async);
  g_task_set_task_data (task, g_strdup (conversation_id), g_free);
  g_task_run_in_thread (task, load_messages_thread);
}

JsonArray *
fw_archive_index_load_messages_finish (FwArchiveIndex  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
fw_archive_index_save_exchange (FwArchiveIndex  *self,
                                const char      *conversation_id,
                                const char      *provider_name,
                                const char      *model,
                                JsonArray       *exchange,
                                GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GString) md = g_string_new (NULL);
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  const char *title = NULL;
  const char *assistant;

  g_return_val_if_fail (FW_IS_ARCHIVE_INDEX (self), NULL);
  g_return_val_if_fail (exchange != NULL, NULL);

  if (conversation_id != NULL)
    {
      FwArchiveConversation *c = fw_archive_index_lookup (self, conversation_id);
      if (c == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("The archive has no conversation “%s”."), conversation_id);
          return NULL;
        }
      title = fw_archive_conversation_get_title (c);
      base = g_strdup_printf ("%s.continued-%s", fw_archive_conversation_get_stem (c), stamp);
    }
  else
    base = g_strdup_printf ("farewell-chat-%s", stamp);

  dir = g_build_filename (self->path, "conversations", NULL);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }

  /* Never overwrite: two saves in the same second get "-2", "-3"… */
  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (base, ".md", NULL)
                                     : g_strdup_printf ("%s-%u.md", base, n);
      g_free (path);
      path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        break;
    }

  if (title != NULL)
    /* Translators: the heading of a saved continuation; %s is the title. */
    g_string_append_printf (md, _("# %s (continued)"), title);
  else
    g_string_append (md, _("# Conversation with a new assistant"));
  g_string_append (md, "\n\n");

  assistant = provider_name != NULL ? provider_name : _("Assistant");
  if (model != NULL && *model != '\0')
    /* Translators: %1$s is a date and time, %2$s a provider, %3$s a model. */
    g_string_append_printf (md, _("_Continued with Farewell on %1$s, with %2$s (%3$s)._"),
                            when, assistant, model);
  else
    g_string_append_printf (md, _("_Continued with Farewell on %1$s, with %2$s._"),
                            when, assistant);
  g_string_append (md, "\n");

  for (guint i = 0; i < json_array_get_length (exchange); i++)
    {
      JsonObject *m = as_object (json_array_get_element (exchange, i));
      const char *role = get_string (m, "role");
      const char *content = get_string (m, "content");

      if (role == NULL || content == NULL || g_str_equal (role, "system"))
        continue;

      g_string_append_printf (md, "\n## %s\n\n%s\n",
                              g_str_equal (role, "user") ? _("You") : assistant,
                              content);
    }

  if (!g_file_set_contents_full (path, md->str, md->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return NULL;

  return g_steal_pointer (&path);
}
