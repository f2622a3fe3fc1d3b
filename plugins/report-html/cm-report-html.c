/* cm-report-html.c: the HTML report exporter: one self-contained page, printable, every user string escaped. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <clausemark.h>

#include "cm-report-data.h"

#define CM_TYPE_REPORT_HTML (cm_report_html_get_type ())

G_DECLARE_FINAL_TYPE (CmReportHtml, cm_report_html, CM, REPORT_HTML, GObject)

struct _CmReportHtml
{
  GObject parent_instance;
};

static void cm_report_html_exporter_iface_init (CmExporterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CmReportHtml, cm_report_html, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CM_TYPE_EXPORTER, cm_report_html_exporter_iface_init))

/* Escaping ---------------------------------------------------------------- */

/* Appends TEXT escaped for HTML text and attribute values alike. Control
 * characters other than tab and line breaks are not allowed in HTML, so they
 * become U+FFFD rather than reaching the browser. */
static void
append_escaped (GString    *out,
                const char *text)
{
  if (text == NULL)
    return;
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&#39;");
          break;
        case '\t':
        case '\n':
          g_string_append_c (out, (char) c);
          break;
        case '\r':
          /* CRLF in a note is one line break, as browsers would read it anyway. */
          if (p[1] != '\n')
            g_string_append_c (out, '\n');
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append (out, "\xEF\xBF\xBD");
          else
            g_string_append_c (out, (char) c);
        }
    }
}

G_GNUC_PRINTF (2, 3) static void
append_printf_escaped (GString    *out,
                       const char *format,
                       ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  append_escaped (out, text);
}

/* Parts of the page --------------------------------------------------------- */

static const CmAssessment report_levels[] = {
  CM_ASSESSMENT_STRONG,
  CM_ASSESSMENT_PARTIAL,
  CM_ASSESSMENT_WEAK,
  CM_ASSESSMENT_ABSENT,
  CM_ASSESSMENT_HARMFUL,
  CM_ASSESSMENT_NOT_APPLICABLE,
  CM_ASSESSMENT_NONE,
};

static void
append_style (GString *out)
{
  g_string_append (out,
    "<style>\n"
    ":root{color-scheme:light dark;--fg:#1e1e1e;--bg:#ffffff;--muted:#5e5c64;--line:#deddda;"
    "--card:#f6f5f4;--flag:#c01c28;--flag-bg:#fbe5e6}\n"
    "@media (prefers-color-scheme:dark){:root{--fg:#f6f5f4;--bg:#1e1e1e;--muted:#c0bfbc;"
    "--line:#4a4a4f;--card:#2b2b30;--flag:#ff938c;--flag-bg:#3d1f22}}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0 auto;max-width:62rem;padding:2rem 1.5rem;color:var(--fg);background:var(--bg);"
    "font:16px/1.5 system-ui,Cantarell,\"Noto Sans\",\"Segoe UI\",sans-serif}\n"
    "h1{font-size:1.9rem;line-height:1.2;margin:0 0 .5rem}\n"
    "h2{font-size:1.4rem;margin:2.5rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid var(--line)}\n"
    "h3{font-size:1.15rem;margin:2rem 0 .5rem}\n"
    "h4{font-size:1.05rem;margin:0 0 .25rem}\n"
    "h5{font-size:.8rem;margin:.75rem 0 .25rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}\n"
    "a{color:inherit}\n"
    ".muted,.meta,.by{color:var(--muted)}\n"
    ".meta{font-size:.875rem;margin:.25rem 0}\n"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0}\n"
    "dl.facts dt{font-weight:600}dl.facts dd{margin:0;overflow-wrap:anywhere}\n"
    ".mono{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;font-size:.85em}\n"
    "table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}\n"
    "th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "thead th{background:var(--card)}\n"
    "tfoot td{font-weight:600}\n"
    ".badge{display:inline-block;padding:0 .55em 0 .45em;border-radius:.3em;border-left:.45em solid var(--a);"
    "background:var(--card);font-weight:600;font-size:.875rem;white-space:nowrap}\n"
    "article.item{margin:1rem 0;padding:.75rem 1rem;border:1px solid var(--line);border-left:.4rem solid var(--a);"
    "border-radius:.4rem}\n"
    ".question{font-style:italic;margin:.25rem 0}\n"
    ".text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0}\n"
    "ol.evidence{padding-left:1.5rem;margin:.25rem 0}\n"
    "ol.evidence>li{margin:.5rem 0}\n"
    "blockquote{margin:.25rem 0;padding:.25rem .75rem;border-left:.3rem solid var(--a);background:var(--card);"
    "white-space:pre-wrap;overflow-wrap:anywhere}\n"
    "ul.replies{margin:.25rem 0;padding-left:1.25rem;font-size:.9rem}\n"
    ".flag{color:var(--flag);background:var(--flag-bg);padding:.2rem .5rem;border-radius:.3rem;font-weight:600}\n"
    "footer{margin-top:3rem;font-size:.8rem;color:var(--muted)}\n"
    "@media print{:root{--fg:#000;--bg:#fff;--muted:#333;--line:#999;--card:#f2f2f2;--flag:#a00;--flag-bg:#fff}"
    "body{max-width:none;padding:0;font-size:10.5pt}nav.toc{display:none}"
    "a{text-decoration:none}h2,h3,h4{break-after:avoid}article.item,tr,blockquote{break-inside:avoid}"
    ".badge,article.item,blockquote{print-color-adjust:exact;-webkit-print-color-adjust:exact}"
    "@page{margin:18mm 16mm}}\n");

  /* One colour per level, from the library, so the report matches the window. */
  for (guint i = 0; i < G_N_ELEMENTS (report_levels); i++)
    g_string_append_printf (out, ".a-%s{--a:%s}\n", cm_assessment_to_string (report_levels[i]),
                            cm_assessment_get_color (report_levels[i]));
  g_string_append (out, "</style>\n");
}

