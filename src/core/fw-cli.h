/* fw-cli.h — the headless command-line forms of every wizard action
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Exit codes shared by every command. */
enum {
  FW_EXIT_OK    = 0,
  FW_EXIT_FAIL  = 1,
  FW_EXIT_USAGE = 2,
};

/* The parsed command-line options. Strings are owned by the struct. */
typedef struct {
  char     *verify;          /* --verify EXPORT */
  char     *convert;         /* --convert EXPORT */
  char     *output;          /* --output DIR */
  char     *format;          /* --format md,html,json */
  gboolean  json;            /* --json */
  gboolean  checklist;       /* --checklist */
  char     *connect;         /* --connect PROVIDER */
  char     *disconnect;      /* --disconnect PROVIDER */
  gboolean  providers;       /* --providers */
  char     *base_url;        /* --base-url URL */
  char     *model;           /* --model MODEL */
  char     *ask;             /* --ask TEXT */
  char     *provider;        /* --provider ID */
  char     *archive;         /* --archive DIR */
  char     *continue_id;     /* --continue CONVERSATION_ID */
  gboolean  no_instructions; /* --no-instructions */
} FwCliOptions;

/* The option table, for g_application_add_main_option_entries(). */
const GOptionEntry *fw_cli_get_option_entries (void);

void   fw_cli_options_clear (FwCliOptions *opts);
void   fw_cli_options_from_dict (FwCliOptions *opts,
                                 GVariantDict *dict);

/* Runs the headless command the options name. Returns -1 when no headless
 * command was asked for (the caller then starts the GUI), otherwise an exit
 * code (FW_EXIT_*). Messages go to stdout/stderr. */
int    fw_cli_run (const FwCliOptions *opts);

/* The individual commands, each in its own file under core/cli/. */
int    fw_cli_verify     (const FwCliOptions *opts);
int    fw_cli_convert    (const FwCliOptions *opts);
int    fw_cli_checklist  (const FwCliOptions *opts);
int    fw_cli_connect    (const FwCliOptions *opts);
int    fw_cli_disconnect (const FwCliOptions *opts);
int    fw_cli_providers  (const FwCliOptions *opts);
int    fw_cli_ask        (const FwCliOptions *opts);

/* Helpers for commands. */
void   fw_cli_printerr (const char *format, ...) G_GNUC_PRINTF (1, 2);
gboolean fw_cli_stderr_is_terminal (void);

G_END_DECLS
