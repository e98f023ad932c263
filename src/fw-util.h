/* fw-util.h — small UI helpers: opening links and files, choosing files,
 * accessible names
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Opens a web page in the default browser (through the portal in a Flatpak). */
void   fw_open_uri            (GtkWidget  *parent,
                               const char *uri);
/* Opens a local file with its default application. */
void   fw_open_file           (GtkWidget  *parent,
                               GFile      *file);
/* Shows a file or folder in the file manager, selected if possible. */
void   fw_show_in_files       (GtkWidget  *parent,
                               GFile      *file);

typedef void (*FwFileChosenFunc) (GFile    *file,
                                  gpointer  user_data);

/* Asks the person for a file (select_folder FALSE) or a folder. filters may
 * be NULL. The callback is not called when the person cancels. */
void   fw_choose_file         (GtkWidget        *parent,
                               const char       *title,
                               const char       *accept_label,
                               gboolean          select_folder,
                               GListModel       *filters,
                               GFile            *initial_folder,
                               FwFileChosenFunc  callback,
                               gpointer          user_data);

/* Makes what screen readers say of buttons with a mnemonic the text people
 * see ("Next", not GTK 4.8's "_Next Next"), for every button from now on.
 * Called once, at startup. */
void   fw_fix_accessible_names (void);

G_END_DECLS
