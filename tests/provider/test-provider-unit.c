/* test-provider-unit.c — provider core units without network or keyring
 *
 * SSE parser, answer parsing and scrubbing, URL rules, catalog, history
 * trimming, archive index.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "archive/fw-archive-index.h"
#include "provider/fw-chat.h"
#include "provider/fw-http.h"
#include "provider/fw-provider-catalog.h"
#include "provider/fw-provider-error.h"
#include "provider/fw-provider-response.h"
#include "provider/fw-sse-parser.h"

/* SSE parser */

typedef struct {
  GPtrArray *events;  /* "type|data" */
  guint      stop_after;
  gboolean   fail_on_data;
} Collector;

static gboolean
collect (const char  *event,
         const char  *data,
         gsize        len,
         gpointer     user_data,
         GError     **error)
{
  Collector *c = user_data;

  g_assert_true (g_utf8_validate_len (data, len, NULL));
  g_assert_cmpint (data[len], ==, '\0');
  g_ptr_array_add (c->events, g_strdup_printf ("%s|%s", event ? event : "", data));

  if (c->fail_on_data)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "callback failed");
      return FALSE;
    }
  if (c->stop_after > 0 && c->events->len >= c->stop_after)
    return FALSE;
  return TRUE;
}

static GPtrArray *
parse_in_pieces (const char *text,
                 gsize       len,
                 gsize       cut1,
                 gsize       cut2)
{
  Collector c = { g_ptr_array_new_with_free_func (g_free), 0, FALSE };
  g_autoptr(FwSseParser) parser = fw_sse_parser_new (0, collect, &c);
  g_autoptr(GError) error = NULL;

  g_assert_true (fw_sse_parser_feed (parser, text, cut1, &error));
  g_assert_true (fw_sse_parser_feed (parser, text + cut1, cut2 - cut1, &error));
  g_assert_true (fw_sse_parser_feed (parser, text + cut2, len - cut2, &error));
  g_assert_true (fw_sse_parser_finish (parser, &error));
  g_assert_no_error (error);
  return c.events;
}

static const char sse_sample[] =
  "\xEF\xBB\xBF: keep-alive\r\n\r\n"
  "data: {\"a\":\"Ça 😀\"}\r\n\r\n"
  "event: note\n"
  "data: line one\n"
  "data:line two\n"
  "id: 7\n"
  "retry: 1000\n"
  "\n"
  ": ping\r"
  "\r"
  "data: 日本語\r\r"
  "data\n\n"
  "data: [DONE]\n\n"
  "data: trailing without blank line";

static void
check_sample_events (GPtrArray *events)
{
  g_assert_cmpuint (events->len, ==, 6);
  g_assert_cmpstr (events->pdata[0], ==, "|{\"a\":\"Ça 😀\"}");
  g_assert_cmpstr (events->pdata[1], ==, "note|line one\nline two");
  g_assert_cmpstr (events->pdata[2], ==, "|日本語");
  g_assert_cmpstr (events->pdata[3], ==, "|");
  g_assert_cmpstr (events->pdata[4], ==, "|[DONE]");
  g_assert_cmpstr (events->pdata[5], ==, "|trailing without blank line");
}

static void
test_sse_basic (void)
{
  gsize len = strlen (sse_sample);
  g_autoptr(GPtrArray) events = parse_in_pieces (sse_sample, len, 0, 0);

  check_sample_events (events);
}

/* Every way of cutting the stream in three gives the same events: cuts
 * inside "\r\n", inside multi-byte characters, inside field names. */
static void
test_sse_split_anywhere (void)
{
  gsize len = strlen (sse_sample);

  for (gsize i = 0; i <= len; i++)
    for (gsize j = i; j <= len; j += 3)
      {
        g_autoptr(GPtrArray) events = parse_in_pieces (sse_sample, len, i, j);
        check_sample_events (events);
      }
}

static void
test_sse_byte_by_byte (void)
{
  Collector c = { g_ptr_array_new_with_free_func (g_free), 0, FALSE };
  g_autoptr(FwSseParser) parser = fw_sse_parser_new (0, collect, &c);
  gsize len = strlen (sse_sample);

  for (gsize i = 0; i < len; i++)
    g_assert_true (fw_sse_parser_feed (parser, sse_sample + i, 1, NULL));
  g_assert_true (fw_sse_parser_finish (parser, NULL));
  check_sample_events (c.events);
  g_ptr_array_unref (c.events);
}

static void
test_sse_max_line (void)
{
  Collector c = { g_ptr_array_new_with_free_func (g_free), 0, FALSE };
  g_autoptr(FwSseParser) parser = fw_sse_parser_new (64, collect, &c);
  g_autoptr(GError) error = NULL;
  char block[40];

  memset (block, 'x', sizeof block);
  g_assert_true (fw_sse_parser_feed (parser, "data: ", 6, &error));
  g_assert_true (fw_sse_parser_feed (parser, block, sizeof block, &error));
  /* The line grows past 64 bytes without a newline: refused, not buffered. */
  g_assert_false (fw_sse_parser_feed (parser, block, sizeof block, &error));
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL);
  g_assert_cmpuint (c.events->len, ==, 0);
  g_ptr_array_unref (c.events);
}

