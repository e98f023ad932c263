/* test-provider-net.c — key checks, keyring, connections and chat streaming
 * against the local test server and a real gnome-keyring-daemon
 *
 * Run through with-keyring.sh (a private D-Bus session and HOME).
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "fw-settings.h"
#include "provider/fw-chat.h"
#include "provider/fw-connections.h"
#include "provider/fw-http.h"
#include "provider/fw-keyring.h"
#include "provider/fw-provider-catalog.h"
#include "provider/fw-provider-client.h"

#include "fw-test-server.h"

static FwTestServer *http_server;
static FwTestServer *https_server;

static FwProvider *
provider (const char *id)
{
  FwProvider *p = fw_provider_catalog_lookup (fw_provider_catalog_get_default (), id);
  g_assert_nonnull (p);
  return p;
}

/* Waiting for async results */

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static GStrv
check_key (const char    *id,
           const char    *base_url,
           const char    *key,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fw_provider_check_key_async (provider (id), base_url, key, NULL, store_result, &result);
  return fw_provider_check_key_finish (wait_result (&result), error);
}

static GStrv
connect_provider (const char  *id,
                  const char  *base_url,
                  const char  *key,
                  const char  *model,
                  GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fw_provider_connect_async (provider (id), base_url, key, model, NULL, store_result, &result);
  return fw_provider_connect_finish (wait_result (&result), error);
}

static gboolean
disconnect_provider (const char  *id,
                     GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fw_provider_disconnect_async (id, NULL, store_result, &result);
  return fw_provider_disconnect_finish (wait_result (&result), error);
}

static char *
keyring_lookup (const char *id,
                const char *base_url)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *key;

  fw_keyring_lookup_async (id, base_url, NULL, store_result, &result);
  key = fw_keyring_lookup_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  return key;
}

static void
reset_state (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();

  g_settings_reset (settings, "connected-providers");
  g_settings_reset (settings, "default-provider");
  for (guint i = 0; i < 2; i++)
    {
      const char *ids[] = { "mistral", "custom" };
      g_assert_true (fw_keyring_clear_sync (ids[i], NULL, NULL));
    }
}

/* Key checks */

static void
test_check_models (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = check_key ("mistral", url, FW_TEST_KEY, &error);
  g_autofree char *path = fw_test_server_get_last_path (http_server);

  g_assert_no_error (error);
  /* Sorted, unique, the suggested one first. */
  g_assert_cmpuint (g_strv_length (models), ==, 3);
  g_assert_cmpstr (models[0], ==, "mistral-large-latest");
  g_assert_cmpstr (models[1], ==, "test-model-a");
  g_assert_cmpstr (models[2], ==, "test-model-b");
  /* The key travels only in the header. */
  g_assert_cmpstr (path, ==, "/v1/models");
}

static void
test_check_errors (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, NULL);
  struct { const char *key; int code; } cases[] = {
    { "test-bad-SECRETSECRETSECRET0001", FW_PROVIDER_ERROR_UNAUTHORIZED },
    { "test-detail-SECRETSECRETSECRET02", FW_PROVIDER_ERROR_UNAUTHORIZED },
    { "test-payment", FW_PROVIDER_ERROR_PAYMENT_REQUIRED },
    { "test-ratelimit", FW_PROVIDER_ERROR_RATE_LIMITED },
    { "test-servererror", FW_PROVIDER_ERROR_SERVER },
    { "test-garbage", FW_PROVIDER_ERROR_PROTOCOL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) models = check_key ("mistral", url, cases[i].key, &error);

      g_assert_null (models);
      g_assert_error (error, FW_PROVIDER_ERROR, cases[i].code);
      g_test_message ("%s → %s", cases[i].key, error->message);
      /* Neither the key nor a long part of it is ever in a message. */
      g_assert_null (strstr (error->message, "SECRETSECRET"));
    }

  {
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) models = check_key ("mistral", url, "test-bad-SECRETSECRETSECRET0001", &error);
    g_assert_null (models);
    /* The provider's own words are shown. */
    g_assert_nonnull (strstr (error->message, "Incorrect API key provided"));
  }
}

static void
test_check_timeout (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;

  fw_http_set_timeout_override (1);
  models = check_key ("mistral", url, "test-slow", &error);
  fw_http_set_timeout_override (0);
  g_assert_null (models);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_TIMEOUT);
}