static void
append_badge (GString      *out,
              CmAssessment  assessment)
{
  g_string_append_printf (out, "<span class=\"badge a-%s\">", cm_assessment_to_string (assessment));
  append_escaped (out, cm_assessment_get_label (assessment));
  g_string_append (out, "</span>");
}

static void
append_fact (GString    *out,
             const char *label,
             const char *value,
             gboolean    mono)
{
  g_string_append (out, "<dt>");
  append_escaped (out, label);
  g_string_append (out, mono ? "</dt><dd class=\"mono\">" : "</dt><dd>");
  if (value != NULL && *value != '\0')
    append_escaped (out, value);
  else
    g_string_append (out, "<span class=\"muted\">—</span>");
  g_string_append (out, "</dd>\n");
}

static void
append_header (GString      *out,
               CmReportData *data)
{
  const char *checklist_title = data->checklist ? cm_report_checklist_title (data->checklist) : NULL;
  g_autofree char *pages = g_strdup_printf ("%u", cm_report_data_get_pages (data));
  g_autofree char *first = cm_report_format_date (data->first);
  g_autofree char *last = cm_report_format_date (data->last);
  g_autofree char *checklist = NULL;
  g_autofree char *progress = NULL;

  if (data->checklist != NULL)
    /* Translators: a checklist's title, then its id and version: "Sanctuary review (sanctuary, version 1)" */
    checklist = g_strdup_printf (_("%s (%s, version %s)"), checklist_title,
                                 cm_checklist_get_id (data->checklist),
                                 cm_checklist_get_version (data->checklist));
  else if (cm_review_get_checklist_id (data->review) != NULL)
    /* Translators: a checklist's id, then its version: "sanctuary (version 1)" */
    checklist = g_strdup_printf (_("%s (version %s)"), cm_review_get_checklist_id (data->review),
                                 cm_review_get_checklist_version (data->review)
                                   ? cm_review_get_checklist_version (data->review) : "?");

  g_string_append (out, "<header>\n<p class=\"muted\">");
  append_escaped (out, checklist_title ? checklist_title : _("Checklist review"));
  g_string_append (out, "</p>\n<h1>");
  append_escaped (out, cm_report_data_get_title (data));
  g_string_append (out, "</h1>\n");
  if (data->checklist != NULL)
    {
      progress = g_strdup_printf (_("%u of %u items assessed; %u without evidence"),
                                  data->n_assessed, data->n_items, data->n_without_evidence);
      g_string_append (out, "<p id=\"progress\">");
      append_escaped (out, progress);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "<dl class=\"facts\" id=\"document\">\n");
  append_fact (out, _("Title"), data->document ? cm_document_get_title (data->document) : NULL, FALSE);
  append_fact (out, _("File"), cm_report_data_get_file (data), FALSE);
  append_fact (out, _("SHA-256"), cm_report_data_get_sha256 (data), TRUE);
  append_fact (out, _("Pages"), pages, FALSE);
  append_fact (out, _("Checklist"), checklist, FALSE);
  if (first != NULL)
    {
      g_autofree char *span = g_strcmp0 (first, last) == 0 ? g_strdup (first)
                                                            : g_strdup_printf ("%s – %s", first, last);
      append_fact (out, _("Reviewed"), span, FALSE);
    }
  g_string_append (out, "</dl>\n</header>\n");
}

