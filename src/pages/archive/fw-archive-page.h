/* fw-archive-page.h
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-page.h"

G_BEGIN_DECLS

#define FW_TYPE_ARCHIVE_PAGE (fw_archive_page_get_type ())
G_DECLARE_FINAL_TYPE (FwArchivePage, fw_archive_page, FW, ARCHIVE_PAGE, FwPage)

G_END_DECLS
