/* test-export-comfort.c — what makes the archive's conversation pages
 * comfortable to read: LaTeX math as MathML (fw-math.c), exact for the
 * formulas answers use and safe for hostile ones; the dollar rules of the
 * Markdown renderer; \( \) and \[ \] written as $ and $$ in Markdown; the
 * YAML front matter (parsed by a YAML parser); the time after a long
 * pause and the model where it changes; and tests/data/export/comfort
 * converted as a whole.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "export-test-util.h"
#include "export/fw-conversation.h"
#include "export/fw-front-matter.h"
#include "export/fw-markdown.h"
#include "export/fw-math.h"

/* MathML */

static char *
mathml (const char *tex,
        gboolean    display)
{
  GString *out = g_string_new (NULL);

  fw_math_append_mathml (out, tex, strlen (tex), display);
  return g_string_free (out, FALSE);
}

/* The MathML of @tex without the <math> wrapper and the annotation. */
static char *
mathml_body (const char *tex)
{
  g_autofree char *all = mathml (tex, FALSE);
  const char *start = all + strlen ("<math><semantics>");
  const char *end = strstr (all, "<annotation");

  g_assert_true (g_str_has_prefix (all, "<math><semantics>"));
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static void
test_mathml_exact (void)
{
  static const struct {
    const char *tex;
    const char *mathml;
  } cases[] = {
    { "\\frac{a}{b}", "<mrow><mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac></mrow>" },
    { "x^2_i", "<mrow><msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup></mrow>" },
    { "x_{i}^{2}", "<mrow><msubsup><mi>x</mi><mrow><mi>i</mi></mrow><mrow><mn>2</mn></mrow></msubsup></mrow>" },
    { "\\sqrt{2}", "<mrow><msqrt><mrow><mn>2</mn></mrow></msqrt></mrow>" },
    { "\\sqrt[3]{x+1}",
      "<mrow><mroot><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow><mrow><mn>3</mn></mrow></mroot></mrow>" },
    { "\\alpha + \\Gamma", "<mrow><mi>α</mi><mo>+</mo><mi mathvariant=\"normal\">Γ</mi></mrow>" },
    { "\\sum_{i=1}^{n} i^2",
      "<mrow><msubsup><mo largeop=\"true\" movablelimits=\"false\">∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow>"
      "<mrow><mi>n</mi></mrow></msubsup><msup><mi>i</mi><mn>2</mn></msup></mrow>" },
    { "\\int_0^\\infty e^{-x}\\,dx",
      "<mrow><msubsup><mo largeop=\"true\">∫</mo><mn>0</mn><mi>∞</mi></msubsup><msup><mi>e</mi><mrow><mo>−</mo><mi>x</mi></mrow></msup>"
      "<mspace width=\"0.1667em\"></mspace><mi>d</mi><mi>x</mi></mrow>" },
    { "\\lim_{x \\to 0} \\frac{\\sin x}{x} = 1",
      "<mrow><msub><mi>lim</mi><mrow><mi>x</mi><mo>→</mo><mn>0</mn></mrow></msub><mfrac><mrow><mi>sin</mi><mi>x</mi></mrow>"
      "<mrow><mi>x</mi></mrow></mfrac><mo>=</mo><mn>1</mn></mrow>" },
    { "\\left( \\frac{1}{2} \\right)",
      "<mrow><mrow><mo fence=\"true\">(</mo><mrow><mfrac><mrow><mn>1</mn></mrow><mrow><mn>2</mn></mrow></mfrac></mrow>"
      "<mo fence=\"true\">)</mo></mrow></mrow>" },
    { "\\left[ x \\right.", "<mrow><mrow><mo fence=\"true\">[</mo><mrow><mi>x</mi></mrow></mrow></mrow>" },
    { "a \\cdot b \\times c \\pm d \\leq e \\geq f \\neq g \\approx h",
      "<mrow><mi>a</mi><mo>⋅</mo><mi>b</mi><mo>×</mo><mi>c</mi><mo>±</mo><mi>d</mi><mo>≤</mo><mi>e</mi><mo>≥</mo>"
      "<mi>f</mi><mo>≠</mo><mi>g</mi><mo>≈</mo><mi>h</mi></mrow>" },
    { "\\partial f \\to \\nabla \\infty \\rightarrow",
      "<mrow><mi>∂</mi><mi>f</mi><mo>→</mo><mi>∇</mi><mi>∞</mi><mo>→</mo></mrow>" },
    { "\\text{if } x > 0", "<mrow><mtext>if </mtext><mi>x</mi><mo>&gt;</mo><mn>0</mn></mrow>" },
    { "\\mathrm{d}x", "<mrow><mrow><mi mathvariant=\"normal\">d</mi></mrow><mi>x</mi></mrow>" },
    { "\\mathbf{F} = m\\mathbf{a}", "<mrow><mrow><mi>𝐅</mi></mrow><mo>=</mo><mi>m</mi><mrow><mi>𝐚</mi></mrow></mrow>" },
    { "\\mathbb{R}^n", "<mrow><msup><mrow><mi>ℝ</mi></mrow><mi>n</mi></msup></mrow>" },
    { "\\mathbb{E}", "<mrow><mrow><mi>𝔼</mi></mrow></mrow>" },
    { "\\hat{x} \\bar{y} \\vec{v}",
      "<mrow><mover accent=\"true\"><mrow><mi>x</mi></mrow><mo stretchy=\"true\">^</mo></mover>"
      "<mover accent=\"true\"><mrow><mi>y</mi></mrow><mo stretchy=\"true\">¯</mo></mover>"
      "<mover accent=\"true\"><mrow><mi>v</mi></mrow><mo stretchy=\"true\">→</mo></mover></mrow>" },
    { "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}",
      "<mrow><mrow><mo fence=\"true\">(</mo><mtable><mtr><mtd><mrow><mn>1</mn></mrow></mtd><mtd><mrow><mn>2</mn></mrow></mtd></mtr>"
      "<mtr><mtd><mrow><mn>3</mn></mrow></mtd><mtd><mrow><mn>4</mn></mrow></mtd></mtr></mtable><mo fence=\"true\">)</mo></mrow></mrow>" },
    { "\\begin{bmatrix} a \\end{bmatrix}",
      "<mrow><mrow><mo fence=\"true\">[</mo><mtable><mtr><mtd><mrow><mi>a</mi></mrow></mtd></mtr></mtable><mo fence=\"true\">]</mo></mrow></mrow>" },
    { "\\begin{matrix} a & b \\end{matrix}",
      "<mrow><mrow><mtable><mtr><mtd><mrow><mi>a</mi></mrow></mtd><mtd><mrow><mi>b</mi></mrow></mtd></mtr></mtable></mrow></mrow>" },
    { "f(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}",
      "<mrow><mi>f</mi><mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo><mo>=</mo><mrow><mo fence=\"true\">{</mo><mtable columnalign=\"left left\">"
      "<mtr><mtd><mrow><mn>1</mn></mrow></mtd><mtd><mrow><mi>x</mi><mo>&gt;</mo><mn>0</mn></mrow></mtd></mtr>"
      "<mtr><mtd><mrow><mn>0</mn></mrow></mtd><mtd><mrow><mtext>otherwise</mtext></mrow></mtd></mtr></mtable></mrow></mrow>" },
    { "\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}",
      "<mrow><mrow><mtable columnalign=\"right left right left\"><mtr><mtd><mrow><mi>a</mi></mrow></mtd><mtd><mrow><mo>=</mo><mi>b</mi></mrow></mtd></mtr>"
      "<mtr><mtd><mrow><mi>c</mi></mrow></mtd><mtd><mrow><mo>=</mo><mi>d</mi></mrow></mtd></mtr></mtable></mrow></mrow>" },
    { "a\\quad b", "<mrow><mi>a</mi><mspace width=\"1em\"></mspace><mi>b</mi></mrow>" },
    { "3.14", "<mrow><mn>3.14</mn></mrow>" },
    { "\\{1,2\\}", "<mrow><mo stretchy=\"false\">{</mo><mn>1</mn><mo>,</mo><mn>2</mn><mo stretchy=\"false\">}</mo></mrow>" },
    { "\\binom{n}{k}",
      "<mrow><mrow><mo fence=\"true\">(</mo><mfrac linethickness=\"0\"><mrow><mi>n</mi></mrow><mrow><mi>k</mi></mrow></mfrac>"
      "<mo fence=\"true\">)</mo></mrow></mrow>" },
    { "\\boxed{x = 2}", "<mrow><mrow class=\"boxed\"><mrow><mi>x</mi><mo>=</mo><mn>2</mn></mrow></mrow></mrow>" },
    { "a \\equiv b \\pmod{n}",
      "<mrow><mi>a</mi><mo>≡</mo><mi>b</mi><mrow><mo stretchy=\"false\">(</mo><mi>mod</mi><mspace width=\"0.3333em\"></mspace><mrow><mi>n</mi></mrow>"
      "<mo stretchy=\"false\">)</mo></mrow></mrow>" },
    { "\\overset{!}{=}", "<mrow><mover><mrow><mo>=</mo></mrow><mrow><mo>!</mo></mrow></mover></mrow>" },
    { "A \\xrightarrow{f} B",
      "<mrow><mi>A</mi><mover><mo stretchy=\"true\">→</mo><mrow><mi>f</mi></mrow></mover><mi>B</mi></mrow>" },
    { "\\begin{aligned} a \\\\[2pt] b \\end{aligned}",
      "<mrow><mrow><mtable columnalign=\"right left right left\"><mtr><mtd><mrow><mi>a</mi></mrow></mtd></mtr>"
      "<mtr><mtd><mrow><mi>b</mi></mrow></mtd></mtr></mtable></mrow></mrow>" },
    { "\\mathcal{L} + \\mathfrak{g}", "<mrow><mrow><mi>ℒ</mi></mrow><mo>+</mo><mrow><mi>𝔤</mi></mrow></mrow>" },
    /* two lines without an environment: a table of one column */
    { "a \\\\ b", "<mtable><mtr><mtd><mrow><mi>a</mi></mrow></mtd></mtr><mtr><mtd><mrow><mi>b</mi></mrow></mtd></mtr></mtable>" },
    /* what it does not know: the source, as text */
    { "\\foo{x}", "<mrow><mtext>\\foo</mtext><mrow><mi>x</mi></mrow></mrow>" },
    { "\\begin{foo} x \\end{foo}", "<mrow><mtext>\\begin{foo}</mtext><mi>x</mi><mtext>\\end{foo}</mtext></mrow>" },
    { "\\right)", "<mrow><mtext>\\right</mtext><mo stretchy=\"false\">)</mo></mrow>" },
    { "}}", "<mrow><mtext>}</mtext><mtext>}</mtext></mrow>" },
    { "x^", "<mrow><msup><mi>x</mi><mrow></mrow></msup></mrow>" },
    { "\\", "<mrow><mtext>\\</mtext></mrow>" },
    { "", "<mrow></mrow>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = mathml_body (cases[i].tex);

      if (g_strcmp0 (got, cases[i].mathml) != 0)
        g_error ("%s:\n got      %s\n expected %s", cases[i].tex, got, cases[i].mathml);
    }
}

static void
test_mathml_wrapper (void)
{
  g_autofree char *inline_math = mathml ("a<b", FALSE);
  g_autofree char *display = mathml ("\\sum_{k} x^k", TRUE);

  g_assert_cmpstr (inline_math, ==,
                   "<math><semantics><mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow>"
                   "<annotation encoding=\"application/x-tex\">a&lt;b</annotation></semantics></math>");
  /* in display math, big operators take their limits under and over */
  g_assert_true (g_str_has_prefix (display, "<math display=\"block\"><semantics><mrow><munderover>") ||
                 g_str_has_prefix (display, "<math display=\"block\"><semantics><mrow><munder>"));
  g_assert_nonnull (strstr (display, "<munder><mo largeop=\"true\" movablelimits=\"false\">∑</mo><mrow><mi>k</mi></mrow></munder>"));
}

/* Well-formed XML (GMarkup reads it), valid UTF-8, no element but
 * MathML's. */
static void
start_element (GMarkupParseContext  *context,
               const char           *name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  static const char * const allowed[] = {
    "math", "semantics", "annotation", "mrow", "mi", "mo", "mn", "mtext", "mspace", "mfrac", "msqrt", "mroot",
    "msub", "msup", "msubsup", "munder", "mover", "munderover", "mtable", "mtr", "mtd", NULL
  };
  guint *depth = user_data;

  if (!g_strv_contains (allowed, name))
    g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_UNKNOWN_ELEMENT, "element %s", name);
  for (guint i = 0; attribute_names[i]; i++)
    if (g_str_has_prefix (attribute_names[i], "on") || strcmp (attribute_names[i], "href") == 0)
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_UNKNOWN_ATTRIBUTE, "attribute %s", attribute_names[i]);
  (*depth)++;
}