static void
test_sse_max_event (void)
{
  Collector c = { g_ptr_array_new_with_free_func (g_free), 0, FALSE };
  g_autoptr(FwSseParser) parser = fw_sse_parser_new (64, collect, &c);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  /* Many short data lines that add up to more than the limit. */
  for (guint i = 0; i < 20 && ok; i++)
    ok = fw_sse_parser_feed (parser, "data: 0123456789\n", 17, &error);
  g_assert_false (ok);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL);
  g_ptr_array_unref (c.events);
}

static void
test_sse_stop_and_fail (void)
{
  Collector c = { g_ptr_array_new_with_free_func (g_free), 1, FALSE };
  g_autoptr(FwSseParser) parser = fw_sse_parser_new (0, collect, &c);
  g_autoptr(FwSseParser) failing = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = "data: one\n\ndata: two\n\n";

  g_assert_true (fw_sse_parser_feed (parser, text, strlen (text), &error));
  g_assert_no_error (error);
  g_assert_true (fw_sse_parser_is_stopped (parser));
  g_assert_cmpuint (c.events->len, ==, 1);
  g_ptr_array_set_size (c.events, 0);

  c.stop_after = 0;
  c.fail_on_data = TRUE;
  failing = fw_sse_parser_new (0, collect, &c);
  g_assert_false (fw_sse_parser_feed (failing, text, strlen (text), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_ptr_array_unref (c.events);
}

static void
test_sse_invalid_utf8 (void)
{
  Collector c = { g_ptr_array_new_with_free_func (g_free), 0, FALSE };
  g_autoptr(FwSseParser) parser = fw_sse_parser_new (0, collect, &c);
  const char text[] = "data: a\xC3\n\n"; /* a cut character at the end of a line */

  g_assert_true (fw_sse_parser_feed (parser, text, strlen (text), NULL));
  g_assert_cmpuint (c.events->len, ==, 1);
  g_assert_true (g_str_has_prefix (c.events->pdata[0], "|a"));
  g_ptr_array_unref (c.events);
}

/* Answers */

static void
test_parse_models (void)
{
  const char *json = "{\"object\":\"list\",\"data\":[{\"id\":\"b\"},{\"id\":\"a\"},{\"id\":\"b\"},{\"x\":1},{\"id\":5},\"s\"]}";
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = fw_provider_response_parse_models (json, strlen (json), &error);
  g_auto(GStrv) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (models), ==, 2);
  g_assert_cmpstr (models[0], ==, "a");
  g_assert_cmpstr (models[1], ==, "b");
  fw_provider_models_put_first (models, "b");
  g_assert_cmpstr (models[0], ==, "b");
  g_assert_cmpstr (models[1], ==, "a");

  bad = fw_provider_response_parse_models ("<html>", 6, &error);
  g_assert_null (bad);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (fw_provider_response_parse_models ("{\"data\":{}}", 11, &error));
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL);
}

