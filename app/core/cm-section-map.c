/* cm-section-map.c: finds section headings and subsection markers in an ordinance's text, and labels offsets. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cm-section-map.h"

/* Statutes number their parts two ways, and we read both: headings that
 * open a line (`SEC. 12H.2.`, `2-173-020 Title.`, `§ 24-211.07.`, `7284.6.`),
 * and nested subsection markers, `(a)(1)(A)(i)`, that open a line (a code
 * book's indented layout) or a sentence (a bill's run-in paragraphs). A
 * marker only counts when its value continues the numbering around it, which
 * is what tells "(4) The individual" apart from "paragraph (4) of". */

typedef enum
{
  MARKER_LOWER,    /* (a), (b), … (aa) */
  MARKER_DIGIT,    /* (1), (2), … */
  MARKER_UPPER,    /* (A), (B), … (AA) */
  MARKER_ROMAN,    /* (i), (ii), … */
  N_MARKER_CLASSES
} MarkerClass;

typedef struct
{
  MarkerClass  klass;
  guint        ordinal;
  char        *text;
} Level;

typedef struct
{
  guint  offset;
  guint  section;      /* index into sections */
  char  *path;         /* "(a)(1)(B)", or "" for the heading itself */
} Entry;

struct _CmSectionMap
{
  GObject     parent_instance;

  GArray     *sections;     /* CmSection; number and title owned here */
  GArray     *entries;      /* Entry, by offset */
  GArray     *boundaries;   /* guint, by offset */
};

G_DEFINE_FINAL_TYPE (CmSectionMap, cm_section_map, G_TYPE_OBJECT)

static void
clear_section (gpointer data)
{
  CmSection *section = data;

  g_free ((char *) section->number);
  g_free ((char *) section->title);
}

static void
clear_entry (gpointer data)
{
  g_free (((Entry *) data)->path);
}

static void
cm_section_map_finalize (GObject *object)
{
  CmSectionMap *self = CM_SECTION_MAP (object);

  g_clear_pointer (&self->sections, g_array_unref);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->boundaries, g_array_unref);

  G_OBJECT_CLASS (cm_section_map_parent_class)->finalize (object);
}

static void
cm_section_map_class_init (CmSectionMapClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cm_section_map_finalize;
}

static void
cm_section_map_init (CmSectionMap *self)
{
  self->sections = g_array_new (FALSE, TRUE, sizeof (CmSection));
  g_array_set_clear_func (self->sections, clear_section);
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, clear_entry);
  self->boundaries = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* Scanning ------------------------------------------------------------- */

typedef struct
{
  const char *text;        /* start of the line, not NUL-terminated */
  gsize       length;      /* bytes */
  guint       offset;      /* character offset of the line's first byte */
  guint       n_chars;
  guint       page;        /* 0-based count of form feeds before it */
} Line;

typedef struct
{
  CmSectionMap *self;
  GRegex       *sec_regex;
  GRegex       *symbol_regex;
  GRegex       *hyphen_regex;
  GRegex       *dotted_regex;
  GRegex       *article_regex;
  GRegex       *trailing_regex;
  GArray       *stack;       /* Level */
  gboolean      in_section;
} Scanner;

static void
clear_level (gpointer data)
{
  g_free (((Level *) data)->text);
}

/* "Section 7283." at a line start after "as provided in" is a reference;
 * after a sentence or a short (paragraph-final) line it is a heading. */
static gboolean
line_ends_paragraph (const Line *line,
                     guint       page_width)
{
  const char *end = line->text + line->length;

  while (end > line->text && g_ascii_isspace (end[-1]))
    end--;
  if (end == line->text)
    return TRUE;
  if (strchr (".:;)]", end[-1]) != NULL)
    return TRUE;
  return line->n_chars * 4 < page_width * 3;
}

static guint
char_offset (const Line *line,
             const char *at)
{
  return line->offset + (guint) g_utf8_strlen (line->text, at - line->text);
}

/* Ordinal of a marker's text within its class: a=1, z=26, aa=27; i=1, iv=4. */
static guint
roman_value (const char *text)
{
  guint total = 0;
  guint previous = 0;

  for (gssize i = (gssize) strlen (text) - 1; i >= 0; i--)
    {
      guint value = text[i] == 'i' ? 1 : text[i] == 'v' ? 5 : text[i] == 'x' ? 10 : text[i] == 'l' ? 50 : 0;

      if (value == 0)
        return 0;
      if (value < previous)
        total -= value;
      else
        total += value;
      previous = value;
    }
  return total;
}

