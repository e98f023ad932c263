/* test-provider-try.c — the New Provider and Try It pages in a real window
 * under Xvfb, against the local OpenAI-compatible test server
 * (tests/provider/fw-test-server.c) and the real, throw-away keyring of
 * the headless test session.
 *
 * Everything goes through the real widgets: text typed into the real
 * entry rows, the real buttons and rows activated. The only shortcuts are
 * in the set-up: a connection made through the core when the test is not
 * about connecting, the archive folder set in GSettings (as the Archive
 * step does), and the model of the connection switched through the core
 * to reach the test server's special models (the custom provider has no
 * catalog models to choose from on the Try page).
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "fw-settings.h"
#include "fw-test-server.h"
#include "fw-test-ui.h"
#include "provider/fw-connections.h"
#include "provider/fw-keyring.h"
#include "provider/fw-provider-catalog.h"
#include "provider/fw-provider-client.h"

#define CUSTOM_ID   "custom"
#define CUSTOM_NAME "Other OpenAI-compatible service"
#define BAD_KEY     "test-bad-UiT3stR3jected-91c4"

static FwTestServer *server;
static char *base_url;

/* Finding widgets */

typedef gboolean (*MatchFunc) (GtkWidget     *widget,
                               gconstpointer  data);

static void
collect (GtkWidget     *root,
         MatchFunc      match,
         gconstpointer  data,
         GPtrArray     *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (match (child, data))
        g_ptr_array_add (out, child);
      collect (child, match, data, out);
    }
}

static GtkWidget *
find (GtkWidget     *root,
      MatchFunc      match,
      gconstpointer  data)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, match, data, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static gboolean
match_action (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

static gboolean
match_row_title (GtkWidget     *widget,
                 gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
match_group_title (GtkWidget     *widget,
                   gconstpointer  data)
{
  return ADW_IS_PREFERENCES_GROUP (widget) &&
         g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), data) == 0;
}

static gboolean
match_css_class (GtkWidget     *widget,
                 gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, data);
}

static gboolean
match_tooltip (GtkWidget     *widget,
               gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

static gboolean
match_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  GtkWidget *widget = find (root, match_type, GSIZE_TO_POINTER (type));

  g_assert_nonnull (widget);
  return widget;
}

static GtkWidget *
find_action (GtkWidget  *root,
             const char *action)
{
  GtkWidget *widget = find (root, match_action, action);

  g_assert_nonnull (widget);
  return widget;
}

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  GtkWidget *widget = find (root, match_row_title, title);

  g_assert_nonnull (widget);
  return widget;
}

static GtkWidget *
next_button (FwWindow *window)
{
  return find_action (fw_test_ui_find_child (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR), "win.next");
}

/* A click on a button that a person could click: shown and sensitive.
 * (gtk_widget_activate() on a GtkButton emits "clicked" only after a
 * 250 ms pressed-look delay.) */
static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* No label or text field anywhere in @root shows @needle. */
static void
assert_text_nowhere (GtkWidget  *root,
                     const char *needle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = NULL;

      if (GTK_IS_LABEL (child))
        text = gtk_label_get_text (GTK_LABEL (child));
      else if (GTK_IS_EDITABLE (child))
        text = gtk_editable_get_text (GTK_EDITABLE (child));
      if (text != NULL && strstr (text, needle) != NULL)
        g_error ("“%s” is shown in a %s: “%s”", needle, G_OBJECT_TYPE_NAME (child), text);

      assert_text_nowhere (child, needle);
    }
}

/* Waiting */

static gboolean
remove_cb (gpointer data)
{
  guint *id = data;

  *id = 0;
  return G_SOURCE_REMOVE;
}

/* One main-loop iteration, never blocking more than 10 ms. */
static void
iterate_once (void)
{
  guint id = 0;

  id = g_timeout_add (10, remove_cb, &id);
  g_main_context_iteration (NULL, TRUE);
  if (id != 0)
    g_source_remove (id);
}

#define WAIT_FOR(cond_expr, ms, what) \
  G_STMT_START { \
    gint64 wait_end_ = g_get_monotonic_time () + (gint64) (ms) * G_TIME_SPAN_MILLISECOND; \
    while (!(cond_expr) && g_get_monotonic_time () < wait_end_) \
      iterate_once (); \
    if (!(cond_expr)) \
      g_error ("timed out after %d ms waiting for %s", (int) (ms), what); \
  } G_STMT_END

/* The keyring, read directly with libsecret and the app's schema */

static const SecretSchema *
key_schema (void)
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

/* The key stored for @provider_id, or NULL; checks there is at most one
 * item and, with @expected_base_url, its base-url attribute. */
static char *
keyring_get (const char *provider_id,
             const char *expected_base_url)
{
  g_autoptr(GError) error = NULL;
  GList *items = secret_password_search_sync (key_schema (),
                                              SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                              NULL, &error,
                                              "provider", provider_id,
                                              NULL);
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  char *key;

  g_assert_no_error (error);
  if (items == NULL)
    return NULL;

  g_assert_cmpuint (g_list_length (items), ==, 1);
  attributes = secret_retrievable_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "provider"), ==, provider_id);
  if (expected_base_url != NULL)
    g_assert_cmpstr (g_hash_table_lookup (attributes, "base-url"), ==, expected_base_url);
  value = secret_retrievable_retrieve_secret_sync (items->data, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (value);
  key = g_strdup (secret_value_get_text (value));
  g_list_free_full (items, g_object_unref);
  return key;
}

static void
keyring_clear (const char *provider_id)
{
  g_autoptr(GError) error = NULL;

  secret_password_clear_sync (key_schema (), NULL, &error, "provider", provider_id, NULL);
  g_assert_no_error (error);
}

/* Settings */

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();

  g_settings_reset (settings, "connected-providers");
  g_settings_reset (settings, "default-provider");
  g_settings_reset (settings, "archive-path");
  g_settings_reset (settings, "use-custom-instructions");
  g_settings_reset (settings, "use-memory");
  g_settings_reset (settings, "last-page");
  keyring_clear (CUSTOM_ID);
}

/* No GSettings key holds anything that looks like a key. */
static void
assert_no_key_in_settings (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, "test-key-"));
      g_assert_null (strstr (printed, "test-bad-"));
    }
}

/* Connecting through the core, for the Try page tests */

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GStrv *models = user_data;
  g_autoptr(GError) error = NULL;

  *models = fw_provider_connect_finish (result, &error);
  g_assert_no_error (error);
}

static void
connect_in_core (const char *model)
{
  FwProvider *provider = fw_provider_catalog_lookup (fw_provider_catalog_get_default (), CUSTOM_ID);
  g_auto(GStrv) models = NULL;

  g_assert_nonnull (provider);
  fw_provider_connect_async (provider, base_url, FW_TEST_KEY, model, NULL, connected_cb, &models);
  WAIT_FOR (models != NULL, 10000, "the core connection");
}

static char *
connection_model (void)
{
  g_autoptr(FwConnection) connection = fw_connections_lookup (CUSTOM_ID);

  return connection ? g_strdup (fw_connection_get_model (connection)) : NULL;
}

/* A copy of tests/data/provider/archive, optionally with an extra, long
 * conversation, in a new temporary folder. */

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, len, &error);
  g_assert_no_error (error);
}

static char *
long_message (guint i)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "Message %u about the garden. ", i);
  while (text->len < 2500)
    g_string_append (text, "Rows of beans, then tomatoes along the south wall. ");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define LONG_MESSAGES 40

static void
write_json (JsonNode   *root,
            const char *path)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
}