static void
test_parse_error_shapes (void)
{
  struct { const char *json; const char *message; } cases[] = {
    { "{\"error\":{\"message\":\"bad key\",\"type\":\"x\"}}", "bad key" },
    { "{\"error\":\"plain\"}", "plain" },
    { "{\"detail\":\"detail text\"}", "detail text" },
    { "{\"detail\":[{\"msg\":\"field required\"}]}", "field required" },
    { "{\"message\":\"top level\"}", "top level" },
    /* Anthropic and Google (its list-wrapped form too) */
    { "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}", "invalid x-api-key" },
    { "[{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\",\"status\":\"INVALID_ARGUMENT\"}}]",
      "API key not valid. Please pass a valid API key." },
    { "[1]", NULL },
    { "{\"other\":1}", NULL },
    { "not json", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *msg = fw_provider_response_parse_error (cases[i].json, strlen (cases[i].json));
      g_assert_cmpstr (msg, ==, cases[i].message);
    }
}

static void
test_scrub (void)
{
  const char *key = "sk-abcdefghijklmnopqrstuvwxyz0123";
  g_autofree char *a = fw_provider_scrub ("Incorrect API key provided: sk-abcdefghijklmnopqrstuvwxyz0123. Bye", key, 0);
  g_autofree char *b = fw_provider_scrub ("partial ghijklmnopq here, short abc ok", key, 0);
  g_autofree char *c = fw_provider_scrub ("ééééééééééé", NULL, 5);
  g_autofree char *d = fw_provider_scrub ("bad \xFF utf8\x01", NULL, 0);

  g_assert_null (strstr (a, key));
  g_assert_cmpstr (a, ==, "Incorrect API key provided: […]. Bye");
  g_assert_cmpstr (b, ==, "partial […] here, short abc ok");
  g_assert_cmpstr (c, ==, "ééééé…");
  g_assert_true (g_utf8_validate (d, -1, NULL));
  g_assert_null (strchr (d, '\x01'));
}

static void
test_error_from_status (void)
{
  const char *key = "test-bad-0123456789abcdef";
  g_autofree char *body = g_strdup_printf ("{\"error\":{\"message\":\"Incorrect API key provided: %s\"}}", key);
  struct { guint status; int code; } cases[] = {
    { 401, FW_PROVIDER_ERROR_UNAUTHORIZED },
    { 403, FW_PROVIDER_ERROR_UNAUTHORIZED },
    { 402, FW_PROVIDER_ERROR_PAYMENT_REQUIRED },
    { 429, FW_PROVIDER_ERROR_RATE_LIMITED },
    { 500, FW_PROVIDER_ERROR_SERVER },
    { 503, FW_PROVIDER_ERROR_SERVER },
    { 400, FW_PROVIDER_ERROR_BAD_REQUEST },
    { 301, FW_PROVIDER_ERROR_PROTOCOL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = fw_provider_error_from_status (cases[i].status, body, strlen (body),
                                                               "Test AI", key);
      g_assert_error (error, FW_PROVIDER_ERROR, cases[i].code);
      g_assert_null (strstr (error->message, key));
      g_assert_null (strstr (error->message, "0123456789abcdef"));
    }

  {
    g_autoptr(GError) error = fw_provider_error_from_status (401, body, strlen (body), "Test AI", key);
    g_assert_nonnull (strstr (error->message, "Incorrect API key provided"));
    g_assert_nonnull (strstr (error->message, "Test AI"));
  }
  {
    g_autoptr(GError) error = fw_provider_error_from_status (404, "", 0, "Test AI", key);
    g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL);
  }
}

static void
test_parse_chunk (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *delta = NULL;
  gboolean finished, done;
  const char *chunk = "{\"choices\":[{\"delta\":{\"content\":\"Hé\"},\"finish_reason\":null}]}";
  const char *last = "{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}";
  const char *joined = "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n{\"choices\":[{\"delta\":{\"content\":\"b\"}}]}";
  const char *err = "{\"error\":{\"message\":\"overloaded, key test-key-ABCDEFGHIJ\"}}";
  const char *err429 = "{\"error\":{\"message\":\"slow down\",\"code\":429}}";

  g_assert_true (fw_provider_response_parse_chunk (chunk, strlen (chunk), "T", NULL, &delta, &finished, &done, &error));
  g_assert_cmpstr (delta, ==, "Hé");
  g_assert_false (finished);
  g_assert_false (done);
  g_clear_pointer (&delta, g_free);

  g_assert_true (fw_provider_response_parse_chunk (last, strlen (last), "T", NULL, &delta, &finished, &done, &error));
  g_assert_null (delta);
  g_assert_true (finished);

  g_assert_true (fw_provider_response_parse_chunk ("[DONE]", 6, "T", NULL, &delta, &finished, &done, &error));
  g_assert_true (done);

  g_assert_true (fw_provider_response_parse_chunk (joined, strlen (joined), "T", NULL, &delta, &finished, &done, &error));
  g_assert_cmpstr (delta, ==, "ab");
  g_clear_pointer (&delta, g_free);

  g_assert_false (fw_provider_response_parse_chunk (err, strlen (err), "T", "test-key-ABCDEFGHIJ", &delta, &finished, &done, &error));
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "overloaded"));
  g_assert_null (strstr (error->message, "ABCDEFGHIJ"));
  g_clear_error (&error);

  g_assert_false (fw_provider_response_parse_chunk (err429, strlen (err429), "T", NULL, &delta, &finished, &done, &error));
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_RATE_LIMITED);
  g_clear_error (&error);

  g_assert_false (fw_provider_response_parse_chunk ("<html>", 6, "T", NULL, &delta, &finished, &done, &error));
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_assert_false (fw_provider_response_parse_chunk ("[1,2]", 5, "T", NULL, &delta, &finished, &done, &error));
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL);
}

/* URLs */

