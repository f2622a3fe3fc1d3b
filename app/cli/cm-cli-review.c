/* cm-cli-review.c: the commands that read and change one review: info, checklist, tag, untag, verdict, list, status. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "cm-cli.h"

/* Commands ------------------------------------------------------------- */

int
cmd_info (int    argc,
          char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autofree char *sidecar_path = NULL;
  guint counts[CM_ANCHOR_STATE_ORPHANED + 1] = { 0 };
  g_autofree char *title = NULL;
  g_autoptr(CmOcrLayer) ocr_layer = NULL;
  gboolean has_sidecar;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli info FILE.pdf"));
      return EXIT_USAGE;
    }
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  sidecar_path = g_file_get_path (sidecar);
  has_sidecar = g_file_query_exists (sidecar, NULL);
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;
  /* Text extraction of a scan yields nothing; that is reported, not an error. */
  ocr_layer = load_ocr_layer (document);
  index = cm_text_index_new_with_ocr (document, ocr_layer, NULL, NULL);

  title = document_title (document, index);
  g_print ("file: %s\n", argv[1]);
  g_print ("pages: %u\n", cm_document_get_n_pages (document));
  g_print ("title: %s\n", title);
  g_print ("sha256: %s\n", cm_document_get_sha256 (document));
  g_print ("pdf-id: %s\n", cm_document_get_pdf_id (document) ? cm_document_get_pdf_id (document) : "");
  {
    /* Scanned pages need OCR before anything on them can be tagged; text
     * that OCR found is reported as such, never as a text layer. */
    g_autoptr(GString) pages = g_string_new (NULL);
    g_autoptr(GString) ocr_pages = g_string_new (NULL);
    guint n_without = 0, n_ocr = 0;
    gboolean has_layer = FALSE;

    for (guint page = 1; page <= cm_document_get_n_pages (document); page++)
      {
        gboolean is_ocr = index != NULL && cm_text_index_page_is_ocr (index, page);

        if (index != NULL && cm_text_index_page_has_text (index, page) && !is_ocr)
          {
            has_layer = TRUE;
            continue;
          }
        g_string_append_printf (pages, "%s%u", pages->len > 0 ? ", " : "", page);
        n_without++;
        if (is_ocr)
          {
            g_string_append_printf (ocr_pages, "%s%u", ocr_pages->len > 0 ? ", " : "", page);
            n_ocr++;
          }
      }
    g_print ("has-text: %s\n", has_layer ? "yes" : "no");
    g_print ("pages-without-text: %s\n", pages->len > 0 ? pages->str : "none");
    if (n_without > 0)
      {
        g_print ("ocr-pages: %s\n", ocr_pages->len > 0 ? ocr_pages->str : "none");
        if (n_ocr > 0)
          g_print ("ocr-engine: %s\n", cm_ocr_layer_get_engine (ocr_layer) ? cm_ocr_layer_get_engine (ocr_layer) : "");
        g_print ("ocr: ");
        g_print (ngettext ("%u page without a text layer", "%u pages without a text layer", n_without),
                 n_without);
        if (n_ocr > 0)
          g_print (_("; OCR text for %u (marked as OCR)\n"), n_ocr);
        else
          g_print (_("; no OCR text yet (`clausemark-cli ocr %s` recognizes it)\n"), argv[1]);
      }
  }
  g_print ("sidecar: %s%s\n", sidecar_path, has_sidecar ? "" : " (none yet)");
  g_print ("annotations: %u\n", cm_review_get_n_annotations (review));
  g_print ("verdicts: %u\n", g_list_model_get_n_items (cm_review_get_verdicts (review)));

  if (index != NULL && cm_review_get_n_annotations (review) > 0)
    {
      gboolean amended = g_strcmp0 (cm_review_get_document_sha256 (review),
                                    cm_document_get_sha256 (document)) != 0;

      reanchor_review (review, index, counts);
      g_print ("document-changed: %s\n", amended ? "yes" : "no");
      g_print ("anchored: %u\nmoved: %u\nfuzzy: %u\norphaned: %u\n",
               counts[CM_ANCHOR_STATE_ANCHORED], counts[CM_ANCHOR_STATE_MOVED],
               counts[CM_ANCHOR_STATE_FUZZY], counts[CM_ANCHOR_STATE_ORPHANED]);
    }
  return EXIT_OK;
}

