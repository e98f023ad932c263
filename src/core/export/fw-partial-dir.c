/* fw-partial-dir.c — the hidden folder an archive is written into, and the
 * clean-up of those an interrupted run left behind
 *
 * An archive is written into ".NAME.partial-XXXXXX" beside NAME and renamed
 * into place when complete; on error or cancel the engine removes it. Only
 * a process that dies (power cut, kill -9) leaves one, of up to the whole
 * archive's size. Each such folder holds a note, ".owner", of the process
 * that writes it: its pid, the start time of that pid, the boot and the pid
 * namespace it ran in. A folder is stale when that process is gone; where
 * the note cannot tell (a conversion in another sandbox, with a pid
 * namespace of its own, or a folder without a note), when nothing was
 * written into it for a while.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "fw-partial-dir.h"

#define OWNER_FILE ".owner"
/* A conversion writes files all the time: a folder untouched this long is
 * not being written. */
#define QUIET_SECONDS (10 * 60)

typedef enum {
  OWNER_ALIVE,
  OWNER_GONE,
  OWNER_UNKNOWN,
} Owner;

static char *
pid_namespace (void)
{
  g_autofree char *link = g_file_read_link ("/proc/self/ns/pid", NULL);

  return link != NULL ? g_strdelimit (g_steal_pointer (&link), " ", '_') : g_strdup ("unknown");
}

static char *
boot_id (void)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &contents, NULL, NULL))
    return g_strdup ("unknown");
  return g_strdup (g_strstrip (contents));
}

/* Field 22 of /proc/PID/stat: when the process started, in clock ticks
 * since boot; 0 when it cannot be read (no such process). */
static guint64
start_time (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  const char *p;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  /* after the command name, which may hold spaces and parentheses */
  p = strrchr (contents, ')');
  if (p == NULL)
    return 0;
  for (guint field = 2; field < 22 && p != NULL; field++)
    p = strchr (p + 1, ' ');
  return p != NULL ? g_ascii_strtoull (p + 1, NULL, 10) : 0;
}

char *
fw_partial_dir_create (const char *output_path)
{
  g_autofree char *parent = g_path_get_dirname (output_path);
  g_autofree char *basename = g_path_get_basename (output_path);
  g_autofree char *template = g_strdup_printf (".%s.partial-XXXXXX", basename);
  g_autofree char *dir = g_build_filename (parent, template, NULL);
  g_autofree char *owner = NULL;
  g_autofree char *note = NULL;
  g_autofree char *boot = boot_id ();
  g_autofree char *ns = pid_namespace ();
  int saved;

  if (g_mkdtemp_full (dir, 0755) == NULL)
    return NULL;

  owner = g_build_filename (dir, OWNER_FILE, NULL);
  note = g_strdup_printf ("%d %" G_GUINT64_FORMAT " %s %s\n", (int) getpid (), start_time (getpid ()), boot, ns);
  if (!g_file_set_contents (owner, note, -1, NULL))
    {
      saved = errno;
      g_rmdir (dir);
      errno = saved ? saved : EIO;
      return NULL;
    }

  return g_steal_pointer (&dir);
}

/* Whether the process that wrote @dir's note still runs. */
static Owner
owner_of (const char *dir)
{
  g_autofree char *owner = g_build_filename (dir, OWNER_FILE, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *boot = NULL;
  g_autofree char *ns = NULL;
  g_auto(GStrv) fields = NULL;
  gint64 pid;

  if (!g_file_get_contents (owner, &contents, NULL, NULL))
    return OWNER_UNKNOWN;
  fields = g_strsplit (g_strstrip (contents), " ", 4);
  if (g_strv_length (fields) != 4)
    return OWNER_UNKNOWN;

  boot = boot_id ();
  if (!g_str_equal (fields[2], boot))
    return OWNER_GONE;   /* written before the last boot */

  ns = pid_namespace ();
  if (!g_str_equal (fields[3], ns))
    return OWNER_UNKNOWN;   /* its pid means nothing here */

  pid = g_ascii_strtoll (fields[0], NULL, 10);
  if (pid <= 0 || pid > G_MAXINT)
    return OWNER_UNKNOWN;
  if (kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
    return OWNER_GONE;
  /* the pid may have been given to another process since */
  return start_time ((pid_t) pid) == g_ascii_strtoull (fields[1], NULL, 10) ? OWNER_ALIVE : OWNER_GONE;
}

/* The newest change in @dir and the folders right below it. */
static gint64
last_change (const char *dir)
{
  GStatBuf st;
  gint64 newest = 0;
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (g_lstat (dir, &st) == 0)
    newest = st.st_mtime;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
        newest = MAX (newest, (gint64) st.st_mtime);
    }
  return newest;
}

guint64
fw_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint64 bytes = 0;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          GStatBuf st;

          if (g_lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
            bytes += fw_remove_tree (child);
          else
            {
              if (g_lstat (child, &st) == 0)
                bytes += st.st_size;
              g_unlink (child);
            }
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
  return bytes;
}

guint
fw_partial_dir_remove_stale (const char *output_path,
                             guint64    *bytes_freed)
{
  g_autofree char *parent = g_path_get_dirname (output_path);
  g_autofree char *basename = g_path_get_basename (output_path);
  g_autofree char *prefix = g_strdup_printf (".%s.partial-", basename);
  g_autoptr(GDir) d = g_dir_open (parent, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;
  guint removed = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;
      guint64 bytes;

      /* exactly the engine's names: the prefix and six random characters */
      if (!g_str_has_prefix (name, prefix) || strlen (name) != strlen (prefix) + 6)
        continue;
      path = g_build_filename (parent, name, NULL);
      if (g_lstat (path, &st) != 0 || !S_ISDIR (st.st_mode))
        continue;
      switch (owner_of (path))
        {
        case OWNER_ALIVE:
          continue;
        case OWNER_UNKNOWN:
          if (now - last_change (path) < QUIET_SECONDS)
            continue;
          break;
        case OWNER_GONE:
          break;
        }

      bytes = fw_remove_tree (path);
      g_debug ("removed %s, left by an interrupted conversion (%" G_GUINT64_FORMAT " bytes)", path, bytes);
      if (bytes_freed != NULL)
        *bytes_freed += bytes;
      removed++;
    }

  return removed;
}
