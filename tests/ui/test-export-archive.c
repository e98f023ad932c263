/* test-export-archive.c — the Export and Archive pages in the real window
 * under Xvfb: choose an export (file chooser, drop, `farewell EXPORT.zip`),
 * wait for its verification, read the summary, create an archive in a
 * temporary folder and check the files; cancel verification and archive
 * creation midway; broken exports are explained and keep Next disabled.
 *
 * The exports are built here at run time with libarchive; nothing is read
 * from outside the test.
 *
 * FAREWELL_SCREENSHOT_DIR=/tmp/ui-shots saves the states as PNGs (with
 * FAREWELL_SCREENSHOT_VARIANT=narrow at 360 px).
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <utime.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fw-session.h"
#include "fw-settings.h"
#include "fw-test-ui.h"
#include "pages/archive/fw-usage-chart.h"

/* Conversations in the big export: enough that verifying takes a good part
 * of a second and writing the archive a few seconds on a slow machine. */
#define BIG_CONVERSATIONS 24000

static char *tmp_root;    /* everything the tests write; removed at the end */
static char *big_export;  /* built once, on first use */

/* Exports */

typedef struct {
  const char *name;
  const void *data;
  gsize       len;
} ZipEntry;

static void
write_zip (const char     *path,
           const ZipEntry *entries,
           guint           n_entries)
{
  struct archive *a = archive_write_new ();

  archive_write_set_format_zip (a);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  for (guint i = 0; i < n_entries; i++)
    {
      struct archive_entry *entry = archive_entry_new ();

      archive_entry_set_pathname (entry, entries[i].name);
      archive_entry_set_size (entry, entries[i].len);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_mtime (entry, 1714651200, 0);
      g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, entries[i].data, entries[i].len), ==, (la_ssize_t) entries[i].len);
      archive_entry_free (entry);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

/* A 1×1 PNG: the attachment that is in the export. */
static const guint8 seedlings_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
  0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
  0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
  0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0xf8, 0xcf, 0xc0,
  0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92, 0xef, 0x00, 0x00,
  0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

/* Three invented conversations:
 *  - "Leggy tomato seedlings" (14 March 2024): a photo that is in the
 *    export, and the answer: 2 messages;
 *  - "Sourdough starter" (10 April 2024): a photo that is NOT in the
 *    export, and an answer that was regenerated (two branches): 3 messages;
 *  - "A weekend in Lisbon" (2 May 2024): the custom instructions (hidden), a
 *    question, and an answer of a content type Farewell does not know:
 *    3 messages.
 * So: 3 conversations, 7 messages shown (8 with the hidden custom instructions), 1 attachment found, 1 missing, custom
 * instructions, 1 unfamiliar content block, 14 March – 2 May 2024 (all at
 * noon UTC, the same day in every time zone). */
static const char small_conversations[] =
  "[\n"
  "{\"title\":\"Leggy tomato seedlings\",\"create_time\":1710417600.5,\"update_time\":1710418200,"
  " \"current_node\":\"t-a1\",\"id\":\"1f0c5a2e-7d3b-4c1e-9a55-0000000000a1\","
  " \"conversation_id\":\"1f0c5a2e-7d3b-4c1e-9a55-0000000000a1\",\"default_model_slug\":\"gpt-4o\","
  " \"mapping\":{"
  "  \"t-root\":{\"id\":\"t-root\",\"message\":null,\"parent\":null,\"children\":[\"t-u1\"]},"
  "  \"t-u1\":{\"id\":\"t-u1\",\"parent\":\"t-root\",\"children\":[\"t-a1\"],\"message\":{\"id\":\"t-u1\","
  "    \"author\":{\"role\":\"user\",\"name\":null,\"metadata\":{}},\"create_time\":1710417600,"
  "    \"content\":{\"content_type\":\"multimodal_text\",\"parts\":["
  "      {\"content_type\":\"image_asset_pointer\",\"asset_pointer\":\"file-service://file-Tom4toSeedl1ngs\","
  "       \"size_bytes\":70,\"width\":1,\"height\":1},"
  "      \"Why are my tomato seedlings so tall and thin?\"]},"
  "    \"status\":\"finished_successfully\",\"metadata\":{},\"recipient\":\"all\"}},"
  "  \"t-a1\":{\"id\":\"t-a1\",\"parent\":\"t-u1\",\"children\":[],\"message\":{\"id\":\"t-a1\","
  "    \"author\":{\"role\":\"assistant\",\"name\":null,\"metadata\":{}},\"create_time\":1710418200,"
  "    \"content\":{\"content_type\":\"text\",\"parts\":[\"They are reaching for light. Move them to a sunnier window and keep them cooler at night.\"]},"
  "    \"status\":\"finished_successfully\",\"metadata\":{\"model_slug\":\"gpt-4o\"},\"recipient\":\"all\"}}"
  " }},\n"
  "{\"title\":\"Sourdough starter\",\"create_time\":1712750400,\"update_time\":1712751000,"
  " \"current_node\":\"s-a2\",\"id\":\"2e1d6b3f-8e4c-4d2f-8b66-0000000000b2\","
  " \"conversation_id\":\"2e1d6b3f-8e4c-4d2f-8b66-0000000000b2\",\"default_model_slug\":\"gpt-4o\","
  " \"mapping\":{"
  "  \"s-root\":{\"id\":\"s-root\",\"message\":null,\"parent\":null,\"children\":[\"s-u1\"]},"
  "  \"s-u1\":{\"id\":\"s-u1\",\"parent\":\"s-root\",\"children\":[\"s-a1\",\"s-a2\"],\"message\":{\"id\":\"s-u1\","
  "    \"author\":{\"role\":\"user\",\"name\":null,\"metadata\":{}},\"create_time\":1712750400,"
  "    \"content\":{\"content_type\":\"multimodal_text\",\"parts\":["
  "      {\"content_type\":\"image_asset_pointer\",\"asset_pointer\":\"file-service://file-M1ssingStarter\","
  "       \"size_bytes\":4096,\"width\":640,\"height\":480},"
  "      \"Is my starter ready? It smells like nail polish.\"]},"
  "    \"status\":\"finished_successfully\",\"metadata\":{},\"recipient\":\"all\"}},"
  "  \"s-a1\":{\"id\":\"s-a1\",\"parent\":\"s-u1\",\"children\":[],\"message\":{\"id\":\"s-a1\","
  "    \"author\":{\"role\":\"assistant\",\"name\":null,\"metadata\":{}},\"create_time\":1712750500,"
  "    \"content\":{\"content_type\":\"text\",\"parts\":[\"Not yet: it is hungry. Feed it twice a day.\"]},"
  "    \"status\":\"finished_successfully\",\"metadata\":{\"model_slug\":\"gpt-4o\"},\"recipient\":\"all\"}},"
  "  \"s-a2\":{\"id\":\"s-a2\",\"parent\":\"s-u1\",\"children\":[],\"message\":{\"id\":\"s-a2\","
  "    \"author\":{\"role\":\"assistant\",\"name\":null,\"metadata\":{}},\"create_time\":1712751000,"
  "    \"content\":{\"content_type\":\"text\",\"parts\":[\"A nail polish smell means it is hungry. Feed it every 12 hours for two days.\"]},"
  "    \"status\":\"finished_successfully\",\"metadata\":{\"model_slug\":\"gpt-4o\"},\"recipient\":\"all\"}}"
  " }},\n"
  "{\"title\":\"A weekend in Lisbon\",\"create_time\":1714651200,\"update_time\":1714651800,"
  " \"current_node\":\"l-a1\",\"id\":\"3f2e7c40-9f5d-4e30-9c77-0000000000c3\","
  " \"conversation_id\":\"3f2e7c40-9f5d-4e30-9c77-0000000000c3\",\"default_model_slug\":\"gpt-4o\","
  " \"mapping\":{"
  "  \"l-root\":{\"id\":\"l-root\",\"message\":null,\"parent\":null,\"children\":[\"l-ci\"]},"
  "  \"l-ci\":{\"id\":\"l-ci\",\"parent\":\"l-root\",\"children\":[\"l-u1\"],\"message\":{\"id\":\"l-ci\","
  "    \"author\":{\"role\":\"user\",\"name\":null,\"metadata\":{}},\"create_time\":null,"
  "    \"content\":{\"content_type\":\"user_editable_context\","
  "      \"user_profile\":\"I am a gardener who lives in Porto.\","
  "      \"user_instructions\":\"Answer briefly, with one practical tip.\"},"
  "    \"status\":\"finished_successfully\","
  "    \"metadata\":{\"is_visually_hidden_from_conversation\":true,\"is_user_system_message\":true},"
  "    \"recipient\":\"all\"}},"
  "  \"l-u1\":{\"id\":\"l-u1\",\"parent\":\"l-ci\",\"children\":[\"l-a1\"],\"message\":{\"id\":\"l-u1\","
  "    \"author\":{\"role\":\"user\",\"name\":null,\"metadata\":{}},\"create_time\":1714651200,"
  "    \"content\":{\"content_type\":\"text\",\"parts\":[\"Which gardens should I see in Lisbon in one weekend?\"]},"
  "    \"status\":\"finished_successfully\",\"metadata\":{},\"recipient\":\"all\"}},"
  "  \"l-a1\":{\"id\":\"l-a1\",\"parent\":\"l-u1\",\"children\":[],\"message\":{\"id\":\"l-a1\","
  "    \"author\":{\"role\":\"assistant\",\"name\":null,\"metadata\":{}},\"create_time\":1714651800,"
  "    \"content\":{\"content_type\":\"garden_map_card\",\"places\":[\"Estufa Fria\",\"Jardim Botânico\"]},"
  "    \"status\":\"finished_successfully\",\"metadata\":{\"model_slug\":\"gpt-4o\"},\"recipient\":\"all\"}}"
  " }}\n"
  "]\n";

