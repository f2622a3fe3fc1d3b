/* cm-cli-analysis.c: the commands that look across a document or several: suggest, ocr, compare. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>

#include "cm-cli.h"

/* Suggestions: the analyzer's proposed clauses, one per line. */
int
cmd_suggest (int    argc,
             char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmAnalyzer) analyzer = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean json;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli suggest FILE.pdf [--format tsv|json]"));
      return EXIT_USAGE;
    }
  if (opt_format != NULL && !g_str_equal (opt_format, "tsv") && !g_str_equal (opt_format, "json"))
    {
      fail (NULL, _("unknown format “%s”: use tsv or json"), opt_format);
      return EXIT_USAGE;
    }
  json = g_strcmp0 (opt_format, "json") == 0;
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  analyzer = cm_plugin_engine_create_analyzer (cm_plugin_engine_get_default (), NULL, &error);
  if (analyzer == NULL)
    {
      fail (NULL, "%s", error->message);
      return EXIT_INPUT;
    }
  if ((index = open_index (document, argv[1])) == NULL)
    return EXIT_INPUT;
  if (!cm_text_index_has_text (index))
    {
      fail (argv[1], _("the PDF has no text layer (a scan?), so there is nothing to suggest; "
                       "`clausemark-cli ocr` recognizes its text"));
      return EXIT_INPUT;
    }
  suggestions = cm_analyzer_analyze (analyzer, index, checklist, NULL, &error);
  if (suggestions == NULL)
    {
      fail (argv[1], "%s", error->message);
      return EXIT_INPUT;
    }

  g_string_append (out, json ? "[" : "item\tpage\tsection\tscore\tquote\treason\n");
  for (guint i = 0; i < suggestions->len; i++)
    {
      CmSuggestion *suggestion = g_ptr_array_index (suggestions, i);
      char score[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (score, sizeof score, "%.3f", cm_suggestion_get_score (suggestion));
      if (json)
        {
          gboolean first = TRUE;

          g_string_append (out, i == 0 ? "{" : ",{");
          cm_json_append_member (out, &first, "item", cm_suggestion_get_item_id (suggestion));
          cm_json_append_int (out, &first, "page", cm_suggestion_get_page (suggestion));
          cm_json_append_member (out, &first, "section", cm_suggestion_get_section (suggestion));
          g_string_append_printf (out, ",\"score\":%s", score);
          cm_json_append_int (out, &first, "start", cm_suggestion_get_start (suggestion));
          cm_json_append_int (out, &first, "end", cm_suggestion_get_end (suggestion));
          cm_json_append_member (out, &first, "quote", cm_suggestion_get_quote (suggestion));
          cm_json_append_member (out, &first, "reason", cm_suggestion_get_reason (suggestion));
          g_string_append_c (out, '}');
          continue;
        }
      append_tsv_field (out, cm_suggestion_get_item_id (suggestion));
      g_string_append_printf (out, "\t%u\t", cm_suggestion_get_page (suggestion));
      append_tsv_field (out, cm_suggestion_get_section (suggestion));
      g_string_append_printf (out, "\t%s\t", score);
      append_tsv_field (out, cm_suggestion_get_quote (suggestion));
      g_string_append_c (out, '\t');
      append_tsv_field (out, cm_suggestion_get_reason (suggestion));
      g_string_append_c (out, '\n');
    }
  if (json)
    g_string_append (out, "]\n");
  fputs (out->str, stdout);
  return EXIT_OK;
}

/* Parses "1,3-5" into ascending unique page numbers within 1..N_PAGES. */
GArray *
parse_page_list (const char *list,
                 guint       n_pages)
{
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  g_autofree guint8 *chosen = g_new0 (guint8, n_pages + 1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) range = g_strsplit (g_strstrip (parts[i]), "-", 2);
      guint64 first, last;

      if (!g_ascii_string_to_unsigned (g_strstrip (range[0]), 10, 1, n_pages, &first, NULL))
        return NULL;
      last = first;
      if (range[1] != NULL
          && !g_ascii_string_to_unsigned (g_strstrip (range[1]), 10, first, n_pages, &last, NULL))
        return NULL;
      for (guint64 page = first; page <= last; page++)
        chosen[page] = TRUE;
    }
  for (guint page = 1; page <= n_pages; page++)
    if (chosen[page])
      g_array_append_val (pages, page);
  return g_steal_pointer (&pages);
}

