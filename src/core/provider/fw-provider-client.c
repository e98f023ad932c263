/* fw-provider-client.c — checking keys, connecting and disconnecting
 *
 * The network and keyring work runs in GTask worker threads; GSettings is
 * written back in the caller's main context.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "fw-connections.h"
#include "fw-http.h"
#include "fw-keyring.h"
#include "fw-provider-catalog.h"
#include "fw-provider-client.h"
#include "fw-provider-response.h"

#define CHECK_TIMEOUT_S 30
#define PROBE_CONNECT_S 2
#define PROBE_TIMEOUT_S 3

char *
fw_provider_normalize_base_url (const char *base_url)
{
  char *url;
  gsize len;

  if (base_url == NULL)
    return g_strdup ("");

  url = g_strstrip (g_strdup (base_url));
  len = strlen (url);
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  return url;
}

static char *
resolve_base_url (FwProvider *provider,
                  const char *base_url)
{
  if (base_url != NULL && *base_url != '\0')
    return fw_provider_normalize_base_url (base_url);
  return fw_provider_normalize_base_url (fw_provider_get_base_url (provider));
}

static GStrv
catalog_models (FwProvider *provider)
{
  return g_strdupv ((GStrv) fw_provider_get_models (provider));
}

static gboolean
get_json (FwProvider    *provider,
          const char    *url,
          const char    *key,
          GCancellable  *cancellable,
          guint         *status,
          GBytes       **body,
          GError       **error)
{
  FwHttpRequest req = {
    .method = "GET",
    .url = url,
    .bearer = key,
    .timeout_s = CHECK_TIMEOUT_S,
  };

  return fw_http_perform (&req, NULL, NULL, cancellable, status, body, error);
}

/* For providers without /models (or whose /models answers without a key):
 * a minimal chat request (one token) tells whether the key works. With
 * @lenient, an answer that only refuses the request itself (400, 422, and
 * 404 unless @strict_address: e.g. a model this account cannot use) still
 * shows that the key was accepted. */
static gboolean
check_with_chat (FwProvider    *provider,
                 const char    *base_url,
                 const char    *key,
                 const char    *model,
                 gboolean       lenient,
                 gboolean       strict_address,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *url = g_strconcat (base_url, "/chat/completions", NULL);
  g_autoptr(GBytes) answer = NULL;
  guint status = 0;
  FwHttpRequest req = { 0 };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "user");
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, "Hi");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "max_tokens");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  body = json_generator_to_data (gen, NULL);

  req.method = "POST";
  req.url = url;
  req.bearer = key;
  req.body = body;
  req.timeout_s = CHECK_TIMEOUT_S;

  if (!fw_http_perform (&req, NULL, NULL, cancellable, &status, &answer, error))
    return FALSE;

  if (lenient && (status == 400 || status == 422 || (status == 404 && !strict_address)))
    return TRUE;

  if (status < 200 || status >= 300)
    {
      gsize len = 0;
      const char *data = answer ? g_bytes_get_data (answer, &len) : NULL;
      g_propagate_error (error, fw_provider_error_from_status (status, data, len,
                                                               fw_provider_get_name (provider), key));
      return FALSE;
    }

  return TRUE;
}

/* TRUE when GET {base}/models also answers without any key: then a good
 * answer with the key proves nothing about the key. */
static gboolean
models_are_public (FwProvider   *provider,
                   const char   *base_url,
                   GCancellable *cancellable)
{
  g_autofree char *url = g_strconcat (base_url, "/models", NULL);
  g_autoptr(GBytes) body = NULL;
  guint status = 0;

  return get_json (provider, url, NULL, cancellable, &status, &body, NULL) &&
         status >= 200 && status < 300;
}

/* GET {base}{check_path} with @key and the model ids it lists: the key
 * check and the model list of a connected provider share it. With
 * @prove_key, an answer that does not show the key is good (no /models, a
 * public /models) is followed by a one-token chat request; without it (a
 * key that was checked when it was stored), those give the catalog's
 * models or the public list. */