static const char small_user_json[] =
  "{\"id\":\"user-Invented0000\",\"email\":\"gardener@example.org\",\"chatgpt_plus_user\":false}\n";

/* The small export, named like the ones OpenAI sends. */
static char *
make_small_export (const char *name)
{
  char *path = g_build_filename (tmp_root, name, NULL);
  const ZipEntry entries[] = {
    { "conversations.json", small_conversations, sizeof small_conversations - 1 },
    { "user.json", small_user_json, sizeof small_user_json - 1 },
    { "file-Tom4toSeedl1ngs-seedlings.png", seedlings_png, sizeof seedlings_png },
  };

  write_zip (path, entries, G_N_ELEMENTS (entries));
  return path;
}

static const char *
get_big_export (void)
{
  g_autoptr(GString) json = NULL;

  if (big_export != NULL)
    return big_export;

  json = g_string_sized_new (BIG_CONVERSATIONS * 4000);
  g_string_append_c (json, '[');
  for (guint i = 0; i < BIG_CONVERSATIONS; i++)
    {
      gint64 t = 1690000000 + (gint64) i * 3600;

      g_string_append_printf (json,
                              "%s{\"title\":\"Garden question %u\",\"create_time\":%" G_GINT64_FORMAT ","
                              "\"update_time\":%" G_GINT64_FORMAT ",\"current_node\":\"m7\","
                              "\"id\":\"%08x-0000-4000-8000-00000000beef\","
                              "\"conversation_id\":\"%08x-0000-4000-8000-00000000beef\",\"mapping\":{"
                              "\"root\":{\"id\":\"root\",\"message\":null,\"parent\":null,\"children\":[\"m0\"]}",
                              i > 0 ? "," : "", i, t, t + 700, i, i);
      for (guint j = 0; j < 8; j++)
        {
          char parent[8], children[8];

          if (j == 0)
            g_strlcpy (parent, "root", sizeof parent);
          else
            g_snprintf (parent, sizeof parent, "m%u", j - 1);
          if (j < 7)
            g_snprintf (children, sizeof children, "\"m%u\"", j + 1);
          else
            children[0] = '\0';

          g_string_append_printf (json,
                                  ",\"m%u\":{\"id\":\"m%u\",\"parent\":\"%s\",\"children\":[%s],"
                                  "\"message\":{\"id\":\"m%u\",\"author\":{\"role\":\"%s\"},"
                                  "\"create_time\":%" G_GINT64_FORMAT ",\"content\":{\"content_type\":\"text\","
                                  "\"parts\":[\"Message %u of question %u. When should I plant garlic, "
                                  "and how deep? Cloves go in before the first frost, pointed end up, "
                                  "about five centimetres deep, a hand apart, in well-drained soil.\"]},"
                                  "\"status\":\"finished_successfully\",\"metadata\":{},\"recipient\":\"all\"}}",
                                  j, j, parent, children,
                                  j, j % 2 == 0 ? "user" : "assistant", t + j * 100, j, i);
        }
      g_string_append (json, "}}");
    }
  g_string_append (json, "]\n");

  big_export = g_build_filename (tmp_root, "big-export.zip", NULL);
  {
    const ZipEntry entries[] = { { "conversations.json", json->str, json->len } };

    write_zip (big_export, entries, 1);
  }

  return big_export;
}

static void
remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, NULL, NULL));
}

static char *
sha256_of_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Names in dir that end with suffix, sorted. */
static GPtrArray *
list_names (const char *dir,
            const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (suffix == NULL || g_str_has_suffix (name, suffix))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* The temporary sibling fw-export.c writes into: ".<name>.partial-XXXXXX". */
static guint
count_partial_siblings (const char *parent,
                        const char *name)
{
  g_autofree char *prefix = g_strdup_printf (".%s.partial-", name);
  g_autoptr(GPtrArray) names = list_names (parent, NULL);
  guint n = 0;

  for (guint i = 0; i < names->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (names, i), prefix))
      n++;
  return n;
}

/* Settings */

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  const char *keys[] = {
    "verified-export-path", "verified-export-sha256", "verified-export-time",
    "verified-export-conversations", "verified-export-messages", "archive-path",
    "archive-formats", "last-page",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

/* Widgets */

static GtkWidget *
find_action_widget (GtkWidget  *widget,
                    const char *action,
                    gboolean    mapped_only)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0 &&
          (!mapped_only || gtk_widget_get_mapped (child)))
        return child;

      if ((found = find_action_widget (child, action, mapped_only)))
        return found;
    }

  return NULL;
}

/* The button for action: the one on screen if there is one (some actions
 * have a button on several screens of a page). */
static GtkWidget *
action_button (GtkWidget  *widget,
               const char *action)
{
  GtkWidget *button = find_action_widget (widget, action, TRUE);

  if (button == NULL)
    button = find_action_widget (widget, action, FALSE);
  g_assert_nonnull (button);
  return button;
}

static GtkWidget *
next_button (FwWindow *window)
{
  return action_button (fw_test_ui_find_child (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR), "win.next");
}

/* Presses a button the way a click does, but only if a person could: it
 * must be on screen and sensitive. */
static void
press (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
is_shown (GtkWidget *widget)
{
  return widget != NULL && gtk_widget_get_mapped (widget);
}

static GtkWidget *
find_page (GtkWidget  *widget,
           const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_STACK (child) && FW_IS_PAGE (gtk_stack_get_child_by_name (GTK_STACK (child), name)))
        return gtk_stack_get_child_by_name (GTK_STACK (child), name);

      if ((found = find_page (child, name)))
        return found;
    }

  return NULL;
}

/* A page of the window's stack, shown or not. */
static GtkWidget *
page_widget (FwWindow   *window,
             const char *name)
{
  GtkWidget *page = find_page (GTK_WIDGET (window), name);

  g_assert_nonnull (page);
  return page;
}

static gboolean
page_is_settled (gpointer data)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (data));

  return !gtk_stack_get_transition_running (stack) && gtk_widget_get_mapped (data);
}

static void
show_page (FwWindow   *window,
           const char *name)
{
  fw_window_set_page_name (window, name);
  g_assert_true (fw_test_ui_wait_for (page_is_settled, page_widget (window, name), 3000));
  fw_test_ui_wait_painted (GTK_WIDGET (window));
}

/* After Next was pressed. */
static void
wait_page (FwWindow   *window,
           const char *name)
{
  g_assert_cmpstr (fw_window_get_page_name (window), ==, name);
  g_assert_true (fw_test_ui_wait_for (page_is_settled, page_widget (window, name), 3000));
  fw_test_ui_wait_painted (GTK_WIDGET (window));
}

static void
shoot (FwWindow   *window,
       const char *name)
{
  g_autofree char *path = fw_test_ui_screenshot (GTK_WIDGET (window), name);

  if (path != NULL)
    g_test_message ("saved %s", path);
}

/* The widget is inside the visible part of the page's scrolled window:
 * a person sees it without scrolling. */
static gboolean
in_view (gpointer data)
{
  GtkWidget *widget = data;
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  g_assert_nonnull (scroller);
  return gtk_widget_get_mapped (widget) &&
         gtk_widget_compute_bounds (widget, scroller, &bounds) &&
         bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller);
}

static void
assert_in_view (GtkWidget *widget)
{
  if (!fw_test_ui_wait_for (in_view, widget, 2000))
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
      graphene_rect_t bounds = { 0 };

      if (!gtk_widget_compute_bounds (widget, scroller, &bounds))
        g_test_message ("no bounds");
      g_test_message ("%s %s at %.0f+%.0f, the scrolled window is %d high", G_OBJECT_TYPE_NAME (widget),
                      GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "",
                      bounds.origin.y, bounds.size.height, gtk_widget_get_height (scroller));
      g_assert_not_reached ();
    }
}

static gboolean
has_focus (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (data));

  return focus != NULL && (focus == data || gtk_widget_is_ancestor (focus, data));
}

/* The row of the summary, found by its title. */
static AdwActionRow *
find_row (GtkWidget  *page,
          const char *title)
{
  GtkWidget *row = fw_test_ui_find_shown_text (page, title);

  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
  return ADW_ACTION_ROW (row);
}

/* The value shown at the end of a summary row. */
static const char *
row_value (AdwActionRow *row)
{
  GtkWidget *widget = GTK_WIDGET (row);
  GtkWidget *child = widget;

  /* Depth first through the row, for the label styled as a number. */
  while (child != NULL)
    {
      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "numeric"))
        {
          g_assert_true (gtk_widget_get_mapped (child));
          return gtk_label_get_text (GTK_LABEL (child));
        }

      if (gtk_widget_get_first_child (child) != NULL)
        child = gtk_widget_get_first_child (child);
      else
        {
          while (child != widget && gtk_widget_get_next_sibling (child) == NULL)
            child = gtk_widget_get_parent (child);
          child = child == widget ? NULL : gtk_widget_get_next_sibling (child);
        }
    }

  return NULL;
}

