/* fw-conversation.h — one ChatGPT conversation: its message tree, the
 * current thread, every other branch, and its renderings
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "fw-canvas.h"
#include "fw-json-doc.h"

G_BEGIN_DECLS

typedef enum {
  FW_BLOCK_TEXT,
  FW_BLOCK_CODE,        /* lang, text */
  FW_BLOCK_OUTPUT,      /* tool output */
  FW_BLOCK_QUOTE,       /* a web source: title, url, text */
  FW_BLOCK_ATTACHMENT,  /* attachment_id, title (name), kind (image/audio/file) */
  FW_BLOCK_THOUGHTS,    /* reasoning */
  FW_BLOCK_NOTE,        /* a labelled note, e.g. an error */
  FW_BLOCK_UNKNOWN,     /* lang = the content type, text = its raw JSON */
  FW_BLOCK_CANVAS,      /* a :::writing block: text, title (or NULL), lang = variant, canvas_id */
} FwBlockKind;

/* Its strings belong to the conversation. */
typedef struct {
  FwBlockKind  kind;
  const char  *text;
  gsize        text_len;
  const char  *lang;
  const char  *url;
  const char  *title;
  const char  *attachment_id;
  const char  *media;   /* "image", "audio", "file" */
  const char  *canvas_id;
} FwBlock;

typedef enum {
  FW_DISPLAY_SHOW,      /* part of the visible thread */
  FW_DISPLAY_COLLAPSE,  /* tool calls, tool output, reasoning: shown folded */
  FW_DISPLAY_HIDE,      /* hidden in ChatGPT too (kept in JSON) */
} FwDisplay;

typedef struct {
  const char  *id;
  const char  *parent;
  GPtrArray   *children;      /* const char * */
  const FwJson *message;     /* NULL for a node without a message */
  const char  *role;
  const char  *author_name;
  const char  *content_type;
  const char  *recipient;
  const char  *model;
  double       create_time;
  FwDisplay    display;
  gboolean     in_thread;
  GPtrArray   *blocks;        /* FwBlock */
  const char  *plain;         /* the blocks as plain text, once asked for */
  gsize        plain_len;
  gsize        json_at;       /* where the normalized JSON has it (escaped) */
  gsize        json_len;      /* 0: not yet */
  const FwCanvasView *canvas; /* a canvas document shown after it, or NULL */
} FwNode;

typedef struct _FwConversation FwConversation;

/* One thing ChatGPT's memory tool ("bio") was asked to remember. */
typedef struct {
  double  time;    /* < 0: unknown */
  char   *text;
} FwMemoryUpdate;

void fw_memory_update_free (gpointer data);

struct _FwConversation
{
  FwJsonDoc   *doc;            /* the conversation's JSON, and its other strings */
  const FwJson *root;
  const FwJson *object;        /* the root, when it is an object */
  guint        index;
  gsize        json_len;       /* bytes of its JSON */
  char        *id;
  char        *title;          /* may be NULL */
  char        *model;          /* may be NULL */
  double       create_time;    /* < 0: unknown */
  double       update_time;
  GPtrArray   *nodes;          /* FwNode, in mapping order */
  GPtrArray   *thread;         /* FwNode, root → current node */
  GHashTable  *by_id;
  guint        n_messages;     /* every non-null message, all branches */
  GHashTable  *unknown_types;  /* type → count */
  GPtrArray   *attachment_ids; /* unique ids referenced */
  GHashTable  *attachment_names; /* id → original name, when known */
  char        *user_profile;   /* custom instructions, when present */
  char        *user_instructions;
  GPtrArray   *memory;         /* strings */
  GPtrArray   *memory_updates; /* FwMemoryUpdate, in the order of the tree */
  GPtrArray   *warnings;       /* strings */
  FwCanvas    *canvas;         /* its canvas documents, or NULL */
  gboolean     corrupted;
  char        *stem;
};

/* Resolves an attachment id to its path relative to the archive root
 * ("attachments/file-…png"), or NULL when the export lacks it. */
typedef const char *(*FwAttachmentResolver) (const char *attachment_id,
                                             gpointer    user_data);

/* Fails (FW_EXPORT_ERROR) on invalid UTF-8 or invalid JSON. A conversation
 * that is valid JSON but not usable (no mapping) comes back with
 * `corrupted` set and a warning. */
FwConversation *fw_conversation_new_from_data   (const char            *data,
                                                 gsize                  len,
                                                 guint                  index,
                                                 guint64                offset,
                                                 GError               **error);
void            fw_conversation_free            (FwConversation        *self);

/* "YYYY-MM-DD-slug-id8", without any de-duplication. */
char           *fw_conversation_make_stem       (FwConversation        *self);
const char     *fw_conversation_display_title   (FwConversation        *self);

GString        *fw_conversation_to_markdown     (FwConversation        *self,
                                                 FwAttachmentResolver   resolve,
                                                 gpointer               data);
GString        *fw_conversation_to_html         (FwConversation        *self,
                                                 FwAttachmentResolver   resolve,
                                                 gpointer               data);
GString        *fw_conversation_to_json         (FwConversation        *self,
                                                 FwAttachmentResolver   resolve,
                                                 gpointer               data);
/* The text of the visible thread, at most @max bytes, for search. */
char           *fw_conversation_search_text     (FwConversation        *self,
                                                 gsize                  max);

/* The plain text of one of its nodes, as search and the normalized JSON
 * carry it; it belongs to the conversation. */
const char     *fw_conversation_node_text       (FwConversation        *self,
                                                 FwNode                *node,
                                                 gsize                 *len);

/* Helpers shared with the archive writer. */
char           *fw_slug_from_title              (const char            *title,
                                                 gsize                  max_bytes);
void            fw_append_html_escaped          (GString               *out,
                                                 const char            *str);
char           *fw_format_time_iso              (double                 t);
/* Markdown: @text on one line, its special characters escaped; @text in a
 * fenced code block long enough for the backticks it holds. */
void            fw_markdown_escape_inline       (GString               *out,
                                                 const char            *text);
void            fw_markdown_fence               (GString               *out,
                                                 const char            *lang,
                                                 const char            *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwConversation, fw_conversation_free)

G_END_DECLS