static GStrv
fetch_models_sync (FwProvider    *provider,
                   const char    *base_url,
                   const char    *key,
                   gboolean       prove_key,
                   GCancellable  *cancellable,
                   GError       **error)
{
  const char *check_path = fw_provider_get_check_path (provider);
  gboolean check_is_models = g_strcmp0 (check_path, "/models") == 0;
  g_autofree char *url = NULL;
  g_autoptr(GBytes) body = NULL;
  GStrv models = NULL;
  guint status = 0;
  const char *data;
  gsize len = 0;

  /* Infomaniak's address has the product id in it: the catalog's still
   * has the placeholder where the person's id goes. */
  if (fw_provider_get_url_parameter (provider) != NULL && strchr (base_url, '{') != NULL)
    {
      g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_INSECURE_URL,
                   _("The address of %s needs your product ID in it."),
                   fw_provider_get_name (provider));
      return NULL;
    }

  if (!fw_http_check_url (base_url, error))
    return NULL;

  /* Providers whose model list does not take the key as a Bearer token
   * (Anthropic) or that have none (Infomaniak): a one-token chat request
   * to the suggested model checks the key; the catalog lists the models. */
  if (g_strcmp0 (check_path, "/chat/completions") == 0)
    {
      models = catalog_models (provider);
      if (prove_key &&
          !check_with_chat (provider, base_url, key,
                            fw_provider_get_suggested_model (provider) != NULL
                            ? fw_provider_get_suggested_model (provider) : "model",
                            TRUE, TRUE, cancellable, error))
        g_clear_pointer (&models, g_strfreev);
      return models;
    }

  url = g_strconcat (base_url, check_path, NULL);
  if (!get_json (provider, url, key, cancellable, &status, &body, error))
    return NULL;
  data = body ? g_bytes_get_data (body, &len) : NULL;

  if ((status == 404 || status == 405) && check_is_models &&
      fw_provider_get_suggested_model (provider) != NULL)
    {
      if (!prove_key)
        return catalog_models (provider);
      g_debug ("%s has no /models; checking the key with a chat request",
               fw_provider_get_id (provider));
      if (!check_with_chat (provider, base_url, key, fw_provider_get_suggested_model (provider),
                            FALSE, FALSE, cancellable, error))
        return NULL;
      return catalog_models (provider);
    }

  if (status < 200 || status >= 300)
    {
      g_propagate_error (error, fw_provider_error_from_status (status, data, len,
                                                               fw_provider_get_name (provider), key));
      return NULL;
    }

  if (check_is_models)
    {
      models = fw_provider_response_parse_models (data, len, error);
      if (models == NULL)
        return NULL;

      /* A model list that anyone can read did not check the key. */
      if (prove_key && fw_provider_get_needs_key (provider) && key != NULL && *key != '\0' &&
          models_are_public (provider, base_url, cancellable))
        {
          const char *model = fw_provider_get_suggested_model (provider);

          g_debug ("%s lists models without a key; checking the key with a chat request",
                   fw_provider_get_id (provider));
          if (model == NULL || !g_strv_contains ((const char * const *) models, model))
            model = models[0];
          if (model == NULL ||
              !check_with_chat (provider, base_url, key, model, TRUE, FALSE, cancellable, error))
            {
              if (model == NULL)
                g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL,
                             _("%s lists no models, so the key cannot be checked."),
                             fw_provider_get_name (provider));
              g_strfreev (models);
              return NULL;
            }
        }
    }
  else
    {
      /* e.g. OpenRouter's /key: any JSON object means the key is good. */
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GBytes) list = NULL;
      g_autofree char *models_url = NULL;

      if (data == NULL || !g_utf8_validate_len (data, len, NULL) ||
          !json_parser_load_from_data (parser, data, (gssize) len, NULL) ||
          json_parser_get_root (parser) == NULL ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL,
                       _("%s gave an answer Farewell does not understand. Check the address."),
                       fw_provider_get_name (provider));
          return NULL;
        }

      models_url = g_strconcat (base_url, "/models", NULL);
      status = 0;
      if (get_json (provider, models_url, key, cancellable, &status, &list, NULL) &&
          status >= 200 && status < 300 && list != NULL)
        {
          gsize list_len;
          const char *list_data = g_bytes_get_data (list, &list_len);
          models = fw_provider_response_parse_models (list_data, list_len, NULL);
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_strfreev (models);
          return NULL;
        }
      if (models == NULL)
        models = catalog_models (provider);
    }

  fw_provider_models_put_first (models, fw_provider_get_suggested_model (provider));
  return models;
}

static GStrv
check_key_sync (FwProvider    *provider,
                const char    *base_url,
                const char    *key,
                GCancellable  *cancellable,
                GError       **error)
{
  return fetch_models_sync (provider, base_url, key, TRUE, cancellable, error);
}

typedef struct {
  FwProvider *provider;
  char       *base_url;
  char       *key;
  char       *model;
  char       *provider_id;
} ProviderOp;

static void
provider_op_free (gpointer data)
{
  ProviderOp *op = data;

  g_clear_object (&op->provider);
  g_free (op->base_url);
  fw_secure_free (op->key);
  g_free (op->model);
  g_free (op->provider_id);
  g_free (op);
}