static guint
letter_value (const char *text)
{
  gsize n = strlen (text);

  /* "aa", "ab": the second alphabet, as bills number past "z". */
  if (n == 1)
    return (guint) (g_ascii_tolower (text[0]) - 'a' + 1);
  if (n == 2)
    return 26 * (guint) (g_ascii_tolower (text[0]) - 'a' + 1) + (guint) (g_ascii_tolower (text[1]) - 'a' + 1);
  return 0;
}

static gint
find_level (GArray      *stack,
            MarkerClass  klass)
{
  for (guint i = 0; i < stack->len; i++)
    if (g_array_index (stack, Level, i).klass == klass)
      return (gint) i;
  return -1;
}

/* Classifies TEXT (the inside of the parentheses) against the open levels,
 * and checks that it continues their numbering. */
static gboolean
classify_marker (GArray      *stack,
                 const char  *text,
                 MarkerClass *klass,
                 guint       *ordinal)
{
  gsize n = strlen (text);
  gboolean all_digits = TRUE, all_lower = TRUE, all_upper = TRUE, all_roman = TRUE;
  gint level;

  if (n == 0 || n > 4)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      all_digits &= g_ascii_isdigit (*p);
      all_lower &= g_ascii_islower (*p);
      all_upper &= g_ascii_isupper (*p);
      all_roman &= strchr ("ivxl", *p) != NULL;
    }

  if (all_digits && n <= 3)
    {
      *klass = MARKER_DIGIT;
      *ordinal = (guint) g_ascii_strtoull (text, NULL, 10);
    }
  else if (all_upper && n <= 2)
    {
      *klass = MARKER_UPPER;
      *ordinal = letter_value (text);
    }
  else if (all_lower)
    {
      gint lower = find_level (stack, MARKER_LOWER);
      gboolean continues_letters = FALSE;

      if (lower >= 0 && n == 1)
        {
          Level *open = &g_array_index (stack, Level, lower);
          continues_letters = letter_value (text) == open->ordinal + 1;
        }
      /* "(i)" after "(h)" is a letter; after "(B)" it opens roman numerals. */
      if (all_roman && !continues_letters)
        {
          *klass = MARKER_ROMAN;
          *ordinal = roman_value (text);
        }
      else if (n <= 2)
        {
          *klass = MARKER_LOWER;
          *ordinal = letter_value (text);
        }
      else
        return FALSE;
    }
  else
    return FALSE;

  if (*ordinal == 0)
    return FALSE;
  level = find_level (stack, *klass);
  if (level < 0)
    return *ordinal == 1;
  /* Allow small gaps: retrieved texts drop paragraphs now and then. */
  {
    guint open = g_array_index (stack, Level, level).ordinal;
    return *ordinal > open && *ordinal <= open + 3;
  }
}

static void
add_entry (Scanner *scanner,
           guint    offset)
{
  CmSectionMap *self = scanner->self;
  g_autoptr(GString) path = g_string_new (NULL);
  Entry entry;

  for (guint i = 0; i < scanner->stack->len; i++)
    g_string_append_printf (path, "(%s)", g_array_index (scanner->stack, Level, i).text);
  entry.offset = offset;
  entry.section = self->sections->len - 1;
  entry.path = g_string_free (g_steal_pointer (&path), FALSE);
  g_array_append_val (self->entries, entry);
  g_array_append_val (self->boundaries, offset);
}

static void
push_marker (Scanner     *scanner,
             MarkerClass  klass,
             guint        ordinal,
             const char  *text)
{
  gint level = find_level (scanner->stack, klass);
  Level open = { klass, ordinal, g_strdup (text) };

  if (level >= 0)
    g_array_set_size (scanner->stack, (guint) level);
  g_array_append_val (scanner->stack, open);
}

static gboolean
word_is_one_of (const char         *word,
                gsize               length,
                const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strlen (words[i]) == length && g_ascii_strncasecmp (word, words[i], length) == 0)
      return TRUE;
  return FALSE;
}

/* Words after which "(4)" is a cross-reference, not a new paragraph. */
static const char * const reference_words[] = {
  "paragraph", "paragraphs", "subparagraph", "subparagraphs", "subdivision", "subdivisions",
  "subsection", "subsections", "section", "sections", "clause", "clauses", "to",
  "of", "in", "under", "through", "item", "items", NULL
};

