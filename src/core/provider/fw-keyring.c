/* fw-keyring.c — API keys in the system keyring (libsecret), nowhere else
 *
 * The simple secret_password_* API with the default collection: that is
 * what libsecret maps onto the Secret portal inside a Flatpak. The
 * blocking calls run in GTask worker threads.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsecret/secret.h>
#include <glib/gi18n.h>

#include "fw-http.h"
#include "fw-keyring.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    FW_KEYRING_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "base-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

void
fw_keyring_free_key (char *key)
{
  if (key != NULL)
    secret_password_free (key); /* wipes, then frees */
}

/* Turns a libsecret / D-Bus error into one people can act on. */
static void
translate_error (GError        *error,
                 GCancellable  *cancellable,
                 GError       **out)
{
  g_autofree char *detail = NULL;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (out, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return;
    }

  if (g_dbus_error_is_remote_error (error))
    g_dbus_error_strip_remote_error (error);
  detail = g_strdup (error->message);

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
      strstr (detail, "does not exist at path") != NULL)
    {
      g_set_error (out, FW_KEYRING_ERROR, FW_KEYRING_ERROR_LOCKED,
                   _("The keyring is locked or has no default collection, and it could not be unlocked. Unlock your “Login” keyring (for example in the Passwords and Keys application) and try again. Nothing was stored. (%s)"),
                   detail);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Not our cancellable: the unlock prompt was dismissed. */
      g_set_error (out, FW_KEYRING_ERROR, FW_KEYRING_ERROR_LOCKED,
                   _("The keyring was not unlocked, so nothing was stored. Try again and enter your keyring password when asked."));
      return;
    }

  g_set_error (out, FW_KEYRING_ERROR, FW_KEYRING_ERROR_UNAVAILABLE,
               _("No keyring is available. Farewell keeps API keys only in the system keyring (such as GNOME Keyring or KWallet) and never in a file. Install or start a keyring service and try again. (%s)"),
               detail);
}

static char *
make_label (const char *provider_name)
{
  /* Translators: the label of the keyring item; %s is a provider name. */
  return g_strdup_printf (_("Farewell: %s API key"), provider_name);
}

/* One call into libsecret, with copies of the strings it needs. */
typedef enum {
  KEYRING_STORE,
  KEYRING_LOOKUP,
  KEYRING_CLEAR,
} KeyringAction;

typedef struct {
  KeyringAction  action;
  char          *provider_id;
  char          *provider_name;
  char          *base_url;
  char          *key;
} KeyringOp;

static KeyringOp *
keyring_op_copy (const KeyringOp *op)
{
  KeyringOp *copy = g_new0 (KeyringOp, 1);

  copy->action = op->action;
  copy->provider_id = g_strdup (op->provider_id);
  copy->provider_name = g_strdup (op->provider_name);
  copy->base_url = g_strdup (op->base_url);
  copy->key = g_strdup (op->key);
  return copy;
}

static void
keyring_op_free (gpointer data)
{
  KeyringOp *op = data;

  g_free (op->provider_id);
  g_free (op->provider_name);
  g_free (op->base_url);
  fw_secure_free (op->key);
  g_free (op);
}

static gboolean
do_store (const KeyringOp  *op,
          GCancellable     *cancellable,
          GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;
  g_autolist(SecretRetrievable) items = NULL;

  label = make_label (op->provider_name != NULL ? op->provider_name : op->provider_id);

  if (!secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT,
                                   label, op->key, cancellable, &local_error,
                                   "provider", op->provider_id,
                                   "base-url", op->base_url,
                                   NULL))
    {
      if (local_error == NULL)
        g_set_error (&local_error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED, "not stored");
      translate_error (local_error, cancellable, error);
      return FALSE;
    }

  /* Other keys of this provider (a base URL that changed) are stale. */
  items = secret_password_search_sync (get_schema (), SECRET_SEARCH_ALL,
                                       cancellable, NULL,
                                       "provider", op->provider_id, NULL);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attrs = secret_retrievable_get_attributes (l->data);
      const char *url = g_hash_table_lookup (attrs, "base-url");

      if (g_strcmp0 (url, op->base_url) != 0)
        secret_password_clear_sync (get_schema (), cancellable, NULL,
                                    "provider", op->provider_id,
                                    "base-url", url != NULL ? url : "",
                                    NULL);
    }

  g_debug ("Keyring: stored the key for %s", op->provider_id);
  return TRUE;
}

static gboolean
do_lookup (const KeyringOp  *op,
           GCancellable     *cancellable,
           char            **key_out,
           GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  char *key;

  if (op->base_url != NULL)
    key = secret_password_lookup_sync (get_schema (), cancellable, &local_error,
                                       "provider", op->provider_id,
                                       "base-url", op->base_url,
                                       NULL);
  else
    key = secret_password_lookup_sync (get_schema (), cancellable, &local_error,
                                       "provider", op->provider_id,
                                       NULL);

  if (local_error != NULL)
    {
      fw_keyring_free_key (key);
      translate_error (local_error, cancellable, error);
      return FALSE;
    }

  *key_out = key;
  return TRUE;
}

