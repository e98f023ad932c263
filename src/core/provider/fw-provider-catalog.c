/* fw-provider-catalog.c — the providers Farewell knows, from providers.json
 *
 * Adding a provider is an edit of data/providers.json (and of
 * fw-provider-strings.c, so that its texts are translated; the
 * provider-strings test says when it is out of date).
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "fw-provider-catalog.h"

#define CATALOG_RESOURCE "/io/github/farewell/Farewell/core/providers.json"

struct _FwProviderCatalog
{
  GObject    parent_instance;
  GPtrArray *providers;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FwProviderCatalog, fw_provider_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
fw_provider_catalog_get_item_type (GListModel *model)
{
  return FW_TYPE_PROVIDER;
}

static guint
fw_provider_catalog_get_n_items (GListModel *model)
{
  return FW_PROVIDER_CATALOG (model)->providers->len;
}

static gpointer
fw_provider_catalog_get_item (GListModel *model,
                              guint       position)
{
  FwProviderCatalog *self = FW_PROVIDER_CATALOG (model);

  if (position >= self->providers->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->providers, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fw_provider_catalog_get_item_type;
  iface->get_n_items = fw_provider_catalog_get_n_items;
  iface->get_item = fw_provider_catalog_get_item;
}

static void
fw_provider_catalog_finalize (GObject *object)
{
  FwProviderCatalog *self = FW_PROVIDER_CATALOG (object);

  g_ptr_array_unref (self->providers);

  G_OBJECT_CLASS (fw_provider_catalog_parent_class)->finalize (object);
}

static void
fw_provider_catalog_class_init (FwProviderCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fw_provider_catalog_finalize;
}

static void
fw_provider_catalog_init (FwProviderCatalog *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
}

FwProviderCatalog *
fw_provider_catalog_new_from_data (const char  *data,
                                   gsize        len,
                                   GError     **error)
{
  g_autoptr(FwProviderCatalog) self = g_object_new (FW_TYPE_PROVIDER_CATALOG, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root, *list;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "providers")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The provider catalog is damaged: it has no “providers” list."));
      return NULL;
    }

  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      FwProvider *provider;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      provider = fw_provider_new_from_json (json_node_get_object (node));
      if (provider == NULL)
        {
          g_warning ("Provider catalog: entry %u has no id or name", i);
          continue;
        }
      if (fw_provider_catalog_lookup (self, fw_provider_get_id (provider)) != NULL)
        {
          g_warning ("Provider catalog: duplicate id “%s”", fw_provider_get_id (provider));
          g_object_unref (provider);
          continue;
        }
      g_ptr_array_add (self->providers, provider);
    }

  return g_steal_pointer (&self);
}

FwProviderCatalog *
fw_provider_catalog_get_default (void)
{
  static FwProviderCatalog *catalog;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      FwProviderCatalog *loaded = NULL;

      bytes = g_resources_lookup_data (CATALOG_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes != NULL)
        {
          gsize len;
          const char *data = g_bytes_get_data (bytes, &len);
          loaded = fw_provider_catalog_new_from_data (data, len, &error);
        }
      if (loaded == NULL)
        {
          g_critical ("Cannot load the provider catalog: %s", error->message);
          loaded = g_object_new (FW_TYPE_PROVIDER_CATALOG, NULL);
        }

      catalog = loaded;
      g_once_init_leave (&once, 1);
    }

  return catalog;
}

FwProvider *
fw_provider_catalog_lookup (FwProviderCatalog *self,
                            const char        *id)
{
  g_return_val_if_fail (FW_IS_PROVIDER_CATALOG (self), NULL);

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->providers->len; i++)
    {
      FwProvider *provider = g_ptr_array_index (self->providers, i);
      if (g_strcmp0 (fw_provider_get_id (provider), id) == 0)
        return provider;
    }

  return NULL;
}
