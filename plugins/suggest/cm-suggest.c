/* cm-suggest.c: the built-in "cues" analyzer: proposes, per checklist item, the clauses whose wording matches its cues. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include <clausemark.h>

/* How it works. The text is normalised once (ASCII lower case, curly quotes
 * straightened, line breaks and line-end hyphenation removed, whitespace
 * collapsed) with a map back to character offsets. It is cut into clauses:
 * sentences that never cross a section heading or a subsection marker (so
 * "(C) based upon an immigration detainer." is a clause of its own). Every
 * cue of every item is searched once over the whole text, and each hit
 * credited to its clause, so the cost grows with the text, not with
 * clauses × cues. A clause's score for an item grows with the distinct cues
 * it holds (long, specific cues count more than single common words), with
 * operative language ("shall not", "no agency or agent shall", inherited
 * from a lead-in such as "no agency or agent shall:"), with exception
 * language for items about exceptions, and in definitions; findings and
 * purpose sections count less, since they bind nobody. */

#define DEFAULT_THRESHOLD 0.5
#define MAX_PER_ITEM 3
/* Near-ties with an item's best clause are kept; weaker ones are noise. */
#define RELATIVE_CUTOFF 0.8
/* Sentences longer than this are cut at semicolons. */
#define LONG_CLAUSE 350
/* A cue this close to a clause's start names what the clause does. */
#define EARLY_BYTES 30
#define EARLY_BONUS 0.3
#define OPERATIVE_BONUS 0.4
#define RARITY_K 0.15
/* A clause is suggested for the items it is most about, not for every item
 * whose words it happens to mention. */
#define CLAUSE_CUTOFF 0.85
#define SECOND_CUTOFF 0.75

#define CM_TYPE_SUGGEST (cm_suggest_get_type ())

G_DECLARE_FINAL_TYPE (CmSuggest, cm_suggest, CM, SUGGEST, GObject)

struct _CmSuggest
{
  GObject parent_instance;

  double  threshold;
};

enum {
  PROP_0,
  PROP_THRESHOLD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void cm_suggest_analyzer_iface_init (CmAnalyzerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CmSuggest, cm_suggest, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CM_TYPE_ANALYZER, cm_suggest_analyzer_iface_init))

/* Normalised text ------------------------------------------------------ */

typedef struct
{
  GString *cased;      /* normalised, original case (for sentence starts) */
  char    *lower;      /* the same, ASCII lower case */
  GArray  *offsets;    /* guint per byte: character offset in the index text */
  guint   *positions;  /* per character offset: first byte at or after it */
  guint    n_chars;
} Normalized;

static void
normalized_clear (Normalized *norm)
{
  if (norm->cased != NULL)
    g_string_free (norm->cased, TRUE);
  g_free (norm->lower);
  if (norm->offsets != NULL)
    g_array_unref (norm->offsets);
  g_free (norm->positions);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Normalized, normalized_clear)

static void
push_byte (Normalized *norm,
           char        byte,
           guint       offset)
{
  g_string_append_c (norm->cased, byte);
  g_array_append_val (norm->offsets, offset);
}

static gboolean
last_is_space (Normalized *norm)
{
  return norm->cased->len == 0 || norm->cased->str[norm->cased->len - 1] == ' ';
}

static void
normalize_text (const char *text,
                guint       n_chars,
                Normalized *norm)
{
  const char *p = text;
  guint offset = 0;

  norm->cased = g_string_sized_new (strlen (text) + 1);
  norm->offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint), strlen (text) + 1);
  norm->positions = g_new (guint, n_chars + 1);
  norm->n_chars = n_chars;

  while (*p != '\0' && offset < n_chars)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      norm->positions[offset] = norm->cased->len;
      if (c == '\n' || c == '\f' || c == '\r' || c == '\t' || c == ' ' || c == 0xA0)
        {
          if (!last_is_space (norm))
            push_byte (norm, ' ', offset);
        }
      else if (c == '-' && (*next == '\n' || *next == '\f') && norm->cased->len > 0
               && g_ascii_isalpha (norm->cased->str[norm->cased->len - 1])
               && g_ascii_islower (next[1]))
        {
          /* "enforce-\nment": the line-end hyphen and the break vanish. */
          norm->positions[offset + 1] = norm->cased->len;
          offset += 2;
          p = next + 1;
          continue;
        }
      else if (c == 0x2018 || c == 0x2019 || c == 0x2032)
        push_byte (norm, '\'', offset);
      else if (c == 0x201C || c == 0x201D || c == 0x2033)
        push_byte (norm, '"', offset);
      else if (c == 0x2010 || c == 0x2011 || c == 0x2013 || c == 0x2014)
        push_byte (norm, '-', offset);
      else if (c == 0xFB01)
        {
          push_byte (norm, 'f', offset);
          push_byte (norm, 'i', offset);
        }
      else if (c == 0xFB02)
        {
          push_byte (norm, 'f', offset);
          push_byte (norm, 'l', offset);
        }
      else if (c < 0x80)
        push_byte (norm, (char) c, offset);
      else
        {
          /* Kept as it is, byte for byte, all mapped to one character. */
          for (const char *q = p; q < next; q++)
            push_byte (norm, *q, offset);
        }
      p = next;
      offset++;
    }
  for (; offset <= n_chars; offset++)
    norm->positions[offset] = norm->cased->len;
  /* One past the end maps to the end of the text. */
  g_array_append_val (norm->offsets, n_chars);
  norm->lower = g_ascii_strdown (norm->cased->str, (gssize) norm->cased->len);
}