static void
append_reviewers (GString      *out,
                  CmReportData *data)
{
  g_string_append_printf (out, "<section id=\"reviewers\">\n<h2>%s</h2>\n", _("Reviewers"));
  if (data->reviewers->len == 0)
    {
      g_string_append_printf (out, "<p class=\"muted\">%s</p>\n</section>\n",
                              _("Nobody has annotated this document yet."));
      return;
    }
  g_string_append_printf (out,
                          "<table>\n<thead><tr><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
                          "<th class=\"n\">%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
                          _("Reviewer"), _("Annotations"), _("Verdicts"), _("Replies"),
                          _("First activity"), _("Last activity"));
  for (guint i = 0; i < data->reviewers->len; i++)
    {
      CmReportReviewer *reviewer = g_ptr_array_index (data->reviewers, i);
      g_autofree char *first = cm_report_format_date (reviewer->first);
      g_autofree char *last = cm_report_format_date (reviewer->last);

      g_string_append (out, "<tr><td>");
      if (*reviewer->name != '\0')
        append_escaped (out, reviewer->name);
      else
        g_string_append_printf (out, "<span class=\"muted\">%s</span>", _("(unnamed)"));
      g_string_append_printf (out, "</td><td class=\"n\">%u</td><td class=\"n\">%u</td><td class=\"n\">%u</td><td>",
                              reviewer->n_annotations, reviewer->n_verdicts, reviewer->n_replies);
      append_escaped (out, first);
      g_string_append (out, "</td><td>");
      append_escaped (out, last);
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</section>\n");
}

static void
append_summary (GString      *out,
                CmReportData *data)
{
  GListModel *categories = cm_checklist_get_categories (data->checklist);
  guint n = g_list_model_get_n_items (categories);
  guint totals[G_N_ELEMENTS (report_levels)] = { 0 };
  guint total_items = 0;
  guint total_bare = 0;

  g_string_append_printf (out, "<section id=\"summary\">\n<h2>%s</h2>\n<table>\n<thead><tr><th>%s</th>"
                          "<th class=\"n\">%s</th>", _("Verdicts by category"), _("Category"), _("Items"));
  for (guint l = 0; l < G_N_ELEMENTS (report_levels); l++)
    {
      g_string_append (out, "<th class=\"n\">");
      append_badge (out, report_levels[l]);
      g_string_append (out, "</th>");
    }
  g_string_append_printf (out, "<th class=\"n\">%s</th></tr></thead>\n<tbody>\n", _("Without evidence"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmChecklistCategory) category = g_list_model_get_item (categories, i);
      GListModel *items = cm_checklist_category_get_items (category);
      guint n_items = g_list_model_get_n_items (items);
      guint bare = 0;

      for (guint j = 0; j < n_items; j++)
        {
          g_autoptr(CmChecklistItem) item = g_list_model_get_item (items, j);

          if (cm_report_data_get_evidence (data, cm_checklist_item_get_id (item))->len == 0)
            bare++;
        }
      g_string_append (out, "<tr><td><a href=\"#category-");
      append_escaped (out, cm_checklist_category_get_id (category));
      g_string_append (out, "\">");
      append_escaped (out, cm_report_category_title (category));
      g_string_append_printf (out, "</a></td><td class=\"n\">%u</td>", n_items);
      for (guint l = 0; l < G_N_ELEMENTS (report_levels); l++)
        {
          guint count = cm_report_data_count (data, category, report_levels[l]);

          totals[l] += count;
          g_string_append_printf (out, "<td class=\"n\">%u</td>", count);
        }
      g_string_append_printf (out, "<td class=\"n\">%u</td></tr>\n", bare);
      total_items += n_items;
      total_bare += bare;
    }
  g_string_append_printf (out, "</tbody>\n<tfoot><tr><td>%s</td><td class=\"n\">%u</td>", _("All"), total_items);
  for (guint l = 0; l < G_N_ELEMENTS (report_levels); l++)
    g_string_append_printf (out, "<td class=\"n\">%u</td>", totals[l]);
  g_string_append_printf (out, "<td class=\"n\">%u</td></tr></tfoot>\n</table>\n</section>\n", total_bare);
}

static void
append_annotation (GString      *out,
                   CmAnnotation *annotation,
                   CmChecklist  *checklist,
                   gboolean      show_item)
{
  CmAnchor *anchor = cm_annotation_get_anchor (annotation);
  CmAssessment assessment = cm_annotation_get_assessment (annotation);
  GPtrArray *replies = cm_annotation_get_replies (annotation);
  const char *note = cm_annotation_get_note (annotation);
  const char *section = cm_annotation_get_section (annotation);
  const char *author = cm_annotation_get_author (annotation);
  g_autofree char *created = cm_report_format_date (cm_annotation_get_created (annotation));
  g_autofree char *modified = cm_report_format_date (cm_annotation_get_modified (annotation));

  g_string_append_printf (out, "<li class=\"a-%s\" id=\"annotation-", cm_assessment_to_string (assessment));
  append_escaped (out, cm_annotation_get_id (annotation));
  g_string_append (out, "\">\n");

  if (anchor != NULL && cm_anchor_get_exact (anchor) != NULL)
    {
      g_string_append (out, "<blockquote class=\"quote\">");
      append_escaped (out, cm_anchor_get_exact (anchor));
      g_string_append (out, "</blockquote>\n");
    }

  g_string_append (out, "<p class=\"meta\">");
  append_badge (out, assessment);
  if (anchor != NULL && cm_anchor_get_page (anchor) > 0)
    append_printf_escaped (out, " · %s %u", _("page"), cm_anchor_get_page (anchor));
  if (section != NULL && *section != '\0')
    {
      g_string_append (out, " · <span class=\"section\">§ ");
      append_escaped (out, section);
      g_string_append (out, "</span>");
    }
  if (show_item && cm_annotation_get_item_id (annotation) != NULL)
    {
      CmChecklistItem *item = checklist ? cm_checklist_lookup_item (checklist, cm_annotation_get_item_id (annotation))
                                        : NULL;

      g_string_append (out, " · <span class=\"item\">");
      append_escaped (out, item ? cm_report_item_title (item) : cm_annotation_get_item_id (annotation));
      g_string_append (out, "</span>");
    }
  g_string_append (out, " · <span class=\"author\">");
  append_escaped (out, author && *author ? author : _("(unnamed)"));
  g_string_append (out, "</span>");
  if (created != NULL)
    append_printf_escaped (out, " · %s", created);
  if (modified != NULL && g_strcmp0 (created, modified) != 0)
    append_printf_escaped (out, " (%s %s)", _("edited"), modified);
  if (anchor != NULL && cm_anchor_get_state (anchor) == CM_ANCHOR_STATE_ORPHANED)
    g_string_append_printf (out, " · <span class=\"flag\">%s</span>",
                            _("orphaned: the quoted text is not in this version of the document"));
  g_string_append (out, "</p>\n");

  if (note != NULL && *note != '\0')
    {
      g_string_append (out, "<p class=\"note text\">");
      append_escaped (out, note);
      g_string_append (out, "</p>\n");
    }
  if (replies->len > 0)
    {
      g_string_append (out, "<ul class=\"replies\">\n");
      for (guint i = 0; i < replies->len; i++)
        {
          CmReply *reply = g_ptr_array_index (replies, i);
          g_autofree char *when = cm_report_format_date (cm_reply_get_created (reply));

          g_string_append (out, "<li><span class=\"by\">");
          append_escaped (out, cm_reply_get_author (reply));
          if (when != NULL)
            append_printf_escaped (out, ", %s", when);
          g_string_append (out, ":</span> <span class=\"text\">");
          append_escaped (out, cm_reply_get_text (reply));
          g_string_append (out, "</span></li>\n");
        }
      g_string_append (out, "</ul>\n");
    }
  g_string_append (out, "</li>\n");
}

static void
append_item (GString         *out,
             CmReportData    *data,
             CmChecklistItem *item)
{
  const char *id = cm_checklist_item_get_id (item);
  CmVerdict *verdict = cm_review_lookup_verdict (data->review, id);
  CmAssessment assessment = verdict ? cm_verdict_get_assessment (verdict) : CM_ASSESSMENT_NONE;
  GPtrArray *evidence = cm_report_data_get_evidence (data, id);
  const char *question = cm_report_item_question (item);
  const char *rationale = verdict ? cm_verdict_get_rationale (verdict) : NULL;

  g_string_append_printf (out, "<article class=\"item a-%s\" id=\"item-", cm_assessment_to_string (assessment));
  append_escaped (out, id);
  g_string_append (out, "\">\n<h4>");
  append_escaped (out, cm_report_item_title (item));
  g_string_append (out, " <span class=\"mono muted\">");
  append_escaped (out, id);
  g_string_append (out, "</span></h4>\n");
  if (question != NULL && *question != '\0')
    {
      g_string_append (out, "<p class=\"question\">");
      append_escaped (out, question);
      g_string_append (out, "</p>\n");
    }

  g_string_append (out, "<p class=\"verdict\">");
  append_badge (out, assessment);
  if (verdict != NULL)
    {
      g_autofree char *modified = cm_report_format_date (cm_verdict_get_modified (verdict));

      g_string_append (out, " <span class=\"by\">");
      append_escaped (out, cm_verdict_get_author (verdict));
      if (modified != NULL)
        append_printf_escaped (out, ", %s", modified);
      g_string_append (out, "</span>");
    }
  g_string_append (out, "</p>\n");

  if (rationale != NULL && *rationale != '\0')
    {
      g_string_append_printf (out, "<h5>%s</h5>\n<p class=\"rationale text\">", _("Rationale"));
      append_escaped (out, rationale);
      g_string_append (out, "</p>\n");
    }

  if (evidence->len == 0)
    {
      g_string_append_printf (out, "<p class=\"flag no-evidence\">%s</p>\n",
                              _("⚠ No evidence: no clause of the document is tagged with this item."));
    }
  else
    {
      g_string_append_printf (out, "<h5>%s (%u)</h5>\n<ol class=\"evidence\">\n", _("Evidence"), evidence->len);
      for (guint i = 0; i < evidence->len; i++)
        append_annotation (out, g_ptr_array_index (evidence, i), data->checklist, FALSE);
      g_string_append (out, "</ol>\n");
    }
  g_string_append (out, "</article>\n");
}

static void
append_items (GString      *out,
              CmReportData *data)
{
  GListModel *categories = cm_checklist_get_categories (data->checklist);
  guint n = g_list_model_get_n_items (categories);

  g_string_append_printf (out, "<section id=\"items\">\n<h2>%s</h2>\n", _("Items"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmChecklistCategory) category = g_list_model_get_item (categories, i);
      GListModel *items = cm_checklist_category_get_items (category);
      guint n_items = g_list_model_get_n_items (items);

      g_string_append (out, "<section class=\"category\" id=\"category-");
      append_escaped (out, cm_checklist_category_get_id (category));
      g_string_append (out, "\">\n<h3>");
      append_escaped (out, cm_report_category_title (category));
      g_string_append (out, "</h3>\n");
      for (guint j = 0; j < n_items; j++)
        {
          g_autoptr(CmChecklistItem) item = g_list_model_get_item (items, j);

          append_item (out, data, item);
        }
      g_string_append (out, "</section>\n");
    }
  g_string_append (out, "</section>\n");
}

static void
append_unfiled (GString      *out,
                CmReportData *data)
{
  if (data->unfiled->len == 0)
    return;
  g_string_append_printf (out, "<section id=\"unfiled\">\n<h2>%s</h2>\n<p class=\"muted\">%s</p>\n"
                          "<ol class=\"evidence\">\n",
                          _("Annotations without a checklist item"),
                          _("Imported or untagged highlights, and tags naming an item this checklist does not have."));
  for (guint i = 0; i < data->unfiled->len; i++)
    append_annotation (out, g_ptr_array_index (data->unfiled, i), data->checklist, TRUE);
  g_string_append (out, "</ol>\n</section>\n");
}

static GString *
build_report (CmReportData *data)
{
  GString *out = g_string_sized_new (64 * 1024);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *generated = cm_report_format_date (now);
  const char *checklist_title = data->checklist ? cm_report_checklist_title (data->checklist) : NULL;

  /* Translators: the code of the language you translate into ("es"): the
   * report says it is written in it. */
  g_string_append_printf (out, "<!DOCTYPE html>\n<html lang=\"%s\">\n", C_("language code", "en"));
  g_string_append (out,
                   "<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   /* The report is opened from mail and shared folders: it may load
                    * nothing and run nothing, whatever a note contains. */
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'unsafe-inline'\">\n"
                   "<meta name=\"generator\" content=\"Clausemark " CM_VERSION "\">\n<title>");
  if (checklist_title != NULL)
    append_printf_escaped (out, "%s — %s", cm_report_data_get_title (data), checklist_title);
  else
    append_escaped (out, cm_report_data_get_title (data));
  g_string_append (out, "</title>\n");
  append_style (out);
  g_string_append (out, "</head>\n<body>\n");

  append_header (out, data);
  if (data->checklist != NULL)
    g_string_append_printf (out, "<nav class=\"toc\"><a href=\"#reviewers\">%s</a> · <a href=\"#summary\">%s</a> · "
                            "<a href=\"#items\">%s</a></nav>\n", _("Reviewers"), _("Summary"), _("Items"));
  append_reviewers (out, data);
  if (data->checklist != NULL)
    {
      append_summary (out, data);
      append_items (out, data);
    }
  append_unfiled (out, data);

  g_string_append (out, "<footer>");
  append_printf_escaped (out, _("Exported by Clausemark %s on %s."), CM_VERSION, generated);
  g_string_append (out, "</footer>\n</body>\n</html>\n");
  return out;
}

/* CmExporter -------------------------------------------------------------- */

static const char *
cm_report_html_get_id (CmExporter *exporter)
{
  return "html";
}

static const char *
cm_report_html_get_label (CmExporter *exporter)
{
  return _("HTML report");
}

static const char *
cm_report_html_get_extension (CmExporter *exporter)
{
  return "html";
}

static const char *
cm_report_html_get_mime_type (CmExporter *exporter)
{
  return "text/html";
}

static gboolean
cm_report_html_export (CmExporter    *exporter,
                       CmReview      *review,
                       CmChecklist   *checklist,
                       CmDocument    *document,
                       GOutputStream *stream,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(CmReportData) data = NULL;
  g_autoptr(GString) out = NULL;

  /* Streams do not all check the cancellable themselves (memory streams do not). */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  data = cm_report_data_new (review, checklist, document);
  out = build_report (data);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error);
}

static void
cm_report_html_exporter_iface_init (CmExporterInterface *iface)
{
  iface->get_id = cm_report_html_get_id;
  iface->get_label = cm_report_html_get_label;
  iface->get_extension = cm_report_html_get_extension;
  iface->get_mime_type = cm_report_html_get_mime_type;
  iface->export = cm_report_html_export;
}

static void
cm_report_html_class_init (CmReportHtmlClass *klass)
{
}

static void
cm_report_html_init (CmReportHtml *self)
{
}

/* Module entry points ------------------------------------------------------ */

CM_DEFINE_PLUGIN_MODULE (CM_EXPORTER_EXTENSION_POINT, CM_TYPE_REPORT_HTML, "html", 10)
