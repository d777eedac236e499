/* SPDX-License-Identifier: GPL-3.0-or-later */
/* htmlread.c — a web page through libxml2's HTML parser, its charset and its
 * main text (htmlread.h). */
#include "ingest/htmlread.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/chars.h"
#include "util/dynlib.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/vec.h"

#define SET_ERR(...) do { if (errlen) snprintf(err, errlen, __VA_ARGS__); } while (0)

/* ---- is it a page, and in which charset --------------------------------------- */

static int lower_is(const unsigned char *p, const unsigned char *end, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(end - p) >= n && strncasecmp((const char *)p, word, n) == 0;
}

int htmlread_is_html(const unsigned char *bytes, size_t len)
{
    const unsigned char *p = bytes, *end = bytes + (len < 1024 ? len : 1024);
    static const char *const opens[] = {"<!doctype html", "<html", "<head", "<body", "<meta", "<title"};
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) p += 3;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\f')) p++;
        if (!lower_is(p, end, "<!--")) break;
        const unsigned char *close = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
        if (!close) return 0;
        p = close + 3;
    }
    if (p >= end || *p != '<') return 0;
    for (; p < end; p++) {
        if (*p != '<') continue;
        for (size_t i = 0; i < sizeof opens / sizeof opens[0]; i++) {
            const unsigned char *after = p + strlen(opens[i]);
            if (lower_is(p, end, opens[i]) &&
                (after >= end || *after == '>' || *after == ' ' || *after == '\t' || *after == '\r' ||
                 *after == '\n' || *after == '/'))
                return 1;
        }
    }
    return 0;
}

/* The encoding a charset label names (WHATWG's labels of the encodings
 * textcodec reads: gb2312, gbk, x-gbk, cp936 and gb18030 are all read as
 * GB18030, its superset; big5, x-x-big5 and cp950 as Big5), or -1. */
static int charset_label(const char *s, size_t n, textcodec_encoding *out)
{
    static const struct { const char *label; textcodec_encoding enc; } labels[] = {
        {"utf-8", TEXTCODEC_UTF8}, {"utf8", TEXTCODEC_UTF8}, {"unicode-1-1-utf-8", TEXTCODEC_UTF8},
        {"gb2312", TEXTCODEC_GB18030}, {"gbk", TEXTCODEC_GB18030}, {"x-gbk", TEXTCODEC_GB18030},
        {"gb18030", TEXTCODEC_GB18030}, {"cp936", TEXTCODEC_GB18030}, {"euc-cn", TEXTCODEC_GB18030},
        {"chinese", TEXTCODEC_GB18030}, {"csgb2312", TEXTCODEC_GB18030}, {"iso-ir-58", TEXTCODEC_GB18030},
        {"x-euc-cn", TEXTCODEC_GB18030}, {"gb_2312-80", TEXTCODEC_GB18030},
        {"big5", TEXTCODEC_BIG5}, {"x-x-big5", TEXTCODEC_BIG5}, {"cn-big5", TEXTCODEC_BIG5},
        {"csbig5", TEXTCODEC_BIG5}, {"cp950", TEXTCODEC_BIG5}, {"big5-hkscs", TEXTCODEC_BIG5_HKSCS},
        {"utf-16", TEXTCODEC_UTF16}, {"utf-16le", TEXTCODEC_UTF16}, {"utf-16be", TEXTCODEC_UTF16},
    };
    while (n && (*s == ' ' || *s == '"' || *s == '\'')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == '\'')) n--;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strlen(labels[i].label) == n && strncasecmp(s, labels[i].label, n) == 0) {
            *out = labels[i].enc;
            return 0;
        }
    return -1;
}

/* The value of "charset=" in s[0..n) (a Content-Type), or NULL. */
static const char *charset_param(const char *s, size_t n, size_t *vlen)
{
    for (size_t i = 0; i + 8 <= n; i++) {
        if (strncasecmp(s + i, "charset", 7) != 0) continue;
        size_t j = i + 7;
        while (j < n && s[j] == ' ') j++;
        if (j >= n || s[j] != '=') continue;
        j++;
        while (j < n && (s[j] == ' ' || s[j] == '"' || s[j] == '\'')) j++;
        size_t k = j;
        while (k < n && s[k] != ';' && s[k] != '"' && s[k] != '\'' && s[k] != ' ' && s[k] != '>' && s[k] != '/')
            k++;
        *vlen = k - j;
        return k > j ? s + j : NULL;
    }
    return NULL;
}

/* The charset a <meta> within the first 8 KB declares, by the shape of the
 * WHATWG prescan: <meta charset=X> or a content="…; charset=X"
 * (http-equiv Content-Type). Reads markup, not the tree: libxml2 must get
 * the page already in UTF-8. 0 with *out set, or -1. */
static int meta_charset(const unsigned char *bytes, size_t len, textcodec_encoding *out)
{
    const char *s = (const char *)bytes, *end = s + (len < 8192 ? len : 8192);
    for (const char *p = s; p < end; p++) {
        if (*p != '<' || !lower_is((const unsigned char *)p, (const unsigned char *)end, "<meta")) continue;
        const char *close = memchr(p, '>', (size_t)(end - p));
        if (!close) return -1;
        size_t vlen;
        const char *v = charset_param(p + 5, (size_t)(close - p - 5), &vlen);
        if (v && charset_label(v, vlen, out) == 0) return 0;
        p = close;
    }
    return -1;
}

