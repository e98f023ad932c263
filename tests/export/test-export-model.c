/* test-export-model.c — the conversation model and the splitter, one
 * conversation at a time: slugs and stems, the thread and the branches,
 * content that must survive intact (numbers, short messages, names), the
 * renderers' escaping, and conversations.json split at any chunk size.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "export-test-util.h"
#include "export/fw-conversation.h"
#include "export/fw-json-splitter.h"

static FwConversation *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  FwConversation *conv = fw_conversation_new_from_data (json, strlen (json), 0, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (conv);
  return conv;
}

static const char *
resolve_everything (const char *attachment_id,
                    gpointer    user_data)
{
  return "attachments/found-it-after-all.png";
}

static char *
render (FwConversation *conv,
        guint           format)
{
  GString *out;

  if (format == 0)
    out = fw_conversation_to_markdown (conv, NULL, NULL);
  else if (format == 1)
    out = fw_conversation_to_html (conv, NULL, NULL);
  else
    out = fw_conversation_to_json (conv, NULL, NULL);
  g_assert_true (g_utf8_validate (out->str, out->len, NULL));

  /* Rendering the same conversation again, after a rendering with every
   * attachment found, gives the same (the renderers keep things with the
   * nodes, e.g. where the JSON has a text already). */
  {
    GString *found = format == 0 ? fw_conversation_to_markdown (conv, resolve_everything, NULL)
                   : format == 1 ? fw_conversation_to_html (conv, resolve_everything, NULL)
                   : fw_conversation_to_json (conv, resolve_everything, NULL);
    GString *again = format == 0 ? fw_conversation_to_markdown (conv, NULL, NULL)
                   : format == 1 ? fw_conversation_to_html (conv, NULL, NULL)
                   : fw_conversation_to_json (conv, NULL, NULL);

    g_assert_cmpstr (again->str, ==, out->str);
    g_string_free (found, TRUE);
    g_string_free (again, TRUE);
  }
  return g_string_free (out, FALSE);
}

/* One message in a conversation: the tests fill in its content. */
static char *
one_message (const char *title,
             const char *message_json)
{
  return g_strdup_printf ("{\"title\":%s,\"id\":\"one-00001\",\"create_time\":1717236000,\"current_node\":\"m\","
                          "\"mapping\":{\"m\":{\"id\":\"m\",\"parent\":null,\"children\":[],\"message\":%s}}}",
                          title, message_json);
}

