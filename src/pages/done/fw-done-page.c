/* fw-done-page.c
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-done-page.h"

struct _FwDonePage
{
  FwPage parent_instance;
};

G_DEFINE_FINAL_TYPE (FwDonePage, fw_done_page, FW_TYPE_PAGE)

static void
fw_done_page_class_init (FwDonePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/done/fw-done-page.ui");
}

static void
fw_done_page_init (FwDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
