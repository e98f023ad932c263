/* test-keyring-portal.c — keys through the Secret portal, as in a sandbox,
 * when the portal's reply is lost or never comes
 *
 * libsecret keeps a sandboxed app's keys in a file encrypted with a secret
 * from the Secret portal; it takes that path when SNAP_NAME is set (as for a
 * Flatpak's /.flatpak-info). Here the portal is this test's own, on a private
 * session bus (GTestDBus), in a thread of its own, speaking the portal's
 * protocol: RetrieveSecret(h fd, a{sv} options) -> o handle, the secret
 * written to the pipe, then Request.Response(u 0, a{sv}) to the caller.
 *
 * Each case runs in a process of its own: libsecret asks the portal once a
 * process. A hang fails the case by its time limit.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <gio/gunixfdlist.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "provider/fw-keyring.h"

#define TEST_KEY "sk-portal-test-0123456789abcdef"
#define BASE_URL "https://api.mistral.ai/v1"
#define CASE_TIME_LIMIT (60 * G_USEC_PER_SEC)

typedef enum {
  PORTAL_NORMAL,          /* returns, then responds (a little later, so that no
                           * libsecret can miss it) */
  PORTAL_FIRST_EARLY,     /* the first Response before the return, then normal */
  PORTAL_ALWAYS_EARLY,    /* every Response before the return */
  PORTAL_SILENT,          /* returns and never responds (a prompt nobody answers) */
  PORTAL_SLOW_AMID_OTHERS, /* other requests' Responses before and after the
                            * return, its own only seconds later (a prompt
                            * answered while another portal is busy) */
} PortalMode;

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Secret'>"
  "    <method name='RetrieveSecret'>"
  "      <arg type='h' name='fd' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

static PortalMode portal_mode;
static gint portal_calls;   /* atomic */

static void
respond (GDBusConnection *connection,
         const char      *caller,
         const char      *request)
{
  g_dbus_connection_emit_signal (connection, caller, request, "org.freedesktop.portal.Request",
                                 "Response", g_variant_new ("(u@a{sv})", 0,
                                                            g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                 NULL);
}

typedef struct {
  GDBusConnection *connection;
  char            *caller;
  char            *request;
} Response;

static void
response_free (gpointer data)
{
  Response *response = data;

  g_object_unref (response->connection);
  g_free (response->caller);
  g_free (response->request);
  g_free (response);
}

static gboolean
respond_later (gpointer data)
{
  Response *response = data;

  respond (response->connection, response->caller, response->request);
  return G_SOURCE_REMOVE;
}

static void
portal_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  GUnixFDList *fds = g_dbus_message_get_unix_fd_list (g_dbus_method_invocation_get_message (invocation));
  g_autoptr(GVariant) options = NULL;
  g_autofree char *token = NULL;
  g_autofree char *caller = g_strdup (sender + 1);
  g_autofree char *request = NULL;
  char secret[64];
  gint32 handle;
  int call = g_atomic_int_add (&portal_calls, 1) + 1;
  gboolean early;
  int fd;

  g_variant_get (parameters, "(h@a{sv})", &handle, &options);
  if (!g_variant_lookup (options, "handle_token", "s", &token))
    token = g_strdup_printf ("fwtest%d", call);
  g_strdelimit (caller, ".", '_');
  request = g_strconcat ("/org/freedesktop/portal/desktop/request/", caller, "/", token, NULL);

  fd = fds != NULL ? g_unix_fd_list_get (fds, handle, NULL) : -1;
  if (fd < 0)
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                                     "no file descriptor");
      return;
    }
  memset (secret, 'f', sizeof secret);
  g_assert_cmpint (write (fd, secret, sizeof secret), ==, sizeof secret);
  close (fd);

  early = portal_mode == PORTAL_ALWAYS_EARLY || (portal_mode == PORTAL_FIRST_EARLY && call == 1);
  if (early)
    respond (connection, sender, request);
  if (portal_mode == PORTAL_SLOW_AMID_OTHERS)
    {
      g_autofree char *other = g_strconcat (request, "other1", NULL);

      respond (connection, sender, other);
    }
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", request));
  if (portal_mode == PORTAL_SLOW_AMID_OTHERS)
    {
      g_autofree char *other = g_strconcat (request, "other2", NULL);

      respond (connection, sender, other);
    }
  if (!early && portal_mode != PORTAL_SILENT)
    {
      g_autoptr(GSource) later =
        g_timeout_source_new (portal_mode == PORTAL_SLOW_AMID_OTHERS ? 3500 : 200);
      Response *response = g_new0 (Response, 1);

      response->connection = g_object_ref (connection);
      response->caller = g_strdup (sender);
      response->request = g_strdup (request);
      g_source_set_callback (later, respond_later, response, response_free);
      g_source_attach (later, g_main_context_get_thread_default ());
    }
  g_test_message ("portal: RetrieveSecret #%d from %s%s", call, sender, early ? ", answered early" : "");
}

