/* test-provider-choose.c — choosing a new provider by what matters
 *
 * The filters above the New Provider list show what the catalog says and
 * are kept in GSettings; the chosen provider's detail lists its facts,
 * each with its source and date (or "not confirmed"), and a monthly cost
 * estimate from the verified export where the catalog has a dated price.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fw-session.h"
#include "fw-test-ui.h"
#include "provider/fw-provider-catalog.h"

static GtkWidget *
show_provider_page (FwWindow *window)
{
  fw_window_set_page_name (window, "provider");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  return GTK_WIDGET (fw_window_get_page (window));
}

/* A filtered-out row stays visible but is not child-visible, so not mapped. */
static gboolean
row_shown (GtkWidget  *page,
           const char *title)
{
  GtkWidget *row = fw_test_ui_find_row (page, title);

  return row != NULL && gtk_widget_get_mapped (row);
}

static void
set_filter (GtkWidget  *page,
            const char *label,
            gboolean    active)
{
  GtkWidget *button = fw_test_ui_find_button (page, label);

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), active);
}

static gboolean
filter_active (GtkWidget  *page,
               const char *label)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (fw_test_ui_find_button (page, label)));
}

/* Every provider's row is shown exactly when it is what the filters ask. */
static void
assert_rows_match (GtkWidget        *window,
                   GtkWidget        *page,
                   FwProviderFilter  filters)
{
  FwProviderCatalog *catalog = fw_provider_catalog_get_default ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  guint shown = 0;

  fw_test_ui_wait_painted (window);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwProvider) provider = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      gboolean matches = fw_provider_matches (provider, filters);

      g_assert_true (row_shown (page, fw_provider_get_name (provider)) == matches);
      shown += matches;
    }
  g_assert_true ((fw_test_ui_find_shown_text (page, "No provider matches") != NULL) == (shown == 0));
}

static void
test_filters (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.farewell.Farewell");
  FwWindow *window;
  GtkWidget *page;
  g_auto(GStrv) saved = NULL;

  g_settings_reset (settings, "provider-filters");
  window = fw_test_ui_open_window (760, 680);
  page = show_provider_page (window);
  assert_rows_match (GTK_WIDGET (window), page, 0);

  set_filter (page, "Processed in Europe", TRUE);
  assert_rows_match (GTK_WIDGET (window), page, FW_PROVIDER_FILTER_EUROPE);
  g_assert_true (row_shown (page, "Scaleway"));
  g_assert_false (row_shown (page, "DeepSeek"));
  saved = g_settings_get_strv (settings, "provider-filters");
  g_assert_cmpstrv (saved, ((const char *[]) { "europe", NULL }));

  set_filter (page, "Open Models", TRUE);
  assert_rows_match (GTK_WIDGET (window), page, FW_PROVIDER_FILTER_EUROPE | FW_PROVIDER_FILTER_OPEN);

  set_filter (page, "No Training on My Data", TRUE);
  set_filter (page, "Processed in Europe", FALSE);
  set_filter (page, "Open Models", FALSE);
  assert_rows_match (GTK_WIDGET (window), page, FW_PROVIDER_FILTER_NO_TRAINING);
  g_assert_true (row_shown (page, "Anthropic Claude"));
  g_assert_false (row_shown (page, "Google Gemini"));

  /* Nothing is both in Europe and on this computer. */
  set_filter (page, "No Training on My Data", FALSE);
  set_filter (page, "Processed in Europe", TRUE);
  set_filter (page, "On This Computer", TRUE);
  assert_rows_match (GTK_WIDGET (window), page,
                     FW_PROVIDER_FILTER_EUROPE | FW_PROVIDER_FILTER_LOCAL);
  fw_test_ui_close_window (window);

  /* The filters are kept for the next time. */
  window = fw_test_ui_open_window (360, 680);
  page = show_provider_page (window);
  g_assert_true (filter_active (page, "Processed in Europe"));
  g_assert_true (filter_active (page, "On This Computer"));
  g_assert_false (filter_active (page, "Open Models"));
  assert_rows_match (GTK_WIDGET (window), page,
                     FW_PROVIDER_FILTER_EUROPE | FW_PROVIDER_FILTER_LOCAL);
  fw_test_ui_close_window (window);

  g_settings_reset (settings, "provider-filters");
}

static void
choose (GtkWidget  *page,
        const char *id)
{
  FwProvider *provider = fw_provider_catalog_lookup (fw_provider_catalog_get_default (), id);
  GtkWidget *row = fw_test_ui_find_row (page, fw_provider_get_name (provider));
  GtkWidget *radio;

  g_assert_nonnull (row);
  radio = fw_test_ui_find_child (row, GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (radio);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (radio), TRUE);
}