void
print_checklist_json (CmChecklist *checklist)
{
  g_autoptr(GString) out = g_string_new ("{");
  GListModel *categories = cm_checklist_get_categories (checklist);
  gboolean first = TRUE;

  cm_json_append_member (out, &first, "id", cm_checklist_get_id (checklist));
  cm_json_append_member (out, &first, "version", cm_checklist_get_version (checklist));
  cm_json_append_member (out, &first, "title", cm_checklist_get_title (checklist));
  g_string_append (out, ",\"levels\":[");
  for (guint a = CM_ASSESSMENT_STRONG; a < CM_N_ASSESSMENTS; a++)
    {
      gboolean first_level = TRUE;

      g_string_append (out, a == CM_ASSESSMENT_STRONG ? "{" : ",{");
      cm_json_append_member (out, &first_level, "id", cm_assessment_to_string (a));
      cm_json_append_member (out, &first_level, "label", cm_assessment_get_label (a));
      cm_json_append_member (out, &first_level, "meaning",
                             cm_checklist_get_assessment_meaning (checklist, a));
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"categories\":[");
  for (guint c = 0; c < g_list_model_get_n_items (categories); c++)
    {
      g_autoptr(CmChecklistCategory) category = g_list_model_get_item (categories, c);
      GListModel *items = cm_checklist_category_get_items (category);
      gboolean first_category = TRUE;

      g_string_append (out, c == 0 ? "{" : ",{");
      cm_json_append_member (out, &first_category, "id", cm_checklist_category_get_id (category));
      cm_json_append_member (out, &first_category, "title", cm_checklist_category_get_title (category));
      g_string_append (out, ",\"items\":[");
      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        {
          g_autoptr(CmChecklistItem) item = g_list_model_get_item (items, i);
          const char * const *cues = cm_checklist_item_get_cues (item);
          gboolean first_item = TRUE;

          g_string_append (out, i == 0 ? "{" : ",{");
          cm_json_append_member (out, &first_item, "id", cm_checklist_item_get_id (item));
          cm_json_append_member (out, &first_item, "title", cm_checklist_item_get_title (item));
          cm_json_append_member (out, &first_item, "question", cm_checklist_item_get_question (item));
          cm_json_append_member (out, &first_item, "guidance", cm_checklist_item_get_guidance (item));
          g_string_append (out, ",\"cues\":[");
          for (guint k = 0; cues != NULL && cues[k] != NULL; k++)
            {
              if (k > 0)
                g_string_append_c (out, ',');
              cm_json_append_string (out, cues[k]);
            }
          g_string_append (out, "]}");
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}\n");
  fputs (out->str, stdout);
}

int
cmd_checklist (int    argc,
               char **argv)
{
  g_autoptr(CmChecklist) checklist = NULL;
  GListModel *categories;

  if (argc != 1)
    {
      fail (NULL, _("usage: clausemark-cli checklist [--format text|json] [--checklist FILE]"));
      return EXIT_USAGE;
    }
  if (opt_format != NULL && !g_str_equal (opt_format, "text") && !g_str_equal (opt_format, "json"))
    {
      fail (NULL, _("unknown format “%s”: use text or json"), opt_format);
      return EXIT_USAGE;
    }
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;

  if (g_strcmp0 (opt_format, "json") == 0)
    {
      print_checklist_json (checklist);
      return EXIT_OK;
    }

  g_print ("%s (%s, version %s): %u items\n", cm_checklist_get_title (checklist),
           cm_checklist_get_id (checklist), cm_checklist_get_version (checklist),
           cm_checklist_get_n_items (checklist));
  categories = cm_checklist_get_categories (checklist);
  for (guint c = 0; c < g_list_model_get_n_items (categories); c++)
    {
      g_autoptr(CmChecklistCategory) category = g_list_model_get_item (categories, c);
      GListModel *items = cm_checklist_category_get_items (category);

      g_print ("\n%s\t%s\n", cm_checklist_category_get_id (category),
               cm_checklist_category_get_title (category));
      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        {
          g_autoptr(CmChecklistItem) item = g_list_model_get_item (items, i);
          g_print ("  %s\t%s\n", cm_checklist_item_get_id (item), cm_checklist_item_get_title (item));
        }
    }
  g_print ("\nlevels: strong, partial, weak, absent, harmful, not-applicable\n");
  return EXIT_OK;
}

/* The pages (sorted, unique) of MATCHES, as "3, 7". */
char *
format_pages (GArray *matches)
{
  g_autoptr(GString) pages = g_string_new (NULL);
  guint last = 0;

  for (guint i = 0; i < matches->len; i++)
    {
      guint page = g_array_index (matches, CmTextMatch, i).page;

      if (page == last)
        continue;
      if (pages->len > 0)
        g_string_append (pages, ", ");
      g_string_append_printf (pages, "%u", page);
      last = page;
    }
  return g_string_free (g_steal_pointer (&pages), FALSE);
}

guint
count_pages (GArray *matches)
{
  guint pages = 0;
  guint last = 0;

  for (guint i = 0; i < matches->len; i++)
    {
      guint page = g_array_index (matches, CmTextMatch, i).page;
      if (page != last)
        pages++;
      last = page;
    }
  return pages;
}

int
cmd_tag (int    argc,
         char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autoptr(GArray) matches = NULL;
  g_autoptr(CmAnchor) anchor = NULL;
  g_autoptr(CmAnnotation) annotation = NULL;
  g_autofree char *author = NULL;
  CmAssessment assessment;
  CmTextMatch match;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli tag FILE.pdf --item ID --assessment LEVEL --quote TEXT "
                    "[--page N] [--note TEXT] [--author NAME]"));
      return EXIT_USAGE;
    }
  if (opt_quote == NULL || *opt_quote == '\0')
    {
      fail (argv[1], _("--quote is required: the exact words of the clause to tag"));
      return EXIT_USAGE;
    }
  if (opt_page != G_MININT && opt_page < 1)
    {
      fail (argv[1], _("--page must be a page number (1 or more)"));
      return EXIT_USAGE;
    }
  if (opt_page == G_MININT)
    opt_page = 0;
  if (!parse_assessment (&assessment, argv[1]))
    return EXIT_USAGE;
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;
  if (!check_item (checklist, argv[1]))
    return EXIT_USAGE;
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  if (opt_page > 0 && (guint) opt_page > cm_document_get_n_pages (document))
    {
      fail (argv[1], _("--page %d is beyond the last page (%u)"), opt_page,
            cm_document_get_n_pages (document));
      return EXIT_USAGE;
    }
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  /* Load the sidecar before the slow text extraction: a broken one fails fast. */
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;
  if (!review_uses_checklist (review, checklist, argv[1]))
    return EXIT_INPUT;
  if ((index = open_index (document, argv[1])) == NULL)
    return EXIT_INPUT;
  if (!cm_text_index_has_text (index))
    {
      fail (argv[1], _("the PDF has no text layer (a scan?), so no quote can be found in it"));
      return EXIT_INPUT;
    }

  matches = cm_text_index_find (index, opt_quote, (guint) opt_page);
  if (matches->len == 0)
    {
      if (opt_page > 0)
        fail (argv[1], _("the quote was not found on page %d"), opt_page);
      else
        fail (argv[1], _("the quote was not found in the document"));
      return EXIT_INPUT;
    }
  if (opt_page == 0 && count_pages (matches) > 1)
    {
      g_autofree char *pages = format_pages (matches);
      fail (argv[1], _("the quote occurs on several pages (%s); choose one with --page"), pages);
      return EXIT_USAGE;
    }
  if (matches->len > 1)
    g_printerr (_("clausemark-cli: %s: the quote occurs %u times on page %u; tagging the first\n"),
                argv[1], matches->len, g_array_index (matches, CmTextMatch, 0).page);

  match = g_array_index (matches, CmTextMatch, 0);
  anchor = cm_anchor_new_for_range (index, match.start, match.end);
  author = opt_author ? g_strdup (opt_author) : cm_default_author (NULL);
  annotation = cm_annotation_new (NULL, author, NULL);
  cm_annotation_set_anchor (annotation, anchor);
  cm_annotation_set_item_id (annotation, opt_item);
  cm_annotation_set_assessment (annotation, assessment);
  cm_annotation_set_note (annotation, opt_note);
  {
    /* The section travels with the annotation: lists and exports show it. */
    g_autoptr(CmSectionMap) sections = cm_section_map_new (index);
    g_autofree char *section = cm_section_map_get_section_at (sections, match.start);

    cm_annotation_set_section (annotation, section);
  }
  cm_review_set_checklist (review, cm_checklist_get_id (checklist), cm_checklist_get_version (checklist));
  cm_review_add_annotation (review, annotation);
  if (!adopt_document (review, document, index, argv[1]))
    return EXIT_INPUT;

  if (!save_review (store, review, sidecar))
    return EXIT_INPUT;
  g_print ("%s\n", cm_annotation_get_id (annotation));
  return EXIT_OK;
}

