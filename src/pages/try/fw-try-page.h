/* fw-try-page.h
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-page.h"

G_BEGIN_DECLS

#define FW_TYPE_TRY_PAGE (fw_try_page_get_type ())
G_DECLARE_FINAL_TYPE (FwTryPage, fw_try_page, FW, TRY_PAGE, FwPage)

G_END_DECLS
