/* fw-citations.c — ChatGPT's citation markers, resolved to what it showed
 *
 * Answers that searched the web or the user's files carry invisible
 * private-use characters in their text: U+E200 opens a marker, U+E202
 * separates its fields and U+E201 closes it ("cite", "turn0search3"),
 * U+E203 and U+E204 bracket a passage a source supports, U+E206 marks
 * where a group of sources was shown. Older answers have 【9†source】
 * tokens instead. The message's metadata says what each one stands for:
 * `content_references` (matched_text, start_idx, end_idx in characters,
 * type, type-specific data, often a ready `alt`) and, for the tokens,
 * `citations` (start_ix, end_ix, metadata with title and url).
 *
 * The resolver finds each reference's text, renders it as ChatGPT showed
 * it, in Markdown, and reduces what is left to its visible text. Web
 * sources become numbered links ([[1]](https://…)) and are listed, once
 * each, under "Sources" at the end of the message. Nothing it writes is
 * an image: media and products are links.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "fw-citations.h"
#include "fw-json-reader.h"

#define MARK_OPEN   "\xee\x88\x80"   /* U+E200 */
#define MARK_CLOSE  "\xee\x88\x81"   /* U+E201 */
#define MARK_SEP    "\xee\x88\x82"   /* U+E202 */
#define TOKEN_OPEN  "\xe3\x80\x90"   /* 【 */
#define TOKEN_CLOSE "\xe3\x80\x91"   /* 】 */
#define DAGGER      "\xe2\x80\xa0"   /* † */

/* The longest 【…†…】 token taken as one. */
#define MAX_TOKEN 256

typedef struct {
  const char *title;
  const char *url;    /* http or https, without ChatGPT's utm_source */
  const char *site;
  const char *date;   /* YYYY-MM-DD */
} Source;

typedef struct {
  gsize         start;   /* bytes of the text */
  gsize         end;
  guint         order;   /* in the metadata */
  const FwJson *ref;     /* a content reference, or */
  const FwJson *citation;  /* an older citation */
} Span;

typedef struct {
  FwJsonDoc    *doc;
  const FwJson *citations;
  GArray       *sources;  /* Source */
  GString      *out;
} Resolver;

/* U+E000–U+F8FF: 3 bytes, EE xx xx or EF 80–A3 xx. */
static inline gboolean
is_private_use (const char *p,
                const char *end)
{
  guchar c = (guchar) p[0];

  return end - p >= 3 && (c == 0xEE || (c == 0xEF && (guchar) p[1] <= 0xA3));
}

gboolean
fw_citations_present (const char   *text,
                      gsize         len,
                      const FwJson *metadata)
{
  const FwJson *refs = fw_json_get_array (metadata, "content_references");
  const FwJson *citations = fw_json_get_array (metadata, "citations");
  const char *end = text + len;

  if ((refs != NULL && refs->len > 0) || (citations != NULL && citations->len > 0))
    return TRUE;
  if (memchr (text, 0xEE, len) != NULL)
    return TRUE;
  /* EF also starts U+FFxx (full-width forms, common in CJK text): only
   * EF 80–A3 is private use. */
  for (const char *p = text; (p = memchr (p, 0xEF, end - p)) != NULL; p++)
    if (is_private_use (p, end))
      return TRUE;
  return strstr (text, TOKEN_OPEN) != NULL;
}

/* Reading the metadata */

static const char *
get_text (const FwJson *object,
          const char   *member)
{
  const char *s = fw_json_get_string (object, member);

  return s != NULL && *s != '\0' ? s : NULL;
}

/* The first of @members that is a non-empty string. */
static const char *
first_text (const FwJson       *object,
            const char * const *members)
{
  for (guint i = 0; members[i] != NULL; i++)
    {
      const char *s = get_text (object, members[i]);

      if (s != NULL)
        return s;
    }
  return NULL;
}

static gboolean
is_web_url (const char *url)
{
  return url != NULL &&
         (g_ascii_strncasecmp (url, "https://", 8) == 0 || g_ascii_strncasecmp (url, "http://", 7) == 0) &&
         strchr (url, '\n') == NULL;
}

static const char * const url_members[] = {
  "url", "link", "page_url", "website_url", "content_url", "source_url", NULL
};
static const char * const title_members[] = {
  "title", "name", "alt_text", "query", "ticker", NULL
};
static const char * const site_members[] = {
  "attribution", "domain", "source", "website", NULL
};

