/* cm-application.h: the Clausemark application: windows, settings, the checklist and app-wide actions. */
#pragma once

#include <adwaita.h>
#include <clausemark.h>

G_BEGIN_DECLS

#define CM_TYPE_APPLICATION (cm_application_get_type ())

G_DECLARE_FINAL_TYPE (CmApplication, cm_application, CM, APPLICATION, AdwApplication)

CmApplication *cm_application_new            (GApplicationFlags  flags);
/* (transfer none) the application's settings (io.github.clausemark.Clausemark). */
GSettings     *cm_application_get_settings   (CmApplication     *self);
/* (transfer none) the checklist reviews are made against: the file chosen in
 * Preferences, or the bundled one when none is set or it cannot be read. */
CmChecklist   *cm_application_get_checklist  (CmApplication     *self);
/* The reviewer's name: Preferences, else the account's real name.
 * (transfer full) */
/* The author's name: Preferences', else cm_default_author(). */
char          *cm_application_dup_author     (CmApplication     *self,
                                              gboolean          *is_login_name);
/* (transfer none) the window showing FILE, or NULL. */
GtkWindow     *cm_application_find_window    (CmApplication     *self,
                                              GFile             *file);

G_END_DECLS
