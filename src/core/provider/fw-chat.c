/* fw-chat.c — streaming chat with a connected provider
 *
 * One worker thread per answer runs libcurl and the SSE parser. Pieces of
 * the answer are gathered under a lock and handed to the caller's main
 * context at most every 100 ms; the end of the answer is also delivered
 * there, after the last piece, so the order is always right. Cancelling
 * completes at once; the worker notices within a moment and stops.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "fw-chat.h"
#include "fw-connections.h"
#include "fw-http.h"
#include "fw-keyring.h"
#include "fw-provider-catalog.h"
#include "fw-provider-client.h"
#include "fw-provider-response.h"
#include "fw-sse-parser.h"

#define DELTA_INTERVAL_US (100 * G_TIME_SPAN_MILLISECOND)
#define STREAM_LOW_SPEED_S 120
#define RAW_KEEP (64 * 1024)

typedef struct {
  gatomicrefcount  ref;

  GMainContext    *context;
  GCancellable    *cancellable;
  gulong           cancel_id;
  GTask           *task;            /* until returned; context thread only */
  gboolean         returned;        /* context thread only */

  FwProvider      *provider;
  char            *base_url;
  char            *model;
  char            *body;            /* the request JSON */

  FwChatDeltaFunc  on_delta;
  gpointer         delta_data;
  GDestroyNotify   delta_destroy;

  /* Worker thread only. */
  char            *key;
  FwSseParser     *parser;
  GString         *answer;
  GString         *raw;             /* the beginning, when no event came */
  gboolean         seen_event;
  gboolean         done;
  gboolean         finished;

  /* Shared, under the lock. */
  GMutex           lock;
  GString         *pending;
  gboolean         dispatch_scheduled;
  gint64           last_dispatch;
  char            *result;
  GError          *error;
} ChatState;

static ChatState *
chat_state_ref (ChatState *state)
{
  g_atomic_ref_count_inc (&state->ref);
  return state;
}

static void
chat_state_unref (ChatState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref))
    return;

  /* Normally done when the operation completed, in the caller's context. */
  if (state->delta_destroy != NULL && state->delta_data != NULL)
    state->delta_destroy (state->delta_data);

  g_clear_object (&state->task);
  g_clear_object (&state->cancellable);
  g_clear_object (&state->provider);
  g_main_context_unref (state->context);
  g_free (state->base_url);
  g_free (state->model);
  g_free (state->body);
  fw_secure_free (state->key);
  g_clear_pointer (&state->parser, fw_sse_parser_free);
  if (state->answer)
    g_string_free (state->answer, TRUE);
  if (state->raw)
    g_string_free (state->raw, TRUE);
  g_string_free (state->pending, TRUE);
  g_free (state->result);
  g_clear_error (&state->error);
  g_mutex_clear (&state->lock);
  g_free (state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChatState, chat_state_unref)

/* Context thread: hands the gathered text to the caller. */
static void
flush_pending (ChatState *state)
{
  g_autofree char *text = NULL;

  g_mutex_lock (&state->lock);
  if (state->pending->len > 0)
    {
      text = g_strdup (state->pending->str);
      g_string_truncate (state->pending, 0);
    }
  state->dispatch_scheduled = FALSE;
  state->last_dispatch = g_get_monotonic_time ();
  g_mutex_unlock (&state->lock);

  if (text != NULL && !state->returned && state->on_delta != NULL &&
      !g_cancellable_is_cancelled (state->cancellable))
    state->on_delta (text, state->delta_data);
}

static gboolean
dispatch_cb (gpointer user_data)
{
  flush_pending (user_data);
  return G_SOURCE_REMOVE;
}

/* Context thread: completes the operation once. */
static void
complete (ChatState *state,
          char      *answer,
          GError    *error)
{
  g_autoptr(GTask) task = NULL;

  if (state->returned)
    {
      g_free (answer);
      g_clear_error (&error);
      return;
    }

  /* what arrived before the end, or before the error that ended it (after a
   * cancel, nothing more is handed over) */
  flush_pending (state);

  state->returned = TRUE;
  task = g_steal_pointer (&state->task);

  if (state->cancel_id != 0)
    {
      g_cancellable_disconnect (state->cancellable, state->cancel_id);
      state->cancel_id = 0;
    }

  if (error != NULL)
    {
      g_free (answer);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, answer, g_free);

  if (state->delta_destroy != NULL && state->delta_data != NULL)
    state->delta_destroy (state->delta_data);
  state->delta_destroy = NULL;
  state->delta_data = NULL;
}

