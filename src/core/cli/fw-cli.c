/* fw-cli.c — runs the headless command the options name
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-cli.h"
#include "fw-cli-checklist.h"
#include "fw-cli-export.h"
#include "fw-cli-provider.h"

int
fw_cli_run (const FwCliOptions *opts)
{
  /* Every command, and whether its option was given. */
  const struct {
    gboolean  given;
    int     (*run) (const FwCliOptions *opts);
  } commands[] = {
    { opts->verify != NULL, fw_cli_verify },
    { opts->convert != NULL, fw_cli_convert },
    { opts->checklist, fw_cli_checklist },
    { opts->connect != NULL, fw_cli_connect },
    { opts->disconnect != NULL, fw_cli_disconnect },
    { opts->providers, fw_cli_providers },
    { opts->ask != NULL, fw_cli_ask },
  };
  int (*run) (const FwCliOptions *opts) = NULL;
  guint n_commands = 0;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].given)
      {
        run = commands[i].run;
        n_commands++;
      }

  if (n_commands == 0)
    {
      if (opts->json || opts->output || opts->format || opts->base_url ||
          opts->model || opts->provider || opts->archive || opts->continue_id ||
          opts->no_instructions)
        {
          fw_cli_printerr (_("This option needs a command such as --verify, --convert, --connect or --ask. See --help."));
          return FW_EXIT_USAGE;
        }
      return -1;
    }

  if (n_commands > 1)
    {
      fw_cli_printerr (_("Give only one command at a time. See --help."));
      return FW_EXIT_USAGE;
    }

  return run (opts);
}
