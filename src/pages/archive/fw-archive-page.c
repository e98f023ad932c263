/* fw-archive-page.c — verification progress, the summary, and the archive
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "archive/fw-archive-location.h"
#include "fw-archive-page.h"
#include "fw-settings.h"
#include "fw-util.h"
#include "fw-usage-chart.h"

/* Most warnings to list in the window; the rest are counted. */
#define MAX_WARNING_ROWS 50

struct _FwArchivePage
{
  FwPage           parent_instance;

  GSettings       *settings;
  GSignalGroup    *session_signals;
  GFile           *location;      /* the folder the archive goes into; NULL until
                                   * chosen where no default can be seen */
  GPtrArray       *warning_rows;
  gboolean         cancelling;    /* Cancel was pressed, the engine is stopping */
  gboolean         create_after_choosing; /* Create asked for a folder first */
  FwTaskState      shown_archive; /* the archive state the page shows */
  GdkFrameClock   *focus_clock;   /* see focus_after_layout */
  gulong           focus_handler;
  GtkWidget       *focus_target;

  GtkStack        *stack;
  AdwStatusPage   *empty_status;
  GtkWidget       *empty_open_button;
  GtkWidget       *empty_export_button;
  AdwStatusPage   *verifying_status;
  AdwStatusPage   *failed_status;
  GtkProgressBar  *verify_progress;
  GtkLabel        *verify_progress_label;
  AdwPreferencesGroup *summary_group;
  AdwPreferencesGroup *usage_group;
  FwUsageChart        *usage_chart;
  AdwActionRow    *conversations_row;
  AdwActionRow    *messages_row;
  AdwActionRow    *attachments_row;
  AdwActionRow    *dates_row;
  AdwActionRow    *size_row;
  AdwActionRow    *account_row;
  AdwActionRow    *instructions_row;
  AdwActionRow    *unknown_row;
  AdwExpanderRow  *warnings_row;
  AdwEntryRow     *name_row;
  AdwActionRow    *location_row;
  GtkSwitch       *md_switch;
  GtkSwitch       *html_switch;
  GtkSwitch       *json_switch;
  AdwPreferencesGroup *options_group;
  GtkWidget       *create_button;
  GtkWidget       *cancel_archive_button;
  GtkWidget       *open_archive_button;
  GtkStack        *archive_stack;
  GtkLabel        *archive_error_label;
  GtkProgressBar  *archive_progress;
  GtkLabel        *archive_progress_label;
  GtkLabel        *archive_done_label;
};

G_DEFINE_FINAL_TYPE (FwArchivePage, fw_archive_page, FW_TYPE_PAGE)

static void
set_row_value (AdwActionRow *row,
               const char   *value)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "fw-value");

  if (label == NULL)
    {
      /* Short values ("1.2 GB", "120 found, 3 missing"): on one line,
       * the title and its explanation wrap beside them instead. */
      label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (row, label);
      g_object_set_data (G_OBJECT (row), "fw-value", label);
    }

  gtk_label_set_text (GTK_LABEL (label), value);
  /* Screen readers read title and value together. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value,
                                  -1);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
format_count (guint n)
{
  /* Digit grouping of the person's locale. */
  return g_strdup_printf ("%'u", n);
}

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return NULL;

  local = g_date_time_to_local (date);
  /* Translators: a date, as in "14 March 2023"; see the strftime manual */
  return g_date_time_format (local, _("%-d %B %Y"));
}