static void
test_check_cancel (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  fw_provider_check_key_async (provider ("mistral"), url, "test-slow", cancellable, store_result, &result);
  g_cancellable_cancel (cancellable);
  g_assert_null (fw_provider_check_key_finish (wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_check_network (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  g_autofree char *url = NULL;
  guint port;

  /* A port nobody listens on: bind one, note it, close it. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  addr = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_bind (socket, addr, TRUE, NULL));
  g_clear_object (&addr);
  addr = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (addr));
  g_socket_close (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/v1", port);

  models = check_key ("mistral", url, FW_TEST_KEY, &error);
  g_assert_null (models);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NETWORK);
}

static void
test_check_insecure_url (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Plain http to another computer is refused before anything is sent:
   * 198.51.100.1 is a documentation address where nothing answers, so
   * trying to connect would take the whole connect timeout. */
  models = check_key ("mistral", "http://198.51.100.1/v1", FW_TEST_KEY, &error);
  g_assert_null (models);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_INSECURE_URL);
  g_assert_null (strstr (error->message, FW_TEST_KEY));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_check_tls (void)
{
  g_autofree char *url = fw_test_server_get_base_url (https_server, NULL);
  g_autofree char *saved = g_strdup (g_getenv ("SSL_CERT_FILE"));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) refused = NULL;
  g_auto(GStrv) trusted = NULL;

  /* Not trusted: refused, and the key never reached the server. */
  g_unsetenv ("SSL_CERT_FILE");
  refused = check_key ("mistral", url, FW_TEST_KEY, &error);
  g_assert_null (refused);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_TLS);
  g_test_message ("untrusted: %s", error->message);
  g_assert_cmpuint (fw_test_server_get_n_requests (https_server), ==, 0);
  g_clear_error (&error);

  /* Trusted through SSL_CERT_FILE, as OpenSSL does. */
  g_setenv ("SSL_CERT_FILE", fw_test_server_get_cert_file (), TRUE);
  trusted = check_key ("mistral", url, FW_TEST_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (trusted[0], ==, "mistral-large-latest");

  if (saved != NULL)
    g_setenv ("SSL_CERT_FILE", saved, TRUE);
  else
    g_unsetenv ("SSL_CERT_FILE");
}

static void
test_check_fallback_chat (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, "/nomodels");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = check_key ("zai", url, FW_TEST_KEY, &error);
  g_autofree char *body = fw_test_server_get_last_body (http_server);
  g_auto(GStrv) bad = NULL;

  /* No /models: a one-token chat request with the suggested model. */
  g_assert_no_error (error);
  g_assert_cmpstr (models[0], ==, fw_provider_get_suggested_model (provider ("zai")));
  g_assert_cmpuint (g_strv_length (models), ==, g_strv_length ((GStrv) fw_provider_get_models (provider ("zai"))));
  g_assert_nonnull (strstr (body, "\"max_tokens\":1"));

  bad = check_key ("zai", url, "test-bad-SECRETSECRETSECRET0003", &error);
  g_assert_null (bad);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNAUTHORIZED);
}

static void
test_check_openrouter (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, "/openrouter");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = check_key ("openrouter", url, FW_TEST_KEY, &error);
  g_auto(GStrv) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (models), ==, 3);

  /* /models answers without a key, /key does not: the bad key is caught. */
  bad = check_key ("openrouter", url, "test-bad-SECRETSECRETSECRET0004", &error);
  g_assert_null (bad);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNAUTHORIZED);
}

static void
test_check_public_models (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, "/public");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = check_key ("huggingface", url, FW_TEST_KEY, &error);
  g_auto(GStrv) bad = NULL;
  g_autofree char *body = fw_test_server_get_last_body (http_server);

  /* /models answers anyone, so the key is checked with a chat request. */
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (models), ==, 3);
  g_assert_nonnull (strstr (body, "\"max_tokens\":1"));

  bad = check_key ("huggingface", url, "test-bad-SECRETSECRETSECRET0006", &error);
  g_assert_null (bad);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNAUTHORIZED);
}

/* The providers whose /models takes a Bearer key: their check is GET
 * {base}/models, and a refused key reads as one, never showing the key. */
