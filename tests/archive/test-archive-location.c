/* test-archive-location.c — the default folder of a new archive, in a
 * sandbox and out of it
 *
 * /.flatpak-info cannot be faked for a running test, so the decision is
 * tested with its contents handed in.
 *
 * Copyright 2026 The Farewell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "archive/fw-archive-location.h"

typedef struct {
  char *home;
  char *documents;  /* exists */
  char *missing;    /* a Documents folder that does not exist */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->home = g_dir_make_tmp ("farewell-location-XXXXXX", &error);
  g_assert_no_error (error);
  f->documents = g_build_filename (f->home, "Dokumente", NULL);
  f->missing = g_build_filename (f->home, "Elsewhere", NULL);
  g_assert_cmpint (g_mkdir (f->documents, 0700), ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_rmdir (f->documents);
  g_rmdir (f->home);
  g_free (f->home);
  g_free (f->documents);
  g_free (f->missing);
}

static GKeyFile *
sandbox (const char *filesystems)
{
  GKeyFile *info = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  data = g_strdup_printf ("[Application]\nname=io.github.farewell.Farewell\n\n[Context]\n"
                          "shared=network;ipc;\nsockets=x11;wayland;\n%s%s%s",
                          filesystems != NULL ? "filesystems=" : "",
                          filesystems != NULL ? filesystems : "",
                          filesystems != NULL ? "\n" : "");
  g_key_file_load_from_data (info, data, -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return info;
}

static void
assert_location (GFile      *location,
                 const char *expected)
{
  g_autofree char *path = NULL;

  if (expected == NULL)
    {
      g_assert_null (location);
      return;
    }
  g_assert_nonnull (location);
  path = g_file_get_path (location);
  g_assert_cmpstr (path, ==, expected);
}

/* Outside a sandbox: Documents, created by the engine when missing. */
static void
test_host (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *fallback = g_build_filename (f->home, "Documents", NULL);
  g_autoptr(GFile) docs = fw_archive_location_default (f->home, f->documents, NULL);
  g_autoptr(GFile) missing = fw_archive_location_default (f->home, f->missing, NULL);
  g_autoptr(GFile) unset = fw_archive_location_default (f->home, NULL, NULL);
  g_autoptr(GFile) disabled = fw_archive_location_default (f->home, f->home, NULL);

  assert_location (docs, f->documents);
  assert_location (missing, f->missing);
  assert_location (unset, fallback);
  assert_location (disabled, fallback);
}

/* The manifest's permission: Documents is the person's own folder. */
static void
test_sandbox_shared (Fixture       *f,
                     gconstpointer  data)
{
  const char *granting[] = { "xdg-documents;", "xdg-documents:create;", "xdg-download;xdg-documents:rw;",
                             "home;", "host;", "~/Dokumente;", NULL };

  for (guint i = 0; granting[i] != NULL; i++)
    {
      g_autoptr(GKeyFile) info = sandbox (granting[i]);
      g_autoptr(GFile) location = fw_archive_location_default (f->home, f->documents, info);

      g_test_message ("filesystems=%s", granting[i]);
      assert_location (location, f->documents);
    }

  /* a path that holds the folder, given as it is */
  {
    g_autofree char *entry = g_strconcat (f->home, ";", NULL);
    g_autoptr(GKeyFile) info = sandbox (entry);
    g_autoptr(GFile) location = fw_archive_location_default (f->home, f->documents, info);

    assert_location (location, f->documents);
  }
}

/* Anything else in a sandbox: the folder would be the sandbox's own,
 * written and lost; no default, so the person chooses one through the
 * portal. */
static void
test_sandbox_not_shared (Fixture       *f,
                         gconstpointer  data)
{
  /* the first: no filesystems= line at all */
  const char *withholding[] = { NULL, "", "xdg-download;", "xdg-documents:ro;", "!xdg-documents;",
                                "home:ro;", "xdg-documents/Farewell;", "~/Other;", "xdg-run/foo;" };

  for (guint i = 0; i < G_N_ELEMENTS (withholding); i++)
    {
      g_autoptr(GKeyFile) info = sandbox (withholding[i]);
      g_autoptr(GFile) location = fw_archive_location_default (f->home, f->documents, info);

      g_test_message ("filesystems=%s", withholding[i] != NULL ? withholding[i] : "(none)");
      assert_location (location, NULL);
    }
}

/* The sandbox mounts only folders that exist: a granted Documents folder
 * that is missing on the host would be the sandbox's own again. */
static void
test_sandbox_missing_folder (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GKeyFile) info = sandbox ("xdg-documents;");
  g_autoptr(GFile) missing = fw_archive_location_default (f->home, f->missing, info);
  g_autoptr(GFile) unset = fw_archive_location_default (f->home, NULL, info);

  assert_location (missing, NULL);
  assert_location (unset, NULL); /* HOME/Documents does not exist here */
}

