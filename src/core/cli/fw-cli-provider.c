/* fw-cli-provider.c — `farewell --connect`, `--providers`, `--disconnect`, `--ask`
 *
 * --connect reads the API key from standard input (never from the command
 * line, where other users and the shell history would see it); on a
 * terminal the typing is not echoed. The key is checked, stored in the
 * keyring and wiped from memory. --ask looks the key up itself and streams
 * the answer to standard output; Ctrl+C stops it.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fw-cli-provider.h"
#include "fw-settings.h"
#include "archive/fw-archive-index.h"
#include "provider/fw-chat.h"
#include "provider/fw-connections.h"
#include "provider/fw-http.h"
#include "provider/fw-provider-catalog.h"
#include "provider/fw-provider-client.h"

#define KEY_MAX 8192

/* Running one async operation to its end. */

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
waiter_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *w = user_data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static void
waiter_run (Waiter *w)
{
  if (w->result == NULL)
    g_main_loop_run (w->loop);
}

static void
waiter_clear (Waiter *w)
{
  g_clear_object (&w->result);
  g_clear_pointer (&w->loop, g_main_loop_unref);
}

static FwProvider *
lookup_provider_or_usage (const char *id)
{
  FwProviderCatalog *catalog = fw_provider_catalog_get_default ();
  FwProvider *provider = fw_provider_catalog_lookup (catalog, id);

  if (provider == NULL)
    {
      g_autoptr(GString) ids = g_string_new (NULL);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FwProvider) p = g_list_model_get_item (G_LIST_MODEL (catalog), i);
          if (ids->len > 0)
            g_string_append (ids, ", ");
          g_string_append (ids, fw_provider_get_id (p));
        }
      fw_cli_printerr (_("“%s” is not a provider Farewell knows. Known providers: %s."), id, ids->str);
    }

  return provider;
}

/* Reads the key from standard input: at most KEY_MAX bytes, the first
 * line, trimmed. Uses read(2) so no stdio buffer keeps a copy. Returns
 * NULL (and wipes) when nothing usable came. */
static char *
read_key_from_stdin (const char *provider_name)
{
  char buf[KEY_MAX];
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  gboolean echo_off = FALSE;
  gsize len = 0;
  char *key = NULL;
  char *start, *end;

  if (tty)
    {
      /* Translators: the prompt for the key on a terminal; %s is a provider. */
      fprintf (stderr, _("API key for %s (not shown while you type): "), provider_name);
      fflush (stderr);
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          quiet.c_lflag |= ECHONL;
          echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }

  while (len < sizeof buf - 1)
    {
      ssize_t r = read (STDIN_FILENO, buf + len, sizeof buf - 1 - len);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        break;
      len += (gsize) r;
      if (tty && memchr (buf, '\n', len) != NULL)
        break;
    }
  buf[len] = '\0';

  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  /* The first line, without surrounding spaces. */
  start = buf;
  while (*start == ' ' || *start == '\t' || *start == '\r' || *start == '\n')
    start++;
  end = start;
  while (*end != '\0' && *end != '\n' && *end != '\r')
    end++;
  while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  if (end > start)
    key = g_strndup (start, end - start);

  fw_secure_wipe (buf, sizeof buf);
  return key;
}