const char *htmlread_charset(const unsigned char *bytes, size_t len, const char *content_type,
                             textcodec_encoding *out)
{
    size_t vlen;
    const char *v;
    *out = TEXTCODEC_AUTO;
    if ((len >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) ||
        (len >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))))
        return "bom";
    if (content_type && (v = charset_param(content_type, strlen(content_type), &vlen)) &&
        charset_label(v, vlen, out) == 0)
        return "http";
    if (meta_charset(bytes, len, out) == 0) return "meta";
    *out = TEXTCODEC_AUTO;
    return "sniffed";
}

/* ---- libxml2, loaded when a page is read ------------------------------------- */

/* libxml2 is small next to poppler, but linked it costs every brief
 * process its loading (and ICU's, which Debian's libxml2 pulls in: 5-10
 * ms, bench/README.md) though only a web page or a Word file needs it. Only
 * functions are used (the tree is read through its structs): no global of
 * libxml2, such as the variable xmlFree, is looked up. */
#ifndef HTMLREAD_XML2_SONAME
#define HTMLREAD_XML2_SONAME "libxml2.so.2"   /* Debian 12's libxml2 */
#endif

#define XML2_API(X) \
    X(htmlNewParserCtxt) \
    X(htmlCtxtReadMemory) \
    X(htmlFreeParserCtxt) \
    X(xmlFreeDoc) \
    X(xmlDocGetRootElement) \

DYNLIB_API(xml2_api, XML2_API, xml2_open, HTMLREAD_XML2_SONAME, "libxml2", "reading HTML")

int htmlread_load(char *err, size_t errlen)
{
    xml2_api api;
    return xml2_open(&api, err, errlen) == 0 ? 0 : HTMLREAD_NO_READER;
}

/* ---- the walk: blocks of text ------------------------------------------------- */

/* A block: the text between two block boundaries (<p>, <div>, <br>, <li>,
 * a cell …), with what the markup said about it. */
typedef struct hblock {
    size_t off, len;        /* in walker.text */
    size_t chars;           /* characters */
    size_t link_chars;      /* characters inside <a> */
    size_t bold_chars;      /* characters inside <b>/<strong> */
    size_t punct;           /* ，。、；：！？ and their ASCII look-alikes: marks of running prose */
    size_t elem;            /* the innermost block element holding it (index into walker.elems) */
    size_t lineno;
    int heading;            /* 1..6 inside <hN>, else 0 */
    int caption;            /* inside <figcaption> or an element whose class says caption */
    int centred;            /* align=center, text-align:center or <center> */
    int after_image;        /* an <img> came since the block before */
    int title_class;        /* inside an element whose class or id says title (not subtitle) */
    int item_end;           /* the last block of a list item or a table's cell: it ends its paragraph (block_end) */
    size_t data_row;        /* 1 + the <tr> of several cells with text it stands in (a table's data, one
                               line a row as the Word reader gives it), else 0 */
    int in_list;            /* inside <li>, <dt> or <dd>, or a cell of a row of several cells with text:
                               an item, never a headline (but in <hN>) */
} hblock;

/* What an element changes while the walk is inside it, restored when it
 * leaves (the walk keeps no stack: each element remembers its parent's). */
typedef struct hstate {
    size_t container;       /* the innermost block element */
    int heading, caption, centred, title_class, in_list;
    int link, bold;         /* depths */
} hstate;

typedef struct helem {
    size_t parent;          /* index of the parent element; (size_t)-1 for the root */
    size_t first, end;      /* its blocks: [first, end) */
    hstate saved;           /* the state before it */
    double score;
    int block;              /* a block-level element */
    int para;               /* a paragraph's element (<p>, <hN>, <li> …): its score goes to its parent */
    int item;               /* a list item or a table's cell: its text ends its paragraph */
    int cell, row;          /* a <td> or <th>; a <tr> */
    size_t cells;           /* a row's cells that hold text, counted as they end */
    uint32_t kind;          /* a hash of its tag and class: siblings of one kind are an index page's items */
} helem;

typedef struct walker {
    sbuf text;              /* every block's text, one after the other */
    sbuf cur;               /* the block being collected */
    size_t cur_chars, cur_links, cur_bold, cur_punct, cur_lineno;
    int pending_space, pending_newline;
    uint32_t last_cp;
    int image_seen;
    hstate st;
    hblock *blocks;
    size_t nblocks, capblocks;
    helem *elems;
    size_t nelems, capelems;
    /* the page's own words about itself */
    char *title, *og_title, *published, *url, *source, *time_datetime;
    int failed;             /* out of memory */
    int too_large;
} walker;

static int tag_is(const xmlNode *n, const char *name)
{
    return n->name && strcmp((const char *)n->name, name) == 0;
}

static int tag_in(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (tag_is(n, *names)) return 1;
    return 0;
}

/* The value of attribute name (transfer none: the tree's), or NULL. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && strcasecmp((const char *)a->name, name) == 0)
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

/* Elements whose text is never the page's: scripts, styles, forms, the
 * page's own navigation, header, footer and side column (HTML5's sectioning
 * of furniture), embedded players. */
static const char *const skip_tags[] = {
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe", "object",
    "embed", "select", "option", "button", "textarea", "input", "svg", "canvas", "video", "audio", "map",
    "frameset", "frame", "applet", NULL};

