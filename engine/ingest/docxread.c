/* SPDX-License-Identifier: GPL-3.0-or-later */
/* docxread.c — a .docx through libzip and libxml2's streaming reader into
 * a linedoc (docxread.h); docs/ingest.md section 16 has the rules. */
#include "ingest/docxread.h"

#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "util/dynlib.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/vec.h"

#define SET_ERR(...) do { if (errlen) snprintf(err, errlen, __VA_ARGS__); } while (0)

/* A paragraph whose size is this many times the body's, or more, is set as
 * a heading (pdfread_layout.c's figure for a PDF's headlines). */
#define HEADING_SIZE_REL 1.12f
/* basedOn chains followed at most this deep (a loop ends there). */
#define STYLE_CHAIN_MAX 16
/* Paragraphs inside paragraphs (a text box in a text box) kept apart at
 * most this deep; deeper ones run into the innermost. */
#define PARA_STACK_MAX 16

static const unsigned char OLE2_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

int docxread_is_zip(const unsigned char *bytes, size_t len)
{
    return len >= 4 && bytes[0] == 'P' && bytes[1] == 'K' &&
           ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6));
}

int docxread_is_legacy(const unsigned char *bytes, size_t len)
{
    return len >= sizeof OLE2_MAGIC && memcmp(bytes, OLE2_MAGIC, sizeof OLE2_MAGIC) == 0;
}

int docxread_legacy(const unsigned char *bytes, size_t len, char *err, size_t errlen)
{
    /* Word keeps a password-protected .docx in an OLE2 file whose directory
     * names the stream "EncryptedPackage" (MS-OFFCRYPTO, ECMA-376 document
     * encryption), in UTF-16LE. */
    static const char name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    if (bytes && memmem(bytes, len, name, sizeof name - 1)) {
        SET_ERR("a password-protected Word document: save a copy without a password as .docx and ingest that");
        return DOCXREAD_LOCKED;
    }
    SET_ERR("a Word 97-2003 (.doc) or WPS file: save it as .docx and ingest that");
    return DOCXREAD_LEGACY;
}

/* ---- the libraries, loaded when a .docx is read ------------------------------ */

/* libxml2 and libzip, linked, would cost every brief process their loading
 * (bench/README.md); only a .docx needs them. Opened as pdfread.c opens
 * poppler, each function checked against its header (__typeof__). Nothing
 * here calls xmlFree (a variable holding a function, not a function): every
 * string is read through the reader's Const accessors, owned by it. */
#ifndef DOCXREAD_XML2_SONAME
#define DOCXREAD_XML2_SONAME "libxml2.so.2"   /* Debian 12's libxml2 */
#endif
#ifndef DOCXREAD_ZIP_SONAME
#define DOCXREAD_ZIP_SONAME "libzip.so.4"     /* Debian 12's libzip4 */
#endif

#define XML_API(X) \
    X(xmlReaderForMemory) \
    X(xmlTextReaderRead) \
    X(xmlTextReaderNext) \
    X(xmlTextReaderNodeType) \
    X(xmlTextReaderIsEmptyElement) \
    X(xmlTextReaderDepth) \
    X(xmlTextReaderConstLocalName) \
    X(xmlTextReaderConstNamespaceUri) \
    X(xmlTextReaderConstValue) \
    X(xmlTextReaderMoveToAttributeNs) \
    X(xmlTextReaderMoveToElement) \
    X(xmlFreeTextReader) \
    X(xmlGetLastError) \
    X(xmlResetLastError)

#define ZIP_API(X) \
    X(zip_error_init) \
    X(zip_error_fini) \
    X(zip_error_strerror) \
    X(zip_error_code_zip) \
    X(zip_source_buffer_create) \
    X(zip_source_free) \
    X(zip_open_from_source) \
    X(zip_get_num_entries) \
    X(zip_name_locate) \
    X(zip_stat_init) \
    X(zip_stat_index) \
    X(zip_fopen_index) \
    X(zip_fread) \
    X(zip_fclose) \
    X(zip_file_strerror) \
    X(zip_get_error) \
    X(zip_strerror) \
    X(zip_discard)

DYNLIB_API(xml_api, XML_API, xml_open, DOCXREAD_XML2_SONAME, "libxml2", "reading Word (.docx)")
DYNLIB_API(zip_api, ZIP_API, zip_api_open, DOCXREAD_ZIP_SONAME, "libzip4", "reading Word (.docx)")

/* ---- XML helpers ---------------------------------------------------------------- */