static void
test_check_catalog_providers (void)
{
  const char *ids[] = { "alibaba", "scaleway", "ovhcloud", "ionos", "nebius",
                        "cerebras", "fireworks", "deepinfra", "gemini" };
  g_autofree char *url = fw_test_server_get_base_url (http_server, "");

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) models = check_key (ids[i], url, FW_TEST_KEY, &error);
      g_autofree char *path = fw_test_server_get_last_path (http_server);
      g_auto(GStrv) bad = NULL;

      g_assert_cmpstr (fw_provider_get_check_path (provider (ids[i])), ==, "/models");
      g_assert_no_error (error);
      g_assert_cmpuint (g_strv_length (models), ==, 3);
      g_assert_cmpstr (path, ==, "/v1/models");

      bad = check_key (ids[i], url, "test-bad-SECRETSECRETSECRET0101", &error);
      g_assert_null (bad);
      g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNAUTHORIZED);
      g_assert_nonnull (strstr (error->message, fw_provider_get_name (provider (ids[i]))));
      g_assert_null (strstr (error->message, "SECRETSECRET"));
    }
}

/* Google answers a wrong key with 400 and API_KEY_INVALID. */
static void
test_check_gemini (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, "/gemini");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = check_key ("gemini", url, FW_TEST_KEY, &error);
  g_auto(GStrv) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (models), ==, 3);

  bad = check_key ("gemini", url, "test-bad-SECRETSECRETSECRET0102", &error);
  g_assert_null (bad);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "HTTP 400"));
  g_assert_nonnull (strstr (error->message, "API key not valid"));
}

/* Anthropic's model list does not take a Bearer key: the key is checked
 * with a one-token chat request, which does. */
static void
test_check_anthropic (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, "/anthropic");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = check_key ("anthropic", url, FW_TEST_KEY, &error);
  g_autofree char *path = fw_test_server_get_last_path (http_server);
  g_autofree char *body = fw_test_server_get_last_body (http_server);
  g_auto(GStrv) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstrv (models, fw_provider_get_models (provider ("anthropic")));
  g_assert_cmpstr (path, ==, "/anthropic/v1/chat/completions");
  g_assert_nonnull (strstr (body, "\"max_tokens\":1"));
  g_assert_nonnull (strstr (body, fw_provider_get_suggested_model (provider ("anthropic"))));

  bad = check_key ("anthropic", url, "test-bad-SECRETSECRETSECRET0103", &error);
  g_assert_null (bad);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "invalid x-api-key"));
}

/* Infomaniak: the product id goes into the address; there is no model
 * list, the key is checked with a chat request, and an address that does
 * not exist (a wrong product id) is not taken for a good key. */
static void
test_check_infomaniak (void)
{
  g_autofree char *server = fw_test_server_get_base_url (http_server, "/infomaniak/4242");
  g_autofree char *wrong = fw_test_server_get_base_url (http_server, "/infomaniak/abc");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  g_auto(GStrv) bad = NULL;
  g_auto(GStrv) missing = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpstr (fw_provider_get_url_parameter (provider ("infomaniak")), ==, "product_id");
  models = check_key ("infomaniak", server, FW_TEST_KEY, &error);
  path = fw_test_server_get_last_path (http_server);
  g_assert_no_error (error);
  g_assert_cmpstrv (models, fw_provider_get_models (provider ("infomaniak")));
  g_assert_cmpstr (path, ==, "/infomaniak/4242/v1/chat/completions");

  bad = check_key ("infomaniak", server, "test-bad-SECRETSECRETSECRET0104", &error);
  g_assert_null (bad);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  missing = check_key ("infomaniak", wrong, FW_TEST_KEY, &error);
  g_assert_null (missing);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  /* The catalog's address still wants the id: nothing is sent. */
  {
    guint before = fw_test_server_get_n_requests (http_server);
    g_auto(GStrv) none = check_key ("infomaniak", NULL, FW_TEST_KEY, &error);

    g_assert_null (none);
    g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_INSECURE_URL);
    g_assert_nonnull (strstr (error->message, "product ID"));
    g_assert_cmpuint (fw_test_server_get_n_requests (http_server), ==, before);
  }
}

static void
test_probe_local (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, "/local");
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;

  fw_provider_probe_local_async (provider ("ollama"), url, NULL, store_result, &r1);
  g_assert_true (fw_provider_probe_local_finish (wait_result (&r1), NULL));

  fw_provider_probe_local_async (provider ("ollama"), "http://127.0.0.1:1/v1", NULL, store_result, &r2);
  g_assert_false (fw_provider_probe_local_finish (wait_result (&r2), NULL));
}

/* Keyring and connections */