void
print_ocr_progress (guint    done,
                    guint    total,
                    guint    page,
                    gpointer user_data)
{
  g_printerr (_("clausemark-cli: %s: page %u recognized (%u of %u)\n"),
              (const char *) user_data, page, done, total);
}

/* Recognizes the text of pages without a text layer and caches it beside
 * the PDF, where every later command (and the window) finds it. */
int
cmd_ocr (int    argc,
         char **argv)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(CmTextIndex) index = NULL;
  g_autoptr(CmOcrEngine) engine = NULL;
  g_autoptr(CmOcrLayer) layer = NULL;
  g_autoptr(GArray) requested = NULL;
  g_autoptr(GArray) targets = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GFile) cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *cache_path = NULL;
  guint n_pages, n_words = 0;
  double confidence = 0, seconds;
  gint64 started;
  gboolean recognized;

  if (argc != 2)
    {
      fail (NULL, _("usage: clausemark-cli ocr FILE.pdf [--pages LIST] [--force] [--language CODE]"));
      return EXIT_USAGE;
    }
  if ((document = open_document (argv[1])) == NULL)
    return EXIT_INPUT;
  n_pages = cm_document_get_n_pages (document);
  if (opt_pages != NULL && (requested = parse_page_list (opt_pages, n_pages)) == NULL)
    {
      fail (NULL, _("--pages “%s” is not a list of pages of %s like 1,3-5 (it has %u pages)"),
            opt_pages, argv[1], n_pages);
      return EXIT_USAGE;
    }
  engine = cm_plugin_engine_create_ocr_engine (cm_plugin_engine_get_default (), NULL, &error);
  if (engine != NULL && opt_language != NULL && !cm_ocr_engine_set_language (engine, opt_language))
    {
      fail (NULL, _("the OCR engine “%s” cannot be told a language"), cm_ocr_engine_get_id (engine));
      return EXIT_USAGE;
    }
  if (engine == NULL || !cm_ocr_engine_is_available (engine, &error))
    {
      fail (argv[1], _("cannot recognize text: %s"), error->message);
      return EXIT_INPUT;
    }

  /* Which pages lack a text layer is read from the PDF alone. */
  if ((index = cm_text_index_new (document, NULL, &error)) == NULL)
    {
      fail (NULL, "%s", error->message);
      return EXIT_INPUT;
    }
  cache = cm_ocr_layer_file_for_document (cm_document_get_file (document));
  cache_path = g_file_get_path (cache);
  layer = opt_force ? NULL : load_ocr_layer (document);
  if (layer == NULL)
    layer = cm_ocr_layer_new (cm_document_get_sha256 (document));

  for (guint i = 0; i < (requested != NULL ? requested->len : n_pages); i++)
    {
      guint page = requested != NULL ? g_array_index (requested, guint, i) : i + 1;

      if (cm_text_index_page_has_text (index, page))
        {
          if (requested != NULL)
            g_printerr (_("clausemark-cli: %s: page %u has a text layer; OCR is not needed there\n"),
                        argv[1], page);
          continue;
        }
      if (!opt_force && cm_ocr_layer_has_page (layer, page))
        continue;
      g_array_append_val (targets, page);
    }
  if (targets->len == 0)
    {
      g_print ("pages-recognized: none\n");
      g_print ("ocr-file: %s%s\n", cache_path, g_file_query_exists (cache, NULL) ? "" : " (none)");
      return EXIT_OK;
    }

  started = g_get_monotonic_time ();
  recognized = cm_ocr_layer_recognize (layer, document, engine, (const guint *) targets->data,
                                       targets->len, 0, print_ocr_progress, argv[1], NULL, &error);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  if (!recognized)
    {
      g_autoptr(GError) save_error = NULL;

      fail (argv[1], _("OCR stopped: %s"), error->message);
      /* Pages done before the failure are kept: OCR is slow, and a rerun
       * skips them. */
      if (!cm_ocr_layer_save (layer, cache, NULL, &save_error))
        fail (NULL, "%s", save_error->message);
      return EXIT_INPUT;
    }
  if (!cm_ocr_layer_save (layer, cache, NULL, &error))
    {
      fail (NULL, "%s", error->message);
      return EXIT_INPUT;
    }

  for (guint i = 0; i < targets->len; i++)
    {
      guint page = g_array_index (targets, guint, i);
      GPtrArray *words = cm_ocr_layer_get_page_words (layer, page);

      g_string_append_printf (list, "%s%u", i > 0 ? ", " : "", page);
      for (guint w = 0; words != NULL && w < words->len; w++)
        confidence += cm_ocr_word_get_confidence (g_ptr_array_index (words, w));
      n_words += words != NULL ? words->len : 0;
    }
  g_print ("pages-recognized: %s\n", list->str);
  g_print ("engine: %s\n", cm_ocr_layer_get_engine (layer));
  g_print ("words: %u\n", n_words);
  g_print ("mean-confidence: %.0f\n", n_words > 0 ? confidence / n_words : 0.0);
  g_print ("seconds-per-page: %.2f\n", seconds / targets->len);
  g_print ("ocr-file: %s\n", cache_path);
  return EXIT_OK;
}

