/* fw-checklist-item.c — one step of the account-deletion checklist
 *
 * Immutable facts (id, translated texts, links, sources) set at
 * construction by FwChecklist, plus the `done` state the person ticks.
 * FwChecklist watches `done` and saves it in GSettings.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-checklist-item.h"

struct _FwChecklistItem
{
  GObject    parent_instance;

  char      *id;
  char      *title;
  char      *explanation;
  GStrv      details;
  GStrv      link_urls;
  GStrv      link_labels;
  GStrv      sources;
  char      *checked;
  gboolean   optional;
  gboolean   done;
};

G_DEFINE_FINAL_TYPE (FwChecklistItem, fw_checklist_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_EXPLANATION,
  PROP_DETAILS,
  PROP_URL,
  PROP_URL_LABEL,
  PROP_LINK_URLS,
  PROP_LINK_LABELS,
  PROP_SOURCES,
  PROP_CHECKED,
  PROP_OPTIONAL,
  PROP_DONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fw_checklist_item_finalize (GObject *object)
{
  FwChecklistItem *self = FW_CHECKLIST_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->explanation, g_free);
  g_clear_pointer (&self->details, g_strfreev);
  g_clear_pointer (&self->link_urls, g_strfreev);
  g_clear_pointer (&self->link_labels, g_strfreev);
  g_clear_pointer (&self->sources, g_strfreev);
  g_clear_pointer (&self->checked, g_free);

  G_OBJECT_CLASS (fw_checklist_item_parent_class)->finalize (object);
}

static void
fw_checklist_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FwChecklistItem *self = FW_CHECKLIST_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_EXPLANATION:
      g_value_set_string (value, self->explanation);
      break;
    case PROP_DETAILS:
      g_value_set_boxed (value, self->details);
      break;
    case PROP_URL:
      g_value_set_string (value, fw_checklist_item_get_url (self));
      break;
    case PROP_URL_LABEL:
      g_value_set_string (value, fw_checklist_item_get_url_label (self));
      break;
    case PROP_LINK_URLS:
      g_value_set_boxed (value, self->link_urls);
      break;
    case PROP_LINK_LABELS:
      g_value_set_boxed (value, self->link_labels);
      break;
    case PROP_SOURCES:
      g_value_set_boxed (value, self->sources);
      break;
    case PROP_CHECKED:
      g_value_set_string (value, self->checked);
      break;
    case PROP_OPTIONAL:
      g_value_set_boolean (value, self->optional);
      break;
    case PROP_DONE:
      g_value_set_boolean (value, self->done);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GStrv
dup_strv_or_empty (const GValue *value)
{
  const char * const *strv = g_value_get_boxed (value);
  const char *empty[] = { NULL };

  return g_strdupv ((char **) (strv != NULL ? strv : empty));
}

static void
fw_checklist_item_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FwChecklistItem *self = FW_CHECKLIST_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_EXPLANATION:
      self->explanation = g_value_dup_string (value);
      break;
    case PROP_DETAILS:
      self->details = dup_strv_or_empty (value);
      break;
    case PROP_LINK_URLS:
      self->link_urls = dup_strv_or_empty (value);
      break;
    case PROP_LINK_LABELS:
      self->link_labels = dup_strv_or_empty (value);
      break;
    case PROP_SOURCES:
      self->sources = dup_strv_or_empty (value);
      break;
    case PROP_CHECKED:
      self->checked = g_value_dup_string (value);
      break;
    case PROP_OPTIONAL:
      self->optional = g_value_get_boolean (value);
      break;
    case PROP_DONE:
      fw_checklist_item_set_done (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_checklist_item_class_init (FwChecklistItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fw_checklist_item_finalize;
  object_class->get_property = fw_checklist_item_get_property;
  object_class->set_property = fw_checklist_item_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, construct);
  properties[PROP_EXPLANATION] =
    g_param_spec_string ("explanation", NULL, NULL, NULL, construct);
  properties[PROP_DETAILS] =
    g_param_spec_boxed ("details", NULL, NULL, G_TYPE_STRV, construct);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL_LABEL] =
    g_param_spec_string ("url-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINK_URLS] =
    g_param_spec_boxed ("link-urls", NULL, NULL, G_TYPE_STRV, construct);
  properties[PROP_LINK_LABELS] =
    g_param_spec_boxed ("link-labels", NULL, NULL, G_TYPE_STRV, construct);
  properties[PROP_SOURCES] =
    g_param_spec_boxed ("sources", NULL, NULL, G_TYPE_STRV, construct);
  properties[PROP_CHECKED] =
    g_param_spec_string ("checked", NULL, NULL, NULL, construct);
  properties[PROP_OPTIONAL] =
    g_param_spec_boolean ("optional", NULL, NULL, FALSE, construct);
  properties[PROP_DONE] =
    g_param_spec_boolean ("done", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fw_checklist_item_init (FwChecklistItem *self)
{
}

const char *
fw_checklist_item_get_id (FwChecklistItem *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST_ITEM (self), NULL);

  return self->id;
}

const char *
fw_checklist_item_get_title (FwChecklistItem *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST_ITEM (self), NULL);

  return self->title;
}

const char *
fw_checklist_item_get_explanation (FwChecklistItem *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST_ITEM (self), NULL);

  return self->explanation;
}

/* Never NULL; may be empty. */
const char * const *
fw_checklist_item_get_details (FwChecklistItem *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST_ITEM (self), NULL);

  return (const char * const *) self->details;
}

/* The first (main) link of the item. */
const char *
fw_checklist_item_get_url (FwChecklistItem *self)
{
  return fw_checklist_item_get_link_url (self, 0);
}

const char *
fw_checklist_item_get_url_label (FwChecklistItem *self)
{
  return fw_checklist_item_get_link_label (self, 0);
}

guint
fw_checklist_item_get_n_links (FwChecklistItem *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST_ITEM (self), 0);

  return self->link_urls != NULL ? g_strv_length (self->link_urls) : 0;
}

const char *
fw_checklist_item_get_link_url (FwChecklistItem *self,
                                guint            index)
{
  g_return_val_if_fail (FW_IS_CHECKLIST_ITEM (self), NULL);

  if (index >= fw_checklist_item_get_n_links (self))
    return NULL;

  return self->link_urls[index];
}

const char *
fw_checklist_item_get_link_label (FwChecklistItem *self,
                                  guint            index)
{
  g_return_val_if_fail (FW_IS_CHECKLIST_ITEM (self), NULL);

  if (index >= fw_checklist_item_get_n_links (self) ||
      self->link_labels == NULL || index >= g_strv_length (self->link_labels))
    return NULL;

  return self->link_labels[index];
}

const char * const *
fw_checklist_item_get_sources (FwChecklistItem *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST_ITEM (self), NULL);

  return (const char * const *) self->sources;
}

/* The date (YYYY-MM-DD) the facts were last checked against the sources. */
const char *
fw_checklist_item_get_checked (FwChecklistItem *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST_ITEM (self), NULL);

  return self->checked;
}

gboolean
fw_checklist_item_get_optional (FwChecklistItem *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST_ITEM (self), FALSE);

  return self->optional;
}

gboolean
fw_checklist_item_get_done (FwChecklistItem *self)
{
  g_return_val_if_fail (FW_IS_CHECKLIST_ITEM (self), FALSE);

  return self->done;
}

void
fw_checklist_item_set_done (FwChecklistItem *self,
                            gboolean         done)
{
  g_return_if_fail (FW_IS_CHECKLIST_ITEM (self));

  done = !!done;
  if (self->done == done)
    return;

  self->done = done;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
}