static char *
progress_text (FwSession *session)
{
  g_autofree char *done = g_format_size (fw_session_get_bytes_done (session));
  g_autofree char *total = g_format_size (fw_session_get_bytes_total (session));
  guint n = fw_session_get_conversations_done (session);
  g_autofree char *count = format_count (n);

  if (fw_session_get_bytes_total (session) == 0)
    return g_strdup (_("Starting…"));

  /* Translators: "1.2 GB of 3.4 GB · 2,345 conversations" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s of %s · %s conversation",
                                       "%s of %s · %s conversations", n),
                          done, total, count);
}

static FwArchiveFormats
get_formats (FwArchivePage *self)
{
  FwArchiveFormats formats = 0;

  if (gtk_switch_get_active (self->md_switch))
    formats |= FW_ARCHIVE_FORMAT_MARKDOWN;
  if (gtk_switch_get_active (self->html_switch))
    formats |= FW_ARCHIVE_FORMAT_HTML;
  if (gtk_switch_get_active (self->json_switch))
    formats |= FW_ARCHIVE_FORMAT_JSON;

  return formats;
}

/* The chart of the messages of each month, and how many a month the person
 * sends: what a new plan or API budget has to carry. */
static void
update_usage (FwArchivePage   *self,
              FwExportSummary *summary)
{
  g_autofree char *per_month = fw_export_summary_describe_messages_per_month (summary);

  fw_usage_chart_set_summary (self->usage_chart, summary);
  adw_preferences_group_set_description (self->usage_group, per_month);
  gtk_widget_set_visible (GTK_WIDGET (self->usage_chart),
                          fw_archive_stats_get_n_months (fw_export_summary_get_stats (summary)) > 0);
}

static void
update_summary (FwArchivePage   *self,
                FwExportSummary *summary)
{
  GFile *file = fw_session_get_export_file (fw_page_get_session (FW_PAGE (self)));
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *conversations = format_count (fw_export_summary_get_conversations (summary));
  g_autofree char *messages = format_count (fw_export_summary_get_messages (summary));
  g_autofree char *size = g_format_size (fw_export_summary_get_source_size (summary));
  g_autofree char *first = format_date (fw_export_summary_get_first_date (summary));
  g_autofree char *last = format_date (fw_export_summary_get_last_date (summary));
  guint found = fw_export_summary_get_attachments_found (summary);
  guint missing = fw_export_summary_get_attachments_missing (summary);
  GHashTable *unknown = fw_export_summary_get_unknown_content_types (summary);
  const char * const *warnings = fw_export_summary_get_warnings (summary);
  guint n_listed = warnings ? g_strv_length ((char **) warnings) : 0;
  guint n_warnings = fw_export_summary_get_n_warnings (summary);
  g_autofree char *found_str = format_count (found);
  g_autofree char *attachments = NULL;

  {
    /* The group's description is markup; a file name is not. */
    g_autofree char *escaped = g_markup_escape_text (name, -1);

    adw_preferences_group_set_description (self->summary_group, escaped);
  }

  set_row_value (self->conversations_row, conversations);
  update_usage (self, summary);
  set_row_value (self->messages_row, messages);
  set_row_value (self->size_row, size);
  gtk_widget_set_visible (GTK_WIDGET (self->account_row), fw_export_summary_get_account_email (summary) != NULL);
  /* an address can be long: under the title, where it wraps */
  adw_action_row_set_subtitle (self->account_row, fw_export_summary_get_account_email (summary));

  if (missing > 0)
    {
      g_autofree char *missing_str = format_count (missing);

      /* Translators: "120 found, 3 missing" */
      attachments = g_strdup_printf (_("%s found, %s missing"), found_str, missing_str);
      adw_action_row_set_subtitle (self->attachments_row,
                                   _("Some files your conversations refer to are not in the export. The archive lists them; everything else is kept."));
    }
  else
    {
      attachments = g_strdup (found_str);
      adw_action_row_set_subtitle (self->attachments_row,
                                   found > 0 ? _("Images, uploads and recordings, all found")
                                             : _("Your conversations refer to no files"));
    }
  set_row_value (self->attachments_row, attachments);

  if (first != NULL && last != NULL)
    {
      /* Translators: a date range, "14 March 2023 – 2 May 2026" */
      g_autofree char *range = g_strdup_printf (_("%s – %s"), first, last);

      /* Too long for a value beside the title: it goes under it. */
      adw_action_row_set_subtitle (self->dates_row, range);
    }
  else
    adw_action_row_set_subtitle (self->dates_row, _("Unknown"));

  if (fw_export_summary_get_custom_instructions (summary))
    {
      set_row_value (self->instructions_row, _("Found"));
      adw_action_row_set_subtitle (self->instructions_row,
                                   _("You can bring them to your new assistant in the Try It step."));
    }
  else
    {
      set_row_value (self->instructions_row, _("None"));
      adw_action_row_set_subtitle (self->instructions_row, NULL);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->unknown_row), unknown != NULL && g_hash_table_size (unknown) > 0);
  if (unknown != NULL && g_hash_table_size (unknown) > 0)
    {
      g_autoptr(GString) types = g_string_new (NULL);
      g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (unknown, NULL);
      guint total = 0;

      g_qsort_with_data (keys, g_hash_table_size (unknown), sizeof (char *),
                         compare_strings, NULL);
      for (guint i = 0; keys[i] != NULL; i++)
        {
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (unknown, keys[i]));

          total += count;
          g_string_append_printf (types, "%s%s (%u)", i > 0 ? ", " : "", keys[i], count);
        }

      {
        g_autofree char *total_str = format_count (total);
        g_autofree char *subtitle = g_strdup_printf (_("Kept in the archive as labelled blocks with their raw data: %s"), types->str);

        set_row_value (self->unknown_row, total_str);
        adw_action_row_set_subtitle (self->unknown_row, subtitle);
      }
    }

  /* Warnings */
  for (guint i = 0; i < self->warning_rows->len; i++)
    adw_expander_row_remove (self->warnings_row, g_ptr_array_index (self->warning_rows, i));
  g_ptr_array_set_size (self->warning_rows, 0);

  gtk_widget_set_visible (GTK_WIDGET (self->warnings_row), n_warnings > 0);
  if (n_warnings > 0)
    {
      g_autofree char *count = format_count (n_warnings);

      adw_expander_row_set_subtitle (self->warnings_row,
                                     _("The rest of the export is archived normally."));
      g_object_set_data_full (G_OBJECT (self->warnings_row), "fw-count", g_strdup (count), g_free);
      for (guint i = 0; i < n_listed && i < MAX_WARNING_ROWS; i++)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), warnings[i]);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
          adw_expander_row_add_row (self->warnings_row, row);
          g_ptr_array_add (self->warning_rows, row);
        }
      if (n_warnings > MIN (n_listed, MAX_WARNING_ROWS))
        {
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *more = g_strdup_printf (_("And %u more: run “farewell --verify” in a terminal to see them all."),
                                                   n_warnings - MIN (n_listed, MAX_WARNING_ROWS));

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
          adw_expander_row_add_row (self->warnings_row, row);
          g_ptr_array_add (self->warning_rows, row);
        }
      {
        /* Translators: the title of the list of warnings, with their count */
        g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s Warning", "%s Warnings", n_warnings), count);

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->warnings_row), title);
      }
    }
}

