/* fw-provider.c — one entry of the provider catalog
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "fw-provider.h"

struct _FwProvider
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char     *description;
  char     *base_url;
  char     *key_url;
  char     *key_hint;
  char     *suggested_model;
  char     *check_path;
  char     *source;
  char     *checked;
  char     *url_parameter;
  GStrv     models;
  GPtrArray *prices;          /* FwProviderPrice */

  char     *country;
  FwProviderRegion region;
  FwProviderTraining training;
  FwProviderOpenWeights open_weights;
  gboolean  free_tier;
  char     *fact_source[FW_PROVIDER_N_FACTS];
  char     *fact_checked[FW_PROVIDER_N_FACTS];

  gboolean  needs_key;
  gboolean  is_local;
  gboolean  is_custom;
};

G_DEFINE_FINAL_TYPE (FwProvider, fw_provider, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_BASE_URL,
  PROP_KEY_URL,
  PROP_KEY_HINT,
  PROP_SUGGESTED_MODEL,
  PROP_NEEDS_KEY,
  PROP_IS_LOCAL,
  PROP_IS_CUSTOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fw_provider_finalize (GObject *object)
{
  FwProvider *self = FW_PROVIDER (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->base_url);
  g_free (self->key_url);
  g_free (self->key_hint);
  g_free (self->suggested_model);
  g_free (self->check_path);
  g_free (self->source);
  g_free (self->checked);
  g_strfreev (self->models);
  g_free (self->url_parameter);
  g_clear_pointer (&self->prices, g_ptr_array_unref);
  g_free (self->country);
  for (guint i = 0; i < FW_PROVIDER_N_FACTS; i++)
    {
      g_free (self->fact_source[i]);
      g_free (self->fact_checked[i]);
    }

  G_OBJECT_CLASS (fw_provider_parent_class)->finalize (object);
}

static void
fw_provider_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FwProvider *self = FW_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_KEY_URL:
      g_value_set_string (value, self->key_url);
      break;
    case PROP_KEY_HINT:
      g_value_set_string (value, self->key_hint);
      break;
    case PROP_SUGGESTED_MODEL:
      g_value_set_string (value, self->suggested_model);
      break;
    case PROP_NEEDS_KEY:
      g_value_set_boolean (value, self->needs_key);
      break;
    case PROP_IS_LOCAL:
      g_value_set_boolean (value, self->is_local);
      break;
    case PROP_IS_CUSTOM:
      g_value_set_boolean (value, self->is_custom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_provider_class_init (FwProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fw_provider_finalize;
  object_class->get_property = fw_provider_get_property;

#define STR_PROP(ID, name) \
  properties[ID] = g_param_spec_string (name, NULL, NULL, NULL, \
                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)
#define BOOL_PROP(ID, name) \
  properties[ID] = g_param_spec_boolean (name, NULL, NULL, FALSE, \
                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)
  STR_PROP (PROP_ID, "id");
  STR_PROP (PROP_NAME, "name");
  STR_PROP (PROP_DESCRIPTION, "description");
  STR_PROP (PROP_BASE_URL, "base-url");
  STR_PROP (PROP_KEY_URL, "key-url");
  STR_PROP (PROP_KEY_HINT, "key-hint");
  STR_PROP (PROP_SUGGESTED_MODEL, "suggested-model");
  BOOL_PROP (PROP_NEEDS_KEY, "needs-key");
  BOOL_PROP (PROP_IS_LOCAL, "is-local");
  BOOL_PROP (PROP_IS_CUSTOM, "is-custom");
#undef STR_PROP
#undef BOOL_PROP

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fw_provider_init (FwProvider *self)
{
}

static char *
dup_member (JsonObject *entry,
            const char *name)
{
  JsonNode *node = json_object_get_member (entry, name);
  const char *s;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  s = json_node_get_string (node);
  return s != NULL && *s != '\0' ? g_strdup (s) : NULL;
}

static gboolean
bool_member (JsonObject *entry,
             const char *name,
             gboolean    fallback)
{
  JsonNode *node = json_object_get_member (entry, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

static void
price_free (gpointer data)
{
  FwProviderPrice *price = data;

  g_free (price->model);
  g_free (price->currency);
  g_free (price->source);
  g_free (price->as_of);
  g_free (price);
}

static const char * const fact_names[FW_PROVIDER_N_FACTS] = {
  "country", "region", "training", "open_weights", "free_tier",
};

static int
enum_from_name (const char         *name,
                const char * const *names)
{
  for (int i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (name, names[i]) == 0)
      return i;
  return 0;
}

static const char * const region_names[] = {
  "", "eu", "switzerland", "us", "china", "singapore", "local", "depends", NULL
};
static const char * const training_names[] = { "", "no", "yes", "free-tier", NULL };
static const char * const open_weights_names[] = { "", "no", "some", "yes", NULL };

/* A fact is {"value": ..., "source": URL, "checked": DATE}; without a
 * source and a date it is left unknown. */
static JsonNode *
read_fact (FwProvider     *self,
           JsonObject     *facts,
           FwProviderFact  fact)
{
  JsonNode *node = facts != NULL ? json_object_get_member (facts, fact_names[fact]) : NULL;
  JsonObject *obj;
  char *source, *checked;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  obj = json_node_get_object (node);
  source = dup_member (obj, "source");
  checked = dup_member (obj, "checked");
  if (source == NULL || checked == NULL || json_object_get_member (obj, "value") == NULL)
    {
      g_warning ("Provider catalog: the fact “%s” of “%s” has no value, source or date",
                 fact_names[fact], self->id);
      g_free (source);
      g_free (checked);
      return NULL;
    }
  self->fact_source[fact] = source;
  self->fact_checked[fact] = checked;
  return json_object_get_member (obj, "value");
}

static void
read_facts (FwProvider *self,
            JsonObject *entry)
{
  JsonNode *facts_node = json_object_get_member (entry, "facts");
  JsonObject *facts = facts_node != NULL && JSON_NODE_HOLDS_OBJECT (facts_node)
                      ? json_node_get_object (facts_node) : NULL;
  JsonNode *value;

  for (FwProviderFact fact = 0; fact < FW_PROVIDER_N_FACTS; fact++)
    {
      value = read_fact (self, facts, fact);
      if (value == NULL)
        continue;
      if (fact == FW_PROVIDER_FACT_FREE_TIER)
        {
          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN)
            self->free_tier = json_node_get_boolean (value);
          continue;
        }
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        continue;
      switch (fact)
        {
        case FW_PROVIDER_FACT_COUNTRY:
          self->country = g_strdup (json_node_get_string (value));
          break;
        case FW_PROVIDER_FACT_REGION:
          self->region = enum_from_name (json_node_get_string (value), region_names);
          break;
        case FW_PROVIDER_FACT_TRAINING:
          self->training = enum_from_name (json_node_get_string (value), training_names);
          break;
        case FW_PROVIDER_FACT_OPEN_WEIGHTS:
          self->open_weights = enum_from_name (json_node_get_string (value), open_weights_names);
          break;
        default:
          break;
        }
    }
}

static double
double_member (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return -1;
}

static void
read_prices (FwProvider *self,
             JsonObject *entry)
{
  JsonNode *node = json_object_get_member (entry, "prices");
  JsonArray *array;

  self->prices = g_ptr_array_new_with_free_func (price_free);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *obj;
      FwProviderPrice *price;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      obj = json_node_get_object (item);
      price = g_new0 (FwProviderPrice, 1);
      price->model = dup_member (obj, "model");
      price->currency = dup_member (obj, "currency");
      price->source = dup_member (obj, "source");
      price->as_of = dup_member (obj, "as_of");
      price->input = double_member (obj, "input");
      price->output = double_member (obj, "output");
      /* A price without its date or source is not shown. */
      if (price->model == NULL || price->currency == NULL || price->source == NULL ||
          price->as_of == NULL || price->input < 0 || price->output < 0)
        {
          g_warning ("Provider catalog: an incomplete price of “%s”", self->id);
          price_free (price);
          continue;
        }
      g_ptr_array_add (self->prices, price);
    }
}

FwProvider *
fw_provider_new_from_json (JsonObject *entry)
{
  g_autoptr(FwProvider) self = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GStrvBuilder) models = g_strv_builder_new ();
  JsonNode *models_node;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (FW_TYPE_PROVIDER, NULL);
  self->id = dup_member (entry, "id");
  name = dup_member (entry, "name");
  if (self->id == NULL || name == NULL)
    return NULL;

  /* Names and descriptions are translated: xgettext sees them through
   * fw-provider-strings.c, which repeats them with N_(). */
  self->name = g_strdup (_(name));
  description = dup_member (entry, "description");
  self->description = g_strdup (description != NULL ? _(description) : "");

  self->base_url = dup_member (entry, "base_url");
  if (self->base_url == NULL)
    self->base_url = g_strdup ("");
  self->key_url = dup_member (entry, "key_url");
  /* A hint in words ("32 characters") is translated; a pattern ("hf_…")
   * is shown as it is. */
  self->key_hint = dup_member (entry, "key_hint");
  if (self->key_hint != NULL && strchr (self->key_hint, ' ') != NULL)
    {
      char *translated = g_strdup (_(self->key_hint));

      g_free (self->key_hint);
      self->key_hint = translated;
    }
  self->suggested_model = dup_member (entry, "suggested_model");
  self->check_path = dup_member (entry, "check_path");
  if (self->check_path == NULL)
    self->check_path = g_strdup ("/models");
  self->source = dup_member (entry, "source");
  self->checked = dup_member (entry, "checked");
  self->needs_key = bool_member (entry, "needs_key", TRUE);
  self->is_local = bool_member (entry, "is_local", FALSE);
  self->is_custom = bool_member (entry, "is_custom", FALSE);
  self->url_parameter = dup_member (entry, "url_parameter");
  read_facts (self, entry);
  read_prices (self, entry);

  if (self->suggested_model != NULL)
    g_strv_builder_add (models, self->suggested_model);
  models_node = json_object_get_member (entry, "models");
  if (models_node != NULL && JSON_NODE_HOLDS_ARRAY (models_node))
    {
      JsonArray *array = json_node_get_array (models_node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *m = json_array_get_element (array, i);
          const char *s;

          if (!JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
            continue;
          s = json_node_get_string (m);
          if (s != NULL && *s != '\0' && g_strcmp0 (s, self->suggested_model) != 0)
            g_strv_builder_add (models, s);
        }
    }
  self->models = g_strv_builder_end (models);

  return g_steal_pointer (&self);
}

const char *
fw_provider_get_id (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return self->id;
}

const char *
fw_provider_get_name (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return self->name;
}

const char *
fw_provider_get_description (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return self->description;
}

const char *
fw_provider_get_base_url (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return self->base_url;
}

const char *
fw_provider_get_key_url (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return self->key_url;
}

const char *
fw_provider_get_key_hint (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return self->key_hint;
}

const char *
fw_provider_get_suggested_model (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return self->suggested_model;
}

const char * const *
fw_provider_get_models (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return (const char * const *) self->models;
}

const char *
fw_provider_get_check_path (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return self->check_path;
}

const char *
fw_provider_get_source (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return self->source;
}

const char *
fw_provider_get_checked (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return self->checked;
}

gboolean
fw_provider_get_needs_key (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), FALSE);
  return self->needs_key;
}

gboolean
fw_provider_get_is_local (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), FALSE);
  return self->is_local;
}