static const char NS_W[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
static const char NS_W_STRICT[] = "http://purl.oclc.org/ooxml/wordprocessingml/main";
static const char NS_MC[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";
static const char NS_DC[] = "http://purl.org/dc/elements/1.1/";
static const char NS_DCTERMS[] = "http://purl.org/dc/terms/";

/* Options of every parse: no network, no entity substituted (no
 * XML_PARSE_NOENT), no external DTD loaded (no XML_PARSE_DTDLOAD), no huge
 * documents (libxml2's limits on depth, 256, and on one text, 10 MB, hold),
 * no messages on stderr. */
#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

typedef struct xml_doc {
    const xml_api *x;
    xmlTextReaderPtr r;
    const char *part;          /* "word/document.xml", for messages */
} xml_doc;

/* The element's namespace: 'w' (WordprocessingML, transitional or strict),
 * 'm' (markup compatibility), 'd' (Dublin Core), 't' (DC terms), or 0. */
static int node_ns(const xml_doc *d)
{
    const char *ns = (const char *)d->x->xmlTextReaderConstNamespaceUri(d->r);
    if (!ns) return 0;
    if (!strcmp(ns, NS_W) || !strcmp(ns, NS_W_STRICT)) return 'w';
    if (!strcmp(ns, NS_MC)) return 'm';
    if (!strcmp(ns, NS_DC)) return 'd';
    if (!strcmp(ns, NS_DCTERMS)) return 't';
    return 0;
}

static const char *node_name(const xml_doc *d)
{
    const char *n = (const char *)d->x->xmlTextReaderConstLocalName(d->r);
    return n ? n : "";
}

/* The w: attribute name of the current element into buf ("" when absent). */
static const char *w_attr(const xml_doc *d, const char *name, char *buf, size_t buflen)
{
    buf[0] = '\0';
    const char *ns = (const char *)d->x->xmlTextReaderConstNamespaceUri(d->r);
    if (!ns || d->x->xmlTextReaderMoveToAttributeNs(d->r, (const xmlChar *)name, (const xmlChar *)ns) != 1)
        return buf;
    const char *v = (const char *)d->x->xmlTextReaderConstValue(d->r);
    if (v) snprintf(buf, buflen, "%s", v);
    d->x->xmlTextReaderMoveToElement(d->r);
    return buf;
}

/* A toggle property (w:b): on unless w:val says off. */
static int w_on(const xml_doc *d)
{
    char v[16];
    w_attr(d, "val", v, sizeof v);
    return !(!strcmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "off") || !strcasecmp(v, "none"));
}

static long w_number(const xml_doc *d, long fallback)
{
    char v[32], *end;
    w_attr(d, "val", v, sizeof v);
    long n = strtol(v, &end, 10);
    return v[0] && *end == '\0' ? n : fallback;
}

static int refuse_dtd(const xml_doc *d, char *err, size_t errlen)
{
    SET_ERR("%s declares a DTD (Word writes none; its entities are not read)", d->part);
    return DOCXREAD_DAMAGED;
}

/* Whether text declares a DTD, in UTF-8 or UTF-16 of either order. */
static int has_doctype(const char *text, size_t len)
{
    static const char le[] = "<\0!\0D\0O\0C\0T\0Y\0P\0E\0", be[] = "\0<\0!\0D\0O\0C\0T\0Y\0P\0E";
    return memmem(text, len, "<!DOCTYPE", 9) || memmem(text, len, le, sizeof le - 1) ||
           memmem(text, len, be, sizeof be - 1);
}

static int xml_begin(xml_doc *d, const xml_api *x, const char *part, const char *text, size_t len, char *err,
                     size_t errlen)
{
    d->x = x;
    d->part = part;
    d->r = NULL;
    /* Refused before libxml2 reads a declaration of it (the reader expands
     * and checks entities ahead of the node it hands out); the node itself
     * is refused too, below. */
    if (has_doctype(text, len)) return refuse_dtd(d, err, errlen);
    if (len > (size_t)INT32_MAX) len = (size_t)INT32_MAX;   /* past every bound above anyway */
    x->xmlResetLastError();
    d->r = x->xmlReaderForMemory(text, (int)len, NULL, NULL, XML_OPTIONS);
    if (!d->r) {
        SET_ERR("out of memory");
        return DOCXREAD_NOMEM;
    }
    return DOCXREAD_OK;
}

/* The message of a failed read: libxml2's last error, with its line. */
static int xml_failed(const xml_doc *d, char *err, size_t errlen)
{
    const xmlError *e = d->x->xmlGetLastError();
    char msg[200] = "cannot be parsed";
    if (e && e->message) {
        snprintf(msg, sizeof msg, "%s", e->message);
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
    }
    if (e && e->code == XML_ERR_NO_MEMORY) {
        SET_ERR("out of memory");
        return DOCXREAD_NOMEM;
    }
    if (strstr(msg, "Excessive depth"))   /* libxml2's limit without XML_PARSE_HUGE */
        snprintf(msg, sizeof msg, "elements nested more than 256 deep");
    if (e && e->line > 0) SET_ERR("malformed XML in %s (line %d: %s)", d->part, e->line, msg);
    else SET_ERR("malformed XML in %s (%s)", d->part, msg);
    return DOCXREAD_DAMAGED;
}

/* ---- styles ----------------------------------------------------------------------- */

typedef struct docx_style {
    char *id, *name, *based_on;
    int paragraph;             /* a paragraph style (w:type="paragraph") */
    int is_default;            /* w:default="1" */
    int outline;               /* w:outlineLvl 0..9, or -1 */
    int bold;                  /* w:b: 0, 1, or -1 unset */
    int size;                  /* w:sz in half points, 0 unset */
    /* resolved through basedOn */
    int heading;               /* 1..6, -1 body text (outline level 9), 0 none */
    int caption;
    int rbold, rsize;          /* -1 / 0 when no style of the chain sets them */
} docx_style;

typedef struct docx_styles {
    docx_style *items;
    size_t count, cap;
    int default_bold, default_size;   /* w:docDefaults */
    const docx_style *normal;         /* the default paragraph style */
    int body_size;                    /* half points */
} docx_styles;

static void styles_free(docx_styles *s)
{
    for (size_t i = 0; i < s->count; i++) {
        free(s->items[i].id);
        free(s->items[i].name);
        free(s->items[i].based_on);
    }
    free(s->items);
    memset(s, 0, sizeof *s);
}

static int style_cmp(const void *a, const void *b)
{
    return strcmp(((const docx_style *)a)->id, ((const docx_style *)b)->id);
}

static const docx_style *style_find(const docx_styles *s, const char *id)
{
    if (!id || !id[0] || !s->count) return NULL;
    docx_style key;
    key.id = (char *)id;
    return bsearch(&key, s->items, s->count, sizeof *s->items, style_cmp);
}

/* The heading level a style's name gives: Word's built-in names, which
 * styles.xml keeps in English whatever the language of Word ("Title",
 * "heading 1"), and the Chinese names WPS and some templates write (标题,
 * 标题 1, 副标题). A subtitle is heading-like (level 2): the parser decides
 * from where it stands that it is a subtitle. 0: not a heading. */
static int name_level(const char *name, int *caption)
{
    char n[64];
    size_t len = 0;
    if (!name) return 0;
    while (*name == ' ') name++;
    snprintf(n, sizeof n, "%s", name);
    len = strlen(n);
    while (len && n[len - 1] == ' ') n[--len] = '\0';
    if (!strcasecmp(n, "caption") || !strcmp(n, "题注")) { *caption = 1; return 0; }
    if (!strcasecmp(n, "title") || !strcmp(n, "标题")) return 1;
    if (!strcasecmp(n, "subtitle") || !strcmp(n, "副标题")) return 2;
    const char *num = NULL;
    if (!strncasecmp(n, "heading", 7)) num = n + 7;
    else if (!strncmp(n, "标题", strlen("标题"))) num = n + strlen("标题");
    if (!num) return 0;
    while (*num == ' ') num++;
    if (num[0] >= '1' && num[0] <= '9' && num[1] == '\0') return num[0] - '0' > 6 ? 6 : num[0] - '0';
    return 0;
}

/* Each style's heading, caption, bold and size through its basedOn chain. */
static void styles_resolve(docx_styles *s)
{
    for (size_t i = 0; i < s->count; i++) {
        docx_style *st = &s->items[i];
        const docx_style *c = st;
        int have_heading = 0;
        st->rbold = -1;
        for (int k = 0; c && k < STYLE_CHAIN_MAX; k++, c = style_find(s, c->based_on)) {
            if (!have_heading) {
                int level = name_level(c->name, &st->caption);
                if (level) { st->heading = level; have_heading = 1; }
                else if (c->outline >= 0) {
                    st->heading = c->outline >= 9 ? -1 : (c->outline >= 5 ? 6 : c->outline + 1);
                    have_heading = 1;
                }
            }
            if (st->rbold < 0 && c->bold >= 0) st->rbold = c->bold;
            if (!st->rsize && c->size > 0) st->rsize = c->size;
        }
    }
    for (size_t i = 0; i < s->count; i++)
        if (s->items[i].paragraph && s->items[i].is_default && !s->normal) s->normal = &s->items[i];
    s->body_size = s->normal && s->normal->rsize ? s->normal->rsize : s->default_size;
}

static char *dup_attr(const xml_doc *d, const char *name)
{
    char v[256];
    return strdup(w_attr(d, name, v, sizeof v));
}

/* Reads word/styles.xml into s. */
static int styles_read(const xml_api *x, const char *text, size_t len, docx_styles *s, char *err, size_t errlen)
{
    xml_doc d;
    int rc, ret, in_defaults = 0, in_change = 0;
    docx_style *cur = NULL;
    s->default_bold = 0;
    s->default_size = 20;   /* no w:sz anywhere: Word sets 10 pt */
    if (!text || !len) return DOCXREAD_OK;
    if ((rc = xml_begin(&d, x, "word/styles.xml", text, len, err, errlen)) != DOCXREAD_OK) return rc;
    for (ret = x->xmlTextReaderRead(d.r); ret == 1; ret = x->xmlTextReaderRead(d.r)) {
        int type = x->xmlTextReaderNodeType(d.r);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) { rc = refuse_dtd(&d, err, errlen); goto done; }
        if ((type != XML_READER_TYPE_ELEMENT && type != XML_READER_TYPE_END_ELEMENT) || node_ns(&d) != 'w') continue;
        const char *name = node_name(&d);
        /* formatting before a tracked change is not the style's */
        int change = !strcmp(name, "rPrChange") || !strcmp(name, "pPrChange");
        if (type == XML_READER_TYPE_END_ELEMENT) {
            if (change) in_change = 0;
            else if (!strcmp(name, "style")) cur = NULL;
            else if (!strcmp(name, "docDefaults")) in_defaults = 0;
            continue;
        }
        if (change) in_change = !x->xmlTextReaderIsEmptyElement(d.r);
        if (in_change) continue;
        int empty = x->xmlTextReaderIsEmptyElement(d.r);
        if (!strcmp(name, "docDefaults")) in_defaults = !empty;
        else if (!strcmp(name, "style")) {
            char v[64];
            if (s->count >= DOCXREAD_MAX_STYLES) { cur = NULL; continue; }
            if (VEC_RESERVE(s->items, s->cap, s->count + 1) != 0) goto nomem;
            cur = &s->items[s->count++];
            memset(cur, 0, sizeof *cur);
            cur->outline = cur->bold = -1;
            cur->paragraph = !strcmp(w_attr(&d, "type", v, sizeof v), "paragraph");
            w_attr(&d, "default", v, sizeof v);
            cur->is_default = !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "on");
            if (!(cur->id = dup_attr(&d, "styleId"))) goto nomem;
            if (empty) cur = NULL;
        } else if (cur && !strcmp(name, "name")) {
            free(cur->name);
            if (!(cur->name = dup_attr(&d, "val"))) goto nomem;
        } else if (cur && !strcmp(name, "basedOn")) {
            free(cur->based_on);
            if (!(cur->based_on = dup_attr(&d, "val"))) goto nomem;
        } else if (cur && !strcmp(name, "outlineLvl")) {
            long n = w_number(&d, -1);
            cur->outline = n >= 0 && n <= 9 ? (int)n : -1;
        } else if (!strcmp(name, "b") && (cur || in_defaults)) {
            if (cur) cur->bold = w_on(&d);
            else s->default_bold = w_on(&d);
        } else if (!strcmp(name, "sz") && (cur || in_defaults)) {
            long n = w_number(&d, 0);
            if (n > 0 && n <= 3276) {   /* 1638 pt, Word's largest */
                if (cur) cur->size = (int)n;
                else s->default_size = (int)n;
            }
        }
    }
    if (ret < 0) { rc = xml_failed(&d, err, errlen); goto done; }
    /* a style without an id cannot be found: sorted all the same */
    for (size_t i = 0; i < s->count; i++)
        if (!s->items[i].id && !(s->items[i].id = strdup(""))) goto nomem;
    if (s->count) qsort(s->items, s->count, sizeof *s->items, style_cmp);
    styles_resolve(s);
    rc = DOCXREAD_OK;
    goto done;