/* Clauses -------------------------------------------------------------- */

typedef struct
{
  guint     begin;         /* bytes of the normalised text, [begin, end) */
  guint     end;
  gint      section;       /* index in the section map, or -1 */
  gboolean  operative;     /* "shall not" and the like, own or inherited */
  gboolean  duty;          /* a positive "shall" */
  gboolean  exception;     /* "except", "unless", … own or inherited */
  gboolean  definition;    /* defines a term */
  gboolean  purpose;       /* in a findings/purpose section */
  gboolean  heading;       /* a section's heading line: a title, not a rule */
} Clause;

static gboolean
contains (const char *haystack,
          gsize       length,
          const char *needle)
{
  return g_strstr_len (haystack, (gssize) length, needle) != NULL;
}

static const char * const operative_phrases[] = {
  "shall not", "may not", "must not", "shall never", "in no case shall", "is prohibited",
  "are prohibited", "shall be prohibited", "no agent or agency shall", "no agency or agent shall",
  "shall refrain", NULL
};

static const char * const exception_phrases[] = {
  "except", "unless", "notwithstanding", "convicted of", "only if", "provided that",
  "only under the following", "only for a conviction", NULL
};

static const char *
find_phrase (const char         *text,
             gsize               length,
             const char * const *phrases)
{
  for (guint i = 0; phrases[i] != NULL; i++)
    if (contains (text, length, phrases[i]))
      return phrases[i];
  return NULL;
}

/* "shall" that is not "shall not": a duty, whichever way it points. */
static gboolean
has_duty (const char *text,
          gsize       length)
{
  const char *p = text;
  const char *end = text + length;

  /* "shall " and the lead-in "shall:" alike. */
  while ((p = g_strstr_len (p, end - p, "shall")) != NULL)
    {
      p += 5;
      if (p < end && g_ascii_isalpha (*p))
        continue;
      if (!(p + 4 <= end && strncmp (p, " not", 4) == 0))
        return TRUE;
    }
  return FALSE;
}

static const char * const abbreviations[] = {
  "sec", "secs", "no", "nos", "art", "seq", "al", "ch", "coun", "p", "pp", "stat", "inc", "st",
  "vs", "v", "cf", "e.g", "i.e", "ann", "gov", "govt", "admin", "supp", "cir", "wl", "jr", "dr",
  "mr", "ms", "mrs", "subd", "para", "u.s", "u.s.c", "c.f.r", "d.c", "f", "sess", "reg", NULL
};

/* Whether the '.' at POSITION ends a sentence. */
static gboolean
is_sentence_end (const Normalized *norm,
                 guint             position)
{
  const char *lower = norm->lower;
  const char *cased = norm->cased->str;
  guint length = (guint) norm->cased->len;
  guint start = position;
  char next;

  if (position + 2 >= length || cased[position + 1] != ' ')
    return FALSE;
  next = cased[position + 2];
  if (!(g_ascii_isupper (next) || next == '(' || next == '"' || next == '\''))
    return FALSE;
  while (start > 0 && (g_ascii_isalpha (lower[start - 1]) || lower[start - 1] == '.'))
    start--;
  if (position - start == 1)
    return FALSE;   /* an initial: "J. Smith", "U.S." handled below */
  for (guint i = 0; abbreviations[i] != NULL; i++)
    if (strlen (abbreviations[i]) == position - start
        && strncmp (lower + start, abbreviations[i], position - start) == 0)
      return FALSE;
  return TRUE;
}

