/* fw-provider.c — one entry of the provider catalog
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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
  GStrv     models;
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
