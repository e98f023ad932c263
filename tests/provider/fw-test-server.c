/* fw-test-server.c — a local OpenAI-compatible server for the tests
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "fw-test-server.h"

struct _FwTestServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  gboolean      https;
  guint         port;

  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  char         *last_body;
  char         *last_path;
  char         *answer;    /* replaces the echo answer when set */
  guint         n_requests;
  GList        *streams;   /* server thread only */
};

const char *
fw_test_server_get_cert_file (void)
{
  return g_getenv ("FAREWELL_TEST_CERT");
}

/* Streaming: pieces appended to a paused chunked message, one per tick. */

typedef struct {
  FwTestServer      *server;
  SoupServerMessage *msg;
  GPtrArray         *pieces;   /* GBytes */
  guint              next;
  guint              interval_ms;
  GSource           *source;
  gboolean           finished;
  gulong             finished_id;
} Stream;

static void
stream_free (Stream *s)
{
  s->server->streams = g_list_remove (s->server->streams, s);
  if (s->source != NULL)
    {
      g_source_destroy (s->source);
      g_source_unref (s->source);
    }
  if (s->finished_id != 0)
    g_signal_handler_disconnect (s->msg, s->finished_id);
  g_object_unref (s->msg);
  g_ptr_array_unref (s->pieces);
  g_free (s);
}

static gboolean
stream_tick (gpointer data)
{
  Stream *s = data;
  SoupMessageBody *body;

  if (s->finished)
    {
      g_clear_pointer (&s->source, g_source_unref);
      stream_free (s);
      return G_SOURCE_REMOVE;
    }

  body = soup_server_message_get_response_body (s->msg);
  if (s->next < s->pieces->len)
    {
      GBytes *piece = g_ptr_array_index (s->pieces, s->next);

      /* An empty piece holds the stream open without a byte more, until
       * the client gives up. */
      if (g_bytes_get_size (piece) == 0)
        return G_SOURCE_CONTINUE;
      s->next++;
      soup_message_body_append_bytes (body, piece);
      soup_server_message_unpause (s->msg);
      return G_SOURCE_CONTINUE;
    }

  soup_message_body_complete (body);
  soup_server_message_unpause (s->msg);
  g_clear_pointer (&s->source, g_source_unref);
  stream_free (s);
  return G_SOURCE_REMOVE;
}

static void
stream_on_finished (SoupServerMessage *msg,
                    gpointer           data)
{
  Stream *s = data;
  s->finished = TRUE;
}

static void
start_stream (FwTestServer      *self,
              SoupServerMessage *msg,
              GPtrArray         *pieces,
              guint              interval_ms)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Stream *s = g_new0 (Stream, 1);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);

  s->server = self;
  s->msg = g_object_ref (msg);
  s->pieces = pieces;
  s->interval_ms = interval_ms;
  s->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (stream_on_finished), s);
  s->source = g_timeout_source_new (interval_ms);
  g_source_set_callback (s->source, stream_tick, s, NULL);
  g_source_attach (s->source, self->context);
  self->streams = g_list_prepend (self->streams, s);

  soup_server_message_pause (msg);
}

/* Splits @text into pieces of 1–7 bytes, cutting anywhere (inside UTF-8
 * characters and CRLF pairs too). Deterministic. */
static GPtrArray *
split_pieces (const char *text,
              gsize       len)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint32 seed = 12345;
  gsize pos = 0;

  while (pos < len)
    {
      gsize n;
      seed = seed * 1103515245 + 12345;
      n = 1 + (seed >> 16) % 7;
      n = MIN (n, len - pos);
      g_ptr_array_add (pieces, g_bytes_new (text + pos, n));
      pos += n;
    }
  return pieces;
}

static char *
delta_event (const char *content,
             const char *finish_reason)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "object");
  json_builder_add_string_value (b, "chat.completion.chunk");
  json_builder_set_member_name (b, "choices");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "index");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "delta");
  json_builder_begin_object (b);
  if (content != NULL)
    {
      json_builder_set_member_name (b, "content");
      json_builder_add_string_value (b, content);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "finish_reason");
  if (finish_reason != NULL)
    json_builder_add_string_value (b, finish_reason);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, FALSE);
  json = json_generator_to_data (gen, NULL);
  return g_strdup_printf ("data: %s", json);
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

