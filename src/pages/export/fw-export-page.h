/* fw-export-page.h
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-page.h"

G_BEGIN_DECLS

#define FW_TYPE_EXPORT_PAGE (fw_export_page_get_type ())
G_DECLARE_FINAL_TYPE (FwExportPage, fw_export_page, FW, EXPORT_PAGE, FwPage)

G_END_DECLS
