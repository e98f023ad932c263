/* fw-math.c — the LaTeX that ChatGPT writes for math, as MathML
 *
 * A single pass over the source, recursive descent with bounded depth:
 * each call consumes what it reads, nothing is searched ahead, so the work
 * is linear in the length of the source. Elements are opened and closed by
 * the same call, so the output is well formed whatever the input; every
 * character of the source reaches the output through the HTML escaper.
 *
 * The MathML is MathML Core (what Chromium and Firefox render): fonts
 * (\mathbf, \mathbb, …) become the Unicode mathematical letters rather
 * than mathvariant, which Core keeps only for "normal".
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fw-markdown.h"
#include "fw-math.h"
#include "fw-string-append.h"

/* Deeper groups are shown as their source text. */
#define MAX_DEPTH 24

typedef enum {
  FONT_NONE,
  FONT_RM,
  FONT_BF,
  FONT_BB,
  FONT_CAL,
  FONT_FRAK,
} Font;

/* What may end a list of atoms. */
enum {
  STOP_BRACE = 1 << 0,  /* '}' */
  STOP_CELL  = 1 << 1,  /* '&' */
  STOP_ROW   = 1 << 2,  /* "\\" */
  STOP_RIGHT = 1 << 3,  /* \right */
  STOP_END   = 1 << 4,  /* \end */
  STOP_INDEX = 1 << 5,  /* ']' after \sqrt[ */
};

typedef struct {
  GString    *out;
  const char *s;
  gsize       len;
  gsize       i;
  gboolean    display;
  Font        font;
  int         depth;
} Tex;

typedef enum {
  ATOM_NONE,     /* a stop, or the end */
  ATOM_SILENT,   /* a command with nothing to show */
  ATOM_ORD,
  ATOM_LIMITS,   /* scripts go under and over in display math */
  ATOM_SCRIPTS,  /* \int: scripts beside, always */
} AtomKind;

typedef enum {
  SYM_MI,        /* identifier */
  SYM_MI_UP,     /* upright identifier (capital Greek) */
  SYM_MO,        /* operator */
  SYM_BIG,       /* big operator, limits in display */
  SYM_INT,       /* integral */
  SYM_FUNC,      /* sin, log */
  SYM_FUNC_LIM,  /* lim, max: limits in display */
  SYM_SPACE,     /* text: the width */
  SYM_ACCENT,    /* text: the accent over the argument */
  SYM_UNDER,     /* text: the mark under the argument */
  SYM_FONT,      /* text: unused; see font_of() */
  SYM_SILENT,    /* style switches with nothing to show */
} SymKind;

typedef struct {
  const char *name;
  SymKind     kind;
  const char *text;
} Symbol;

