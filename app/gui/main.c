/* main.c: starts the Clausemark application. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "cm-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CmApplication) application = NULL;
  /* `meson devenv` points this at the catalogs built in the build tree. */
  const char *localedir = g_getenv ("CLAUSEMARK_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = cm_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