static gboolean
finished_cb (gpointer user_data)
{
  ChatState *state = user_data;
  char *result;
  GError *error;

  g_mutex_lock (&state->lock);
  result = g_steal_pointer (&state->result);
  error = g_steal_pointer (&state->error);
  g_mutex_unlock (&state->lock);

  complete (state, result, error);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  ChatState *state = user_data;

  complete (state, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                              _("Stopped")));
  return G_SOURCE_REMOVE;
}

static void
attach_source (ChatState   *state,
               GSource     *source,
               GSourceFunc  func)
{
  g_source_set_callback (source, func, chat_state_ref (state),
                         (GDestroyNotify) chat_state_unref);
  g_source_attach (source, state->context);
  g_source_unref (source);
}

/* Any thread (the one that cancels). Never completes synchronously: that
 * could re-enter the caller inside g_cancellable_cancel(). */
static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  ChatState *state = user_data;

  attach_source (state, g_idle_source_new (), cancelled_idle_cb);
}

/* Worker thread: gather a piece and make sure a dispatch is coming. */
static void
queue_delta (ChatState  *state,
             const char *text)
{
  g_mutex_lock (&state->lock);
  g_string_append (state->pending, text);
  if (!state->dispatch_scheduled)
    {
      gint64 since = g_get_monotonic_time () - state->last_dispatch;
      guint delay_ms = since >= DELTA_INTERVAL_US ? 0
                       : (guint) ((DELTA_INTERVAL_US - since) / G_TIME_SPAN_MILLISECOND);

      state->dispatch_scheduled = TRUE;
      attach_source (state, g_timeout_source_new (delay_ms), dispatch_cb);
    }
  g_mutex_unlock (&state->lock);
}

static gboolean
on_event (const char  *event,
          const char  *data,
          gsize        len,
          gpointer     user_data,
          GError     **error)
{
  ChatState *state = user_data;
  g_autofree char *delta = NULL;
  gboolean finished = FALSE, done = FALSE;

  state->seen_event = TRUE;

  if (!fw_provider_response_parse_chunk (data, len, fw_provider_get_name (state->provider),
                                         state->key, &delta, &finished, &done, error))
    return FALSE;

  if (delta != NULL)
    {
      g_string_append (state->answer, delta);
      queue_delta (state, delta);
    }
  if (finished)
    state->finished = TRUE;
  if (done)
    {
      state->done = TRUE;
      return FALSE; /* stop reading: the answer is complete */
    }

  return TRUE;
}

static gboolean
on_chunk (const char  *data,
          gsize        len,
          gpointer     user_data,
          GError     **error)
{
  ChatState *state = user_data;

  if (!state->seen_event && state->raw->len < RAW_KEEP)
    g_string_append_len (state->raw, data, MIN (len, RAW_KEEP - state->raw->len));

  if (!fw_sse_parser_feed (state->parser, data, len, error))
    return FALSE;

  return !fw_sse_parser_is_stopped (state->parser);
}