static const Symbol symbols[] = {
  /* Greek */
  { "alpha", SYM_MI, "α" }, { "beta", SYM_MI, "β" }, { "gamma", SYM_MI, "γ" },
  { "delta", SYM_MI, "δ" }, { "epsilon", SYM_MI, "ϵ" }, { "varepsilon", SYM_MI, "ε" },
  { "zeta", SYM_MI, "ζ" }, { "eta", SYM_MI, "η" }, { "theta", SYM_MI, "θ" },
  { "vartheta", SYM_MI, "ϑ" }, { "iota", SYM_MI, "ι" }, { "kappa", SYM_MI, "κ" },
  { "lambda", SYM_MI, "λ" }, { "mu", SYM_MI, "μ" }, { "nu", SYM_MI, "ν" },
  { "xi", SYM_MI, "ξ" }, { "omicron", SYM_MI, "ο" }, { "pi", SYM_MI, "π" },
  { "varpi", SYM_MI, "ϖ" }, { "rho", SYM_MI, "ρ" }, { "varrho", SYM_MI, "ϱ" },
  { "sigma", SYM_MI, "σ" }, { "varsigma", SYM_MI, "ς" }, { "tau", SYM_MI, "τ" },
  { "upsilon", SYM_MI, "υ" }, { "phi", SYM_MI, "ϕ" }, { "varphi", SYM_MI, "φ" },
  { "chi", SYM_MI, "χ" }, { "psi", SYM_MI, "ψ" }, { "omega", SYM_MI, "ω" },
  { "Gamma", SYM_MI_UP, "Γ" }, { "Delta", SYM_MI_UP, "Δ" }, { "Theta", SYM_MI_UP, "Θ" },
  { "Lambda", SYM_MI_UP, "Λ" }, { "Xi", SYM_MI_UP, "Ξ" }, { "Pi", SYM_MI_UP, "Π" },
  { "Sigma", SYM_MI_UP, "Σ" }, { "Upsilon", SYM_MI_UP, "Υ" }, { "Phi", SYM_MI_UP, "Φ" },
  { "Psi", SYM_MI_UP, "Ψ" }, { "Omega", SYM_MI_UP, "Ω" },
  /* letter-like */
  { "infty", SYM_MI, "∞" }, { "partial", SYM_MI, "∂" }, { "nabla", SYM_MI, "∇" },
  { "emptyset", SYM_MI, "∅" }, { "varnothing", SYM_MI, "∅" }, { "ell", SYM_MI, "ℓ" },
  { "hbar", SYM_MI, "ℏ" }, { "Re", SYM_MI, "ℜ" }, { "Im", SYM_MI, "ℑ" },
  { "aleph", SYM_MI, "ℵ" }, { "angle", SYM_MI, "∠" }, { "triangle", SYM_MI, "△" },
  { "degree", SYM_MI, "°" }, { "top", SYM_MI, "⊤" }, { "bot", SYM_MI, "⊥" },
  /* operators and relations */
  { "cdot", SYM_MO, "⋅" }, { "times", SYM_MO, "×" }, { "div", SYM_MO, "÷" },
  { "pm", SYM_MO, "±" }, { "mp", SYM_MO, "∓" }, { "ast", SYM_MO, "∗" },
  { "star", SYM_MO, "⋆" }, { "circ", SYM_MO, "∘" }, { "bullet", SYM_MO, "∙" },
  { "oplus", SYM_MO, "⊕" }, { "otimes", SYM_MO, "⊗" }, { "setminus", SYM_MO, "∖" },
  { "leq", SYM_MO, "≤" }, { "le", SYM_MO, "≤" }, { "geq", SYM_MO, "≥" },
  { "ge", SYM_MO, "≥" }, { "leqslant", SYM_MO, "⩽" }, { "geqslant", SYM_MO, "⩾" },
  { "neq", SYM_MO, "≠" }, { "ne", SYM_MO, "≠" }, { "approx", SYM_MO, "≈" },
  { "equiv", SYM_MO, "≡" }, { "sim", SYM_MO, "∼" }, { "simeq", SYM_MO, "≃" },
  { "cong", SYM_MO, "≅" }, { "propto", SYM_MO, "∝" }, { "ll", SYM_MO, "≪" },
  { "gg", SYM_MO, "≫" }, { "prec", SYM_MO, "≺" }, { "succ", SYM_MO, "≻" },
  { "coloneqq", SYM_MO, "≔" }, { "colon", SYM_MO, ":" }, { "mid", SYM_MO, "∣" },
  { "parallel", SYM_MO, "∥" }, { "perp", SYM_MO, "⊥" }, { "models", SYM_MO, "⊨" },
  { "vdash", SYM_MO, "⊢" }, { "therefore", SYM_MO, "∴" }, { "because", SYM_MO, "∵" },
  { "in", SYM_MO, "∈" }, { "notin", SYM_MO, "∉" }, { "ni", SYM_MO, "∋" },
  { "subset", SYM_MO, "⊂" }, { "subseteq", SYM_MO, "⊆" }, { "supset", SYM_MO, "⊃" },
  { "supseteq", SYM_MO, "⊇" }, { "cup", SYM_MO, "∪" }, { "cap", SYM_MO, "∩" },
  { "forall", SYM_MO, "∀" }, { "exists", SYM_MO, "∃" }, { "neg", SYM_MO, "¬" },
  { "lnot", SYM_MO, "¬" }, { "land", SYM_MO, "∧" }, { "wedge", SYM_MO, "∧" },
  { "lor", SYM_MO, "∨" }, { "vee", SYM_MO, "∨" },
  { "to", SYM_MO, "→" }, { "rightarrow", SYM_MO, "→" }, { "leftarrow", SYM_MO, "←" },
  { "gets", SYM_MO, "←" }, { "Rightarrow", SYM_MO, "⇒" }, { "Leftarrow", SYM_MO, "⇐" },
  { "Leftrightarrow", SYM_MO, "⇔" }, { "leftrightarrow", SYM_MO, "↔" }, { "iff", SYM_MO, "⟺" },
  { "implies", SYM_MO, "⟹" }, { "impliedby", SYM_MO, "⟸" }, { "mapsto", SYM_MO, "↦" },
  { "longrightarrow", SYM_MO, "⟶" }, { "longleftarrow", SYM_MO, "⟵" },
  { "Longrightarrow", SYM_MO, "⟹" }, { "uparrow", SYM_MO, "↑" }, { "downarrow", SYM_MO, "↓" },
  { "cdots", SYM_MO, "⋯" }, { "ldots", SYM_MO, "…" }, { "dots", SYM_MO, "…" },
  { "vdots", SYM_MO, "⋮" }, { "ddots", SYM_MO, "⋱" }, { "prime", SYM_MO, "′" },
  { "langle", SYM_MO, "⟨" }, { "rangle", SYM_MO, "⟩" }, { "lfloor", SYM_MO, "⌊" },
  { "rfloor", SYM_MO, "⌋" }, { "lceil", SYM_MO, "⌈" }, { "rceil", SYM_MO, "⌉" },
  { "lvert", SYM_MO, "|" }, { "rvert", SYM_MO, "|" }, { "vert", SYM_MO, "|" },
  { "lVert", SYM_MO, "‖" }, { "rVert", SYM_MO, "‖" }, { "Vert", SYM_MO, "‖" },
  { "lt", SYM_MO, "<" }, { "gt", SYM_MO, ">" }, { "dagger", SYM_MO, "†" },
  { "triangleq", SYM_MO, "≜" }, { "rightleftharpoons", SYM_MO, "⇌" }, { "checkmark", SYM_MI, "✓" },
  { "bmod", SYM_FUNC, "mod" }, { "mod", SYM_FUNC, "mod" },
  /* big operators */
  { "sum", SYM_BIG, "∑" }, { "prod", SYM_BIG, "∏" }, { "coprod", SYM_BIG, "∐" },
  { "bigcup", SYM_BIG, "⋃" }, { "bigcap", SYM_BIG, "⋂" }, { "bigoplus", SYM_BIG, "⨁" },
  { "bigotimes", SYM_BIG, "⨂" }, { "bigvee", SYM_BIG, "⋁" }, { "bigwedge", SYM_BIG, "⋀" },
  { "int", SYM_INT, "∫" }, { "iint", SYM_INT, "∬" }, { "iiint", SYM_INT, "∭" },
  { "oint", SYM_INT, "∮" },
  /* functions */
  { "sin", SYM_FUNC, "sin" }, { "cos", SYM_FUNC, "cos" }, { "tan", SYM_FUNC, "tan" },
  { "cot", SYM_FUNC, "cot" }, { "sec", SYM_FUNC, "sec" }, { "csc", SYM_FUNC, "csc" },
  { "arcsin", SYM_FUNC, "arcsin" }, { "arccos", SYM_FUNC, "arccos" }, { "arctan", SYM_FUNC, "arctan" },
  { "sinh", SYM_FUNC, "sinh" }, { "cosh", SYM_FUNC, "cosh" }, { "tanh", SYM_FUNC, "tanh" },
  { "log", SYM_FUNC, "log" }, { "ln", SYM_FUNC, "ln" }, { "lg", SYM_FUNC, "lg" },
  { "exp", SYM_FUNC, "exp" }, { "deg", SYM_FUNC, "deg" }, { "dim", SYM_FUNC, "dim" },
  { "ker", SYM_FUNC, "ker" }, { "arg", SYM_FUNC, "arg" }, { "hom", SYM_FUNC, "hom" },
  { "lim", SYM_FUNC_LIM, "lim" }, { "liminf", SYM_FUNC_LIM, "lim inf" },
  { "limsup", SYM_FUNC_LIM, "lim sup" }, { "max", SYM_FUNC_LIM, "max" },
  { "min", SYM_FUNC_LIM, "min" }, { "sup", SYM_FUNC_LIM, "sup" }, { "inf", SYM_FUNC_LIM, "inf" },
  { "det", SYM_FUNC_LIM, "det" }, { "gcd", SYM_FUNC_LIM, "gcd" }, { "Pr", SYM_FUNC_LIM, "Pr" },
  { "argmax", SYM_FUNC_LIM, "arg max" }, { "argmin", SYM_FUNC_LIM, "arg min" },
  /* spaces */
  { "quad", SYM_SPACE, "1em" }, { "qquad", SYM_SPACE, "2em" }, { ",", SYM_SPACE, "0.1667em" },
  { ":", SYM_SPACE, "0.2222em" }, { ">", SYM_SPACE, "0.2222em" }, { ";", SYM_SPACE, "0.2778em" },
  { " ", SYM_SPACE, "0.3333em" }, { "enspace", SYM_SPACE, "0.5em" }, { "thinspace", SYM_SPACE, "0.1667em" },
  /* accents */
  { "hat", SYM_ACCENT, "^" }, { "widehat", SYM_ACCENT, "^" }, { "bar", SYM_ACCENT, "¯" },
  { "overline", SYM_ACCENT, "‾" }, { "vec", SYM_ACCENT, "→" }, { "overrightarrow", SYM_ACCENT, "→" },
  { "tilde", SYM_ACCENT, "~" }, { "widetilde", SYM_ACCENT, "~" }, { "dot", SYM_ACCENT, "˙" },
  { "ddot", SYM_ACCENT, "¨" }, { "overbrace", SYM_ACCENT, "⏞" },
  { "underline", SYM_UNDER, "_" }, { "underbrace", SYM_UNDER, "⏟" },
  /* nothing to show */
  { "displaystyle", SYM_SILENT, NULL }, { "textstyle", SYM_SILENT, NULL },
  { "scriptstyle", SYM_SILENT, NULL }, { "limits", SYM_SILENT, NULL },
  { "nolimits", SYM_SILENT, NULL }, { "!", SYM_SILENT, NULL },
  { "left", SYM_SILENT, NULL }, { "right", SYM_SILENT, NULL },
  { "big", SYM_SILENT, NULL }, { "Big", SYM_SILENT, NULL }, { "bigg", SYM_SILENT, NULL },
  { "Bigg", SYM_SILENT, NULL }, { "bigl", SYM_SILENT, NULL }, { "bigr", SYM_SILENT, NULL },
  { "Bigl", SYM_SILENT, NULL }, { "Bigr", SYM_SILENT, NULL }, { "biggl", SYM_SILENT, NULL },
  { "biggr", SYM_SILENT, NULL }, { "Biggl", SYM_SILENT, NULL }, { "Biggr", SYM_SILENT, NULL },
};

