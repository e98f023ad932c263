/* fw-markdown.c — the Markdown that ChatGPT writes, as safe HTML
 *
 * Not a full CommonMark implementation: the subset answers actually use,
 * rendered so that nothing in a conversation can become markup. Every
 * search for a closing delimiter either consumes what it scanned or
 * records that no closer exists, so hostile input stays linear.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fw-markdown.h"
#include "fw-math.h"
#include "fw-scan.h"
#include "fw-string-append.h"

#define MAX_INLINE_DEPTH 4

void
fw_append_html_escaped_len (GString    *out,
                            const char *str,
                            gssize      len)
{
  const char *end;
  const char *p;

  if (str == NULL)
    return;
  if (len < 0)
    len = strlen (str);
  end = str + len;

  for (p = str; p < end; p++)
    {
      const char *start = p;

      p += fw_scan_html (p, end - p);
      if (p > start)
        fw_string_append_len (out, start, p - start);
      if (p >= end)
        break;

      switch (*p)
        {
        case '<': fw_string_append_literal (out, "&lt;"); break;
        case '>': fw_string_append_literal (out, "&gt;"); break;
        case '&': fw_string_append_literal (out, "&amp;"); break;
        case '"': fw_string_append_literal (out, "&quot;"); break;
        case '\'': fw_string_append_literal (out, "&#39;"); break;
        default: break;  /* a NUL byte: dropped */
        }
    }
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t';
}

/* Inline spans */

enum {
  NO_STRONG_STAR  = 1 << 0,
  NO_STRONG_UNDER = 1 << 1,
  NO_EM           = 1 << 2,
  NO_TEX_PAREN    = 1 << 3,  /* \( without \) */
  NO_TEX_BRACKET  = 1 << 4,  /* \[ without \] */
  NO_DOLLAR       = 1 << 5,
  NO_DOLLARS      = 1 << 6,  /* $$ without $$ */
};

static void inline_html (GString *out, const char *s, gsize len, int depth, gboolean math);

static gsize
run_length (const char *s,
            gsize       len,
            gsize       i,
            char        c)
{
  gsize n = 0;

  while (i + n < len && s[i + n] == c)
    n++;
  return n;
}

/* Math delimiters (see fw_markdown_append_html()). Each returns where
 * the closer starts, or len when there is none; a backslash always takes
 * the next character with it, so "\\\\" and "\\$" close nothing. */

/* "\)" or "\]" */
static gsize
find_tex_close (const char *s,
                gsize       from,
                gsize       len,
                char        close)
{
  for (gsize k = from; k + 1 < len; k++)
    if (s[k] == '\\')
      {
        if (s[k + 1] == close)
          return k;
        k++;
      }
  return len;
}

/* "$$" */
static gsize
find_dollars (const char *s,
              gsize       from,
              gsize       len)
{
  for (gsize k = from; k + 1 < len; k++)
    if (s[k] == '\\')
      k++;
    else if (s[k] == '$' && s[k + 1] == '$')
      return k;
  return len;
}

/* The '$' that closes inline math: not after a space, not before a
 * digit ("costs $5 and $10" has none). */
static gsize
find_dollar (const char *s,
             gsize       from,
             gsize       len)
{
  for (gsize k = from; k < len; k++)
    if (s[k] == '\\')
      k++;
    else if (s[k] == '$' && !g_ascii_isspace (s[k - 1]) && !(k + 1 < len && g_ascii_isdigit (s[k + 1])))
      return k;
  return len;
}

static gboolean
safe_url (const char *url,
          gsize       len)
{
  if (!((len > 8 && g_ascii_strncasecmp (url, "https://", 8) == 0) ||
        (len > 7 && g_ascii_strncasecmp (url, "http://", 7) == 0) ||
        (len > 7 && g_ascii_strncasecmp (url, "mailto:", 7) == 0)))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (url[i] <= ' ' || url[i] == '"' || url[i] == '\'' || url[i] == '<' || url[i] == '>' || url[i] == '`')
      return FALSE;
  return TRUE;
}

