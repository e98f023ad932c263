/* fw-try-page.c — talk to the new assistant, with what came from ChatGPT
 *
 * A compact chat, its messages shown by an FwChatView: the answer streams
 * token by token (fw_chat_stream_async, which looks the key up in the
 * keyring itself: this page never holds it), Stop cancels at once, errors
 * are explained in place. The custom
 * instructions and memory found in the archive are offered as an editable
 * system prompt; a past conversation from the archive can be continued, its
 * current thread sent as history (trimmed from the oldest end to a budget).
 * The model switch offers what the provider itself lists (asked in the
 * background each visit; offline, the connection's and catalog's models),
 * and a model chosen there becomes the connection's model.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-chat-view.h"
#include "fw-settings.h"
#include "fw-try-page.h"
#include "archive/fw-archive-index.h"
#include "provider/fw-chat.h"
#include "provider/fw-connections.h"
#include "provider/fw-provider-catalog.h"
#include "provider/fw-provider-client.h"

/* Conversations listed in the chooser at once; search narrows them. */
#define MAX_LISTED_CONVERSATIONS 200
/* Earlier messages of a continued conversation shown above the new ones. */
#define SHOWN_HISTORY 4

struct _FwTryPage
{
  FwPage            parent_instance;

  GSettings        *settings;
  FwArchiveIndex   *index;
  GCancellable     *load_cancellable;
  GCancellable     *chat_cancellable;
  GtkStringList    *provider_names;
  GPtrArray        *provider_ids;
  GtkStringList    *models;
  char             *models_id;      /* provider whose models the switch shows */
  gboolean          updating_models;
  gboolean          updating_providers;
  gboolean          was_shown;
  GCancellable     *models_cancellable;
  char             *listing_id;     /* provider whose models were asked for */
  char             *listed_id;      /* provider that listed @listed */
  GStrv             listed;
  JsonArray        *history;        /* {role, content}: continued thread + this chat */
  JsonArray        *exchange;       /* this chat only, for saving */
  char             *continue_id;

  GtkStack         *stack;
  AdwComboRow      *provider_row;
  AdwComboRow      *model_row;
  AdwExpanderRow   *instructions_row;
  GtkTextView      *instructions_view;
  AdwExpanderRow   *memory_row;
  GtkTextView      *memory_view;
  AdwActionRow     *continue_row;
  GtkMenuButton    *continue_button;
  GtkPopover       *continue_popover;
  GtkSearchEntry   *continue_search;
  GtkListBox       *continue_list;
  GtkWidget        *continue_clear;
  GtkLabel         *trimmed_label;
  GtkLabel         *saved_label;
  FwChatView       *chat_view;
  GtkEntry         *question_entry;
  GtkWidget        *send_button;
  GtkWidget        *stop_button;
  GtkWidget        *save_button;
};

G_DEFINE_FINAL_TYPE (FwTryPage, fw_try_page, FW_TYPE_PAGE)

/* State */

static gboolean
is_streaming (FwTryPage *self)
{
  return self->chat_cancellable != NULL;
}

static void
update_buttons (FwTryPage *self)
{
  gboolean streaming = is_streaming (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->question_entry));

  gtk_widget_set_visible (self->send_button, !streaming);
  gtk_widget_set_visible (self->stop_button, streaming);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "try.send", !streaming && *text != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "try.stop", streaming);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "try.save",
                                 !streaming && self->index != NULL &&
                                 json_array_get_length (self->exchange) > 0);
  gtk_widget_set_visible (self->save_button, self->index != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->provider_row), !streaming);
  gtk_widget_set_sensitive (GTK_WIDGET (self->model_row), !streaming);
}

static const char *
selected_provider_id (FwTryPage *self)
{
  guint position = adw_combo_row_get_selected (self->provider_row);

  if (position == GTK_INVALID_LIST_POSITION || position >= self->provider_ids->len)
    return NULL;

  return g_ptr_array_index (self->provider_ids, position);
}

