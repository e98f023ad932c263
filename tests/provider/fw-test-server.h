/* fw-test-server.h — a local OpenAI-compatible server for the tests
 *
 * A libsoup 3 SoupServer in its own thread on 127.0.0.1 (random port),
 * plain http or https with the throw-away certificate made at build time.
 *
 * Keys ("Authorization: Bearer KEY") choose what /models answers:
 *   test-key-*       valid
 *   test-bad-*       401, the message echoes the key (to test scrubbing)
 *   test-detail-*    403 with {"detail": "...key..."}
 *   test-ratelimit   429        test-payment     402
 *   test-servererror 500 (HTML) test-garbage     200 with HTML
 *   test-slow        200 after 4 s
 * Chat requests need a valid key (except under /local) and the model
 * chooses the answer:
 *   echo (any other)  the answer ANSWER below, in 1–7 byte pieces with
 *                     keep-alive comments, CRLF and LF lines
 *   slow-stream       a piece every 100 ms for 30 s
 *   error-event       two pieces, then {"error": {...}}
 *   close-mid         one piece, then the connection is closed
 *   huge-line         10 MB without a newline
 *   no-done           pieces, then the end without [DONE] or finish_reason
 *   not-streaming     a complete (non-streamed) JSON answer
 *   status-401/-429/-500   that status with an error JSON
 * Path prefixes: /nomodels (no /models: 404), /openrouter (has /key),
 * /public (/models answers without a key), /local (no key needed). The base URL is PREFIX/v1.
 * Prefixes that answer a refused key the way a provider does:
 *   /gemini       400 with Google's body and reason API_KEY_INVALID
 *   /anthropic    401 {"type":"error","error":{...}}; /models refuses a
 *                 Bearer key (Anthropic wants x-api-key there)
 *   /infomaniak/ID  only chat; 401 {"result":"error","error":{...}};
 *                 ID must be digits (404 otherwise)
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FW_TEST_ANSWER "Bonjour ! Ça va ? 😀 日本語 — fin."
#define FW_TEST_KEY    "test-key-Qm9uam91ciBGYXJld2VsbCE-7f3a9c2e51d8"

typedef struct _FwTestServer FwTestServer;

FwTestServer *fw_test_server_new            (gboolean      https);
void          fw_test_server_free           (FwTestServer *server);

/* "http(s)://127.0.0.1:PORT" + @prefix + "/v1"; @prefix may be "". */
char         *fw_test_server_get_base_url   (FwTestServer *server,
                                             const char   *prefix);

/* The body of the last chat request, and the last request's path+query. */
char         *fw_test_server_get_last_body  (FwTestServer *server);
char         *fw_test_server_get_last_path  (FwTestServer *server);
guint         fw_test_server_get_n_requests (FwTestServer *server);

/* What the echo model answers from now on (streamed a word at a time);
 * NULL restores FW_TEST_ANSWER. For screenshots with a readable answer. */
void          fw_test_server_set_answer     (FwTestServer *server,
                                             const char   *answer);

/* The certificate file for https servers (from FAREWELL_TEST_CERT). */
const char   *fw_test_server_get_cert_file  (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwTestServer, fw_test_server_free)

G_END_DECLS
