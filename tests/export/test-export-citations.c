/* test-export-citations.c — ChatGPT's citation markers resolved
 * (fw-citations.c): the Markdown of each reference type, the older
 * 【9†source】 form, markers with no references, hostile data; and every
 * export under tests/data/export (and in $FAREWELL_FIXTURES) converted,
 * with no private-use character or raw citation token in any .md or
 * .html of its archive. tests/data/export/citations holds one answer of
 * each shape (generated, no real person's text).
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "export-test-util.h"
#include "export/fw-citations.h"
#include "export/fw-json-doc.h"
#include "export/fw-markdown.h"

/* The markers, as they are in a message's text and in JSON. */
#define O "\uE200"
#define C "\uE201"
#define S "\uE202"
#define JO "\\ue200"
#define JC "\\ue201"
#define JS "\\ue202"

#define SOURCES "\n\n**Sources**\n\n"

/* @text resolved with @metadata (JSON, or NULL). */
static char *
resolve (const char *text,
         const char *metadata)
{
  g_autoptr(FwJsonDoc) doc = fw_json_doc_new ();
  g_autoptr(FwJsonDoc) meta_doc = NULL;
  const FwJson *meta = NULL;
  const char *out;
  gsize out_len = 0;

  if (metadata != NULL)
    {
      g_autoptr(JsonNode) node = et_parse_json (metadata, -1);

      meta_doc = fw_json_doc_new_from_node (node);
      meta = fw_json_doc_get_root (meta_doc);
    }
  out = fw_citations_resolve (doc, text, strlen (text), meta, &out_len);
  g_assert_cmpuint (out_len, ==, strlen (out));
  g_assert_true (g_utf8_validate (out, -1, NULL));
  return g_strdup (out);
}

static void
check (const char *text,
       const char *metadata,
       const char *expected)
{
  g_autofree char *out = resolve (text, metadata);

  g_assert_cmpstr (out, ==, expected);
}

/* What must never reach an archive's .md or .html: a private-use
 * character (U+E000–U+F8FF), a 【…†…】 token, a marker's words. Returns
 * what was found, or NULL. */
