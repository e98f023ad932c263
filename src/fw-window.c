/* fw-window.c — the wizard window
 *
 * A header bar with Back and Next, a step indicator, and a stack holding
 * one FwPage per step. Next is enabled by the visible page's
 * `can-go-next` (complete, or skippable); its label follows the page.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-settings.h"
#include "fw-window.h"
#include "welcome/fw-welcome-page.h"
#include "export/fw-export-page.h"
#include "archive/fw-archive-page.h"
#include "delete/fw-delete-page.h"
#include "provider/fw-provider-page.h"
#include "try/fw-try-page.h"
#include "done/fw-done-page.h"

struct _FwWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  FwSession            *session;
  FwPage               *page;       /* the visible page, observed */
  GSignalGroup         *page_signals;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkButton            *back_button;
  GtkButton            *next_button;
  GtkBox               *steps_box;
  GtkStack             *stack;
};

G_DEFINE_FINAL_TYPE (FwWindow, fw_window, ADW_TYPE_APPLICATION_WINDOW)

static guint
get_n_pages (FwWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (self->stack);

  return g_list_model_get_n_items (G_LIST_MODEL (pages));
}

static FwPage *
get_nth_page (FwWindow *self,
              guint     n)
{
  g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (self->stack);
  g_autoptr(GObject) stack_page = g_list_model_get_item (G_LIST_MODEL (pages), n);

  if (stack_page == NULL)
    return NULL;

  return FW_PAGE (gtk_stack_page_get_child (GTK_STACK_PAGE (stack_page)));
}

static int
get_page_index (FwWindow *self,
                FwPage   *page)
{
  guint n = get_n_pages (self);

  for (guint i = 0; i < n; i++)
    if (get_nth_page (self, i) == page)
      return (int) i;

  return -1;
}

static void
update_navigation (FwWindow *self)
{
  int index = get_page_index (self, self->page);
  guint n = get_n_pages (self);
  const char *next_label = NULL;
  gboolean last = index == (int) n - 1;
  g_autofree char *step = NULL;
  GtkWidget *child;
  guint i = 0;

  adw_window_title_set_title (self->window_title, fw_page_get_title (self->page));
  /* Translators: the subtitle of the window, e.g. "Step 2 of 7" */
  step = g_strdup_printf (_("Step %d of %u"), index + 1, n);
  adw_window_title_set_subtitle (self->window_title, step);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next",
                                 !last && fw_page_get_can_go_next (self->page));
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), !last);

  if (!fw_page_get_complete (self->page) && fw_page_get_skippable (self->page))
    next_label = _("_Skip");
  else if (fw_page_get_next_label (self->page) != NULL)
    next_label = fw_page_get_next_label (self->page);
  else
    next_label = _("_Next");
  gtk_button_set_label (self->next_button, next_label);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child), i++)
    {
      if ((int) i == index)
        gtk_widget_add_css_class (child, "current");
      else
        gtk_widget_remove_css_class (child, "current");

      if ((int) i < index)
        gtk_widget_add_css_class (child, "done");
      else
        gtk_widget_remove_css_class (child, "done");
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->steps_box),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, step,
                                  -1);
}

static void
on_visible_child_changed (FwWindow *self)
{
  FwPage *page = FW_PAGE (gtk_stack_get_visible_child (self->stack));

  if (page == self->page)
    return;

  self->page = page;
  g_signal_group_set_target (self->page_signals, page);
  update_navigation (self);

  g_settings_set_string (self->settings, "last-page",
                         gtk_stack_get_visible_child_name (self->stack));

  fw_page_shown (page);
}

FwSession *
fw_window_get_session (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);

  return self->session;
}

FwPage *
fw_window_get_page (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);

  return self->page;
}

const char *
fw_window_get_page_name (FwWindow *self)
{
  g_return_val_if_fail (FW_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
fw_window_set_page_name (FwWindow   *self,
                         const char *name)
{
  g_return_if_fail (FW_IS_WINDOW (self));

  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

gboolean
fw_window_go_next (FwWindow *self)
{
  int index;
  FwPage *next;

  g_return_val_if_fail (FW_IS_WINDOW (self), FALSE);

  if (!fw_page_get_can_go_next (self->page))
    return FALSE;

  index = get_page_index (self, self->page);
  next = get_nth_page (self, index + 1);
  if (next == NULL)
    return FALSE;

  fw_page_leave (self->page);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (next));
  return TRUE;
}

gboolean
fw_window_go_back (FwWindow *self)
{
  int index;

  g_return_val_if_fail (FW_IS_WINDOW (self), FALSE);

  index = get_page_index (self, self->page);
  if (index <= 0)
    return FALSE;

  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (get_nth_page (self, index - 1)));
  return TRUE;
}

void
fw_window_open_export (FwWindow *self,
                       GFile    *file)
{
  g_return_if_fail (FW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  gtk_stack_set_visible_child_name (self->stack, "export");
  fw_session_set_export_file (self->session, file);
}

void
fw_window_add_toast (FwWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (FW_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  fw_window_go_back (FW_WINDOW (widget));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  fw_window_go_next (FW_WINDOW (widget));
}

static void
start_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "welcome");
}

static void
build_step_indicator (FwWindow *self)
{
  guint n = get_n_pages (self);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_widget_add_css_class (dot, "step-dot");
      gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
      gtk_accessible_update_state (GTK_ACCESSIBLE (dot),
                                   GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                                   -1);
      gtk_box_append (self->steps_box, dot);
    }
}

