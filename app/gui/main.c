/* main.c: starts the Clausemark application. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "cm-application.h"
#include "clausemark.h"

#define EXIT_WAIT_MS 5000

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CmApplication) application = NULL;
  int status;
  /* `meson devenv` points this at the catalogs built in the build tree. */
  const char *localedir = g_getenv ("CLAUSEMARK_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = cm_application_new (G_APPLICATION_DEFAULT_FLAGS);
  status = g_application_run (G_APPLICATION (application), argc, argv);
  g_clear_object (&application);

  /* Closed windows told their threads to stop; exiting under one still in
   * poppler would crash in poppler's static destructors. A thread poppler
   * hung in never stops: leave without running them (everything is saved
   * by now; the reviews were written when their windows closed). */
  if (!cm_background_wait (EXIT_WAIT_MS))
    {
      fflush (NULL);
      _exit (status);
    }
  return status;
}
