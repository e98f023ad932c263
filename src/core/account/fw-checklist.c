/* fw-checklist.c — the account-deletion checklist and its saved progress
 *
 * The facts live in data/account-checklist.json (in the core GResource) so
 * they can be updated without touching code; their strings are translated
 * at load time (the msgids are kept in fw-checklist-strings.c).
 *
 * The list is a GListModel of FwChecklistItem. Ticking an item saves the
 * ids of the ticked items in the GSettings key `checklist-done` at once;
 * changes made elsewhere (another window, the command line) flow back into
 * the items. The step is unlocked when an export was verified
 * (`verified-export-sha256`) or the person confirmed they do not need
 * their data (`delete-confirmed-without-export`); it is complete when the
 * deletion item is ticked or `keep-account` is set.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fw-checklist.h"

G_DEFINE_QUARK (fw-checklist-error-quark, fw_checklist_error)

struct _FwChecklist
{
  GObject          parent_instance;

  GSettings       *settings;
  GPtrArray       *items;           /* FwChecklistItem */
  char            *checked;
  char            *deletion_id;

  guint            syncing : 1;     /* applying settings to the items */
  guint            last_complete : 1;
  FwChecklistUnlock last_unlock;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FwChecklist, fw_checklist, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_N_ITEMS,
  PROP_N_DONE,
  PROP_KEEP_ACCOUNT,
  PROP_COMPLETE,
  PROP_UNLOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel */

static GType
fw_checklist_get_item_type (GListModel *model)
{
  return FW_TYPE_CHECKLIST_ITEM;
}

static guint
fw_checklist_get_n_items (GListModel *model)
{
  FwChecklist *self = FW_CHECKLIST (model);

  return self->items->len;
}

static gpointer
fw_checklist_get_list_item (GListModel *model,
                            guint       position)
{
  FwChecklist *self = FW_CHECKLIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fw_checklist_get_item_type;
  iface->get_n_items = fw_checklist_get_n_items;
  iface->get_item = fw_checklist_get_list_item;
}

/* State */

static void
update_derived (FwChecklist *self)
{
  gboolean complete = fw_checklist_get_complete (self);
  FwChecklistUnlock unlock = fw_checklist_get_unlock_reason (self);

  if (complete != self->last_complete)
    {
      self->last_complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }

  if (unlock != self->last_unlock)
    {
      self->last_unlock = unlock;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNLOCKED]);
    }
}

static void
save_done (FwChecklist *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; i < self->items->len; i++)
    {
      FwChecklistItem *item = g_ptr_array_index (self->items, i);

      if (fw_checklist_item_get_done (item))
        g_strv_builder_add (builder, fw_checklist_item_get_id (item));
    }

  ids = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "checklist-done", (const char * const *) ids);
}

static void
on_item_done_changed (FwChecklist     *self,
                      GParamSpec      *pspec,
                      FwChecklistItem *item)
{
  if (!self->syncing)
    save_done (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
  update_derived (self);
}

static void
sync_from_settings (FwChecklist *self)
{
  g_auto(GStrv) ids = g_settings_get_strv (self->settings, "checklist-done");

  self->syncing = TRUE;
  for (guint i = 0; i < self->items->len; i++)
    {
      FwChecklistItem *item = g_ptr_array_index (self->items, i);

      fw_checklist_item_set_done (item, g_strv_contains ((const char * const *) ids,
                                                         fw_checklist_item_get_id (item)));
    }
  self->syncing = FALSE;
}

static void
on_settings_changed (FwChecklist *self,
                     const char  *key,
                     GSettings   *settings)
{
  if (g_strcmp0 (key, "checklist-done") == 0)
    sync_from_settings (self);
  else if (g_strcmp0 (key, "keep-account") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_ACCOUNT]);

  update_derived (self);
}

/* Loading */

static const char *
tr (const char *msgid)
{
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

static gboolean
is_https_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL &&
         g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
         g_uri_get_userinfo (uri) == NULL;
}

