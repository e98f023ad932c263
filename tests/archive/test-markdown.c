/* test-markdown.c — Markdown in messages becomes safe, readable HTML
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "export/fw-markdown.h"

static char *
render (const char *md)
{
  GString *out = g_string_new (NULL);

  fw_markdown_append_html (out, md);
  return g_string_free (out, FALSE);
}

static void
check (const char *md,
       const char *html)
{
  g_autofree char *got = render (md);

  g_assert_cmpstr (got, ==, html);
}

static void
test_blocks (void)
{
  check ("Hello\nworld\n\nSecond", "<p>Hello<br>\nworld</p>\n<p>Second</p>\n");
  check ("# Title\n### Small ###", "<h3>Title</h3>\n<h5>Small</h5>\n");
  check ("####### not a heading", "<p>####### not a heading</p>\n");
  check ("```python\nprint('<hi>')\n\n  x = 1\n```\nafter",
         "<pre class=\"code\" data-lang=\"python\"><code>print(&#39;&lt;hi&gt;&#39;)\n\n  x = 1\n</code></pre>\n<p>after</p>\n");
  check ("````\n```\n````", "<pre class=\"code\"><code>```\n</code></pre>\n");
  check ("```\nnever closed", "<pre class=\"code\"><code>never closed\n</code></pre>\n");
  check ("- one\n- two\n  more\n\n- three\nafter",
         "<ul>\n<li>one</li>\n<li>two<br>\nmore</li>\n<li>three<br>\nafter</li>\n</ul>\n");
  check ("3. c\n4) d\n\ntext", "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>\n<p>text</p>\n");
  check ("- a\n1. b", "<ul>\n<li>a</li>\n</ul>\n<ol>\n<li>b</li>\n</ol>\n");
  check ("> quoted\n> *more*\nafter", "<blockquote><p>quoted<br>\n<em>more</em></p></blockquote>\n<p>after</p>\n");
  check ("a\n\n---\nb", "<p>a</p>\n<hr>\n<p>b</p>\n");
  check ("| A | B |\n|---|:-:|\n| 1 | `x|y` |\n|2|\nafter",
         "<table>\n<thead>\n<tr><th>A</th><th>B</th></tr>\n</thead>\n<tbody>\n"
         "<tr><td>1</td><td>`x</td><td>y`</td></tr>\n<tr><td>2</td></tr>\n</tbody>\n</table>\n<p>after</p>\n");
  check ("| just a pipe line", "<p>| just a pipe line</p>\n");
  check ("windows\r\nlines\r\n", "<p>windows<br>\nlines</p>\n");
  check ("", "");
}

static void
test_inline (void)
{
  check ("use `ls -l` and ``a`b``", "<p>use <code>ls -l</code> and <code>a`b</code></p>\n");
  check ("**bold** and __also__ and *em* and snake_case_name",
         "<p><strong>bold</strong> and <strong>also</strong> and <em>em</em> and snake_case_name</p>\n");
  check ("**bold with *em* inside**", "<p><strong>bold with <em>em</em> inside</strong></p>\n");
  check ("2 * 3 * 4 and a ** b", "<p>2 * 3 * 4 and a ** b</p>\n");
  check ("[GNOME](https://gnome.org) [mail](mailto:a@b.c)",
         "<p><a rel=\"noreferrer noopener\" href=\"https://gnome.org\">GNOME</a> "
         "<a rel=\"noreferrer noopener\" href=\"mailto:a@b.c\">mail</a></p>\n");
  check ("`unclosed and [brackets] [x](y) (z)", "<p>`unclosed and [brackets] [x](y) (z)</p>\n");
  /* a citation: a link whose text is in brackets */
  check ("dance.[[1]](https://a.example/w)[[2]](http://b.example) [[x] y](https://c.example)",
         "<p>dance.<a rel=\"noreferrer noopener\" href=\"https://a.example/w\">[1]</a>"
         "<a rel=\"noreferrer noopener\" href=\"http://b.example\">[2]</a> [[x] y](https://c.example)</p>\n");
}

/* Nothing in a message can become markup or a script. */
static void
test_hostile (void)
{
  check ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  check ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n");
  check ("[[1]](javascript:alert(1))", "<p>[[1]](javascript:alert(1))</p>\n");
  check ("[x](https://a.b/\"onmouseover=\"x)", "<p>[x](https://a.b/&quot;onmouseover=&quot;x)</p>\n");
  check ("```\"><img src=x onerror=alert(1)>\ncode\n```",
         "<pre class=\"code\" data-lang=\"&quot;&gt;&lt;img\"><code>code\n</code></pre>\n");
  check ("| <b> | & |\n|-|-|", "<table>\n<thead>\n<tr><th>&lt;b&gt;</th><th>&amp;</th></tr>\n</thead>\n<tbody>\n</tbody>\n</table>\n");
}

/* Unclosed delimiters by the hundred thousand: linear, not quadratic. */
static void
test_linear (void)
{
  const char *patterns[] = { "**a ", "*a ", "[a ", "[a](b ", "a`", "a`` `", "a_", "__x ", "a*b**c" };

  for (guint p = 0; p < G_N_ELEMENTS (patterns); p++)
    {
      g_autoptr(GString) md = g_string_new (NULL);
      g_autofree char *html = NULL;
      gint64 start = g_get_monotonic_time ();

      while (md->len < 2 * 1024 * 1024)
        g_string_append (md, patterns[p]);
      html = render (md->str);
      g_assert_cmpuint (strlen (html), >=, md->len);
      /* Quadratic behaviour would take minutes here. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/blocks", test_blocks);
  g_test_add_func ("/markdown/inline", test_inline);
  g_test_add_func ("/markdown/hostile", test_hostile);
  g_test_add_func ("/markdown/linear", test_linear);

  return g_test_run ();
}