/* Words that cannot start a paragraph's text: "(4) of subdivision (a)". */
static const char * const continuation_words[] = {
  "of", "and", "or", "to", "through", "inclusive", "is", "are", "shall", "was", NULL
};

/* Reads "(x)" at P (within the line's END): the inside in TEXT, and the
 * position after it. */
static gboolean
read_marker (const char  *p,
             const char  *end,
             char         text[8],
             const char **after)
{
  const char *q = p + 1;
  gsize n = 0;

  if (p >= end || *p != '(')
    return FALSE;
  while (q < end && g_ascii_isalnum (*q) && n < 6)
    text[n++] = *q++;
  text[n] = '\0';
  if (q >= end || *q != ')' || n == 0)
    return FALSE;
  q++;
  /* A marker stands alone: "(a) No agent", "(d)" at a line end, "(c) (1)". */
  if (q < end && *q != ' ' && *q != '\t' && *q != '(')
    return FALSE;
  *after = q;
  return TRUE;
}

static gboolean
next_word_continues (const char *p,
                     const char *end)
{
  const char *word;

  while (p < end && *p == ' ')
    p++;
  if (p < end && strchr (",.;)", *p) != NULL)
    return TRUE;
  word = p;
  while (p < end && g_ascii_isalpha (*p))
    p++;
  /* Case matters: "(A) Is 18 years of age" opens a paragraph. */
  return word < p && g_ascii_islower (*word)
    && word_is_one_of (word, (gsize) (p - word), continuation_words);
}

/* The last word of LINE, for the cross-reference test. */
static gboolean
line_ends_with_reference (const Line *line)
{
  const char *end = line->text + line->length;
  const char *start;

  while (end > line->text && g_ascii_isspace (end[-1]))
    end--;
  start = end;
  while (start > line->text && g_ascii_isalpha (start[-1]))
    start--;
  return start < end && word_is_one_of (start, (gsize) (end - start), reference_words);
}

/* Finds markers in the line from P on. AT_START says whether P opens a
 * clause (a line start that may hold a marker, or the end of a heading). */
static void
scan_markers (Scanner    *scanner,
              const Line *line,
              const char *p,
              gboolean    at_start)
{
  const char *end = line->text + line->length;
  gboolean opens = at_start;

  while (p < end)
    {
      char text[8];
      const char *after;
      MarkerClass klass;
      guint ordinal;

      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      if (p >= end)
        break;

      if (opens && read_marker (p, end, text, &after)
          && !next_word_continues (after, end)
          && classify_marker (scanner->stack, text, &klass, &ordinal))
        {
          push_marker (scanner, klass, ordinal, text);
          add_entry (scanner, char_offset (line, p));
          p = after;
          continue;   /* "(c) (1) If": a marker may follow a marker */
        }

      /* Run to the next sentence end; a marker may follow it. */
      opens = FALSE;
      while (p < end)
        {
          char c = *p++;

          if ((c == '.' || c == ':' || c == ';') && p < end && *p == ' ')
            {
              opens = TRUE;
              break;
            }
        }
    }
}

static gboolean
valid_heading_path_part (const char *text)
{
  gsize n = strlen (text);
  gboolean digits = TRUE, lower = TRUE, upper = TRUE;

  for (const char *p = text; *p != '\0'; p++)
    {
      digits &= g_ascii_isdigit (*p);
      lower &= g_ascii_islower (*p);
      upper &= g_ascii_isupper (*p);
    }
  return (digits && n <= 3) || (lower && n <= 3) || (upper && n <= 2);
}

/* Opens a section; PATH ("(b)" of "Section 4(b)") seeds the marker levels. */
static void
open_section (Scanner    *scanner,
              guint       offset,
              const char *number,
              const char *path,
              const char *title)
{
  CmSectionMap *self = scanner->self;
  CmSection section = { 0 };

  if (self->sections->len > 0)
    g_array_index (self->sections, CmSection, self->sections->len - 1).end = offset;
  section.start = offset;
  section.number = g_strdup (number);
  section.title = g_strstrip (g_strdup (title));
  g_array_append_val (self->sections, section);
  g_array_set_size (scanner->stack, 0);
  scanner->in_section = TRUE;

  for (const char *p = path; p != NULL && *p == '('; )
    {
      const char *close = strchr (p, ')');
      g_autofree char *part = NULL;
      MarkerClass klass = MARKER_LOWER;
      guint ordinal = 0;

      if (close == NULL)
        break;
      part = g_strndup (p + 1, (gsize) (close - p - 1));
      if (!valid_heading_path_part (part))
        break;
      classify_marker (scanner->stack, part, &klass, &ordinal);
      if (ordinal > 0)
        push_marker (scanner, klass, ordinal, part);
      p = close + 1;
    }
  add_entry (scanner, offset);
}

