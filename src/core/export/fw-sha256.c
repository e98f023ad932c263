/* fw-sha256.c — SHA-256 of an export, with the CPU's SHA instructions
 *
 * The manifest records the export's SHA-256, computed while it is
 * converted. GLib's portable SHA-256 runs at about 250 MB/s, so for a
 * multi-gigabyte export it took a core for seconds; x86-64 processors
 * since about 2017 have instructions for it (SHA-NI), about eight times
 * faster. Elsewhere, GChecksum does the work. tests/export/test-fast-paths.c
 * checks the two give the same digests.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fw-sha256.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

struct _FwSha256
{
  GChecksum *checksum;     /* without SHA-NI */
  guint32    state[8];
  guchar     block[64];
  gsize      block_len;
  guint64    total;
};

#ifdef HAVE_SHA_NI

static const guint32 K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static gboolean
have_sha_ni (void)
{
  static gsize answer = 0;

  if (g_once_init_enter (&answer))
    {
      unsigned int a, b, c, d;
      gboolean sse = __get_cpuid (1, &a, &b, &c, &d) && (c & bit_SSSE3) && (c & bit_SSE4_1);
      /* leaf 7, EBX bit 29: the SHA extensions (clang 14 has no name for
       * them in __builtin_cpu_supports) */
      gboolean sha = __get_cpuid_count (7, 0, &a, &b, &c, &d) && (b & (1u << 29));

      g_once_init_leave (&answer, sse && sha ? 2 : 1);
    }
  return answer == 2;
}

/* Sixteen groups of four rounds; the message schedule is computed four
 * words at a time, three groups ahead (Intel's SHA extensions guide). */
__attribute__ ((target ("sha,sse4.1,ssse3")))
static void
process_blocks (guint32      *state,
                const guchar *data,
                gsize         n_blocks)
{
  const __m128i mask = _mm_set_epi64x (0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp, state0, state1;

  /* a b c d | e f g h  ->  ABEF | CDGH, as sha256rnds2 wants them */
  tmp = _mm_shuffle_epi32 (_mm_loadu_si128 ((const __m128i *) &state[0]), 0xB1);
  state1 = _mm_shuffle_epi32 (_mm_loadu_si128 ((const __m128i *) &state[4]), 0x1B);
  state0 = _mm_alignr_epi8 (tmp, state1, 8);
  state1 = _mm_blend_epi16 (state1, tmp, 0xF0);

  for (; n_blocks > 0; n_blocks--, data += 64)
    {
      __m128i abef = state0, cdgh = state1;
      __m128i m[4];

#pragma GCC unroll 16
      for (int g = 0; g < 16; g++)
        {
          __m128i msg;

          if (g < 4)
            m[g] = _mm_shuffle_epi8 (_mm_loadu_si128 ((const __m128i *) (data + 16 * g)), mask);

          msg = _mm_add_epi32 (m[g % 4], _mm_loadu_si128 ((const __m128i *) &K[4 * g]));
          state1 = _mm_sha256rnds2_epu32 (state1, state0, msg);
          if (g >= 3 && g <= 14)
            {
              tmp = _mm_alignr_epi8 (m[g % 4], m[(g + 3) % 4], 4);
              m[(g + 1) % 4] = _mm_sha256msg2_epu32 (_mm_add_epi32 (m[(g + 1) % 4], tmp), m[g % 4]);
            }
          msg = _mm_shuffle_epi32 (msg, 0x0E);
          state0 = _mm_sha256rnds2_epu32 (state0, state1, msg);
          if (g >= 1 && g <= 12)
            m[(g + 3) % 4] = _mm_sha256msg1_epu32 (m[(g + 3) % 4], m[g % 4]);
        }

      state0 = _mm_add_epi32 (state0, abef);
      state1 = _mm_add_epi32 (state1, cdgh);
    }

  tmp = _mm_shuffle_epi32 (state0, 0x1B);
  state1 = _mm_shuffle_epi32 (state1, 0xB1);
  state0 = _mm_blend_epi16 (tmp, state1, 0xF0);
  state1 = _mm_alignr_epi8 (state1, tmp, 8);
  _mm_storeu_si128 ((__m128i *) &state[0], state0);
  _mm_storeu_si128 ((__m128i *) &state[4], state1);
}

#endif

FwSha256 *
fw_sha256_new (void)
{
  static const guint32 initial[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  };
  FwSha256 *self = g_new0 (FwSha256, 1);

#ifdef HAVE_SHA_NI
  if (have_sha_ni () && g_getenv ("FAREWELL_PORTABLE_SHA256") == NULL)
    {
      memcpy (self->state, initial, sizeof initial);
      return self;
    }
#endif
  (void) initial;
  self->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  return self;
}

void
fw_sha256_update (FwSha256     *self,
                  const guchar *data,
                  gsize         len)
{
  if (self->checksum != NULL)
    {
      g_checksum_update (self->checksum, data, len);
      return;
    }

#ifdef HAVE_SHA_NI
  self->total += len;
  if (self->block_len > 0)
    {
      gsize n = MIN (len, 64 - self->block_len);

      memcpy (self->block + self->block_len, data, n);
      self->block_len += n;
      data += n;
      len -= n;
      if (self->block_len < 64)
        return;
      process_blocks (self->state, self->block, 1);
      self->block_len = 0;
    }
  if (len >= 64)
    {
      process_blocks (self->state, data, len / 64);
      data += len - len % 64;
      len %= 64;
    }
  memcpy (self->block, data, len);
  self->block_len = len;
#endif
}

char *
fw_sha256_finish (FwSha256 *self)
{
  static const char hex[] = "0123456789abcdef";
  char *out;

  if (self->checksum != NULL)
    return g_strdup (g_checksum_get_string (self->checksum));

  out = g_malloc (65);
#ifdef HAVE_SHA_NI
  {
    guint64 bits = self->total * 8;
    guchar pad[72] = { 0x80 };
    gsize pad_len = (self->block_len < 56 ? 56 : 120) - self->block_len;

    for (int i = 0; i < 8; i++)
      pad[pad_len + i] = bits >> (56 - 8 * i);
    fw_sha256_update (self, pad, pad_len + 8);
    g_assert (self->block_len == 0);
  }
  for (int i = 0; i < 8; i++)
    for (int b = 0; b < 4; b++)
      {
        guchar byte = self->state[i] >> (24 - 8 * b);

        out[8 * i + 2 * b] = hex[byte >> 4];
        out[8 * i + 2 * b + 1] = hex[byte & 0xf];
      }
#endif
  out[64] = '\0';
  return out;
}

void
fw_sha256_free (FwSha256 *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->checksum, g_checksum_free);
  g_free (self);
}
