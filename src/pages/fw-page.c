/* fw-page.c — base class of every wizard page
 *
 * A page has a title (shown in the header bar), a `complete` property that
 * gates the Next button, and can be `skippable` (Next then reads "Skip"
 * while the page is not complete).
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-page.h"

typedef struct
{
  char     *title;
  char     *next_label;
  gboolean  complete;
  gboolean  skippable;
  FwSession *session;
} FwPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (FwPage, fw_page, ADW_TYPE_BIN)

/* g_set_str() is GLib 2.76; this is the same for 2.74. */
static gboolean
set_str (char       **str_pointer,
         const char  *new_str)
{
  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

enum {
  PROP_0,
  PROP_TITLE,
  PROP_NEXT_LABEL,
  PROP_COMPLETE,
  PROP_SKIPPABLE,
  PROP_CAN_GO_NEXT,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fw_page_finalize (GObject *object)
{
  FwPagePrivate *priv = fw_page_get_instance_private (FW_PAGE (object));

  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->next_label, g_free);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (fw_page_parent_class)->finalize (object);
}

static void
fw_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  FwPage *self = FW_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, fw_page_get_title (self));
      break;
    case PROP_NEXT_LABEL:
      g_value_set_string (value, fw_page_get_next_label (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, fw_page_get_complete (self));
      break;
    case PROP_SKIPPABLE:
      g_value_set_boolean (value, fw_page_get_skippable (self));
      break;
    case PROP_CAN_GO_NEXT:
      g_value_set_boolean (value, fw_page_get_can_go_next (self));
      break;
    case PROP_SESSION:
      g_value_set_object (value, fw_page_get_session (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  FwPage *self = FW_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      fw_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_NEXT_LABEL:
      fw_page_set_next_label (self, g_value_get_string (value));
      break;
    case PROP_COMPLETE:
      fw_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_SKIPPABLE:
      fw_page_set_skippable (self, g_value_get_boolean (value));
      break;
    case PROP_SESSION:
      fw_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_page_class_init (FwPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fw_page_finalize;
  object_class->get_property = fw_page_get_property;
  object_class->set_property = fw_page_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_LABEL] =
    g_param_spec_string ("next-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SKIPPABLE] =
    g_param_spec_boolean ("skippable", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_NEXT] =
    g_param_spec_boolean ("can-go-next", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /* What the pages share (the export, its verification, the archive). Pages
   * that need it connect to notify::session. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FW_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "fwpage");
}

static void
fw_page_init (FwPage *self)
{
}

const char *
fw_page_get_title (FwPage *self)
{
  FwPagePrivate *priv = fw_page_get_instance_private (self);

  g_return_val_if_fail (FW_IS_PAGE (self), NULL);

  return priv->title;
}

void
fw_page_set_title (FwPage     *self,
                   const char *title)
{
  FwPagePrivate *priv = fw_page_get_instance_private (self);

  g_return_if_fail (FW_IS_PAGE (self));

  if (set_str (&priv->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
fw_page_get_next_label (FwPage *self)
{
  FwPagePrivate *priv = fw_page_get_instance_private (self);

  g_return_val_if_fail (FW_IS_PAGE (self), NULL);

  return priv->next_label;
}

void
fw_page_set_next_label (FwPage     *self,
                        const char *label)
{
  FwPagePrivate *priv = fw_page_get_instance_private (self);

  g_return_if_fail (FW_IS_PAGE (self));

  if (set_str (&priv->next_label, label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_LABEL]);
}

gboolean
fw_page_get_complete (FwPage *self)
{
  FwPagePrivate *priv = fw_page_get_instance_private (self);

  g_return_val_if_fail (FW_IS_PAGE (self), FALSE);

  return priv->complete;
}

void
fw_page_set_complete (FwPage   *self,
                      gboolean  complete)
{
  FwPagePrivate *priv = fw_page_get_instance_private (self);

  g_return_if_fail (FW_IS_PAGE (self));

  complete = !!complete;
  if (priv->complete == complete)
    return;

  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_NEXT]);
}

gboolean
fw_page_get_skippable (FwPage *self)
{
  FwPagePrivate *priv = fw_page_get_instance_private (self);

  g_return_val_if_fail (FW_IS_PAGE (self), FALSE);

  return priv->skippable;
}

void
fw_page_set_skippable (FwPage   *self,
                       gboolean  skippable)
{
  FwPagePrivate *priv = fw_page_get_instance_private (self);

  g_return_if_fail (FW_IS_PAGE (self));

  skippable = !!skippable;
  if (priv->skippable == skippable)
    return;

  priv->skippable = skippable;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKIPPABLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_NEXT]);
}

/* Next is possible when the page is complete, or when it may be skipped. */
gboolean
fw_page_get_can_go_next (FwPage *self)
{
  FwPagePrivate *priv = fw_page_get_instance_private (self);

  g_return_val_if_fail (FW_IS_PAGE (self), FALSE);

  return priv->complete || priv->skippable;
}

FwSession *
fw_page_get_session (FwPage *self)
{
  FwPagePrivate *priv = fw_page_get_instance_private (self);

  g_return_val_if_fail (FW_IS_PAGE (self), NULL);

  return priv->session;
}

void
fw_page_set_session (FwPage    *self,
                     FwSession *session)
{
  FwPagePrivate *priv = fw_page_get_instance_private (self);

  g_return_if_fail (FW_IS_PAGE (self));
  g_return_if_fail (session == NULL || FW_IS_SESSION (session));

  if (g_set_object (&priv->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
fw_page_shown (FwPage *self)
{
  g_return_if_fail (FW_IS_PAGE (self));

  if (FW_PAGE_GET_CLASS (self)->shown)
    FW_PAGE_GET_CLASS (self)->shown (self);
}

void
fw_page_leave (FwPage *self)
{
  g_return_if_fail (FW_IS_PAGE (self));

  if (FW_PAGE_GET_CLASS (self)->leave)
    FW_PAGE_GET_CLASS (self)->leave (self);
}

void
fw_page_show_toast (FwPage     *self,
                    const char *message)
{
  GtkWidget *overlay;

  g_return_if_fail (FW_IS_PAGE (self));

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}
