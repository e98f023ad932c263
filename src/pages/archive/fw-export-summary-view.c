/* fw-export-summary-view.c — what a verified export holds, as rows
 *
 * Counts of conversations, messages and attachments (and how many are
 * missing), the dates, the size, whether custom instructions were found,
 * content types Farewell does not know, and the export's warnings: at most
 * MAX_WARNING_ROWS of them, the rest counted.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-export-summary-view.h"
#include "fw-util.h"

/* Most warnings to list in the window; the rest are counted. */
#define MAX_WARNING_ROWS 50

struct _FwExportSummaryView
{
  AdwPreferencesGroup  parent_instance;

  GPtrArray           *warning_rows;

  AdwActionRow        *conversations_row;
  AdwActionRow        *messages_row;
  AdwActionRow        *attachments_row;
  AdwActionRow        *dates_row;
  AdwActionRow        *size_row;
  AdwActionRow        *instructions_row;
  AdwActionRow        *unknown_row;
  AdwExpanderRow      *warnings_row;
};

G_DEFINE_FINAL_TYPE (FwExportSummaryView, fw_export_summary_view, ADW_TYPE_PREFERENCES_GROUP)

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
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return NULL;

  local = g_date_time_to_local (date);
  /* Translators: a date, as in "14 March 2023"; see the strftime manual */
  return g_date_time_format (local, _("%-d %B %Y"));
}

void
fw_export_summary_view_set_summary (FwExportSummaryView *self,
                                    const char          *export_name,
                                    FwExportSummary     *summary)
{
  g_autofree char *conversations = fw_format_count (fw_export_summary_get_conversations (summary));
  g_autofree char *messages = fw_format_count (fw_export_summary_get_messages (summary));
  g_autofree char *size = g_format_size (fw_export_summary_get_source_size (summary));
  g_autofree char *first = format_date (fw_export_summary_get_first_date (summary));
  g_autofree char *last = format_date (fw_export_summary_get_last_date (summary));
  guint found = fw_export_summary_get_attachments_found (summary);
  guint missing = fw_export_summary_get_attachments_missing (summary);
  GHashTable *unknown = fw_export_summary_get_unknown_content_types (summary);
  const char * const *warnings = fw_export_summary_get_warnings (summary);
  guint n_warnings = warnings ? g_strv_length ((char **) warnings) : 0;
  g_autofree char *found_str = fw_format_count (found);
  g_autofree char *attachments = NULL;

  g_return_if_fail (FW_IS_EXPORT_SUMMARY_VIEW (self));
  g_return_if_fail (export_name != NULL);
  g_return_if_fail (summary != NULL);

  {
    /* The group's description is markup; a file name is not. */
    g_autofree char *escaped = g_markup_escape_text (export_name, -1);

    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), escaped);
  }

  set_row_value (self->conversations_row, conversations);
  set_row_value (self->messages_row, messages);
  set_row_value (self->size_row, size);

  if (missing > 0)
    {
      g_autofree char *missing_str = fw_format_count (missing);

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
        g_autofree char *total_str = fw_format_count (total);
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
      g_autofree char *count = fw_format_count (n_warnings);

      adw_expander_row_set_subtitle (self->warnings_row,
                                     _("The rest of the export is archived normally."));
      g_object_set_data_full (G_OBJECT (self->warnings_row), "fw-count", g_strdup (count), g_free);
      for (guint i = 0; i < n_warnings && i < MAX_WARNING_ROWS; i++)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), warnings[i]);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
          adw_expander_row_add_row (self->warnings_row, row);
          g_ptr_array_add (self->warning_rows, row);
        }
      if (n_warnings > MAX_WARNING_ROWS)
        {
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *more = g_strdup_printf (_("And %u more: run “farewell --verify” in a terminal to see them all."),
                                                   n_warnings - MAX_WARNING_ROWS);

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

GtkWidget *
fw_export_summary_view_new (void)
{
  return g_object_new (FW_TYPE_EXPORT_SUMMARY_VIEW, NULL);
}

static void
fw_export_summary_view_finalize (GObject *object)
{
  FwExportSummaryView *self = FW_EXPORT_SUMMARY_VIEW (object);

  g_clear_pointer (&self->warning_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fw_export_summary_view_parent_class)->finalize (object);
}

static void
fw_export_summary_view_class_init (FwExportSummaryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = fw_export_summary_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/archive/fw-export-summary-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FwExportSummaryView, conversations_row);
  gtk_widget_class_bind_template_child (widget_class, FwExportSummaryView, messages_row);
  gtk_widget_class_bind_template_child (widget_class, FwExportSummaryView, attachments_row);
  gtk_widget_class_bind_template_child (widget_class, FwExportSummaryView, dates_row);
  gtk_widget_class_bind_template_child (widget_class, FwExportSummaryView, size_row);
  gtk_widget_class_bind_template_child (widget_class, FwExportSummaryView, instructions_row);
  gtk_widget_class_bind_template_child (widget_class, FwExportSummaryView, unknown_row);
  gtk_widget_class_bind_template_child (widget_class, FwExportSummaryView, warnings_row);
}

static void
fw_export_summary_view_init (FwExportSummaryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->warning_rows = g_ptr_array_new ();
}
