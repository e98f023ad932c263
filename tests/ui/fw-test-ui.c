/* fw-test-ui.c — helpers for the tests that open a real window
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "fw-session.h"
#include "fw-test-ui.h"

static FwApplication *test_app;

/* Warnings stay fatal in the UI tests, but one: GTK 4.8's file chooser
 * dialog sometimes paints a button of its own before laying it out when
 * the machine is loaded ("Trying to snapshot GtkButton … without a
 * current allocation", from gtk_widget_snapshot_child() inside the
 * dialog; about one run in ten under load). It is GTK's, not ours: it is
 * noted in the test's log and not counted. GTK logs structured, so this
 * is a log writer (g_test_log_set_fatal_handler() sees only g_log()). */
static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "Gtk") == 0 && message != NULL &&
      g_str_has_prefix (message, "Trying to snapshot ") &&
      g_str_has_suffix (message, " without a current allocation"))
    {
      g_test_message ("GTK: %s (not counted, see fw-test-ui.c)", message);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* The screenshot variants that show another language, the locale each
 * one runs in (build-aux/dev screenshots makes those locales) and whether
 * the language is written right to left. A variant named "<language>-narrow"
 * shows that language in a 360 px window. */
static const struct {
  const char *variant;
  const char *locale;
  gboolean    rtl;
} language_variants[] = {
  { "tr", "tr_TR.UTF-8", FALSE },
  { "ar", "ar_EG.UTF-8", TRUE },
  { "ja", "ja_JP.UTF-8", FALSE },
  { "ko", "ko_KR.UTF-8", FALSE },
  { "zh_CN", "zh_CN.UTF-8", FALSE },
  { "zh_TW", "zh_TW.UTF-8", FALSE },
  { "id", "id_ID.UTF-8", FALSE },
  { "fa", "fa_IR.UTF-8", TRUE },
  { "fa-narrow", "fa_IR.UTF-8", TRUE },
  { "he", "he_IL.UTF-8", TRUE },
  { "he-narrow", "he_IL.UTF-8", TRUE },
};

static gboolean
variant_is_narrow (const char *variant)
{
  return variant != NULL &&
         (g_str_equal (variant, "narrow") || g_str_has_suffix (variant, "-narrow"));
}

void
fw_test_ui_init (int    *argc,
                 char ***argv)
{
  const char *variant = g_getenv ("FAREWELL_SCREENSHOT_VARIANT");
  const char *locale = NULL;
  gboolean rtl = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (language_variants); i++)
    if (g_strcmp0 (variant, language_variants[i].variant) == 0)
      {
        locale = language_variants[i].locale;
        rtl = language_variants[i].rtl;
      }

  /* Screenshots in another language: the translations are compiled into
   * the build tree's po/ folder. */
  if (locale != NULL)
    {
      g_autofree char *localedir = g_build_filename (g_getenv ("FAREWELL_BUILD_ROOT"), "po", NULL);
      g_autofree char *language = g_strndup (variant, strcspn (variant, "-"));

      g_setenv ("LANGUAGE", language, TRUE);
      g_setenv ("LC_ALL", locale, TRUE);
      bindtextdomain (GETTEXT_PACKAGE, localedir);
    }
  else
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);

  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (argc, argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  setlocale (LC_ALL, "");

  /* High contrast as GNOME's Accessibility settings turn it on
   * (libadwaita reads this key when there is no settings portal). */
  if (g_strcmp0 (variant, "hc") == 0)
    {
      GSettingsSchemaSource *schemas = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = schemas != NULL
        ? g_settings_schema_source_lookup (schemas, "org.gnome.desktop.a11y.interface", TRUE)
        : NULL;

      if (schema != NULL && g_settings_schema_has_key (schema, "high-contrast"))
        {
          g_autoptr(GSettings) a11y = g_settings_new ("org.gnome.desktop.a11y.interface");

          g_settings_set_boolean (a11y, "high-contrast", TRUE);
        }
    }

  adw_init ();

  /* GNOME's default: only a close button (there is no window manager and
   * no XSETTINGS daemon under Xvfb). */
  g_object_set (gtk_settings_get_default (),
                "gtk-decoration-layout", "appmenu:close",
                NULL);

  if (rtl)
    gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);

  /* GNOME's Large Text: text scaled by 1.25. */
  if (g_strcmp0 (variant, "large") == 0)
    g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1.25 * 1024), NULL);

  if (g_strcmp0 (variant, "dark") == 0)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static gboolean
window_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

FwWindow *
fw_test_ui_open_window (int width,
                        int height)
{
  FwWindow *window;
  g_autoptr(GError) error = NULL;

  if (test_app == NULL)
    {
      test_app = fw_application_new ();
      g_application_set_flags (G_APPLICATION (test_app),
                               G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (test_app), NULL, &error);
      g_assert_no_error (error);
    }

  window = fw_window_new (ADW_APPLICATION (test_app));
  if (variant_is_narrow (g_getenv ("FAREWELL_SCREENSHOT_VARIANT")))
    {
      width = 360;
      height = 720;
    }
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (fw_test_ui_wait_for (window_is_mapped, window, 5000));
  fw_test_ui_wait_painted (GTK_WIDGET (window));

  return window;
}