int
fw_cli_connect (const FwCliOptions *opts)
{
  Waiter w = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_auto(GStrv) models = NULL;
  g_autoptr(FwConnection) connection = NULL;
  FwProvider *provider;
  char *key = NULL;
  int ret = FW_EXIT_FAIL;

  provider = lookup_provider_or_usage (opts->connect);
  if (provider == NULL)
    {
      waiter_clear (&w);
      return FW_EXIT_USAGE;
    }

  if (fw_provider_get_is_custom (provider) && (opts->base_url == NULL || *opts->base_url == '\0'))
    {
      fw_cli_printerr (_("--connect %s needs --base-url with the service’s address, for example https://api.example.com/v1."),
                       fw_provider_get_id (provider));
      waiter_clear (&w);
      return FW_EXIT_USAGE;
    }

  base_url = fw_provider_normalize_base_url (opts->base_url != NULL ? opts->base_url
                                                                    : fw_provider_get_base_url (provider));
  if (!fw_http_check_url (base_url, &error))
    {
      fw_cli_printerr ("%s", error->message);
      waiter_clear (&w);
      return FW_EXIT_FAIL;
    }

  /* Providers that need no key only read one when it is piped in (and do
   * not wait for a standard input that never ends). */
  if (fw_provider_get_needs_key (provider))
    key = read_key_from_stdin (fw_provider_get_name (provider));
  else if (!isatty (STDIN_FILENO))
    {
      struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
      if (poll (&pfd, 1, 500) > 0 && (pfd.revents & (POLLIN | POLLHUP)))
        key = read_key_from_stdin (fw_provider_get_name (provider));
    }

  if (fw_provider_get_needs_key (provider) && key == NULL)
    {
      fw_cli_printerr (_("No API key came on standard input. Pipe it in, for example from your password manager, or type it when asked; it is never taken from the command line."));
      waiter_clear (&w);
      return FW_EXIT_FAIL;
    }

  fw_provider_connect_async (provider, base_url, key, opts->model, NULL, waiter_done, &w);
  fw_secure_free (key);
  key = NULL;
  waiter_run (&w);

  models = fw_provider_connect_finish (w.result, &error);
  if (models == NULL)
    {
      fw_cli_printerr ("%s", error->message);
      goto out;
    }

  connection = fw_connections_lookup (fw_provider_get_id (provider));
  if (fw_provider_get_needs_key (provider) || connection == NULL)
    fprintf (stderr, _("Connected to %s. The key is stored in the system keyring.\n"),
             fw_provider_get_name (provider));
  else
    fprintf (stderr, _("Connected to %s.\n"), fw_provider_get_name (provider));

  if (opts->model != NULL && !g_strv_contains ((const char * const *) models, opts->model))
    fw_cli_printerr (_("Note: %s did not list the model “%s”; it is saved as chosen anyway."),
                     fw_provider_get_name (provider), opts->model);

  if (connection != NULL && *fw_connection_get_model (connection) != '\0')
    fprintf (stderr, _("Model: %s\n"), fw_connection_get_model (connection));

  if (models[0] == NULL)
    fprintf (stderr, _("The provider listed no models.\n"));
  else
    fprintf (stderr, _("Available models:\n"));
  for (guint i = 0; models[i] != NULL; i++)
    g_print ("%s\n", models[i]);

  ret = FW_EXIT_OK;

out:
  waiter_clear (&w);
  return ret;
}

int
fw_cli_disconnect (const FwCliOptions *opts)
{
  Waiter w = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FwConnection) connection = NULL;
  FwProvider *provider;
  int ret = FW_EXIT_FAIL;

  provider = lookup_provider_or_usage (opts->disconnect);
  if (provider == NULL)
    {
      waiter_clear (&w);
      return FW_EXIT_USAGE;
    }

  connection = fw_connections_lookup (fw_provider_get_id (provider));

  fw_provider_disconnect_async (fw_provider_get_id (provider), NULL, waiter_done, &w);
  waiter_run (&w);

  if (!fw_provider_disconnect_finish (w.result, &error))
    {
      fw_cli_printerr ("%s", error->message);
      goto out;
    }

  if (connection == NULL)
    fprintf (stderr, _("%s was not connected; no key of it is left in the keyring.\n"),
             fw_provider_get_name (provider));
  else
    fprintf (stderr, _("Disconnected %s. Its key was removed from the keyring.\n"),
             fw_provider_get_name (provider));
  ret = FW_EXIT_OK;

out:
  waiter_clear (&w);
  return ret;
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

