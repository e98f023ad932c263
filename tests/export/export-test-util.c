/* export-test-util.c — what the export tests share
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <glib/gstdio.h>

#include "export-test-util.h"

const char *
et_data_dir (void)
{
  static char *dir = NULL;

  if (dir == NULL)
    {
      const char *data = g_getenv ("FAREWELL_TEST_DATA");

      g_assert_nonnull (data);
      dir = g_build_filename (data, "export", NULL);
    }
  return dir;
}

char *
et_small_dir (void)
{
  return g_build_filename (et_data_dir (), "small", NULL);
}

char *
et_make_tmp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("farewell-export-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
et_rm_rf (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          et_rm_rf (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    g_assert_cmpint (g_unlink (path), ==, 0);
}

char *
et_read (const char *path,
         gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

void
et_write (const char *path,
          const char *data,
          gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
et_list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
list_tree (const char *root,
           const char *relative,
           GPtrArray  *out)
{
  g_autofree char *path = relative ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *rel = relative ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);
      g_autofree char *full = g_build_filename (root, rel, NULL);
      GStatBuf st;

      g_assert_cmpint (g_lstat (full, &st), ==, 0);
      if (S_ISDIR (st.st_mode))
        {
          g_ptr_array_add (out, g_strconcat (rel, "/", NULL));
          list_tree (root, rel, out);
        }
      else
        g_ptr_array_add (out, g_strdup (rel));
    }
}

GPtrArray *
et_list_tree (const char *dir)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  list_tree (dir, NULL, out);
  g_ptr_array_sort (out, compare_strings);
  return out;
}

/* Zips */

struct _EtZip
{
  struct archive *archive;
  gboolean        utf8;
};

EtZip *
et_zip_new (const char *path,
            gboolean    store)
{
  EtZip *zip = g_new0 (EtZip, 1);

  zip->archive = archive_write_new ();
  g_assert_cmpint (archive_write_set_format_zip (zip->archive), ==, ARCHIVE_OK);
  if (store)
    g_assert_cmpint (archive_write_set_options (zip->archive, "zip:compression=store"), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (zip->archive, path), ==, ARCHIVE_OK);
  return zip;
}

EtZip *
et_zip_new_utf8 (const char *path)
{
  EtZip *zip = g_new0 (EtZip, 1);

  zip->archive = archive_write_new ();
  g_assert_cmpint (archive_write_set_format_zip (zip->archive), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_set_options (zip->archive, "zip:hdrcharset=UTF-8"), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open_filename (zip->archive, path), ==, ARCHIVE_OK);
  zip->utf8 = TRUE;
  return zip;
}

void
et_zip_add (EtZip      *zip,
            const char *name,
            const void *data,
            gsize       len)
{
  struct archive_entry *entry = archive_entry_new ();

  /* Otherwise the names' bytes, as they are (the tests run in the C
   * locale, where libarchive would not convert them). */
  if (zip->utf8)
    archive_entry_set_pathname_utf8 (entry, name);
  else
    archive_entry_set_pathname (entry, name);
  archive_entry_set_size (entry, len);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  /* A fixed time: the same zip, byte for byte, on every run. */
  archive_entry_set_mtime (entry, 1717236000, 0);
  g_assert_cmpint (archive_write_header (zip->archive, entry), ==, ARCHIVE_OK);
  if (len > 0)
    g_assert_cmpint (archive_write_data (zip->archive, data, len), ==, (la_ssize_t) len);
  archive_entry_free (entry);
}

void
et_zip_add_dir (EtZip      *zip,
                const char *dir,
                const char *prefix)
{
  g_autoptr(GPtrArray) files = et_list_tree (dir);

  for (guint i = 0; i < files->len; i++)
    {
      const char *rel = g_ptr_array_index (files, i);
      g_autofree char *path = NULL;
      g_autofree char *name = NULL;
      g_autofree char *data = NULL;
      gsize len;

      if (g_str_has_suffix (rel, "/"))
        continue;
      path = g_build_filename (dir, rel, NULL);
      name = g_strconcat (prefix ? prefix : "", rel, NULL);
      data = et_read (path, &len);
      et_zip_add (zip, name, data, len);
    }
}

void
et_zip_close (EtZip *zip)
{
  g_assert_cmpint (archive_write_close (zip->archive), ==, ARCHIVE_OK);
  archive_write_free (zip->archive);
  g_free (zip);
}

