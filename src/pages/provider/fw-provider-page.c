/* fw-provider-page.c — connect another assistant, the key only in the keyring
 *
 * The catalog comes from data/providers.json; choosing a provider shows
 * what it needs (a key, an address for local and custom ones). "Check and
 * Save" asks the provider for its models with the key, and only when that
 * works stores the key in the system keyring (fw_provider_connect_async).
 * The page never keeps the key: the password row is cleared afterwards.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "fw-provider-page.h"
#include "fw-settings.h"
#include "fw-util.h"
#include "provider/fw-connections.h"
#include "provider/fw-provider-catalog.h"
#include "provider/fw-provider-client.h"

struct _FwProviderPage
{
  FwPage               parent_instance;

  GSettings           *settings;
  FwProviderCatalog   *catalog;
  FwProvider          *selected;
  GCancellable        *check_cancellable;
  GCancellable        *probe_cancellable;
  GtkStringList       *models;
  GHashTable          *probe_labels;  /* provider id → GtkLabel */
  char                *connected_id;  /* provider whose models the combo shows */
  gboolean             updating_models;
  guint                reveal_tick;
  guint                reveal_frames;
  guint                status_tick;
  guint                status_frames;

  GtkScrolledWindow   *scroller;

  AdwPreferencesGroup *connected_group;
  GtkListBox          *connected_list;
  GtkListBox          *catalog_list;
  GtkFlowBox          *filter_box;
  GtkWidget           *no_match_label;
  GtkLabel            *about_label;
  GtkListBox          *facts_list;
  GtkWidget           *facts_box;
  AdwEntryRow         *parameter_row;
  FwProviderFilter     filters;
  GtkWidget           *setup_box;
  GtkLabel            *setup_title;
  AdwPreferencesGroup *setup_group;
  GtkWidget           *key_link_button;
  AdwPasswordEntryRow *key_row;
  AdwEntryRow         *base_url_row;
  AdwComboRow         *model_row;
  GtkWidget           *check_box;
  GtkLabel            *status_label;
  GtkWidget           *check_button;
  GtkWidget           *cancel_button;
};

G_DEFINE_FINAL_TYPE (FwProviderPage, fw_provider_page, FW_TYPE_PAGE)

static void
set_status (FwProviderPage *self,
            const char     *message,
            gboolean        is_error)
{
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
  gtk_label_set_text (self->status_label, message ? message : "");
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
    }

  /* Announce the result to screen readers. */
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->check_box),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                    -1);
}

static const char *
provider_name (FwProviderPage *self,
               const char     *id)
{
  FwProvider *provider = fw_provider_catalog_lookup (self->catalog, id);

  return provider ? fw_provider_get_name (provider) : id;
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
update_checking (FwProviderPage *self)
{
  gboolean checking = self->check_cancellable != NULL;
  gboolean cancel_focused = has_focus_within (self->cancel_button);

  gtk_widget_set_visible (self->cancel_button, checking);
  /* Move the focus to Cancel before the fields turn insensitive: a
   * focused text field made insensitive gets no focus-out in GTK 4 and
   * keeps blinking ("GtkText - did not receive a focus-out event"). */
  if (checking &&
      (has_focus_within (GTK_WIDGET (self->key_row)) ||
       has_focus_within (GTK_WIDGET (self->base_url_row)) ||
       has_focus_within (GTK_WIDGET (self->parameter_row)) ||
       has_focus_within (self->check_button)))
    gtk_widget_grab_focus (self->cancel_button);
  gtk_widget_set_sensitive (self->check_button, !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->base_url_row), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->parameter_row), !checking);
  if (!checking && cancel_focused)
    gtk_widget_grab_focus (self->check_button);
}

/* Connected providers */

static void
disconnect_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FwProviderPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fw_provider_disconnect_finish (result, &error))
    fw_page_show_toast (FW_PAGE (self), error->message);
  else
    fw_page_show_toast (FW_PAGE (self), _("Disconnected. The key was removed from the keyring."));
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    FwProviderPage   *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "fw-provider-id");

  if (g_strcmp0 (response, "remove") == 0)
    fw_provider_disconnect_async (id, NULL, disconnect_cb, g_object_ref (self));
}

