/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: Keyhole's entry point */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kh-application.h"

/* The install prefix's catalogs, unless KEYHOLE_LOCALEDIR names others: a build run
 * from its tree (build-aux/run-app.sh, `meson devenv`) points it at <builddir>/po. */
static const char *
get_locale_dir (void)
{
  const char *dir = g_getenv ("KEYHOLE_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KhApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = kh_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
