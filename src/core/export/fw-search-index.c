/* fw-search-index.c — the data behind the archive's index.html
 *
 * index.html must open at once and search at once from file://, where a
 * page can only load more data through <script> elements, whatever the
 * size of the export. So it loads one small list of the conversations
 * (search/list.js) and nothing else; search loads only what a query needs:
 *
 *  - the words, split into WORD_FILES files by their first two letters
 *    (search/w<N>.js), each word with the conversations and the message in
 *    which it first appears: typing loads one file a word;
 *  - the messages' text, CHUNK conversations a file (search/t<N>.js),
 *    loaded for the results shown, to show the passage that matches.
 *
 * Words are folded the way archive.js folds what is typed: lower case,
 * accents removed, dotless i as i. Their postings are appended to one
 * temporary file per word file while the export is read, and each file is
 * gathered and written at the end, one at a time, so memory stays small.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fw-search-index.h"
#include "fw-export.h"
#include "fw-json-doc.h"

/* Keep these in step with data/archive/archive.js. */
#define WORD_FILES 128
#define CHUNK 50
#define MAX_WORD_CHARS 32
/* A word this long with both digits and letters is taken for an id. */
#define MIN_ID_CHARS 16
/* Bytes of one message's text kept for search, at most. */
#define MESSAGE_TEXT 800

typedef struct {
  guint bucket;
  gsize at;       /* where its lines start in `words` */
  gsize len;
} Segment;

struct _FwSearchEntry
{
  gboolean   archived;
  gboolean   starred;
  char      *group;        /* gizmo id, or NULL */
  gboolean   project;
  GString   *text;         /* JSON: [["m-<id>","text"],…] */
  GString   *words;        /* "word\t<message>\n" lines, by bucket */
  GArray    *segments;     /* Segment */
};

typedef struct {
  const char *word;
  guint       message;
  guint       bucket;
} Word;

/* Folds one character as archive.js does; 0 when it is not part of a word,
 * (gunichar) -1 when it is a combining accent, dropped. */
static gunichar
fold_char (gunichar c)
{
  if (c >= 0x300 && c <= 0x36f)
    return (gunichar) -1;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      break;
    default:
      return 0;
    }
  if (c == 0x131)
    return 'i';
  return g_unichar_tolower (c);
}

static guint
bucket_of (const char *word)
{
  gunichar a = g_utf8_get_char (word);
  const char *next = g_utf8_next_char (word);
  gunichar b = *next ? g_utf8_get_char (next) : 0;

  return (a * 31 + b) % WORD_FILES;
}

/* Appends @n in decimal: without printf, as this runs for every word. */
static void
append_uint (GString *out,
             guint    n)
{
  char digits[16];
  int i = sizeof digits;

  do
    digits[--i] = '0' + n % 10;
  while ((n /= 10) > 0);
  g_string_append_len (out, digits + i, sizeof digits - i);
}

/* The words of a conversation as they are found, one after another in one
 * buffer (each ended by a NUL), duplicates and all: sorting them once at
 * the end is cheaper than a hash table and a copy of each word. */
typedef struct {
  GString    *arena;
  GArray     *found;     /* Word, with `word` an offset into arena until sorted */
  gsize       start;     /* where the word being read starts in arena */
  guint       chars;
  guint       digits;
  guint       message;
} Words;

/* Takes one folded character, 0 for a character between words. */
static inline void
words_take (Words    *w,
            gunichar  c)
{
  if (c != 0)
    {
      if (w->chars++ < MAX_WORD_CHARS)
        {
          if (c < 0x80)
            g_string_append_c (w->arena, (char) c);
          else
            g_string_append_unichar (w->arena, c);
        }
      w->digits += c < 0x80 ? g_ascii_isdigit (c) : g_unichar_isdigit (c);
    }
  else if (w->chars > 0)
    {
      /* Long runs of letters and digits are ids and hashes (file names,
       * links): nobody types them, and they would fill the index. */
      gboolean id = w->chars >= MIN_ID_CHARS && w->digits > 0 && w->digits < w->chars;

      if (w->chars >= 2 && !id)
        {
          Word word = { GSIZE_TO_POINTER (w->start), w->message, 0 };

          g_string_append_c (w->arena, '\0');
          g_array_append_val (w->found, word);
        }
      else
        g_string_truncate (w->arena, w->start);
      w->start = w->arena->len;
      w->chars = 0;
      w->digits = 0;
    }
}

