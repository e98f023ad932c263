/* test-keyring-errors.c — a missing, absent or locked keyring is explained
 * and nothing is stored
 *
 * Run through with-keyring.sh --no-service, --no-bus or --locked, with
 * FAREWELL_EXPECT_KEYRING=unavailable or locked.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "provider/fw-connections.h"
#include "provider/fw-keyring.h"
#include "provider/fw-provider-catalog.h"
#include "provider/fw-provider-client.h"

#include "fw-test-server.h"

static int expected_code;

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  fw_keyring_store_async ("mistral", "Mistral AI", "https://api.mistral.ai/v1", FW_TEST_KEY,
                          NULL, store_result, &result);
  g_assert_false (fw_keyring_store_finish (wait_result (&result), &error));
  g_assert_error (error, FW_KEYRING_ERROR, expected_code);
  g_test_message ("store: %s", error->message);
  g_assert_nonnull (strstr (error->message, "keyring"));
  g_assert_null (strstr (error->message, FW_TEST_KEY));
}

static void
test_lookup (void)
{
  g_autoptr(GError) error = NULL;
  char *key = fw_keyring_lookup_sync ("mistral", NULL, NULL, &error);

  g_assert_null (key);
  if (expected_code == FW_KEYRING_ERROR_UNAVAILABLE)
    g_assert_error (error, FW_KEYRING_ERROR, FW_KEYRING_ERROR_UNAVAILABLE);
  else if (error != NULL) /* a locked keyring may also just find nothing */
    g_assert_error (error, FW_KEYRING_ERROR, FW_KEYRING_ERROR_LOCKED);
}

static void
test_connect_stores_nothing (void)
{
  g_autoptr(FwTestServer) server = fw_test_server_new (FALSE);
  g_autofree char *url = fw_test_server_get_base_url (server, NULL);
  FwProvider *mistral = fw_provider_catalog_lookup (fw_provider_catalog_get_default (), "mistral");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;

  /* The key is good, but it cannot be kept: nothing is recorded. */
  fw_provider_connect_async (mistral, url, FW_TEST_KEY, NULL, NULL, store_result, &result);
  models = fw_provider_connect_finish (wait_result (&result), &error);
  g_assert_null (models);
  g_assert_error (error, FW_KEYRING_ERROR, expected_code);
  g_assert_null (fw_connections_lookup ("mistral"));
  g_assert_cmpuint (fw_test_server_get_n_requests (server), >=, 1); /* it was checked */
}

static void
test_local_provider_without_keyring (void)
{
  g_autoptr(FwTestServer) server = fw_test_server_new (FALSE);
  g_autofree char *url = fw_test_server_get_base_url (server, "/local");
  FwProvider *ollama = fw_provider_catalog_lookup (fw_provider_catalog_get_default (), "ollama");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  g_autoptr(FwConnection) connection = NULL;

  /* A provider without key works without a keyring. */
  fw_provider_connect_async (ollama, url, NULL, NULL, NULL, store_result, &result);
  models = fw_provider_connect_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  connection = fw_connections_lookup ("ollama");
  g_assert_nonnull (connection);

  fw_provider_disconnect_async ("ollama", NULL, store_result, &result2);
  g_assert_true (fw_provider_disconnect_finish (wait_result (&result2), &error));
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  const char *expect = g_getenv ("FAREWELL_EXPECT_KEYRING");

  g_test_init (&argc, &argv, NULL);

  if (g_strcmp0 (expect, "unavailable") == 0)
    expected_code = FW_KEYRING_ERROR_UNAVAILABLE;
  else if (g_strcmp0 (expect, "locked") == 0)
    expected_code = FW_KEYRING_ERROR_LOCKED;
  else
    {
      g_printerr ("Set FAREWELL_EXPECT_KEYRING=unavailable|locked and run through with-keyring.sh\n");
      return 77;
    }

  g_test_add_func ("/provider/keyring-errors/store", test_store);
  g_test_add_func ("/provider/keyring-errors/lookup", test_lookup);
  g_test_add_func ("/provider/keyring-errors/connect-stores-nothing", test_connect_stores_nothing);
  g_test_add_func ("/provider/keyring-errors/local-provider", test_local_provider_without_keyring);

  return g_test_run ();
}