static void
add_clause (GArray           *clauses,
            const Normalized *norm,
            guint             begin,
            guint             end)
{
  const char *text = norm->lower;
  Clause clause = { 0 };

  /* Leading markers and spaces are not part of the quote. */
  for (;;)
    {
      while (begin < end && text[begin] == ' ')
        begin++;
      if (begin < end && text[begin] == '(')
        {
          guint q = begin + 1;

          while (q < end && q - begin <= 5 && g_ascii_isalnum (text[q]))
            q++;
          if (q < end && text[q] == ')' && q > begin + 1 && (q + 1 == end || text[q + 1] == ' '))
            {
              begin = q + 1;
              continue;
            }
        }
      break;
    }
  while (end > begin && text[end - 1] == ' ')
    end--;
  if (end - begin < 3)
    return;
  clause.begin = begin;
  clause.end = end;
  g_array_append_val (clauses, clause);
}

/* Cuts [begin, end) at sentence ends, and over-long sentences at "; ". */
static void
split_span (GArray           *clauses,
            const Normalized *norm,
            guint             begin,
            guint             end)
{
  guint start = begin;
  guint last_semicolon = 0;

  for (guint i = begin; i < end; i++)
    {
      char c = norm->cased->str[i];

      if (c == ';' && i + 1 < end && norm->cased->str[i + 1] == ' ')
        last_semicolon = i + 1;
      if (c == '.' && is_sentence_end (norm, i))
        {
          add_clause (clauses, norm, start, i + 1);
          start = i + 1;
          last_semicolon = 0;
        }
      else if (i - start > LONG_CLAUSE && last_semicolon > start + LONG_CLAUSE / 3)
        {
          add_clause (clauses, norm, start, last_semicolon);
          start = last_semicolon;
          last_semicolon = 0;
        }
    }
  add_clause (clauses, norm, start, end);
}

static gboolean
has_word (const char *text,
          const char *word)
{
  gsize n = strlen (word);

  for (const char *p = strstr (text, word); p != NULL; p = strstr (p + 1, word))
    if ((p == text || !g_ascii_isalnum (p[-1])) && !g_ascii_isalnum (p[n]))
      return TRUE;
  return FALSE;
}

static gboolean
section_is_purpose (const CmSection *section,
                    const char      *head,
                    gsize            length)
{
  g_autofree char *title = g_ascii_strdown (section->title, -1);

  /* Whole words: "Intentional collection" is no statement of intent. */
  return has_word (title, "purpose") || has_word (title, "intent")
    || has_word (title, "findings") || has_word (title, "finds")
    || contains (head, length, "finds and declares") || contains (head, length, "council finds")
    || contains (head, length, "legislature finds");
}

static gboolean
section_is_definitions (const CmSection *section,
                        const char      *head,
                        gsize            length)
{
  g_autofree char *title = g_ascii_strdown (section->title, -1);

  return strstr (title, "definition") != NULL
    || contains (head, length, "following terms have")
    || contains (head, length, "following meanings")
    || contains (head, length, "as used in this");
}

/* A clause ending in ':' and the subsection it governs. */
typedef struct
{
  char     *label;
  gboolean  operative;
  gboolean  exception;
  gboolean  duty;
} Lead;

static void
lead_free (gpointer data)
{
  Lead *lead = data;

  g_free (lead->label);
  g_free (lead);
}