nomem:
    SET_ERR("out of memory");
    rc = DOCXREAD_NOMEM;
done:
    x->xmlFreeTextReader(d.r);
    return rc;
}

/* ---- docProps/core.xml: the title and creation date, weak hints --------------- */

static int core_read(const xml_api *x, const char *text, size_t len, linedoc *doc, char *err, size_t errlen)
{
    xml_doc d;
    int rc, ret, field = 0;   /* 't': dc:title, 'c': dcterms:created */
    sbuf title = SBUF_INIT, created = SBUF_INIT;
    if (!text || !len) return DOCXREAD_OK;
    if ((rc = xml_begin(&d, x, "docProps/core.xml", text, len, err, errlen)) != DOCXREAD_OK) return rc;
    while ((ret = x->xmlTextReaderRead(d.r)) == 1) {
        int type = x->xmlTextReaderNodeType(d.r);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) { ret = 0; rc = refuse_dtd(&d, err, errlen); break; }
        if (type == XML_READER_TYPE_ELEMENT && !x->xmlTextReaderIsEmptyElement(d.r)) {
            int ns = node_ns(&d);
            const char *name = node_name(&d);
            field = ns == 'd' && !strcmp(name, "title") ? 't' : ns == 't' && !strcmp(name, "created") ? 'c' : 0;
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            field = 0;
        } else if (field && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA)) {
            const char *v = (const char *)x->xmlTextReaderConstValue(d.r);
            sbuf *into = field == 't' ? &title : &created;
            if (v && into->len < LINEDOC_MAX_HINT_BYTES) sbuf_append(into, v, strlen(v));
        }
    }
    if (ret < 0) rc = xml_failed(&d, err, errlen);
    x->xmlFreeTextReader(d.r);
    if (rc == DOCXREAD_OK && !sbuf_failed(&title) && !sbuf_failed(&created)) {
        ingest_doc_hints h;
        char date[11] = "";
        memset(&h, 0, sizeof h);
        /* dcterms:created is W3CDTF: "2023-10-12T08:00:00Z"; the day is enough */
        if (created.len >= 10 && created.data[4] == '-' && created.data[7] == '-') {
            memcpy(date, created.data, 10);
            date[10] = '\0';
            h.published = date;
        }
        for (size_t i = 0; i < title.len; i++)
            if ((unsigned char)title.data[i] < 0x20) title.data[i] = ' ';
        if (title.len) h.title = title.data;
        if ((h.title || h.published) && linedoc_set_hints(doc, &h) != 0) rc = DOCXREAD_NOMEM;
    } else if (rc == DOCXREAD_OK) {
        rc = DOCXREAD_NOMEM;
    }
    if (rc == DOCXREAD_NOMEM) SET_ERR("out of memory");
    sbuf_free(&title);
    sbuf_free(&created);
    return rc;
}

