/* test-export-canvas.c — canvas documents rebuilt from their tool calls:
 * the update engine (Python `re` as ChatGPT applies it), the documents
 * of a conversation, and the archive's files (tests/data/export/canvas)
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "export-test-util.h"
#include "export/fw-canvas.h"
#include "export/fw-conversation.h"

/* @text after one update, or NULL when it could not be applied (then the
 * text must be as it was). */
static char *
apply (const char *text,
       const char *pattern,
       gboolean    multiple,
       const char *replacement)
{
  g_autoptr(GString) s = g_string_new (text);
  g_autoptr(GError) error = NULL;

  if (!fw_canvas_apply_update (s, pattern, multiple, replacement, &error))
    {
      g_assert_nonnull (error);
      g_test_message ("not applied: %s", error->message);
      g_assert_cmpstr (s->str, ==, text);
      return NULL;
    }
  g_assert_no_error (error);
  return g_strdup (s->str);
}

static void
assert_applies (const char *text,
                const char *pattern,
                gboolean    multiple,
                const char *replacement,
                const char *expected)
{
  g_autofree char *result = apply (text, pattern, multiple, replacement);

  g_assert_cmpstr (result, ==, expected);
}

static void
assert_fails (const char *text,
              const char *pattern,
              gboolean    multiple,
              const char *replacement)
{
  g_autofree char *result = apply (text, pattern, multiple, replacement);

  g_assert_null (result);
}

/* What re.sub(pattern, repl, text, count=0 if multiple else 1) gives in
 * Python 3.12, for each case. */
static void
test_first_or_every (void)
{
  assert_applies ("a cat, a cat", "cat", FALSE, "dog", "a dog, a cat");
  assert_applies ("a cat, a cat", "cat", TRUE, "dog", "a dog, a dog");
  /* empty matches, beside others too (Python 3.7 and later) */
  assert_applies ("abxd", "x*", TRUE, "-", "-a-b--d-");
  assert_applies ("abc", "", FALSE, "-", "-abc");
  assert_fails ("a cat", "dog", FALSE, "cow");
  assert_fails ("a cat", "dog", TRUE, "cow");
}

