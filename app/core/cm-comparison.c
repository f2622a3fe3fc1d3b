/* cm-comparison.c: the verdict matrix across ordinances: one column per reviewed PDF, one row per checklist item, each cell a verdict and its evidence. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-comparison.h"
#include "cm-csv.h"
#include "cm-plugin-engine.h"
#include "cm-store.h"

typedef struct
{
  char     *name;
  char     *title;
  CmReview *review;
  GFile    *pdf;      /* cm_comparison_add_document()'s, else NULL */
} Column;

struct _CmComparison
{
  GObject      parent_instance;

  CmChecklist *checklist;
  GPtrArray   *columns;   /* Column */
};

G_DEFINE_FINAL_TYPE (CmComparison, cm_comparison, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CHECKLIST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
column_free (Column *column)
{
  g_free (column->name);
  g_free (column->title);
  g_clear_object (&column->review);
  g_clear_object (&column->pdf);
  g_free (column);
}

static void
cm_comparison_finalize (GObject *object)
{
  CmComparison *self = CM_COMPARISON (object);

  g_clear_object (&self->checklist);
  g_clear_pointer (&self->columns, g_ptr_array_unref);

  G_OBJECT_CLASS (cm_comparison_parent_class)->finalize (object);
}

static void
cm_comparison_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CmComparison *self = CM_COMPARISON (object);

  switch (prop_id)
    {
    case PROP_CHECKLIST:
      g_value_set_object (value, self->checklist);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_comparison_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CmComparison *self = CM_COMPARISON (object);

  switch (prop_id)
    {
    case PROP_CHECKLIST:
      g_set_object (&self->checklist, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_comparison_class_init (CmComparisonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_comparison_finalize;
  object_class->get_property = cm_comparison_get_property;
  object_class->set_property = cm_comparison_set_property;

  properties[PROP_CHECKLIST] =
    g_param_spec_object ("checklist", NULL, NULL, CM_TYPE_CHECKLIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_comparison_init (CmComparison *self)
{
  self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
}

CmComparison *
cm_comparison_new (CmChecklist *checklist)
{
  g_return_val_if_fail (CM_IS_CHECKLIST (checklist), NULL);
  return g_object_new (CM_TYPE_COMPARISON, "checklist", checklist, NULL);
}

CmChecklist *
cm_comparison_get_checklist (CmComparison *self)
{
  g_return_val_if_fail (CM_IS_COMPARISON (self), NULL);
  return self->checklist;
}

void
cm_comparison_add_column (CmComparison *self,
                          const char   *name,
                          const char   *title,
                          CmReview     *review)
{
  Column *column;

  g_return_if_fail (CM_IS_COMPARISON (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (CM_IS_REVIEW (review));

  column = g_new0 (Column, 1);
  column->name = g_strdup (name);
  column->title = g_strdup (title != NULL ? title : name);
  column->review = g_object_ref (review);
  g_ptr_array_add (self->columns, column);
}

/* Two documents of one file name ("2019/ordinance.pdf" and
 * "2023/ordinance.pdf") are named by their folder too, as the CLI does. */
static void
name_same_files_apart (CmComparison *self,
                       const char   *name)
{
  guint n_same = 0;

  for (guint i = 0; i < self->columns->len; i++)
    n_same += g_strcmp0 (((Column *) g_ptr_array_index (self->columns, i))->name, name) == 0;
  if (n_same < 2)
    return;
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);
      g_autoptr(GFile) parent = NULL;
      g_autofree char *folder = NULL;

      if (g_strcmp0 (column->name, name) != 0 || column->pdf == NULL
          || (parent = g_file_get_parent (column->pdf)) == NULL)
        continue;
      folder = g_file_get_basename (parent);
      g_free (column->name);
      column->name = g_strdup_printf ("%s/%s", folder, name);
      if (g_strcmp0 (column->title, name) == 0)
        {
          g_free (column->title);
          column->title = g_strdup (column->name);
        }
    }
}

gboolean
cm_comparison_add_document (CmComparison  *self,
                            GFile         *pdf,
                            GError       **error)
{
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (CM_IS_COMPARISON (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (pdf), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  basename = g_file_get_basename (pdf);
  name = g_filename_display_name (basename);
  sidecar = cm_store_sidecar_for_document (pdf);
  if (g_file_query_exists (sidecar, NULL))
    {
      store = cm_plugin_engine_create_store (cm_plugin_engine_get_default (), NULL, &local_error);
      if (store != NULL)
        review = cm_store_load (store, sidecar, NULL, &local_error);
      if (review == NULL)
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("Cannot compare “%s”: its review could not be read (%s)"), name,
                       local_error->message);
          return FALSE;
        }
    }
  else
    review = cm_review_new ();

  cm_comparison_add_column (self, name, NULL, review);
  ((Column *) g_ptr_array_index (self->columns, self->columns->len - 1))->pdf = g_object_ref (pdf);
  name_same_files_apart (self, name);
  return TRUE;
}

guint
cm_comparison_get_n_columns (CmComparison *self)
{
  g_return_val_if_fail (CM_IS_COMPARISON (self), 0);
  return self->columns->len;
}

static Column *
get_column (CmComparison *self,
            guint         column)
{
  g_return_val_if_fail (CM_IS_COMPARISON (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);
  return g_ptr_array_index (self->columns, column);
}

const char *
cm_comparison_get_column_name (CmComparison *self,
                               guint         column)
{
  Column *c = get_column (self, column);

  return c != NULL ? c->name : NULL;
}

const char *
cm_comparison_get_column_title (CmComparison *self,
                                guint         column)
{
  Column *c = get_column (self, column);

  return c != NULL ? c->title : NULL;
}

CmReview *
cm_comparison_get_column_review (CmComparison *self,
                                 guint         column)
{
  Column *c = get_column (self, column);

  return c != NULL ? c->review : NULL;
}

CmVerdict *
cm_comparison_get_verdict (CmComparison *self,
                           const char   *item_id,
                           guint         column)
{
  Column *c = get_column (self, column);
  CmVerdict *verdict;

  if (c == NULL)
    return NULL;
  verdict = cm_review_lookup_verdict (c->review, item_id);
  /* A verdict cleared back to none is no verdict. */
  if (verdict == NULL || cm_verdict_get_assessment (verdict) == CM_ASSESSMENT_NONE)
    return NULL;
  return verdict;
}

CmAssessment
cm_comparison_get_assessment (CmComparison *self,
                              const char   *item_id,
                              guint         column)
{
  CmVerdict *verdict = cm_comparison_get_verdict (self, item_id, column);

  return verdict != NULL ? cm_verdict_get_assessment (verdict) : CM_ASSESSMENT_NONE;
}

GPtrArray *
cm_comparison_get_evidence (CmComparison *self,
                            const char   *item_id,
                            guint         column)
{
  Column *c = get_column (self, column);
  GPtrArray *evidence;

  if (c == NULL)
    return g_ptr_array_new ();
  evidence = cm_review_get_evidence (c->review, item_id);
  return evidence != NULL ? evidence : g_ptr_array_new ();
}

char *
cm_comparison_describe_cell (CmComparison *self,
                             const char   *item_id,
                             guint         column,
                             guint         max_quotes)
{
  CmVerdict *verdict = cm_comparison_get_verdict (self, item_id, column);
  g_autoptr(GPtrArray) evidence = cm_comparison_get_evidence (self, item_id, column);
  GString *text = g_string_new (NULL);

  if (verdict != NULL && cm_verdict_get_rationale (verdict) != NULL)
    g_string_append (text, cm_verdict_get_rationale (verdict));
  for (guint i = 0; i < evidence->len && i < max_quotes; i++)
    {
      CmAnnotation *annotation = g_ptr_array_index (evidence, i);
      CmAnchor *anchor = cm_annotation_get_anchor (annotation);
      const char *section = cm_annotation_get_section (annotation);

      if (text->len > 0)
        g_string_append (text, "\n\n");
      /* Translators: a quoted clause, then where it is. */
      g_string_append_printf (text, _("“%s” (page %u%s%s)"),
                              anchor != NULL ? cm_anchor_get_exact (anchor) : "",
                              anchor != NULL ? cm_anchor_get_page (anchor) : 0,
                              section != NULL ? ", " : "", section != NULL ? section : "");
    }
  if (evidence->len > max_quotes)
    {
      guint more = evidence->len - max_quotes;

      g_string_append (text, "\n\n");
      g_string_append_printf (text, ngettext ("and %u more clause", "and %u more clauses", more), more);
    }
  if (text->len == 0)
    g_string_append (text, _("No verdict and no evidence yet"));
  return g_string_free (text, FALSE);
}

/* CSV ----------------------------------------------------------------------- */

static const char *
verdict_string (CmComparison *self,
                const char   *item_id,
                guint         column)
{
  CmAssessment assessment = cm_comparison_get_assessment (self, item_id, column);

  return assessment != CM_ASSESSMENT_NONE ? cm_assessment_to_string (assessment) : NULL;
}

char *
cm_comparison_to_csv (CmComparison *self)
{
  GString *out = g_string_new (NULL);
  GPtrArray *items;

  g_return_val_if_fail (CM_IS_COMPARISON (self), NULL);

  items = cm_checklist_get_items (self->checklist);
  cm_csv_append_field (out, TRUE, "item");
  cm_csv_append_field (out, FALSE, "title");
  for (guint c = 0; c < self->columns->len; c++)
    cm_csv_append_text (out, FALSE, cm_comparison_get_column_name (self, c));
  g_string_append (out, "\r\n");

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, i);
      const char *id = cm_checklist_item_get_id (item);

      cm_csv_append_field (out, TRUE, id);
      cm_csv_append_text (out, FALSE, cm_checklist_item_get_title (item));
      for (guint c = 0; c < self->columns->len; c++)
        {
          g_autoptr(GPtrArray) evidence = cm_comparison_get_evidence (self, id, c);
          const char *verdict = verdict_string (self, id, c);
          g_autofree char *cell = g_strdup_printf ("%s (%u)", verdict ? verdict : "-", evidence->len);

          cm_csv_append_field (out, FALSE, cell);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

/* HTML ---------------------------------------------------------------------- */

static void
append_html (GString    *out,
             const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

static void
append_html_cell (CmComparison *self,
                  GString      *out,
                  guint         column,
                  const char   *item_id)
{
  g_autoptr(GPtrArray) evidence = cm_comparison_get_evidence (self, item_id, column);
  const char *verdict = verdict_string (self, item_id, column);
  g_autoptr(GString) hover = g_string_new (NULL);

  for (guint i = 0; i < evidence->len; i++)
    {
      CmAnnotation *annotation = g_ptr_array_index (evidence, i);
      CmAnchor *anchor = cm_annotation_get_anchor (annotation);

      if (hover->len > 0)
        g_string_append (hover, "\n");
      g_string_append_printf (hover, "p. %u: “%s”", anchor ? cm_anchor_get_page (anchor) : 0,
                              anchor ? cm_anchor_get_exact (anchor) : "");
    }

  g_string_append_printf (out, "<td class=\"v-%s\"", verdict ? verdict : "none");
  if (hover->len > 0)
    {
      g_string_append (out, " title=\"");
      append_html (out, hover->str);
      g_string_append_c (out, '"');
    }
  g_string_append (out, "><span class=\"verdict\">");
  append_html (out, verdict ? verdict : "—");
  g_string_append (out, "</span> <span class=\"count\">");
  g_string_append_printf (out, ngettext ("%u evidence", "%u evidence", evidence->len), evidence->len);
  g_string_append (out, "</span>");
  if (evidence->len > 0)
    {
      g_string_append_printf (out, "<details><summary>%s</summary><ul>", _("Evidence"));
      for (guint i = 0; i < evidence->len; i++)
        {
          CmAnnotation *annotation = g_ptr_array_index (evidence, i);
          CmAnchor *anchor = cm_annotation_get_anchor (annotation);
          const char *section = cm_annotation_get_section (annotation);
          const char *assessment = cm_assessment_to_string (cm_annotation_get_assessment (annotation));

          g_string_append_printf (out, "<li><span class=\"where\">p. %u", anchor ? cm_anchor_get_page (anchor) : 0);
          if (section != NULL)
            {
              g_string_append (out, ", ");
              append_html (out, section);
            }
          g_string_append (out, "</span> <q>");
          append_html (out, anchor ? cm_anchor_get_exact (anchor) : "");
          g_string_append (out, "</q>");
          if (assessment != NULL)
            {
              g_string_append (out, " <span class=\"level\">(");
              append_html (out, assessment);
              g_string_append (out, ")</span>");
            }
          if (cm_annotation_get_note (annotation) != NULL)
            {
              g_string_append (out, " <span class=\"note\">");
              append_html (out, cm_annotation_get_note (annotation));
              g_string_append (out, "</span>");
            }
          g_string_append (out, "</li>");
        }
      g_string_append (out, "</ul></details>");
    }
  g_string_append (out, "</td>");
}

char *
cm_comparison_to_html (CmComparison *self)
{
  GString *out = g_string_new (NULL);
  GListModel *categories;
  guint n_categories;

  g_return_val_if_fail (CM_IS_COMPARISON (self), NULL);

  categories = cm_checklist_get_categories (self->checklist);
  n_categories = g_list_model_get_n_items (categories);

  g_string_append (out,
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>");
  append_html (out, cm_checklist_get_title (self->checklist));
  g_string_append (out, "</title>\n<style>\n"
    "body{font-family:sans-serif;margin:1.5em;color:#222}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;text-align:left}\n"
    "thead th{background:#eee;position:sticky;top:0}\n"
    "tr.category th{background:#f6f6f6;font-size:1.05em}\n"
    "td .verdict{font-weight:bold}td .count{color:#555;font-size:.85em}\n"
    "td.v-strong{background:#d7f0d2}td.v-partial{background:#fff3c4}td.v-weak{background:#ffe0c2}\n"
    "td.v-absent{background:#f3f3f3}td.v-harmful{background:#f7c7c7}td.v-not-applicable{background:#e6e6f3}\n"
    "details{font-size:.85em}q{font-style:italic}\n"
    "@media print{body{margin:0}thead th{position:static}details>summary{display:none}"
    "tr{page-break-inside:avoid}td,th{font-size:9pt}}\n"
    "</style>\n</head>\n<body>\n<h1>");
  append_html (out, cm_checklist_get_title (self->checklist));
  g_string_append_printf (out, "</h1>\n<table>\n<thead><tr><th scope=\"col\">%s</th>", _("Item"));
  for (guint c = 0; c < self->columns->len; c++)
    {
      g_string_append (out, "<th scope=\"col\" title=\"");
      append_html (out, cm_comparison_get_column_title (self, c));
      g_string_append (out, "\">");
      append_html (out, cm_comparison_get_column_name (self, c));
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead>\n<tbody>\n");

  for (guint k = 0; k < n_categories; k++)
    {
      g_autoptr(CmChecklistCategory) category = g_list_model_get_item (categories, k);
      GListModel *items = cm_checklist_category_get_items (category);
      guint n_items = g_list_model_get_n_items (items);

      g_string_append_printf (out, "<tr class=\"category\"><th colspan=\"%u\">", self->columns->len + 1);
      append_html (out, cm_checklist_category_get_title (category));
      g_string_append (out, "</th></tr>\n");
      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(CmChecklistItem) item = g_list_model_get_item (items, i);
          const char *id = cm_checklist_item_get_id (item);

          g_string_append (out, "<tr data-item=\"");
          append_html (out, id);
          g_string_append (out, "\"><th scope=\"row\">");
          append_html (out, cm_checklist_item_get_title (item));
          g_string_append (out, " <small>");
          append_html (out, id);
          g_string_append (out, "</small></th>");
          for (guint c = 0; c < self->columns->len; c++)
            append_html_cell (self, out, c, id);
          g_string_append (out, "</tr>\n");
        }
    }
  g_string_append (out, "</tbody>\n</table>\n</body>\n</html>\n");
  return g_string_free (out, FALSE);
}