char *
et_make_small_zip (const char *dir,
                   const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *small = et_small_dir ();
  EtZip *zip = et_zip_new (path, FALSE);

  et_zip_add_dir (zip, small, NULL);
  et_zip_close (zip);
  return path;
}

/* The command line */

int
et_run_cli (char      **out,
            char      **err,
            const char *first_arg,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *bin = g_getenv ("FAREWELL_BIN");
  const char *arg;
  va_list args;

  g_assert_nonnull (bin);
  g_ptr_array_add (argv, (gpointer) bin);
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                            G_SUBPROCESS_FLAGS_STDIN_INHERIT, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

/* JSON */

JsonNode *
et_parse_json (const char *text,
               gssize      len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
et_parse_json_file (const char *path)
{
  gsize len;
  g_autofree char *text = et_read (path, &len);

  return et_parse_json (text, len);
}

/* A small JSON Schema checker */

static const char *
type_of (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT: return "object";
    case JSON_NODE_ARRAY: return "array";
    case JSON_NODE_NULL: return "null";
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return "string";
    case G_TYPE_BOOLEAN: return "boolean";
    case G_TYPE_INT64: return "integer";
    default: return "number";
    }
}

static gboolean
type_matches (const char *want,
              JsonNode   *node)
{
  const char *have = type_of (node);

  return g_str_equal (want, have) || (g_str_equal (want, "number") && g_str_equal (have, "integer"));
}

static gboolean
json_equal (JsonNode *a,
            JsonNode *b)
{
  return json_node_equal (a, b);
}

static gboolean validate (JsonObject *root, JsonObject *schema, JsonNode *node, const char *path, GString *problem);

static gboolean
validate (JsonObject *root,
          JsonObject *schema,
          JsonNode   *node,
          const char *path,
          GString    *problem)
{
  static const char *ignored[] = { "$schema", "$id", "title", "description", "examples", "$defs", NULL };
  g_autoptr(GList) members = json_object_get_members (schema);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *keyword = l->data;
      JsonNode *value = json_object_get_member (schema, keyword);

      if (g_strv_contains (ignored, keyword))
        continue;

      if (g_str_equal (keyword, "$ref"))
        {
          const char *ref = json_node_get_string (value);
          JsonObject *defs = json_object_get_object_member (root, "$defs");

          g_assert_true (g_str_has_prefix (ref, "#/$defs/"));
          if (!validate (root, json_object_get_object_member (defs, ref + strlen ("#/$defs/")), node, path, problem))
            return FALSE;
        }
      else if (g_str_equal (keyword, "type"))
        {
          gboolean ok = FALSE;

          if (JSON_NODE_HOLDS_ARRAY (value))
            {
              JsonArray *types = json_node_get_array (value);

              for (guint i = 0; i < json_array_get_length (types); i++)
                ok = ok || type_matches (json_array_get_string_element (types, i), node);
            }
          else
            ok = type_matches (json_node_get_string (value), node);
          if (!ok)
            {
              g_string_append_printf (problem, "%s: a %s where the schema wants another type", path, type_of (node));
              return FALSE;
            }
        }
      else if (g_str_equal (keyword, "const"))
        {
          if (!json_equal (value, node))
            {
              g_string_append_printf (problem, "%s: not the constant the schema wants", path);
              return FALSE;
            }
        }
      else if (g_str_equal (keyword, "pattern"))
        {
          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
              !g_regex_match_simple (json_node_get_string (value), json_node_get_string (node), 0, 0))
            {
              g_string_append_printf (problem, "%s: “%s” does not match %s", path,
                                      json_node_get_string (node), json_node_get_string (value));
              return FALSE;
            }
        }
      else if (g_str_equal (keyword, "required"))
        {
          JsonArray *required = json_node_get_array (value);

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          for (guint i = 0; i < json_array_get_length (required); i++)
            if (!json_object_has_member (json_node_get_object (node), json_array_get_string_element (required, i)))
              {
                g_string_append_printf (problem, "%s: “%s” is missing", path, json_array_get_string_element (required, i));
                return FALSE;
              }
        }
      else if (g_str_equal (keyword, "properties"))
        {
          JsonObject *properties = json_node_get_object (value);
          g_autoptr(GList) names = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          names = json_object_get_members (json_node_get_object (node));
          for (GList *n = names; n != NULL; n = n->next)
            {
              g_autofree char *child = g_strdup_printf ("%s.%s", path, (char *) n->data);

              if (json_object_has_member (properties, n->data) &&
                  !validate (root, json_object_get_object_member (properties, n->data),
                             json_object_get_member (json_node_get_object (node), n->data), child, problem))
                return FALSE;
            }
        }
      else if (g_str_equal (keyword, "additionalProperties"))
        {
          JsonObject *properties = json_object_get_object_member (schema, "properties");
          g_autoptr(GList) names = NULL;

          g_assert_true (JSON_NODE_HOLDS_VALUE (value) && !json_node_get_boolean (value));
          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          names = json_object_get_members (json_node_get_object (node));
          for (GList *n = names; n != NULL; n = n->next)
            if (properties == NULL || !json_object_has_member (properties, n->data))
              {
                g_string_append_printf (problem, "%s: “%s” is not in the schema", path, (char *) n->data);
                return FALSE;
              }
        }
      else if (g_str_equal (keyword, "items"))
        {
          JsonArray *array;

          if (!JSON_NODE_HOLDS_ARRAY (node))
            continue;
          array = json_node_get_array (node);
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

              if (!validate (root, json_node_get_object (value), json_array_get_element (array, i), child, problem))
                return FALSE;
            }
        }
      else
        {
          g_string_append_printf (problem, "the schema uses “%s”, which this checker does not know", keyword);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
et_schema_validate (JsonNode  *schema,
                    JsonNode  *instance,
                    char     **problem)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *root = json_node_get_object (schema);
  gboolean ok = validate (root, root, instance, "$", text);

  if (problem)
    *problem = ok ? NULL : g_strdup (text->str);
  return ok;
}

