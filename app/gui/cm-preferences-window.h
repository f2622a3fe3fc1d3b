/* cm-preferences-window.h: the reviewer's name, the checklist file, and plugins. */
#pragma once

#include <adwaita.h>

#include "cm-application.h"

G_BEGIN_DECLS

#define CM_TYPE_PREFERENCES_WINDOW (cm_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CmPreferencesWindow, cm_preferences_window, CM, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *cm_preferences_window_new (CmApplication *application);

G_END_DECLS