/* Adds the words of @text (message @message) to @w. A character other
 * than ASCII is taken apart (NFD) on its own: its accents are dropped, as
 * archive.js drops them from what is typed. */
static void
collect_words (Words      *w,
               const char *text,
               gsize       len,
               guint       message)
{
  const char *end = text + len;

  w->message = message;
  for (const char *p = text; p < end;)
    {
      if ((guchar) *p < 0x80)
        {
          char c = *p;

          words_take (w, g_ascii_isalnum (c) ? (gunichar) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) : 0);
          p++;
        }
      else
        {
          gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
          gsize n = g_unichar_fully_decompose (g_utf8_get_char (p), FALSE, parts, G_N_ELEMENTS (parts));

          for (gsize i = 0; i < n; i++)
            {
              gunichar c = fold_char (parts[i]);

              if (c != (gunichar) -1)
                words_take (w, c);
            }
          p = g_utf8_next_char (p);
        }
    }
  words_take (w, 0);
}

static const char *
get_group (const FwJson *object,
           gboolean     *project)
{
  const char *gizmo = fw_json_get_string (object, "gizmo_id");
  const char *template = fw_json_get_string (object, "conversation_template_id");
  const char *type = fw_json_get_string (object, "gizmo_type");

  if (gizmo == NULL || *gizmo == '\0')
    gizmo = template;
  if (gizmo == NULL || *gizmo == '\0')
    return NULL;
  *project = g_str_has_prefix (gizmo, "g-p-") || g_strcmp0 (type, "snorlax") == 0;
  return gizmo;
}

/* By bucket, then word, then the message it is in: the first of a run of
 * the same word is where it first appears. */
static int
compare_words (gconstpointer a,
               gconstpointer b)
{
  const Word *x = a, *y = b;
  int order;

  if (x->bucket != y->bucket)
    return x->bucket < y->bucket ? -1 : 1;
  if ((order = strcmp (x->word, y->word)) != 0)
    return order;
  return x->message < y->message ? -1 : x->message > y->message;
}

static gboolean
get_flag (const FwJson *object,
          const char   *name)
{
  const FwJson *value = fw_json_get_member (object, name);

  return fw_json_is (value, FW_JSON_BOOLEAN) && value->v.b;
}

FwSearchEntry *
fw_search_entry_new (FwConversation *conv,
                    gsize           text_budget)
{
  FwSearchEntry *self = g_new0 (FwSearchEntry, 1);
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(GString) arena = g_string_sized_new (text_budget + 64);
  g_autoptr(GArray) words = g_array_sized_new (FALSE, FALSE, sizeof (Word), 256);
  Words w = { arena, words, 0, 0, 0, 0 };
  gsize used = 0;
  guint message = 0;
  const char *group;

  self->archived = get_flag (conv->object, "is_archived");
  self->starred = get_flag (conv->object, "is_starred");
  group = get_group (conv->object, &self->project);
  self->group = g_strdup (group);

  self->text = g_string_new ("[");
  for (guint i = 0; i < conv->thread->len && used < text_budget; i++)
    {
      FwNode *node = g_ptr_array_index (conv->thread, i);
      const char *text;
      const char *end;
      gsize len;

      if (node->message == NULL || node->display != FW_DISPLAY_SHOW)
        continue;
      text = fw_conversation_node_text (conv, node, &len);
      if (len == 0)
        continue;
      len = MIN (len, MIN (MESSAGE_TEXT, text_budget - used));
      /* Cut on a character boundary. */
      end = text + len;
      while (end > text && (*end & 0xC0) == 0x80)
        end--;
      len = end - text;
      used += len;

      if (message > 0)
        g_string_append_c (self->text, ',');
      g_string_append (self->text, "[\"m-");
      fw_append_json_string (scratch, node->id);
      /* the id's JSON string without its quotes */
      g_string_append_len (self->text, scratch->str + 1, scratch->len - 2);
      g_string_truncate (scratch, 0);
      g_string_append (self->text, "\",");
      fw_append_json_string_len (self->text, text, len);
      g_string_append_c (self->text, ']');

      collect_words (&w, text, len, message);
      message++;
    }
  g_string_append_c (self->text, ']');

  /* the offsets into the arena, now that it no longer moves */
  for (guint i = 0; i < words->len; i++)
    {
      Word *word = &g_array_index (words, Word, i);

      word->word = arena->str + GPOINTER_TO_SIZE (word->word);
      word->bucket = bucket_of (word->word);
    }
  g_array_sort (words, compare_words);

  self->words = g_string_new (NULL);
  self->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  for (guint i = 0; i < words->len; i++)
    {
      const Word *word = &g_array_index (words, Word, i);
      Segment *last = self->segments->len ? &g_array_index (self->segments, Segment, self->segments->len - 1) : NULL;

      /* each word once, where it first appears */
      if (i > 0 && strcmp (word->word, g_array_index (words, Word, i - 1).word) == 0)
        continue;

      if (last == NULL || last->bucket != word->bucket)
        {
          Segment segment = { word->bucket, self->words->len, 0 };

          g_array_append_val (self->segments, segment);
          last = &g_array_index (self->segments, Segment, self->segments->len - 1);
        }
      g_string_append (self->words, word->word);
      g_string_append_c (self->words, '\t');
      append_uint (self->words, word->message);
      g_string_append_c (self->words, '\n');
      last->len = self->words->len - last->at;
    }

  return self;
}