/* ---- word/document.xml --------------------------------------------------------------- */

/* A paragraph being read (w:p), with the run being read in it. */
typedef struct para {
    int depth;                 /* the reader's depth of its w:p */
    sbuf text;                 /* '\n' where a w:br broke the line, '\f' a page break */
    size_t lineno;             /* its ordinal among the document's w:p */
    const docx_style *style;
    int outline;               /* its own w:outlineLvl, or -1 */
    int page_break_before;
    int listed;                /* its w:pPr has w:numPr: an item of a numbered or bulleted list */
    int in_ppr;                /* inside its w:pPr */
    /* the run (w:r) being read */
    int in_run, in_rpr, in_t;
    int run_bold, run_size;    /* -1 / 0: unset */
    const docx_style *run_style;
    /* characters by weight and size */
    size_t chars, bold_chars;
    int sizes[8];
    size_t size_chars[8];
    int nsizes;
} para;

/* A paragraph of a table's row, kept until the row ends. */
typedef struct cell_para {
    size_t off, len;           /* its text in reader.row_text */
    ingest_line hints;
} cell_para;

typedef struct reader {
    xml_doc d;
    const docx_styles *styles;
    linedoc *out;
    size_t lines, text_bytes;  /* handed to out so far */
    size_t paragraphs;         /* w:p seen */
    int page_break_next;       /* the next line starts a page */
    para stack[PARA_STACK_MAX];
    int nparas;
    int table_depth;           /* open w:tbl */
    int cells;                 /* w:tc of the open outer row */
    sbuf row_text;
    VEC_OF(cell_para) row;
    char *err;
    size_t errlen;
} reader;

