/* fw-util.c — small UI helpers: opening links and files, choosing files
 *
 * GTK 4.10 brought GtkUriLauncher, GtkFileLauncher and GtkFileDialog; with
 * GTK 4.8 (Debian 12) the portal-friendly ways are gtk_show_uri and
 * GtkFileChooserNative.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-util.h"

static GtkWindow *
parent_window (GtkWidget *parent)
{
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
fw_open_uri (GtkWidget  *parent,
             const char *uri)
{
  g_return_if_fail (uri != NULL);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new (uri);

    gtk_uri_launcher_launch (launcher, parent_window (parent), NULL, NULL, NULL);
  }
#else
  gtk_show_uri (parent_window (parent), uri, GDK_CURRENT_TIME);
#endif
}

void
fw_open_file (GtkWidget *parent,
              GFile     *file)
{
  g_return_if_fail (G_IS_FILE (file));

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

    gtk_file_launcher_launch (launcher, parent_window (parent), NULL, NULL, NULL);
  }
#else
  {
    g_autofree char *uri = g_file_get_uri (file);

    gtk_show_uri (parent_window (parent), uri, GDK_CURRENT_TIME);
  }
#endif
}

#if !GTK_CHECK_VERSION (4, 10, 0)
static void
show_items_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GVariant) ret = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = user_data;

  ret = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (ret == NULL)
    {
      /* No file manager service: open the folder itself. */
      g_autoptr(GFile) folder = g_file_get_parent (file);
      g_autofree char *uri = g_file_get_uri (folder ? folder : file);

      g_debug ("FileManager1.ShowItems failed: %s", error->message);
      gtk_show_uri (NULL, uri, GDK_CURRENT_TIME);
    }
}
#endif

void
fw_show_in_files (GtkWidget *parent,
                  GFile     *file)
{
  g_return_if_fail (G_IS_FILE (file));

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

    gtk_file_launcher_open_containing_folder (launcher, parent_window (parent), NULL, NULL, NULL);
  }
#else
  {
    GDBusConnection *bus = g_application_get_dbus_connection (g_application_get_default ());
    g_autofree char *uri = g_file_get_uri (file);
    const char *uris[] = { uri, NULL };

    if (bus == NULL)
      {
        fw_open_file (parent, file);
        return;
      }

    g_dbus_connection_call (bus,
                            "org.freedesktop.FileManager1",
                            "/org/freedesktop/FileManager1",
                            "org.freedesktop.FileManager1",
                            "ShowItems",
                            g_variant_new ("(^ass)", uris, ""),
                            NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL,
                            show_items_cb, g_object_ref (file));
  }
#endif
}

typedef struct {
  FwFileChosenFunc callback;
  gpointer         user_data;
} ChooseData;

#if GTK_CHECK_VERSION (4, 10, 0)
static void
dialog_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ChooseData *data = user_data;
  g_autoptr(GFile) file = NULL;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (source);

  if (g_object_get_data (source, "fw-select-folder"))
    file = gtk_file_dialog_select_folder_finish (dialog, result, NULL);
  else
    file = gtk_file_dialog_open_finish (dialog, result, NULL);

  if (file != NULL)
    data->callback (file, data->user_data);

  g_free (data);
}
#else
static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  ChooseData *data = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        data->callback (file, data->user_data);
    }

  g_free (data);
  g_object_unref (native);
}
#endif

void
fw_choose_file (GtkWidget        *parent,
                const char       *title,
                const char       *accept_label,
                gboolean          select_folder,
                GListModel       *filters,
                GFile            *initial_folder,
                FwFileChosenFunc  callback,
                gpointer          user_data)
{
  ChooseData *data = g_new0 (ChooseData, 1);

  data->callback = callback;
  data->user_data = user_data;

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_accept_label (dialog, accept_label);
    gtk_file_dialog_set_modal (dialog, TRUE);
    if (filters != NULL)
      gtk_file_dialog_set_filters (dialog, filters);
    if (initial_folder != NULL)
      gtk_file_dialog_set_initial_folder (dialog, initial_folder);

    if (select_folder)
      {
        g_object_set_data (G_OBJECT (dialog), "fw-select-folder", GINT_TO_POINTER (1));
        gtk_file_dialog_select_folder (dialog, parent_window (parent), NULL, dialog_cb, data);
      }
    else
      gtk_file_dialog_open (dialog, parent_window (parent), NULL, dialog_cb, data);
  }
#else
  {
    GtkFileChooserNative *native;

    native = gtk_file_chooser_native_new (title, parent_window (parent),
                                          select_folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                        : GTK_FILE_CHOOSER_ACTION_OPEN,
                                          accept_label, NULL);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

    if (filters != NULL)
      for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
        {
          g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);

          gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
        }

    if (initial_folder != NULL)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), initial_folder, NULL);

    g_signal_connect (native, "response", G_CALLBACK (native_response_cb), data);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

/* GTK 4.8 gives a button with a mnemonic its raw label ("_Next") as the
 * accessible label property, and screen readers hear that followed by the
 * label's own text: "_Next Next". Without the property, the name is the text
 * on the button, in every GTK. */
static void
fix_button_name (GtkButton *button)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* A button is fixed now and whenever its label changes (such as Next
 * becoming Skip). */
static void
watch_button (GtkWidget *widget)
{
  if (!GTK_IS_BUTTON (widget) || g_object_get_data (G_OBJECT (widget), "fw-name-watched") != NULL)
    return;

  g_object_set_data (G_OBJECT (widget), "fw-name-watched", GINT_TO_POINTER (TRUE));
  g_signal_connect (widget, "notify::label", G_CALLBACK (fix_button_name), NULL);
  g_signal_connect (widget, "notify::use-underline", G_CALLBACK (fix_button_name), NULL);
  fix_button_name (GTK_BUTTON (widget));
}

static void
watch_buttons_in (GtkWidget *widget)
{
  watch_button (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_buttons_in (child);
}

/* Every widget as it is mapped; a window or popover with everything in it,
 * hidden pages too (screen readers can reach them). */
static gboolean
on_widget_mapped (GSignalInvocationHint *hint,
                  guint                  n_values,
                  const GValue          *values,
                  gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  if (GTK_IS_NATIVE (widget))
    watch_buttons_in (widget);
  else
    watch_button (widget);

  return TRUE;
}

void
fw_fix_accessible_names (void)
{
  /* the class, and its signals, may not exist before the first widget */
  GTypeClass *widget_class = g_type_class_ref (GTK_TYPE_WIDGET);

  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                              on_widget_mapped, NULL, NULL);
  g_type_class_unref (widget_class);
}