/* Block-level elements: each starts and ends a block of text. */
static const char *const block_tags[] = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tbody",
    "thead", "tfoot", "tr", "td", "th", "caption", "section", "article", "main", "blockquote", "figure",
    "figcaption", "pre", "address", "center", "hr", "header", "body", "html", "fieldset", "details",
    "summary", "title", "head", NULL};

/* The elements of one paragraph: Readability scores the element that
 * holds them, not themselves. */
static const char *const para_tags[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "figcaption", "address", "blockquote",
    "caption", NULL};

/* Words of a class or id that name furniture: navigation, breadcrumbs,
 * share bars, comment boxes, footers, side columns, related links, pager
 * (上一篇/下一篇), print and close buttons — the names real union and
 * government sites give them (docs/ingest.md, section 15). A word matches
 * when a token of the class contains it. */
static const char *const furniture_words[] = {
    "nav", "menu", "crumb", "share", "comment", "footer", "header", "sidebar", "related", "copyright",
    "banner", "advert", "login", "search", "weather", "toolbar", "pager", "pagination", "fenxiang",
    "bdshare", "jiathis", "social", "recommend", "position", "location", "prevnext", "prev-next", "print",
    "fontsize", "font-size", "topbar", "top-bar", "more-news", "hotnews", "friendlink", "qrcode", "erweima",
    "xgwz", "xgxw", "lanmu", "dibu", "daohang", "btns", "tools", "video", "today", "skip", "logo", "lang",
    NULL};
/* Tokens that name furniture only when whole (as parts of words they do
 * not: "top" of "stop", "foot" of "footnote", "hot" of "photo"). */
static const char *const furniture_tokens[] = {
    "top", "foot", "head", "hot", "ad", "ads", "tool", "side", "pl", "wx", "wb", "qq", "page", "close",
    "subnav", "links", "link", NULL};
/* Tokens that keep an element whatever else its class says (Readability's
 * okMaybeItsACandidate): "article-header" holds the title. */
static const char *const content_tokens[] = {
    "article", "content", "main", "body", "text", "detail", "zoom", "news", "con", "zw", "title", "info",
    "meta", "speech", NULL};

