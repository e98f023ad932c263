/* fw-delete-page.c
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-delete-page.h"

struct _FwDeletePage
{
  FwPage parent_instance;
};

G_DEFINE_FINAL_TYPE (FwDeletePage, fw_delete_page, FW_TYPE_PAGE)

static void
fw_delete_page_class_init (FwDeletePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/delete/fw-delete-page.ui");
}

static void
fw_delete_page_init (FwDeletePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