/* The verdict matrix: one column per ordinance, one row per checklist item. */
int
cmd_compare (int    argc,
             char **argv)
{
  g_autoptr(CmChecklist) checklist = NULL;
  g_autoptr(CmStore) store = NULL;
  g_autoptr(CmComparison) comparison = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  gboolean html;

  if (argc < 2)
    {
      fail (NULL, _("usage: clausemark-cli compare A.pdf B.pdf … --format html|csv -o OUT"));
      return EXIT_USAGE;
    }
  if (opt_format == NULL || (!g_str_equal (opt_format, "html") && !g_str_equal (opt_format, "csv")))
    {
      fail (NULL, _("--format html or --format csv is required"));
      return EXIT_USAGE;
    }
  if (opt_sidecar != NULL && argc > 2)
    {
      fail (NULL, _("--sidecar names one review file, but several PDFs were given"));
      return EXIT_USAGE;
    }
  html = g_str_equal (opt_format, "html");
  if ((checklist = open_checklist ()) == NULL)
    return EXIT_INPUT;
  if ((store = open_store ()) == NULL)
    return EXIT_INPUT;

  comparison = cm_comparison_new (checklist);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(CmDocument) document = NULL;
      g_autoptr(GFile) sidecar = NULL;
      g_autoptr(CmReview) review = NULL;
      g_autofree char *basename = g_path_get_basename (argv[i]);
      g_autofree char *name = NULL;

      /* Columns are named by file; two of one name ("2019/ordinance.pdf",
       * "2023/ordinance.pdf") by the paths as given. */
      for (int j = 1; j < argc; j++)
        {
          g_autofree char *other = g_path_get_basename (argv[j]);

          if (j != i && g_str_equal (other, basename))
            name = display_name (argv[i]);
        }
      if (name == NULL)
        name = display_name (basename);

      if ((document = open_document (argv[i])) == NULL)
        return EXIT_INPUT;
      sidecar = sidecar_file (argv[i]);
      if ((review = load_review (store, sidecar, document)) == NULL ||
          !review_uses_checklist (review, checklist, argv[i]))
        return EXIT_INPUT;
      cm_comparison_add_column (comparison, name, cm_document_get_title (document), review);
    }

  out = html ? cm_comparison_to_html (comparison) : cm_comparison_to_csv (comparison);
  if (opt_output == NULL || g_str_equal (opt_output, "-"))
    {
      fputs (out, stdout);
      return EXIT_OK;
    }
  if (!g_file_set_contents (opt_output, out, -1, &error))
    {
      g_autofree char *name = display_name (opt_output);
      fail (name, _("cannot write the comparison: %s"), error->message);
      return EXIT_INPUT;
    }
  return EXIT_OK;
}

