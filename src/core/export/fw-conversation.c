/* fw-conversation.c — one ChatGPT conversation and its renderings
 *
 * The export's `mapping` is a tree: node id → {id, message, parent,
 * children}. `current_node` is the leaf ChatGPT showed last; the path from
 * it to the root is the visible thread. Every other node (edited
 * questions, regenerated answers) is another branch, kept in every format.
 * Content types that Farewell does not know are kept as labelled blocks
 * with their raw JSON, and counted; nothing is dropped silently.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "fw-citations.h"
#include "fw-conversation.h"
#include "fw-front-matter.h"
#include "fw-instructions.h"
#include "fw-json-reader.h"
#include "fw-markdown.h"
#include "fw-math.h"
#include "fw-string-append.h"
#include "fw-export.h"

/* Longest walk up the tree: guards against parent cycles. */
#define MAX_THREAD 100000
/* Times past 9999-12-31 cannot be dates (and would overflow gint64). */
#define MAX_TIME 253402300799.0

static void
node_free (gpointer data)
{
  FwNode *node = data;

  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_clear_pointer (&node->blocks, g_ptr_array_unref);
  g_free (node);
}

void
fw_conversation_free (FwConversation *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->thread, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->unknown_types, g_hash_table_unref);
  g_clear_pointer (&self->attachment_ids, g_ptr_array_unref);
  g_clear_pointer (&self->attachment_names, g_hash_table_unref);
  g_clear_pointer (&self->memory, g_ptr_array_unref);
  g_clear_pointer (&self->memory_updates, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->canvas, fw_canvas_free);
  g_free (self->id);
  g_free (self->title);
  g_free (self->model);
  g_free (self->user_profile);
  g_free (self->user_instructions);
  g_free (self->stem);
  g_clear_pointer (&self->doc, fw_json_doc_free);
  g_free (self);
}

/* JSON helpers that tolerate missing members, nulls and wrong types. */

static double
get_number (const FwJson *object,
            const char   *member)
{
  const FwJson *node = fw_json_get_member (object, member);
  double v;

  if (node == NULL)
    return -1;
  if (node->type == FW_JSON_DOUBLE)
    v = node->v.d;
  else if (node->type == FW_JSON_INT)
    v = (double) node->v.i;
  else
    return -1;

  return isfinite (v) && v > 0 && v <= MAX_TIME ? v : -1;
}

static gboolean
get_bool (const FwJson *object,
          const char   *member)
{
  const FwJson *node = fw_json_get_member (object, member);

  return fw_json_is (node, FW_JSON_BOOLEAN) && node->v.b;
}

/* JsonParser takes some escapes that are not valid JSON ("\\ud8/0", a
 * lone surrogate) and makes strings of them that are not UTF-8, which no
 * renderer may write. */
static gboolean
strings_valid (JsonNode *node)
{
  switch (node != NULL ? json_node_get_node_type (node) : JSON_NODE_NULL)
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *member;
        JsonNode *value;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &member, &value))
          if (!g_utf8_validate (member, -1, NULL) || !strings_valid (value))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!strings_valid (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING ||
             g_utf8_validate (json_node_get_string (node), -1, NULL);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

static const char *
node_to_json (FwConversation *self,
              const FwJson   *node)
{
  g_autoptr(GString) out = g_string_new (NULL);

  fw_json_append (out, node, 0);
  return fw_json_doc_strndup (self->doc, out->str, out->len);
}

/* Blocks */

/* @text must live as long as the conversation (be one of its strings). */
static FwBlock *
add_block (FwConversation *self,
           FwNode         *node,
           FwBlockKind     kind,
           const char     *text)
{
  FwBlock *block = fw_json_doc_alloc0 (self->doc, sizeof (FwBlock));

  block->kind = kind;
  block->text = text;
  block->text_len = text ? strlen (text) : 0;
  g_ptr_array_add (node->blocks, block);
  return block;
}

static const char *
doc_strndup (FwConversation *self,
             const char     *text,
             gsize           len)
{
  return text ? fw_json_doc_strndup (self->doc, text, len) : NULL;
}

/* Canvas content written inline (:::writing{…} … :::) becomes blocks of
 * its own between the text around it (fw-canvas.c). */
static void
split_writing (FwConversation *self,
               FwNode         *node,
               FwBlock        *block)
{
  const char *text = block->text;
  gsize len = block->text_len;
  gsize at = 0;
  FwWritingBlock found;

  if (!fw_canvas_find_writing (text, len, 0, &found))
    return;

  g_ptr_array_remove_index (node->blocks, node->blocks->len - 1);
  do
    {
      FwBlock *canvas;
      gsize before = found.start;

      while (before > at && g_ascii_isspace (text[before - 1]))
        before--;
      if (before > at)
        add_block (self, node, FW_BLOCK_TEXT, doc_strndup (self, text + at, before - at));
      canvas = add_block (self, node, FW_BLOCK_CANVAS, doc_strndup (self, text + found.body, found.body_end - found.body));
      canvas->title = doc_strndup (self, found.title, found.title_len);
      canvas->lang = doc_strndup (self, found.variant, found.variant_len);
      canvas->canvas_id = doc_strndup (self, found.id, found.id_len);
      at = found.end;
      while (at < len && g_ascii_isspace (text[at]))
        at++;
    }
  while (fw_canvas_find_writing (text, len, found.end, &found));
  if (at < len)
    add_block (self, node, FW_BLOCK_TEXT, doc_strndup (self, text + at, len - at));
}

/* A block of a message's text, with ChatGPT's citation markers resolved
 * (fw-citations.c); @text must be NUL-terminated at @len. */
static FwBlock *
add_text_block (FwConversation *self,
                FwNode         *node,
                FwBlockKind     kind,
                const FwJson   *metadata,
                const char     *text,
                gsize           len)
{
  FwBlock *block = add_block (self, node, kind, NULL);

  if (fw_citations_present (text, len, metadata))
    text = fw_citations_resolve (self->doc, text, len, metadata, &len);
  block->text = text;
  block->text_len = len;
  if (kind == FW_BLOCK_TEXT && g_strcmp0 (node->role, "assistant") == 0 &&
      strstr (text, ":::writing{") != NULL)
    split_writing (self, node, block);
  return g_ptr_array_index (node->blocks, node->blocks->len - 1);
}

static void
note_unknown (FwConversation *self,
              FwNode         *node,
              const char     *type,
              const FwJson   *raw)
{
  FwBlock *block = add_block (self, node, FW_BLOCK_UNKNOWN, NULL);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->unknown_types, type));

  block->lang = type;
  block->text = raw ? node_to_json (self, raw) : "null";
  block->text_len = strlen (block->text);
  g_hash_table_insert (self->unknown_types, g_strdup (type), GUINT_TO_POINTER (count + 1));
}