static void
test_connect_store_list_remove (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, NULL);
  g_autofree char *url2 = fw_test_server_get_base_url (http_server, "/local");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  g_auto(GStrv) models2 = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(FwConnection) c = NULL;
  g_autoptr(FwConnection) def = NULL;
  char *key;

  reset_state ();

  models = connect_provider ("mistral", url, FW_TEST_KEY, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (models);

  key = keyring_lookup ("mistral", url);
  g_assert_cmpstr (key, ==, FW_TEST_KEY);
  fw_keyring_free_key (key);

  c = fw_connections_lookup ("mistral");
  g_assert_nonnull (c);
  g_assert_cmpstr (fw_connection_get_base_url (c), ==, url);
  g_assert_cmpstr (fw_connection_get_model (c), ==, "mistral-large-latest");
  g_assert_true (fw_connection_get_is_default (c));
  g_clear_object (&c);

  /* A second provider, without key (a local one at a custom address). */
  models2 = connect_provider ("custom", url2, NULL, "test-model-b", &error);
  g_assert_no_error (error);
  list = fw_connections_list ();
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  c = fw_connections_lookup ("custom");
  g_assert_cmpstr (fw_connection_get_model (c), ==, "test-model-b");
  g_assert_false (fw_connection_get_is_default (c));
  g_clear_object (&c);

  g_assert_true (fw_connections_set_default ("custom"));
  def = fw_connections_get_default ();
  g_assert_cmpstr (fw_connection_get_provider_id (def), ==, "custom");
  g_assert_false (fw_connections_set_default ("groq"));
  g_assert_true (fw_connections_set_model ("mistral", "test-model-a"));
  c = fw_connections_lookup ("mistral");
  g_assert_cmpstr (fw_connection_get_model (c), ==, "test-model-a");
  g_clear_object (&c);

  /* Reconnecting keeps the chosen model when it is still offered. */
  g_strfreev (connect_provider ("mistral", url, FW_TEST_KEY, NULL, &error));
  g_assert_no_error (error);
  c = fw_connections_lookup ("mistral");
  g_assert_cmpstr (fw_connection_get_model (c), ==, "test-model-a");
  g_clear_object (&c);

  /* Remove: the key leaves the keyring, the default moves. */
  g_assert_true (disconnect_provider ("custom", &error));
  g_assert_no_error (error);
  g_clear_object (&def);
  def = fw_connections_get_default ();
  g_assert_cmpstr (fw_connection_get_provider_id (def), ==, "mistral");

  g_assert_true (disconnect_provider ("mistral", &error));
  g_assert_no_error (error);
  g_assert_null (keyring_lookup ("mistral", url));
  g_assert_null (keyring_lookup ("mistral", NULL));
  g_assert_null (fw_connections_lookup ("mistral"));
  g_clear_object (&def);
  g_assert_null (fw_connections_get_default ());

  /* Disconnecting something not connected is fine. */
  g_assert_true (disconnect_provider ("groq", &error));
  g_assert_no_error (error);
}

static void
test_connect_bad_key_stores_nothing (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;

  reset_state ();

  models = connect_provider ("mistral", url, "test-bad-SECRETSECRETSECRET0005", NULL, &error);
  g_assert_null (models);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNAUTHORIZED);
  g_assert_null (keyring_lookup ("mistral", NULL));
  g_assert_null (fw_connections_lookup ("mistral"));
  g_clear_error (&error);

  /* No key at all for a provider that needs one. */
  models = connect_provider ("mistral", url, "  ", NULL, &error);
  g_assert_null (models);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NO_KEY);
  g_assert_null (fw_connections_lookup ("mistral"));
}

static void
test_connect_replaces_old_base_url (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, NULL);
  g_autofree char *other = fw_test_server_get_base_url (http_server, "/openrouter");
  g_autoptr(GError) error = NULL;
  char *key;

  reset_state ();
  g_assert_true (fw_keyring_store_sync ("mistral", "Mistral AI", other, "test-key-old-old-old-old", NULL, &error));
  g_assert_no_error (error);

  g_strfreev (connect_provider ("mistral", url, FW_TEST_KEY, NULL, &error));
  g_assert_no_error (error);

  /* One key per provider: the one for the old address is gone. */
  g_assert_null (keyring_lookup ("mistral", other));
  key = keyring_lookup ("mistral", NULL);
  g_assert_cmpstr (key, ==, FW_TEST_KEY);
  fw_keyring_free_key (key);
  reset_state ();
}

/* Listing the models of a connected provider */

static GStrv
list_models (const char    *id,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fw_provider_list_models_async (id, cancellable, store_result, &result);
  return fw_provider_list_models_finish (wait_result (&result), error);
}