gboolean
fw_provider_get_is_custom (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), FALSE);
  return self->is_custom;
}

const char *
fw_provider_get_url_parameter (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return self->url_parameter;
}

char *
fw_provider_resolve_base_url (FwProvider  *self,
                              const char  *value,
                              GError     **error)
{
  g_autofree char *placeholder = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);

  if (self->url_parameter == NULL)
    return g_strdup (self->base_url);

  if (value == NULL || *value == '\0' ||
      strspn (value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != strlen (value))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Enter the product ID: only letters, digits, “-” and “_”."));
      return NULL;
    }

  placeholder = g_strconcat ("{", self->url_parameter, "}", NULL);
  parts = g_strsplit (self->base_url, placeholder, -1);
  return g_strjoinv (value, parts);
}

const char *
fw_provider_get_country (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);
  return self->country;
}

FwProviderRegion
fw_provider_get_region (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), FW_PROVIDER_REGION_UNKNOWN);
  return self->region;
}

FwProviderTraining
fw_provider_get_training (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), FW_PROVIDER_TRAINING_UNKNOWN);
  return self->training;
}

FwProviderOpenWeights
fw_provider_get_open_weights (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), FW_PROVIDER_OPEN_WEIGHTS_UNKNOWN);
  return self->open_weights;
}