static GArray *
find_clauses (const Normalized *norm,
              CmSectionMap     *map)
{
  GArray *clauses = g_array_new (FALSE, FALSE, sizeof (Clause));
  guint n_boundaries = 0;
  const guint *boundaries = cm_section_map_get_boundaries (map, &n_boundaries);
  guint length = (guint) norm->cased->len;
  guint start = 0;
  g_autofree gboolean *purpose = NULL;
  g_autofree gboolean *definitions = NULL;
  guint n_sections = cm_section_map_get_n_sections (map);
  gint lead_section = -2;
  g_autoptr(GPtrArray) leads = g_ptr_array_new_with_free_func (lead_free);

  for (guint i = 0; i <= n_boundaries; i++)
    {
      guint cut = i < n_boundaries ? norm->positions[MIN (boundaries[i], norm->n_chars)] : length;

      if (cut > start)
        split_span (clauses, norm, start, cut);
      start = MAX (start, cut);
    }

  /* What each section is, from its title and its first words. */
  purpose = g_new0 (gboolean, n_sections + 1);
  definitions = g_new0 (gboolean, n_sections + 1);
  for (guint i = 0; i < n_sections; i++)
    {
      const CmSection *section = cm_section_map_get_section (map, i);
      guint begin = norm->positions[MIN (section->start, norm->n_chars)];
      guint end = norm->positions[MIN (section->end, norm->n_chars)];
      gsize head = MIN (end - begin, 300);

      purpose[i] = section_is_purpose (section, norm->lower + begin, head);
      definitions[i] = section_is_definitions (section, norm->lower + begin, head);
    }

  for (guint i = 0; i < clauses->len; i++)
    {
      Clause *clause = &g_array_index (clauses, Clause, i);
      const char *text = norm->lower + clause->begin;
      gsize n = clause->end - clause->begin;
      guint offset = g_array_index (norm->offsets, guint, clause->begin);
      const CmSection *section = cm_section_map_lookup (map, offset);
      gboolean lead_in;

      /* Sections sit in one array, so a pointer gives the index. */
      clause->section = section != NULL ? (gint) (section - cm_section_map_get_section (map, 0)) : -1;
      clause->heading = section != NULL
        && norm->positions[MIN (section->start, norm->n_chars)] + 2 >= clause->begin;
      g_autofree char *label = cm_section_map_get_section_at (map, offset);

      if (clause->section != lead_section)
        {
          g_ptr_array_set_size (leads, 0);
          lead_section = clause->section;
        }

      clause->operative = find_phrase (text, n, operative_phrases) != NULL
        || (n > 3 && strncmp (text, "no ", 3) == 0 && contains (text, n, " shall "));
      clause->exception = find_phrase (text, n, exception_phrases) != NULL;
      clause->duty = !clause->operative && has_duty (text, n);
      clause->purpose = clause->section >= 0 && purpose[clause->section];
      clause->definition = (clause->section >= 0 && definitions[clause->section])
        || contains (text, n, "\" means") || contains (text, n, "\" includes");

      /* "(a) No agency or agent shall:" governs (a)(1), (a)(1)(A) and so
       * on, but not (b). */
      lead_in = n > 0 && (text[n - 1] == ':' || contains (text, n, "the following:"));
      if (lead_in && label != NULL)
        {
          Lead *lead = g_new0 (Lead, 1);

          lead->label = g_strdup (label);
          lead->operative = clause->operative;
          lead->exception = clause->exception;
          lead->duty = clause->duty;
          g_ptr_array_add (leads, lead);
        }
      /* Clauses come in document order, so a lead-in that does not
       * govern this clause governs none after it: dropping it keeps the
       * list as short as the nesting is deep. */
      for (guint l = leads->len; l > 0; l--)
        {
          Lead *lead = g_ptr_array_index (leads, l - 1);

          /* "(a)(1)" governs "(a)(1)(B)", not "(a)(10)". */
          if (label == NULL || !g_str_has_prefix (label, lead->label)
              || (label[strlen (lead->label)] != '\0' && label[strlen (lead->label)] != '('))
            g_ptr_array_remove_index (leads, l - 1);
        }
      for (guint l = 0; l < leads->len; l++)
        {
          Lead *lead = g_ptr_array_index (leads, l);

          clause->operative |= lead->operative;
          clause->exception |= lead->exception;
          clause->duty |= lead->duty;
        }
      if (clause->operative)
        clause->duty = FALSE;
      /* G_MESSAGES_DEBUG=all shows how the text was cut and read. */
      if (!g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN))
        g_debug ("clause %u [%u,%u) section %d%s%s%s%s%s: %.*s", i, clause->begin, clause->end,
                 clause->section, clause->operative ? " operative" : "", clause->duty ? " duty" : "",
                 clause->exception ? " exception" : "", clause->definition ? " definition" : "",
                 clause->purpose ? " purpose" : "", (int) MIN (n, 70), text);
    }
  return clauses;
}

/* Cues ----------------------------------------------------------------- */

typedef struct
{
  char      *label;      /* as the checklist wrote it */
  GPtrArray *parts;      /* phrases that must all occur in one clause */
  gboolean   stems;      /* parts are word stems (loose match) */
  double     weight;
  double     rarity;     /* 1 for a cue in few clauses, less for a common one */
} Cue;

static void
cue_free (gpointer data)
{
  Cue *cue = data;

  g_free (cue->label);
  g_ptr_array_unref (cue->parts);
  g_free (cue);
}

static char *
normalize_cue (const char *text)
{
  Normalized norm = { 0 };
  char *result;

  normalize_text (text, (guint) g_utf8_strlen (text, -1), &norm);
  result = g_strstrip (g_strdup (norm.lower));
  normalized_clear (&norm);
  return result;
}

static const char * const stop_words[] = {
  "the", "of", "or", "and", "a", "an", "in", "to", "any", "for", "by", "on", "with", "into", NULL
};

static gboolean
is_stop_word (const char *word)
{
  return g_strv_contains (stop_words, word);
}