static void
test_url_rules (void)
{
  const char *good[] = {
    "https://api.mistral.ai/v1", "http://127.0.0.1:11434/v1", "http://127.1.2.3/v1",
    "http://localhost:8080/v1", "http://[::1]:1234/v1", "HTTPS://EXAMPLE.COM/v1",
  };
  const char *bad[] = {
    "http://api.mistral.ai/v1", "http://192.168.1.10:11434/v1", "http://10.0.0.1/v1",
    "ftp://example.com/v1", "file:///etc/passwd", "https://user:secret@example.com/v1",
    "not a url", "", "http://localhost.example.com/v1", "http://[::2]/v1",
    "https://example.com/v1?key=secret", "https://example.com/v1#secret",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (fw_http_check_url (good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (fw_http_check_url (bad[i], &error));
      g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_INSECURE_URL);
      g_assert_null (strstr (error->message, "secret"));
    }
}

/* Catalog */

static void
test_catalog (void)
{
  FwProviderCatalog *catalog = fw_provider_catalog_get_default ();
  const char *ids[] = { "mistral", "huggingface", "zai", "llama", "groq", "together",
                        "openrouter", "deepseek", "alibaba", "scaleway", "ovhcloud", "ionos",
                        "nebius", "infomaniak", "cerebras", "fireworks", "deepinfra", "gemini",
                        "anthropic", "ollama", "llamacpp", "lmstudio", "custom" };
  FwProvider *p;

  g_assert_true (catalog == fw_provider_catalog_get_default ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, G_N_ELEMENTS (ids));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (catalog)) == FW_TYPE_PROVIDER);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(FwProvider) item = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autoptr(GError) error = NULL;

      p = fw_provider_catalog_lookup (catalog, ids[i]);
      g_assert_nonnull (p);
      g_assert_true (p == item);
      g_assert_cmpstr (fw_provider_get_id (p), ==, ids[i]);
      g_assert_true (*fw_provider_get_name (p) != '\0');
      g_assert_true (*fw_provider_get_description (p) != '\0');
      g_assert_nonnull (fw_provider_get_source (p));
      g_assert_nonnull (fw_provider_get_checked (p));
      g_assert_true (g_str_has_prefix (fw_provider_get_check_path (p), "/"));
      if (!fw_provider_get_is_custom (p))
        {
          /* Every default address obeys the https rule. */
          g_autofree char *base_url = fw_provider_resolve_base_url (p, "12345", &error);

          g_assert_no_error (error);
          g_assert_true (fw_http_check_url (base_url, &error));
          g_assert_no_error (error);
          g_assert_true (fw_provider_get_is_local (p) == fw_http_is_loopback (base_url));
        }
      if (fw_provider_get_needs_key (p))
        g_assert_nonnull (fw_provider_get_key_url (p));
      if (fw_provider_get_suggested_model (p) != NULL)
        g_assert_cmpstr (fw_provider_get_models (p)[0], ==, fw_provider_get_suggested_model (p));
    }

  g_assert_null (fw_provider_catalog_lookup (catalog, "chatgpt"));
  p = fw_provider_catalog_lookup (catalog, "openrouter");
  g_assert_cmpstr (fw_provider_get_check_path (p), ==, "/key");
  g_assert_cmpstr (fw_provider_get_key_hint (p), ==, "sk-or-v1-…");
  p = fw_provider_catalog_lookup (catalog, "custom");
  g_assert_true (fw_provider_get_is_custom (p));
  g_assert_false (fw_provider_get_needs_key (p));
  p = fw_provider_catalog_lookup (catalog, "ollama");
  g_assert_true (fw_provider_get_is_local (p));
  g_assert_false (fw_provider_get_needs_key (p));

  {
    gboolean local;
    g_autofree char *name = NULL;
    g_object_get (p, "is-local", &local, "name", &name, NULL);
    g_assert_true (local);
    g_assert_cmpstr (name, ==, fw_provider_get_name (p));
  }
}

static void
test_catalog_from_data (void)
{
  const char *json = "{\"providers\":[{\"id\":\"x\",\"name\":\"X\",\"base_url\":\"https://x/v1\"},"
                     "{\"name\":\"no id\"},{\"id\":\"x\",\"name\":\"dup\"},\"junk\"]}";
  g_autoptr(FwProviderCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*no id or name*");
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*duplicate id*");
  catalog = fw_provider_catalog_new_from_data (json, strlen (json), &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 1);
  g_assert_true (fw_provider_get_needs_key (fw_provider_catalog_lookup (catalog, "x")));
  g_assert_cmpstr (fw_provider_get_check_path (fw_provider_catalog_lookup (catalog, "x")), ==, "/models");

  g_assert_null (fw_provider_catalog_new_from_data ("{}", 2, &error));
  g_assert_nonnull (error);
}


static const char *
known_fact_name (FwProviderFact fact)
{
  static const char * const names[] = { "country", "region", "training", "open_weights", "free_tier" };
  return names[fact];
}

static gboolean
is_date (const char *s)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (s == NULL || strlen (s) != 10)
    return FALSE;
  iso = g_strconcat (s, "T00:00:00Z", NULL);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt != NULL;
}

/* Every claim of the shipped catalog has a source and the date it was
 * read: the loader drops facts without them, so compare with the JSON. */
static void
test_catalog_sources (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/farewell/Farewell/core/providers.json",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  FwProviderCatalog *catalog = fw_provider_catalog_get_default ();
  JsonArray *entries;
  guint n_facts = 0, n_prices = 0;

  g_assert_nonnull (bytes);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes), NULL));
  entries = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "providers");

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);
      FwProvider *p = fw_provider_catalog_lookup (catalog, json_object_get_string_member (entry, "id"));
      JsonObject *facts = json_object_get_object_member (entry, "facts");
      g_autoptr(GList) names = facts != NULL ? json_object_get_members (facts) : NULL;

      g_assert_nonnull (p);
      g_assert_true (g_str_has_prefix (fw_provider_get_source (p), "https://"));
      g_assert_true (is_date (fw_provider_get_checked (p)));

      /* A key check by chat needs a model to ask. */
      if (g_strcmp0 (fw_provider_get_check_path (p), "/chat/completions") == 0)
        g_assert_nonnull (fw_provider_get_suggested_model (p));
      /* A parameter of the address is in the address. */
      if (fw_provider_get_url_parameter (p) != NULL)
        {
          g_autofree char *placeholder = g_strconcat ("{", fw_provider_get_url_parameter (p), "}", NULL);
          g_assert_nonnull (strstr (fw_provider_get_base_url (p), placeholder));
        }

      for (GList *l = names; l != NULL; l = l->next)
        {
          static const char * const known[] = { "country", "region", "training", "open_weights", "free_tier", NULL };
          FwProviderFact fact = 0;
          const char *source = NULL, *checked = NULL;

          while (known[fact] != NULL && !g_str_equal (known[fact], l->data))
            fact++;
          g_assert_nonnull (known[fact]);
          g_assert_true (fw_provider_get_fact_source (p, fact, &source, &checked));
          g_assert_true (g_str_has_prefix (source, "https://"));
          g_assert_true (is_date (checked));
          n_facts++;
        }
      /* And nothing is known that the catalog does not say. */
      for (FwProviderFact fact = 0; fact < FW_PROVIDER_N_FACTS; fact++)
        if (fw_provider_get_fact_source (p, fact, NULL, NULL))
          g_assert_true (facts != NULL && json_object_has_member (facts, known_fact_name (fact)));
      if (!fw_provider_get_fact_source (p, FW_PROVIDER_FACT_REGION, NULL, NULL))
        g_assert_cmpint (fw_provider_get_region (p), ==, FW_PROVIDER_REGION_UNKNOWN);
      if (!fw_provider_get_fact_source (p, FW_PROVIDER_FACT_TRAINING, NULL, NULL))
        g_assert_cmpint (fw_provider_get_training (p), ==, FW_PROVIDER_TRAINING_UNKNOWN);

      if (json_object_has_member (entry, "prices"))
        {
          JsonArray *prices = json_object_get_array_member (entry, "prices");

          for (guint j = 0; j < json_array_get_length (prices); j++)
            {
              const char *model = json_object_get_string_member (json_array_get_object_element (prices, j), "model");
              const FwProviderPrice *price = fw_provider_lookup_price (p, model);

              g_assert_nonnull (price);
              g_assert_true (is_date (price->as_of));
              g_assert_true (g_str_has_prefix (price->source, "https://"));
              g_assert_cmpfloat (price->input, >, 0);
              g_assert_cmpfloat (price->output, >, 0);
              n_prices++;
            }
        }
    }
  g_assert_cmpuint (n_facts, >, 20);
  g_assert_cmpuint (n_prices, >=, 1);
  g_assert_null (fw_provider_lookup_price (fw_provider_catalog_lookup (catalog, "mistral"), "no-such-model"));
}

