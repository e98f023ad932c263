/* fw-usage-chart.h — a small chart of the messages of each month
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "export/fw-export-summary.h"

G_BEGIN_DECLS

#define FW_TYPE_USAGE_CHART (fw_usage_chart_get_type ())
G_DECLARE_FINAL_TYPE (FwUsageChart, fw_usage_chart, FW, USAGE_CHART, GtkWidget)

GtkWidget       *fw_usage_chart_new         (void);
void             fw_usage_chart_set_summary (FwUsageChart    *self,
                                             FwExportSummary *summary);
FwExportSummary *fw_usage_chart_get_summary (FwUsageChart    *self);
/* What the chart shows, in words: also its accessible description. */
char            *fw_usage_chart_describe    (FwUsageChart    *self);

G_END_DECLS
