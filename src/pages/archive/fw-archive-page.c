/* fw-archive-page.c
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-archive-page.h"

struct _FwArchivePage
{
  FwPage parent_instance;
};

G_DEFINE_FINAL_TYPE (FwArchivePage, fw_archive_page, FW_TYPE_PAGE)

static void
fw_archive_page_class_init (FwArchivePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/archive/fw-archive-page.ui");
}

static void
fw_archive_page_init (FwArchivePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