gboolean
fw_provider_get_free_tier (FwProvider *self)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), FALSE);
  return self->free_tier;
}

gboolean
fw_provider_get_fact_source (FwProvider      *self,
                             FwProviderFact   fact,
                             const char     **source,
                             const char     **checked)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (fact < FW_PROVIDER_N_FACTS, FALSE);

  if (source != NULL)
    *source = self->fact_source[fact];
  if (checked != NULL)
    *checked = self->fact_checked[fact];
  return self->fact_source[fact] != NULL;
}

gboolean
fw_provider_matches (FwProvider       *self,
                     FwProviderFilter  filters)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), FALSE);

  if ((filters & FW_PROVIDER_FILTER_EUROPE) &&
      self->region != FW_PROVIDER_REGION_EU && self->region != FW_PROVIDER_REGION_SWITZERLAND)
    return FALSE;
  if ((filters & FW_PROVIDER_FILTER_OPEN) &&
      self->open_weights != FW_PROVIDER_OPEN_WEIGHTS_YES &&
      self->open_weights != FW_PROVIDER_OPEN_WEIGHTS_SOME)
    return FALSE;
  if ((filters & FW_PROVIDER_FILTER_LOCAL) && self->region != FW_PROVIDER_REGION_LOCAL)
    return FALSE;
  if ((filters & FW_PROVIDER_FILTER_NO_TRAINING) && self->training != FW_PROVIDER_TRAINING_NO)
    return FALSE;
  return TRUE;
}

