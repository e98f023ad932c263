/* fw-settings.h — the application's GSettings, for core and UI alike
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Returns a new reference to the application's settings. */
GSettings *fw_settings_new (void);

G_END_DECLS
