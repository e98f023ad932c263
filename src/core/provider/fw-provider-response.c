/* fw-provider-response.c — reading OpenAI-compatible answers
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "fw-provider-error.h"
#include "fw-provider-response.h"

#define SCRUB_MIN_RUN 8
#define SCRUB_MAX_TEXT (16 * 1024)

static JsonNode *
parse_json (const char  *data,
            gsize        len,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (data == NULL || len == 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "empty");
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "not UTF-8");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return NULL;
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "empty");
      return NULL;
    }

  return json_node_copy (json_parser_get_root (parser));
}

/* Reading what was parsed: each NULL when the JSON is not what is looked
 * for, and each takes NULL for a member that is missing. */

/* @node's object. */
static JsonObject *
as_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The first element of @node, an array, when that element is an object. */
static JsonObject *
first_object (JsonNode *node)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  return json_array_get_length (array) > 0 ? as_object (json_array_get_element (array, 0)) : NULL;
}

/* @node's string, empty or not. */
static const char *
string_value (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* @node's string when it is not empty. */
static const char *
nonempty_string (JsonNode *node)
{
  const char *s = string_value (node);

  return s != NULL && *s != '\0' ? s : NULL;
}

/* The member @name of @obj (which may be NULL). */
static JsonNode *
member (JsonObject *obj,
        const char *name)
{
  return obj != NULL ? json_object_get_member (obj, name) : NULL;
}

static const char *
string_member (JsonObject *obj,
               const char *name)
{
  return nonempty_string (member (obj, name));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GStrv
fw_provider_response_parse_models (const char  *data,
                                   gsize        len,
                                   GError     **error)
{
  g_autoptr(JsonNode) root = parse_json (data, len, NULL);
  g_autoptr(GPtrArray) ids = NULL;
  JsonNode *data_node = member (as_object (root), "data");
  JsonArray *array;
  guint n;

  if (data_node == NULL || !JSON_NODE_HOLDS_ARRAY (data_node))
    goto bad;

  array = json_node_get_array (data_node);
  n = json_array_get_length (array);
  ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      const char *id = string_member (as_object (json_array_get_element (array, i)), "id");

      if (id == NULL || strlen (id) > 256)
        continue;
      g_ptr_array_add (ids, g_strdup (id));
    }

  g_ptr_array_sort (ids, compare_strings);

  /* Remove duplicates. */
  for (guint i = 1; i < ids->len;)
    {
      if (strcmp (g_ptr_array_index (ids, i - 1), g_ptr_array_index (ids, i)) == 0)
        g_ptr_array_remove_index (ids, i);
      else
        i++;
    }

  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);

bad:
  g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL,
               _("The answer is not an OpenAI-compatible model list. Check that the address ends with the API version, for example “/v1”."));
  return NULL;
}

char *
fw_provider_response_parse_error (const char *data,
                                  gsize       len)
{
  g_autoptr(JsonNode) root = parse_json (data, len, NULL);
  /* Google wraps its error object in a list: [{"error": {...}}]. */
  JsonObject *obj = first_object (root);
  JsonNode *err, *detail;
  const char *s;

  if (obj == NULL)
    obj = as_object (root);
  if (obj == NULL)
    return NULL;

  err = json_object_get_member (obj, "error");
  if ((s = string_member (as_object (err), "message")) != NULL ||
      (s = string_member (as_object (err), "code")) != NULL ||
      (s = nonempty_string (err)) != NULL)
    return g_strdup (s);

  detail = json_object_get_member (obj, "detail");
  if ((s = nonempty_string (detail)) != NULL ||
      (s = string_member (as_object (detail), "message")) != NULL ||
      (s = string_member (first_object (detail), "msg")) != NULL)
    return g_strdup (s);

  if ((s = string_member (obj, "message")) != NULL)
    return g_strdup (s);

  return NULL;
}