/* The status row of the Export page: its title is the file's name. */
static AdwActionRow *
export_status_row (FwWindow   *window,
                   const char *path)
{
  g_autofree char *name = g_path_get_basename (path);

  return find_row (page_widget (window, "export"), name);
}

static gboolean
switch_is_off (gpointer data)
{
  return !gtk_switch_get_active (data);
}

static gboolean
no_dialogs (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  gboolean none = TRUE;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  for (GList *l = toplevels; l != NULL; l = l->next)
    if ((ADW_IS_MESSAGE_DIALOG (l->data) || GTK_IS_MESSAGE_DIALOG (l->data)) &&
        gtk_widget_get_visible (l->data))
      {
        GtkWidget *label = fw_test_ui_find_child (l->data, GTK_TYPE_LABEL);
        GtkWidget *next_label = label ? gtk_widget_get_next_sibling (label) : NULL;

        g_test_message ("a %s is shown: %s %s", G_OBJECT_TYPE_NAME (l->data),
                        label ? gtk_label_get_text (GTK_LABEL (label)) : "",
                        GTK_IS_LABEL (next_label) ? gtk_label_get_text (GTK_LABEL (next_label)) : "");
        none = FALSE;
      }
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_list_free (toplevels);

  return none;
}

/* Choosing */

/* What a drop or the chooser does with a file: the session checks it.
 * (How a real drop gets there is /export-archive/drop's.) */
static void
choose_export (GtkWidget  *page,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  fw_session_set_export_file (fw_page_get_session (FW_PAGE (page)), file);
}

static GtkWidget *
find_file_chooser (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWidget *found = NULL;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_FILE_CHOOSER_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_list_free (toplevels);

  return found;
}

static gboolean
file_chooser_shown (gpointer data)
{
  return find_file_chooser () != NULL;
}

static gboolean
file_chooser_gone (gpointer data)
{
  return find_file_chooser () == NULL;
}

typedef struct {
  GtkFileChooser *chooser;
  GFile          *file;
} ChooserWait;

static gboolean
chooser_has_file (gpointer data)
{
  ChooserWait *wait = data;
  g_autoptr(GFile) chosen = NULL;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  chosen = gtk_file_chooser_get_file (wait->chooser);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return chosen != NULL && g_file_equal (chosen, wait->file);
}

/* Answers the file chooser the page opened (GtkFileChooserNative falls
 * back to GTK's own dialog without a portal) as a person would: picks the
 * file, or goes into the folder, then presses the accept button. */
static void
answer_file_chooser (const char *path,
                     gboolean    folder)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  ChooserWait wait = { NULL, file };
  GtkWidget *dialog;
  GtkWidget *accept;

  g_assert_true (fw_test_ui_wait_for (file_chooser_shown, NULL, 5000));
  dialog = find_file_chooser ();
  wait.chooser = GTK_FILE_CHOOSER (dialog);
  fw_test_ui_iterate (300);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (folder)
    gtk_file_chooser_set_current_folder (wait.chooser, file, &error);
  else
    gtk_file_chooser_set_file (wait.chooser, file, &error);
  g_assert_no_error (error);
  g_assert_true (fw_test_ui_wait_for (chooser_has_file, &wait, 5000));
  /* As a person would, let it show the folder before accepting: GTK 4.8
   * reports a folder load it had to cancel as an error dialog. */
  fw_test_ui_iterate (300);

  accept = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_nonnull (accept);
  press (accept);
  g_assert_true (fw_test_ui_wait_for (file_chooser_gone, NULL, 5000));
  /* and it left no error behind */
  g_assert_true (no_dialogs ());
}

/* Waiting */

static gboolean
verify_midway (gpointer data)
{
  FwSession *session = data;

  return fw_session_get_verify_state (session) != FW_TASK_STATE_RUNNING ||
         (fw_session_get_bytes_done (session) > 0 &&
          fw_session_get_conversations_done (session) > 0);
}

static gboolean
archive_midway (gpointer data)
{
  FwSession *session = data;

  return fw_session_get_archive_state (session) != FW_TASK_STATE_RUNNING ||
         fw_session_get_conversations_done (session) >= BIG_CONVERSATIONS / 10;
}

/* The Archive page's "Save in" row shows this folder. */
static char *
display_path (const char *path)
{
  const char *home = g_get_home_dir ();

  if (g_str_has_prefix (path, home) && (path[strlen (home)] == '/' || path[strlen (home)] == '\0'))
    return g_strconcat ("~", path + strlen (home), NULL);
  return g_strdup (path);
}

static void
check_recorded_export (const char *path,
                       guint       conversations,
                       guint       messages)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autofree char *sha256 = sha256_of_file (path);
  g_autofree char *recorded_sha = g_settings_get_string (settings, "verified-export-sha256");
  g_autofree char *recorded_path = g_settings_get_string (settings, "verified-export-path");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 when = g_settings_get_int64 (settings, "verified-export-time");

  g_assert_cmpstr (recorded_sha, ==, sha256);
  g_assert_cmpstr (recorded_path, ==, path);
  g_assert_cmpuint (g_settings_get_uint (settings, "verified-export-conversations"), ==, conversations);
  g_assert_cmpuint (g_settings_get_uint (settings, "verified-export-messages"), ==, messages);
  g_assert_cmpint (when, <=, now);
  g_assert_cmpint (when, >, now - 120);
}

static void
check_nothing_recorded (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autofree char *sha = g_settings_get_string (settings, "verified-export-sha256");
  g_autofree char *path = g_settings_get_string (settings, "verified-export-path");
  g_autofree char *archive = g_settings_get_string (settings, "archive-path");

  g_assert_cmpstr (sha, ==, "");
  g_assert_cmpstr (path, ==, "");
  g_assert_cmpstr (archive, ==, "");
  g_assert_cmpuint (g_settings_get_uint (settings, "verified-export-conversations"), ==, 0);
  g_assert_cmpint (g_settings_get_int64 (settings, "verified-export-time"), ==, 0);
}

/* The tests */

static void
check_archive_files (const char *dir,
                     const char *export_path)
{
  g_autofree char *conversations = g_build_filename (dir, "conversations", NULL);
  g_autofree char *attachment = g_build_filename (dir, "attachments", "file-Tom4toSeedl1ngs-seedlings.png", NULL);
  g_autofree char *index = g_build_filename (dir, "search", "list.js", NULL);
  g_autofree char *manifest_path = g_build_filename (dir, "manifest.json", NULL);
  g_autofree char *instructions_path = g_build_filename (dir, "custom-instructions.md", NULL);
  g_autofree char *index_html = NULL;
  g_autofree char *png = NULL;
  g_autofree char *instructions = NULL;
  g_autofree char *sha256 = sha256_of_file (export_path);
  g_autoptr(GPtrArray) md = list_names (conversations, ".md");
  g_autoptr(GPtrArray) json = list_names (conversations, ".json");
  g_autoptr(GPtrArray) html = list_names (conversations, ".html");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *manifest, *source;
  JsonArray *formats;
  gsize png_len;

  /* One Markdown and one JSON file a conversation; the web pages were
   * switched off. */
  g_assert_cmpuint (md->len, ==, 3);
  g_assert_cmpuint (json->len, ==, 3);
  g_assert_cmpuint (html->len, ==, 0);
  g_assert_cmpstr (g_ptr_array_index (md, 0), ==, "2024-03-14-leggy-tomato-seedlings-1f0c5a2e.md");
  g_assert_cmpstr (g_ptr_array_index (md, 1), ==, "2024-04-10-sourdough-starter-2e1d6b3f.md");
  g_assert_cmpstr (g_ptr_array_index (md, 2), ==, "2024-05-02-a-weekend-in-lisbon-3f2e7c40.md");
  {
    g_autofree char *first = g_build_filename (conversations, g_ptr_array_index (md, 0), NULL);
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (first, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "Why are my tomato seedlings so tall and thin?"));
    g_assert_nonnull (strstr (text, "attachments/file-Tom4toSeedl1ngs-seedlings.png"));
  }

  /* The attachment that was in the export, byte for byte; the missing one
   * is not invented. */
  g_assert_true (g_file_get_contents (attachment, &png, &png_len, NULL));
  g_assert_cmpmem (png, png_len, seedlings_png, sizeof seedlings_png);
  {
    g_autofree char *attachments = g_build_filename (dir, "attachments", NULL);
    g_autoptr(GPtrArray) files = list_names (attachments, NULL);

    g_assert_cmpuint (files->len, ==, 1);
  }

  g_assert_true (g_file_get_contents (instructions_path, &instructions, NULL, NULL));
  g_assert_nonnull (strstr (instructions, "I am a gardener who lives in Porto."));
  g_assert_nonnull (strstr (instructions, "Answer briefly, with one practical tip."));

  /* The index's list is still there, linking to the Markdown files. */
  g_assert_true (g_file_get_contents (index, &index_html, NULL, NULL));
  g_assert_nonnull (strstr (index_html, "conversations/2024-03-14-leggy-tomato-seedlings-1f0c5a2e.md"));
  g_assert_null (strstr (index_html, "1f0c5a2e.html"));

  g_assert_true (json_parser_load_from_file (parser, manifest_path, &error));
  g_assert_no_error (error);
  manifest = json_node_get_object (json_parser_get_root (parser));
  formats = json_object_get_array_member (manifest, "formats");
  g_assert_cmpuint (json_array_get_length (formats), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (formats, 0), ==, "md");
  g_assert_cmpstr (json_array_get_string_element (formats, 1), ==, "json");
  source = json_object_get_object_member (manifest, "source");
  g_assert_nonnull (source);
  g_assert_cmpstr (json_object_get_string_member (source, "sha256"), ==, sha256);
  g_assert_cmpstr (json_object_get_string_member (source, "file_name"), ==, "chatgpt-export-2024-05-02.zip");
  {
    JsonObject *counts = json_object_get_object_member (manifest, "counts");

    g_assert_nonnull (counts);
    g_assert_cmpint (json_object_get_int_member (counts, "conversations"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (counts, "messages"), ==, 7);
    g_assert_cmpint (json_object_get_int_member (counts, "attachments_referenced"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (counts, "attachments_missing"), ==, 1);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (manifest, "conversations")), ==, 3);
  }

  /* Nothing temporary is left beside or inside it. */
  {
    g_autofree char *parent = g_path_get_dirname (dir);
    g_autofree char *name = g_path_get_basename (dir);
    g_autoptr(GPtrArray) top = list_names (dir, NULL);

    g_assert_cmpuint (count_partial_siblings (parent, name), ==, 0);
    for (guint i = 0; i < top->len; i++)
      g_assert_false (g_str_has_prefix (g_ptr_array_index (top, i), "."));
  }
}