static void
test_slug (void)
{
  static const struct {
    const char *title;
    gsize       max;
    const char *slug;
  } cases[] = {
    { NULL, 80, "untitled" },
    { "", 80, "untitled" },
    { "   ", 80, "untitled" },
    { "Hello, World!", 80, "hello-world" },
    { "../../etc/passwd", 80, "etc-passwd" },
    { "a/b\\c:d*e?f\"g<h>i|j", 80, "a-b-c-d-e-f-g-h-i-j" },
    { "\xe2\x80\xae" "exe.txt", 80, "exe-txt" },             /* U+202E */
    { "a\xe2\x81\xa6" "b\xe2\x81\xa9", 80, "a-b" },          /* U+2066, U+2069 */
    { "tab\there\nnew\x01line\x7f", 80, "tab-here-new-line" },
    { "...hidden", 80, "hidden" },
    { ".", 80, "untitled" },
    { "\xcc\x81" "accent first", 80, "accent-first" },       /* a combining mark, alone */
    { "e\xcc\x81t\xc3\xa9", 80, "e\xcc\x81t\xc3\xa9" },     /* é decomposed and precomposed */
    { "Straße ÜBER Öl", 80, "straße-über-öl" },
    { "日本語 のタイトル", 80, "日本語-のタイトル" },
    { "مرحبا بالعالم", 80, "مرحبا-بالعالم" },
    { "abcdef", 3, "abc" },
    { "ab cd", 4, "ab-c" },
    { "ab cd", 3, "ab" },
    { "éééé", 5, "éé" },
    { "😀 only emoji 😀", 80, "only-emoji" },
    { "trailing!!!", 80, "trailing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = fw_slug_from_title (cases[i].title, cases[i].max);

      g_assert_cmpstr (slug, ==, cases[i].slug);
      g_assert_cmpuint (strlen (slug), <=, MAX (cases[i].max, strlen ("untitled")));
    }

  /* 300 bytes of title: at most 80, cut between characters */
  {
    g_autoptr(GString) title = g_string_new (NULL);
    g_autofree char *slug = NULL;

    for (guint i = 0; i < 100; i++)
      g_string_append (title, "ü\xe2\x82\xac");    /* 2 + 3 bytes */
    slug = fw_slug_from_title (title->str, 80);
    g_assert_cmpuint (strlen (slug), <=, 80);
    g_assert_cmpuint (strlen (slug), >=, 76);
    g_assert_true (g_utf8_validate (slug, -1, NULL));
  }
}

static void
test_stem (void)
{
  static const struct {
    const char *title;
    const char *id;
    const char *time;
    const char *stem;
  } cases[] = {
    { "\"Hello\"", "\"c0ffee01-1111\"", "1717236000.5", "2024-06-01-hello-c0ffee01" },
    { "\"Hello\"", "\"C0FFEE01-1111\"", "1717236000", "2024-06-01-hello-c0ffee01" },
    { "null", "\"abc\"", "null", "undated-untitled-abc" },
    { "\"x\"", "\"../../..\"", "1717236000", "2024-06-01-x-1" },          /* no safe character: the index */
    { "\"x\"", "\"\"", "1717236000", "2024-06-01-x-conversa" },           /* no id: conversation-1 */
    { "\"x\"", "\"a1\"", "1e300", "undated-x-a1" },                        /* not a date (and no overflow) */
    { "\"x\"", "\"a1\"", "-5", "undated-x-a1" },
    { "\"x\"", "\"a1\"", "\"2024-06-01\"", "undated-x-a1" },
    { "\"x\"", "\"a1\"", "253402300799", "9999-12-31-x-a1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"title\":%s,\"id\":%s,\"create_time\":%s,\"mapping\":{}}",
                                               cases[i].title, cases[i].id, cases[i].time);
      g_autoptr(FwConversation) conv = parse (json);
      g_autofree char *stem = fw_conversation_make_stem (conv);

      g_assert_cmpstr (stem, ==, cases[i].stem);
      g_assert_false (conv->corrupted);
    }
}

/* The small export, conversation by conversation, as the model sees it. */
typedef struct {
  GPtrArray *conversations;
} Collect;

static gboolean
collect_element (const char  *data,
                 gsize        len,
                 guint        index,
                 guint64      offset,
                 gpointer     user_data,
                 GError     **error)
{
  Collect *c = user_data;
  FwConversation *conv = fw_conversation_new_from_data (data, len, index, offset, error);

  if (conv == NULL)
    return FALSE;
  g_ptr_array_add (c->conversations, conv);
  return TRUE;
}

static GPtrArray *
load_small (void)
{
  g_autofree char *small = et_small_dir ();
  g_autofree char *path = g_build_filename (small, "conversations.json", NULL);
  gsize len;
  g_autofree char *text = et_read (path, &len);
  Collect c = { g_ptr_array_new_with_free_func ((GDestroyNotify) fw_conversation_free) };
  g_autoptr(FwJsonSplitter) splitter = fw_json_splitter_new (FW_EXPORT_MAX_DEPTH, collect_element, &c);
  g_autoptr(GError) error = NULL;

  g_assert_true (fw_json_splitter_feed (splitter, text, len, &error));
  g_assert_true (fw_json_splitter_finish (splitter, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.conversations->len, ==, 8);
  return c.conversations;
}

static char *
thread_ids (FwConversation *conv)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < conv->thread->len; i++)
    g_ptr_array_add (ids, (gpointer) ((FwNode *) g_ptr_array_index (conv->thread, i))->id);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (char **) ids->pdata);
}

