/* SPDX-License-Identifier: GPL-3.0-or-later */
/* htmlread.h — the HTML reader: a web page parsed by libxml2's HTML parser
 * (which recovers from broken markup, as a browser does), its main text
 * found the way Mozilla Readability and trafilatura find it (the densest
 * block of text, scored by length and punctuation against its links), and
 * handed to the bulletin parser (ingest.h, ingest_parse_lines) as lines with
 * what the markup says about each: <h1>-<h6> heading levels, captions
 * (<figcaption>, a caption's class, the short centred line under a
 * picture), bold paragraphs; and the page's title, date, address and source
 * from its <meta> as hints. docs/ingest.md, section 15, has the rules.
 *
 * Contract: htmlread_extract runs libxml2, which it loads (dlopen,
 * util/dynlib.h) on its first call, on a stranger's bytes, so it is meant
 * for a child process (intake/ runs it under os/isolate.h); what it found
 * is a linedoc (ingest/linedoc.h), which crosses back as bytes. The walk
 * over the document's tree never recurses: a page of 100,000 nested
 * elements costs no stack. The charset is decoded here, before libxml2
 * sees the page (textcodec.h), so libxml2 only ever reads UTF-8. No
 * globals; everything handed out is the caller's. */
#ifndef BRIEF_HTMLREAD_H
#define BRIEF_HTMLREAD_H

#include <stddef.h>

#include "ingest/linedoc.h"
#include "ingest/textcodec.h"

/* Bounds of one page (docs/limits.md): past them it is not a bulletin. */
#define HTMLREAD_MAX_ELEMENTS 2000000u    /* elements of the parsed tree */
#define HTMLREAD_MAX_BLOCKS 400000u       /* blocks of text (paragraphs, cells, lines) */

/* Result codes. */
#define HTMLREAD_OK          0
#define HTMLREAD_NOT_HTML    1   /* no markup at its start (htmlread_is_html) */
#define HTMLREAD_UNDECODABLE 2   /* not text in its charset or any other (the message names the line) */
#define HTMLREAD_NO_TEXT     3   /* no text outside navigation, scripts and furniture */
#define HTMLREAD_TOO_LARGE   4   /* past a bound above */
#define HTMLREAD_NOMEM       5
#define HTMLREAD_NO_READER   6   /* libxml2 is not installed (it is loaded only to read a page) */
#define HTMLREAD_DAMAGED     7   /* libxml2 built no document from it */

/* Whether bytes[0..len) are a web page: after a byte-order mark, white
 * space and comments, '<' opens the text, and <!DOCTYPE html, <html,
 * <head, <body, <meta or <title stands within its first 1024 bytes. */
int htmlread_is_html(const unsigned char *bytes, size_t len);

/* The charset of the page, first that applies: a byte-order mark (AUTO,
 * which reads it), the charset= of content_type (an HTTP Content-Type
 * header; NULL for a file), a <meta charset> or <meta http-equiv
 * content="…; charset=…"> within the first 8 KB. Sets *out (AUTO when none
 * is declared or the label is unknown: textcodec.h then sniffs) and
 * returns where it was found: "bom", "http", "meta" or "sniffed" (static). */
const char *htmlread_charset(const unsigned char *bytes, size_t len, const char *content_type,
                             textcodec_encoding *out);

/* Loads libxml2 (dlopen) in the calling process, as htmlread_extract does
 * on its first call, and nothing more: a process that forks a child per
 * page (intake/) calls it once, before the first fork, so that each child
 * finds the library loaded instead of loading it again (9 ms a page:
 * libxml2 brings ICU and libstdc++; bench/README.md). No page is read.
 * 0, or HTMLREAD_NO_READER with err set. */
int htmlread_load(char *err, size_t errlen);

/* Reads bytes[0..len) (borrowed, only during the call): decodes them to
 * UTF-8 in the charset above (a declared charset the bytes contradict is
 * dropped for sniffing), parses them with libxml2 and finds the page's
 * main text. On HTMLREAD_OK *out is a document to free (linedoc_free):
 * its lines (a blank line between blocks; the title first, heading_level
 * 1) and its hints. Otherwise *out is NULL and err holds a sentence
 * without the file name ("no text outside navigation and furniture"). */
int htmlread_extract(const unsigned char *bytes, size_t len, const char *content_type, linedoc **out,
                     char *err, size_t errlen);

#endif