static const Symbol *
lookup (const char *name,
        gsize       len)
{
  for (gsize k = 0; k < G_N_ELEMENTS (symbols); k++)
    if (symbols[k].name[0] == name[0] && strncmp (symbols[k].name, name, len) == 0 && symbols[k].name[len] == '\0')
      return &symbols[k];
  return NULL;
}

static gboolean
name_is (const char *name,
         gsize       len,
         const char *what)
{
  return strlen (what) == len && memcmp (name, what, len) == 0;
}

/* Output */

static void
put (Tex        *t,
     const char *literal)
{
  fw_string_append_len (t->out, literal, strlen (literal));
}

static void
put_escaped (Tex        *t,
             const char *s,
             gsize       len)
{
  fw_append_html_escaped_len (t->out, s, (gssize) len);
}

/* <tag>, </tag> */
static void
put_tag (GString    *out,
         const char *tag,
         gboolean    close)
{
  fw_string_append_len (out, "</", close ? 2 : 1);
  fw_string_append_len (out, tag, strlen (tag));
  fw_string_append_len (out, ">", 1);
}

static void
put_element (Tex        *t,
             const char *tag,
             const char *s,
             gsize       len)
{
  put_tag (t->out, tag, FALSE);
  put_escaped (t, s, len);
  put_tag (t->out, tag, TRUE);
}

/* A bracket that keeps its size. */
static void
put_plain_fence (Tex        *t,
                 const char *s,
                 gsize       len)
{
  put (t, "<mo stretchy=\"false\">");
  put_escaped (t, s, len);
  put (t, "</mo>");
}

/* The source from @from to the current position, as text. */
static void
put_source (Tex   *t,
            gsize  from)
{
  put_element (t, "mtext", t->s + from, t->i - from);
}

/* Reading */

static void
skip_spaces (Tex *t)
{
  while (t->i < t->len && g_ascii_isspace (t->s[t->i]))
    t->i++;
}

static gboolean
at (Tex        *t,
    const char *literal)
{
  gsize n = strlen (literal);

  return t->len - t->i >= n && memcmp (t->s + t->i, literal, n) == 0;
}

/* A command at the current position ('\' then letters, or '\' then one
 * other character): its name without the backslash. */
static gboolean
peek_command (Tex         *t,
              const char **name,
              gsize       *len)
{
  gsize k = t->i + 1;

  if (t->i >= t->len || t->s[t->i] != '\\' || k >= t->len)
    return FALSE;
  if (g_ascii_isalpha (t->s[k]))
    while (k < t->len && g_ascii_isalpha (t->s[k]))
      k++;
  else
    k += g_utf8_skip[(guchar) t->s[k]];
  *name = t->s + t->i + 1;
  *len = MIN (k, t->len) - t->i - 1;
  return TRUE;
}

/* The length of the UTF-8 character at the current position. */
static gsize
char_length (Tex *t)
{
  return MIN ((gsize) g_utf8_skip[(guchar) t->s[t->i]], t->len - t->i);
}

/* "{name}" after \begin or \end: the name, consumed; NULL when there is
 * none (nothing is consumed then). */
static const char *
read_braced_name (Tex   *t,
                  gsize *len)
{
  gsize k;

  skip_spaces (t);
  if (t->i >= t->len || t->s[t->i] != '{')
    return NULL;
  for (k = t->i + 1; k < t->len && k - t->i <= 32 && (g_ascii_isalpha (t->s[k]) || t->s[k] == '*'); k++)
    ;
  if (k >= t->len || t->s[k] != '}')
    return NULL;
  *len = k - t->i - 1;
  t->i = k + 1;
  return t->s + t->i - *len - 1;
}

/* A delimiter after \left, \right or \big: its character ("" for '.'),
 * consumed; NULL when there is none. */
