/* fw-json-reader.h — a fast reader for plain JSON, into an FwJsonDoc; small JSON files read whole
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "fw-json-doc.h"

G_BEGIN_DECLS

/* Reads one JSON value from @len bytes of valid UTF-8 (no NUL needed) and
 * returns a document with the values JsonParser would read from it.
 * Returns NULL for anything it is not certain to read exactly as
 * JsonParser does: invalid JSON, but also what JsonParser accepts beyond
 * strict JSON (comments, single quotes, control characters in strings,
 * \u0000), numbers out of its exact range, nesting deeper than
 * @max_depth. The caller then parses the text with JsonParser (and
 * fw_json_doc_new_from_node()), which decides and explains errors. */
FwJsonDoc *fw_json_doc_read_strict (const char  *data,
                                    gsize        len,
                                    guint        max_depth);

/* g_utf8_validate_len() (same answer, same @end), faster on ASCII text. */
gboolean   fw_utf8_validate        (const char  *data,
                                    gsize        len,
                                    const char **end);

/* The root of a small JSON file read whole with JsonParser (a manifest,
 * user.json, …), or NULL when @bytes is NULL or not JSON. */
JsonNode  *fw_json_parse_bytes     (GBytes      *bytes);

G_END_DECLS
