/* test-a11y.c — every page can be used with the keyboard alone, and every
 * control that shows only an icon has a name a screen reader can say.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-test-ui.h"

static const char *pages[] = {
  "welcome", "export", "archive", "delete", "provider", "try", "done",
};

static gboolean
is_icon_only (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget)) == NULL &&
           gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL;
  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == NULL &&
           gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL;
  return FALSE;
}

static void
collect_icon_only (GtkWidget *widget,
                   GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (is_icon_only (child))
        g_ptr_array_add (found, child);
      collect_icon_only (child, found);
    }
}

static void
test_icon_buttons_have_names (void)
{
  FwWindow *window = fw_test_ui_open_window (800, 700);
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  guint checked = 0;

  /* Every page is built with the window: look at all of them at once,
   * including buttons only shown later (Stop, Save). */
  collect_icon_only (GTK_WIDGET (window), buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      gboolean named = gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
                       gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

      if (!named)
        g_test_message ("icon-only %s (%s) has no accessible label", G_OBJECT_TYPE_NAME (button),
                        GTK_IS_BUTTON (button) ? gtk_button_get_icon_name (GTK_BUTTON (button))
                                               : gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (button)));
      g_assert_true (named);
      g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_ROLE_BUTTON));
      checked++;
    }
  /* The main menu, Send, Stop, Save and "start a new conversation" at least. */
  g_assert_cmpuint (checked, >=, 5);

  fw_test_ui_close_window (window);
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_SWITCH (widget) || GTK_IS_EDITABLE (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_TEXT_VIEW (widget);
}

/* Visible, sensitive controls of the page; a control inside a list row
 * counts as the list (Tab enters a list, the arrow keys move in it). */
static void
collect_controls (GtkWidget  *widget,
                  GHashTable *controls)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_is_visible (child) || !gtk_widget_is_sensitive (child) ||
          !gtk_widget_get_child_visible (child))
        continue;
      /* The window's own close button is deliberately not in the Tab chain. */
      if (gtk_widget_get_ancestor (child, GTK_TYPE_WINDOW_CONTROLS) != NULL)
        continue;

      if (is_control (child))
        {
          GtkWidget *list = gtk_widget_get_ancestor (child, GTK_TYPE_LIST_BOX);

          g_hash_table_add (controls, list ? list : child);
          if (GTK_IS_EDITABLE (child) || GTK_IS_BUTTON (child) || GTK_IS_MENU_BUTTON (child))
            continue;
        }
      collect_controls (child, controls);
    }
}

static gboolean
reached (GPtrArray *focused,
         GtkWidget *control)
{
  for (guint i = 0; i < focused->len; i++)
    {
      GtkWidget *focus = g_ptr_array_index (focused, i);

      if (focus == control || gtk_widget_is_ancestor (focus, control))
        return TRUE;
    }
  return FALSE;
}

static gboolean
transition_done (gpointer data)
{
  return !gtk_stack_get_transition_running (GTK_STACK (data));
}

/* Pressing Tab again and again visits every control of every page. */
static void
test_keyboard_walk (void)
{
  FwWindow *window = fw_test_ui_open_window (800, 700);
  GtkWidget *stack = gtk_widget_get_parent (GTK_WIDGET (fw_window_get_page (window)));

  g_assert_true (GTK_IS_STACK (stack));
  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      g_autoptr(GHashTable) controls = g_hash_table_new (NULL, NULL);
      g_autoptr(GPtrArray) focused = g_ptr_array_new ();
      GHashTableIter iter;
      gpointer control;

      fw_window_set_page_name (window, pages[p]);
      g_assert_true (fw_test_ui_wait_for (transition_done, stack, 5000));
      fw_test_ui_wait_painted (GTK_WIDGET (window));

      collect_controls (GTK_WIDGET (window), controls);
      g_assert_cmpuint (g_hash_table_size (controls), >=, 2);

      for (guint step = 0; step < 400; step++)
        {
          GtkWidget *focus;

          if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
            gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);  /* wrap around */
          focus = gtk_root_get_focus (GTK_ROOT (window));
          if (focus != NULL)
            g_ptr_array_add (focused, focus);
        }

      g_hash_table_iter_init (&iter, controls);
      while (g_hash_table_iter_next (&iter, &control, NULL))
        {
          if (!reached (focused, control))
            g_test_message ("page %s: %s “%s” is not reachable with Tab", pages[p], G_OBJECT_TYPE_NAME (control),
                            GTK_IS_BUTTON (control) && gtk_button_get_label (GTK_BUTTON (control))
                              ? gtk_button_get_label (GTK_BUTTON (control)) : "");
          g_assert_true (reached (focused, control));
        }
    }

  fw_test_ui_close_window (window);
}

/* Back and Next have keyboard shortcuts, listed in the shortcuts window. */
static void
test_shortcuts (void)
{
  FwWindow *window = fw_test_ui_open_window (800, 700);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  struct { const char *action; const char *accel; } expected[] = {
    { "win.back", "<Alt>Left" },
    { "win.next", "<Alt>Right" },
    { "app.quit", "<Control>q" },
    { "win.show-help-overlay", "<Control>question" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, expected[i].action);

      g_assert_nonnull (accels);
      g_assert_true (g_strv_contains ((const char * const *) accels, expected[i].accel));
    }

  fw_test_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* The test AT context records accessible properties; "none" does not. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  fw_test_ui_init (&argc, &argv);

  g_test_add_func ("/a11y/icon-buttons-have-names", test_icon_buttons_have_names);
  g_test_add_func ("/a11y/keyboard-walk", test_keyboard_walk);
  g_test_add_func ("/a11y/shortcuts", test_shortcuts);

  return g_test_run ();
}