static char *
find_leftover (const char *text,
               gsize       len)
{
  static const char * const words[] = {
    "filecite", "citeturn", "entity[", "entity" S, "image_group{", "image_group" S, "navlist", "products{",
    "products" S, NULL
  };
  g_autoptr(GRegex) turn = g_regex_new ("turn[0-9]+(search|news|file|view|image|product|video|fetch)[0-9]+", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  const char *end = text + len;

  for (const char *p = text; p < end; p++)
    {
      guchar c = (guchar) *p;

      if (end - p >= 3 && (c == 0xEE || (c == 0xEF && (guchar) p[1] >= 0x80 && (guchar) p[1] <= 0xA3)))
        return g_strdup_printf ("U+%04X at byte %" G_GSIZE_FORMAT, g_utf8_get_char (p), (gsize) (p - text));
      if (end - p >= 3 && memcmp (p, "【", 3) == 0)
        {
          const char *close = g_strstr_len (p, MIN (end - p, 256), "】");
          const char *dagger = g_strstr_len (p, MIN (end - p, 256), "†");

          if (close != NULL && dagger != NULL && dagger < close)
            return g_strndup (p, close + 3 - p);
        }
    }
  for (guint i = 0; words[i] != NULL; i++)
    if (g_strstr_len (text, len, words[i]) != NULL)
      return g_strdup (words[i]);
  if (g_regex_match_full (turn, text, len, 0, 0, &match, NULL))
    return g_match_info_fetch (match, 0);
  return NULL;
}

/* Unit tests, one shape at a time */

static void
test_fast_path (void)
{
  const char *plain[] = {
    "Plain text, **bold**, `code`.",
    "全角の句読点，「引用」と（括弧）。",      /* EF BC xx, E3 80 xx, but no marker */
    "Emoji 😀 and ñ and ∑ and \uFFFD.",
  };
  g_autoptr(JsonNode) node = et_parse_json ("{\"content_references\":[], \"citations\":[], \"model_slug\":\"x\"}", -1);
  g_autoptr(FwJsonDoc) meta = fw_json_doc_new_from_node (node);
  g_autoptr(JsonNode) node2 = et_parse_json ("{\"content_references\":[{\"type\":\"hidden\"}]}", -1);
  g_autoptr(FwJsonDoc) meta2 = fw_json_doc_new_from_node (node2);

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    {
      g_assert_false (fw_citations_present (plain[i], strlen (plain[i]), NULL));
      g_assert_false (fw_citations_present (plain[i], strlen (plain[i]), fw_json_doc_get_root (meta)));
      g_assert_true (fw_citations_present (plain[i], strlen (plain[i]), fw_json_doc_get_root (meta2)));
      /* resolving changes nothing in them */
      check (plain[i], NULL, plain[i]) ;
    }
  g_assert_true (fw_citations_present ("a " O "cite" S "turn0search0" C, strlen ("a " O "cite" S "turn0search0" C), NULL));
  g_assert_true (fw_citations_present ("a \uE203b", strlen ("a \uE203b"), NULL));
  g_assert_true (fw_citations_present ("apple \uF8FF", strlen ("apple \uF8FF"), NULL));
  g_assert_true (fw_citations_present ("a【9†source】", strlen ("a【9†source】"), NULL));
}

static void
test_grouped_webpages (void)
{
  /* items and their supporting sites, numbered once each; ChatGPT's
   * utm_source dropped; the date of a page; a page cited twice keeps its
   * number */
  check ("Puffins nest in burrows. " O "cite" S "turn0search0" S "turn0search2" C "\nAgain. " O "cite" S "turn0search0" C,
         "{\"content_references\":["
         "{\"matched_text\":\"" JO "cite" JS "turn0search0" JS "turn0search2" JC "\",\"start_idx\":25,\"end_idx\":51,"
         "\"type\":\"grouped_webpages\",\"alt\":\"([Bird Atlas](https://birds.example.org/p?utm_source=chatgpt.com))\","
         "\"items\":[{\"title\":\"Atlantic puffin\",\"url\":\"https://birds.example.org/p?utm_source=chatgpt.com\","
         "\"pub_date\":1717200000.0,\"attribution\":\"Bird Atlas\",\"supporting_websites\":["
         "{\"title\":\"Colonies\",\"url\":\"https://sea.example.net/c?a=1&utm_source=chatgpt.com\",\"attribution\":\"sea.example.net\"}]}]},"
         "{\"matched_text\":\"" JO "cite" JS "turn0search0" JC "\",\"start_idx\":59,\"end_idx\":78,"
         "\"type\":\"grouped_webpages_model_predicted_fallback\",\"alt\":\"\","
         "\"items\":[{\"title\":\"Atlantic puffin\",\"url\":\"https://birds.example.org/p\",\"pub_date\":null}]}]}",
         "Puffins nest in burrows. [[1]](https://birds.example.org/p)[[2]](https://sea.example.net/c?a=1)\n"
         "Again. [[1]](https://birds.example.org/p)"
         SOURCES
         "1. [Atlantic puffin](https://birds.example.org/p) — Bird Atlas, 2024-06-01\n"
         "2. [Colonies](https://sea.example.net/c?a=1) — sea.example.net\n");

  /* v2: U+E206 where the group was shown; an empty group shows nothing */
  check ("Fish. \uE206 More.\uE206",
         "{\"content_references\":["
         "{\"matched_text\":\"\\ue206\",\"start_idx\":6,\"end_idx\":7,\"type\":\"grouped_webpages\",\"style\":\"v2\","
         "\"items\":[{\"title\":\"\",\"url\":\"https://news.example.com/eels\",\"attribution\":\"Example News\",\"pub_date\":\"2024-05-30T08:00:00Z\"}]},"
         "{\"matched_text\":\"\\ue206\",\"start_idx\":13,\"end_idx\":14,\"type\":\"grouped_webpages\",\"items\":[]}]}",
         "Fish. [[1]](https://news.example.com/eels) More."
         SOURCES
         "1. [Example News](https://news.example.com/eels) — 2024-05-30\n");
}

/* Shapes ChatGPT's own page reads too: grouped_webpages_v2, a
 * webpage_extended, a url reference holding its page as `item`, and a
 * group whose items are empty but whose fallback_items are not. */
static void
test_other_page_shapes (void)
{
  check ("Kelp grows fast. " O "cite" S "turn1search0" C " Otters eat urchins. " O "cite" S "turn1search1" C
         " Tides. " O "cite" S "turn1search2" C " Waves. " O "cite" S "turn1search3" C,
         "{\"content_references\":["
         "{\"matched_text\":\"" JO "cite" JS "turn1search0" JC "\",\"start_idx\":17,\"end_idx\":36,"
         "\"type\":\"grouped_webpages_v2\",\"items\":[{\"title\":\"Kelp forests\",\"url\":\"https://kelp.example.org/\","
         "\"attribution\":\"Kelp Lab\"}]},"
         "{\"matched_text\":\"" JO "cite" JS "turn1search1" JC "\",\"start_idx\":57,\"end_idx\":76,"
         "\"type\":\"webpage_extended\",\"title\":\"Sea otters\",\"url\":\"https://otters.example.net/diet\","
         "\"attribution\":\"Otter Trust\",\"snippet\":\"Urchins…\"},"
         "{\"matched_text\":\"" JO "cite" JS "turn1search2" JC "\",\"start_idx\":84,\"end_idx\":103,"
         "\"type\":\"url\",\"item\":{\"title\":\"Tide tables\",\"url\":\"https://tides.example.com/t\"}},"
         "{\"matched_text\":\"" JO "cite" JS "turn1search3" JC "\",\"start_idx\":111,\"end_idx\":130,"
         "\"type\":\"grouped_webpages\",\"items\":[],\"fallback_items\":[{\"title\":\"Waves\","
         "\"url\":\"https://waves.example.com/\"}]}]}",
         "Kelp grows fast. [[1]](https://kelp.example.org/) Otters eat urchins. [[2]](https://otters.example.net/diet)"
         " Tides. [[3]](https://tides.example.com/t) Waves. [[4]](https://waves.example.com/)"
         SOURCES
         "1. [Kelp forests](https://kelp.example.org/) — Kelp Lab\n"
         "2. [Sea otters](https://otters.example.net/diet) — Otter Trust\n"
         "3. [Tide tables](https://tides.example.com/t)\n"
         "4. [Waves](https://waves.example.com/)\n");
}

static void
test_webpage_hidden (void)
{
  /* hidden markers removed, an attribution's words kept as they are */
  check ("\uE203Tides follow the moon.\uE204 " O "cite" S "turn0news1" C,
         "{\"content_references\":["
         "{\"matched_text\":\"\\ue203\",\"start_idx\":0,\"end_idx\":1,\"type\":\"hidden\",\"alt\":null},"
         "{\"matched_text\":\"Tides follow the moon.\",\"start_idx\":1,\"end_idx\":23,\"type\":\"attribution\",\"alt\":\"Tides follow the moon.\"},"
         "{\"matched_text\":\"\\ue204\",\"start_idx\":23,\"end_idx\":24,\"type\":\"hidden\",\"alt\":null},"
         "{\"matched_text\":\"" JO "cite" JS "turn0news1" JC "\",\"start_idx\":25,\"end_idx\":42,\"type\":\"webpage\","
         "\"title\":\"Tides\",\"url\":\"http://sea.example.org/tides\",\"attribution\":\"Sea Facts\"}]}",
         "Tides follow the moon. [[1]](http://sea.example.org/tides)"
         SOURCES
         "1. [Tides](http://sea.example.org/tides) — Sea Facts\n");

  /* a hidden marker between words leaves one space */
  check ("Tides " O "cite" S "turn0search4" C " rise.",
         "{\"content_references\":[{\"matched_text\":\"" JO "cite" JS "turn0search4" JC "\",\"start_idx\":6,\"end_idx\":25,\"type\":\"hidden\"}]}",
         "Tides rise.");
}

static void
test_sources_footnote (void)
{
  /* the list at the end of an answer and pages it only navigated to: no
   * place in the text (their matched text is a space, or nothing), listed
   * after the cited ones; the space is not taken out of the text */
  check ("Short answer. " O "cite" S "turn0search0" C,
         "{\"content_references\":["
         "{\"matched_text\":\"\",\"start_idx\":0,\"end_idx\":1,\"type\":\"navigation\",\"domains\":["
         "{\"title\":\"Tours\",\"url\":\"https://tours.example.com/\",\"domain\":\"tours.example.com\"}]},"
         "{\"matched_text\":\"" JO "cite" JS "turn0search0" JC "\",\"start_idx\":14,\"end_idx\":33,\"type\":\"grouped_webpages\","
         "\"items\":[{\"title\":\"A\",\"url\":\"https://a.example.org/\"}]},"
         "{\"matched_text\":\" \",\"start_idx\":33,\"end_idx\":33,\"type\":\"sources_footnote\",\"sources\":["
         "{\"title\":\"A\",\"url\":\"https://a.example.org/\",\"attribution\":\"A site\"},"
         "{\"title\":\"B\",\"url\":\"https://b.example.org/x\"}]}]}",
         "Short answer. [[1]](https://a.example.org/)"
         SOURCES
         "1. [A](https://a.example.org/) — A site\n"
         "2. [Tours](https://tours.example.com/) — tours.example.com\n"
         "3. [B](https://b.example.org/x)\n");
}

static void
test_entity (void)
{
  /* by its reference's name, by its alt, or by the name in the marker */
  check ("Visit " O "entity" S "[\"place\",\"Lisbon\",\"capital\"]" C " and " O "entity" S "[\"place\",\"Porto\"]" C ".",
         "{\"content_references\":["
         "{\"matched_text\":\"" JO "entity" JS "[\\\"place\\\",\\\"Lisbon\\\",\\\"capital\\\"]" JC "\",\"start_idx\":6,\"end_idx\":39,"
         "\"type\":\"entity\",\"name\":\"Lisbon\"},"
         "{\"matched_text\":\"" JO "entity" JS "[\\\"place\\\",\\\"Porto\\\"]" JC "\",\"start_idx\":44,\"end_idx\":67,"
         "\"type\":\"entity\",\"alt\":\"Porto\"}]}",
         "Visit Lisbon and Porto.");
  check ("Ask " O "entity" S "[\"people\",\"Dr. Ada \\\"Vet\\\" Lee\",{\"x\":1}]" C " or " O "entity" S "Invincible" C ".",
         NULL,
         "Ask Dr. Ada \"Vet\" Lee or Invincible.");
  /* alt text: ChatGPT's words for an image */
  check ("See " O "i" S "turn0image1" C ".",
         "{\"content_references\":[{\"matched_text\":\"" JO "i" JS "turn0image1" JC "\",\"start_idx\":4,\"end_idx\":19,"
         "\"type\":\"alt_text\",\"alt\":\"a yellow tram\"}]}",
         "See a yellow tram.");
}

static void
test_media (void)
{
  /* images and videos as links to their pages, never as images */
  check (O "image_group" S "{\"query\":[\"tram\"]}" C "\n" O "i" S "turn0image2" C "\n" O "video" S "Ride" S "turn0video1" C
         "\n" O "i" S "turn0image9" C "End",
         "{\"content_references\":["
         "{\"matched_text\":\"" JO "image_group" JS "{\\\"query\\\":[\\\"tram\\\"]}" JC "\",\"start_idx\":0,\"end_idx\":32,"
         "\"type\":\"image_group\",\"images\":["
         "{\"title\":\"Tram 28\",\"url\":\"https://photos.example.org/28\",\"thumbnail_url\":\"https://img.example.org/28.jpg\"},"
         "{\"title\":\"Tower\",\"content_url\":\"https://img.example.org/tower.jpg\"}]},"
         "{\"matched_text\":\"" JO "i" JS "turn0image2" JC "\",\"start_idx\":33,\"end_idx\":48,\"type\":\"image_v2\","
         "\"images\":[{\"title\":\"Dusk\",\"url\":\"https://photos.example.org/dusk\"}]},"
         "{\"matched_text\":\"" JO "video" JS "Ride" JS "turn0video1" JC "\",\"start_idx\":49,\"end_idx\":73,\"type\":\"video\","
         "\"title\":\"Tram ride\",\"url\":\"https://video.example.com/v?id=1\",\"thumbnail_url\":\"https://img.example.com/v.jpg\"},"
         "{\"matched_text\":\"" JO "i" JS "turn0image9" JC "\",\"start_idx\":74,\"end_idx\":89,\"type\":\"optimistic_image_citation\"}]}",
         "[Tram 28](https://photos.example.org/28) · [Tower](https://img.example.org/tower.jpg)\n"
         "[Dusk](https://photos.example.org/dusk)\n"
         "[Tram ride](https://video.example.com/v?id=1)\n"
         "End");

  {
    g_autoptr(GString) html = g_string_new (NULL);
    g_autofree char *md = resolve ("x " O "i" S "turn0image2" C,
                                   "{\"content_references\":[{\"matched_text\":\"" JO "i" JS "turn0image2" JC "\","
                                   "\"start_idx\":2,\"end_idx\":17,\"type\":\"image_v2\",\"images\":["
                                   "{\"title\":\"Dusk\",\"url\":\"https://photos.example.org/dusk\",\"thumbnail_url\":\"https://img.example.org/d.jpg\"}]}]}");

    fw_markdown_append_html (html, md);
    g_assert_null (strstr (html->str, "<img"));
    g_assert_null (strstr (html->str, "img.example.org"));
    g_assert_nonnull (strstr (html->str, "<a rel=\"noreferrer noopener\" href=\"https://photos.example.org/dusk\">Dusk</a>"));
  }
}

static void
test_products (void)
{
  check ("Gifts: " O "products" S "{\"selections\":[[\"turn0product1\",\"Tiles\"]]}" C " or a "
         O "product_entity" S "[\"turn0product2\",\"Cork wallet\"]" C ".",
         "{\"content_references\":["
         "{\"matched_text\":\"" JO "products" JS "{\\\"selections\\\":[[\\\"turn0product1\\\",\\\"Tiles\\\"]]}" JC "\","
         "\"start_idx\":7,\"end_idx\":57,\"type\":\"products\",\"products\":["
         "{\"title\":\"Tile set\",\"url\":\"https://shop.example.com/tiles\",\"price\":\"$20\",\"image_urls\":[\"https://img.example.com/t.jpg\"]},"
         "{\"title\":\"Tile poster\"}]},"
         "{\"matched_text\":\"" JO "product_entity" JS "[\\\"turn0product2\\\",\\\"Cork wallet\\\"]" JC "\","
         "\"start_idx\":63,\"end_idx\":111,\"type\":\"product_entity\","
         "\"product\":{\"title\":\"Cork wallet\",\"url\":\"https://shop.example.com/cork\"}}]}",
         "Gifts: [Tile set](https://shop.example.com/tiles) · Tile poster or a [Cork wallet](https://shop.example.com/cork).");
}

static void
test_widgets (void)
{
  check ("Shares: " O "finance" S "EDP" C ". Budget: " O "calculator" S "3*7.5" C " euros. Cafés: "
         O "businesses_map" S "{}" C "\nNews: " O "navlist" S "News" S "turn0news3" C "\nWeather: " O "widget" S "{}" C
         "\nNothing: " O "gadget" S "{}" C,
         "{\"content_references\":["
         "{\"matched_text\":\"" JO "finance" JS "EDP" JC "\",\"start_idx\":8,\"end_idx\":22,\"type\":\"stock\","
         "\"ticker\":\"EDP\",\"alt\":\"EDP (Euronext Lisbon)\"},"
         "{\"matched_text\":\"" JO "calculator" JS "3*7.5" JC "\",\"start_idx\":32,\"end_idx\":50,\"type\":\"calculator\","
         "\"expression\":\"3*7.5\",\"result\":\"22.5\"},"
         "{\"matched_text\":\"" JO "businesses_map" JS "{}" JC "\",\"start_idx\":65,\"end_idx\":84,\"type\":\"businesses_map\","
         "\"businesses\":[{\"name\":\"Café Example\",\"url\":\"https://cafe.example.pt/\"},{\"name\":\"Pastry House\"}]},"
         "{\"matched_text\":\"" JO "navlist" JS "News" JS "turn0news3" JC "\",\"start_idx\":91,\"end_idx\":116,\"type\":\"nav_list\","
         "\"items\":[{\"title\":\"Fares rise\",\"url\":\"https://news.example.com/fares\",\"attribution\":\"Example News\"}]},"
         "{\"matched_text\":\"" JO "widget" JS "{}" JC "\",\"start_idx\":126,\"end_idx\":137,\"type\":\"future_widget\","
         "\"alt\":\"21 °C\"},"
         "{\"matched_text\":\"" JO "gadget" JS "{}" JC "\",\"start_idx\":147,\"end_idx\":158,\"type\":\"future_gadget\"}]}",
         "Shares: EDP (Euronext Lisbon). Budget: 3*7.5 = 22.5 euros. Cafés: [Café Example](https://cafe.example.pt/) · Pastry House\n"
         "News: [Fares rise](https://news.example.com/fares)\n"
         "Weather: 21 °C\n"
         "Nothing:");
}

static void
test_files (void)
{
  check ("Notes say April. " O "filecite" S "turn0file0" C "\nBoth agree. " O "filecite" S "turn0file1" S "turn0file2" C
         "\nFiles: " O "filenavlist" S "turn0file0" C,
         "{\"content_references\":["
         "{\"matched_text\":\"" JO "filecite" JS "turn0file0" JC "\",\"start_idx\":17,\"end_idx\":38,\"type\":\"file\","
         "\"name\":\"field-notes.pdf\",\"id\":\"file-Notes01\"},"
         "{\"matched_text\":\"" JO "filecite" JS "turn0file1" JS "turn0file2" JC "\",\"start_idx\":51,\"end_idx\":83,\"type\":\"file\","
         "\"name\":\"survey [2024].xlsx\",\"id\":\"file-Survey02\"},"
         "{\"matched_text\":\"" JO "filenavlist" JS "turn0file0" JC "\",\"start_idx\":91,\"end_idx\":115,\"type\":\"file_navlist\","
         "\"items\":[{\"name\":\"field-notes.pdf\"},{\"name\":\"plan.docx\"}]}]}",
         "Notes say April. (field-notes.pdf)\nBoth agree. (survey (2024).xlsx)\nFiles: field-notes.pdf · plan.docx");
}

static void
test_old_form (void)
{
  /* by start_ix/end_ix; by the token's number (cited_message_idx) when
   * the indices are off; a file named by the token; an unnamed token
   * removed; a 【…】 without † is the answer's own text */
  check ("Bees dance【9†source】. The run points at the sun【11†(Bee Journal)】. "
         "See 【4:0†hive-notes.pdf】 and 【3†source】. The sign 【注意】 stays.\n"
         "# 【0†The waggle dance†bees.example.org】 【7†notes.txt†L1-L9】",
         "{\"citations\":["
         "{\"start_ix\":10,\"end_ix\":20,\"citation_format_type\":\"tether_og\",\"metadata\":{\"type\":\"webpage\","
         "\"title\":\"Waggle dance\",\"url\":\"https://bees.example.org/waggle\",\"text\":\"…\",\"extra\":{\"cited_message_idx\":9}}},"
         "{\"start_ix\":3,\"end_ix\":7,\"metadata\":{\"title\":\"Orientation\",\"url\":\"https://journal.example.org/o\","
         "\"extra\":{\"cited_message_idx\":11,\"evidence_text\":\"source\"}}}]}",
         "Bees dance[[1]](https://bees.example.org/waggle). The run points at the sun[[2]](https://journal.example.org/o). "
         "See (hive-notes.pdf) and. The sign 【注意】 stays.\n"
         "# (The waggle dance — bees.example.org) (notes.txt)"
         SOURCES
         "1. [Waggle dance](https://bees.example.org/waggle)\n"
         "2. [Orientation](https://journal.example.org/o)\n");
}

static void
test_no_references (void)
{
  /* every marker reduced to its visible text, with no metadata at all */
  check ("Cats sleep. " O "cite" S "turn0search1" C " Ask " O "url" S "the clinic" S "https://clinic.example.org/" C ".\n"
         O "navlist" S "Cat news" S "turn0news1,turn0news2" C "\n" O "image_group" S "{\"query\":[\"cat\"]}" C "\n"
         "\uE203Naps are short.\uE204 Icons \uF8FF\uE0B0 here. Cut " O "cite" S "turn0search9",
         NULL,
         "Cats sleep. Ask [the clinic](https://clinic.example.org/).\n\n\nNaps are short. Icons  here. Cut");
  /* a url marker whose address is not a web page: its label only */
  check ("See " O "url" S "x" S "javascript:alert(1)" C ".", NULL, "See x.");
}

static void
test_indices (void)
{
  /* start_idx counted in UTF-16 (the emoji is two units) or just wrong:
   * found by its text; the same marker twice, with a reference each */
  check ("😀 A. " O "cite" S "turn0search0" C " B. " O "cite" S "turn0search0" C,
         "{\"content_references\":["
         "{\"matched_text\":\"" JO "cite" JS "turn0search0" JC "\",\"start_idx\":6,\"end_idx\":25,\"type\":\"webpage\","
         "\"title\":\"One\",\"url\":\"https://one.example.org/\"},"
         "{\"matched_text\":\"" JO "cite" JS "turn0search0" JC "\",\"start_idx\":999,\"end_idx\":1018,\"type\":\"webpage\","
         "\"title\":\"Two\",\"url\":\"https://two.example.org/\"}]}",
         "😀 A. [[1]](https://one.example.org/) B. [[2]](https://two.example.org/)"
         SOURCES
         "1. [One](https://one.example.org/)\n"
         "2. [Two](https://two.example.org/)\n");

  /* a reference whose text is plain words (not a marker) never replaces
   * them, and one whose marker is not in the text is only listed */
  check ("Plain words stay. " O "cite" S "x" C,
         "{\"content_references\":["
         "{\"matched_text\":\"words\",\"start_idx\":6,\"end_idx\":11,\"type\":\"webpage\",\"title\":\"W\",\"url\":\"https://w.example.org/\"},"
         "{\"matched_text\":\"" JO "cite" JS "elsewhere" JC "\",\"start_idx\":0,\"end_idx\":5,\"type\":\"webpage\","
         "\"title\":\"E\",\"url\":\"https://e.example.org/\"}]}",
         "Plain words stay."
         SOURCES
         "1. [W](https://w.example.org/)\n"
         "2. [E](https://e.example.org/)\n");
}

static void
test_hostile (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *md = NULL;
  g_autofree char *out = NULL;
  gint64 start;

  /* a title that tries to end the link, an address with ) and quotes, an
   * address that is not a web page */
  md = resolve ("x " O "cite" S "a" C O "cite" S "b" C,
                "{\"content_references\":["
                "{\"matched_text\":\"" JO "cite" JS "a" JC "\",\"start_idx\":2,\"end_idx\":10,\"type\":\"webpage\","
                "\"title\":\"T](javascript:alert(1)) <script>\",\"url\":\"https://a.example.org/x)\\\"<y>\"},"
                "{\"matched_text\":\"" JO "cite" JS "b" JC "\",\"start_idx\":10,\"end_idx\":18,\"type\":\"webpage\","
                "\"title\":\"B\",\"url\":\"javascript:alert(2)\"}]}");
  g_assert_cmpstr (md, ==,
                   "x [[1]](https://a.example.org/x%29%22%3Cy%3E)"
                   SOURCES
                   "1. [T)(javascript:alert(1)) <script>](https://a.example.org/x%29%22%3Cy%3E)\n");
  fw_markdown_append_html (html, md);
  g_assert_null (strstr (html->str, "<script"));
  g_assert_null (strstr (html->str, "href=\"javascript"));
  g_assert_nonnull (strstr (html->str, "href=\"https://a.example.org/x%29%22%3Cy%3E\">[1]</a>"));

  /* unclosed markers and tokens by the ten thousand: linear */
  for (guint i = 0; i < 40000; i++)
    g_string_append (text, O "cite" S "turn0search1 【1†" O);
  start = g_get_monotonic_time ();
  out = resolve (text->str, NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_null (find_leftover (out, strlen (out)));
}

/* Every export under tests/data/export */

static gboolean
is_export_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_equal (name, "conversations.json") ||
        (g_str_has_prefix (name, "conversations-") && g_str_has_suffix (name, ".json")))
      return TRUE;
  return FALSE;
}