static char *
make_archive (gboolean with_long_conversation)
{
  const char *data = g_getenv ("FAREWELL_TEST_DATA");
  g_autofree char *src = g_build_filename (data, "provider", "archive", NULL);
  char *dir = g_dir_make_tmp ("farewell-try-XXXXXX", NULL);
  g_autofree char *conversations = g_build_filename (dir, "conversations", NULL);
  g_autofree char *manifest_src = g_build_filename (src, "manifest.json", NULL);
  g_autofree char *manifest = g_build_filename (dir, "manifest.json", NULL);
  static const char *files[] = {
    "2023-01-02-untitled.json", "2023-11-14-honey-harvest-timing.json",
  };

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir (conversations, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (src, "conversations", files[i], NULL);
      g_autofree char *to = g_build_filename (conversations, files[i], NULL);

      copy_file (from, to);
    }

  if (!with_long_conversation)
    copy_file (manifest_src, manifest);
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) conversation = NULL;
      g_autofree char *conversation_file = g_build_filename (conversations, "2024-05-01-garden-plan.json", NULL);
      JsonObject *entry = json_object_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, "farewell-conversation");
      json_builder_set_member_name (builder, "format_version");
      json_builder_add_int_value (builder, 1);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, "conv-garden");
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, "The long garden plan");
      json_builder_set_member_name (builder, "messages");
      json_builder_begin_array (builder);
      for (guint i = 0; i < LONG_MESSAGES; i++)
        {
          g_autofree char *id = g_strdup_printf ("g%u", i);
          g_autofree char *content = long_message (i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, id);
          json_builder_set_member_name (builder, "role");
          json_builder_add_string_value (builder, i % 2 == 0 ? "user" : "assistant");
          json_builder_set_member_name (builder, "content");
          json_builder_add_string_value (builder, content);
          json_builder_set_member_name (builder, "content_type");
          json_builder_add_string_value (builder, "text");
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "nodes");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      conversation = json_builder_get_root (builder);
      write_json (conversation, conversation_file);

      json_parser_load_from_file (parser, manifest_src, &error);
      g_assert_no_error (error);
      json_object_set_string_member (entry, "id", "conv-garden");
      json_object_set_string_member (entry, "title", "The long garden plan");
      json_object_set_int_member (entry, "create_time", 1714550000);
      json_object_set_int_member (entry, "update_time", 1714560000);
      json_object_set_int_member (entry, "messages", LONG_MESSAGES);
      json_object_set_string_member (entry, "stem", "2024-05-01-garden-plan");
      json_array_add_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                   "conversations"),
                                     entry);
      write_json (json_parser_get_root (parser), manifest);
    }

  return dir;
}

static void
remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
}

/* The last request the server got, parsed */

static JsonArray *
last_messages (char **out_model)
{
  g_autofree char *body = fw_test_server_get_last_body (server);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_nonnull (body);
  json_parser_load_from_data (parser, body, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (root, "stream"));
  if (out_model != NULL)
    *out_model = g_strdup (json_object_get_string_member (root, "model"));
  return json_array_ref (json_object_get_array_member (root, "messages"));
}

static const char *
message_role (JsonArray *messages,
              guint      i)
{
  return json_object_get_string_member (json_array_get_object_element (messages, i), "role");
}

static const char *
message_content (JsonArray *messages,
                 guint      i)
{
  return json_object_get_string_member (json_array_get_object_element (messages, i), "content");
}

/* ------------------------------------------------------------------ */
/* New Provider                                                        */

typedef struct {
  FwWindow  *window;
  FwPage    *page;
  GtkWidget *key_row;
  GtkWidget *base_url_row;
  GtkWidget *model_row;
  GtkWidget *check_button;
  GtkWidget *cancel_button;
  GtkWidget *status_label;
  GtkWidget *connected_group;
} ProviderPage;

/* Shows a page of the wizard and waits for the slide to it to end (a
 * popover opened mid-slide is anchored off the screen). */
static FwPage *
show_page (FwWindow   *window,
           const char *name)
{
  FwPage *page;
  GtkWidget *stack;

  fw_window_set_page_name (window, name);
  page = fw_window_get_page (window);
  stack = gtk_widget_get_parent (GTK_WIDGET (page));
  g_assert_true (GTK_IS_STACK (stack));
  WAIT_FOR (!gtk_stack_get_transition_running (GTK_STACK (stack)), 3000, "the page transition");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  g_assert_cmpstr (fw_window_get_page_name (window), ==, name);
  return page;
}

static void
open_provider_page (ProviderPage *p,
                    int           width)
{
  GtkWidget *page;

  p->window = fw_test_ui_open_window (width, 680);
  p->page = show_page (p->window, "provider");
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (p->page), ==, "FwProviderPage");
  page = GTK_WIDGET (p->page);

  p->key_row = find_type (page, ADW_TYPE_PASSWORD_ENTRY_ROW);
  p->base_url_row = find_row (page, "Address");
  p->model_row = find_row (page, "Model");
  p->check_button = find_action (page, "provider.check");
  p->cancel_button = find_action (page, "provider.cancel");
  p->connected_group = find (page, match_group_title, "Connected");
  g_assert_nonnull (p->connected_group);
  /* The status line is the one label beside the buttons of the check box. */
  p->status_label = gtk_widget_get_first_child (gtk_widget_get_parent (gtk_widget_get_parent (p->check_button)));
  g_assert_true (GTK_IS_LABEL (p->status_label));
}

static gboolean
status_is (ProviderPage *p,
           const char   *css_class)
{
  return gtk_widget_get_visible (p->status_label) &&
         gtk_widget_has_css_class (p->status_label, css_class) &&
         gtk_widget_get_sensitive (p->check_button);
}

static GtkWidget *
connected_row (ProviderPage *p)
{
  return find (p->connected_group, match_row_title, CUSTOM_NAME);
}

static GtkWidget *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static char *
combo_selected (GtkWidget *combo)
{
  GObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (combo));

  return item ? g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item))) : NULL;
}

static void
choose_custom_provider (ProviderPage *p)
{
  GtkWidget *row = find_row (GTK_WIDGET (p->page), CUSTOM_NAME);
  GtkWidget *radio = fw_test_ui_find_child (row, GTK_TYPE_CHECK_BUTTON);
  GtkWidget *setup, *heading;
  g_autofree char *title = g_strdup_printf (_("Connect %s"), CUSTOM_NAME);

  g_assert_nonnull (radio);
  /* Like a click on the row: the row activates its radio button. */
  gtk_widget_activate (row);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (radio)));

  setup = gtk_widget_get_ancestor (p->key_row, ADW_TYPE_PREFERENCES_GROUP);
  g_assert_true (gtk_widget_is_visible (setup));
  /* Its heading names the provider in full (it wraps, never "…"). */
  heading = fw_test_ui_find_text (GTK_WIDGET (p->page), title);
  g_assert_nonnull (heading);
  g_assert_true (GTK_IS_LABEL (heading));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (heading)), ==, title);
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (heading)), ==, PANGO_ELLIPSIZE_NONE);
  g_assert_true (gtk_label_get_wrap (GTK_LABEL (heading)));
  g_assert_true (gtk_widget_get_visible (p->key_row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (p->key_row)), ==, _("API key (optional)"));
  g_assert_true (gtk_widget_get_visible (p->base_url_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (p->base_url_row)), ==, "");
  g_assert_false (gtk_widget_get_visible (p->model_row));
  g_assert_true (gtk_widget_get_visible (p->check_button));
}

/* Enter in a row, like a person pressing Return in it. */
static void
press_enter_in (GtkWidget *row)
{
  GtkWidget *text = fw_test_ui_find_child (row, GTK_TYPE_TEXT);

  g_assert_nonnull (text);
  g_assert_true (gtk_widget_is_sensitive (text));
  /* What GtkText's Return key binding does. */
  g_signal_emit_by_name (text, "activate");
}

