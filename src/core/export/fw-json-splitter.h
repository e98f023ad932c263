/* fw-json-splitter.h — splits a JSON array of any size into its elements
 * (or several arrays one after another)
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FwJsonSplitter FwJsonSplitter;

/* Called for every element of the conversations array, in order. @data is
 * the element's bytes (not NUL-terminated, valid during the call). Return
 * FALSE with @error set to stop. */
typedef gboolean (*FwJsonElementFunc) (const char  *data,
                                       gsize        len,
                                       guint        index,
                                       guint64      offset,
                                       gpointer     user_data,
                                       GError     **error);

FwJsonSplitter *fw_json_splitter_new        (guint              max_depth,
                                             FwJsonElementFunc  func,
                                             gpointer           user_data);
void            fw_json_splitter_free       (FwJsonSplitter    *self);
gboolean        fw_json_splitter_feed       (FwJsonSplitter    *self,
                                             const char        *data,
                                             gsize              len,
                                             GError           **error);
/* Call after the last byte: fails when the array did not end. */
gboolean        fw_json_splitter_finish     (FwJsonSplitter    *self,
                                             GError           **error);
/* After a successful finish: the elements of one more document follow,
 * as a sharded export's next file. Counting goes on; the byte offsets in
 * error messages start again. */
void            fw_json_splitter_next_document (FwJsonSplitter *self);
guint64         fw_json_splitter_get_offset (FwJsonSplitter    *self);
guint           fw_json_splitter_get_count  (FwJsonSplitter    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwJsonSplitter, fw_json_splitter_free)

G_END_DECLS
