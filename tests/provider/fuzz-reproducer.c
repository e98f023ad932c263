/* fuzz-reproducer.c — runs a libFuzzer harness over files, without libFuzzer
 *
 *   fuzz-reproducer FILE-OR-DIR...
 *
 * Every file (directories are read one level deep) is passed to
 * LLVMFuzzerTestOneInput(); a crash or failed assertion fails the test.
 * This is how the seed corpora run as ordinary tests with gcc.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint
run_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
  /* Also every prefix of short inputs: truncated answers. */
  if (len < 512)
    for (gsize i = 0; i < len; i++)
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, i);
  return 1;
}

int
main (int argc, char *argv[])
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
          const char *name;

          while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *path = g_build_filename (argv[i], name, NULL);
              if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
                n += run_file (path);
            }
        }
      else
        n += run_file (argv[i]);
    }

  printf ("%u inputs ran without a crash\n", n);
  return n > 0 ? 0 : 1;
}