static void
test_small_model (void)
{
  g_autoptr(GPtrArray) all = load_small ();
  static const char *threads[] = {
    "sd-root sd-system sd-q1 sd-a1 sd-q2-edited sd-a2-first",
    "rain-root rain-q1 rain-code rain-output rain-answer",
    "bird-root bird-q1 bird-a1 bird-q2 bird-a2 bird-dalle",
    "voice-root voice-q1 voice-a1",
    "bee-root bee-q1 bee-thoughts bee-recap bee-search bee-browse bee-quote bee-error bee-hologram bee-answer",
    "meal-root meal-context meal-memory meal-q1 meal-a1",
    "nt-root nt-q1 nt-a1",          /* no current_node: the last child, from the root */
    "",
  };
  static const guint messages[] = { 8, 4, 5, 2, 9, 4, 2, 0 };
  static const char *models[] = { "gpt-4o", "gpt-4o", "gpt-4o", "gpt-4o", "o3", "gpt-4o-mini", NULL, NULL };

  for (guint i = 0; i < all->len; i++)
    {
      FwConversation *conv = g_ptr_array_index (all, i);
      g_autofree char *thread = thread_ids (conv);

      g_assert_cmpstr (thread, ==, threads[i]);
      g_assert_cmpuint (conv->n_messages, ==, messages[i]);
      g_assert_cmpstr (conv->model, ==, models[i]);
      g_assert_cmpint (conv->corrupted, ==, i == 7);
      g_assert_cmpuint (conv->warnings->len, ==, i == 7 ? 1 : 0);
      for (guint format = 0; format < 3 && !conv->corrupted; format++)
        g_free (render (conv, format));
    }

  /* the voice conversation has no default_model_slug: the last answer's */
  g_assert_null (fw_json_get_member (((FwConversation *) g_ptr_array_index (all, 3))->object, "default_model_slug"));

  {
    FwConversation *bird = g_ptr_array_index (all, 2);
    static const char *ids[] = { "file-Heron7Qx", "file_00aa11bb22cc", "file-Gone404x", "file_99ffee0000dd", "file_00dalle1234" };

    g_assert_cmpuint (bird->attachment_ids->len, ==, G_N_ELEMENTS (ids));
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      g_assert_cmpstr (g_ptr_array_index (bird->attachment_ids, i), ==, ids[i]);
    /* the name from metadata.attachments, though an image part came first */
    g_assert_cmpstr (g_hash_table_lookup (bird->attachment_names, "file-Heron7Qx"), ==, "heron.jpg");
    g_assert_null (g_hash_table_lookup (bird->attachment_names, "file_00aa11bb22cc"));
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (bird->unknown_types, "sticker_asset_pointer")), ==, 1);
  }
  {
    FwConversation *meal = g_ptr_array_index (all, 5);
    FwNode *context = g_hash_table_lookup (meal->by_id, "meal-context");
    FwNode *memory = g_hash_table_lookup (meal->by_id, "meal-memory");

    g_assert_cmpstr (meal->user_profile, ==, "I am a vegetarian nurse who works night shifts.");
    g_assert_cmpstr (meal->user_instructions, ==, "Keep answers short and use metric units.");
    g_assert_cmpuint (meal->memory->len, ==, 1);
    g_assert_true (g_str_has_prefix (g_ptr_array_index (meal->memory, 0), "1. [2024-05-30]. Is vegetarian."));
    g_assert_cmpint (context->display, ==, FW_DISPLAY_HIDE);
    g_assert_cmpint (memory->display, ==, FW_DISPLAY_HIDE);
  }
  {
    FwConversation *bees = g_ptr_array_index (all, 4);
    static const struct { const char *id; FwDisplay display; FwBlockKind kind; } nodes[] = {
      { "bee-q1", FW_DISPLAY_SHOW, FW_BLOCK_TEXT },
      { "bee-thoughts", FW_DISPLAY_COLLAPSE, FW_BLOCK_THOUGHTS },
      { "bee-recap", FW_DISPLAY_COLLAPSE, FW_BLOCK_THOUGHTS },
      { "bee-search", FW_DISPLAY_COLLAPSE, FW_BLOCK_CODE },
      { "bee-browse", FW_DISPLAY_COLLAPSE, FW_BLOCK_OUTPUT },
      { "bee-quote", FW_DISPLAY_COLLAPSE, FW_BLOCK_QUOTE },
      { "bee-error", FW_DISPLAY_COLLAPSE, FW_BLOCK_NOTE },
      { "bee-hologram", FW_DISPLAY_SHOW, FW_BLOCK_UNKNOWN },
      { "bee-answer", FW_DISPLAY_SHOW, FW_BLOCK_TEXT },
    };

    for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
      {
        FwNode *node = g_hash_table_lookup (bees->by_id, nodes[i].id);
        FwBlock *block = g_ptr_array_index (node->blocks, 0);

        g_assert_cmpint (node->display, ==, nodes[i].display);
        g_assert_cmpint (block->kind, ==, nodes[i].kind);
      }
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (bees->unknown_types, "hologram_projection")), ==, 1);
  }
}