static void
inline_html (GString    *out,
             const char *s,
             gsize       len,
             int         depth,
             gboolean    math)
{
  guint no_more = 0;
  guint32 no_tick_run = 0;       /* bit n: no closing run of n backticks */
  gsize bracket = 0, paren = 0;  /* next ']' and ')' at or after them; len: none */
  gboolean bracket_known = FALSE, paren_known = FALSE;
  gsize lit = 0;
  gsize i = 0;

#define FLUSH() G_STMT_START { fw_append_html_escaped_len (out, s + lit, i - lit); } G_STMT_END

  while (i < len)
    {
      char c;

      /* Plain text (nothing but i++ below), up to the next '`', '*', '_'
       * or '[' (or '$' and '\\' in a text with math). */
      i += fw_scan_inline (s + i, len - i, math);
      if (i >= len)
        break;
      c = s[i];

      if (c == '`')
        {
          gsize n = run_length (s, len, i, '`');

          if (n < 32 && !(no_tick_run & (1u << n)))
            {
              gsize k = i + n;
              gboolean found = FALSE;

              while (k < len)
                {
                  if (s[k] == '`')
                    {
                      gsize m = run_length (s, len, k, '`');

                      if (m == n)
                        {
                          found = TRUE;
                          break;
                        }
                      k += m;
                    }
                  else
                    k++;
                }

              if (found)
                {
                  gsize from = i + n, to = k;

                  FLUSH ();
                  if (to - from >= 2 && s[from] == ' ' && s[to - 1] == ' ')
                    {
                      from++;
                      to--;
                    }
                  g_string_append (out, "<code>");
                  fw_append_html_escaped_len (out, s + from, to - from);
                  g_string_append (out, "</code>");
                  i = k + n;
                  lit = i;
                  continue;
                }
              no_tick_run |= 1u << n;
            }
          i += n;
          continue;
        }

      if (c == '\\')
        {
          char d = i + 1 < len ? s[i + 1] : '\0';
          guint flag = d == '(' ? NO_TEX_PAREN : NO_TEX_BRACKET;

          if ((d == '(' || d == '[') && !(no_more & flag))
            {
              gsize k = find_tex_close (s, i + 2, len, d == '(' ? ')' : ']');

              if (k < len)
                {
                  FLUSH ();
                  fw_math_append_mathml (out, s + i + 2, k - i - 2, d == '[');
                  i = k + 2;
                  lit = i;
                  continue;
                }
              no_more |= flag;
            }
          else if (d == '$')
            {
              /* An escaped dollar: the dollar alone. */
              FLUSH ();
              lit = i + 1;
            }
          /* A backslash keeps its place; the one it escapes is skipped
           * when it would start math. */
          i += d == '$' || d == '\\' || d == '(' || d == '[' ? 2 : 1;
          continue;
        }

      if (c == '$' && i + 1 < len && s[i + 1] == '$')
        {
          if (!(no_more & NO_DOLLARS))
            {
              gsize k = find_dollars (s, i + 2, len);

              if (k < len && k > i + 2)
                {
                  FLUSH ();
                  fw_math_append_mathml (out, s + i + 2, k - i - 2, TRUE);
                  i = k + 2;
                  lit = i;
                  continue;
                }
              if (k == len)
                no_more |= NO_DOLLARS;
            }
          i += 2;
          continue;
        }

      if (c == '$')
        {
          if (!(no_more & NO_DOLLAR) && i + 1 < len && !g_ascii_isspace (s[i + 1]))
            {
              gsize k = find_dollar (s, i + 2, len);

              if (k < len)
                {
                  FLUSH ();
                  fw_math_append_mathml (out, s + i + 1, k - i - 1, FALSE);
                  i = k + 1;
                  lit = i;
                  continue;
                }
              no_more |= NO_DOLLAR;
            }
          i++;
          continue;
        }

      if ((c == '*' || c == '_') && i + 1 < len && s[i + 1] == c && depth < MAX_INLINE_DEPTH)
        {
          guint flag = c == '*' ? NO_STRONG_STAR : NO_STRONG_UNDER;

          if (!(no_more & flag) && i + 2 < len && !is_space (s[i + 2]))
            {
              gsize k;

              for (k = i + 3; k + 1 < len; k++)
                if (s[k] == c && s[k + 1] == c && !is_space (s[k - 1]))
                  break;

              if (k + 1 < len)
                {
                  FLUSH ();
                  g_string_append (out, "<strong>");
                  inline_html (out, s + i + 2, k - i - 2, depth + 1, math);
                  g_string_append (out, "</strong>");
                  i = k + 2;
                  lit = i;
                  continue;
                }
              no_more |= flag;
            }
          i += 2;
          continue;
        }

      if (c == '*' && depth < MAX_INLINE_DEPTH)
        {
          if (!(no_more & NO_EM) && i + 1 < len && !is_space (s[i + 1]))
            {
              gsize k;

              for (k = i + 2; k < len; k++)
                if (s[k] == '*' && !is_space (s[k - 1]))
                  break;

              if (k < len)
                {
                  FLUSH ();
                  g_string_append (out, "<em>");
                  inline_html (out, s + i + 1, k - i - 1, depth + 1, math);
                  g_string_append (out, "</em>");
                  i = k + 1;
                  lit = i;
                  continue;
                }
              no_more |= NO_EM;
            }
          i++;
          continue;
        }

      if (c == '[' && depth < MAX_INLINE_DEPTH)
        {
          gsize close = len;  /* the ']' before "(" */

          if (!bracket_known || bracket <= i)
            {
              const char *b = memchr (s + i + 1, ']', len - i - 1);

              bracket = b ? (gsize) (b - s) : len;
              bracket_known = TRUE;
            }
          if (bracket < len && bracket + 1 < len && s[bracket + 1] == '(')
            close = bracket;
          /* "[[1]](https://…)": a link whose text is in brackets, as
           * citations are written */
          else if (bracket < len && bracket + 2 < len && s[i + 1] == '[' &&
                   s[bracket + 1] == ']' && s[bracket + 2] == '(')
            close = bracket + 1;
          if (close < len)
            {
              if (!paren_known || paren <= close + 1)
                {
                  const char *p = memchr (s + close + 2, ')', len - close - 2);

                  paren = p ? (gsize) (p - s) : len;
                  paren_known = TRUE;
                }
              if (paren < len && safe_url (s + close + 2, paren - close - 2))
                {
                  FLUSH ();
                  g_string_append (out, "<a rel=\"noreferrer noopener\" href=\"");
                  fw_append_html_escaped_len (out, s + close + 2, paren - close - 2);
                  g_string_append (out, "\">");
                  inline_html (out, s + i + 1, close - i - 1, depth + 1, math);
                  g_string_append (out, "</a>");
                  i = paren + 1;
                  lit = i;
                  continue;
                }
            }
          i++;
          continue;
        }

      i++;
    }

  FLUSH ();
#undef FLUSH
}