/* A cue of one short common word says less than a phrase or a code. */
static double
cue_weight (const char *label,
            const char *normalized)
{
  gboolean phrase = strchr (normalized, ' ') != NULL;
  gboolean code = FALSE;
  gboolean acronym = TRUE;

  for (const char *p = label; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p) || *p == '(' || *p == '-')
        code = TRUE;
      if (g_ascii_islower (*p))
        acronym = FALSE;
    }
  if (phrase || code)
    return 1.0;
  if (acronym && strlen (label) >= 3)
    return 0.9;
  return strlen (normalized) >= 7 ? 0.6 : 0.45;
}

static void
add_cues (GPtrArray  *cues,
          const char *label)
{
  g_autofree char *normalized = normalize_cue (label);
  g_auto(GStrv) pieces = NULL;
  g_auto(GStrv) words = NULL;
  Cue *cue;
  guint content = 0;

  if (*normalized == '\0')
    return;

  /* The exact phrase; "release ... into federal custody" is two phrases. */
  cue = g_new0 (Cue, 1);
  cue->label = g_strdup (label);
  cue->parts = g_ptr_array_new_with_free_func (g_free);
  pieces = g_strsplit (normalized, "...", -1);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      g_strstrip (pieces[i]);
      if (*pieces[i] != '\0')
        g_ptr_array_add (cue->parts, g_strdup (pieces[i]));
    }
  cue->weight = cue_weight (label, normalized);
  g_ptr_array_add (cues, cue);

  /* "facility" also reads "facilities". */
  if (cue->parts->len == 1 && g_str_has_suffix (normalized, "y") && strlen (normalized) >= 4
      && g_ascii_isalpha (normalized[strlen (normalized) - 2])
      && strchr ("aeiou", normalized[strlen (normalized) - 2]) == NULL)
    {
      Cue *plural = g_new0 (Cue, 1);

      plural->label = g_strdup (label);
      plural->parts = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (plural->parts, g_strdup_printf ("%.*sies", (int) strlen (normalized) - 1, normalized));
      plural->weight = cue->weight;
      g_ptr_array_add (cues, plural);
    }

  /* And a looser form for long phrases: their content words, as stems, in
   * one clause ("assist the civil enforcement of federal immigration law"
   * answers "assist in the enforcement of federal immigration law"). */
  words = g_strsplit_set (normalized, " ,.;", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && !is_stop_word (words[i]))
      content++;
  if (content < 3 || strstr (normalized, "...") != NULL)
    return;
  cue = g_new0 (Cue, 1);
  cue->label = g_strdup (label);
  cue->parts = g_ptr_array_new_with_free_func (g_free);
  cue->stems = TRUE;
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && !is_stop_word (words[i]))
      g_ptr_array_add (cue->parts, g_strndup (words[i], 6));
  cue->weight = 0.75;
  g_ptr_array_add (cues, cue);
}

/* Matching ------------------------------------------------------------- */

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || (c & 0x80) != 0;
}

/* "transfer" matches "transfers" and "transferred"; "house" not "household". */
static gboolean
word_ends_at (const char *text,
              guint       position,
              guint       length,
              guint       cue_length)
{
  static const char * const suffixes[] = { "s", "es", "ed", "d", "ing", "ies", "red", "ring", NULL };

  if (position >= length || !is_word_char (text[position]))
    return TRUE;
  if (cue_length < 4)
    return FALSE;
  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      guint n = (guint) strlen (suffixes[i]);

      if (position + n <= length && strncmp (text + position, suffixes[i], n) == 0
          && (position + n == length || !is_word_char (text[position + n])))
        return TRUE;
    }
  return FALSE;
}

/* The clause holding byte POSITION (binary search), or -1. */
static gint
clause_at (GArray *clauses,
           guint   position)
{
  guint low = 0, high = clauses->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (clauses, Clause, middle).begin <= position)
        low = middle + 1;
      else
        high = middle;
    }
  if (low == 0)
    return -1;
  if (position >= g_array_index (clauses, Clause, low - 1).end)
    return -1;
  return (gint) low - 1;
}

/* Sets, for every clause, whether it holds every part of CUE, and whether
 * a part comes in its first words (EARLY). COUNTS is scratch space, one
 * byte per clause. */