/* The raw JSON is written as valid JSON whatever numbers it holds, in the
 * export's member order; short messages are not lost. */
static void
test_json_fidelity (void)
{
  g_autofree char *json = one_message ("\"Numbers\"",
    "{\"id\":\"m\",\"author\":{\"role\":\"user\"},\"create_time\":1717236001,"
    "\"content\":{\"content_type\":\"text\",\"parts\":[\"hi\"]},"
    "\"z_first\":1,\"big\":1e20,\"huge\":1e400,\"tiny\":-1e-400,\"neg\":-0.0,\"half\":0.5,\"int\":-42,"
    "\"s\":\"tab\\tquote\\\"nul\\u0001\\u2028\",\"t\":true,\"f\":false,\"n\":null,\"nested\":[[],{},[{}]]}");
  g_autoptr(FwConversation) conv = parse (json);
  g_autofree char *out = render (conv, 2);
  g_autoptr(JsonNode) root = et_parse_json (out, -1);
  JsonObject *node = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "nodes"), 0);
  JsonObject *message = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "messages"), 0);
  const char *raw_start = strstr (out, "\"raw\":");

  g_assert_nonnull (raw_start);
  g_assert_true (g_str_has_prefix (raw_start, "\"raw\":{\"id\":\"m\",\"author\":{\"role\":\"user\"},\"create_time\":1717236001,"
                                              "\"content\":{\"content_type\":\"text\",\"parts\":[\"hi\"]},"
                                              "\"z_first\":1,\"big\":1e+20,\"huge\":null,\"tiny\":-0.0,\"neg\":-0.0,"
                                              "\"half\":0.5,\"int\":-42,"
                                              "\"s\":\"tab\\tquote\\\"nul\\u0001\u2028\",\"t\":true,\"f\":false,\"n\":null,"
                                              "\"nested\":[[],{},[{}]]}"));
  /* a two-byte message (regression: it came out empty) */
  g_assert_cmpstr (json_object_get_string_member (message, "content"), ==, "hi");
  g_assert_cmpstr (json_object_get_string_member (node, "content"), ==, "hi");
  {
    g_autofree char *search = fw_conversation_search_text (conv, 100);

    g_assert_cmpstr (search, ==, "hi");
  }
}

/* Unknown content types: a labelled block of their raw JSON. */
static void
test_unknown (void)
{
  g_autofree char *json = one_message ("\"Unknown\"",
    "{\"id\":\"m\",\"author\":{\"role\":\"assistant\"},"
    "\"content\":{\"content_type\":\"future_widget\",\"html\":\"<b>x</b>\",\"n\":1e999}}");
  g_autoptr(FwConversation) conv = parse (json);
  g_autofree char *md = render (conv, 0);
  g_autofree char *html = render (conv, 1);

  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (conv->unknown_types, "future_widget")), ==, 1);
  g_assert_nonnull (strstr (md, "> **Content of a type Farewell does not know (future_widget), kept as it was:**\n\n"
                                "```json\n{\n  \"content_type\" : \"future_widget\",\n  \"html\" : \"<b>x</b>\",\n"
                                "  \"n\" : null\n}\n```\n"));
  g_assert_nonnull (strstr (html, "<details class=\"unknown\" open><summary>Content of a type Farewell does not know "
                                  "(future_widget), kept as it was</summary><pre class=\"code\"><code>{\n"
                                  "  &quot;content_type&quot; : &quot;future_widget&quot;,\n"
                                  "  &quot;html&quot; : &quot;&lt;b&gt;x&lt;/b&gt;&quot;,"));
  g_assert_null (strstr (html, "<b>x"));
}

