/* fw-canvas.c — the documents written in ChatGPT's canvas, rebuilt from
 * the tool calls that made and changed them
 *
 * The export has no canvas document as such: an answer calls
 * canmore.create_textdoc with JSON {"name", "type", "content"}, later
 * canmore.update_textdoc with {"updates": [{"pattern", "multiple",
 * "replacement"}]} (Python regular expressions applied to the current
 * document) and canmore.comment_textdoc with {"comments": [{"pattern",
 * "comment"}]}, which leaves the text as it is. The tool's reply carries
 * metadata.canvas {textdoc_id, textdoc_type, version, title}.
 *
 * Each document is rebuilt along the visible thread: its creation, then
 * each update in order. An update names its document by textdoc_id when
 * its JSON or the tool's reply that follows it has one, and otherwise
 * changes the document made or changed last, as ChatGPT's "current"
 * document. The updates of one call are applied together or not at all.
 * Once an update could not be applied, the text may differ from ChatGPT's,
 * so the updates after it that change only a part are not applied either,
 * until one rewrites the whole document.
 *
 * The document is shown after the call that last changed it (its final
 * text, once), and after each call whose change could not be applied (the
 * last version that could be rebuilt, with a note): a long canvas session
 * does not repeat the whole document at every small change.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fw-canvas.h"
#include "fw-conversation.h"
#include "fw-json-doc.h"
#include "fw-markdown.h"

/* A canvas document is a page or a source file; these bound the work a
 * hostile export can ask for. */
#define MAX_TEXT      (8 * 1024 * 1024)
#define MAX_PATTERN   (64 * 1024)
#define MAX_CALL_JSON (16 * 1024 * 1024)
#define MAX_DOCUMENTS 1000
/* every version a conversation keeps, together */
#define MAX_BYTES     (64 * 1024 * 1024)
#define MAX_TITLE_SLUG 80
/* PCRE2 stops a match that backtracks more than this: a pattern written to
 * take forever fails quickly instead (the default allows ten times more). */
#define MATCH_LIMIT "(*LIMIT_MATCH=1000000)"
/* GRegex checks the whole text again for each match it looks for: the
 * matches times the text's length are bounded (a fraction of a second),
 * which leaves thousands of matches in a page-long document. */
#define MAX_MATCH_WORK (64 * 1024 * 1024)

/* Only the JSON's "failures" quote these messages. */
#define FW_CANVAS_ERROR (g_quark_from_static_string ("fw-canvas-error-quark"))

typedef struct {
  char      *id;         /* textdoc_id, once known */
  char      *title;
  char      *type;
  GString   *text;
  guint      versions;   /* the creation and each call applied */
  guint      failed;     /* calls not applied */
  GPtrArray *failures;   /* why, in the order they happened (strings) */
  gboolean   stale;      /* a change could not be applied since the last full rewrite */
  char      *file_name;
  FwNode    *last_node;  /* the last call that changed it or failed to */
  gboolean   inline_block; /* a writing block: its message shows it */
} CanvasDoc;

struct _FwCanvasView {
  CanvasDoc  *doc;
  char       *text;      /* the version shown, or NULL: the final one */
  gboolean    failed;
};

struct _FwCanvas {
  gsize       bytes;     /* of the documents' texts and the versions shown */
  GPtrArray  *docs;      /* CanvasDoc, in the order they were created */
  GPtrArray  *views;     /* FwCanvasView */
  GPtrArray  *files;     /* FwCanvasFile */
};

static void
canvas_doc_free (gpointer data)
{
  CanvasDoc *doc = data;

  g_free (doc->id);
  g_free (doc->title);
  g_free (doc->type);
  g_string_free (doc->text, TRUE);
  g_ptr_array_unref (doc->failures);
  g_free (doc->file_name);
  g_free (doc);
}

static void
view_free (gpointer data)
{
  FwCanvasView *view = data;

  g_free (view->text);
  g_free (view);
}

static void
file_free (gpointer data)
{
  FwCanvasFile *file = data;

  g_free (file->name);
  g_free (file->text);
  g_free (file);
}

void
fw_canvas_free (FwCanvas *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->docs);
  g_ptr_array_unref (self->views);
  g_ptr_array_unref (self->files);
  g_free (self);
}

/* The update engine */

/* Whether @pattern means the whole document: ".*" in any of the ways it is
 * written, with or without DOTALL and anchors. */
