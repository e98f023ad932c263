/* fw-keyring.h — API keys in the system keyring (libsecret), nowhere else
 *
 * Items use the schema "io.github.farewell.Farewell.ApiKey" with the
 * attributes "provider" (catalog id) and "base-url", in the default
 * collection. In a Flatpak, libsecret uses the Secret portal by itself.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-provider-error.h"

G_BEGIN_DECLS

#define FW_KEYRING_SCHEMA_NAME "io.github.farewell.Farewell.ApiKey"

/* Stores @key for (@provider_id, @base_url), replacing any key stored for
 * @provider_id before (whatever its base URL). @provider_name is used in
 * the item's label ("Farewell: Mistral AI API key"). @key is copied and the
 * copy wiped after use. Errors: FW_KEYRING_ERROR_*, G_IO_ERROR_CANCELLED. */
void      fw_keyring_store_async   (const char           *provider_id,
                                    const char           *provider_name,
                                    const char           *base_url,
                                    const char           *key,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  fw_keyring_store_finish  (GAsyncResult         *result,
                                    GError              **error);

/* Looks the key up; NULL without error when none is stored (or the keyring
 * is locked and cannot be opened without a prompt). @base_url may be NULL
 * to match any. Free the key with fw_keyring_free_key(). */
void      fw_keyring_lookup_async  (const char           *provider_id,
                                    const char           *base_url,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
char     *fw_keyring_lookup_finish (GAsyncResult         *result,
                                    GError              **error);

/* Removes every key stored for @provider_id. TRUE when it succeeded, also
 * when there was nothing to remove. */
void      fw_keyring_clear_async   (const char           *provider_id,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  fw_keyring_clear_finish  (GAsyncResult         *result,
                                    GError              **error);

/* Blocking forms, for worker threads only (never the main thread). */
gboolean  fw_keyring_store_sync    (const char           *provider_id,
                                    const char           *provider_name,
                                    const char           *base_url,
                                    const char           *key,
                                    GCancellable         *cancellable,
                                    GError              **error);
char     *fw_keyring_lookup_sync   (const char           *provider_id,
                                    const char           *base_url,
                                    GCancellable         *cancellable,
                                    GError              **error);
gboolean  fw_keyring_clear_sync    (const char           *provider_id,
                                    GCancellable         *cancellable,
                                    GError              **error);

/* Wipes and frees a key returned by the lookup functions. */
void      fw_keyring_free_key      (char                 *key);

G_END_DECLS