/* ChatGPT adds ?utm_source=chatgpt.com to the pages it links. */
static const char *
clean_url (Resolver   *r,
           const char *url)
{
  static const char * const tails[] = { "?utm_source=chatgpt.com", "&utm_source=chatgpt.com", NULL };
  gsize len = strlen (url);

  for (guint i = 0; tails[i] != NULL; i++)
    {
      gsize n = strlen (tails[i]);

      if (len > n && strcmp (url + len - n, tails[i]) == 0)
        return fw_json_doc_strndup (r->doc, url, len - n);
    }
  return url;
}

/* Whether @object names a web page (get_url() without its copy). */
static gboolean
has_url (const FwJson *object)
{
  for (guint i = 0; url_members[i] != NULL; i++)
    if (is_web_url (get_text (object, url_members[i])))
      return TRUE;
  return FALSE;
}

static const char *
get_url (Resolver     *r,
         const FwJson *object)
{
  for (guint i = 0; url_members[i] != NULL; i++)
    {
      const char *url = get_text (object, url_members[i]);

      if (is_web_url (url))
        return clean_url (r, url);
    }
  return NULL;
}

/* pub_date: Unix seconds, or an ISO 8601 text. */
static const char *
get_date (Resolver     *r,
          const FwJson *object)
{
  const FwJson *value = fw_json_get_member (object, "pub_date");
  double t = -1;

  if (fw_json_is (value, FW_JSON_DOUBLE))
    t = value->v.d;
  else if (fw_json_is (value, FW_JSON_INT))
    t = (double) value->v.i;
  else if (fw_json_is (value, FW_JSON_STRING) && value->len >= 10 &&
           g_ascii_isdigit (value->v.s[0]) && value->v.s[4] == '-' && value->v.s[7] == '-')
    return fw_json_doc_strndup (r->doc, value->v.s, 10);

  if (t > 0 && t < 253402300799.0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc ((gint64) t);
      g_autofree char *date = dt ? g_date_time_format (dt, "%Y-%m-%d") : NULL;

      if (date != NULL)
        return fw_json_doc_strdup (r->doc, date);
    }
  return NULL;
}

/* Writing Markdown */

/* A label inside a link or a list: on one line, with brackets that cannot
 * end the link, and without private-use characters. */