static void
check_well_formed (const char *xml)
{
  static const GMarkupParser parser = { start_element, NULL, NULL, NULL, NULL };
  guint elements = 0;
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &elements, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_utf8_validate (xml, -1, NULL));
  if (!g_markup_parse_context_parse (context, xml, -1, &error) ||
      !g_markup_parse_context_end_parse (context, &error))
    g_error ("not well formed (%s): %.300s", error->message, xml);
  g_assert_cmpuint (elements, >, 0);
}

static void
test_mathml_hostile (void)
{
  static const char * const hostile[] = {
    "<script>alert(1)</script>", "</math><img src=x onerror=alert(1)>", "\\text{</mtext><script>x</script>}",
    "\\begin{<b>}", "\\end{pmatrix}", "\\left", "\\right", "\\left( x", "x \\right)", "\\sqrt[", "\\sqrt[3",
    "\\frac", "\\frac{", "\\frac}{", "^^__", "_", "{", "}", "&&&", "\\\\\\\\", "\\begin{pmatrix", "\\begin{array}{cc",
    "\\mathbb", "\\text{", "\\text{{}", "\\hat", "\\left\\", "\\big", "\\operatorname", "a'\"&<>", "\x01\x02",
    "\\begin{cases} a & b \\\\ c", "\\begin{aligned} \\left( \\end{aligned} \\right)", "é\\ü{ñ}", "\\\xc3\xa9",
  };
  const gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    for (int display = 0; display < 2; display++)
      {
        g_autofree char *out = mathml (hostile[i], display);

        check_well_formed (out);
        g_assert_null (strstr (out, "<script"));
        g_assert_null (strstr (out, "<img"));
        g_assert_null (strstr (out, "<b>"));
      }

  /* Deep nesting and long runs: bounded depth, linear time. */
  {
    static const char * const units[] = { "{", "}", "\\frac", "\\sqrt[", "\\left(", "x^", "^", "\\begin{pmatrix}",
                                          "\\hat", "\\mathbf{", "\\right)", "\\\\", "&", "\\text{", "\\sqrt" };

    for (guint u = 0; u < G_N_ELEMENTS (units); u++)
      {
        g_autoptr(GString) tex = g_string_new (NULL);
        g_autofree char *out = NULL;

        while (tex->len < 200000)
          g_string_append (tex, units[u]);
        out = mathml (tex->str, TRUE);
        check_well_formed (out);
      }
  }
  /* 15 × 200 KB of nesting: well under the test's timeout when linear */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);

  /* Random token soup. */
  {
    static const char * const tokens[] = {
      "{", "}", "\\frac", "\\sqrt", "[", "]", "^", "_", "&", "\\\\", "\\left(", "\\right)", "\\left.", "\\right|",
      "\\begin{pmatrix}", "\\end{pmatrix}", "\\begin{cases}", "\\end{cases}", "\\begin{aligned}", "\\end{aligned}",
      "\\text{", "\\mathbb{", "\\sum", "\\int", "\\limits", "x", "2", " ", "<", ">", "'", "\"", "\\alpha", "\\foo",
      "\\", "\\hat", "\\operatorname{", "é", "\\,", "\\end{", "\\begin{",
    };
    g_autoptr(GRand) rand = g_rand_new_with_seed (7);

    for (guint round = 0; round < 3000; round++)
      {
        g_autoptr(GString) tex = g_string_new (NULL);
        g_autofree char *out = NULL;
        guint n = g_rand_int_range (rand, 1, 40);

        for (guint k = 0; k < n; k++)
          g_string_append (tex, tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))]);
        out = mathml (tex->str, g_rand_boolean (rand));
        check_well_formed (out);
      }
  }
}