/* Whether the class and id of n say furniture. */
static int furniture_class(const xmlNode *n)
{
    const char *names[2] = {attr(n, "class"), attr(n, "id")};
    int furniture = 0, content = 0;
    for (int k = 0; k < 2; k++) {
        const char *s = names[k];
        if (!s) continue;
        while (*s) {
            char tok[64];
            size_t t = 0;
            while (*s && (*s == ' ' || *s == '\t' || *s == '\n')) s++;
            while (*s && *s != ' ' && *s != '\t' && *s != '\n') {
                if (t + 1 < sizeof tok) tok[t++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
                s++;
            }
            tok[t] = '\0';
            if (!t) continue;
            for (size_t i = 0; furniture_words[i]; i++)
                if (strstr(tok, furniture_words[i])) furniture = 1;
            /* the parts of a token: "article__share", "site-header" */
            char part[64];
            for (size_t a = 0; a < t;) {
                size_t b = a;
                while (b < t && tok[b] != '-' && tok[b] != '_') b++;
                memcpy(part, tok + a, b - a);
                part[b - a] = '\0';
                for (size_t i = 0; furniture_tokens[i]; i++)
                    if (strcmp(part, furniture_tokens[i]) == 0) furniture = 1;
                for (size_t i = 0; content_tokens[i]; i++)
                    if (strcmp(part, content_tokens[i]) == 0) content = 1;
                a = b + 1;
            }
        }
    }
    /* a share bar or a comment box inside the article is furniture still */
    return furniture && !content ? 1 : 0;
}

static int class_has(const xmlNode *n, const char *word)
{
    const char *c = attr(n, "class");
    if (c && strcasestr(c, word)) return 1;
    c = attr(n, "id");
    return c && strcasestr(c, word);
}

static int hidden(const xmlNode *n)
{
    const char *style = attr(n, "style");
    if (attr(n, "hidden")) return 1;
    if (!style) return 0;
    char compact[256];
    size_t k = 0;
    for (const char *s = style; *s && k + 1 < sizeof compact; s++)
        if (*s != ' ') compact[k++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
    compact[k] = '\0';
    return strstr(compact, "display:none") || strstr(compact, "visibility:hidden");
}

static int centred(const xmlNode *n)
{
    const char *align = attr(n, "align"), *style = attr(n, "style");
    if (tag_is(n, "center") || (align && strcasecmp(align, "center") == 0)) return 1;
    if (!style) return 0;
    const char *t = strcasestr(style, "text-align");
    if (!t) return 0;
    t += 10;
    while (*t == ' ' || *t == ':') t++;
    return strncasecmp(t, "center", 6) == 0;
}

static char *dup_trim(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    if (!n) return NULL;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Keeps the first value of a field (later <meta>s repeat or contradict). */
static void keep(walker *w, char **field, const char *value)
{
    if (*field || !value) return;
    *field = dup_trim(value);
    if (!*field && *value) w->failed = 1;
}

/* What a <meta> or <link> says about the page. */
static void read_meta(walker *w, const xmlNode *n)
{
    const char *content = attr(n, "content");
    const char *name = attr(n, "property");
    if (!name) name = attr(n, "name");
    if (!name) name = attr(n, "itemprop");
    if (tag_is(n, "link")) {
        const char *rel = attr(n, "rel");
        if (rel && strcasecmp(rel, "canonical") == 0) keep(w, &w->url, attr(n, "href"));
        return;
    }
    if (!name || !content) return;
    static const char *const dates[] = {"article:published_time", "og:article:published_time", "publishdate",
                                        "pubdate", "publish_date", "publishtime", "datepublished",
                                        "dc.date.issued", "dc.date", "firstpublishedtime", NULL};
    for (size_t i = 0; dates[i]; i++)
        if (strcasecmp(name, dates[i]) == 0) keep(w, &w->published, content);
    if (strcasecmp(name, "og:title") == 0) keep(w, &w->og_title, content);
    else if (strcasecmp(name, "og:url") == 0) keep(w, &w->url, content);
    else if (strcasecmp(name, "contentsource") == 0 || strcasecmp(name, "source") == 0)
        keep(w, &w->source, content);
}

/* Ends the block being collected. */
static void flush(walker *w)
{
    sbuf *c = &w->cur;
    if (c->failed) w->failed = 1;
    if (w->cur_chars && !w->failed) {
        if (w->nblocks >= HTMLREAD_MAX_BLOCKS) {
            w->too_large = 1;
        } else if (VEC_RESERVE(w->blocks, w->capblocks, w->nblocks + 1) != 0) {
            w->failed = 1;
        } else {
            hblock *b = &w->blocks[w->nblocks++];
            memset(b, 0, sizeof *b);
            b->off = w->text.len;
            b->len = c->len;
            b->chars = w->cur_chars;
            b->link_chars = w->cur_links;
            b->bold_chars = w->cur_bold;
            b->punct = w->cur_punct;
            b->elem = w->st.container;
            b->lineno = w->cur_lineno;
            b->heading = w->st.heading;
            b->caption = w->st.caption;
            b->centred = w->st.centred;
            b->title_class = w->st.title_class;
            b->in_list = w->st.in_list;
            b->after_image = w->image_seen;
            w->image_seen = 0;
            if (sbuf_append(&w->text, c->data, c->len) != 0) w->failed = 1;
        }
    }
    sbuf_clear(c);
    w->cur_chars = w->cur_links = w->cur_bold = w->cur_punct = 0;
    w->pending_space = w->pending_newline = 0;
    w->last_cp = 0;
}

static int cjk(uint32_t cp)
{
    return cp >= 0x2E80 && !chars_is(cp, CHARS_SPACE);
}

/* Appends a text node's characters to the block: runs of white space (and
 * no-break spaces) become one space, dropped at the block's edges and
 * between two Chinese characters when the run held a line break (a line
 * break in the markup between two characters is no space in Chinese). */
static void add_text(walker *w, const xmlNode *n)
{
    const char *s = (const char *)n->content;
    size_t len = s ? strlen(s) : 0, i = 0;
    /* white space between two elements (</span>\n<span>) stays a space */
    if (w->pending_space) w->pending_newline = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (k == 0) break;
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0 || cp == 0x200B ||
            cp == 0xFEFF) {
            w->pending_space = 1;
            if (cp == '\n' || cp == '\r') w->pending_newline = 1;
            i += k;
            continue;
        }
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) { i += k; continue; } /* controls are no text */
        if (w->cur_chars && w->pending_space && !(w->pending_newline && cjk(w->last_cp) && cjk(cp))) {
            sbuf_putc(&w->cur, ' ');
            w->cur_chars++;
        }
        if (!w->cur_chars && chars_is(cp, CHARS_SPACE)) { i += k; continue; }   /* 　 indenting the block */
        w->pending_space = w->pending_newline = 0;
        if (!w->cur_chars) w->cur_lineno = n->line;
        sbuf_append(&w->cur, s + i, k);
        w->cur_chars++;
        if (w->st.link) w->cur_links++;
        if (w->st.bold) w->cur_bold++;
        if (chars_is(cp, CHARS_STOP | CHARS_PAUSE | CHARS_ENUM_COMMA)) w->cur_punct++;
        w->last_cp = cp;
        i += k;
    }
}

