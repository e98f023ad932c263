/* test-archive-stats.c — the figures of the charts: months (the empty ones
 * between too), models, hours, weekdays, messages sent a month
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "export/fw-archive-stats.h"
#include "export/fw-conversation.h"
#include "export/fw-export-summary.h"

/* A conversation started at @t with @n turns: a question at t + 60 s * i,
 * its answer by @models[i] (NULL: none named, the conversation's default). */
static FwConversation *
make_conversation (double       t,
                   guint        n,
                   const char **models)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  FwConversation *conv;
  g_autofree char *parent = g_strdup ("root");

  g_string_append_printf (json, "{\"id\":\"c-%.0f\",\"title\":\"T\",\"create_time\":%.1f,\"update_time\":%.1f,"
                                "\"default_model_slug\":\"gpt-4o\",\"mapping\":{"
                                "\"root\":{\"id\":\"root\",\"message\":null,\"parent\":null,\"children\":[\"q0\"]}",
                          t, t, t + 60 * n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *q = g_strdup_printf ("q%u", i);
      g_autofree char *a = g_strdup_printf ("a%u", i);
      g_autofree char *next = g_strdup_printf ("q%u", i + 1);

      g_string_append_printf (json, ",\"%s\":{\"id\":\"%s\",\"parent\":\"%s\",\"children\":[\"%s\"],\"message\":"
                                    "{\"id\":\"%s\",\"author\":{\"role\":\"user\"},\"create_time\":%.1f,"
                                    "\"content\":{\"content_type\":\"text\",\"parts\":[\"Question\"]}}}",
                              q, q, parent, a, q, t + 60 * i);
      g_string_append_printf (json, ",\"%s\":{\"id\":\"%s\",\"parent\":\"%s\",\"children\":[%s%s%s],\"message\":"
                                    "{\"id\":\"%s\",\"author\":{\"role\":\"assistant\"},\"create_time\":%.1f,"
                                    "\"content\":{\"content_type\":\"text\",\"parts\":[\"Answer\"]},\"metadata\":{",
                              a, a, q, i + 1 < n ? "\"" : "", i + 1 < n ? next : "", i + 1 < n ? "\"" : "",
                              a, t + 60 * i + 30);
      if (models[i] != NULL)
        g_string_append_printf (json, "\"model_slug\":\"%s\"", models[i]);
      g_string_append (json, "}}}");
      g_free (parent);
      parent = g_strdup (a);
    }
  g_string_append_printf (json, "},\"current_node\":\"a%u\"}", n - 1);

  conv = fw_conversation_new_from_data (json->str, json->len, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_false (conv->corrupted);
  return conv;
}

static void
add (FwExportSummary *summary,
     double           t,
     guint            n,
     const char     **models)
{
  FwConversation *conv = make_conversation (t, n, models);
  FwActivity *activity = fw_activity_new_from_conversation (conv);

  fw_export_summary_add_activity (summary, activity);
  fw_activity_free (activity);
  fw_conversation_free (conv);
}

static void
test_months (void)
{
  g_autoptr(FwExportSummary) summary = fw_export_summary_new ();
  FwArchiveStats *stats = fw_export_summary_get_stats (summary);
  static const char *march[] = { "o3", NULL, "o3" };
  static const char *january[] = { "gpt-4o" };
  g_autofree char *sentence = NULL;
  FwMonthStats month;
  const guint *hours, *weekdays;

  g_assert_cmpuint (fw_archive_stats_get_n_months (stats), ==, 0);
  g_assert_cmpfloat (fw_export_summary_get_messages_per_month (summary), ==, 0);

  /* Saturday 2 March 2024, 22:00 UTC, first; then Monday 15 January 2024,
   * 09:00: the months before are added in front, February between. */
  add (summary, 1709416800, 3, march);
  add (summary, 1705309200, 1, january);

  g_assert_cmpuint (fw_archive_stats_get_n_months (stats), ==, 3);
  fw_archive_stats_get_month (stats, 0, &month);
  g_assert_cmpint (month.year, ==, 2024);
  g_assert_cmpint (month.month, ==, 1);
  g_assert_cmpuint (month.conversations, ==, 1);
  g_assert_cmpuint (month.messages, ==, 2);
  g_assert_cmpuint (month.sent, ==, 1);
  fw_archive_stats_get_month (stats, 1, &month);
  g_assert_cmpint (month.month, ==, 2);
  g_assert_cmpuint (month.conversations + month.messages + month.sent, ==, 0);
  fw_archive_stats_get_month (stats, 2, &month);
  g_assert_cmpint (month.month, ==, 3);
  g_assert_cmpuint (month.conversations, ==, 1);
  g_assert_cmpuint (month.messages, ==, 6);
  g_assert_cmpuint (month.sent, ==, 3);

  /* o3 answered twice, gpt-4o twice (once named by the conversation only):
   * a tie keeps the order first seen */
  g_assert_cmpuint (fw_archive_stats_get_n_models (stats), ==, 2);
  g_assert_cmpstr (fw_archive_stats_get_model (stats, 0), ==, "o3");
  g_assert_cmpstr (fw_archive_stats_get_model (stats, 1), ==, "gpt-4o");
  g_assert_cmpuint (fw_archive_stats_get_model_month (stats, 0, 2), ==, 2);
  g_assert_cmpuint (fw_archive_stats_get_model_month (stats, 1, 2), ==, 1);
  g_assert_cmpuint (fw_archive_stats_get_model_month (stats, 1, 0), ==, 1);
  g_assert_cmpuint (fw_archive_stats_get_model_month (stats, 0, 0), ==, 0);

  /* the person's messages, in the tests' time zone (UTC) */
  hours = fw_archive_stats_get_hours (stats);
  weekdays = fw_archive_stats_get_weekdays (stats);
  g_assert_cmpuint (hours[9], ==, 1);
  g_assert_cmpuint (hours[22], ==, 3);
  g_assert_cmpuint (weekdays[0], ==, 1);
  g_assert_cmpuint (weekdays[5], ==, 3);

  /* 4 sent in the 2 months with any: 2 a month */
  g_assert_cmpfloat (fw_export_summary_get_messages_per_month (summary), ==, 2.0);
  sentence = fw_export_summary_describe_messages_per_month (summary);
  g_assert_cmpstr (sentence, ==, "About 2 messages sent a month, in the months you used ChatGPT.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/export/stats/months", test_months);
  return g_test_run ();
}