/* "Texas Government Code Sec. 752.053.": a title-case line naming a section. */
static gboolean
is_title_case (const char *text,
               const char *end)
{
  static const char * const small[] = { "of", "and", "the", "for", "on", "to", "in", NULL };
  const char *p = text;

  while (p < end)
    {
      const char *word;

      while (p < end && *p == ' ')
        p++;
      word = p;
      while (p < end && *p != ' ')
        p++;
      if (word < p && !g_ascii_isupper (*word) && !g_ascii_isdigit (*word) && *word != '\xc2'
          && !word_is_one_of (word, (gsize) (p - word), small))
        return FALSE;
    }
  return TRUE;
}

/* g_regex_match, dropping the GMatchInfo of an earlier failed attempt. */
static gboolean
try_match (GRegex      *regex,
           const char  *text,
           GMatchInfo **info)
{
  g_clear_pointer (info, g_match_info_free);
  return g_regex_match (regex, text, 0, info);
}

/* Tries the heading forms on LINE; on success opens the section and returns
 * where the heading's number ends. */
static const char *
match_heading (Scanner    *scanner,
               const Line *line,
               const char *start)
{
  const char *end = line->text + line->length;
  g_autofree char *copy = g_strndup (start, (gsize) (end - start));
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *number = NULL;
  g_autofree char *path = NULL;
  int match_end = 0;
  const char *rest;

  gboolean symbol = FALSE;

  if (try_match (scanner->sec_regex, copy, &info)
      || (symbol = try_match (scanner->symbol_regex, copy, &info)))
    {
      gboolean path_given;

      number = g_match_info_fetch (info, 1);
      path = g_match_info_fetch (info, 2);
      g_match_info_fetch_pos (info, 0, NULL, &match_end);
      rest = copy + match_end;
      path_given = path != NULL && *path != '\0';
      /* "SEC. 2." or "§ 24-211.07." or a bare "Section 4(b)"; not
       * "Section 7282 of the Government Code". */
      if (!((rest[0] == '.' && (rest[1] == ' ' || rest[1] == '\0'))
            || rest[0] == ':' || rest[0] == '\0'
            || (rest[0] == ' ' && (path_given || symbol) && g_ascii_isupper (rest[1]))))
        return NULL;
      if (rest[0] == '.' || rest[0] == ':')
        rest++;
    }
  else if (try_match (scanner->hyphen_regex, copy, &info)
           || try_match (scanner->dotted_regex, copy, &info)
           || try_match (scanner->article_regex, copy, &info))
    {
      number = g_match_info_fetch (info, 1);
      g_match_info_fetch_pos (info, 0, NULL, &match_end);
      rest = copy + match_end;
    }
  else if (line->n_chars <= 80 && try_match (scanner->trailing_regex, copy, &info))
    {
      int number_start = 0;

      g_match_info_fetch_pos (info, 0, &number_start, NULL);
      if (!is_title_case (copy, copy + number_start))
        return NULL;
      number = g_match_info_fetch (info, 1);
      rest = copy + strlen (copy);
    }
  else
    return NULL;

  open_section (scanner, char_offset (line, start), number, path,
                rest[0] == ' ' && rest[1] == '(' ? "" : rest);
  return start + (rest - copy);
}

/* "CHAPTER 17.25. Cooperation with Immigration Authorities": a title line
 * above sections, after which a heading may follow without a full stop. */
static gboolean
is_division_title (const Line *line)
{
  static const char * const words[] = { "CHAPTER ", "ARTICLE ", "TITLE ", "PART ", "DIVISION ", NULL };
  const char *p = line->text;
  const char *end = line->text + line->length;

  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  for (guint i = 0; words[i] != NULL; i++)
    if ((gsize) (end - p) > strlen (words[i]) && strncmp (p, words[i], strlen (words[i])) == 0)
      return TRUE;
  return FALSE;
}

