/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ingest_internal.h — what the modules of the parser share (not a public
 * API: callers use ingest.h). One parse is one `parser`; each module reads
 * and writes the parts its header comment names:
 *
 *   lines.c     text → lines; the features of each line; page numbers,
 *               running heads and watermarks
 *   roles.c     the role of each line from its own words (furniture,
 *               metadata, masthead, captions …) and from where it stands
 *               (titles, kickers, subtitles, captions before the body,
 *               footers, speeches, signatures)
 *   meta.c      the fields of metadata lines (date, source, author, editor)
 *   assemble.c  lines → segments (hard wraps undone) → articles
 *   datefind.c  the bulletin's date, ranked by where it was found
 *
 * Everything here is pure: no I/O, no globals. */
#ifndef BRIEF_INGEST_INTERNAL_H
#define BRIEF_INGEST_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/ingest.h"
#include "util/dates.h"
#include "util/sbuf.h"

/* A headline is at most this many code points: the seed's longest is 48. */
#define HEADLINE_MAX_CPS 60

/* A line as the parser sees it. */
typedef struct pline {
    const char *s;             /* trimmed text, inside the caller's buffer */
    size_t len;                /* bytes */
    size_t cps;                /* code points */
    size_t lineno;
    const ingest_line *in;     /* as the reader gave it (hints) */
    uint32_t first_cp, last_cp;
    unsigned char blank;       /* nothing left after trimming */
    unsigned char indented;    /* began with U+3000, a tab or two spaces */
    unsigned char page_before; /* a new page starts here */
    unsigned char punct;       /* holds sentence punctuation ,,。;;::??!! */
    unsigned char colons;      /* how many of those are colons */
    unsigned char letter;      /* holds an ideograph, kana, hangul or a letter */
    unsigned char final;       /* ends a sentence (。!?… before closers) */
    unsigned char dangling;    /* ends with 、 , ; : or an opening mark */
    unsigned char colon_end;   /* ends with a colon */
    unsigned char bracketed;   /* wholly inside brackets: "(完)" */
    unsigned char headlike;    /* headline-like: short, no sentence punctuation (see lines.c) */
    unsigned char role;        /* ingest_role; INGEST_ROLE_TEXT until a rule says otherwise */
    unsigned char pinned;      /* a profile set the role: later rules leave it */
    const char *rule;          /* the rule that gave the role */
    int seg;                   /* the segment holding it, or -1 */
} pline;

/* What a segment (one paragraph or headline, hard wraps undone) is, from
 * its own text. */
enum seg_kind {
    SEG_TEXT = 0,      /* a sentence, or part of one */
    SEG_HEADLINE,      /* headline-like */
    SEG_DASH,          /* headline-like and led by a dash: ——副标题 */
    SEG_SPEECH,        /* a speech's title: 在……上的讲话 */
    SEG_DATE,          /* a date alone: 2023年10月27日, (2019年8月19日) */
    SEG_BYLINE,        /* 本报记者 王某 通讯员 李某 */
    SEG_CAPTION,       /* …摄, 图为…, ▲… */
    SEG_LIST,          /* △…, 一、…, (一)…, 1. … */
    SEG_NAME           /* a person's name alone (a speaker) */
};

typedef struct segment {
    size_t first, last;        /* indices into parser.content, inclusive */
    size_t cps;
    unsigned char kind;        /* enum seg_kind */
    unsigned char final;       /* ends a sentence */
    unsigned char colon_end;   /* ends with a colon and is short: a paragraph of its own (同志们:) */
    unsigned char headlike;    /* headline-like (roles.c) */
    unsigned char cut;         /* ends on a full printed line that ends no sentence: the wrap cut it */
    unsigned char complete;    /* a paragraph of its own though it ends no sentence: a heading of web copy */
    unsigned char whole;       /* its reader ended the paragraph here (ingest_line.block_end) */
    unsigned char role;        /* ingest_role, once roles.c decided */
    const char *rule;
    const char *credit;        /* a credit cut off its end ("陈晓峰" of "…。(陈晓峰)"), or NULL */
    size_t credit_len;
    const char *photo;         /* a photographer's credit cut off its end ("□罗丹 摄"), a caption, or NULL */
    size_t photo_len;
} segment;

/* A date found in the text, with where it was found (datefind.c ranks). */
enum date_rank {
    DATE_PROFILE = 0,          /* a date the profile pointed at (ingest_line_role.date) */
    DATE_HEADLINE,             /* a date in an article's title: the 大事记 of a month */
    DATE_DATELINE,             /* a speech's date line, a notice's signature date, 【本刊訊 86.01】 */
    DATE_METADATA,             /* a masthead, a date line under the title, 发布时间: */
    DATE_STAMP,                /* 上傳日期:, 更新时间:, Last updated:, a document site's 发布 */
    DATE_FILENAME
};

typedef struct date_cand {
    dates_match when;
    int rank;                  /* enum date_rank */
    int sub;                   /* within a rank, lower wins (a masthead before a 发布时间:) */
    size_t line;               /* where (index into parser.lines), for ties: earlier wins */
} date_cand;

/* Metadata found for an article, or for the page before its first title. */
typedef struct meta_fields {
    char *author;              /* names joined by 、 */
    char *source;
    char *url;
} meta_fields;

