/* bench-stall.c — how long the main loop is blocked while an export is
 * verified and converted
 *
 *   bench-stall [--core] EXPORT OUTPUT-DIR
 *
 * Default (window mode): opens the real Farewell window (FwApplication,
 * FwWindow, its pages and FwSession), shows the Export page and opens
 * EXPORT there as a person would (fw_window_open_export: verification with
 * the page's progress bar), then shows the Archive page and, a second
 * later, creates the archive through fw_session_create_archive, exactly
 * what the "Create Archive" button does. Only the two runs of the engine
 * are measured, from the call that starts each until its result is shown;
 * the page changes happen outside them. Needs a display: run it under
 * `xvfb-run -a`.
 *
 * --core: no GTK; the same async engine calls the session makes
 * (fw_export_verify_async, then fw_export_convert_async, all formats) in a
 * plain GMainLoop.
 *
 * Meanwhile a 1 ms timeout at default priority notes the time between its
 * runs: anything that keeps the main loop busy (progress handlers, layout
 * and painting, the result callbacks) shows as a longer gap. It prints the
 * longest gap and the 99th percentile per phase, the number of progress
 * updates and of frames painted, and one JSON line at the end (read by
 * run-bench.py). The 1 ms period itself is the floor of every gap.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <adwaita.h>

#include "export/fw-export.h"
#include "fw-application.h"
#include "fw-session.h"
#include "fw-window.h"

typedef struct {
  gint64 length;          /* µs */
  gint64 at;              /* end of the gap, µs after the phase began */
} Gap;

typedef struct {
  const char *name;
  GArray     *gaps;       /* Gap */
  gint64      start;
  gint64      end;
  guint       progress;   /* progress updates seen on the main loop */
  guint       frames;     /* frames painted (window mode) */
  gboolean    ok;
  char       *error;
} Phase;

enum { PHASE_VERIFY, PHASE_CONVERT, N_PHASES };

static Phase phases[N_PHASES] = {
  { "verify" },
  { "convert" },
};
static int current = -1;
static gint64 last_tick;
static GMainLoop *loop;
static GFile *export_file;
static GFile *output_dir;

static gboolean
tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (current >= 0 && last_tick != 0)
    {
      Gap gap = { now - last_tick, now - phases[current].start };

      g_array_append_val (phases[current].gaps, gap);
    }
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
begin_phase (int phase)
{
  current = phase;
  phases[phase].start = g_get_monotonic_time ();
  last_tick = phases[phase].start;
}

static void
end_phase (int         phase,
           gboolean    ok,
           const char *error)
{
  phases[phase].end = g_get_monotonic_time ();
  phases[phase].ok = ok;
  phases[phase].error = g_strdup (error);
  current = -1;
}

static int
compare_gap (gconstpointer a,
             gconstpointer b)
{
  gint64 x = ((const Gap *) a)->length, y = ((const Gap *) b)->length;

  return x < y ? -1 : x > y;
}

static void
phase_stats (Phase  *phase,
             double *max_ms,
             double *p99_ms)
{
  GArray *gaps = phase->gaps;

  *max_ms = *p99_ms = 0;
  if (gaps->len == 0)
    return;
  g_array_sort (gaps, compare_gap);
  *max_ms = g_array_index (gaps, Gap, gaps->len - 1).length / 1000.0;
  *p99_ms = g_array_index (gaps, Gap, MIN (gaps->len - 1, (guint) (gaps->len * 0.99))).length / 1000.0;
}

/* Core mode: the engine's async API in a GMainLoop */

static void
core_progress (const FwExportProgress *progress,
               gpointer                user_data)
{
  Phase *phase = user_data;

  phase->progress++;
}

static void convert_done (GObject *source, GAsyncResult *result, gpointer user_data);

static void
verify_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = fw_export_verify_finish (result, &error);

  end_phase (PHASE_VERIFY, summary != NULL, error ? error->message : NULL);
  if (summary == NULL)
    {
      g_main_loop_quit (loop);
      return;
    }

  begin_phase (PHASE_CONVERT);
  fw_export_convert_async (export_file, output_dir, FW_ARCHIVE_FORMAT_ALL, NULL,
                           core_progress, &phases[PHASE_CONVERT], NULL,
                           convert_done, NULL);
}

static void
convert_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FwExportSummary) summary = fw_export_convert_finish (result, &error);

  end_phase (PHASE_CONVERT, summary != NULL, error ? error->message : NULL);
  g_main_loop_quit (loop);
}

static void
run_core (void)
{
  begin_phase (PHASE_VERIFY);
  fw_export_verify_async (export_file, NULL, core_progress, &phases[PHASE_VERIFY], NULL,
                          verify_done, NULL);
  g_main_loop_run (loop);
}

/* Window mode: the real window and session */

static FwWindow *window;

static void
on_fraction (FwSession  *session,
             GParamSpec *pspec,
             gpointer    data)
{
  if (current >= 0)
    phases[current].progress++;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  if (current >= 0)
    phases[current].frames++;
}

static void
on_archive_state (FwSession  *session,
                  GParamSpec *pspec,
                  gpointer    data)
{
  FwTaskState state = fw_session_get_archive_state (session);

  if (current != PHASE_CONVERT || state == FW_TASK_STATE_RUNNING)
    return;

  if (state == FW_TASK_STATE_DONE)
    end_phase (PHASE_CONVERT, TRUE, NULL);
  else if (state == FW_TASK_STATE_FAILED)
    {
      const GError *error = fw_session_get_archive_error (session);

      end_phase (PHASE_CONVERT, FALSE, error ? error->message : "failed");
    }
  else
    return;

  g_main_loop_quit (loop);
}

