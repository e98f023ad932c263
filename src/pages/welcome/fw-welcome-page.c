/* fw-welcome-page.c — the three goals and the privacy promise
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-welcome-page.h"

struct _FwWelcomePage
{
  FwPage parent_instance;
};

G_DEFINE_FINAL_TYPE (FwWelcomePage, fw_welcome_page, FW_TYPE_PAGE)

static void
fw_welcome_page_class_init (FwWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/welcome/fw-welcome-page.ui");
}

static void
fw_welcome_page_init (FwWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
