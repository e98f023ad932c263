/* fw-partial-dir.h — the hidden folder an archive is written into before it
 * is renamed into place, and what an interrupted run left of it
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ".NAME.partial-XXXXXX" beside @output_path, created, with a note of the
 * process that owns it; NULL with errno set on failure. */
char    *fw_partial_dir_create       (const char *output_path);

/* Removes the partial folders beside @output_path that a process which is
 * gone left behind (a power cut, kill -9); returns how many, and adds the
 * bytes they held to @bytes_freed (may be NULL). A folder in use by a
 * running conversion is never touched. */
guint    fw_partial_dir_remove_stale (const char *output_path,
                                      guint64    *bytes_freed);

/* Removes @path and everything below it (symbolic links are not followed). */
guint64  fw_remove_tree              (const char *path);

G_END_DECLS