static const char *
read_delimiter (Tex *t)
{
  static const struct { const char *name; const char *text; } named[] = {
    { "{", "{" }, { "}", "}" }, { "|", "‖" }, { "langle", "⟨" }, { "rangle", "⟩" },
    { "lvert", "|" }, { "rvert", "|" }, { "vert", "|" }, { "lVert", "‖" }, { "rVert", "‖" },
    { "Vert", "‖" }, { "lfloor", "⌊" }, { "rfloor", "⌋" }, { "lceil", "⌈" }, { "rceil", "⌉" },
    { "backslash", "\\" },
  };
  const char *name;
  gsize len;

  skip_spaces (t);
  if (t->i >= t->len)
    return NULL;
  if (peek_command (t, &name, &len))
    {
      for (gsize k = 0; k < G_N_ELEMENTS (named); k++)
        if (name_is (name, len, named[k].name))
          {
            t->i += 1 + len;
            return named[k].text;
          }
      return NULL;
    }
  switch (t->s[t->i++])
    {
    case '(': return "(";
    case ')': return ")";
    case '[': return "[";
    case ']': return "]";
    case '|': return "|";
    case '/': return "/";
    case '<': return "⟨";
    case '>': return "⟩";
    case '.': return "";
    default:
      t->i--;
      return NULL;
    }
}

/* Letters in a font */

static gunichar
font_letter (Font  font,
             char  c)
{
  static const struct { Font font; char c; gunichar u; } holes[] = {
    { FONT_BB, 'C', 0x2102 }, { FONT_BB, 'H', 0x210D }, { FONT_BB, 'N', 0x2115 },
    { FONT_BB, 'P', 0x2119 }, { FONT_BB, 'Q', 0x211A }, { FONT_BB, 'R', 0x211D },
    { FONT_BB, 'Z', 0x2124 },
    { FONT_CAL, 'B', 0x212C }, { FONT_CAL, 'E', 0x2130 }, { FONT_CAL, 'F', 0x2131 },
    { FONT_CAL, 'H', 0x210B }, { FONT_CAL, 'I', 0x2110 }, { FONT_CAL, 'L', 0x2112 },
    { FONT_CAL, 'M', 0x2133 }, { FONT_CAL, 'R', 0x211B }, { FONT_CAL, 'e', 0x212F },
    { FONT_CAL, 'g', 0x210A }, { FONT_CAL, 'o', 0x2134 },
    { FONT_FRAK, 'C', 0x212D }, { FONT_FRAK, 'H', 0x210C }, { FONT_FRAK, 'I', 0x2111 },
    { FONT_FRAK, 'R', 0x211C }, { FONT_FRAK, 'Z', 0x2128 },
  };
  gunichar upper = 0, lower = 0;

  for (gsize k = 0; k < G_N_ELEMENTS (holes); k++)
    if (holes[k].font == font && holes[k].c == c)
      return holes[k].u;

  switch (font)
    {
    case FONT_BF: upper = 0x1D400; lower = 0x1D41A; break;
    case FONT_BB: upper = 0x1D538; lower = 0x1D552; break;
    case FONT_CAL: upper = 0x1D49C; lower = 0x1D4B6; break;
    case FONT_FRAK: upper = 0x1D504; lower = 0x1D51E; break;
    case FONT_NONE:
    case FONT_RM:
    default:
      return (gunichar) c;
    }
  return g_ascii_isupper (c) ? upper + (gunichar) (c - 'A') : lower + (gunichar) (c - 'a');
}

/* Parsing */

static guint parse_list (Tex *t, guint stops);
static AtomKind parse_atom (Tex *t, guint stops);

/* A list of atoms as one element. */
static guint
parse_row (Tex   *t,
           guint  stops)
{
  guint stop;

  put (t, "<mrow>");
  stop = parse_list (t, stops);
  put (t, "</mrow>");
  return stop;
}

/* The argument of a command or script: {…} or a single atom. Past the
 * depth limit nothing is consumed: what follows is read by the list. */
static void
parse_argument (Tex *t)
{
  AtomKind kind = ATOM_NONE;

  skip_spaces (t);
  if (t->depth >= MAX_DEPTH)
    {
      put (t, "<mrow></mrow>");
      return;
    }
  t->depth++;
  if (t->i < t->len && t->s[t->i] == '{')
    {
      Font font = t->font;

      t->i++;
      if (parse_row (t, STOP_BRACE) == STOP_BRACE)
        t->i++;
      t->font = font;
    }
  else
    {
      if (t->i < t->len && t->s[t->i] != '}' && t->s[t->i] != '&' && !at (t, "\\\\"))
        kind = parse_atom (t, STOP_BRACE | STOP_CELL | STOP_ROW | STOP_RIGHT | STOP_END);
      if (kind == ATOM_NONE || kind == ATOM_SILENT)
        put (t, "<mrow></mrow>");
    }
  t->depth--;
}

/* \text{…}: the text as it is, up to the matching brace. */
static void
parse_text (Tex *t)
{
  gsize from, k;
  int level = 0;

  skip_spaces (t);
  if (t->i >= t->len || t->s[t->i] != '{')
    {
      put (t, "<mrow></mrow>");
      return;
    }
  from = t->i + 1;
  for (k = from; k < t->len; k++)
    {
      if (t->s[k] == '\\' && k + 1 < t->len)
        k++;
      else if (t->s[k] == '{')
        level++;
      else if (t->s[k] == '}' && level-- == 0)
        break;
    }
  put_element (t, "mtext", t->s + from, MIN (k, t->len) - from);
  t->i = MIN (k + 1, t->len);
}

static void
parse_font (Tex  *t,
            Font  font)
{
  Font saved = t->font;

  t->font = font;
  parse_argument (t);
  t->font = saved;
}

/* Rows of cells up to \end, or to the end of the source for the top
 * level. The first cell is written as it is until a '&' or "\\" shows
 * that there is a table. */
static guint
parse_cells (Tex        *t,
             guint       stops,
             gboolean    table,
             const char *columnalign)
{
  gsize start = t->out->len;
  guint stop;

  if (table)
    {
      put (t, "<mtable");
      if (columnalign)
        g_string_append_printf (t->out, " columnalign=\"%s\"", columnalign);
      put (t, "><mtr><mtd>");
    }
  stop = parse_row (t, stops | STOP_CELL | STOP_ROW);
  if (!table && (stop == STOP_CELL || stop == STOP_ROW))
    {
      g_autofree char *head = g_strdup ("<mtable><mtr><mtd>");

      g_string_insert (t->out, start, head);
      table = TRUE;
    }
  while (stop == STOP_CELL || stop == STOP_ROW)
    {
      t->i += stop == STOP_CELL ? 1 : 2;
      /* "\\[2pt]": extra space between rows, not shown */
      if (stop == STOP_ROW && t->i < t->len && t->s[t->i] == '[')
        {
          gsize k = t->i + 1;

          while (k < t->len && k - t->i < 16 && (g_ascii_isalnum (t->s[k]) || t->s[k] == '.' || t->s[k] == '-'))
            k++;
          if (k < t->len && t->s[k] == ']')
            t->i = k + 1;
        }
      put (t, stop == STOP_CELL ? "</mtd><mtd>" : "</mtd></mtr><mtr><mtd>");
      stop = parse_row (t, stops | STOP_CELL | STOP_ROW);
    }
  if (table)
    put (t, "</mtd></mtr></mtable>");
  return stop;
}