static gboolean
is_valid_id (const char *id)
{
  if (id == NULL || *id == '\0')
    return FALSE;

  for (const char *p = id; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

static gboolean
is_valid_date (const char *date)
{
  int y, m, d;
  char end;

  if (date == NULL || strlen (date) != 10 ||
      sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3)
    return FALSE;

  return g_date_valid_dmy (d, m, y);
}

static gboolean
invalid (GError     **error,
         const char  *item_id,
         const char  *what)
{
  if (item_id != NULL)
    /* Translators: the first %s is an item id such as "delete-account",
     * the second says what is wrong with it */
    g_set_error (error, FW_CHECKLIST_ERROR, FW_CHECKLIST_ERROR_INVALID,
                 _("The checklist data is invalid: item “%s”: %s"), item_id, what);
  else
    g_set_error (error, FW_CHECKLIST_ERROR, FW_CHECKLIST_ERROR_INVALID,
                 _("The checklist data is invalid: %s"), what);
  return FALSE;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Reads an array of strings (or of objects' `member` when member != NULL);
 * returns NULL when the node is not such an array. */
static GStrv
get_strv (JsonObject *object,
          const char *array_member,
          const char *member,
          gboolean    translate)
{
  JsonNode *node = json_object_get_member (object, array_member);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL)
    return g_new0 (char *, 1);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *value = NULL;

      if (member != NULL)
        {
          if (JSON_NODE_HOLDS_OBJECT (element))
            value = get_string (json_node_get_object (element), member);
        }
      else if (JSON_NODE_HOLDS_VALUE (element) &&
               json_node_get_value_type (element) == G_TYPE_STRING)
        value = json_node_get_string (element);

      if (value == NULL || *value == '\0')
        return NULL;

      g_strv_builder_add (builder, translate ? tr (value) : value);
    }

  return g_strv_builder_end (builder);
}

static FwChecklistItem *
parse_item (JsonNode    *node,
            const char  *default_checked,
            GError     **error)
{
  JsonObject *object;
  const char *id, *title, *explanation, *checked;
  g_auto(GStrv) details = NULL;
  g_auto(GStrv) urls = NULL;
  g_auto(GStrv) labels = NULL;
  g_auto(GStrv) sources = NULL;
  gboolean optional = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, NULL, _("an item is not an object")), NULL;

  object = json_node_get_object (node);
  id = get_string (object, "id");
  if (!is_valid_id (id))
    return invalid (error, NULL, _("an item has no valid id")), NULL;

  title = get_string (object, "title");
  explanation = get_string (object, "explanation");
  if (title == NULL || *title == '\0' || explanation == NULL || *explanation == '\0')
    return invalid (error, id, _("the title or the explanation is missing")), NULL;

  details = get_strv (object, "details", NULL, TRUE);
  if (details == NULL)
    return invalid (error, id, _("“details” must be a list of texts")), NULL;

  urls = get_strv (object, "links", "url", FALSE);
  labels = get_strv (object, "links", "label", TRUE);
  if (urls == NULL || labels == NULL || urls[0] == NULL)
    return invalid (error, id, _("every item needs links, each with a label and a URL")), NULL;
  for (guint i = 0; urls[i] != NULL; i++)
    if (!is_https_url (urls[i]))
      return invalid (error, id, _("every link must be an https address")), NULL;

  sources = get_strv (object, "sources", NULL, FALSE);
  if (sources == NULL || sources[0] == NULL)
    return invalid (error, id, _("every item needs its sources")), NULL;
  for (guint i = 0; sources[i] != NULL; i++)
    if (!is_https_url (sources[i]))
      return invalid (error, id, _("every source must be an https address")), NULL;

  checked = get_string (object, "checked");
  if (checked == NULL)
    checked = default_checked;
  if (!is_valid_date (checked))
    return invalid (error, id, _("“checked” must be a date such as 2026-11-24")), NULL;

  if (json_object_has_member (object, "optional"))
    {
      JsonNode *opt = json_object_get_member (object, "optional");

      if (!JSON_NODE_HOLDS_VALUE (opt) || json_node_get_value_type (opt) != G_TYPE_BOOLEAN)
        return invalid (error, id, _("“optional” must be true or false")), NULL;
      optional = json_node_get_boolean (opt);
    }

  return g_object_new (FW_TYPE_CHECKLIST_ITEM,
                       "id", id,
                       "title", tr (title),
                       "explanation", tr (explanation),
                       "details", details,
                       "link-urls", urls,
                       "link-labels", labels,
                       "sources", sources,
                       "checked", checked,
                       "optional", optional,
                       NULL);
}

static gboolean
fw_checklist_load (FwChecklist  *self,
                   GBytes       *json,
                   GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *items_node;
  JsonArray *items;
  const char *checked, *deletion_id;
  gsize size;
  const char *data = g_bytes_get_data (json, &size);

  if (!json_parser_load_from_data (parser, data, size, &local_error))
    return invalid (error, NULL, local_error->message);

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return invalid (error, NULL, _("the top level is not an object"));
  root = json_node_get_object (json_parser_get_root (parser));

  checked = get_string (root, "checked");
  if (!is_valid_date (checked))
    return invalid (error, NULL, _("“checked” must be a date such as 2026-11-24"));

  deletion_id = get_string (root, "deletion-item");
  if (deletion_id == NULL)
    return invalid (error, NULL, _("“deletion-item” is missing"));

  items_node = json_object_get_member (root, "items");
  if (items_node == NULL || !JSON_NODE_HOLDS_ARRAY (items_node) ||
      json_array_get_length (json_node_get_array (items_node)) == 0)
    return invalid (error, NULL, _("there are no items"));

  items = json_node_get_array (items_node);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      FwChecklistItem *item = parse_item (json_array_get_element (items, i), checked, error);

      if (item == NULL)
        return FALSE;

      g_ptr_array_add (self->items, item);
      if (!g_hash_table_add (ids, (gpointer) fw_checklist_item_get_id (item)))
        return invalid (error, fw_checklist_item_get_id (item), _("the id is used twice"));
    }

  if (!g_hash_table_contains (ids, deletion_id))
    return invalid (error, deletion_id, _("“deletion-item” names no item"));

  self->checked = g_strdup (checked);
  self->deletion_id = g_strdup (deletion_id);

  for (guint i = 0; i < self->items->len; i++)
    g_signal_connect_object (g_ptr_array_index (self->items, i), "notify::done",
                             G_CALLBACK (on_item_done_changed), self,
                             G_CONNECT_SWAPPED);

  return TRUE;
}

