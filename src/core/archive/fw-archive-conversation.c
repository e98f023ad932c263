/* fw-archive-conversation.c — one conversation listed in an archive
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-archive-conversation.h"

struct _FwArchiveConversation
{
  GObject  parent_instance;
  char    *id;
  char    *title;
  char    *stem;
  char    *model;
  gint64   create_time;
  gint64   update_time;
};

G_DEFINE_FINAL_TYPE (FwArchiveConversation, fw_archive_conversation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_STEM,
  PROP_MODEL,
  PROP_CREATE_TIME,
  PROP_UPDATE_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fw_archive_conversation_finalize (GObject *object)
{
  FwArchiveConversation *self = FW_ARCHIVE_CONVERSATION (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->stem);
  g_free (self->model);

  G_OBJECT_CLASS (fw_archive_conversation_parent_class)->finalize (object);
}

static void
fw_archive_conversation_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FwArchiveConversation *self = FW_ARCHIVE_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STEM:
      g_value_set_string (value, self->stem);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_CREATE_TIME:
      g_value_set_int64 (value, self->create_time);
      break;
    case PROP_UPDATE_TIME:
      g_value_set_int64 (value, self->update_time);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_archive_conversation_class_init (FwArchiveConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fw_archive_conversation_finalize;
  object_class->get_property = fw_archive_conversation_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEM] =
    g_param_spec_string ("stem", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATE_TIME] =
    g_param_spec_int64 ("create-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATE_TIME] =
    g_param_spec_int64 ("update-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fw_archive_conversation_init (FwArchiveConversation *self)
{
}

FwArchiveConversation *
fw_archive_conversation_new (const char *id,
                             const char *title,
                             const char *stem,
                             const char *model,
                             gint64      create_time,
                             gint64      update_time)
{
  FwArchiveConversation *self = g_object_new (FW_TYPE_ARCHIVE_CONVERSATION, NULL);

  self->id = g_strdup (id);
  self->title = g_strdup (title != NULL && *title != '\0' ? title : _("Untitled conversation"));
  self->stem = g_strdup (stem);
  self->model = g_strdup (model);
  self->create_time = MAX (create_time, 0);
  self->update_time = MAX (update_time, 0);

  return self;
}

const char *
fw_archive_conversation_get_id (FwArchiveConversation *self)
{
  g_return_val_if_fail (FW_IS_ARCHIVE_CONVERSATION (self), NULL);
  return self->id;
}

const char *
fw_archive_conversation_get_title (FwArchiveConversation *self)
{
  g_return_val_if_fail (FW_IS_ARCHIVE_CONVERSATION (self), NULL);
  return self->title;
}

const char *
fw_archive_conversation_get_stem (FwArchiveConversation *self)
{
  g_return_val_if_fail (FW_IS_ARCHIVE_CONVERSATION (self), NULL);
  return self->stem;
}

const char *
fw_archive_conversation_get_model (FwArchiveConversation *self)
{
  g_return_val_if_fail (FW_IS_ARCHIVE_CONVERSATION (self), NULL);
  return self->model;
}

gint64
fw_archive_conversation_get_create_time (FwArchiveConversation *self)
{
  g_return_val_if_fail (FW_IS_ARCHIVE_CONVERSATION (self), 0);
  return self->create_time;
}

gint64
fw_archive_conversation_get_update_time (FwArchiveConversation *self)
{
  g_return_val_if_fail (FW_IS_ARCHIVE_CONVERSATION (self), 0);
  return self->update_time;
}
