/* SPDX-License-Identifier: GPL-3.0-or-later */
/* assemble.c — lines into segments (one paragraph or headline each, hard
 * wraps undone), and segments into articles by their roles
 * (ingest_internal.h; rules with their examples in docs/ingest.md, 3 and 4). */
#include "ingest/ingest_internal.h"
#include "util/chars.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/vec.h"

#include <stdlib.h>
#include <string.h>

/* Lines longer than this are whole paragraphs, not printed lines. */
#define WRAP_MAX_CPS 100
/* A line ending in a colon is a paragraph of its own ("同志们:", "各单位:")
 * when it is at most this long; a longer one introduces what follows. */
#define COLON_LINE_MAX_CPS 50

static int is_content_role(int role)
{
    return role == INGEST_ROLE_TEXT || role == INGEST_ROLE_HEADLINE || role == INGEST_ROLE_SUBTITLE ||
           role == INGEST_ROLE_KICKER || role == INGEST_ROLE_LIST_ITEM || role == INGEST_ROLE_SIGNATURE ||
           role == INGEST_ROLE_CAPTION || role == INGEST_ROLE_CREDIT || role == INGEST_ROLE_BYLINE ||
           role == INGEST_ROLE_DATELINE;
}

/* A bullet that starts a list item, whatever the line before it: △ ● ■ ◆ •. */
static int starts_bullet(const pline *l)
{
    uint32_t c = l->first_cp;
    return c == 0x25B3 || c == 0x25CF || c == 0x25A0 || c == 0x25C6 || c == 0x2022;
}

