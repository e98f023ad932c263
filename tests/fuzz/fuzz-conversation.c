/* fuzz-conversation.c — libFuzzer harness: one conversation's JSON → the
 * model → Markdown, HTML and normalized JSON
 *
 * The input is one conversation object (or several, separated by commas),
 * fed as the engine reads conversations.json: wrapped in a list and split
 * by FwJsonSplitter (which bounds the nesting) in chunks whose size comes
 * from the input's length. Each conversation is parsed, given a file name,
 * and rendered in every format with attachments that half resolve. Every
 * output must be valid UTF-8, the JSON must parse, and the file name must
 * be safe.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "export/fw-conversation.h"
#include "export/fw-export.h"
#include "export/fw-json-splitter.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Conversations rendered per input, at most: keeps each run short. */
#define MAX_CONVERSATIONS 8

static const char *
resolve (const char *id,
         gpointer    user_data)
{
  /* Half of the attachments are "in the export". */
  return g_str_hash (id) % 2 ? "attachments/file-Fuzz-x.png" : NULL;
}

static void
check_stem (const char *stem)
{
  const char *p;

  g_assert (stem != NULL && *stem != '\0');
  g_assert (g_utf8_validate (stem, -1, NULL));
  g_assert (stem[0] != '.');
  g_assert (strpbrk (stem, "/\\:*?\"<>| ") == NULL);
  /* date (10) - slug (80) - id (8) */
  g_assert (strlen (stem) <= 10 + 1 + 80 + 1 + 8);
  for (p = stem; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert (!g_unichar_iscntrl (c));
      g_assert (!(c >= 0x202a && c <= 0x202e) && !(c >= 0x2066 && c <= 0x2069));
    }
}

static void
check_json (const GString *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  if (!json_parser_load_from_data (parser, out->str, out->len, &error))
    g_error ("the normalized JSON does not parse: %s\n%s", error->message, out->str);
  g_assert (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert (g_strcmp0 (json_object_get_string_member (root, "format"), "farewell-conversation") == 0);
  g_assert (json_object_has_member (root, "messages") && json_object_has_member (root, "nodes"));
}

static gboolean
on_element (const char  *data,
            gsize        len,
            guint        index,
            guint64      offset,
            gpointer     user_data,
            GError     **error)
{
  g_autoptr(FwConversation) conv = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *search = NULL;
  GString *out;

  if (index >= MAX_CONVERSATIONS)
    return TRUE;

  conv = fw_conversation_new_from_data (data, len, index, offset, &local_error);
  g_assert ((conv == NULL) == (local_error != NULL));
  if (conv == NULL)
    {
      g_assert (local_error->domain == FW_EXPORT_ERROR);
      g_assert (local_error->code == FW_EXPORT_ERROR_INVALID_JSON ||
                local_error->code == FW_EXPORT_ERROR_INVALID_UTF8);
      g_assert (g_utf8_validate (local_error->message, -1, NULL));
      return TRUE;
    }

  g_assert (conv->id != NULL);
  g_assert (g_utf8_validate (fw_conversation_display_title (conv), -1, NULL));
  for (guint i = 0; i < conv->warnings->len; i++)
    g_assert (g_utf8_validate (g_ptr_array_index (conv->warnings, i), -1, NULL));
  if (conv->corrupted)
    return TRUE;

  stem = fw_conversation_make_stem (conv);
  check_stem (stem);

  out = fw_conversation_to_markdown (conv, resolve, NULL);
  g_assert (g_utf8_validate (out->str, out->len, NULL));
  g_string_free (out, TRUE);

  out = fw_conversation_to_html (conv, resolve, NULL);
  g_assert (g_utf8_validate (out->str, out->len, NULL));
  g_string_free (out, TRUE);

  out = fw_conversation_to_json (conv, resolve, NULL);
  g_assert (g_utf8_validate (out->str, out->len, NULL));
  check_json (out);
  g_string_free (out, TRUE);

  search = fw_conversation_search_text (conv, 300);
  g_assert (g_utf8_validate (search, -1, NULL));
  g_assert (strlen (search) <= 300);

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(FwJsonSplitter) splitter = fw_json_splitter_new (FW_EXPORT_MAX_DEPTH, on_element, NULL);
  g_autoptr(GError) error = NULL;
  gsize chunk = 1 + size % 97;
  gboolean ok;

  ok = fw_json_splitter_feed (splitter, "[", 1, &error);
  for (gsize i = 0; ok && i < size; i += chunk)
    ok = fw_json_splitter_feed (splitter, (const char *) data + i, MIN (chunk, size - i), &error);
  if (ok)
    ok = fw_json_splitter_feed (splitter, "]", 1, &error) &&
         fw_json_splitter_finish (splitter, &error);

  g_assert (ok == (error == NULL));
  if (!ok)
    {
      g_assert (error->domain == FW_EXPORT_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
    }

  return 0;
}