static const char *
selected_model (FwTryPage *self)
{
  guint position = adw_combo_row_get_selected (self->model_row);

  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;

  return gtk_string_list_get_string (self->models, position);
}

/* The models to offer: the one of the connection (chosen in the New
 * Provider step or here) first, then what the provider listed when it
 * answered (see list_models()), else the catalog's suggestions. The
 * connection's model is selected, else the one shown before. With
 * @keep_order, a list holding the same models is left as it is (no jump
 * under the pointer when a model was just chosen). */
static void
update_models (FwTryPage *self,
               gboolean   keep_order)
{
  const char *id = selected_provider_id (self);
  g_autoptr(FwConnection) connection = id ? fw_connections_lookup (id) : NULL;
  FwProvider *provider = id ? fw_provider_catalog_lookup (fw_provider_catalog_get_default (), id) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *previous = NULL;
  g_auto(GStrv) models = NULL;
  const char *connection_model = connection ? fw_connection_get_model (connection) : NULL;
  const char *target;
  guint n_models, n_shown, position = GTK_INVALID_LIST_POSITION;
  gboolean same;

  if (connection_model != NULL && *connection_model != '\0')
    {
      g_hash_table_add (seen, (gpointer) connection_model);
      g_strv_builder_add (builder, connection_model);
    }

  if (id != NULL && self->listed != NULL && g_strcmp0 (id, self->listed_id) == 0)
    {
      for (guint i = 0; self->listed[i] != NULL; i++)
        if (g_hash_table_add (seen, self->listed[i]))
          g_strv_builder_add (builder, self->listed[i]);
    }
  else if (provider != NULL)
    {
      const char *suggested = fw_provider_get_suggested_model (provider);

      if (suggested != NULL && *suggested != '\0' && g_hash_table_add (seen, (gpointer) suggested))
        g_strv_builder_add (builder, suggested);
      if (fw_provider_get_models (provider) != NULL)
        for (const char * const *m = fw_provider_get_models (provider); *m; m++)
          if (g_hash_table_add (seen, (gpointer) *m))
            g_strv_builder_add (builder, *m);
    }

  models = g_strv_builder_end (builder);
  n_models = g_strv_length (models);
  n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->models));

  if (id != NULL && g_strcmp0 (id, self->models_id) == 0)
    previous = g_strdup (selected_model (self));
  target = connection_model != NULL && *connection_model != '\0' ? connection_model : previous;

  /* The same models, in any order? */
  same = n_shown == n_models;
  for (guint i = 0; same && i < n_shown; i++)
    same = g_hash_table_contains (seen, gtk_string_list_get_string (self->models, i));

  self->updating_models = TRUE;
  if (!same || !keep_order)
    gtk_string_list_splice (self->models, 0, n_shown, (const char * const *) models);

  n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->models));
  for (guint i = 0; target != NULL && i < n_shown; i++)
    if (g_str_equal (gtk_string_list_get_string (self->models, i), target))
      position = i;
  if (position == GTK_INVALID_LIST_POSITION && n_shown > 0)
    position = 0;
  if (adw_combo_row_get_selected (self->model_row) != position)
    adw_combo_row_set_selected (self->model_row, position);
  self->updating_models = FALSE;

  g_free (self->models_id);
  self->models_id = g_strdup (id);
}

/* A model chosen in the switch is the connection's model from now on: the
 * next visit and `farewell --ask` use it, as with the New Provider step's
 * chooser. */
static void
on_model_selected (FwTryPage *self)
{
  const char *id = selected_provider_id (self);
  const char *model = selected_model (self);
  g_autoptr(FwConnection) connection = NULL;

  if (self->updating_models || id == NULL || model == NULL)
    return;

  connection = fw_connections_lookup (id);
  if (connection != NULL && g_strcmp0 (fw_connection_get_model (connection), model) != 0)
    fw_connections_set_model (id, model);
}

