/* fw-usage-chart.c — a small chart of the messages of each month
 *
 * One bar a month: the messages the person wrote, in the style's accent
 * colour (so dark style and high contrast are followed), and ChatGPT's
 * answers above them, fainter; the first and last months named under them.
 * Screen readers get the same in words, as the widget's description.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-usage-chart.h"

#define BAR_GAP 1.0f
/* A few months are a few bars, not wide blocks. */
#define MAX_BAR_WIDTH 28.0f
#define MIN_HEIGHT 96

struct _FwUsageChart
{
  GtkWidget        parent_instance;

  FwExportSummary *summary;
};

G_DEFINE_FINAL_TYPE (FwUsageChart, fw_usage_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
get_color (GtkWidget *widget,
           GdkRGBA   *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

static char *
month_name (int year,
            int month)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (year, month, 1, 0, 0, 0);

  /* Translators: a month in the chart's description, as strftime: "March 2025" */
  return date ? g_date_time_format (date, _("%B %Y")) : g_strdup ("");
}

/* @text at @x (its start, or its end when @end; kept inside @width). */
static void
draw_label (GtkWidget   *widget,
            GtkSnapshot *snapshot,
            PangoLayout *layout,
            float        x,
            float        y,
            float        width,
            gboolean     end,
            GdkRGBA     *color)
{
  int w;

  pango_layout_get_pixel_size (layout, &w, NULL);
  x = CLAMP (end ? x - w : x, 0, MAX (width - w, 0));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* The first and last months under the bars (from @left to @right), or both
 * in one label, centred, when they would not fit apart. */
static void
draw_months (GtkWidget          *widget,
             GtkSnapshot        *snapshot,
             const FwMonthStats *first,
             const FwMonthStats *last,
             float               left,
             float               right,
             float               y,
             float               width,
             GdkRGBA            *color)
{
  g_autofree char *from = month_name (first->year, first->month);
  g_autofree char *to = month_name (last->year, last->month);
  g_autoptr(PangoLayout) a = gtk_widget_create_pango_layout (widget, from);
  g_autoptr(PangoLayout) b = gtk_widget_create_pango_layout (widget, to);
  int wa, wb;

  pango_layout_get_pixel_size (a, &wa, NULL);
  pango_layout_get_pixel_size (b, &wb, NULL);
  if (first->year == last->year && first->month == last->month)
    draw_label (widget, snapshot, a, (left + right - wa) / 2, y, width, FALSE, color);
  else if (wa + wb + 12 <= right - left)
    {
      draw_label (widget, snapshot, a, left, y, width, FALSE, color);
      draw_label (widget, snapshot, b, right, y, width, TRUE, color);
    }
  else
    {
      /* Translators: a date range, "14 March 2023 – 2 May 2026" */
      g_autofree char *range = g_strdup_printf (_("%s – %s"), from, to);
      g_autoptr(PangoLayout) both = gtk_widget_create_pango_layout (widget, range);
      int w;

      pango_layout_get_pixel_size (both, &w, NULL);
      draw_label (widget, snapshot, both, (left + right - w) / 2, y, width, FALSE, color);
    }
}

/* The accent colour of the style (dark, high contrast), or the text's. */
static void
get_accent (GtkWidget *widget,
            GdkRGBA   *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_color", color))
    get_color (widget, color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
fw_usage_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  FwUsageChart *self = FW_USAGE_CHART (widget);
  FwArchiveStats *stats = self->summary ? fw_export_summary_get_stats (self->summary) : NULL;
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  guint n = stats ? fw_archive_stats_get_n_months (stats) : 0;
  guint max = 1;
  float bar, left;
  GdkRGBA color, faint, line, text;
  FwMonthStats first, last;
  int label;

  if (n == 0 || width <= 0 || height <= 0)
    return;

  get_color (widget, &text);
  text.alpha *= 0.7f;
  get_accent (widget, &color);
  faint = color;
  faint.alpha *= 0.35f;
  line = color;
  line.alpha *= 0.25f;

  for (guint i = 0; i < n; i++)
    {
      FwMonthStats month;

      fw_archive_stats_get_month (stats, i, &month);
      max = MAX (max, month.messages);
    }

  /* the first and last months under the bars */
  bar = MIN (width / n, MAX_BAR_WIDTH);
  left = (width - bar * n) / 2;
  fw_archive_stats_get_month (stats, 0, &first);
  fw_archive_stats_get_month (stats, n - 1, &last);
  {
    g_autoptr(PangoLayout) probe = gtk_widget_create_pango_layout (widget, "0");

    pango_layout_get_pixel_size (probe, NULL, &label);
  }
  height -= label + 4;
  if (height <= 8)
    return;
  draw_months (widget, snapshot, &first, &last, left, left + bar * n, height + 4, width, &text);

  /* the baseline */
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  for (guint i = 0; i < n; i++)
    {
      FwMonthStats month;
      float x = left + i * bar;
      float w = MAX (bar - (bar > 3 * BAR_GAP ? 2 * BAR_GAP : 0), 1.0f);
      float all, sent;
      gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

      fw_archive_stats_get_month (stats, i, &month);
      all = (height - 1) * month.messages / max;
      sent = (height - 1) * month.sent / max;
      if (rtl)
        x = width - x - w;
      if (all > sent)
        gtk_snapshot_append_color (snapshot, &faint, &GRAPHENE_RECT_INIT (x, height - 1 - all, w, all - sent));
      if (sent > 0)
        gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x, height - 1 - sent, w, sent));
    }
}

static void
fw_usage_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 48;
      *natural = 480;
    }
  else
    *minimum = *natural = MIN_HEIGHT;
}

