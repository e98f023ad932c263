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

gboolean
fw_keyring_store_sync (const char    *provider_id,
                       const char    *provider_name,
                       const char    *base_url,
                       const char    *key,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;
  g_autolist(SecretRetrievable) items = NULL;

  g_return_val_if_fail (provider_id != NULL && base_url != NULL && key != NULL, FALSE);

  label = make_label (provider_name != NULL ? provider_name : provider_id);

  if (!secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT,
                                   label, key, cancellable, &local_error,
                                   "provider", provider_id,
                                   "base-url", base_url,
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
                                       "provider", provider_id, NULL);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attrs = secret_retrievable_get_attributes (l->data);
      const char *url = g_hash_table_lookup (attrs, "base-url");

      if (g_strcmp0 (url, base_url) != 0)
        secret_password_clear_sync (get_schema (), cancellable, NULL,
                                    "provider", provider_id,
                                    "base-url", url != NULL ? url : "",
                                    NULL);
    }

  g_debug ("Keyring: stored the key for %s", provider_id);
  return TRUE;
}

char *
fw_keyring_lookup_sync (const char    *provider_id,
                        const char    *base_url,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *key;

  g_return_val_if_fail (provider_id != NULL, NULL);

  if (base_url != NULL)
    key = secret_password_lookup_sync (get_schema (), cancellable, &local_error,
                                       "provider", provider_id,
                                       "base-url", base_url,
                                       NULL);
  else
    key = secret_password_lookup_sync (get_schema (), cancellable, &local_error,
                                       "provider", provider_id,
                                       NULL);

  if (local_error != NULL)
    {
      translate_error (local_error, cancellable, error);
      return NULL;
    }

  return key;
}

gboolean
fw_keyring_clear_sync (const char    *provider_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (provider_id != NULL, FALSE);

  secret_password_clear_sync (get_schema (), cancellable, &local_error,
                              "provider", provider_id, NULL);
  if (local_error != NULL)
    {
      translate_error (local_error, cancellable, error);
      return FALSE;
    }

  g_debug ("Keyring: cleared the key(s) for %s", provider_id);
  return TRUE;
}

/* What a worker thread does: one of the blocking calls above. */
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

static void
keyring_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KeyringOp *op = task_data;
  GError *error = NULL;
  char *key = NULL;
  gboolean ok = FALSE;

  switch (op->action)
    {
    case KEYRING_STORE:
      ok = fw_keyring_store_sync (op->provider_id, op->provider_name, op->base_url,
                                  op->key, cancellable, &error);
      break;
    case KEYRING_LOOKUP:
      key = fw_keyring_lookup_sync (op->provider_id, op->base_url, cancellable, &error);
      ok = error == NULL;
      break;
    case KEYRING_CLEAR:
      ok = fw_keyring_clear_sync (op->provider_id, cancellable, &error);
      break;
    }

  if (!ok)
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
  KeyringOp *op = g_new0 (KeyringOp, 1);

  op->action = action;
  op->provider_id = g_strdup (provider_id);
  op->provider_name = g_strdup (provider_name);
  op->base_url = g_strdup (base_url);
  op->key = g_strdup (key);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, keyring_op_free);
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