/* The task's data, for a request to @provider at @base_url (or its own). */
static ProviderOp *
provider_op_new (GTask      *task,
                 FwProvider *provider,
                 const char *base_url)
{
  ProviderOp *op = g_new0 (ProviderOp, 1);

  op->provider = g_object_ref (provider);
  op->base_url = resolve_base_url (provider, base_url);
  g_task_set_task_data (task, op, provider_op_free);
  return op;
}

/* g_task_run_in_thread() for the return-on-cancel tasks here. GLib 2.74
 * leaks the error of such a task when it is cancelled before its thread
 * starts, so that case is answered here instead. */
static void
run_in_thread (GTask           *task,
               GTaskThreadFunc  func)
{
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_run_in_thread (task, func);
}

static void
check_key_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ProviderOp *op = task_data;
  GError *error = NULL;
  GStrv models;

  models = check_key_sync (op->provider, op->base_url, op->key, cancellable, &error);
  if (models == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, models, (GDestroyNotify) g_strfreev);
}

void
fw_provider_check_key_async (FwProvider          *provider,
                             const char          *base_url,
                             const char          *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProviderOp *op;

  g_return_if_fail (FW_IS_PROVIDER (provider));

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, fw_provider_check_key_async);
  g_task_set_return_on_cancel (task, TRUE);

  op = provider_op_new (task, provider, base_url);
  op->key = key != NULL ? g_strstrip (g_strdup (key)) : NULL;

  run_in_thread (task, check_key_thread);
}

GStrv
fw_provider_check_key_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* connect */

static void
connect_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ProviderOp *op = task_data;
  GError *error = NULL;
  GStrv models;
  gboolean has_key = op->key != NULL && *op->key != '\0';

  models = check_key_sync (op->provider, op->base_url, op->key, cancellable, &error);
  if (models == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (has_key)
    {
      if (!fw_keyring_store_sync (fw_provider_get_id (op->provider),
                                  fw_provider_get_name (op->provider),
                                  op->base_url, op->key, cancellable, &error))
        {
          g_strfreev (models);
          g_task_return_error (task, error);
          return;
        }
    }
  else
    {
      /* A provider used without a key: forget any old key. A missing
       * keyring does not matter here. */
      fw_keyring_clear_sync (fw_provider_get_id (op->provider), cancellable, NULL);
    }

  /* Stored: from here on the connection completes even if cancelled, so
   * that the keyring and GSettings agree. */
  g_task_return_pointer (task, models, (GDestroyNotify) g_strfreev);
}

static const char *
choose_model (ProviderOp *op,
              GStrv       models)
{
  g_autoptr(FwConnection) previous = NULL;
  const char *suggested;

  if (op->model != NULL && *op->model != '\0')
    return op->model;

  previous = fw_connections_lookup (fw_provider_get_id (op->provider));
  if (previous != NULL && *fw_connection_get_model (previous) != '\0' &&
      g_strv_contains ((const char * const *) models, fw_connection_get_model (previous)))
    {
      g_free (op->model);
      op->model = g_strdup (fw_connection_get_model (previous));
      return op->model;
    }

  suggested = fw_provider_get_suggested_model (op->provider);
  if (suggested != NULL && g_strv_contains ((const char * const *) models, suggested))
    return suggested;
  if (models[0] != NULL)
    return models[0];
  return suggested;
}

static void
connect_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  ProviderOp *op = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  GStrv models;

  models = g_task_propagate_pointer (G_TASK (result), &error);
  if (models == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }

  fw_connections_add (fw_provider_get_id (op->provider), op->base_url,
                      choose_model (op, models));
  g_task_return_pointer (outer, models, (GDestroyNotify) g_strfreev);
}

void
fw_provider_connect_async (FwProvider          *provider,
                           const char          *base_url,
                           const char          *key,
                           const char          *model,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  g_autofree char *clean_key = NULL;
  ProviderOp *op;

  g_return_if_fail (FW_IS_PROVIDER (provider));

  outer = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fw_provider_connect_async);
  g_task_set_check_cancellable (outer, FALSE);

  clean_key = key != NULL ? g_strstrip (g_strdup (key)) : NULL;
  if (fw_provider_get_needs_key (provider) && (clean_key == NULL || *clean_key == '\0'))
    {
      fw_secure_free (g_steal_pointer (&clean_key));
      g_task_return_new_error (outer, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NO_KEY,
                               _("Enter the API key for %s."), fw_provider_get_name (provider));
      return;
    }

  inner = g_task_new (provider, cancellable, connect_done, g_steal_pointer (&outer));
  g_task_set_check_cancellable (inner, FALSE);
  op = provider_op_new (inner, provider, base_url);
  op->key = g_steal_pointer (&clean_key);
  op->model = g_strdup (model);
  g_task_run_in_thread (inner, connect_thread);
}

