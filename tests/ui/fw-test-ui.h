/* fw-test-ui.h — helpers for the tests that open a real window
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "fw-application.h"
#include "fw-window.h"

G_BEGIN_DECLS

/* gtk_test_init + adw_init + the test environment (locale, colour scheme
 * from FAREWELL_SCREENSHOT_VARIANT). */
void       fw_test_ui_init            (int        *argc,
                                       char     ***argv);

/* A registered, non-unique application and a presented window of
 * width × height (0 keeps the default). */
FwWindow  *fw_test_ui_open_window     (int         width,
                                       int         height);
void       fw_test_ui_close_window    (FwWindow   *window);

/* Iterates the main loop until cond(data) is TRUE or timeout_ms passes. */
gboolean   fw_test_ui_wait_for        (gboolean  (*cond) (gpointer data),
                                       gpointer    data,
                                       guint       timeout_ms);
/* Lets the window lay out and paint (two frames). */
void       fw_test_ui_wait_painted    (GtkWidget  *widget);
void       fw_test_ui_iterate         (guint       ms);

/* Saves a PNG of the window when FAREWELL_SCREENSHOT_DIR is set; the file
 * is <dir>/<name>[-variant].png. Returns the path or NULL. */
char      *fw_test_ui_screenshot      (GtkWidget  *widget,
                                       const char *name);

/* Finds the first descendant of widget of the given type (depth first). */
GtkWidget *fw_test_ui_find_child      (GtkWidget  *widget,
                                       GType       type);
/* Finds a GtkButton (or subclass) by its label or tooltip, mnemonic removed. */
/* The first descendant whose widget name is @name. */
GtkWidget *fw_test_ui_find_named      (GtkWidget  *widget,
                                       const char *name);
GtkWidget *fw_test_ui_find_button     (GtkWidget  *widget,
                                       const char *label);
/* Finds a widget whose label/title text contains the text (GtkLabel, AdwPreferencesRow). */
GtkWidget *fw_test_ui_find_text       (GtkWidget  *widget,
                                       const char *text);
/* The same, only among what is on screen (mapped): pages hold stacks whose
 * hidden children keep older texts. */
GtkWidget *fw_test_ui_find_shown_text (GtkWidget  *widget,
                                       const char *text);
/* Finds the visible AdwPreferencesRow titled exactly @title (a translated
 * word could be found inside some longer text first by find_text). */
GtkWidget *fw_test_ui_find_row        (GtkWidget  *widget,
                                       const char *title);

/* For fw_test_ui_wait_for() with an FwSession: its verification or its
 * archive has finished (done or failed). */
gboolean   fw_test_ui_verify_finished  (gpointer    session);
gboolean   fw_test_ui_archive_finished (gpointer    session);

G_END_DECLS