/* The Markdown renderer's math */

static char *
markdown_html (const char *text)
{
  GString *out = g_string_new (NULL);

  fw_markdown_append_html (out, text);
  return g_string_free (out, FALSE);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

static void
test_markdown_dollars (void)
{
  static const struct {
    const char *text;
    guint       inline_math;
    guint       display_math;
  } cases[] = {
    { "It costs $5 and $10.", 0, 0 },
    { "From $5 to $10 and $20.", 0, 0 },
    { "$x$", 1, 0 },
    { "Let $x = 1$ and $y = 2$.", 2, 0 },
    { "$ x $ is not math, nor is $x $.", 0, 0 },
    { "\\$5 and \\$6", 0, 0 },
    { "a $b$1 c", 0, 0 },                          /* a closer before a digit closes nothing */
    { "\\(x\\) and \\(y\\)", 2, 0 },
    { "\\( x", 0, 0 },
    { "\\[x\\] inline", 0, 1 },
    { "$$a$$ and $$b$$", 0, 2 },
    { "$$\nx\n$$", 0, 1 },
    { "\\[\n\\frac{a}{b}\n\\]", 0, 1 },
    { "$$\n\nx\n$$", 0, 0 },                       /* a blank line ends the search */
    { "`$x$` and `\\(y\\)`", 0, 0 },
    { "```\n$x$\n\\[y\\]\n```", 0, 0 },
    { "**$x$** and *\\(y\\)*", 2, 0 },
    { "| $a$ | b |\n|---|---|\n| $c$ | \\(d\\) |", 3, 0 },
    { "- $a$\n- \\(b\\)", 2, 0 },
    { "# Title $t$", 1, 0 },
    { "> $q$", 1, 0 },
    { "a \\\\(b\\\\)", 0, 0 },                     /* an escaped backslash */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *html = markdown_html (cases[i].text);
      guint all = count (html, "<math");
      guint display = count (html, "<math display=\"block\">");

      if (all - display != cases[i].inline_math || display != cases[i].display_math)
        g_error ("%s: %u inline, %u display:\n%s", cases[i].text, all - display, display, html);
    }
}

static void
test_markdown_math_html (void)
{
  g_autofree char *money = markdown_html ("It costs $5 and $10.");
  g_autofree char *escaped = markdown_html ("Pay \\$5 for $x$.");
  g_autofree char *block = markdown_html ("Then:\n\\[\nx^2\n\\]\nso.");
  g_autofree char *code = markdown_html ("`\\(x\\)`");
  g_autofree char *list = markdown_html ("- a\n  $$\n  b\n  $$\n- c");

  g_assert_cmpstr (money, ==, "<p>It costs $5 and $10.</p>\n");
  g_assert_cmpstr (escaped, ==,
                   "<p>Pay $5 for <math><semantics><mrow><mi>x</mi></mrow>"
                   "<annotation encoding=\"application/x-tex\">x</annotation></semantics></math>.</p>\n");
  g_assert_cmpstr (block, ==,
                   "<p>Then:</p>\n<math display=\"block\"><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow>"
                   "<annotation encoding=\"application/x-tex\">\nx^2\n</annotation></semantics></math>\n<p>so.</p>\n");
  g_assert_cmpstr (code, ==, "<p><code>\\(x\\)</code></p>\n");
  /* display math in a list item stays in it */
  g_assert_cmpstr (list, ==,
                   "<ul>\n<li>a<math display=\"block\"><semantics><mrow><mi>b</mi></mrow>"
                   "<annotation encoding=\"application/x-tex\">\n  b\n  </annotation></semantics></math>\n"
                   "</li>\n<li>c</li>\n</ul>\n");
}

/* Hostile Markdown stays linear: many openers without closers. */
static void
test_markdown_math_linear (void)
{
  static const char * const units[] = { "$a ", "\\(", "\\[", "$$", "$$\n", "\\[\n", "a $", "`\\(` " };
  const gint64 start = g_get_monotonic_time ();

  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *html = NULL;
      GString *md = g_string_new (NULL);

      while (text->len < 400000)
        g_string_append (text, units[u]);
      html = markdown_html (text->str);
      fw_math_append_markdown (md, text->str, text->len);
      g_assert_cmpuint (md->len, >=, text->len - 2);
      g_string_free (md, TRUE);
    }
  /* quadratic work would take minutes */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

/* Random Markdown around math: UTF-8 out, nothing but escaped text. */
static void
test_markdown_math_soup (void)
{
  static const char * const tokens[] = {
    "$", "$$", "\\(", "\\)", "\\[", "\\]", "`", "``", "\n", "\n\n", "```\n", "~~~\n", "x", " ", "\\", "|", "- ",
    "**", "*", "5", "<script>", "\\frac{", "}", "&", "# ", "> ", "[a](https://e.org/)", "é", "\\\\", "\\$", "  ",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint round = 0; round < 5000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *html = NULL;
      g_autoptr(GString) md = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 1, 60);

      for (guint k = 0; k < n; k++)
        g_string_append (text, tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))]);
      html = markdown_html (text->str);
      fw_math_append_markdown (md, text->str, text->len);
      g_assert_true (g_utf8_validate (html, -1, NULL));
      g_assert_true (g_utf8_validate (md->str, md->len, NULL));
      g_assert_null (strstr (html, "<script"));
      /* Markdown only trades delimiters */
      g_assert_cmpuint (md->len, <=, text->len);
    }
}