/* The exports in @dir: folders holding a conversations file, zips, and,
 * when @json, conversations files on their own. */
static void
add_exports (GPtrArray  *paths,
             const char *dir,
             gboolean    json)
{
  g_autoptr(GDir) d = dir ? g_dir_open (dir, 0, NULL) : NULL;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if ((g_file_test (path, G_FILE_TEST_IS_DIR) && is_export_dir (path)) ||
          g_str_has_suffix (name, ".zip") || (json && g_str_has_suffix (name, ".json")))
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }
}

static void
check_archive (const char *out)
{
  g_autoptr(GPtrArray) files = et_list_tree (out);
  guint checked = 0;

  for (guint i = 0; i < files->len; i++)
    {
      const char *rel = g_ptr_array_index (files, i);
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autofree char *leftover = NULL;
      gsize len;

      if (!g_str_has_suffix (rel, ".md") && !g_str_has_suffix (rel, ".html"))
        continue;
      path = g_build_filename (out, rel, NULL);
      text = et_read (path, &len);
      leftover = find_leftover (text, len);
      if (leftover != NULL)
        g_error ("%s: %s", rel, leftover);
      /* the archive fetches no remote image */
      g_assert_null (strstr (text, "<img src=\"http"));
      g_assert_null (strstr (text, "src=\"//"));
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}

static void
test_every_export (void)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  gboolean citations_seen = FALSE;

  add_exports (paths, et_data_dir (), FALSE);
  add_exports (paths, g_getenv ("FAREWELL_FIXTURES"), TRUE);
  /* small and citations at least */
  g_assert_cmpuint (paths->len, >=, 2);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *tmp = et_make_tmp ();
      g_autofree char *out = g_build_filename (tmp, "archive", NULL);
      g_autoptr(GFile) source = g_file_new_for_path (path);
      g_autoptr(GFile) output = g_file_new_for_path (out);
      g_autoptr(FwExportSummary) summary = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("export: %s", path);
      summary = fw_export_convert_sync (source, output, FW_ARCHIVE_FORMAT_ALL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      check_archive (out);
      citations_seen |= g_str_has_suffix (path, G_DIR_SEPARATOR_S "citations");
      et_rm_rf (tmp);
    }
  g_assert_true (citations_seen);
}