static void
models_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FwTryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = fw_provider_list_models_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->models_cancellable);

  /* Offline, a key no longer accepted, …: the candidates stay; the chat
   * explains any real problem when something is asked. */
  if (models == NULL)
    {
      g_debug ("Could not list the models of %s: %s", self->listing_id, error->message);
      return;
    }

  g_free (self->listed_id);
  self->listed_id = g_strdup (self->listing_id);
  g_strfreev (self->listed);
  self->listed = g_steal_pointer (&models);
  update_models (self, TRUE);
}

/* Asks the selected provider which models it offers, once per provider
 * and visit (@force: again). */
static void
list_models (FwTryPage *self,
             gboolean   force)
{
  const char *id = selected_provider_id (self);

  if (!self->was_shown || (!force && g_strcmp0 (id, self->listing_id) == 0))
    return;

  if (self->models_cancellable != NULL)
    g_cancellable_cancel (self->models_cancellable);
  g_clear_object (&self->models_cancellable);
  g_free (self->listing_id);
  self->listing_id = g_strdup (id);
  if (id == NULL)
    return;

  self->models_cancellable = g_cancellable_new ();
  fw_provider_list_models_async (id, self->models_cancellable, models_listed_cb, g_object_ref (self));
}

static void
on_provider_selected (FwTryPage *self)
{
  if (self->updating_providers)
    return;

  update_models (self, FALSE);
  list_models (self, FALSE);
}

/* The connected providers; the one selected stays selected unless
 * @select_default (a new visit: the default from the previous step). */
static void
update_providers (FwTryPage *self,
                  gboolean   select_default)
{
  g_autoptr(GListModel) connections = fw_connections_list ();
  FwProviderCatalog *catalog = fw_provider_catalog_get_default ();
  guint n = g_list_model_get_n_items (connections);
  guint selected, default_position = 0, current_position = GTK_INVALID_LIST_POSITION;
  g_autofree char *current = g_strdup (selected_provider_id (self));
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gboolean same = n == self->provider_ids->len;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwConnection) connection = g_list_model_get_item (connections, i);
      const char *id = fw_connection_get_provider_id (connection);
      FwProvider *provider = fw_provider_catalog_lookup (catalog, id);

      g_strv_builder_add (names, provider ? fw_provider_get_name (provider) : id);
      g_ptr_array_add (ids, g_strdup (id));
      if (fw_connection_get_is_default (connection))
        default_position = i;
      if (g_strcmp0 (id, current) == 0)
        current_position = i;
      if (same && g_strcmp0 (id, g_ptr_array_index (self->provider_ids, i)) != 0)
        same = FALSE;
    }

  if (n == 0)
    selected = GTK_INVALID_LIST_POSITION;
  else if (select_default || current_position == GTK_INVALID_LIST_POSITION)
    selected = default_position;
  else
    selected = current_position;

  self->updating_providers = TRUE;
  if (!same)
    {
      g_auto(GStrv) strv = g_strv_builder_end (names);

      g_ptr_array_set_size (self->provider_ids, 0);
      for (guint i = 0; i < ids->len; i++)
        g_ptr_array_add (self->provider_ids, g_strdup (g_ptr_array_index (ids, i)));
      gtk_string_list_splice (self->provider_names, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->provider_names)),
                              (const char * const *) strv);
    }
  if (adw_combo_row_get_selected (self->provider_row) != selected)
    adw_combo_row_set_selected (self->provider_row, selected);
  self->updating_providers = FALSE;

  update_models (self, !select_default);
  list_models (self, FALSE);

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "chat" : "no-provider");
}

static void
on_connections_changed (FwTryPage *self)
{
  update_providers (self, FALSE);
}

/* The archive: instructions, memory, conversations */

static void
set_text (GtkTextView *view,
          const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text ? text : "", -1);
}

