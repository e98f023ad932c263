/* fw-connections.c — which providers are connected (no secrets here)
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-settings.h"
#include "fw-connections.h"

struct _FwConnection
{
  GObject   parent_instance;
  char     *provider_id;
  char     *base_url;
  char     *model;
  gboolean  is_default;
};

G_DEFINE_FINAL_TYPE (FwConnection, fw_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROVIDER_ID,
  PROP_BASE_URL,
  PROP_MODEL,
  PROP_IS_DEFAULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fw_connection_finalize (GObject *object)
{
  FwConnection *self = FW_CONNECTION (object);

  g_free (self->provider_id);
  g_free (self->base_url);
  g_free (self->model);

  G_OBJECT_CLASS (fw_connection_parent_class)->finalize (object);
}

static void
fw_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FwConnection *self = FW_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_PROVIDER_ID:
      g_value_set_string (value, self->provider_id);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_IS_DEFAULT:
      g_value_set_boolean (value, self->is_default);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_connection_class_init (FwConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fw_connection_finalize;
  object_class->get_property = fw_connection_get_property;

  properties[PROP_PROVIDER_ID] =
    g_param_spec_string ("provider-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_DEFAULT] =
    g_param_spec_boolean ("is-default", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fw_connection_init (FwConnection *self)
{
}

static FwConnection *
connection_new (const char *provider_id,
                const char *base_url,
                const char *model,
                gboolean    is_default)
{
  FwConnection *self = g_object_new (FW_TYPE_CONNECTION, NULL);

  self->provider_id = g_strdup (provider_id);
  self->base_url = g_strdup (base_url);
  self->model = g_strdup (model != NULL ? model : "");
  self->is_default = is_default;

  return self;
}

const char *
fw_connection_get_provider_id (FwConnection *self)
{
  g_return_val_if_fail (FW_IS_CONNECTION (self), NULL);
  return self->provider_id;
}

const char *
fw_connection_get_base_url (FwConnection *self)
{
  g_return_val_if_fail (FW_IS_CONNECTION (self), NULL);
  return self->base_url;
}

const char *
fw_connection_get_model (FwConnection *self)
{
  g_return_val_if_fail (FW_IS_CONNECTION (self), NULL);
  return self->model;
}

gboolean
fw_connection_get_is_default (FwConnection *self)
{
  g_return_val_if_fail (FW_IS_CONNECTION (self), FALSE);
  return self->is_default;
}

/* Entries as read from GSettings. */
typedef struct {
  char *id;
  char *base_url;
  char *model;
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *e = data;

  g_free (e->id);
  g_free (e->base_url);
  g_free (e->model);
}

static GArray *
read_entries (GSettings *settings)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, "connected-providers");
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  GVariantIter iter;
  const char *id, *url, *model;

  g_array_set_clear_func (entries, entry_clear);
  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &id, &url, &model))
    {
      Entry e = { g_strdup (id), g_strdup (url), g_strdup (model) };
      g_array_append_val (entries, e);
    }

  return entries;
}

static void
write_entries (GSettings *settings,
               GArray    *entries)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sss)"));
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = &g_array_index (entries, Entry, i);
      g_variant_builder_add (&builder, "(sss)", e->id, e->base_url, e->model);
    }
  g_settings_set_value (settings, "connected-providers", g_variant_builder_end (&builder));
}

static int
find_entry (GArray     *entries,
            const char *id)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (g_array_index (entries, Entry, i).id, id) == 0)
      return (int) i;
  return -1;
}

/* The saved connections, and where the effective default is among them:
 * the one the setting names, else the first; -1 when there is none. */
static GArray *
read_connections (int *default_index)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  GArray *entries = read_entries (settings);
  g_autofree char *setting = g_settings_get_string (settings, "default-provider");
  int i = find_entry (entries, setting);

  *default_index = i >= 0 ? i : entries->len > 0 ? 0 : -1;
  return entries;
}

/* The connection at @i of @entries, or NULL when @i is -1. */
static FwConnection *
connection_at (GArray *entries,
               int     i,
               int     default_index)
{
  Entry *e;
  const char *def;

  if (i < 0)
    return NULL;
  e = &g_array_index (entries, Entry, i);
  def = g_array_index (entries, Entry, default_index).id;
  return connection_new (e->id, e->base_url, e->model, g_strcmp0 (e->id, def) == 0);
}

GListModel *
fw_connections_list (void)
{
  int def;
  g_autoptr(GArray) entries = read_connections (&def);
  GListStore *store = g_list_store_new (FW_TYPE_CONNECTION);

  for (guint i = 0; i < entries->len; i++)
    {
      g_autoptr(FwConnection) c = connection_at (entries, (int) i, def);

      g_list_store_append (store, c);
    }

  return G_LIST_MODEL (store);
}

FwConnection *
fw_connections_lookup (const char *provider_id)
{
  int def;
  g_autoptr(GArray) entries = read_connections (&def);

  return connection_at (entries, find_entry (entries, provider_id), def);
}

FwConnection *
fw_connections_get_default (void)
{
  int def;
  g_autoptr(GArray) entries = read_connections (&def);

  return connection_at (entries, def, def);
}

void
fw_connections_add (const char *provider_id,
                    const char *base_url,
                    const char *model)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(GArray) entries = NULL;
  g_autofree char *setting = NULL;
  int i;

  g_return_if_fail (provider_id != NULL && base_url != NULL);

  entries = read_entries (settings);
  i = find_entry (entries, provider_id);
  if (i >= 0)
    {
      Entry *e = &g_array_index (entries, Entry, i);
      g_free (e->base_url);
      e->base_url = g_strdup (base_url);
      g_free (e->model);
      e->model = g_strdup (model != NULL ? model : "");
    }
  else
    {
      Entry e = { g_strdup (provider_id), g_strdup (base_url), g_strdup (model != NULL ? model : "") };
      g_array_append_val (entries, e);
    }

  g_settings_delay (settings);
  write_entries (settings, entries);
  setting = g_settings_get_string (settings, "default-provider");
  if (find_entry (entries, setting) < 0)
    g_settings_set_string (settings, "default-provider", provider_id);
  g_settings_apply (settings);
  g_settings_sync ();
}

gboolean
fw_connections_remove (const char *provider_id)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(GArray) entries = read_entries (settings);
  g_autofree char *setting = g_settings_get_string (settings, "default-provider");
  int i = find_entry (entries, provider_id);

  if (i < 0)
    return FALSE;

  g_array_remove_index (entries, i);

  g_settings_delay (settings);
  write_entries (settings, entries);
  if (g_strcmp0 (setting, provider_id) == 0)
    g_settings_set_string (settings, "default-provider",
                           entries->len > 0 ? g_array_index (entries, Entry, 0).id : "");
  g_settings_apply (settings);
  g_settings_sync ();

  return TRUE;
}

gboolean
fw_connections_set_default (const char *provider_id)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(GArray) entries = read_entries (settings);

  if (find_entry (entries, provider_id) < 0)
    return FALSE;

  g_settings_set_string (settings, "default-provider", provider_id);
  g_settings_sync ();
  return TRUE;
}

gboolean
fw_connections_set_model (const char *provider_id,
                          const char *model)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(GArray) entries = read_entries (settings);
  int i = find_entry (entries, provider_id);
  Entry *e;

  if (i < 0)
    return FALSE;

  e = &g_array_index (entries, Entry, i);
  g_free (e->model);
  e->model = g_strdup (model != NULL ? model : "");
  write_entries (settings, entries);
  g_settings_sync ();
  return TRUE;
}
