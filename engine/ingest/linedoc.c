/* SPDX-License-Identifier: GPL-3.0-or-later */
/* linedoc.c — see linedoc.h. The lines' strings (text and furniture rule)
 * live in one arena; each line keeps their offsets, and the pointers handed
 * out are set again whenever the arena moves. */
#include "ingest/linedoc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/vec.h"
#include "util/wire.h"

#define NO_STRING SIZE_MAX
#define MAX_FURNITURE_BYTES 64u   /* a rule's name: "pdf-page-number" */
#define MAX_LINENO 0xFFFFFFFFu

typedef struct line_strings {
    size_t text;        /* offset in the arena */
    size_t furniture;   /* offset, or NO_STRING */
} line_strings;

struct linedoc {
    VEC_OF(ingest_line) lines;
    VEC_OF(line_strings) strings;
    sbuf arena;
    ingest_doc_hints hints;    /* each field owned, or NULL */
};

linedoc *linedoc_new(void) { return calloc(1, sizeof(linedoc)); }

static void free_hints(ingest_doc_hints *h)
{
    free((char *)h->title);
    free((char *)h->author);
    free((char *)h->published);
    free((char *)h->url);
    free((char *)h->source);
    memset(h, 0, sizeof *h);
}

void linedoc_free(linedoc *doc)
{
    if (!doc) return;
    VEC_FREE(&doc->lines);
    VEC_FREE(&doc->strings);
    sbuf_free(&doc->arena);
    free_hints(&doc->hints);
    free(doc);
}

/* Points every line at its strings in the arena (after it moved). */
static void point_lines(linedoc *doc)
{
    for (size_t i = 0; i < doc->lines.count; i++) {
        const line_strings *s = &doc->strings.items[i];
        doc->lines.items[i].text = doc->arena.data + s->text;
        doc->lines.items[i].furniture = s->furniture == NO_STRING ? NULL : doc->arena.data + s->furniture;
    }
}

/* Adds line with its strings already checked; the document is unchanged
 * on failure. */
static int add_line(linedoc *doc, const ingest_line *line)
{
    size_t flen = line->furniture ? strlen(line->furniture) : 0;
    if (doc->lines.count >= LINEDOC_MAX_LINES || line->len > LINEDOC_MAX_TEXT_BYTES - doc->arena.len ||
        flen > MAX_FURNITURE_BYTES || line->lineno > MAX_LINENO)
        return -1;
    if (VEC_RESERVE(doc->lines.items, doc->lines.cap, doc->lines.count + 1) != 0 ||
        VEC_RESERVE(doc->strings.items, doc->strings.cap, doc->strings.count + 1) != 0)
        return -1;
    size_t before = doc->arena.len;
    const char *base = doc->arena.data;
    line_strings s = {before, NO_STRING};
    /* NUL after each string: a line's text is handed out as (text, len),
     * a rule as a C string. */
    sbuf_append(&doc->arena, line->text ? line->text : "", line->len);
    sbuf_putc(&doc->arena, '\0');
    if (line->furniture) {
        s.furniture = doc->arena.len;
        sbuf_append(&doc->arena, line->furniture, flen);
        sbuf_putc(&doc->arena, '\0');
    }
    if (sbuf_failed(&doc->arena)) {
        doc->arena.len = before;
        doc->arena.failed = 0;
        if (doc->arena.data) doc->arena.data[before] = '\0';
        if (doc->arena.data != base) point_lines(doc);
        return -1;
    }
    doc->lines.items[doc->lines.count++] = *line;
    doc->strings.items[doc->strings.count++] = s;
    if (doc->arena.data != base) point_lines(doc);
    else {
        ingest_line *l = &doc->lines.items[doc->lines.count - 1];
        l->text = doc->arena.data + s.text;
        l->furniture = s.furniture == NO_STRING ? NULL : doc->arena.data + s.furniture;
    }
    return 0;
}

int linedoc_add(linedoc *doc, const ingest_line *line) { return add_line(doc, line); }

/* A copy of s cut to the bound at a character's end; NULL for NULL. *ok
 * is cleared when memory runs out. */
static char *copy_hint(const char *s, int *ok)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    if (n > LINEDOC_MAX_HINT_BYTES) {
        n = LINEDOC_MAX_HINT_BYTES;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    char *c = strndup(s, n);
    if (!c) *ok = 0;
    return c;
}

int linedoc_set_hints(linedoc *doc, const ingest_doc_hints *hints)
{
    int ok = 1;
    ingest_doc_hints h = {
        copy_hint(hints->title, &ok),     copy_hint(hints->author, &ok), copy_hint(hints->published, &ok),
        copy_hint(hints->url, &ok),       copy_hint(hints->source, &ok),
    };
    if (!ok) {
        free_hints(&h);
        return -1;
    }
    free_hints(&doc->hints);
    doc->hints = h;
    return 0;
}

void linedoc_lines(const linedoc *doc, const ingest_line **lines, size_t *count, const ingest_doc_hints **hints)
{
    *lines = doc->lines.items;
    *count = doc->lines.count;
    *hints = &doc->hints;
}

/* ---- bytes ------------------------------------------------------------------ */

static const char MAGIC[8] = {'B', 'R', 'L', 'I', 'N', '2', 0, 0};

/* A string as its length + 1 (0: NULL) and its bytes. */
static void put_string(sbuf *out, const char *s, size_t len)
{
    wire_put_u32(out, s ? (uint32_t)len + 1 : 0);
    if (s) sbuf_append(out, s, len);
}