char *
fw_provider_scrub (const char *text,
                   const char *secret,
                   gsize       max_chars)
{
  g_autofree char *valid = NULL;
  g_autofree guint8 *mark = NULL;
  g_autofree gsize *prev = NULL;
  g_autofree gsize *cur = NULL;
  GString *out;
  gsize n, m, min_run, chars;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  n = strlen (valid);
  if (n > SCRUB_MAX_TEXT)
    {
      /* Longer texts are never shown whole: cut first (on a character). */
      const char *cut = g_utf8_find_prev_char (valid, valid + SCRUB_MAX_TEXT);
      n = cut != NULL ? (gsize) (cut - valid) : 0;
      valid[n] = '\0';
    }

  mark = g_new0 (guint8, n + 1);
  m = secret != NULL ? strlen (secret) : 0;
  min_run = MIN (m, SCRUB_MIN_RUN);

  if (m > 0 && min_run >= 4)
    {
      /* Longest common substring ending at (i, j), one row at a time: any
       * run of min_run bytes that also occurs in the secret is marked. */
      prev = g_new0 (gsize, m + 1);
      cur = g_new0 (gsize, m + 1);

      for (gsize i = 1; i <= n; i++)
        {
          cur[0] = 0;
          for (gsize j = 1; j <= m; j++)
            {
              if (valid[i - 1] == secret[j - 1])
                {
                  cur[j] = prev[j - 1] + 1;
                  if (cur[j] >= min_run)
                    memset (mark + i - cur[j], 1, cur[j]);
                }
              else
                cur[j] = 0;
            }
          memcpy (prev, cur, (m + 1) * sizeof (gsize));
        }
    }

  out = g_string_new (NULL);
  chars = 0;
  for (gsize i = 0; i < n;)
    {
      if (mark[i])
        {
          while (i < n && mark[i])
            i++;
          g_string_append (out, "[…]");
          chars += 3;
        }
      else
        {
          const char *next = g_utf8_next_char (valid + i);
          gsize clen = next - (valid + i);

          /* A character cut by the marking (a marked run may end inside a
           * multi-byte character) is dropped. */
          gboolean partial = FALSE;
          for (gsize k = 1; k < clen && i + k < n; k++)
            if (mark[i + k])
              partial = TRUE;
          if (!partial)
            {
              /* Control characters would garble a terminal. */
              if ((guchar) valid[i] < 0x20 && valid[i] != '\n' && valid[i] != '\t')
                g_string_append_c (out, ' ');
              else
                g_string_append_len (out, valid + i, clen);
              chars++;
            }
          i += clen;
        }

      if (max_chars > 0 && chars > max_chars)
        break;
    }

  if (max_chars > 0 && g_utf8_strlen (out->str, -1) > (glong) max_chars)
    {
      const char *end = g_utf8_offset_to_pointer (out->str, max_chars);
      g_string_truncate (out, end - out->str);
      g_string_append (out, "…");
    }

  g_strstrip (out->str);
  return g_string_free (out, FALSE);
}

GError *
fw_provider_error_from_status (guint       status,
                               const char *body,
                               gsize       body_len,
                               const char *provider_name,
                               const char *key)
{
  g_autofree char *raw = fw_provider_response_parse_error (body, body_len);
  g_autofree char *msg = NULL;
  g_autofree char *said = NULL;
  const char *name = provider_name != NULL ? provider_name : _("The provider");

  if (raw != NULL)
    msg = fw_provider_scrub (raw, key, FW_PROVIDER_MESSAGE_MAX);

  if (msg != NULL && *msg != '\0')
    /* Translators: appended to an error; %s is the provider's own message. */
    said = g_strdup_printf (_(" The provider said: “%s”"), msg);
  else
    said = g_strdup ("");

  /* Google answers a wrong key with 400 and the reason API_KEY_INVALID. */
  if (status == 401 || status == 403 ||
      (status == 400 && body != NULL &&
       g_strstr_len (body, (gssize) body_len, "\"API_KEY_INVALID\"") != NULL))
    return g_error_new (FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_UNAUTHORIZED,
                        _("%s rejected the API key (HTTP %u). Check that you copied the whole key and that it is still valid.%s"),
                        name, status, said);
  if (status == 402)
    return g_error_new (FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PAYMENT_REQUIRED,
                        _("%s needs payment or credits on your account before it answers (HTTP 402).%s"),
                        name, said);
  if (status == 429)
    return g_error_new (FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_RATE_LIMITED,
                        _("%s is limiting how often you can ask (HTTP 429). Wait a moment and try again.%s"),
                        name, said);
  if (status >= 500)
    return g_error_new (FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_SERVER,
                        _("%s had a problem on its side (HTTP %u). This is not your fault; try again later.%s"),
                        name, status, said);
  if (status >= 300 && status < 400)
    return g_error_new (FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL,
                        _("%s redirected the request elsewhere (HTTP %u). Farewell does not follow redirects with your key; check the address."),
                        name, status);
  if (status == 404 && said[0] == '\0')
    return g_error_new (FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL,
                        _("The address does not answer like an OpenAI-compatible API (HTTP 404). Check that it ends with the API version, for example “/v1”."));
  if (status >= 400)
    return g_error_new (FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_BAD_REQUEST,
                        _("%s refused the request (HTTP %u).%s"),
                        name, status, said);

  return g_error_new (FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL,
                      _("%s gave an unexpected answer (HTTP %u)."), name, status);
}

static JsonObject *
first_choice (JsonObject *obj)
{
  return first_object (member (obj, "choices"));
}