static void
put_fence (Tex        *t,
           const char *delimiter)
{
  if (delimiter == NULL || *delimiter == '\0')
    return;
  put (t, "<mo fence=\"true\">");
  put_escaped (t, delimiter, strlen (delimiter));
  put (t, "</mo>");
}

/* \begin{name} … \end{name}; the name has been read. */
static void
parse_environment (Tex        *t,
                   const char *name,
                   gsize       len)
{
  static const struct { const char *name; const char *open; const char *close; const char *align; } envs[] = {
    { "matrix", NULL, NULL, NULL }, { "smallmatrix", NULL, NULL, NULL },
    { "pmatrix", "(", ")", NULL }, { "bmatrix", "[", "]", NULL },
    { "Bmatrix", "{", "}", NULL }, { "vmatrix", "|", "|", NULL },
    { "Vmatrix", "‖", "‖", NULL }, { "cases", "{", NULL, "left left" },
    { "aligned", NULL, NULL, "right left right left" }, { "align", NULL, NULL, "right left right left" },
    { "align*", NULL, NULL, "right left right left" }, { "split", NULL, NULL, "right left" },
    { "alignat", NULL, NULL, "right left right left" }, { "eqnarray", NULL, NULL, "right center left" },
    { "gathered", NULL, NULL, NULL }, { "gather", NULL, NULL, NULL }, { "gather*", NULL, NULL, NULL },
    { "array", NULL, NULL, NULL }, { "equation", NULL, NULL, NULL }, { "equation*", NULL, NULL, NULL },
  };
  gsize k;

  for (k = 0; k < G_N_ELEMENTS (envs); k++)
    if (name_is (name, len, envs[k].name))
      break;
  if (k == G_N_ELEMENTS (envs) || t->depth >= MAX_DEPTH)
    {
      put (t, "<mtext>\\begin{");
      put_escaped (t, name, len);
      put (t, "}</mtext>");
      return;
    }

  /* array's column specification, alignat's column count */
  skip_spaces (t);
  if ((name_is (name, len, "array") || name_is (name, len, "alignat")) && t->i < t->len && t->s[t->i] == '{')
    {
      const char *close = memchr (t->s + t->i, '}', t->len - t->i);

      t->i = close ? (gsize) (close - t->s) + 1 : t->len;
    }

  t->depth++;
  put (t, "<mrow>");
  put_fence (t, envs[k].open);
  if (parse_cells (t, STOP_END, TRUE, envs[k].align) == STOP_END)
    {
      gsize end_len;

      t->i += strlen ("\\end");
      read_braced_name (t, &end_len);
    }
  put_fence (t, envs[k].close);
  put (t, "</mrow>");
  t->depth--;
}

/* \left( … \right) */
static void
parse_left_right (Tex *t)
{
  const char *open = read_delimiter (t);

  put (t, "<mrow>");
  if (open == NULL)
    put (t, "<mtext>\\left</mtext>");
  put_fence (t, open);
  t->depth++;
  if (parse_row (t, STOP_RIGHT) == STOP_RIGHT)
    {
      const char *close;

      t->i += strlen ("\\right");
      close = read_delimiter (t);
      if (close == NULL)
        put (t, "<mtext>\\right</mtext>");
      put_fence (t, close);
    }
  t->depth--;
  put (t, "</mrow>");
}

static void
put_mi (Tex        *t,
        const char *s,
        gsize       len,
        gboolean    upright)
{
  put (t, upright ? "<mi mathvariant=\"normal\">" : "<mi>");
  put_escaped (t, s, len);
  put (t, "</mi>");
}

static void
put_letters (Tex *t)
{
  if (t->font == FONT_RM)
    {
      gsize from = t->i;

      while (t->i < t->len && g_ascii_isalpha (t->s[t->i]))
        t->i++;
      put_mi (t, t->s + from, t->i - from, t->i - from == 1);
    }
  else
    {
      char buf[8];
      gunichar u = font_letter (t->font, t->s[t->i++]);
      int n = g_unichar_to_utf8 (u, buf);

      put_mi (t, buf, n, FALSE);
    }
}

