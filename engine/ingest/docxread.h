/* SPDX-License-Identifier: GPL-3.0-or-later */
/* docxread.h — the Word reader: a .docx (a zip of OOXML parts) read through
 * libzip and libxml2's streaming reader into the lines the bulletin parser
 * reads (ingest.h, ingest_parse_lines), one paragraph a line, each with what
 * Word says about it: its style (Title, Subtitle, Heading N, and the Chinese
 * names 标题, 副标题, 标题 N; an outline level), bold and size against the
 * body's. Tables come out a row a line, cells separated by a space.
 *
 * Contract. docxread_extract does everything the libraries are asked, and
 * is meant to run in a confined child (intake/ runs it through
 * os/isolate.h); its result is a linedoc (linedoc.h), which crosses back
 * to the parent as bytes. It refuses, each with a sentence that names no
 * file: a zip that is not a Word document (no word/document.xml); a
 * truncated or damaged zip; an encrypted entry; more entries, or a part
 * larger uncompressed, than the bounds below (counted while reading: a zip's
 * sizes can lie); malformed XML, XML nested deeper than libxml2's limit
 * (256), and any DTD (Word writes none: no entity of a stranger's is
 * expanded, no file or URL is loaded). A legacy Word 97-2003 or WPS file
 * (OLE2) is refused by docxread_legacy with advice to save it as .docx.
 * libzip and libxml2 are opened (util/dynlib.h) on the first call, never
 * linked: brief's other work does not load them. No globals of brief's;
 * libxml2 keeps its last error in its own (the reading process is the
 * child, which reads one file). docs/ingest.md, section 16, has the rules. */
#ifndef BRIEF_DOCXREAD_H
#define BRIEF_DOCXREAD_H

#include <stddef.h>

#include "ingest/linedoc.h"

/* Bounds of one .docx (docs/limits.md): past them it is not a bulletin. */
#define DOCXREAD_MAX_ENTRIES 10000u                 /* files in the zip */
#define DOCXREAD_MAX_DOCUMENT_BYTES (64u << 20)     /* word/document.xml, uncompressed */
#define DOCXREAD_MAX_PART_BYTES (16u << 20)         /* word/styles.xml, docProps/core.xml */
#define DOCXREAD_MAX_STYLES 4096u                   /* styles read; the rest are ignored */

/* Result codes. */
#define DOCXREAD_OK        0
#define DOCXREAD_NOT_DOCX  1   /* a zip without word/document.xml; not a zip */
#define DOCXREAD_DAMAGED   2   /* a truncated or damaged zip, malformed XML, a DTD */
#define DOCXREAD_LOCKED    3   /* an encrypted entry, a password-protected document */
#define DOCXREAD_TOO_LARGE 4   /* past a bound above, or linedoc.h's */
#define DOCXREAD_NOMEM     5
#define DOCXREAD_NO_READER 6   /* libzip or libxml2 is not installed */
#define DOCXREAD_LEGACY    7   /* a Word 97-2003 (.doc) or WPS file */

/* Whether bytes[0..len) are a zip archive (a local file header, PK\3\4, or
 * an empty archive's end record, PK\5\6, at offset 0): a .docx is one, and
 * any other zip is docxread_extract's to refuse by name. */
int docxread_is_zip(const unsigned char *bytes, size_t len);

/* Whether bytes[0..len) are an OLE2 compound file (D0 CF 11 E0 A1 B1 1A
 * E1): Word 97-2003, WPS, or a password-protected .docx, which Word keeps
 * in one. */
int docxread_is_legacy(const unsigned char *bytes, size_t len);

/* The refusal of an OLE2 file: always DOCXREAD_LEGACY (or DOCXREAD_LOCKED
 * for a password-protected .docx, told by its EncryptedPackage stream),
 * with err saying what to do ("a Word 97-2003 (.doc) or WPS file: save it
 * as .docx and ingest that"). */
int docxread_legacy(const unsigned char *bytes, size_t len, char *err, size_t errlen);

/* Opens libzip and libxml2 in the calling process without using them:
 * DOCXREAD_OK, or DOCXREAD_NO_READER with err naming the package to
 * install. A run that reads many .docx files, each in a child forked from
 * it, calls this once before the first: the children then find the
 * libraries loaded (docxread_extract's own opening is a lookup), which
 * saves each file some 14 ms of loading and relocating libxml2, ICU and
 * libzip (bench/README.md, "ingest: Word"). Later calls cost a lookup;
 * nothing is ever closed (dynlib.h). */
int docxread_load(char *err, size_t errlen);

/* Reads bytes[0..len) (borrowed, only during the call): the zip through
 * libzip, then word/styles.xml, docProps/core.xml (dc:title and
 * dcterms:created, weak hints) and word/document.xml through
 * docxread_parse_xml. On DOCXREAD_OK *out is a document to free with
 * linedoc_free; otherwise *out is NULL and err holds a sentence without the
 * file name ("a zip archive, not a Word document (no word/document.xml)"). */
int docxread_extract(const unsigned char *bytes, size_t len, linedoc **out, char *err, size_t errlen);

/* The XML step alone (for docxread_extract, tests and the fuzz target):
 * document.xml, and styles.xml and core.xml (each NULL or empty when the
 * document has none), all borrowed. Results as docxread_extract's; loads
 * libxml2 on its first call. */
int docxread_parse_xml(const char *document, size_t document_len, const char *styles, size_t styles_len,
                       const char *core, size_t core_len, linedoc **out, char *err, size_t errlen);

#endif
