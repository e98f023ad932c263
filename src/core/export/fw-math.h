/* fw-math.h — the LaTeX that ChatGPT writes for math, as MathML
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends len bytes of LaTeX math (the inside of $…$ or \[…\]) to out as
 * a <math> element (display="block" when display is TRUE), with the source
 * kept as its annotation. The subset answers use: fractions, roots,
 * scripts, Greek letters, big operators with limits, \left…\right,
 * relations and arrows, \text and the font commands, accents, matrices,
 * aligned and cases, spaces. A command it does not know is shown as its
 * source text, never dropped. Every character is escaped, nesting is
 * bounded, and the work is linear in the length of the source. */
void fw_math_append_mathml (GString    *out,
                            const char *tex,
                            gsize       len,
                            gboolean    display);

/* Appends len bytes of Markdown to out with the math delimiters ChatGPT
 * writes, \( … \) and \[ … \], turned into $…$ and $$…$$ (what Obsidian
 * and most Markdown editors read), except in code blocks and code spans.
 * Text without a backslash is appended unchanged. */
void fw_math_append_markdown (GString    *out,
                              const char *text,
                              gsize       len);

G_END_DECLS