/* A command; the backslash is at the current position. */
static AtomKind
parse_command (Tex   *t,
               guint  stops)
{
  gsize from = t->i;
  const char *name;
  gsize len;
  const Symbol *symbol;

  if (!peek_command (t, &name, &len))
    {
      t->i++;
      put (t, "<mtext>\\</mtext>");
      return ATOM_ORD;
    }

  if (name_is (name, len, "\\"))
    {
      t->i += 2;
      put (t, "<mspace width=\"1em\"></mspace>");
      return ATOM_ORD;
    }
  if (name_is (name, len, "right") && (stops & STOP_RIGHT))
    return ATOM_NONE;
  if (name_is (name, len, "end") && (stops & STOP_END))
    return ATOM_NONE;

  t->i += 1 + len;

  if (len == 1 && (name[0] == '{' || name[0] == '}' || name[0] == '|'))
    {
      put_plain_fence (t, name[0] == '|' ? "‖" : name, name[0] == '|' ? strlen ("‖") : 1);
      return ATOM_ORD;
    }
  if (len == 1 && strchr ("%$#&_", name[0]) != NULL)
    {
      put_element (t, "mi", name, 1);
      return ATOM_ORD;
    }
  if (name_is (name, len, "frac") || name_is (name, len, "dfrac") || name_is (name, len, "tfrac") ||
      name_is (name, len, "cfrac"))
    {
      put (t, "<mfrac>");
      parse_argument (t);
      parse_argument (t);
      put (t, "</mfrac>");
      return ATOM_ORD;
    }
  if (name_is (name, len, "binom") || name_is (name, len, "dbinom") || name_is (name, len, "tbinom"))
    {
      put (t, "<mrow><mo fence=\"true\">(</mo><mfrac linethickness=\"0\">");
      parse_argument (t);
      parse_argument (t);
      put (t, "</mfrac><mo fence=\"true\">)</mo></mrow>");
      return ATOM_ORD;
    }
  if (name_is (name, len, "sqrt"))
    {
      skip_spaces (t);
      if (t->i < t->len && t->s[t->i] == '[' && t->depth < MAX_DEPTH)
        {
          GString *out = t->out;
          g_autoptr(GString) index = g_string_new (NULL);

          /* The index comes second in <mroot>. */
          t->i++;
          t->out = index;
          t->depth++;
          parse_row (t, STOP_INDEX);
          t->depth--;
          t->out = out;
          if (t->i < t->len && t->s[t->i] == ']')
            t->i++;
          put (t, "<mroot>");
          parse_argument (t);
          g_string_append_len (t->out, index->str, index->len);
          put (t, "</mroot>");
        }
      else
        {
          put (t, "<msqrt>");
          parse_argument (t);
          put (t, "</msqrt>");
        }
      return ATOM_ORD;
    }
  if (name_is (name, len, "text") || name_is (name, len, "textrm") || name_is (name, len, "mbox") ||
      name_is (name, len, "textit") || name_is (name, len, "textbf") || name_is (name, len, "textnormal"))
    {
      parse_text (t);
      return ATOM_ORD;
    }
  if (name_is (name, len, "mathrm") || name_is (name, len, "operatorname") || name_is (name, len, "mathsf") ||
      name_is (name, len, "mathtt") || name_is (name, len, "rm"))
    {
      AtomKind kind = name_is (name, len, "operatorname") ? ATOM_SCRIPTS : ATOM_ORD;

      if (name_is (name, len, "rm"))
        {
          t->font = FONT_RM;
          return ATOM_ORD;
        }
      parse_font (t, FONT_RM);
      return kind;
    }
  if (name_is (name, len, "mathbf") || name_is (name, len, "boldsymbol") || name_is (name, len, "bm"))
    {
      parse_font (t, FONT_BF);
      return ATOM_ORD;
    }
  if (name_is (name, len, "mathbb"))
    {
      parse_font (t, FONT_BB);
      return ATOM_ORD;
    }
  if (name_is (name, len, "mathcal") || name_is (name, len, "mathscr"))
    {
      parse_font (t, FONT_CAL);
      return ATOM_ORD;
    }
  if (name_is (name, len, "mathfrak"))
    {
      parse_font (t, FONT_FRAK);
      return ATOM_ORD;
    }
  if (name_is (name, len, "mathit"))
    {
      parse_font (t, FONT_NONE);
      return ATOM_ORD;
    }
  if (name_is (name, len, "boxed") || name_is (name, len, "fbox"))
    {
      /* MathML Core has no <menclose>: a box drawn by the style sheet */
      put (t, "<mrow class=\"boxed\">");
      if (name[0] == 'f')
        parse_text (t);
      else
        parse_argument (t);
      put (t, "</mrow>");
      return ATOM_ORD;
    }
  if (name_is (name, len, "pmod"))
    {
      put (t, "<mrow>");
      put_plain_fence (t, "(", 1);
      put (t, "<mi>mod</mi><mspace width=\"0.3333em\"></mspace>");
      parse_argument (t);
      put_plain_fence (t, ")", 1);
      put (t, "</mrow>");
      return ATOM_ORD;
    }
  if (name_is (name, len, "overset") || name_is (name, len, "underset") || name_is (name, len, "stackrel"))
    {
      /* the mark comes first in the source, second in MathML */
      GString *out = t->out;
      g_autoptr(GString) mark = g_string_new (NULL);
      gboolean under = name[0] == 'u';

      t->out = mark;
      parse_argument (t);
      t->out = out;
      put (t, under ? "<munder>" : "<mover>");
      parse_argument (t);
      g_string_append_len (t->out, mark->str, mark->len);
      put (t, under ? "</munder>" : "</mover>");
      return ATOM_ORD;
    }
  if (name_is (name, len, "xrightarrow") || name_is (name, len, "xleftarrow"))
    {
      put (t, name[1] == 'r' ? "<mover><mo stretchy=\"true\">→</mo>" : "<mover><mo stretchy=\"true\">←</mo>");
      parse_argument (t);
      put (t, "</mover>");
      return ATOM_ORD;
    }
  if (name_is (name, len, "left") && t->depth < MAX_DEPTH)
    {
      parse_left_right (t);
      return ATOM_ORD;
    }
  if (name_is (name, len, "begin"))
    {
      gsize env_len;
      const char *env = read_braced_name (t, &env_len);

      if (env == NULL)
        {
          put_source (t, from);
          return ATOM_ORD;
        }
      parse_environment (t, env, env_len);
      return ATOM_ORD;
    }
  if (name_is (name, len, "end"))
    {
      gsize end_len;

      read_braced_name (t, &end_len);
      put_source (t, from);
      return ATOM_ORD;
    }
  if (g_str_has_prefix (name, "big") || g_str_has_prefix (name, "Big"))
    {
      symbol = lookup (name, len);
      if (symbol != NULL && symbol->kind == SYM_SILENT)
        {
          const char *delimiter = read_delimiter (t);

          if (delimiter == NULL)
            put_source (t, from);
          else if (*delimiter != '\0')
            put_element (t, "mo", delimiter, strlen (delimiter));
          return ATOM_ORD;
        }
    }

  symbol = lookup (name, len);
  if (symbol == NULL || (symbol->kind == SYM_SILENT && (name_is (name, len, "left") || name_is (name, len, "right"))))
    {
      put_source (t, from);
      return ATOM_ORD;
    }

  switch (symbol->kind)
    {
    case SYM_MI:
      put_element (t, "mi", symbol->text, strlen (symbol->text));
      return ATOM_ORD;
    case SYM_MI_UP:
      put_mi (t, symbol->text, strlen (symbol->text), TRUE);
      return ATOM_ORD;
    case SYM_MO:
      put_element (t, "mo", symbol->text, strlen (symbol->text));
      return ATOM_ORD;
    case SYM_BIG:
      put (t, "<mo largeop=\"true\" movablelimits=\"false\">");
      put (t, symbol->text);
      put (t, "</mo>");
      return ATOM_LIMITS;
    case SYM_INT:
      put (t, "<mo largeop=\"true\">");
      put (t, symbol->text);
      put (t, "</mo>");
      return ATOM_SCRIPTS;
    case SYM_FUNC:
      put_element (t, "mi", symbol->text, strlen (symbol->text));
      return ATOM_ORD;
    case SYM_FUNC_LIM:
      put_element (t, "mi", symbol->text, strlen (symbol->text));
      return ATOM_LIMITS;
    case SYM_SPACE:
      put (t, "<mspace width=\"");
      put (t, symbol->text);
      put (t, "\"></mspace>");
      return ATOM_ORD;
    case SYM_ACCENT:
    case SYM_UNDER:
      {
        gboolean under = symbol->kind == SYM_UNDER;
        gboolean brace = g_str_has_suffix (symbol->name, "brace");

        put (t, under ? "<munder accentunder=\"true\">" : "<mover accent=\"true\">");
        parse_argument (t);
        put (t, "<mo stretchy=\"true\">");
        put_escaped (t, symbol->text, strlen (symbol->text));
        put (t, "</mo>");
        put (t, under ? "</munder>" : "</mover>");
        return brace ? ATOM_LIMITS : ATOM_ORD;
      }
    case SYM_SILENT:
    case SYM_FONT:
    default:
      return ATOM_SILENT;
    }
}