/* The filters select what the data says. */
static void
test_catalog_filters (void)
{
  FwProviderCatalog *catalog = fw_provider_catalog_get_default ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  const char *names[] = { "local", "europe", "bogus", NULL };
  g_auto(GStrv) back = NULL;
  guint n_europe = 0, n_local = 0, n_open = 0, n_no_training = 0, n_all = 0;

  g_assert_cmpint (fw_provider_filter_from_names (names), ==, FW_PROVIDER_FILTER_LOCAL | FW_PROVIDER_FILTER_EUROPE);
  back = fw_provider_filter_to_names (FW_PROVIDER_FILTER_OPEN | FW_PROVIDER_FILTER_NO_TRAINING);
  g_assert_cmpstrv (back, ((const char *[]) { "open", "no-training", NULL }));
  g_assert_cmpint (fw_provider_filter_from_names (NULL), ==, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwProvider) p = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      FwProviderRegion region = fw_provider_get_region (p);
      gboolean europe = region == FW_PROVIDER_REGION_EU || region == FW_PROVIDER_REGION_SWITZERLAND;
      gboolean open = fw_provider_get_open_weights (p) == FW_PROVIDER_OPEN_WEIGHTS_YES ||
                      fw_provider_get_open_weights (p) == FW_PROVIDER_OPEN_WEIGHTS_SOME;
      gboolean no_training = fw_provider_get_training (p) == FW_PROVIDER_TRAINING_NO;

      g_assert_true (fw_provider_matches (p, 0));
      g_assert_true (fw_provider_matches (p, FW_PROVIDER_FILTER_EUROPE) == europe);
      g_assert_true (fw_provider_matches (p, FW_PROVIDER_FILTER_LOCAL) == fw_provider_get_is_local (p));
      g_assert_true (fw_provider_matches (p, FW_PROVIDER_FILTER_OPEN) == open);
      g_assert_true (fw_provider_matches (p, FW_PROVIDER_FILTER_NO_TRAINING) == no_training);
      g_assert_true (fw_provider_matches (p, FW_PROVIDER_FILTER_EUROPE | FW_PROVIDER_FILTER_OPEN) == (europe && open));
      n_europe += europe;
      n_local += fw_provider_get_is_local (p);
      n_open += open;
      n_no_training += no_training;
      n_all += fw_provider_matches (p, FW_PROVIDER_FILTER_EUROPE | FW_PROVIDER_FILTER_LOCAL);
    }

  /* What the catalog says today (see data/providers.json). */
  g_assert_true (fw_provider_matches (fw_provider_catalog_lookup (catalog, "mistral"), FW_PROVIDER_FILTER_EUROPE));
  g_assert_true (fw_provider_matches (fw_provider_catalog_lookup (catalog, "infomaniak"), FW_PROVIDER_FILTER_EUROPE));
  g_assert_true (fw_provider_matches (fw_provider_catalog_lookup (catalog, "scaleway"),
                                      FW_PROVIDER_FILTER_EUROPE | FW_PROVIDER_FILTER_OPEN));
  g_assert_false (fw_provider_matches (fw_provider_catalog_lookup (catalog, "deepseek"), FW_PROVIDER_FILTER_EUROPE));
  g_assert_false (fw_provider_matches (fw_provider_catalog_lookup (catalog, "custom"), FW_PROVIDER_FILTER_EUROPE));
  g_assert_false (fw_provider_matches (fw_provider_catalog_lookup (catalog, "gemini"), FW_PROVIDER_FILTER_NO_TRAINING));
  g_assert_true (fw_provider_matches (fw_provider_catalog_lookup (catalog, "anthropic"), FW_PROVIDER_FILTER_NO_TRAINING));
  g_assert_cmpuint (n_local, ==, 3);
  g_assert_cmpuint (n_europe, >=, 5);
  g_assert_cmpuint (n_open, >=, 5);
  g_assert_cmpuint (n_no_training, >=, 4);
  g_assert_cmpuint (n_all, ==, 0);
}