int
cmd_untag (int    argc,
           char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autofree char *author = NULL;

  if (argc != 3)
    {
      fail (NULL, _("usage: clausemark-cli untag FILE.pdf ID"));
      return EXIT_USAGE;
    }
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;
  author = opt_author ? g_strdup (opt_author) : cm_default_author (NULL);
  if (!adopt_document (review, document, NULL, argv[1]))
    return EXIT_INPUT;
  if (!cm_review_remove_annotation (review, argv[2], author))
    {
      fail (argv[1], _("no annotation with id “%s”; `clausemark-cli list` shows the ids"), argv[2]);
      return EXIT_INPUT;
    }
  if (!save_review (store, review, sidecar))
    return EXIT_INPUT;
  return EXIT_OK;
}

int
cmd_verdict (int    argc,
             char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autoptr(CmVerdict) verdict = NULL;
  g_autofree char *author = NULL;
  CmAssessment assessment;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli verdict FILE.pdf --item ID --assessment LEVEL "
                    "[--note TEXT] [--author NAME]"));
      return EXIT_USAGE;
    }
  if (!parse_assessment (&assessment, argv[1]))
    return EXIT_USAGE;
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;
  if (!check_item (checklist, argv[1]))
    return EXIT_USAGE;
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;
  if (!review_uses_checklist (review, checklist, argv[1]))
    return EXIT_INPUT;

  author = opt_author ? g_strdup (opt_author) : cm_default_author (NULL);
  verdict = cm_verdict_new (opt_item, assessment, author);
  cm_verdict_set_rationale (verdict, opt_note);
  cm_review_set_checklist (review, cm_checklist_get_id (checklist), cm_checklist_get_version (checklist));
  cm_review_set_verdict (review, verdict);
  if (!adopt_document (review, document, NULL, argv[1]))
    return EXIT_INPUT;
  if (!save_review (store, review, sidecar))
    return EXIT_INPUT;
  return EXIT_OK;
}

