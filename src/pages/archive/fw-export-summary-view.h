/* fw-export-summary-view.h — what a verified export holds, as rows
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "export/fw-export-summary.h"

G_BEGIN_DECLS

#define FW_TYPE_EXPORT_SUMMARY_VIEW (fw_export_summary_view_get_type ())
G_DECLARE_FINAL_TYPE (FwExportSummaryView, fw_export_summary_view, FW, EXPORT_SUMMARY_VIEW, AdwPreferencesGroup)

GtkWidget *fw_export_summary_view_new         (void);

/* Shows @summary of the export named @export_name (a file name). */
void       fw_export_summary_view_set_summary (FwExportSummaryView *self,
                                               const char          *export_name,
                                               FwExportSummary     *summary);

G_END_DECLS