static void
models_answer (SoupServerMessage *msg)
{
  set_json (msg, 200,
            "{\"object\":\"list\",\"data\":["
            "{\"id\":\"test-model-b\",\"object\":\"model\"},"
            "{\"id\":\"mistral-large-latest\",\"object\":\"model\"},"
            "{\"id\":\"test-model-a\",\"object\":\"model\"},"
            "{\"id\":\"test-model-a\",\"object\":\"model\"}]}");
}

typedef struct {
  SoupServerMessage *msg;
  char              *kind;
} Delayed;

static gboolean
slow_answer_cb (gpointer data)
{
  Delayed *d = data;

  models_answer (d->msg);
  soup_server_message_unpause (d->msg);
  g_object_unref (d->msg);
  g_free (d->kind);
  g_free (d);
  return G_SOURCE_REMOVE;
}

typedef enum {
  STYLE_OPENAI,
  STYLE_GEMINI,
  STYLE_ANTHROPIC,
  STYLE_INFOMANIAK,
} ErrorStyle;

/* A refused key, in the words of the provider whose prefix was used;
 * FALSE for the OpenAI style (check_auth words it). */
static gboolean
refuse_in_style (SoupServerMessage *msg,
                 ErrorStyle         style)
{
  switch (style)
    {
    case STYLE_GEMINI:
      set_json (msg, 400,
                "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
                "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}");
      return TRUE;
    case STYLE_ANTHROPIC:
      set_json (msg, 401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
      return TRUE;
    case STYLE_INFOMANIAK:
      set_json (msg, 401, "{\"result\":\"error\",\"error\":{\"code\":\"not_authorized\",\"description\":\"Authorization required\"}}");
      return TRUE;
    case STYLE_OPENAI:
    default:
      return FALSE;
    }
}

/* Answers a key check; TRUE when the key is valid. */
static gboolean
check_auth_styled (FwTestServer      *self,
                   SoupServerMessage *msg,
                   gboolean           local,
                   ErrorStyle         style)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *key = auth != NULL && g_str_has_prefix (auth, "Bearer ") ? auth + 7 : NULL;
  g_autofree char *json = NULL;

  if (local && key == NULL)
    return TRUE;

  if (key != NULL && g_str_has_prefix (key, "test-key-"))
    return TRUE;

  if (key == NULL)
    {
      set_json (msg, 401, "{\"error\":{\"message\":\"You didn't provide an API key.\"}}");
    }
  else if (g_str_has_prefix (key, "test-bad-") && refuse_in_style (msg, style))
    ;
  else if (g_str_has_prefix (key, "test-bad-"))
    {
      json = g_strdup_printf ("{\"error\":{\"message\":\"Incorrect API key provided: %s. Check it.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}", key);
      set_json (msg, 401, json);
    }
  else if (g_str_has_prefix (key, "test-detail-"))
    {
      json = g_strdup_printf ("{\"detail\":\"Forbidden for %s\"}", key);
      set_json (msg, 403, json);
    }
  else if (g_str_equal (key, "test-ratelimit"))
    set_json (msg, 429, "{\"error\":{\"message\":\"Rate limit reached for requests\"}}");
  else if (g_str_equal (key, "test-payment"))
    set_json (msg, 402, "{\"error\":{\"message\":\"Insufficient credits\",\"code\":402}}");
  else if (g_str_equal (key, "test-servererror"))
    {
      soup_server_message_set_status (msg, 500, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html>oops</html>", 17);
    }
  else if (g_str_equal (key, "test-garbage"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html>hello</html>", 18);
    }
  else if (g_str_equal (key, "test-slow"))
    {
      Delayed *d = g_new0 (Delayed, 1);
      GSource *source = g_timeout_source_new (4000);

      d->msg = g_object_ref (msg);
      g_source_set_callback (source, slow_answer_cb, d, NULL);
      g_source_attach (source, self->context);
      g_source_unref (source);
      soup_server_message_pause (msg);
    }
  else
    set_json (msg, 401, "{\"error\":{\"message\":\"Invalid key\"}}");

  return FALSE;
}

static gboolean
check_auth (FwTestServer      *self,
            SoupServerMessage *msg,
            gboolean           local)
{
  return check_auth_styled (self, msg, local, STYLE_OPENAI);
}

static const char echo_stream[] =
  ": keep-alive\n\n"
  "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\r\n\r\n"
  "data: {\"choices\":[{\"delta\":{\"content\":\"Bonjour ! \"}}]}\n\n"
  ": ping\n\n"
  "data: {\"choices\":[{\"delta\":{\"content\":\"Ça va ? 😀 \"}}]}\n\n"
  "data: {\"choices\":[{\"delta\":{\"content\":\"日本語\"}}]}\r\n\r\n"
  ": ping\r\n\r\n"
  "data: {\"choices\":[{\"delta\":{\"content\":\" — fin.\"},\"finish_reason\":null}]}\n\n"
  "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
  "data: [DONE]\n\n";

static void
chat_answer (FwTestServer      *self,
             SoupServerMessage *msg,
             const char        *model)
{
  if (g_str_equal (model, "status-401"))
    set_json (msg, 401, "{\"error\":{\"message\":\"Your key was revoked\"}}");
  else if (g_str_equal (model, "status-429"))
    set_json (msg, 429, "{\"error\":{\"message\":\"Too many requests, slow down\"}}");
  else if (g_str_equal (model, "status-500"))
    set_json (msg, 500, "{\"error\":{\"message\":\"Internal error\"}}");
  else if (g_str_equal (model, "not-streaming"))
    set_json (msg, 200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Whole answer.\"},\"finish_reason\":\"stop\"}]}");
  else if (g_str_equal (model, "slow-stream"))
    {
      GPtrArray *pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      for (guint i = 0; i < 300; i++)
        {
          g_autofree char *ev = delta_event ("tick ", NULL);
          g_autofree char *full = g_strconcat (ev, "\n\n", NULL);
          g_ptr_array_add (pieces, g_bytes_new (full, strlen (full)));
        }
      start_stream (self, msg, pieces, 100);
    }
  else if (g_str_equal (model, "stall"))
    {
      GPtrArray *pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      g_autofree char *a = delta_event ("The answer starts, ", NULL);
      g_autofree char *b = delta_event ("then the server stalls", NULL);
      g_autofree char *text = g_strdup_printf ("%s\n\n%s\n\n", a, b);

      g_ptr_array_add (pieces, g_bytes_new (text, strlen (text)));
      g_ptr_array_add (pieces, g_bytes_new (NULL, 0));
      start_stream (self, msg, pieces, 20);
    }
  else if (g_str_equal (model, "error-event"))
    {
      g_autofree char *a = delta_event ("Part one, ", NULL);
      g_autofree char *b = delta_event ("part two", NULL);
      g_autofree char *text = g_strdup_printf ("%s\n\n%s\n\ndata: {\"error\":{\"message\":\"The model is overloaded\",\"type\":\"server_error\"}}\n\n", a, b);
      start_stream (self, msg, split_pieces (text, strlen (text)), 2);
    }
  else if (g_str_equal (model, "no-done"))
    {
      g_autofree char *a = delta_event ("Half an ", NULL);
      g_autofree char *b = delta_event ("answer", NULL);
      g_autofree char *text = g_strdup_printf ("%s\n\n%s\n\n", a, b);
      start_stream (self, msg, split_pieces (text, strlen (text)), 2);
    }
  else if (g_str_equal (model, "huge-line"))
    {
      GPtrArray *pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      gsize chunk = 256 * 1024;
      char *block = g_malloc (chunk);

      memset (block, 'x', chunk);
      memcpy (block, "data: ", 6);
      g_ptr_array_add (pieces, g_bytes_new (block, chunk));
      memset (block, 'x', 6);
      for (guint i = 1; i < 40; i++) /* 10 MB */
        g_ptr_array_add (pieces, g_bytes_new (block, chunk));
      g_free (block);
      start_stream (self, msg, pieces, 1);
    }
  else if (g_str_equal (model, "close-mid"))
    {
      GIOStream *stream = soup_server_message_steal_connection (msg);
      GOutputStream *out = g_io_stream_get_output_stream (stream);
      g_autofree char *ev = delta_event ("Only the beginning", NULL);
      g_autofree char *chunk = g_strdup_printf ("%s\n\n", ev);
      g_autofree char *raw = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                              "Content-Type: text/event-stream\r\n"
                                              "Transfer-Encoding: chunked\r\n"
                                              "\r\n"
                                              "%zx\r\n%s\r\n",
                                              strlen (chunk), chunk);

      g_output_stream_write_all (out, raw, strlen (raw), NULL, NULL, NULL);
      g_output_stream_flush (out, NULL, NULL);
      g_io_stream_close (stream, NULL, NULL);
      g_object_unref (stream);
    }
  else
    {
      g_autofree char *answer = NULL;

      g_mutex_lock (&self->lock);
      answer = g_strdup (self->answer);
      g_mutex_unlock (&self->lock);

      if (answer != NULL)
        {
          /* One event a word, the spaces kept: a readable demo answer. */
          GPtrArray *pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
          const char *p = answer;

          while (*p != '\0')
            {
              const char *end = strchr (p + 1, ' ');
              g_autofree char *word = end ? g_strndup (p, end - p) : g_strdup (p);
              g_autofree char *ev = delta_event (word, NULL);
              g_autofree char *full = g_strconcat (ev, "\n\n", NULL);

              g_ptr_array_add (pieces, g_bytes_new (full, strlen (full)));
              p = end ? end : p + strlen (p);
            }
          {
            static const char tail[] = "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
            g_ptr_array_add (pieces, g_bytes_new (tail, strlen (tail)));
          }
          start_stream (self, msg, pieces, 5);
        }
      else
        start_stream (self, msg, split_pieces (echo_stream, strlen (echo_stream)), 5);
    }
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  FwTestServer *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  gboolean local = FALSE, nomodels = FALSE, openrouter = FALSE, public_models = FALSE;
  ErrorStyle style = STYLE_OPENAI;
  const char *rest = path;

  g_mutex_lock (&self->lock);
  g_free (self->last_path);
  self->last_path = g_uri_get_query (uri) != NULL
                    ? g_strconcat (path, "?", g_uri_get_query (uri), NULL)
                    : g_strdup (path);
  self->n_requests++;
  g_mutex_unlock (&self->lock);

  if (g_str_has_prefix (rest, "/local/"))
    local = TRUE, rest += 6;
  else if (g_str_has_prefix (rest, "/nomodels/"))
    nomodels = TRUE, rest += 9;
  else if (g_str_has_prefix (rest, "/openrouter/"))
    openrouter = TRUE, rest += 11;
  else if (g_str_has_prefix (rest, "/public/"))
    public_models = TRUE, rest += 7;
  else if (g_str_has_prefix (rest, "/gemini/"))
    style = STYLE_GEMINI, rest += 7;
  else if (g_str_has_prefix (rest, "/anthropic/"))
    style = STYLE_ANTHROPIC, rest += 10;
  else if (g_str_has_prefix (rest, "/infomaniak/"))
    {
      const char *id = rest + 12;
      gsize digits = strspn (id, "0123456789");

      style = STYLE_INFOMANIAK;
      rest = id + digits;
      /* Only digits name a product, and only chat is offered there. */
      if (digits == 0 || !g_str_equal (rest, "/v1/chat/completions"))
        {
          set_json (msg, 404, "{\"result\":\"error\",\"error\":{\"code\":\"not_found\",\"description\":\"Object not found\"}}");
          return;
        }
    }

  if (g_str_equal (rest, "/v1/models") && g_str_equal (method, "GET"))
    {
      if (nomodels)
        {
          set_json (msg, 404, "{}");
          return;
        }
      if (openrouter || public_models) /* public, like OpenRouter's */
        {
          models_answer (msg);
          return;
        }
      if (style == STYLE_ANTHROPIC)
        {
          /* Anthropic's own model list wants the key in x-api-key. */
          set_json (msg, 401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"x-api-key header is required\"}}");
          return;
        }
      if (check_auth_styled (self, msg, local, style))
        models_answer (msg);
      return;
    }

  if (g_str_equal (rest, "/v1/key") && openrouter && g_str_equal (method, "GET"))
    {
      if (check_auth (self, msg, FALSE))
        set_json (msg, 200, "{\"data\":{\"label\":\"sk-or-v1-116...0ce\",\"limit\":null,\"usage\":0,\"is_free_tier\":true}}");
      return;
    }

  if (g_str_equal (rest, "/v1/chat/completions") && g_str_equal (method, "POST"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *model = "echo";
      JsonNode *root;

      g_mutex_lock (&self->lock);
      g_free (self->last_body);
      self->last_body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_mutex_unlock (&self->lock);

      if (!check_auth_styled (self, msg, local, style))
        return;

      if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                       g_bytes_get_size (bytes), NULL) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          set_json (msg, 400, "{\"error\":{\"message\":\"Bad JSON\"}}");
          return;
        }
      model = json_object_get_string_member_with_default (json_node_get_object (root), "model", "echo");

      /* The key-check fallback (max_tokens 1, no stream). */
      if (!json_object_get_boolean_member_with_default (json_node_get_object (root), "stream", FALSE))
        {
          set_json (msg, 200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"H\"},\"finish_reason\":\"length\"}]}");
          return;
        }

      chat_answer (self, msg, model);
      return;
    }

  set_json (msg, 404, "{\"error\":{\"message\":\"Not found\"}}");
}