char *
fw_usage_chart_describe (FwUsageChart *self)
{
  FwArchiveStats *stats;
  FwMonthStats first, last, busiest = { 0 };
  g_autofree char *per_month = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *top = NULL;
  guint n;

  g_return_val_if_fail (FW_IS_USAGE_CHART (self), NULL);

  stats = self->summary ? fw_export_summary_get_stats (self->summary) : NULL;
  n = stats ? fw_archive_stats_get_n_months (stats) : 0;
  if (n == 0)
    return g_strdup (_("No dated messages of yours in this export."));

  for (guint i = 0; i < n; i++)
    {
      FwMonthStats month;

      fw_archive_stats_get_month (stats, i, &month);
      if (month.sent > busiest.sent)
        busiest = month;
    }
  fw_archive_stats_get_month (stats, 0, &first);
  fw_archive_stats_get_month (stats, n - 1, &last);
  from = month_name (first.year, first.month);
  to = month_name (last.year, last.month);
  per_month = fw_export_summary_describe_messages_per_month (self->summary);
  if (busiest.sent == 0)
    return g_strdup (per_month);

  top = month_name (busiest.year, busiest.month);
  /* Translators: the chart's text alternative: "Messages a month from June 2024 to
   * May 2026. The most you sent: 420, in March 2025. About 120 messages sent a month, …" */
  return g_strdup_printf (_("Messages a month from %s to %s. The most you sent: %u, in %s. %s"),
                          from, to, busiest.sent, top, per_month);
}

void
fw_usage_chart_set_summary (FwUsageChart    *self,
                            FwExportSummary *summary)
{
  g_autofree char *description = NULL;

  g_return_if_fail (FW_IS_USAGE_CHART (self));

  if (!g_set_object (&self->summary, summary))
    return;

  description = fw_usage_chart_describe (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), description);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

FwExportSummary *
fw_usage_chart_get_summary (FwUsageChart *self)
{
  g_return_val_if_fail (FW_IS_USAGE_CHART (self), NULL);
  return self->summary;
}

static void
fw_usage_chart_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FwUsageChart *self = FW_USAGE_CHART (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_object (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_usage_chart_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FwUsageChart *self = FW_USAGE_CHART (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      fw_usage_chart_set_summary (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fw_usage_chart_dispose (GObject *object)
{
  FwUsageChart *self = FW_USAGE_CHART (object);

  g_clear_object (&self->summary);

  G_OBJECT_CLASS (fw_usage_chart_parent_class)->dispose (object);
}

static void
fw_usage_chart_class_init (FwUsageChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = fw_usage_chart_get_property;
  object_class->set_property = fw_usage_chart_set_property;
  object_class->dispose = fw_usage_chart_dispose;
  widget_class->snapshot = fw_usage_chart_snapshot;
  widget_class->measure = fw_usage_chart_measure;

  properties[PROP_SUMMARY] =
    g_param_spec_object ("summary", NULL, NULL, FW_TYPE_EXPORT_SUMMARY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "usagechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fw_usage_chart_init (FwUsageChart *self)
{
}

GtkWidget *
fw_usage_chart_new (void)
{
  return g_object_new (FW_TYPE_USAGE_CHART, NULL);
}
