/* cm-section-map.h: where an ordinance's sections and subsections begin, and the section label of any offset. */
#pragma once

#include "cm-text-index.h"

G_BEGIN_DECLS

/* One section, from its heading to the next heading (or the end of the
 * text). Offsets are characters of the index text. */
typedef struct
{
  guint       start;
  guint       end;
  /* As printed, without "Sec." or "§": "2-173-020", "12H.2", "7284.6". */
  const char *number;
  /* The rest of the heading line ("Immigration enforcement prohibited."),
   * possibly "". */
  const char *title;
} CmSection;

#define CM_TYPE_SECTION_MAP (cm_section_map_get_type ())

G_DECLARE_FINAL_TYPE (CmSectionMap, cm_section_map, CM, SECTION_MAP, GObject)

/* Scans INDEX for headings (`SEC. 12H.2.`, `Sec. 2-173-042.`, `SECTION 3.`,
 * `§ 24-211.07.`, `2-173-020 Title.`, `7284.6.`, `Section 4(b)`) and for
 * subsection markers (`(a)`, `(1)`, `(A)`, `(ii)`) that open a line or a
 * sentence. Cheap: one pass over the text. */
CmSectionMap     *cm_section_map_new              (CmTextIndex  *index);

guint             cm_section_map_get_n_sections   (CmSectionMap *self);
/* (transfer none) the Nth section in document order. */
const CmSection  *cm_section_map_get_section      (CmSectionMap *self,
                                                   guint         n);
/* (transfer none) the section holding OFFSET, or NULL before the first
 * heading. */
const CmSection  *cm_section_map_lookup           (CmSectionMap *self,
                                                   guint         offset);
/* (transfer full) the label of the innermost subsection holding OFFSET,
 * e.g. "Sec. 2-173-020(a)(1)(B)", or NULL before the first heading. */
char             *cm_section_map_get_section_at   (CmSectionMap *self,
                                                   guint         offset);
/* (transfer none) the sorted offsets where a heading or a subsection
 * marker starts: places a clause never runs across. N_BOUNDARIES is set
 * to their number. */
const guint      *cm_section_map_get_boundaries   (CmSectionMap *self,
                                                   guint        *n_boundaries);

G_END_DECLS
