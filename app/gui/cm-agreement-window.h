/* cm-agreement-window.h: this review's verdicts against another reviewer's: the agreement, Cohen's kappa and each disagreement. */
#pragma once

#include <adwaita.h>
#include <clausemark.h>

G_BEGIN_DECLS

#define CM_TYPE_AGREEMENT_WINDOW (cm_agreement_window_get_type ())

G_DECLARE_FINAL_TYPE (CmAgreementWindow, cm_agreement_window, CM, AGREEMENT_WINDOW, AdwWindow)

/* Signals:
 *   "item-activated" (const char *item_id): the reviewer chose a
 *       disagreement; the main window opens that item in its checklist. */

/* Compares OURS (the live review, followed as it changes) with THEIRS,
 * read from THEIR_FILE. */
CmAgreementWindow *cm_agreement_window_new              (GtkWindow         *parent,
                                                         CmChecklist       *checklist,
                                                         CmReview          *ours,
                                                         CmReview          *theirs,
                                                         GFile             *their_file);
/* (transfer none) the agreement shown. */
CmAgreement       *cm_agreement_window_get_agreement    (CmAgreementWindow *self);
/* The disagreement rows listed, and the item each stands for. */
guint              cm_agreement_window_get_n_rows       (CmAgreementWindow *self);
const char        *cm_agreement_window_get_row_item_id  (CmAgreementWindow *self,
                                                         guint              index);
/* The texts shown at the top: "N of M items agree", and kappa with its reading. */
const char        *cm_agreement_window_get_summary      (CmAgreementWindow *self);
const char        *cm_agreement_window_get_kappa_text   (CmAgreementWindow *self);
/* Whether the two reviews are of PDFs with different contents (warned about). */
gboolean           cm_agreement_window_get_pdf_mismatch (CmAgreementWindow *self);

G_END_DECLS