static void
update_location_row (FwArchivePage *self)
{
  g_autofree char *display = NULL;

  if (self->location == NULL)
    {
      adw_action_row_set_subtitle (self->location_row, _("Not chosen yet"));
      return;
    }

  display = fw_archive_location_display_here (self->location);
  adw_action_row_set_subtitle (self->location_row, display);
}

/* "ChatGPT Archive 2026-11-24", or "… (2)" when that folder exists. */
static void
suggest_name (FwArchivePage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the default folder name of the archive; %s is a date like 2026-11-24 */
  g_autofree char *base = g_strdup_printf (_("ChatGPT Archive %s"), date);
  g_autofree char *name = g_strdup (base);

  for (guint i = 2; i < 100; i++)
    {
      g_autoptr(GFile) candidate = NULL;

      if (self->location == NULL)
        break;
      candidate = g_file_get_child (self->location, name);
      if (!g_file_query_exists (candidate, NULL))
        break;

      g_free (name);
      name = g_strdup_printf ("%s (%u)", base, i);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
}

static void
stop_focus_after_layout (FwArchivePage *self)
{
  /* The window's frame clock may have been disposed (and its handlers
   * dropped) before the page is. */
  if (self->focus_clock != NULL && self->focus_handler != 0 &&
      g_signal_handler_is_connected (self->focus_clock, self->focus_handler))
    g_signal_handler_disconnect (self->focus_clock, self->focus_handler);
  self->focus_handler = 0;
  g_clear_object (&self->focus_clock);
  self->focus_target = NULL;
}

static void
on_after_paint (GdkFrameClock *clock,
                FwArchivePage *self)
{
  GtkWidget *target = self->focus_target;
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->archive_stack), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *viewport = scroller ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)) : NULL;
  graphene_rect_t bounds;

  /* Laid out by now: show all of the result (the message above the
   * buttons too), then move the focus. While the stack cross-fades, its
   * size changes: follow it to the end. */
  if (gtk_stack_get_transition_running (self->archive_stack))
    {
      gtk_widget_queue_resize (GTK_WIDGET (self));
      target = NULL;
    }
  else
    stop_focus_after_layout (self);

  if (viewport != NULL &&
      gtk_widget_compute_bounds (GTK_WIDGET (self->archive_stack), viewport, &bounds))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      double top = gtk_adjustment_get_value (adjustment) + bounds.origin.y;

      /* (24: the page's bottom margin) */
      gtk_adjustment_clamp_page (adjustment, top, top + bounds.size.height + 24);
    }

  if (target != NULL && gtk_widget_get_mapped (target))
    gtk_widget_grab_focus (target);
}