static AtomKind
parse_atom (Tex   *t,
            guint  stops)
{
  char c;

  skip_spaces (t);
  if (t->i >= t->len)
    return ATOM_NONE;
  c = t->s[t->i];

  switch (c)
    {
    case ']':
      if (stops & STOP_INDEX)
        return ATOM_NONE;
      break;
    case '}':
      if (stops & STOP_BRACE)
        return ATOM_NONE;
      t->i++;
      put (t, "<mtext>}</mtext>");
      return ATOM_ORD;
    case '&':
      if (stops & STOP_CELL)
        return ATOM_NONE;
      t->i++;
      put (t, "<mtext>&amp;</mtext>");
      return ATOM_ORD;
    case '\\':
      if (at (t, "\\\\") && (stops & STOP_ROW))
        return ATOM_NONE;
      return parse_command (t, stops);
    case '{':
      if (t->depth >= MAX_DEPTH)
        {
          t->i++;
          put (t, "<mtext>{</mtext>");
          return ATOM_ORD;
        }
      parse_argument (t);
      return ATOM_ORD;
    case '^':
    case '_':
      /* A script without a base. */
      put (t, "<mrow></mrow>");
      return ATOM_ORD;
    case '~':
      t->i++;
      put (t, "<mspace width=\"0.3333em\"></mspace>");
      return ATOM_ORD;
    default:
      break;
    }

  if (g_ascii_isalpha (c))
    {
      put_letters (t);
      return ATOM_ORD;
    }
  if (g_ascii_isdigit (c) || (c == '.' && t->i + 1 < t->len && g_ascii_isdigit (t->s[t->i + 1])))
    {
      gsize from = t->i;

      while (t->i < t->len && (g_ascii_isdigit (t->s[t->i]) ||
                               (t->s[t->i] == '.' && t->i + 1 < t->len && g_ascii_isdigit (t->s[t->i + 1]))))
        t->i++;
      put_element (t, "mn", t->s + from, t->i - from);
      return ATOM_ORD;
    }
  if ((guchar) c >= 0x80)
    {
      gsize n = char_length (t);
      gunichar u = g_utf8_get_char_validated (t->s + t->i, n);

      put_element (t, u != (gunichar) -1 && u != (gunichar) -2 &&
                      g_unichar_type (u) == G_UNICODE_MATH_SYMBOL ? "mo" : "mi",
                   t->s + t->i, n);
      t->i += n;
      return ATOM_ORD;
    }

  t->i++;
  switch (c)
    {
    case '-': put (t, "<mo>−</mo>"); break;
    case '*': put (t, "<mo>∗</mo>"); break;
    case '\'': put (t, "<mo>′</mo>"); break;
    case '(': case ')': case '[': case ']': case '|':
      /* Only \left and \right stretch, as in TeX. */
      put_plain_fence (t, &c, 1);
      break;
    default:
      if (c < ' ')
        break;  /* control characters: nothing to show */
      put_element (t, "mo", &c, 1);
      break;
    }
  return ATOM_ORD;
}

/* The script after '_' or '^', written where the output is. */
static void
parse_script (Tex *t)
{
  t->i++;
  parse_argument (t);
}

/* Output from @a to @b and from @b to the end, the other way round. */
static void
swap_tail (GString *out,
           gsize    a,
           gsize    b)
{
  g_autofree char *first = g_strndup (out->str + a, b - a);

  memmove (out->str + a, out->str + b, out->len - b);
  memcpy (out->str + a + (out->len - b), first, b - a);
}

static guint
parse_list (Tex   *t,
            guint  stops)
{
  for (;;)
    {
      gsize base = t->out->len;
      AtomKind kind = parse_atom (t, stops);
      gboolean sub = FALSE, sup = FALSE, sup_first = FALSE;
      gsize base_end;
      gsize second = 0;  /* where the second script starts */
      gboolean limits;
      const char *tag;

      if (kind == ATOM_NONE)
        {
          if (t->i >= t->len)
            return 0;
          if (t->s[t->i] == '}')
            return STOP_BRACE;
          if (t->s[t->i] == '&')
            return STOP_CELL;
          if (at (t, "\\\\"))
            return STOP_ROW;
          if (at (t, "\\right"))
            return STOP_RIGHT;
          if (t->s[t->i] == ']')
            return STOP_INDEX;
          return STOP_END;
        }
      if (kind == ATOM_SILENT)
        continue;

      base_end = t->out->len;
      limits = kind == ATOM_LIMITS && t->display;
      for (;;)
        {
          skip_spaces (t);
          if (at (t, "\\limits"))
            {
              t->i += strlen ("\\limits");
              limits = kind != ATOM_ORD;
            }
          else if (at (t, "\\nolimits"))
            {
              t->i += strlen ("\\nolimits");
              limits = FALSE;
            }
          else if (t->i < t->len && ((t->s[t->i] == '_' && !sub) || (t->s[t->i] == '^' && !sup)))
            {
              if (sub || sup)
                second = t->out->len;
              else
                sup_first = t->s[t->i] == '^';
              if (t->s[t->i] == '_')
                sub = TRUE;
              else
                sup = TRUE;
              parse_script (t);
            }
          else
            break;
        }
      if (!sub && !sup)
        continue;
      /* <msubsup> wants the subscript first */
      if (sub && sup && sup_first)
        swap_tail (t->out, base_end, second);

      if (sub && sup)
        tag = limits ? "munderover" : "msubsup";
      else if (sub)
        tag = limits ? "munder" : "msub";
      else
        tag = limits ? "mover" : "msup";
      {
        char open[16] = "<";
        gsize n = strlen (tag);

        memcpy (open + 1, tag, n);
        open[n + 1] = '>';
        g_string_insert_len (t->out, base, open, n + 2);
      }
      put_tag (t->out, tag, TRUE);
    }
}

