/* fw-welcome-page.h
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-page.h"

G_BEGIN_DECLS

#define FW_TYPE_WELCOME_PAGE (fw_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (FwWelcomePage, fw_welcome_page, FW, WELCOME_PAGE, FwPage)

G_END_DECLS
