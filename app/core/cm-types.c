/* cm-types.c: assessments (names, labels, colours) and the sidecar's timestamp format. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-types.h"

static const struct
{
  const char *id;
  const char *label;
  const char *color;   /* highlight colour, chosen to stay apart for colour-blind readers */
} assessments[CM_N_ASSESSMENTS] = {
  [CM_ASSESSMENT_NONE] = { "none", N_("Not assessed"), "#9a9996" },
  [CM_ASSESSMENT_STRONG] = { "strong", N_("Strong"), "#2ec27e" },
  [CM_ASSESSMENT_PARTIAL] = { "partial", N_("Partial"), "#3584e4" },
  [CM_ASSESSMENT_WEAK] = { "weak", N_("Weak"), "#f6d32d" },
  [CM_ASSESSMENT_ABSENT] = { "absent", N_("Absent"), "#c0bfbc" },
  [CM_ASSESSMENT_HARMFUL] = { "harmful", N_("Harmful"), "#e01b24" },
  [CM_ASSESSMENT_NOT_APPLICABLE] = { "not-applicable", N_("Not applicable"), "#9141ac" },
};

GType
cm_assessment_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { CM_ASSESSMENT_NONE, "CM_ASSESSMENT_NONE", "none" },
        { CM_ASSESSMENT_STRONG, "CM_ASSESSMENT_STRONG", "strong" },
        { CM_ASSESSMENT_PARTIAL, "CM_ASSESSMENT_PARTIAL", "partial" },
        { CM_ASSESSMENT_WEAK, "CM_ASSESSMENT_WEAK", "weak" },
        { CM_ASSESSMENT_ABSENT, "CM_ASSESSMENT_ABSENT", "absent" },
        { CM_ASSESSMENT_HARMFUL, "CM_ASSESSMENT_HARMFUL", "harmful" },
        { CM_ASSESSMENT_NOT_APPLICABLE, "CM_ASSESSMENT_NOT_APPLICABLE", "not-applicable" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_enum_register_static ("CmAssessment", values));
    }
  return type;
}

const char *
cm_assessment_to_string (CmAssessment assessment)
{
  if ((guint) assessment >= CM_N_ASSESSMENTS)
    return "none";
  return assessments[assessment].id;
}

gboolean
cm_assessment_from_string (const char   *text,
                           CmAssessment *assessment)
{
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < CM_N_ASSESSMENTS; i++)
    {
      if (g_ascii_strcasecmp (text, assessments[i].id) == 0)
        {
          *assessment = (CmAssessment) i;
          return TRUE;
        }
    }
  /* Accept the spelling with an underscore or a space, as people type it. */
  if (g_ascii_strcasecmp (text, "not_applicable") == 0 || g_ascii_strcasecmp (text, "n/a") == 0
      || g_ascii_strcasecmp (text, "not applicable") == 0)
    {
      *assessment = CM_ASSESSMENT_NOT_APPLICABLE;
      return TRUE;
    }
  return FALSE;
}

const char *
cm_assessment_get_label (CmAssessment assessment)
{
  if ((guint) assessment >= CM_N_ASSESSMENTS)
    assessment = CM_ASSESSMENT_NONE;
  return g_dgettext (GETTEXT_PACKAGE, assessments[assessment].label);
}

const char *
cm_assessment_get_color (CmAssessment assessment)
{
  if ((guint) assessment >= CM_N_ASSESSMENTS)
    assessment = CM_ASSESSMENT_NONE;
  return assessments[assessment].color;
}

char *
cm_timestamp_format (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  /* Not g_date_time_format ("%Y"): it does not pad years before 1000, and
   * what we write must read back (found by fuzzing). */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", g_date_time_get_year (utc),
                          g_date_time_get_month (utc), g_date_time_get_day_of_month (utc),
                          g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

GDateTime *
cm_timestamp_parse (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;

  if (text == NULL || *text == '\0')
    return NULL;
  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (text, utc);
}

char *
cm_default_author (gboolean *is_login_name)
{
  const char *name = g_getenv ("CLAUSEMARK_AUTHOR");

  /* GLib says "Unknown" when the account has no real name. */
  if (name == NULL || *name == '\0')
    name = g_get_real_name ();
  if (name == NULL || *name == '\0' || g_strcmp0 (name, "Unknown") == 0)
    name = g_get_user_name ();
  if (is_login_name != NULL)
    *is_login_name = g_strcmp0 (name, g_get_user_name ()) == 0;
  return g_strdup (name);
}
