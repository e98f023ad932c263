/* main.c
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
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

#ifdef __GLIBC__
  /* Converting an export allocates a few buffers of megabytes per
   * conversation on several threads. glibc raises its mmap threshold after
   * the first such buffer is freed, and from then on keeps them in each
   * thread's heap, where they fragment: at 1 GB of JSON, 90 MB resident
   * instead of 75, and slower. A fixed threshold gives them back. */
  mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
#endif

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Farewell"));

  app = fw_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
