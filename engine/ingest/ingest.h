/* ingest.h — the bulletin text parser: the bytes of one text file in, its
 * structure (articles, titles, subtitles, paragraphs, date) out.
 *
 * Contract: pure and re-entrant — no I/O, no globals, no SQLite; the same
 * bytes and options always give the same result. It takes text as it really
 * arrives (copied out of PDFs and web pages): UTF-8 with or without BOM or
 * GB18030/GBK, CRLF or LF, paragraphs broken across page and column breaks,
 * hard-wrapped lines, page-number lines and running heads. Everything it
 * returns is UTF-8, NFC untouched, trimmed, with no page furniture.
 * See docs/ingest.md for the rules, each with the example that motivates it. */
#ifndef BRIEF_INGEST_H
#define BRIEF_INGEST_H

#include <stddef.h>

typedef enum ingest_encoding {
    INGEST_ENCODING_AUTO = 0,  /* BOM, else valid UTF-8, else GB18030 */
    INGEST_ENCODING_UTF8,
    INGEST_ENCODING_GB18030    /* also reads GBK and GB2312, its subsets */
} ingest_encoding;

typedef struct ingest_options {
    ingest_encoding encoding;
    const char *date;          /* "YYYY-MM-DD" from --date, or NULL */
    const char *filename;      /* for the date in a file name and for messages; may be NULL */
    int skip_sha256;           /* nonzero: leave ingest_bulletin.sha256 empty ("") — for
                                * callers that only set the text (`brief typeset`), to
                                * whom hashing the input is ~10 % of the run's instructions */
} ingest_options;

typedef struct ingest_article {
    char *title;               /* never NULL */
    char *subtitle;            /* NULL when the article has none */
    char **paragraphs;         /* paragraph_count strings, each one joined paragraph */
    size_t paragraph_count;
} ingest_article;

typedef struct ingest_bulletin {
    char sha256[65];           /* hex SHA-256 of the input bytes, as read ("" with skip_sha256) */
    const char *encoding;      /* "utf-8" or "gb18030" (static string) */
    char *issued_on;           /* "YYYY-MM-DD", or NULL when no date was found */
    const char *date_source;   /* "option", "filename", "text" or NULL (static) */
    ingest_article *articles;
    size_t article_count;
    size_t furniture_lines;    /* page numbers, running heads, web-page furniture dropped */
    size_t joined_breaks;      /* paragraphs rejoined across a break */
} ingest_bulletin;

/* Result codes of ingest_parse. */
#define INGEST_OK          0
#define INGEST_EMPTY       1   /* no text, or no article in it */
#define INGEST_BINARY      2   /* NUL bytes or control characters: not text */
#define INGEST_UNDECODABLE 3   /* invalid in the encoding asked for or detected */
#define INGEST_NOMEM       4
#define INGEST_BAD_DATE    5   /* options.date is not a valid YYYY-MM-DD */

/* Parses bytes[0..len). On INGEST_OK, *out receives a bulletin the caller
 * frees with ingest_bulletin_destroy. On any other code *out is NULL and err
 * (errlen bytes, may be 0) holds a message that names the line where there is
 * one ("line 12: invalid GB18030 byte sequence"), without the file name. */
int ingest_parse(const unsigned char *bytes, size_t len, const ingest_options *options,
                 ingest_bulletin **out, char *err, size_t errlen);

/* Frees a bulletin and everything in it; NULL is a no-op. */
void ingest_bulletin_destroy(ingest_bulletin *bulletin);

#endif