static void
on_remove_clicked (GtkButton      *button,
                   FwProviderPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "fw-provider-id");
  GtkWidget *dialog;
  g_autofree char *body = g_strdup_printf (_("The API key of %s will be removed from your keyring. You can connect it again at any time."),
                                           provider_name (self, id));

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Disconnect This Provider?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Disconnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "fw-provider-id", g_strdup (id), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (remove_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_make_default_clicked (GtkButton      *button,
                         FwProviderPage *self)
{
  fw_connections_set_default (g_object_get_data (G_OBJECT (button), "fw-provider-id"));
}

static void
rebuild_connected (FwProviderPage *self)
{
  g_autoptr(GListModel) connections = fw_connections_list ();
  guint n = g_list_model_get_n_items (connections);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->connected_list))) != NULL)
    gtk_list_box_remove (self->connected_list, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwConnection) connection = g_list_model_get_item (connections, i);
      const char *id = fw_connection_get_provider_id (connection);
      const char *model = fw_connection_get_model (connection);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *subtitle = NULL;
      g_autofree char *remove_label = g_strdup_printf (_("Disconnect %s"), provider_name (self, id));

      if (fw_connection_get_is_default (connection))
        subtitle = g_strdup_printf (_("%s · default"), model && *model ? model : fw_connection_get_base_url (connection));
      else
        subtitle = g_strdup (model && *model ? model : fw_connection_get_base_url (connection));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), provider_name (self, id));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      if (!fw_connection_get_is_default (connection))
        {
          GtkWidget *make_default = gtk_button_new_with_mnemonic (_("Make _Default"));

          gtk_widget_set_valign (make_default, GTK_ALIGN_CENTER);
          g_object_set_data_full (G_OBJECT (make_default), "fw-provider-id", g_strdup (id), g_free);
          g_signal_connect (make_default, "clicked", G_CALLBACK (on_make_default_clicked), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_default);
        }

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                      -1);
      g_object_set_data_full (G_OBJECT (remove), "fw-provider-id", g_strdup (id), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      gtk_list_box_append (self->connected_list, row);
    }

  /* The provider set up below was disconnected: its models and its
   * "Connected to …" line do not apply any more. */
  if (self->connected_id != NULL)
    {
      g_autoptr(FwConnection) still = fw_connections_lookup (self->connected_id);

      if (still == NULL)
        {
          g_clear_pointer (&self->connected_id, g_free);
          gtk_widget_set_visible (GTK_WIDGET (self->model_row), FALSE);
          set_status (self, NULL, FALSE);
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->connected_group), n > 0);
  fw_page_set_complete (FW_PAGE (self), n > 0);
}

/* The facts people choose by */

/* Where the company is, as a whole phrase: prepositions differ by
 * country in many languages. NULL for a country not listed here. */
static const char *
country_text (const char *code)
{
  static const struct { const char *code; const char *text; } countries[] = {
    { "CH", N_("Company in Switzerland") },
    { "CN", N_("Company in China") },
    { "DE", N_("Company in Germany") },
    { "FR", N_("Company in France") },
    { "NL", N_("Company in the Netherlands") },
    { "US", N_("Company in the United States") },
  };

  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (countries); i++)
    if (g_str_equal (code, countries[i].code))
      return _(countries[i].text);
  return NULL;
}

