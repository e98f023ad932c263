/* fw-provider-page.h
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-page.h"

G_BEGIN_DECLS

#define FW_TYPE_PROVIDER_PAGE (fw_provider_page_get_type ())
G_DECLARE_FINAL_TYPE (FwProviderPage, fw_provider_page, FW, PROVIDER_PAGE, FwPage)

G_END_DECLS