static int
compare_uints (const void *a,
               const void *b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
scan_text (CmSectionMap *self,
           const char   *text)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (Line));
  g_autoptr(GArray) page_widths = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Level));
  Scanner scanner = { self };
  const char *p = text;
  guint offset = 0;
  guint page = 0;
  gboolean previous_heading = FALSE;
  gboolean previous_after_break = FALSE;

/* No G_REGEX_OPTIMIZE: PCRE2's JIT saves nothing measurable here (0.44 vs
 * 0.51 s on 300 pages, within noise) and its generated code makes valgrind
 * report false uninitialised reads, hiding real ones. */
#define NUM "([0-9][0-9A-Za-z]*(?:[.\\-][0-9A-Za-z]+)*)"
  scanner.sec_regex = g_regex_new ("^(?:SECTION|Section|SEC\\.|Sec\\.)\\s*" NUM "((?:\\([0-9A-Za-z]{1,4}\\))*)",
                                   0, 0, NULL);
  scanner.symbol_regex = g_regex_new ("^§+\\s*" NUM "((?:\\([0-9A-Za-z]{1,6}\\))*)",
                                      0, 0, NULL);
  scanner.hyphen_regex = g_regex_new ("^([0-9]+[A-Za-z]?(?:-[0-9]+[A-Za-z]?)+(?:\\.[0-9]+[A-Za-z]?)*)\\.?(?=\\s+[A-Z])",
                                      0, 0, NULL);
  scanner.dotted_regex = g_regex_new ("^([0-9]{2,}[A-Z]?(?:\\.[0-9]+[A-Za-z]?)*)\\.(?=\\s+[A-Z(“\"])",
                                      0, 0, NULL);
  scanner.article_regex = g_regex_new ("^(?:ARTICLE|Article|Art\\.)\\s+" NUM "\\.?(?=\\s|$)",
                                       0, 0, NULL);
  scanner.trailing_regex = g_regex_new ("(?:Sec\\.|Section|Art\\.|Article|§)\\s*" NUM "\\.?\\s*$",
                                        0, 0, NULL);
#undef NUM
  g_array_set_clear_func (stack, clear_level);
  scanner.stack = stack;

  /* Lines, and the widest line of each page (to spot paragraph ends). */
  while (*p != '\0')
    {
      Line line = { p, 0, offset, 0, page };

      while (*p != '\0' && *p != '\n' && *p != '\f')
        {
          p = g_utf8_next_char (p);
          line.n_chars++;
        }
      line.length = (gsize) (p - line.text);
      g_array_append_val (lines, line);
      offset += line.n_chars;
      if (*p == '\0')
        break;
      if (*p == '\f')
        page++;
      p++;
      offset++;
    }

  /* A page's text width: the upper quartile of its line lengths, since a
   * few lines run long (two joined at a page break, a wide table row). */
  g_array_set_size (page_widths, page + 1);
  for (guint i = 0, first = 0; i <= lines->len; i++)
    {
      if (i < lines->len && g_array_index (lines, Line, i).page == g_array_index (lines, Line, first).page)
        continue;
      {
        g_autofree guint *lengths = g_new (guint, i - first + 1);
        guint n = i - first;

        for (guint k = 0; k < n; k++)
          lengths[k] = g_array_index (lines, Line, first + k).n_chars;
        qsort (lengths, n, sizeof (guint), compare_uints);
        if (n > 0)
          g_array_index (page_widths, guint, g_array_index (lines, Line, first).page) = lengths[n * 3 / 4];
      }
      first = i;
    }

  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      const char *start = line->text;
      const char *end = line->text + line->length;
      gboolean after_break = TRUE;
      const char *heading_end;

      while (start < end && (*start == ' ' || *start == '\t'))
        start++;
      if (start == end)
        continue;
      if (i > 0)
        {
          const Line *previous = &g_array_index (lines, Line, i - 1);
          /* A title may wrap onto a second line in a narrow column. */
          after_break = previous_heading || is_division_title (previous)
            || (i > 1 && is_division_title (&g_array_index (lines, Line, i - 2)))
            || (line_ends_paragraph (previous, g_array_index (page_widths, guint, previous->page))
                && !line_ends_with_reference (previous));
        }

      heading_end = after_break ? match_heading (&scanner, line, start) : NULL;
      if (heading_end == NULL && i > 0 && previous_after_break && !previous_heading)
        {
          /* A heading that wraps in a narrow column ("Texas Government
           * Code Sec." over "752.053."): read the two lines as one; the
           * newline between them is one character, as the space is. */
          const Line *previous = &g_array_index (lines, Line, i - 1);
          const char *previous_start = previous->text;

          while (*previous_start == ' ' || *previous_start == '\t')
            previous_start++;
          if (is_title_case (previous_start, previous->text + previous->length) &&
              previous->offset + previous->n_chars + 1 == line->offset)
            {
              g_autofree char *joined_text = g_strdup_printf ("%.*s %.*s", (int) previous->length, previous->text,
                                                       (int) line->length, line->text);
              Line joined = { joined_text, strlen (joined_text), previous->offset, previous->n_chars + 1 + line->n_chars,
                              line->page };

              heading_end = match_heading (&scanner, &joined, joined_text + (previous_start - previous->text));
              if (heading_end != NULL)
                {
                  previous_after_break = after_break;
                  previous_heading = TRUE;
                  scan_markers (&scanner, &joined, heading_end, TRUE);
                  continue;
                }
            }
        }
      previous_after_break = after_break;
      previous_heading = heading_end != NULL;
      if (heading_end != NULL)
        {
          scan_markers (&scanner, line, heading_end, TRUE);
          continue;
        }
      if (!scanner.in_section)
        continue;
      /* A marker opening a line counts unless the line before ends in
       * "paragraph" or the like. */
      scan_markers (&scanner, line, start,
                    after_break || i == 0
                    || !line_ends_with_reference (&g_array_index (lines, Line, i - 1)));
    }

  if (self->sections->len > 0)
    g_array_index (self->sections, CmSection, self->sections->len - 1).end = offset;

  g_regex_unref (scanner.sec_regex);
  g_regex_unref (scanner.symbol_regex);
  g_regex_unref (scanner.hyphen_regex);
  g_regex_unref (scanner.dotted_regex);
  g_regex_unref (scanner.article_regex);
  g_regex_unref (scanner.trailing_regex);
}