int linedoc_encode(const linedoc *doc, sbuf *out)
{
    sbuf_append(out, MAGIC, sizeof MAGIC);
    wire_put_u32(out, (uint32_t)doc->lines.count);
    for (size_t i = 0; i < doc->lines.count; i++) {
        const ingest_line *l = &doc->lines.items[i];
        wire_put_u32(out, (uint32_t)l->lineno);
        wire_put_u32(out, l->page_break_before ? 1 : 0);
        wire_put_u32(out, (uint32_t)(l->heading_level + 1));
        wire_put_f32(out, l->font_size_rel);
        wire_put_u32(out, l->bold ? 1 : 0);
        wire_put_u32(out, l->is_caption ? 1 : 0);
        wire_put_u32(out, l->block_end ? 1 : 0);
        wire_put_u32(out, (uint32_t)l->page);
        wire_put_f32(out, l->page_y);
        put_string(out, l->furniture, l->furniture ? strlen(l->furniture) : 0);
        put_string(out, l->text, l->len);
    }
    const char *h[] = {doc->hints.title, doc->hints.author, doc->hints.published, doc->hints.url,
                       doc->hints.source};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) put_string(out, h[i], h[i] ? strlen(h[i]) : 0);
    return sbuf_failed(out) ? -1 : 0;
}

/* A string of at most max bytes, valid UTF-8 without NUL (nor a newline
 * when it is a line's); *s NULL for none. 0, or -1 when bad. */
static int get_string(wire_reader *r, size_t max, int one_line, const char **s, size_t *len)
{
    uint32_t n = wire_get_u32(r);
    *s = NULL;
    *len = 0;
    if (r->bad) return -1;
    if (n == 0) return 0;
    n--;
    if (n > max || n > r->left) return -1;
    const char *p = (const char *)wire_get_bytes(r, n);
    if (!p || !utf8_valid(p, n) || memchr(p, '\0', n) || (one_line && (memchr(p, '\n', n) || memchr(p, '\r', n))))
        return -1;
    *s = p;
    *len = n;
    return 0;
}

int linedoc_decode(const unsigned char *bytes, size_t len, linedoc **out, char *err, size_t errlen)
{
    wire_reader r = {bytes, len, 0};
    linedoc *doc = NULL;
    const char *why = "malformed reader output";
    *out = NULL;
    if (!bytes || len < sizeof MAGIC || memcmp(bytes, MAGIC, sizeof MAGIC) != 0) goto bad;
    wire_get_bytes(&r, sizeof MAGIC);
    if (!(doc = linedoc_new())) goto nomem;
    uint32_t count = wire_get_u32(&r);
    /* each line takes at least 44 bytes: a count past that is a lie */
    if (r.bad || count > LINEDOC_MAX_LINES || (size_t)count > r.left / 44) goto bad;
    for (uint32_t i = 0; i < count; i++) {
        ingest_line l;
        memset(&l, 0, sizeof l);
        l.lineno = wire_get_u32(&r);
        uint32_t brk = wire_get_u32(&r), level = wire_get_u32(&r);
        l.font_size_rel = wire_get_f32(&r, 0, 100);
        uint32_t bold = wire_get_u32(&r), caption = wire_get_u32(&r), block_end = wire_get_u32(&r);
        uint32_t page = wire_get_u32(&r);
        l.page_y = wire_get_f32(&r, -1, 1);
        if (r.bad || brk > 1 || level > 7 || bold > 1 || caption > 1 || block_end > 1 || page > LINEDOC_MAX_LINES)
            goto bad;
        l.block_end = (int)block_end;
        l.page_break_before = (int)brk;
        l.heading_level = (int)level - 1;
        l.bold = (int)bold;
        l.is_caption = (int)caption;
        l.page = (int)page;
        const char *furniture, *text;
        size_t flen, tlen;
        if (get_string(&r, MAX_FURNITURE_BYTES, 1, &furniture, &flen) != 0 ||
            get_string(&r, LINEDOC_MAX_TEXT_BYTES, 1, &text, &tlen) != 0 || (furniture && flen == 0))
            goto bad;
        char rule[MAX_FURNITURE_BYTES + 1];
        if (furniture) {
            memcpy(rule, furniture, flen);
            rule[flen] = '\0';
            l.furniture = rule;
        }
        l.text = text;
        l.len = tlen;
        if (tlen > LINEDOC_MAX_TEXT_BYTES - doc->arena.len) goto bad;
        if (add_line(doc, &l) != 0) goto nomem;
    }
    const char *h[5];
    char *copies[5] = {0};
    for (int i = 0; i < 5; i++) {
        size_t hl;
        if (get_string(&r, LINEDOC_MAX_HINT_BYTES, 0, &h[i], &hl) != 0) goto bad_hints;
        if (h[i] && !(copies[i] = strndup(h[i], hl))) {
            why = "out of memory";
            goto bad_hints;
        }
    }
    if (r.left != 0) goto bad_hints;
    doc->hints = (ingest_doc_hints){copies[0], copies[1], copies[2], copies[3], copies[4]};
    *out = doc;
    return 0;
bad_hints:
    for (int i = 0; i < 5; i++) free(copies[i]);
    goto bad;
nomem:
    why = "out of memory";
bad:
    linedoc_free(doc);
    if (err && errlen) snprintf(err, errlen, "%s", why);
    return -1;
}
