/* test-fast-paths.c — the export engine's fast paths give exactly the
 * answers of the slow ones
 *
 * fw_json_doc_read_strict() reads exactly JsonParser's values: every text
 * it accepts gives the same tree (types, values to the bit, member order,
 * repeated names), and it gives up on everything JsonParser reads in its
 * own way (the engine then falls back to JsonParser, whose tree
 * fw_json_doc_new_from_node() turns into the same values).
 * fw_utf8_validate() answers exactly as g_utf8_validate_len(). The
 * word-at-a-time escapers (JSON strings, HTML) and the Markdown scanner give
 * the output of plain byte-by-byte code at every length around the word
 * size, where such code goes wrong.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "export/fw-conversation.h"
#include "export/fw-json-doc.h"
#include "export/fw-json-reader.h"
#include "export/fw-markdown.h"
#include "export/fw-sha256.h"

static void assert_same (const FwJson *a, JsonNode *b, const char *path);

static void
assert_same_object (const FwJson *a,
                    JsonObject   *b,
                    const char   *path)
{
  JsonObjectIter ib;
  const char *mb;
  JsonNode *vb;
  gsize i = 0;

  g_assert_cmpuint (a->len, ==, json_object_get_size (b));

  /* In order, as the export wrote them. */
  json_object_iter_init_ordered (&ib, b);
  while (json_object_iter_next_ordered (&ib, &mb, &vb))
    {
      g_autofree char *child = g_strdup_printf ("%s.%s", path, mb);

      g_assert_cmpuint (i, <, a->len);
      g_assert_cmpstr (a->v.items[i].key, ==, mb);
      assert_same (&a->v.items[i], vb, child);
      i++;
    }
  g_assert_cmpuint (i, ==, a->len);
}

static const char *
type_name (const FwJson *a)
{
  static const char *names[] = { "null", "boolean", "int", "double", "string", "array", "object" };

  return names[a->type];
}

static void
assert_same (const FwJson *a,
             JsonNode     *b,
             const char   *path)
{
  switch (json_node_get_node_type (b))
    {
    case JSON_NODE_OBJECT:
      if (a->type != FW_JSON_OBJECT)
        g_error ("%s: %s where JsonParser has an object", path, type_name (a));
      assert_same_object (a, json_node_get_object (b), path);
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *y = json_node_get_array (b);

        if (a->type != FW_JSON_ARRAY)
          g_error ("%s: %s where JsonParser has an array", path, type_name (a));
        g_assert_cmpuint (a->len, ==, json_array_get_length (y));
        for (guint i = 0; i < json_array_get_length (y); i++)
          {
            g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

            g_assert_null (a->v.items[i].key);
            assert_same (&a->v.items[i], json_array_get_element (y, i), child);
          }
      }
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (b))
        {
        case G_TYPE_STRING:
          if (a->type != FW_JSON_STRING)
            g_error ("%s: %s where JsonParser has a string", path, type_name (a));
          g_assert_cmpstr (a->v.s, ==, json_node_get_string (b));
          g_assert_cmpuint (a->len, ==, strlen (json_node_get_string (b)));
          break;
        case G_TYPE_INT64:
          if (a->type != FW_JSON_INT)
            g_error ("%s: %s where JsonParser has an int", path, type_name (a));
          g_assert_cmpint (a->v.i, ==, json_node_get_int (b));
          break;
        case G_TYPE_BOOLEAN:
          if (a->type != FW_JSON_BOOLEAN)
            g_error ("%s: %s where JsonParser has a boolean", path, type_name (a));
          g_assert_cmpint (a->v.b, ==, json_node_get_boolean (b));
          break;
        default:
          {
            double y = json_node_get_double (b);

            if (a->type != FW_JSON_DOUBLE)
              g_error ("%s: %s where JsonParser has a double", path, type_name (a));
            if (memcmp (&a->v.d, &y, sizeof y) != 0)
              g_error ("%s: %.17g where JsonParser has %.17g", path, a->v.d, y);
          }
          break;
        }
      break;
    case JSON_NODE_NULL:
    default:
      if (a->type != FW_JSON_NULL)
        g_error ("%s: %s where JsonParser has null", path, type_name (a));
      break;
    }
}