static gboolean
is_full_rewrite (const char *pattern)
{
  static const char *cores[] = { ".*", ".+", "(.*)", "(.+)", "[\\s\\S]*", "[\\s\\S]+", "(?s:.*)", NULL };
  g_autofree char *core = NULL;
  const char *start = pattern;
  gsize len;

  if (g_str_has_prefix (start, "(?s)"))
    start += 4;
  if (g_str_has_prefix (start, "^"))
    start += 1;
  else if (g_str_has_prefix (start, "\\A"))
    start += 2;
  len = strlen (start);
  if (len >= 2 && (g_str_has_suffix (start, "\\Z") || g_str_has_suffix (start, "\\z")))
    len -= 2;
  else if (len >= 1 && start[len - 1] == '$' && (len < 2 || start[len - 2] != '\\'))
    len -= 1;
  core = g_strndup (start, len);
  return g_strv_contains (cores, core);
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

/* Python's pattern syntax in PCRE2's words, where they differ: \Z (the
 * very end: \z), \uXXXX and \UXXXXXXXX (\x{…}). The rest (groups named
 * (?P<name>…), (?P=name), classes, inline flags) PCRE2 reads alike. */
static char *
translate_pattern (const char *pattern)
{
  GString *out = g_string_sized_new (strlen (pattern) + sizeof MATCH_LIMIT + 8);

  g_string_append (out, MATCH_LIMIT);
  for (const char *p = pattern; *p; p++)
    {
      if (*p != '\\' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      if (*p == 'Z')
        g_string_append (out, "\\z");
      else if (*p == 'u' || *p == 'U')
        {
          guint digits = *p == 'u' ? 4 : 8;
          guint i;

          for (i = 0; i < digits && hex_value (p[1 + i]) >= 0; i++)
            ;
          if (i == digits)
            {
              g_string_append (out, "\\x{");
              g_string_append_len (out, p + 1, digits);
              g_string_append_c (out, '}');
              p += digits;
            }
          else
            {
              g_string_append_c (out, '\\');
              g_string_append_c (out, *p);
            }
        }
      else
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
append_group (GString     *out,
              GMatchInfo  *info,
              const char  *subject,
              int          group,
              GError     **error)
{
  int start, end;

  if (group < 0 || group > g_regex_get_capture_count (g_match_info_get_regex (info)))
    {
      g_set_error (error, FW_CANVAS_ERROR, 0, "invalid group reference %d", group);
      return FALSE;
    }
  /* a group that did not take part in the match is empty */
  if (g_match_info_fetch_pos (info, group, &start, &end) && start >= 0)
    g_string_append_len (out, subject + start, end - start);
  return TRUE;
}

/* Appends @replacement expanded for the match @info, as re.Match.expand()
 * does: \1…\99 and \g<n> or \g<name> are groups, \0 and three octal digits
 * are characters, \n \t \r \f \v \a \b \\ are escapes. Python refuses other
 * escapes of an ASCII letter; here they stay as written, which is closer
 * to what the model meant than no document at all. */
static gboolean
expand (GString     *out,
        GMatchInfo  *info,
        const char  *subject,
        const char  *replacement,
        GError     **error)
{
  for (const char *p = replacement; *p; p++)
    {
      const char *escapes = "n\nt\tr\rf\fv\va\ab\b\\\\";
      const char *escape;

      if (*p != '\\' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      if (*p == 'g' && p[1] == '<')
        {
          const char *close = strchr (p + 2, '>');
          g_autofree char *name = close ? g_strndup (p + 2, close - (p + 2)) : NULL;
          int group;

          if (name == NULL || *name == '\0')
            {
              g_set_error_literal (error, FW_CANVAS_ERROR, 0, "missing group name");
              return FALSE;
            }
          if (g_ascii_isdigit (*name))
            {
              char *end = NULL;
              guint64 n = g_ascii_strtoull (name, &end, 10);

              if (*end != '\0' || n > G_MAXINT)
                {
                  g_set_error (error, FW_CANVAS_ERROR, 0, "bad group reference %s", name);
                  return FALSE;
                }
              group = (int) n;
            }
          else
            {
              group = g_regex_get_string_number (g_match_info_get_regex (info), name);
              if (group < 0)
                {
                  g_set_error (error, FW_CANVAS_ERROR, 0, "unknown group name %s", name);
                  return FALSE;
                }
            }
          if (!append_group (out, info, subject, group, error))
            return FALSE;
          p = close;
        }
      else if (*p == '0')
        {
          guint value = 0;

          for (guint i = 0; i < 2 && p[1] >= '0' && p[1] <= '7'; i++)
            value = value * 8 + (guint) (*++p - '0');
          if (value != 0)
            g_string_append_unichar (out, value);
        }
      else if (g_ascii_isdigit (*p))
        {
          if (g_ascii_isdigit (p[1]) && *p <= '7' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7')
            {
              guint value = (guint) ((p[0] - '0') * 64 + (p[1] - '0') * 8 + (p[2] - '0'));

              if (value > 0377)
                {
                  g_set_error (error, FW_CANVAS_ERROR, 0, "octal escape out of range");
                  return FALSE;
                }
              g_string_append_unichar (out, value);
              p += 2;
            }
          else
            {
              int group = *p - '0';

              if (g_ascii_isdigit (p[1]))
                group = group * 10 + (*++p - '0');
              if (!append_group (out, info, subject, group, error))
                return FALSE;
            }
        }
      else if ((escape = strchr (escapes, *p)) != NULL && (escape - escapes) % 2 == 0)
        g_string_append_c (out, escape[1]);
      else
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
    }
  return TRUE;
}

gboolean
fw_canvas_apply_update (GString     *text,
                        const char  *pattern,
                        gboolean     multiple,
                        const char  *replacement,
                        GError     **error)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) info = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *translated = NULL;
  gsize copied = 0;
  guint matches = 0;

  if (pattern == NULL || replacement == NULL)
    {
      g_set_error_literal (error, FW_CANVAS_ERROR, 0, "no pattern or no replacement");
      return FALSE;
    }
  if (strlen (replacement) > MAX_TEXT)
    {
      g_set_error_literal (error, FW_CANVAS_ERROR, 0, "the replacement is too large");
      return FALSE;
    }

  if (is_full_rewrite (pattern))
    {
      g_string_assign (text, replacement);
      return TRUE;
    }

  if (strlen (pattern) > MAX_PATTERN)
    {
      g_set_error_literal (error, FW_CANVAS_ERROR, 0, "the pattern is too long");
      return FALSE;
    }

  translated = translate_pattern (pattern);
  /* Python's `.` and `$` know only \n as a line end */
  regex = g_regex_new (translated, G_REGEX_NEWLINE_LF, 0, &local_error);
  if (regex == NULL)
    {
      g_set_error_literal (error, FW_CANVAS_ERROR, 0, "the pattern is not a valid regular expression");
      return FALSE;
    }

  out = g_string_sized_new (text->len + strlen (replacement));
  g_regex_match_full (regex, text->str, (gssize) text->len, 0, 0, &info, &local_error);
  while (local_error == NULL && g_match_info_matches (info))
    {
      int start, end;

      g_match_info_fetch_pos (info, 0, &start, &end);
      g_string_append_len (out, text->str + copied, (gsize) start - copied);
      if (!expand (out, info, text->str, replacement, error))
        return FALSE;
      copied = (gsize) end;
      matches++;
      if (out->len > MAX_TEXT)
        {
          g_set_error_literal (error, FW_CANVAS_ERROR, 0, "the document grows too large");
          return FALSE;
        }
      if (!multiple)
        break;
      if ((guint64) matches * MAX (text->len, 1) > MAX_MATCH_WORK)
        {
          g_set_error_literal (error, FW_CANVAS_ERROR, 0, "the pattern matches too often");
          return FALSE;
        }
      g_match_info_next (info, &local_error);
    }
  if (local_error != NULL)
    {
      /* the match limit, above all */
      g_set_error_literal (error, FW_CANVAS_ERROR, 0, "the pattern takes too long to search");
      return FALSE;
    }
  if (matches == 0)
    {
      g_set_error_literal (error, FW_CANVAS_ERROR, 0, "the pattern matches nothing in the document");
      return FALSE;
    }

  g_string_append_len (out, text->str + copied, text->len - copied);
  g_string_assign (text, out->str);
  return TRUE;
}

/* Types and files */

static const struct {
  const char *language;
  const char *extension;
} code_types[] = {
  { "python", "py" }, { "javascript", "js" }, { "typescript", "ts" }, { "react", "jsx" },
  { "html", "html" }, { "css", "css" }, { "rust", "rs" }, { "c", "c" }, { "cpp", "cpp" },
  { "java", "java" }, { "go", "go" }, { "bash", "sh" }, { "sh", "sh" }, { "json", "json" },
  { "sql", "sql" },
};

static gboolean
is_code (const char *type)
{
  return type != NULL && g_str_has_prefix (type, "code/");
}

const char *
fw_canvas_type_extension (const char *type)
{
  if (!is_code (type))
    return "md";
  for (guint i = 0; i < G_N_ELEMENTS (code_types); i++)
    if (g_ascii_strcasecmp (type + 5, code_types[i].language) == 0)
      return code_types[i].extension;
  return "txt";
}

/* The language of a code fence: what follows "code/", when it is a plain
 * word. */
static const char *
code_language (const char *type)
{
  const char *language = is_code (type) ? type + 5 : NULL;

  if (language == NULL || *language == '\0')
    return NULL;
  for (const char *p = language; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("+#-_.", *p))
      return NULL;
  return g_str_equal (language, "react") ? "jsx" : language;
}

/* Writing blocks */

static gboolean
line_is (const char *line,
         const char *end,
         const char *what)
{
  gsize n = strlen (what);

  if ((gsize) (end - line) < n || memcmp (line, what, n) != 0)
    return FALSE;
  for (line += n; line < end; line++)
    if (*line != ' ' && *line != '\t' && *line != '\r')
      return FALSE;
  return TRUE;
}

/* key=value pairs of `{…}`: values in "…", “…” (as some answers write
 * them) or bare up to a space. */
static void
read_attributes (const char     *p,
                 const char     *end,
                 FwWritingBlock *block)
{
  gboolean titled = FALSE;

  while (p < end)
    {
      const char *key = p, *value, *value_end;
      gsize key_len;

      while (p < end && *p != '=' && *p != ' ')
        p++;
      key_len = (gsize) (p - key);
      if (p >= end || *p != '=')
        {
          p++;
          continue;
        }
      p++;
      if (p < end && *p == '"')
        {
          value = ++p;
          while (p < end && *p != '"')
            p++;
          value_end = p++;
        }
      else if (end - p >= 3 && memcmp (p, "\xe2\x80\x9c", 3) == 0)  /* “ */
        {
          value = p += 3;
          while (end - p >= 3 && memcmp (p, "\xe2\x80\x9d", 3) != 0)  /* ” */
            p++;
          value_end = end - p >= 3 ? p : end;
          p = MIN (p + 3, end);
        }
      else
        {
          value = p;
          while (p < end && *p != ' ')
            p++;
          value_end = p;
        }
      while (p < end && *p == ' ')
        p++;

#define ATTRIBUTE(name, field, len_field) \
      if (key_len == strlen (name) && memcmp (key, name, key_len) == 0) \
        { block->field = value; block->len_field = (gsize) (value_end - value); }
      ATTRIBUTE ("variant", variant, variant_len)
      ATTRIBUTE ("id", id, id_len)
      if (!titled)
        ATTRIBUTE ("subject", title, title_len)
      /* a title wins over a subject */
      if (key_len == 5 && memcmp (key, "title", 5) == 0)
        {
          ATTRIBUTE ("title", title, title_len)
          titled = TRUE;
        }
#undef ATTRIBUTE
    }
}

gboolean
fw_canvas_find_writing (const char     *text,
                        gsize           len,
                        gsize           from,
                        FwWritingBlock *block)
{
  const char *end = text + len;
  const char *line = text + MIN (from, len);
  const char *open = NULL;
  gboolean fence = FALSE;

  while (line < end)
    {
      const char *eol = memchr (line, '\n', (gsize) (end - line));
      const char *next = eol ? eol + 1 : end;

      if (eol == NULL)
        eol = end;
      if (open == NULL)
        {
          if ((eol - line >= 3 && (memcmp (line, "```", 3) == 0 || memcmp (line, "~~~", 3) == 0)))
            fence = !fence;
          else if (!fence && eol - line > 11 &&
                   memcmp (line, ":::writing{", 11) == 0)
            {
              const char *close = eol;

              while (close > line && (close[-1] == '\r' || close[-1] == ' '))
                close--;
              if (close[-1] == '}')
                {
                  memset (block, 0, sizeof *block);
                  read_attributes (line + 11, close - 1, block);
                  block->start = (gsize) (line - text);
                  block->body = (gsize) (next - text);
                  open = line;
                }
            }
        }
      else if (line_is (line, eol, ":::"))
        {
          block->body_end = MAX ((gsize) (line - text), block->body);
          /* without the line end before the closing line */
          if (block->body_end > block->body && text[block->body_end - 1] == '\n')
            block->body_end--;
          block->end = (gsize) (next - text);
          return TRUE;
        }
      line = next;
    }
  return FALSE;
}

/* Reading the calls */

/* The JSON text of a canmore call: the code content's text, or its first
 * part. */
static JsonNode *
call_arguments (FwNode *node)
{
  const FwJson *content = fw_json_get_object (node->message, "content");
  const char *text = fw_json_get_string (content, "text");
  const FwJson *parts = fw_json_get_array (content, "parts");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL && parts != NULL && parts->len > 0 && parts->v.items[0].type == FW_JSON_STRING)
    text = parts->v.items[0].v.s;
  if (text == NULL || strlen (text) > MAX_CALL_JSON ||
      !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_copy (root) : NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* metadata.canvas.textdoc_id of a tool's reply. */
static const char *
reply_textdoc_id (FwNode *node)
{
  const FwJson *metadata = fw_json_get_object (node->message, "metadata");

  return fw_json_get_string (fw_json_get_object (metadata, "canvas"), "textdoc_id");
}

static gboolean
is_call (FwNode     *node,
         const char *function)
{
  return node->message != NULL && g_strcmp0 (node->role, "assistant") == 0 &&
         node->recipient != NULL && g_str_has_prefix (node->recipient, "canmore.") &&
         g_str_equal (node->recipient + 8, function);
}

static gboolean
is_reply (FwNode     *node,
          const char *function)
{
  return node != NULL && node->message != NULL && g_strcmp0 (node->role, "tool") == 0 &&
         node->author_name != NULL && g_str_has_prefix (node->author_name, "canmore.") &&
         g_str_equal (node->author_name + 8, function);
}

static CanvasDoc *
find_doc (FwCanvas   *self,
          const char *id)
{
  for (guint i = 0; id != NULL && i < self->docs->len; i++)
    {
      CanvasDoc *doc = g_ptr_array_index (self->docs, i);

      if (g_strcmp0 (doc->id, id) == 0)
        return doc;
    }
  return NULL;
}

static FwCanvasView *
set_view (FwCanvas  *self,
          FwNode    *node,
          CanvasDoc *doc,
          gboolean   failed)
{
  FwCanvasView *view = g_new0 (FwCanvasView, 1);

  view->doc = doc;
  view->failed = failed;
  g_ptr_array_add (self->views, view);
  node->canvas = view;
  return view;
}

static void
create_doc (FwCanvas   *self,
            FwNode     *node,
            FwNode     *next,
            JsonObject *args)
{
  const char *content = member_string (args, "content");
  const char *name = member_string (args, "name");
  const char *type = member_string (args, "type");
  CanvasDoc *doc;

  if (content == NULL || self->docs->len >= MAX_DOCUMENTS || strlen (content) > MAX_TEXT ||
      self->bytes + strlen (content) > MAX_BYTES)
    return;

  doc = g_new0 (CanvasDoc, 1);
  doc->title = g_strdup (name && *name ? name : _("Untitled document"));
  doc->type = g_strdup (type && *type ? type : "document");
  doc->text = g_string_new (content);
  self->bytes += doc->text->len;
  doc->failures = g_ptr_array_new_with_free_func (g_free);
  doc->versions = 1;
  doc->last_node = node;
  if (is_reply (next, "create_textdoc") && find_doc (self, reply_textdoc_id (next)) == NULL)
    doc->id = g_strdup (reply_textdoc_id (next));
  g_ptr_array_add (self->docs, doc);
}

/* Applies the updates of one call, all or none. */
static gboolean
apply_call (FwCanvas   *self,
            CanvasDoc  *doc,
            JsonArray  *updates,
            GError    **error)
{
  g_autoptr(GString) text = g_string_new_len (doc->text->str, doc->text->len);
  gboolean full = FALSE;
  guint n = updates ? json_array_get_length (updates) : 0;

  if (n == 0)
    {
      g_set_error_literal (error, FW_CANVAS_ERROR, 0, "the call lists no update");
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (updates, i);
      JsonObject *update = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *pattern = member_string (update, "pattern");
      JsonNode *multiple = update ? json_object_get_member (update, "multiple") : NULL;

      if (doc->stale && pattern != NULL && !is_full_rewrite (pattern) && !full)
        {
          g_set_error_literal (error, FW_CANVAS_ERROR, 0, "an earlier change could not be applied");
          return FALSE;
        }
      if (!fw_canvas_apply_update (text, pattern,
                                   multiple && JSON_NODE_HOLDS_VALUE (multiple) &&
                                   json_node_get_value_type (multiple) == G_TYPE_BOOLEAN &&
                                   json_node_get_boolean (multiple),
                                   member_string (update, "replacement"), error))
        return FALSE;
      full |= is_full_rewrite (pattern);
    }
  if (self->bytes - doc->text->len + text->len > MAX_BYTES)
    {
      g_set_error_literal (error, FW_CANVAS_ERROR, 0, "the documents grow too large");
      return FALSE;
    }
  self->bytes = self->bytes - doc->text->len + text->len;
  g_string_assign (doc->text, text->str);
  return TRUE;
}

static void
update_doc (FwCanvas   *self,
            FwNode     *node,
            FwNode     *next,
            JsonObject *args,
            CanvasDoc **current,
            GPtrArray  *warnings,
            const char *conversation_title)
{
  JsonNode *updates = json_object_get_member (args, "updates");
  CanvasDoc *doc = find_doc (self, member_string (args, "textdoc_id"));
  g_autoptr(GError) error = NULL;

  if (doc == NULL && is_reply (next, "update_textdoc"))
    doc = find_doc (self, reply_textdoc_id (next));
  if (doc == NULL)
    doc = *current;
  if (doc == NULL)
    return;
  *current = doc;

  if (apply_call (self, doc, updates && JSON_NODE_HOLDS_ARRAY (updates) ? json_node_get_array (updates) : NULL, &error))
    {
      doc->versions++;
      doc->stale = FALSE;
      doc->last_node = node;
      return;
    }

  doc->failed++;
  /* A reply without metadata.canvas did not change the document in
   * ChatGPT either: the text rebuilt is still the one ChatGPT had. */
  if (!is_reply (next, "update_textdoc") ||
      fw_json_get_object (fw_json_get_object (next->message, "metadata"), "canvas") != NULL)
    doc->stale = TRUE;
  doc->last_node = node;
  g_ptr_array_add (doc->failures, g_strdup (error->message));
  /* the version it stays at, shown with the note (within bounds) */
  if (self->bytes + doc->text->len <= MAX_BYTES)
    {
      set_view (self, node, doc, TRUE)->text = g_strndup (doc->text->str, doc->text->len);
      self->bytes += doc->text->len;
    }
  g_ptr_array_add (warnings,
                   g_strdup_printf (_("In “%s”, a change to the canvas document “%s” could not be applied; the archive keeps the last version that could be rebuilt."),
                                    conversation_title, doc->title));
}

/* A file name from a document's title, in its own case and with its
 * underscores (a module's or a component's name means something), without
 * the extension it may already have: letters, digits, '_' and '-' only, so
 * never a path, a hidden file or a character a file system refuses. */
static char *
file_stem (const char *title,
           const char *extension)
{
  GString *stem = g_string_new (NULL);
  g_autofree char *suffix = g_strconcat (".", extension, NULL);
  gsize len = strlen (title);
  gboolean dash = FALSE;

  if (len > strlen (suffix) && g_ascii_strcasecmp (title + len - strlen (suffix), suffix) == 0)
    len -= strlen (suffix);
  for (const char *p = title; p < title + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || c == '_' || (g_unichar_ismark (c) && stem->len > 0 && !dash))
        {
          if (stem->len + 1 + 6 > MAX_TITLE_SLUG)
            break;
          if (dash && stem->len > 0)
            g_string_append_c (stem, '-');
          dash = FALSE;
          g_string_append_unichar (stem, c);
        }
      else
        dash = TRUE;
    }
  if (stem->len == 0)
    g_string_append (stem, "document");
  /* names Windows keeps for devices, whatever their extension */
  if (g_regex_match_simple ("^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", stem->str, G_REGEX_CASELESS, 0))
    g_string_append (stem, "-document");
  return g_string_free (stem, FALSE);
}

static gboolean
name_taken (GHashTable *names,
            const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  return g_hash_table_contains (names, folded);
}

/* The writing blocks of a message, documents shown where they are. */
static void
add_writing_docs (FwCanvas *self,
                  FwNode   *node)
{
  for (guint i = 0; i < node->blocks->len; i++)
    {
      FwBlock *block = g_ptr_array_index (node->blocks, i);
      CanvasDoc *doc;

      if (block->kind != FW_BLOCK_CANVAS || self->docs->len >= MAX_DOCUMENTS)
        continue;
      doc = find_doc (self, block->canvas_id);
      if (self->bytes + block->text_len > MAX_BYTES)
        continue;
      if (doc != NULL)
        {
          self->bytes = self->bytes - doc->text->len + block->text_len;
          g_string_assign (doc->text, block->text);
          doc->versions++;
        }
      else
        {
          doc = g_new0 (CanvasDoc, 1);
          doc->id = g_strdup (block->canvas_id);
          doc->title = g_strdup (block->title ? block->title : _("Untitled document"));
          doc->type = g_strdup ("document");
          doc->text = g_string_new (block->text);
          self->bytes += doc->text->len;
          doc->failures = g_ptr_array_new_with_free_func (g_free);
          doc->versions = 1;
          doc->inline_block = TRUE;
          g_ptr_array_add (self->docs, doc);
        }
      doc->last_node = node;
    }
}

static void
make_files (FwCanvas *self)
{
  /* folded: two names apart only in case are one file on some disks */
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->docs->len; i++)
    {
      CanvasDoc *doc = g_ptr_array_index (self->docs, i);
      const char *extension = fw_canvas_type_extension (doc->type);
      g_autofree char *slug = file_stem (doc->title, extension);
      FwCanvasFile *file = g_new0 (FwCanvasFile, 1);

      file->name = g_strdup_printf ("%s.%s", slug, extension);
      for (guint n = 2; name_taken (names, file->name); n++)
        {
          g_free (file->name);
          file->name = g_strdup_printf ("%s-%u.%s", slug, n, extension);
        }
      g_hash_table_add (names, g_utf8_casefold (file->name, -1));
      doc->file_name = g_strdup (file->name);
      file->len = doc->text->len;
      file->text = g_strndup (doc->text->str, doc->text->len);
      /* a text file ends with a line end */
      if (file->len > 0 && file->text[file->len - 1] != '\n')
        {
          g_autofree char *old = file->text;

          file->text = g_strconcat (old, "\n", NULL);
          file->len++;
        }
      g_ptr_array_add (self->files, file);
    }
}

FwCanvas *
fw_canvas_new (GPtrArray  *thread,
               GPtrArray  *warnings,
               const char *conversation_title)
{
  g_autoptr(FwCanvas) self = g_new0 (FwCanvas, 1);
  CanvasDoc *current = NULL;

  self->docs = g_ptr_array_new_with_free_func (canvas_doc_free);
  self->views = g_ptr_array_new_with_free_func (view_free);
  self->files = g_ptr_array_new_with_free_func (file_free);

  for (guint i = 0; i < thread->len; i++)
    {
      FwNode *node = g_ptr_array_index (thread, i);
      FwNode *next = i + 1 < thread->len ? g_ptr_array_index (thread, i + 1) : NULL;
      gboolean create = is_call (node, "create_textdoc");
      g_autoptr(JsonNode) args = NULL;

      add_writing_docs (self, node);
      if (!create && !is_call (node, "update_textdoc"))
        continue;
      args = call_arguments (node);
      if (args == NULL)
        continue;
      if (create)
        {
          guint before = self->docs->len;

          create_doc (self, node, next, json_node_get_object (args));
          if (self->docs->len > before)
            current = g_ptr_array_index (self->docs, before);
        }
      else
        update_doc (self, node, next, json_node_get_object (args), &current, warnings, conversation_title);
    }

  if (self->docs->len == 0)
    return NULL;

  /* the final text, after the call that last changed each document */
  for (guint i = 0; i < self->docs->len; i++)
    {
      CanvasDoc *doc = g_ptr_array_index (self->docs, i);

      if (doc->last_node->canvas == NULL && !doc->inline_block)
        set_view (self, doc->last_node, doc, FALSE);
    }
  make_files (self);
  return g_steal_pointer (&self);
}

GPtrArray *
fw_canvas_get_files (FwCanvas *self)
{
  return self->files;
}

/* Renderings */

static const char *
view_text (const FwCanvasView *view)
{
  return view->text ? view->text : view->doc->text->str;
}

static char *
without_final_line_end (const char *text)
{
  gsize len = strlen (text);

  return g_strndup (text, len > 0 && text[len - 1] == '\n' ? len - 1 : len);
}

/* What a rendering shows: the document's title (or none), then, after a
 * failed change, the note, then its text. */
typedef struct {
  const char *title;
  const char *type;
  const char *text;
  gboolean    failed;
} Shown;

static void
append_markdown (GString     *out,
                 const Shown *shown)
{
  const char *title = shown->title, *type = shown->type, *text = shown->text;

  g_string_append_printf (out, "### %s", _("Canvas document"));
  if (title != NULL)
    {
      g_string_append (out, ": ");
      fw_markdown_escape_inline (out, title);
    }
  g_string_append (out, "\n\n");
  if (shown->failed)
    g_string_append_printf (out, "*%s*\n\n", _("This change could not be applied; the document below is the last version that could be rebuilt."));

  if (is_code (type))
    {
      g_autofree char *code = without_final_line_end (text);

      fw_markdown_fence (out, code_language (type), code);
      return;
    }

  /* A document of its own: quoted, so that its headings stay inside it. */
  for (const char *line = text; *line; )
    {
      const char *end = strchr (line, '\n');
      gsize len = end ? (gsize) (end - line) : strlen (line);

      g_string_append (out, len > 0 ? "> " : ">");
      g_string_append_len (out, line, len);
      g_string_append_c (out, '\n');
      line = end ? end + 1 : line + len;
    }
  g_string_append_c (out, '\n');
}

static void
append_html (GString     *out,
             const Shown *shown)
{
  const char *title = shown->title, *type = shown->type, *text = shown->text;
  const char *language = code_language (type);

  g_string_append (out, "<section class=\"canvas\"><h3 class=\"canvas-title\">");
  fw_append_html_escaped (out, _("Canvas document"));
  if (title != NULL)
    {
      g_string_append (out, ": ");
      fw_append_html_escaped (out, title);
    }
  g_string_append (out, "</h3>\n");
  if (shown->failed)
    {
      g_string_append (out, "<p class=\"canvas-failed\">");
      fw_append_html_escaped (out, _("This change could not be applied; the document below is the last version that could be rebuilt."));
      g_string_append (out, "</p>\n");
    }
  if (is_code (type))
    {
      g_string_append (out, "<pre class=\"code\"");
      if (language)
        {
          g_string_append (out, " data-lang=\"");
          fw_append_html_escaped (out, language);
          g_string_append_c (out, '"');
        }
      g_string_append (out, "><code>");
      fw_append_html_escaped_len (out, text, strlen (text) - (g_str_has_suffix (text, "\n") ? 1 : 0));
      g_string_append (out, "</code></pre>\n");
    }
  else
    {
      g_string_append (out, "<div class=\"text\">");
      fw_markdown_append_html (out, text);
      g_string_append (out, "</div>\n");
    }
  g_string_append (out, "</section>\n");
}

void
fw_canvas_append_markdown (GString            *out,
                           const FwCanvasView *view)
{
  append_markdown (out, &(Shown) { view->doc->title, view->doc->type, view_text (view), view->failed });
}

void
fw_canvas_append_html (GString            *out,
                       const FwCanvasView *view)
{
  append_html (out, &(Shown) { view->doc->title, view->doc->type, view_text (view), view->failed });
}

void
fw_canvas_append_writing_markdown (GString    *out,
                                   const char *title,
                                   const char *text)
{
  append_markdown (out, &(Shown) { title, "document", text, FALSE });
}

void
fw_canvas_append_writing_html (GString    *out,
                               const char *title,
                               const char *text)
{
  append_html (out, &(Shown) { title, "document", text, FALSE });
}

void
fw_canvas_append_json (GString  *out,
                       FwCanvas *self)
{
  g_string_append (out, ",\"canvas_documents\":[");
  for (guint i = 0; i < self->docs->len; i++)
    {
      CanvasDoc *doc = g_ptr_array_index (self->docs, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"id\":");
      fw_append_json_string (out, doc->id);
      g_string_append (out, ",\"title\":");
      fw_append_json_string (out, doc->title);
      g_string_append (out, ",\"type\":");
      fw_append_json_string (out, doc->type);
      g_string_append (out, ",\"file\":");
      fw_append_json_string (out, doc->file_name);
      g_string_append (out, ",\"text\":");
      fw_append_json_string_len (out, doc->text->str, doc->text->len);
      g_string_append_printf (out, ",\"versions\":%u,\"failed_updates\":%u,\"failures\":", doc->versions, doc->failed);
      fw_append_json_strings (out, doc->failures);
      g_string_append (out, ",\"message\":");
      fw_append_json_string (out, doc->last_node->id);
      g_string_append (out, "}");
    }
  g_string_append_c (out, ']');
}