/* FNV-1a of the tag and the class attribute. */
static uint32_t kind_of(const xmlNode *n)
{
    uint32_t h = 2166136261u;
    const char *parts[2] = {(const char *)n->name, attr(n, "class")};
    for (int k = 0; k < 2; k++) {
        for (const char *s = parts[k]; s && *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
        h = (h ^ 0xFFu) * 16777619u;
    }
    return h;
}

/* Enters element n: 1 to walk its children, 0 to pass it by. */
static int enter(walker *w, xmlNode *n)
{
    if (tag_is(n, "meta") || tag_is(n, "link")) {
        read_meta(w, n);
        return 0;
    }
    if (tag_is(n, "title")) {
        if (!w->title && n->children && n->children->type == XML_TEXT_NODE)
            keep(w, &w->title, (const char *)n->children->content);
        return 0;
    }
    if (tag_is(n, "time")) keep(w, &w->time_datetime, attr(n, "datetime"));
    /* HTML5's <header> is not skipped by its name: an <article>'s own
     * holds the headline; a site's header is skipped by its class, or
     * scores nothing (a logo, a slogan) */
    if (tag_in(n, skip_tags) || hidden(n) || (!tag_is(n, "body") && !tag_is(n, "html") && furniture_class(n)))
        return 0;
    if (tag_is(n, "img")) w->image_seen = 1;
    if (w->nelems >= HTMLREAD_MAX_ELEMENTS) {
        w->too_large = 1;
        return 0;
    }
    if (VEC_RESERVE(w->elems, w->capelems, w->nelems + 1) != 0) {
        w->failed = 1;
        return 0;
    }
    int block = tag_in(n, block_tags) || tag_is(n, "br");
    if (block) flush(w);
    size_t id = w->nelems++;
    helem *e = &w->elems[id];
    e->parent = n->parent && n->parent->_private ? (size_t)(uintptr_t)n->parent->_private - 1 : (size_t)-1;
    e->first = w->nblocks;
    e->end = w->nblocks;
    e->saved = w->st;
    e->score = 0;
    e->block = block;
    e->para = tag_in(n, para_tags);
    e->kind = kind_of(n);
    n->_private = (void *)(uintptr_t)(id + 1);
    if (block) w->st.container = id;
    if (n->name[0] == 'h' && n->name[1] >= '1' && n->name[1] <= '6' && !n->name[2]) w->st.heading = n->name[1] - '0';
    if (tag_is(n, "figcaption") || (block && (class_has(n, "caption") || class_has(n, "pic-text") ||
                                              class_has(n, "pictext") || class_has(n, "tuzhu"))))
        w->st.caption = 1;
    if (block && centred(n)) w->st.centred = 1;
    if (block && class_has(n, "title") && !class_has(n, "subtitle") && !class_has(n, "sub-title"))
        w->st.title_class = 1;
    int list_item = tag_is(n, "li") || tag_is(n, "dt") || tag_is(n, "dd");
    e->cell = tag_is(n, "td") || tag_is(n, "th");
    e->row = tag_is(n, "tr");
    e->cells = 0;
    e->item = list_item || e->cell;
    if (list_item) w->st.in_list = 1;
    if (tag_is(n, "a")) w->st.link++;
    if (tag_is(n, "b") || tag_is(n, "strong")) w->st.bold++;
    return 1;
}

/* A data cell's line is short: a figure, a name, a place. */
#define DATA_CELL_MAX_CHARS 100

static int short_lines(const walker *w, size_t first, size_t end)
{
    for (size_t k = first; k < end; k++)
        if (w->blocks[k].chars > DATA_CELL_MAX_CHARS || w->blocks[k].heading) return 0;
    return 1;
}

static void leave(walker *w, xmlNode *n)
{
    if (!n->_private) return;
    size_t id = (size_t)(uintptr_t)n->_private - 1;
    n->_private = NULL;
    helem *e = &w->elems[id];
    if (e->block) flush(w);
    e->end = w->nblocks;
    /* an item's last line ends its paragraph; lines a <br> split inside it still join */
    if (e->item && e->end > e->first) w->blocks[e->end - 1].item_end = 1;
    if (e->cell && e->end > e->first && e->parent != (size_t)-1) w->elems[e->parent].cells++;
    /* a row of several cells with text, each line of it short, is a
     * table's data (a page laid out in a table has its story in one cell
     * of its row, beside a column of links, and its headline in a row of
     * its own) */
    if (e->row && e->cells >= 2 && short_lines(w, e->first, e->end))
        for (size_t k = e->first; k < e->end; k++) {
            w->blocks[k].in_list = 1;
            if (!w->blocks[k].data_row) w->blocks[k].data_row = id + 1;   /* an inner table's row keeps its own */
        }
    w->st = e->saved;
}

/* Walks the tree from root in document order without recursion: down to
 * the first child, on to the next sibling, up to the parent. */
static void walk(walker *w, xmlNode *root)
{
    xmlNode *n = root;
    w->st.container = (size_t)-1;
    while (n && !w->failed) {
        int down = 0;
        if (n->type == XML_ELEMENT_NODE) down = enter(w, n);
        else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)) add_text(w, n);
        if (down && n->children) {
            n = n->children;
            continue;
        }
        for (;;) {
            if (n->type == XML_ELEMENT_NODE) leave(w, n);
            if (n == root) { n = NULL; break; }
            if (n->next) { n = n->next; break; }
            n = n->parent;
        }
    }
    flush(w);
}

/* ---- the main text -------------------------------------------------------------- */

/* A block is prose when it is long enough to say something; shorter lines
 * (labels, dates, buttons) add no score. */
#define PROSE_MIN_CHARS 10
/* Past this share of its characters in links a block or element is a list of
 * links (a menu, related stories), not text. */
#define LINK_DENSITY_MAX 0.5

static double link_density(const walker *w, size_t first, size_t end)
{
    size_t chars = 0, links = 0;
    for (size_t i = first; i < end; i++) {
        chars += w->blocks[i].chars;
        links += w->blocks[i].link_chars;
    }
    return chars ? (double)links / (double)chars : 0.0;
}

/* Readability's scores: each block of prose scores 1, one per mark of
 * punctuation and one per 50 characters (at most 3), to the element that
 * holds it, half that to its parent and a third to the grandparent; an
 * element's score is then discounted by the share of its text in links.
 * Returns the best element, or (size_t)-1. */
