/* fw-connections.h — which providers are connected (no secrets here)
 *
 * Stored in GSettings: "connected-providers" a(sss) = (catalog id, base URL,
 * model) and "default-provider". Keys are in the keyring, never here. One
 * connection per catalog id.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FW_TYPE_CONNECTION (fw_connection_get_type ())
G_DECLARE_FINAL_TYPE (FwConnection, fw_connection, FW, CONNECTION, GObject)

/* A snapshot of one connected provider (read-only properties
 * "provider-id", "base-url", "model", "is-default"). */
const char   *fw_connection_get_provider_id (FwConnection *self);
const char   *fw_connection_get_base_url    (FwConnection *self);
/* "" when no model was chosen yet. */
const char   *fw_connection_get_model       (FwConnection *self);
gboolean      fw_connection_get_is_default  (FwConnection *self);

/* All connections, in the order they were added: a new GListStore of
 * FwConnection. Watch GSettings "changed::connected-providers" and
 * "changed::default-provider" (fw_settings_new()) to refresh. */
GListModel   *fw_connections_list           (void);

/* The connection of @provider_id, or NULL. */
FwConnection *fw_connections_lookup         (const char   *provider_id);

/* The default connection: the one named by "default-provider", else the
 * first; NULL when nothing is connected. */
FwConnection *fw_connections_get_default    (void);

/* Adds or updates the connection of @provider_id (model may be NULL or "").
 * The first connection becomes the default. */
void          fw_connections_add            (const char   *provider_id,
                                             const char   *base_url,
                                             const char   *model);

/* Removes it (the keyring item is removed separately, see
 * fw_provider_disconnect_async()). Moves the default to the first remaining
 * one. Returns FALSE when it was not connected. */
gboolean      fw_connections_remove         (const char   *provider_id);

/* FALSE when @provider_id is not connected. */
gboolean      fw_connections_set_default    (const char   *provider_id);
gboolean      fw_connections_set_model      (const char   *provider_id,
                                             const char   *model);

G_END_DECLS