void
fw_search_entry_free (FwSearchEntry *self)
{
  if (self == NULL)
    return;
  g_free (self->group);
  g_string_free (self->text, TRUE);
  g_string_free (self->words, TRUE);
  g_array_unref (self->segments);
  g_free (self);
}

/* The writer */

struct _FwSearchIndex
{
  char       *dir;          /* the archive */
  char       *search_dir;
  FILE       *files;
  FILE       *list;
  FILE       *text;         /* the text file being filled */
  FILE       *words[WORD_FILES];
  guint       rows;
  GHashTable *groups;       /* gizmo id → index + 1 */
  GString    *groups_json;
  guint       n_groups;
  GString    *scratch;
  GString    *head;
};

static gboolean
failed (FwSearchIndex *self,
        const char     *name,
        GError        **error)
{
  int saved = errno;
  g_autofree char *path = g_build_filename (self->search_dir, name, NULL);

  return fw_export_fail_write (path, saved, error);
}

static gboolean
put (FwSearchIndex *self,
     FILE           *f,
     const char     *name,
     const char     *data,
     gsize           len,
     GError        **error)
{
  if (len > 0 && fwrite (data, 1, len, f) != len)
    return failed (self, name, error);
  return TRUE;
}

static FILE *
open_new (FwSearchIndex *self,
          const char     *name,
          gboolean        listed,
          GError        **error)
{
  g_autofree char *path = g_build_filename (self->search_dir, name, NULL);
  FILE *f = g_fopen (path, "w+bx");

  if (f == NULL)
    {
      failed (self, name, error);
      return NULL;
    }
  if (listed)
    fprintf (self->files, FW_SEARCH_INDEX_DIR "/%s\n", name);
  return f;
}

static char *
word_temp_name (guint bucket)
{
  return g_strdup_printf (".w%u", bucket);
}

FwSearchIndex *
fw_search_index_new (const char  *dir,
                      FILE        *files,
                      GError     **error)
{
  FwSearchIndex *self = g_new0 (FwSearchIndex, 1);
  static const char head[] = "FW.list([";

  self->dir = g_strdup (dir);
  self->search_dir = g_build_filename (dir, FW_SEARCH_INDEX_DIR, NULL);
  self->files = files;
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->groups_json = g_string_new (NULL);
  self->scratch = g_string_new (NULL);
  self->head = g_string_new (NULL);

  if (g_mkdir (self->search_dir, 0777) != 0)
    {
      failed (self, "", error);
      fw_search_index_free (self);
      return NULL;
    }
  if ((self->list = open_new (self, "list.js", TRUE, error)) == NULL ||
      !put (self, self->list, "list.js", head, strlen (head), error))
    {
      fw_search_index_free (self);
      return NULL;
    }
  for (guint i = 0; i < WORD_FILES; i++)
    {
      g_autofree char *name = word_temp_name (i);

      if ((self->words[i] = open_new (self, name, FALSE, error)) == NULL)
        {
          fw_search_index_free (self);
          return NULL;
        }
    }
  return self;
}