static void
test_provider_connect (void)
{
  ProviderPage p;
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(GVariant) connections = NULL;
  g_autofree char *rejected = NULL;
  g_autofree char *connected = NULL;
  g_autofree char *key = NULL;
  g_autofree char *selected = NULL;
  g_autofree char *subtitle = NULL;
  const char *provider_name = NULL, *provider_url = NULL, *provider_model = NULL;
  GtkWidget *next, *row, *remove, *dialog, *confirm;
  GListModel *models;
  guint requests;

  reset_settings ();
  open_provider_page (&p, 760);
  next = next_button (p.window);

  /* Nothing connected: the step can be skipped, not completed. */
  g_assert_false (fw_page_get_complete (p.page));
  g_assert_false (gtk_widget_get_visible (p.connected_group));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, _("_Skip"));

  choose_custom_provider (&p);

  /* Check with no address: explained, nothing sent. */
  requests = fw_test_server_get_n_requests (server);
  click (p.check_button);
  g_assert_true (status_is (&p, "error"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (p.status_label)), ==,
                   _("Enter the address of the service first."));
  g_assert_cmpuint (fw_test_server_get_n_requests (server), ==, requests);

  /* A wrong key: rejected, explained in words, nothing stored. */
  gtk_editable_set_text (GTK_EDITABLE (p.base_url_row), base_url);
  gtk_editable_set_text (GTK_EDITABLE (p.key_row), BAD_KEY);
  click (p.check_button);
  /* While checking: Cancel offered, the fields and Check locked. */
  g_assert_true (gtk_widget_get_visible (p.cancel_button));
  g_assert_false (gtk_widget_get_sensitive (p.check_button));
  g_assert_false (gtk_widget_get_sensitive (p.key_row));
  WAIT_FOR (status_is (&p, "error"), 10000, "the key to be rejected");

  rejected = g_strdup_printf (_("%s rejected the API key (HTTP %u). Check that you copied the whole key and that it is still valid.%s"),
                              CUSTOM_NAME, 401, "");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (p.status_label)), rejected));
  /* The server echoed the key in its message: not shown. */
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (p.status_label)), BAD_KEY));
  g_assert_false (gtk_widget_get_visible (p.cancel_button));
  g_assert_false (gtk_widget_get_visible (p.model_row));
  g_assert_null (keyring_get (CUSTOM_ID, NULL));
  connections = g_settings_get_value (settings, "connected-providers");
  g_assert_cmpuint (g_variant_n_children (connections), ==, 0);
  g_clear_pointer (&connections, g_variant_unref);
  g_assert_false (fw_page_get_complete (p.page));
  g_assert_false (gtk_widget_get_visible (p.connected_group));
  /* The rejected key stays in its (hidden) field to be corrected. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (p.key_row)), ==, BAD_KEY);

  connected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Connected to %s. %u model is available.",
                                            "Connected to %s. %u models are available.", 3),
                               CUSTOM_NAME, 3);

  /* Cancel during a check: nothing stored. */
  gtk_editable_set_text (GTK_EDITABLE (p.key_row), "test-slow");
  click (p.check_button);
  g_assert_true (gtk_widget_get_visible (p.cancel_button));
  fw_test_ui_iterate (100);
  click (p.cancel_button);
  g_assert_true (gtk_widget_get_sensitive (p.check_button));
  g_assert_false (gtk_widget_get_visible (p.cancel_button));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (p.status_label)), ==, _("Cancelled. Nothing was stored."));
  g_assert_false (gtk_widget_has_css_class (p.status_label, "success"));
  g_assert_false (gtk_widget_has_css_class (p.status_label, "error"));
  fw_test_ui_iterate (200);
  g_assert_null (keyring_get (CUSTOM_ID, NULL));
  g_assert_false (fw_page_get_complete (p.page));

  /* The right key, with Enter in the key field. */
  gtk_editable_set_text (GTK_EDITABLE (p.key_row), FW_TEST_KEY);
  press_enter_in (p.key_row);
  g_assert_false (status_is (&p, "success"));
  WAIT_FOR (status_is (&p, "success"), 10000, "the key to be accepted");

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (p.status_label)), ==, connected);
  /* The key left the window for the keyring. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (p.key_row)), ==, "");
  assert_text_nowhere (GTK_WIDGET (p.window), "test-key-");
  assert_text_nowhere (GTK_WIDGET (p.window), "test-bad-");

  /* The models the server listed (sorted, each once); no suggestion for
   * a custom service, so the first is chosen. */
  g_assert_true (gtk_widget_get_visible (p.model_row));
  models = adw_combo_row_get_model (ADW_COMBO_ROW (p.model_row));
  g_assert_cmpuint (g_list_model_get_n_items (models), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (models), 0), ==, "mistral-large-latest");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (models), 1), ==, "test-model-a");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (models), 2), ==, "test-model-b");
  selected = combo_selected (p.model_row);
  g_assert_cmpstr (selected, ==, "mistral-large-latest");

  /* Listed as connected, the default; the step is complete. */
  g_assert_true (gtk_widget_get_visible (p.connected_group));
  row = connected_row (&p);
  g_assert_nonnull (row);
  subtitle = g_strdup_printf (_("%s · default"), "mistral-large-latest");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, subtitle);
  g_assert_true (fw_page_get_complete (p.page));
  g_assert_true (gtk_widget_get_sensitive (next));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, _("_Next"));

  /* The key is in the keyring, under the address; GSettings has the
   * provider, address and model, and no key. */
  key = keyring_get (CUSTOM_ID, base_url);
  g_assert_cmpstr (key, ==, FW_TEST_KEY);
  connections = g_settings_get_value (settings, "connected-providers");
  g_assert_cmpuint (g_variant_n_children (connections), ==, 1);
  g_variant_get_child (connections, 0, "(&s&s&s)", &provider_name, &provider_url, &provider_model);
  g_assert_cmpstr (provider_name, ==, CUSTOM_ID);
  g_assert_cmpstr (provider_url, ==, base_url);
  g_assert_cmpstr (provider_model, ==, "mistral-large-latest");
  g_clear_pointer (&connections, g_variant_unref);
  {
    g_autofree char *default_provider = g_settings_get_string (settings, "default-provider");

    g_assert_cmpstr (default_provider, ==, CUSTOM_ID);
  }
  assert_no_key_in_settings ();

  /* Another model chosen in the chooser is kept. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (p.model_row), 2);
  {
    g_autofree char *model = connection_model ();
    g_autofree char *expected = g_strdup_printf (_("%s · default"), "test-model-b");

    g_assert_cmpstr (model, ==, "test-model-b");
    row = connected_row (&p);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);
  }


  /* Remove it: confirmed in a dialog, then gone from the keyring. */
  {
    g_autofree char *tooltip = g_strdup_printf (_("Disconnect %s"), CUSTOM_NAME);

    remove = find (row, match_tooltip, tooltip);
    g_assert_nonnull (remove);
  }
  click (remove);
  WAIT_FOR ((dialog = find_message_dialog ()) != NULL, 5000, "the disconnect dialog");
  confirm = fw_test_ui_find_button (dialog, "Disconnect");
  g_assert_nonnull (confirm);
  click (confirm);
  WAIT_FOR (!gtk_widget_get_visible (p.connected_group), 10000, "the connection to go");
  fw_test_ui_iterate (100);

  g_assert_null (keyring_get (CUSTOM_ID, NULL));
  connections = g_settings_get_value (settings, "connected-providers");
  g_assert_cmpuint (g_variant_n_children (connections), ==, 0);
  g_assert_false (fw_page_get_complete (p.page));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, _("_Skip"));
  /* What was about that connection is not left behind. */
  g_assert_false (gtk_widget_get_visible (p.model_row));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (p.status_label)), connected));

  fw_test_ui_close_window (p.window);
  reset_settings ();
}

/* ------------------------------------------------------------------ */
/* Try It                                                              */

typedef struct {
  FwWindow  *window;
  FwPage    *page;
  GtkWidget *stack;
  GtkWidget *provider_row;
  GtkWidget *model_row;
  GtkWidget *instructions_row;
  GtkWidget *memory_row;
  GtkWidget *continue_row;
  GtkWidget *entry;
  GtkWidget *send_button;
  GtkWidget *stop_button;
  GtkWidget *save_button;
} TryPage;