static void
test_list_models (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, NULL);
  g_autofree char *local = fw_test_server_get_base_url (http_server, "/local");
  g_autofree char *nomodels = fw_test_server_get_base_url (http_server, "/nomodels");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  g_auto(GStrv) keyless = NULL;
  g_auto(GStrv) catalog = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body_before = NULL;
  g_autofree char *body_after = NULL;
  guint before;

  reset_state ();
  g_strfreev (connect_provider ("mistral", url, FW_TEST_KEY, NULL, &error));
  g_assert_no_error (error);

  /* The server's models, sorted, unique, the suggested one first: one
   * GET with the stored key (in the header only), nothing else. */
  before = fw_test_server_get_n_requests (http_server);
  models = list_models ("mistral", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fw_test_server_get_n_requests (http_server), ==, before + 1);
  path = fw_test_server_get_last_path (http_server);
  g_assert_cmpstr (path, ==, "/v1/models");
  g_assert_cmpuint (g_strv_length (models), ==, 3);
  g_assert_cmpstr (models[0], ==, "mistral-large-latest");
  g_assert_cmpstr (models[1], ==, "test-model-a");
  g_assert_cmpstr (models[2], ==, "test-model-b");

  /* A service used without a key (a local one at its own address). */
  g_strfreev (connect_provider ("custom", local, NULL, NULL, &error));
  g_assert_no_error (error);
  keyless = list_models ("custom", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (keyless), ==, 3);
  g_assert_cmpstr (keyless[0], ==, "mistral-large-latest");

  /* No /models: the catalog's models, without a chat request to prove
   * the key again (that was done when it was stored). */
  g_strfreev (connect_provider ("zai", nomodels, FW_TEST_KEY, NULL, &error));
  g_assert_no_error (error);
  body_before = fw_test_server_get_last_body (http_server);
  before = fw_test_server_get_n_requests (http_server);
  catalog = list_models ("zai", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fw_test_server_get_n_requests (http_server), ==, before + 1);
  body_after = fw_test_server_get_last_body (http_server);
  g_assert_cmpstr (body_after, ==, body_before);
  g_assert_cmpstr (catalog[0], ==, fw_provider_get_suggested_model (provider ("zai")));
  g_assert_cmpuint (g_strv_length (catalog), ==, g_strv_length ((GStrv) fw_provider_get_models (provider ("zai"))));

  g_assert_true (disconnect_provider ("zai", &error));
  g_assert_no_error (error);
  reset_state ();
}

static void
test_list_models_not_connected (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  guint before;

  reset_state ();
  before = fw_test_server_get_n_requests (http_server);

  /* Not connected at all: said, and nothing is sent anywhere. */
  models = list_models ("mistral", NULL, &error);
  g_assert_null (models);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NO_KEY);
  g_test_message ("not connected → %s", error->message);
  g_assert_nonnull (strstr (error->message, "Mistral AI"));
  g_clear_error (&error);

  /* Connected in GSettings, but its key is not in the keyring any more. */
  fw_connections_add ("mistral", url, "mistral-large-latest");
  models = list_models ("mistral", NULL, &error);
  g_assert_null (models);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NO_KEY);
  g_clear_error (&error);

  /* Not a provider Farewell knows. */
  models = list_models ("chatgpt", NULL, &error);
  g_assert_null (models);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNKNOWN_PROVIDER);

  g_assert_cmpuint (fw_test_server_get_n_requests (http_server), ==, before);
  reset_state ();
}

static void
test_list_models_rejected (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, NULL);
  const char *bad = "test-bad-SECRETSECRETSECRET0007";
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;

  reset_state ();
  g_strfreev (connect_provider ("mistral", url, FW_TEST_KEY, NULL, &error));
  g_assert_no_error (error);

  /* The key stored since then is no longer accepted (revoked, say). */
  g_assert_true (fw_keyring_store_sync ("mistral", "Mistral AI", url, bad, NULL, &error));
  g_assert_no_error (error);

  models = list_models ("mistral", NULL, &error);
  g_assert_null (models);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNAUTHORIZED);
  g_test_message ("rejected → %s", error->message);
  /* The provider's words, but neither the key nor a long part of it. */
  g_assert_nonnull (strstr (error->message, "Incorrect API key provided"));
  g_assert_null (strstr (error->message, "SECRETSECRET"));
  g_assert_null (strstr (error->message, bad));

  /* Listing changes nothing: still connected, the key still stored. */
  {
    g_autoptr(FwConnection) c = fw_connections_lookup ("mistral");
    char *key = keyring_lookup ("mistral", url);

    g_assert_nonnull (c);
    g_assert_cmpstr (key, ==, bad);
    fw_keyring_free_key (key);
  }
  reset_state ();
}