/* Tabs, newlines and backslashes escaped, so one annotation is one line. */
void
append_tsv_field (GString    *out,
                  const char *text)
{
  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

/* One of the contract's levels, or NULL (an empty field, a JSON null) for
 * a highlight not assessed yet, such as one imported from another tool. */
static const char *
annotation_level (CmAnnotation *annotation)
{
  CmAssessment assessment = cm_annotation_get_assessment (annotation);

  return assessment != CM_ASSESSMENT_NONE ? cm_assessment_to_string (assessment) : NULL;
}

void
append_annotation_json (GString      *out,
                        CmAnnotation *annotation)
{
  CmAnchor *anchor = cm_annotation_get_anchor (annotation);
  GPtrArray *replies = cm_annotation_get_replies (annotation);
  g_autofree char *created = cm_timestamp_format (cm_annotation_get_created (annotation));
  g_autofree char *modified = cm_timestamp_format (cm_annotation_get_modified (annotation));
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  cm_json_append_member (out, &first, "id", cm_annotation_get_id (annotation));
  cm_json_append_int (out, &first, "page", anchor ? cm_anchor_get_page (anchor) : 0);
  cm_json_append_member (out, &first, "item", cm_annotation_get_item_id (annotation));
  cm_json_append_member (out, &first, "assessment", annotation_level (annotation));
  cm_json_append_member (out, &first, "author", cm_annotation_get_author (annotation));
  cm_json_append_member (out, &first, "created", created);
  cm_json_append_member (out, &first, "modified", modified);
  cm_json_append_member (out, &first, "quote", anchor ? cm_anchor_get_exact (anchor) : NULL);
  cm_json_append_member (out, &first, "note", cm_annotation_get_note (annotation));
  cm_json_append_member (out, &first, "section", cm_annotation_get_section (annotation));
  if (anchor != NULL)
    {
      cm_json_append_int (out, &first, "start", cm_anchor_get_start (anchor));
      cm_json_append_int (out, &first, "end", cm_anchor_get_end (anchor));
      cm_json_append_member (out, &first, "state",
                             cm_anchor_state_to_string (cm_anchor_get_state (anchor)));
    }
  g_string_append (out, ",\"replies\":[");
  for (guint i = 0; i < replies->len; i++)
    {
      CmReply *reply = g_ptr_array_index (replies, i);
      g_autofree char *reply_created = cm_timestamp_format (cm_reply_get_created (reply));
      gboolean first_reply = TRUE;

      g_string_append (out, i == 0 ? "{" : ",{");
      cm_json_append_member (out, &first_reply, "id", cm_reply_get_id (reply));
      cm_json_append_member (out, &first_reply, "author", cm_reply_get_author (reply));
      cm_json_append_member (out, &first_reply, "created", reply_created);
      cm_json_append_member (out, &first_reply, "text", cm_reply_get_text (reply));
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

int
cmd_list (int    argc,
          char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  GListModel *annotations;
  gboolean json;
  guint n;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli list FILE.pdf [--format tsv|json]"));
      return EXIT_USAGE;
    }
  if (opt_format != NULL && !g_str_equal (opt_format, "tsv") && !g_str_equal (opt_format, "json"))
    {
      fail (NULL, _("unknown format “%s”: use tsv or json"), opt_format);
      return EXIT_USAGE;
    }
  json = g_strcmp0 (opt_format, "json") == 0;
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;

  annotations = cm_review_get_annotations (review);
  n = g_list_model_get_n_items (annotations);
  g_string_append (out, json ? "[" : "id\tpage\titem\tassessment\tauthor\tquote\tnote\n");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CmAnnotation) annotation = g_list_model_get_item (annotations, i);
      CmAnchor *anchor = cm_annotation_get_anchor (annotation);

      if (json)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_annotation_json (out, annotation);
          continue;
        }
      append_tsv_field (out, cm_annotation_get_id (annotation));
      g_string_append_printf (out, "\t%u\t", anchor ? cm_anchor_get_page (anchor) : 0);
      append_tsv_field (out, cm_annotation_get_item_id (annotation));
      g_string_append_c (out, '\t');
      append_tsv_field (out, annotation_level (annotation));
      g_string_append_c (out, '\t');
      append_tsv_field (out, cm_annotation_get_author (annotation));
      g_string_append_c (out, '\t');
      append_tsv_field (out, anchor ? cm_anchor_get_exact (anchor) : NULL);
      g_string_append_c (out, '\t');
      append_tsv_field (out, cm_annotation_get_note (annotation));
      g_string_append_c (out, '\n');
    }
  if (json)
    g_string_append (out, "]\n");
  fputs (out->str, stdout);
  return EXIT_OK;
}

