/* fw-cli-checklist.h — `farewell --checklist`
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-cli-options.h"

G_BEGIN_DECLS

int fw_cli_checklist (const FwCliOptions *opts);

G_END_DECLS