static GVariant *
portal_get_property (GDBusConnection  *connection,
                     const char       *sender,
                     const char       *object_path,
                     const char       *interface_name,
                     const char       *property_name,
                     GError          **error,
                     gpointer          user_data)
{
  return g_variant_new_uint32 (1);
}

static const GDBusInterfaceVTable portal_vtable = { portal_method_call, portal_get_property, NULL };

static gpointer
portal_thread (gpointer data)
{
  GMainContext *context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  GAsyncQueue *ready = data;

  g_main_context_push_thread_default (context);
  bus = g_dbus_connection_new_for_address_sync (g_getenv ("DBUS_SESSION_BUS_ADDRESS"),
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, NULL);
  g_assert_nonnull (bus);
  g_assert_cmpuint (g_dbus_connection_register_object (bus, "/org/freedesktop/portal/desktop",
                                                       info->interfaces[0], &portal_vtable,
                                                       NULL, NULL, NULL), >, 0);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.portal.Desktop", 4 /* do not queue */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  g_assert_nonnull (reply);
  g_async_queue_push (ready, GINT_TO_POINTER (1));
  g_main_loop_run (loop);   /* until the process ends */
  return NULL;
}

static void
start_portal (PortalMode mode)
{
  g_autoptr(GAsyncQueue) ready = g_async_queue_new ();

  portal_mode = mode;
  g_thread_unref (g_thread_new ("test-portal", portal_thread, g_async_queue_ref (ready)));
  g_async_queue_pop (ready);
}

static char *
keyring_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "keyrings", "default.keyring", NULL);
}

/* --- the cases, each in its own process ---------------------------------- */

static void
store_with_first_response_lost (void)
{
  g_autoptr(GError) error = NULL;

  start_portal (PORTAL_FIRST_EARLY);
  g_assert_true (fw_keyring_store_sync ("mistral", "Mistral AI", BASE_URL, TEST_KEY, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("portal calls: %d", g_atomic_int_get (&portal_calls));
  g_assert_cmpint (g_atomic_int_get (&portal_calls), >=, 1);
}

static void
lookup_in_a_new_process (void)
{
  g_autoptr(GError) error = NULL;
  char *key;

  start_portal (PORTAL_NORMAL);
  key = fw_keyring_lookup_sync ("mistral", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, TEST_KEY);
  fw_keyring_free_key (key);
  g_assert_cmpint (g_atomic_int_get (&portal_calls), ==, 1);
}

static void
lookup_with_every_response_lost (void)
{
  g_autoptr(GError) error = NULL;
  char *key;

  start_portal (PORTAL_ALWAYS_EARLY);
  key = fw_keyring_lookup_sync ("mistral", NULL, NULL, &error);
#if SECRET_CHECK_VERSION (0, 21, 4)
  /* This libsecret listens before it asks: nothing is lost. */
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, TEST_KEY);
  fw_keyring_free_key (key);
#else
  g_assert_null (key);
  g_assert_error (error, FW_KEYRING_ERROR, FW_KEYRING_ERROR_UNAVAILABLE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "did not answer"));
  g_assert_cmpint (g_atomic_int_get (&portal_calls), ==, 3);
#endif
}