/* Focuses widget once the page has been laid out with it. */
static void
focus_after_layout (FwArchivePage *self,
                    GtkWidget     *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  stop_focus_after_layout (self);
  if (clock == NULL)
    return;

  self->focus_target = widget;
  self->focus_clock = g_object_ref (clock);
  self->focus_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* No export in this session. Someone coming back finds what an earlier
 * session did (an export's file chosen in a sandbox cannot be opened again
 * in a later one): the archive made then, or the export verified then, and
 * goes on from there. */
static void
update_empty (FwArchivePage *self)
{
  g_autofree char *sha = g_settings_get_string (self->settings, "verified-export-sha256");
  g_autofree char *path = g_settings_get_string (self->settings, "archive-path");
  gboolean has_archive = *path != '\0' && g_file_test (path, G_FILE_TEST_IS_DIR);
  gboolean verified = *sha != '\0';

  gtk_widget_set_visible (self->empty_open_button, has_archive);
  if (has_archive)
    gtk_widget_remove_css_class (self->empty_export_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->empty_export_button, "suggested-action");

  if (has_archive)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (path);
      g_autofree char *display = fw_archive_location_display_here (folder);
      /* Translators: %s is a folder, such as "~/Documents/ChatGPT Archive 2026-11-24" */
      g_autofree char *text = g_strdup_printf (_("Your archive is in “%s”. To make it again, choose your ChatGPT export in the Export step."),
                                               display);

      adw_status_page_set_icon_name (self->empty_status, "emblem-ok-symbolic");
      adw_status_page_set_title (self->empty_status, _("Archive Made Earlier"));
      adw_status_page_set_description (self->empty_status, text);
    }
  else if (verified)
    {
      adw_status_page_set_icon_name (self->empty_status, "emblem-documents-symbolic");
      adw_status_page_set_title (self->empty_status, _("Export Verified Earlier"));
      adw_status_page_set_description (self->empty_status,
                                       _("Your export was verified in an earlier session. To make an archive of it, choose it again in the Export step."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_status, "emblem-documents-symbolic");
      adw_status_page_set_title (self->empty_status, _("No Export Chosen Yet"));
      adw_status_page_set_description (self->empty_status,
                                       _("Choose your ChatGPT export first. Farewell then checks it here and turns it into an archive you can read offline."));
    }

  fw_page_set_complete (FW_PAGE (self), has_archive);
  /* as with a verified export in this session: the archive is optional */
  fw_page_set_skippable (FW_PAGE (self), !has_archive && verified);
}

static void
update (FwArchivePage *self)
{
  FwSession *session = fw_page_get_session (FW_PAGE (self));
  FwTaskState verify = session ? fw_session_get_verify_state (session) : FW_TASK_STATE_IDLE;
  FwTaskState archive = session ? fw_session_get_archive_state (session) : FW_TASK_STATE_IDLE;

  if (session == NULL || fw_session_get_export_file (session) == NULL)
    {
      update_empty (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  fw_page_set_complete (FW_PAGE (self), archive == FW_TASK_STATE_DONE);
  /* With a verified export, making an archive now is optional. */
  fw_page_set_skippable (FW_PAGE (self), verify == FW_TASK_STATE_DONE && archive != FW_TASK_STATE_RUNNING);

  switch (verify)
    {
    case FW_TASK_STATE_IDLE:
    case FW_TASK_STATE_RUNNING:
      {
        g_autofree char *name = g_file_get_basename (fw_session_get_export_file (session));
        g_autofree char *text = progress_text (session);
        /* Status page descriptions are markup; names and messages are not. */
        g_autofree char *escaped = g_markup_escape_text (name, -1);

        adw_status_page_set_description (self->verifying_status, escaped);
        gtk_progress_bar_set_fraction (self->verify_progress, fw_session_get_fraction (session));
        gtk_label_set_text (self->verify_progress_label, text);
        gtk_stack_set_visible_child_name (self->stack, "verifying");
      }
      return;

    case FW_TASK_STATE_FAILED:
      {
        const GError *error = fw_session_get_verify_error (session);

        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
          {
            adw_status_page_set_icon_name (self->failed_status, "process-stop-symbolic");
            adw_status_page_set_title (self->failed_status, _("Checking Was Cancelled"));
            adw_status_page_set_description (self->failed_status,
                                             _("Nothing was changed. Check the export again when you are ready."));
          }
        else
          {
            g_autofree char *escaped = error ? g_markup_escape_text (error->message, -1) : NULL;

            adw_status_page_set_icon_name (self->failed_status, "dialog-warning-symbolic");
            adw_status_page_set_title (self->failed_status, _("This Export Cannot Be Used"));
            adw_status_page_set_description (self->failed_status, escaped);
          }
        gtk_stack_set_visible_child_name (self->stack, "failed");
      }
      return;

    case FW_TASK_STATE_DONE:
    default:
      break;
    }

  gtk_stack_set_visible_child_name (self->stack, "ready");

  if (archive != FW_TASK_STATE_RUNNING)
    self->cancelling = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "archive.cancel-archive", !self->cancelling);
  /* What is being written cannot be changed any more. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->options_group), archive != FW_TASK_STATE_RUNNING);

  switch (archive)
    {
    case FW_TASK_STATE_RUNNING:
      {
        /* While cancelling (usually a blink: the engine removes what it
         * wrote), the progress stays where it stopped and Cancel is off. */
        g_autofree char *text = progress_text (session);

        gtk_progress_bar_set_fraction (self->archive_progress, fw_session_get_fraction (session));
        gtk_label_set_text (self->archive_progress_label, text);
        gtk_stack_set_visible_child_name (self->archive_stack, "running");
      }
      break;

    case FW_TASK_STATE_DONE:
      {
        g_autofree char *path = fw_archive_location_display_here (fw_session_get_archive_dir (session));
        g_autofree char *text = g_strdup_printf (_("Your archive is ready in %s"), path);
        guint64 stale = fw_session_get_archive_stale_bytes (session);

        if (stale > 0)
          {
            g_autofree char *size = g_format_size (stale);
            g_autofree char *cleaned = g_strdup_printf (_("What an interrupted earlier run had left there was removed, freeing %s."), size);
            g_autofree char *both = g_strdup_printf ("%s\n%s", text, cleaned);

            g_free (g_steal_pointer (&text));
            text = g_steal_pointer (&both);
          }

        gtk_label_set_text (self->archive_done_label, text);
        gtk_stack_set_visible_child_name (self->archive_stack, "done");
      }
      break;

    case FW_TASK_STATE_FAILED:
      {
        const GError *error = fw_session_get_archive_error (session);

        gtk_widget_set_visible (GTK_WIDGET (self->archive_error_label), TRUE);
        /* A cancel is not a failure: it is said plainly, not in red. */
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
          {
            gtk_label_set_text (self->archive_error_label, _("Cancelled. Nothing was written."));
            gtk_widget_remove_css_class (GTK_WIDGET (self->archive_error_label), "error");
            gtk_widget_add_css_class (GTK_WIDGET (self->archive_error_label), "dim-label");
          }
        else
          {
            gtk_label_set_text (self->archive_error_label, error ? error->message : "");
            gtk_widget_remove_css_class (GTK_WIDGET (self->archive_error_label), "dim-label");
            gtk_widget_add_css_class (GTK_WIDGET (self->archive_error_label), "error");
          }
        gtk_stack_set_visible_child_name (self->archive_stack, "idle");
      }
      break;

    case FW_TASK_STATE_IDLE:
    default:
      gtk_widget_set_visible (GTK_WIDGET (self->archive_error_label), FALSE);
      gtk_stack_set_visible_child_name (self->archive_stack, "idle");
      break;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "archive.create",
                                 get_formats (self) != 0 &&
                                 *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) != '\0');

  /* The result of Create appears below the options, often out of sight:
   * when it changes in front of the person, bring it into view with the
   * focus on what comes next (Cancel, Open Archive, or Create again). The
   * button the focus was on has just been hidden anyway. */
  if (archive != self->shown_archive)
    {
      self->shown_archive = archive;
      if (gtk_widget_get_mapped (GTK_WIDGET (self)) && archive != FW_TASK_STATE_IDLE)
        focus_after_layout (self, archive == FW_TASK_STATE_RUNNING ? self->cancel_archive_button
                                  : archive == FW_TASK_STATE_DONE ? self->open_archive_button
                                  : self->create_button);
    }
}