static void
test_verify_and_archive (void)
{
  g_autofree char *dir = g_build_filename (tmp_root, "verify-and-archive", NULL);
  g_autofree char *export_path = make_small_export ("chatgpt-export-2024-05-02.zip");
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (today, "%Y-%m-%d");
  g_autofree char *default_name = g_strdup_printf ("ChatGPT Archive %s", date);
  g_autofree char *taken = g_build_filename (dir, default_name, NULL);
  g_autofree char *notes = g_build_filename (taken, "notes.txt", NULL);
  g_autofree char *out = g_build_filename (dir, "Garden archive", NULL);
  g_autofree char *sha256 = sha256_of_file (export_path);
  g_autofree char *size = NULL;
  FwWindow *window;
  FwSession *session;
  GtkWidget *export_page, *archive_page, *next;
  AdwActionRow *status, *row;
  GtkWidget *name_row, *html_row, *html_switch;

  reset_settings ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  window = fw_test_ui_open_window (1280, 800);
  session = fw_window_get_session (window);
  next = next_button (window);
  export_page = page_widget (window, "export");
  archive_page = page_widget (window, "archive");

  /* The Export page: nothing chosen, Next is not possible. */
  show_page (window, "export");
  g_assert_false (gtk_widget_get_sensitive (next));

  /* "Choose Export…" opens the file chooser; the person picks the zip. */
  press (action_button (export_page, "export.choose"));
  answer_file_chooser (export_path, FALSE);
  {
    g_autoptr(GFile) expected = g_file_new_for_path (export_path);

    g_assert_nonnull (fw_session_get_export_file (session));
    g_assert_true (g_file_equal (fw_session_get_export_file (session), expected));
  }

  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 10000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);
  fw_test_ui_iterate (20);

  status = export_status_row (window, export_path);
  g_assert_cmpstr (adw_action_row_get_subtitle (status), ==,
                   "Verified: 3 conversations. Continue to see the details and create the archive.");
  g_assert_false (is_shown (action_button (export_page, "export.cancel")));
  g_assert_true (gtk_widget_get_sensitive (next));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, "_Next");
  check_recorded_export (export_path, 3, 7);
  shoot (window, "export-verified");

  /* Next: the summary. */
  press (next);
  wait_page (window, "archive");
  {
    GtkWidget *title = fw_test_ui_find_shown_text (archive_page, "Your Export Is Complete");
    GtkWidget *group = title ? gtk_widget_get_ancestor (title, ADW_TYPE_PREFERENCES_GROUP) : NULL;

    g_assert_nonnull (group);
    g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==,
                     "chatgpt-export-2024-05-02.zip");
  }
  g_assert_cmpstr (row_value (find_row (archive_page, "Conversations")), ==, "3");
  g_assert_cmpstr (row_value (find_row (archive_page, "Messages")), ==, "7");
  row = find_row (archive_page, "Attachments");
  g_assert_cmpstr (row_value (row), ==, "1 found, 1 missing");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "Some files your conversations refer to are not in the export. The archive lists them; everything else is kept.");
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (archive_page, "Dates")), ==, "14 March 2024 – 2 May 2024");
  /* the chart of messages a month, told in words to screen readers */
  {
    GtkWidget *chart = fw_test_ui_find_child (archive_page, FW_TYPE_USAGE_CHART);
    GtkWidget *group = chart ? gtk_widget_get_ancestor (chart, ADW_TYPE_PREFERENCES_GROUP) : NULL;
    g_autofree char *description = NULL;

    g_assert_nonnull (group);
    g_assert_true (gtk_widget_is_visible (chart));
    g_assert_cmpint (gtk_widget_get_height (chart), >, 0);
    description = fw_usage_chart_describe (FW_USAGE_CHART (chart));
    g_assert_true (g_str_has_prefix (description, "Messages a month from March 2024 to May 2024. The most you sent: "));
    g_assert_true (g_str_has_prefix (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), "About "));
    g_assert_nonnull (strstr (description, adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group))));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (chart), ==, description);
  }
  {
    struct stat st;

    g_assert_cmpint (g_stat (export_path, &st), ==, 0);
    size = g_format_size (st.st_size);
  }
  g_assert_cmpstr (row_value (find_row (archive_page, "Size")), ==, size);
  row = find_row (archive_page, "Custom instructions");
  g_assert_cmpstr (row_value (row), ==, "Found");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "You can bring them to your new assistant in the Try It step.");
  row = find_row (archive_page, "Unfamiliar content");
  g_assert_cmpstr (row_value (row), ==, "1");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "Kept in the archive as labelled blocks with their raw data: garden_map_card (1)");
  {
    GtkWidget *warnings = fw_test_ui_find_shown_text (archive_page, "1 Warning");

    g_assert_nonnull (warnings);
    g_assert_true (ADW_IS_EXPANDER_ROW (warnings));
    g_assert_nonnull (fw_test_ui_find_text (warnings, "“Sourdough starter”: the file"));
  }
  /* With a verified export the archive is optional: Next reads Skip. */
  g_assert_true (gtk_widget_get_sensitive (next));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, "_Skip");

  /* The default: "ChatGPT Archive YYYY-MM-DD" in Documents. */
  name_row = fw_test_ui_find_shown_text (archive_page, "Folder name");
  g_assert_true (ADW_IS_ENTRY_ROW (name_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, default_name);
  {
    const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
    g_autofree char *fallback = g_build_filename (g_get_home_dir (), "Documents", NULL);
    g_autofree char *expected = display_path (documents && g_strcmp0 (documents, g_get_home_dir ()) != 0 ? documents : fallback);

    g_assert_cmpstr (adw_action_row_get_subtitle (find_row (archive_page, "Save in")), ==, expected);
  }
  shoot (window, "archive-verified");

  /* "Change…" asks for the folder: the test's own. */
  press (action_button (archive_page, "archive.choose-location"));
  answer_file_chooser (dir, TRUE);
  {
    g_autofree char *expected = display_path (dir);

    g_assert_cmpstr (adw_action_row_get_subtitle (find_row (archive_page, "Save in")), ==, expected);
  }

  /* Web pages off, as a person does it: activating the row flips its switch. */
  html_row = fw_test_ui_find_shown_text (archive_page, "Web pages");
  g_assert_true (ADW_IS_ACTION_ROW (html_row));
  html_switch = fw_test_ui_find_child (html_row, GTK_TYPE_SWITCH);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (html_switch)));
  adw_action_row_activate (ADW_ACTION_ROW (html_row));
  /* (the switch slides over first) */
  g_assert_true (fw_test_ui_wait_for (switch_is_off, html_switch, 3000));
  {
    g_auto(GStrv) formats = g_settings_get_strv (settings, "archive-formats");
    g_autofree char *joined = g_strjoinv (",", formats);

    g_assert_cmpstr (joined, ==, "md,json");
  }

  /* A folder of that name is already there, with something in it: the
   * archive is refused and explained, nothing in it is touched. */
  g_assert_cmpint (g_mkdir (taken, 0755), ==, 0);
  g_assert_true (g_file_set_contents (notes, "my own notes", -1, NULL));
  press (action_button (archive_page, "archive.create"));
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_archive_finished, session, 20000));
  g_assert_cmpint (fw_session_get_archive_state (session), ==, FW_TASK_STATE_FAILED);
  fw_test_ui_iterate (20);
  {
    g_autofree char *message = g_strdup_printf (_("“%s” already exists and is not empty. Choose a new folder: Farewell never overwrites files."),
                                                taken);
    GtkWidget *label = fw_test_ui_find_shown_text (archive_page, "already exists and is not empty");
    g_autofree char *kept = NULL;
    g_autoptr(GPtrArray) left = list_names (dir, NULL);

    g_assert_nonnull (label);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, message);
    g_assert_true (gtk_widget_has_css_class (label, "error"));
    g_assert_true (no_dialogs ());
    g_assert_true (g_file_get_contents (notes, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "my own notes");
    g_assert_cmpuint (left->len, ==, 1);
    /* The explanation comes into view (Create is far down the page). */
    assert_in_view (label);
  }
  g_assert_true (is_shown (action_button (archive_page, "archive.create")));
  assert_in_view (action_button (archive_page, "archive.create"));
  g_assert_true (fw_test_ui_wait_for (has_focus, action_button (archive_page, "archive.create"), 2000));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, "_Skip");
  shoot (window, "archive-error-exists");

  /* What a conversion into that name left when the computer lost power
   * (an hour ago, with no note of its process): removed first, and said. */
  {
    g_autofree char *stale = g_build_filename (dir, ".Garden archive.partial-Xy12Z9", NULL);
    g_autofree char *half = g_build_filename (stale, "index.html", NULL);
    struct utimbuf old = { 0 };

    g_assert_cmpint (g_mkdir (stale, 0755), ==, 0);
    g_assert_true (g_file_set_contents (half, "<html>half an archive", -1, NULL));
    old.actime = old.modtime = time (NULL) - 3600;
    g_assert_cmpint (g_utime (stale, &old), ==, 0);
  }

  /* Another name, typed in the row. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Garden archive");
  press (action_button (archive_page, "archive.create"));
  g_assert_cmpint (fw_session_get_archive_state (session), ==, FW_TASK_STATE_RUNNING);
  /* While it runs, Next is not possible (the archive page is not done). */
  g_assert_false (gtk_widget_get_sensitive (next));
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_archive_finished, session, 20000));
  g_assert_cmpint (fw_session_get_archive_state (session), ==, FW_TASK_STATE_DONE);
  fw_test_ui_iterate (20);
  fw_test_ui_wait_painted (GTK_WIDGET (window));

  check_archive_files (out, export_path);

  /* The page says where, and offers to open it; and what it cleaned up. */
  {
    g_autofree char *shown = display_path (out);
    g_autofree char *text = g_strdup_printf ("Your archive is ready in %s", shown);
    g_autoptr(GPtrArray) left = list_names (dir, NULL);
    GtkWidget *label = fw_test_ui_find_shown_text (archive_page, text);

    g_assert_nonnull (label);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)),
                              "What an interrupted earlier run had left there was removed, freeing "));
    for (guint i = 0; i < left->len; i++)
      g_assert_false (g_str_has_prefix (g_ptr_array_index (left, i), ".Garden archive.partial-"));
  }
  g_assert_true (is_shown (action_button (archive_page, "archive.open-archive")));
  g_assert_true (is_shown (action_button (archive_page, "archive.show-in-files")));
  /* ...in view, with the keyboard focus on Open Archive. */
  assert_in_view (fw_test_ui_find_shown_text (archive_page, "Your archive is ready in"));
  assert_in_view (action_button (archive_page, "archive.open-archive"));
  assert_in_view (action_button (archive_page, "archive.show-in-files"));
  g_assert_true (fw_test_ui_wait_for (has_focus, action_button (archive_page, "archive.open-archive"), 2000));
  g_assert_true (gtk_widget_is_sensitive (action_button (archive_page, "archive.open-archive")));
  g_assert_true (gtk_widget_is_sensitive (action_button (archive_page, "archive.show-in-files")));
  g_assert_false (is_shown (action_button (archive_page, "archive.create")));
  g_assert_null (fw_test_ui_find_shown_text (archive_page, "already exists"));
  g_assert_true (gtk_widget_get_sensitive (next));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, "_Next");
  {
    g_autofree char *archive_path = g_settings_get_string (settings, "archive-path");

    g_assert_cmpstr (archive_path, ==, out);
  }
  check_recorded_export (export_path, 3, 7);
  g_assert_cmpstr (fw_export_summary_get_sha256 (fw_session_get_summary (session)), ==, sha256);
  shoot (window, "archive-done");

  fw_test_ui_close_window (window);
  remove_tree (dir);
  g_unlink (export_path);
}