/* What the catalog says of @fact in words; NULL when it says nothing. */
static char *
fact_text (FwProvider     *provider,
           FwProviderFact  fact)
{
  if (!fw_provider_get_fact_source (provider, fact, NULL, NULL))
    return NULL;

  switch (fact)
    {
    case FW_PROVIDER_FACT_COUNTRY:
      return g_strdup (country_text (fw_provider_get_country (provider)));
    case FW_PROVIDER_FACT_REGION:
      switch (fw_provider_get_region (provider))
        {
        case FW_PROVIDER_REGION_EU: return g_strdup (_("Processed in the EU"));
        case FW_PROVIDER_REGION_SWITZERLAND: return g_strdup (_("Processed in Switzerland"));
        case FW_PROVIDER_REGION_US: return g_strdup (_("Processed in the US"));
        case FW_PROVIDER_REGION_CHINA: return g_strdup (_("Processed in China"));
        case FW_PROVIDER_REGION_SINGAPORE: return g_strdup (_("Processed in Singapore"));
        case FW_PROVIDER_REGION_LOCAL: return g_strdup (_("Runs on this computer"));
        case FW_PROVIDER_REGION_DEPENDS: return g_strdup (_("Where it is processed depends on the model"));
        case FW_PROVIDER_REGION_UNKNOWN: default: return NULL;
        }
    case FW_PROVIDER_FACT_TRAINING:
      switch (fw_provider_get_training (provider))
        {
        case FW_PROVIDER_TRAINING_NO: return g_strdup (_("Does not train on what you send"));
        case FW_PROVIDER_TRAINING_YES: return g_strdup (_("Trains on what you send"));
        case FW_PROVIDER_TRAINING_FREE_TIER: return g_strdup (_("Trains on what you send on the free plan"));
        case FW_PROVIDER_TRAINING_UNKNOWN: default: return NULL;
        }
    case FW_PROVIDER_FACT_OPEN_WEIGHTS:
      switch (fw_provider_get_open_weights (provider))
        {
        case FW_PROVIDER_OPEN_WEIGHTS_YES: return g_strdup (_("Open models"));
        case FW_PROVIDER_OPEN_WEIGHTS_SOME: return g_strdup (_("Some open models"));
        case FW_PROVIDER_OPEN_WEIGHTS_NO: return g_strdup (_("No open models"));
        case FW_PROVIDER_OPEN_WEIGHTS_UNKNOWN: default: return NULL;
        }
    case FW_PROVIDER_FACT_FREE_TIER:
      return fw_provider_get_free_tier (provider) ? g_strdup (_("Free tier")) : NULL;
    case FW_PROVIDER_N_FACTS:
    default:
      return NULL;
    }
}

