/* fw-json-doc.h — one conversation's JSON, read into a single arena
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  FW_JSON_NULL,
  FW_JSON_BOOLEAN,
  FW_JSON_INT,
  FW_JSON_DOUBLE,
  FW_JSON_STRING,
  FW_JSON_ARRAY,
  FW_JSON_OBJECT,
} FwJsonType;

/* A JSON value. The members of an object and the elements of an array are
 * one contiguous run of values (`items`, `len` of them); a member has its
 * name in `key`, `key_len` bytes long. Members keep the text's order; a repeated name keeps its
 * first place and its last value, as JsonParser does. Strings are valid
 * UTF-8 without NUL, NUL-terminated, `len` bytes long. Every pointer
 * belongs to the FwJsonDoc. */
typedef struct _FwJson FwJson;

typedef enum {
  /* a string with nothing to escape in JSON: no '"', '\\' or control
   * character */
  FW_JSON_FLAG_PLAIN = 1 << 0,
} FwJsonFlags;

struct _FwJson
{
  const char *key;
  union {
    gboolean      b;
    gint64        i;
    double        d;
    const char   *s;
    const FwJson *items;
  } v;
  gsize       len;
  guint8      type;       /* FwJsonType */
  guint8      flags;      /* FwJsonFlags */
  guint32     key_len;
};

typedef struct _FwJsonDoc FwJsonDoc;

/* The same values as JsonParser's tree of @node (types, numbers to the
 * bit, member order). Keeps a reference to @node, whose strings it uses. */
FwJsonDoc    *fw_json_doc_new_from_node (JsonNode     *node);
/* An empty document (its root is NULL), for its arena. */
FwJsonDoc    *fw_json_doc_new           (void);
void          fw_json_doc_free          (FwJsonDoc    *doc);
const FwJson *fw_json_doc_get_root      (FwJsonDoc    *doc);

/* Memory that lives as long as the document. */
gpointer      fw_json_doc_alloc0        (FwJsonDoc    *doc,
                                         gsize         size);
const char   *fw_json_doc_strdup        (FwJsonDoc    *doc,
                                         const char   *str);
const char   *fw_json_doc_strndup       (FwJsonDoc    *doc,
                                         const char   *str,
                                         gsize         len);

/* NULL when @object is NULL or not an object, or has no such member. */
const FwJson *fw_json_get_member_len    (const FwJson *object,
                                         const char   *name,
                                         gsize         name_len);

static inline const FwJson *
fw_json_get_member (const FwJson *object,
                    const char   *name)
{
  /* the length of a literal name is known when compiling */
  return fw_json_get_member_len (object, name, strlen (name));
}
/* The member's value when it has that type, else NULL. */
const char   *fw_json_get_string        (const FwJson *object,
                                         const char   *name);
const FwJson *fw_json_get_object        (const FwJson *object,
                                         const char   *name);
const FwJson *fw_json_get_array         (const FwJson *object,
                                         const char   *name);

static inline gboolean
fw_json_is (const FwJson *value,
            FwJsonType    type)
{
  return value != NULL && value->type == type;
}

/* Writes @value as JSON text, compact when @indent is negative, else
 * pretty-printed from that indent level. Numbers as JsonParser's values
 * print them (a double always with a '.' or an exponent); a NULL @value
 * is null. */
void          fw_json_append            (GString      *out,
                                         const FwJson *value,
                                         int           indent);

/* A JSON string literal for @str (null for NULL). */
void          fw_append_json_string     (GString      *out,
                                         const char   *str);
void          fw_append_json_string_len (GString      *out,
                                         const char   *str,
                                         gsize         len);
/* The strings of @strings as a JSON array: ["…","…"]. */
void          fw_append_json_strings    (GString      *out,
                                         GPtrArray    *strings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FwJsonDoc, fw_json_doc_free)

G_END_DECLS