/* The Archive page's progress: "12.3 MB of 45.6 MB · 1,234 conversations". */
static void
check_progress_label (GtkWidget *archive_page)
{
  GtkWidget *label = fw_test_ui_find_shown_text (archive_page, " · ");
  const char *text;

  g_assert_nonnull (label);
  g_assert_true (GTK_IS_LABEL (label));
  text = gtk_label_get_text (GTK_LABEL (label));
  g_test_message ("progress: %s", text);
  /* (g_format_size puts a no-break space before the unit) */
  g_assert_true (g_regex_match_simple ("^[0-9.,]+\u00a0[kM]?B of [0-9.,]+\u00a0MB · [0-9,]+ conversations?$",
                                       text, 0, 0));
}

/* Cancel while checking (from both pages), then while writing the archive. */
static void
test_cancel_midway (void)
{
  const char *export_path = get_big_export ();
  g_autofree char *dir = g_build_filename (tmp_root, "cancel", NULL);
  g_autofree char *out = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GSettings) settings = fw_settings_new ();
  FwWindow *window;
  FwSession *session;
  GtkWidget *export_page, *archive_page, *next, *label, *cancel_button;
  AdwActionRow *status;
  gint64 cancelled_at;

  reset_settings ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  window = fw_test_ui_open_window (1280, 800);
  session = fw_window_get_session (window);
  next = next_button (window);
  export_page = page_widget (window, "export");
  archive_page = page_widget (window, "archive");
  show_page (window, "export");

  /* 1. Cancel on the Export page while checking. */
  choose_export (export_page, export_path);
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_RUNNING);
  g_assert_true (fw_test_ui_wait_for (verify_midway, session, 10000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_RUNNING);
  g_assert_cmpuint (fw_session_get_bytes_done (session), <, fw_session_get_bytes_total (session));
  fw_test_ui_iterate (10);
  status = export_status_row (window, export_path);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (status), "Checking… "));
  g_assert_false (gtk_widget_get_sensitive (next));
  press (action_button (export_page, "export.cancel"));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_FAILED);
  g_assert_true (g_error_matches (fw_session_get_verify_error (session), G_IO_ERROR, G_IO_ERROR_CANCELLED));
  fw_test_ui_iterate (300);  /* progress already on its way must not revive it */
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_FAILED);
  g_assert_cmpuint (fw_session_get_bytes_done (session), ==, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (status), ==, "Checking was cancelled.");
  {
    /* Not shown as a failure: a stop sign, not a warning. */
    GtkStack *icons = GTK_STACK (fw_test_ui_find_child (GTK_WIDGET (status), GTK_TYPE_STACK));

    g_assert_cmpstr (gtk_stack_get_visible_child_name (icons), ==, "cancelled");
  }
  g_assert_false (is_shown (action_button (export_page, "export.cancel")));
  g_assert_true (is_shown (action_button (export_page, "export.retry")));
  g_assert_false (gtk_widget_get_sensitive (next));
  g_assert_true (no_dialogs ());
  check_nothing_recorded ();
  shoot (window, "export-cancelled");

  /* 2. Try Again, and cancel on the Archive page's checking screen. */
  press (action_button (export_page, "export.retry"));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_RUNNING);
  show_page (window, "archive");
  g_assert_true (fw_test_ui_wait_for (verify_midway, session, 10000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_RUNNING);
  fw_test_ui_iterate (10);
  check_progress_label (archive_page);
  press (action_button (archive_page, "archive.cancel-verify"));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_FAILED);
  fw_test_ui_iterate (50);
  g_assert_nonnull (fw_test_ui_find_shown_text (archive_page, "Checking Was Cancelled"));
  {
    GtkWidget *status_page = gtk_widget_get_ancestor (fw_test_ui_find_shown_text (archive_page, "Checking Was Cancelled"),
                                                      ADW_TYPE_STATUS_PAGE);

    g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (status_page)), ==, "process-stop-symbolic");
  }
  g_assert_nonnull (fw_test_ui_find_shown_text (archive_page, "Nothing was changed. Check the export again when you are ready."));
  g_assert_false (gtk_widget_get_sensitive (next));
  g_assert_true (no_dialogs ());
  check_nothing_recorded ();
  shoot (window, "archive-verify-cancelled");

  /* 3. Try Again from there; this time let it finish. */
  press (action_button (archive_page, "archive.retry"));
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 20000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);
  g_assert_cmpuint (fw_export_summary_get_conversations (fw_session_get_summary (session)), ==, BIG_CONVERSATIONS);
  check_recorded_export (export_path, BIG_CONVERSATIONS, BIG_CONVERSATIONS * 8);
  fw_test_ui_iterate (20);
  g_assert_true (gtk_widget_get_sensitive (next));

  /* 4. Write the archive into the test's folder, cancel halfway. */
  press (action_button (archive_page, "archive.choose-location"));
  answer_file_chooser (dir, TRUE);
  name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (fw_test_ui_find_shown_text (archive_page, "Folder name"))));
  out = g_build_filename (dir, name, NULL);
  press (action_button (archive_page, "archive.create"));
  g_assert_cmpint (fw_session_get_archive_state (session), ==, FW_TASK_STATE_RUNNING);
  g_assert_true (fw_test_ui_wait_for (archive_midway, session, 20000));
  g_assert_cmpint (fw_session_get_archive_state (session), ==, FW_TASK_STATE_RUNNING);
  g_assert_cmpuint (fw_session_get_conversations_done (session), <, BIG_CONVERSATIONS);
  /* It is being written next to the destination. */
  g_assert_cmpuint (count_partial_siblings (dir, name), ==, 1);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  fw_test_ui_iterate (10);
  check_progress_label (archive_page);
  /* The progress is in view; what is being written cannot be changed. */
  assert_in_view (action_button (archive_page, "archive.cancel-archive"));
  assert_in_view (fw_test_ui_find_child (gtk_widget_get_parent (action_button (archive_page, "archive.cancel-archive")),
                                         GTK_TYPE_PROGRESS_BAR));
  g_assert_false (gtk_widget_is_sensitive (action_button (archive_page, "archive.choose-location")));
  g_assert_false (gtk_widget_is_sensitive (fw_test_ui_find_shown_text (archive_page, "Folder name")));
  shoot (window, "archive-running");
  g_assert_cmpint (fw_session_get_archive_state (session), ==, FW_TASK_STATE_RUNNING);
  g_assert_false (gtk_widget_get_sensitive (next));
  g_test_message ("cancelling at %u of %u conversations",
                  fw_session_get_conversations_done (session), BIG_CONVERSATIONS);
  cancel_button = action_button (archive_page, "archive.cancel-archive");
  press (cancel_button);
  cancelled_at = g_get_monotonic_time ();
  /* Until the engine has stopped, Cancel cannot be pressed twice. */
  if (fw_session_get_archive_state (session) == FW_TASK_STATE_RUNNING)
    {
      fw_test_ui_iterate (1);
      if (fw_session_get_archive_state (session) == FW_TASK_STATE_RUNNING)
        g_assert_false (gtk_widget_is_sensitive (cancel_button));
    }

  /* Once the page says it was cancelled, nothing is left on disk. */
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_archive_finished, session, 10000));
  g_test_message ("the engine stopped %.0f ms after Cancel",
                  (g_get_monotonic_time () - cancelled_at) / 1000.0);
  g_assert_cmpint (fw_session_get_archive_state (session), ==, FW_TASK_STATE_FAILED);
  g_assert_true (g_error_matches (fw_session_get_archive_error (session), G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_partial_siblings (dir, name), ==, 0);
  {
    g_autoptr(GPtrArray) left = list_names (dir, NULL);

    g_assert_cmpuint (left->len, ==, 0);
  }
  fw_test_ui_iterate (300);
  g_assert_cmpint (fw_session_get_archive_state (session), ==, FW_TASK_STATE_FAILED);
  label = fw_test_ui_find_shown_text (archive_page, "Cancelled. Nothing was written.");
  g_assert_nonnull (label);
  /* A cancel is not a failure: no error styling, no dialog. */
  g_assert_false (gtk_widget_has_css_class (label, "error"));
  g_assert_true (no_dialogs ());
  /* The page is usable again: Create is back, the export still verified. */
  g_assert_true (is_shown (action_button (archive_page, "archive.create")));
  g_assert_true (gtk_widget_is_sensitive (action_button (archive_page, "archive.create")));
  g_assert_true (gtk_widget_is_sensitive (action_button (archive_page, "archive.choose-location")));
  assert_in_view (label);
  assert_in_view (action_button (archive_page, "archive.create"));
  g_assert_false (is_shown (action_button (archive_page, "archive.open-archive")));
  g_assert_true (gtk_widget_get_sensitive (next));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next)), ==, "_Skip");
  {
    g_autofree char *archive_path = g_settings_get_string (settings, "archive-path");

    g_assert_cmpstr (archive_path, ==, "");
  }
  check_recorded_export (export_path, BIG_CONVERSATIONS, BIG_CONVERSATIONS * 8);
  shoot (window, "archive-cancelled");

  fw_test_ui_close_window (window);
  remove_tree (dir);
}