static void
test_replacement_template (void)
{
  /* groups by number and name */
  assert_applies ("Ada Lovelace", "(\\w+) (\\w+)", FALSE, "\\2, \\1", "Lovelace, Ada");
  assert_applies ("Ada Lovelace", "(?P<first>\\w+) (?P<last>\\w+)", FALSE, "\\g<last> \\g<1>", "Lovelace Ada");
  assert_applies ("x", "(x)", FALSE, "\\g<0>\\g<0>", "xx");
  assert_applies ("ab", "(a)(b)?", FALSE, "[\\1\\2]", "[ab]");
  /* a group that took no part is empty */
  assert_applies ("a", "(a)(b)?", FALSE, "[\\1\\2]", "[a]");
  /* \10 is group 10 when there is one; \1 then '0' needs \g<1>0 */
  assert_applies ("abcdefghij", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", FALSE, "\\10\\g<1>0", "ja0");
  /* escapes, octal, and others kept as written */
  assert_applies ("a", "a", FALSE, "1\\n2\\t3\\\\4", "1\n2\t3\\4");
  assert_applies ("a", "a", FALSE, "\\101\\0", "A");
  assert_applies ("a", "a", FALSE, "\\. \\$ \\d", "\\. \\$ \\d");
  /* '$' means nothing in a Python replacement */
  assert_applies ("a", "a", FALSE, "$1 $0", "$1 $0");
  /* references to groups the pattern does not have */
  assert_fails ("a", "(a)", FALSE, "\\2");
  assert_fails ("a", "(a)", FALSE, "\\g<nope>");
  assert_fails ("a", "(a)", FALSE, "\\g<>");
}

static void
test_python_syntax (void)
{
  /* '.' stops at a line end, '$' matches before a final one, \Z only at
   * the very end */
  assert_fails ("a\nb", "a.b", FALSE, "x");
  assert_applies ("end\n", "end$", FALSE, "END", "END\n");
  assert_fails ("end\n", "end\\Z", FALSE, "END");
  assert_applies ("end", "end\\Z", FALSE, "END", "END");
  assert_applies ("one\ntwo", "(?m)^t", FALSE, "T", "one\nTwo");
  assert_applies ("one\ntwo", "(?s)e.t", FALSE, "E-T", "onE-Two");
  /* \w and \d know every script, as in Python 3 */
  assert_applies ("café ٣", "\\w+", TRUE, "w", "w w");
  /* \uXXXX and \UXXXXXXXX in a pattern */
  assert_applies ("café", "\\u00e9", FALSE, "e", "cafe");
  assert_applies ("hi 😀", "\\U0001F600", FALSE, ":)", "hi :)");
  /* a pattern Python would not compile either */
  assert_fails ("a", "(a", FALSE, "b");
}

static void
test_full_rewrite (void)
{
  const char *code = "print(\"a\\nb\")\nre.findall(r\"\\d+\", s)\n\\g<0> $1\n";
  static const char *patterns[] = { ".*", "(?s).*", "^.*$", "(?s)^.*$", "\\A.*\\Z", "^[\\s\\S]*$", NULL };

  /* the replacement is the new text as it is: no escape is expanded */
  for (guint i = 0; patterns[i]; i++)
    {
      assert_applies ("old\nlines\n", patterns[i], FALSE, code, code);
      assert_applies ("old\nlines\n", patterns[i], TRUE, code, code);
    }
  /* a pattern that only starts like one */
  assert_applies ("ab\ncd", "^.*b", FALSE, "X", "X\ncd");
}

static void
test_hostile (void)
{
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *repl = g_strnfill (10 * 1024, 'x');
  g_autofree char *long_pattern = g_strnfill (200 * 1024, 'a');
  gint64 start = g_get_monotonic_time ();

  /* catastrophic backtracking stops at the match limit, fast */
  assert_fails ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$", FALSE, "b");
  assert_fails ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a|aa)+$", TRUE, "b");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  /* a pattern that matches everywhere in a long text */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (big, 'a');
  assert_fails (big->str, "", TRUE, "b");
  /* a document that would grow past the bound */
  g_string_truncate (big, 1000);
  assert_fails (big->str, "a", TRUE, repl);
  /* many matches in a page are fine */
  g_string_truncate (big, 0);
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (big, 'a');
  {
    g_autofree char *result = apply (big->str, "a", TRUE, "b");
    g_autofree char *expected = g_strnfill (5000, 'b');

    g_assert_cmpstr (result, ==, expected);
  }
  assert_fails ("a", long_pattern, FALSE, "b");
  assert_fails ("a", NULL, FALSE, "b");
  assert_fails ("a", "a", FALSE, NULL);
}