static void
open_try_page (TryPage *t,
               int      width,
               int      height)
{
  GtkWidget *page;

  t->window = fw_test_ui_open_window (width, height);
  t->page = show_page (t->window, "try");
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (t->page), ==, "FwTryPage");
  page = GTK_WIDGET (t->page);

  t->stack = find_type (page, GTK_TYPE_STACK);
  t->provider_row = find_row (page, "Assistant");
  t->model_row = find_row (page, "Model");
  t->instructions_row = find_row (page, "Your custom instructions");
  t->memory_row = find_row (page, "What ChatGPT remembered about you");
  t->continue_row = find_row (page, "Continue a conversation");
  t->entry = find_type (page, GTK_TYPE_ENTRY);
  t->send_button = find_action (page, "try.send");
  t->stop_button = find_action (page, "try.stop");
  t->save_button = find_action (page, "try.save");
}

static void
get_bubbles (TryPage   *t,
             GPtrArray *out)
{
  collect (GTK_WIDGET (t->page), match_css_class, "chat-bubble", out);
}

static guint
n_bubbles (TryPage *t)
{
  g_autoptr(GPtrArray) bubbles = g_ptr_array_new ();

  get_bubbles (t, bubbles);
  return bubbles->len;
}

static GtkWidget *
last_bubble (TryPage *t)
{
  g_autoptr(GPtrArray) bubbles = g_ptr_array_new ();

  get_bubbles (t, bubbles);
  return bubbles->len > 0 ? g_ptr_array_index (bubbles, bubbles->len - 1) : NULL;
}

/* The text of a bubble below its heading; every label must be selectable. */
static char *
bubble_text (GtkWidget *bubble)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *heading = gtk_widget_get_first_child (bubble);

  for (GtkWidget *child = gtk_widget_get_next_sibling (heading);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child))
      {
        g_assert_true (gtk_label_get_selectable (GTK_LABEL (child)));
        if (text->len > 0)
          g_string_append (text, "\n");
        g_string_append (text, gtk_label_get_text (GTK_LABEL (child)));
      }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
bubble_heading (GtkWidget *bubble)
{
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (bubble)));
}

static gboolean
is_ready (TryPage *t)
{
  return gtk_widget_get_visible (t->send_button) && !gtk_widget_get_visible (t->stop_button);
}

static void
wait_chat_ready (TryPage *t)
{
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (t->stack)), "chat") == 0,
            5000, "the chat");
}

static void
type_question (TryPage    *t,
               const char *question)
{
  gtk_editable_set_text (GTK_EDITABLE (t->entry), question);
  g_assert_true (gtk_widget_is_sensitive (t->send_button));
}

/* Sends with the Send button and waits for the end of the answer;
 * returns the last bubble. */
static GtkWidget *
send_and_wait (TryPage    *t,
               const char *question)
{
  guint before = n_bubbles (t);

  type_question (t, question);
  click (t->send_button);
  g_assert_cmpuint (n_bubbles (t), ==, before + 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (t->entry)), ==, "");
  WAIT_FOR (is_ready (t), 15000, "the answer");
  return last_bubble (t);
}

static void
set_connection_model (TryPage    *t,
                      const char *model)
{
  g_autofree char *shown = NULL;

  g_assert_true (fw_connections_set_model (CUSTOM_ID, model));
  /* The Try page follows the connection. */
  shown = combo_selected (t->model_row);
  g_assert_cmpstr (shown, ==, model);
}

/* An answer that failed: the bubble tinted, its last line (the reason) in
 * the error colour, what arrived before it in the normal one. */
static void
assert_failed_bubble (GtkWidget *bubble)
{
  GtkWidget *reason = gtk_widget_get_last_child (bubble);

  g_assert_true (gtk_widget_has_css_class (bubble, "failed"));
  g_assert_false (gtk_widget_has_css_class (bubble, "error"));
  g_assert_true (GTK_IS_LABEL (reason));
  g_assert_true (gtk_widget_has_css_class (reason, "error"));
  for (GtkWidget *child = gtk_widget_get_first_child (bubble); child != reason;
       child = gtk_widget_get_next_sibling (child))
    g_assert_false (gtk_widget_has_css_class (child, "error"));
}

static gboolean
last_bubble_contains (TryPage    *t,
                      const char *needle)
{
  g_autofree char *text = bubble_text (last_bubble (t));

  return strstr (text, needle) != NULL;
}

typedef struct {
  TryPage   *t;
  GPtrArray *seen;   /* distinct texts of the answer while it streamed */
} StreamWatch;

static gboolean
watch_stream (StreamWatch *w)
{
  GtkWidget *bubble = last_bubble (w->t);
  g_autofree char *text = bubble_text (bubble);

  if (w->seen->len == 0 || g_strcmp0 (g_ptr_array_index (w->seen, w->seen->len - 1), text) != 0)
    g_ptr_array_add (w->seen, g_strdup (text));

  return is_ready (w->t);
}

/* The widget is inside the part of the page that is shown: within the
 * page, and within the visible part of its scrolled window if in one. */
static gboolean
within (GtkWidget *widget,
        GtkWidget *area)
{
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (widget, area, &bounds))
    return FALSE;
  return bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (area);
}

static gboolean
is_on_screen (TryPage   *t,
              GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  return within (widget, GTK_WIDGET (t->page)) && (scroller == NULL || within (widget, scroller));
}