/* What a row of the list says: the known facts on one line. */
static char *
facts_summary (FwProvider *provider)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (FwProviderFact fact = FW_PROVIDER_FACT_REGION; fact < FW_PROVIDER_N_FACTS; fact++)
    {
      char *text = fact_text (provider, fact);
      if (text != NULL)
        g_ptr_array_add (parts, text);
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static const char *
fact_unknown_text (FwProviderFact fact)
{
  switch (fact)
    {
    case FW_PROVIDER_FACT_COUNTRY: return _("Company’s country: not confirmed");
    case FW_PROVIDER_FACT_REGION: return _("Where it is processed: not confirmed");
    case FW_PROVIDER_FACT_TRAINING: return _("Training on what you send: not confirmed");
    case FW_PROVIDER_FACT_OPEN_WEIGHTS: return _("Open models: not confirmed");
    case FW_PROVIDER_FACT_FREE_TIER: return _("Free tier: not confirmed");
    case FW_PROVIDER_N_FACTS: default: return NULL;
    }
}

static void
on_source_clicked (GtkButton      *button,
                   FwProviderPage *self)
{
  fw_open_uri (GTK_WIDGET (self), g_object_get_data (G_OBJECT (button), "fw-source"));
}

static GtkWidget *
fact_row (FwProviderPage *self,
          const char     *title,
          const char     *source,
          const char     *checked)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  if (source != NULL)
    {
      GtkWidget *button = gtk_button_new_with_label (_("Source"));
      /* Translators: %s is a date, e.g. "2026-12-02" */
      g_autofree char *subtitle = g_strdup_printf (_("Source read on %s"), checked);
      /* Translators: what a screen reader says of the Source button of a
       * fact; %s is the fact, e.g. "Processed in the EU" */
      g_autofree char *label = g_strdup_printf (_("Source of “%s”"), title);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Open the source in your web browser"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (button), "fw-source", g_strdup (source), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_source_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

/* Assumed length of a message, in characters: the export's summary
 * counts messages but not their length. Said in the estimate. */
#define ASSUMED_CHARS_PER_MESSAGE 600.0

static char *
estimate_text (FwProviderPage  *self,
               const char      *model,
               const char     **source,
               const char     **as_of)
{
  const FwProviderPrice *price = fw_provider_lookup_price (self->selected, model);
  FwSession *session = fw_page_get_session (FW_PAGE (self));
  FwExportSummary *summary = session != NULL && fw_session_get_verify_state (session) == FW_TASK_STATE_DONE
                             ? fw_session_get_summary (session) : NULL;
  double per_month, cost;
  g_autofree char *amount = NULL;

  if (price == NULL)
    return g_strdup_printf (_("No dated price is known for %s, so Farewell does not guess what it costs."),
                            model != NULL ? model : fw_provider_get_name (self->selected));

  *source = price->source;
  *as_of = price->as_of;
  per_month = summary != NULL
              ? fw_provider_messages_per_month (fw_export_summary_get_messages (summary),
                                                fw_export_summary_get_first_date (summary),
                                                fw_export_summary_get_last_date (summary))
              : 0;
  if (per_month <= 0)
    return g_strdup (_("Verify your ChatGPT export to see what your use would cost here."));

  cost = fw_provider_round_estimate (fw_provider_estimate_monthly_cost (price, per_month,
                                                                        ASSUMED_CHARS_PER_MESSAGE));
  if (cost < 0.01)
    /* Translators: an estimate; %s is a currency code ("USD"), then a
     * model; %.0f is a count, %.0f a number of characters */
    return g_strdup_printf (_("Less than 0.01 %s a month with %s, for about %.0f messages a month as in your export, taken as %.0f characters each. Only an estimate."),
                            price->currency, model, per_month, ASSUMED_CHARS_PER_MESSAGE);
  amount = g_strdup_printf ("%g", cost);
  /* Translators: an estimate; the first %s is an amount ("2", "0.3"), the
   * second a currency code ("USD"), then a model; %.0f is a count, %.0f
   * a number of characters */
  return g_strdup_printf (_("About %s %s a month with %s, for about %.0f messages a month as in your export, taken as %.0f characters each. Only an estimate."),
                          amount, price->currency, model, per_month, ASSUMED_CHARS_PER_MESSAGE);
}

static const char *
chosen_model (FwProviderPage *self)
{
  guint position = adw_combo_row_get_selected (self->model_row);

  if (self->connected_id != NULL && position != GTK_INVALID_LIST_POSITION &&
      gtk_widget_get_visible (GTK_WIDGET (self->model_row)))
    return gtk_string_list_get_string (self->models, position);
  return fw_provider_get_suggested_model (self->selected);
}

static void
rebuild_facts (FwProviderPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts_list))) != NULL)
    gtk_list_box_remove (self->facts_list, child);
  if (self->selected == NULL)
    return;

  gtk_label_set_text (self->about_label, fw_provider_get_description (self->selected));

  for (FwProviderFact fact = 0; fact < FW_PROVIDER_N_FACTS; fact++)
    {
      const char *source = NULL, *checked = NULL;
      g_autofree char *text = fact_text (self->selected, fact);

      fw_provider_get_fact_source (self->selected, fact, &source, &checked);
      if (text == NULL && fact == FW_PROVIDER_FACT_COUNTRY &&
          fw_provider_get_region (self->selected) == FW_PROVIDER_REGION_LOCAL)
        continue;
      gtk_list_box_append (self->facts_list,
                           fact_row (self, text != NULL ? text : fact_unknown_text (fact),
                                     text != NULL ? source : NULL, checked));
    }

  if (fw_provider_get_region (self->selected) != FW_PROVIDER_REGION_LOCAL &&
      !fw_provider_get_is_custom (self->selected))
    {
      const char *source = NULL, *as_of = NULL;
      g_autofree char *text = estimate_text (self, chosen_model (self), &source, &as_of);
      GtkWidget *row = fact_row (self, _("Estimated cost a month"), source, as_of);

      /* Translators: %s is the date of a price, e.g. "2026-04-26" */
      g_autofree char *dated = as_of != NULL ? g_strdup_printf (_("Price of %s"), as_of) : NULL;
      g_autofree char *subtitle = dated != NULL ? g_strconcat (text, "\n", dated, NULL) : g_strdup (text);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->facts_list, row);
    }
}

/* Filters */

static gboolean
catalog_filter (GtkListBoxRow *row,
                gpointer       user_data)
{
  FwProviderPage *self = user_data;
  FwProvider *provider = g_object_get_data (G_OBJECT (row), "fw-provider");

  return provider == NULL || fw_provider_matches (provider, self->filters);
}

