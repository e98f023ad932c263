/* fuzz-provider-response.c — libFuzzer harness: reading provider answers
 *
 * Model lists, error bodies (with the key scrubbed out of them) and whole
 * chat completions, from arbitrary bytes.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "provider/fw-provider-error.h"
#include "provider/fw-provider-response.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define KEY "sk-fuzz-0123456789abcdefghij"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) status_error = NULL;
  g_auto(GStrv) models = NULL;
  g_autofree char *message = NULL;
  g_autofree char *completion = NULL;
  g_autofree char *nul_terminated = g_strndup (text, size);
  g_autofree char *scrubbed = NULL;

  models = fw_provider_response_parse_models (text, size, &error);
  g_assert ((models == NULL) == (error != NULL));
  for (guint i = 0; models != NULL && models[i] != NULL; i++)
    {
      g_assert (*models[i] != '\0');
      if (i > 0)
        g_assert (strcmp (models[i - 1], models[i]) < 0);
    }

  message = fw_provider_response_parse_error (text, size);
  completion = fw_provider_response_parse_completion (text, size);

  status_error = fw_provider_error_from_status (401, text, size, "Fuzz", KEY);
  g_assert (status_error != NULL);
  g_assert (g_utf8_validate (status_error->message, -1, NULL));
  g_assert (strstr (status_error->message, KEY) == NULL);

  scrubbed = fw_provider_scrub (nul_terminated, KEY, 300);
  g_assert (g_utf8_validate (scrubbed, -1, NULL));
  g_assert (strstr (scrubbed, KEY) == NULL);
  g_assert (g_utf8_strlen (scrubbed, -1) <= 301);

  return 0;
}