static gpointer
server_thread (gpointer data)
{
  FwTestServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  if (self->https)
    {
      const char *cert_file = fw_test_server_get_cert_file ();
      const char *key_file = g_getenv ("FAREWELL_TEST_CERT_KEY");
      g_autoptr(GTlsCertificate) cert = NULL;

      g_assert_nonnull (cert_file);
      g_assert_nonnull (key_file);
      cert = g_tls_certificate_new_from_files (cert_file, key_file, &error);
      g_assert_no_error (error);
      self->server = soup_server_new ("tls-certificate", cert, NULL);
    }
  else
    self->server = soup_server_new (NULL, NULL);

  soup_server_add_handler (self->server, NULL, handler, self, NULL);
  soup_server_listen_local (self->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY |
                            (self->https ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  /* Streams still running (a client that stopped listening) end here. */
  while (self->streams != NULL)
    stream_free (self->streams->data);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* Let pending sources (streams) see the disconnect and go away. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

FwTestServer *
fw_test_server_new (gboolean https)
{
  FwTestServer *self = g_new0 (FwTestServer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->https = https;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("test-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
fw_test_server_free (FwTestServer *self)
{
  GSource *source;

  if (self == NULL)
    return;

  source = g_idle_source_new ();
  g_source_set_callback (source, quit_cb, self->loop, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self->last_body);
  g_free (self->last_path);
  g_free (self->answer);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

char *
fw_test_server_get_base_url (FwTestServer *self,
                             const char   *prefix)
{
  return g_strdup_printf ("%s://127.0.0.1:%u%s/v1", self->https ? "https" : "http",
                          self->port, prefix != NULL ? prefix : "");
}

char *
fw_test_server_get_last_body (FwTestServer *self)
{
  char *s;

  g_mutex_lock (&self->lock);
  s = g_strdup (self->last_body);
  g_mutex_unlock (&self->lock);
  return s;
}

char *
fw_test_server_get_last_path (FwTestServer *self)
{
  char *s;

  g_mutex_lock (&self->lock);
  s = g_strdup (self->last_path);
  g_mutex_unlock (&self->lock);
  return s;
}

guint
fw_test_server_get_n_requests (FwTestServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->n_requests;
  g_mutex_unlock (&self->lock);
  return n;
}

void
fw_test_server_set_answer (FwTestServer *self,
                           const char   *answer)
{
  g_mutex_lock (&self->lock);
  g_free (self->answer);
  self->answer = g_strdup (answer);
  g_mutex_unlock (&self->lock);
}
