/* fw-instructions.c — the person's own custom instructions
 *
 * Older exports keep the texts the person typed in
 * metadata.user_context_message_data; since 2026 that is gone, and the
 * user_editable_context message holds them only inside the prompt ChatGPT
 * built from them: "The user provided the following information about
 * themselves. This user profile is shown to you in all conversations …
 * User profile:\n```TEXT```" and "The user provided the additional info
 * about how they would like you to respond:\n```TEXT```". The person's
 * text is what stands between the first and the last fence.
 *
 * A person edits them over the years: every distinct version is kept, with
 * the first and last day a conversation used it; and so is what ChatGPT's
 * memory tool was asked to remember, with its dates.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "fw-conversation.h"
#include "fw-instructions.h"
#include "fw-json-doc.h"

#define WRAPPER_START "The user provided"
#define FENCE "```"

char *
fw_instructions_unwrap (const char *text)
{
  const char *start, *first, *last;

  if (text == NULL)
    return NULL;

  start = text;
  while (g_ascii_isspace (*start))
    start++;
  if (*start == '\0')
    return NULL;

  if (!g_str_has_prefix (start, WRAPPER_START) ||
      (first = strstr (start, FENCE)) == NULL ||
      (last = g_strrstr (first + strlen (FENCE), FENCE)) == NULL)
    return g_strdup (text);

  first += strlen (FENCE);
  {
    g_autofree char *inner = g_strndup (first, last - first);

    g_strstrip (inner);
    return *inner != '\0' ? g_steal_pointer (&inner) : NULL;
  }
}

/* So many of each at most: a real account has a handful of versions and
 * some hundred memory updates. */
#define MAX_VERSIONS 200
#define MAX_MEMORY 500

typedef struct {
  char   *user_profile;
  char   *user_instructions;
  double  first;
  double  last;
} Version;

struct _FwInstructionsLog
{
  char      *user_profile;
  char      *user_instructions;
  double     profile_time;
  double     instructions_time;
  GPtrArray *versions;        /* Version */
  GPtrArray *memory;          /* strings, as the export shows ChatGPT's memory */
  GPtrArray *memory_updates;  /* FwMemoryUpdate */
};

static void
version_free (gpointer data)
{
  Version *version = data;

  g_free (version->user_profile);
  g_free (version->user_instructions);
  g_free (version);
}

FwInstructionsLog *
fw_instructions_log_new (void)
{
  FwInstructionsLog *self = g_new0 (FwInstructionsLog, 1);

  self->profile_time = self->instructions_time = -G_MAXDOUBLE;
  self->versions = g_ptr_array_new_with_free_func (version_free);
  self->memory = g_ptr_array_new_with_free_func (g_free);
  self->memory_updates = g_ptr_array_new_with_free_func (fw_memory_update_free);
  return self;
}

void
fw_instructions_log_free (FwInstructionsLog *self)
{
  if (self == NULL)
    return;

  g_free (self->user_profile);
  g_free (self->user_instructions);
  g_ptr_array_unref (self->versions);
  g_ptr_array_unref (self->memory);
  g_ptr_array_unref (self->memory_updates);
  g_free (self);
}

static void
keep_newest (char       **field,
             double      *field_time,
             const char  *value,
             double       time)
{
  if (value == NULL || time < *field_time)
    return;
  g_free (*field);
  *field = g_strdup (value);
  *field_time = time;
}

void
fw_instructions_log_add_version (FwInstructionsLog *self,
                                 const char        *user_profile,
                                 const char        *user_instructions,
                                 double             first,
                                 double             last)
{
  Version *version;

  if (user_profile == NULL && user_instructions == NULL)
    return;

  last = MAX (first, last);
  keep_newest (&self->user_profile, &self->profile_time, user_profile, last);
  keep_newest (&self->user_instructions, &self->instructions_time, user_instructions, last);

  for (guint i = 0; i < self->versions->len; i++)
    {
      version = g_ptr_array_index (self->versions, i);
      if (g_strcmp0 (version->user_profile, user_profile) == 0 &&
          g_strcmp0 (version->user_instructions, user_instructions) == 0)
        {
          if (first >= 0 && (version->first < 0 || first < version->first))
            version->first = first;
          version->last = MAX (version->last, last);
          return;
        }
    }

  if (self->versions->len >= MAX_VERSIONS)
    return;
  version = g_new0 (Version, 1);
  version->user_profile = g_strdup (user_profile);
  version->user_instructions = g_strdup (user_instructions);
  version->first = first;
  version->last = last;
  g_ptr_array_add (self->versions, version);
}

