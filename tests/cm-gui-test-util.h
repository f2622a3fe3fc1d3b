/* cm-gui-test-util.h: helpers the window tests share: waiting on the main loop, opening windows, screenshots. */
#pragma once

#include <adwaita.h>

#include "cm-application.h"
#include "cm-test-util.h"
#include "cm-window.h"

G_BEGIN_DECLS

#define CM_GUI_WAIT_TIMEOUT_S 30

typedef gboolean (*CmGuiCondition) (gpointer data);
typedef gboolean (*CmGuiWidgetMatch) (GtkWidget     *widget,
                                      gconstpointer  data);

/* Locale, g_test_init(), an empty XDG_DATA_HOME, GTK and the application
 * windows open in. Returns it, or NULL when there is no display. */
CmApplication *cm_gui_test_init             (int            *argc,
                                             char         ***argv);
/* g_test_run(), then removes the temporary data home. */
int         cm_gui_test_run                 (void);
/* Drops FILES on WIDGET's drop target, as a file manager would; whether
 * the drop was accepted. */
gboolean    cm_gui_drop_files               (GtkWidget      *widget,
                                             GFile         **files,
                                             gsize           n_files);
/* Fails, listing them, if any control under WIDGET that a reviewer can
 * reach has no accessible name (needs GTK_A11Y=test). */
void        cm_gui_assert_all_named         (GtkWidget      *widget,
                                             const char     *where);
/* Runs the main loop until CONDITION holds or SECONDS (times
 * cm_test_timeout_scale()) pass. */
gboolean    cm_gui_wait_until               (CmGuiCondition  condition,
                                             gpointer        data,
                                             guint           seconds);
void        cm_gui_spin                     (guint           ms);
gboolean    cm_gui_state_is_not_loading     (gpointer        data);
gboolean    cm_gui_save_settled             (gpointer        data);
/* Marks the test skipped, visibly, when there is no display. */
gboolean    cm_gui_skip_without_display     (void);
/* A shown window on its start page, 1280×800. */
CmWindow   *cm_gui_new_empty_window         (void);
CmWindow   *cm_gui_open_window              (const char     *path);
/* A copy of the sample in a new temporary folder (*DIR, for
 * cm_test_tmpdir_free()), opened in a window. */
CmWindow   *cm_gui_open_sample              (char          **dir);
/* Lets N frames of WIDGET go by (none when it is not mapped). */
void        cm_gui_wait_frames              (GtkWidget      *widget,
                                             guint           n);
/* Finishes the frame in progress, then destroys WINDOW. */
void        cm_gui_destroy_window           (CmWindow       *window);
/* Copies the sample ordinance (or a fixture) to DIR/ordinance.pdf. */
char       *cm_gui_copy_sample              (const char     *dir);
gboolean    cm_gui_select_quote             (CmWindow       *window,
                                             const char     *quote);
void        cm_gui_tag                      (CmWindow       *window,
                                             const char     *quote,
                                             const char     *item,
                                             const char     *assessment,
                                             const char     *note);
/* Saves BUILD/tests/screenshots/NAME-LANG.png. */
void        cm_gui_save_screenshot          (GtkWidget      *widget,
                                             const char     *name);
GtkWidget  *cm_gui_find_toplevel            (GType           type);
/* WIDGET or its first descendant, depth first, that MATCH takes. */
GtkWidget  *cm_gui_find_matching            (GtkWidget      *widget,
                                             CmGuiWidgetMatch match,
                                             gconstpointer   data);
GtkWidget  *cm_gui_find_descendant          (GtkWidget      *widget,
                                             GType           type);
/* A GtkLabel whose text starts with PREFIX (a message with a name in it). */
GtkWidget  *cm_gui_find_label_starting      (GtkWidget      *widget,
                                             const char     *prefix);
/* A GtkLabel, or a GtkButton, whose label (mnemonic included) is LABEL. */
GtkWidget  *cm_gui_find_label               (GtkWidget      *widget,
                                             const char     *label);
GtkWidget  *cm_gui_find_button              (GtkWidget      *widget,
                                             const char     *label);
/* The key controller WIDGET runs before its own key handling (in the
 * capture phase), or NULL. */
GtkEventController *cm_gui_get_capture_key_controller (GtkWidget *widget);
/* The window's context menu: its own popover (menu buttons have theirs). */
GtkWidget  *cm_gui_get_context_menu         (CmWindow       *window);

G_END_DECLS