static void
test_list_models_cancel (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  gint64 start;

  reset_state ();
  g_strfreev (connect_provider ("mistral", url, FW_TEST_KEY, NULL, &error));
  g_assert_no_error (error);
  /* With this key the server answers only after 4 s. */
  g_assert_true (fw_keyring_store_sync ("mistral", "Mistral AI", url, "test-slow", NULL, &error));
  g_assert_no_error (error);

  /* Cancelled before it starts. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    models = list_models ("mistral", cancellable, &error);
    g_assert_null (models);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  /* Cancelled while the server takes its time: at once. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    guint before = fw_test_server_get_n_requests (http_server);
    gint64 cancelled_at;

    start = g_get_monotonic_time ();
    fw_provider_list_models_async ("mistral", cancellable, store_result, &result);
    /* Wait until the request reached the server. */
    while (fw_test_server_get_n_requests (http_server) == before &&
           g_get_monotonic_time () - start < 3 * G_USEC_PER_SEC)
      g_usleep (10000);
    g_assert_cmpuint (fw_test_server_get_n_requests (http_server), >, before);
    g_assert_null (result);

    cancelled_at = g_get_monotonic_time ();
    g_cancellable_cancel (cancellable);
    models = fw_provider_list_models_finish (wait_result (&result), &error);
    g_assert_null (models);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 500 * G_TIME_SPAN_MILLISECOND);
  }
  reset_state ();
}

/* Chat */

typedef struct {
  GString  *text;
  guint     n_deltas;
  gboolean  destroyed;
  gint64    times[64];
} Deltas;

static void
on_delta (const char *text,
          gpointer    user_data)
{
  Deltas *d = user_data;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (*text != '\0');
  g_assert_false (d->destroyed);
  g_string_append (d->text, text);
  if (d->n_deltas < G_N_ELEMENTS (d->times))
    d->times[d->n_deltas] = g_get_monotonic_time ();
  d->n_deltas++;
}

static void
on_destroy (gpointer user_data)
{
  Deltas *d = user_data;
  d->destroyed = TRUE;
}

static char *
chat (const char    *provider_id,
      const char    *model,
      JsonArray     *messages,
      GCancellable  *cancellable,
      Deltas        *d,
      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fw_chat_stream_async (provider_id, NULL, model, messages, cancellable,
                        on_delta, d, on_destroy, store_result, &result);
  wait_result (&result);
  g_assert_true (d->destroyed);
  return fw_chat_stream_finish (result, error);
}

static void
connect_for_chat (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, NULL);
  g_autoptr(GError) error = NULL;

  reset_state ();
  g_strfreev (connect_provider ("mistral", url, FW_TEST_KEY, NULL, &error));
  g_assert_no_error (error);
}

static void
test_chat_stream (void)
{
  g_autoptr(JsonArray) messages = fw_chat_build_messages (NULL, NULL, "Hello", 1000, NULL);
  Deltas d = { g_string_new (NULL) };
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj;

  connect_for_chat ();
  answer = chat ("mistral", "echo", messages, NULL, &d, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (answer, ==, FW_TEST_ANSWER);
  g_assert_cmpstr (d.text->str, ==, FW_TEST_ANSWER);
  /* The stream lasts about half a second: several pieces, throttled to
   * about 10 a second (the last one comes with the end, at once). */
  g_assert_cmpuint (d.n_deltas, >=, 3);
  for (guint i = 1; i + 1 < MIN (d.n_deltas, G_N_ELEMENTS (d.times)); i++)
    g_assert_cmpint (d.times[i] - d.times[i - 1], >=, 90 * G_TIME_SPAN_MILLISECOND);

  body = fw_test_server_get_last_body (http_server);
  g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (obj, "model"), ==, "echo");
  g_assert_true (json_object_get_boolean_member (obj, "stream"));
  g_string_free (d.text, TRUE);
}