void
fw_test_ui_close_window (FwWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  fw_test_ui_iterate (50);
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
fw_test_ui_wait_for (gboolean (*cond) (gpointer data),
                     gpointer   data,
                     guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return cond (data);
}

void
fw_test_ui_iterate (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct {
  GtkWidget *widget;
  guint      count;
} PaintWait;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  PaintWait *wait = data;

  /* Ask for one more frame until two have been painted. */
  if (++wait->count < 2)
    gtk_widget_queue_draw (wait->widget);
}

static gboolean
painted_twice (gpointer data)
{
  return ((PaintWait *) data)->count >= 2;
}

void
fw_test_ui_wait_painted (GtkWidget *widget)
{
  GdkFrameClock *clock;
  PaintWait wait = { widget, 0 };
  gulong id;

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &wait);
  gtk_widget_queue_draw (widget);
  fw_test_ui_wait_for (painted_twice, &wait, 3000);
  g_signal_handler_disconnect (clock, id);
}

char *
fw_test_ui_screenshot (GtkWidget  *widget,
                       const char *name)
{
  const char *dir = g_getenv ("FAREWELL_SCREENSHOT_DIR");
  const char *variant = g_getenv ("FAREWELL_SCREENSHOT_VARIANT");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = NULL;
  char *path;
  GskRenderer *renderer;
  graphene_rect_t bounds;

  if (dir == NULL || *dir == '\0')
    return NULL;

  fw_test_ui_iterate (400); /* let transitions finish */
  fw_test_ui_wait_painted (widget);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  texture = gsk_renderer_render_texture (renderer, node, &bounds);

  if (variant != NULL && *variant != '\0' && g_strcmp0 (variant, "light") != 0)
    file_name = g_strdup_printf ("%s-%s.png", name, variant);
  else
    file_name = g_strdup_printf ("%s.png", name);

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  return path;
}

GtkWidget *
fw_test_ui_find_child (GtkWidget *widget,
                       GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;

      found = fw_test_ui_find_child (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static char *
strip_mnemonic (const char *label)
{
  GString *s = g_string_new (NULL);

  for (const char *p = label; p != NULL && *p; p++)
    if (*p != '_')
      g_string_append_c (s, *p);

  return g_string_free (s, FALSE);
}

GtkWidget *
fw_test_ui_find_named (GtkWidget  *widget,
                       const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = fw_test_ui_find_named (child, name)) != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
fw_test_ui_find_button (GtkWidget  *widget,
                        const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child))
        {
          g_autofree char *text = strip_mnemonic (gtk_button_get_label (GTK_BUTTON (child)));
          const char *tooltip = gtk_widget_get_tooltip_text (child);

          if (g_strcmp0 (text, label) == 0 || g_strcmp0 (tooltip, label) == 0)
            return child;

          if (gtk_button_get_child (GTK_BUTTON (child)) != NULL &&
              ADW_IS_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (child))))
            {
              g_autofree char *content = strip_mnemonic (adw_button_content_get_label (ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (child)))));

              if (g_strcmp0 (content, label) == 0)
                return child;
            }
        }

      found = fw_test_ui_find_button (child, label);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A label or row whose text contains @text; with @shown_only, only among
 * what is on screen (pages hold stacks whose hidden children keep older
 * texts). */
static GtkWidget *
find_text (GtkWidget  *widget,
           const char *text,
           gboolean    shown_only)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;
      const char *value = NULL;

      if (shown_only && !gtk_widget_get_mapped (child))
        continue;

      if (GTK_IS_LABEL (child))
        value = gtk_label_get_text (GTK_LABEL (child));
      else if (ADW_IS_PREFERENCES_ROW (child))
        value = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child));

      if (value != NULL && strstr (value, text) != NULL && gtk_widget_is_visible (child))
        return child;

      found = find_text (child, text, shown_only);
      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
fw_test_ui_find_text (GtkWidget  *widget,
                      const char *text)
{
  return find_text (widget, text, FALSE);
}

GtkWidget *
fw_test_ui_find_shown_text (GtkWidget  *widget,
                            const char *text)
{
  return find_text (widget, text, TRUE);
}

GtkWidget *
fw_test_ui_find_row (GtkWidget  *widget,
                     const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_PREFERENCES_ROW (child) && gtk_widget_is_visible (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;

      found = fw_test_ui_find_row (child, title);
      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
fw_test_ui_verify_finished (gpointer session)
{
  FwTaskState state = fw_session_get_verify_state (session);

  return state == FW_TASK_STATE_DONE || state == FW_TASK_STATE_FAILED;
}

gboolean
fw_test_ui_archive_finished (gpointer session)
{
  FwTaskState state = fw_session_get_archive_state (session);

  return state == FW_TASK_STATE_DONE || state == FW_TASK_STATE_FAILED;
}