static void
on_summary_changed (FwArchivePage *self)
{
  FwSession *session = fw_page_get_session (FW_PAGE (self));
  FwExportSummary *summary = session ? fw_session_get_summary (session) : NULL;

  if (summary != NULL)
    {
      update_summary (self, summary);
      suggest_name (self);
    }
  update (self);
}

static void
cancel_verify_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  fw_session_cancel_verify (fw_page_get_session (FW_PAGE (widget)));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  fw_session_retry_verify (fw_page_get_session (FW_PAGE (widget)));
}

static void
on_location_chosen (GFile    *file,
                    gpointer  user_data)
{
  FwArchivePage *self = user_data;

  g_set_object (&self->location, file);
  update_location_row (self);
  if (self->create_after_choosing)
    gtk_widget_activate_action (GTK_WIDGET (self), "archive.create", NULL);
}

static void
choose_location_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FwArchivePage *self = FW_ARCHIVE_PAGE (widget);
  g_autoptr(GFile) initial = self->location != NULL ? g_object_ref (self->location) : NULL;

  self->create_after_choosing = FALSE;

  /* The default folder may not exist yet (the archive creates it); the
   * file chooser would show an error for it: start at the nearest folder
   * that exists. */
  while (initial != NULL && !g_file_query_exists (initial, NULL))
    {
      GFile *parent = g_file_get_parent (initial);

      g_object_unref (initial);
      initial = parent;
    }

  fw_choose_file (widget, _("Choose Where to Save the Archive"), _("_Select"), TRUE,
                  NULL, initial, on_location_chosen, self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FwArchivePage *self = FW_ARCHIVE_PAGE (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autoptr(GFile) dir = NULL;

  if (*name == '\0' || strchr (name, '/') != NULL || g_str_equal (name, ".") || g_str_equal (name, ".."))
    {
      fw_page_show_toast (FW_PAGE (self), _("Choose a folder name without “/”."));
      return;
    }

  /* Nowhere to save yet (a sandbox that shares no folder): ask first. */
  if (self->location == NULL)
    {
      gtk_widget_activate_action (widget, "archive.choose-location", NULL);
      self->create_after_choosing = TRUE;
      return;
    }
  self->create_after_choosing = FALSE;

  dir = g_file_get_child (self->location, name);
  fw_session_create_archive (fw_page_get_session (FW_PAGE (self)), dir, get_formats (self));
}

static void
cancel_archive_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FwArchivePage *self = FW_ARCHIVE_PAGE (widget);

  self->cancelling = TRUE;
  fw_session_cancel_archive (fw_page_get_session (FW_PAGE (self)));
  update (self);
}

