/* fw-try-page.c
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-try-page.h"

struct _FwTryPage
{
  FwPage parent_instance;
};

G_DEFINE_FINAL_TYPE (FwTryPage, fw_try_page, FW_TYPE_PAGE)

static void
fw_try_page_class_init (FwTryPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/try/fw-try-page.ui");
}

static void
fw_try_page_init (FwTryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
