/* fw-provider-client.h — checking keys, connecting and disconnecting
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-provider.h"
#include "fw-provider-error.h"

G_BEGIN_DECLS

/* Checks @key against the provider at @base_url (NULL: the catalog's) with
 * GET {base}{check_path} (OpenRouter: /key, then /models), falling back to
 * a one-token chat request when the provider has no /models (404); a
 * check_path of /chat/completions makes that chat request at once (only
 * a refused key fails it then; the catalog gives the models). @key may
 * be NULL or "" for providers that need none; it is copied and the copy
 * wiped. The result is the model ids, sorted, the suggested one first
 * (possibly empty). Errors: FW_PROVIDER_ERROR_*, G_IO_ERROR_CANCELLED. */
void      fw_provider_check_key_async   (FwProvider           *provider,
                                         const char           *base_url,
                                         const char           *key,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GStrv     fw_provider_check_key_finish  (GAsyncResult         *result,
                                         GError              **error);

/* Checks the key, stores it in the keyring (only after the check passed;
 * an empty key for a provider without one clears any stored key) and
 * records the connection in GSettings with @model (NULL: the previous
 * choice, else the suggested model when offered, else the first). The
 * first connection becomes the default. Returns the model ids like
 * fw_provider_check_key_finish(); nothing is stored on any error.
 * Errors also: FW_KEYRING_ERROR_*, FW_PROVIDER_ERROR_NO_KEY. */
void      fw_provider_connect_async     (FwProvider           *provider,
                                         const char           *base_url,
                                         const char           *key,
                                         const char           *model,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GStrv     fw_provider_connect_finish    (GAsyncResult         *result,
                                         GError              **error);

/* Removes the key from the keyring and the connection from GSettings. For a
 * provider that needs a key, a keyring failure keeps the connection (so
 * the person can retry) and is reported. */
void      fw_provider_disconnect_async  (const char           *provider_id,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  fw_provider_disconnect_finish (GAsyncResult         *result,
                                         GError              **error);

/* Lists the models of the connected provider @provider_id: its address
 * from its connection (fw-connections), its key from the keyring (none for
 * a provider that needs none; the key is only sent in the Authorization
 * header and the copy is wiped), then the same GET {base}{check_path} as
 * fw_provider_check_key_async(), without the extra chat request that
 * proves a key (a provider without /models gives the catalog's models).
 * The result is sorted, the suggested model first (possibly empty).
 * Errors: FW_PROVIDER_ERROR_NO_KEY (not connected, or no key stored for a
 * provider that needs one), FW_PROVIDER_ERROR_UNKNOWN_PROVIDER, the other
 * FW_PROVIDER_ERROR_* (e.g. UNAUTHORIZED for a key the provider no longer
 * accepts), FW_KEYRING_ERROR_*, G_IO_ERROR_CANCELLED (at once). */
void      fw_provider_list_models_async  (const char          *provider_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GStrv     fw_provider_list_models_finish (GAsyncResult        *result,
                                          GError             **error);

/* TRUE when something answers HTTP at @base_url (NULL: the catalog's)
 * /models within about 3 seconds: for detecting local servers. Never
 * fails except when cancelled. */
void      fw_provider_probe_local_async  (FwProvider          *provider,
                                          const char          *base_url,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  fw_provider_probe_local_finish (GAsyncResult        *result,
                                          GError             **error);

/* "https://x/v1/" → "https://x/v1": trims spaces and trailing slashes. */
char     *fw_provider_normalize_base_url (const char          *base_url);

G_END_DECLS