static char *
get_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
rebuild_conversation_list (FwTryPage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->continue_search));
  g_autofree char *needle = g_utf8_casefold (query, -1);
  GListModel *conversations;
  GtkWidget *child;
  guint listed = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->continue_list))) != NULL)
    gtk_list_box_remove (self->continue_list, child);

  if (self->index == NULL)
    return;

  conversations = fw_archive_index_get_conversations (self->index);
  for (guint i = 0; i < g_list_model_get_n_items (conversations) && listed < MAX_LISTED_CONVERSATIONS; i++)
    {
      g_autoptr(FwArchiveConversation) conversation = g_list_model_get_item (conversations, i);
      const char *title = fw_archive_conversation_get_title (conversation);
      g_autofree char *haystack = g_utf8_casefold (title ? title : "", -1);
      GtkWidget *row;
      GtkWidget *label;

      if (*needle != '\0' && strstr (haystack, needle) == NULL)
        continue;

      label = gtk_label_new (title && *title ? title : _("Untitled"));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "fw-id",
                              g_strdup (fw_archive_conversation_get_id (conversation)), g_free);
      gtk_list_box_append (self->continue_list, row);
      listed++;
    }

  if (listed == 0)
    {
      GtkWidget *label = gtk_label_new (_("No conversation matches."));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_set_placeholder (self->continue_list, label);
    }
}

static void
update_continue_row (FwTryPage *self)
{
  FwArchiveConversation *conversation = NULL;

  if (self->index == NULL)
    {
      adw_action_row_set_subtitle (self->continue_row,
                                   _("Create an archive in the Archive step to continue a past conversation here."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button), FALSE);
      gtk_widget_set_visible (self->continue_clear, FALSE);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button), TRUE);
  if (self->continue_id != NULL)
    conversation = fw_archive_index_lookup (self->index, self->continue_id);

  if (conversation != NULL)
    {
      const char *title = fw_archive_conversation_get_title (conversation);
      /* Translators: the conversation being continued, by its title */
      g_autofree char *subtitle = g_strdup_printf (_("Continuing “%s”"), title && *title ? title : _("Untitled"));

      adw_action_row_set_subtitle (self->continue_row, subtitle);
    }
  else
    adw_action_row_set_subtitle (self->continue_row, _("A new conversation"));

  gtk_widget_set_visible (self->continue_clear, conversation != NULL);
}

static void
clear_conversation (FwTryPage *self)
{
  g_clear_pointer (&self->continue_id, g_free);
  g_clear_pointer (&self->history, json_array_unref);
  g_clear_pointer (&self->exchange, json_array_unref);
}

static void
start_new_conversation (FwTryPage *self)
{
  clear_conversation (self);
  self->history = json_array_new ();
  self->exchange = json_array_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->trimmed_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->saved_label), FALSE);
  fw_chat_view_clear (self->chat_view);
  update_continue_row (self);
  update_buttons (self);
}

static char *build_system_prompt (FwTryPage *self);

static void
show_trimmed (FwTryPage *self,
              gboolean   trimmed)
{
  gtk_widget_set_visible (GTK_WIDGET (self->trimmed_label), trimmed);
  if (trimmed)
    gtk_label_set_text (self->trimmed_label,
                        _("This conversation is long: its oldest messages were left out so that it fits what the model can read at once."));
}