static gboolean
start_convert (gpointer data)
{
  FwSession *session = fw_window_get_session (window);

  begin_phase (PHASE_CONVERT);
  /* What the Archive page's "Create Archive" button does. */
  fw_session_create_archive (session, output_dir, FW_ARCHIVE_FORMAT_ALL);
  return G_SOURCE_REMOVE;
}

static gboolean
show_archive_page (gpointer data)
{
  /* "Next": the person reads the summary on the Archive page, then
   * creates the archive. Only that second part is measured. */
  fw_window_set_page_name (window, "archive");
  g_timeout_add (1000, start_convert, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_verify_state (FwSession  *session,
                 GParamSpec *pspec,
                 gpointer    data)
{
  FwTaskState state = fw_session_get_verify_state (session);

  if (current != PHASE_VERIFY || state == FW_TASK_STATE_RUNNING || state == FW_TASK_STATE_IDLE)
    return;

  if (state == FW_TASK_STATE_DONE)
    {
      end_phase (PHASE_VERIFY, TRUE, NULL);
      /* Let the summary appear, as the person would see it, then go on. */
      g_timeout_add (300, show_archive_page, NULL);
    }
  else
    {
      const GError *error = fw_session_get_verify_error (session);

      end_phase (PHASE_VERIFY, FALSE, error ? error->message : "failed");
      g_main_loop_quit (loop);
    }
}

static gboolean
start_verify (gpointer data)
{
  /* What choosing the file on the Export page does. */
  begin_phase (PHASE_VERIFY);
  fw_window_open_export (window, export_file);
  return G_SOURCE_REMOVE;
}

static gboolean
show_export_page (gpointer data)
{
  fw_window_set_page_name (window, "export");
  g_timeout_add (1000, start_verify, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
mapped_and_settled (gpointer data)
{
  static guint waited;

  if (!gtk_widget_get_mapped (GTK_WIDGET (window)) && ++waited < 500)
    return G_SOURCE_CONTINUE;
  g_timeout_add (500, show_export_page, NULL);
  return G_SOURCE_REMOVE;
}

static int
run_window (void)
{
  g_autoptr(FwApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  FwSession *session;

  adw_init ();
  app = fw_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("bench-stall: %s\n", error->message);
      return 1;
    }

  window = fw_window_new (ADW_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  session = fw_window_get_session (window);
  g_signal_connect (session, "notify::fraction", G_CALLBACK (on_fraction), NULL);
  g_signal_connect (session, "notify::verify-state", G_CALLBACK (on_verify_state), NULL);
  g_signal_connect (session, "notify::archive-state", G_CALLBACK (on_archive_state), NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);

  g_timeout_add (10, mapped_and_settled, NULL);
  g_main_loop_run (loop);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  gboolean core = FALSE;
  g_autoptr(GString) json = g_string_new (NULL);
  double worst = 0, worst_p99 = 0;
  int ok = TRUE;
  int arg = 1;

  setlocale (LC_ALL, "");

  if (argc > 1 && strcmp (argv[1], "--core") == 0)
    {
      core = TRUE;
      arg++;
    }
  if (argc - arg != 2)
    {
      g_printerr ("usage: bench-stall [--core] EXPORT OUTPUT-DIR\n");
      return 2;
    }

  export_file = g_file_new_for_commandline_arg (argv[arg]);
  output_dir = g_file_new_for_commandline_arg (argv[arg + 1]);
  for (int i = 0; i < N_PHASES; i++)
    phases[i].gaps = g_array_new (FALSE, FALSE, sizeof (Gap));
  loop = g_main_loop_new (NULL, FALSE);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 1, tick, NULL, NULL);

  if (core)
    run_core ();
  else if (run_window () != 0)
    return 1;

  g_string_append_printf (json, "{\"mode\":\"%s\"", core ? "core" : "window");
  for (int i = 0; i < N_PHASES; i++)
    {
      Phase *phase = &phases[i];
      double max_ms, p99_ms;
      double seconds = (phase->end - phase->start) / 1e6;

      phase_stats (phase, &max_ms, &p99_ms);
      printf ("%-8s %s  %6.2f s  longest stall %7.2f ms  p99 %6.2f ms  %u progress updates (%.1f/s)",
              phase->name, phase->ok ? "ok  " : "FAIL", seconds, max_ms, p99_ms,
              phase->progress, seconds > 0 ? phase->progress / seconds : 0.0);
      if (!core)
        printf ("  %u frames", phase->frames);
      printf ("\n");
      /* the longest gaps, and when they ended */
      printf ("         longest:");
      for (guint k = 0; k < 5 && k < phase->gaps->len; k++)
        {
          Gap *gap = &g_array_index (phase->gaps, Gap, phase->gaps->len - 1 - k);

          printf (" %.1f ms at %.3f s%s", gap->length / 1000.0, gap->at / 1e6, k < 4 ? "," : "");
        }
      printf ("\n");
      if (phase->error)
        printf ("         %s\n", phase->error);

      g_string_append_printf (json, ",\"%s\":{\"ok\":%s,\"seconds\":%.3f,\"max_ms\":%.3f,\"p99_ms\":%.3f,"
                              "\"ticks\":%u,\"progress\":%u,\"frames\":%u}",
                              phase->name, phase->ok ? "true" : "false", seconds, max_ms, p99_ms,
                              phase->gaps->len, phase->progress, phase->frames);
      worst = MAX (worst, max_ms);
      worst_p99 = MAX (worst_p99, p99_ms);
      ok = ok && phase->ok;
    }
  g_string_append_printf (json, ",\"max_ms\":%.3f,\"p99_ms\":%.3f,\"ok\":%s}", worst, worst_p99, ok ? "true" : "false");
  printf ("%s\n", json->str);

  return ok ? 0 : 1;
}
