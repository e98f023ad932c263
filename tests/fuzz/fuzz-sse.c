/* fuzz-sse.c — libFuzzer harness: the SSE parser and the chat-chunk reader
 *
 * The input is split into chunks at positions taken from its first bytes,
 * fed to FwSseParser with a small line limit, and each event goes through
 * fw_provider_response_parse_chunk(), like a streamed answer does.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "provider/fw-provider-response.h"
#include "provider/fw-sse-parser.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
on_event (const char  *event,
          const char  *text,
          gsize        len,
          gpointer     user_data,
          GError     **error)
{
  GString *answer = user_data;
  g_autofree char *delta = NULL;
  gboolean finished, done;

  g_assert (g_utf8_validate_len (text, len, NULL));
  g_assert (text[len] == '\0');

  if (!fw_provider_response_parse_chunk (text, len, "Fuzz", "test-key-0123456789",
                                         &delta, &finished, &done, error))
    return FALSE;
  if (delta != NULL)
    {
      g_assert (g_utf8_validate (delta, -1, NULL));
      g_string_append (answer, delta);
    }
  return !done;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(FwSseParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  gsize step, pos = 0;
  gboolean ok = TRUE;

  if (size < 1)
    return 0;

  /* The first byte chooses the chunk size (1–256 bytes). */
  step = (gsize) data[0] + 1;
  data++;
  size--;

  parser = fw_sse_parser_new (4096, on_event, answer);
  while (ok && pos < size)
    {
      gsize n = MIN (step, size - pos);
      ok = fw_sse_parser_feed (parser, (const char *) data + pos, n, &error);
      pos += n;
    }
  if (ok)
    ok = fw_sse_parser_finish (parser, &error);

  g_assert (ok || error != NULL);
  g_assert (g_utf8_validate (answer->str, answer->len, NULL));
  return 0;
}