static void
messages_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FwTryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) messages = fw_archive_index_load_messages_finish (FW_ARCHIVE_INDEX (source), result, &error);
  g_autofree char *system_prompt = NULL;
  g_autoptr(JsonArray) fitting = NULL;
  gboolean trimmed = FALSE;
  guint n, sent;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (messages == NULL)
    {
      fw_page_show_toast (FW_PAGE (self), error->message);
      start_new_conversation (self);
      return;
    }

  g_clear_pointer (&self->history, json_array_unref);
  self->history = json_array_ref (messages);

  /* What of it fits the budget: say at once when the oldest part will be
   * left out, and count only what is really sent. */
  system_prompt = build_system_prompt (self);
  fitting = fw_chat_build_messages (system_prompt, messages, NULL, FW_CHAT_DEFAULT_BUDGET, &trimmed);
  sent = json_array_get_length (fitting) - (system_prompt != NULL ? 1 : 0);
  show_trimmed (self, trimmed);

  /* Show the end of the earlier thread, dimmed, for context. */
  n = json_array_get_length (messages);
  if (sent > SHOWN_HISTORY)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u earlier message is sent along.",
                                                            "%u earlier messages are sent along.",
                                                            sent - SHOWN_HISTORY),
                                               sent - SHOWN_HISTORY);

      fw_chat_view_add_remark (self->chat_view, more);
    }
  for (guint i = n > SHOWN_HISTORY ? n - SHOWN_HISTORY : 0; i < n; i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      fw_chat_view_add_message (self->chat_view,
                                json_object_get_string_member_with_default (message, "role", "assistant"),
                                json_object_get_string_member_with_default (message, "content", ""), TRUE);
    }

  update_continue_row (self);
  update_buttons (self);
}

static void
on_conversation_activated (GtkListBox    *list,
                           GtkListBoxRow *row,
                           FwTryPage     *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "fw-id");

  gtk_popover_popdown (self->continue_popover);
  start_new_conversation (self);
  self->continue_id = g_strdup (id);
  update_continue_row (self);

  fw_archive_index_load_messages_async (self->index, id, self->load_cancellable,
                                        messages_loaded_cb, g_object_ref (self));
  /* what comes next is the question */
  if (gtk_widget_is_sensitive (GTK_WIDGET (self->question_entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->question_entry));
}

static void
index_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FwTryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FwArchiveIndex) index = fw_archive_index_load_finish (result, &error);
  g_autofree char *instructions = NULL;
  g_autofree char *memory = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (index == NULL)
    g_debug ("No archive to use: %s", error->message);

  g_set_object (&self->index, index);

  if (index != NULL)
    {
      instructions = fw_archive_index_build_system_prompt (index, TRUE, FALSE);
      memory = fw_archive_index_build_system_prompt (index, FALSE, TRUE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->instructions_row), instructions != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->memory_row), memory != NULL);
  set_text (self->instructions_view, instructions);
  set_text (self->memory_view, memory);
  if (instructions != NULL)
    adw_expander_row_set_subtitle (self->instructions_row,
                                   _("Found in your export. Sent first, so the new assistant knows you; edit them as you like."));
  if (memory != NULL)
    adw_expander_row_set_subtitle (self->memory_row,
                                   _("Found in your export. Sent along with the instructions when turned on."));

  rebuild_conversation_list (self);
  update_continue_row (self);
  update_buttons (self);
}

static void
load_archive (FwTryPage *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "archive-path");

  if (self->load_cancellable)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  if (*path == '\0')
    {
      g_clear_object (&self->index);
      gtk_widget_set_visible (GTK_WIDGET (self->instructions_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->memory_row), FALSE);
      update_continue_row (self);
      update_buttons (self);
      return;
    }

  fw_archive_index_load_async (path, self->load_cancellable, index_loaded_cb, g_object_ref (self));
}

/* Chatting */

static char *
build_system_prompt (FwTryPage *self)
{
  g_autoptr(GString) prompt = g_string_new (NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->instructions_row)) &&
      adw_expander_row_get_enable_expansion (self->instructions_row))
    {
      g_autofree char *text = get_text (self->instructions_view);

      g_string_append (prompt, g_strstrip (text));
    }

  if (gtk_widget_get_visible (GTK_WIDGET (self->memory_row)) &&
      adw_expander_row_get_enable_expansion (self->memory_row))
    {
      g_autofree char *text = get_text (self->memory_view);

      if (prompt->len > 0)
        g_string_append (prompt, "\n\n");
      g_string_append (prompt, g_strstrip (text));
    }

  if (prompt->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&prompt), FALSE);
}

