/* main.c
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "fw-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FwApplication) app = NULL;

  /* Debug messages (G_MESSAGES_DEBUG) never mix into an answer streamed to
   * stdout by --ask. Must run before any thread starts. */
  g_log_writer_default_set_use_stderr (TRUE);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Farewell"));

  app = fw_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