/* A fact or a price without its source and date is dropped. */
static void
test_catalog_facts_from_data (void)
{
  const char *json =
    "{\"providers\":[{\"id\":\"x\",\"name\":\"X\",\"base_url\":\"https://x/{product_id}/v1\",\"url_parameter\":\"product_id\","
    "\"facts\":{\"region\":{\"value\":\"eu\",\"source\":\"https://x/p\",\"checked\":\"2026-12-02\"},"
    "\"training\":{\"value\":\"no\"},"
    "\"open_weights\":{\"value\":\"some\",\"source\":\"https://x/o\",\"checked\":\"2026-12-01\"},"
    "\"free_tier\":{\"value\":true,\"source\":\"https://x/f\",\"checked\":\"2026-12-01\"}},"
    "\"prices\":[{\"model\":\"m\",\"input\":2,\"output\":8.5,\"currency\":\"EUR\",\"source\":\"https://x/prices\",\"as_of\":\"2026-11-30\"},"
    "{\"model\":\"undated\",\"input\":1,\"output\":1,\"currency\":\"EUR\",\"source\":\"https://x/prices\"}]}]}";
  g_autoptr(FwProviderCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const char *source = NULL, *checked = NULL;
  const FwProviderPrice *price;
  FwProvider *p;

  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*fact “training”*");
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*incomplete price*");
  catalog = fw_provider_catalog_new_from_data (json, strlen (json), &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  p = fw_provider_catalog_lookup (catalog, "x");

  g_assert_cmpint (fw_provider_get_region (p), ==, FW_PROVIDER_REGION_EU);
  g_assert_true (fw_provider_get_fact_source (p, FW_PROVIDER_FACT_REGION, &source, &checked));
  g_assert_cmpstr (source, ==, "https://x/p");
  g_assert_cmpstr (checked, ==, "2026-12-02");
  g_assert_cmpint (fw_provider_get_training (p), ==, FW_PROVIDER_TRAINING_UNKNOWN);
  g_assert_false (fw_provider_get_fact_source (p, FW_PROVIDER_FACT_TRAINING, NULL, NULL));
  g_assert_cmpint (fw_provider_get_open_weights (p), ==, FW_PROVIDER_OPEN_WEIGHTS_SOME);
  g_assert_true (fw_provider_get_free_tier (p));
  g_assert_null (fw_provider_get_country (p));
  g_assert_true (fw_provider_matches (p, FW_PROVIDER_FILTER_EUROPE | FW_PROVIDER_FILTER_OPEN));
  g_assert_false (fw_provider_matches (p, FW_PROVIDER_FILTER_NO_TRAINING));
  g_assert_false (fw_provider_matches (p, FW_PROVIDER_FILTER_LOCAL));

  price = fw_provider_lookup_price (p, "m");
  g_assert_nonnull (price);
  g_assert_cmpfloat (price->input, ==, 2);
  g_assert_cmpfloat (price->output, ==, 8.5);
  g_assert_cmpstr (price->currency, ==, "EUR");
  g_assert_cmpstr (price->as_of, ==, "2026-11-30");
  g_assert_null (fw_provider_lookup_price (p, "undated"));

  url = fw_provider_resolve_base_url (p, "4242", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "https://x/4242/v1");
  g_assert_null (fw_provider_resolve_base_url (p, "42/../admin", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (fw_provider_resolve_base_url (p, "", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_estimate (void)
{
  FwProviderPrice price = { .model = (char *) "m", .input = 1.0, .output = 3.0, .currency = (char *) "USD" };
  g_autoptr(GDateTime) first = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) last = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) soon = g_date_time_new_utc (2025, 1, 3, 0, 0, 0);
  double cost;

  /* 1000 messages a month of 400 characters: 500 questions of 100 tokens,
   * each with 4 earlier messages along (250 000 input tokens), and 500
   * answers (50 000 output tokens): 0.25 + 0.15. */
  cost = fw_provider_estimate_monthly_cost (&price, 1000, 400);
  g_assert_cmpfloat_with_epsilon (cost, 0.40, 1e-9);
  g_assert_cmpfloat (fw_provider_estimate_monthly_cost (&price, 0, 400), ==, 0);

  /* A year of 1200 messages is 100 a month; two days count as a month. */
  g_assert_cmpfloat_with_epsilon (fw_provider_messages_per_month (1200, first, last), 1200 / (365.0 / (365.25 / 12)), 1e-6);
  g_assert_cmpfloat (fw_provider_messages_per_month (300, first, soon), ==, 300);
  g_assert_cmpfloat (fw_provider_messages_per_month (300, NULL, last), ==, 0);

  g_assert_cmpfloat_with_epsilon (fw_provider_round_estimate (0.0432), 0.04, 1e-12);
  g_assert_cmpfloat_with_epsilon (fw_provider_round_estimate (2.6), 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (fw_provider_round_estimate (449), 400, 1e-9);
  g_assert_cmpfloat (fw_provider_round_estimate (0), ==, 0);
}

/* History */

static JsonArray *
make_history (guint n_pairs)
{
  JsonArray *history = json_array_new ();

  for (guint i = 0; i < n_pairs; i++)
    {
      g_autofree char *q = g_strdup_printf ("question %02u", i);  /* 11 chars */
      g_autofree char *a = g_strdup_printf ("answer   %02u", i);  /* 11 chars */
      fw_chat_messages_add (history, "user", q);
      fw_chat_messages_add (history, "assistant", a);
    }
  fw_chat_messages_add (history, "tool", "ignored");
  return history;
}

static const char *
role_at (JsonArray *a, guint i)
{
  return json_object_get_string_member (json_array_get_object_element (a, i), "role");
}

static const char *
content_at (JsonArray *a, guint i)
{
  return json_object_get_string_member (json_array_get_object_element (a, i), "content");
}

static void
test_build_messages (void)
{
  g_autoptr(JsonArray) history = make_history (10);
  g_autoptr(JsonArray) all = NULL;
  g_autoptr(JsonArray) cut = NULL;
  g_autoptr(JsonArray) tiny = NULL;
  gboolean trimmed = TRUE;

  /* Everything fits. */
  all = fw_chat_build_messages ("sys", history, "now?", 100000, &trimmed);
  g_assert_false (trimmed);
  g_assert_cmpuint (json_array_get_length (all), ==, 1 + 20 + 1);
  g_assert_cmpstr (role_at (all, 0), ==, "system");
  g_assert_cmpstr (content_at (all, 1), ==, "question 00");
  g_assert_cmpstr (role_at (all, 21), ==, "user");
  g_assert_cmpstr (content_at (all, 21), ==, "now?");

  /* sys (3) + question (4) + 5 messages (55) = 62: the newest 5 fit, but
   * the oldest of them is an answer, dropped so the history starts with a
   * question. */
  cut = fw_chat_build_messages ("sys", history, "now?", 62, &trimmed);
  g_assert_true (trimmed);
  g_assert_cmpuint (json_array_get_length (cut), ==, 1 + 4 + 1);
  g_assert_cmpstr (role_at (cut, 0), ==, "system");
  g_assert_cmpstr (content_at (cut, 1), ==, "question 08");
  g_assert_cmpstr (content_at (cut, 4), ==, "answer   09");
  g_assert_cmpstr (content_at (cut, 5), ==, "now?");

  /* A budget smaller than the system prompt and question keeps both. */
  tiny = fw_chat_build_messages ("a long system prompt", history, "question", 3, &trimmed);
  g_assert_true (trimmed);
  g_assert_cmpuint (json_array_get_length (tiny), ==, 2);
  g_assert_cmpstr (role_at (tiny, 0), ==, "system");
  g_assert_cmpstr (role_at (tiny, 1), ==, "user");

  {
    g_autoptr(JsonArray) plain = fw_chat_build_messages (NULL, NULL, "hi", 10, &trimmed);
    g_assert_false (trimmed);
    g_assert_cmpuint (json_array_get_length (plain), ==, 1);
  }
}

/* Archive index */

static char *
test_archive_dir (void)
{
  const char *data = g_getenv ("FAREWELL_TEST_DATA");
  g_assert_nonnull (data);
  return g_build_filename (data, "provider", "archive", NULL);
}

/* A writable copy of the test archive. */
static char *
copy_archive (void)
{
  g_autofree char *src = test_archive_dir ();
  g_autoptr(GError) error = NULL;
  char *dst = g_dir_make_tmp ("farewell-archive-XXXXXX", &error);
  g_autofree char *conv = g_build_filename (dst, "conversations", NULL);
  const char *files[] = { "manifest.json", "conversations/2023-11-14-honey-harvest-timing.json",
                          "conversations/2023-01-02-untitled.json" };

  g_assert_no_error (error);
  g_mkdir (conv, 0755);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (src, files[i], NULL);
      g_autofree char *to = g_build_filename (dst, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (to, contents, len, NULL));
    }
  return dst;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) e = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                           G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

static void
test_archive_index (void)
{
  g_autofree char *dir = test_archive_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FwArchiveIndex) index = fw_archive_index_new_for_path (dir, &error);
  g_autoptr(FwArchiveConversation) first = NULL;
  g_autoptr(JsonArray) messages = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *instructions_only = NULL;
  GListModel *list;

  g_assert_no_error (error);
  list = fw_archive_index_get_conversations (index);
  /* The entry whose stem leaves the folder is skipped. */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  first = g_list_model_get_item (list, 0);
  g_assert_cmpstr (fw_archive_conversation_get_id (first), ==, "conv-honey");  /* newest first */
  g_assert_cmpint (fw_archive_conversation_get_update_time (first), ==, 1700003600);
  g_assert_cmpstr (fw_archive_conversation_get_title (fw_archive_index_lookup (index, "conv-old")), ==,
                   "Untitled conversation");
  g_assert_cmpint (fw_archive_conversation_get_create_time (fw_archive_index_lookup (index, "conv-old")), ==,
                   1672653600);
  g_assert_null (fw_archive_index_lookup (index, "conv-evil"));

  g_assert_cmpstr (fw_archive_index_get_user_profile (index), ==, "I am a beekeeper in Lyon.");
  g_assert_cmpuint (g_strv_length ((GStrv) fw_archive_index_get_memory (index)), ==, 2);

  prompt = fw_archive_index_build_system_prompt (index, TRUE, TRUE);
  g_assert_cmpstr (prompt, ==,
                   "About me: I am a beekeeper in Lyon.\n\n"
                   "How to respond: Answer briefly, in French when I write French.\n\n"
                   "Things to remember about me:\n- Has three hives.\n- Prefers metric units.");
  instructions_only = fw_archive_index_build_system_prompt (index, TRUE, FALSE);
  g_assert_null (strstr (instructions_only, "hives"));
  g_assert_null (fw_archive_index_build_system_prompt (index, FALSE, FALSE));

  messages = fw_archive_index_load_messages (index, "conv-honey", &error);
  g_assert_no_error (error);
  /* system, user, assistant, (tool skipped), user, assistant, (empty skipped) */
  g_assert_cmpuint (json_array_get_length (messages), ==, 5);
  g_assert_cmpstr (role_at (messages, 0), ==, "system");
  g_assert_cmpstr (content_at (messages, 1), ==, "When should I harvest honey?");
  g_assert_cmpstr (content_at (messages, 4), ==, "Leave enough for the winter: about 15–20 kg per hive.");

  g_assert_null (fw_archive_index_load_messages (index, "conv-evil", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (fw_archive_index_new_for_path ("/nonexistent-farewell", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_archive_save_exchange (void)
{
  g_autofree char *dir = copy_archive ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FwArchiveIndex) index = fw_archive_index_new_for_path (dir, &error);
  g_autoptr(JsonArray) exchange = json_array_new ();
  g_autofree char *path1 = NULL;
  g_autofree char *path2 = NULL;
  g_autofree char *path3 = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;

  g_assert_no_error (error);
  fw_chat_messages_add (exchange, "system", "hidden system text");
  fw_chat_messages_add (exchange, "user", "And in spring?");
  fw_chat_messages_add (exchange, "assistant", "Watch for swarms.");

  path1 = fw_archive_index_save_exchange (index, "conv-honey", "Test AI", "test-model", exchange, &error);
  g_assert_no_error (error);
  basename = g_path_get_basename (path1);
  g_assert_true (g_str_has_prefix (basename, "2023-11-14-honey-harvest-timing.continued-"));
  g_assert_true (g_str_has_suffix (basename, ".md"));
  g_assert_true (g_file_get_contents (path1, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "# Honey harvest timing (continued)\n"));
  g_assert_nonnull (strstr (contents, "Test AI (test-model)"));
  g_assert_nonnull (strstr (contents, "\n## You\n\nAnd in spring?\n"));
  g_assert_nonnull (strstr (contents, "\n## Test AI\n\nWatch for swarms.\n"));
  g_assert_null (strstr (contents, "hidden system text"));

  /* A second save in the same second does not overwrite the first. */
  path2 = fw_archive_index_save_exchange (index, "conv-honey", "Test AI", NULL, exchange, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path1, !=, path2);
  g_assert_true (g_file_test (path1, G_FILE_TEST_EXISTS));

  path3 = fw_archive_index_save_exchange (index, NULL, NULL, NULL, exchange, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (path3, "farewell-chat-"));

  g_assert_null (fw_archive_index_save_exchange (index, "nope", NULL, NULL, exchange, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/provider/sse/basic", test_sse_basic);
  g_test_add_func ("/provider/sse/split-anywhere", test_sse_split_anywhere);
  g_test_add_func ("/provider/sse/byte-by-byte", test_sse_byte_by_byte);
  g_test_add_func ("/provider/sse/max-line", test_sse_max_line);
  g_test_add_func ("/provider/sse/max-event", test_sse_max_event);
  g_test_add_func ("/provider/sse/stop-and-fail", test_sse_stop_and_fail);
  g_test_add_func ("/provider/sse/invalid-utf8", test_sse_invalid_utf8);
  g_test_add_func ("/provider/response/models", test_parse_models);
  g_test_add_func ("/provider/response/error-shapes", test_parse_error_shapes);
  g_test_add_func ("/provider/response/scrub", test_scrub);
  g_test_add_func ("/provider/response/status", test_error_from_status);
  g_test_add_func ("/provider/response/chunk", test_parse_chunk);
  g_test_add_func ("/provider/url-rules", test_url_rules);
  g_test_add_func ("/provider/catalog/default", test_catalog);
  g_test_add_func ("/provider/catalog/from-data", test_catalog_from_data);
  g_test_add_func ("/provider/catalog/sources", test_catalog_sources);
  g_test_add_func ("/provider/catalog/filters", test_catalog_filters);
  g_test_add_func ("/provider/catalog/facts-from-data", test_catalog_facts_from_data);
  g_test_add_func ("/provider/estimate", test_estimate);
  g_test_add_func ("/provider/chat/build-messages", test_build_messages);
  g_test_add_func ("/provider/archive/index", test_archive_index);
  g_test_add_func ("/provider/archive/save-exchange", test_archive_save_exchange);

  return g_test_run ();
}