static void
test_chat_uses_connection_model (void)
{
  g_autoptr(JsonArray) messages = fw_chat_build_messages (NULL, NULL, "Hi", 1000, NULL);
  Deltas d = { g_string_new (NULL) };
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *body = NULL;

  connect_for_chat ();
  fw_connections_set_model ("mistral", "test-model-a");
  answer = chat ("mistral", NULL, messages, NULL, &d, &error);
  g_assert_no_error (error);
  body = fw_test_server_get_last_body (http_server);
  g_assert_nonnull (strstr (body, "\"model\":\"test-model-a\""));
  g_string_free (d.text, TRUE);
}

static void
test_chat_cancel (void)
{
  g_autoptr(JsonArray) messages = fw_chat_build_messages (NULL, NULL, "Go on", 1000, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Deltas d = { g_string_new (NULL) };
  gint64 cancelled_at;
  guint n_at_cancel;

  connect_for_chat ();
  fw_chat_stream_async ("mistral", NULL, "slow-stream", messages, cancellable,
                        on_delta, &d, on_destroy, store_result, &result);
  while (d.n_deltas < 2)
    g_main_context_iteration (NULL, TRUE);

  cancelled_at = g_get_monotonic_time ();
  n_at_cancel = d.n_deltas;
  g_cancellable_cancel (cancellable);
  wait_result (&result);
  /* At once, and nothing after. */
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 200 * G_TIME_SPAN_MILLISECOND);
  g_assert_null (fw_chat_stream_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (d.destroyed);

  /* Let the worker notice and stop; no late pieces arrive. */
  {
    gint64 until = g_get_monotonic_time () + 1500 * G_TIME_SPAN_MILLISECOND;
    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  }
  g_assert_cmpuint (d.n_deltas, ==, n_at_cancel);
  g_string_free (d.text, TRUE);
}

/* The server sends part of an answer, then nothing, with the connection
 * open: the stream gives up after its stall limit (shortened here) with a
 * clear error instead of hanging forever. */
static void
test_chat_stall (void)
{
  g_autoptr(JsonArray) messages = fw_chat_build_messages (NULL, NULL, "Hello", 1000, NULL);
  Deltas d = { g_string_new (NULL) };
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  gint64 start;

  connect_for_chat ();
  fw_http_set_timeout_override (1);
  start = g_get_monotonic_time ();
  answer = chat ("mistral", "stall", messages, NULL, &d, &error);
  fw_http_set_timeout_override (0);

  g_assert_null (answer);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "did not answer in time"));
  g_assert_cmpstr (d.text->str, ==, "The answer starts, then the server stalls");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_string_free (d.text, TRUE);
}

static void
test_chat_errors (void)
{
  /* arrived: what came before the error, every piece of it, is handed over */
  struct { const char *model; GQuark domain; int code; const char *fragment; const char *arrived; } cases[] = {
    { "status-401", 0, FW_PROVIDER_ERROR_UNAUTHORIZED, "revoked", "" },
    { "status-429", 0, FW_PROVIDER_ERROR_RATE_LIMITED, "slow down", "" },
    { "status-500", 0, FW_PROVIDER_ERROR_SERVER, "Internal error", "" },
    { "error-event", 0, FW_PROVIDER_ERROR_SERVER, "overloaded", "Part one, part two" },
    { "close-mid", 0, FW_PROVIDER_ERROR_NETWORK, NULL, NULL },
    { "no-done", 0, FW_PROVIDER_ERROR_NETWORK, NULL, "Half an answer" },
    { "huge-line", 0, FW_PROVIDER_ERROR_PROTOCOL, NULL, NULL },
  };

  connect_for_chat ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonArray) messages = fw_chat_build_messages (NULL, NULL, "Hello", 1000, NULL);
      Deltas d = { g_string_new (NULL) };
      g_autoptr(GError) error = NULL;
      g_autofree char *answer = chat ("mistral", cases[i].model, messages, NULL, &d, &error);

      g_assert_null (answer);
      g_assert_error (error, FW_PROVIDER_ERROR, cases[i].code);
      g_test_message ("%s → %s", cases[i].model, error->message);
      if (cases[i].fragment)
        g_assert_nonnull (strstr (error->message, cases[i].fragment));
      g_assert_null (strstr (error->message, FW_TEST_KEY));
      if (cases[i].arrived != NULL)
        g_assert_cmpstr (d.text->str, ==, cases[i].arrived);
      g_string_free (d.text, TRUE);
    }
}