/* Markdown: \( \) and \[ \] as Obsidian reads them */

static char *
markdown_math (const char *text)
{
  GString *out = g_string_new (NULL);

  fw_math_append_markdown (out, text, strlen (text));
  return g_string_free (out, FALSE);
}

static void
test_markdown_delimiters (void)
{
  static const struct {
    const char *text;
    const char *markdown;
  } cases[] = {
    { "no math here", "no math here" },
    { "costs $5 and $10", "costs $5 and $10" },
    { "\\( x^2 \\)", "$x^2$" },
    { "a \\(x\\) b \\(y\\)", "a $x$ b $y$" },
    { "\\[ x \\]", "$$ x $$" },
    { "\\[\n\\frac{a}{b}\n\\]", "$$\n\\frac{a}{b}\n$$" },
    { "\\[\n\\begin{pmatrix} a \\\\ b \\end{pmatrix}\n\\]", "$$\n\\begin{pmatrix} a \\\\ b \\end{pmatrix}\n$$" },
    { "`\\(x\\)` and \\(y\\)", "`\\(x\\)` and $y$" },
    { "```\n\\(x\\)\n```\n\\(y\\)", "```\n\\(x\\)\n```\n$y$" },
    { "~~~tex\n\\[x\\]\n~~~", "~~~tex\n\\[x\\]\n~~~" },
    { "lone \\( paren", "lone \\( paren" },
    { "\\(a\nb\\)", "\\(a\nb\\)" },                  /* inline math stays on its line */
    { "\\[a\n\nb\\]", "\\[a\n\nb\\]" },              /* display math stays in its paragraph */
    { "x \\\\(y\\\\)", "x \\\\(y\\\\)" },
    { "$x$ and \\(y\\)", "$x$ and $y$" },
    { "\\( \\)", "\\( \\)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = markdown_math (cases[i].text);

      if (g_strcmp0 (got, cases[i].markdown) != 0)
        g_error ("%s:\n got      %s\n expected %s", cases[i].text, got, cases[i].markdown);
    }
}

/* YAML front matter */

/* @yaml (documents, each after a "---" line) parsed by Python's YAML
 * parser: a JSON array of them; NULL when python3-yaml is missing. */
static JsonNode *
parse_yaml (const char *yaml)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, "python3", "-c",
                              "import sys, json\n"
                              "try:\n"
                              "    import yaml\n"
                              "except ImportError:\n"
                              "    sys.exit(77)\n"
                              "print(json.dumps(list(yaml.safe_load_all(sys.stdin.buffer.read().decode('utf-8'))), default=str))\n",
                              NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, yaml, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 77)
    return NULL;
  if (!g_subprocess_get_successful (process))
    g_error ("not valid YAML: %s\n%s", err, yaml);
  return et_parse_json (out, -1);
}

