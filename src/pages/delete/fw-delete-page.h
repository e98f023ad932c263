/* fw-delete-page.h
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-page.h"

G_BEGIN_DECLS

#define FW_TYPE_DELETE_PAGE (fw_delete_page_get_type ())
G_DECLARE_FINAL_TYPE (FwDeletePage, fw_delete_page, FW, DELETE_PAGE, FwPage)

G_END_DECLS
