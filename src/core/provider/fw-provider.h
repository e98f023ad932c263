/* fw-provider.h — one entry of the provider catalog
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Where a provider processes requests. */
typedef enum {
  FW_PROVIDER_REGION_UNKNOWN,
  FW_PROVIDER_REGION_EU,
  FW_PROVIDER_REGION_SWITZERLAND,
  FW_PROVIDER_REGION_US,
  FW_PROVIDER_REGION_CHINA,
  FW_PROVIDER_REGION_SINGAPORE,
  FW_PROVIDER_REGION_LOCAL,      /* this computer */
  FW_PROVIDER_REGION_DEPENDS,    /* on the model or the partner chosen */
} FwProviderRegion;

/* Whether what is sent through the API trains models by default. */
typedef enum {
  FW_PROVIDER_TRAINING_UNKNOWN,
  FW_PROVIDER_TRAINING_NO,
  FW_PROVIDER_TRAINING_YES,
  FW_PROVIDER_TRAINING_FREE_TIER, /* on the free plan, not on the paid one */
} FwProviderTraining;

typedef enum {
  FW_PROVIDER_OPEN_WEIGHTS_UNKNOWN,
  FW_PROVIDER_OPEN_WEIGHTS_NO,
  FW_PROVIDER_OPEN_WEIGHTS_SOME,
  FW_PROVIDER_OPEN_WEIGHTS_YES,
} FwProviderOpenWeights;

/* The facts people choose by; each comes with a source and a date. */
typedef enum {
  FW_PROVIDER_FACT_COUNTRY,
  FW_PROVIDER_FACT_REGION,
  FW_PROVIDER_FACT_TRAINING,
  FW_PROVIDER_FACT_OPEN_WEIGHTS,
  FW_PROVIDER_FACT_FREE_TIER,
  FW_PROVIDER_N_FACTS,
} FwProviderFact;

/* The filters of the New Provider list (GSettings "provider-filters"). */
typedef enum {
  FW_PROVIDER_FILTER_EUROPE      = 1 << 0, /* processed in the EU or Switzerland */
  FW_PROVIDER_FILTER_OPEN        = 1 << 1, /* offers open-weight models */
  FW_PROVIDER_FILTER_LOCAL       = 1 << 2, /* runs on this computer */
  FW_PROVIDER_FILTER_NO_TRAINING = 1 << 3, /* API inputs train no models by default */
} FwProviderFilter;

/* A dated price of one model, per million tokens. */
typedef struct {
  char   *model;
  double  input;
  double  output;
  char   *currency;  /* e.g. "USD" */
  char   *source;
  char   *as_of;     /* YYYY-MM-DD */
} FwProviderPrice;

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

/* The name of the part of the base URL the person types (written {name}
 * in it), e.g. "product_id"; NULL when the base URL is complete. */
const char         *fw_provider_get_url_parameter    (FwProvider *self);
/* The base URL with @value put in for its parameter. @value must be
 * letters, digits, "-" or "_" (it becomes part of a path). A provider
 * without a parameter gives its base URL. Errors: G_IO_ERROR_INVALID_ARGUMENT. */
char               *fw_provider_resolve_base_url     (FwProvider  *self,
                                                      const char  *value,
                                                      GError     **error);

/* The facts; unknown (or FALSE, or NULL) when the catalog gives none with
 * a source and a date. The country is an ISO 3166 code such as "FR". */
const char         *fw_provider_get_country          (FwProvider *self);
FwProviderRegion    fw_provider_get_region           (FwProvider *self);
FwProviderTraining  fw_provider_get_training         (FwProvider *self);
FwProviderOpenWeights fw_provider_get_open_weights   (FwProvider *self);
gboolean            fw_provider_get_free_tier        (FwProvider *self);
/* TRUE when @fact is known; then its source URL and the date it was read. */
gboolean            fw_provider_get_fact_source      (FwProvider      *self,
                                                      FwProviderFact   fact,
                                                      const char     **source,
                                                      const char     **checked);

/* TRUE when the provider is what every filter in @filters asks for. */
gboolean            fw_provider_matches              (FwProvider       *self,
                                                      FwProviderFilter  filters);
/* "europe", "open", "local", "no-training" ↔ the flags; unknown names are
 * ignored. */
FwProviderFilter    fw_provider_filter_from_names    (const char * const *names);
GStrv               fw_provider_filter_to_names      (FwProviderFilter    filters);

/* The dated price of @model, or NULL when the catalog has none. */
const FwProviderPrice *fw_provider_lookup_price      (FwProvider *self,
                                                      const char *model);

/* An order-of-magnitude cost for a month of use at @price: the person's
 * questions are half of @messages_per_month, each answer half; a message
 * is @chars_per_message characters, about four characters a token; each
 * question also sends FW_PROVIDER_CONTEXT_MESSAGES earlier messages of the
 * conversation along. */
#define FW_PROVIDER_CHARS_PER_TOKEN     4.0
#define FW_PROVIDER_CONTEXT_MESSAGES    4.0
double              fw_provider_estimate_monthly_cost (const FwProviderPrice *price,
                                                       double                 messages_per_month,
                                                       double                 chars_per_message);
/* Messages a month over the span from @first to @last (at least one
 * month); 0 when a date is missing. */
double              fw_provider_messages_per_month   (guint       messages,
                                                      GDateTime  *first,
                                                      GDateTime  *last);
/* @cost rounded to one significant digit (0.04, 0.3, 2, 30, 400). */
double              fw_provider_round_estimate       (double      cost);

G_END_DECLS
