/* fw-archive-location.h — where a new archive goes when nobody chose a folder
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The Documents folder: DOCUMENTS (the XDG user folder, may be NULL), or
 * HOME/Documents where it is unset or set to HOME itself (XDG's "disabled").
 *
 * SANDBOX_INFO is the sandbox's /.flatpak-info, or NULL outside a sandbox.
 * Outside, the archive goes to Documents (the engine creates it if needed).
 * Inside, a folder of the home is the sandbox's own, lost when the app quits
 * and seen by nobody, unless the sandbox shares it with the host: Documents
 * only when /.flatpak-info grants writing there and the folder exists (the
 * sandbox mounts only folders that exist). Otherwise NULL: the person
 * chooses a folder through the file chooser portal first. */
GFile    *fw_archive_location_default        (const char *home,
                                              const char *documents,
                                              GKeyFile   *sandbox_info);

/* The same for this process: reads /.flatpak-info when it exists. */
GFile    *fw_archive_location_default_here   (void);

/* Whether SANDBOX_INFO's [Context] filesystems let the app write FOLDER
 * (home, host, xdg-documents for DOCUMENTS, or a path holding FOLDER). */
gboolean  fw_archive_location_is_shared      (GKeyFile   *sandbox_info,
                                              const char *home,
                                              const char *documents,
                                              const char *folder);

/* FOLDER as people know it. A folder chosen through the file chooser portal
 * is reached in the sandbox through the document portal,
 * RUNTIME_DIR/doc/ID/NAME/…: that shows as NAME/…, not as the path. HOME
 * and what is below it as ~ and ~/…, when HOME is given. Others as
 * g_file_get_parse_name(). */
char     *fw_archive_location_display        (GFile      *folder,
                                              const char *home,
                                              const char *runtime_dir);

/* The same for this process's home and runtime folders. */
char     *fw_archive_location_display_here   (GFile      *folder);

G_END_DECLS