static void
apply_filters (FwProviderPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->catalog));
  gboolean any = FALSE;

  gtk_list_box_invalidate_filter (self->catalog_list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->catalog), i);
      any = any || fw_provider_matches (provider, self->filters);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->catalog_list), any);
  gtk_widget_set_visible (self->no_match_label, !any);
}

static void
on_filter_toggled (GtkToggleButton *button,
                   FwProviderPage  *self)
{
  FwProviderFilter bit = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "fw-filter"));
  g_auto(GStrv) names = NULL;

  if (gtk_toggle_button_get_active (button))
    self->filters |= bit;
  else
    self->filters &= ~bit;
  names = fw_provider_filter_to_names (self->filters);
  g_settings_set_strv (self->settings, "provider-filters", (const char * const *) names);
  apply_filters (self);
}

static void
build_filters (FwProviderPage *self)
{
  static const struct { FwProviderFilter bit; const char *label; } filters[] = {
    { FW_PROVIDER_FILTER_EUROPE, N_("Processed in Europe") },
    { FW_PROVIDER_FILTER_OPEN, N_("Open Models") },
    { FW_PROVIDER_FILTER_LOCAL, N_("On This Computer") },
    { FW_PROVIDER_FILTER_NO_TRAINING, N_("No Training on My Data") },
  };
  g_auto(GStrv) names = g_settings_get_strv (self->settings, "provider-filters");

  self->filters = fw_provider_filter_from_names ((const char * const *) names);
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(filters[i].label));

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), (self->filters & filters[i].bit) != 0);
      g_object_set_data (G_OBJECT (button), "fw-filter", GUINT_TO_POINTER (filters[i].bit));
      g_signal_connect (button, "toggled", G_CALLBACK (on_filter_toggled), self);
      gtk_flow_box_append (self->filter_box, button);
      /* One Tab stop per filter: the button, not also the box's child. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }
  gtk_list_box_set_filter_func (self->catalog_list, catalog_filter, self, NULL);
  apply_filters (self);
}

/* Choosing a provider */

static void
select_provider (FwProviderPage *self,
                 FwProvider     *provider)
{
  g_autofree char *title = NULL;
  gboolean custom = fw_provider_get_is_custom (provider);
  gboolean local = fw_provider_get_is_local (provider);
  const char *hint = fw_provider_get_key_hint (provider);

  if (self->check_cancellable)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_set_object (&self->selected, provider);

  /* Translators: the title of the group where a provider is set up, e.g. "Connect Mistral AI" */
  title = g_strdup_printf (_("Connect %s"), fw_provider_get_name (provider));
  gtk_label_set_text (self->setup_title, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->setup_group),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);

  if (fw_provider_get_needs_key (provider) && hint != NULL && *hint != '\0')
    {
      /* Translators: %s is what a key looks like, e.g. "hf_…" or "32 characters" */
      g_autofree char *description = g_strdup_printf (_("Create a key on the provider’s website and paste it here. Key format: %s"), hint);

      adw_preferences_group_set_description (self->setup_group, description);
    }
  else if (fw_provider_get_needs_key (provider))
    adw_preferences_group_set_description (self->setup_group,
                                           _("Create a key on the provider’s website and paste it here."));
  else if (local)
    adw_preferences_group_set_description (self->setup_group,
                                           _("Runs on this computer: nothing you type leaves it. Start the server, then check it here."));
  else
    adw_preferences_group_set_description (self->setup_group,
                                           _("The address of a service that speaks the OpenAI protocol, for example https://example.com/v1. A key is optional."));

  gtk_widget_set_visible (self->key_link_button,
                          fw_provider_get_key_url (provider) != NULL && *fw_provider_get_key_url (provider) != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->key_row), fw_provider_get_needs_key (provider) || custom);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row),
                                 fw_provider_get_needs_key (provider) ? _("API key") : _("API key (optional)"));
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");

  gtk_widget_set_visible (GTK_WIDGET (self->parameter_row), fw_provider_get_url_parameter (provider) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->parameter_row), "");

  gtk_widget_set_visible (GTK_WIDGET (self->base_url_row), local || custom);
  gtk_editable_set_text (GTK_EDITABLE (self->base_url_row),
                         fw_provider_get_base_url (provider) ? fw_provider_get_base_url (provider) : "");

  gtk_widget_set_visible (GTK_WIDGET (self->model_row), FALSE);
  g_clear_pointer (&self->connected_id, g_free);
  set_status (self, NULL, FALSE);

  rebuild_facts (self);
  gtk_widget_set_visible (self->setup_box, TRUE);
  gtk_widget_set_visible (self->facts_box, TRUE);
  gtk_widget_set_visible (self->check_box, TRUE);
  update_checking (self);
}