static const char *
row_subtitle (GtkWidget  *page,
              const char *title)
{
  GtkWidget *row = fw_test_ui_find_row (page, title);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static void
test_detail (void)
{
  FwWindow *window = fw_test_ui_open_window (760, 680);
  FwSession *session = fw_window_get_session (window);
  g_autofree char *demo = g_build_filename (g_getenv ("FAREWELL_TEST_DATA"), "screenshots", "demo-export", NULL);
  g_autoptr(GFile) demo_file = g_file_new_for_path (demo);
  GtkWidget *page, *product, *source;
  const char *subtitle;

  page = show_provider_page (window);

  /* Every country of the catalog has its phrase. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fw_provider_catalog_get_default ())); i++)
    {
      g_autoptr(FwProvider) provider = g_list_model_get_item (G_LIST_MODEL (fw_provider_catalog_get_default ()), i);

      if (fw_provider_get_country (provider) == NULL)
        continue;
      choose (page, fw_provider_get_id (provider));
      g_assert_nonnull (fw_test_ui_find_text (page, "Company in "));
    }

  /* Before an export is verified there is nothing to estimate from. */
  choose (page, "deepseek");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  g_assert_nonnull (fw_test_ui_find_shown_text (page, "processed and stored in China"));
  g_assert_nonnull (strstr (row_subtitle (page, "Processed in China"), "2026-11-24"));
  g_assert_nonnull (fw_test_ui_find_row (page, "Training on what you send: not confirmed"));
  subtitle = row_subtitle (page, "Estimated cost a month");
  g_assert_nonnull (strstr (subtitle, "Verify your ChatGPT export"));
  g_assert_nonnull (strstr (subtitle, "2026-04-26"));

  /* Each fact links to where it was read. */
  source = fw_test_ui_find_child (fw_test_ui_find_row (page, "Processed in China"), GTK_TYPE_BUTTON);
  g_assert_nonnull (source);
  g_assert_nonnull (gtk_widget_get_tooltip_text (source));

  fw_session_set_export_file (session, demo_file);
  g_assert_true (fw_test_ui_wait_for (fw_test_ui_verify_finished, session, 30000));
  g_assert_cmpint (fw_session_get_verify_state (session), ==, FW_TASK_STATE_DONE);

  /* With the export's figures, an order of magnitude and the price's date. */
  choose (page, "mistral");
  choose (page, "deepseek");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  subtitle = row_subtitle (page, "Estimated cost a month");
  g_assert_true (g_str_has_prefix (subtitle, "About ") || g_str_has_prefix (subtitle, "Less than 0.01 "));
  g_assert_nonnull (strstr (subtitle, "USD a month with deepseek-chat"));
  g_assert_nonnull (strstr (subtitle, "Only an estimate"));
  g_assert_nonnull (strstr (subtitle, "Price of 2026-04-26"));

  choose (page, "scaleway");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  subtitle = row_subtitle (page, "Estimated cost a month");
  g_assert_nonnull (strstr (subtitle, "EUR a month with llama-3.3-70b-instruct"));
  g_assert_nonnull (strstr (subtitle, "Price of 2025-04-11"));
  g_assert_nonnull (fw_test_ui_find_row (page, "Processed in the EU"));
  g_assert_nonnull (fw_test_ui_find_row (page, "Open models"));
  g_assert_nonnull (fw_test_ui_find_row (page, "Free tier"));

  /* Where the catalog knows no price, it says so; unknown facts say so too. */
  choose (page, "nebius");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  g_assert_nonnull (strstr (row_subtitle (page, "Estimated cost a month"), "No dated price is known"));
  g_assert_nonnull (fw_test_ui_find_row (page, "Where it is processed: not confirmed"));
  g_assert_nonnull (fw_test_ui_find_row (page, "Training on what you send: not confirmed"));

  /* Local servers cost nothing per message: no estimate. */
  choose (page, "ollama");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  g_assert_null (fw_test_ui_find_row (page, "Estimated cost a month"));
  g_assert_nonnull (fw_test_ui_find_row (page, "Runs on this computer"));

  /* Infomaniak asks for the product id, and only accepts one. */
  choose (page, "infomaniak");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  product = fw_test_ui_find_row (page, "Product ID");
  g_assert_nonnull (product);
  gtk_editable_set_text (GTK_EDITABLE (product), "12/../34");
  gtk_editable_set_text (GTK_EDITABLE (fw_test_ui_find_child (page, ADW_TYPE_PASSWORD_ENTRY_ROW)), "key");
  gtk_widget_activate_action (page, "provider.check", NULL);
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  g_assert_nonnull (fw_test_ui_find_shown_text (page, "Enter the product ID"));
  gtk_editable_set_text (GTK_EDITABLE (fw_test_ui_find_child (page, ADW_TYPE_PASSWORD_ENTRY_ROW)), "");

  /* Another provider does not ask for it. */
  choose (page, "mistral");
  fw_test_ui_wait_painted (GTK_WIDGET (window));
  g_assert_null (fw_test_ui_find_row (page, "Product ID"));

  fw_test_ui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  fw_test_ui_init (&argc, &argv);

  g_test_add_func ("/provider-choose/filters", test_filters);
  g_test_add_func ("/provider-choose/detail", test_detail);

  return g_test_run ();
}