static void
match_cue (const Normalized *norm,
           GArray           *clauses,
           const Cue        *cue,
           guint8           *counts,
           gboolean         *matched,
           gboolean         *early)
{
  const char *text = norm->lower;
  guint length = (guint) norm->cased->len;

  memset (counts, 0, clauses->len);
  memset (early, 0, sizeof (gboolean) * clauses->len);
  for (guint part = 0; part < cue->parts->len && part < 250; part++)
    {
      const char *needle = g_ptr_array_index (cue->parts, part);
      guint n = (guint) strlen (needle);
      const char *p = text;

      while ((p = memmem (p, length - (guint) (p - text), needle, n)) != NULL)
        {
          guint at = (guint) (p - text);
          gint clause;

          p++;
          if (at > 0 && is_word_char (text[at - 1]) && is_word_char (needle[0]))
            continue;
          if (!cue->stems && is_word_char (needle[n - 1]) && !word_ends_at (text, at + n, length, n))
            continue;
          clause = clause_at (clauses, at);
          if (clause < 0 || at + n > g_array_index (clauses, Clause, clause).end)
            continue;
          /* Counts distinct parts: only a clause that held every earlier
           * part moves on. */
          if (counts[clause] == part)
            counts[clause] = (guint8) (part + 1);
          /* "(5) transfer any person…": the cue is what the clause does. */
          if (at < g_array_index (clauses, Clause, clause).begin + EARLY_BYTES)
            early[clause] = TRUE;
        }
    }
  for (guint i = 0; i < clauses->len; i++)
    matched[i] = counts[i] == MIN (cue->parts->len, 250);
}

/* Scoring -------------------------------------------------------------- */

/* The weight of the cues in MASK, where a cue inside a longer matched one
 * ("transfer" in "transfer request") adds nothing of its own. */
static double
cue_total (GPtrArray *cues,
           guint32    mask)
{
  double total = 0.0;

  for (guint c = 0; c < cues->len && c < 32; c++)
    {
      const Cue *cue = g_ptr_array_index (cues, c);
      const char *text = g_ptr_array_index (cue->parts, 0);
      gboolean inside = FALSE;

      if ((mask & (1u << c)) == 0)
        continue;
      for (guint d = 0; d < cues->len && d < 32 && !inside && !cue->stems; d++)
        {
          const Cue *other = g_ptr_array_index (cues, d);

          inside = d != c && (mask & (1u << d)) != 0 && !other->stems && other->parts->len == 1
            && cue->parts->len == 1 && strlen (g_ptr_array_index (other->parts, 0)) > strlen (text)
            && strstr (g_ptr_array_index (other->parts, 0), text) != NULL;
        }
      if (!inside)
        total += cue->weight * cue->rarity;
    }
  return total;
}

typedef struct
{
  guint   clause;
  double  score;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a;
  const Candidate *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->clause < y->clause ? -1 : x->clause > y->clause;
}

/* Items that grade exceptions ("Conviction and charge exceptions kept
 * narrow") are told by their wording, so another checklist gets the same. */
static gboolean
item_is_about_exceptions (CmChecklistItem *item)
{
  g_autofree char *title = g_ascii_strdown (cm_checklist_item_get_title (item), -1);
  const char *question_text = cm_checklist_item_get_question (item);
  g_autofree char *question = g_ascii_strdown (question_text != NULL ? question_text : "", -1);

  return strstr (title, "exception") != NULL || strstr (title, "carve") != NULL
    || strstr (question, "exceptions") != NULL;
}

static double
score_clause (const Clause *clause,
              double        cue_total,
              gboolean      about_exceptions,
              GString      *reason)
{
  double raw = cue_total;
  double score;

  if (clause->operative)
    {
      raw += OPERATIVE_BONUS;
      if (reason != NULL)
        g_string_append (reason, "; operative language");
    }
  else if (clause->duty)
    {
      raw += 0.15;
      if (reason != NULL)
        g_string_append (reason, "; duty 'shall'");
    }
  if (about_exceptions && clause->exception)
    {
      raw += 0.4;
      if (reason != NULL)
        g_string_append (reason, "; exception language");
    }
  if (clause->definition)
    {
      raw += 0.15;
      if (reason != NULL)
        g_string_append (reason, "; definition");
    }
  score = 1.0 - exp (-raw);
  if (clause->purpose)
    {
      score *= 0.5;
      if (reason != NULL)
        g_string_append (reason, "; findings/purpose section, weighed down");
    }
  return score;
}

/* The clause as printed (curly quotes, accents and all), on one line:
 * line breaks become spaces and a word hyphenated across lines is joined. */
