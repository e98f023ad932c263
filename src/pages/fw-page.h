/* fw-page.h — base class of every wizard page
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fw-session.h"

G_BEGIN_DECLS

#define FW_TYPE_PAGE (fw_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (FwPage, fw_page, FW, PAGE, AdwBin)

struct _FwPageClass
{
  AdwBinClass parent_class;

  /* Called each time the page becomes the visible one. */
  void (*shown) (FwPage *self);
  /* Called when the person leaves the page with Next (not Back). */
  void (*leave) (FwPage *self);
};

const char *fw_page_get_title         (FwPage     *self);
void        fw_page_set_title         (FwPage     *self,
                                       const char *title);
const char *fw_page_get_next_label    (FwPage     *self);
void        fw_page_set_next_label    (FwPage     *self,
                                       const char *label);
gboolean    fw_page_get_complete      (FwPage     *self);
void        fw_page_set_complete      (FwPage     *self,
                                       gboolean    complete);
gboolean    fw_page_get_skippable     (FwPage     *self);
void        fw_page_set_skippable     (FwPage     *self,
                                       gboolean    skippable);
gboolean    fw_page_get_can_go_next   (FwPage     *self);
FwSession  *fw_page_get_session       (FwPage     *self);
void        fw_page_set_session       (FwPage     *self,
                                       FwSession  *session);

void        fw_page_shown             (FwPage     *self);
void        fw_page_leave             (FwPage     *self);

/* Shows a toast in the window holding the page. */
void        fw_page_show_toast        (FwPage     *self,
                                       const char *message);

G_END_DECLS