static char *
run_chat (ChatState  *state,
          GError    **error)
{
  g_autofree char *url = g_strconcat (state->base_url, "/chat/completions", NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) keyring_error = NULL;
  guint status = 0;
  FwHttpRequest req = {
    .method = "POST",
    .url = url,
    .body = state->body,
    .event_stream = TRUE,
    .low_speed_time_s = STREAM_LOW_SPEED_S,
  };

  if (!fw_http_check_url (state->base_url, error))
    return NULL;

  state->key = fw_keyring_lookup_sync (fw_provider_get_id (state->provider),
                                       state->base_url, state->cancellable,
                                       &keyring_error);
  if (state->key == NULL && fw_provider_get_needs_key (state->provider))
    {
      if (keyring_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&keyring_error));
          return NULL;
        }
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NO_KEY,
                   _("No API key for %s is stored in the keyring. Connect the provider again."),
                   fw_provider_get_name (state->provider));
      return NULL;
    }
  if (g_error_matches (keyring_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&keyring_error));
      return NULL;
    }

  req.bearer = state->key;
  state->parser = fw_sse_parser_new (FW_SSE_DEFAULT_MAX_LINE, on_event, state);
  state->answer = g_string_new (NULL);
  state->raw = g_string_new (NULL);

  if (!fw_http_perform (&req, on_chunk, state, state->cancellable, &status, &body, error))
    return NULL;

  if (status < 200 || status >= 300)
    {
      gsize len = 0;
      const char *data = body ? g_bytes_get_data (body, &len) : NULL;
      g_propagate_error (error, fw_provider_error_from_status (status, data, len,
                                                               fw_provider_get_name (state->provider),
                                                               state->key));
      return NULL;
    }

  if (!state->done && !fw_sse_parser_finish (state->parser, error))
    return NULL;

  if (!state->seen_event)
    {
      /* A server that ignored "stream": a whole answer at once. */
      g_autofree char *whole = fw_provider_response_parse_completion (state->raw->str,
                                                                      state->raw->len);
      if (whole == NULL)
        {
          g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL,
                       _("%s did not answer like an OpenAI-compatible chat service. Check the address."),
                       fw_provider_get_name (state->provider));
          return NULL;
        }
      queue_delta (state, whole);
      return g_steal_pointer (&whole);
    }

  if (!state->done && !state->finished)
    {
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NETWORK,
                   _("The connection to %s ended before the answer was complete. Try again."),
                   fw_provider_get_name (state->provider));
      return NULL;
    }

  return g_strdup (state->answer->str);
}

static gpointer
chat_thread (gpointer data)
{
  g_autoptr(ChatState) state = data;
  GError *error = NULL;
  char *answer;

  answer = run_chat (state, &error);

  /* The key is not needed any more. */
  g_clear_pointer (&state->key, fw_secure_free);

  g_mutex_lock (&state->lock);
  state->result = answer;
  state->error = error;
  g_mutex_unlock (&state->lock);

  attach_source (state, g_idle_source_new (), finished_cb);
  return NULL;
}

static char *
build_body (const char *model,
            JsonArray  *messages)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonNode *array_node;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);
  json_builder_set_member_name (builder, "messages");
  array_node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (array_node, messages);
  json_builder_add_value (builder, array_node);
  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

void
fw_chat_stream_async (const char          *provider_id,
                      const char          *base_url,
                      const char          *model,
                      JsonArray           *messages,
                      GCancellable        *cancellable,
                      FwChatDeltaFunc      on_delta,
                      gpointer             delta_data,
                      GDestroyNotify       delta_destroy,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(FwConnection) connection = NULL;
  ChatState *state;
  FwProvider *provider;

  g_return_if_fail (provider_id != NULL);
  g_return_if_fail (messages != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fw_chat_stream_async);
  g_task_set_check_cancellable (task, FALSE);

  provider = fw_provider_catalog_lookup (fw_provider_catalog_get_default (), provider_id);
  if (provider == NULL)
    {
      if (delta_destroy != NULL && delta_data != NULL)
        delta_destroy (delta_data);
      g_task_return_new_error (task, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNKNOWN_PROVIDER,
                               _("“%s” is not a provider Farewell knows."), provider_id);
      return;
    }

  connection = fw_connections_lookup (provider_id);

  state = g_new0 (ChatState, 1);
  g_atomic_ref_count_init (&state->ref);
  g_mutex_init (&state->lock);
  state->context = g_main_context_ref_thread_default ();
  state->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  state->task = g_steal_pointer (&task);
  state->provider = g_object_ref (provider);
  state->pending = g_string_new (NULL);
  state->on_delta = on_delta;
  state->delta_data = delta_data;
  state->delta_destroy = delta_destroy;

  if (base_url != NULL && *base_url != '\0')
    state->base_url = fw_provider_normalize_base_url (base_url);
  else if (connection != NULL)
    state->base_url = fw_provider_normalize_base_url (fw_connection_get_base_url (connection));
  else
    state->base_url = fw_provider_normalize_base_url (fw_provider_get_base_url (provider));

  if (model != NULL && *model != '\0')
    state->model = g_strdup (model);
  else if (connection != NULL && *fw_connection_get_model (connection) != '\0')
    state->model = g_strdup (fw_connection_get_model (connection));
  else
    state->model = g_strdup (fw_provider_get_suggested_model (provider));

  if (state->model == NULL)
    {
      complete (state, NULL,
                g_error_new (FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_BAD_REQUEST,
                             _("No model is chosen for %s. Choose one first."),
                             fw_provider_get_name (provider)));
      chat_state_unref (state);
      return;
    }

  state->body = build_body (state->model, messages);

  state->cancel_id = g_cancellable_connect (state->cancellable, G_CALLBACK (on_cancelled),
                                            chat_state_ref (state),
                                            (GDestroyNotify) chat_state_unref);

  g_thread_unref (g_thread_new ("fw-chat", chat_thread, state)); /* takes our ref */
}

