/* fw-cli-options.c — the option table of the headless commands, and what
 * they share
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "fw-cli-options.h"

static const GOptionEntry option_entries[] = {
  { "version", 'v', 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { "verify", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check a ChatGPT export (zip, folder or conversations.json) and print a summary"), N_("EXPORT") },
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --verify or --providers: print one JSON object"), NULL },
  { "convert", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Turn a ChatGPT export into an offline archive (needs --output)"), N_("EXPORT") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The folder to create for the archive"), N_("DIR") },
  { "format", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Archive formats to write, comma-separated: md, html, json (default: all)"), N_("LIST") },
  { "checklist", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the account-deletion checklist with links and your saved progress"), NULL },
  { "connect", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Check an API key read from standard input and store it in the keyring"), N_("PROVIDER") },
  { "base-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --connect: the provider's API address"), N_("URL") },
  { "model", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --connect or --ask: the model to use"), N_("MODEL") },
  { "providers", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("List the known providers and which are connected"), NULL },
  { "disconnect", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Remove a provider's API key from the keyring"), N_("PROVIDER") },
  { "ask", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Ask the connected provider a question and stream the answer"), N_("TEXT") },
  { "provider", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --ask: the provider to use (default: the default one)"), N_("ID") },
  { "archive", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --ask: an archive folder made by Farewell, for custom instructions"), N_("DIR") },
  { "continue", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --ask and --archive: continue this conversation"), N_("CONVERSATION_ID") },
  { "no-instructions", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --ask: do not send the custom instructions from the archive"), NULL },
  { NULL }
};

const GOptionEntry *
fw_cli_get_option_entries (void)
{
  return option_entries;
}

void
fw_cli_options_clear (FwCliOptions *opts)
{
  g_clear_pointer (&opts->verify, g_free);
  g_clear_pointer (&opts->convert, g_free);
  g_clear_pointer (&opts->output, g_free);
  g_clear_pointer (&opts->format, g_free);
  g_clear_pointer (&opts->connect, g_free);
  g_clear_pointer (&opts->disconnect, g_free);
  g_clear_pointer (&opts->base_url, g_free);
  g_clear_pointer (&opts->model, g_free);
  g_clear_pointer (&opts->ask, g_free);
  g_clear_pointer (&opts->provider, g_free);
  g_clear_pointer (&opts->archive, g_free);
  g_clear_pointer (&opts->continue_id, g_free);
  memset (opts, 0, sizeof *opts);
}

static char *
lookup_string (GVariantDict *dict,
               const char   *key,
               gboolean      filename)
{
  char *value = NULL;

  if (filename)
    {
      if (g_variant_dict_lookup (dict, key, "^ay", &value))
        return value;
    }
  else if (g_variant_dict_lookup (dict, key, "s", &value))
    return value;

  return NULL;
}

void
fw_cli_options_from_dict (FwCliOptions *opts,
                          GVariantDict *dict)
{
  memset (opts, 0, sizeof *opts);
  opts->verify = lookup_string (dict, "verify", TRUE);
  opts->convert = lookup_string (dict, "convert", TRUE);
  opts->output = lookup_string (dict, "output", TRUE);
  opts->format = lookup_string (dict, "format", FALSE);
  opts->connect = lookup_string (dict, "connect", FALSE);
  opts->disconnect = lookup_string (dict, "disconnect", FALSE);
  opts->base_url = lookup_string (dict, "base-url", FALSE);
  opts->model = lookup_string (dict, "model", FALSE);
  opts->ask = lookup_string (dict, "ask", FALSE);
  opts->provider = lookup_string (dict, "provider", FALSE);
  opts->archive = lookup_string (dict, "archive", TRUE);
  opts->continue_id = lookup_string (dict, "continue", FALSE);
  opts->json = g_variant_dict_contains (dict, "json");
  opts->checklist = g_variant_dict_contains (dict, "checklist");
  opts->providers = g_variant_dict_contains (dict, "providers");
  opts->no_instructions = g_variant_dict_contains (dict, "no-instructions");
}

void
fw_cli_printerr (const char *format,
                 ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "farewell: %s\n", msg);
}

gboolean
fw_cli_stderr_is_terminal (void)
{
  return isatty (STDERR_FILENO);
}