/* Blocks */

typedef enum {
  LIST_NONE,
  LIST_BULLET,
  LIST_NUMBER,
} ListKind;

typedef struct {
  GString  *out;
  gboolean  para_open;
  ListKind  list;
  gboolean  item_open;
  gboolean  math;       /* the text has a '$' or a '\\': look for math */
} Blocks;

static void
close_paragraph (Blocks *b)
{
  if (b->para_open)
    g_string_append (b->out, "</p>\n");
  b->para_open = FALSE;
}

static void
close_list (Blocks *b)
{
  if (b->item_open)
    g_string_append (b->out, "</li>\n");
  b->item_open = FALSE;
  if (b->list == LIST_BULLET)
    g_string_append (b->out, "</ul>\n");
  else if (b->list == LIST_NUMBER)
    g_string_append (b->out, "</ol>\n");
  b->list = LIST_NONE;
}

static void
close_all (Blocks *b)
{
  close_paragraph (b);
  close_list (b);
}

static const char *
skip_indent (const char *line,
             guint      *indent)
{
  guint n = 0;

  for (; *line == ' ' || *line == '\t'; line++)
    n += *line == '\t' ? 4 : 1;
  *indent = n;
  return line;
}

static gsize
trimmed_length (const char *s)
{
  gsize len = strlen (s);

  while (len > 0 && is_space (s[len - 1]))
    len--;
  return len;
}

