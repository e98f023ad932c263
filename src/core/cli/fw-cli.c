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
  guint n_commands = 0;

  n_commands += opts->verify != NULL;
  n_commands += opts->convert != NULL;
  n_commands += opts->checklist;
  n_commands += opts->connect != NULL;
  n_commands += opts->disconnect != NULL;
  n_commands += opts->providers;
  n_commands += opts->ask != NULL;

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

  if (opts->verify)
    return fw_cli_verify (opts);
  if (opts->convert)
    return fw_cli_convert (opts);
  if (opts->checklist)
    return fw_cli_checklist (opts);
  if (opts->connect)
    return fw_cli_connect (opts);
  if (opts->disconnect)
    return fw_cli_disconnect (opts);
  if (opts->providers)
    return fw_cli_providers (opts);
  if (opts->ask)
    return fw_cli_ask (opts);

  g_assert_not_reached ();
}