static size_t best_element(walker *w, double *best_score)
{
    for (size_t i = 0; i < w->nblocks; i++) {
        const hblock *b = &w->blocks[i];
        if (b->chars < PROSE_MIN_CHARS || b->heading || b->caption ||
            (double)b->link_chars > LINK_DENSITY_MAX * (double)b->chars)
            continue;
        double s = 1.0 + (double)b->punct + (double)(b->chars / 50 < 3 ? b->chars / 50 : 3);
        size_t e = b->elem;
        /* a block right in a <p> counts for the element that holds the <p> */
        while (e != (size_t)-1 && w->elems[e].para) {
            e = w->elems[e].parent;
            while (e != (size_t)-1 && !w->elems[e].block) e = w->elems[e].parent;
        }
        for (int level = 0; level < 3 && e != (size_t)-1; level++) {
            w->elems[e].score += level == 0 ? s : level == 1 ? s / 2 : s / 3;
            e = w->elems[e].parent;
            while (e != (size_t)-1 && !w->elems[e].block) e = w->elems[e].parent;
        }
    }
    size_t best = (size_t)-1;
    double top = 0;
    for (size_t i = 0; i < w->nelems; i++) {
        helem *e = &w->elems[i];
        if (e->score <= 0) continue;
        e->score *= 1.0 - link_density(w, e->first, e->end);
        if (e->score > top) {
            top = e->score;
            best = i;
        }
    }
    *best_score = top;
    return best;
}

/* Marks the blocks of the main text: the best element's and those of its
 * siblings of the same tag and class that score a fifth as much (an index
 * page's other stories, a body split over sibling <div class="text">s), or
 * of any kind that score half as much; a side column of another kind with
 * a paragraph of prose (a union's blurb) stays out. */
static void mark_content(walker *w, unsigned char *in, size_t best, double top)
{
    size_t parent = w->elems[best].parent;
    double same_floor = top * 0.2 > 10 ? top * 0.2 : 10, other_floor = top * 0.5 > 10 ? top * 0.5 : 10;
    for (size_t i = 0; i < w->nelems; i++) {
        const helem *e = &w->elems[i];
        if (i != best &&
            (parent == (size_t)-1 || e->parent != parent ||
             e->score < (e->kind == w->elems[best].kind ? same_floor : other_floor)))
            continue;
        for (size_t k = e->first; k < e->end; k++) in[k] = 1;
    }
}

/* s without the site's name: a <title> is "TITLE_栏目_SITE", "TITLE -
 * SITE", "TITLE | SITE": the first part, unless it is too short to be a
 * headline (then the longest). Writes into out (NUL-terminated). */
static void title_without_site(const char *s, char *out, size_t outlen)
{
    static const char *const seps[] = {" - ", " | ", "_", " — ", "｜", " – ", "--", " :: ", "——", "-", NULL};
    const char *best = s;
    size_t best_len = strlen(s), first_len = 0;
    const char *p = s;
    int found = 0;
    /* split at the first separator that occurs */
    for (size_t i = 0; seps[i] && !found; i++) {
        if (!strstr(s, seps[i])) continue;
        found = 1;
        size_t sl = strlen(seps[i]);
        best_len = 0;
        for (p = s;;) {
            const char *q = strstr(p, seps[i]);
            size_t n = q ? (size_t)(q - p) : strlen(p);
            if (p == s) first_len = n;
            if (n > best_len) { best = p; best_len = n; }
            if (!q) break;
            p = q + sl;
        }
        if (utf8_length(s, first_len) >= 6) { best = s; best_len = first_len; }
    }
    if (best_len >= outlen) best_len = outlen - 1;
    while (best_len && ((unsigned char)best[best_len] & 0xC0) == 0x80) best_len--;   /* at a character's start */
    memcpy(out, best, best_len);
    out[best_len] = '\0';
}

static int same_title(const walker *w, const hblock *b, const char *t)
{
    size_t tl = strlen(t);
    const char *s = w->text.data + b->off;
    if (!tl || b->chars < 2) return 0;
    if (b->len == tl && memcmp(s, t, tl) == 0) return 1;
    /* one holds the other: "TITLE" in a <title> of "TITLE_SITE", a headline
     * the <title> shortened */
    if (b->len < tl) return b->chars >= 4 && memmem(t, tl, s, b->len) != NULL;
    return utf8_length(t, tl) >= 4 && memmem(s, b->len, t, tl) != NULL;
}

/* The block that is the page's headline: the <h1> the title names, else
 * any <h1>-<h3> it names, else a block of exactly its words (a <div
 * class="title">), else the first <h1> that is not a link; or (size_t)-1. */
static size_t find_headline(const walker *w, const char *t, size_t content_first)
{
    size_t i;
    for (int pass = 0; pass < 3; pass++)
        for (i = 0; i < w->nblocks; i++) {
            const hblock *b = &w->blocks[i];
            if (b->link_chars * 2 > b->chars) continue;
            if (pass == 0 && b->heading == 1 && same_title(w, b, t)) return i;
            if (pass == 1 && b->heading >= 1 && b->heading <= 3 && same_title(w, b, t)) return i;
            if (pass == 2 && (content_first == (size_t)-1 || i <= content_first) && b->len == strlen(t) &&
                same_title(w, b, t))
                return i;
        }
    /* the <title> names only the site: a short heading or "title" block
     * just above the text */
    for (i = content_first; content_first != (size_t)-1 && i-- > 0 && content_first - i <= 8;) {
        const hblock *b = &w->blocks[i];
        if (b->link_chars * 2 <= b->chars && b->chars >= 4 && b->chars <= 80 &&
            ((b->heading >= 1 && b->heading <= 3) || b->title_class))
            return i;
    }
    for (i = 0; i < w->nblocks; i++)
        if (w->blocks[i].heading == 1 && w->blocks[i].link_chars * 2 <= w->blocks[i].chars) return i;
    return (size_t)-1;
}