static void
test_extensions (void)
{
  static const char *cases[][2] = {
    { "document", "md" }, { NULL, "md" }, { "code/python", "py" }, { "code/javascript", "js" },
    { "code/typescript", "ts" }, { "code/html", "html" }, { "code/css", "css" }, { "code/rust", "rs" },
    { "code/c", "c" }, { "code/cpp", "cpp" }, { "code/java", "java" }, { "code/go", "go" },
    { "code/bash", "sh" }, { "code/sh", "sh" }, { "code/json", "json" }, { "code/sql", "sql" },
    { "code/react", "jsx" }, { "code/ocaml", "txt" }, { "code/", "txt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (fw_canvas_type_extension (cases[i][0]), ==, cases[i][1]);
}

/* Writing blocks: where they are and what they say about themselves */

static void
assert_writing (const char *text,
                const char *body,
                const char *variant,
                const char *id,
                const char *title)
{
  FwWritingBlock block;
  g_autofree char *got_body = NULL;
  g_autofree char *got_variant = NULL;
  g_autofree char *got_id = NULL;
  g_autofree char *got_title = NULL;

  g_assert_true (fw_canvas_find_writing (text, strlen (text), 0, &block));
  got_body = g_strndup (text + block.body, block.body_end - block.body);
  got_variant = block.variant ? g_strndup (block.variant, block.variant_len) : NULL;
  got_id = block.id ? g_strndup (block.id, block.id_len) : NULL;
  got_title = block.title ? g_strndup (block.title, block.title_len) : NULL;
  g_assert_cmpstr (got_body, ==, body);
  g_assert_cmpstr (got_variant, ==, variant);
  g_assert_cmpstr (got_id, ==, id);
  g_assert_cmpstr (got_title, ==, title);
  g_assert_cmpuint (block.end, <=, strlen (text));
}

static void
test_writing_blocks (void)
{
  static const char *not_blocks[] = {
    /* unfinished */
    ":::writing{variant=\"document\" id=\"1\"}\nno end",
    /* a quoted example in fenced code */
    "```\n:::writing{variant=\"document\" id=\"1\"}\nexample\n:::\n```\n",
    /* not at the start of a line, or no closing brace */
    "see :::writing{id=\"1\"}\na\n:::\n",
    ":::writing{id=\"1\"\na\n:::\n",
    "> :::writing{id=\"1\"}\n> a\n> :::\n",
  };
  FwWritingBlock block;
  const char *two = ":::writing{id=\"a\"}\none\n:::\ntext\n:::writing{id=\"b\"}\ntwo\n:::";

  assert_writing ("Intro\n\n:::writing{variant=\"email\" id=\"40721\" subject=\"Hi there\"}\nHello,\n\nBye\n:::\n\nMore?",
                  "Hello,\n\nBye", "email", "40721", "Hi there");
  /* a title wins over a subject; bare and curly-quoted values */
  assert_writing (":::writing{variant=standard id=58213 title=\"Plan B\" subject=\"x\"}\nbody\n:::",
                  "body", "standard", "58213", "Plan B");
  assert_writing (":::writing{subject=\"x\" title=\"T\" id=\"7\"}\nbody\n:::", "body", NULL, "7", "T");
  assert_writing (":::writing{variant=\u201cstandard\u201d id=\u201c47261\u201d}\nbody\n:::",
                  "body", "standard", "47261", NULL);
  /* line ends written \r\n; an empty block */
  assert_writing (":::writing{id=\"9\"}\r\nline\r\n:::\r\n", "line\r", NULL, "9", NULL);
  assert_writing (":::writing{id=\"9\"}\n:::\n", "", NULL, "9", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (not_blocks); i++)
    g_assert_false (fw_canvas_find_writing (not_blocks[i], strlen (not_blocks[i]), 0, &block));

  /* one after the other */
  g_assert_true (fw_canvas_find_writing (two, strlen (two), 0, &block));
  g_assert_cmpuint (block.body, ==, strlen (":::writing{id=\"a\"}\n"));
  g_assert_true (fw_canvas_find_writing (two, strlen (two), block.end, &block));
  g_assert_cmpint (strncmp (two + block.body, "two", 3), ==, 0);
  g_assert_cmpuint (block.end, ==, strlen (two));
  g_assert_false (fw_canvas_find_writing (two, strlen (two), block.end, &block));
}

/* Conversations written here, node by node */

static void
add_node (GString    *mapping,
          const char *id,
          const char *parent,
          const char *message)
{
  if (mapping->len > 1)
    g_string_append_c (mapping, ',');
  g_string_append_printf (mapping, "\"%s\":{\"id\":\"%s\",\"parent\":%s%s%s,\"message\":%s}",
                          id, id, parent ? "\"" : "", parent ? parent : "null", parent ? "\"" : "", message);
}

static char *
call_message (const char *id,
              const char *function,
              const char *args)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append_printf (s, "{\"id\":\"%s\",\"author\":{\"role\":\"assistant\"},\"recipient\":\"canmore.%s\","
                             "\"content\":{\"content_type\":\"code\",\"language\":\"json\",\"text\":", id, function);
  fw_append_json_string (s, args);
  g_string_append (s, "}}");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
reply_message (const char *id,
               const char *function,
               const char *textdoc_id)
{
  if (textdoc_id == NULL)
    return g_strdup_printf ("{\"id\":\"%s\",\"author\":{\"role\":\"tool\",\"name\":\"canmore.%s\"},"
                            "\"content\":{\"content_type\":\"text\",\"parts\":[\"Failed\"]}}", id, function);
  return g_strdup_printf ("{\"id\":\"%s\",\"author\":{\"role\":\"tool\",\"name\":\"canmore.%s\"},"
                          "\"content\":{\"content_type\":\"text\",\"parts\":[\"Done\"]},"
                          "\"metadata\":{\"canvas\":{\"textdoc_id\":\"%s\",\"version\":1}}}", id, function, textdoc_id);
}

typedef struct {
  const char *function;   /* NULL: a reply */
  const char *args;       /* or the reply's textdoc_id (NULL: a failure) */
  const char *reply_to;
} Step;

static FwConversation *
conversation (const Step *steps,
              guint       n)
{
  g_autoptr(GString) mapping = g_string_new ("{");
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  FwConversation *conv;
  const char *parent = NULL;
  g_autofree char *last = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("m%u", i);
      g_autofree char *message = steps[i].function
        ? call_message (id, steps[i].function, steps[i].args)
        : reply_message (id, steps[i].reply_to, steps[i].args);

      add_node (mapping, id, parent, message);
      g_free (last);
      last = g_strdup (id);
      parent = last;
    }
  g_string_append_c (mapping, '}');
  g_string_append_printf (json, "{\"id\":\"c1\",\"title\":\"Canvas\",\"current_node\":\"%s\",\"mapping\":%s}",
                          last, mapping->str);
  conv = fw_conversation_new_from_data (json->str, json->len, 0, 0, &error);
  g_assert_no_error (error);
  return conv;
}

/* conversation's canvas_documents, from its normalized JSON */
static JsonNode *
documents (FwConversation *conv)
{
  g_autoptr(GString) json = fw_conversation_to_json (conv, NULL, NULL);
  g_autoptr(JsonNode) root = et_parse_json (json->str, json->len);
  JsonNode *docs = json_object_get_member (json_node_get_object (root), "canvas_documents");

  return docs ? json_node_copy (docs) : NULL;
}

static JsonObject *
document (JsonNode *docs,
          guint     i)
{
  return json_array_get_object_element (json_node_get_array (docs), i);
}

/* After a change that could not be applied, a partial update would edit
 * a text that is not ChatGPT's: it waits for a full rewrite. A failure
 * that ChatGPT's reply confirms leaves the text exact. */
static void
test_failures (void)
{
  static const Step steps[] = {
    { "create_textdoc", "{\"name\":\"Plan\",\"type\":\"document\",\"content\":\"one two\"}", NULL },
    { NULL, "doc1", "create_textdoc" },
    /* fails here and in ChatGPT: still exact */
    { "update_textdoc", "{\"updates\":[{\"pattern\":\"three\",\"replacement\":\"3\"}]}", NULL },
    { NULL, NULL, "update_textdoc" },
    { "update_textdoc", "{\"updates\":[{\"pattern\":\"one\",\"replacement\":\"1\"}]}", NULL },
    { NULL, "doc1", "update_textdoc" },
    /* fails here only: the text is no longer ChatGPT's */
    { "update_textdoc", "{\"updates\":[{\"pattern\":\"four\",\"replacement\":\"4\"}]}", NULL },
    { NULL, "doc1", "update_textdoc" },
    { "update_textdoc", "{\"updates\":[{\"pattern\":\"two\",\"replacement\":\"2\"}]}", NULL },
    { "update_textdoc", "{\"updates\":[{\"pattern\":\".*\",\"replacement\":\"fresh\"},{\"pattern\":\"sh\",\"replacement\":\"SH\"}]}", NULL },
    /* the updates of one call: all or none */
    { "update_textdoc", "{\"updates\":[{\"pattern\":\"fre\",\"replacement\":\"FRE\"},{\"pattern\":\"zzz\",\"replacement\":\"\"}]}", NULL },
  };
  g_autoptr(FwConversation) conv = conversation (steps, G_N_ELEMENTS (steps));
  g_autoptr(JsonNode) docs = documents (conv);
  JsonObject *doc = document (docs, 0);
  g_autoptr(GString) md = fw_conversation_to_markdown (conv, NULL, NULL);

  g_assert_cmpstr (json_object_get_string_member (doc, "id"), ==, "doc1");
  g_assert_cmpstr (json_object_get_string_member (doc, "text"), ==, "freSH");
  g_assert_cmpint (json_object_get_int_member (doc, "versions"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (doc, "failed_updates"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (doc, "message"), ==, "m10");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "failures")), ==, 4);
  g_assert_cmpuint (conv->warnings->len, ==, 4);

  /* one view per failure, each with the version before it; the final
   * text is the last failure's */
  g_assert_nonnull (strstr (md->str, "## ChatGPT → canmore.update_textdoc\n\n```json\n{\"updates\":[{\"pattern\":\"three\""));
  g_assert_nonnull (strstr (md->str, "could be rebuilt.*\n\n> one two\n\n"));
  g_assert_nonnull (strstr (md->str, "could be rebuilt.*\n\n> 1 two\n\n"));
  g_assert_nonnull (strstr (md->str, "could be rebuilt.*\n\n> freSH\n\n"));
}