/* Public API ----------------------------------------------------------- */

CmSectionMap *
cm_section_map_new (CmTextIndex *index)
{
  CmSectionMap *self;

  g_return_val_if_fail (CM_IS_TEXT_INDEX (index), NULL);

  self = g_object_new (CM_TYPE_SECTION_MAP, NULL);
  scan_text (self, cm_text_index_get_text (index));
  return self;
}

guint
cm_section_map_get_n_sections (CmSectionMap *self)
{
  g_return_val_if_fail (CM_IS_SECTION_MAP (self), 0);
  return self->sections->len;
}

const CmSection *
cm_section_map_get_section (CmSectionMap *self,
                            guint         n)
{
  g_return_val_if_fail (CM_IS_SECTION_MAP (self), NULL);
  g_return_val_if_fail (n < self->sections->len, NULL);
  return &g_array_index (self->sections, CmSection, n);
}

/* The last entry at or before OFFSET, or NULL. */
static const Entry *
entry_at (CmSectionMap *self,
          guint         offset)
{
  guint low = 0, high = self->entries->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (self->entries, Entry, middle).offset <= offset)
        low = middle + 1;
      else
        high = middle;
    }
  return low == 0 ? NULL : &g_array_index (self->entries, Entry, low - 1);
}

const CmSection *
cm_section_map_lookup (CmSectionMap *self,
                       guint         offset)
{
  const Entry *entry;

  g_return_val_if_fail (CM_IS_SECTION_MAP (self), NULL);

  entry = entry_at (self, offset);
  return entry ? &g_array_index (self->sections, CmSection, entry->section) : NULL;
}

char *
cm_section_map_get_section_at (CmSectionMap *self,
                               guint         offset)
{
  const Entry *entry;
  const CmSection *section;

  g_return_val_if_fail (CM_IS_SECTION_MAP (self), NULL);

  entry = entry_at (self, offset);
  if (entry == NULL)
    return NULL;
  section = &g_array_index (self->sections, CmSection, entry->section);
  return g_strdup_printf ("Sec. %s%s", section->number, entry->path);
}

const guint *
cm_section_map_get_boundaries (CmSectionMap *self,
                               guint        *n_boundaries)
{
  g_return_val_if_fail (CM_IS_SECTION_MAP (self), NULL);
  g_return_val_if_fail (n_boundaries != NULL, NULL);

  *n_boundaries = self->boundaries->len;
  return (const guint *) (gpointer) self->boundaries->data;
}