/* The setup group sits below a long catalog: once it has its new size,
 * scroll it into view (unless it already is) and put the focus in its
 * first field, so that choosing a provider visibly leads somewhere. */
static gboolean
reveal_setup_tick (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  FwProviderPage *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scroller);
  GtkWidget *content = gtk_widget_get_first_child (viewport);
  graphene_rect_t group, check;

  /* Tick callbacks run before layout: wait one frame for the allocation. */
  if (self->reveal_frames++ == 0)
    return G_SOURCE_CONTINUE;
  self->reveal_tick = 0;

  if (gtk_widget_compute_bounds (self->setup_box, content, &group) &&
      gtk_widget_compute_bounds (self->check_box, content, &check))
    {
      double top = group.origin.y - 12;
      double bottom = check.origin.y + check.size.height + 12;
      double value = gtk_adjustment_get_value (adjustment);
      double page = gtk_adjustment_get_page_size (adjustment);

      if (top < value || bottom > value + page)
        gtk_adjustment_set_value (adjustment, bottom - top <= page ? bottom - page : top);
    }

  if (gtk_widget_get_visible (GTK_WIDGET (self->parameter_row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->parameter_row));
  else if (gtk_widget_get_visible (GTK_WIDGET (self->key_row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
  else if (gtk_widget_get_visible (GTK_WIDGET (self->base_url_row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->base_url_row));
  else
    gtk_widget_grab_focus (self->check_button);

  return G_SOURCE_REMOVE;
}

/* After a check, the result line may sit below the fold (a model chooser
 * appeared above it): bring it and the buttons into view. */
static gboolean
reveal_status_tick (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  FwProviderPage *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scroller);
  GtkWidget *content = gtk_widget_get_first_child (viewport);
  graphene_rect_t check;

  if (self->status_frames++ == 0)
    return G_SOURCE_CONTINUE;
  self->status_tick = 0;

  if (gtk_widget_compute_bounds (self->check_box, content, &check))
    {
      double top = check.origin.y - 12;
      double bottom = check.origin.y + check.size.height + 12;
      double value = gtk_adjustment_get_value (adjustment);
      double page = gtk_adjustment_get_page_size (adjustment);

      if (bottom > value + page)
        value = bottom - page;
      if (top < value)
        value = top;
      gtk_adjustment_set_value (adjustment, value);
    }

  return G_SOURCE_REMOVE;
}

static void
reveal_status (FwProviderPage *self)
{
  self->status_frames = 0;
  if (self->status_tick == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->status_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_status_tick, self, NULL);
}

static void
on_radio_toggled (GtkCheckButton *button,
                  FwProviderPage *self)
{
  FwProvider *provider = g_object_get_data (G_OBJECT (button), "fw-provider");

  if (gtk_check_button_get_active (button))
    {
      select_provider (self, provider);
      self->reveal_frames = 0;
      if (self->reveal_tick == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
        self->reveal_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_setup_tick, self, NULL);
    }
}

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GtkLabel *label = user_data;
  g_autoptr(GError) error = NULL;
  gboolean running = fw_provider_probe_local_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (label);
      return;
    }

  gtk_label_set_text (label, running ? _("Running") : _("Not running"));
  if (running)
    gtk_widget_add_css_class (GTK_WIDGET (label), "success");
  else
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  g_object_unref (label);
}

/* Local servers are detected when their default port answers. */
static void
probe_local_providers (FwProviderPage *self)
{
  GHashTableIter iter;
  gpointer key, value;

  if (self->probe_cancellable)
    g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  self->probe_cancellable = g_cancellable_new ();

  g_hash_table_iter_init (&iter, self->probe_labels);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      FwProvider *provider = fw_provider_catalog_lookup (self->catalog, key);

      fw_provider_probe_local_async (provider, NULL, self->probe_cancellable,
                                     probe_cb, g_object_ref (value));
    }
}

