/* fw-cli-checklist.c — `farewell --checklist`
 *
 * Prints the account-deletion checklist with its links and sources, the
 * progress saved by the window ([x] / [ ]), and whether the step is
 * unlocked, and why. Read-only: ticking happens in the window.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "fw-cli-checklist.h"
#include "fw-settings.h"
#include "account/fw-checklist.h"

#define WRAP_WIDTH 78

/* Prints text word-wrapped at WRAP_WIDTH columns; the first line starts
 * with first (which is as wide as indent), the others with indent. */
static void
print_wrapped (const char *first,
               const char *indent,
               const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) line = g_string_new (first);
  glong indent_len = g_utf8_strlen (indent, -1);
  glong len = g_utf8_strlen (first, -1);
  gboolean line_empty = TRUE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong word_len = g_utf8_strlen (words[i], -1);

      if (*words[i] == '\0')
        continue;

      if (!line_empty && len + 1 + word_len > WRAP_WIDTH)
        {
          g_print ("%s\n", line->str);
          g_string_assign (line, indent);
          len = indent_len;
          line_empty = TRUE;
        }

      if (!line_empty)
        {
          g_string_append_c (line, ' ');
          len++;
        }
      g_string_append (line, words[i]);
      len += word_len;
      line_empty = FALSE;
    }

  g_print ("%s\n", line->str);
}

static void
print_gate (FwChecklist *checklist,
            GSettings   *settings)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  switch (fw_checklist_get_unlock_reason (checklist))
    {
    case FW_CHECKLIST_UNLOCKED_BY_EXPORT:
      path = g_settings_get_string (settings, "verified-export-path");
      if (path != NULL && *path != '\0')
        /* Translators: %s is the path of the ChatGPT export file */
        text = g_strdup_printf (_("Unlocked: your export was verified (%s)."), path);
      else
        text = g_strdup (_("Unlocked: your export was verified."));
      print_wrapped ("", "", text);
      break;

    case FW_CHECKLIST_UNLOCKED_BY_CONFIRMATION:
      print_wrapped ("", "", _("Unlocked: you confirmed that you do not need your data."));
      break;

    case FW_CHECKLIST_LOCKED:
    default:
      print_wrapped ("", "", _("Locked: save your data first. Deleting the account erases your conversations for good. Open Farewell and check your ChatGPT export there, or confirm there that you do not need your data. The list is shown here so you can read it."));
      break;
    }
}

static void
print_item (FwChecklistItem *item,
            guint            number)
{
  const char *indent = "       ";
  const char * const *details = fw_checklist_item_get_details (item);
  const char * const *sources = fw_checklist_item_get_sources (item);
  g_autofree char *first = NULL;
  g_autofree char *title = NULL;

  first = g_strdup_printf ("%s %u. ", fw_checklist_item_get_done (item) ? "[x]" : "[ ]", number);
  if (fw_checklist_item_get_optional (item))
    /* Translators: a checklist item that is not needed by everyone; %s is its title */
    title = g_strdup_printf (_("%s (optional)"), fw_checklist_item_get_title (item));
  else
    title = g_strdup (fw_checklist_item_get_title (item));

  /* The number is at most two digits; pad the first line to the indent. */
  while (g_utf8_strlen (first, -1) < (glong) strlen (indent))
    {
      char *padded = g_strconcat (first, " ", NULL);
      g_free (first);
      first = padded;
    }

  print_wrapped (first, indent, title);
  print_wrapped (indent, indent, fw_checklist_item_get_explanation (item));

  for (guint i = 0; details[i] != NULL; i++)
    print_wrapped ("       • ", "         ", details[i]);

  for (guint i = 0; i < fw_checklist_item_get_n_links (item); i++)
    {
      /* Translators: a link in the terminal checklist: "Open ChatGPT: https://chatgpt.com/" */
      g_autofree char *link = g_strdup_printf (_("%s: %s"),
                                               fw_checklist_item_get_link_label (item, i),
                                               fw_checklist_item_get_link_url (item, i));
      print_wrapped ("       → ", "         ", link);
    }

  for (guint i = 0; sources[i] != NULL; i++)
    {
      /* Translators: %s is the address of a help page the item is based on */
      g_autofree char *source = g_strdup_printf (_("Source: %s"), sources[i]);
      print_wrapped (indent, indent, source);
    }

  g_print ("\n");
}

int
fw_cli_checklist (const FwCliOptions *opts)
{
  g_autoptr(GSettings) settings = fw_settings_new ();
  g_autoptr(FwChecklist) checklist = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *progress = NULL;
  FwChecklistItem *deletion;
  guint n_items;

  checklist = fw_checklist_new (settings, &error);
  if (checklist == NULL)
    {
      fw_cli_printerr ("%s", error->message);
      return FW_EXIT_FAIL;
    }

  n_items = g_list_model_get_n_items (G_LIST_MODEL (checklist));
  deletion = fw_checklist_get_deletion_item (checklist);

  g_print ("%s\n", _("Delete your ChatGPT account: checklist"));
  /* Translators: %s is a date such as 2026-11-24 */
  checked = g_strdup_printf (_("Facts checked on %s against OpenAI's help pages. OpenAI moves its buttons now and then: look around if one is not where it is said to be."),
                             fw_checklist_get_checked (checklist));
  print_wrapped ("", "", checked);
  g_print ("\n");

  print_gate (checklist, settings);
  g_print ("\n");

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(FwChecklistItem) item = g_list_model_get_item (G_LIST_MODEL (checklist), i);

      print_item (item, i + 1);
    }

  /* Translators: progress through the checklist, e.g. "3 of 8 done." */
  progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u done.", "%u of %u done.", n_items),
                              fw_checklist_get_n_done (checklist), n_items);
  g_print ("%s\n", progress);

  if (fw_checklist_item_get_done (deletion))
    print_wrapped ("", "", _("The account deletion is ticked: this step is complete."));
  else if (fw_checklist_get_keep_account (checklist))
    print_wrapped ("", "", _("You chose to keep your account for now: this step is complete."));
  else
    {
      /* Translators: %s is the title of the checklist item that deletes the account */
      g_autofree char *todo = g_strdup_printf (_("Not finished yet: tick “%s” in Farewell once the account is deleted."),
                                               fw_checklist_item_get_title (deletion));
      print_wrapped ("", "", todo);
    }

  print_wrapped ("", "", _("To tick items or start over, open Farewell."));

  return FW_EXIT_OK;
}