static void
test_chat_not_streaming (void)
{
  g_autoptr(JsonArray) messages = fw_chat_build_messages (NULL, NULL, "Hello", 1000, NULL);
  Deltas d = { g_string_new (NULL) };
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  connect_for_chat ();
  answer = chat ("mistral", "not-streaming", messages, NULL, &d, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (answer, ==, "Whole answer.");
  g_assert_cmpstr (d.text->str, ==, "Whole answer.");
  g_string_free (d.text, TRUE);
}

static void
test_chat_no_key (void)
{
  g_autoptr(JsonArray) messages = fw_chat_build_messages (NULL, NULL, "Hello", 1000, NULL);
  Deltas d = { g_string_new (NULL) };
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  reset_state ();
  answer = chat ("mistral", "echo", messages, NULL, &d, &error);
  g_assert_null (answer);
  g_assert_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NO_KEY);
  g_string_free (d.text, TRUE);

  {
    Deltas d2 = { g_string_new (NULL) };
    g_autoptr(GError) error2 = NULL;
    g_autofree char *a2 = chat ("chatgpt", "echo", messages, NULL, &d2, &error2);
    g_assert_null (a2);
    g_assert_error (error2, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNKNOWN_PROVIDER);
    g_string_free (d2.text, TRUE);
  }
}

static void
test_chat_local_without_key (void)
{
  g_autofree char *url = fw_test_server_get_base_url (http_server, "/local");
  g_autoptr(JsonArray) messages = fw_chat_build_messages (NULL, NULL, "Hello", 1000, NULL);
  Deltas d = { g_string_new (NULL) };
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  reset_state ();
  fw_chat_stream_async ("ollama", url, "echo", messages, NULL, on_delta, &d, on_destroy,
                        store_result, &result);
  answer = fw_chat_stream_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (answer, ==, FW_TEST_ANSWER);
  g_string_free (d.text, TRUE);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("FAREWELL_TEST_HOME") == NULL)
    {
      g_printerr ("Run this test through with-keyring.sh\n");
      return 77;
    }

  http_server = fw_test_server_new (FALSE);
  https_server = fw_test_server_new (TRUE);

  g_test_add_func ("/provider/check/models", test_check_models);
  g_test_add_func ("/provider/check/errors", test_check_errors);
  g_test_add_func ("/provider/check/timeout", test_check_timeout);
  g_test_add_func ("/provider/check/cancel", test_check_cancel);
  g_test_add_func ("/provider/check/network", test_check_network);
  g_test_add_func ("/provider/check/insecure-url", test_check_insecure_url);
  g_test_add_func ("/provider/check/tls", test_check_tls);
  g_test_add_func ("/provider/check/fallback-chat", test_check_fallback_chat);
  g_test_add_func ("/provider/check/openrouter", test_check_openrouter);
  g_test_add_func ("/provider/check/public-models", test_check_public_models);
  g_test_add_func ("/provider/check/catalog-providers", test_check_catalog_providers);
  g_test_add_func ("/provider/check/gemini", test_check_gemini);
  g_test_add_func ("/provider/check/anthropic", test_check_anthropic);
  g_test_add_func ("/provider/check/infomaniak", test_check_infomaniak);
  g_test_add_func ("/provider/probe-local", test_probe_local);
  g_test_add_func ("/provider/connect/store-list-remove", test_connect_store_list_remove);
  g_test_add_func ("/provider/connect/bad-key-stores-nothing", test_connect_bad_key_stores_nothing);
  g_test_add_func ("/provider/connect/replaces-old-base-url", test_connect_replaces_old_base_url);
  g_test_add_func ("/provider/list-models/connected", test_list_models);
  g_test_add_func ("/provider/list-models/not-connected", test_list_models_not_connected);
  g_test_add_func ("/provider/list-models/rejected", test_list_models_rejected);
  g_test_add_func ("/provider/list-models/cancel", test_list_models_cancel);
  g_test_add_func ("/provider/chat/stream", test_chat_stream);
  g_test_add_func ("/provider/chat/connection-model", test_chat_uses_connection_model);
  g_test_add_func ("/provider/chat/cancel", test_chat_cancel);
  g_test_add_func ("/provider/chat/errors", test_chat_errors);
  g_test_add_func ("/provider/chat/stall", test_chat_stall);
  g_test_add_func ("/provider/chat/not-streaming", test_chat_not_streaming);
  g_test_add_func ("/provider/chat/no-key", test_chat_no_key);
  g_test_add_func ("/provider/chat/local-without-key", test_chat_local_without_key);

  ret = g_test_run ();

  fw_test_server_free (http_server);
  fw_test_server_free (https_server);
  return ret;
}