static int add_line(reader *rd, const char *text, size_t len, const ingest_line *hints)
{
    ingest_line l = *hints;
    if (rd->lines + 1 > LINEDOC_MAX_LINES || rd->text_bytes + len > LINEDOC_MAX_TEXT_BYTES) {
        if (rd->errlen)
            snprintf(rd->err, rd->errlen, "too much text (over %u paragraphs or %u MB, the limits for one bulletin)",
                     LINEDOC_MAX_LINES / 2, LINEDOC_MAX_TEXT_BYTES >> 20);
        return DOCXREAD_TOO_LARGE;
    }
    l.text = text;
    l.len = len;
    l.page_break_before = rd->page_break_next && len;
    if (len) rd->page_break_next = 0;
    if (linedoc_add(rd->out, &l) != 0) {
        if (rd->errlen) snprintf(rd->err, rd->errlen, "out of memory");
        return DOCXREAD_NOMEM;
    }
    rd->lines++;
    rd->text_bytes += len;
    return DOCXREAD_OK;
}

/* A paragraph's text as lines ('\n' between them; '\f' a page break), then
 * the blank line that ends a block. Nothing for a paragraph without text. */
static int emit_para(reader *rd, const char *text, size_t len, const ingest_line *hints)
{
    size_t start = 0;
    int rc, any = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '\n' && text[i] != '\f') continue;
        const char *s = text + start;
        size_t n = i - start;
        while (n && (*s == ' ')) { s++; n--; }
        while (n && s[n - 1] == ' ') n--;
        if (n) {
            if ((rc = add_line(rd, s, n, hints)) != DOCXREAD_OK) return rc;
            any = 1;
        }
        if (i < len && text[i] == '\f') rd->page_break_next = 1;
        start = i + 1;
    }
    if (!any) return DOCXREAD_OK;
    ingest_line blank;
    memset(&blank, 0, sizeof blank);
    blank.lineno = hints->lineno;
    blank.page_y = -1;
    return add_line(rd, "", 0, &blank);
}

/* The hints of a finished paragraph: heading level from its style or
 * outline level, else from its look (bold throughout, or a size at least
 * HEADING_SIZE_REL times the body's); the size and weight most of its
 * characters have. */
static void para_hints(const reader *rd, const para *p, ingest_line *h)
{
    memset(h, 0, sizeof *h);
    h->lineno = p->lineno;
    h->page_y = -1;
    int best = 0;
    for (int i = 1; i < p->nsizes; i++)
        if (p->size_chars[i] > p->size_chars[best]) best = i;
    int body = rd->styles->body_size > 0 ? rd->styles->body_size : 20;
    /* in a document whose body is bold, bold tells nothing */
    const docx_style *normal = rd->styles->normal;
    int body_bold = normal && normal->rbold >= 0 ? normal->rbold : rd->styles->default_bold;
    if (p->nsizes) h->font_size_rel = (float)p->sizes[best] / (float)body;
    h->bold = p->chars && p->bold_chars * 2 > p->chars;
    if (p->style) h->is_caption = p->style->caption;
    /* a list item ends with its paragraph, punctuated or not */
    h->block_end = p->listed;
    if (p->outline >= 0) h->heading_level = p->outline >= 9 ? -1 : (p->outline >= 5 ? 6 : p->outline + 1);
    else if (p->style && p->style->heading) h->heading_level = p->style->heading;
    else if (p->chars && (h->font_size_rel >= HEADING_SIZE_REL || (p->bold_chars == p->chars && !body_bold)))
        h->heading_level = h->font_size_rel >= 1.5f ? 1 : h->font_size_rel >= HEADING_SIZE_REL ? 2 : 3;
}

/* The end of the outer row of a table: a row of one cell (a table used to
 * lay a page out) gives its paragraphs as they are; a row of several, one
 * line, cells separated by a space, never a heading. */
static int end_row(reader *rd)
{
    int rc = DOCXREAD_OK;
    if (rd->cells <= 1) {
        for (size_t i = 0; i < rd->row.count && rc == DOCXREAD_OK; i++)
            rc = emit_para(rd, rd->row_text.data + rd->row.items[i].off, rd->row.items[i].len, &rd->row.items[i].hints);
    } else if (rd->row.count) {
        sbuf line = SBUF_INIT;
        for (size_t i = 0; i < rd->row.count; i++) {
            const char *s = rd->row_text.data + rd->row.items[i].off;
            size_t n = rd->row.items[i].len;
            if (line.len) sbuf_putc(&line, ' ');
            for (size_t k = 0; k < n; k++) sbuf_putc(&line, s[k] == '\n' || s[k] == '\f' ? ' ' : s[k]);
        }
        ingest_line h = rd->row.items[0].hints;
        h.block_end = 1;   /* a row is never the start of a sentence the next block ends */
        h.heading_level = -1;
        h.bold = 0;
        h.is_caption = 0;
        if (sbuf_failed(&line)) {
            if (rd->errlen) snprintf(rd->err, rd->errlen, "out of memory");
            rc = DOCXREAD_NOMEM;
        } else if (line.len) {
            /* the row's text, one line, with the blank after it */
            rc = emit_para(rd, line.data, line.len, &h);
        }
        sbuf_free(&line);
    }
    rd->row.count = 0;
    sbuf_clear(&rd->row_text);
    rd->cells = 0;
    return rc;
}

static int end_para(reader *rd)
{
    para *p = &rd->stack[--rd->nparas];
    ingest_line h;
    int rc;
    para_hints(rd, p, &h);
    if (p->page_break_before) rd->page_break_next = 1;
    if (sbuf_failed(&p->text)) {
        rc = DOCXREAD_NOMEM;
    } else if (rd->table_depth > 0) {
        /* kept until its row ends */
        cell_para c = {rd->row_text.len, p->text.len, h};
        if (p->text.len && (sbuf_append(&rd->row_text, p->text.data, p->text.len) != 0 || VEC_PUSH(&rd->row, c) != 0))
            rc = DOCXREAD_NOMEM;
        else rc = DOCXREAD_OK;
    } else {
        rc = emit_para(rd, p->text.data ? p->text.data : "", p->text.len, &h);
    }
    sbuf_free(&p->text);
    if (rc == DOCXREAD_NOMEM && rd->errlen) snprintf(rd->err, rd->errlen, "out of memory");
    return rc;
}