static void
build_catalog (FwProviderPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->catalog));
  GtkCheckButton *group = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FwProvider) provider = g_list_model_get_item (G_LIST_MODEL (self->catalog), i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *radio = gtk_check_button_new ();
      g_autofree char *summary = facts_summary (provider);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fw_provider_get_name (provider));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   *summary != '\0' ? summary : fw_provider_get_description (provider));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      g_object_set_data_full (G_OBJECT (row), "fw-provider", g_object_ref (provider), g_object_unref);

      gtk_check_button_set_group (GTK_CHECK_BUTTON (radio), group);
      if (group == NULL)
        group = GTK_CHECK_BUTTON (radio);
      gtk_widget_set_valign (radio, GTK_ALIGN_CENTER);
      /* The facts are read out with the name, as they are shown beside it. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (radio),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, fw_provider_get_name (provider),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      *summary != '\0' ? summary : fw_provider_get_description (provider),
                                      -1);
      g_object_set_data_full (G_OBJECT (radio), "fw-provider", g_object_ref (provider), g_object_unref);
      g_signal_connect (radio, "toggled", G_CALLBACK (on_radio_toggled), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), radio);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), radio);

      if (fw_provider_get_is_local (provider))
        {
          GtkWidget *label = gtk_label_new (NULL);

          gtk_widget_set_visible (label, FALSE);
          gtk_widget_add_css_class (label, "caption");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
          g_hash_table_insert (self->probe_labels, g_strdup (fw_provider_get_id (provider)), label);
        }

      gtk_list_box_append (self->catalog_list, row);
    }
}

/* Checking and saving */

static void
on_model_selected (FwProviderPage *self)
{
  guint position = adw_combo_row_get_selected (self->model_row);
  const char *model;

  if (self->updating_models || self->connected_id == NULL || position == GTK_INVALID_LIST_POSITION)
    return;

  model = gtk_string_list_get_string (self->models, position);
  if (model != NULL)
    fw_connections_set_model (self->connected_id, model);
  rebuild_facts (self);
}