static void
reference_attachment (FwConversation *self,
                      FwNode         *node,
                      const char     *pointer,
                      const char     *media,
                      const char     *name)
{
  const char *id = pointer;
  const char *scheme_end;
  FwBlock *block;

  if (pointer == NULL || *pointer == '\0')
    return;

  /* file-service://file-XXXX, sediment://file_XXXX */
  scheme_end = strstr (pointer, "://");
  if (scheme_end != NULL)
    id = scheme_end + 3;
  if (*id == '\0')
    return;

  if (!g_hash_table_contains (self->attachment_names, id))
    {
      g_ptr_array_add (self->attachment_ids, g_strdup (id));
      g_hash_table_insert (self->attachment_names, g_strdup (id), g_strdup (name));
    }
  else if (name != NULL && g_hash_table_lookup (self->attachment_names, id) == NULL)
    g_hash_table_insert (self->attachment_names, g_strdup (id), g_strdup (name));

  if (node != NULL)
    {
      block = add_block (self, node, FW_BLOCK_ATTACHMENT, NULL);
      block->attachment_id = id;
      block->title = name;
      block->media = media;
    }
}

static void
parse_multimodal_part (FwConversation *self,
                       FwNode         *node,
                       const FwJson   *metadata,
                       const FwJson   *part)
{
  const FwJson *object;
  const char *type;

  if (part->type == FW_JSON_STRING)
    {
      if (part->len > 0)
        add_text_block (self, node, FW_BLOCK_TEXT, metadata, part->v.s, part->len);
      return;
    }

  if (part->type != FW_JSON_OBJECT)
    {
      if (part->type != FW_JSON_NULL)
        note_unknown (self, node, "multimodal_text part", part);
      return;
    }

  object = part;
  type = fw_json_get_string (object, "content_type");

  if (g_strcmp0 (type, "image_asset_pointer") == 0)
    {
      const FwJson *dalle = fw_json_get_object (fw_json_get_object (object, "metadata"), "dalle");
      const char *prompt = fw_json_get_string (dalle, "prompt");

      reference_attachment (self, node, fw_json_get_string (object, "asset_pointer"), "image", NULL);
      if (prompt != NULL && *prompt != '\0')
        {
          FwBlock *block = add_block (self, node, FW_BLOCK_NOTE, prompt);

          block->title = _("Image prompt");
        }
    }
  else if (g_strcmp0 (type, "audio_asset_pointer") == 0)
    reference_attachment (self, node, fw_json_get_string (object, "asset_pointer"), "audio", NULL);
  else if (g_strcmp0 (type, "audio_transcription") == 0)
    {
      const char *text = fw_json_get_string (object, "text");

      if (text != NULL && *text != '\0')
        add_block (self, node, FW_BLOCK_TEXT, text);
    }
  else if (g_strcmp0 (type, "real_time_user_audio_video_asset_pointer") == 0)
    {
      const FwJson *audio = fw_json_get_object (object, "audio_asset_pointer");
      const FwJson *frames = fw_json_get_array (object, "frames_asset_pointers");

      if (audio != NULL)
        reference_attachment (self, node, fw_json_get_string (audio, "asset_pointer"), "audio", NULL);
      for (gsize i = 0; frames != NULL && i < frames->len; i++)
        reference_attachment (self, node, fw_json_get_string (&frames->v.items[i], "asset_pointer"), "image", NULL);
    }
  else
    note_unknown (self, node, type ? type : "multimodal_text part", part);
}

/* The string parts, one per line: the part itself when there is one. */
static const char *
parts_text (FwConversation *self,
            const FwJson   *parts,
            gsize          *len)
{
  g_autoptr(GString) out = NULL;
  const char *only = NULL;

  for (gsize i = 0; parts != NULL && i < parts->len; i++)
    {
      const FwJson *part = &parts->v.items[i];

      if (part->type != FW_JSON_STRING)
        continue;
      if (only == NULL && out == NULL)
        {
          only = part->v.s;
          *len = part->len;
          continue;
        }
      if (out == NULL)
        out = g_string_new (only);
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_len (out, part->v.s, part->len);
    }

  if (out != NULL)
    {
      *len = out->len;
      return fw_json_doc_strndup (self->doc, out->str, out->len);
    }
  return only;
}

static void
capture_instructions (FwConversation *self,
                      const char     *profile,
                      const char     *instructions)
{
  g_autofree char *own_profile = fw_instructions_unwrap (profile);
  g_autofree char *own_instructions = fw_instructions_unwrap (instructions);

  if (own_profile != NULL)
    {
      g_free (self->user_profile);
      self->user_profile = g_steal_pointer (&own_profile);
    }
  if (own_instructions != NULL)
    {
      g_free (self->user_instructions);
      self->user_instructions = g_steal_pointer (&own_instructions);
    }
}

void
fw_memory_update_free (gpointer data)
{
  FwMemoryUpdate *update = data;

  g_free (update->text);
  g_free (update);
}

/* What ChatGPT's memory tool ("bio") was asked to remember, with when. */
static void
capture_memory_update (FwConversation *self,
                       FwNode         *node)
{
  g_autoptr(GString) text = g_string_new (NULL);
  FwMemoryUpdate *update;

  for (guint i = 0; i < node->blocks->len; i++)
    {
      FwBlock *block = g_ptr_array_index (node->blocks, i);

      if ((block->kind == FW_BLOCK_TEXT || block->kind == FW_BLOCK_CODE) && block->text_len > 0)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append_len (text, block->text, block->text_len);
        }
    }
  g_strstrip (text->str);
  if (text->str[0] == '\0')
    return;

  update = g_new0 (FwMemoryUpdate, 1);
  update->time = node->create_time;
  update->text = g_strdup (text->str);
  g_ptr_array_add (self->memory_updates, update);
}

