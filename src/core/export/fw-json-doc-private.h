/* fw-json-doc-private.h — for the readers that fill an FwJsonDoc
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-json-doc.h"

G_BEGIN_DECLS

/* Uninitialized, aligned for FwJson. */
gpointer fw_json_doc_alloc     (FwJsonDoc    *doc,
                                gsize         size);
/* @strings (g_malloc'd) becomes the document's. */
void     fw_json_doc_set_root  (FwJsonDoc    *doc,
                                const FwJson *root,
                                char         *strings);

G_END_DECLS
