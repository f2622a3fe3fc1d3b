/* cm-cli.h: what the command line's commands share: exit codes, options, opening documents, checklists and reviews. */
#pragma once

#include <clausemark.h>

G_BEGIN_DECLS

/* Exit codes of the contract in DESIGN.md. */
enum {
  EXIT_OK = 0,
  EXIT_USAGE = 1,
  EXIT_INPUT = 2,
  EXIT_CONFLICTS = 3,
};

typedef struct
{
  const char *name;
  const char *usage;
  const char *summary;
  int       (*run) (int argc, char **argv);
  const GOptionEntry *entries;
} Command;

/* Options, as parsed for the command being run. */
extern char *opt_sidecar;
extern char *opt_checklist;
extern char *opt_password;
extern char *opt_format;
extern char *opt_item;
extern char *opt_assessment;
extern char *opt_quote;
extern char *opt_note;
extern char *opt_author;
extern char *opt_output;
extern int opt_page;
extern char *opt_pages;
extern gboolean opt_force;
extern char *opt_language;
extern const GOptionEntry common_entries[];

/* Prints "FILE: message" on stderr (FILE may be NULL). */
void fail (const char *file,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

char *display_name (const char *path);

CmDocument *open_document (const char *path);

CmOcrLayer *load_ocr_layer (CmDocument *document);

CmTextIndex *open_index (CmDocument *document,
                         const char *path);

CmChecklist *open_checklist (void);

CmStore *open_store (void);

GFile *sidecar_file (const char *pdf_path);

CmReview *load_review (CmStore    *store,
                       GFile      *sidecar,
                       CmDocument *document);

/* FALSE, with the reason on stderr, when REVIEW was made against another
 * checklist than CHECKLIST: its items would not be found, or a second
 * checklist's would be mixed in. */
gboolean review_uses_checklist (CmReview    *review,
                                CmChecklist *checklist,
                                const char  *pdf_path);

gboolean save_review (CmStore  *store,
                      CmReview *review,
                      GFile    *sidecar);

gboolean parse_assessment (CmAssessment *assessment,
                           const char   *pdf_path);

gboolean check_item (CmChecklist *checklist,
                     const char  *pdf_path);

void reanchor_review (CmReview    *review,
                      CmTextIndex *index,
                      guint        counts[CM_ANCHOR_STATE_ORPHANED + 1]);

gboolean adopt_document (CmReview    *review,
                         CmDocument  *document,
                         CmTextIndex *index,
                         const char  *path);

char *document_title (CmDocument  *document,
                      CmTextIndex *index);

/* cm-cli-review.c */
int cmd_info (int    argc,
              char **argv);
void print_checklist_json (CmChecklist *checklist);
int cmd_checklist (int    argc,
                   char **argv);
char *format_pages (GArray *matches);
guint count_pages (GArray *matches);
int cmd_tag (int    argc,
             char **argv);
int cmd_untag (int    argc,
               char **argv);
int cmd_verdict (int    argc,
                 char **argv);
void append_tsv_field (GString    *out,
                       const char *text);
void append_annotation_json (GString      *out,
                             CmAnnotation *annotation);
int cmd_list (int    argc,
              char **argv);
int cmd_status (int    argc,
                char **argv);

/* cm-cli-exchange.c */
int cmd_validate (int    argc,
                  char **argv);
int cmd_plugins (int    argc,
                 char **argv);
CmReview *read_sidecar_argument (CmStore    *store,
                                 const char *path,
                                 gboolean    empty_is_null,
                                 gboolean   *failed);
int cmd_merge (int    argc,
               char **argv);
int cmd_agreement (int    argc,
                   char **argv);
int cmd_import (int    argc,
                char **argv);
char *list_exporters (void);
int cmd_export (int    argc,
                char **argv);

/* cm-cli-analysis.c */
int cmd_suggest (int    argc,
                 char **argv);
GArray *parse_page_list (const char *list,
                         guint       n_pages);
void print_ocr_progress (guint    done,
                         guint    total,
                         guint    page,
                         gpointer user_data);
int cmd_ocr (int    argc,
             char **argv);
int cmd_compare (int    argc,
                 char **argv);

G_END_DECLS
