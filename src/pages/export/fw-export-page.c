/* fw-export-page.c — how to get the ChatGPT export, and choosing it
 *
 * The page explains how to ask ChatGPT for the data export, then takes the
 * downloaded zip (or an extracted folder, or a conversations.json) by drag
 * and drop or from a file chooser. Choosing starts the verification in the
 * session at once; the page is complete when the export passed it.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-export-page.h"
#include "fw-util.h"

/* Where ChatGPT's Data controls live (see data/account-checklist.json for
 * the sources of the account facts). */
#define DATA_CONTROLS_URL "https://chatgpt.com/#settings/DataControls"

struct _FwExportPage
{
  FwPage          parent_instance;

  GSignalGroup   *session_signals;

  GtkWidget      *drop_area;
  GtkLabel       *drop_problem_label;
  GtkWidget      *choose_button;
  GtkWidget      *folder_button;
  AdwPreferencesGroup *status_group;
  AdwActionRow   *status_row;
  GtkStack       *status_icon_stack;
  GtkSpinner     *spinner;
  GtkWidget      *cancel_button;
  GtkWidget      *retry_button;
};

G_DEFINE_FINAL_TYPE (FwExportPage, fw_export_page, FW_TYPE_PAGE)

static char *
progress_text (FwSession *session)
{
  guint64 done = fw_session_get_bytes_done (session);
  guint64 total = fw_session_get_bytes_total (session);
  guint conversations = fw_session_get_conversations_done (session);
  g_autofree char *done_str = g_format_size (done);
  g_autofree char *total_str = g_format_size (total);
  g_autofree char *conversations_str = NULL;

  if (total == 0)
    return g_strdup (_("Checking…"));

  conversations_str = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conversation", "%u conversations", conversations),
                                       conversations);
  /* Translators: progress, e.g. "Checking… 1.2 GB of 3.4 GB, 2,345 conversations" */
  return g_strdup_printf (_("Checking… %s of %s, %s"), done_str, total_str, conversations_str);
}

static void
update (FwExportPage *self)
{
  FwSession *session = fw_page_get_session (FW_PAGE (self));
  GFile *file = session ? fw_session_get_export_file (session) : NULL;
  FwTaskState state = session ? fw_session_get_verify_state (session) : FW_TASK_STATE_IDLE;
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->status_group), file != NULL);
  fw_page_set_complete (FW_PAGE (self), state == FW_TASK_STATE_DONE);

  if (file == NULL)
    return;

  name = g_file_get_basename (file);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), name);

  gtk_widget_set_visible (self->cancel_button, state == FW_TASK_STATE_RUNNING);
  gtk_widget_set_visible (self->retry_button, state == FW_TASK_STATE_FAILED);
  gtk_spinner_set_spinning (self->spinner, state == FW_TASK_STATE_RUNNING);

  switch (state)
    {
    case FW_TASK_STATE_RUNNING:
      gtk_stack_set_visible_child_name (self->status_icon_stack, "running");
      subtitle = progress_text (session);
      break;

    case FW_TASK_STATE_DONE:
      {
        FwExportSummary *summary = fw_session_get_summary (session);
        guint n = fw_export_summary_get_conversations (summary);

        gtk_stack_set_visible_child_name (self->status_icon_stack, "done");
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Verified: %u conversation. Continue to see the details and create the archive.",
                                                 "Verified: %u conversations. Continue to see the details and create the archive.",
                                                 n), n);
      }
      break;

    case FW_TASK_STATE_FAILED:
      {
        const GError *error = fw_session_get_verify_error (session);

        /* A cancel is not a failure: no warning sign for it. */
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
          {
            gtk_stack_set_visible_child_name (self->status_icon_stack, "cancelled");
            subtitle = g_strdup (_("Checking was cancelled."));
          }
        else
          {
            gtk_stack_set_visible_child_name (self->status_icon_stack, "failed");
            subtitle = g_strdup (error ? error->message : _("This export could not be read."));
          }
      }
      break;

    case FW_TASK_STATE_IDLE:
    default:
      break;
    }

  adw_action_row_set_subtitle (self->status_row, subtitle ? subtitle : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle ? subtitle : "",
                                  -1);
}

static void
on_file_chosen (GFile    *file,
                gpointer  user_data)
{
  FwExportPage *self = user_data;
  FwSession *session = fw_page_get_session (FW_PAGE (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self->drop_problem_label)))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->drop_problem_label), FALSE);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->folder_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->choose_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  if (session != NULL)
    fw_session_set_export_file (session, file);
}

/* Reading a drop.
 *
 * GTK makes the files of a drop from the file transfer portal's type when
 * the source offers it (GTK apps such as Files do whenever the document
 * portal runs, sandboxed or not), and that portal may refuse folders
 * (xdg-desktop-portal 1.16, Debian 12's, does): the files then come from
 * the drop's text/uri-list instead, when what it names can be read here
 * (always outside a sandbox; inside, in the folders it shares). When
 * nothing arrives, the page says so beside the buttons that work instead;
 * GtkDropTarget would only warn on the terminal. */