/* Text of the open run: appended, counted by weight and size. Control
 * characters (a &#10; in w:t) become spaces: a line is ended only by w:br. */
static void run_text(reader *rd, para *p, const char *v)
{
    size_t n = strlen(v), chars = 0;
    /* the run's own property, else its character style's, else its
     * paragraph style's, else the document's default (ECMA-376 Part 1, 17.7: styles) */
    const docx_style *rs = p->run_style, *ps = p->style;
    int bold = p->run_bold >= 0 ? p->run_bold
               : rs && rs->rbold >= 0 ? rs->rbold
               : ps && ps->rbold >= 0 ? ps->rbold : rd->styles->default_bold;
    int size = p->run_size > 0 ? p->run_size
               : rs && rs->rsize ? rs->rsize
               : ps && ps->rsize ? ps->rsize : rd->styles->default_size;
    for (size_t i = 0; i < n; ) {
        uint32_t cp;
        size_t k = utf8_decode(v + i, n - i, &cp);
        if (cp < 0x20 && cp != '\t') sbuf_putc(&p->text, ' ');
        else sbuf_append(&p->text, v + i, k);
        if (cp > ' ' && cp != 0x3000) chars++;
        i += k;
    }
    if (!chars) return;
    p->chars += chars;
    if (bold > 0) p->bold_chars += chars;
    int j;
    for (j = 0; j < p->nsizes && p->sizes[j] != size; j++) {}
    if (j == p->nsizes && p->nsizes < 8) { p->sizes[j] = size; p->size_chars[j] = 0; p->nsizes++; }
    if (j < p->nsizes) p->size_chars[j] += chars;
}

/* Whether the current w: element opens a subtree that is not read: deleted
 * and moved-away text, formatting before a tracked change, and the second
 * copy of a drawing (mc:Fallback: the VML text box Word writes beside the
 * DrawingML one, so a text box is read once). */
static int skipped(const char *name, int ns)
{
    if (ns == 'm') return !strcmp(name, "Fallback");
    return ns == 'w' && (!strcmp(name, "del") || !strcmp(name, "moveFrom") || !strcmp(name, "rPrChange") ||
                         !strcmp(name, "pPrChange") || !strcmp(name, "delText") || !strcmp(name, "instrText"));
}

static int start_element(reader *rd, const char *name, int depth, int empty)
{
    para *p = rd->nparas ? &rd->stack[rd->nparas - 1] : NULL;
    char v[128];
    if (!strcmp(name, "p")) {
        rd->paragraphs++;
        if (empty || rd->nparas == PARA_STACK_MAX) return DOCXREAD_OK;
        p = &rd->stack[rd->nparas++];
        memset(p, 0, sizeof *p);
        p->depth = depth;
        p->lineno = rd->paragraphs;
        p->outline = -1;
        p->style = rd->styles->normal;
        return DOCXREAD_OK;
    }
    if (!strcmp(name, "tbl")) { if (!empty) rd->table_depth++; return DOCXREAD_OK; }
    if (!strcmp(name, "tc")) { if (rd->table_depth == 1) rd->cells++; return DOCXREAD_OK; }
    if (!p) return DOCXREAD_OK;
    if (!strcmp(name, "pPr")) { p->in_ppr = !empty; return DOCXREAD_OK; }
    if (p->in_ppr) {
        if (!strcmp(name, "pStyle")) {
            const docx_style *s = style_find(rd->styles, w_attr(&rd->d, "val", v, sizeof v));
            if (s) p->style = s;
        } else if (!strcmp(name, "outlineLvl")) {
            long n = w_number(&rd->d, -1);
            if (n >= 0 && n <= 9) p->outline = (int)n;
        } else if (!strcmp(name, "pageBreakBefore")) {
            p->page_break_before = w_on(&rd->d);
        } else if (!strcmp(name, "numPr")) {
            p->listed = 1;
        }
        return DOCXREAD_OK;   /* the paragraph mark's w:rPr, w:tabs... are not text */
    }
    if (!strcmp(name, "r")) {
        p->in_run = !empty;
        p->in_rpr = p->in_t = 0;
        p->run_bold = -1;
        p->run_size = 0;
        p->run_style = NULL;
        return DOCXREAD_OK;
    }
    if (!p->in_run) return DOCXREAD_OK;
    if (!strcmp(name, "rPr")) { p->in_rpr = !empty; return DOCXREAD_OK; }
    if (p->in_rpr) {
        if (!strcmp(name, "b")) p->run_bold = w_on(&rd->d);
        else if (!strcmp(name, "sz")) {
            long n = w_number(&rd->d, 0);
            if (n > 0 && n <= 3276) p->run_size = (int)n;
        } else if (!strcmp(name, "rStyle")) {
            p->run_style = style_find(rd->styles, w_attr(&rd->d, "val", v, sizeof v));
        }
        return DOCXREAD_OK;
    }
    if (!strcmp(name, "t")) p->in_t = !empty;
    else if (!strcmp(name, "tab")) sbuf_putc(&p->text, ' ');   /* a tab stop inside a line: a space */
    else if (!strcmp(name, "br")) sbuf_putc(&p->text, !strcmp(w_attr(&rd->d, "type", v, sizeof v), "page") ? '\f' : '\n');
    else if (!strcmp(name, "cr")) sbuf_putc(&p->text, '\n');
    else if (!strcmp(name, "noBreakHyphen")) sbuf_putc(&p->text, '-');
    return DOCXREAD_OK;
}

