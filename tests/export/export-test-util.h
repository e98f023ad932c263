/* export-test-util.h — what the export tests share: temporary folders,
 * zips made at run time with libarchive, the command line, a JSON Schema
 * check
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "export/fw-export.h"

G_BEGIN_DECLS

/* $FAREWELL_TEST_DATA/export (the source tree's tests/data/export). */
const char *et_data_dir        (void);
/* tests/data/export/small, the hand-written export. */
char       *et_small_dir       (void);

char       *et_make_tmp        (void);
void        et_rm_rf           (const char *path);
char       *et_read            (const char *path,
                                gsize      *len);
void        et_write           (const char *path,
                                const char *data,
                                gssize      len);
/* Names in @dir (not recursive), sorted, joined with spaces. */
char       *et_list_dir        (const char *dir);
/* Every file and folder below @dir, relative, sorted; folders end in '/'. */
GPtrArray  *et_list_tree       (const char *dir);

/* Zips written with libarchive. */
typedef struct _EtZip EtZip;

EtZip      *et_zip_new         (const char *path,
                                gboolean    store);
/* With the names flagged as UTF-8 (bit 11), as most zip tools write them. */
EtZip      *et_zip_new_utf8    (const char *path);
void        et_zip_add         (EtZip      *zip,
                                const char *name,
                                const void *data,
                                gsize       len);
/* Every file below @dir, sorted, named @prefix + its relative path. */
void        et_zip_add_dir     (EtZip      *zip,
                                const char *dir,
                                const char *prefix);
void        et_zip_close       (EtZip      *zip);

/* The small export as a zip in @dir; returns its path. */
char       *et_make_small_zip  (const char *dir,
                                const char *name);

/* Runs $FAREWELL_BIN with the arguments (NULL-terminated); returns the
 * exit status. */
int         et_run_cli         (char      **out,
                                char      **err,
                                const char *first_arg,
                                ...) G_GNUC_NULL_TERMINATED;

/* Verifies and converts @source into @output: both must fail with
 * FW_EXPORT_ERROR @code and @message (all of it when @exact, else its
 * start); verifying is skipped unless @also_verify. */
void        et_assert_refused  (const char *source,
                                const char *output,
                                gint        code,
                                const char *message,
                                gboolean    exact,
                                gboolean    also_verify);

/* Checks @instance against @schema (the subset of JSON Schema 2020-12 that
 * data/conversation.schema.json uses; any other keyword is an error, so
 * the check never passes by ignoring something). */
gboolean    et_schema_validate (JsonNode   *schema,
                                JsonNode   *instance,
                                char      **problem);

JsonNode   *et_parse_json      (const char *text,
                                gssize      len);
JsonNode   *et_parse_json_file (const char *path);

/* A conversation as ChatGPT exports it: user question, assistant answer. */
char       *et_simple_conversation (const char *title_json,
                                    const char *id_json,
                                    double      create_time,
                                    const char *question);

G_END_DECLS
