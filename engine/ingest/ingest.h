/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ingest.h — the bulletin text parser: the bytes of one text file in, its
 * structure out (articles with their titles, subtitles, paragraphs, captions,
 * credits, authors and sources; the date and where it came from).
 *
 * Contract: pure and re-entrant — no I/O, no globals, no SQLite, no Lua; the
 * same bytes and options always give the same result. It takes text as it
 * really arrives (copied out of PDFs and web pages): UTF-8, GB18030/GBK, Big5
 * or UTF-16, with or without BOM, CRLF or LF, paragraphs broken across page
 * and column breaks, hard-wrapped lines, page numbers and running heads, and
 * the furniture of web pages (navigation, breadcrumbs, share buttons,
 * copyright lines). Everything it returns is UTF-8, NFC untouched, trimmed.
 *
 * The pipeline: bytes → lines (ingest_line) → a role for each line, with
 * the name of the rule that gave it → an optional profile (callbacks, see
 * ingest_profile) that may change roles → articles → the date, ranked by
 * where it was found. A reader of structured input (HTML, PDF, Word) builds
 * ingest_line records itself, with the hints it knows, and calls
 * ingest_parse_lines: everything after the lines is shared.
 * See docs/ingest.md for the rules, each with the example that motivates it. */
#ifndef BRIEF_INGEST_H
#define BRIEF_INGEST_H

#include <stddef.h>

#include "ingest/textcodec.h"

/* The encodings of textcodec.h (auto-detection and names there). */
typedef textcodec_encoding ingest_encoding;
#define INGEST_ENCODING_AUTO       TEXTCODEC_AUTO
#define INGEST_ENCODING_UTF8       TEXTCODEC_UTF8
#define INGEST_ENCODING_GB18030    TEXTCODEC_GB18030
#define INGEST_ENCODING_BIG5       TEXTCODEC_BIG5
#define INGEST_ENCODING_BIG5_HKSCS TEXTCODEC_BIG5_HKSCS
#define INGEST_ENCODING_UTF16      TEXTCODEC_UTF16

/* ---- lines ------------------------------------------------------------------ */

/* One line of a bulletin as a reader hands it to the parser. A blank line
 * (len 0) separates blocks, as an empty line does in text. The hints are 0
 * when unknown: a plain-text file knows none of them. */
typedef struct ingest_line {
    const char *text;          /* UTF-8, not NUL-terminated; blanks at either end are trimmed by the parser */
    size_t len;                /* bytes */
    size_t lineno;             /* 1-based line (or element) in the source, for messages and --explain */
    int page_break_before;     /* 1: a new page starts here (a form feed, a PDF page) */
    /* Hints of structured readers. */
    int heading_level;         /* 1..6 (<h1>..<h6>, a PDF outline level); 0 unknown; -1 known not to be one */
    float font_size_rel;       /* font size relative to the body text (1.0); 0 unknown */
    int bold;                  /* 1: set in bold */
    int is_caption;            /* 1: a figure caption (<figcaption>, a PDF caption style) */
    int page;                  /* page number, 1-based; 0 unknown */
    float page_y;              /* top of the line on its page, 0 (top) to 1 (bottom); negative: unknown */
    const char *furniture;     /* NULL, or the rule by which the reader knows the line is page furniture
                                  (a PDF's running head, footer or page number by its place: "pdf-page-number");
                                  static, shown by --explain */
    int block_end;             /* 1: the source says the paragraph ends with this line though no sentence ends
                                  (a table row, a list item): the next block never continues it */
} ingest_line;

/* Document metadata a structured reader found (<meta>, a PDF's Info), or
 * NULL fields. A hint is weaker than what the text itself says. */
typedef struct ingest_doc_hints {
    const char *title;         /* <title>, og:title */
    const char *author;
    const char *published;     /* a date in any form dates_find reads */
    const char *url;           /* canonical or og:url */
    const char *source;        /* og:site_name, the publisher */
} ingest_doc_hints;

/* ---- roles -------------------------------------------------------------------- */

/* What a line is. Every line gets one, with the name of the rule that gave
 * it (docs/ingest.md lists them); `brief ingest --explain` prints both. */
typedef enum ingest_role {
    INGEST_ROLE_BLANK = 0,     /* an empty line */
    INGEST_ROLE_FURNITURE,     /* page furniture: page numbers, running heads, navigation, breadcrumbs,
                                  share buttons, copyright, related links, a kicker ... never stored */
    INGEST_ROLE_MASTHEAD,      /* the bulletin's name, issue, issuer and date */
    INGEST_ROLE_META,          /* metadata: date, time, source, author, editor, counters */
    INGEST_ROLE_DATELINE,      /* a date line of its own: a speech's (2019年8月19日) */
    INGEST_ROLE_BYLINE,        /* 本报记者 X, 通讯员 X, a speaker's name: the author, not a paragraph */
    INGEST_ROLE_KICKER,        /* 引题, the line above a newspaper title: dropped */
    INGEST_ROLE_HEADLINE,      /* an article's title */
    INGEST_ROLE_SUBTITLE,
    INGEST_ROLE_CAPTION,       /* a photo caption or a photographer's line */
    INGEST_ROLE_CREDIT,        /* the author credit after the last sentence: (陈晓峰) */
    INGEST_ROLE_LIST_ITEM,     /* △ …, 一、…, (一)…, 1. …: a paragraph of its own */
    INGEST_ROLE_TEXT,          /* paragraph text */
    INGEST_ROLE_SIGNATURE,     /* a notice's issuer and date at its end: paragraphs */
    INGEST_ROLE_COUNT
} ingest_role;