static void
save_window_state (FwWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
fw_window_close_request (GtkWindow *window)
{
  save_window_state (FW_WINDOW (window));

  return GTK_WINDOW_CLASS (fw_window_parent_class)->close_request (window);
}

/* Buttons in the pages go to another step: action-target is its name. */
static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  fw_window_set_page_name (FW_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Ctrl+O from any step: the Export step, asking for the export at once. */
static void
choose_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FwWindow *self = FW_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, "export");

  fw_window_set_page_name (self, "export");
  if (page != NULL)
    gtk_widget_activate_action (page, "export.choose", NULL);
}

/* An export dropped on another step: the Export step takes it, as its own
 * drops (where it has its own target, that one is used). Not while the
 * archive is being written. */
static gboolean
on_window_drop_accept (GtkDropTargetAsync *target,
                       GdkDrop            *drop,
                       FwWindow           *self)
{
  return fw_session_get_archive_state (self->session) != FW_TASK_STATE_RUNNING &&
         (gdk_drop_get_actions (drop) & GDK_ACTION_COPY) != 0 &&
         gdk_content_formats_match (gtk_drop_target_async_get_formats (target), gdk_drop_get_formats (drop));
}

static GdkDragAction
on_window_drop_enter (GtkDropTargetAsync *target,
                      GdkDrop            *drop,
                      double              x,
                      double              y,
                      FwWindow           *self)
{
  return GDK_ACTION_COPY;
}

static gboolean
on_window_drop (GtkDropTargetAsync *target,
                GdkDrop            *drop,
                double              x,
                double              y,
                FwWindow           *self)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, "export");

  if (page == NULL)
    return FALSE;
  fw_window_set_page_name (self, "export");
  fw_export_page_take_drop (FW_EXPORT_PAGE (page), drop);
  return TRUE;
}

static void
fw_window_dispose (GObject *object)
{
  FwWindow *self = FW_WINDOW (object);

  if (self->page_signals != NULL)
    g_signal_group_set_target (self->page_signals, NULL);
  g_clear_object (&self->page_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), FW_TYPE_WINDOW);

  G_OBJECT_CLASS (fw_window_parent_class)->dispose (object);
}

static void
fw_window_finalize (GObject *object)
{
  FwWindow *self = FW_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (fw_window_parent_class)->finalize (object);
}

static void
fw_window_class_init (FwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fw_window_dispose;
  object_class->finalize = fw_window_finalize;
  window_class->close_request = fw_window_close_request;

  g_type_ensure (FW_TYPE_WELCOME_PAGE);
  g_type_ensure (FW_TYPE_EXPORT_PAGE);
  g_type_ensure (FW_TYPE_ARCHIVE_PAGE);
  g_type_ensure (FW_TYPE_DELETE_PAGE);
  g_type_ensure (FW_TYPE_PROVIDER_PAGE);
  g_type_ensure (FW_TYPE_TRY_PAGE);
  g_type_ensure (FW_TYPE_DONE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/farewell/Farewell/fw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, steps_box);
  gtk_widget_class_bind_template_child (widget_class, FwWindow, stack);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.start-over", NULL, start_over_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.choose-export", NULL, choose_export_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Forward, 0, "win.next", NULL);
}

static void
fw_window_init (FwWindow *self)
{
  g_autofree char *last_page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = fw_settings_new ();
  self->session = fw_session_new ();
  for (guint i = 0; i < get_n_pages (self); i++)
    fw_page_set_session (get_nth_page (self, i), self->session);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->page_signals = g_signal_group_new (FW_TYPE_PAGE);
  g_signal_group_connect_swapped (self->page_signals, "notify::title",
                                  G_CALLBACK (update_navigation), self);
  g_signal_group_connect_swapped (self->page_signals, "notify::can-go-next",
                                  G_CALLBACK (update_navigation), self);
  g_signal_group_connect_swapped (self->page_signals, "notify::next-label",
                                  G_CALLBACK (update_navigation), self);
  g_signal_group_connect_swapped (self->page_signals, "notify::complete",
                                  G_CALLBACK (update_navigation), self);

  build_step_indicator (self);

  {
    GtkDropTargetAsync *target = gtk_drop_target_async_new (fw_export_page_drop_formats (), GDK_ACTION_COPY);

    g_signal_connect (target, "accept", G_CALLBACK (on_window_drop_accept), self);
    g_signal_connect (target, "drag-enter", G_CALLBACK (on_window_drop_enter), self);
    g_signal_connect (target, "drop", G_CALLBACK (on_window_drop), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  }

  /* Restore the page the person was on; without animation. */
  last_page = g_settings_get_string (self->settings, "last-page");
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  if (gtk_stack_get_child_by_name (self->stack, last_page) != NULL)
    gtk_stack_set_visible_child_name (self->stack, last_page);
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);

  g_signal_connect_object (self->stack, "notify::visible-child",
                           G_CALLBACK (on_visible_child_changed), self,
                           G_CONNECT_SWAPPED);
  on_visible_child_changed (self);
}

FwWindow *
fw_window_new (AdwApplication *application)
{
  return g_object_new (FW_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