typedef struct {
  FwExportPage *self;
  GdkDrop      *drop;
  GFile        *file;
} DropRead;

static DropRead *
drop_read_new (FwExportPage *self,
               GdkDrop      *drop)
{
  DropRead *read = g_new0 (DropRead, 1);

  read->self = g_object_ref (self);
  read->drop = g_object_ref (drop);
  return read;
}

static void
drop_read_free (DropRead *read)
{
  g_clear_object (&read->self);
  g_clear_object (&read->drop);
  g_clear_object (&read->file);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DropRead, drop_read_free)

/* Ends the drop: with the file chosen, or saying that nothing arrived. */
static void
drop_read_done (DropRead *read,
                GFile    *file)
{
  FwExportPage *self = read->self;
  gboolean sandboxed;
  const char *problem;
  GtkWidget *way;

  /* the window closed meanwhile */
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    {
      gdk_drop_finish (read->drop, 0);
      return;
    }

  if (file != NULL)
    {
      on_file_chosen (file, self);
      gdk_drop_finish (read->drop, GDK_ACTION_COPY);
      return;
    }

  /* In a sandbox, what fails is a folder, as far as is known (a sandbox
   * cannot see what the host path was). */
  sandboxed = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
  problem = sandboxed
    ? _("What was dropped did not reach Farewell. On some systems a folder cannot be dropped here: choose it with Folder… instead.")
    : _("What was dropped could not be read. Choose the export with Choose Export… instead.");
  way = sandboxed ? self->folder_button : self->choose_button;

  gdk_drop_finish (read->drop, 0);
  /* Said beside the buttons that do it instead, the right one focused;
   * gone once something is chosen. */
  gtk_label_set_text (self->drop_problem_label, problem);
  gtk_widget_set_visible (GTK_WIDGET (self->drop_problem_label), TRUE);
  /* a screen reader says it with the button the focus goes to */
  gtk_accessible_update_property (GTK_ACCESSIBLE (way), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
  gtk_widget_grab_focus (way);
}

static void
on_uri_file_checked (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DropRead) read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);

  if (info == NULL)
    g_debug ("Dropped file not readable here: %s", error->message);
  drop_read_done (read, info != NULL ? read->file : NULL);
}

/* The beginning of a drop's text/uri-list is enough: the first file is
 * taken. */
#define URI_LIST_MAX (16 * 1024)

static void
on_uri_list_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GMemoryOutputStream *out = G_MEMORY_OUTPUT_STREAM (source);
  g_autoptr(DropRead) read = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) uris = NULL;
  GFile *file;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (out), result, &error) < 0 &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    {
      g_debug ("Drop's text/uri-list not read: %s", error->message);
      drop_read_done (read, NULL);
      return;
    }

  text = g_strndup (g_memory_output_stream_get_data (out), g_memory_output_stream_get_data_size (out));
  uris = g_uri_list_extract_uris (text);
  /* a file of this computer, never a web address to fetch */
  if (uris[0] == NULL || !g_str_has_prefix (uris[0], "file:"))
    {
      drop_read_done (read, NULL);
      return;
    }

  file = read->file = g_file_new_for_uri (uris[0]);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, NULL, on_uri_file_checked, g_steal_pointer (&read));
}

static void
on_uri_list_opened (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DropRead) read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = gdk_drop_read_finish (GDK_DROP (source), result, NULL, &error);
  g_autoptr(GOutputStream) out = NULL;

  if (stream == NULL)
    {
      g_debug ("Drop's text/uri-list not read: %s", error->message);
      drop_read_done (read, NULL);
      return;
    }

  /* a buffer of fixed size: a longer list stops there */
  out = g_memory_output_stream_new (g_malloc (URI_LIST_MAX), URI_LIST_MAX, NULL, g_free);
  g_output_stream_splice_async (out, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, on_uri_list_read, g_steal_pointer (&read));
}

static void
on_drop_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DropRead) read = user_data;
  g_autoptr(GError) error = NULL;
  const GValue *value = gdk_drop_read_value_finish (read->drop, result, &error);
  GSList *files = NULL;

  if (value != NULL && G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) && g_value_get_boxed (value) != NULL)
    /* (GdkFileList is opaque: its files are a list of their own) */
    files = gdk_file_list_get_files (g_value_get_boxed (value));

  if (files != NULL)
    {
      drop_read_done (read, files->data);
      g_slist_free (files);
      return;
    }

  g_debug ("Drop not received as files: %s", error ? error->message : "none in it");
  if (gdk_content_formats_contain_mime_type (gdk_drop_get_formats (read->drop), "text/uri-list"))
    {
      GdkDrop *drop = read->drop;

      gdk_drop_read_async (drop, (const char *[]) { "text/uri-list", NULL }, G_PRIORITY_DEFAULT, NULL,
                           on_uri_list_opened, g_steal_pointer (&read));
    }
  else
    drop_read_done (read, NULL);
}