/* Nothing from a conversation becomes markup. */
static void
test_escaping (void)
{
  g_autofree char *json = one_message ("\"<script>alert(1)</script> # *x* [a](b)\"",
    "{\"id\":\"m\\\"><img src=x>\",\"author\":{\"role\":\"tool\",\"name\":\"<b>browser</b>\"},"
    "\"content\":{\"content_type\":\"tether_quote\",\"url\":\"javascript:alert(1)\",\"title\":\"<i>t</i>\","
    "\"text\":\"<img src=x onerror=alert(1)>\"}}");
  g_autoptr(FwConversation) conv = parse (json);
  g_autofree char *md = render (conv, 0);
  g_autofree char *html = render (conv, 1);

  /* after the front matter, whose title is a quoted YAML string */
  g_assert_true (g_str_has_prefix (md, "---\ntitle: \"<script>alert(1)</script> # *x* [a](b)\"\n"));
  g_assert_nonnull (strstr (md, "\n---\n\n# \\<script\\>alert(1)\\</script\\> \\# \\*x\\* \\[a\\](b)\n\n"));
  g_assert_null (strstr (html, "<script>"));
  g_assert_null (strstr (html, "<img"));
  g_assert_null (strstr (html, "<i>"));
  g_assert_null (strstr (html, "<b>"));
  g_assert_null (strstr (html, "href=\"javascript"));
  g_assert_nonnull (strstr (html, "<title>&lt;script&gt;alert(1)&lt;/script&gt; # *x* [a](b)</title>"));
  g_assert_nonnull (strstr (html, "<summary class=\"role\">Tool (&lt;b&gt;browser&lt;/b&gt;)</summary>"));
}

/* The splitter: the same elements and offsets whatever the chunks. */
typedef struct {
  GString *log;
} Log;

static gboolean
log_element (const char  *data,
             gsize        len,
             guint        index,
             guint64      offset,
             gpointer     user_data,
             GError     **error)
{
  Log *log = user_data;

  g_string_append_printf (log->log, "%u@%" G_GUINT64_FORMAT ":", index, offset);
  g_string_append_len (log->log, data, len);
  g_string_append_c (log->log, '\n');
  return TRUE;
}

static char *
split (const char *text,
       gsize       len,
       gsize       chunk,
       GError    **error)
{
  Log log = { g_string_new (NULL) };
  g_autoptr(FwJsonSplitter) splitter = fw_json_splitter_new (FW_EXPORT_MAX_DEPTH, log_element, &log);

  for (gsize i = 0; i < len; i += chunk)
    if (!fw_json_splitter_feed (splitter, text + i, MIN (chunk, len - i), error))
      {
        g_string_free (log.log, TRUE);
        return NULL;
      }
  if (!fw_json_splitter_finish (splitter, error))
    {
      g_string_free (log.log, TRUE);
      return NULL;
    }
  return g_string_free (log.log, FALSE);
}