static void
check_broken (FwWindow   *window,
              const char *path,
              const char *message)
{
  FwSession *session = fw_window_get_session (window);
  GtkWidget *export_page = page_widget (window, "export");
  GtkWidget *archive_page = page_widget (window, "archive");
  GtkWidget *next = next_button (window);
  AdwActionRow *status;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *shot = NULL;

  show_page (window, "export");
  choose_export (export_page, path);
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 10000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_FAILED);
  g_assert_nonnull (fw_session_get_verify_error (session));
  g_assert_cmpstr (fw_session_get_verify_error (session)->message, ==, message);
  fw_test_ui_iterate (50);

  /* The Export page explains it, with what to do, and offers another go. */
  status = export_status_row (window, path);
  g_assert_cmpstr (adw_action_row_get_subtitle (status), ==, message);
  {
    GtkStack *icons = GTK_STACK (fw_test_ui_find_child (GTK_WIDGET (status), GTK_TYPE_STACK));

    g_assert_cmpstr (gtk_stack_get_visible_child_name (icons), ==, "failed");
  }
  g_assert_true (is_shown (action_button (export_page, "export.retry")));
  g_assert_true (is_shown (action_button (export_page, "export.choose")));
  g_assert_false (gtk_widget_get_sensitive (next));
  g_assert_false (fw_window_go_next (window));
  g_assert_cmpstr (fw_window_get_page_name (window), ==, "export");
  shot = g_strdup_printf ("export-broken-%s", g_str_has_prefix (name, "truncated") ? "truncated" : "not-an-export");
  shoot (window, shot);

  /* So does the Archive page, should the person get there. */
  show_page (window, "archive");
  g_assert_nonnull (fw_test_ui_find_shown_text (archive_page, "This Export Cannot Be Used"));
  {
    GtkWidget *status_page = gtk_widget_get_ancestor (fw_test_ui_find_shown_text (archive_page, "This Export Cannot Be Used"),
                                                      ADW_TYPE_STATUS_PAGE);

    g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (status_page)), ==, "dialog-warning-symbolic");
  }
  g_assert_nonnull (fw_test_ui_find_shown_text (archive_page, message));
  g_assert_true (is_shown (action_button (archive_page, "win.show-page")));
  g_assert_false (gtk_widget_get_sensitive (next));
  g_free (shot);
  shot = g_strdup_printf ("archive-broken-%s", g_str_has_prefix (name, "truncated") ? "truncated" : "not-an-export");
  shoot (window, shot);
  g_assert_true (no_dialogs ());
}

static void
test_broken_zip (void)
{
  g_autofree char *good = make_small_export ("chatgpt-export-good.zip");
  g_autofree char *truncated = g_build_filename (tmp_root, "truncated-export.zip", NULL);
  g_autofree char *not_zip = g_build_filename (tmp_root, "receipt <2024> & notes.zip", NULL);
  g_autofree char *data = NULL;
  g_autofree char *message = NULL;
  gsize len;
  FwWindow *window;
  FwSession *session;

  reset_settings ();

  /* A valid zip cut in half, as an interrupted download leaves it. */
  g_assert_true (g_file_get_contents (good, &data, &len, NULL));
  g_assert_true (g_file_set_contents (truncated, data, len / 2, NULL));
  /* Something else renamed .zip. */
  g_assert_true (g_file_set_contents (not_zip, "%PDF-1.4\n% A receipt, not an export\n", -1, NULL));

  window = fw_test_ui_open_window (1280, 800);
  session = fw_window_get_session (window);

  message = g_strdup_printf (_("“%s” is incomplete: the download was probably cut off. Download the export again from the link in OpenAI’s email."),
                             "truncated-export.zip");
  g_assert_nonnull (strstr (message, "cut off"));
  check_broken (window, truncated, message);
  check_nothing_recorded ();

  g_free (message);
  message = g_strdup_printf (_("“%s” is not a ChatGPT export. Choose the zip file from OpenAI’s email, or the conversations.json inside it."),
                             "receipt <2024> & notes.zip");
  check_broken (window, not_zip, message);
  check_nothing_recorded ();

  /* After a good export, a broken one takes Next away again; the export
   * that was verified stays remembered (its data is safe), the broken one
   * is not recorded over it. */
  show_page (window, "export");
  choose_export (page_widget (window, "export"), good);
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 10000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);
  fw_test_ui_iterate (20);
  g_assert_true (gtk_widget_get_sensitive (next_button (window)));
  check_recorded_export (good, 3, 7);

  g_free (message);
  message = g_strdup_printf (_("“%s” is incomplete: the download was probably cut off. Download the export again from the link in OpenAI’s email."),
                             "truncated-export.zip");
  check_broken (window, truncated, message);
  check_recorded_export (good, 3, 7);

  fw_test_ui_close_window (window);
  g_unlink (good);
  g_unlink (truncated);
  g_unlink (not_zip);
}

/* An export made since 2026: the conversations in shards inside a folder
 * of the zip, read as one export; the same export with a shard missing is
 * explained. */