static gboolean
do_clear (const KeyringOp  *op,
          GCancellable     *cancellable,
          GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (get_schema (), cancellable, &local_error,
                              "provider", op->provider_id, NULL);
  if (local_error != NULL)
    {
      translate_error (local_error, cancellable, error);
      return FALSE;
    }

  g_debug ("Keyring: cleared the key(s) for %s", op->provider_id);
  return TRUE;
}

/* Does @op, blocking. A lookup sets *@key_out (NULL when nothing is stored). */
static gboolean
keyring_do (const KeyringOp  *op,
            GCancellable     *cancellable,
            char            **key_out,
            GError          **error)
{
  switch (op->action)
    {
    case KEYRING_STORE:
      return do_store (op, cancellable, error);
    case KEYRING_LOOKUP:
      return do_lookup (op, cancellable, key_out, error);
    case KEYRING_CLEAR:
      return do_clear (op, cancellable, error);
    default:
      g_assert_not_reached ();
    }
}

#if !SECRET_CHECK_VERSION (0, 21, 4)
/* In a Flatpak or a Snap, libsecret keeps the keys in a file of its own,
 * encrypted with a secret it asks the Secret portal for once a process.
 * Before 0.21.4 it starts to listen for the portal's Response only after the
 * portal's method has returned; when the Response comes first (it follows
 * the return by about a millisecond) the call waits for ever. Before 0.21.0,
 * cancelling that wait also deadlocks the thread that cancels. The Debian 12
 * runtime has 0.20.5.
 *
 * So there each call runs in a thread of its own, without the cancellable,
 * watched from here: the Secret portal's Responses are counted as they
 * arrive on the bus, and a call still unfinished seconds after one came was
 * left behind by libsecret; another one is started (the abandoned thread
 * never wakes up, and holds only its own copy of the strings). Cancelling
 * returns at once; a store already under way may still finish. */
#define GUARD_PORTAL_CALLS 1
#endif

#ifdef GUARD_PORTAL_CALLS

#define PORTAL_ATTEMPTS 3
#define PORTAL_LOST_AFTER (2 * G_TIME_SPAN_SECOND)
#define PORTAL_POLL (100 * G_TIME_SPAN_MILLISECOND)

#define PORTAL_KEPT 16

/* What the filter below knows, under its lock. */
static GMutex responses_lock;
static guint responses_seen;          /* Responses to the Secret portal's requests */
static gint64 last_response_time;
static GArray *calls_unanswered;      /* serials of RetrieveSecret calls without reply */
static GPtrArray *requests_open;      /* the requests those calls returned */
static GPtrArray *responses_early;    /* Responses that came before a call's reply */

static gboolean
take_path (GPtrArray  *paths,
           const char *path)
{
  for (guint i = 0; i < paths->len; i++)
    if (g_str_equal (g_ptr_array_index (paths, i), path))
      {
        g_ptr_array_remove_index (paths, i);
        return TRUE;
      }
  return FALSE;
}

static void
keep_path (GPtrArray  *paths,
           const char *path)
{
  if (paths->len == PORTAL_KEPT)
    g_ptr_array_remove_index (paths, 0);
  g_ptr_array_add (paths, g_strdup (path));
}

static void
response_seen (void)
{
  responses_seen++;
  last_response_time = g_get_monotonic_time ();
}

/* Runs in GDBus's worker thread for every message in and out. A Response
 * counts only when it answers one of the Secret portal's requests: the
 * request's path comes back in the call's reply, which may arrive before or
 * after its Response. Any other portal's Response (a file chooser's, say)
 * is no sign that libsecret missed its own. */