int
cmd_status (int    argc,
            char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(CmReview) review = NULL;
  GPtrArray *items;
  guint assessed = 0;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli status FILE.pdf"));
      return EXIT_USAGE;
    }
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;
  sidecar = sidecar_file (argv[1]);
  if ((review = load_review (store, sidecar, document)) == NULL)
    return EXIT_INPUT;
  if (!review_uses_checklist (review, checklist, argv[1]))
    return EXIT_INPUT;

  items = cm_checklist_get_items (checklist);
  g_print ("item\tverdict\tevidence\ttitle\n");
  for (guint i = 0; i < items->len; i++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, i);
      const char *id = cm_checklist_item_get_id (item);
      CmVerdict *verdict = cm_review_lookup_verdict (review, id);
      g_autoptr(GPtrArray) evidence = cm_review_get_evidence (review, id);
      gboolean has_verdict = verdict != NULL && cm_verdict_get_assessment (verdict) != CM_ASSESSMENT_NONE;

      if (has_verdict)
        assessed++;
      g_print ("%s\t%s\t%u\t%s\n", id,
               has_verdict ? cm_assessment_to_string (cm_verdict_get_assessment (verdict)) : "-",
               evidence->len, cm_checklist_item_get_title (item));
    }
  g_print ("%u of %u items assessed\n", assessed, items->len);

  /* An amended ordinance: say where the evidence went. */
  if (cm_review_get_n_annotations (review) > 0
      && g_strcmp0 (cm_review_get_document_sha256 (review), cm_document_get_sha256 (document)) != 0)
    {
      g_autoptr(CmTextIndex) index = open_index (document, argv[1]);
      guint counts[CM_ANCHOR_STATE_ORPHANED + 1] = { 0 };

      if (index == NULL)
        return EXIT_INPUT;
      reanchor_review (review, index, counts);
      g_print ("document-changed: yes\nanchored: %u\nmoved: %u\nfuzzy: %u\norphaned: %u\n",
               counts[CM_ANCHOR_STATE_ANCHORED], counts[CM_ANCHOR_STATE_MOVED],
               counts[CM_ANCHOR_STATE_FUZZY], counts[CM_ANCHOR_STATE_ORPHANED]);
    }
  return EXIT_OK;
}