static void
test_sharded (void)
{
  const char *split = strstr (small_conversations, ",\n{\"title\":\"Sourdough starter\"");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *sharded = g_build_filename (tmp_root, "chatgpt-export-2026.zip", NULL);
  g_autofree char *partial = g_build_filename (tmp_root, "chatgpt-export-2026-partial.zip", NULL);
  g_autofree char *message = NULL;
  static const char manifest[] =
    "{\"version\":1,\"manifest_file\":\"export_manifest.json\",\"logical_files\":{\"conversations.json\":"
    "{\"files\":[\"conversations-000.json\",\"conversations-001.json\"],\"sharded\":true}}}";
  FwWindow *window;
  FwSession *session;

  g_assert_nonnull (split);
  first = g_strdup_printf ("%.*s]\n", (int) (split - small_conversations), small_conversations);
  second = g_strdup_printf ("[%s", split + 2);
  {
    const ZipEntry entries[] = {
      { "Export/chat.html", "<html></html>", 13 },
      { "Export/conversations-001.json", second, strlen (second) },
      { "Export/conversations-000.json", first, strlen (first) },
      { "Export/export_manifest.json", manifest, sizeof manifest - 1 },
      { "Export/user.json", small_user_json, sizeof small_user_json - 1 },
      { "Export/file-Tom4toSeedl1ngs.dat", seedlings_png, sizeof seedlings_png },
    };

    write_zip (sharded, entries, G_N_ELEMENTS (entries));
    /* the same without the second shard */
    write_zip (partial, entries + 2, G_N_ELEMENTS (entries) - 2);
  }

  reset_settings ();
  window = fw_test_ui_open_window (1280, 800);
  session = fw_window_get_session (window);

  show_page (window, "export");
  choose_export (page_widget (window, "export"), sharded);
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 10000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);
  g_assert_cmpuint (fw_export_summary_get_conversations (fw_session_get_summary (session)), ==, 3);
  g_assert_cmpuint (fw_export_summary_get_attachments_missing (fw_session_get_summary (session)), ==, 1);
  fw_test_ui_iterate (20);
  g_assert_true (gtk_widget_get_sensitive (next_button (window)));
  check_recorded_export (sharded, 3, 7);

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "“%s” is incomplete: a file of conversations is missing (%s). Download the export again from the link in OpenAI’s email.",
                                          "“%s” is incomplete: files of conversations are missing (%s). Download the export again from the link in OpenAI’s email.",
                                          1),
                             "chatgpt-export-2026-partial.zip", "conversations-001.json");
  check_broken (window, partial, message);
  check_recorded_export (sharded, 3, 7);

  fw_test_ui_close_window (window);
  g_unlink (sharded);
  g_unlink (partial);
}

/* `farewell EXPORT.zip`: GApplication's own command line handling, in a
 * child process (running the application shuts it down at the end). */

typedef struct {
  GtkApplication *app;
  FwWindow *window;
  char     *page;
  char     *file;
  int       state;
  char     *subtitle;
  gboolean  next_sensitive;
  gboolean  timed_out;
} PreselectResult;

static void
preselect_verify_changed (FwSession       *session,
                          GParamSpec      *pspec,
                          PreselectResult *result)
{
  FwTaskState state = fw_session_get_verify_state (session);
  GFile *file = fw_session_get_export_file (session);

  if (state != FW_TASK_STATE_DONE && state != FW_TASK_STATE_FAILED)
    return;

  g_signal_handlers_disconnect_by_data (session, result);
  result->state = state;
  result->page = g_strdup (fw_window_get_page_name (result->window));
  result->file = file ? g_file_get_path (file) : NULL;
  result->next_sensitive = gtk_widget_get_sensitive (next_button (result->window));
  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      result->subtitle = g_strdup (adw_action_row_get_subtitle (export_status_row (result->window, path)));
    }
  gtk_window_destroy (GTK_WINDOW (result->window));
}

static void
preselect_window_added (GtkApplication  *app,
                        GtkWindow       *window,
                        PreselectResult *result)
{
  if (!FW_IS_WINDOW (window) || result->window != NULL)
    return;

  result->window = FW_WINDOW (window);
  g_signal_connect (fw_window_get_session (result->window), "notify::verify-state",
                    G_CALLBACK (preselect_verify_changed), result);
}

static gboolean
preselect_timeout (gpointer data)
{
  PreselectResult *result = data;

  GList *windows;

  result->timed_out = TRUE;
  /* destroying a window takes it out of the list */
  while ((windows = gtk_application_get_windows (result->app)) != NULL)
    gtk_window_destroy (windows->data);
  return G_SOURCE_REMOVE;
}

static void
run_preselect (void)
{
  g_autofree char *export_path = make_small_export ("chatgpt-export-from-the-command-line.zip");
  g_autoptr(FwApplication) app = fw_application_new ();
  char *argv[] = { (char *) "farewell", export_path, NULL };
  PreselectResult result = { 0 };
  guint timeout;
  int status;

  reset_settings ();
  result.app = GTK_APPLICATION (app);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (preselect_window_added), &result);
  timeout = g_timeout_add_seconds (20, preselect_timeout, &result);

  status = g_application_run (G_APPLICATION (app), 2, argv);

  g_assert_false (result.timed_out);
  g_source_remove (timeout);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (result.page, ==, "export");
  g_assert_cmpstr (result.file, ==, export_path);
  g_assert_cmpint (result.state, ==, FW_TASK_STATE_DONE);
  g_assert_cmpstr (result.subtitle, ==, "Verified: 3 conversations. Continue to see the details and create the archive.");
  g_assert_true (result.next_sensitive);
  check_recorded_export (export_path, 3, 7);

  g_free (result.page);
  g_free (result.file);
  g_free (result.subtitle);
  g_unlink (export_path);
}

static void
test_preselect (void)
{
  if (g_test_subprocess ())
    {
      run_preselect ();
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Coming back in a later session, without the export (in a sandbox the
 * file chosen then cannot be opened again): the Archive step shows what was
 * done then and lets the person go on. */

/* Opens the window on the Archive step and checks what it says: @title,
 * whether Next goes on, whether Open Archive is offered. */
static FwWindow *
expect_archive_step (const char *shot,
                     const char *title,
                     gboolean    next,
                     gboolean    open)
{
  FwWindow *window = fw_test_ui_open_window (0, 0);
  GtkWidget *page;

  show_page (window, "archive");
  shoot (window, shot);
  page = page_widget (window, "archive");
  g_assert_nonnull (fw_test_ui_find_shown_text (page, title));
  g_assert_cmpint (gtk_widget_is_sensitive (next_button (window)), ==, next);
  g_assert_cmpint (is_shown (fw_test_ui_find_button (page, "Open Archive")), ==, open);
  if (open)
    g_assert_true (gtk_widget_is_sensitive (fw_test_ui_find_button (page, "Open Archive")));
  return window;
}

static void
test_coming_back (void)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autofree char *archive = g_build_filename (tmp_root, "ChatGPT Archive 2026-11-24", NULL);
  g_autofree char *name = g_path_get_basename (archive);
  FwWindow *window;

  reset_settings ();

  /* nothing done yet: a dead end but for the way to Export */
  window = expect_archive_step ("archive-nothing-yet", "No Export Chosen Yet", FALSE, FALSE);
  fw_test_ui_close_window (window);

  /* verified then, no archive: making one is optional, as it is right after
   * verifying */
  g_settings_set_string (settings, "verified-export-sha256",
                         "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592");
  window = expect_archive_step ("archive-verified-earlier", "Export Verified Earlier", TRUE, FALSE);
  fw_test_ui_close_window (window);

  /* an archive made then, gone since: as if none was made */
  g_settings_set_string (settings, "archive-path", archive);
  window = expect_archive_step ("archive-verified-earlier", "Export Verified Earlier", TRUE, FALSE);
  fw_test_ui_close_window (window);

  /* the archive made then: where it is, a way to open it, and Next */
  g_assert_cmpint (g_mkdir_with_parents (archive, 0700), ==, 0);
  window = expect_archive_step ("archive-made-earlier", "Archive Made Earlier", TRUE, TRUE);
  g_assert_nonnull (fw_test_ui_find_shown_text (page_widget (window, "archive"), name));
  press (next_button (window));
  wait_page (window, "delete");
  fw_test_ui_close_window (window);

  g_rmdir (archive);
  reset_settings ();
}

/* The main loop keeps running while a big export is checked. The real
 * measurement is a benchmark; this is a loose guard under Xvfb. */

typedef struct {
  gint64 last;
  gint64 max_gap;
  guint  ticks;
  guint  progress_updates;
  GHashTable *texts;
  AdwActionRow *status;
} Ticks;

static gboolean
tick (gpointer data)
{
  Ticks *t = data;
  gint64 now = g_get_monotonic_time ();

  if (t->last != 0)
    t->max_gap = MAX (t->max_gap, now - t->last);
  t->last = now;
  t->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
on_fraction (FwSession  *session,
             GParamSpec *pspec,
             Ticks      *t)
{
  t->progress_updates++;
  if (fw_session_get_verify_state (session) == FW_TASK_STATE_RUNNING && t->status != NULL)
    g_hash_table_add (t->texts, g_strdup (adw_action_row_get_subtitle (t->status)));
}

static void
test_responsive (void)
{
  const char *export_path = get_big_export ();
  FwWindow *window;
  FwSession *session;
  Ticks t = { 0 };
  gint64 start, elapsed;
  guint id;
  gulong handler;
  GHashTableIter iter;
  gpointer text;
  guint with_counts = 0;

  reset_settings ();
  window = fw_test_ui_open_window (1280, 800);
  session = fw_window_get_session (window);
  show_page (window, "export");

  t.texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  handler = g_signal_connect (session, "notify::fraction", G_CALLBACK (on_fraction), &t);
  id = g_timeout_add (5, tick, &t);
  start = g_get_monotonic_time ();

  choose_export (page_widget (window, "export"), export_path);
  t.status = export_status_row (window, export_path);
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 20000));
  elapsed = g_get_monotonic_time () - start;

  g_source_remove (id);
  g_signal_handler_disconnect (session, handler);
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);

  g_test_message ("verified %u conversations in %.0f ms; %u ticks, largest gap %.1f ms; %u progress updates",
                  BIG_CONVERSATIONS, elapsed / 1000.0, t.ticks, t.max_gap / 1000.0, t.progress_updates);
  g_assert_cmpint (t.max_gap, <, 250 * 1000);
  /* Progress is throttled (ten a second, and a few at the edges)... */
  g_assert_cmpuint (t.progress_updates, <=, elapsed / 100000 + 6);
  /* ...but there is some, with bytes and conversations. */
  g_hash_table_iter_init (&iter, t.texts);
  while (g_hash_table_iter_next (&iter, &text, NULL))
    if (g_regex_match_simple ("^Checking… [0-9.]+\u00a0[kM]?B of [0-9.]+\u00a0MB, [0-9]+ conversations?$", text, 0, 0))
      with_counts++;
  g_test_message ("%u distinct progress texts with counts", with_counts);
  g_assert_cmpuint (with_counts, >=, 1);

  g_hash_table_unref (t.texts);
  fw_test_ui_close_window (window);
}