static void
show_models (FwProviderPage     *self,
             const char * const *models,
             const char         *preferred)
{
  guint selected = 0;

  self->updating_models = TRUE;
  gtk_string_list_splice (self->models, 0, g_list_model_get_n_items (G_LIST_MODEL (self->models)), models);
  for (guint i = 0; models != NULL && models[i] != NULL; i++)
    if (g_strcmp0 (models[i], preferred) == 0)
      selected = i;
  adw_combo_row_set_selected (self->model_row, selected);
  self->updating_models = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->model_row), models != NULL && models[0] != NULL);
  on_model_selected (self);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FwProviderPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = fw_provider_connect_finish (result, &error);
  g_autoptr(FwConnection) connection = NULL;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->check_cancellable);
  update_checking (self);

  if (models == NULL)
    {
      set_status (self, error->message, TRUE);
      reveal_status (self);
      return;
    }

  /* The key is in the keyring now; don't keep it in the window. */
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");

  g_free (self->connected_id);
  self->connected_id = g_strdup (fw_provider_get_id (self->selected));
  connection = fw_connections_lookup (self->connected_id);
  show_models (self, (const char * const *) models,
               connection ? fw_connection_get_model (connection) : fw_provider_get_suggested_model (self->selected));

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Connected to %s. %u model is available.",
                                          "Connected to %s. %u models are available.",
                                          g_strv_length (models)),
                             fw_provider_get_name (self->selected), g_strv_length (models));
  set_status (self, message, FALSE);
  reveal_status (self);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FwProviderPage *self = FW_PROVIDER_PAGE (widget);
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  const char *base_url;
  g_autofree char *resolved = NULL;

  /* Enter in a hidden field, or the action from elsewhere. */
  if (self->selected == NULL || self->check_cancellable != NULL)
    return;

  base_url = fw_provider_get_base_url (self->selected);

  if (gtk_widget_get_visible (GTK_WIDGET (self->base_url_row)))
    base_url = gtk_editable_get_text (GTK_EDITABLE (self->base_url_row));

  if (fw_provider_get_url_parameter (self->selected) != NULL)
    {
      g_autoptr(GError) error = NULL;

      g_free (resolved);
      resolved = fw_provider_resolve_base_url (self->selected,
                                               gtk_editable_get_text (GTK_EDITABLE (self->parameter_row)),
                                               &error);
      if (resolved == NULL)
        {
          set_status (self, error->message, TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->parameter_row));
          return;
        }
      base_url = resolved;
    }

  if (base_url == NULL || *base_url == '\0')
    {
      set_status (self, _("Enter the address of the service first."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->base_url_row));
      return;
    }

  if (fw_provider_get_needs_key (self->selected) && *key == '\0')
    {
      set_status (self, _("Paste your API key first."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
      return;
    }

  self->check_cancellable = g_cancellable_new ();
  update_checking (self);
  set_status (self, _("Checking with the provider…"), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");

  fw_provider_connect_async (self->selected, base_url, *key ? key : NULL, NULL,
                             self->check_cancellable, connect_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FwProviderPage *self = FW_PROVIDER_PAGE (widget);

  if (self->check_cancellable)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  update_checking (self);
  set_status (self, _("Cancelled. Nothing was stored."), FALSE);
  /* Neither an error nor a success. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
}

static void
open_key_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FwProviderPage *self = FW_PROVIDER_PAGE (widget);

  if (self->selected != NULL && fw_provider_get_key_url (self->selected) != NULL)
    fw_open_uri (widget, fw_provider_get_key_url (self->selected));
}

static void
on_entry_activated (FwProviderPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "provider.check", NULL);
}

static void
fw_provider_page_shown (FwPage *page)
{
  FwProviderPage *self = FW_PROVIDER_PAGE (page);

  rebuild_connected (self);
  probe_local_providers (self);
}

static void
fw_provider_page_dispose (GObject *object)
{
  FwProviderPage *self = FW_PROVIDER_PAGE (object);

  if (self->check_cancellable)
    g_cancellable_cancel (self->check_cancellable);
  if (self->probe_cancellable)
    g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->probe_cancellable);
  if (self->reveal_tick)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick);
  self->reveal_tick = 0;
  if (self->status_tick)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->status_tick);
  self->status_tick = 0;

  G_OBJECT_CLASS (fw_provider_page_parent_class)->dispose (object);
}

static void
fw_provider_page_finalize (GObject *object)
{
  FwProviderPage *self = FW_PROVIDER_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->selected);
  g_clear_object (&self->models);
  g_clear_pointer (&self->probe_labels, g_hash_table_unref);
  g_clear_pointer (&self->connected_id, g_free);

  G_OBJECT_CLASS (fw_provider_page_parent_class)->finalize (object);
}

static void
fw_provider_page_class_init (FwProviderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FwPageClass *page_class = FW_PAGE_CLASS (klass);

  object_class->dispose = fw_provider_page_dispose;
  object_class->finalize = fw_provider_page_finalize;
  page_class->shown = fw_provider_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/farewell/Farewell/pages/provider/fw-provider-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, connected_group);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, connected_list);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, catalog_list);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, no_match_label);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, about_label);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, facts_list);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, facts_box);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, parameter_row);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, setup_box);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, setup_title);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, setup_group);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, key_link_button);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, check_box);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, FwProviderPage, cancel_button);

  gtk_widget_class_install_action (widget_class, "provider.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "provider.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "provider.open-key-page", NULL, open_key_page_action);
}

static void
fw_provider_page_init (FwProviderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = fw_settings_new ();
  self->catalog = fw_provider_catalog_get_default ();
  self->models = gtk_string_list_new (NULL);
  self->probe_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (self->models));
  g_signal_connect_swapped (self->model_row, "notify::selected", G_CALLBACK (on_model_selected), self);
  g_signal_connect_swapped (self->key_row, "entry-activated", G_CALLBACK (on_entry_activated), self);
  g_signal_connect_swapped (self->base_url_row, "entry-activated", G_CALLBACK (on_entry_activated), self);
  g_signal_connect_swapped (self->parameter_row, "entry-activated", G_CALLBACK (on_entry_activated), self);
  g_signal_connect_swapped (self->settings, "changed::connected-providers", G_CALLBACK (rebuild_connected), self);
  g_signal_connect_swapped (self->settings, "changed::default-provider", G_CALLBACK (rebuild_connected), self);

  build_catalog (self);
  build_filters (self);
  rebuild_connected (self);
}