static void
on_delta (const char *text,
          gpointer    user_data)
{
  FwTryPage *self = user_data;

  fw_chat_view_append_answer (self->chat_view, text);
  fw_chat_view_scroll_to_end (self->chat_view);
}

static void
stream_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FwTryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = fw_chat_stream_finish (result, &error);
  g_autofree char *question = g_object_steal_data (G_OBJECT (self), "fw-question");

  g_clear_object (&self->chat_cancellable);

  if (answer != NULL)
    {
      fw_chat_messages_add (self->history, "user", question);
      fw_chat_messages_add (self->history, "assistant", answer);
      fw_chat_messages_add (self->exchange, "user", question);
      fw_chat_messages_add (self->exchange, "assistant", answer);
      fw_chat_view_finish_answer (self->chat_view, answer, NULL, FALSE);
      fw_page_set_complete (FW_PAGE (self), TRUE);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped: keep what arrived, marked as such, out of the history. */
      fw_chat_view_finish_answer (self->chat_view, fw_chat_view_get_answer (self->chat_view),
                                  _("Stopped."), FALSE);
    }
  else
    fw_chat_view_finish_answer (self->chat_view, fw_chat_view_get_answer (self->chat_view),
                                error->message, TRUE);

  update_buttons (self);
  fw_chat_view_scroll_to_end (self->chat_view);
  gtk_widget_grab_focus (GTK_WIDGET (self->question_entry));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FwTryPage *self = FW_TRY_PAGE (widget);
  g_autofree char *question = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->question_entry))));
  g_autofree char *system_prompt = NULL;
  g_autoptr(JsonArray) messages = NULL;
  gboolean trimmed = FALSE;

  if (*question == '\0' || is_streaming (self) || selected_provider_id (self) == NULL)
    return;

  system_prompt = build_system_prompt (self);
  messages = fw_chat_build_messages (system_prompt, self->history, question,
                                     FW_CHAT_DEFAULT_BUDGET, &trimmed);

  show_trimmed (self, trimmed);
  /* What is saved no longer is all of it. */
  gtk_widget_set_visible (GTK_WIDGET (self->saved_label), FALSE);

  fw_chat_view_add_message (self->chat_view, "user", question, FALSE);
  fw_chat_view_begin_answer (self->chat_view);

  gtk_editable_set_text (GTK_EDITABLE (self->question_entry), "");
  g_object_set_data_full (G_OBJECT (self), "fw-question", g_steal_pointer (&question), g_free);

  self->chat_cancellable = g_cancellable_new ();
  update_buttons (self);
  fw_chat_view_scroll_to_end (self->chat_view);

  fw_chat_stream_async (selected_provider_id (self), NULL, selected_model (self), messages,
                        self->chat_cancellable,
                        on_delta, self, NULL,
                        stream_cb, g_object_ref (self));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FwTryPage *self = FW_TRY_PAGE (widget);

  if (self->chat_cancellable != NULL)
    g_cancellable_cancel (self->chat_cancellable);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FwTryPage *self = FW_TRY_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *id = selected_provider_id (self);
  FwProvider *provider = id ? fw_provider_catalog_lookup (fw_provider_catalog_get_default (), id) : NULL;

  path = fw_archive_index_save_exchange (self->index, self->continue_id,
                                         provider ? fw_provider_get_name (provider) : id,
                                         selected_model (self), self->exchange, &error);
  if (path == NULL)
    fw_page_show_toast (FW_PAGE (self), error->message);
  else
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *message = g_strdup_printf (_("Saved as %s in the archive"), base);

      /* Beside the entry, wrapping anywhere in the long file name: a toast
       * is one line and cut it off, even 760 pixels wide. */
      gtk_label_set_text (self->saved_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->saved_label), TRUE);
    }
}

static void
new_conversation_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  FwTryPage *self = FW_TRY_PAGE (widget);

  if (!is_streaming (self))
    start_new_conversation (self);
}

static void
on_entry_activate (FwTryPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "try.send", NULL);
}