static void
parse_content (FwConversation *self,
               FwNode         *node,
               const FwJson   *message)
{
  const FwJson *content_node = fw_json_get_member (message, "content");
  const FwJson *content = fw_json_is (content_node, FW_JSON_OBJECT) ? content_node : NULL;
  const char *type = fw_json_get_string (content, "content_type");
  const FwJson *metadata = fw_json_get_object (message, "metadata");

  node->content_type = type;

  if (content == NULL)
    return;

  if (type == NULL)
    {
      note_unknown (self, node, "(no content type)", content_node);
      return;
    }

  if (g_str_equal (type, "text"))
    {
      gsize len = 0;
      const char *text = parts_text (self, fw_json_get_array (content, "parts"), &len);

      if (text != NULL && *text != '\0')
        add_text_block (self, node, FW_BLOCK_TEXT, metadata, text, len);
    }
  else if (g_str_equal (type, "multimodal_text"))
    {
      const FwJson *parts = fw_json_get_array (content, "parts");

      for (gsize i = 0; parts != NULL && i < parts->len; i++)
        parse_multimodal_part (self, node, metadata, &parts->v.items[i]);
    }
  else if (g_str_equal (type, "code"))
    {
      FwBlock *block = add_block (self, node, FW_BLOCK_CODE, fw_json_get_string (content, "text"));
      const char *language = fw_json_get_string (content, "language");

      block->lang = language && !g_str_equal (language, "unknown") ? language : NULL;
    }
  else if (g_str_equal (type, "execution_output"))
    add_block (self, node, FW_BLOCK_OUTPUT, fw_json_get_string (content, "text"));
  else if (g_str_equal (type, "tether_browsing_display"))
    {
      const char *result = fw_json_get_string (content, "result");
      const char *summary = fw_json_get_string (content, "summary");

      /* the browser's results name their pages with 【0†title†site】 */
      if (summary != NULL && *summary != '\0')
        add_text_block (self, node, FW_BLOCK_OUTPUT, metadata, summary, strlen (summary));
      if (result != NULL && *result != '\0')
        add_text_block (self, node, FW_BLOCK_OUTPUT, metadata, result, strlen (result));
    }
  else if (g_str_equal (type, "tether_quote") || g_str_equal (type, "sonic_webpage"))
    {
      const char *text = fw_json_get_string (content, "text");
      FwBlock *block = add_block (self, node, FW_BLOCK_QUOTE, text ? text : fw_json_get_string (content, "snippet"));

      block->url = fw_json_get_string (content, "url");
      block->title = fw_json_get_string (content, "title");
      if (block->title == NULL)
        block->title = fw_json_get_string (content, "domain");
    }
  else if (g_str_equal (type, "system_error"))
    {
      FwBlock *block = add_block (self, node, FW_BLOCK_NOTE, fw_json_get_string (content, "text"));

      block->title = fw_json_get_string (content, "name");
      if (block->title == NULL)
        block->title = _("Error");
    }
  else if (g_str_equal (type, "thoughts"))
    {
      const FwJson *thoughts = fw_json_get_array (content, "thoughts");
      g_autoptr(GString) text = g_string_new (NULL);

      for (gsize i = 0; thoughts != NULL && i < thoughts->len; i++)
        {
          const FwJson *thought = &thoughts->v.items[i];
          const char *summary = fw_json_get_string (thought, "summary");
          const char *body = fw_json_get_string (thought, "content");

          if (text->len > 0)
            g_string_append (text, "\n\n");
          if (summary != NULL && *summary != '\0')
            g_string_append_printf (text, "%s\n", summary);
          if (body != NULL)
            g_string_append (text, body);
        }
      add_text_block (self, node, FW_BLOCK_THOUGHTS, metadata,
                      fw_json_doc_strndup (self->doc, text->str, text->len), text->len);
    }
  else if (g_str_equal (type, "reasoning_recap"))
    add_block (self, node, FW_BLOCK_THOUGHTS, fw_json_get_string (content, "content"));
  else if (g_str_equal (type, "user_editable_context"))
    {
      const char *profile = fw_json_get_string (content, "user_profile");
      const char *instructions = fw_json_get_string (content, "user_instructions");

      capture_instructions (self, profile, instructions);
      if (profile != NULL && *profile != '\0')
        {
          FwBlock *block = add_block (self, node, FW_BLOCK_NOTE, profile);
          block->title = _("About you");
        }
      if (instructions != NULL && *instructions != '\0')
        {
          FwBlock *block = add_block (self, node, FW_BLOCK_NOTE, instructions);
          block->title = _("How ChatGPT should respond");
        }
    }
  else if (g_str_equal (type, "model_editable_context"))
    {
      const char *memory = fw_json_get_string (content, "model_set_context");

      if (memory != NULL && *memory != '\0')
        {
          FwBlock *block = add_block (self, node, FW_BLOCK_NOTE, memory);

          block->title = _("Memory");
          if (!g_ptr_array_find_with_equal_func (self->memory, memory, g_str_equal, NULL))
            g_ptr_array_add (self->memory, g_strdup (memory));
        }
    }
  else
    note_unknown (self, node, type, content_node);
}

static FwDisplay
decide_display (FwNode       *node,
                const FwJson *message)
{
  const FwJson *metadata = fw_json_get_object (message, "metadata");
  gboolean has_text = FALSE;

  if (get_bool (metadata, "is_visually_hidden_from_conversation") ||
      get_bool (metadata, "is_user_system_message"))
    return FW_DISPLAY_HIDE;

  if (g_strcmp0 (node->content_type, "user_editable_context") == 0 ||
      g_strcmp0 (node->content_type, "model_editable_context") == 0)
    return FW_DISPLAY_HIDE;

  for (guint i = 0; i < node->blocks->len; i++)
    {
      FwBlock *block = g_ptr_array_index (node->blocks, i);

      if (block->kind != FW_BLOCK_TEXT || (block->text && *block->text))
        has_text = TRUE;
    }

  if (g_strcmp0 (node->role, "system") == 0)
    return has_text ? FW_DISPLAY_COLLAPSE : FW_DISPLAY_HIDE;

  if (g_strcmp0 (node->role, "tool") == 0)
    return FW_DISPLAY_COLLAPSE;

  if (g_strcmp0 (node->role, "assistant") == 0 && node->recipient != NULL &&
      !g_str_equal (node->recipient, "all"))
    return FW_DISPLAY_COLLAPSE;

  if (g_strcmp0 (node->content_type, "thoughts") == 0 ||
      g_strcmp0 (node->content_type, "reasoning_recap") == 0)
    return FW_DISPLAY_COLLAPSE;

  return has_text ? FW_DISPLAY_SHOW : FW_DISPLAY_HIDE;
}

static void
parse_message (FwConversation *self,
               FwNode         *node,
               const FwJson   *message)
{
  const FwJson *author = fw_json_get_object (message, "author");
  const FwJson *metadata = fw_json_get_object (message, "metadata");
  const FwJson *context;
  const FwJson *attachments;

  node->role = fw_json_get_string (author, "role");
  if (node->role == NULL)
    node->role = "unknown";
  node->author_name = fw_json_get_string (author, "name");
  node->recipient = fw_json_get_string (message, "recipient");
  node->create_time = get_number (message, "create_time");
  node->model = fw_json_get_string (metadata, "model_slug");

  parse_content (self, node, message);

  /* Uploaded files named in the message's metadata. */
  attachments = fw_json_get_array (metadata, "attachments");
  for (gsize i = 0; attachments != NULL && i < attachments->len; i++)
    {
      const FwJson *attachment = &attachments->v.items[i];
      const char *id = fw_json_get_string (attachment, "id");
      const char *mime = fw_json_get_string (attachment, "mime_type");

      const char *name = fw_json_get_string (attachment, "name");

      if (id == NULL)
        continue;
      if (!g_hash_table_contains (self->attachment_names, id))
        reference_attachment (self, node, id,
                              mime && g_str_has_prefix (mime, "image/") ? "image" : "file",
                              name);
      else if (name != NULL)
        {
          /* Already referenced, e.g. by an image part of this message:
           * the metadata gives it its original name. */
          if (g_hash_table_lookup (self->attachment_names, id) == NULL)
            g_hash_table_insert (self->attachment_names, g_strdup (id), g_strdup (name));
          for (guint j = 0; j < node->blocks->len; j++)
            {
              FwBlock *block = g_ptr_array_index (node->blocks, j);

              if (block->kind == FW_BLOCK_ATTACHMENT && block->title == NULL &&
                  g_strcmp0 (block->attachment_id, id) == 0)
                block->title = name;
            }
        }
    }

  if (g_strcmp0 (node->role, "assistant") == 0 && g_strcmp0 (node->recipient, "bio") == 0)
    capture_memory_update (self, node);

  /* Custom instructions in their older shape. */
  context = fw_json_get_object (metadata, "user_context_message_data");
  if (context != NULL)
    capture_instructions (self, fw_json_get_string (context, "about_user_message"),
                          fw_json_get_string (context, "about_model_message"));

  node->display = decide_display (node, message);
}