static char *
clause_quote (CmTextIndex *index,
              guint        start,
              guint        end)
{
  g_autofree char *slice = cm_text_index_get_slice (index, start, end);
  GString *quote = g_string_sized_new (strlen (slice));

  for (const char *p = slice; *p != '\0'; p++)
    {
      gboolean is_break = *p == '\n' || *p == '\f' || *p == '\r' || *p == '\t' || *p == ' ';

      if (*p == '-' && (p[1] == '\n' || p[1] == '\f') && g_ascii_islower (p[2])
          && quote->len > 0 && g_ascii_isalpha (quote->str[quote->len - 1]))
        {
          p++;
          continue;
        }
      if (is_break)
        {
          if (quote->len > 0 && quote->str[quote->len - 1] != ' ')
            g_string_append_c (quote, ' ');
          continue;
        }
      g_string_append_c (quote, *p);
    }
  while (quote->len > 0 && quote->str[quote->len - 1] == ' ')
    g_string_truncate (quote, quote->len - 1);
  return g_string_free (quote, FALSE);
}

static GPtrArray *
cm_suggest_analyze (CmAnalyzer    *analyzer,
                    CmTextIndex   *index,
                    CmChecklist   *checklist,
                    GCancellable  *cancellable,
                    GError       **error)
{
  CmSuggest *self = CM_SUGGEST (analyzer);
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_suggestion_free);
  g_autoptr(CmSectionMap) map = cm_section_map_new (index);
  g_autoptr(GArray) clauses = NULL;
  g_autoptr(GPtrArray) item_cues = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autofree guint8 *counts = NULL;
  g_autofree gboolean *matched = NULL;
  g_autofree gboolean *early = NULL;
  g_autofree gboolean *early_hits = NULL;
  g_autofree double *clause_second = NULL;
  g_autofree double *scores = NULL;
  g_autofree double *clause_best = NULL;
  g_autofree guint32 *masks = NULL;
  g_auto(Normalized) norm = { 0 };
  GPtrArray *items = cm_checklist_get_items (checklist);
  guint n_clauses;

  normalize_text (cm_text_index_get_text (index), cm_text_index_get_length (index), &norm);
  clauses = find_clauses (&norm, map);
  n_clauses = clauses->len;
  counts = g_malloc0 (n_clauses + 1);
  matched = g_new0 (gboolean, n_clauses + 1);
  early = g_new0 (gboolean, n_clauses + 1);
  early_hits = g_new0 (gboolean, n_clauses + 1);
  clause_second = g_new0 (double, n_clauses + 1);
  scores = g_new0 (double, (gsize) items->len * n_clauses + 1);
  masks = g_new0 (guint32, (gsize) items->len * n_clauses + 1);
  clause_best = g_new0 (double, n_clauses + 1);

  /* Every item's score for every clause. */
  for (guint i = 0; i < items->len; i++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, i);
      const char * const *labels = cm_checklist_item_get_cues (item);
      GPtrArray *cues = g_ptr_array_new_with_free_func (cue_free);
      gboolean about_exceptions = item_is_about_exceptions (item);
      guint32 *item_masks = masks + (gsize) i * n_clauses;
      double *item_scores = scores + (gsize) i * n_clauses;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_ptr_array_unref (cues);
          return NULL;
        }

      g_ptr_array_add (item_cues, cues);
      for (guint c = 0; labels != NULL && labels[c] != NULL; c++)
        add_cues (cues, labels[c]);
      memset (early_hits, 0, sizeof (gboolean) * n_clauses);

      for (guint c = 0; c < cues->len && c < 32; c++)
        {
          Cue *cue = g_ptr_array_index (cues, c);
          guint frequency = 0;

          match_cue (&norm, clauses, cue, counts, matched, early);
          /* A cue found in clause after clause ("immigration status" in a
           * whole chapter about it) tells less about each one. Counted per
           * hundred clauses, so a longer law is not penalised for length. */
          for (guint k = 0; k < n_clauses; k++)
            frequency += matched[k] ? 1 : 0;
          cue->rarity = 1.0 / (1.0 + RARITY_K * log (MAX (1.0, frequency * 100.0 / MAX (n_clauses, 1))));
          for (guint k = 0; k < n_clauses; k++)
            {
              gboolean seen = FALSE;

              if (!matched[k])
                continue;
              /* One cue counts once, whichever of its forms matched. */
              for (guint e = 0; e < c; e++)
                if ((item_masks[k] & (1u << e)) != 0
                    && g_str_equal (((Cue *) g_ptr_array_index (cues, e))->label, cue->label))
                  seen = TRUE;
              if (seen)
                continue;
              item_masks[k] |= 1u << c;
              /* Definitions start with the term they define, wherever
               * it is used; that is no sign of what a clause does. */
              if (early[k] && !g_array_index (clauses, Clause, k).definition)
                early_hits[k] = TRUE;
            }
        }

      for (guint k = 0; k < n_clauses; k++)
        if (item_masks[k] != 0)
          {
            double total = cue_total (cues, item_masks[k]) + (early_hits[k] ? EARLY_BONUS : 0.0);
            double score = score_clause (&g_array_index (clauses, Clause, k), total, about_exceptions, NULL);

            item_scores[k] = score;
            if (score > clause_best[k])
              {
                clause_second[k] = clause_best[k];
                clause_best[k] = score;
              }
            else if (score > clause_second[k])
              clause_second[k] = score;
          }
    }

  /* Per item, its best clauses, among those most about it. */
  for (guint i = 0; i < items->len; i++)
    {
      CmChecklistItem *item = g_ptr_array_index (items, i);
      GPtrArray *cues = g_ptr_array_index (item_cues, i);
      gboolean about_exceptions = item_is_about_exceptions (item);
      guint32 *item_masks = masks + (gsize) i * n_clauses;
      double *item_scores = scores + (gsize) i * n_clauses;
      g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
      double best = 0.0;
      guint kept = 0;

      for (guint k = 0; k < n_clauses; k++)
        {
          Candidate candidate = { k, item_scores[k] };

          /* A clause goes to its two best items, and to near ties. */
          if (candidate.score < self->threshold
              || (candidate.score < clause_best[k] * CLAUSE_CUTOFF
                  && (candidate.score < clause_second[k] || candidate.score < clause_best[k] * SECOND_CUTOFF))
              || g_array_index (clauses, Clause, k).heading)
            continue;
          g_array_append_val (candidates, candidate);
        }
      g_array_sort (candidates, compare_candidates);
      if (candidates->len > 0)
        best = g_array_index (candidates, Candidate, 0).score;

      for (guint k = 0; k < candidates->len && kept < MAX_PER_ITEM; k++)
        {
          const Candidate *candidate = &g_array_index (candidates, Candidate, k);
          const Clause *clause = &g_array_index (clauses, Clause, candidate->clause);
          guint start = g_array_index (norm.offsets, guint, clause->begin);
          guint end = g_array_index (norm.offsets, guint, clause->end - 1) + 1;
          g_autofree char *quote = NULL;
          g_autofree char *section = NULL;
          g_autoptr(GString) reason = g_string_new ("cues: ");
          gboolean first = TRUE;

          if (candidate->score < best * RELATIVE_CUTOFF)
            break;
          for (guint c = 0; c < cues->len && c < 32; c++)
            if ((item_masks[candidate->clause] & (1u << c)) != 0)
              {
                const Cue *cue = g_ptr_array_index (cues, c);

                g_string_append_printf (reason, "%s%s%s", first ? "" : ", ", cue->label,
                                        cue->stems ? " (loosely)" : "");
                first = FALSE;
              }
          score_clause (clause, 0.0, about_exceptions, reason);

          quote = clause_quote (index, start, end);
          section = cm_section_map_get_section_at (map, start);
          g_ptr_array_add (suggestions,
                           cm_suggestion_new (cm_checklist_item_get_id (item),
                                              cm_text_index_get_page_at (index, start),
                                              start, end, quote, section, candidate->score,
                                              reason->str));
          kept++;
        }
    }
  return g_steal_pointer (&suggestions);
}