static int add_line(linedoc *doc, const walker *w, const hblock *b, int heading, int blank_before)
{
    ingest_line l;
    memset(&l, 0, sizeof l);
    l.page_y = -1;
    if (blank_before) {
        l.text = "";
        l.lineno = b->lineno;
        if (linedoc_add(doc, &l) != 0) return -1;
    }
    l.text = w->text.data + b->off;
    l.len = b->len;
    l.lineno = b->lineno;
    /* a list's item is known not to be a headline, however short */
    l.heading_level = heading ? heading : b->in_list ? -1 : 0;
    l.bold = b->bold_chars == b->chars;
    l.is_caption = b->caption || (b->after_image && b->centred && b->chars <= 80);
    /* a list item or a cell ends its paragraph, punctuated or not */
    l.block_end = b->item_end;
    return linedoc_add(doc, &l);
}

/* The blocks [first, end) of one data row as one line (the cells' text, a
 * space between), never a headline, ending its paragraph. 0, or -1 when
 * memory runs out. */
static int add_row(linedoc *doc, const walker *w, size_t first, size_t end, int blank_before)
{
    sbuf row = SBUF_INIT;
    ingest_line l;
    memset(&l, 0, sizeof l);
    l.page_y = -1;
    l.lineno = w->blocks[first].lineno;
    if (blank_before && linedoc_add(doc, &(ingest_line){.text = "", .lineno = l.lineno, .page_y = -1}) != 0)
        return -1;
    for (size_t k = first; k < end; k++) {
        const hblock *b = &w->blocks[k];
        if (row.len) sbuf_putc(&row, ' ');
        sbuf_append(&row, w->text.data + b->off, b->len);
    }
    if (sbuf_failed(&row)) {
        sbuf_free(&row);
        return -1;
    }
    l.text = row.data;
    l.len = row.len;
    l.heading_level = -1;
    l.block_end = 1;
    int rc = linedoc_add(doc, &l);   /* linedoc_add copies the text */
    sbuf_free(&row);
    return rc;
}

/* The lines of the main text: the headline, what stands between it and
 * the text (subtitle, date and source lines, a picture's caption) unless
 * it is links, and the text's blocks but lists of links. */
static int build_lines(walker *w, linedoc *doc, char *err, size_t errlen)
{
    double top = 0;
    size_t best = best_element(w, &top), first = (size_t)-1, last = 0, head, i;
    unsigned char *in = calloc(w->nblocks ? w->nblocks : 1, 1);
    char title[1024];
    int rc = HTMLREAD_OK, lines = 0;
    if (!in) return HTMLREAD_NOMEM;
    if (best != (size_t)-1) {
        mark_content(w, in, best, top);
    } else {
        /* no prose anywhere: every block that is not a list of links */
        for (i = 0; i < w->nblocks; i++) in[i] = 1;
    }
    for (i = 0; i < w->nblocks; i++)
        if (in[i]) {
            if (first == (size_t)-1) first = i;
            last = i;
        }
    title[0] = '\0';
    if (w->og_title) snprintf(title, sizeof title, "%s", w->og_title);
    else if (w->title) title_without_site(w->title, title, sizeof title);
    head = find_headline(w, title, first);
    if (first == (size_t)-1 && head == (size_t)-1) {
        SET_ERR("no text outside navigation, scripts and furniture");
        free(in);
        return HTMLREAD_NO_TEXT;
    }
    /* The headline where it stands (a kicker above it stays above it), or
     * first when it stands after the text or is only the <title>'s. */
    if (head != (size_t)-1 && (first == (size_t)-1 || head > last)) {
        if (add_line(doc, w, &w->blocks[head], 1, 0) != 0) goto nomem;
        lines++;
    } else if (head == (size_t)-1 && title[0]) {
        ingest_line l;
        memset(&l, 0, sizeof l);
        l.page_y = -1;
        l.text = title;
        l.len = strlen(title);
        l.heading_level = 1;
        if (linedoc_add(doc, &l) != 0) goto nomem;
        lines++;
    }
    size_t start = head != (size_t)-1 && head < first ? head : first;
    for (i = start; first != (size_t)-1 && i <= last; i++) {
        const hblock *b = &w->blocks[i];
        if (i == head) {
            if (add_line(doc, w, b, 1, lines > 0) != 0) goto nomem;
            lines++;
            continue;
        }
        if ((double)b->link_chars > LINK_DENSITY_MAX * (double)b->chars) continue;
        if (!in[i] && b->chars > 300) continue;   /* between the headline and the text: short lines only */
        if (b->data_row) {
            /* a table's row of data: its cells one line, a space between */
            size_t end = i + 1;
            while (end <= last && w->blocks[end].data_row == b->data_row) end++;
            if (add_row(doc, w, i, end, lines > 0) != 0) goto nomem;
            lines++;
            i = end - 1;
            continue;
        }
        if (add_line(doc, w, b, b->heading > 1 ? b->heading : 0, lines > 0) != 0) goto nomem;
        lines++;
    }
    free(in);
    return rc;
nomem:
    free(in);
    SET_ERR("out of memory");
    return HTMLREAD_NOMEM;
}

/* ---- the reader ------------------------------------------------------------------- */

