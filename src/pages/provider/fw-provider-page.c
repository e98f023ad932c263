/* fw-provider-page.c
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-provider-page.h"

struct _FwProviderPage
{
  FwPage parent_instance;
};

G_DEFINE_FINAL_TYPE (FwProviderPage, fw_provider_page, FW_TYPE_PAGE)

static void
fw_provider_page_class_init (FwProviderPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/provider/fw-provider-page.ui");
}

static void
fw_provider_page_init (FwProviderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