/* GObject */

static void
fw_checklist_constructed (GObject *object)
{
  FwChecklist *self = FW_CHECKLIST (object);

  G_OBJECT_CLASS (fw_checklist_parent_class)->constructed (object);

  g_assert (self->settings != NULL);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
fw_checklist_dispose (GObject *object)
{
  FwChecklist *self = FW_CHECKLIST (object);

  g_clear_object (&self->settings);
  if (self->items != NULL)
    g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (fw_checklist_parent_class)->dispose (object);
}

static void
fw_checklist_finalize (GObject *object)
{
  FwChecklist *self = FW_CHECKLIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->checked, g_free);
  g_clear_pointer (&self->deletion_id, g_free);

  G_OBJECT_CLASS (fw_checklist_parent_class)->finalize (object);
}

static void
fw_checklist_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FwChecklist *self = FW_CHECKLIST (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    case PROP_N_DONE:
      g_value_set_uint (value, fw_checklist_get_n_done (self));
      break;
    case PROP_KEEP_ACCOUNT:
      g_value_set_boolean (value, fw_checklist_get_keep_account (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, fw_checklist_get_complete (self));
      break;
    case PROP_UNLOCKED:
      g_value_set_boolean (value, fw_checklist_get_unlocked (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_checklist_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FwChecklist *self = FW_CHECKLIST (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_KEEP_ACCOUNT:
      fw_checklist_set_keep_account (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_checklist_class_init (FwChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = fw_checklist_constructed;
  object_class->dispose = fw_checklist_dispose;
  object_class->finalize = fw_checklist_finalize;
  object_class->get_property = fw_checklist_get_property;
  object_class->set_property = fw_checklist_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_DONE] =
    g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEEP_ACCOUNT] =
    g_param_spec_boolean ("keep-account", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNLOCKED] =
    g_param_spec_boolean ("unlocked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fw_checklist_init (FwChecklist *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/* API */

/**
 * fw_checklist_new_from_bytes:
 * @json: the contents of an account-checklist.json
 * @settings: the application's settings (progress is read and saved there)
 *
 * Returns: (transfer full): the checklist, or %NULL with @error set
 * (%FW_CHECKLIST_ERROR_INVALID) when the data is malformed: missing texts,
 * a link or source that is not https, a duplicate id...
 */
FwChecklist *
fw_checklist_new_from_bytes (GBytes     *json,
                             GSettings  *settings,
                             GError    **error)
{
  g_autoptr(FwChecklist) self = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FW_TYPE_CHECKLIST, "settings", settings, NULL);
  if (!fw_checklist_load (self, json, error))
    return NULL;

  sync_from_settings (self);
  self->last_complete = fw_checklist_get_complete (self);
  self->last_unlock = fw_checklist_get_unlock_reason (self);

  return g_steal_pointer (&self);
}

/**
 * fw_checklist_new:
 * @settings: the application's settings
 *
 * Loads the checklist shipped in the core resource.
 */
FwChecklist *
fw_checklist_new (GSettings  *settings,
                  GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resources_lookup_data (FW_CHECKLIST_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return fw_checklist_new_from_bytes (bytes, settings, error);
}

GSettings *
fw_checklist_get_settings (FwChecklist *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST (self), NULL);

  return self->settings;
}

/* The date (YYYY-MM-DD) the facts were last checked. */
const char *
fw_checklist_get_checked (FwChecklist *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST (self), NULL);

  return self->checked;
}

/* Returns: (transfer none) (nullable): the item with that id */
FwChecklistItem *
fw_checklist_get_item (FwChecklist *self,
                       const char  *id)
{
  g_return_val_if_fail (FW_IS_CHECKLIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      FwChecklistItem *item = g_ptr_array_index (self->items, i);

      if (g_str_equal (fw_checklist_item_get_id (item), id))
        return item;
    }

  return NULL;
}

/* Returns: (transfer none): the item that deletes the account; ticking it
 * completes the step. */
FwChecklistItem *
fw_checklist_get_deletion_item (FwChecklist *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST (self), NULL);

  return fw_checklist_get_item (self, self->deletion_id);
}

guint
fw_checklist_get_n_done (FwChecklist *self)
{
  guint n = 0;

  g_return_val_if_fail (FW_IS_CHECKLIST (self), 0);

  for (guint i = 0; i < self->items->len; i++)
    n += fw_checklist_item_get_done (g_ptr_array_index (self->items, i));

  return n;
}

void
fw_checklist_set_done (FwChecklist *self,
                       const char  *id,
                       gboolean     done)
{
  FwChecklistItem *item;

  g_return_if_fail (FW_IS_CHECKLIST (self));

  item = fw_checklist_get_item (self, id);
  g_return_if_fail (item != NULL);

  fw_checklist_item_set_done (item, done);
}

/* Returns: (transfer full): the ids of the ticked items, in list order */
GStrv
fw_checklist_dup_done_ids (FwChecklist *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (FW_IS_CHECKLIST (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      FwChecklistItem *item = g_ptr_array_index (self->items, i);

      if (fw_checklist_item_get_done (item))
        g_strv_builder_add (builder, fw_checklist_item_get_id (item));
    }

  return g_strv_builder_end (builder);
}

/* Ticks exactly the items named in ids (unknown ids are ignored). */
void
fw_checklist_set_done_ids (FwChecklist        *self,
                           const char * const *ids)
{
  const char *empty[] = { NULL };

  g_return_if_fail (FW_IS_CHECKLIST (self));

  g_settings_set_strv (self->settings, "checklist-done", ids != NULL ? ids : empty);
  sync_from_settings (self);
}

/* "Start over": clears the saved progress and the choice to keep the
 * account. The safety gate (verified export, confirmation) is kept. */
void
fw_checklist_reset (FwChecklist *self)
{
  g_return_if_fail (FW_IS_CHECKLIST (self));

  fw_checklist_set_done_ids (self, NULL);
  fw_checklist_set_keep_account (self, FALSE);
}

gboolean
fw_checklist_get_keep_account (FwChecklist *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST (self), FALSE);

  return g_settings_get_boolean (self->settings, "keep-account");
}

void
fw_checklist_set_keep_account (FwChecklist *self,
                               gboolean     keep)
{
  g_return_if_fail (FW_IS_CHECKLIST (self));

  if (fw_checklist_get_keep_account (self) == !!keep)
    return;

  g_settings_set_boolean (self->settings, "keep-account", keep);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_ACCOUNT]);
  update_derived (self);
}

/* The step is complete when the deletion item is ticked or the person
 * keeps the account for now. */
gboolean
fw_checklist_get_complete (FwChecklist *self)
{
  FwChecklistItem *deletion;

  g_return_val_if_fail (FW_IS_CHECKLIST (self), FALSE);

  deletion = fw_checklist_get_deletion_item (self);

  return (deletion != NULL && fw_checklist_item_get_done (deletion)) ||
         fw_checklist_get_keep_account (self);
}

FwChecklistUnlock
fw_checklist_get_unlock_reason (FwChecklist *self)
{
  g_autofree char *sha256 = NULL;

  g_return_val_if_fail (FW_IS_CHECKLIST (self), FW_CHECKLIST_LOCKED);

  sha256 = g_settings_get_string (self->settings, "verified-export-sha256");
  if (sha256 != NULL && *sha256 != '\0')
    return FW_CHECKLIST_UNLOCKED_BY_EXPORT;

  if (g_settings_get_boolean (self->settings, "delete-confirmed-without-export"))
    return FW_CHECKLIST_UNLOCKED_BY_CONFIRMATION;

  return FW_CHECKLIST_LOCKED;
}

/* The safety gate: the deletion steps are shown only after an export was
 * verified, or after the person confirmed they do not need their data. */
gboolean
fw_checklist_get_unlocked (FwChecklist *self)
{
  return fw_checklist_get_unlock_reason (self) != FW_CHECKLIST_LOCKED;
}

void
fw_checklist_confirm_without_export (FwChecklist *self)
{
  g_return_if_fail (FW_IS_CHECKLIST (self));

  g_settings_set_boolean (self->settings, "delete-confirmed-without-export", TRUE);
  update_derived (self);
}