/* A conversation of user/assistant messages; @messages: role, seconds
 * after @t0, model (or NULL), text, …, NULL. */
static char *
conversation_json (const char *title_json,
                   const char *extra_members,
                   double      t0,
                   ...)
{
  g_autoptr(GString) mapping = g_string_new ("\"root\":{\"id\":\"root\",\"message\":null,\"parent\":null,\"children\":[\"m0\"]}");
  const char *role;
  guint n = 0;
  va_list args;

  va_start (args, t0);
  while ((role = va_arg (args, const char *)) != NULL)
    {
      double at = va_arg (args, double);
      const char *model = va_arg (args, const char *);
      const char *text = va_arg (args, const char *);
      g_autoptr(JsonNode) text_node = json_node_init_string (json_node_alloc (), text);
      g_autofree char *text_json = json_to_string (text_node, FALSE);

      g_string_append_printf (mapping,
                              ",\"m%u\":{\"id\":\"m%u\",\"parent\":\"%s%u\",\"children\":[\"m%u\"],"
                              "\"message\":{\"id\":\"m%u\",\"author\":{\"role\":\"%s\"},\"create_time\":%.1f,"
                              "\"content\":{\"content_type\":\"text\",\"parts\":[%s]},"
                              "\"metadata\":{%s%s%s}}}",
                              n, n, n == 0 ? "root" : "m", n == 0 ? 0 : n - 1, n + 1, n, role, t0 + at, text_json,
                              model ? "\"model_slug\":\"" : "", model ? model : "", model ? "\"" : "");
      n++;
    }
  va_end (args);

  return g_strdup_printf ("{\"title\":%s,\"id\":\"conv-1\",\"create_time\":%.1f,\"update_time\":%.1f,"
                          "\"current_node\":\"m%u\",\"default_model_slug\":\"gpt-4o\"%s%s,\"mapping\":{%s}}",
                          title_json, t0, t0 + 100, n - 1, extra_members ? "," : "", extra_members ? extra_members : "",
                          mapping->str);
}