/* "furniture", "headline" ... (static); "?" out of range. */
const char *ingest_role_name(int role);
/* The role called name (ingest_role_name's), or -1. */
int ingest_role_from_name(const char *name);

/* ---- profiles ----------------------------------------------------------------- */

/* A line as a profile sees it, and may change: role and rule. */
typedef struct ingest_line_role {
    const char *text;          /* the trimmed line (transfer none), not NUL-terminated */
    size_t len;
    size_t lineno;
    int role;                  /* ingest_role */
    const char *rule;          /* the rule that gave it; a profile that sets role sets rule too, to a
                                  string that lives as long as the profile */
    const char *date;          /* NULL; a profile sets it to text that holds the article's date as the
                                  source writes it ("2023年10月12日", "2023-10"), read with the one date
                                  grammar (util/dates.h) and ranked above every date the parser finds
                                  itself (date_source "profile"); valid until the next callback */
    size_t date_len;
} ingest_line_role;

/* What a metadata label means (a profile's labels table). */
typedef enum ingest_field {
    INGEST_FIELD_IGNORE = 0,   /* a label of page furniture (栏目:, 点击:) */
    INGEST_FIELD_DATE,         /* the article's date (发布时间:) */
    INGEST_FIELD_STAMP,        /* a site's upload or update stamp (上傳日期:, 更新时间:) */
    INGEST_FIELD_SOURCE,       /* 来源: */
    INGEST_FIELD_AUTHOR,       /* 作者: */
    INGEST_FIELD_EDITOR,       /* 责任编辑: (not an author) */
    INGEST_FIELD_URL           /* 原文地址: */
} ingest_field;

typedef struct ingest_label {
    const char *label;         /* UTF-8, without the colon */
    ingest_field field;
} ingest_label;

/* A source profile: what the parser should know about one source's pages
 * (profiles/NAME.lua, run by the script layer, which fills this in). The
 * parser calls lines() after its line rules and hook() after all of them;
 * each may change the role and rule of any line, and returns 0, or -1 with
 * a message in err (then nothing is stored: INGEST_PROFILE). end() comes
 * last in every parse with the profile, whether it succeeded or not. NULL
 * callbacks are skipped. One parse at a time per profile. */
typedef struct ingest_profile {
    const char *name;          /* for messages and ingest_bulletin.profile */
    void *ctx;                 /* handed to the callbacks */
    int (*lines)(void *ctx, ingest_line_role *lines, size_t count, char *err, size_t errlen);
    int (*hook)(void *ctx, ingest_line_role *lines, size_t count, char *err, size_t errlen);
    void (*end)(void *ctx);
    const ingest_label *labels;/* labels the built-in list lacks, or that mean something else here */
    size_t label_count;
    int title_first;           /* 1: the first headline-like line after the furniture is the title (no
                                  kicker on this source's pages); 0: the parser decides */
} ingest_profile;

/* Chooses a profile for a text once it is decoded and split (the lines of
 * ingest_parse_lines: untrimmed, not NUL-terminated), from its first lines:
 * sets *out to a profile that outlives the parse, or NULL for none, and
 * returns 0; or returns -1 with a message in err (the parse then fails with
 * INGEST_PROFILE). */
typedef struct ingest_chooser {
    void *ctx;
    int (*choose)(void *ctx, const ingest_line *lines, size_t count, const ingest_profile **out,
                  char *err, size_t errlen);
} ingest_chooser;

/* ---- parsing -------------------------------------------------------------------- */

typedef struct ingest_options {
    ingest_encoding encoding;
    const char *date;          /* "YYYY-MM-DD" from --date, or NULL */
    const char *filename;      /* for the date in a file name and for messages; may be NULL */
    int skip_sha256;           /* nonzero: leave ingest_bulletin.sha256 empty ("") — for
                                * callers that only set the text (`brief typeset`), to
                                * whom hashing the input is ~10 % of the run's instructions */
    int keep_lines;            /* nonzero: fill ingest_bulletin.lines (for --explain) */
    const ingest_profile *profile;   /* NULL: none, or the chooser's */
    const ingest_chooser *chooser;   /* NULL, or asked for a profile when profile is NULL */
} ingest_options;

