/* fw-provider-catalog.h — the providers Farewell knows, from providers.json
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "fw-provider.h"

G_BEGIN_DECLS

#define FW_TYPE_PROVIDER_CATALOG (fw_provider_catalog_get_type ())
G_DECLARE_FINAL_TYPE (FwProviderCatalog, fw_provider_catalog, FW, PROVIDER_CATALOG, GObject)

/* The catalog from the core GResource (providers.json), loaded once. A
 * GListModel of FwProvider in file order. Owned by the library: do not
 * unref. */
FwProviderCatalog *fw_provider_catalog_get_default (void);

/* Loads a catalog from JSON text ({"providers":[...]}); for tests. */
FwProviderCatalog *fw_provider_catalog_new_from_data (const char         *data,
                                                      gsize               len,
                                                      GError            **error);

/* The provider with that id, or NULL. Transfer none. */
FwProvider        *fw_provider_catalog_lookup      (FwProviderCatalog  *self,
                                                    const char         *id);

G_END_DECLS