static void
add_warning (FwConversation *self,
             const char     *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (FwConversation *self,
             const char     *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

const char *
fw_conversation_display_title (FwConversation *self)
{
  if (self->title != NULL && *self->title != '\0')
    return self->title;
  return _("Untitled conversation");
}

static void
build_thread (FwConversation *self,
              const char     *current)
{
  FwNode *node = current ? g_hash_table_lookup (self->by_id, current) : NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint steps = 0;

  if (node == NULL)
    {
      /* No current node: follow the last child from the root. */
      FwNode *root = NULL;

      for (guint i = 0; i < self->nodes->len && root == NULL; i++)
        {
          FwNode *n = g_ptr_array_index (self->nodes, i);

          if (n->parent == NULL || !g_hash_table_contains (self->by_id, n->parent))
            root = n;
        }
      node = root;
      while (node != NULL && node->children->len > 0 && steps++ < MAX_THREAD)
        {
          FwNode *next = g_hash_table_lookup (self->by_id,
                                              g_ptr_array_index (node->children, node->children->len - 1));
          if (next == NULL || g_hash_table_contains (seen, next))
            break;
          g_hash_table_add (seen, node);
          node = next;
        }
      g_hash_table_remove_all (seen);
      steps = 0;
    }

  while (node != NULL && !g_hash_table_contains (seen, node) && steps++ < MAX_THREAD)
    {
      g_hash_table_add (seen, node);
      node->in_thread = TRUE;
      g_ptr_array_add (self->thread, node);
      node = node->parent ? g_hash_table_lookup (self->by_id, node->parent) : NULL;
    }

  /* root → leaf */
  for (guint i = 0, j = self->thread->len; i + 1 < j; i++, j--)
    {
      gpointer tmp = self->thread->pdata[i];

      self->thread->pdata[i] = self->thread->pdata[j - 1];
      self->thread->pdata[j - 1] = tmp;
    }
}

FwConversation *
fw_conversation_new_from_data (const char  *data,
                               gsize        len,
                               guint        index,
                               guint64      offset,
                               GError     **error)
{
  g_autoptr(FwConversation) self = g_new0 (FwConversation, 1);
  g_autoptr(GError) local_error = NULL;
  const char *end = NULL;
  const FwJson *root;
  const FwJson *mapping;
  const char *id;

  if (!fw_utf8_validate (data, len, &end))
    {
      g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_INVALID_UTF8,
                   _("Conversation %u has text that is not valid UTF-8 at byte %llu. The export is damaged: download it again from the link in OpenAI’s email."),
                   index + 1, (unsigned long long) (offset + (guint64) (end - data)));
      return NULL;
    }

  self->index = index;
  self->json_len = len;
  self->nodes = g_ptr_array_new_with_free_func (node_free);
  self->thread = g_ptr_array_new ();
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->unknown_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->attachment_ids = g_ptr_array_new_with_free_func (g_free);
  self->attachment_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->memory = g_ptr_array_new_with_free_func (g_free);
  self->memory_updates = g_ptr_array_new_with_free_func (fw_memory_update_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->create_time = -1;
  self->update_time = -1;

  /* The fast reader reads the very values JsonParser would; for anything
   * unusual it gives up, and JsonParser decides (and explains errors). */
  self->doc = fw_json_doc_read_strict (data, len, FW_EXPORT_MAX_DEPTH + 1);
  if (self->doc == NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
        {
          /* json-glib quotes what it could not read, e.g. a lone
           * surrogate (\ud800) decoded to bytes that are not UTF-8. */
          g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

          g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_INVALID_JSON,
                       _("Conversation %u (starting at byte %llu) is not valid JSON: %s. The export is damaged: download it again from the link in OpenAI’s email."),
                       index + 1, (unsigned long long) offset, reason);
          return NULL;
        }
      if (!strings_valid (json_parser_get_root (parser)))
        {
          g_set_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_INVALID_JSON,
                       _("Conversation %u (starting at byte %llu) is not valid JSON: %s. The export is damaged: download it again from the link in OpenAI’s email."),
                       index + 1, (unsigned long long) offset,
                       /* Translators: the reason in "Conversation 3 … is not valid JSON: %s" */
                       _("a character is written with a broken \\u escape"));
          return NULL;
        }
      self->doc = fw_json_doc_new_from_node (json_parser_get_root (parser));
    }

  root = self->root = fw_json_doc_get_root (self->doc);
  if (!fw_json_is (root, FW_JSON_OBJECT))
    {
      self->corrupted = TRUE;
      self->id = g_strdup_printf ("conversation-%u", index + 1);
      add_warning (self, _("Entry %u of the conversations file is not a conversation; it was skipped."), index + 1);
      return g_steal_pointer (&self);
    }

  self->object = root;

  id = fw_json_get_string (self->object, "conversation_id");
  if (id == NULL || *id == '\0')
    id = fw_json_get_string (self->object, "id");
  self->id = id && *id ? g_strdup (id) : g_strdup_printf ("conversation-%u", index + 1);
  self->title = g_strdup (fw_json_get_string (self->object, "title"));
  self->model = g_strdup (fw_json_get_string (self->object, "default_model_slug"));
  self->create_time = get_number (self->object, "create_time");
  self->update_time = get_number (self->object, "update_time");

  mapping = fw_json_get_object (self->object, "mapping");
  if (mapping == NULL)
    {
      self->corrupted = TRUE;
      add_warning (self, _("Conversation “%s” (%u) has no messages in the export (it is damaged); it was skipped."),
                   fw_conversation_display_title (self), index + 1);
      return g_steal_pointer (&self);
    }

  /* In the export's order: the other branches and the JSON nodes come out
   * that way. */
  for (gsize m = 0; m < mapping->len; m++)
    {
      const FwJson *entry = &mapping->v.items[m];
      FwNode *node;
      const FwJson *children;
      const FwJson *message;

      if (entry->type != FW_JSON_OBJECT)
        continue;

      node = g_new0 (FwNode, 1);
      node->id = entry->key;
      node->parent = fw_json_get_string (entry, "parent");
      node->children = g_ptr_array_new ();
      node->blocks = g_ptr_array_new ();
      node->create_time = -1;

      children = fw_json_get_array (entry, "children");
      for (gsize i = 0; children != NULL && i < children->len; i++)
        if (children->v.items[i].type == FW_JSON_STRING)
          g_ptr_array_add (node->children, (gpointer) children->v.items[i].v.s);

      message = fw_json_get_member (entry, "message");
      if (fw_json_is (message, FW_JSON_OBJECT))
        {
          node->message = message;
          self->n_messages++;
          parse_message (self, node, message);
        }
      else
        node->display = FW_DISPLAY_HIDE;

      g_ptr_array_add (self->nodes, node);
      g_hash_table_insert (self->by_id, (gpointer) node->id, node);
    }

  build_thread (self, fw_json_get_string (self->object, "current_node"));
  self->canvas = fw_canvas_new (self->thread, self->warnings, fw_conversation_display_title (self));

  /* Without default_model_slug: the model of the last answer (see
   * data/conversation.schema.json). */
  for (guint i = self->thread->len; self->model == NULL && i > 0; i--)
    {
      FwNode *node = g_ptr_array_index (self->thread, i - 1);

      if (node->model != NULL && *node->model != '\0')
        self->model = g_strdup (node->model);
    }

  return g_steal_pointer (&self);
}

/* Slugs and stems */