char *
fw_chat_stream_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fw_chat_messages_add (JsonArray  *messages,
                      const char *role,
                      const char *content)
{
  JsonObject *obj = json_object_new ();

  json_object_set_string_member (obj, "role", role);
  json_object_set_string_member (obj, "content", content);
  json_array_add_object_element (messages, obj);
}

static gboolean
message_parts (JsonNode    *node,
               const char **role,
               const char **content)
{
  JsonObject *obj;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  obj = json_node_get_object (node);
  *role = json_object_get_string_member_with_default (obj, "role", NULL);
  *content = json_object_get_string_member_with_default (obj, "content", NULL);
  if (*role == NULL || *content == NULL || **content == '\0')
    return FALSE;
  return g_str_equal (*role, "user") || g_str_equal (*role, "assistant") ||
         g_str_equal (*role, "system");
}

JsonArray *
fw_chat_build_messages (const char *system_prompt,
                        JsonArray  *history,
                        const char *question,
                        gsize       budget_chars,
                        gboolean   *out_trimmed)
{
  JsonArray *messages = json_array_new ();
  gsize used = 0;
  guint n = history != NULL ? json_array_get_length (history) : 0;
  guint first = n; /* index of the oldest history message kept */
  gboolean trimmed = FALSE;
  guint n_valid = 0;

  if (system_prompt != NULL && *system_prompt != '\0')
    used += g_utf8_strlen (system_prompt, -1);
  if (question != NULL)
    used += g_utf8_strlen (question, -1);

  for (guint i = 0; i < n; i++)
    {
      const char *role, *content;
      if (message_parts (json_array_get_element (history, i), &role, &content))
        n_valid++;
    }

  /* Walk back from the newest message while it fits. */
  for (guint i = n; i > 0; i--)
    {
      const char *role, *content;
      gsize len;

      if (!message_parts (json_array_get_element (history, i - 1), &role, &content))
        continue;
      len = g_utf8_strlen (content, -1);
      if (used + len > budget_chars)
        {
          trimmed = TRUE;
          break;
        }
      used += len;
      first = i - 1;
    }

  if (system_prompt != NULL && *system_prompt != '\0')
    fw_chat_messages_add (messages, "system", system_prompt);

  {
    gboolean skip_assistant = trimmed;
    guint kept = 0;

    for (guint i = first; i < n; i++)
      {
        const char *role, *content;

        if (!message_parts (json_array_get_element (history, i), &role, &content))
          continue;
        /* After a cut, start with a question, not an orphaned answer. */
        if (skip_assistant && g_str_equal (role, "assistant"))
          continue;
        skip_assistant = FALSE;
        fw_chat_messages_add (messages, role, content);
        kept++;
      }
    if (kept < n_valid)
      trimmed = TRUE;
  }

  if (question != NULL)
    fw_chat_messages_add (messages, "user", question);

  if (out_trimmed)
    *out_trimmed = trimmed;
  return messages;
}