static int end_element(reader *rd, const char *name, int depth)
{
    para *p = rd->nparas ? &rd->stack[rd->nparas - 1] : NULL;
    if (!strcmp(name, "p")) return p && p->depth == depth ? end_para(rd) : DOCXREAD_OK;
    if (!strcmp(name, "tbl")) {
        if (rd->table_depth > 0 && --rd->table_depth == 0) return end_row(rd);   /* a row left open */
        return DOCXREAD_OK;
    }
    if (!strcmp(name, "tr")) return rd->table_depth == 1 ? end_row(rd) : DOCXREAD_OK;
    if (!p) return DOCXREAD_OK;
    if (!strcmp(name, "pPr")) p->in_ppr = 0;
    else if (!strcmp(name, "rPr")) p->in_rpr = 0;
    else if (!strcmp(name, "t")) p->in_t = 0;
    else if (!strcmp(name, "r")) p->in_run = p->in_rpr = p->in_t = 0;
    return DOCXREAD_OK;
}

static int document_read(reader *rd)
{
    const xml_api *x = rd->d.x;
    char *err = rd->err;
    size_t errlen = rd->errlen;
    int rc = DOCXREAD_OK, ret = x->xmlTextReaderRead(rd->d.r);
    while (ret == 1 && rc == DOCXREAD_OK) {
        int type = x->xmlTextReaderNodeType(rd->d.r);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) return refuse_dtd(&rd->d, err, errlen);
        if (type == XML_READER_TYPE_ELEMENT) {
            int ns = node_ns(&rd->d);
            const char *name = node_name(&rd->d);
            if (skipped(name, ns)) {
                ret = x->xmlTextReaderNext(rd->d.r);
                continue;
            }
            if (ns == 'w') {
                int depth = x->xmlTextReaderDepth(rd->d.r), empty = x->xmlTextReaderIsEmptyElement(rd->d.r);
                rc = start_element(rd, name, depth, empty);
                /* an empty element has no end of its own */
                if (rc == DOCXREAD_OK && empty && (!strcmp(name, "tr"))) rc = end_element(rd, name, depth);
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (node_ns(&rd->d) == 'w') rc = end_element(rd, node_name(&rd->d), x->xmlTextReaderDepth(rd->d.r));
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE) {
            para *p = rd->nparas ? &rd->stack[rd->nparas - 1] : NULL;
            const char *v = (const char *)x->xmlTextReaderConstValue(rd->d.r);
            if (p && p->in_t && v) {
                run_text(rd, p, v);
                if (p->text.len > LINEDOC_MAX_TEXT_BYTES) {
                    SET_ERR("too much text (a paragraph over %u MB, the limit for one bulletin)",
                            LINEDOC_MAX_TEXT_BYTES >> 20);
                    return DOCXREAD_TOO_LARGE;
                }
            }
        }
        if (rc == DOCXREAD_OK) ret = x->xmlTextReaderRead(rd->d.r);
    }
    if (rc != DOCXREAD_OK) return rc;
    if (ret < 0) return xml_failed(&rd->d, err, errlen);
    return DOCXREAD_OK;   /* no line at all: the parser says "empty: no text" */
}

static int parse_xml(const xml_api *x, const char *document, size_t document_len, const char *styles,
                     size_t styles_len, const char *core, size_t core_len, linedoc **out, char *err, size_t errlen)
{
    docx_styles st;
    reader rd;
    int rc;
    memset(&st, 0, sizeof st);
    memset(&rd, 0, sizeof rd);
    *out = NULL;
    if ((rc = styles_read(x, styles, styles_len, &st, err, errlen)) != DOCXREAD_OK) goto done;
    if (!(rd.out = linedoc_new())) {
        SET_ERR("out of memory");
        rc = DOCXREAD_NOMEM;
        goto done;
    }
    if ((rc = core_read(x, core, core_len, rd.out, err, errlen)) != DOCXREAD_OK) goto done;
    if ((rc = xml_begin(&rd.d, x, "word/document.xml", document, document_len, err, errlen)) != DOCXREAD_OK)
        goto done;
    rd.styles = &st;
    rd.err = err;
    rd.errlen = errlen;
    rc = document_read(&rd);
    x->xmlFreeTextReader(rd.d.r);
done:
    while (rd.nparas) sbuf_free(&rd.stack[--rd.nparas].text);
    sbuf_free(&rd.row_text);
    VEC_FREE(&rd.row);
    styles_free(&st);
    if (rc == DOCXREAD_OK) *out = rd.out;
    else linedoc_free(rd.out);
    return rc;
}

int docxread_parse_xml(const char *document, size_t document_len, const char *styles, size_t styles_len,
                       const char *core, size_t core_len, linedoc **out, char *err, size_t errlen)
{
    xml_api x;
    *out = NULL;
    if (xml_open(&x, err, errlen) != 0) return DOCXREAD_NO_READER;
    return parse_xml(&x, document, document_len, styles, styles_len, core, core_len, out, err, errlen);
}

/* ---- the zip ---------------------------------------------------------------------------- */

/* Reads entry name (at most limit bytes uncompressed, counted as read:
 * the sizes a zip declares can lie) into *buf (NUL-terminated, to free).
 * DOCXREAD_OK, or -1 when the zip has no such entry, or an error. */
