/* fw-test-server-main.c — the tests' OpenAI-compatible server as a program
 *
 * For tests that run Farewell where a test binary cannot reach in (the
 * Flatpak sandbox): serves plain http on 127.0.0.1, prints its base URL and
 * the key it accepts, one a line, and runs until standard input closes.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <unistd.h>

#include "fw-test-server.h"

int
main (int argc, char *argv[])
{
  g_autoptr(FwTestServer) server = fw_test_server_new (FALSE);
  g_autofree char *base_url = fw_test_server_get_base_url (server, "");
  char buffer[256];

  printf ("%s\n%s\n", base_url, FW_TEST_KEY);
  fflush (stdout);

  while (read (STDIN_FILENO, buffer, sizeof buffer) > 0)
    ;

  g_printerr ("fw-test-server: %u requests\n", fw_test_server_get_n_requests (server));
  return 0;
}