static gboolean
parse_chunk_object (JsonObject  *obj,
                    const char  *provider_name,
                    const char  *key,
                    GString     *delta,
                    gboolean    *out_finished,
                    GError     **error)
{
  JsonNode *err = json_object_get_member (obj, "error");
  JsonObject *choice;
  const char *content;

  if (err != NULL && !JSON_NODE_HOLDS_NULL (err))
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) wrapper = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *text = NULL;
      gint64 code = 0;

      json_node_set_object (wrapper, obj);
      json_generator_set_root (gen, wrapper);
      text = json_generator_to_data (gen, NULL);

      JsonNode *code_node = member (as_object (err), "code");

      if (code_node != NULL && JSON_NODE_HOLDS_VALUE (code_node) &&
          json_node_get_value_type (code_node) == G_TYPE_INT64)
        code = json_node_get_int (code_node);

      if (code >= 400 && code < 600)
        {
          g_propagate_error (error, fw_provider_error_from_status ((guint) code, text, strlen (text),
                                                                   provider_name, key));
        }
      else
        {
          g_autofree char *raw = fw_provider_response_parse_error (text, strlen (text));
          g_autofree char *msg = fw_provider_scrub (raw != NULL ? raw : _("no details"), key,
                                                    FW_PROVIDER_MESSAGE_MAX);
          g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_SERVER,
                       _("%s stopped the answer with an error: “%s”"),
                       provider_name != NULL ? provider_name : _("The provider"), msg);
        }
      return FALSE;
    }

  choice = first_choice (obj);
  content = string_value (member (as_object (member (choice, "delta")), "content"));
  if (content != NULL)
    g_string_append (delta, content);
  if (string_value (member (choice, "finish_reason")) != NULL)
    *out_finished = TRUE;

  return TRUE;
}

gboolean
fw_provider_response_parse_chunk (const char  *data,
                                  gsize        len,
                                  const char  *provider_name,
                                  const char  *key,
                                  char       **out_delta,
                                  gboolean    *out_finished,
                                  gboolean    *out_done,
                                  GError     **error)
{
  g_autoptr(GString) delta = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  gboolean finished = FALSE;

  *out_delta = NULL;
  *out_finished = FALSE;
  *out_done = FALSE;

  if (len == 6 && memcmp (data, "[DONE]", 6) == 0)
    {
      *out_done = TRUE;
      return TRUE;
    }

  if (memchr (data, '\n', len) != NULL)
    {
      /* Several "data:" lines in one event, joined with "\n": usually one
       * chunk per line (servers that leave out the blank line between
       * events), sometimes one JSON document spread over lines. */
      g_autofree char *copy = g_strndup (data, len);
      g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);
      g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      gboolean per_line = TRUE;
      gboolean line_done = FALSE;

      for (guint i = 0; lines[i] != NULL && per_line && !line_done; i++)
        {
          JsonNode *line;

          if (*lines[i] == '\0')
            continue;
          if (strcmp (lines[i], "[DONE]") == 0)
            {
              line_done = TRUE;
              break;
            }
          line = parse_json (lines[i], strlen (lines[i]), NULL);
          if (line == NULL || !JSON_NODE_HOLDS_OBJECT (line))
            {
              g_clear_pointer (&line, json_node_unref);
              per_line = FALSE;
              break;
            }
          g_ptr_array_add (objects, line);
        }

      if (per_line)
        {
          for (guint i = 0; i < objects->len; i++)
            if (!parse_chunk_object (json_node_get_object (g_ptr_array_index (objects, i)),
                                     provider_name, key, delta, &finished, error))
              return FALSE;
          *out_done = line_done;
          goto out;
        }
    }

  root = parse_json (data, len, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto bad;
  if (!parse_chunk_object (json_node_get_object (root), provider_name, key,
                           delta, &finished, error))
    return FALSE;

out:
  if (delta->len > 0)
    *out_delta = g_string_free (g_steal_pointer (&delta), FALSE);
  *out_finished = finished;
  return TRUE;

bad:
  g_set_error (error, FW_PROVIDER_ERROR, FW_PROVIDER_ERROR_PROTOCOL,
               _("%s sent a streamed answer Farewell does not understand; it may not be OpenAI-compatible."),
               provider_name != NULL ? provider_name : _("The provider"));
  return FALSE;
}

char *
fw_provider_response_parse_completion (const char *data,
                                       gsize       len)
{
  g_autoptr(JsonNode) root = parse_json (data, len, NULL);
  JsonObject *message = as_object (member (first_choice (as_object (root)), "message"));

  return g_strdup (string_member (message, "content"));
}

void
fw_provider_models_put_first (GStrv       models,
                              const char *first)
{
  if (models == NULL || first == NULL)
    return;

  for (guint i = 0; models[i] != NULL; i++)
    {
      if (strcmp (models[i], first) == 0)
        {
          char *found = models[i];
          memmove (models + 1, models, i * sizeof (char *));
          models[0] = found;
          return;
        }
    }
}
