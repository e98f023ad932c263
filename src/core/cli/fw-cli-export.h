/* fw-cli-export.h — `farewell --verify` and `farewell --convert`
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-cli-options.h"

G_BEGIN_DECLS

int fw_cli_verify  (const FwCliOptions *opts);
int fw_cli_convert (const FwCliOptions *opts);

G_END_DECLS
