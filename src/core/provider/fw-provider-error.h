/* fw-provider-error.h — error domains of the provider core
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FW_PROVIDER_ERROR (fw_provider_error_quark ())
#define FW_KEYRING_ERROR  (fw_keyring_error_quark ())

/* Errors talking to a provider. Every message is translated and explains
 * what happened in plain words; it never contains the API key. A cancelled
 * operation reports G_IO_ERROR_CANCELLED instead. */
typedef enum {
  FW_PROVIDER_ERROR_UNAUTHORIZED,     /* 401/403: the key was rejected */
  FW_PROVIDER_ERROR_PAYMENT_REQUIRED, /* 402: no credits left */
  FW_PROVIDER_ERROR_RATE_LIMITED,     /* 429 */
  FW_PROVIDER_ERROR_BAD_REQUEST,      /* other 4xx: e.g. unknown model */
  FW_PROVIDER_ERROR_SERVER,           /* 5xx, or an error event in a stream */
  FW_PROVIDER_ERROR_NETWORK,          /* no network, DNS, refused, dropped */
  FW_PROVIDER_ERROR_TIMEOUT,
  FW_PROVIDER_ERROR_TLS,              /* certificate not trusted, TLS failure */
  FW_PROVIDER_ERROR_PROTOCOL,         /* not an OpenAI-compatible answer */
  FW_PROVIDER_ERROR_INSECURE_URL,     /* http:// to a non-loopback host, bad URL */
  FW_PROVIDER_ERROR_NO_KEY,           /* no key stored for this provider */
  FW_PROVIDER_ERROR_UNKNOWN_PROVIDER, /* not in the catalog */
} FwProviderError;

/* Errors of the system keyring (libsecret). */
typedef enum {
  FW_KEYRING_ERROR_UNAVAILABLE, /* no D-Bus session, no secret service */
  FW_KEYRING_ERROR_LOCKED,      /* locked / no login keyring / prompt dismissed */
} FwKeyringError;

GQuark fw_provider_error_quark (void);
GQuark fw_keyring_error_quark  (void);

G_END_DECLS