static void
open_archive_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FwArchivePage *self = FW_ARCHIVE_PAGE (widget);
  FwSession *session = fw_page_get_session (FW_PAGE (widget));
  GFile *dir = session ? fw_session_get_archive_dir (session) : NULL;
  g_autoptr(GFile) earlier = NULL;
  g_autoptr(GFile) index = NULL;

  /* none made in this session: the one made earlier */
  if (dir == NULL)
    {
      g_autofree char *path = g_settings_get_string (self->settings, "archive-path");

      if (*path == '\0')
        return;
      dir = earlier = g_file_new_for_path (path);
    }

  index = g_file_get_child (dir, "index.html");

  if (g_file_query_exists (index, NULL))
    fw_open_file (widget, index);
  else
    fw_open_file (widget, dir);
}

static void
show_in_files_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  fw_show_in_files (widget, fw_session_get_archive_dir (fw_page_get_session (FW_PAGE (widget))));
}

static void
on_formats_changed (FwArchivePage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) formats = NULL;

  if (gtk_switch_get_active (self->md_switch))
    g_strv_builder_add (builder, "md");
  if (gtk_switch_get_active (self->html_switch))
    g_strv_builder_add (builder, "html");
  if (gtk_switch_get_active (self->json_switch))
    g_strv_builder_add (builder, "json");
  formats = g_strv_builder_end (builder);

  g_settings_set_strv (self->settings, "archive-formats", (const char * const *) formats);
  update (self);
}