static int
group_of (FwSearchIndex     *self,
          const FwSearchEntry *entry)
{
  gpointer found;
  g_autofree char *label = NULL;
  gsize len;

  if (entry->group == NULL)
    return -1;
  found = g_hash_table_lookup (self->groups, entry->group);
  if (found != NULL)
    return GPOINTER_TO_INT (found) - 1;

  /* The export has no names for projects and GPTs: the end of the id tells
   * them apart, the same in every export. */
  len = strlen (entry->group);
  label = g_strdup_printf (entry->project ? _("Project %s") : _("Custom GPT %s"),
                           entry->group + len - MIN (len, 4));
  g_string_append (self->groups_json, self->n_groups > 0 ? ",[" : "[");
  fw_append_json_string (self->groups_json, entry->project ? "project" : "gpt");
  g_string_append_c (self->groups_json, ',');
  fw_append_json_string (self->groups_json, label);
  g_string_append_c (self->groups_json, ',');
  fw_append_json_string (self->groups_json, entry->group);
  g_string_append_c (self->groups_json, ']');
  g_hash_table_insert (self->groups, g_strdup (entry->group), GINT_TO_POINTER (self->n_groups + 1));
  return self->n_groups++;
}

/* Ends the text file being filled, and closes it. */
static gboolean
close_text (FwSearchIndex  *self,
            GError        **error)
{
  FILE *f = g_steal_pointer (&self->text);
  gboolean ok = put (self, f, "t.js", "\n]);\n", 5, error);

  if (fclose (f) != 0 && ok)
    return failed (self, "t.js", error);
  return ok;
}

gboolean
fw_search_index_add (FwSearchIndex     *self,
                      const FwSearchRow   *row,
                      const FwSearchEntry *entry,
                      GError            **error)
{
  GString *s = self->scratch;
  GString *head = self->head;
  guint flags = (entry->archived ? 1 : 0) | (entry->starred ? 2 : 0) | (row->untitled ? 4 : 0);
  guint id = self->rows++;

  g_string_truncate (s, 0);
  g_string_append_printf (s, "%s[%.0f,", id > 0 ? ",\n" : "\n", row->create_time > 0 ? row->create_time : 0);
  fw_append_json_string (s, row->title);
  g_string_append_c (s, ',');
  fw_append_json_string (s, row->model ? row->model : "");
  g_string_append_printf (s, ",%u,", row->messages);
  fw_append_json_string (s, row->href);
  g_string_append_printf (s, ",%u,%d]", flags, group_of (self, entry));
  if (!put (self, self->list, "list.js", s->str, s->len, error))
    return FALSE;

  /* the text, CHUNK conversations a file */
  if (id % CHUNK == 0)
    {
      g_autofree char *name = g_strdup_printf ("t%u.js", id / CHUNK);
      g_autofree char *start = g_strdup_printf ("FW.text(%u,[\n", id / CHUNK);

      if (self->text != NULL && !close_text (self, error))
        return FALSE;
      if (self->text != NULL ||
          (self->text = open_new (self, name, TRUE, error)) == NULL ||
          !put (self, self->text, name, start, strlen (start), error))
        return FALSE;
    }
  else if (!put (self, self->text, "t.js", ",\n", 2, error))
    return FALSE;
  if (!put (self, self->text, "t.js", entry->text->str, entry->text->len, error))
    return FALSE;

  /* the words, each file's under a line "#<conversation>" */
  g_string_truncate (head, 0);
  g_string_append_c (head, '#');
  append_uint (head, id);
  g_string_append_c (head, '\n');
  for (guint i = 0; i < entry->segments->len; i++)
    {
      const Segment *segment = &g_array_index (entry->segments, Segment, i);
      FILE *f = self->words[segment->bucket];

      if (!put (self, f, ".w", head->str, head->len, error) ||
          !put (self, f, ".w", entry->words->str + segment->at, segment->len, error))
        return FALSE;
    }
  return TRUE;
}

