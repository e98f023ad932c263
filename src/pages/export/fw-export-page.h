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

/* The formats a drop of an export may come in (files, and the types GTK
 * makes files of). */
GdkContentFormats *fw_export_page_drop_formats (void);

/* Reads DROP as the page's own drops are read, and finishes it: the file
 * is chosen, or why nothing came is said. For drops on other steps. */
void               fw_export_page_take_drop    (FwExportPage *self,
                                                GdkDrop      *drop);

G_END_DECLS