/* GObject -------------------------------------------------------------- */

static const char *
cm_suggest_get_id (CmAnalyzer *analyzer)
{
  return "cues";
}

static const char *
cm_suggest_get_label (CmAnalyzer *analyzer)
{
  return _("Checklist cues");
}

static void
cm_suggest_analyzer_iface_init (CmAnalyzerInterface *iface)
{
  iface->get_id = cm_suggest_get_id;
  iface->get_label = cm_suggest_get_label;
  iface->analyze = cm_suggest_analyze;
}

static void
cm_suggest_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CmSuggest *self = CM_SUGGEST (object);

  switch (prop_id)
    {
    case PROP_THRESHOLD:
      g_value_set_double (value, self->threshold);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_suggest_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CmSuggest *self = CM_SUGGEST (object);

  switch (prop_id)
    {
    case PROP_THRESHOLD:
      self->threshold = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_suggest_class_init (CmSuggestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cm_suggest_get_property;
  object_class->set_property = cm_suggest_set_property;

  /* The lowest score a suggestion needs (0..1). */
  properties[PROP_THRESHOLD] =
    g_param_spec_double ("threshold", NULL, NULL, 0.0, 1.0, DEFAULT_THRESHOLD,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_suggest_init (CmSuggest *self)
{
  self->threshold = DEFAULT_THRESHOLD;
}

/* Module entry points ------------------------------------------------------ */

CM_DEFINE_PLUGIN_MODULE (CM_ANALYZER_EXTENSION_POINT, CM_TYPE_SUGGEST, "cues", 10)