static char *
to_text (FwJsonDoc *doc)
{
  GString *out = g_string_new (NULL);

  fw_json_append (out, fw_json_doc_get_root (doc), -1);
  return g_string_free (out, FALSE);
}

/* Returns TRUE when the fast reader accepted the text (and then checks it
 * against JsonParser, and the document made from JsonParser's tree too). */
static gboolean
check_text (const char *text,
            gsize       len)
{
  g_autoptr(FwJsonDoc) fast = fw_json_doc_read_strict (text, len, 200);
  g_autoptr(FwJsonDoc) slow = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (fast == NULL)
    return FALSE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, len, &error))
    g_error ("accepted what JsonParser refuses (%s): %.*s", error->message, (int) MIN (len, 200), text);

  slow = fw_json_doc_new_from_node (json_parser_get_root (parser));
  assert_same (fw_json_doc_get_root (fast), json_parser_get_root (parser), "$");
  assert_same (fw_json_doc_get_root (slow), json_parser_get_root (parser), "$");
  a = to_text (fast);
  b = to_text (slow);
  g_assert_cmpstr (a, ==, b);
  return TRUE;
}

static void
test_accepted (void)
{
  const char *texts[] = {
    "{}", "[]", "\"top\"", "42", "-7", "true", "false", "null", "  [1]  ", "\n\t[\r\n1 ]\n",
    "[1e2, 1E+2, 1.0, -0, -0.0, 0.1e-3, 12345678901234567, -5, 0, 0e0, 0.0e+0, 1E5, 1e05]",
    "[1.5e3, 2.25, 0.1, 1670000789.865775, 1e-7, 123.0, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308]",
    "[999999999999999999, -999999999999999999, 100000000000000000]",
    "{\"\":1}", "{\"a\":{\"b\":{\"c\":[[[]]]}}}",
    "[\"\\ud83d\\ude00\", \"\\u00e9\", \"\\u00E9\", \"\\/\", \"\\\"\\\\\\b\\f\\n\\r\\t\", \"\\u007f\", \"\\uffff\", \"\\u0001\"]",
    "[\"Türkçe ğüşıöç İ\", \"العربية\", \"😀👩‍💻🇹🇷\", \"\x7f\"]",
    "{\"title\": \"x\", \"mapping\": {\"b\": 1, \"a\": 2, \"c\": {\"z\": null, \"y\": [true, false]}}}",
    /* a repeated name: its first place, its last value */
    "{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":{\"x\":1},\"a\":[2],\"c\":0,\"a\":\"s\",\"c\":null}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (!check_text (texts[i], strlen (texts[i])))
      g_error ("the fast reader gave up on plain JSON: %s", texts[i]);
}

/* Repeated names in objects of every size: small ones are searched
 * pairwise, large ones through a hash table. */
static void
test_repeated_names (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint n = 1; n < 80; n++)
    for (guint round = 0; round < 5; round++)
      {
        g_autoptr(GString) text = g_string_new ("{");
        guint names = MAX (1, n / (round + 1));

        for (guint i = 0; i < n; i++)
          g_string_append_printf (text, "%s\"name%u\": %u", i > 0 ? ", " : "",
                                  g_rand_int_range (rand, 0, names), i);
        g_string_append (text, "}");
        g_assert_true (check_text (text->str, text->len));
      }
}

static void
test_gives_up (void)
{
  /* What JsonParser reads in its own way, or refuses: the fast reader must
   * leave all of it to JsonParser. */
  const char *texts[] = {
    "", " ", "[", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{a:1}", "{'a': 1}", "['a']",
    "[1, /* c */ 2]", "[1] // c", "var x = [1]", "[01]", "[1.]", "[.5]", "[+1]", "[-]", "[1e]", "[1e+]",
    "[1e400]", "[-1e400]", "[1234567890123456789]", "[9223372036854775808]", "[18446744073709551616]",
    "[\"\\ud83d\"]", "[\"\\ude00\"]", "[\"\\ud83d\\u0041\"]", "[\"a\\u0000b\"]", "[\"\\x41\"]", "[\"\\a\"]",
    "[\"\\u12\"]", "[\"\\u12g4\"]", "[\"tab\there\"]", "[\"nl\nhere\"]", "[\"open", "[\f1]", "[\v1]",
    "[1] x", "[1][2]", "[tru]", "[nul]", "[True]", "[NaN]", "[Infinity]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(FwJsonDoc) fast = fw_json_doc_read_strict (texts[i], strlen (texts[i]), 200);

      if (fast != NULL)
        g_error ("the fast reader accepted what it must leave to JsonParser: %s", texts[i]);
    }
}

static void
test_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(FwJsonDoc) ok = NULL;
  g_autoptr(FwJsonDoc) too_deep = NULL;

  for (guint i = 0; i < 50; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 50; i++)
    g_string_append_c (deep, ']');

  ok = fw_json_doc_read_strict (deep->str, deep->len, 50);
  too_deep = fw_json_doc_read_strict (deep->str, deep->len, 49);
  g_assert_nonnull (ok);
  g_assert_null (too_deep);
  g_assert_true (check_text (deep->str, deep->len));
}