static void
test_try_chat (void)
{
  TryPage t;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  StreamWatch watch = { &t, seen };
  g_autoptr(JsonArray) messages = NULL;
  g_autofree char *model = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  GtkWidget *bubble;
  guint intermediate = 0;
  gint64 stop_time;
  const char *error_text;

  reset_settings ();
  connect_in_core ("mistral-large-latest");
  open_try_page (&t, 760, 680);
  wait_chat_ready (&t);

  shown = combo_selected (t.provider_row);
  g_assert_cmpstr (shown, ==, CUSTOM_NAME);
  g_clear_pointer (&shown, g_free);
  shown = combo_selected (t.model_row);
  g_assert_cmpstr (shown, ==, "mistral-large-latest");
  /* No archive: nothing to save to, no instructions to offer. */
  g_assert_false (gtk_widget_get_visible (t.save_button));
  g_assert_false (gtk_widget_get_visible (t.instructions_row));
  g_assert_false (gtk_widget_get_sensitive (fw_test_ui_find_child (t.continue_row, GTK_TYPE_MENU_BUTTON)));
  /* Nothing typed: nothing to send. */
  g_assert_false (gtk_widget_is_sensitive (t.send_button));
  g_assert_false (fw_page_get_complete (t.page));
  g_assert_cmpuint (n_bubbles (&t), ==, 0);

  /* Ask with Enter in the entry; the answer streams in piece by piece. */
  type_question (&t, "Bonjour, qui es-tu ?");
  press_enter_in (t.entry);
  g_assert_cmpuint (n_bubbles (&t), ==, 2);
  g_assert_true (gtk_widget_get_visible (t.stop_button));
  g_assert_false (gtk_widget_get_visible (t.send_button));
  g_assert_false (gtk_widget_get_sensitive (t.model_row));
  {
    g_autoptr(GPtrArray) bubbles = g_ptr_array_new ();
    g_autofree char *question = NULL;

    get_bubbles (&t, bubbles);
    question = bubble_text (g_ptr_array_index (bubbles, 0));
    g_assert_cmpstr (bubble_heading (g_ptr_array_index (bubbles, 0)), ==, _("You"));
    g_assert_cmpstr (question, ==, "Bonjour, qui es-tu ?");
    g_assert_cmpstr (bubble_heading (g_ptr_array_index (bubbles, 1)), ==, _("Assistant"));
  }
  WAIT_FOR (watch_stream (&watch), 15000, "the streamed answer");

  text = bubble_text (last_bubble (&t));
  g_assert_cmpstr (text, ==, FW_TEST_ANSWER);
  for (guint i = 0; i < seen->len; i++)
    {
      const char *s = g_ptr_array_index (seen, i);

      if (g_strcmp0 (s, "…") == 0 || g_strcmp0 (s, FW_TEST_ANSWER) == 0)
        continue;
      /* Every state on the way is the beginning of the answer. */
      g_assert_true (g_str_has_prefix (FW_TEST_ANSWER, s));
      g_assert_cmpuint (strlen (s), >, 0);
      intermediate++;
    }
  g_test_message ("%u intermediate states of the answer seen", intermediate);
  g_assert_cmpuint (intermediate, >=, 1);
  g_assert_false (gtk_widget_has_css_class (last_bubble (&t), "failed"));
  g_assert_true (fw_page_get_complete (t.page));
  g_assert_true (gtk_widget_get_sensitive (t.model_row));

  messages = last_messages (&model);
  g_assert_cmpstr (model, ==, "mistral-large-latest");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpstr (message_role (messages, 0), ==, "user");
  g_assert_cmpstr (message_content (messages, 0), ==, "Bonjour, qui es-tu ?");
  g_clear_pointer (&messages, json_array_unref);
  g_clear_pointer (&model, g_free);

  /* Stop, in the middle of a slow answer: at once, and nothing more. */
  set_connection_model (&t, "slow-stream");
  type_question (&t, "Count slowly");
  click (t.send_button);
  WAIT_FOR (last_bubble_contains (&t, "tick tick"), 10000, "the slow answer to start");
  g_assert_true (gtk_widget_get_visible (t.stop_button));
  stop_time = g_get_monotonic_time ();
  click (t.stop_button);
  WAIT_FOR (is_ready (&t), 1000, "Stop to take effect");
  g_test_message ("stopped after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - stop_time) / G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (g_get_monotonic_time () - stop_time, <, 300 * G_TIME_SPAN_MILLISECOND);
  bubble = last_bubble (&t);
  g_clear_pointer (&text, g_free);
  text = bubble_text (bubble);
  g_assert_true (g_str_has_prefix (text, "tick tick"));
  g_assert_true (g_str_has_suffix (text, _("Stopped.")));
  /* Stopping is not a failure: said plainly, not in red. */
  g_assert_false (gtk_widget_has_css_class (bubble, "failed"));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_last_child (bubble), "dim-label"));
  g_assert_false (gtk_widget_has_css_class (gtk_widget_get_last_child (bubble), "error"));
  fw_test_ui_iterate (1000);
  {
    g_autofree char *later = bubble_text (bubble);

    g_assert_cmpstr (later, ==, text);
  }
  g_assert_true (bubble == last_bubble (&t));
  g_assert_false (gtk_widget_get_visible (t.stop_button));
  g_assert_true (gtk_widget_get_sensitive (t.model_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (t.entry)), ==, "");

  /* Errors are explained in the answer's place; the stopped exchange is
   * not sent as history, the finished one is. */
  set_connection_model (&t, "status-429");
  bubble = send_and_wait (&t, "Are you there?");
  assert_failed_bubble (bubble);
  g_clear_pointer (&text, g_free);
  text = bubble_text (bubble);
  {
    g_autofree char *expected = g_strdup_printf (_("%s is limiting how often you can ask (HTTP 429). Wait a moment and try again.%s"),
                                                 CUSTOM_NAME, "");

    g_assert_true (g_str_has_prefix (text, expected));
    g_assert_nonnull (strstr (text, "Too many requests, slow down"));
  }
  messages = last_messages (&model);
  g_assert_cmpstr (model, ==, "status-429");
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  g_assert_cmpstr (message_content (messages, 0), ==, "Bonjour, qui es-tu ?");
  g_assert_cmpstr (message_role (messages, 1), ==, "assistant");
  g_assert_cmpstr (message_content (messages, 1), ==, FW_TEST_ANSWER);
  g_assert_cmpstr (message_content (messages, 2), ==, "Are you there?");
  g_clear_pointer (&messages, json_array_unref);
  g_clear_pointer (&model, g_free);

  set_connection_model (&t, "status-401");
  bubble = send_and_wait (&t, "Hello?");
  assert_failed_bubble (bubble);
  g_clear_pointer (&text, g_free);
  text = bubble_text (bubble);
  {
    g_autofree char *expected = g_strdup_printf (_("%s rejected the API key (HTTP %u). Check that you copied the whole key and that it is still valid.%s"),
                                                 CUSTOM_NAME, 401, "");

    g_assert_true (g_str_has_prefix (text, expected));
  }

  /* An error in the middle of a stream: what came is kept, then why. */
  set_connection_model (&t, "error-event");
  bubble = send_and_wait (&t, "Tell me more");
  assert_failed_bubble (bubble);
  g_clear_pointer (&text, g_free);
  text = bubble_text (bubble);
  g_assert_true (g_str_has_prefix (text, "Part one, part two\n"));
  error_text = strchr (text, '\n') + 1;
  {
    g_autofree char *expected = g_strdup_printf (_("%s stopped the answer with an error: “%s”"),
                                                 CUSTOM_NAME, "The model is overloaded");

    g_assert_cmpstr (error_text, ==, expected);
  }
  g_assert_true (is_ready (&t));
  /* Scrolled to the reason, not short of it. */
  fw_test_ui_wait_painted (GTK_WIDGET (t.window));
  g_assert_true (is_on_screen (&t, gtk_widget_get_last_child (bubble)));
  assert_text_nowhere (GTK_WIDGET (t.window), "test-key-");

  fw_test_ui_close_window (t.window);
  reset_settings ();
}