static gboolean
on_drop (GtkDropTargetAsync *target,
         GdkDrop            *drop,
         double              x,
         double              y,
         FwExportPage       *self)
{
  gtk_widget_remove_css_class (self->drop_area, "dropping");
  fw_export_page_take_drop (self, drop);
  return TRUE;
}

void
fw_export_page_take_drop (FwExportPage *self,
                          GdkDrop      *drop)
{
  g_return_if_fail (FW_IS_EXPORT_PAGE (self));
  g_return_if_fail (GDK_IS_DROP (drop));

  gdk_drop_read_value_async (drop, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                             on_drop_read, drop_read_new (self, drop));
}

GdkContentFormats *
fw_export_page_drop_formats (void)
{
  /* files, and every type GTK can make files of (text/uri-list, the
   * file transfer portal's): a drop offers types */
  return gdk_content_formats_union_deserialize_mime_types (gdk_content_formats_new_for_gtype (GDK_TYPE_FILE_LIST));
}

static GdkDragAction
on_drop_enter (GtkDropTargetAsync *target,
               GdkDrop            *drop,
               double              x,
               double              y,
               FwExportPage       *self)
{
  gtk_widget_add_css_class (self->drop_area, "dropping");
  return GDK_ACTION_COPY;
}

static void
on_drop_leave (GtkDropTargetAsync *target,
               GdkDrop            *drop,
               FwExportPage       *self)
{
  gtk_widget_remove_css_class (self->drop_area, "dropping");
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FwExportPage *self = FW_EXPORT_PAGE (widget);
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) zip = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autofree char *downloads_path = g_strdup (g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD));
  g_autoptr(GFile) downloads = downloads_path ? g_file_new_for_path (downloads_path) : NULL;

  gtk_file_filter_set_name (all, _("ChatGPT exports"));
  gtk_file_filter_add_mime_type (all, "application/zip");
  gtk_file_filter_add_pattern (all, "*.zip");
  gtk_file_filter_add_pattern (all, "conversations.json");
  gtk_file_filter_set_name (zip, _("Zip files"));
  gtk_file_filter_add_mime_type (zip, "application/zip");
  gtk_file_filter_add_pattern (zip, "*.zip");
  gtk_file_filter_set_name (json, _("conversations.json"));
  gtk_file_filter_add_pattern (json, "*.json");

  g_list_store_append (filters, all);
  g_list_store_append (filters, zip);
  g_list_store_append (filters, json);

  fw_choose_file (widget, _("Choose Your ChatGPT Export"), _("_Open"), FALSE,
                  G_LIST_MODEL (filters), downloads, on_file_chosen, self);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);
  /* Where the zip was downloaded, and most likely extracted; else home: a
   * sandbox is told only of the folders it may use, and a folder chooser
   * showing recent files shows nothing to choose. */
  g_autoptr(GFile) start = g_file_new_for_path (downloads ? downloads : g_get_home_dir ());

  fw_choose_file (widget, _("Choose an Extracted Export Folder"), _("_Select"), TRUE,
                  NULL, start, on_file_chosen, widget);
}

static void
open_data_controls_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  fw_open_uri (widget, DATA_CONTROLS_URL);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FwSession *session = fw_page_get_session (FW_PAGE (widget));

  if (session != NULL)
    fw_session_cancel_verify (session);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FwSession *session = fw_page_get_session (FW_PAGE (widget));

  if (session != NULL)
    fw_session_retry_verify (session);
}

static void
on_session_changed (FwExportPage *self)
{
  g_signal_group_set_target (self->session_signals, fw_page_get_session (FW_PAGE (self)));
  update (self);
}

static void
fw_export_page_dispose (GObject *object)
{
  FwExportPage *self = FW_EXPORT_PAGE (object);

  if (self->session_signals)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);

  G_OBJECT_CLASS (fw_export_page_parent_class)->dispose (object);
}

static void
fw_export_page_class_init (FwExportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_export_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/export/fw-export-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FwExportPage, drop_area);
  gtk_widget_class_bind_template_child (widget_class, FwExportPage, drop_problem_label);
  gtk_widget_class_bind_template_child (widget_class, FwExportPage, choose_button);
  gtk_widget_class_bind_template_child (widget_class, FwExportPage, folder_button);
  gtk_widget_class_bind_template_child (widget_class, FwExportPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, FwExportPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, FwExportPage, status_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, FwExportPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, FwExportPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, FwExportPage, retry_button);

  gtk_widget_class_install_action (widget_class, "export.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "export.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_action (widget_class, "export.open-data-controls", NULL, open_data_controls_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "export.retry", NULL, retry_action);

}

static void
fw_export_page_init (FwExportPage *self)
{
  GtkDropTargetAsync *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (FW_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::export-file", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::verify-state", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::fraction", G_CALLBACK (update), self);
  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);

  /* The whole page accepts a dropped export, not only the framed area. */
  target = gtk_drop_target_async_new (fw_export_page_drop_formats (), GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  g_signal_connect (target, "drag-enter", G_CALLBACK (on_drop_enter), self);
  g_signal_connect (target, "drag-leave", G_CALLBACK (on_drop_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  update (self);
}
