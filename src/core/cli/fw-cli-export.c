/* fw-cli-export.c — farewell --verify and farewell --convert
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "fw-cli-export.h"
#include "export/fw-export.h"

static void
print_progress (const FwExportProgress *progress,
                gpointer                user_data)
{
  g_autofree char *done = g_format_size (progress->bytes_done);
  g_autofree char *total = g_format_size (progress->bytes_total);
  int percent = progress->bytes_total ? (int) (100.0 * progress->bytes_done / progress->bytes_total) : 0;

  fputc ('\r', stderr);
  /* Translators: progress on the terminal: "42% (1.2 GB of 3.0 GB), 1234 conversations" */
  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "%3d%% (%s of %s), %u conversation ",
                                "%3d%% (%s of %s), %u conversations ",
                                progress->conversations_done),
           percent, done, total, progress->conversations_done);
  fflush (stderr);
}

static void
print_summary (FwExportSummary *summary)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *size = g_format_size (fw_export_summary_get_source_size (summary));
  GHashTable *unknown = fw_export_summary_get_unknown_content_types (summary);
  const char * const *warnings = fw_export_summary_get_warnings (summary);

  if (fw_export_summary_get_first_date (summary))
    first = g_date_time_format (fw_export_summary_get_first_date (summary), "%Y-%m-%d");
  if (fw_export_summary_get_last_date (summary))
    last = g_date_time_format (fw_export_summary_get_last_date (summary), "%Y-%m-%d");

  g_print (_("Export:               %s (%s)\n"), fw_export_summary_get_source_name (summary), size);
  g_print (_("SHA-256:              %s\n"), fw_export_summary_get_sha256 (summary));
  g_print (_("Conversations:        %u\n"), fw_export_summary_get_conversations (summary));
  g_print (_("Messages:             %u (every branch)\n"), fw_export_summary_get_messages (summary));
  g_print (_("Attachments:          %u referenced, %u missing\n"),
           fw_export_summary_get_attachments_referenced (summary),
           fw_export_summary_get_attachments_missing (summary));
  g_print (_("Dates:                %s – %s\n"), first ? first : "?", last ? last : "?");
  g_print (_("Custom instructions:  %s\n"),
           fw_export_summary_get_custom_instructions (summary) ? _("found") : _("none"));

  if (g_hash_table_size (unknown) > 0)
    {
      GHashTableIter iter;
      gpointer type, count;

      g_print (_("Unknown content types (kept as raw JSON):\n"));
      g_hash_table_iter_init (&iter, unknown);
      while (g_hash_table_iter_next (&iter, &type, &count))
        g_print ("  %s: %u\n", (char *) type, GPOINTER_TO_UINT (count));
    }

  if (warnings != NULL && warnings[0] != NULL)
    {
      g_print (_("Warnings (the rest is archived normally):\n"));
      guint listed = 0;

      for (; warnings[listed] != NULL; listed++)
        g_print ("  - %s\n", warnings[listed]);
      if (fw_export_summary_get_n_warnings (summary) > listed)
        g_print (_("  … and %u more\n"), fw_export_summary_get_n_warnings (summary) - listed);
    }
}

int
fw_cli_verify (const FwCliOptions *opts)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (opts->verify);
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;
  gboolean show_progress = !opts->json && fw_cli_stderr_is_terminal ();

  if (opts->output || opts->format || opts->connect || opts->ask)
    {
      fw_cli_printerr (_("--verify takes only an export and, optionally, --json. See --help."));
      return FW_EXIT_USAGE;
    }

  summary = fw_export_verify_sync (file, NULL, show_progress ? print_progress : NULL, NULL, &error);
  if (show_progress)
    fprintf (stderr, "\r\033[K");

  if (summary == NULL)
    {
      fw_cli_printerr ("%s", error->message);
      return FW_EXIT_FAIL;
    }

  if (opts->json)
    {
      g_autoptr(JsonNode) node = fw_export_summary_to_json (summary);
      g_autofree char *text = json_to_string (node, TRUE);

      g_print ("%s\n", text);
    }
  else
    print_summary (summary);

  return FW_EXIT_OK;
}

int
fw_cli_convert (const FwCliOptions *opts)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (opts->convert);
  g_autoptr(GFile) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = NULL;
  g_autofree char *output_name = NULL;
  FwArchiveFormats formats;
  gboolean show_progress = fw_cli_stderr_is_terminal ();

  if (opts->output == NULL)
    {
      fw_cli_printerr (_("--convert needs --output DIR, the folder to create for the archive."));
      return FW_EXIT_USAGE;
    }

  if (!fw_archive_formats_parse (opts->format, &formats))
    {
      fw_cli_printerr (_("Unknown format in “%s”: use md, html and json, separated by commas."), opts->format);
      return FW_EXIT_USAGE;
    }

  output = g_file_new_for_commandline_arg (opts->output);
  summary = fw_export_convert_sync (file, output, formats, NULL,
                                    show_progress ? print_progress : NULL, NULL, &error);
  if (show_progress)
    fprintf (stderr, "\r\033[K");

  if (summary == NULL)
    {
      fw_cli_printerr ("%s", error->message);
      return FW_EXIT_FAIL;
    }

  output_name = g_file_get_parse_name (output);
  print_summary (summary);
  {
    guint64 stale = 0;

    if (fw_export_summary_get_stale_removed (summary, &stale) > 0)
      {
        g_autofree char *size = g_format_size (stale);

        g_print (_("What an interrupted earlier run had left there was removed, freeing %s."), size);
        g_print ("\n");
      }
  }
  g_print (_("Archive written to %s\n"), output_name);

  return FW_EXIT_OK;
}