static const char * const filter_names[] = { "europe", "open", "local", "no-training", NULL };

FwProviderFilter
fw_provider_filter_from_names (const char * const *names)
{
  FwProviderFilter filters = 0;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    for (guint bit = 0; filter_names[bit] != NULL; bit++)
      if (g_str_equal (names[i], filter_names[bit]))
        filters |= 1 << bit;
  return filters;
}

GStrv
fw_provider_filter_to_names (FwProviderFilter filters)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint bit = 0; filter_names[bit] != NULL; bit++)
    if (filters & (1 << bit))
      g_strv_builder_add (builder, filter_names[bit]);
  return g_strv_builder_end (builder);
}

const FwProviderPrice *
fw_provider_lookup_price (FwProvider *self,
                          const char *model)
{
  g_return_val_if_fail (FW_IS_PROVIDER (self), NULL);

  for (guint i = 0; model != NULL && i < self->prices->len; i++)
    {
      FwProviderPrice *price = g_ptr_array_index (self->prices, i);
      if (g_str_equal (price->model, model))
        return price;
    }
  return NULL;
}

double
fw_provider_estimate_monthly_cost (const FwProviderPrice *price,
                                   double                 messages_per_month,
                                   double                 chars_per_message)
{
  double tokens_per_message, questions, input_tokens, output_tokens;

  g_return_val_if_fail (price != NULL, 0);

  tokens_per_message = MAX (chars_per_message, 0) / FW_PROVIDER_CHARS_PER_TOKEN;
  questions = MAX (messages_per_month, 0) / 2;
  input_tokens = questions * tokens_per_message * (1 + FW_PROVIDER_CONTEXT_MESSAGES);
  output_tokens = questions * tokens_per_message;

  return input_tokens / 1e6 * price->input + output_tokens / 1e6 * price->output;
}

double
fw_provider_messages_per_month (guint      messages,
                                GDateTime *first,
                                GDateTime *last)
{
  double days, months;

  if (first == NULL || last == NULL || messages == 0)
    return 0;

  days = (double) g_date_time_difference (last, first) / G_TIME_SPAN_DAY;
  /* An average month: 365.25 / 12 days. */
  months = MAX (days / (365.25 / 12), 1.0);
  return messages / months;
}

double
fw_provider_round_estimate (double cost)
{
  double magnitude;

  if (cost <= 0)
    return 0;
  magnitude = pow (10, floor (log10 (cost)));
  return round (cost / magnitude) * magnitude;
}