static FwConversation *
load (const char *json)
{
  g_autoptr(GError) error = NULL;
  FwConversation *conversation = fw_conversation_new_from_data (json, strlen (json), 0, 0, &error);

  g_assert_no_error (error);
  g_assert_false (conversation->corrupted);
  return conversation;
}

static char *
front_matter_of (const char *markdown)
{
  const char *end;

  g_assert_true (g_str_has_prefix (markdown, "---\n"));
  end = strstr (markdown + 4, "\n---\n");
  g_assert_nonnull (end);
  return g_strndup (markdown + 4, end - markdown - 3);
}

static void
test_front_matter_yaml (void)
{
  static const char * const titles[] = {
    "Plain title", "Key: value", "- a leading dash", "\"quoted\" and 'single'", "two\nlines\r\nand\ttab",
    "# not a comment", "back\\slash \\n", "---", "... end", "[1, 2]", "{a: b}", "& anchor * alias ! tag % |>",
    "null", "true", "123", "2024-01-01", "emoji 🐝 and ünïcödé", "line\u2028separator\xc2\x85next", "\x01" "control\x7f",
    " leading and trailing ", "tab\tinside: and #hash",
  };
  g_autoptr(GString) stream = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *documents;

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(JsonNode) title_node = json_node_init_string (json_node_alloc (), titles[i]);
      g_autofree char *title_json = json_to_string (title_node, FALSE);
      g_autofree char *json = conversation_json (title_json,
                                                 "\"is_archived\":true,\"is_starred\":false,\"gizmo_id\":\"g-p-abc\",\"pinned_time\":null",
                                                 1710411120.0,
                                                 "user", 0.0, NULL, "Hi", "assistant", 5.0, "gpt-4o", "Hello", NULL);
      g_autoptr(FwConversation) conversation = load (json);
      g_autoptr(GString) markdown = fw_conversation_to_markdown (conversation, NULL, NULL);
      g_autofree char *yaml = front_matter_of (markdown->str);

      /* by hand: one line a key, the title quoted */
      g_assert_cmpuint (count (yaml, "\n"), ==, 9);
      g_assert_true (g_str_has_prefix (yaml, "title: \""));
      g_assert_nonnull (strstr (yaml, "\ncreated: 2024-03-14T10:12:00Z\n"));
      g_string_append_printf (stream, "---\n%s", yaml);
    }

  node = parse_yaml (stream->str);
  if (node == NULL)
    {
      g_test_skip ("python3-yaml is not installed: the front matter was checked by hand only");
      return;
    }
  documents = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (documents), ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      JsonObject *object = json_array_get_object_element (documents, i);

      g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, titles[i]);
      g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "conv-1");
      g_assert_cmpstr (json_object_get_string_member (object, "created"), ==, "2024-03-14 10:12:00+00:00");
      g_assert_cmpstr (json_object_get_string_member (object, "updated"), ==, "2024-03-14 10:13:40+00:00");
      g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "gpt-4o");
      g_assert_true (json_object_get_boolean_member (object, "archived"));
      g_assert_false (json_object_get_boolean_member (object, "starred"));
      g_assert_false (json_object_get_boolean_member (object, "pinned"));
      g_assert_cmpstr (json_object_get_string_member (object, "project"), ==, "g-p-abc");
      g_assert_false (json_object_has_member (object, "gpt"));
      g_assert_cmpuint (json_object_get_size (object), ==, 9);
    }
}

