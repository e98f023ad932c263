/* fw-cli-options.h — what every command shares: its options, exit codes,
 * and how it reports an error
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

/* For commands: prints "farewell: MESSAGE" on standard error. */
void     fw_cli_printerr (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* For commands: whether progress can be drawn on standard error. */
gboolean fw_cli_stderr_is_terminal (void);

G_END_DECLS