typedef struct parser {
    pline *lines;
    size_t nlines, caplines;
    size_t *content;           /* indices of the lines segments are made of, in order */
    unsigned char *brk;        /* per content line: a blank line, page break or furniture came before it */
    unsigned char *block_start;/* per content line: it starts a block (a blank line came before) */
    size_t ncontent;
    segment *segs;
    size_t nsegs, capsegs;
    date_cand *dates;
    size_t ndates, capdates;
    const ingest_options *opt;
    const ingest_doc_hints *hints;
    ingest_bulletin *b;
    size_t capart;
    meta_fields page;          /* page-level metadata (before the first title) */
    meta_fields *art_meta;     /* per article, parallel to b->articles */
    size_t *art_first_line;    /* per article: the line of its title (or first paragraph) */
    size_t cap_art_meta, cap_art_first;
    size_t usual_cps;          /* the usual length of a printed line in hard-wrapped text, or 0 */
} parser;

/* ---- lines.c ---- */

/* Splits decoded text at LF, CRLF, a lone CR, U+2028 and U+2029 into
 * lines (*out, *count; the caller frees *out; the texts point into text).
 * A form feed also ends a line and marks the next non-blank one as the first
 * of a page; it makes no blank line of its own. -1 when memory runs out. */
int lines_split(const char *text, size_t len, ingest_line **out, size_t *count);

/* Fills p->lines from the reader's lines: trimmed, measured, classified by
 * their characters (pline's flags); roles start as TEXT, BLANK for empty
 * ones. -1 when memory runs out. */
int lines_load(parser *p, const ingest_line *in, size_t count);

/* Recomputes a line's flags after its text changed (a watermark cut off). */
void lines_measure(pline *l);

/* Page numbers as PDFs print them: "— 3 —", "-3-", "3", "第3页", "3/12",
 * "Page 3 of 12", "·14·", "－ １ －". */
int lines_is_page_number(const char *s, size_t len);

/* Marks page numbers FURNITURE (counted in *dropped). */
void lines_page_numbers(parser *p, size_t *dropped);

/* Marks running heads and watermarks FURNITURE (counted in *dropped), and
 * cuts a watermark off the lines it is glued to. -1 when memory runs out. */
int lines_running_heads(parser *p, size_t *dropped);

/* The code point at s and its byte length; the one that ends s[0..len). */
uint32_t lines_last_cp(const char *s, size_t len, size_t *start);

/* Character classes of the parser. */
int lines_is_sentence_punct(uint32_t cp);
int lines_is_final(uint32_t cp);
int lines_is_closer(uint32_t cp);
int lines_is_opener(uint32_t cp);
int lines_digit_value(uint32_t cp);
int lines_is_cjk(uint32_t cp);
int lines_is_blank(uint32_t cp);

/* ---- roles.c ---- */

/* Roles from each line's own words: page furniture, metadata, mastheads,
 * footers, bylines. */
void roles_lines(parser *p);

/* The footer: from the first footer line after the body's last sentence to
 * the end, every line is furniture but metadata. */
void roles_footer(parser *p);

/* The kind of each segment, then the roles that depend on where segments
 * stand: titles, subtitles, kickers, captions, credits, speeches,
 * signatures. Writes the roles to the lines of each segment. */
void roles_segments(parser *p);

/* Whether s[0..len) starts a list item: a bullet (△ ● ■ ◆ •) or GB/T 9704
 * numbering (一、, (一), 1., 1、, 1)); "1.8万" is a number. */
int roles_starts_list(const char *s, size_t len);

/* Whether s[0..len) ends like a photo caption: 摄, 攝, 供图, 提供 … */
int roles_ends_caption(const char *s, size_t len);

/* Calls a profile callback on the lines; -1 with its message in err. */
int roles_profile(parser *p, int (*fn)(void *, ingest_line_role *, size_t, char *, size_t), void *ctx,
                  char *err, size_t errlen);

/* ---- meta.c ---- */

/* The field a metadata label at s[0..len) stands for, with the profile's
 * labels first; *label_len gets the label's length (colon not included),
 * which may hold blanks ("出 版 物"). 1 if s starts with a label followed by a
 * colon, else 0. */
int meta_label_at(const parser *p, const char *s, size_t len, size_t *label_len, size_t *colon_len,
                  ingest_field *field);

/* How many labels with their colons the line holds. */
size_t meta_label_count(const parser *p, const char *s, size_t len);

/* Reads the fields of line i (a metadata, masthead, byline or dateline line,
 * or a lead such as 本报讯(记者 X)) into m (strings added, not replaced:
 * the first value found wins), and its dates into the candidates. -1 when
 * memory runs out. */
int meta_read_line(parser *p, size_t i, meta_fields *m, int before_title);

/* The names of a byline ("本报记者 王某 通讯员 李某" → 王某、李某), into m. */
int meta_byline_names(const char *s, size_t len, meta_fields *m);

void meta_fields_free(meta_fields *m);

/* ---- assemble.c ---- */

/* Cuts the lines whose role is content (TEXT, HEADLINE …) into segments,
 * undoing hard wraps. -1 when memory runs out. */
int assemble_segments(parser *p);

/* The text of a segment (lines joined), a fresh string; NULL on no memory. */
char *assemble_segment_string(const parser *p, const segment *g);

/* Joins a line's text s[0..len) onto out as a wrapped line is joined:
 * Chinese without a space, two Latin words or numbers with one, a number
 * cut by the wrap between Chinese without one (sbuf_failed on no memory). */
void assemble_join_text(sbuf *out, const char *s, size_t len);

/* Articles from the lines' roles. -1 when memory runs out. */
int assemble_articles(parser *p);

/* ---- datefind.c ---- */

/* Adds a date candidate; -1 when memory runs out. */
int datefind_add(parser *p, const dates_match *m, int rank, int sub, size_t line);

/* The date of the bulletin: options.date, else the best candidate (lowest
 * rank, then sub, then earliest), else the file name, else none. Sets
 * b->issued_on, date_precision and date_source; -1 when memory runs out. */
int datefind_resolve(parser *p);

#endif
