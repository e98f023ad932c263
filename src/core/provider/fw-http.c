/* fw-http.c — blocking libcurl requests for worker threads
 *
 * Every request: TLS verification on (the CA bundle from SSL_CERT_FILE when
 * set, like OpenSSL does), only http and https, no redirects followed (a
 * redirect would carry the key elsewhere), proxies from the environment,
 * 15 s to connect. The key only ever travels in the Authorization header,
 * and the header memory is wiped afterwards. Never CURLOPT_VERBOSE: it
 * would print the header.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <curl/curl.h>
#include <glib/gi18n.h>

#include "fw-http.h"
#include "fw-provider-error.h"

#define ERROR_BODY_MAX    (64 * 1024)
#define DEFAULT_MAX_BODY  (8 * 1024 * 1024)
#define DEFAULT_CONNECT_S 15

static guint timeout_override;

G_DEFINE_QUARK (fw-provider-error-quark, fw_provider_error)
G_DEFINE_QUARK (fw-keyring-error-quark, fw_keyring_error)

void
fw_secure_wipe (void  *mem,
                gsize  len)
{
  volatile unsigned char *p = mem;

  if (mem == NULL)
    return;
  while (len--)
    *p++ = 0;
}

void
fw_secure_free (char *secret)
{
  if (secret == NULL)
    return;
  fw_secure_wipe (secret, strlen (secret));
  g_free (secret);
}

void
fw_http_set_timeout_override (guint seconds)
{
  g_atomic_int_set (&timeout_override, seconds);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) addr = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0 ||
      g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  addr = g_inet_address_new_from_string (host);
  return addr != NULL && g_inet_address_get_is_loopback (addr);
}

gboolean
fw_http_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && host_is_loopback (g_uri_get_host (uri));
}

gboolean
fw_http_check_url (const char  *url,
                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || *url == '\0')
    {
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_INSECURE_URL,
                   _("No address was given for the provider."));
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_INSECURE_URL,
                   _("“%s” is not a valid web address. It should look like https://api.example.com/v1."),
                   url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if (g_uri_get_userinfo (uri) != NULL)
    {
      /* Do not echo the address: the user info may be a secret. */
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_INSECURE_URL,
                   _("The address contains a user name or password. Remove it; the API key goes in the key field, never in the address."));
      return FALSE;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      /* Not echoed either: a query may hold a key. */
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_INSECURE_URL,
                   _("The address contains a “?” or “#” part. Use only the API’s base address, for example https://api.example.com/v1; the API key goes in the key field."));
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (host_is_loopback (host))
        return TRUE;
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_INSECURE_URL,
                   _("“%s” uses plain http to another computer. Farewell only sends keys and conversations over https; plain http is allowed only for servers on this computer (localhost, 127.0.0.1, ::1)."),
                   url);
      return FALSE;
    }

  g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_INSECURE_URL,
               _("“%s” is not an http or https address."), url);
  return FALSE;
}

typedef struct {
  CURL            *curl;
  FwHttpChunkFunc  on_chunk;
  gpointer         user_data;
  GCancellable    *cancellable;
  gsize            max_body;
  GByteArray      *body;
  GError          *error;
  long             status;
  gboolean         status_known;
  gboolean         stopped_ok;
} Transfer;

static size_t
write_cb (char   *ptr,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Transfer *t = user_data;
  gsize len = size * nmemb;

  if (!t->status_known)
    {
      curl_easy_getinfo (t->curl, CURLINFO_RESPONSE_CODE, &t->status);
      t->status_known = TRUE;
    }

  if (g_cancellable_is_cancelled (t->cancellable))
    return 0;

  if (t->status >= 200 && t->status < 300 && t->on_chunk != NULL)
    {
      if (!t->on_chunk (ptr, len, t->user_data, &t->error))
        {
          if (t->error == NULL)
            t->stopped_ok = TRUE;
          return 0;
        }
      return len;
    }

  if (t->status >= 200 && t->status < 300)
    {
      if (t->body->len + len > t->max_body)
        {
          g_set_error (&t->error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL,
                       _("The provider’s answer is larger than %u MiB; this is not an answer Farewell understands."),
                       (guint) MAX (t->max_body / (1024 * 1024), 1));
          return 0;
        }
      g_byte_array_append (t->body, (const guint8 *) ptr, len);
      return len;
    }

  /* An error answer: keep the beginning, for the provider's message. */
  if (t->body->len < ERROR_BODY_MAX)
    g_byte_array_append (t->body, (const guint8 *) ptr,
                         MIN (len, ERROR_BODY_MAX - t->body->len));
  return len;
}

static int
xferinfo_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Transfer *t = user_data;

  return g_cancellable_is_cancelled (t->cancellable) ? 1 : 0;
}

