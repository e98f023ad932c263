/* fw-export-page.c
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-export-page.h"

struct _FwExportPage
{
  FwPage parent_instance;
};

G_DEFINE_FINAL_TYPE (FwExportPage, fw_export_page, FW_TYPE_PAGE)

static void
fw_export_page_class_init (FwExportPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/export/fw-export-page.ui");
}

static void
fw_export_page_init (FwExportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
fw_export_page_set_file (FwExportPage *self,
                         GFile        *file)
{
}