static char *
text_view_text (GtkWidget *row)
{
  GtkWidget *view = fw_test_ui_find_child (row, GTK_TYPE_TEXT_VIEW);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_assert_nonnull (view);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkWidget *
expander_switch (GtkWidget *row)
{
  GtkWidget *sw = fw_test_ui_find_child (row, GTK_TYPE_SWITCH);

  g_assert_nonnull (sw);
  return sw;
}

/* Like a click on the switch: it slides, then changes. */
static void
toggle_switch (GtkWidget *sw)
{
  gboolean was = gtk_switch_get_active (GTK_SWITCH (sw));

  g_assert_true (gtk_widget_is_visible (sw));
  g_assert_true (gtk_widget_is_sensitive (sw));
  gtk_widget_activate (sw);
  WAIT_FOR (gtk_switch_get_active (GTK_SWITCH (sw)) != was, 2000, "the switch to change");
}

static gboolean
archive_loaded (TryPage *t)
{
  return gtk_widget_get_visible (t->instructions_row) && gtk_widget_get_visible (t->save_button);
}

static void
test_try_instructions (void)
{
  TryPage t;
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autofree char *archive = make_archive (FALSE);
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonArray) messages = NULL;
  GtkWidget *sw, *memory_sw, *view;

  reset_settings ();
  connect_in_core ("mistral-large-latest");
  g_settings_set_string (settings, "archive-path", archive);
  open_try_page (&t, 760, 680);
  wait_chat_ready (&t);
  WAIT_FOR (archive_loaded (&t), 5000, "the archive");

  /* The custom instructions from the export, as the system prompt. */
  {
    g_autofree char *about = g_strdup_printf (_("About me: %s"), "I am a beekeeper in Lyon.");
    g_autofree char *how = g_strdup_printf (_("How to respond: %s"), "Answer briefly, in French when I write French.");

    expected = g_strdup_printf ("%s\n\n%s", about, how);
  }
  text = text_view_text (t.instructions_row);
  g_assert_cmpstr (text, ==, expected);
  g_assert_true (gtk_widget_get_visible (t.memory_row));
  sw = expander_switch (t.instructions_row);
  memory_sw = expander_switch (t.memory_row);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (memory_sw)));

  send_and_wait (&t, "Salut !");
  messages = last_messages (NULL);
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (message_role (messages, 0), ==, "system");
  g_assert_cmpstr (message_content (messages, 0), ==, expected);
  g_assert_cmpstr (message_role (messages, 1), ==, "user");
  g_assert_cmpstr (message_content (messages, 1), ==, "Salut !");
  g_clear_pointer (&messages, json_array_unref);


  /* The switch turns them off (and remembers it). */
  toggle_switch (sw);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sw)));
  g_assert_false (g_settings_get_boolean (settings, "use-custom-instructions"));
  send_and_wait (&t, "Encore ?");
  messages = last_messages (NULL);
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    g_assert_cmpstr (message_role (messages, i), !=, "system");
  g_assert_cmpstr (message_content (messages, 0), ==, "Salut !");
  g_assert_cmpstr (message_content (messages, 1), ==, FW_TEST_ANSWER);
  g_assert_cmpstr (message_content (messages, 2), ==, "Encore ?");
  g_clear_pointer (&messages, json_array_unref);

  /* Back on, edited, and with the memory: what is sent is what is shown. */
  toggle_switch (sw);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  view = fw_test_ui_find_child (t.instructions_row, GTK_TYPE_TEXT_VIEW);
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (view)));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                            "I keep bees. Answer in English.", -1);
  toggle_switch (memory_sw);
  g_assert_true (g_settings_get_boolean (settings, "use-memory"));
  send_and_wait (&t, "Last one");
  messages = last_messages (NULL);
  g_assert_cmpstr (message_role (messages, 0), ==, "system");
  {
    g_autofree char *memory = text_view_text (t.memory_row);
    g_autofree char *system = g_strdup_printf ("I keep bees. Answer in English.\n\n%s", memory);

    g_assert_true (g_str_has_prefix (memory, _("Things to remember about me:")));
    g_assert_nonnull (strstr (memory, "- Has three hives.\n- Prefers metric units."));
    g_assert_cmpstr (message_content (messages, 0), ==, system);
  }
  g_assert_cmpstr (message_content (messages, json_array_get_length (messages) - 1), ==, "Last one");

  fw_test_ui_close_window (t.window);
  reset_settings ();
  remove_tree (archive);
}

/* Continuing a conversation of the archive */

static guint
n_visible_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child) &&
        gtk_widget_get_visible (child))
      n++;
  return n;
}

static GtkWidget *
first_row (GtkWidget *list)
{
  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      return child;
  return NULL;
}

static const char *
row_label (GtkWidget *row)
{
  return gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))));
}

static gboolean
entry_has_focus (TryPage *t)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (t->entry));

  return focus != NULL && (focus == t->entry || gtk_widget_is_ancestor (focus, t->entry));
}

/* Opens the chooser, searches @query and activates the one match. */
static void
pick_conversation (TryPage    *t,
                   guint       listed_before,
                   const char *query,
                   const char *expected_title)
{
  GtkWidget *button = fw_test_ui_find_child (t->continue_row, GTK_TYPE_MENU_BUTTON);
  GtkPopover *popover;
  GtkWidget *search, *list, *row;
  g_autofree char *subtitle = g_strdup_printf (_("Continuing “%s”"), expected_title);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (popover)), 2000, "the chooser");
  search = find_type (GTK_WIDGET (popover), GTK_TYPE_SEARCH_ENTRY);
  list = find_type (GTK_WIDGET (popover), GTK_TYPE_LIST_BOX);
  /* Every conversation with a readable file, before searching (the
   * search text stays from the last time). */
  if (listed_before > 0)
    g_assert_cmpuint (n_visible_rows (list), ==, listed_before);

  gtk_editable_set_text (GTK_EDITABLE (search), query);
  WAIT_FOR (n_visible_rows (list) == 1, 3000, "the search to narrow the list");
  row = first_row (list);
  g_assert_cmpstr (row_label (row), ==, expected_title);

  gtk_widget_activate (row);
  WAIT_FOR (!gtk_widget_get_visible (GTK_WIDGET (popover)), 2000, "the chooser to close");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (t->continue_row)), ==, subtitle);
  /* ready for the question */
  WAIT_FOR (entry_has_focus (t), 2000, "the message entry to have the focus");
}

static GtkWidget *
visible_label (TryPage    *t,
               const char *text)
{
  return fw_test_ui_find_text (GTK_WIDGET (t->page), text);
}

/* The notice about a trimmed conversation: the caption beside the entry. */
static GtkWidget *
find_trimmed_label (TryPage *t)
{
  GtkWidget *bar = gtk_widget_get_parent (gtk_widget_get_parent (t->entry));
  GtkWidget *label = gtk_widget_get_first_child (bar);

  g_assert_true (GTK_IS_LABEL (label));
  g_assert_true (gtk_widget_has_css_class (label, "caption"));
  return label;
}

static void
test_try_continue (void)
{
  TryPage t;
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autofree char *archive = make_archive (TRUE);
  g_autofree char *conversations = g_build_filename (archive, "conversations", NULL);
  g_autoptr(JsonArray) messages = NULL;
  g_autofree char *trimmed_text = NULL;
  g_autofree char *saved = NULL;
  GtkWidget *trimmed;
  gsize total = 0;
  guint n, first_user, announced = 0;

  reset_settings ();
  connect_in_core ("mistral-large-latest");
  g_settings_set_string (settings, "archive-path", archive);
  open_try_page (&t, 760, 680);
  wait_chat_ready (&t);
  WAIT_FOR (archive_loaded (&t), 5000, "the archive");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (t.continue_row)), ==, _("A new conversation"));

  pick_conversation (&t, 3, "HONEY", "Honey harvest timing");
  /* The end of the earlier thread is shown, dimmed. */
  WAIT_FOR (n_bubbles (&t) == 4, 5000, "the earlier messages");
  {
    g_autoptr(GPtrArray) bubbles = g_ptr_array_new ();
    g_autofree char *last = NULL;

    get_bubbles (&t, bubbles);
    for (guint i = 0; i < bubbles->len; i++)
      g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (bubbles, i), "dim-label"));
    last = bubble_text (g_ptr_array_index (bubbles, 3));
    g_assert_cmpstr (last, ==, "Leave enough for the winter: about 15–20 kg per hive.");
  }
  g_assert_nonnull (visible_label (&t, "1 earlier message is sent along."));
  g_assert_false (gtk_widget_get_visible (find_trimmed_label (&t)));

  send_and_wait (&t, "And in spring?");
  messages = last_messages (NULL);
  {
    static const char *expected[][2] = {
      { "system", NULL },  /* the custom instructions */
      { "system", "Original system note." },
      { "user", "When should I harvest honey?" },
      { "assistant", "When most cells are capped." },
      { "user", "And in autumn?" },
      { "assistant", "Leave enough for the winter: about 15–20 kg per hive." },
      { "user", "And in spring?" },
    };

    g_assert_cmpuint (json_array_get_length (messages), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_assert_cmpstr (message_role (messages, i), ==, expected[i][0]);
        if (expected[i][1] != NULL)
          g_assert_cmpstr (message_content (messages, i), ==, expected[i][1]);
      }
    g_assert_true (g_str_has_prefix (message_content (messages, 0), "About me: "));
  }
  g_clear_pointer (&messages, json_array_unref);
  trimmed_text = g_strdup (_("This conversation is long: its oldest messages were left out so that it fits what the model can read at once."));
  g_assert_null (visible_label (&t, trimmed_text));

  /* Saved beside the original, as Markdown. */
  g_assert_true (gtk_widget_is_sensitive (t.save_button));
  click (t.save_button);
  {
    g_autoptr(GDir) dir = g_dir_open (conversations, 0, NULL);
    const char *name;
    g_autofree char *contents = NULL;

    g_assert_nonnull (dir);
    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_prefix (name, "2023-11-14-honey-harvest-timing.continued-") && g_str_has_suffix (name, ".md"))
        saved = g_build_filename (conversations, name, NULL);
    g_assert_nonnull (saved);
    g_assert_true (g_file_get_contents (saved, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "And in spring?"));
    g_assert_nonnull (strstr (contents, FW_TEST_ANSWER));
  }

  /* A long conversation: only its newest part fits, and that is said. */
  pick_conversation (&t, 0, "garden", "The long garden plan");
  WAIT_FOR (n_bubbles (&t) == 4, 5000, "the earlier messages");
  /* Said as soon as it is chosen, and kept in sight. */
  trimmed = visible_label (&t, trimmed_text);
  g_assert_nonnull (trimmed);
  fw_test_ui_wait_painted (GTK_WIDGET (t.window));
  g_assert_true (is_on_screen (&t, trimmed));
  {
    GtkWidget *more = visible_label (&t, "earlier messages are sent along.");

    g_assert_nonnull (more);
    g_assert_true (sscanf (gtk_label_get_text (GTK_LABEL (more)), "%u", &announced) == 1);
  }
  send_and_wait (&t, "What did we plant last?");
  trimmed = visible_label (&t, trimmed_text);
  g_assert_nonnull (trimmed);
  fw_test_ui_wait_painted (GTK_WIDGET (t.window));
  g_assert_true (is_on_screen (&t, trimmed));

  messages = last_messages (NULL);
  n = json_array_get_length (messages);
  g_assert_cmpuint (n, <, LONG_MESSAGES + 2);
  g_assert_cmpstr (message_role (messages, 0), ==, "system");
  first_user = 1;
  g_assert_cmpstr (message_role (messages, first_user), ==, "user");
  for (guint i = 0; i < n; i++)
    total += g_utf8_strlen (message_content (messages, i), -1);
  g_assert_cmpuint (total, <=, 48000);
  /* The newest messages, in order, then the question. */
  for (guint i = first_user; i < n - 1; i++)
    {
      guint index = LONG_MESSAGES - (n - 1 - i);
      g_autofree char *expected = long_message (index);

      g_assert_cmpstr (message_content (messages, i), ==, expected);
    }
  g_assert_cmpstr (message_content (messages, n - 1), ==, "What did we plant last?");
  g_test_message ("%u of %u earlier messages sent", n - 2, LONG_MESSAGES);
  /* What was announced is what was sent: shown ones + "N earlier ones". */
  g_assert_cmpuint (announced + 4, ==, n - 2);

  fw_test_ui_close_window (t.window);
  reset_settings ();
  remove_tree (archive);
}