static GDBusMessage *
count_portal_responses (GDBusConnection *connection,
                        GDBusMessage    *message,
                        gboolean         incoming,
                        gpointer         user_data)
{
  GDBusMessageType type = g_dbus_message_get_message_type (message);

  g_mutex_lock (&responses_lock);
  if (!incoming && type == G_DBUS_MESSAGE_TYPE_METHOD_CALL &&
      g_strcmp0 (g_dbus_message_get_interface (message), "org.freedesktop.portal.Secret") == 0 &&
      g_strcmp0 (g_dbus_message_get_member (message), "RetrieveSecret") == 0)
    {
      guint32 serial = g_dbus_message_get_serial (message);

      if (calls_unanswered->len == PORTAL_KEPT)
        g_array_remove_index (calls_unanswered, 0);
      g_array_append_val (calls_unanswered, serial);
    }
  else if (incoming && (type == G_DBUS_MESSAGE_TYPE_METHOD_RETURN || type == G_DBUS_MESSAGE_TYPE_ERROR))
    {
      guint32 serial = g_dbus_message_get_reply_serial (message);

      for (guint i = 0; i < calls_unanswered->len; i++)
        if (g_array_index (calls_unanswered, guint32, i) == serial)
          {
            GVariant *body = g_dbus_message_get_body (message);

            g_array_remove_index (calls_unanswered, i);
            if (type == G_DBUS_MESSAGE_TYPE_METHOD_RETURN && body != NULL &&
                g_variant_is_of_type (body, G_VARIANT_TYPE ("(o)")))
              {
                const char *request = NULL;

                g_variant_get (body, "(&o)", &request);
                if (take_path (responses_early, request))
                  response_seen ();
                else
                  keep_path (requests_open, request);
              }
            break;
          }
    }
  else if (incoming && type == G_DBUS_MESSAGE_TYPE_SIGNAL &&
           g_strcmp0 (g_dbus_message_get_interface (message), "org.freedesktop.portal.Request") == 0 &&
           g_strcmp0 (g_dbus_message_get_member (message), "Response") == 0 &&
           g_dbus_message_get_path (message) != NULL)
    {
      const char *request = g_dbus_message_get_path (message);

      if (take_path (requests_open, request))
        response_seen ();
      else if (calls_unanswered->len > 0)
        keep_path (responses_early, request);
    }
  g_mutex_unlock (&responses_lock);

  return message;
}

/* Whether libsecret goes through the Secret portal (its own test), with the
 * Responses counted from then on: on the session bus connection libsecret
 * shares with the rest of the process. */
static gboolean
portal_calls_guarded (void)
{
  static gsize once = 0;
  static gboolean guarded = FALSE;

  if (g_once_init_enter (&once))
    {
      if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) || g_getenv ("SNAP_NAME") != NULL)
        {
          GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

          /* Kept for the life of the process, with its filter. */
          if (bus != NULL)
            {
              calls_unanswered = g_array_new (FALSE, FALSE, sizeof (guint32));
              requests_open = g_ptr_array_new_with_free_func (g_free);
              responses_early = g_ptr_array_new_with_free_func (g_free);
              g_dbus_connection_add_filter (bus, count_portal_responses, NULL, NULL);
              guarded = TRUE;
            }
        }
      g_once_init_leave (&once, 1);
    }

  return guarded;
}

typedef struct {
  gatomicrefcount  refs;
  GMutex           lock;
  GCond            cond;
  KeyringOp       *op;
  gboolean         done;   /* the first call to finish; later ones are dropped */
  gboolean         ok;
  char            *key;
  GError          *error;
} GuardedCall;

static GuardedCall *
guarded_call_ref (GuardedCall *call)
{
  g_atomic_ref_count_inc (&call->refs);
  return call;
}

static void
guarded_call_unref (GuardedCall *call)
{
  if (!g_atomic_ref_count_dec (&call->refs))
    return;
  keyring_op_free (call->op);
  fw_keyring_free_key (call->key);
  g_clear_error (&call->error);
  g_mutex_clear (&call->lock);
  g_cond_clear (&call->cond);
  g_free (call);
}

static gpointer
guarded_call_thread (gpointer data)
{
  GuardedCall *call = data;
  GError *error = NULL;
  char *key = NULL;
  gboolean ok = keyring_do (call->op, NULL, &key, &error);

  g_mutex_lock (&call->lock);
  if (!call->done)
    {
      call->done = TRUE;
      call->ok = ok;
      call->key = g_steal_pointer (&key);
      call->error = g_steal_pointer (&error);
      g_cond_broadcast (&call->cond);
    }
  g_mutex_unlock (&call->lock);

  fw_keyring_free_key (key);
  g_clear_error (&error);
  guarded_call_unref (call);
  return NULL;
}