void
fw_math_append_mathml (GString    *out,
                       const char *tex,
                       gsize       len,
                       gboolean    display)
{
  Tex t = { out, tex, len, 0, display, FONT_NONE, 0 };

  g_string_append (out, display ? "<math display=\"block\">" : "<math>");
  g_string_append (out, "<semantics>");
  /* At the top, '}', \right and \end without their opening are text. */
  parse_cells (&t, 0, FALSE, NULL);
  g_string_append (out, "<annotation encoding=\"application/x-tex\">");
  fw_append_html_escaped_len (out, tex, (gssize) len);
  g_string_append (out, "</annotation></semantics></math>");
}

/* Markdown */

/* Where "\)" or "\]" closes what starts at @from: before @end and, for
 * "\)", on the same line; for "\]", in the same paragraph (before a blank
 * line). NULL when nothing does; *stop is then where the search ended. A
 * backslash takes the next character with it. */
static const char *
tex_close (const char  *from,
           const char  *end,
           char         close,
           const char **stop)
{
  const char *p;

  for (p = from; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        {
          if (p[1] == close)
            return p;
          if (p[1] != '\n')
            p++;
        }
      else if (*p == '\n')
        {
          const char *q = p + 1;

          if (close == ')')
            break;
          while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
          if (q >= end || *q == '\n')
            break;
          p = q - 1;
        }
    }
  *stop = p;
  return NULL;
}

/* A fence line: up to three spaces, then ``` or ~~~. */
static gboolean
is_fence (const char *line,
          const char *end)
{
  const char *p = line;

  while (p < end && *p == ' ' && p - line < 3)
    p++;
  return end - p >= 3 && (*p == '`' || *p == '~') && p[1] == *p && p[2] == *p;
}

/* A code span that starts at @p: where it ends, or NULL (and its run
 * length noted in *no_tick_run) when its line has no closing run. */
static const char *
code_span_end (const char *p,
               const char *line_end,
               guint32    *no_tick_run)
{
  const char *q = p;
  gsize n;

  while (q < line_end && *q == '`')
    q++;
  n = q - p;
  if (n >= 32 || (*no_tick_run & (1u << n)))
    return NULL;
  for (const char *k = q; k < line_end; )
    {
      const char *r = k;

      if (*k != '`')
        {
          k++;
          continue;
        }
      while (r < line_end && *r == '`')
        r++;
      if ((gsize) (r - k) == n)
        return r;
      k = r;
    }
  *no_tick_run |= 1u << n;
  return NULL;
}

/* "\(" or "\[" at @p, closed at @close, as $…$ or $$…$$. FALSE for
 * "\( \)", which stays as it is. */
static gboolean
append_dollars (GString    *out,
                const char *p,
                const char *close)
{
  gboolean display = p[1] == '[';
  const char *from = p + 2, *to = close;

  /* "$ x $" is not math for Obsidian: no spaces inside; and "$$" would
   * be display math. */
  if (!display)
    {
      while (from < to && g_ascii_isspace (*from))
        from++;
      while (to > from && g_ascii_isspace (to[-1]))
        to--;
      if (from == to)
        return FALSE;
    }
  fw_string_append_len (out, "$$", display ? 2 : 1);
  fw_string_append_len (out, from, to - from);
  fw_string_append_len (out, "$$", display ? 2 : 1);
  return TRUE;
}

void
fw_math_append_markdown (GString    *out,
                         const char *text,
                         gsize       len)
{
  const char *end = text + len;
  const char *p = text, *lit = text;
  const char *line_end = text;
  /* openers before these have no closer */
  const char *no_paren_before = text, *no_bracket_before = text;
  gboolean in_fence = FALSE;
  guint32 no_tick_run = 0;  /* bit n: no closing run of n backticks on this line */
  const char *slash = memchr (text, '\\', len);

  /* Nothing to change without "\(" or "\[". */
  while (slash != NULL && slash + 1 < end && slash[1] != '(' && slash[1] != '[')
    slash = memchr (slash + 2, '\\', end - slash - 2);
  if (slash == NULL || slash + 1 >= end)
    {
      fw_string_append_len (out, text, len);
      return;
    }

  while (p < end)
    {
      if (p >= line_end)
        {
          /* a new line: fences and what they hold are copied as they are */
          const char *eol = memchr (p, '\n', end - p);

          line_end = eol ? eol : end;
          if (is_fence (p, line_end))
            in_fence = !in_fence;
          if (in_fence || is_fence (p, line_end))
            {
              p = line_end + 1;
              continue;
            }
          no_tick_run = 0;
        }

      switch (*p)
        {
        case '`':
          {
            const char *span_end = code_span_end (p, line_end, &no_tick_run);

            p = span_end ? span_end : p + strspn (p, "`");
          }
          break;
        case '\\':
          if (p + 1 < end && (p[1] == '(' || p[1] == '['))
            {
              gboolean display = p[1] == '[';
              const char *close = NULL, *stop = NULL;

              if (p >= (display ? no_bracket_before : no_paren_before))
                {
                  close = tex_close (p + 2, end, display ? ']' : ')', &stop);
                  if (close == NULL && display)
                    no_bracket_before = stop;
                  else if (close == NULL)
                    no_paren_before = stop;
                }
              if (close != NULL)
                {
                  fw_string_append_len (out, lit, p - lit);
                  if (!append_dollars (out, p, close))
                    fw_string_append_len (out, p, close + 2 - p);
                  p = lit = close + 2;
                  /* a display may end on a later line */
                  if (p > line_end)
                    line_end = p;
                  break;
                }
            }
          p += p + 1 < end && p[1] != '\n' ? 2 : 1;
          break;
        default:
          p++;
          break;
        }
    }
  fw_string_append_len (out, lit, end - lit);
}