GStrv
fw_provider_connect_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* disconnect */

static void
disconnect_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ProviderOp *op = task_data;
  FwProvider *provider = fw_provider_catalog_lookup (fw_provider_catalog_get_default (),
                                                     op->provider_id);
  gboolean needs_key = provider == NULL || fw_provider_get_needs_key (provider);
  GError *error = NULL;

  if (!fw_keyring_clear_sync (op->provider_id, cancellable, &error) &&
      (needs_key || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);
  g_task_return_boolean (task, TRUE);
}

static void
disconnect_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  ProviderOp *op = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  fw_connections_remove (op->provider_id);
  g_task_return_boolean (outer, TRUE);
}

void
fw_provider_disconnect_async (const char          *provider_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  ProviderOp *op;

  g_return_if_fail (provider_id != NULL);

  outer = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (outer, fw_provider_disconnect_async);

  op = g_new0 (ProviderOp, 1);
  op->provider_id = g_strdup (provider_id);

  inner = g_task_new (NULL, cancellable, disconnect_done, g_steal_pointer (&outer));
  g_task_set_task_data (inner, op, provider_op_free);
  g_task_run_in_thread (inner, disconnect_thread);
}

gboolean
fw_provider_disconnect_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* listing the models of a connected provider */

static void
list_models_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ProviderOp *op = task_data;
  g_autoptr(GError) keyring_error = NULL;
  GError *error = NULL;
  char *key = NULL;
  GStrv models;

  if (!fw_http_check_url (op->base_url, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Only here, in the worker: the page asking never holds the key. */
  key = fw_keyring_lookup_sync (fw_provider_get_id (op->provider), op->base_url,
                                cancellable, &keyring_error);
  if (g_error_matches (keyring_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (key == NULL && fw_provider_get_needs_key (op->provider) && keyring_error != NULL))
    {
      g_task_return_error (task, g_steal_pointer (&keyring_error));
      return;
    }
  if (key == NULL && fw_provider_get_needs_key (op->provider))
    {
      g_task_return_new_error (task, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NO_KEY,
                               _("No API key for %s is stored in the keyring. Connect the provider again."),
                               fw_provider_get_name (op->provider));
      return;
    }

  /* The key was checked when it was stored: ask only for the list. */
  models = fetch_models_sync (op->provider, op->base_url, key, FALSE, cancellable, &error);
  fw_secure_free (g_steal_pointer (&key));
  if (models == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, models, (GDestroyNotify) g_strfreev);
}

void
fw_provider_list_models_async (const char          *provider_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(FwConnection) connection = NULL;
  FwProvider *provider;

  g_return_if_fail (provider_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fw_provider_list_models_async);
  g_task_set_return_on_cancel (task, TRUE);

  provider = fw_provider_catalog_lookup (fw_provider_catalog_get_default (), provider_id);
  if (provider == NULL)
    {
      g_task_return_new_error (task, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNKNOWN_PROVIDER,
                               _("“%s” is not a provider Farewell knows."), provider_id);
      return;
    }

  /* Read in the caller's context, like every GSettings access here. */
  connection = fw_connections_lookup (provider_id);
  if (connection == NULL)
    {
      g_task_return_new_error (task, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_NO_KEY,
                               _("No API key for %s is stored in the keyring. Connect the provider again."),
                               fw_provider_get_name (provider));
      return;
    }

  provider_op_new (task, provider, fw_connection_get_base_url (connection));

  run_in_thread (task, list_models_thread);
}

GStrv
fw_provider_list_models_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fw_provider_list_models_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* local probe */

static void
probe_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ProviderOp *op = task_data;
  g_autofree char *url = g_strconcat (op->base_url, "/models", NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;
  FwHttpRequest req = {
    .method = "GET",
    .url = url,
    .connect_timeout_s = PROBE_CONNECT_S,
    .timeout_s = PROBE_TIMEOUT_S,
    .max_body = 1024 * 1024,
  };
  gboolean answered;

  answered = fw_http_perform (&req, NULL, NULL, cancellable, &status, &body, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Any HTTP answer (even a too-large model list) means a server runs. */
  if (g_error_matches (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL))
    answered = TRUE;
  g_task_return_boolean (task, answered && (status > 0 || error != NULL));
}

void
fw_provider_probe_local_async (FwProvider          *provider,
                               const char          *base_url,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FW_IS_PROVIDER (provider));

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, fw_provider_probe_local_async);
  g_task_set_return_on_cancel (task, TRUE);

  provider_op_new (task, provider, base_url);

  run_in_thread (task, probe_thread);
}

gboolean
fw_provider_probe_local_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
