/* fw-window.h — the wizard window
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fw-page.h"

G_BEGIN_DECLS

#define FW_TYPE_WINDOW (fw_window_get_type ())
G_DECLARE_FINAL_TYPE (FwWindow, fw_window, FW, WINDOW, AdwApplicationWindow)

FwWindow   *fw_window_new              (AdwApplication *application);
FwPage     *fw_window_get_page         (FwWindow       *self);
FwSession  *fw_window_get_session      (FwWindow       *self);
const char *fw_window_get_page_name    (FwWindow       *self);
void        fw_window_set_page_name    (FwWindow       *self,
                                        const char     *name);
gboolean    fw_window_go_next          (FwWindow       *self);
gboolean    fw_window_go_back          (FwWindow       *self);
void        fw_window_open_export      (FwWindow       *self,
                                        GFile          *file);
void        fw_window_add_toast        (FwWindow       *self,
                                        AdwToast       *toast);

G_END_DECLS