/* An ordinal that leads a heading: 第一件事, 第二, 第三个方面, 一是, 首先,. */
static int starts_ordinal(const char *s, size_t len)
{
    uint32_t cp[4] = {0};
    size_t n = 0, pos = 0;
    while (pos < len && n < 4) pos += utf8_decode(s + pos, len - pos, &cp[n++]);
    int is_cn = chars_is_cn_one_to_ten(cp[cp[0] == 0x7B2C ? 1 : 0]);
    if (cp[0] == 0x7B2C) return is_cn;                       /* 第一… */
    if (is_cn && cp[1] == 0x662F) return 1;                  /* 一是 */
    return (cp[0] == 0x9996 && cp[1] == 0x5148) || (cp[0] == 0x5176 && cp[1] == 0x6B21) ||   /* 首先 其次 */
           (cp[0] == 0x6700 && cp[1] == 0x540E);                                             /* 最后 */
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static int segs_push(parser *p, size_t first, size_t last)
{
    if (VEC_RESERVE(p->segs, p->capsegs, p->nsegs + 1) != 0) return -1;
    segment *g = &p->segs[p->nsegs];
    memset(g, 0, sizeof *g);
    g->first = first;
    g->last = last;
    for (size_t k = first; k <= last; k++) {
        pline *l = &p->lines[p->content[k]];
        g->cps += l->cps;
        l->seg = (int)p->nsegs;
    }
    const pline *tail = &p->lines[p->content[last]];
    g->final = tail->final;
    g->whole = (unsigned char)(tail->in && tail->in->block_end);
    g->colon_end = tail->colon_end && g->cps <= COLON_LINE_MAX_CPS;
    g->role = INGEST_ROLE_TEXT;
    g->rule = "text";
    p->nsegs++;
    return 0;
}

/* Cuts block content[a..b) into segments, undoing hard wraps. In a block of
 * printed lines (as pdftotext gives them) a line ends its paragraph when the
 * next one is indented, or when it is clearly shorter than the block's usual
 * line and either ends a sentence or ends a headline. Justified Chinese
 * lines are all the same length, so "clearly shorter" is "shorter than the
 * most common length"; ragged (Latin) lines must be under 80% of it. A block
 * whose lines are whole paragraphs (web copy) has every line "short": it is
 * told from printed lines by its lines that do not end a sentence, which in
 * printed text run to the full width and in web copy (a heading, a
 * salutation) fall short of it. */
static int segment_block(parser *p, size_t a, size_t b, size_t *scratch)
{
    size_t n = b - a, k;
    if (n == 1) return segs_push(p, a, a);
    size_t indented = 0, finals = 0;
    for (k = 0; k < n; k++) {
        const pline *l = &p->lines[p->content[a + k]];
        scratch[k] = l->cps;
        indented += l->indented;
        finals += l->final;
    }
    qsort(scratch, n, sizeof *scratch, cmp_size);
    size_t mode = scratch[0], mode_count = 0, run = 0;
    for (k = 0; k < n; k++) {
        run = (k > 0 && scratch[k] == scratch[k - 1]) ? run + 1 : 1;
        if (run >= mode_count) { mode_count = run; mode = scratch[k]; }   /* ties: the longer */
    }
    int justified = mode_count * 2 >= n;
    size_t usual = justified ? mode : scratch[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1];
    size_t open_lines = 0, open_full = 0;
    for (k = a; k + 1 < b; k++) {
        const pline *l = &p->lines[p->content[k]];
        if (l->final) continue;
        open_lines++;
        if (l->cps * 5 >= usual * 4) open_full++;
    }
    /* A column is at least ten characters wide: four-character lines that
     * share a length are words (Logo, 勞工新聞), not printed lines. */
    int wrapped = usual <= WRAP_MAX_CPS && usual >= 10 && finals * 10 < n * 7 && open_full * 2 > open_lines;
    /* Two or three lines are too few to know the width of a column: the
     * document's printed lines tell it. A title and its subtitle, both short
     * of it, are two lines, not one wrapped ("…知识竞赛" / "——参赛职工…"). */
    if (wrapped && n <= 3 && p->usual_cps && scratch[n - 1] * 5 < p->usual_cps * 4) wrapped = 0;
    int indent_marks = indented > 0 && indented < n;
    size_t start = a, seg_cps = 0;
    int seg_punct = 0;
    for (k = a; k < b; k++) {
        const pline *l = &p->lines[p->content[k]];
        const pline *next = k + 1 < b ? &p->lines[p->content[k + 1]] : NULL;
        seg_cps += l->cps;
        seg_punct |= l->punct;
        int is_short = !wrapped || (justified ? l->cps < usual : l->cps * 5 < usual * 4);
        /* A headline ends on a line shorter than a paragraph's first line,
         * which may have lost its two-character indent ("　　") to the
         * text extractor. */
        int is_short_headline = !wrapped || (justified ? l->cps + 2 < usual : l->cps * 5 < usual * 4);
        int headline_so_far = start == k ? l->headlike
                                         : seg_cps <= HEADLINE_MAX_CPS && !seg_punct && !l->final && !l->dangling;
        /* A full line that ends a sentence, before a line two characters
         * short that does not: the next paragraph's first line, its indent
         * "　　" (GB/T 9704: two characters) dropped by the extractor. */
        int lost_indent = wrapped && justified && l->final && next && next->cps + 2 == usual && !next->final;
        /* In web copy, a short line led by an ordinal that ends no sentence
         * is a heading of its own ("第一件事,把…做到车间班组里去"), not a
         * sentence the copy cut (a cut one goes on: "…吴应明表示,作" / "为一名…"). */
        int web_heading = !wrapped && !l->final && !l->dangling && l->cps <= COLON_LINE_MAX_CPS && next &&
                          !p->brk[k + 1] && starts_ordinal(l->s, l->len);
        int end = k + 1 == b || lost_indent ||
                  (indent_marks && next->indented) ||
                  (is_short && (l->final || (l->colon_end && l->cps <= COLON_LINE_MAX_CPS))) ||
                  (is_short_headline && headline_so_far) ||
                  (!wrapped && next->indented) ||
                  starts_bullet(next) || web_heading || (!wrapped && roles_ends_caption(l->s, l->len));
        if (!wrapped && k + 1 < b && !web_heading) p->brk[k + 1] = 1;   /* a line break mid-sentence is a break */
        if (end) {
            if (segs_push(p, start, k) < 0) return -1;
            p->segs[p->nsegs - 1].complete = (unsigned char)(web_heading && !(k + 1 == b));
            p->segs[p->nsegs - 1].cut = (unsigned char)(wrapped && !l->final && l->cps * 5 >= usual * 4);
            start = k + 1;
            seg_cps = 0;
            seg_punct = 0;
        }
    }
    return 0;
}

int assemble_segments(parser *p)
{
    size_t i, k;
    free(p->content);
    free(p->brk);
    free(p->block_start);
    p->ncontent = 0;
    p->nsegs = 0;
    p->content = malloc((p->nlines ? p->nlines : 1) * sizeof *p->content);
    p->brk = calloc(p->nlines ? p->nlines : 1, 1);
    p->block_start = calloc(p->nlines ? p->nlines : 1, 1);
    if (!p->content || !p->brk || !p->block_start) return -1;
    int blank = 1, brk = 0;
    for (i = 0; i < p->nlines; i++) {
        pline *l = &p->lines[i];
        l->seg = -1;
        if (l->role == INGEST_ROLE_BLANK) { blank = 1; brk = 1; continue; }
        if (!is_content_role(l->role)) { brk = 1; continue; }
        if (l->page_before) brk = 1;
        p->block_start[p->ncontent] = (unsigned char)blank;
        p->brk[p->ncontent] = (unsigned char)(brk && p->ncontent > 0);
        p->content[p->ncontent++] = i;
        blank = 0;
        brk = 0;
    }
    size_t *scratch = malloc((p->ncontent ? p->ncontent : 1) * sizeof *scratch);
    if (!scratch) return -1;
    /* The usual width of a printed line: the most common length of the
     * lines that end no sentence, when at least five share it. */
    size_t n = 0, best = 0, best_count = 0, run = 0;
    for (i = 0; i < p->ncontent; i++) {
        const pline *l = &p->lines[p->content[i]];
        if (!l->final && l->cps >= 10 && l->cps <= WRAP_MAX_CPS) scratch[n++] = l->cps;
    }
    qsort(scratch, n, sizeof *scratch, cmp_size);
    for (i = 0; i < n; i++) {
        run = (i > 0 && scratch[i] == scratch[i - 1]) ? run + 1 : 1;
        if (run >= best_count) { best_count = run; best = scratch[i]; }
    }
    p->usual_cps = best_count >= 5 ? best : 0;
    for (i = 0; i < p->ncontent; i = k) {
        for (k = i + 1; k < p->ncontent && !p->block_start[k]; k++) {}
        if (segment_block(p, i, k, scratch) < 0) { free(scratch); return -1; }
    }
    free(scratch);
    return 0;
}

/* ---- text of segments ------------------------------------------------------- */

static int is_ascii_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Joins a line onto text: Chinese joins without a space, two Latin words or
 * numbers with one ("hard-" "wrapped" stays "hard-wrapped"). A number
 * wedged between Chinese on both sides is one number cut by the wrap
 * ("暨2023年第2" "5次党组" → "第25次"), and joins without one. */
void assemble_join_text(sbuf *out, const char *s, size_t len)
{
    if (out->len && len && is_ascii_alnum(out->data[out->len - 1]) && is_ascii_alnum(s[0])) {
        size_t a = out->len, b = 0;
        while (a > 0 && out->data[a - 1] >= '0' && out->data[a - 1] <= '9') a--;
        while (b < len && s[b] >= '0' && s[b] <= '9') b++;
        size_t at;
        uint32_t before = a > 0 ? lines_last_cp(out->data, a, &at) : 0, after = 0;
        if (b < len) utf8_decode(s + b, len - b, &after);
        int cjk_before = before >= 0x2E80, cjk_after = after >= 0x2E80;   /* CJK radicals onwards */
        if (!(cjk_before && cjk_after)) sbuf_putc(out, ' ');
    }
    sbuf_append(out, s, len);
}

/* Appends content lines [from, to] (indices into content) that hold role
 * (any content role when role is -1). */
static void lines_text(const parser *p, size_t from, size_t to, int role, sbuf *out, size_t *joins)
{
    int any = 0;
    for (size_t k = from; k <= to; k++) {
        const pline *l = &p->lines[p->content[k]];
        if (role >= 0 ? l->role != role : !is_content_role(l->role)) continue;
        if (any && p->brk[k] && joins) (*joins)++;
        assemble_join_text(out, l->s, l->len);
        any = 1;
    }
}

static void segment_text(const parser *p, const segment *g, int role, sbuf *out, size_t *joins)
{
    lines_text(p, g->first, g->last, role, out, joins);
}

char *assemble_segment_string(const parser *p, const segment *g)
{
    sbuf b = SBUF_INIT;
    segment_text(p, g, -1, &b, NULL);
    if (sbuf_failed(&b)) { sbuf_free(&b); return NULL; }
    return sbuf_detach(&b);
}

/* ---- articles ----------------------------------------------------------------- */

static ingest_article *article_new(parser *p, size_t line)
{
    ingest_bulletin *b = p->b;
    /* three arrays of one length: the articles, their metadata and their
     * first lines (each with a capacity of its own) */
    if (VEC_RESERVE(b->articles, p->capart, b->article_count + 1) != 0 ||
        VEC_RESERVE(p->art_meta, p->cap_art_meta, b->article_count + 1) != 0 ||
        VEC_RESERVE(p->art_first_line, p->cap_art_first, b->article_count + 1) != 0)
        return NULL;
    memset(&p->art_meta[b->article_count], 0, sizeof p->art_meta[0]);
    p->art_first_line[b->article_count] = line;
    ingest_article *a = &b->articles[b->article_count++];
    memset(a, 0, sizeof *a);
    return a;
}

static int strs_add(char ***v, size_t *n, size_t *cap, char *text)
{
    if (VEC_RESERVE(*v, *cap, *n + 1) != 0) return -1;
    (*v)[(*n)++] = text;
    return 0;
}

/* The title of an article that has no headline: its first clause, at most
 * 30 characters ("本周要闻", if nothing else). */
static char *derived_title(const char *para)
{
    size_t pos = 0, len = strlen(para), cps = 0;
    uint32_t cp;
    while (pos < len && cps < 30) {
        size_t n = utf8_decode(para + pos, len - pos, &cp);
        if (lines_is_sentence_punct(cp) || lines_is_final(cp)) break;
        pos += n;
        cps++;
    }
    char *t = malloc(pos + 1);
    if (!t) return NULL;
    memcpy(t, para, pos);
    t[pos] = '\0';
    return t;
}

/* A piece: the consecutive lines of one segment that share a role (all of
 * them, unless a profile gave some another one). */
typedef struct piece {
    size_t from, to;           /* indices into content */
    int role;
    int final, colon_end;
    int kind;                  /* the segment's kind when the piece is all of it, else SEG_TEXT */
} piece;

static char *piece_string(const parser *p, const piece *pc)
{
    sbuf b = SBUF_INIT;
    lines_text(p, pc->from, pc->to, pc->role, &b, NULL);
    if (sbuf_failed(&b)) { sbuf_free(&b); return NULL; }
    return sbuf_detach(&b);
}

static int set_credit(ingest_article *a, const char *s, size_t len)
{
    if (!a || a->credit || !len) return 0;
    /* "(陈晓峰)" alone: without its brackets */
    uint32_t c;
    size_t at, n = utf8_decode(s, len, &c);
    if (c == '(' || c == 0xFF08) {
        s += n;
        len -= n;
        if (len && ((c = lines_last_cp(s, len, &at)) == ')' || c == 0xFF09)) len = at;
    }
    a->credit = malloc(len + 1);
    if (!a->credit) return -1;
    memcpy(a->credit, s, len);
    a->credit[len] = '\0';
    return 0;
}

int assemble_articles(parser *p)
{
    ingest_bulletin *b = p->b;
    ingest_article *art = NULL;
    size_t paracap = 0, capcap = 0, i;
    sbuf para = SBUF_INIT;
    int open = 0;          /* para holds a paragraph not yet stored */
    int unfinished = 0;    /* ... and it does not end a sentence */

#define FLUSH() do { if (open) { char *t_ = sbuf_failed(&para) ? NULL : sbuf_detach(&para); \
        if (!t_ || strs_add(&art->paragraphs, &art->paragraph_count, &paracap, t_) < 0) { free(t_); goto nomem; } \
        open = 0; } } while (0)

    for (i = 0; i < p->nsegs; i++) {
        segment *g = &p->segs[i];
        size_t k = g->first;
        while (k <= g->last) {
            const pline *l = &p->lines[p->content[k]];
            if (!is_content_role(l->role)) { k++; continue; }
            piece pc = {k, k, l->role, 0, 0, SEG_TEXT};
            while (pc.to + 1 <= g->last) {
                const pline *m = &p->lines[p->content[pc.to + 1]];
                if (is_content_role(m->role) && m->role != pc.role) break;
                pc.to++;
            }
            k = pc.to + 1;
            while (!is_content_role(p->lines[p->content[pc.to]].role)) pc.to--;
            const pline *tail = &p->lines[p->content[pc.to]];
            pc.final = tail->final;
            pc.colon_end = tail->colon_end && tail->cps <= COLON_LINE_MAX_CPS;
            if (pc.from == g->first && pc.to == g->last) {
                pc.kind = g->kind;
                pc.final = g->final;
                pc.colon_end = g->colon_end;
            }
            size_t line = p->content[pc.from];
            int role = pc.role;
            if ((role == INGEST_ROLE_TEXT || role == INGEST_ROLE_LIST_ITEM) && open && unfinished) {
                /* A paragraph that stops mid-sentence goes on in the next block
                 * (a page or column break). */
                b->joined_breaks++;
                lines_text(p, pc.from, pc.to, role, &para, &b->joined_breaks);
                if (sbuf_failed(&para)) goto nomem;
                unfinished = !pc.final && !pc.colon_end && !g->complete && !g->whole;
                continue;
            }
            if (role == INGEST_ROLE_HEADLINE) {
                FLUSH();
                art = article_new(p, line);
                if (!art) goto nomem;
                paracap = capcap = 0;
                art->title = piece_string(p, &pc);
                if (!art->title) goto nomem;
                art->title_rule = l->rule ? l->rule : "headline";
                unfinished = 0;
                continue;
            }
            if (role == INGEST_ROLE_SUBTITLE && art && !art->subtitle && !art->paragraph_count && !open) {
                art->subtitle = piece_string(p, &pc);
                if (!art->subtitle) goto nomem;
                continue;
            }
            if (role == INGEST_ROLE_CREDIT) {
                if (art && !art->credit) {
                    char *t = piece_string(p, &pc);
                    int rc = t ? set_credit(art, t, strlen(t)) : -1;
                    free(t);
                    if (rc < 0) goto nomem;
                }
                continue;
            }
            if (role == INGEST_ROLE_KICKER || role == INGEST_ROLE_BYLINE || role == INGEST_ROLE_DATELINE)
                continue;   /* dropped, or read by meta.c */
            if (role == INGEST_ROLE_CAPTION) {
                if (!art) continue;   /* a caption before any article: of nothing */
                char *t = piece_string(p, &pc);
                if (!t || strs_add(&art->captions, &art->caption_count, &capcap, t) < 0) { free(t); goto nomem; }
                continue;
            }
            /* TEXT, LIST_ITEM, SIGNATURE, a stray SUBTITLE: a paragraph. */
            FLUSH();
            if (!art) {
                /* Body text before any headline: an article titled by its first clause. */
                char *t = piece_string(p, &pc);
                if (!t) goto nomem;
                art = article_new(p, line);
                if (!art) { free(t); goto nomem; }
                paracap = capcap = 0;
                art->title = derived_title(t);
                art->title_rule = "first-clause";
                free(t);
                if (!art->title) goto nomem;
            }
            sbuf_clear(&para);
            lines_text(p, pc.from, pc.to, role, &para, &b->joined_breaks);
            if (sbuf_failed(&para)) goto nomem;
            open = 1;
            /* A signature line or a heading is a paragraph of its own; a
             * sentence or a list item that stops mid-sentence goes on. */
            unfinished = (role == INGEST_ROLE_TEXT || role == INGEST_ROLE_LIST_ITEM) && !pc.final &&
                         !pc.colon_end && (pc.kind == SEG_TEXT || (pc.kind == SEG_LIST && g->cut)) && !g->complete &&
                         !g->whole;
        }
        if (g->credit && set_credit(art, g->credit, g->credit_len) < 0) goto nomem;
        if (g->photo && art) {
            char *t = malloc(g->photo_len + 1);
            if (!t) goto nomem;
            memcpy(t, g->photo, g->photo_len);
            t[g->photo_len] = '\0';
            if (strs_add(&art->captions, &art->caption_count, &capcap, t) < 0) { free(t); goto nomem; }
        }
    }
    if (art) FLUSH();
    sbuf_free(&para);
    return 0;
nomem:
    sbuf_free(&para);
    return -1;
#undef FLUSH
}