static void
test_front_matter_fields (void)
{
  g_autofree char *gpt_json = conversation_json ("\"A GPT\"", "\"is_starred\":true,\"gizmo_id\":\"g-K1tt1ng\",\"pinned_time\":1710500000.5",
                                                 1710411120.0, "user", 0.0, NULL, "Hi", NULL);
  g_autofree char *bare_json = conversation_json ("null", NULL, 1710411120.0, "user", 0.0, NULL, "Hi", NULL);
  g_autofree char *template_json = conversation_json ("\"P\"", "\"conversation_template_id\":\"g-p-tpl\"",
                                                      1710411120.0, "user", 0.0, NULL, "Hi", NULL);
  g_autoptr(FwConversation) gpt = load (gpt_json);
  g_autoptr(FwConversation) bare = load (bare_json);
  g_autoptr(FwConversation) template = load (template_json);
  g_autoptr(GString) gpt_md = fw_conversation_to_markdown (gpt, NULL, NULL);
  g_autoptr(GString) bare_md = fw_conversation_to_markdown (bare, NULL, NULL);
  g_autoptr(GString) template_md = fw_conversation_to_markdown (template, NULL, NULL);
  g_autoptr(GString) yaml = g_string_new (NULL);

  g_assert_true (g_str_has_prefix (gpt_md->str,
                                   "---\ntitle: \"A GPT\"\nid: \"conv-1\"\ncreated: 2024-03-14T10:12:00Z\n"
                                   "updated: 2024-03-14T10:13:40Z\nmodel: \"gpt-4o\"\nstarred: true\npinned: true\n"
                                   "gpt: \"g-K1tt1ng\"\n---\n\n# A GPT\n"));
  /* no archived/starred where the export does not say */
  g_assert_true (g_str_has_prefix (bare_md->str,
                                   "---\ntitle: \"Untitled conversation\"\nid: \"conv-1\"\ncreated: 2024-03-14T10:12:00Z\n"
                                   "updated: 2024-03-14T10:13:40Z\nmodel: \"gpt-4o\"\n---\n\n"));
  g_assert_nonnull (strstr (template_md->str, "\nproject: \"g-p-tpl\"\n---\n"));

  fw_yaml_append_string (yaml, "a\"b\\c\nd\x01\u2028");
  g_assert_cmpstr (yaml->str, ==, "\"a\\\"b\\\\c\\nd\\x01\\u2028\"");
}

/* The time after a long pause, the model where it changes */

static void
test_thread_marks (void)
{
  /* 2024-03-14 23:00 UTC */
  const double t0 = 1710457200.0;
  g_autofree char *json = conversation_json ("\"Marks\"", NULL, t0,
                                             "user", 0.0, NULL, "q1",
                                             "assistant", 10.0, "gpt-4o", "a1",
                                             "user", 3500.0, NULL, "q2 within the hour, the same day",
                                             "assistant", 3510.0, "o3", "a2 another model",
                                             "user", 3700.0, NULL, "q3 the next day, minutes later",
                                             "assistant", 3710.0, "o3", "a3 the same model",
                                             "user", 3710.0 + 3601.0, NULL, "q4 over an hour later",
                                             "assistant", 3710.0 + 3605.0, NULL, "a4 no model",
                                             "assistant", 3710.0 + 3606.0, "gpt-4o", "a5 back to the first",
                                             NULL);
  g_autoptr(FwConversation) conversation = load (json);
  g_autoptr(GString) md = fw_conversation_to_markdown (conversation, NULL, NULL);
  g_autoptr(GString) html = fw_conversation_to_html (conversation, NULL, NULL);

  g_assert_nonnull (strstr (md->str,
                            "## You\n\nq1\n\n## ChatGPT\n\na1\n\n## You\n\nq2 within the hour, the same day\n\n"
                            "## ChatGPT\n\n*Model: o3*\n\na2 another model\n\n"
                            "*— 2024-03-15 00:01 UTC —*\n\n## You\n\nq3 the next day, minutes later\n\n"
                            "## ChatGPT\n\na3 the same model\n\n"
                            "*— 2024-03-15 01:01 UTC —*\n\n## You\n\nq4 over an hour later\n\n"
                            "## ChatGPT\n\na4 no model\n\n## ChatGPT\n\n*Model: gpt-4o*\n\na5 back to the first\n\n"));
  g_assert_cmpuint (count (md->str, "*— "), ==, 2);
  g_assert_cmpuint (count (md->str, "*Model: "), ==, 2);

  g_assert_cmpuint (count (html->str, "<p class=\"when\">"), ==, 2);
  g_assert_nonnull (strstr (html->str,
                            "<p class=\"when\"><time datetime=\"2024-03-15T00:01:40Z\">2024-03-15 00:01 UTC</time></p>\n"
                            "<section class=\"message\" data-role=\"user\" id=\"m-m4\">"));
  g_assert_cmpuint (count (html->str, "<p class=\"model\">"), ==, 2);
  g_assert_nonnull (strstr (html->str, "<h2 class=\"role\">ChatGPT</h2>\n<p class=\"model\">Model: o3</p>\n"));
}

/* tests/data/export/comfort, converted */