/* A real drag and drop, on this test's X display: a window of another
 * process (build-aux/drag-source) offers the files as a file manager does,
 * and xdotool moves the pointer with the button held, while the window
 * here goes on running. */
typedef struct {
  GSubprocess *process;
  gboolean     done;
  char        *output;
} Command;

static void
command_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Command *command = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &command->output, NULL, NULL);
  command->done = TRUE;
}

static gboolean
command_finished (gpointer data)
{
  return ((Command *) data)->done;
}

/* Runs argv to its end while the main loop runs; its standard output. */
static char *
run_command (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  Command command = { NULL, FALSE, NULL };

  command.process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (command.process, NULL, NULL, command_done, &command);
  g_assert_true (fw_test_ui_wait_for (command_finished, &command, 30000));
  g_assert_true (g_subprocess_get_successful (command.process));
  g_object_unref (command.process);
  return command.output;
}

/* Drags what `build-aux/drag-source ARGS…` offers onto the window at x, y. */
static void
drag_onto_window (const char * const *source_args,
                  int                 x,
                  int                 y)
{
  g_autofree char *script = g_build_filename (g_getenv ("FAREWELL_SOURCE_ROOT"), "build-aux", "drag-source", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *wid = NULL;
  g_autoptr(GString) moves = g_string_new (NULL);

  g_strv_builder_add_many (builder, "/usr/bin/python3", script, "Drag Source", NULL);
  g_strv_builder_addv (builder, (const char **) source_args);
  argv = g_strv_builder_end (builder);
  source = g_subprocess_newv ((const char * const *) argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);

  found = run_command ((const char *[]) { "xdotool", "search", "--sync", "--onlyvisible", "--name",
                                          "^Drag Source$", NULL });
  wid = g_strndup (found, strcspn (found, "\n"));
  /* beside the window (there is no window manager to place it) */
  g_free (run_command ((const char *[]) { "xdotool", "windowmove", "--sync", wid, "900", "100", NULL }));
  fw_test_ui_iterate (300);

  /* the button held down on the source, moved over in steps, let go */
  g_string_append (moves, "mousemove 1020 160 mousedown 1 sleep 0.3");
  for (int step = 1; step <= 10; step++)
    g_string_append_printf (moves, " mousemove %d %d sleep 0.1",
                            1020 + (x - 1020) * step / 10, 160 + (y - 160) * step / 10);
  g_string_append (moves, " sleep 0.5 mouseup 1");
  {
    g_auto(GStrv) commands = g_strsplit (moves->str, " ", -1);
    g_autoptr(GStrvBuilder) xdotool = g_strv_builder_new ();
    g_auto(GStrv) xdotool_argv = NULL;

    g_strv_builder_add (xdotool, "xdotool");
    g_strv_builder_addv (xdotool, (const char **) commands);
    xdotool_argv = g_strv_builder_end (xdotool);
    g_free (run_command ((const char * const *) xdotool_argv));
  }
  fw_test_ui_iterate (300);
  g_subprocess_force_exit (source);
  g_subprocess_wait (source, NULL, NULL);
}

#define DROP_PROBLEM "What was dropped could not be read. Choose the export with Choose Export… instead."

static gboolean
drop_problem_shown (gpointer data)
{
  return fw_test_ui_find_shown_text (data, DROP_PROBLEM) != NULL;
}

static void
test_drop (void)
{
  g_autofree char *export_path = make_small_export ("chatgpt-export-dropped.zip");
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  FwWindow *window;
  FwSession *session;
  GtkWidget *export_page, *drop_area, *button;

  if (xdotool == NULL || !g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs xdotool and python3-gi with GTK 4");
      return;
    }

  reset_settings ();
  window = fw_test_ui_open_window (800, 700);
  session = fw_window_get_session (window);
  export_page = page_widget (window, "export");
  show_page (window, "export");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  drop_area = fw_test_ui_find_shown_text (export_page, "Drop Your Export Here");
  g_assert_nonnull (drop_area);
  drop_area = gtk_widget_get_ancestor (drop_area, GTK_TYPE_BOX);
  while (drop_area != NULL && !gtk_widget_has_css_class (drop_area, "drop-target"))
    drop_area = gtk_widget_get_ancestor (gtk_widget_get_parent (drop_area), GTK_TYPE_BOX);
  g_assert_nonnull (drop_area);

  /* 0. The zip dropped on another step: the Export step takes it. */
  show_page (window, "welcome");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  drag_onto_window ((const char *[]) { export_path, NULL }, 380, 420);
  g_assert_cmpstr (fw_window_get_page_name (window), ==, "export");
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 10000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);
  {
    g_autoptr(GFile) dropped = g_file_new_for_path (export_path);

    g_assert_true (g_file_equal (fw_session_get_export_file (session), dropped));
  }
  fw_session_set_export_file (session, NULL);
  fw_test_ui_wait_painted (GTK_WIDGET (window));

  /* 1. The zip dropped on the Export step: checked at once. */
  drag_onto_window ((const char *[]) { export_path, NULL }, 380, 420);
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 10000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);
  {
    g_autoptr(GFile) dropped = g_file_new_for_path (export_path);

    g_assert_true (g_file_equal (fw_session_get_export_file (session), dropped));
  }
  g_assert_false (gtk_widget_has_css_class (drop_area, "dropping"));

  /* 2. An extracted export folder dropped: checked too (the file transfer
   * portal of Debian 12 refuses it; it comes by text/uri-list then). */
  {
    g_autofree char *folder = g_build_filename (g_getenv ("FAREWELL_TEST_DATA"), "screenshots", "demo-export", NULL);
    g_autoptr(GFile) dropped = g_file_new_for_path (folder);

    drag_onto_window ((const char *[]) { folder, NULL }, 380, 420);
    g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 10000));
    g_assert_true (g_file_equal (fw_session_get_export_file (session), dropped));
    g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);
  }

  /* 3. A drop that holds no file: said beside the buttons, the one to use
   * focused; the page otherwise as it was (the highlight gone, the export
   * still the one checked). */
  drag_onto_window ((const char *[]) { "--uri-list", "", NULL }, 380, 420);
  g_assert_true (fw_test_ui_wait_for (drop_problem_shown, export_page, 5000));
  g_assert_false (gtk_widget_has_css_class (drop_area, "dropping"));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);
  button = action_button (export_page, "export.choose");
  g_assert_true (fw_test_ui_wait_for (has_focus, button, 2000));
  press (button);
  answer_file_chooser (export_path, FALSE);
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 10000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);
  /* chosen: the problem is no longer said */
  g_assert_false (drop_problem_shown (export_page));

  fw_test_ui_close_window (window);
}

/* The document portal, as on a desktop, where it runs from the session's
 * start: GTK looks for it once, as it starts, and then offers and reads the
 * files of a drop through its file transfer portal, which may refuse
 * folders. Started before GTK here, when it is installed (D-Bus starts
 * it); without it drops go by text/uri-list alone. */
static void
start_document_portal (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (bus == NULL)
    return;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.portal.Documents", "/org/freedesktop/portal/documents",
                                       "org.freedesktop.portal.Documents", "GetMountPoint", NULL,
                                       G_VARIANT_TYPE ("(ay)"), G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  if (reply == NULL)
    g_printerr ("# no document portal: %s\n", error->message);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  start_document_portal ();
  fw_test_ui_init (&argc, &argv);

  tmp_root = g_dir_make_tmp ("farewell-ui-export-XXXXXX", NULL);
  g_assert_nonnull (tmp_root);

  g_test_add_func ("/export-archive/verify-and-archive", test_verify_and_archive);
  g_test_add_func ("/export-archive/cancel-midway", test_cancel_midway);
  g_test_add_func ("/export-archive/broken-zip", test_broken_zip);
  g_test_add_func ("/export-archive/sharded", test_sharded);
  g_test_add_func ("/export-archive/preselect", test_preselect);
  g_test_add_func ("/export-archive/coming-back", test_coming_back);
  g_test_add_func ("/export-archive/responsive", test_responsive);
  g_test_add_func ("/export-archive/drop", test_drop);

  ret = g_test_run ();

  remove_tree (tmp_root);
  g_free (tmp_root);
  g_free (big_export);

  return ret;
}