int
fw_cli_providers (const FwCliOptions *opts)
{
  FwProviderCatalog *catalog = fw_provider_catalog_get_default ();
  g_autoptr(FwConnection) def = fw_connections_get_default ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  if (opts->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      add_string_or_null (builder, "default", def ? fw_connection_get_provider_id (def) : NULL);
      json_builder_set_member_name (builder, "providers");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FwProvider) p = g_list_model_get_item (G_LIST_MODEL (catalog), i);
          g_autoptr(FwConnection) c = fw_connections_lookup (fw_provider_get_id (p));

          json_builder_begin_object (builder);
          add_string_or_null (builder, "id", fw_provider_get_id (p));
          add_string_or_null (builder, "name", fw_provider_get_name (p));
          add_string_or_null (builder, "description", fw_provider_get_description (p));
          add_string_or_null (builder, "base_url", fw_provider_get_base_url (p));
          add_string_or_null (builder, "key_url", fw_provider_get_key_url (p));
          add_string_or_null (builder, "suggested_model", fw_provider_get_suggested_model (p));
          json_builder_set_member_name (builder, "needs_key");
          json_builder_add_boolean_value (builder, fw_provider_get_needs_key (p));
          json_builder_set_member_name (builder, "is_local");
          json_builder_add_boolean_value (builder, fw_provider_get_is_local (p));
          json_builder_set_member_name (builder, "is_custom");
          json_builder_add_boolean_value (builder, fw_provider_get_is_custom (p));
          json_builder_set_member_name (builder, "connected");
          json_builder_add_boolean_value (builder, c != NULL);
          json_builder_set_member_name (builder, "default");
          json_builder_add_boolean_value (builder, c != NULL && fw_connection_get_is_default (c));
          json_builder_set_member_name (builder, "connection");
          if (c != NULL)
            {
              json_builder_begin_object (builder);
              add_string_or_null (builder, "base_url", fw_connection_get_base_url (c));
              add_string_or_null (builder, "model", *fw_connection_get_model (c) ? fw_connection_get_model (c) : NULL);
              json_builder_end_object (builder);
            }
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
      return FW_EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwProvider) p = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autoptr(FwConnection) c = fw_connections_lookup (fw_provider_get_id (p));
      g_autofree char *status = NULL;

      if (c == NULL)
        status = g_strdup (_("not connected"));
      else if (*fw_connection_get_model (c) != '\0')
        status = g_strdup_printf (fw_connection_get_is_default (c)
                                  ? _("connected, default, model %s")
                                  : _("connected, model %s"),
                                  fw_connection_get_model (c));
      else
        status = g_strdup (fw_connection_get_is_default (c) ? _("connected, default")
                                                            : _("connected"));

      g_print ("%-12s %-34s %s\n", fw_provider_get_id (p), fw_provider_get_name (p), status);
      if (c != NULL && g_strcmp0 (fw_connection_get_base_url (c), fw_provider_get_base_url (p)) != 0)
        g_print ("%-12s %s\n", "", fw_connection_get_base_url (c));
    }

  if (def == NULL)
    g_print ("\n%s\n", _("No provider is connected yet. Connect one with: farewell --connect ID < key-file"));

  return FW_EXIT_OK;
}

/* --ask */

typedef struct {
  gboolean  wrote;
  gboolean  ends_with_newline;
} AskOutput;

static void
ask_delta (const char *text,
           gpointer    user_data)
{
  AskOutput *out = user_data;
  gsize len = strlen (text);

  fwrite (text, 1, len, stdout);
  fflush (stdout);
  out->wrote = TRUE;
  out->ends_with_newline = len > 0 && text[len - 1] == '\n';
}