/* Random documents */

static void
random_string (GRand   *rand,
               GString *out)
{
  static const char *pieces[] = {
    "a", "Z", " ", "ğ", "İ", "ı", "ع", "😀", "👩‍💻", "\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r",
    "\\u00e9", "\\u011F", "\\u0645", "\\ud83d\\ude00", "\\uD83C\\uDDF9", "\\u0001", "\\u001f", "\\u2028",
    "<", ">", "&", "'", "`", "**", "\x7f", "\xc2\xa0",
  };
  guint n = g_rand_int_range (rand, 0, 40);

  g_string_append_c (out, '"');
  for (guint i = 0; i < n; i++)
    g_string_append (out, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  g_string_append_c (out, '"');
}

static void
random_number (GRand   *rand,
               GString *out)
{
  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) g_rand_int (rand) - G_MAXINT32);
      break;
    case 1:
      {
        guint digits = g_rand_int_range (rand, 1, 19);

        if (g_rand_boolean (rand))
          g_string_append_c (out, '-');
        g_string_append_c (out, '1' + g_rand_int_range (rand, 0, 9));
        for (guint i = 1; i < digits; i++)
          g_string_append_c (out, '0' + g_rand_int_range (rand, 0, 10));
      }
      break;
    case 2:
      g_string_append_printf (out, "%.6f", 1.6e9 + g_rand_double (rand) * 1e8);
      break;
    case 3:
      g_string_append_printf (out, "%.17g", g_rand_double_range (rand, -1e6, 1e6));
      break;
    case 4:
      g_string_append_printf (out, "%d.%de%c%d", g_rand_int_range (rand, 0, 1000), g_rand_int_range (rand, 0, 100000),
                              "+-"[g_rand_int_range (rand, 0, 2)], g_rand_int_range (rand, 0, 300));
      break;
    default:
      g_string_append_printf (out, "%dE%d", g_rand_int_range (rand, 0, 100), g_rand_int_range (rand, -300, 300));
      break;
    }
}

static void
random_space (GRand   *rand,
              GString *out)
{
  static const char *spaces[] = { "", "", "", " ", "\n", "\t", "\r\n", "  " };

  g_string_append (out, spaces[g_rand_int_range (rand, 0, G_N_ELEMENTS (spaces))]);
}

static void
random_value (GRand   *rand,
              GString *out,
              guint    depth)
{
  guint kind = g_rand_int_range (rand, 0, depth > 6 ? 5 : 8);

  switch (kind)
    {
    case 0: random_string (rand, out); break;
    case 1: random_number (rand, out); break;
    case 2: g_string_append (out, "true"); break;
    case 3: g_string_append (out, "null"); break;
    case 4: g_string_append (out, "false"); break;
    case 5:
    case 6:
      {
        guint n = g_rand_int_range (rand, 0, 8);

        g_string_append_c (out, '{');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            random_space (rand, out);
            /* names in no particular order, sometimes repeated */
            if (g_rand_int_range (rand, 0, 4) == 0)
              g_string_append_printf (out, "\"r%u\"", g_rand_int_range (rand, 0, 3));
            else
              g_string_append_printf (out, "\"k%u_%u\"", g_rand_int_range (rand, 0, 1000), i);
            random_space (rand, out);
            g_string_append_c (out, ':');
            random_space (rand, out);
            random_value (rand, out, depth + 1);
            random_space (rand, out);
          }
        g_string_append_c (out, '}');
      }
      break;
    default:
      {
        guint n = g_rand_int_range (rand, 0, 8);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            random_space (rand, out);
            random_value (rand, out, depth + 1);
            random_space (rand, out);
          }
        g_string_append_c (out, ']');
      }
      break;
    }
}