void
fw_instructions_log_add_memory (FwInstructionsLog *self,
                                const char        *memory)
{
  if (self->memory->len < MAX_MEMORY &&
      !g_ptr_array_find_with_equal_func (self->memory, memory, g_str_equal, NULL))
    g_ptr_array_add (self->memory, g_strdup (memory));
}

void
fw_instructions_log_add_memory_update (FwInstructionsLog *self,
                                       const char        *text,
                                       double             time)
{
  FwMemoryUpdate *update;

  for (guint i = 0; i < self->memory_updates->len; i++)
    {
      update = g_ptr_array_index (self->memory_updates, i);
      if (g_str_equal (update->text, text))
        {
          if (time >= 0 && (update->time < 0 || time < update->time))
            update->time = time;
          return;
        }
    }

  if (self->memory_updates->len >= MAX_MEMORY)
    return;
  update = g_new0 (FwMemoryUpdate, 1);
  update->text = g_strdup (text);
  update->time = time;
  g_ptr_array_add (self->memory_updates, update);
}

const char *
fw_instructions_log_get_user_profile (FwInstructionsLog *self)
{
  return self->user_profile;
}

const char *
fw_instructions_log_get_user_instructions (FwInstructionsLog *self)
{
  return self->user_instructions;
}

gboolean
fw_instructions_log_is_empty (FwInstructionsLog *self)
{
  return self->user_profile == NULL && self->user_instructions == NULL &&
         self->memory->len == 0 && self->memory_updates->len == 0;
}

static int
compare_newest (gconstpointer a,
                gconstpointer b,
                gpointer      time_offset)
{
  double x = G_STRUCT_MEMBER (double, *(gpointer *) a, GPOINTER_TO_SIZE (time_offset));
  double y = G_STRUCT_MEMBER (double, *(gpointer *) b, GPOINTER_TO_SIZE (time_offset));

  return x > y ? -1 : x < y;
}

/* A copy of @array that does not own its elements, newest first by the
 * time (a double) at @time_offset in each element; unknown times last. */
static GPtrArray *
newest_first (GPtrArray *array,
              gsize      time_offset)
{
  GPtrArray *view = g_ptr_array_sized_new (array->len);

  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (view, g_ptr_array_index (array, i));
  g_ptr_array_sort_with_data (view, compare_newest, GSIZE_TO_POINTER (time_offset));
  return view;
}

/* "2024-03-14", or NULL for an unknown time. */
static char *
day (double t)
{
  g_autoptr(GDateTime) dt = t > 0 ? g_date_time_new_from_unix_utc ((gint64) t) : NULL;

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : NULL;
}

static void
append_version (GString       *md,
                const Version *version,
                const char    *heading)
{
  if (version->user_profile != NULL)
    g_string_append_printf (md, "%s %s\n\n%s\n\n", heading, _("About you"), version->user_profile);
  if (version->user_instructions != NULL)
    g_string_append_printf (md, "%s %s\n\n%s\n\n", heading, _("How ChatGPT should respond"), version->user_instructions);
}

static void
append_used (GString       *md,
             const Version *version)
{
  g_autofree char *first = day (version->first);
  g_autofree char *last = day (version->last);

  if (first != NULL && last != NULL && !g_str_equal (first, last))
    /* Translators: the dates are like 2024-03-14 */
    g_string_append_printf (md, _("*Used from %s to %s.*"), first, last);
  else if (first != NULL)
    /* Translators: the date is like 2024-03-14 */
    g_string_append_printf (md, _("*Used on %s.*"), first);
  else
    return;
  g_string_append (md, "\n\n");
}