char *
fw_slug_from_title (const char *title,
                    gsize       max_bytes)
{
  g_autoptr(GString) slug = g_string_new (NULL);
  gboolean dash = FALSE;

  if (title != NULL && g_utf8_validate (title, -1, NULL))
    {
      for (const char *p = title; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          /* Letters and digits of every script are kept; everything else
           * (separators, punctuation, / \ : * ? " < > |, control and bidi
           * characters) becomes one dash. */
          /* A combining mark with no letter before it is dropped. */
          if (g_unichar_ismark (c) && (slug->len == 0 || dash))
            continue;
          if (g_unichar_isalnum (c) || g_unichar_ismark (c))
            {
              char buf[6];
              int n = g_unichar_to_utf8 (g_unichar_tolower (c), buf);

              if (dash && slug->len > 0)
                {
                  if (slug->len + 1 + n > max_bytes)
                    break;
                  g_string_append_c (slug, '-');
                }
              dash = FALSE;
              if (slug->len + n > max_bytes)
                break;
              g_string_append_len (slug, buf, n);
            }
          else
            dash = TRUE;
        }
    }

  /* A slug never starts with a combining mark (or anything but a letter or
   * digit) and never with a dot: only letters, digits and dashes remain. */
  if (slug->len == 0)
    return g_strdup ("untitled");

  return g_string_free (g_steal_pointer (&slug), FALSE);
}

char *
fw_conversation_make_stem (FwConversation *self)
{
  g_autofree char *slug = fw_slug_from_title (self->title, 80);
  g_autofree char *date = NULL;
  g_autofree char *short_id = NULL;
  gsize id_len = 0;

  if (self->create_time > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc ((gint64) self->create_time);

      date = dt ? g_date_time_format (dt, "%Y-%m-%d") : NULL;
    }
  if (date == NULL)
    date = g_strdup ("undated");

  /* The id's first 8 characters, keeping only safe ones. */
  short_id = g_malloc0 (9);
  for (const char *p = self->id; *p && id_len < 8; p++)
    if (g_ascii_isalnum (*p))
      short_id[id_len++] = g_ascii_tolower (*p);
  if (id_len == 0)
    g_snprintf (short_id, 9, "%u", self->index + 1);

  return g_strdup_printf ("%s-%s-%s", date, slug, short_id);
}

/* Escaping */

void
fw_append_html_escaped (GString    *out,
                        const char *str)
{
  fw_append_html_escaped_len (out, str, -1);
}

char *
fw_format_time_iso (double t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t <= 0)
    return NULL;

  dt = g_date_time_new_from_unix_utc ((gint64) t);
  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static char *
format_time_human (double t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t <= 0)
    return NULL;

  dt = g_date_time_new_from_unix_utc ((gint64) t);
  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M UTC") : NULL;
}

static const char *
role_label (FwNode *node)
{
  if (g_strcmp0 (node->role, "user") == 0)
    return _("You");
  if (g_strcmp0 (node->role, "assistant") == 0)
    return _("ChatGPT");
  if (g_strcmp0 (node->role, "system") == 0)
    return _("System");
  if (g_strcmp0 (node->role, "tool") == 0)
    return _("Tool");
  return node->role;
}

/* What the thread says between its messages: the time of a message that
 * comes long after the one before it (an hour, or another day), and the
 * model of an answer where it is not the one before. */

#define TIME_GAP 3600

typedef struct {
  double      time;   /* of the message before; <= 0: none yet */
  const char *model;  /* of the answer before */
} ThreadMarks;

static void
thread_marks_init (ThreadMarks    *marks,
                   FwConversation *self)
{
  marks->time = -1;
  marks->model = self->model;
}

/* The time to show before @node (or -1) and the model to show with it
 * (or NULL); notes @node for the next one. */
static void
thread_marks_next (ThreadMarks *marks,
                   FwNode      *node,
                   double      *time,
                   const char **model)
{
  *time = -1;
  *model = NULL;

  if (node->create_time > 0)
    {
      if (marks->time > 0 &&
          (node->create_time - marks->time >= TIME_GAP ||
           (gint64) node->create_time / 86400 != (gint64) marks->time / 86400))
        *time = node->create_time;
      marks->time = node->create_time;
    }
  if (g_strcmp0 (node->role, "assistant") == 0 && node->model != NULL && *node->model != '\0')
    {
      if (marks->model != NULL && strcmp (marks->model, node->model) != 0)
        *model = node->model;
      marks->model = node->model;
    }
}

/* Plain text of a node: what the normalized JSON and search carry. */
static void
append_plain (GString *out,
              FwNode  *node)
{
  for (guint i = 0; i < node->blocks->len; i++)
    {
      FwBlock *block = g_ptr_array_index (node->blocks, i);
      gsize before = out->len;
      gsize separator = before > 0 ? 2 : 0;

      if (separator > 0)
        g_string_append (out, "\n\n");

      switch (block->kind)
        {
        case FW_BLOCK_TEXT:
        case FW_BLOCK_OUTPUT:
        case FW_BLOCK_THOUGHTS:
        case FW_BLOCK_CANVAS:
          if (block->text)
            fw_string_append_len (out, block->text, block->text_len);
          break;
        case FW_BLOCK_CODE:
          g_string_append_printf (out, "```%s\n%s\n```", block->lang ? block->lang : "",
                                  block->text ? block->text : "");
          break;
        case FW_BLOCK_QUOTE:
          g_string_append_printf (out, "%s%s%s%s%s",
                                  block->title ? block->title : "",
                                  block->url ? " <" : "", block->url ? block->url : "", block->url ? ">" : "",
                                  block->text ? "\n" : "");
          if (block->text)
            g_string_append (out, block->text);
          break;
        case FW_BLOCK_ATTACHMENT:
          g_string_append_printf (out, "[%s: %s]", block->media,
                                  block->title ? block->title : block->attachment_id);
          break;
        case FW_BLOCK_NOTE:
          g_string_append_printf (out, "%s: %s", block->title ? block->title : "", block->text ? block->text : "");
          break;
        case FW_BLOCK_UNKNOWN:
          g_string_append_printf (out, "[%s]", block->lang);
          break;
        default:
          break;
        }

      /* Nothing but the separator: take it back. */
      if (separator > 0 && out->len == before + separator)
        g_string_truncate (out, before);
    }
}

/* The same, kept with the node: the JSON has it twice, search once more. */
static const char *
node_plain (FwConversation *self,
            FwNode         *node,
            gsize          *len)
{
  if (node->plain == NULL)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      append_plain (out, node);
      node->plain = fw_json_doc_strndup (self->doc, out->str, out->len);
      node->plain_len = out->len;
    }
  *len = node->plain_len;
  return node->plain;
}

/* Markdown */

static guint
longest_backtick_run (const char *text)
{
  guint longest = 0, run = 0;

  for (const char *p = text ? text : ""; *p; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  return longest;
}

static void
md_fence (GString    *out,
          const char *lang,
          const char *text)
{
  guint n = MAX (3, longest_backtick_run (text) + 1);
  g_autofree char *fence = g_strnfill (n, '`');

  g_string_append_printf (out, "%s%s\n%s\n%s\n\n", fence, lang ? lang : "", text ? text : "", fence);
}

static void
md_escape_inline (GString    *out,
                  const char *text)
{
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (strchr ("\\`*_[]<>#|", *p))
        g_string_append_c (out, '\\');
      if (*p == '\n' || *p == '\r')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p);
    }
}