static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  guint accepted = 0;

  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      random_value (rand, text, 0);
      accepted += check_text (text->str, text->len);
    }
  /* Random numbers may overflow (1e300 * ...), a few are left to JsonParser. */
  g_assert_cmpuint (accepted, >, 2700);
}

static void
test_fixtures (void)
{
  const char *dir = g_getenv ("FAREWELL_FIXTURES");
  const char *names[] = { "librechat-chatgpt-tree.json", "librechat-chatgpt-modern-export.json" };
  guint checked = 0;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no FAREWELL_FIXTURES");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *text = NULL;
      gsize len;

      if (!g_file_get_contents (path, &text, &len, NULL))
        continue;
      g_assert_true (check_text (text, len));
      checked++;
    }
  if (checked == 0)
    g_test_skip ("no fixture files");
}

static void
test_utf8 (void)
{
  static const char *pieces[] = {
    "a", "bcdefgh", "12345678", " ", "\n", "é", "ğ", "😀", "ع", "\xef\xbb\xbf",
    "\x80", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc3", "\xf0\x9f",
    "\xff", "\xfe",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint valid = 0, invalid = 0;

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 30);
      /* mostly valid text, sometimes one bad byte or a NUL */
      gboolean bad = g_rand_int_range (rand, 0, 3) == 0;
      const char *end_glib = NULL, *end_fast = NULL;
      gboolean ok_glib, ok_fast;

      for (guint k = 0; k < n; k++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, bad ? G_N_ELEMENTS (pieces) : 10)]);
      if (bad && g_rand_boolean (rand))
        g_string_append_len (text, "x\0y", 3);

      ok_glib = g_utf8_validate_len (text->str, text->len, &end_glib);
      ok_fast = fw_utf8_validate (text->str, text->len, &end_fast);
      g_assert_cmpint (ok_fast, ==, ok_glib);
      g_assert_true (end_fast == end_glib);
      if (ok_glib)
        valid++;
      else
        invalid++;
    }
  g_assert_cmpuint (valid, >, 1000);
  g_assert_cmpuint (invalid, >, 1000);
}

/* Word-at-a-time code goes wrong near multiples of 8 bytes and at the
 * end of a buffer: every length from 0 to 40, every position of the
 * special character. */

