/* fw-done-page.h
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-page.h"

G_BEGIN_DECLS

#define FW_TYPE_DONE_PAGE (fw_done_page_get_type ())
G_DECLARE_FINAL_TYPE (FwDonePage, fw_done_page, FW, DONE_PAGE, FwPage)

G_END_DECLS