static void
test_splitter (void)
{
  static const struct {
    const char *text;
    const char *elements;
  } cases[] = {
    { "[{\"a\":1},{\"b\":[2,{\"c\":\"]}\\\"[{\"}]}]",
      "0@1:{\"a\":1}\n1@9:{\"b\":[2,{\"c\":\"]}\\\"[{\"}]}\n" },
    { "\xef\xbb\xbf\n [ {} , {\"x\": \"\\\\\"} ]\n",
      "0@7:{}\n1@12:{\"x\": \"\\\\\"}\n" },
    { "[1, \"two\", null,true ,{}]",
      "0@1:1\n1@4:\"two\"\n2@11:null\n3@16:true\n4@22:{}\n" },
    { "{\"user\":{\"conversations\":[{\"no\":1}]},\"conversations\":[{\"yes\":1},{\"yes\":2}],\"after\":[{\"no\":2}]}",
      "0@54:{\"yes\":1}\n1@64:{\"yes\":2}\n" },
    { "{\"conver\\\"sations\":[{\"no\":1}],\"conversations\" : [ {\"yes\":3} ]}",
      "0@50:{\"yes\":3}\n" },
    { "[]", "" },
  };
  g_autofree char *small = et_small_dir ();
  g_autofree char *path = g_build_filename (small, "conversations.json", NULL);
  gsize len;
  g_autofree char *text = et_read (path, &len);
  g_autofree char *whole = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (gsize chunk = 1; chunk <= strlen (cases[i].text); chunk++)
      {
        g_autofree char *got = split (cases[i].text, strlen (cases[i].text), chunk, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (got, ==, cases[i].elements);
      }

  whole = split (text, len, len, &error);
  g_assert_no_error (error);
  for (gsize chunk = 1; chunk < 4096; chunk = chunk * 3 + 1)
    {
      g_autofree char *got = split (text, len, chunk, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (got, ==, whole);
    }

  /* errors, at any chunk size */
  {
    static const struct {
      const char *text;
      gint        code;
    } bad[] = {
      { "[{]", FW_EXPORT_ERROR_INVALID_JSON },
      { "[{}] {}", FW_EXPORT_ERROR_INVALID_JSON },
      { "[{}", FW_EXPORT_ERROR_TRUNCATED },
      { "[{\"a\":\"b}]", FW_EXPORT_ERROR_TRUNCATED },
      { "", FW_EXPORT_ERROR_NO_CONVERSATIONS },
      { "nope", FW_EXPORT_ERROR_NOT_AN_EXPORT },
      { "]", FW_EXPORT_ERROR_NOT_AN_EXPORT },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      for (gsize chunk = 1; chunk <= MAX (1, strlen (bad[i].text)); chunk++)
        {
          g_autoptr(GError) e = NULL;
          g_autofree char *got = split (bad[i].text, strlen (bad[i].text), chunk, &e);

          g_assert_null (got);
          g_assert_error (e, FW_EXPORT_ERROR, bad[i].code);
        }
  }
}

static void
random_element (GRand   *rand,
                GString *out,
                guint    depth)
{
  static const char *pieces[] = {
    "text ", "a", "]", "[", "}", "{", "\\\"", "\\\\", "\\n", "\\u00e9", ",", ":", "ğ", "😀",
    "0123456789abcdef", "\\/",
  };
  guint kind = g_rand_int_range (rand, 0, depth > 5 ? 3 : 5);

  switch (kind)
    {
    case 0:
      {
        guint n = g_rand_int_range (rand, 0, 30);

        g_string_append_c (out, '"');
        for (guint i = 0; i < n; i++)
          g_string_append (out, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
        g_string_append_c (out, '"');
      }
      break;
    case 1:
      g_string_append_printf (out, "%d.%d", g_rand_int_range (rand, 0, 100000), g_rand_int_range (rand, 0, 1000));
      break;
    case 2:
      g_string_append (out, g_rand_boolean (rand) ? "null" : "true");
      break;
    default:
      {
        gboolean object = kind == 3;
        guint n = g_rand_int_range (rand, 0, 6);

        g_string_append_c (out, object ? '{' : '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append (out, g_rand_boolean (rand) ? ", " : ",");
            if (object)
              g_string_append_printf (out, "\"k%u\": ", i);
            random_element (rand, out, depth + 1);
          }
        g_string_append_c (out, object ? '}' : ']');
      }
      break;
    }
}

/* Random arrays of objects, with brackets and escapes in strings, cut at
 * every place: the same elements, and the same errors at the same bytes
 * (for a bracket that does not match, and for nesting too deep). */
static void
test_splitter_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);

  for (guint round = 0; round < 60; round++)
    {
      g_autoptr(GString) text = g_string_new ("[");
      g_autoptr(GString) expected = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *whole = NULL;
      guint n = g_rand_int_range (rand, 1, 6);

      for (guint i = 0; i < n; i++)
        {
          gsize start;

          if (i > 0)
            g_string_append (text, ", ");
          start = text->len;
          g_string_append (text, "{\"mapping\": ");
          random_element (rand, text, 1);
          g_string_append (text, ", \"x\": [[{\"y\": \"}]\"}]]}");
          g_string_append_printf (expected, "%u@%" G_GSIZE_FORMAT ":%.*s\n", i, start,
                                  (int) (text->len - start), text->str + start);
        }
      g_string_append (text, "]");

      /* a third of them damaged: a closing bracket of the wrong kind */
      if (round % 3 == 2)
        {
          char *last = strrchr (text->str, '}');

          *last = ']';
        }

      whole = split (text->str, text->len, text->len, &error);
      if (round % 3 == 2)
        g_assert_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_INVALID_JSON);
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (whole, ==, expected->str);
        }

      for (gsize chunk = 1; chunk < 80; chunk++)
        {
          g_autoptr(GError) e = NULL;
          g_autofree char *got = split (text->str, text->len, chunk, &e);

          g_assert_cmpstr (got, ==, whole);
          if (error != NULL)
            {
              g_assert_nonnull (e);
              g_assert_cmpstr (e->message, ==, error->message);
            }
          else
            g_assert_no_error (e);
        }
    }

  /* too deep, inside an element: the same message at every cut */
  {
    g_autoptr(GString) deep = g_string_new ("[{\"a\": \"[[[\", \"b\": ");
    g_autoptr(GError) error = NULL;
    g_autofree char *whole = NULL;

    for (guint i = 0; i < FW_EXPORT_MAX_DEPTH + 5; i++)
      g_string_append (deep, i % 2 ? "{\"k\": " : "[");
    whole = split (deep->str, deep->len, deep->len, &error);
    g_assert_null (whole);
    g_assert_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_TOO_DEEP);
    for (gsize chunk = 1; chunk < 40; chunk++)
      {
        g_autoptr(GError) e = NULL;
        g_autofree char *got = split (deep->str, deep->len, chunk, &e);

        g_assert_null (got);
        g_assert_error (e, FW_EXPORT_ERROR, FW_EXPORT_ERROR_TOO_DEEP);
        g_assert_cmpstr (e->message, ==, error->message);
      }
  }
}