void
fw_markdown_escape_inline (GString    *out,
                           const char *text)
{
  md_escape_inline (out, text);
}

void
fw_markdown_fence (GString    *out,
                   const char *lang,
                   const char *text)
{
  md_fence (out, lang, text);
}

static void
md_block (GString              *out,
          FwBlock              *block,
          FwAttachmentResolver  resolve,
          gpointer              data,
          const char           *prefix)
{
  switch (block->kind)
    {
    case FW_BLOCK_TEXT:
      if (block->text)
        fw_math_append_markdown (out, block->text, block->text_len);
      fw_string_append_literal (out, "\n\n");
      break;
    case FW_BLOCK_CODE:
      md_fence (out, block->lang, block->text);
      break;
    case FW_BLOCK_OUTPUT:
      md_fence (out, "text", block->text);
      break;
    case FW_BLOCK_THOUGHTS:
      {
        g_auto(GStrv) lines = g_strsplit (block->text ? block->text : "", "\n", -1);

        g_string_append_printf (out, "> *%s*\n>\n", _("Reasoning"));
        for (guint i = 0; lines[i]; i++)
          g_string_append_printf (out, "> %s\n", lines[i]);
        g_string_append_c (out, '\n');
      }
      break;
    case FW_BLOCK_QUOTE:
      g_string_append (out, "> **");
      md_escape_inline (out, block->title ? block->title : _("Web source"));
      g_string_append (out, "**");
      if (block->url)
        g_string_append_printf (out, " <%s>", block->url);
      g_string_append (out, "\n>\n");
      if (block->text)
        {
          g_auto(GStrv) lines = g_strsplit (block->text, "\n", -1);

          for (guint i = 0; lines[i]; i++)
            g_string_append_printf (out, "> %s\n", lines[i]);
        }
      g_string_append_c (out, '\n');
      break;
    case FW_BLOCK_ATTACHMENT:
      {
        const char *path = resolve ? resolve (block->attachment_id, data) : NULL;
        const char *name = block->title ? block->title : block->attachment_id;

        if (path == NULL)
          {
            g_string_append_printf (out, "*[%s: ", _("missing from the export"));
            md_escape_inline (out, name);
            g_string_append (out, "]*\n\n");
          }
        else if (g_strcmp0 (block->media, "image") == 0)
          {
            g_string_append (out, "![");
            md_escape_inline (out, name);
            g_string_append_printf (out, "](<%s%s>)\n\n", prefix, path);
          }
        else
          {
            g_string_append (out, "[");
            md_escape_inline (out, name);
            g_string_append_printf (out, "](<%s%s>)\n\n", prefix, path);
          }
      }
      break;
    case FW_BLOCK_NOTE:
      g_string_append (out, "**");
      md_escape_inline (out, block->title);
      g_string_append (out, ":**\n\n");
      g_string_append_printf (out, "%s\n\n", block->text ? block->text : "");
      break;
    case FW_BLOCK_UNKNOWN:
      {
        g_autofree char *label = g_strdup_printf (_("Content of a type Farewell does not know (%s), kept as it was:"), block->lang);

        g_string_append_printf (out, "> **%s**\n\n", label);
        md_fence (out, "json", block->text);
      }
      break;
    case FW_BLOCK_CANVAS:
      fw_canvas_append_writing_markdown (out, block->title, block->text);
      break;
    default:
      break;
    }
}

static void
md_node (GString              *out,
         FwNode               *node,
         FwAttachmentResolver  resolve,
         gpointer              data,
         const char           *heading,
         double                time,
         const char           *model)
{
  if (time > 0)
    {
      g_autofree char *when = format_time_human (time);

      g_string_append_printf (out, "*— %s —*\n\n", when);
    }
  g_string_append_printf (out, "%s %s", heading, role_label (node));
  if (node->display == FW_DISPLAY_COLLAPSE)
    {
      if (node->author_name)
        g_string_append_printf (out, " (%s)", node->author_name);
      else if (node->recipient && g_strcmp0 (node->recipient, "all") != 0)
        g_string_append_printf (out, " → %s", node->recipient);
    }
  g_string_append (out, "\n\n");
  if (model != NULL)
    {
      g_string_append_printf (out, "*%s: ", _("Model"));
      md_escape_inline (out, model);
      g_string_append (out, "*\n\n");
    }

  for (guint i = 0; i < node->blocks->len; i++)
    md_block (out, g_ptr_array_index (node->blocks, i), resolve, data, "../");
  if (node->canvas != NULL)
    fw_canvas_append_markdown (out, node->canvas);
}

GString *
fw_conversation_to_markdown (FwConversation       *self,
                             FwAttachmentResolver  resolve,
                             gpointer              data)
{
  GString *out = g_string_sized_new (MAX (16 * 1024, self->json_len / 2));
  g_autofree char *created = format_time_human (self->create_time);
  g_autofree char *updated = format_time_human (self->update_time);
  guint others = 0;
  ThreadMarks marks;

  fw_front_matter_append (out, self);
  g_string_append (out, "# ");
  md_escape_inline (out, fw_conversation_display_title (self));
  g_string_append (out, "\n\n");

  if (created)
    g_string_append_printf (out, "- %s: %s\n", _("Created"), created);
  if (updated)
    g_string_append_printf (out, "- %s: %s\n", _("Updated"), updated);
  if (self->model)
    g_string_append_printf (out, "- %s: %s\n", _("Model"), self->model);
  g_string_append_printf (out, "- %s: `%s`\n\n", _("Conversation id"), self->id);

  thread_marks_init (&marks, self);
  for (guint i = 0; i < self->thread->len; i++)
    {
      FwNode *node = g_ptr_array_index (self->thread, i);
      double time;
      const char *model;

      if (node->message == NULL || node->display == FW_DISPLAY_HIDE)
        continue;
      thread_marks_next (&marks, node, &time, &model);
      md_node (out, node, resolve, data, "##", time, model);
    }

  for (guint i = 0; i < self->nodes->len; i++)
    {
      FwNode *node = g_ptr_array_index (self->nodes, i);

      if (node->in_thread || node->message == NULL || node->display == FW_DISPLAY_HIDE)
        continue;
      if (others++ == 0)
        g_string_append_printf (out, "---\n\n## %s\n\n%s\n\n", _("Other branches"),
                                _("Edited questions and regenerated answers that are not part of the conversation as ChatGPT showed it last."));
      md_node (out, node, resolve, data, "###", -1, NULL);
      if (node->parent)
        g_string_append_printf (out, "*%s `%s`*\n\n", _("Follows message"), node->parent);
    }

  return out;
}

/* HTML */

static void
html_text (GString    *out,
           const char *text)
{
  g_string_append (out, "<div class=\"text\">");
  fw_markdown_append_html (out, text);
  g_string_append (out, "</div>\n");
}