static int read_entry(const zip_api *z, zip_t *za, const char *name, size_t limit, char **buf, size_t *len,
                      char *err, size_t errlen)
{
    zip_stat_t st;
    sbuf b = SBUF_INIT;
    char chunk[65536];
    zip_int64_t idx = z->zip_name_locate(za, name, 0), n;
    *buf = NULL;
    *len = 0;
    if (idx < 0) idx = z->zip_name_locate(za, name, ZIP_FL_NOCASE);
    if (idx < 0) return -1;
    z->zip_stat_init(&st);
    if (z->zip_stat_index(za, (zip_uint64_t)idx, 0, &st) != 0) {
        SET_ERR("damaged zip archive (%s: %s)", name, z->zip_strerror(za));
        return DOCXREAD_DAMAGED;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        SET_ERR("the .docx is encrypted (a password on its zip): save a copy without one");
        return DOCXREAD_LOCKED;
    }
    if ((st.valid & ZIP_STAT_SIZE) && st.size > limit) {
        SET_ERR("%s is %llu MB uncompressed (over %zu MB, the limit): a zip bomb?", name,
                (unsigned long long)(st.size >> 20), limit >> 20);
        return DOCXREAD_TOO_LARGE;
    }
    zip_file_t *zf = z->zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!zf) {
        int code = z->zip_error_code_zip(z->zip_get_error(za));
        if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP) {
            SET_ERR("the .docx is encrypted (a password on its zip): save a copy without one");
            return DOCXREAD_LOCKED;
        }
        SET_ERR("damaged zip archive (%s: %s)", name, z->zip_strerror(za));
        return DOCXREAD_DAMAGED;
    }
    while ((n = z->zip_fread(zf, chunk, sizeof chunk)) > 0) {
        if (b.len + (size_t)n > limit) {
            SET_ERR("%s is over %zu MB uncompressed (the limit), more than its zip entry declares: a zip bomb?",
                    name, limit >> 20);
            z->zip_fclose(zf);
            sbuf_free(&b);
            return DOCXREAD_TOO_LARGE;
        }
        if (sbuf_append(&b, chunk, (size_t)n) != 0) break;
    }
    if (n < 0) {
        /* a CRC that does not match, deflate data cut short */
        SET_ERR("damaged zip archive (%s: %s): copy the file again", name, z->zip_file_strerror(zf));
        z->zip_fclose(zf);
        sbuf_free(&b);
        return DOCXREAD_DAMAGED;
    }
    z->zip_fclose(zf);
    if (sbuf_putc(&b, '\0') != 0 || sbuf_failed(&b)) {
        sbuf_free(&b);
        SET_ERR("out of memory");
        return DOCXREAD_NOMEM;
    }
    *len = b.len - 1;
    *buf = sbuf_detach(&b);
    return DOCXREAD_OK;
}

int docxread_load(char *err, size_t errlen)
{
    zip_api z;
    xml_api x;
    return zip_api_open(&z, err, errlen) == 0 && xml_open(&x, err, errlen) == 0 ? DOCXREAD_OK : DOCXREAD_NO_READER;
}

int docxread_extract(const unsigned char *bytes, size_t len, linedoc **out, char *err, size_t errlen)
{
    zip_api z;
    xml_api x;
    zip_error_t ze;
    zip_t *za = NULL;
    char *document = NULL, *styles = NULL, *core = NULL;
    size_t document_len = 0, styles_len = 0, core_len = 0;
    int rc;

    *out = NULL;
    if (!bytes || !docxread_is_zip(bytes, len)) {
        SET_ERR("not a .docx (not a zip archive)");
        return DOCXREAD_NOT_DOCX;
    }
    if (zip_api_open(&z, err, errlen) != 0 || xml_open(&x, err, errlen) != 0) return DOCXREAD_NO_READER;
    z.zip_error_init(&ze);
    zip_source_t *src = z.zip_source_buffer_create(bytes, len, 0, &ze);
    if (!src) {
        SET_ERR("out of memory");
        z.zip_error_fini(&ze);
        return DOCXREAD_NOMEM;
    }
    za = z.zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!za) {
        int code = z.zip_error_code_zip(&ze);
        if (code == ZIP_ER_MEMORY) {
            SET_ERR("out of memory");
            rc = DOCXREAD_NOMEM;
        } else {
            /* a zip's directory is at its end: a copy cut short has none */
            SET_ERR("truncated or damaged zip archive (%s): copy the file again", z.zip_error_strerror(&ze));
            rc = DOCXREAD_DAMAGED;
        }
        z.zip_source_free(src);
        z.zip_error_fini(&ze);
        return rc;
    }
    z.zip_error_fini(&ze);
    zip_int64_t entries = z.zip_get_num_entries(za, 0);
    if (entries < 0 || (zip_uint64_t)entries > DOCXREAD_MAX_ENTRIES) {
        SET_ERR("%lld files in the zip (over %u, the limit for a .docx)", (long long)entries, DOCXREAD_MAX_ENTRIES);
        rc = DOCXREAD_TOO_LARGE;
        goto done;
    }
    rc = read_entry(&z, za, "word/document.xml", DOCXREAD_MAX_DOCUMENT_BYTES, &document, &document_len, err, errlen);
    if (rc < 0) {
        SET_ERR("a zip archive, not a Word document (no word/document.xml in it)");
        rc = DOCXREAD_NOT_DOCX;
    }
    if (rc != DOCXREAD_OK) goto done;
    rc = read_entry(&z, za, "word/styles.xml", DOCXREAD_MAX_PART_BYTES, &styles, &styles_len, err, errlen);
    if (rc > 0) goto done;
    rc = read_entry(&z, za, "docProps/core.xml", DOCXREAD_MAX_PART_BYTES, &core, &core_len, err, errlen);
    if (rc > 0) goto done;
    rc = parse_xml(&x, document, document_len, styles, styles_len, core, core_len, out, err, errlen);
done:
    z.zip_discard(za);
    free(document);
    free(styles);
    free(core);
    return rc;
}
