/* cm-anchor.c: where an annotation points, and how it finds its text again when the PDF changes. */
#include "config.h"

#include "cm-anchor.h"

/* NOTE (lead): the value-type part of CmAnchor, written so the library links
 * while the text-index engineer finishes new_for_range() and resolve(). */

struct _CmAnchor
{
  guint          page;
  guint          start;
  guint          end;
  char          *exact;
  char          *prefix;
  char          *suffix;
  GArray        *rects;
  CmAnchorState  state;
};

G_DEFINE_BOXED_TYPE (CmAnchor, cm_anchor, cm_anchor_copy, cm_anchor_free)

CmAnchor *
cm_anchor_new (guint       page,
               guint       start,
               guint       end,
               const char *exact,
               const char *prefix,
               const char *suffix)
{
  CmAnchor *self = g_new0 (CmAnchor, 1);

  self->page = page;
  self->start = start;
  self->end = end;
  self->exact = g_strdup (exact ? exact : "");
  self->prefix = g_strdup (prefix ? prefix : "");
  self->suffix = g_strdup (suffix ? suffix : "");
  self->rects = g_array_new (FALSE, FALSE, sizeof (CmPageRect));
  self->state = CM_ANCHOR_STATE_UNRESOLVED;
  return self;
}

CmAnchor *
cm_anchor_new_for_range (CmTextIndex *index,
                         guint        start,
                         guint        end)
{
  g_autofree char *exact = cm_text_index_get_slice (index, start, end);
  g_autofree char *prefix = cm_text_index_get_slice (index, start > CM_ANCHOR_CONTEXT_LENGTH ? start - CM_ANCHOR_CONTEXT_LENGTH : 0, start);
  g_autofree char *suffix = cm_text_index_get_slice (index, end, MIN (end + CM_ANCHOR_CONTEXT_LENGTH, cm_text_index_get_length (index)));
  CmAnchor *self = cm_anchor_new (cm_text_index_get_page_at (index, start), start, end, exact, prefix, suffix);
  g_autoptr(GArray) rects = cm_text_index_get_rects (index, start, end);

  g_array_append_vals (self->rects, rects->data, rects->len);
  self->state = CM_ANCHOR_STATE_ANCHORED;
  return self;
}

CmAnchor *
cm_anchor_copy (const CmAnchor *self)
{
  CmAnchor *copy = cm_anchor_new (self->page, self->start, self->end, self->exact, self->prefix, self->suffix);

  g_array_append_vals (copy->rects, self->rects->data, self->rects->len);
  copy->state = self->state;
  return copy;
}

void
cm_anchor_free (CmAnchor *self)
{
  if (self == NULL)
    return;
  g_free (self->exact);
  g_free (self->prefix);
  g_free (self->suffix);
  g_array_unref (self->rects);
  g_free (self);
}

gboolean
cm_anchor_equal (const CmAnchor *a,
                 const CmAnchor *b)
{
  if (a->page != b->page || a->start != b->start || a->end != b->end
      || g_strcmp0 (a->exact, b->exact) != 0 || g_strcmp0 (a->prefix, b->prefix) != 0
      || g_strcmp0 (a->suffix, b->suffix) != 0 || a->rects->len != b->rects->len)
    return FALSE;
  for (guint i = 0; i < a->rects->len; i++)
    {
      const CmPageRect *x = &g_array_index (a->rects, CmPageRect, i);
      const CmPageRect *y = &g_array_index (b->rects, CmPageRect, i);

      /* The sidecar keeps two decimals. */
      if (x->page != y->page || ABS (x->x1 - y->x1) > 0.006 || ABS (x->y1 - y->y1) > 0.006
          || ABS (x->x2 - y->x2) > 0.006 || ABS (x->y2 - y->y2) > 0.006)
        return FALSE;
    }
  return TRUE;
}

guint
cm_anchor_get_page (const CmAnchor *self)
{
  return self->page;
}

guint
cm_anchor_get_start (const CmAnchor *self)
{
  return self->start;
}

guint
cm_anchor_get_end (const CmAnchor *self)
{
  return self->end;
}

const char *
cm_anchor_get_exact (const CmAnchor *self)
{
  return self->exact;
}

const char *
cm_anchor_get_prefix (const CmAnchor *self)
{
  return self->prefix;
}

const char *
cm_anchor_get_suffix (const CmAnchor *self)
{
  return self->suffix;
}

CmAnchorState
cm_anchor_get_state (const CmAnchor *self)
{
  return self->state;
}

const char *
cm_anchor_state_to_string (CmAnchorState state)
{
  switch (state)
    {
    case CM_ANCHOR_STATE_ANCHORED:
      return "anchored";
    case CM_ANCHOR_STATE_MOVED:
      return "moved";
    case CM_ANCHOR_STATE_FUZZY:
      return "fuzzy";
    case CM_ANCHOR_STATE_ORPHANED:
      return "orphaned";
    case CM_ANCHOR_STATE_UNRESOLVED:
    default:
      return "unresolved";
    }
}

GArray *
cm_anchor_get_rects (const CmAnchor *self)
{
  return self->rects;
}

void
cm_anchor_add_rect (CmAnchor         *self,
                    const CmPageRect *rect)
{
  g_array_append_val (self->rects, *rect);
}

CmAnchorState
cm_anchor_resolve (CmAnchor    *self,
                   CmTextIndex *index)
{
  g_autoptr(GArray) matches = cm_text_index_find (index, self->exact, 0);

  if (matches->len == 0)
    self->state = CM_ANCHOR_STATE_ORPHANED;
  else
    {
      CmTextMatch *match = &g_array_index (matches, CmTextMatch, 0);
      g_autoptr(GArray) rects = NULL;

      self->state = (match->start == self->start) ? CM_ANCHOR_STATE_ANCHORED : CM_ANCHOR_STATE_MOVED;
      self->start = match->start;
      self->end = match->end;
      self->page = match->page;
      rects = cm_text_index_get_rects (index, match->start, match->end);
      g_array_set_size (self->rects, 0);
      g_array_append_vals (self->rects, rects->data, rects->len);
    }
  return self->state;
}