static void
html_block (GString              *out,
            FwBlock              *block,
            FwAttachmentResolver  resolve,
            gpointer              data)
{
  switch (block->kind)
    {
    case FW_BLOCK_TEXT:
      html_text (out, block->text);
      break;
    case FW_BLOCK_CODE:
    case FW_BLOCK_OUTPUT:
      g_string_append (out, "<pre class=\"code\"");
      if (block->lang)
        {
          g_string_append (out, " data-lang=\"");
          fw_append_html_escaped (out, block->lang);
          g_string_append_c (out, '"');
        }
      g_string_append (out, "><code>");
      fw_append_html_escaped (out, block->text);
      g_string_append (out, "</code></pre>\n");
      break;
    case FW_BLOCK_THOUGHTS:
      g_string_append_printf (out, "<details class=\"thoughts\"><summary>%s</summary>", _("Reasoning"));
      html_text (out, block->text);
      g_string_append (out, "</details>\n");
      break;
    case FW_BLOCK_QUOTE:
      g_string_append (out, "<blockquote class=\"source\"><p class=\"source-title\">");
      if (block->url && (g_str_has_prefix (block->url, "https://") || g_str_has_prefix (block->url, "http://")))
        {
          g_string_append (out, "<a rel=\"noreferrer noopener\" href=\"");
          fw_append_html_escaped (out, block->url);
          g_string_append (out, "\">");
          fw_append_html_escaped (out, block->title ? block->title : block->url);
          g_string_append (out, "</a>");
        }
      else
        fw_append_html_escaped (out, block->title ? block->title : _("Web source"));
      g_string_append (out, "</p>");
      html_text (out, block->text);
      g_string_append (out, "</blockquote>\n");
      break;
    case FW_BLOCK_ATTACHMENT:
      {
        const char *path = resolve ? resolve (block->attachment_id, data) : NULL;
        const char *name = block->title ? block->title : block->attachment_id;
        g_autofree char *uri = path ? g_uri_escape_string (path, "/", FALSE) : NULL;

        if (path == NULL)
          {
            g_string_append_printf (out, "<p class=\"missing\">%s: ", _("Missing from the export"));
            fw_append_html_escaped (out, name);
            g_string_append (out, "</p>\n");
          }
        else if (g_strcmp0 (block->media, "image") == 0)
          {
            g_string_append_printf (out, "<figure><a href=\"../%s\"><img loading=\"lazy\" src=\"../%s\" alt=\"", uri, uri);
            fw_append_html_escaped (out, name);
            g_string_append (out, "\"></a></figure>\n");
          }
        else if (g_strcmp0 (block->media, "audio") == 0)
          g_string_append_printf (out, "<audio controls preload=\"none\" src=\"../%s\"></audio>\n", uri);
        else
          {
            g_string_append_printf (out, "<p class=\"file\"><a href=\"../%s\">", uri);
            fw_append_html_escaped (out, name);
            g_string_append (out, "</a></p>\n");
          }
      }
      break;
    case FW_BLOCK_NOTE:
      g_string_append (out, "<div class=\"note\"><p class=\"note-title\">");
      fw_append_html_escaped (out, block->title);
      g_string_append (out, "</p>");
      html_text (out, block->text);
      g_string_append (out, "</div>\n");
      break;
    case FW_BLOCK_UNKNOWN:
      {
        g_autofree char *label = g_strdup_printf (_("Content of a type Farewell does not know (%s), kept as it was"), block->lang);

        g_string_append (out, "<details class=\"unknown\" open><summary>");
        fw_append_html_escaped (out, label);
        g_string_append (out, "</summary><pre class=\"code\"><code>");
        fw_append_html_escaped (out, block->text);
        g_string_append (out, "</code></pre></details>\n");
      }
      break;
    case FW_BLOCK_CANVAS:
      fw_canvas_append_writing_html (out, block->title, block->text);
      break;
    default:
      break;
    }
}

static void
html_node (GString              *out,
           FwNode               *node,
           FwAttachmentResolver  resolve,
           gpointer              data,
           double                time,
           const char           *model)
{
  gboolean collapse = node->display == FW_DISPLAY_COLLAPSE;

  if (time > 0)
    {
      g_autofree char *iso = fw_format_time_iso (time);
      g_autofree char *when = format_time_human (time);

      g_string_append_printf (out, "<p class=\"when\"><time datetime=\"%s\">%s</time></p>\n", iso, when);
    }

  g_string_append (out, collapse ? "<details class=\"message tool\"" : "<section class=\"message\"");
  g_string_append (out, " data-role=\"");
  fw_append_html_escaped (out, node->role);
  g_string_append (out, "\" id=\"m-");
  fw_append_html_escaped (out, node->id);
  g_string_append (out, "\">");
  g_string_append (out, collapse ? "<summary class=\"role\">" : "<h2 class=\"role\">");
  fw_append_html_escaped (out, role_label (node));
  if (collapse && node->author_name)
    {
      g_string_append (out, " (");
      fw_append_html_escaped (out, node->author_name);
      g_string_append (out, ")");
    }
  else if (collapse && node->recipient && g_strcmp0 (node->recipient, "all") != 0)
    {
      g_string_append (out, " → ");
      fw_append_html_escaped (out, node->recipient);
    }
  g_string_append (out, collapse ? "</summary>\n" : "</h2>\n");
  if (model != NULL)
    {
      g_string_append_printf (out, "<p class=\"model\">%s: ", _("Model"));
      fw_append_html_escaped (out, model);
      g_string_append (out, "</p>\n");
    }

  for (guint i = 0; i < node->blocks->len; i++)
    html_block (out, g_ptr_array_index (node->blocks, i), resolve, data);

  g_string_append (out, collapse ? "</details>\n" : "</section>\n");
  if (node->canvas != NULL)
    fw_canvas_append_html (out, node->canvas);
}

GString *
fw_conversation_to_html (FwConversation       *self,
                         FwAttachmentResolver  resolve,
                         gpointer              data)
{
  GString *out = g_string_sized_new (MAX (32 * 1024, self->json_len * 3 / 4));
  g_autofree char *created = format_time_human (self->create_time);
  guint others = 0;
  ThreadMarks marks;

  g_string_append (out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; img-src 'self'; media-src 'self'; style-src 'self'\">"
                        "<title>");
  fw_append_html_escaped (out, fw_conversation_display_title (self));
  g_string_append (out, "</title><link rel=\"stylesheet\" href=\"../archive.css\"></head>\n<body>\n<main>\n");
  g_string_append_printf (out, "<nav><a href=\"../index.html\">← %s</a></nav>\n", _("All conversations"));
  g_string_append (out, "<h1>");
  fw_append_html_escaped (out, fw_conversation_display_title (self));
  g_string_append (out, "</h1>\n<p class=\"meta\">");
  if (created)
    fw_append_html_escaped (out, created);
  if (self->model)
    {
      g_string_append (out, " · ");
      fw_append_html_escaped (out, self->model);
    }
  g_string_append (out, "</p>\n");

  thread_marks_init (&marks, self);
  for (guint i = 0; i < self->thread->len; i++)
    {
      FwNode *node = g_ptr_array_index (self->thread, i);
      double time;
      const char *model;

      if (node->message == NULL || node->display == FW_DISPLAY_HIDE)
        continue;
      thread_marks_next (&marks, node, &time, &model);
      html_node (out, node, resolve, data, time, model);
    }

  for (guint i = 0; i < self->nodes->len; i++)
    {
      FwNode *node = g_ptr_array_index (self->nodes, i);

      if (node->in_thread || node->message == NULL || node->display == FW_DISPLAY_HIDE)
        continue;
      if (others++ == 0)
        g_string_append_printf (out, "<details class=\"branches\"><summary>%s</summary>\n<p class=\"meta\">%s</p>\n",
                                _("Other branches"),
                                _("Edited questions and regenerated answers that are not part of the conversation as ChatGPT showed it last."));
      html_node (out, node, resolve, data, -1, NULL);
    }
  if (others > 0)
    g_string_append (out, "</details>\n");

  g_string_append (out, "</main>\n</body></html>\n");
  return out;
}