/* The model switch: what the service offers */

static guint
n_models (TryPage *t)
{
  return g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (t->model_row)));
}

static const char *
model_at (TryPage *t,
          guint    i)
{
  return gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (t->model_row))), i);
}

/* The connection's model as stored in GSettings ("connected-providers"). */
static char *
settings_model (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(GVariant) connections = g_settings_get_value (settings, "connected-providers");
  const char *id = NULL, *url = NULL, *model = NULL;

  g_assert_cmpuint (g_variant_n_children (connections), ==, 1);
  g_variant_get_child (connections, 0, "(&s&s&s)", &id, &url, &model);
  g_assert_cmpstr (id, ==, CUSTOM_ID);
  return g_strdup (model);
}

/* Opens the Try page and waits for the model list of the server. */
static void
open_try_page_with_models (TryPage *t,
                           int      width)
{
  open_try_page (t, width, 680);
  wait_chat_ready (t);
  /* Until the service answers, the connection's model is offered. */
  g_assert_cmpuint (n_models (t), >=, 1);
  WAIT_FOR (n_models (t) == 3, 10000, "the models of the service");
}

static void
test_try_models (void)
{
  TryPage t;
  g_autofree char *shown = NULL;
  g_autofree char *model = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) messages = NULL;
  guint before;

  reset_settings ();
  connect_in_core ("mistral-large-latest");

  /* "Other OpenAI-compatible service" has no models in the catalog: all
   * the switch offers comes from the service itself (asked with the key
   * from the keyring), the connection's model first. */
  open_try_page_with_models (&t, 760);
  g_assert_cmpstr (model_at (&t, 0), ==, "mistral-large-latest");
  g_assert_cmpstr (model_at (&t, 1), ==, "test-model-a");
  g_assert_cmpstr (model_at (&t, 2), ==, "test-model-b");
  shown = combo_selected (t.model_row);
  g_assert_cmpstr (shown, ==, "mistral-large-latest");
  g_clear_pointer (&shown, g_free);
  assert_text_nowhere (GTK_WIDGET (t.window), "test-key-");

  /* Another one chosen in the switch: remembered for the connection (the
   * next visit and `farewell --ask` use it), the list left in place. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (t.model_row), 2);
  stored = settings_model ();
  g_assert_cmpstr (stored, ==, "test-model-b");
  g_clear_pointer (&stored, g_free);
  model = connection_model ();
  g_assert_cmpstr (model, ==, "test-model-b");
  g_clear_pointer (&model, g_free);
  shown = combo_selected (t.model_row);
  g_assert_cmpstr (shown, ==, "test-model-b");
  g_clear_pointer (&shown, g_free);
  g_assert_cmpuint (n_models (&t), ==, 3);
  g_assert_cmpstr (model_at (&t, 2), ==, "test-model-b");

  /* ... and used for the next question. */
  send_and_wait (&t, "Which model are you?");
  g_assert_false (gtk_widget_has_css_class (last_bubble (&t), "failed"));
  messages = last_messages (&model);
  g_assert_cmpstr (model, ==, "test-model-b");
  g_clear_pointer (&model, g_free);
  g_clear_pointer (&messages, json_array_unref);

  path = fw_test_ui_screenshot (GTK_WIDGET (t.window), "try-models");
  if (path)
    g_test_message ("saved %s", path);
  g_clear_pointer (&path, g_free);
  fw_test_ui_close_window (t.window);

  /* The next visit: the chosen model is the connection's, offered first. */
  open_try_page_with_models (&t, 760);
  g_assert_cmpstr (model_at (&t, 0), ==, "test-model-b");
  g_assert_cmpstr (model_at (&t, 1), ==, "mistral-large-latest");
  g_assert_cmpstr (model_at (&t, 2), ==, "test-model-a");
  shown = combo_selected (t.model_row);
  g_assert_cmpstr (shown, ==, "test-model-b");
  g_clear_pointer (&shown, g_free);

  /* Another assistant connected meanwhile: the one shown stays shown. */
  {
    FwProvider *ollama = fw_provider_catalog_lookup (fw_provider_catalog_get_default (), "ollama");
    g_autofree char *local = fw_test_server_get_base_url (server, "/local");
    g_auto(GStrv) models = NULL;
    g_autoptr(FwConnection) connection = NULL;

    fw_provider_connect_async (ollama, local, NULL, NULL, NULL, connected_cb, &models);
    WAIT_FOR (models != NULL, 10000, "the second connection");
    shown = combo_selected (t.provider_row);
    g_assert_cmpstr (shown, ==, CUSTOM_NAME);
    g_clear_pointer (&shown, g_free);

    /* Choosing it asks it for its models (it has none in the catalog). */
    before = fw_test_server_get_n_requests (server);
    adw_combo_row_set_selected (ADW_COMBO_ROW (t.provider_row), 1);
    shown = combo_selected (t.provider_row);
    g_assert_cmpstr (shown, ==, fw_provider_get_name (ollama));
    g_clear_pointer (&shown, g_free);
    WAIT_FOR (fw_test_server_get_n_requests (server) > before && n_models (&t) == 3, 10000,
              "the models of the second assistant");
    path = fw_test_server_get_last_path (server);
    g_assert_cmpstr (path, ==, "/local/v1/models");
    g_clear_pointer (&path, g_free);
    g_assert_cmpstr (model_at (&t, 0), ==, "mistral-large-latest");
    g_assert_cmpstr (model_at (&t, 1), ==, "test-model-a");
    g_assert_cmpstr (model_at (&t, 2), ==, "test-model-b");

    /* A model chosen for it is its own; the other connection keeps its
     * model, and the assistant shown stays the one chosen. */
    adw_combo_row_set_selected (ADW_COMBO_ROW (t.model_row), 1);
    connection = fw_connections_lookup ("ollama");
    g_assert_cmpstr (fw_connection_get_model (connection), ==, "test-model-a");
    model = connection_model ();
    g_assert_cmpstr (model, ==, "test-model-b");
    g_clear_pointer (&model, g_free);
    shown = combo_selected (t.provider_row);
    g_assert_cmpstr (shown, ==, fw_provider_get_name (ollama));
    g_clear_pointer (&shown, g_free);
    shown = combo_selected (t.model_row);
    g_assert_cmpstr (shown, ==, "test-model-a");
    g_clear_pointer (&shown, g_free);
    g_assert_true (fw_connections_remove ("ollama"));
    shown = combo_selected (t.provider_row);
    g_assert_cmpstr (shown, ==, CUSTOM_NAME);
    g_clear_pointer (&shown, g_free);
  }
  fw_test_ui_close_window (t.window);

  /* The key stored is no longer accepted: the list cannot be had, the
   * connection's model stays offered and nothing is said about it (the
   * chat explains a rejected key when something is asked). */
  g_assert_true (fw_keyring_store_sync (CUSTOM_ID, CUSTOM_NAME, base_url, BAD_KEY, NULL, &error));
  g_assert_no_error (error);
  before = fw_test_server_get_n_requests (server);
  open_try_page (&t, 760, 680);
  wait_chat_ready (&t);
  WAIT_FOR (fw_test_server_get_n_requests (server) > before, 10000, "the models to be asked for");
  path = fw_test_server_get_last_path (server);
  g_assert_cmpstr (path, ==, "/v1/models");
  g_clear_pointer (&path, g_free);
  fw_test_ui_iterate (500);
  g_assert_cmpuint (fw_test_server_get_n_requests (server), ==, before + 1);
  g_assert_cmpuint (n_models (&t), ==, 1);
  g_assert_cmpstr (model_at (&t, 0), ==, "test-model-b");
  shown = combo_selected (t.model_row);
  g_assert_cmpstr (shown, ==, "test-model-b");
  g_assert_cmpuint (n_bubbles (&t), ==, 0);
  {
    g_autofree char *rejected = g_strdup_printf (_("%s rejected the API key (HTTP %u). Check that you copied the whole key and that it is still valid.%s"),
                                                 CUSTOM_NAME, 401, "");

    assert_text_nowhere (GTK_WIDGET (t.window), rejected);
  }
  assert_text_nowhere (GTK_WIDGET (t.window), "Incorrect API key");
  assert_text_nowhere (GTK_WIDGET (t.window), BAD_KEY);
  g_assert_true (is_ready (&t));

  fw_test_ui_close_window (t.window);
  reset_settings ();
}