static gboolean
is_rule (const char *t)
{
  char c = *t;
  guint count = 0;

  if (c != '-' && c != '*' && c != '_')
    return FALSE;
  for (; *t; t++)
    {
      if (*t == c)
        count++;
      else if (!is_space (*t))
        return FALSE;
    }
  return count >= 3;
}

static gboolean
is_table_separator (const char *line)
{
  guint indent;
  const char *t = skip_indent (line, &indent);
  gboolean dash = FALSE, pipe = FALSE;

  if (*t == '\0')
    return FALSE;
  for (; *t; t++)
    {
      if (*t == '-')
        dash = TRUE;
      else if (*t == '|')
        pipe = TRUE;
      else if (*t != ':' && !is_space (*t))
        return FALSE;
    }
  return dash && pipe;
}

static void
table_row (Blocks     *b,
           const char *t,
           const char *cell)
{
  gsize len = trimmed_length (t);
  gsize start;

  if (len > 0 && t[0] == '|')
    {
      t++;
      len--;
    }
  if (len > 0 && t[len - 1] == '|' && (len < 2 || t[len - 2] != '\\'))
    len--;

  g_string_append (b->out, "<tr>");
  start = 0;
  for (gsize i = 0; i <= len; i++)
    {
      if (i == len || (t[i] == '|' && (i == 0 || t[i - 1] != '\\')))
        {
          gsize from = start, to = i;

          while (from < to && is_space (t[from]))
            from++;
          while (to > from && is_space (t[to - 1]))
            to--;
          g_string_append_c (b->out, '<');
          g_string_append (b->out, cell);
          g_string_append_c (b->out, '>');
          inline_html (b->out, t + from, to - from, 0, b->math);
          g_string_append_len (b->out, "</", 2);
          g_string_append (b->out, cell);
          g_string_append_c (b->out, '>');
          start = i + 1;
        }
    }
  g_string_append (b->out, "</tr>\n");
}