static void
on_session_changed (FwArchivePage *self)
{
  g_signal_group_set_target (self->session_signals, fw_page_get_session (FW_PAGE (self)));
  on_summary_changed (self);
}

static void
fw_archive_page_dispose (GObject *object)
{
  FwArchivePage *self = FW_ARCHIVE_PAGE (object);

  stop_focus_after_layout (self);
  if (self->session_signals)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);

  G_OBJECT_CLASS (fw_archive_page_parent_class)->dispose (object);
}

static void
fw_archive_page_finalize (GObject *object)
{
  FwArchivePage *self = FW_ARCHIVE_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->location);
  g_clear_pointer (&self->warning_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fw_archive_page_parent_class)->finalize (object);
}

static void
fw_archive_page_class_init (FwArchivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fw_archive_page_dispose;
  object_class->finalize = fw_archive_page_finalize;

  g_type_ensure (FW_TYPE_USAGE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/archive/fw-archive-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, stack);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, empty_open_button);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, empty_export_button);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, verifying_status);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, failed_status);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, verify_progress);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, verify_progress_label);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, usage_group);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, usage_chart);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, conversations_row);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, messages_row);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, attachments_row);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, dates_row);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, size_row);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, account_row);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, instructions_row);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, unknown_row);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, warnings_row);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, location_row);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, md_switch);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, html_switch);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, json_switch);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, options_group);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, create_button);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, cancel_archive_button);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, open_archive_button);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, archive_stack);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, archive_error_label);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, archive_progress);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, archive_progress_label);
  gtk_widget_class_bind_template_child (widget_class, FwArchivePage, archive_done_label);

  gtk_widget_class_install_action (widget_class, "archive.cancel-verify", NULL, cancel_verify_action);
  gtk_widget_class_install_action (widget_class, "archive.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "archive.choose-location", NULL, choose_location_action);
  gtk_widget_class_install_action (widget_class, "archive.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "archive.cancel-archive", NULL, cancel_archive_action);
  gtk_widget_class_install_action (widget_class, "archive.open-archive", NULL, open_archive_action);
  gtk_widget_class_install_action (widget_class, "archive.show-in-files", NULL, show_in_files_action);
}

static void
fw_archive_page_init (FwArchivePage *self)
{
  g_auto(GStrv) formats = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = fw_settings_new ();
  self->warning_rows = g_ptr_array_new ();

  formats = g_settings_get_strv (self->settings, "archive-formats");
  gtk_switch_set_active (self->md_switch, g_strv_contains ((const char * const *) formats, "md"));
  gtk_switch_set_active (self->html_switch, g_strv_contains ((const char * const *) formats, "html"));
  gtk_switch_set_active (self->json_switch, g_strv_contains ((const char * const *) formats, "json"));
  g_signal_connect_swapped (self->md_switch, "notify::active", G_CALLBACK (on_formats_changed), self);
  g_signal_connect_swapped (self->html_switch, "notify::active", G_CALLBACK (on_formats_changed), self);
  g_signal_connect_swapped (self->json_switch, "notify::active", G_CALLBACK (on_formats_changed), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update), self);

  /* Documents; in a sandbox only when it is the person's own. */
  self->location = fw_archive_location_default_here ();
  update_location_row (self);

  self->session_signals = g_signal_group_new (FW_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::export-file", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::verify-state", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::archive-state", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::fraction", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::summary", G_CALLBACK (on_summary_changed), self);
  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);

  update (self);
}
