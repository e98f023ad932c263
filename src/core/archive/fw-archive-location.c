/* fw-archive-location.c — where a new archive goes when nobody chose a folder
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fw-archive-location.h"

static char *
documents_folder (const char *home,
                  const char *documents)
{
  if (documents != NULL && *documents != '\0' && g_strcmp0 (documents, home) != 0)
    return g_strdup (documents);
  return g_build_filename (home, "Documents", NULL);
}

/* The folder a filesystems= entry names ("home", "xdg-documents/Sub",
 * "~/Sub", "/abs"), or NULL for one that cannot hold the archive. */
static char *
entry_folder (const char *entry,
              const char *home,
              const char *documents)
{
  g_autofree char *name = g_strdup (entry);
  char *mode = strrchr (name, ':');

  if (*name == '!')
    return NULL;
  if (mode != NULL)
    {
      if (g_str_equal (mode, ":ro"))
        return NULL;
      *mode = '\0';
    }

  if (g_str_equal (name, "host"))
    return g_strdup ("/");
  if (g_str_equal (name, "home") || g_str_equal (name, "~"))
    return g_strdup (home);
  if (g_str_has_prefix (name, "~/"))
    return g_build_filename (home, name + 2, NULL);
  if (g_str_equal (name, "xdg-documents"))
    return documents_folder (home, documents);
  if (g_str_has_prefix (name, "xdg-documents/"))
    {
      g_autofree char *docs = documents_folder (home, documents);
      return g_build_filename (docs, name + strlen ("xdg-documents/"), NULL);
    }
  if (g_path_is_absolute (name))
    return g_strdup (name);
  return NULL;
}

gboolean
fw_archive_location_is_shared (GKeyFile   *sandbox_info,
                               const char *home,
                               const char *documents,
                               const char *folder)
{
  g_auto(GStrv) entries = NULL;
  g_autoptr(GFile) target = g_file_new_for_path (folder);

  entries = g_key_file_get_string_list (sandbox_info, "Context", "filesystems", NULL, NULL);
  for (guint i = 0; entries != NULL && entries[i] != NULL; i++)
    {
      g_autofree char *path = entry_folder (entries[i], home, documents);
      g_autoptr(GFile) granted = NULL;

      if (path == NULL)
        continue;
      granted = g_file_new_for_path (path);
      if (g_file_equal (granted, target) || g_file_has_prefix (target, granted))
        return TRUE;
    }
  return FALSE;
}

GFile *
fw_archive_location_default (const char *home,
                             const char *documents,
                             GKeyFile   *sandbox_info)
{
  g_autofree char *folder = documents_folder (home, documents);

  if (sandbox_info != NULL &&
      (!fw_archive_location_is_shared (sandbox_info, home, documents, folder) ||
       !g_file_test (folder, G_FILE_TEST_IS_DIR)))
    return NULL;

  return g_file_new_for_path (folder);
}

GFile *
fw_archive_location_default_here (void)
{
  g_autoptr(GKeyFile) info = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      info = g_key_file_new ();
      /* An unreadable file leaves the key file empty: nothing shared. */
      g_key_file_load_from_file (info, "/.flatpak-info", G_KEY_FILE_NONE, NULL);
    }

  return fw_archive_location_default (g_get_home_dir (),
                                      g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS),
                                      info);
}

char *
fw_archive_location_display (GFile      *folder,
                             const char *home,
                             const char *runtime_dir)
{
  g_autofree char *doc = g_build_filename (runtime_dir, "doc", NULL);
  g_autoptr(GFile) doc_root = g_file_new_for_path (doc);
  g_autofree char *relative = g_file_get_relative_path (doc_root, folder);
  g_autofree char *path = g_file_get_path (folder);
  const char *slash;

  /* ID/NAME/…: without the document's id */
  if (relative != NULL && (slash = strchr (relative, '/')) != NULL && slash[1] != '\0')
    return g_strdup (slash + 1);

  /* the home folder itself, or below it (not "/home/ann2" for "/home/ann") */
  if (home != NULL && *home != '\0' && path != NULL)
    {
      g_autoptr(GFile) home_folder = g_file_new_for_path (home);
      g_autofree char *below = g_file_get_relative_path (home_folder, folder);

      /* a home of "/" (some service accounts) would make every path ~/… */
      if (!g_file_has_parent (home_folder, NULL))
        return g_file_get_parse_name (folder);
      if (g_file_equal (home_folder, folder))
        return g_strdup ("~");
      if (below != NULL)
        return g_build_filename ("~", below, NULL);
    }

  return g_file_get_parse_name (folder);
}

char *
fw_archive_location_display_here (GFile *folder)
{
  return fw_archive_location_display (folder, g_get_home_dir (), g_get_user_runtime_dir ());
}