typedef struct ingest_article {
    char *title;               /* never NULL */
    char *subtitle;            /* NULL when the article has none */
    char **paragraphs;         /* paragraph_count strings, each one joined paragraph */
    size_t paragraph_count;
    char *author;              /* names from a byline, a speaker line or 作者:, joined by 、; or NULL */
    char *source;              /* 来源:, the source word of a date line, an e-paper's paper; or NULL */
    char *credit;              /* the credit after the last sentence, without brackets; or NULL */
    char **captions;           /* caption_count photo captions, as printed */
    size_t caption_count;
    const char *title_rule;    /* the rule that gave the title (transfer none: static, or the profile's,
                                  valid while it lives): "headline", "speech-title", a profile's rule, or
                                  "first-clause" (no headline: the first clause of the text) */
} ingest_article;

/* What ingest could not decide firmly about an article (docs/ingest.md,
 * "Reviewing what ingest decided"): bits of ingest_article_weak. */
#define INGEST_WEAK_TITLE 1    /* no headline: the title is the text's first clause ("first-clause") */
#define INGEST_WEAK_SPLIT 2    /* no paragraph: a title followed at once by another title or the end
                                  (a section heading or a lost subtitle, perhaps: the split is doubtful) */

/* The weak decisions behind an article whose title came from title_rule
 * (NULL: unknown, not weak) and which holds paragraph_count paragraphs:
 * INGEST_WEAK_* bits, 0 when none. The one copy of the rule: ingest warns
 * with it, the store records it, corrections recompute it. */
int ingest_article_weak(const char *title_rule, size_t paragraph_count);

/* A line with the role the parser gave it (keep_lines). */
typedef struct ingest_line_result {
    size_t lineno;
    char *text;                /* the trimmed line */
    int role;                  /* ingest_role */
    const char *rule;          /* (transfer none) static, or the profile's */
} ingest_line_result;

typedef struct ingest_bulletin {
    char sha256[65];           /* hex SHA-256 of the input bytes, as read ("" with skip_sha256) */
    const char *encoding;      /* as read: "utf-8", "gb18030", "big5", "big5-hkscs", "utf-16le",
                                * "utf-16be" (static string) */
    char *issued_on;           /* "YYYY-MM-DD" (the 1st for a month-only date), or NULL when no date was found */
    const char *date_precision;/* "day" or "month" (static); NULL with issued_on */
    const char *date_source;   /* which rule gave the date: "option", "profile", "headline", "dateline",
                                * "metadata", "stamp", "filename", or NULL (static) */
    const char *profile;       /* the name of the profile the text was parsed with (options.profile or
                                * the chooser's), or NULL (transfer none: the profile's) */
    char *url;                 /* the page's address where the text shows one, or NULL */
    ingest_article *articles;
    size_t article_count;
    size_t furniture_lines;    /* page numbers, running heads, web-page furniture dropped */
    size_t joined_breaks;      /* paragraphs rejoined across a break */
    ingest_line_result *lines; /* line_count lines with their roles (keep_lines), else NULL */
    size_t line_count;
} ingest_bulletin;

/* Result codes of ingest_parse. */
#define INGEST_OK          0
#define INGEST_EMPTY       1   /* no text, or no article in it */
#define INGEST_BINARY      2   /* NUL bytes or control characters: not text */
#define INGEST_UNDECODABLE 3   /* invalid in the encoding asked for or detected */
#define INGEST_NOMEM       4
#define INGEST_BAD_DATE    5   /* options.date is not a valid YYYY-MM-DD */
#define INGEST_PROFILE     6   /* the profile's callback failed; err holds its message */
#define INGEST_NO_HASH     7   /* the bytes could not be hashed (libcrypto not loaded); err says why */

/* Parses bytes[0..len). On INGEST_OK, *out receives a bulletin the caller
 * frees with ingest_bulletin_destroy. On any other code *out is NULL and err
 * (errlen bytes, may be 0) holds a message that names the line where there is
 * one ("line 12: invalid GB18030 byte sequence"), without the file name. */
int ingest_parse(const unsigned char *bytes, size_t len, const ingest_options *options,
                 ingest_bulletin **out, char *err, size_t errlen);

/* Parses lines a reader has built (lines[0..count), read only; hints may be
 * NULL), as ingest_parse does after decoding. encoding names what the reader
 * decoded (static, stored as is); sha256 is the hex hash of the source bytes
 * (copied; NULL leaves it ""). options->encoding is ignored. */
int ingest_parse_lines(const ingest_line *lines, size_t count, const ingest_doc_hints *hints,
                       const char *encoding, const char *sha256, const ingest_options *options,
                       ingest_bulletin **out, char *err, size_t errlen);

/* The hex SHA-256 of bytes[0..len) into hex_out (the duplicate rule: a
 * bulletin is the same when its source bytes are; util/sha256.h); 0, or -1
 * with err set (errlen bytes, may be 0) when libcrypto cannot be loaded
 * ("hashing needs libcrypto.so.3 (Debian libssl3): …") or fails. */
int ingest_sha256(const unsigned char *bytes, size_t len, char hex_out[65], char *err, size_t errlen);

/* Frees a bulletin and everything in it; NULL is a no-op. */
void ingest_bulletin_destroy(ingest_bulletin *bulletin);

#endif
