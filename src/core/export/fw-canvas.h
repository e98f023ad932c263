/* fw-canvas.h — the documents written in ChatGPT's canvas, rebuilt from
 * the tool calls that made and changed them
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The documents of one conversation (see fw_conversation_new_from_data()). */
typedef struct _FwCanvas FwCanvas;
/* One document as a message of the thread shows it. */
typedef struct _FwCanvasView FwCanvasView;

/* A file written beside the conversation, in the folder
 * conversations/<stem>.canvas/. */
typedef struct {
  char  *name;   /* "<slug>.<ext>", unique within the conversation */
  char  *text;
  gsize  len;
} FwCanvasFile;

/* Applies one change of canmore.update_textdoc to @text, as ChatGPT does
 * with Python's `re`: @pattern is searched like re.finditer() (no flags),
 * the first match is replaced, or every match when @multiple, each by
 * @replacement expanded like re.Match.expand() (\1, \g<1>, \g<name>, \n…).
 * A pattern that means "everything" (".*", "(?s).*", "^.*$" and the like)
 * replaces the whole text by @replacement as it is: that is how code and
 * often whole documents are rewritten. On failure (the pattern does not
 * compile or matches nothing, a group it does not have, a pattern that
 * takes too long, a text that grows too large) @text is left as it was. */
gboolean      fw_canvas_apply_update     (GString      *text,
                                          const char   *pattern,
                                          gboolean      multiple,
                                          const char   *replacement,
                                          GError      **error);

/* The extension of a file of the canvas type @type ("document",
 * "code/python"…), without the dot: "md", "py", … and "txt" for other
 * code. */
const char   *fw_canvas_type_extension   (const char   *type);

/* A `:::writing{variant="…" id="…" title="…"}` … `:::` block, the form
 * canvas content takes inline in answers since 2026. Offsets in the text
 * searched; the attributes point into the text (not NUL-terminated). */
typedef struct {
  gsize        start;        /* the opening line */
  gsize        body;         /* the text inside */
  gsize        body_end;
  gsize        end;          /* after the closing line */
  const char  *variant;
  gsize        variant_len;
  const char  *id;
  gsize        id_len;
  const char  *title;        /* title, or else subject */
  gsize        title_len;
} FwWritingBlock;

/* Finds the first complete writing block in @text (@len bytes) from
 * @from (0, or the end of the block found before): its opening line at
 * the start of a line, outside fenced code, and a closing line of its
 * own. FALSE when there is none: an unfinished block stays text. */
gboolean      fw_canvas_find_writing     (const char     *text,
                                          gsize           len,
                                          gsize           from,
                                          FwWritingBlock *block);

/* Rebuilds the documents created in @thread (FwNode, root to leaf): each
 * creation, then each update applied in order, sets the `canvas` view of
 * the message that last changed the document, and of each message whose
 * change could not be applied. Adds a warning to @warnings for each of
 * those. The writing blocks of the thread's messages (FW_BLOCK_CANVAS) are
 * documents too; a block with the id of an earlier one is its new version.
 * NULL when the thread has no canvas document. */
FwCanvas     *fw_canvas_new              (GPtrArray    *thread,
                                          GPtrArray    *warnings,
                                          const char   *conversation_title);
void          fw_canvas_free             (FwCanvas     *self);

/* The files to write beside the conversation (FwCanvasFile). */
GPtrArray    *fw_canvas_get_files        (FwCanvas     *self);

void          fw_canvas_append_markdown  (GString            *out,
                                          const FwCanvasView *view);
void          fw_canvas_append_html      (GString            *out,
                                          const FwCanvasView *view);
/* A writing block (a document: its title may be NULL) in the message that
 * holds it. */
void          fw_canvas_append_writing_markdown (GString    *out,
                                                 const char *title,
                                                 const char *text);
void          fw_canvas_append_writing_html     (GString    *out,
                                                 const char *title,
                                                 const char *text);
/* Appends ,"canvas_documents":[…] (see data/conversation.schema.json). */
void          fw_canvas_append_json      (GString      *out,
                                          FwCanvas     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwCanvas, fw_canvas_free)

G_END_DECLS
