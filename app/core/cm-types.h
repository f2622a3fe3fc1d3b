/* cm-types.h: small value types shared across libclausemark (assessments, rectangles). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Page numbers are 1-based everywhere in libclausemark's public API, as in the
 * sidecar and on the command line. Text offsets count Unicode characters in
 * the document's index text (see CmTextIndex). */

typedef enum
{
  CM_ASSESSMENT_NONE = 0,       /* not yet assessed (e.g. an imported, untagged highlight) */
  CM_ASSESSMENT_STRONG,
  CM_ASSESSMENT_PARTIAL,
  CM_ASSESSMENT_WEAK,
  CM_ASSESSMENT_ABSENT,
  CM_ASSESSMENT_HARMFUL,
  CM_ASSESSMENT_NOT_APPLICABLE,
} CmAssessment;

#define CM_N_ASSESSMENTS (CM_ASSESSMENT_NOT_APPLICABLE + 1)

GType         cm_assessment_get_type     (void) G_GNUC_CONST;
#define CM_TYPE_ASSESSMENT (cm_assessment_get_type ())

const char   *cm_assessment_to_string    (CmAssessment  assessment);
gboolean      cm_assessment_from_string  (const char   *text,
                                          CmAssessment *assessment);
const char   *cm_assessment_get_label    (CmAssessment  assessment);
const char   *cm_assessment_get_color    (CmAssessment  assessment);

/* A rectangle on one page, in PDF points with the origin at the page's
 * top-left corner (poppler's convention). */
typedef struct
{
  guint  page;
  double x1;
  double y1;
  double x2;
  double y2;
} CmPageRect;

char         *cm_timestamp_format        (GDateTime    *time);
GDateTime    *cm_timestamp_parse         (const char   *text);

/* The name to sign with when none was chosen: $CLAUSEMARK_AUTHOR, else the
 * account's real name, else its login name. *IS_LOGIN_NAME, if given, says
 * whether it is the login name ("root", "jdoe"): one worth asking the
 * reviewer to replace. */
char         *cm_default_author          (gboolean     *is_login_name);

G_END_DECLS