/* Normalized JSON (see data/conversation.schema.json) */

static void
json_member (GString    *out,
             const char *name)
{
  if (out->str[out->len - 1] != '{' && out->str[out->len - 1] != '[')
    g_string_append_c (out, ',');
  fw_append_json_string (out, name);
  g_string_append_c (out, ':');
}

static void
json_time (GString *out,
           double   t)
{
  g_autofree char *iso = fw_format_time_iso (t);

  fw_append_json_string (out, iso);
}

static void
json_raw (GString      *out,
          const FwJson *node)
{
  fw_json_append (out, node, -1);
}

static void
json_attachments (GString              *out,
                  FwNode               *node,
                  FwAttachmentResolver  resolve,
                  gpointer              data)
{
  gboolean any = FALSE;

  for (guint i = 0; i < node->blocks->len; i++)
    {
      FwBlock *block = g_ptr_array_index (node->blocks, i);

      if (block->kind != FW_BLOCK_ATTACHMENT)
        continue;
      if (!any)
        {
          json_member (out, "attachments");
          g_string_append_c (out, '[');
          any = TRUE;
        }
      else
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      json_member (out, "id");
      fw_append_json_string (out, block->attachment_id);
      json_member (out, "name");
      fw_append_json_string (out, block->title);
      json_member (out, "media");
      fw_append_json_string (out, block->media);
      json_member (out, "path");
      fw_append_json_string (out, resolve ? resolve (block->attachment_id, data) : NULL);
      g_string_append_c (out, '}');
    }
  if (any)
    g_string_append_c (out, ']');
}

GString *
fw_conversation_to_json (FwConversation       *self,
                         FwAttachmentResolver  resolve,
                         gpointer              data)
{
  GString *out = g_string_sized_new (MAX (64 * 1024, self->json_len * 2));
  const char *text;
  gsize text_len;
  static const char *known[] = {
    "title", "create_time", "update_time", "mapping", "current_node",
    "conversation_id", "id", "default_model_slug", NULL
  };

  /* where each thread message's text is, in this rendering */
  for (guint i = 0; i < self->nodes->len; i++)
    ((FwNode *) g_ptr_array_index (self->nodes, i))->json_len = 0;

  g_string_append_c (out, '{');
  json_member (out, "format");
  fw_append_json_string (out, "farewell-conversation");
  json_member (out, "format_version");
  g_string_append (out, "1");
  json_member (out, "id");
  fw_append_json_string (out, self->id);
  json_member (out, "title");
  fw_append_json_string (out, self->title);
  json_member (out, "create_time");
  json_time (out, self->create_time);
  json_member (out, "update_time");
  json_time (out, self->update_time);
  json_member (out, "model");
  fw_append_json_string (out, self->model);
  json_member (out, "current_node");
  fw_append_json_string (out, self->object ? fw_json_get_string (self->object, "current_node") : NULL);

  /* The current thread, as OpenAI-compatible chat history. */
  json_member (out, "messages");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->thread->len; i++)
    {
      FwNode *node = g_ptr_array_index (self->thread, i);

      if (node->message == NULL || node->display != FW_DISPLAY_SHOW)
        continue;

      text = node_plain (self, node, &text_len);
      if (out->str[out->len - 1] != '[')
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      json_member (out, "role");
      fw_append_json_string (out, node->role);
      json_member (out, "content");
      node->json_at = out->len;
      fw_append_json_string_len (out, text, text_len);
      node->json_len = out->len - node->json_at;
      json_member (out, "id");
      fw_append_json_string (out, node->id);
      json_member (out, "content_type");
      fw_append_json_string (out, node->content_type);
      json_member (out, "create_time");
      json_time (out, node->create_time);
      if (node->model)
        {
          json_member (out, "model");
          fw_append_json_string (out, node->model);
        }
      json_attachments (out, node, resolve, data);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  /* Every node of the tree, so that nothing of the export is lost. */
  json_member (out, "nodes");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->nodes->len; i++)
    {
      FwNode *node = g_ptr_array_index (self->nodes, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      json_member (out, "id");
      fw_append_json_string (out, node->id);
      json_member (out, "parent");
      fw_append_json_string (out, node->parent);
      json_member (out, "children");
      g_string_append_c (out, '[');
      for (guint j = 0; j < node->children->len; j++)
        {
          if (j > 0)
            g_string_append_c (out, ',');
          fw_append_json_string (out, g_ptr_array_index (node->children, j));
        }
      g_string_append_c (out, ']');
      json_member (out, "in_current_thread");
      g_string_append (out, node->in_thread ? "true" : "false");
      json_member (out, "hidden");
      g_string_append (out, node->display == FW_DISPLAY_HIDE ? "true" : "false");
      if (node->message != NULL)
        {
          text = node_plain (self, node, &text_len);
          json_member (out, "role");
          fw_append_json_string (out, node->role);
          json_member (out, "content_type");
          fw_append_json_string (out, node->content_type);
          json_member (out, "content");
          /* a message of the thread: escaped once already, above */
          if (node->json_len > 0)
            fw_string_append_len (out, out->str + node->json_at, node->json_len);
          else
            fw_append_json_string_len (out, text, text_len);
          json_attachments (out, node, resolve, data);
        }
      json_member (out, "raw");
      if (node->message)
        json_raw (out, node->message);
      else
        g_string_append (out, "null");
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  if (self->canvas != NULL)
    fw_canvas_append_json (out, self->canvas);

  /* Everything else the export had at the top level, verbatim. */
  json_member (out, "extra");
  g_string_append_c (out, '{');
  if (self->object != NULL)
    {
      for (gsize i = 0; i < self->object->len; i++)
        {
          const FwJson *value = &self->object->v.items[i];

          if (g_strv_contains (known, value->key))
            continue;
          json_member (out, value->key);
          json_raw (out, value);
        }
    }
  g_string_append_c (out, '}');

  g_string_append (out, "}\n");
  return out;
}

const char *
fw_conversation_node_text (FwConversation *self,
                           FwNode         *node,
                           gsize          *len)
{
  return node_plain (self, node, len);
}

char *
fw_conversation_search_text (FwConversation *self,
                             gsize           max)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < self->thread->len && out->len < max; i++)
    {
      FwNode *node = g_ptr_array_index (self->thread, i);

      if (node->message != NULL && node->display == FW_DISPLAY_SHOW)
        {
          const char *text;
          gsize text_len;

          if (out->len > 0)
            g_string_append_c (out, ' ');
          text = node_plain (self, node, &text_len);
          fw_string_append_len (out, text, text_len);
        }
    }

  if (out->len > max)
    {
      const char *end = out->str + max;

      /* Cut on a character boundary. */
      while (end > out->str && (*end & 0xC0) == 0x80)
        end--;
      g_string_truncate (out, end - out->str);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