static void
fw_try_page_shown (FwPage *page)
{
  FwTryPage *self = FW_TRY_PAGE (page);

  /* Ask the provider again which models it offers, once per visit. */
  self->was_shown = TRUE;
  g_clear_pointer (&self->listing_id, g_free);
  update_providers (self, TRUE);
  load_archive (self);
}

static void
fw_try_page_dispose (GObject *object)
{
  FwTryPage *self = FW_TRY_PAGE (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->chat_cancellable)
    g_cancellable_cancel (self->chat_cancellable);
  if (self->load_cancellable)
    g_cancellable_cancel (self->load_cancellable);
  if (self->models_cancellable)
    g_cancellable_cancel (self->models_cancellable);
  g_clear_object (&self->chat_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->models_cancellable);

  G_OBJECT_CLASS (fw_try_page_parent_class)->dispose (object);
}

static void
fw_try_page_finalize (GObject *object)
{
  FwTryPage *self = FW_TRY_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->index);
  g_clear_object (&self->provider_names);
  g_clear_object (&self->models);
  g_clear_pointer (&self->models_id, g_free);
  g_clear_pointer (&self->listing_id, g_free);
  g_clear_pointer (&self->listed_id, g_free);
  g_clear_pointer (&self->listed, g_strfreev);
  g_clear_pointer (&self->provider_ids, g_ptr_array_unref);
  clear_conversation (self);

  G_OBJECT_CLASS (fw_try_page_parent_class)->finalize (object);
}

static void
fw_try_page_class_init (FwTryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FwPageClass *page_class = FW_PAGE_CLASS (klass);

  g_type_ensure (FW_TYPE_CHAT_VIEW);

  object_class->dispose = fw_try_page_dispose;
  object_class->finalize = fw_try_page_finalize;
  page_class->shown = fw_try_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/try/fw-try-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, provider_row);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, instructions_row);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, instructions_view);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, memory_row);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, memory_view);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, continue_row);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, continue_button);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, continue_popover);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, continue_search);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, continue_list);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, continue_clear);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, trimmed_label);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, saved_label);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, chat_view);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, question_entry);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, FwTryPage, save_button);

  gtk_widget_class_install_action (widget_class, "try.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "try.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "try.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "try.new-conversation", NULL, new_conversation_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "try.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "try.save", NULL);
}

static void
fw_try_page_init (FwTryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = fw_settings_new ();
  self->provider_names = gtk_string_list_new (NULL);
  self->provider_ids = g_ptr_array_new_with_free_func (g_free);
  self->models = gtk_string_list_new (NULL);
  self->history = json_array_new ();
  self->exchange = json_array_new ();

  adw_combo_row_set_model (self->provider_row, G_LIST_MODEL (self->provider_names));
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (self->models));
  g_signal_connect_swapped (self->provider_row, "notify::selected", G_CALLBACK (on_provider_selected), self);
  g_signal_connect_swapped (self->model_row, "notify::selected", G_CALLBACK (on_model_selected), self);

  g_settings_bind (self->settings, "use-custom-instructions",
                   self->instructions_row, "enable-expansion", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "use-memory",
                   self->memory_row, "enable-expansion", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_swapped (self->question_entry, "changed", G_CALLBACK (update_buttons), self);
  g_signal_connect_swapped (self->question_entry, "activate", G_CALLBACK (on_entry_activate), self);
  g_signal_connect_swapped (self->continue_search, "search-changed", G_CALLBACK (rebuild_conversation_list), self);
  g_signal_connect (self->continue_list, "row-activated", G_CALLBACK (on_conversation_activated), self);
  g_signal_connect_swapped (self->settings, "changed::connected-providers", G_CALLBACK (on_connections_changed), self);
  g_signal_connect_swapped (self->settings, "changed::archive-path", G_CALLBACK (load_archive), self);

  update_providers (self, TRUE);
  update_continue_row (self);
  update_buttons (self);
}