static void walker_free(walker *w)
{
    sbuf_free(&w->text);
    sbuf_free(&w->cur);
    free(w->blocks);
    free(w->elems);
    free(w->title);
    free(w->og_title);
    free(w->published);
    free(w->url);
    free(w->source);
    free(w->time_datetime);
}

/* Decodes the page to UTF-8: in its declared charset, else (none, or one
 * its bytes contradict: a page saying gb2312 in Big5) as textcodec sniffs. */
static int decode(const unsigned char *bytes, size_t len, const char *content_type, char **utf8, size_t *n,
                  char *err, size_t errlen)
{
    textcodec_encoding enc;
    const char *name;
    htmlread_charset(bytes, len, content_type, &enc);
    int rc = textcodec_decode(bytes, len, enc, utf8, n, &name, err, errlen);
    if (rc == TEXTCODEC_INVALID && enc != TEXTCODEC_AUTO)
        rc = textcodec_decode(bytes, len, TEXTCODEC_AUTO, utf8, n, &name, err, errlen);
    if (rc == TEXTCODEC_NOMEM) return HTMLREAD_NOMEM;
    if (rc == TEXTCODEC_BINARY) {
        SET_ERR("not a web page: binary bytes in it");
        return HTMLREAD_UNDECODABLE;
    }
    return rc == TEXTCODEC_OK ? HTMLREAD_OK : HTMLREAD_UNDECODABLE;
}

int htmlread_extract(const unsigned char *bytes, size_t len, const char *content_type, linedoc **out, char *err,
                     size_t errlen)
{
    xml2_api api;
    walker w;
    char *utf8 = NULL;
    size_t n = 0;
    int rc;
    *out = NULL;
    if (!htmlread_is_html(bytes, len)) {
        SET_ERR("not a web page: no markup at its start");
        return HTMLREAD_NOT_HTML;
    }
    if (len > (size_t)INT32_MAX) {
        SET_ERR("larger than libxml2 reads");
        return HTMLREAD_TOO_LARGE;
    }
    if (xml2_open(&api, err, errlen) != 0) return HTMLREAD_NO_READER;
    if ((rc = decode(bytes, len, content_type, &utf8, &n, err, errlen)) != HTMLREAD_OK) return rc;
    if (n > (size_t)INT32_MAX) {
        free(utf8);
        SET_ERR("larger than libxml2 reads");
        return HTMLREAD_TOO_LARGE;
    }
    /* The page is UTF-8 now: libxml2 is told so and told to ignore what
     * the page says; no network, no error printed, markup recovered. */
    htmlParserCtxtPtr ctxt = api.htmlNewParserCtxt();
    if (!ctxt) {
        free(utf8);
        SET_ERR("out of memory");
        return HTMLREAD_NOMEM;
    }
    htmlDocPtr doc = api.htmlCtxtReadMemory(ctxt, utf8, (int)n, NULL, "UTF-8",
                                            HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                                HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
    free(utf8);
    /* In recovery libxml2 goes on after every error but those that stop it
     * (disableSAX): past 256 nested elements (its limit without
     * HTML_PARSE_HUGE, which brief never sets) the rest of the page is
     * lost, so the page is refused rather than stored in part. */
    if (doc && ctxt->disableSAX) {
        const char *m = ctxt->lastError.message;
        if (m && strstr(m, "depth")) SET_ERR("elements nested more than 256 deep (libxml2's limit): not a bulletin");
        else SET_ERR("libxml2 stopped reading it: %.200s", m ? m : "unknown error");
        api.xmlFreeDoc(doc);
        api.htmlFreeParserCtxt(ctxt);
        return HTMLREAD_DAMAGED;
    }
    api.htmlFreeParserCtxt(ctxt);
    if (!doc) {
        SET_ERR("libxml2 could not parse it as HTML");
        return HTMLREAD_DAMAGED;
    }
    memset(&w, 0, sizeof w);
    xmlNode *root = api.xmlDocGetRootElement(doc);
    if (root) walk(&w, root);
    /* the tree is freed before the lines are made: _private pointers are
     * all cleared by leave, and the blocks hold copies of the text */
    api.xmlFreeDoc(doc);
    if (w.failed) {
        walker_free(&w);
        SET_ERR("out of memory");
        return HTMLREAD_NOMEM;
    }
    if (w.too_large) {
        walker_free(&w);
        SET_ERR("more than %u elements or %u blocks of text: not a bulletin", HTMLREAD_MAX_ELEMENTS,
                HTMLREAD_MAX_BLOCKS);
        return HTMLREAD_TOO_LARGE;
    }
    linedoc *ld = linedoc_new();
    if (!ld) {
        walker_free(&w);
        SET_ERR("out of memory");
        return HTMLREAD_NOMEM;
    }
    rc = build_lines(&w, ld, err, errlen);
    if (rc == HTMLREAD_OK) {
        char title[1024] = "";
        if (w.og_title) snprintf(title, sizeof title, "%s", w.og_title);
        else if (w.title) title_without_site(w.title, title, sizeof title);
        ingest_doc_hints h = {title[0] ? title : NULL, NULL, w.published ? w.published : w.time_datetime, w.url,
                              w.source};
        if (linedoc_set_hints(ld, &h) != 0) {
            SET_ERR("out of memory");
            rc = HTMLREAD_NOMEM;
        }
    }
    walker_free(&w);
    if (rc != HTMLREAD_OK) {
        linedoc_free(ld);
        return rc;
    }
    *out = ld;
    return HTMLREAD_OK;
}
