/* fw-provider.h — one entry of the provider catalog
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FW_TYPE_PROVIDER (fw_provider_get_type ())
G_DECLARE_FINAL_TYPE (FwProvider, fw_provider, FW, PROVIDER, GObject)

/* Builds a provider from one catalog entry; NULL when "id" or "name" is
 * missing. Name and description are translated with _() here. */
FwProvider         *fw_provider_new_from_json        (JsonObject *entry);

const char         *fw_provider_get_id               (FwProvider *self);
const char         *fw_provider_get_name             (FwProvider *self);
const char         *fw_provider_get_description      (FwProvider *self);
/* The default API address, e.g. "https://api.mistral.ai/v1"; "" for custom. */
const char         *fw_provider_get_base_url         (FwProvider *self);
/* Where to create a key; NULL when there is none (local servers). */
const char         *fw_provider_get_key_url          (FwProvider *self);
/* What a key looks like, e.g. "hf_…"; NULL when unknown. */
const char         *fw_provider_get_key_hint         (FwProvider *self);
/* The model preselected in the chooser; NULL when none. */
const char         *fw_provider_get_suggested_model  (FwProvider *self);
/* Known models (suggested first); used when the provider cannot list them. */
const char * const *fw_provider_get_models           (FwProvider *self);
/* The path that checks a key: "/models", or "/key" for OpenRouter. */
const char         *fw_provider_get_check_path       (FwProvider *self);
/* Where the facts were checked, and when (YYYY-MM-DD). */
const char         *fw_provider_get_source           (FwProvider *self);
const char         *fw_provider_get_checked          (FwProvider *self);
gboolean            fw_provider_get_needs_key        (FwProvider *self);
gboolean            fw_provider_get_is_local         (FwProvider *self);
/* TRUE for "custom": the person types the base URL. */
gboolean            fw_provider_get_is_custom        (FwProvider *self);

G_END_DECLS