static int
compare_keys (const void *a,
              const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
remove_word_temp (FwSearchIndex *self,
                  guint           bucket)
{
  g_autofree char *name = word_temp_name (bucket);
  g_autofree char *path = g_build_filename (self->search_dir, name, NULL);

  g_clear_pointer (&self->words[bucket], fclose);
  g_unlink (path);
}

/* One word's conversations, as written: each conversation as the
 * difference from the one before (small numbers, a smaller file). */
typedef struct {
  GString *list;
  guint    last;
} Posting;

static void
posting_free (gpointer data)
{
  Posting *posting = data;

  g_string_free (posting->list, TRUE);
  g_free (posting);
}

/* Gathers one temporary word file into search/w<bucket>.js:
 * FW.words(<bucket>,{"word":[conversation,message,…],…}); where each
 * conversation after the first is the difference from the one before. */
static gboolean
write_words (FwSearchIndex *self,
             guint           bucket,
             GError        **error)
{
  FILE *in = self->words[bucket];
  g_autoptr(GHashTable) postings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (posting_free);
  g_autofree char *name = g_strdup_printf ("w%u.js", bucket);
  g_autofree const char **keys = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  char line[256];
  guint row = 0;
  guint n_keys;
  FILE *f;
  gboolean ok;

  if (fflush (in) != 0 || fseek (in, 0, SEEK_SET) != 0)
    return failed (self, name, error);

  while (fgets (line, sizeof line, in) != NULL)
    {
      char *tab;
      Posting *posting;

      if (line[0] == '#')
        {
          row = (guint) g_ascii_strtoull (line + 1, NULL, 10);
          continue;
        }
      tab = strchr (line, '\t');
      if (tab == NULL)
        continue;
      *tab = '\0';
      posting = g_hash_table_lookup (postings, line);
      if (posting == NULL)
        {
          posting = g_new0 (Posting, 1);
          posting->list = g_string_new (NULL);
          g_ptr_array_add (lists, posting);
          g_hash_table_insert (postings, g_strdup (line), posting);
        }
      else
        g_string_append_c (posting->list, ',');
      /* the temporary file has the conversations in order */
      append_uint (posting->list, row - posting->last);
      posting->last = row;
      g_string_append_c (posting->list, ',');
      append_uint (posting->list, (guint) g_ascii_strtoull (tab + 1, NULL, 10));
    }
  if (ferror (in))
    return failed (self, name, error);

  g_string_append_printf (out, "FW.words(%u,{", bucket);
  keys = (const char **) g_hash_table_get_keys_as_array (postings, &n_keys);
  qsort (keys, n_keys, sizeof (char *), compare_keys);
  for (guint i = 0; i < n_keys; i++)
    {
      GString *list = ((Posting *) g_hash_table_lookup (postings, keys[i]))->list;

      if (i > 0)
        g_string_append (out, ",\n");
      fw_append_json_string (out, keys[i]);
      g_string_append (out, ":[");
      g_string_append_len (out, list->str, list->len);
      g_string_append_c (out, ']');
    }
  g_string_append (out, "});\n");

  /* no word of that file: archive.js takes a file that is not there as empty */
  if (n_keys == 0)
    return TRUE;
  if ((f = open_new (self, name, TRUE, error)) == NULL)
    return FALSE;
  ok = put (self, f, name, out->str, out->len, error);
  if (fclose (f) != 0 && ok)
    return failed (self, name, error);
  return ok;
}

gboolean
fw_search_index_finish (FwSearchIndex  *self,
                         FwArchiveStats  *stats,
                         GError         **error)
{
  g_autoptr(JsonNode) json = fw_archive_stats_to_json (stats);
  g_autofree char *stats_text = json_to_string (json, FALSE);
  g_autoptr(GString) tail = g_string_new ("\n],[");

  g_string_append_len (tail, self->groups_json->str, self->groups_json->len);
  g_string_append (tail, "],");
  g_string_append (tail, stats_text);
  g_string_append (tail, ");\n");
  if (!put (self, self->list, "list.js", tail->str, tail->len, error))
    return FALSE;
  if (fclose (g_steal_pointer (&self->list)) != 0)
    return failed (self, "list.js", error);

  if (self->text != NULL && !close_text (self, error))
    return FALSE;

  for (guint i = 0; i < WORD_FILES; i++)
    {
      if (!write_words (self, i, error))
        return FALSE;
      remove_word_temp (self, i);
    }
  return TRUE;
}

void
fw_search_index_free (FwSearchIndex *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->list, fclose);
  g_clear_pointer (&self->text, fclose);
  for (guint i = 0; i < WORD_FILES; i++)
    if (self->words[i] != NULL)
      remove_word_temp (self, i);
  g_hash_table_unref (self->groups);
  g_string_free (self->groups_json, TRUE);
  g_string_free (self->scratch, TRUE);
  g_string_free (self->head, TRUE);
  g_free (self->search_dir);
  g_free (self->dir);
  g_free (self);
}
