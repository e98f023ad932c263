/* fw-settings.c
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-settings.h"

GSettings *
fw_settings_new (void)
{
  return g_settings_new (APPLICATION_ID);
}