/* Updates go to the document their reply names, or else the current one. */
static void
test_two_documents (void)
{
  static const Step steps[] = {
    { "create_textdoc", "{\"name\":\"Letter\",\"type\":\"document\",\"content\":\"Dear Sam\"}", NULL },
    { NULL, "a", "create_textdoc" },
    { "create_textdoc", "{\"name\":\"app.py\",\"type\":\"code/python\",\"content\":\"x = 1\\n\"}", NULL },
    { NULL, "b", "create_textdoc" },
    { "update_textdoc", "{\"updates\":[{\"pattern\":\"Sam\",\"multiple\":false,\"replacement\":\"Alex\"}]}", NULL },
    { NULL, "a", "update_textdoc" },
    { "update_textdoc", "{\"updates\":[{\"pattern\":\"Alex\",\"replacement\":\"Alex,\"}]}", NULL },
    { "update_textdoc", "{\"textdoc_id\":\"b\",\"updates\":[{\"pattern\":\".*\",\"replacement\":\"x = 2\\n\"}]}", NULL },
    { "comment_textdoc", "{\"comments\":[{\"pattern\":\"x\",\"comment\":\"Name it better.\"}]}", NULL },
  };
  g_autoptr(FwConversation) conv = conversation (steps, G_N_ELEMENTS (steps));
  g_autoptr(JsonNode) docs = documents (conv);
  g_autoptr(GString) md = fw_conversation_to_markdown (conv, NULL, NULL);
  g_autoptr(GString) html = fw_conversation_to_html (conv, NULL, NULL);
  GPtrArray *files = fw_canvas_get_files (conv->canvas);

  g_assert_cmpuint (json_array_get_length (json_node_get_array (docs)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (document (docs, 0), "text"), ==, "Dear Alex,");
  g_assert_cmpstr (json_object_get_string_member (document (docs, 0), "message"), ==, "m6");
  g_assert_cmpstr (json_object_get_string_member (document (docs, 1), "text"), ==, "x = 2\n");
  g_assert_cmpint (json_object_get_int_member (document (docs, 1), "versions"), ==, 2);
  g_assert_cmpuint (conv->warnings->len, ==, 0);

  /* each shown once, after its last change: Markdown quoted, code fenced */
  g_assert_nonnull (strstr (md->str, "### Canvas document: Letter\n\n> Dear Alex,\n\n"));
  g_assert_nonnull (strstr (md->str, "### Canvas document: app.py\n\n```python\nx = 2\n```\n\n"));
  g_assert_null (strstr (md->str, "> Dear Sam"));
  g_assert_nonnull (strstr (html->str, "<section class=\"canvas\"><h3 class=\"canvas-title\">Canvas document: app.py</h3>\n"
                                       "<pre class=\"code\" data-lang=\"python\"><code>x = 2</code></pre>\n</section>\n"));
  g_assert_null (strstr (html->str, "canvas-failed"));

  g_assert_cmpuint (files->len, ==, 2);
  g_assert_cmpstr (((FwCanvasFile *) g_ptr_array_index (files, 0))->name, ==, "Letter.md");
  g_assert_cmpstr (((FwCanvasFile *) g_ptr_array_index (files, 0))->text, ==, "Dear Alex,\n");
  g_assert_cmpstr (((FwCanvasFile *) g_ptr_array_index (files, 1))->name, ==, "app.py");
  g_assert_cmpstr (((FwCanvasFile *) g_ptr_array_index (files, 1))->text, ==, "x = 2\n");
}

/* Names: safe, in their own case, never twice (even apart only in case). */
static void
test_file_names (void)
{
  static const Step steps[] = {
    { "create_textdoc", "{\"name\":\"../../etc/passwd\",\"type\":\"document\",\"content\":\"a\"}", NULL },
    { "create_textdoc", "{\"name\":\"Notes\",\"type\":\"document\",\"content\":\"b\"}", NULL },
    { "create_textdoc", "{\"name\":\"notes\",\"type\":\"document\",\"content\":\"c\"}", NULL },
    { "create_textdoc", "{\"name\":\".hidden\",\"type\":\"code/weird\",\"content\":\"d\"}", NULL },
    { "create_textdoc", "{\"name\":\"\",\"type\":\"code/go\",\"content\":\"e\"}", NULL },
    { "create_textdoc", "{\"name\":\"Ünïcödé ✓ plan\",\"content\":\"f\"}", NULL },
    { "create_textdoc", "{\"name\":\"Con\",\"content\":\"g\"}", NULL },
    /* not a document: JSON that is not an object, or without content */
    { "create_textdoc", "[1]", NULL },
    { "create_textdoc", "{\"name\":\"x\"}", NULL },
  };
  static const char *expected[] = {
    "etc-passwd.md", "Notes.md", "notes-2.md", "hidden.txt", "Untitled-document.go", "Ünïcödé-plan.md",
    "Con-document.md",
  };
  g_autoptr(FwConversation) conv = conversation (steps, G_N_ELEMENTS (steps));
  GPtrArray *files = fw_canvas_get_files (conv->canvas);

  g_assert_cmpuint (files->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < files->len; i++)
    g_assert_cmpstr (((FwCanvasFile *) g_ptr_array_index (files, i))->name, ==, expected[i]);
}

/* Without canvas calls, nothing changes. */
static void
test_none (void)
{
  static const Step steps[] = {
    { "update_textdoc", "{\"updates\":[{\"pattern\":\".*\",\"replacement\":\"orphan\"}]}", NULL },
    { "create_textdoc", "not JSON", NULL },
  };
  g_autoptr(FwConversation) conv = conversation (steps, G_N_ELEMENTS (steps));
  g_autoptr(GString) json = fw_conversation_to_json (conv, NULL, NULL);

  g_assert_null (conv->canvas);
  g_assert_null (strstr (json->str, "canvas_documents"));
}

/* tests/data/export/canvas through the command line */

static char *
read_in (const char *dir,
         const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return et_read (path, NULL);
}

static void
assert_has (const char *text,
            const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("lacks:\n%s\nin:\n%s", part, text);
}

static void
test_archive (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "archive", NULL);
  g_autofree char *source = g_build_filename (et_data_dir (), "canvas", NULL);
  g_autofree char *conversations = g_build_filename (out, "conversations", NULL);
  g_autofree char *schema_path = g_build_filename (g_getenv ("FAREWELL_SOURCE_ROOT"), "data", "conversation.schema.json", NULL);
  g_autofree char *manifest_path = g_build_filename (out, "manifest.json", NULL);
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autofree char *news_md = NULL, *news_html = NULL, *news_file = NULL;
  g_autofree char *code_md = NULL, *code_html = NULL, *code_file = NULL;
  g_autofree char *mail_md = NULL, *mail_html = NULL, *mail_file = NULL;
  g_autoptr(JsonNode) schema = et_parse_json_file (schema_path);
  g_autoptr(JsonNode) manifest = NULL;
  g_autoptr(GPtrArray) tree = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *files;
  const char *news = "2025-02-01-garden-club-newsletter-c4a7a501";
  const char *code = "2025-02-02-rainfall-average-script-c4a7a502";
  const char *mail = "2025-02-03-thank-you-email-c4a7a503";
  const char *final_news =
    "# Garden Club Newsletter\n\nSpring meeting: Thursday at the greenhouse.\n\n"
    "- Please bring seeds\n- Please bring gloves\n- Please bring a friend\n";
  const char *final_code =
    "import re\n\n\ndef average(values):\n    if not values:\n        return 0.0\n    return sum(values) / len(values)\n\n\n"
    "def readings(line):\n    return [float(x) for x in re.findall(r\"\\d+(?:\\.\\d+)?\", line)]\n\n\n"
    "print(\"\\n\".join(str(v) for v in readings(\"12 mm, 3.5 mm\")))\n";

  g_assert_cmpint (et_run_cli (&stdout_text, &stderr_text, "--convert", source, "--output", out, NULL), ==, 0);
  /* the summary says which change could not be applied */
  assert_has (stdout_text, "a change to the canvas document “Garden Club Newsletter” could not be applied");

  {
    g_autofree char *a = g_strconcat (news, ".md", NULL);
    g_autofree char *b = g_strconcat (news, ".html", NULL);
    g_autofree char *c = g_strconcat (news, ".canvas/Garden-Club-Newsletter.md", NULL);
    g_autofree char *d = g_strconcat (code, ".md", NULL);
    g_autofree char *e = g_strconcat (code, ".html", NULL);
    g_autofree char *f = g_strconcat (code, ".canvas/rainfall_average.py", NULL);
    g_autofree char *g = g_strconcat (mail, ".md", NULL);
    g_autofree char *h = g_strconcat (mail, ".html", NULL);
    g_autofree char *k = g_strconcat (mail, ".canvas/Thanks-for-the-seeds.md", NULL);

    news_md = read_in (conversations, a);
    news_html = read_in (conversations, b);
    news_file = read_in (conversations, c);
    code_md = read_in (conversations, d);
    code_html = read_in (conversations, e);
    code_file = read_in (conversations, f);
    mail_md = read_in (conversations, g);
    mail_html = read_in (conversations, h);
    mail_file = read_in (conversations, k);
  }

  /* the side files: the final texts, with their extension */
  g_assert_cmpstr (news_file, ==, final_news);
  g_assert_cmpstr (code_file, ==, final_code);

  /* the Markdown document, after the call that could not be applied */
  assert_has (news_md,
              "{\"updates\": [{\"pattern\": \"Saturday workshop\", \"multiple\": false, \"replacement\": \"Sunday workshop\"}]}\n```\n\n"
              "### Canvas document: Garden Club Newsletter\n\n"
              "*This change could not be applied; the document below is the last version that could be rebuilt.*\n\n"
              "> # Garden Club Newsletter\n>\n> Spring meeting: Thursday at the greenhouse.\n>\n"
              "> - Please bring seeds\n> - Please bring gloves\n> - Please bring a friend\n\n"
              "## Tool (canmore.update_textdoc)\n");
  /* shown once; the raw calls kept */
  g_assert_null (strstr (strstr (news_md, "### Canvas document") + 1, "### Canvas document"));
  assert_has (news_md, "## ChatGPT → canmore.comment_textdoc\n\n```json\n{\"comments\":");
  assert_has (news_html, "<p class=\"canvas-failed\">This change could not be applied;");
  assert_has (news_html, "<li>Please bring a friend</li>");

  /* the code document, rewritten whole with ".*", fenced in its language */
  assert_has (code_md, "### Canvas document: rainfall\\_average\n\n```python\nimport re\n");
  assert_has (code_md, "print(\"\\n\".join(str(v) for v in readings(\"12 mm, 3.5 mm\")))\n```\n\n## Tool");
  assert_has (code_html, "<pre class=\"code\" data-lang=\"python\"><code>import re\n");
  g_assert_null (strstr (code_md, "def average(values):\n    return sum"));

  /* writing blocks: shown where they are, the last version saved */
  assert_has (mail_md, "Here is a draft.\n\n### Canvas document: Thanks for the seeds\n\n"
                       "> Hello,\n>\n> Thank you for the tomato seeds.\n>\n> Best wishes\n\n"
                       "Want it warmer or shorter?\n\n## You");
  assert_has (mail_md, "> Thank you for the tomato and basil seeds.\n");
  assert_has (mail_md, "```\n:::writing{variant=\"document\" id=\"1\"}\nexample\n:::\n```\n");
  assert_has (mail_md, "An unfinished one stays text:\n\n:::writing{variant=\"document\" id=\"2\"}\nno end\n");
  g_assert_null (strstr (mail_md, "id=\"40721\""));
  assert_has (mail_html, "<h3 class=\"canvas-title\">Canvas document: Thanks for the seeds</h3>\n"
                         "<div class=\"text\"><p>Hello,</p>\n<p>Thank you for the tomato seeds.</p>");
  g_assert_cmpstr (mail_file, ==, "Hello,\n\nThank you for the tomato and basil seeds.\n\nBest wishes\n");

  /* the normalized JSON: valid, with the documents as data */
  {
    g_autofree char *a = g_strconcat (news, ".json", NULL);
    g_autofree char *b = g_strconcat (code, ".json", NULL);
    g_autofree char *pa = g_build_filename (conversations, a, NULL);
    g_autofree char *pb = g_build_filename (conversations, b, NULL);
    g_autoptr(JsonNode) ja = et_parse_json_file (pa);
    g_autoptr(JsonNode) jb = et_parse_json_file (pb);
    g_autofree char *c = g_strconcat (mail, ".json", NULL);
    g_autofree char *pc = g_build_filename (conversations, c, NULL);
    g_autoptr(JsonNode) jc = et_parse_json_file (pc);
    JsonArray *messages = json_object_get_array_member (json_node_get_object (jc), "messages");
    g_autofree char *problem = NULL;
    JsonObject *doc;

    g_assert_true (et_schema_validate (schema, ja, &problem));
    g_assert_true (et_schema_validate (schema, jb, &problem));
    g_assert_true (et_schema_validate (schema, jc, &problem));
    doc = json_array_get_object_element (json_object_get_array_member (json_node_get_object (jc), "canvas_documents"), 0);
    g_assert_cmpstr (json_object_get_string_member (doc, "id"), ==, "40721");
    g_assert_cmpint (json_object_get_int_member (doc, "versions"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (doc, "message"), ==, "w-a2");
    /* the message's text keeps the document, without the markers */
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "content"), ==,
                     "Here is a draft.\n\nHello,\n\nThank you for the tomato seeds.\n\nBest wishes\n\nWant it warmer or shorter?");
    doc = json_array_get_object_element (json_object_get_array_member (json_node_get_object (ja), "canvas_documents"), 0);
    g_assert_cmpstr (json_object_get_string_member (doc, "id"), ==, "d0c0c0c0c0c0c0c0c0c0c0a1");
    g_assert_cmpstr (json_object_get_string_member (doc, "file"), ==, "Garden-Club-Newsletter.md");
    g_assert_cmpint (json_object_get_int_member (doc, "versions"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (doc, "failed_updates"), ==, 1);
    doc = json_array_get_object_element (json_object_get_array_member (json_node_get_object (jb), "canvas_documents"), 0);
    g_assert_cmpstr (json_object_get_string_member (doc, "type"), ==, "code/python");
    g_assert_cmpint (json_object_get_int_member (doc, "failed_updates"), ==, 0);
  }

  /* every file written is in the manifest, and only those */
  manifest = et_parse_json_file (manifest_path);
  files = json_object_get_array_member (json_node_get_object (manifest), "files");
  for (guint i = 0; i < json_array_get_length (files); i++)
    g_hash_table_add (listed, (gpointer) json_array_get_string_element (files, i));
  tree = et_list_tree (out);
  for (guint i = 0; i < tree->len; i++)
    {
      const char *rel = g_ptr_array_index (tree, i);

      if (g_str_has_prefix (rel, "conversations/") && !g_str_has_suffix (rel, "/"))
        {
          if (!g_hash_table_contains (listed, rel))
            g_error ("%s is not in the manifest", rel);
          g_hash_table_remove (listed, rel);
        }
    }
  for (guint i = 0; i < json_array_get_length (files); i++)
    g_assert_false (g_str_has_prefix (json_array_get_string_element (files, i), "conversations/") &&
                    g_hash_table_contains (listed, json_array_get_string_element (files, i)));

  et_rm_rf (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/canvas/engine/first-or-every", test_first_or_every);
  g_test_add_func ("/canvas/engine/replacement-template", test_replacement_template);
  g_test_add_func ("/canvas/engine/python-syntax", test_python_syntax);
  g_test_add_func ("/canvas/engine/full-rewrite", test_full_rewrite);
  g_test_add_func ("/canvas/engine/hostile", test_hostile);
  g_test_add_func ("/canvas/extensions", test_extensions);
  g_test_add_func ("/canvas/writing-blocks", test_writing_blocks);
  g_test_add_func ("/canvas/failures", test_failures);
  g_test_add_func ("/canvas/two-documents", test_two_documents);
  g_test_add_func ("/canvas/file-names", test_file_names);
  g_test_add_func ("/canvas/none", test_none);
  g_test_add_func ("/canvas/archive", test_archive);

  return g_test_run ();
}