/* The citations sample through the command line: what its answers say. */
static void
test_cli (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "archive", NULL);
  g_autofree char *source = g_build_filename (et_data_dir (), "citations", NULL);
  g_autofree char *conversations = g_build_filename (out, "conversations", NULL);
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  static const struct {
    const char *stem;
    const char *md;
    const char *html;
  } expected[] = {
    { "2025-01-01-where-do-puffins-nest-c17a0001",
      "Puffins nest in burrows on cliffs. [[1]](https://birds.example.org/puffin)[[2]](https://sea.example.net/colonies)\n",
      "<li><a rel=\"noreferrer noopener\" href=\"https://birds.example.org/puffin\">Atlantic puffin</a> — Bird Atlas, 2024-06-01</li>" },
    { "2025-01-02-a-spring-weekend-in-lisbon-c17a0002",
      "Visit Lisbon in spring.\n",
      "<a rel=\"noreferrer noopener\" href=\"https://photos.example.org/tram28\">Tram 28</a>" },
    { "2025-01-03-what-my-field-notes-say-c17a0003",
      "The notes say puffins return in April. (field-notes.pdf)\n",
      "Both files agree. (survey (2024).xlsx)" },
    { "2023-10-01-why-do-bees-dance-c17a0004",
      "Honeybees dance to share where food is[[1]](https://bees.example.org/waggle).",
      "<a rel=\"noreferrer noopener\" href=\"https://bees.example.org/waggle\">[1]</a>" },
    { "2025-01-04-cat-naps-c17a0005",
      "Cats sleep a lot. Ask Dr. Ada \"Vet\" Lee or see [the clinic](https://clinic.example.org/).\n",
      "Naps last minutes." },
  };

  g_assert_cmpint (et_run_cli (&stdout_text, &stderr_text, "--convert", source, "--output", out, NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *md_name = g_strconcat (expected[i].stem, ".md", NULL);
      g_autofree char *html_name = g_strconcat (expected[i].stem, ".html", NULL);
      g_autofree char *json_name = g_strconcat (expected[i].stem, ".json", NULL);
      g_autofree char *md_path = g_build_filename (conversations, md_name, NULL);
      g_autofree char *html_path = g_build_filename (conversations, html_name, NULL);
      g_autofree char *json_path = g_build_filename (conversations, json_name, NULL);
      g_autofree char *md = et_read (md_path, NULL);
      g_autofree char *html = et_read (html_path, NULL);
      g_autoptr(JsonNode) json = et_parse_json_file (json_path);
      JsonArray *messages = json_object_get_array_member (json_node_get_object (json), "messages");
      const char *content = json_object_get_string_member (json_array_get_object_element (messages, 1), "content");
      JsonObject *raw = json_object_get_object_member (
        json_array_get_object_element (json_object_get_array_member (json_node_get_object (json), "nodes"), 2), "raw");

      if (strstr (md, expected[i].md) == NULL)
        g_error ("%s lacks %s:\n%s", md_name, expected[i].md, md);
      if (strstr (html, expected[i].html) == NULL)
        g_error ("%s lacks %s", html_name, expected[i].html);
      /* the normalized JSON: the resolved text, the references as data */
      g_assert_nonnull (strstr (md, content));
      g_assert_null (find_leftover (content, strlen (content)));
      g_assert_true (json_object_has_member (json_object_get_object_member (raw, "metadata"), "content_references") ||
                     json_object_has_member (json_object_get_object_member (raw, "metadata"), "citations") ||
                     g_str_has_suffix (expected[i].stem, "c17a0005"));
    }
  et_rm_rf (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/citations/fast-path", test_fast_path);
  g_test_add_func ("/citations/grouped-webpages", test_grouped_webpages);
  g_test_add_func ("/citations/other-page-shapes", test_other_page_shapes);
  g_test_add_func ("/citations/webpage-hidden", test_webpage_hidden);
  g_test_add_func ("/citations/sources-footnote", test_sources_footnote);
  g_test_add_func ("/citations/entity", test_entity);
  g_test_add_func ("/citations/media", test_media);
  g_test_add_func ("/citations/products", test_products);
  g_test_add_func ("/citations/widgets", test_widgets);
  g_test_add_func ("/citations/files", test_files);
  g_test_add_func ("/citations/old-form", test_old_form);
  g_test_add_func ("/citations/no-references", test_no_references);
  g_test_add_func ("/citations/indices", test_indices);
  g_test_add_func ("/citations/hostile", test_hostile);
  g_test_add_func ("/citations/every-export", test_every_export);
  g_test_add_func ("/citations/cli", test_cli);

  return g_test_run ();
}