static void
reference_json_string (GString    *out,
                       const char *str)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) str; *p; p++)
    {
      if (*p == '"')
        g_string_append (out, "\\\"");
      else if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\r')
        g_string_append (out, "\\r");
      else if (*p == '\t')
        g_string_append (out, "\\t");
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
reference_html (GString    *out,
                const char *str,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    switch (str[i])
      {
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '&': g_string_append (out, "&amp;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\'': g_string_append (out, "&#39;"); break;
      case '\0': break;
      default: g_string_append_c (out, str[i]);
      }
}

static void
test_escapers (void)
{
  static const char specials[] = "\"\\\n\r\t\x01\x1f<>&'\xc3\xa9";

  for (guint len = 0; len <= 40; len++)
    for (guint at = 0; at <= len; at++)
      for (guint k = 0; k < sizeof specials - 1; k++)
        {
          g_autoptr(GString) text = g_string_new (NULL);
          g_autoptr(GString) fast = g_string_new (NULL);
          g_autoptr(GString) slow = g_string_new (NULL);
          /* heap copies of the exact length, so that valgrind and ASan see
           * any read past the end */
          g_autofree char *exact = NULL;

          for (guint i = 0; i < len; i++)
            g_string_append_c (text, i == at ? specials[k] : (char) ('a' + i % 26));
          exact = g_strndup (text->str, text->len);

          fw_append_json_string (fast, exact);
          reference_json_string (slow, exact);
          g_assert_cmpstr (fast->str, ==, slow->str);

          g_string_truncate (fast, 0);
          g_string_truncate (slow, 0);
          fw_append_html_escaped_len (fast, exact, text->len);
          reference_html (slow, exact, text->len);
          g_assert_cmpstr (fast->str, ==, slow->str);
        }
}

static void
test_markdown_runs (void)
{
  for (guint n = 1; n <= 40; n++)
    {
      g_autofree char *word = g_strnfill (n, 'a');
      struct { char *text; char *html; } cases[] = {
        { g_strdup_printf ("**%s**", word), g_strdup_printf ("<p><strong>%s</strong></p>\n", word) },
        { g_strdup_printf ("__%s__", word), g_strdup_printf ("<p><strong>%s</strong></p>\n", word) },
        { g_strdup_printf ("*%s*", word), g_strdup_printf ("<p><em>%s</em></p>\n", word) },
        { g_strdup_printf ("`%s`", word), g_strdup_printf ("<p><code>%s</code></p>\n", word) },
        { g_strdup_printf ("x **%s**.", word), g_strdup_printf ("<p>x <strong>%s</strong>.</p>\n", word) },
        { g_strdup_printf ("[%s](https://example.com/%s)", word, word),
          g_strdup_printf ("<p><a rel=\"noreferrer noopener\" href=\"https://example.com/%s\">%s</a></p>\n", word, word) },
        { g_strdup_printf ("%s<b>", word), g_strdup_printf ("<p>%s&lt;b&gt;</p>\n", word) },
      };

      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autoptr(GString) out = g_string_new (NULL);

          fw_markdown_append_html (out, cases[i].text);
          g_assert_cmpstr (out->str, ==, cases[i].html);
          g_free (cases[i].text);
          g_free (cases[i].html);
        }
    }
}

/* fw_sha256 gives GChecksum's digests, at every length around the block
 * size and its padding, fed in pieces of every size. */
static void
test_sha256 (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (256);
  g_autofree guchar *data = g_malloc (70000);

  for (gsize i = 0; i < 70000; i++)
    data[i] = g_rand_int (rand);

  for (gsize len = 0; len < 70000; len = len < 300 ? len + 1 : len * 3 + 7)
    {
      g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
      g_autoptr(FwSha256) whole = fw_sha256_new ();
      g_autoptr(FwSha256) pieces = fw_sha256_new ();
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      fw_sha256_update (whole, data, len);
      for (gsize at = 0; at < len;)
        {
          gsize piece = g_rand_int_range (rand, 0, 150);
          gsize n = MIN (len - at, piece);

          fw_sha256_update (pieces, data + at, n);
          at += n;
        }
      a = fw_sha256_finish (whole);
      b = fw_sha256_finish (pieces);
      g_assert_cmpstr (a, ==, expected);
      g_assert_cmpstr (b, ==, expected);
    }

  {
    g_autoptr(FwSha256) abc = fw_sha256_new ();
    g_autofree char *digest = NULL;

    fw_sha256_update (abc, (const guchar *) "abc", 3);
    digest = fw_sha256_finish (abc);
    g_assert_cmpstr (digest, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-reader/accepted", test_accepted);
  g_test_add_func ("/json-reader/repeated-names", test_repeated_names);
  g_test_add_func ("/json-reader/gives-up", test_gives_up);
  g_test_add_func ("/json-reader/depth", test_depth);
  g_test_add_func ("/json-reader/random", test_random);
  g_test_add_func ("/json-reader/fixtures", test_fixtures);
  g_test_add_func ("/json-reader/utf8", test_utf8);
  g_test_add_func ("/fast-paths/escapers", test_escapers);
  g_test_add_func ("/fast-paths/sha256", test_sha256);
  g_test_add_func ("/fast-paths/markdown-runs", test_markdown_runs);

  return g_test_run ();
}
