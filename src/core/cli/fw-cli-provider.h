/* fw-cli-provider.h — `farewell --connect`, `--providers`, `--disconnect`, `--ask`
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-cli-options.h"

G_BEGIN_DECLS

int fw_cli_connect    (const FwCliOptions *opts);
int fw_cli_disconnect (const FwCliOptions *opts);
int fw_cli_providers  (const FwCliOptions *opts);
int fw_cli_ask        (const FwCliOptions *opts);

G_END_DECLS