static void
lookup_amid_other_requests (void)
{
  g_autoptr(GError) error = NULL;
  char *key;

  start_portal (PORTAL_SLOW_AMID_OTHERS);
  key = fw_keyring_lookup_sync ("mistral", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, TEST_KEY);
  fw_keyring_free_key (key);
  /* waited for its own Response; the others' were no reason to ask again */
  g_assert_cmpint (g_atomic_int_get (&portal_calls), ==, 1);
}

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
cancel_while_the_portal_is_silent (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cancelled_at;
  char *key;

  start_portal (PORTAL_SILENT);
  fw_keyring_lookup_async ("mistral", NULL, cancellable, lookup_done, &result);
  /* the main loop cancels once the call waits for the Response */
  while (g_atomic_int_get (&portal_calls) == 0)
    g_usleep (10 * 1000);
  g_timeout_add (300, cancel_later, cancellable);
  while (!g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (NULL, TRUE);
  cancelled_at = g_get_monotonic_time ();
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  key = fw_keyring_lookup_finish (result, &error);
  g_assert_null (key);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 2 * G_USEC_PER_SEC);
}

/* --- what the test runner runs ------------------------------------------- */

static void
run_case (const char *path)
{
  g_test_trap_subprocess (path, CASE_TIME_LIMIT,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_lost_response (void)
{
  g_autofree char *file = keyring_file ();
  g_autofree char *contents = NULL;
  gsize length = 0;

  run_case ("/keyring-portal/subprocess/store-first-lost");
  /* in the encrypted file, in plain text nowhere */
  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  g_assert_null (g_strstr_len (contents, length, TEST_KEY));
  run_case ("/keyring-portal/subprocess/lookup");
}

static void
test_every_response_lost (void)
{
  run_case ("/keyring-portal/subprocess/store-first-lost");
  run_case ("/keyring-portal/subprocess/every-lost");
}

static void
test_other_requests (void)
{
  run_case ("/keyring-portal/subprocess/store-first-lost");
  run_case ("/keyring-portal/subprocess/amid-others");
}

static void
test_cancel (void)
{
  run_case ("/keyring-portal/subprocess/cancel");
}

int
main (int argc, char **argv)
{
  static GTestDBus *bus;
  const char *home = g_getenv ("FW_TEST_PORTAL_HOME");

  /* libsecret's sandbox path, in one data folder for every process */
  g_setenv ("SNAP_NAME", "farewell-test", TRUE);
  g_unsetenv ("SECRET_FILE_TEST_PASSWORD");
  g_unsetenv ("SECRET_BACKEND");
  if (home == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("fw-keyring-portal-XXXXXX", NULL);

      g_assert_nonnull (dir);
      g_setenv ("FW_TEST_PORTAL_HOME", dir, TRUE);
      g_setenv ("XDG_DATA_HOME", dir, TRUE);
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring-portal/subprocess/store-first-lost", store_with_first_response_lost);
  g_test_add_func ("/keyring-portal/subprocess/lookup", lookup_in_a_new_process);
  g_test_add_func ("/keyring-portal/subprocess/every-lost", lookup_with_every_response_lost);
  g_test_add_func ("/keyring-portal/subprocess/amid-others", lookup_amid_other_requests);
  g_test_add_func ("/keyring-portal/subprocess/cancel", cancel_while_the_portal_is_silent);
  g_test_add_func ("/keyring-portal/lost-response", test_lost_response);
  g_test_add_func ("/keyring-portal/every-response-lost", test_every_response_lost);
  g_test_add_func ("/keyring-portal/other-requests", test_other_requests);
  g_test_add_func ("/keyring-portal/cancel", test_cancel);

  if (!g_test_subprocess ())
    {
      int status;

      bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_test_dbus_up (bus);
      status = g_test_run ();
      g_test_dbus_down (bus);
      g_clear_object (&bus);
      if (home == NULL)
        {
          const char *dir = g_getenv ("FW_TEST_PORTAL_HOME");
          g_autofree char *keyrings = g_build_filename (dir, "keyrings", NULL);
          g_autofree char *file = keyring_file ();

          g_remove (file);
          g_rmdir (keyrings);
          g_rmdir (dir);
        }
      return status;
    }

  return g_test_run ();
}