static gboolean
list_marker (const char *t,
             ListKind   *kind,
             guint      *number,
             const char **content)
{
  if ((t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t'))
    {
      *kind = LIST_BULLET;
      *content = t + 2;
      return TRUE;
    }
  if (g_ascii_isdigit (t[0]))
    {
      guint n = 0, digits = 0;

      while (g_ascii_isdigit (t[digits]) && digits < 9)
        n = n * 10 + (t[digits++] - '0');
      if ((t[digits] == '.' || t[digits] == ')') && (t[digits + 1] == ' ' || t[digits + 1] == '\t'))
        {
          *kind = LIST_NUMBER;
          *number = n;
          *content = t + digits + 2;
          return TRUE;
        }
    }
  return FALSE;
}

/* g_strsplit (text, "\n", -1) in two allocations instead of one a line:
 * the lines point into *copy. */
static char **
split_lines (const char  *text,
             char       **copy,
             guint       *n_lines)
{
  gsize len = strlen (text);
  char *c = g_memdup2 (text, len + 1);
  char *end = c + len;
  char **lines;
  guint n = 1;

  for (char *p = c; (p = memchr (p, '\n', end - p)) != NULL; p++)
    n++;

  lines = g_new (char *, n + 1);
  lines[0] = c;
  n = 1;
  for (char *p = c; (p = memchr (p, '\n', end - p)) != NULL; )
    {
      *p++ = '\0';
      lines[n++] = p;
    }
  lines[n] = NULL;

  *copy = c;
  *n_lines = n;
  return lines;
}

/* Display math: a line that starts with $$ or \[, up to the line that
 * ends with $$ or \] (the same line, or a later one before a blank line).
 * Writes it and moves *i to its last line; FALSE when there is no closer,
 * noted in no_close_before so that the lines up to the blank line are not
 * searched again. */
static gboolean
display_math (Blocks  *b,
              char   **lines,
              guint    n_lines,
              guint   *i,
              guint   *no_close_before,
              gboolean blank_before)
{
  guint indent;
  const char *t = skip_indent (lines[*i], &indent);
  gboolean dollars = t[0] == '$';
  guint kind = dollars ? 0 : 1;
  g_autoptr(GString) tex = NULL;
  gsize len = trimmed_length (t);
  guint j;

  /* $$…$$ on one line, with nothing else */
  if (len >= 4 && t[len - 2] == (dollars ? '$' : '\\') && t[len - 1] == (dollars ? '$' : ']'))
    {
      gsize close = dollars ? find_dollars (t, 2, len) : find_tex_close (t, 2, len, ']');

      if (close != len - 2 || close == 2)
        return FALSE;
      tex = g_string_new_len (t + 2, len - 4);
      j = *i;
    }
  else
    {
      gsize rest = dollars ? find_dollars (t, 2, len) : find_tex_close (t, 2, len, ']');

      if (rest < len || *i < no_close_before[kind])
        return FALSE;
      for (j = *i + 1; j < n_lines; j++)
        {
          guint line_indent;
          const char *l = skip_indent (lines[j], &line_indent);
          gsize l_len = trimmed_length (l);

          if (l_len == 0)
            break;
          if (l_len >= 2 && l[l_len - 2] == (dollars ? '$' : '\\') && l[l_len - 1] == (dollars ? '$' : ']'))
            break;
        }
      if (j >= n_lines || trimmed_length (lines[j]) == 0)
        {
          no_close_before[kind] = j;
          return FALSE;
        }
      tex = g_string_new_len (t + 2, len - 2);
      for (guint k = *i + 1; k <= j; k++)
        {
          gsize l_len = trimmed_length (lines[k]);

          g_string_append_c (tex, '\n');
          g_string_append_len (tex, lines[k], k == j ? l_len - 2 : l_len);
        }
    }

  close_paragraph (b);
  if (b->list != LIST_NONE && indent < 2 && blank_before)
    close_list (b);
  fw_math_append_mathml (b->out, tex->str, tex->len, TRUE);
  g_string_append_c (b->out, '\n');
  *i = j;
  return TRUE;
}

void
fw_markdown_append_html (GString    *out,
                         const char *text)
{
  g_autofree char *copy = NULL;
  g_autofree char **lines = NULL;
  Blocks b = { out, FALSE, LIST_NONE, FALSE, FALSE };
  gboolean in_code = FALSE;
  gboolean blank_before = FALSE;
  char fence = 0;
  gsize fence_len = 0;
  guint n_lines;
  guint no_close_before[2] = { 0, 0 };

  if (text == NULL || *text == '\0')
    return;

  lines = split_lines (text, &copy, &n_lines);
  b.math = strpbrk (text, "$\\") != NULL;

  for (guint i = 0; i < n_lines; i++)
    {
      char *line = lines[i];
      gsize line_len = strlen (line);
      const char *t, *content;
      gsize t_len;
      guint indent, number = 1;
      ListKind kind;

      if (line_len > 0 && line[line_len - 1] == '\r')
        line[--line_len] = '\0';
      t = skip_indent (line, &indent);
      t_len = line_len - (gsize) (t - line);

      if (in_code)
        {
          gsize run = run_length (t, t_len, 0, fence);

          if (run >= fence_len && run == trimmed_length (t))
            {
              g_string_append (out, "</code></pre>\n");
              in_code = FALSE;
            }
          else
            {
              fw_append_html_escaped_len (out, line, line_len);
              g_string_append_c (out, '\n');
            }
          continue;
        }

      if (*t == '\0')
        {
          close_paragraph (&b);
          blank_before = TRUE;
          continue;
        }

      if (indent < 4 && (*t == '`' || *t == '~') && run_length (t, t_len, 0, *t) >= 3 &&
          (*t == '~' || strchr (t + run_length (t, t_len, 0, '`'), '`') == NULL))
        {
          const char *info;
          gsize info_len = 0;

          close_all (&b);
          fence = *t;
          fence_len = run_length (t, t_len, 0, fence);
          info = t + fence_len;
          while (is_space (*info))
            info++;
          while (info[info_len] != '\0' && !is_space (info[info_len]))
            info_len++;
          g_string_append (out, "<pre class=\"code\"");
          if (info_len > 0)
            {
              g_string_append (out, " data-lang=\"");
              fw_append_html_escaped_len (out, info, info_len);
              g_string_append_c (out, '"');
            }
          g_string_append (out, "><code>");
          in_code = TRUE;
          blank_before = FALSE;
          continue;
        }

      if (b.math && indent < 4 && (t[0] == '$' || t[0] == '\\') && t[1] == (t[0] == '$' ? '$' : '[') &&
          display_math (&b, lines, n_lines, &i, no_close_before, blank_before))
        {
          blank_before = FALSE;
          continue;
        }

      if (indent < 4 && *t == '#')
        {
          gsize level = run_length (t, t_len, 0, '#');

          if (level <= 6 && (t[level] == '\0' || is_space (t[level])))
            {
              const char *h = t + level;
              gsize len;

              while (is_space (*h))
                h++;
              len = trimmed_length (h);
              while (len > 0 && h[len - 1] == '#')
                len--;
              while (len > 0 && is_space (h[len - 1]))
                len--;
              close_all (&b);
              /* The page has <h1> for the title and <h2> for who speaks. */
              level = MIN (level + 2, 6);
              g_string_append_printf (out, "<h%u>", (guint) level);
              inline_html (out, h, len, 0, b.math);
              g_string_append_printf (out, "</h%u>\n", (guint) level);
              blank_before = FALSE;
              continue;
            }
        }

      if (indent < 4 && is_rule (t))
        {
          close_all (&b);
          g_string_append (out, "<hr>\n");
          blank_before = FALSE;
          continue;
        }

      if (indent < 4 && *t == '|' && i + 1 < n_lines && is_table_separator (lines[i + 1]))
        {
          close_all (&b);
          g_string_append (out, "<table>\n<thead>\n");
          table_row (&b, t, "th");
          g_string_append (out, "</thead>\n<tbody>\n");
          for (i += 2; i < n_lines; i++)
            {
              const char *row = skip_indent (lines[i], &indent);

              if (*row != '|')
                break;
              table_row (&b, row, "td");
            }
          g_string_append (out, "</tbody>\n</table>\n");
          i--;
          blank_before = FALSE;
          continue;
        }

      if (indent < 4 && *t == '>')
        {
          close_all (&b);
          g_string_append (out, "<blockquote><p>");
          for (gboolean first = TRUE; i < n_lines; i++, first = FALSE)
            {
              const char *q = skip_indent (lines[i], &indent);
              gsize len;

              if (*q != '>')
                break;
              q++;
              if (*q == ' ')
                q++;
              len = strlen (q);
              if (len > 0 && q[len - 1] == '\r')
                len--;
              if (!first)
                g_string_append (out, "<br>\n");
              inline_html (out, q, len, 0, b.math);
            }
          g_string_append (out, "</p></blockquote>\n");
          i--;
          blank_before = FALSE;
          continue;
        }

      if (list_marker (t, &kind, &number, &content))
        {
          close_paragraph (&b);
          if (b.list != kind)
            {
              close_list (&b);
              if (kind == LIST_BULLET)
                g_string_append (out, "<ul>\n");
              else if (number != 1)
                g_string_append_printf (out, "<ol start=\"%u\">\n", number);
              else
                g_string_append (out, "<ol>\n");
              b.list = kind;
            }
          if (b.item_open)
            g_string_append (out, "</li>\n");
          g_string_append (out, "<li>");
          while (is_space (*content))
            content++;
          inline_html (out, content, t_len - (gsize) (content - t), 0, b.math);
          b.item_open = TRUE;
          blank_before = FALSE;
          continue;
        }

      /* Plain text: the continuation of a list item, or a paragraph. */
      if (b.list != LIST_NONE && (indent >= 2 || !blank_before))
        {
          g_string_append (out, "<br>\n");
          inline_html (out, t, t_len, 0, b.math);
          blank_before = FALSE;
          continue;
        }
      close_list (&b);

      if (b.para_open)
        g_string_append (out, "<br>\n");
      else
        g_string_append (out, "<p>");
      b.para_open = TRUE;
      inline_html (out, t, trimmed_length (t), 0, b.math);
      blank_before = FALSE;
    }

  if (in_code)
    g_string_append (out, "</code></pre>\n");
  close_all (&b);
}