/* This process. On the host: the host's answer. build-aux/flatpak-test runs
 * this test inside the Flatpak sandbox against its real /.flatpak-info,
 * with the folder it expects (or "none") in FAREWELL_EXPECT_ARCHIVE_LOCATION. */
static void
test_here (void)
{
  const char *expected = g_getenv ("FAREWELL_EXPECT_ARCHIVE_LOCATION");
  g_autoptr(GFile) here = fw_archive_location_default_here ();
  g_autoptr(GFile) host = NULL;

  if (expected != NULL)
    {
      g_assert_true (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS));
      assert_location (here, g_str_equal (expected, "none") ? NULL : expected);
      return;
    }
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("inside a sandbox without FAREWELL_EXPECT_ARCHIVE_LOCATION");
      return;
    }
  host = fw_archive_location_default (g_get_home_dir (),
                                      g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS), NULL);
  g_assert_true (g_file_equal (here, host));
}

/* A folder chosen through the portal shows by its name, not its
 * document-portal path; others as they are. */
static void
test_display (void)
{
  const struct { const char *path; const char *shown; } cases[] = {
    { "/run/user/1000/doc/3f58d510/Documents", "Documents" },
    { "/run/user/1000/doc/3f58d510/Documents/ChatGPT Archive 2026-12-02", "Documents/ChatGPT Archive 2026-12-02" },
    { "/run/user/1000/doc/3f58d510", "/run/user/1000/doc/3f58d510" },
    { "/run/user/1000/docs/3f58d510/Documents", "/run/user/1000/docs/3f58d510/Documents" },
    { "/home/ada/Documents", "~/Documents" },
    { "/home/ada/Documents/ChatGPT Archive", "~/Documents/ChatGPT Archive" },
    { "/home/ada", "~" },
    { "/home/ada2/Documents", "/home/ada2/Documents" },
    { "/home", "/home" },
    { "/media/ada/USB/Archive", "/media/ada/USB/Archive" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (cases[i].path);
      g_autofree char *shown = fw_archive_location_display (folder, "/home/ada", "/run/user/1000");
      g_autofree char *without_home = fw_archive_location_display (folder, NULL, "/run/user/1000");

      g_assert_cmpstr (shown, ==, cases[i].shown);
      /* without a home folder given, no ~ */
      if (cases[i].shown[0] == '~')
        g_assert_cmpstr (without_home, ==, cases[i].path);
      else
        g_assert_cmpstr (without_home, ==, cases[i].shown);
    }

  /* a home of "/" shortens nothing */
  {
    g_autoptr(GFile) media = g_file_new_for_path ("/media/ada/USB");
    g_autoptr(GFile) root = g_file_new_for_path ("/");
    g_autofree char *shown = fw_archive_location_display (media, "/", "/run/user/1000");
    g_autofree char *root_shown = fw_archive_location_display (root, "/", "/run/user/1000");

    g_assert_cmpstr (shown, ==, "/media/ada/USB");
    g_assert_cmpstr (root_shown, ==, "/");
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/archive/location/host", Fixture, NULL, fixture_setup, test_host, fixture_teardown);
  g_test_add ("/archive/location/sandbox-shared", Fixture, NULL, fixture_setup, test_sandbox_shared, fixture_teardown);
  g_test_add ("/archive/location/sandbox-not-shared", Fixture, NULL, fixture_setup, test_sandbox_not_shared, fixture_teardown);
  g_test_add ("/archive/location/sandbox-missing-folder", Fixture, NULL, fixture_setup, test_sandbox_missing_folder, fixture_teardown);
  g_test_add_func ("/archive/location/here", test_here);
  g_test_add_func ("/archive/location/display", test_display);

  return g_test_run ();
}