static GPtrArray *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  return names;
}

/* "Saved as <file> in the archive": the long file name is shown whole,
 * wrapped, in a wide and in a phone-sized window. */
static void
test_try_saved_status (void)
{
  static const int widths[] = { 760, 360 };
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autofree char *archive = make_archive (FALSE);

  reset_settings ();
  connect_in_core ("mistral-large-latest");
  g_settings_set_string (settings, "archive-path", archive);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      TryPage t;
      GtkWidget *bar, *label = NULL;
      g_autofree char *conversations = g_build_filename (archive, "conversations", NULL);
      g_autofree char *saved = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *name = g_strdup_printf ("try-saved-%d", widths[w]);
      g_autofree char *path = NULL;
      PangoLayout *layout;
      g_autoptr(GPtrArray) before = NULL;

      open_try_page (&t, widths[w], 680);
      wait_chat_ready (&t);
      WAIT_FOR (archive_loaded (&t), 5000, "the archive");
      /* Continuing one: its file name is long. */
      pick_conversation (&t, 0, "HONEY", "Honey harvest timing");
      WAIT_FOR (n_bubbles (&t) == 4, 5000, "the earlier messages");
      send_and_wait (&t, "Remember this, please.");
      before = list_dir (conversations);
      click (t.save_button);

      /* The one file written. */
      {
        g_autoptr(GPtrArray) after = list_dir (conversations);

        g_assert_cmpuint (after->len, ==, before->len + 1);
        for (guint i = 0; i < after->len; i++)
          if (!g_ptr_array_find_with_equal_func (before, g_ptr_array_index (after, i), g_str_equal, NULL))
            saved = g_strdup (g_ptr_array_index (after, i));
      }
      g_assert_nonnull (saved);
      g_assert_true (g_str_has_suffix (saved, ".md"));
      g_test_message ("%d px: saved %s (%zu characters)", widths[w], saved, strlen (saved));
      g_assert_cmpuint (strlen (saved), >, 40);
      expected = g_strdup_printf (_("Saved as %s in the archive"), saved);

      /* A line beside the entry, not a toast cut to one line. */
      bar = gtk_widget_get_parent (gtk_widget_get_parent (t.entry));
      for (GtkWidget *child = gtk_widget_get_first_child (bar); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), expected) == 0)
          label = child;
      g_assert_nonnull (label);
      fw_test_ui_wait_painted (GTK_WIDGET (t.window));
      g_assert_true (gtk_widget_get_mapped (label));
      g_assert_true (is_on_screen (&t, label));
      g_assert_true (gtk_label_get_wrap (GTK_LABEL (label)));
      g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (label)), ==, PANGO_ELLIPSIZE_NONE);
      layout = gtk_label_get_layout (GTK_LABEL (label));
      g_assert_false (pango_layout_is_ellipsized (layout));
      /* All of it within the window's width. */
      {
        graphene_rect_t bounds;

        g_assert_true (gtk_widget_compute_bounds (label, GTK_WIDGET (t.window), &bounds));
        g_assert_cmpfloat (bounds.origin.x, >=, 0);
        g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, widths[w]);
      }
      if (widths[w] == 360)
        g_assert_cmpint (pango_layout_get_line_count (layout), >, 1);
      g_test_message ("%d px: %d line(s)", widths[w], pango_layout_get_line_count (layout));

      path = fw_test_ui_screenshot (GTK_WIDGET (t.window), name);
      if (path)
        g_test_message ("saved %s", path);

      /* A new question: the line no longer tells about all of it. */
      send_and_wait (&t, "And this?");
      g_assert_false (gtk_widget_get_visible (label));

      fw_test_ui_close_window (t.window);
    }

  reset_settings ();
  remove_tree (archive);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fw_test_ui_init (&argc, &argv);

  /* https with the build's throw-away certificate when there is one. */
  if (fw_test_server_get_cert_file () != NULL && g_getenv ("FAREWELL_TEST_CERT_KEY") != NULL)
    {
      g_setenv ("SSL_CERT_FILE", fw_test_server_get_cert_file (), TRUE);
      server = fw_test_server_new (TRUE);
    }
  else
    server = fw_test_server_new (FALSE);
  base_url = fw_test_server_get_base_url (server, "");

  g_test_add_func ("/provider-try/provider-connect", test_provider_connect);
  g_test_add_func ("/provider-try/chat", test_try_chat);
  g_test_add_func ("/provider-try/instructions", test_try_instructions);
  g_test_add_func ("/provider-try/continue", test_try_continue);
  g_test_add_func ("/provider-try/models", test_try_models);
  g_test_add_func ("/provider-try/saved-status", test_try_saved_status);

  status = g_test_run ();

  fw_test_server_free (server);
  g_free (base_url);
  return status;
}