char *
et_simple_conversation (const char *title_json,
                        const char *id_json,
                        double      create_time,
                        const char *question)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *time = NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  time = create_time > 0 ? g_strdup (g_ascii_dtostr (buf, sizeof buf, create_time)) : g_strdup ("null");
  g_string_append_printf (s,
    "{\"title\":%s,\"create_time\":%s,\"update_time\":%s,\"id\":%s,\"conversation_id\":%s,"
    "\"current_node\":\"a\",\"mapping\":{"
    "\"r\":{\"id\":\"r\",\"message\":null,\"parent\":null,\"children\":[\"q\"]},"
    "\"q\":{\"id\":\"q\",\"parent\":\"r\",\"children\":[\"a\"],\"message\":{\"id\":\"q\","
    "\"author\":{\"role\":\"user\"},\"create_time\":%s,\"content\":{\"content_type\":\"text\",\"parts\":[",
    title_json, time, time, id_json, id_json, time);
  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
    g_autofree char *q = NULL;

    json_node_set_string (node, question);
    q = json_to_string (node, FALSE);
    g_string_append (s, q);
  }
  g_string_append_printf (s,
    "]}}},"
    "\"a\":{\"id\":\"a\",\"parent\":\"q\",\"children\":[],\"message\":{\"id\":\"a\","
    "\"author\":{\"role\":\"assistant\"},\"create_time\":%s,\"content\":{\"content_type\":\"text\","
    "\"parts\":[\"An answer.\"]},\"metadata\":{\"model_slug\":\"gpt-4o\"}}}}}",
    time);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

void
et_assert_refused (const char *source_path,
                   const char *output_path,
                   gint        code,
                   const char *message,
                   gboolean    exact,
                   gboolean    also_verify)
{
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(GFile) output = g_file_new_for_path (output_path);

  for (guint i = also_verify ? 0 : 1; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FwExportSummary) summary = NULL;

      if (i == 0)
        summary = fw_export_verify_sync (source, NULL, NULL, NULL, &error);
      else
        summary = fw_export_convert_sync (source, output, FW_ARCHIVE_FORMAT_ALL, NULL, NULL, NULL, &error);

      g_assert_null (summary);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", i == 0 ? "verify" : "convert", error->message);
      g_assert_error (error, FW_EXPORT_ERROR, code);
      if (exact)
        g_assert_cmpstr (error->message, ==, message);
      else if (!g_str_has_prefix (error->message, message))
        g_error ("“%s” does not start with “%s”", error->message, message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  g_assert_false (g_file_test (output_path, G_FILE_TEST_EXISTS));
}