static void
set_transport_error (GError      **error,
                     CURLcode      code,
                     const char   *url,
                     const char   *detail)
{
  g_autofree char *host = NULL;
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  host = g_strdup (uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : url);

  switch ((int) code)
    {
    case CURLE_OPERATION_TIMEDOUT:
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_TIMEOUT,
                   _("%s did not answer in time. The service may be overloaded or your connection slow; try again later."),
                   host);
      break;

    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NETWORK,
                   _("The name %s could not be found. Check your internet connection and the address."),
                   host);
      break;

    case CURLE_COULDNT_CONNECT:
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NETWORK,
                   _("Could not connect to %s. Check your internet connection, or whether the server is running."),
                   host);
      break;

    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NETWORK,
                   _("The connection to %s was closed before the answer was complete. Try again."),
                   host);
      break;

    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED:
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_TLS,
                   _("The secure connection to %s could not be verified (%s). Farewell does not send your key to a server whose certificate is not trusted."),
                   host, detail);
      break;

    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_INSECURE_URL,
                   _("“%s” is not an address Farewell can use (%s)."), url, detail);
      break;

    case CURLE_TOO_MANY_REDIRECTS:
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL,
                   _("%s sent the request elsewhere. Check the address."), host);
      break;

    default:
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NETWORK,
                   _("The request to %s failed: %s."), host, detail);
      break;
    }
}

static void
curl_init_once (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&initialized, 1);
    }
}

static void
wipe_slist (struct curl_slist *list)
{
  for (struct curl_slist *l = list; l != NULL; l = l->next)
    if (l->data != NULL)
      fw_secure_wipe (l->data, strlen (l->data));
  curl_slist_free_all (list);
}

gboolean
fw_http_perform (const FwHttpRequest  *request,
                 FwHttpChunkFunc       on_chunk,
                 gpointer              user_data,
                 GCancellable         *cancellable,
                 guint                *out_status,
                 GBytes              **out_body,
                 GError              **error)
{
  char errbuf[CURL_ERROR_SIZE] = "";
  struct curl_slist *headers = NULL;
  Transfer t = { 0 };
  const char *cafile;
  CURLcode code;
  CURL *curl;
  guint override;
  gboolean ret = FALSE;

  g_return_val_if_fail (request != NULL && request->url != NULL, FALSE);

  if (out_status)
    *out_status = 0;
  if (out_body)
    *out_body = NULL;

  if (!fw_http_check_url (request->url, error))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  curl_init_once ();
  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NETWORK,
                   _("Could not start a network request."));
      return FALSE;
    }

  t.curl = curl;
  t.on_chunk = on_chunk;
  t.user_data = user_data;
  t.cancellable = cancellable;
  t.max_body = request->max_body > 0 ? request->max_body : DEFAULT_MAX_BODY;
  t.body = g_byte_array_new ();

  curl_easy_setopt (curl, CURLOPT_URL, request->url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (curl, CURLOPT_UNRESTRICTED_AUTH, 0L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "Farewell/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, xferinfo_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &t);

  /* Trust what the environment says to trust, as OpenSSL does. */
  cafile = g_getenv ("SSL_CERT_FILE");
  if (cafile != NULL && *cafile != '\0')
    curl_easy_setopt (curl, CURLOPT_CAINFO, cafile);

  /* A server on this computer is never reached through a proxy: a plain
   * http proxy would see the key. Other hosts use the environment's proxy
   * settings (http_proxy, https_proxy, no_proxy), libcurl's default. */
  if (fw_http_is_loopback (request->url))
    curl_easy_setopt (curl, CURLOPT_NOPROXY, "*");

  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT,
                    (long) (request->connect_timeout_s > 0 ? request->connect_timeout_s : DEFAULT_CONNECT_S));

  override = g_atomic_int_get (&timeout_override);
  if (override > 0)
    {
      /* Tests shorten the request's own limits: the whole request, or for a
       * stream, the time it may stall without a byte. */
      if (request->timeout_s > 0 || request->low_speed_time_s == 0)
        curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) override);
      if (request->low_speed_time_s > 0)
        {
          curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
          curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) override);
        }
    }
  else
    {
      if (request->timeout_s > 0)
        curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) request->timeout_s);
      if (request->low_speed_time_s > 0)
        {
          curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
          curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) request->low_speed_time_s);
        }
    }

  headers = curl_slist_append (headers, request->event_stream
                                        ? "Accept: text/event-stream"
                                        : "Accept: application/json");
  if (request->bearer != NULL && *request->bearer != '\0')
    {
      g_autoptr(GString) auth = g_string_new ("Authorization: Bearer ");

      g_string_append (auth, request->bearer);
      headers = curl_slist_append (headers, auth->str);
      fw_secure_wipe (auth->str, auth->len);
    }

  if (request->body != NULL)
    {
      headers = curl_slist_append (headers, "Content-Type: application/json");
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, request->body);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE, (long) strlen (request->body));
    }
  if (request->method != NULL && g_ascii_strcasecmp (request->method, "POST") == 0)
    curl_easy_setopt (curl, CURLOPT_POST, 1L);
  else
    curl_easy_setopt (curl, CURLOPT_HTTPGET, 1L);

  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);

  code = curl_easy_perform (curl);

  if (!t.status_known)
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &t.status);

  g_debug ("HTTP %s %s: curl %d, status %ld",
           request->method ? request->method : "GET", request->url, code, t.status);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
    }
  else if (t.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&t.error));
    }
  else if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && t.stopped_ok))
    {
      if (out_status)
        *out_status = (guint) t.status;
      if (out_body)
        *out_body = g_byte_array_free_to_bytes (g_steal_pointer (&t.body));
      ret = TRUE;
    }
  else
    {
      set_transport_error (error, code, request->url,
                           *errbuf ? errbuf : curl_easy_strerror (code));
    }

  curl_easy_cleanup (curl);
  wipe_slist (headers);
  g_clear_error (&t.error);
  if (t.body != NULL)
    g_byte_array_unref (t.body);

  return ret;
}
