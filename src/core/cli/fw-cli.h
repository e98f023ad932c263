/* fw-cli.h — the headless command-line forms of every wizard action
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-cli-options.h"

G_BEGIN_DECLS

/* Runs the headless command the options name. Returns -1 when no headless
 * command was asked for (the caller then starts the GUI), otherwise an exit
 * code (FW_EXIT_*). Messages go to stdout/stderr. */
int fw_cli_run (const FwCliOptions *opts);

G_END_DECLS
