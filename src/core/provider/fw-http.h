/* fw-http.h — blocking libcurl requests for worker threads (internal)
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  const char *method;            /* "GET" or "POST" */
  const char *url;
  const char *bearer;            /* nullable: the API key, sent only in "Authorization: Bearer" */
  const char *body;              /* nullable: a JSON request body */
  gboolean    event_stream;      /* ask for text/event-stream */
  guint       connect_timeout_s; /* 0: the default, 15 s */
  guint       timeout_s;         /* whole transfer; 0: none */
  guint       low_speed_time_s;  /* abort when < 1 byte/s for this long; 0: none */
  gsize       max_body;          /* buffered answers larger than this fail (0: 8 MiB) */
} FwHttpRequest;

/* Called in the worker thread with the body of a 2xx answer, in whatever
 * pieces the network delivers. Return FALSE to stop: with @error set the
 * request fails with it, without it the request ends successfully. */
typedef gboolean (*FwHttpChunkFunc) (const char  *data,
                                     gsize        len,
                                     gpointer     user_data,
                                     GError     **error);

/* Checks that @url is http(s), has no user name or password in it, and is
 * https unless the host is a loopback address. FW_PROVIDER_ERROR_INSECURE_URL
 * otherwise. */
gboolean fw_http_check_url   (const char           *url,
                              GError              **error);

/* TRUE when @url's host is localhost, 127.0.0.0/8 or ::1. */
gboolean fw_http_is_loopback (const char           *url);

/* Performs one request, blocking: call it from a worker thread. Returns
 * FALSE on a transport failure (FW_PROVIDER_ERROR_NETWORK, _TIMEOUT, _TLS,
 * _INSECURE_URL, or G_IO_ERROR_CANCELLED) or when @on_chunk failed.
 * Otherwise TRUE with the HTTP status in @out_status; @out_body then holds
 * the answer body when it was not a 2xx or when @on_chunk is NULL (capped). */
gboolean fw_http_perform     (const FwHttpRequest  *request,
                              FwHttpChunkFunc       on_chunk,
                              gpointer              user_data,
                              GCancellable         *cancellable,
                              guint                *out_status,
                              GBytes              **out_body,
                              GError              **error);

/* For tests: when non-zero, replaces every whole-transfer timeout (and the
 * low-speed time) with @seconds. */
void     fw_http_set_timeout_override (guint seconds);

/* Overwrites memory that held a secret, in a way the compiler keeps. */
void     fw_secure_wipe      (void                 *mem,
                              gsize                 len);
/* Wipes and frees a NUL-terminated secret. NULL is allowed. */
void     fw_secure_free      (char                 *secret);

G_END_DECLS