static gboolean
on_sigint (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

int
fw_cli_ask (const FwCliOptions *opts)
{
  Waiter w = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(FwConnection) connection = NULL;
  g_autoptr(FwArchiveIndex) index = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autoptr(JsonArray) messages = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autofree char *system_prompt = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *model = NULL;
  AskOutput out = { FALSE, TRUE };
  FwProvider *provider;
  const char *provider_id;
  gboolean trimmed = FALSE;
  guint sigint_id;
  int ret = FW_EXIT_FAIL;

  if (opts->continue_id != NULL && opts->archive == NULL)
    {
      fw_cli_printerr (_("--continue needs --archive with the archive folder."));
      waiter_clear (&w);
      return FW_EXIT_USAGE;
    }

  if (opts->provider != NULL)
    provider_id = opts->provider;
  else
    {
      connection = fw_connections_get_default ();
      if (connection == NULL)
        {
          fw_cli_printerr (_("No provider is connected. Connect one first, for example: farewell --connect mistral < key-file"));
          waiter_clear (&w);
          return FW_EXIT_FAIL;
        }
      provider_id = fw_connection_get_provider_id (connection);
    }

  provider = lookup_provider_or_usage (provider_id);
  if (provider == NULL)
    {
      waiter_clear (&w);
      return FW_EXIT_USAGE;
    }

  if (connection == NULL)
    connection = fw_connections_lookup (fw_provider_get_id (provider));
  if (connection == NULL && !fw_provider_get_is_local (provider))
    {
      fw_cli_printerr (_("%s is not connected. Connect it first with: farewell --connect %s"),
                       fw_provider_get_name (provider), fw_provider_get_id (provider));
      waiter_clear (&w);
      return FW_EXIT_FAIL;
    }

  if (opts->model != NULL)
    model = g_strdup (opts->model);
  else if (connection != NULL && *fw_connection_get_model (connection) != '\0')
    model = g_strdup (fw_connection_get_model (connection));
  else
    model = g_strdup (fw_provider_get_suggested_model (provider));
  if (model == NULL)
    {
      fw_cli_printerr (_("No model is chosen for %s. Give one with --model."),
                       fw_provider_get_name (provider));
      waiter_clear (&w);
      return FW_EXIT_FAIL;
    }

  if (opts->archive != NULL)
    {
      index = fw_archive_index_new_for_path (opts->archive, &error);
      if (index == NULL)
        {
          fw_cli_printerr ("%s", error->message);
          waiter_clear (&w);
          return FW_EXIT_FAIL;
        }

      if (!opts->no_instructions)
        system_prompt = fw_archive_index_build_system_prompt (index, TRUE,
                                                              g_settings_get_boolean (settings, "use-memory"));

      if (opts->continue_id != NULL)
        {
          history = fw_archive_index_load_messages (index, opts->continue_id, &error);
          if (history == NULL)
            {
              fw_cli_printerr ("%s", error->message);
              waiter_clear (&w);
              return FW_EXIT_FAIL;
            }
        }
    }

  messages = fw_chat_build_messages (system_prompt, history, opts->ask,
                                     FW_CHAT_DEFAULT_BUDGET, &trimmed);
  if (trimmed)
    fprintf (stderr, _("Note: the conversation is long; only its most recent messages are sent.\n"));

  sigint_id = g_unix_signal_add (SIGINT, on_sigint, cancellable);

  fw_chat_stream_async (fw_provider_get_id (provider),
                        connection != NULL ? fw_connection_get_base_url (connection) : NULL,
                        model, messages, cancellable,
                        ask_delta, &out, NULL,
                        waiter_done, &w);
  waiter_run (&w);
  g_source_remove (sigint_id);

  answer = fw_chat_stream_finish (w.result, &error);
  if (out.wrote && !out.ends_with_newline)
    g_print ("\n");
  fflush (stdout);

  if (answer == NULL)
    {
      fw_cli_printerr ("%s", error->message);
      goto out;
    }

  if (index != NULL && opts->continue_id != NULL)
    {
      g_autoptr(JsonArray) exchange = json_array_new ();
      g_autofree char *path = NULL;

      fw_chat_messages_add (exchange, "user", opts->ask);
      fw_chat_messages_add (exchange, "assistant", answer);
      path = fw_archive_index_save_exchange (index, opts->continue_id,
                                             fw_provider_get_name (provider), model,
                                             exchange, &error);
      if (path == NULL)
        {
          fw_cli_printerr (_("The answer could not be saved into the archive: %s"), error->message);
          goto out;
        }
      fprintf (stderr, _("Saved beside the conversation: %s\n"), path);
    }

  ret = FW_EXIT_OK;

out:
  waiter_clear (&w);
  return ret;
}