GString *
fw_instructions_log_to_markdown (FwInstructionsLog *self)
{
  g_autoptr(GString) md = g_string_new (NULL);
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GPtrArray) updates = NULL;

  if (fw_instructions_log_is_empty (self))
    return NULL;

  versions = newest_first (self->versions, G_STRUCT_OFFSET (Version, first));

  g_string_append_printf (md, "# %s\n\n", _("Custom instructions"));
  g_string_append_printf (md, "%s\n\n", _("What you told ChatGPT about yourself and how it should respond, as found in the export. Give them to your new assistant as its system prompt."));
  if (self->user_profile)
    g_string_append_printf (md, "## %s\n\n%s\n\n", _("About you"), self->user_profile);
  if (self->user_instructions)
    g_string_append_printf (md, "## %s\n\n%s\n\n", _("How ChatGPT should respond"), self->user_instructions);

  if (versions->len > 1)
    {
      g_string_append_printf (md, "## %s\n\n", _("Every version, newest first"));
      for (guint i = 0; i < versions->len; i++)
        {
          const Version *version = g_ptr_array_index (versions, i);
          g_autofree char *first = day (version->first);

          /* Translators: a heading; the date is like 2024-03-14 */
          g_autofree char *title = first ? g_strdup_printf (_("Version of %s"), first) : g_strdup (_("Version of an unknown date"));

          g_string_append_printf (md, "### %s\n\n", title);
          append_used (md, version);
          append_version (md, version, "####");
        }
    }

  if (self->memory->len > 0)
    {
      g_string_append_printf (md, "## %s\n\n", _("Memory"));
      for (guint i = 0; i < self->memory->len; i++)
        g_string_append_printf (md, "%s\n\n", (char *) g_ptr_array_index (self->memory, i));
    }

  if (self->memory_updates->len > 0)
    {
      updates = newest_first (self->memory_updates, G_STRUCT_OFFSET (FwMemoryUpdate, time));
      g_string_append_printf (md, "## %s\n\n", _("What ChatGPT was asked to remember"));
      for (guint i = 0; i < updates->len; i++)
        {
          const FwMemoryUpdate *update = g_ptr_array_index (updates, i);
          g_autofree char *when = day (update->time);
          g_auto(GStrv) lines = g_strsplit (update->text, "\n", -1);

          g_string_append_printf (md, "- %s%s", when ? when : "", when ? ": " : "");
          for (guint j = 0; lines[j] != NULL; j++)
            g_string_append_printf (md, "%s%s\n", j > 0 ? "  " : "", lines[j]);
        }
      g_string_append_c (md, '\n');
    }

  return g_steal_pointer (&md);
}

/* @member ("…\"name\":"), then the time as an ISO 8601 string or null. */
static void
append_time (GString    *out,
             const char *member,
             double      t)
{
  g_autoptr(GDateTime) dt = t > 0 ? g_date_time_new_from_unix_utc ((gint64) t) : NULL;
  g_autofree char *iso = dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;

  g_string_append (out, member);
  fw_append_json_string (out, iso);
}

/* {"user_profile":…,"user_instructions":… : the object is left open for
 * more members. */
static void
open_instructions_object (GString    *out,
                          const char *user_profile,
                          const char *user_instructions)
{
  g_string_append (out, "{\"user_profile\":");
  fw_append_json_string (out, user_profile);
  g_string_append (out, ",\"user_instructions\":");
  fw_append_json_string (out, user_instructions);
}

void
fw_instructions_log_append_json (FwInstructionsLog *self,
                                 GString           *out)
{
  g_autoptr(GPtrArray) versions = newest_first (self->versions, G_STRUCT_OFFSET (Version, first));
  g_autoptr(GPtrArray) updates = newest_first (self->memory_updates, G_STRUCT_OFFSET (FwMemoryUpdate, time));

  g_string_append (out, ",\"custom_instructions\":");
  if (self->user_profile || self->user_instructions)
    {
      open_instructions_object (out, self->user_profile, self->user_instructions);
      g_string_append (out, "}");
    }
  else
    g_string_append (out, "null");

  g_string_append (out, ",\"custom_instructions_versions\":[");
  for (guint i = 0; i < versions->len; i++)
    {
      const Version *version = g_ptr_array_index (versions, i);

      if (i > 0)
        g_string_append_c (out, ',');
      open_instructions_object (out, version->user_profile, version->user_instructions);
      append_time (out, ",\"first_used\":", version->first);
      append_time (out, ",\"last_used\":", version->last);
      g_string_append (out, "}");
    }

  g_string_append (out, "],\"memory\":");
  fw_append_json_strings (out, self->memory);

  g_string_append (out, ",\"memory_updates\":[");
  for (guint i = 0; i < updates->len; i++)
    {
      const FwMemoryUpdate *update = g_ptr_array_index (updates, i);

      append_time (out, i > 0 ? ",{\"time\":" : "{\"time\":", update->time);
      g_string_append (out, ",\"text\":");
      fw_append_json_string (out, update->text);
      g_string_append (out, "}");
    }
  g_string_append (out, "]");
}
