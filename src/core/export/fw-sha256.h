/* fw-sha256.h — SHA-256 of an export, with the CPU's SHA instructions
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FwSha256 FwSha256;

FwSha256 *fw_sha256_new        (void);
void      fw_sha256_update     (FwSha256     *self,
                                const guchar *data,
                                gsize         len);
/* The digest in lowercase hex, as g_checksum_get_string() gives it. */
char     *fw_sha256_finish     (FwSha256     *self);
void      fw_sha256_free       (FwSha256     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwSha256, fw_sha256_free)

G_END_DECLS
