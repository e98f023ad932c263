/* fw-scan.h — finding the next byte that needs work, many bytes at a time
 *
 * The renderers spend most of their time copying text that needs nothing
 * done to it. These return how many bytes from @s on (at most @n) are
 * none of the bytes they look for: sixteen at a time with SSE2 (every
 * x86-64), eight at a time elsewhere, then one by one.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <glib.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Word-at-a-time scanning: (w - ONES * n) & ~w & HIGHS is non-zero when a
 * byte of w is below n (n <= 0x80), so with w ^ (ONES * c) when one is c. */
#define FW_SWAR_ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define FW_SWAR_HIGHS G_GUINT64_CONSTANT (0x8080808080808080)
#define FW_SWAR_HAS_ZERO(v) (((v) - FW_SWAR_ONES) & ~(v) & FW_SWAR_HIGHS)

static inline gboolean
fw_scan_is_html_special (char c)
{
  return c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' || c == '\0';
}

/* '<', '>', '&', '"', '\'' and NUL: what HTML escaping replaces or drops. */
static inline gsize
fw_scan_html (const char *s,
              gsize       n)
{
  gsize i = 0;

#ifdef __SSE2__
  {
    const __m128i lt = _mm_set1_epi8 ('<'), gt = _mm_set1_epi8 ('>'), amp = _mm_set1_epi8 ('&');
    const __m128i quot = _mm_set1_epi8 ('"'), apos = _mm_set1_epi8 ('\''), nul = _mm_setzero_si128 ();

    for (; n - i >= 16; i += 16)
      {
        __m128i x = _mm_loadu_si128 ((const __m128i *) (s + i));
        __m128i hit = _mm_or_si128 (_mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (x, lt), _mm_cmpeq_epi8 (x, gt)),
                                                  _mm_or_si128 (_mm_cmpeq_epi8 (x, amp), _mm_cmpeq_epi8 (x, quot))),
                                    _mm_or_si128 (_mm_cmpeq_epi8 (x, apos), _mm_cmpeq_epi8 (x, nul)));
        int mask = _mm_movemask_epi8 (hit);

        if (mask != 0)
          return i + __builtin_ctz (mask);
      }
  }
#else
  for (; n - i >= 8; i += 8)
    {
      guint64 w;

      memcpy (&w, s + i, sizeof w);
      if ((FW_SWAR_HAS_ZERO (w) | FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '<')) |
           FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '>')) | FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '&')) |
           FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '"')) | FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '\''))) != 0)
        break;
    }
#endif
  while (i < n && !fw_scan_is_html_special (s[i]))
    i++;
  return i;
}

/* '`', '*', '_' and '[': where Markdown's inline markup can start; with
 * @math, '$' and '\\' too (where math can start). */
static inline gsize
fw_scan_inline (const char *s,
                gsize       n,
                gboolean    math)
{
  const char dollar = math ? '$' : '`', slash = math ? '\\' : '`';
  gsize i = 0;

#ifdef __SSE2__
  {
    const __m128i tick = _mm_set1_epi8 ('`'), star = _mm_set1_epi8 ('*');
    const __m128i under = _mm_set1_epi8 ('_'), bracket = _mm_set1_epi8 ('[');
    const __m128i dol = _mm_set1_epi8 (dollar), back = _mm_set1_epi8 (slash);

    for (; n - i >= 16; i += 16)
      {
        __m128i x = _mm_loadu_si128 ((const __m128i *) (s + i));
        __m128i hit = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (x, tick), _mm_cmpeq_epi8 (x, star)),
                                    _mm_or_si128 (_mm_cmpeq_epi8 (x, under), _mm_cmpeq_epi8 (x, bracket)));
        int mask;

        hit = _mm_or_si128 (hit, _mm_or_si128 (_mm_cmpeq_epi8 (x, dol), _mm_cmpeq_epi8 (x, back)));
        mask = _mm_movemask_epi8 (hit);
        if (mask != 0)
          return i + __builtin_ctz (mask);
      }
  }
#else
  for (; n - i >= 8; i += 8)
    {
      guint64 w;

      memcpy (&w, s + i, sizeof w);
      if ((FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '`')) | FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '*')) |
           FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '_')) | FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '[')) |
           FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * (guchar) dollar)) |
           FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * (guchar) slash))) != 0)
        break;
    }
#endif
  while (i < n && s[i] != '`' && s[i] != '*' && s[i] != '_' && s[i] != '[' && s[i] != dollar && s[i] != slash)
    i++;
  return i;
}

/* '"', '\\' and control characters: what a JSON string escapes. */
static inline gsize
fw_scan_json (const char *s,
              gsize       n)
{
  gsize i = 0;

#ifdef __SSE2__
  {
    const __m128i quote = _mm_set1_epi8 ('"'), slash = _mm_set1_epi8 ('\\');
    const __m128i space = _mm_set1_epi8 (0x1F);

    for (; n - i >= 16; i += 16)
      {
        __m128i x = _mm_loadu_si128 ((const __m128i *) (s + i));
        __m128i hit = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (x, quote), _mm_cmpeq_epi8 (x, slash)),
                                    _mm_cmpeq_epi8 (_mm_max_epu8 (x, space), space));
        int mask = _mm_movemask_epi8 (hit);

        if (mask != 0)
          return i + __builtin_ctz (mask);
      }
  }
#else
  for (; n - i >= 8; i += 8)
    {
      guint64 w;

      memcpy (&w, s + i, sizeof w);
      if ((((w - FW_SWAR_ONES * 0x20) & ~w & FW_SWAR_HIGHS) |
           FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '"')) | FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '\\'))) != 0)
        break;
    }
#endif
  while (i < n && (guchar) s[i] >= 0x20 && s[i] != '"' && s[i] != '\\')
    i++;
  return i;
}

/* '"' and '\\': where a JSON string may end. */
static inline gsize
fw_scan_quote (const char *s,
               gsize       n)
{
  gsize i = 0;

#ifdef __SSE2__
  {
    const __m128i quote = _mm_set1_epi8 ('"'), slash = _mm_set1_epi8 ('\\');

    for (; n - i >= 16; i += 16)
      {
        __m128i x = _mm_loadu_si128 ((const __m128i *) (s + i));
        int mask = _mm_movemask_epi8 (_mm_or_si128 (_mm_cmpeq_epi8 (x, quote), _mm_cmpeq_epi8 (x, slash)));

        if (mask != 0)
          return i + __builtin_ctz (mask);
      }
  }
#else
  for (; n - i >= 8; i += 8)
    {
      guint64 w;

      memcpy (&w, s + i, sizeof w);
      if ((FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '"')) | FW_SWAR_HAS_ZERO (w ^ (FW_SWAR_ONES * '\\'))) != 0)
        break;
    }
#endif
  while (i < n && s[i] != '"' && s[i] != '\\')
    i++;
  return i;
}