/* Escapes that JsonParser takes but JSON does not: refused, never turned
 * into text that is not UTF-8; and its complaints are made valid UTF-8
 * (regression: "\\ud8/0" became a lone surrogate in the output, and a lone
 * "\\ud800" put one into the error message). */
static void
test_invalid_escapes (void)
{
  static const char *inputs[] = {
    "{\"title\":\"\\ud8/0\",\"mapping\":{}}",
    "{\"title\":\"x\",\"mapping\":{\"a\":{\"id\":\"\\ud8/0\"}}}",
    "{\"title\":\"\\ud800\",\"mapping\":{}}",
    "{\"\\ud8/0\":1,\"mapping\":{}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FwConversation) conv = fw_conversation_new_from_data (inputs[i], strlen (inputs[i]), 4, 1000, &error);

      g_assert_null (conv);
      g_assert_error (error, FW_EXPORT_ERROR, FW_EXPORT_ERROR_INVALID_JSON);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (g_str_has_prefix (error->message, "Conversation 5 (starting at byte 1000) is not valid JSON: "));
    }
}

static void
test_search_text (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *json = NULL;
  g_autoptr(FwConversation) conv = NULL;

  for (guint i = 0; i < 50; i++)
    g_string_append (text, "héé");
  json = g_strdup_printf ("{\"title\":\"S\",\"id\":\"s1\",\"current_node\":\"m\",\"mapping\":{\"m\":{\"id\":\"m\",\"parent\":null,"
                          "\"children\":[],\"message\":{\"id\":\"m\",\"author\":{\"role\":\"user\"},"
                          "\"content\":{\"content_type\":\"text\",\"parts\":[\"%s\"]}}}}}", text->str);
  conv = parse (json);
  for (gsize max = 0; max < 40; max++)
    {
      g_autofree char *search = fw_conversation_search_text (conv, max);

      g_assert_cmpuint (strlen (search), <=, max);
      g_assert_cmpuint (strlen (search) + 2, >=, max);
      g_assert_true (g_utf8_validate (search, -1, NULL));
      g_assert_true (g_str_has_prefix (text->str, search));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/model/slug", test_slug);
  g_test_add_func ("/export/model/stem", test_stem);
  g_test_add_func ("/export/model/small", test_small_model);
  g_test_add_func ("/export/model/json-fidelity", test_json_fidelity);
  g_test_add_func ("/export/model/unknown", test_unknown);
  g_test_add_func ("/export/model/escaping", test_escaping);
  g_test_add_func ("/export/model/splitter", test_splitter);
  g_test_add_func ("/export/model/splitter-random", test_splitter_random);
  g_test_add_func ("/export/model/invalid-escapes", test_invalid_escapes);
  g_test_add_func ("/export/model/search-text", test_search_text);

  return g_test_run ();
}