static void
append_label (GString    *out,
              const char *text)
{
  const char *end = text + strlen (text);
  gsize start = out->len;

  for (const char *p = text; p < end; p++)
    {
      if (is_private_use (p, end))
        {
          p += 2;
          continue;
        }
      switch (*p)
        {
        case '[': g_string_append_c (out, '('); break;
        case ']': g_string_append_c (out, ')'); break;
        case '\n': case '\r': case '\t':
          if (out->len > start && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          break;
        default: g_string_append_c (out, *p); break;
        }
    }
  while (out->len > start && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
}

/* An http(s) address inside (…): what would end it or break the link is
 * percent-encoded. */
static void
append_url (GString    *out,
            const char *url)
{
  for (const char *p = url; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c <= ' ' || c == 0x7F || strchr ("\"'<>`()\\", c) != NULL)
        g_string_append_printf (out, "%%%02X", c);
      else
        g_string_append_c (out, c);
    }
}

static void
append_link (GString    *out,
             const char *label,
             const char *url)
{
  if (url == NULL)
    {
      append_label (out, label);
      return;
    }
  g_string_append_c (out, '[');
  append_label (out, label);
  g_string_append (out, "](");
  append_url (out, url);
  g_string_append_c (out, ')');
}

/* The host of an http(s) address: a label for a page without a title. */
static const char *
host_of (Resolver   *r,
         const char *url)
{
  const char *host = strstr (url, "://") + 3;
  gsize len = strcspn (host, "/?#");

  if (g_ascii_strncasecmp (host, "www.", 4) == 0 && len > 4)
    {
      host += 4;
      len -= 4;
    }
  return fw_json_doc_strndup (r->doc, host, len);
}

/* Sources */

/* Its number, from 1; the same page keeps its first number. */
static guint
add_source (Resolver     *r,
            const Source *source)
{
  for (guint i = 0; i < r->sources->len; i++)
    {
      Source *s = &g_array_index (r->sources, Source, i);

      if (source->url != NULL ? g_strcmp0 (s->url, source->url) == 0
                              : s->url == NULL && g_strcmp0 (s->title, source->title) == 0)
        {
          /* a later mention may know more */
          if (s->title == NULL)
            s->title = source->title;
          if (s->site == NULL)
            s->site = source->site;
          if (s->date == NULL)
            s->date = source->date;
          return i + 1;
        }
    }
  g_array_append_vals (r->sources, source, 1);
  return r->sources->len;
}

/* A page (or file) described by @object; 0 when it names none. */
static guint
add_source_object (Resolver     *r,
                   const FwJson *object)
{
  Source source = { 0 };

  if (!fw_json_is (object, FW_JSON_OBJECT))
    return 0;
  source.url = get_url (r, object);
  source.title = first_text (object, title_members);
  source.site = first_text (object, site_members);
  source.date = get_date (r, object);
  if (source.url == NULL && source.title == NULL)
    return 0;
  return add_source (r, &source);
}

static void
append_cite (Resolver *r,
             guint     number)
{
  const Source *source = &g_array_index (r->sources, Source, number - 1);

  if (source->url != NULL)
    {
      g_string_append_printf (r->out, "[[%u]](", number);
      append_url (r->out, source->url);
      g_string_append_c (r->out, ')');
    }
  else
    g_string_append_printf (r->out, "[%u]", number);
}

/* Each page of @ref (its items and the sites that support them, or its
 * fallback items, or the page it is), cited when @cite, else only listed.
 * Returns how many there were. */
static guint
add_pages (Resolver     *r,
           const FwJson *ref,
           gboolean      cite)
{
  static const char * const lists[] = { "items", "fallback_items", "sources", "domains", NULL };
  guint count = 0;

  for (guint l = 0; lists[l] != NULL && count == 0; l++)
    {
      const FwJson *items = fw_json_get_array (ref, lists[l]);

      for (gsize i = 0; items != NULL && i < items->len; i++)
        {
          const FwJson *item = &items->v.items[i];
          const FwJson *supporting = fw_json_get_array (item, "supporting_websites");
          guint number = add_source_object (r, item);

          if (number > 0 && cite)
            append_cite (r, number);
          count += number > 0;
          for (gsize j = 0; supporting != NULL && j < supporting->len; j++)
            {
              number = add_source_object (r, &supporting->v.items[j]);
              if (number > 0 && cite)
                append_cite (r, number);
              count += number > 0;
            }
        }
    }

  /* one page: the reference itself, or its item ("url" references) */
  if (count == 0)
    {
      const FwJson *page = has_url (ref) ? ref : fw_json_get_object (ref, "item");

      if (has_url (page))
        {
          guint number = add_source_object (r, page);

          if (cite)
            append_cite (r, number);
          count++;
        }
    }

  return count;
}

/* References that stand for web pages: numbered and listed. */
static gboolean
is_pages_type (const char *type)
{
  return g_str_equal (type, "webpage") || g_str_equal (type, "webpage_extended") ||
         g_str_equal (type, "url") || g_str_has_prefix (type, "grouped_webpages");
}

static void
append_sources_list (Resolver *r)
{
  GString *out = r->out;

  while (out->len > 0 && g_ascii_isspace (out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);
  if (out->len > 0)
    g_string_append (out, "\n\n");
  /* Translators: the heading of the web pages and files an answer of
   * ChatGPT cites, listed under it in the archive */
  g_string_append_printf (out, "**%s**\n\n", _("Sources"));

  for (guint i = 0; i < r->sources->len; i++)
    {
      const Source *s = &g_array_index (r->sources, Source, i);
      const char *label = s->title ? s->title : s->site ? s->site : host_of (r, s->url);
      gboolean site = s->site != NULL && g_ascii_strcasecmp (s->site, label) != 0;

      g_string_append_printf (out, "%u. ", i + 1);
      append_link (out, label, s->url);
      if (site)
        {
          g_string_append (out, " — ");
          append_label (out, s->site);
        }
      if (s->date != NULL)
        g_string_append_printf (out, "%s%s", site ? ", " : " — ", s->date);
      g_string_append_c (out, '\n');
    }
}

/* Other references */

/* A link (or a name) for one thing a reference shows, after a " · " when
 * it is not the first. */
static void
append_thing (Resolver     *r,
              const FwJson *item,
              gsize         first)
{
  const char *label = first_text (item, title_members);
  const char *url = get_url (r, item);

  if (label == NULL && url != NULL)
    label = host_of (r, url);
  if (label == NULL)
    return;
  if (r->out->len > first)
    g_string_append (r->out, " · ");
  append_link (r->out, label, url);
}

/* Links (or names) for the things a reference shows: images, videos,
 * products, places, news, files; else the one thing it is. */
static gboolean
append_things (Resolver     *r,
               const FwJson *ref)
{
  static const char * const lists[] = {
    "items", "images", "videos", "products", "businesses", "domains", "entries", "fallback_items", "files", NULL
  };
  static const char * const single[] = { "product", "video", "image", "business", NULL };
  gsize first = r->out->len;

  for (guint l = 0; lists[l] != NULL; l++)
    {
      const FwJson *items = fw_json_get_array (ref, lists[l]);

      for (gsize i = 0; items != NULL && i < items->len; i++)
        append_thing (r, &items->v.items[i], first);
    }
  for (guint l = 0; single[l] != NULL; l++)
    append_thing (r, fw_json_get_object (ref, single[l]), first);
  if (r->out->len == first && get_url (r, ref) != NULL)
    append_thing (r, ref, first);
  return r->out->len > first;
}

static void append_clean (Resolver *r, const char *text, gsize len);

/* Text that ChatGPT showed in the reference's place (alt), cleaned. */
static gboolean
append_alt (Resolver     *r,
            const FwJson *ref)
{
  const char *alt = get_text (ref, "alt");

  if (alt == NULL)
    return FALSE;
  append_clean (r, alt, strlen (alt));
  return TRUE;
}

/* The name in an entity marker's payload: ["kind","Name",…] or Name. */
static void
append_entity_payload (Resolver   *r,
                       const char *payload,
                       gsize       len)
{
  g_autoptr(FwJsonDoc) doc = NULL;
  const FwJson *root;

  if (len > 0 && payload[0] == '[' && (doc = fw_json_doc_read_strict (payload, len, 8)) != NULL &&
      fw_json_is (root = fw_json_doc_get_root (doc), FW_JSON_ARRAY))
    {
      for (gsize i = root->len >= 2 ? 1 : 0; i < root->len; i++)
        if (root->v.items[i].type == FW_JSON_STRING)
          {
            g_autofree char *name = g_strndup (root->v.items[i].v.s, root->v.items[i].len);

            append_label (r->out, name);
            return;
          }
      return;
    }
  else
    {
      g_autofree char *name = g_strndup (payload, len);

      append_label (r->out, name);
    }
}

/* A field of a marker: from @p to the next U+E202 or U+E201 (or @end). */
static const char *
field_end (const char *p,
           const char *end)
{
  while (p < end && !(end - p >= 3 && (memcmp (p, MARK_SEP, 3) == 0 || memcmp (p, MARK_CLOSE, 3) == 0)))
    p++;
  return p;
}

static void
render_reference (Resolver     *r,
                  const FwJson *ref)
{
  const char *type = fw_json_get_string (ref, "type");
  const char *matched = fw_json_get_string (ref, "matched_text");

  if (type == NULL)
    type = "";

  if (g_str_equal (type, "hidden") || g_str_equal (type, "sources_footnote"))
    {
      if (g_str_equal (type, "sources_footnote"))
        add_pages (r, ref, FALSE);
    }
  else if (is_pages_type (type))
    add_pages (r, ref, TRUE);
  else if (g_str_equal (type, "file"))
    {
      const char *name = first_text (ref, (const char * const[]) { "name", "title", "id", NULL });

      if (name != NULL)
        {
          g_string_append_c (r->out, '(');
          append_label (r->out, name);
          g_string_append_c (r->out, ')');
        }
    }
  else if (g_str_equal (type, "calculator"))
    {
      const char *expression = get_text (ref, "expression");
      const char *result = get_text (ref, "result");

      if (expression != NULL && result != NULL)
        {
          append_label (r->out, expression);
          g_string_append (r->out, " = ");
          append_label (r->out, result);
        }
      else if (!append_alt (r, ref) && result != NULL)
        append_label (r->out, result);
    }
  else if (g_str_equal (type, "entity") || g_str_equal (type, "product_entity") ||
           g_str_equal (type, "stock") || g_str_equal (type, "alt_text") ||
           g_str_equal (type, "attribution"))
    {
      /* shown as text: its alt, a name (a product's with its link), or
       * the name in the marker */
      const char *name = first_text (ref, (const char * const[]) { "name", "title", NULL });

      if (append_alt (r, ref))
        return;
      if (name != NULL)
        append_label (r->out, name);
      else if (!append_things (r, ref))
        append_clean (r, matched, strlen (matched));
    }
  else if (!append_things (r, ref) && !append_alt (r, ref) && matched != NULL)
    /* file_navlist, image_group, video, products, nav_list, …: links
     * from their data when they have any, else the visible text of the
     * marker */
    append_clean (r, matched, strlen (matched));
}

/* Text without references of its own */

static void
drop_space_before (Resolver   *r,
                   const char *next,
                   const char *end)
{
  GString *out = r->out;

  /* "word \ue200cite…\ue201." must not become "word ." */
  if (out->len > 0 && out->str[out->len - 1] == ' ' &&
      (next >= end || strchr (".,;:!?) \n", *next) != NULL))
    g_string_truncate (out, out->len - 1);
}

/* The next U+E201 and line end at or after a point of the text being
 * cleaned (its end when there is none), found once for every marker
 * before them, so that unclosed markers by the thousand stay linear. */
typedef struct {
  const char *close;
  const char *newline;
} Ahead;

static const char *
find_close (const char *p,
            const char *end)
{
  while ((p = memchr (p, 0xEE, end - p)) != NULL)
    {
      if (end - p >= 3 && memcmp (p, MARK_CLOSE, 3) == 0)
        return p;
      p++;
    }
  return end;
}

/* A marker with no reference: U+E200 kind U+E202 field … U+E201, on one
 * line. Returns where it ends. */
static const char *
append_marker (Resolver   *r,
               const char *p,
               const char *end,
               Ahead      *ahead)
{
  const char *kind = p + 3;
  const char *next;
  gsize before = r->out->len;

  if (ahead->close == NULL || ahead->close < kind)
    ahead->close = find_close (kind, end);
  if (ahead->newline == NULL || ahead->newline < kind)
    {
      ahead->newline = memchr (kind, '\n', end - kind);
      if (ahead->newline == NULL)
        ahead->newline = end;
    }

  if (ahead->close < end && ahead->close < ahead->newline)
    {
      const char *close = ahead->close;
      const char *kind_end = field_end (kind, close);
      const char *f1 = kind_end < close ? kind_end + 3 : close;
      const char *f1_end = field_end (f1, close);

      if (kind_end - kind == 6 && memcmp (kind, "entity", 6) == 0 && f1 < close)
        append_entity_payload (r, f1, f1_end - f1);
      else if (kind_end - kind == 3 && memcmp (kind, "url", 3) == 0 && f1_end < close)
        {
          g_autofree char *label = g_strndup (f1, f1_end - f1);
          g_autofree char *url = g_strndup (f1_end + 3, field_end (f1_end + 3, close) - (f1_end + 3));

          append_link (r->out, label, is_web_url (url) ? url : NULL);
        }
      next = close + 3;
    }
  else
    {
      /* cut short: the marker runs to the end of its word */
      next = kind;
      while (next < end && !g_ascii_isspace (*next))
        next++;
    }

  if (r->out->len == before)
    drop_space_before (r, next, end);
  return next;
}

/* The older citation whose token number is @index, when the metadata has
 * one. */
static const FwJson *
citation_for_index (Resolver *r,
                    gint64    index)
{
  for (gsize i = 0; r->citations != NULL && i < r->citations->len; i++)
    {
      const FwJson *citation = &r->citations->v.items[i];
      const FwJson *extra = fw_json_get_object (fw_json_get_object (citation, "metadata"), "extra");
      const FwJson *idx = fw_json_get_member (extra, "cited_message_idx");

      if (fw_json_is (idx, FW_JSON_INT) && idx->v.i == index)
        return citation;
    }
  return NULL;
}

static void
render_citation (Resolver     *r,
                 const FwJson *citation)
{
  guint number = add_source_object (r, fw_json_get_object (citation, "metadata"));

  if (number > 0)
    append_cite (r, number);
}

/* 【9†source】, 【4:0†notes.pdf】, 【11†(Site)】 with no citation of its own:
 * its source when the metadata numbers one so, else the name it gives,
 * else nothing. Returns where it ends, or NULL when it is no such token. */
static const char *
append_token (Resolver   *r,
              const char *p,
              const char *end)
{
  const char *limit = p + MIN ((gsize) (end - p), MAX_TOKEN);
  const char *close = NULL;
  const char *dagger = NULL;
  const FwJson *citation;
  gsize before = r->out->len;

  for (const char *q = p + 3; q + 3 <= limit && *q != '\n'; q++)
    {
      if (memcmp (q, TOKEN_CLOSE, 3) == 0)
        {
          close = q;
          break;
        }
      if (memcmp (q, TOKEN_OPEN, 3) == 0)
        return NULL;
      if (dagger == NULL && memcmp (q, DAGGER, 3) == 0)
        dagger = q;
    }
  if (close == NULL || dagger == NULL)
    return NULL;

  citation = g_ascii_isdigit (p[3]) ? citation_for_index (r, g_ascii_strtoll (p + 3, NULL, 10)) : NULL;
  if (citation != NULL)
    render_citation (r, citation);
  else
    {
      const char *name = dagger + 3;
      const char *name_end = g_strstr_len (name, close - name, DAGGER);
      const char *site = name_end ? name_end + 3 : NULL;

      /* 【5†name†L1-L9】: the lines are not shown; 【0†title†site】 (the
       * browser's results) names the site */
      if (name_end == NULL)
        name_end = close;
      if (site != NULL && (g_strstr_len (site, close - site, DAGGER) != NULL ||
                           (site[0] == 'L' && g_ascii_isdigit (site[1]))))
        site = NULL;
      if (name_end - name >= 2 && *name == '(' && name_end[-1] == ')')
        {
          name++;
          name_end--;
        }
      if (name_end > name && !(name_end - name == 6 && memcmp (name, "source", 6) == 0))
        {
          g_autofree char *label = g_strndup (name, name_end - name);

          g_string_append_c (r->out, '(');
          append_label (r->out, label);
          if (site != NULL && close > site)
            {
              g_autofree char *site_label = g_strndup (site, close - site);

              g_string_append (r->out, " — ");
              append_label (r->out, site_label);
            }
          g_string_append_c (r->out, ')');
        }
    }

  if (r->out->len == before)
    drop_space_before (r, close + 3, end);
  return close + 3;
}

/* @len bytes of text with every marker, token and private-use character
 * reduced to its visible text. */
static void
append_clean (Resolver   *r,
              const char *text,
              gsize       len)
{
  const char *end = text + len;
  const char *p = text;
  const char *run = text;
  Ahead ahead = { NULL, NULL };

  while (p < end)
    {
      guchar c = (guchar) *p;
      const char *next = NULL;

      if (c != 0xEE && c != 0xEF && c != 0xE3)
        {
          p++;
          continue;
        }
      if (c == 0xEE && end - p >= 3 && memcmp (p, MARK_OPEN, 3) == 0)
        {
          g_string_append_len (r->out, run, p - run);
          next = append_marker (r, p, end, &ahead);
        }
      else if (is_private_use (p, end))
        {
          g_string_append_len (r->out, run, p - run);
          next = p + 3;
        }
      else if (c == 0xE3 && end - p >= 3 && memcmp (p, TOKEN_OPEN, 3) == 0)
        {
          gsize at = r->out->len;

          g_string_append_len (r->out, run, p - run);
          next = append_token (r, p, end);
          if (next == NULL)
            g_string_truncate (r->out, at);
        }

      if (next != NULL)
        p = run = next;
      else
        p++;
    }
  g_string_append_len (r->out, run, end - run);
}

/* Where the references are */

/* Byte offsets of character offsets, walked forwards; the references come
 * in the text's order, so this is one pass over the text. */
typedef struct {
  const char *text;
  gsize       len;
  gint64      chars;
  gsize       bytes;
} Cursor;

static gboolean
cursor_seek (Cursor *c,
             gint64  chars,
             gsize  *bytes)
{
  if (chars < 0)
    return FALSE;
  if (chars < c->chars)
    c->chars = 0, c->bytes = 0;
  while (c->chars < chars && c->bytes < c->len)
    {
      c->bytes = g_utf8_next_char (c->text + c->bytes) - c->text;
      c->chars++;
    }
  if (c->chars != chars || c->bytes > c->len)
    return FALSE;
  *bytes = c->bytes;
  return TRUE;
}

static gint64
get_int (const FwJson *object,
         const char   *member)
{
  const FwJson *value = fw_json_get_member (object, member);

  return fw_json_is (value, FW_JSON_INT) ? value->v.i : -1;
}

/* Only what ChatGPT put in for a reference is replaced: a matched text
 * with a private-use character or a 【 token, never plain words. */
static gboolean
is_marker_text (const char *text,
                gsize       len)
{
  return len > 0 && fw_citations_present (text, len, NULL);
}

static gboolean
find_reference (Cursor       *cursor,
                const FwJson *ref,
                gsize        *search_from,
                Span         *span)
{
  const FwJson *matched = fw_json_get_member (ref, "matched_text");
  const char *found;
  gsize at;

  if (!fw_json_is (matched, FW_JSON_STRING) || !is_marker_text (matched->v.s, matched->len))
    return FALSE;

  /* where its start_idx says, or the next place with its text, or the
   * first */
  if (cursor_seek (cursor, get_int (ref, "start_idx"), &at) &&
      at + matched->len <= cursor->len && memcmp (cursor->text + at, matched->v.s, matched->len) == 0)
    found = cursor->text + at;
  else if ((found = strstr (cursor->text + MIN (*search_from, cursor->len), matched->v.s)) == NULL)
    found = strstr (cursor->text, matched->v.s);
  if (found == NULL)
    return FALSE;

  span->start = found - cursor->text;
  span->end = span->start + matched->len;
  *search_from = span->end;
  return TRUE;
}

static gboolean
find_citation (Cursor       *cursor,
               const FwJson *citation,
               Span         *span)
{
  gsize start, end;

  if (!cursor_seek (cursor, get_int (citation, "start_ix"), &start) ||
      !cursor_seek (cursor, get_int (citation, "end_ix"), &end) ||
      end < start + 6 ||
      memcmp (cursor->text + start, TOKEN_OPEN, 3) != 0 || memcmp (cursor->text + end - 3, TOKEN_CLOSE, 3) != 0)
    return FALSE;
  span->start = start;
  span->end = end;
  return TRUE;
}

static int
span_compare (gconstpointer a,
              gconstpointer b)
{
  const Span *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

const char *
fw_citations_resolve (FwJsonDoc    *doc,
                      const char   *text,
                      gsize         len,
                      const FwJson *metadata,
                      gsize        *out_len)
{
  const FwJson *refs = fw_json_get_array (metadata, "content_references");
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GArray) sources = g_array_new (FALSE, TRUE, sizeof (Source));
  g_autoptr(GString) out = g_string_sized_new (len + 256);
  g_autofree gboolean *placed = NULL;
  Resolver r = { doc, fw_json_get_array (metadata, "citations"), sources, out };
  Cursor cursor = { text, len, 0, 0 };
  gsize search_from = 0;
  gsize at = 0;

  placed = g_new0 (gboolean, refs ? refs->len : 0);
  for (gsize i = 0; refs != NULL && i < refs->len; i++)
    {
      Span span = { 0, 0, i, &refs->v.items[i], NULL };

      if (find_reference (&cursor, span.ref, &search_from, &span))
        g_array_append_val (spans, span);
    }
  for (gsize i = 0; r.citations != NULL && i < r.citations->len; i++)
    {
      Span span = { 0, 0, (refs ? refs->len : 0) + i, NULL, &r.citations->v.items[i] };

      if (find_citation (&cursor, span.citation, &span))
        g_array_append_val (spans, span);
    }
  g_array_sort (spans, span_compare);

  for (guint i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);
      gsize before;

      if (span->start < at)
        continue;  /* overlaps one already placed */
      append_clean (&r, text + at, span->start - at);
      before = out->len;
      if (span->ref != NULL)
        {
          render_reference (&r, span->ref);
          placed[span->order] = TRUE;
        }
      else
        render_citation (&r, span->citation);
      if (out->len == before)
        drop_space_before (&r, text + span->end, text + len);
      at = span->end;
    }
  append_clean (&r, text + at, len - at);

  /* The sources of references that have no place in this text (the
   * list at the end of an answer, pages it only mentioned) are listed. */
  for (gsize i = 0; refs != NULL && i < refs->len; i++)
    {
      const char *type = fw_json_get_string (&refs->v.items[i], "type");

      if (!placed[i] && type != NULL &&
          (g_str_equal (type, "sources_footnote") || is_pages_type (type) ||
           g_str_equal (type, "navigation") || g_str_equal (type, "nav_list")))
        add_pages (&r, &refs->v.items[i], FALSE);
    }
  if (sources->len > 0)
    append_sources_list (&r);

  if (out_len != NULL)
    *out_len = out->len;
  return fw_json_doc_strndup (doc, out->str, out->len);
}