static void
test_archive (void)
{
  g_autofree char *tmp = et_make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "archive", NULL);
  g_autofree char *source_path = g_build_filename (et_data_dir (), "comfort", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(GFile) output = g_file_new_for_path (out);
  g_autoptr(FwExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (out, "conversations", NULL);
  g_autofree char *md_path = g_build_filename (dir, "2024-03-14-ratios-a-b-and-more-tags-c0a1f001.md", NULL);
  g_autofree char *html_path = g_build_filename (dir, "2024-03-14-ratios-a-b-and-more-tags-c0a1f001.html", NULL);
  g_autofree char *gpt_path = g_build_filename (dir, "2024-03-16-knitting-helper-c0a1f002.md", NULL);
  g_autofree char *odd_path = g_build_filename (dir, "2024-03-17-script-alert-1-script-x-c0a1f003.html", NULL);
  g_autofree char *odd_md_path = g_build_filename (dir, "2024-03-17-script-alert-1-script-x-c0a1f003.md", NULL);
  g_autofree char *md = NULL, *html = NULL, *gpt = NULL, *odd = NULL, *odd_md = NULL;

  summary = fw_export_convert_sync (source, output, FW_ARCHIVE_FORMAT_ALL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  md = et_read (md_path, NULL);
  html = et_read (html_path, NULL);
  gpt = et_read (gpt_path, NULL);
  odd = et_read (odd_path, NULL);
  odd_md = et_read (odd_md_path, NULL);

  g_assert_true (g_str_has_prefix (md,
                                   "---\ntitle: \"- Ratios: \\\"a/b\\\" and\\nmore #tags\"\n"
                                   "id: \"c0a1f001-0000-4aaa-8bbb-000000000001\"\ncreated: 2024-03-14T10:12:00Z\n"
                                   "updated: 2024-03-16T13:13:50Z\nmodel: \"gpt-4o\"\narchived: true\nstarred: false\n"
                                   "pinned: true\nproject: \"g-p-6789abcdef\"\n---\n\n"));
  {
    g_autofree char *yaml = front_matter_of (md);
    g_autoptr(JsonNode) node = parse_yaml (yaml);

    if (node != NULL)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (node), 0), "title"), ==,
                       "- Ratios: \"a/b\" and\nmore #tags");
  }
  g_assert_true (g_str_has_prefix (gpt, "---\ntitle: \"Knitting helper\"\n"));
  g_assert_nonnull (strstr (gpt, "\nstarred: true\npinned: false\ngpt: \"g-K1tt1ng\"\n---\n"));

  /* Markdown: math as Obsidian reads it, code untouched; the lines */
  g_assert_nonnull (strstr (md, "The roots are $x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}$.\n\n"
                                "$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n\n"
                                "In code it stays: `\\(a\\)`.\n\n```latex\n\\[ x^2 \\]\n```"));
  g_assert_nonnull (strstr (md, "Asking costs $5 and $10 at most."));
  g_assert_nonnull (strstr (md, "*— 2024-03-16 10:12 UTC —*\n\n## You\n\nAnd a matrix, please?\n\n"
                                "## ChatGPT\n\n*Model: o3*\n\n$$\\begin{pmatrix}"));
  g_assert_nonnull (strstr (md, "*— 2024-03-16 13:13 UTC —*\n\n## You\n\nOne more"));
  g_assert_nonnull (strstr (md, "## ChatGPT\n\n*Model: gpt-4o*\n\nIt is $\\mathbb{R}^n$, the space of $n$-tuples."));

  /* HTML: MathML, inline and display */
  g_assert_cmpuint (count (html, "<math display=\"block\">"), ==, 2);
  g_assert_cmpuint (count (html, "<math>"), ==, 4);
  g_assert_nonnull (strstr (html, "<p>What is the quadratic formula? Asking costs $5 and $10 at most.</p>"));
  g_assert_nonnull (strstr (html, "<mi>ℝ</mi>"));
  g_assert_nonnull (strstr (html, "<pre class=\"code\" data-lang=\"latex\"><code>\\[ x^2 \\]\n</code></pre>"));
  g_assert_cmpuint (count (html, "<p class=\"when\">"), ==, 2);
  g_assert_cmpuint (count (html, "<p class=\"model\">"), ==, 2);

  /* the hostile one: escaped everywhere, the unknown command kept */
  g_assert_null (strstr (odd, "<script"));
  g_assert_null (strstr (odd, "<img"));
  g_assert_nonnull (strstr (odd, "<mtext>\\unknowncommand</mtext>"));
  g_assert_true (g_str_has_prefix (odd_md, "---\ntitle: \"<script>alert(1)</script>: --- 'x'\"\n"));

  et_rm_rf (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/comfort/mathml/exact", test_mathml_exact);
  g_test_add_func ("/comfort/mathml/wrapper", test_mathml_wrapper);
  g_test_add_func ("/comfort/mathml/hostile", test_mathml_hostile);
  g_test_add_func ("/comfort/markdown/dollars", test_markdown_dollars);
  g_test_add_func ("/comfort/markdown/math-html", test_markdown_math_html);
  g_test_add_func ("/comfort/markdown/linear", test_markdown_math_linear);
  g_test_add_func ("/comfort/markdown/soup", test_markdown_math_soup);
  g_test_add_func ("/comfort/markdown/delimiters", test_markdown_delimiters);
  g_test_add_func ("/comfort/front-matter/yaml", test_front_matter_yaml);
  g_test_add_func ("/comfort/front-matter/fields", test_front_matter_fields);
  g_test_add_func ("/comfort/thread-marks", test_thread_marks);
  g_test_add_func ("/comfort/archive", test_archive);

  return g_test_run ();
}