static gboolean
keyring_do_guarded (const KeyringOp  *op,
                    GCancellable     *cancellable,
                    char            **key_out,
                    GError          **error)
{
  GuardedCall *call = g_new0 (GuardedCall, 1);
  guint attempts = 0;
  guint seen_at_start = 0;
  gboolean ok = FALSE;

  g_atomic_ref_count_init (&call->refs);
  g_mutex_init (&call->lock);
  g_cond_init (&call->cond);
  call->op = keyring_op_copy (op);

  g_mutex_lock (&call->lock);
  while (!call->done && !g_cancellable_is_cancelled (cancellable))
    {
      gint64 now = g_get_monotonic_time ();
      gboolean lost;
      guint seen;

      g_mutex_lock (&responses_lock);
      seen = responses_seen;
      lost = attempts > 0 && seen != seen_at_start &&
             now - last_response_time > PORTAL_LOST_AFTER;
      g_mutex_unlock (&responses_lock);

      if (attempts == 0 || lost)
        {
          if (attempts == PORTAL_ATTEMPTS)
            break;
          if (lost)
            g_debug ("Keyring: the Secret portal answered, libsecret missed it; asking again");
          seen_at_start = seen;
          attempts++;
          g_thread_unref (g_thread_new ("fw-keyring", guarded_call_thread,
                                        guarded_call_ref (call)));
        }

      g_cond_wait_until (&call->cond, &call->lock, now + PORTAL_POLL);
    }

  if (call->done)
    {
      ok = call->ok;
      if (ok && key_out != NULL)
        *key_out = g_steal_pointer (&call->key);
      if (!ok)
        g_propagate_error (error, g_steal_pointer (&call->error));
    }
  else if (g_cancellable_is_cancelled (cancellable))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  else
    g_set_error_literal (error, FW_KEYRING_ERROR, FW_KEYRING_ERROR_UNAVAILABLE,
                         _("The keyring did not answer: its reply was lost on the way three times in a row. Nothing was changed. Try again."));
  g_mutex_unlock (&call->lock);

  guarded_call_unref (call);
  return ok;
}

#endif /* GUARD_PORTAL_CALLS */

/* Does @op, blocking, guarded where libsecret needs it. */
static gboolean
keyring_call (const KeyringOp  *op,
              GCancellable     *cancellable,
              char            **key_out,
              GError          **error)
{
#ifdef GUARD_PORTAL_CALLS
  if (portal_calls_guarded ())
    return keyring_do_guarded (op, cancellable, key_out, error);
#endif
  return keyring_do (op, cancellable, key_out, error);
}

gboolean
fw_keyring_store_sync (const char    *provider_id,
                       const char    *provider_name,
                       const char    *base_url,
                       const char    *key,
                       GCancellable  *cancellable,
                       GError       **error)
{
  KeyringOp op = { KEYRING_STORE, (char *) provider_id, (char *) provider_name,
                   (char *) base_url, (char *) key };

  g_return_val_if_fail (provider_id != NULL && base_url != NULL && key != NULL, FALSE);

  return keyring_call (&op, cancellable, NULL, error);
}

char *
fw_keyring_lookup_sync (const char    *provider_id,
                        const char    *base_url,
                        GCancellable  *cancellable,
                        GError       **error)
{
  KeyringOp op = { KEYRING_LOOKUP, (char *) provider_id, NULL, (char *) base_url, NULL };
  char *key = NULL;

  g_return_val_if_fail (provider_id != NULL, NULL);

  if (!keyring_call (&op, cancellable, &key, error))
    return NULL;
  return key;
}

gboolean
fw_keyring_clear_sync (const char    *provider_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  KeyringOp op = { KEYRING_CLEAR, (char *) provider_id, NULL, NULL, NULL };

  g_return_val_if_fail (provider_id != NULL, FALSE);

  return keyring_call (&op, cancellable, NULL, error);
}

static void
keyring_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KeyringOp *op = task_data;
  GError *error = NULL;
  char *key = NULL;

  if (!keyring_call (op, cancellable, &key, &error))
    g_task_return_error (task, error);
  else if (op->action == KEYRING_LOOKUP)
    g_task_return_pointer (task, key, (GDestroyNotify) fw_keyring_free_key);
  else
    g_task_return_boolean (task, TRUE);
}

/* Runs @action in a worker thread, with copies of the strings it needs. */
static void
keyring_run (KeyringAction        action,
             gpointer             source_tag,
             const char          *provider_id,
             const char          *provider_name,
             const char          *base_url,
             const char          *key,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  KeyringOp op = { action, (char *) provider_id, (char *) provider_name,
                   (char *) base_url, (char *) key };

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, keyring_op_copy (&op), keyring_op_free);
  g_task_run_in_thread (task, keyring_thread);
}

void
fw_keyring_store_async (const char          *provider_id,
                        const char          *provider_name,
                        const char          *base_url,
                        const char          *key,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  keyring_run (KEYRING_STORE, fw_keyring_store_async, provider_id, provider_name, base_url, key,
               cancellable, callback, user_data);
}

gboolean
fw_keyring_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fw_keyring_lookup_async (const char          *provider_id,
                         const char          *base_url,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  keyring_run (KEYRING_LOOKUP, fw_keyring_lookup_async, provider_id, NULL, base_url, NULL,
               cancellable, callback, user_data);
}

char *
fw_keyring_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fw_keyring_clear_async (const char          *provider_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  keyring_run (KEYRING_CLEAR, fw_keyring_clear_async, provider_id, NULL, NULL, NULL,
               cancellable, callback, user_data);
}

gboolean
fw_keyring_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
