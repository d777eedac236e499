/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cff.c — reads a CFF table (Adobe TN #5176) far enough to tell whether a
 * glyph draws and to rebuild it as a CID-keyed font program for PDF: the
 * INDEXes, the Top DICT, FDSelect, the FDArray, the Private DICTs and
 * their subroutines. Charstrings (Type 2, TN #5177) are scanned, not run:
 * operands are counted, hint masks skipped, subroutines followed. */
#include "fonts/cff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CFF_MAX_FDS       256   /* FDSelect gives an FD index in one byte */
#define CFF_MAX_DICT_OPS  64    /* a Top DICT has about 20 */
#define CFF_MAX_STACK     48    /* TN #5177 appendix B: argument stack limit */
#define CFF_MAX_SUBR_DEPTH 10   /* TN #5177 appendix B: subr nesting limit */
#define CFF_STD_STRINGS   391   /* TN #5176 appendix A: SIDs 0..390 are predefined */
#define CFF_MAX_GLYPHS    65535
/* Bytes a scan of one glyph may read, subroutines included: a malformed
 * font whose subroutines call each other many times over would otherwise
 * take exponential time within the depth limit. Real glyphs read a few
 * hundred. */
#define CFF_SCAN_BUDGET   65536

/* Two-byte DICT operators (12 x) are numbered 1200 + x. */
enum {
    OP_CHARSET = 15, OP_ENCODING = 16, OP_CHARSTRINGS = 17, OP_PRIVATE = 18, OP_SUBRS = 19,
    OP_CHARSTRING_TYPE = 1206, OP_ROS = 1230, OP_CID_COUNT = 1234, OP_FDARRAY = 1236,
    OP_FDSELECT = 1237,
};

typedef struct cff_index {
    unsigned count;
    unsigned off_size;
    size_t offsets;   /* where the offset array starts */
    size_t base;      /* offsets count from here (the byte before the data) */
    size_t end;       /* the first byte after the INDEX */
} cff_index;

typedef struct dict_op {
    int op;
    size_t start, len;  /* operands and operator, as in the font */
    int nargs;
    long arg[2];        /* the first two operands, when integers */
} dict_op;

typedef struct cff_dict {
    dict_op ops[CFF_MAX_DICT_OPS];
    int count;
} cff_dict;

typedef struct cff_private {
    size_t start, len;  /* the Private DICT */
    cff_index subrs;    /* local subroutines; count 0 when none */
    size_t subrs_at;    /* where the Subrs INDEX starts (0: none) */
} cff_private;

struct cff_font {
    const unsigned char *d;
    size_t len;
    size_t header_len;
    cff_index names, top, strings, gsubrs, charstrings, fdarray;
    cff_dict top_dict;
    int cid_keyed;
    size_t fdselect;        /* CID-keyed: where FDSelect starts */
    unsigned fd_count;      /* CID-keyed: FDs in FDArray; name-keyed: 1 */
    cff_private privates[CFF_MAX_FDS];
};

static int set_err(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "CFF table: %s", msg);
    return -1;
}

static unsigned get16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static size_t get_off(const unsigned char *p, unsigned size)
{
    size_t v = 0;
    unsigned i;
    for (i = 0; i < size; i++) v = v << 8 | p[i];
    return v;
}

/* Reads the INDEX at pos; -1 when it does not fit in the table. */
static int index_read(const cff_font *c, size_t pos, cff_index *x)
{
    size_t last;
    memset(x, 0, sizeof *x);
    if (pos > c->len || c->len - pos < 2) return -1;
    x->count = get16(c->d + pos);
    if (x->count == 0) {
        x->end = pos + 2;
        return 0;
    }
    if (c->len - pos < 3) return -1;
    x->off_size = c->d[pos + 2];
    if (x->off_size < 1 || x->off_size > 4) return -1;
    x->offsets = pos + 3;
    if ((c->len - x->offsets) / x->off_size < (size_t)x->count + 1) return -1;
    x->base = x->offsets + ((size_t)x->count + 1) * x->off_size - 1;
    last = get_off(c->d + x->offsets + (size_t)x->count * x->off_size, x->off_size);
    if (get_off(c->d + x->offsets, x->off_size) != 1 || last < 1 || last > c->len - x->base) return -1;
    x->end = x->base + last;
    return 0;
}

/* Item i of an INDEX: its start and length; -1 when its offsets are out
 * of order or out of the INDEX. */
static int index_item(const cff_font *c, const cff_index *x, unsigned i, size_t *start, size_t *len)
{
    size_t a, b;
    if (i >= x->count) return -1;
    a = get_off(c->d + x->offsets + (size_t)i * x->off_size, x->off_size);
    b = get_off(c->d + x->offsets + ((size_t)i + 1) * x->off_size, x->off_size);
    if (a < 1 || b < a || b > x->end - x->base) return -1;
    *start = x->base + a;
    *len = b - a;
    return 0;
}

/* Parses the DICT d[start..start+len) into its operators (TN #5176
 * section 4: operands 28, 29, 30 (real), 32-254; operators 0-21, 12 x). */
static int dict_parse(const cff_font *c, size_t start, size_t len, cff_dict *out)
{
    const unsigned char *p = c->d + start, *end = p + len, *op_start = p;
    long args[2];
    int nargs = 0;

    out->count = 0;
    while (p < end) {
        unsigned b0 = *p;
        if (b0 <= 21) {
            dict_op *o;
            int op = (int)b0;
            if (b0 == 12) {
                if (p + 1 >= end) return -1;
                op = 1200 + p[1];
                p++;
            }
            p++;
            if (out->count == CFF_MAX_DICT_OPS) return -1;
            o = &out->ops[out->count++];
            o->op = op;
            o->start = (size_t)(op_start - c->d);
            o->len = (size_t)(p - op_start);
            o->nargs = nargs;
            o->arg[0] = nargs > 0 ? args[0] : 0;
            o->arg[1] = nargs > 1 ? args[1] : 0;
            nargs = 0;
            op_start = p;
            continue;
        }
        long v = 0;
        if (b0 == 28) {
            if (end - p < 3) return -1;
            v = (int16_t)get16(p + 1);
            p += 3;
        } else if (b0 == 29) {
            if (end - p < 5) return -1;
            v = (int32_t)((uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8 | p[4]);
            p += 5;
        } else if (b0 == 30) {   /* a real: nibbles up to 0xf */
            for (p++;; p++) {
                if (p >= end) return -1;
                if ((*p & 0x0F) == 0x0F || (*p >> 4) == 0x0F) break;
            }
            p++;
            v = 0;
        } else if (b0 >= 32 && b0 <= 246) {
            v = (long)b0 - 139;
            p++;
        } else if (b0 >= 247 && b0 <= 250) {
            if (end - p < 2) return -1;
            v = ((long)b0 - 247) * 256 + p[1] + 108;
            p += 2;
        } else if (b0 >= 251 && b0 <= 254) {
            if (end - p < 2) return -1;
            v = -((long)b0 - 251) * 256 - p[1] - 108;
            p += 2;
        } else {
            return -1;
        }
        if (nargs < 2) args[nargs] = v;
        if (++nargs > CFF_MAX_STACK) return -1;
    }
    return nargs == 0 ? 0 : -1;   /* operands without an operator */
}

static const dict_op *dict_find(const cff_dict *d, int op)
{
    int i;
    for (i = 0; i < d->count; i++)
        if (d->ops[i].op == op) return &d->ops[i];
    return NULL;
}

/* The Private DICT at (size, offset) and its local Subrs. */
static int private_read(cff_font *c, const dict_op *priv, cff_private *out)
{
    cff_dict pd;
    const dict_op *subrs;
    memset(out, 0, sizeof *out);
    if (!priv || priv->nargs != 2) return -1;
    if (priv->arg[0] < 0 || priv->arg[1] < 0 || (size_t)priv->arg[1] > c->len ||
        (size_t)priv->arg[0] > c->len - (size_t)priv->arg[1])
        return -1;
    out->start = (size_t)priv->arg[1];
    out->len = (size_t)priv->arg[0];
    if (dict_parse(c, out->start, out->len, &pd) != 0) return -1;
    subrs = dict_find(&pd, OP_SUBRS);
    if (subrs) {
        /* the offset counts from the start of the Private DICT */
        if (subrs->nargs != 1 || subrs->arg[0] < 0 || (size_t)subrs->arg[0] > c->len - out->start) return -1;
        out->subrs_at = out->start + (size_t)subrs->arg[0];
        if (index_read(c, out->subrs_at, &out->subrs) != 0) return -1;
    }
    return 0;
}

/* An operand of the Top DICT that is an offset into the table. */
static int top_offset(const cff_font *c, int op, size_t *off)
{
    const dict_op *o = dict_find(&c->top_dict, op);
    if (!o || o->nargs != 1 || o->arg[0] <= 0 || (size_t)o->arg[0] >= c->len) return -1;
    *off = (size_t)o->arg[0];
    return 0;
}

/* The FD of glyph (FDSelect formats 0 and 3), 0 for a name-keyed font;
 * -1 when FDSelect does not say. */
static int fd_of(const cff_font *c, unsigned glyph)
{
    const unsigned char *p;
    size_t left;
    unsigned n, i, fd;

    if (!c->cid_keyed) return 0;
    p = c->d + c->fdselect;
    left = c->len - c->fdselect;
    if (p[0] == 0) {
        if (left < 1 + (size_t)glyph + 1) return -1;
        fd = p[1 + glyph];
    } else if (p[0] == 3) {
        if (left < 3) return -1;
        n = get16(p + 1);
        if (n == 0 || (left - 3) / 3 < n || left - 3 - 3 * (size_t)n < 2) return -1;
        /* ranges in order of their first glyph; binary search */
        unsigned lo = 0, hi = n;
        if (glyph < get16(p + 3) || glyph >= get16(p + 3 + 3 * (size_t)n)) return -1;
        while (hi - lo > 1) {
            i = (lo + hi) / 2;
            if (get16(p + 3 + 3 * (size_t)i) <= glyph) lo = i; else hi = i;
        }
        fd = p[3 + 3 * (size_t)lo + 2];
    } else {
        return -1;
    }
    return fd < c->fd_count ? (int)fd : -1;
}

cff_font *cff_open(const unsigned char *data, size_t len, char *err, size_t errlen)
{
    cff_font *c = calloc(1, sizeof *c);
    size_t start, tlen, off;
    const dict_op *o;
    unsigned i;

    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    c->d = data;
    c->len = len;
    if (len < 4 || data[0] != 1) {
        set_err(err, errlen, len >= 1 && data[0] == 2 ? "CFF2 (variable) outlines are not supported"
                                                     : "not CFF version 1");
        goto fail;
    }
    c->header_len = data[2];
    if (c->header_len < 4 || c->header_len > len) goto malformed;
    if (index_read(c, c->header_len, &c->names) != 0 || c->names.count != 1 ||
        index_read(c, c->names.end, &c->top) != 0 || c->top.count != 1 ||
        index_read(c, c->top.end, &c->strings) != 0 ||
        index_read(c, c->strings.end, &c->gsubrs) != 0)
        goto malformed;
    if (index_item(c, &c->top, 0, &start, &tlen) != 0 || dict_parse(c, start, tlen, &c->top_dict) != 0)
        goto malformed;
    o = dict_find(&c->top_dict, OP_CHARSTRING_TYPE);
    if (o && (o->nargs != 1 || o->arg[0] != 2)) {
        set_err(err, errlen, "Type 1 charstrings are not supported");
        goto fail;
    }
    if (top_offset(c, OP_CHARSTRINGS, &off) != 0 || index_read(c, off, &c->charstrings) != 0 ||
        c->charstrings.count == 0)
        goto malformed;
    c->cid_keyed = c->top_dict.count > 0 && c->top_dict.ops[0].op == OP_ROS;
    if (c->cid_keyed) {
        if (top_offset(c, OP_FDSELECT, &c->fdselect) != 0 || top_offset(c, OP_FDARRAY, &off) != 0 ||
            index_read(c, off, &c->fdarray) != 0 || c->fdarray.count == 0 || c->fdarray.count > CFF_MAX_FDS)
            goto malformed;
        c->fd_count = c->fdarray.count;
        for (i = 0; i < c->fd_count; i++) {
            cff_dict fd;
            if (index_item(c, &c->fdarray, i, &start, &tlen) != 0 || dict_parse(c, start, tlen, &fd) != 0 ||
                private_read(c, dict_find(&fd, OP_PRIVATE), &c->privates[i]) != 0)
                goto malformed;
        }
    } else {
        c->fd_count = 1;
        if (private_read(c, dict_find(&c->top_dict, OP_PRIVATE), &c->privates[0]) != 0) goto malformed;
    }
    return c;

malformed:
    set_err(err, errlen, "malformed (an INDEX or DICT out of its bounds)");
fail:
    free(c);
    return NULL;
}

void cff_close(cff_font *cff)
{
    free(cff);
}

unsigned cff_glyph_count(const cff_font *cff)
{
    return cff->charstrings.count;
}

int cff_is_cid_keyed(const cff_font *cff)
{
    return cff->cid_keyed;
}

const unsigned char *cff_charstring(const cff_font *cff, unsigned glyph, size_t *len)
{
    size_t start;
    if (index_item(cff, &cff->charstrings, glyph, &start, len) != 0) return NULL;
    return cff->d + start;
}

/* The bias added to a subroutine number (TN #5177 section 4.7). */
static long subr_bias(unsigned count)
{
    return count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
}

enum { SCAN_DRAWS = 1, SCAN_ENDS = 0, SCAN_RETURNS = 2, SCAN_BAD = -1, SCAN_SEAC = 3 };

typedef struct scan_state {
    const cff_font *c;
    const cff_private *priv;
    long stack[CFF_MAX_STACK];
    int sp;
    unsigned stems;
    long budget;        /* bytes left to read, CFF_SCAN_BUDGET at the start */
} scan_state;

/* Scans the charstring d[start..start+len): SCAN_DRAWS at the first path
 * operator, SCAN_ENDS at endchar, SCAN_SEAC at an accented-character
 * endchar (which draws two other glyphs), SCAN_RETURNS at a subroutine's
 * return or end, SCAN_BAD when malformed. */
static int scan(scan_state *s, size_t start, size_t len, int depth)
{
    const unsigned char *p = s->c->d + start, *end = p + len;

    if (depth > CFF_MAX_SUBR_DEPTH) return SCAN_BAD;
    s->budget -= (long)len;
    if (s->budget < 0) return SCAN_BAD;
    while (p < end) {
        unsigned b0 = *p++;
        if (b0 >= 32 || b0 == 28) {   /* an operand */
            long v;
            if (b0 == 28) {
                if (end - p < 2) return SCAN_BAD;
                v = (int16_t)get16(p);
                p += 2;
            } else if (b0 <= 246) {
                v = (long)b0 - 139;
            } else if (b0 <= 250) {
                if (p >= end) return SCAN_BAD;
                v = ((long)b0 - 247) * 256 + *p++ + 108;
            } else if (b0 <= 254) {
                if (p >= end) return SCAN_BAD;
                v = -((long)b0 - 251) * 256 - *p++ - 108;
            } else {   /* 255: 16.16 fixed */
                if (end - p < 4) return SCAN_BAD;
                v = (int16_t)get16(p);
                p += 4;
            }
            if (s->sp == CFF_MAX_STACK) return SCAN_BAD;
            s->stack[s->sp++] = v;
            continue;
        }
        switch (b0) {
        case 1: case 3: case 18: case 23:   /* hstem vstem hstemhm vstemhm */
            s->stems += (unsigned)s->sp / 2;
            s->sp = 0;
            break;
        case 19: case 20: {                 /* hintmask cntrmask: a vstem may precede */
            size_t mask;
            s->stems += (unsigned)s->sp / 2;
            s->sp = 0;
            mask = (s->stems + 7) / 8;
            if ((size_t)(end - p) < mask) return SCAN_BAD;
            p += mask;
            break;
        }
        case 4: case 5: case 6: case 7: case 8: case 21: case 22: case 24: case 25: case 26: case 27:
        case 30: case 31:                   /* movetos, lines and curves */
            return SCAN_DRAWS;
        case 10: case 29: {                 /* callsubr callgsubr */
            const cff_index *subrs = b0 == 10 ? &s->priv->subrs : &s->c->gsubrs;
            size_t sub_start, sub_len;
            long n;
            int r;
            if (s->sp == 0) return SCAN_BAD;
            n = s->stack[--s->sp] + subr_bias(subrs->count);
            if (n < 0 || index_item(s->c, subrs, (unsigned)n, &sub_start, &sub_len) != 0) return SCAN_BAD;
            r = scan(s, sub_start, sub_len, depth + 1);
            if (r != SCAN_RETURNS) return r;
            break;
        }
        case 11:                            /* return */
            return SCAN_RETURNS;
        case 14:                            /* endchar; with 4 more operands, seac */
            return s->sp >= 4 ? SCAN_SEAC : SCAN_ENDS;
        case 12: {                          /* flex ops draw; the rest is arithmetic */
            if (p >= end) return SCAN_BAD;
            unsigned b1 = *p++;
            if (b1 >= 34 && b1 <= 37) return SCAN_DRAWS;
            s->sp = 0;
            break;
        }
        default:                            /* reserved */
            return SCAN_BAD;
        }
    }
    return depth > 0 ? SCAN_RETURNS : SCAN_ENDS;
}

static int glyph_scan(const cff_font *c, unsigned glyph)
{
    scan_state s;
    size_t start, len;
    int fd = fd_of(c, glyph);
    if (fd < 0 || index_item(c, &c->charstrings, glyph, &start, &len) != 0) return SCAN_BAD;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.priv = &c->privates[fd];
    s.budget = CFF_SCAN_BUDGET;
    return scan(&s, start, len, 0);
}

int cff_glyph_draws(const cff_font *cff, unsigned glyph)
{
    int r = glyph_scan(cff, glyph);
    return r == SCAN_BAD ? -1 : r == SCAN_ENDS || r == SCAN_RETURNS ? 0 : 1;
}

/* --- rebuilding --------------------------------------------------------- */

/* An integer DICT operand in five bytes (operator 29), so that a DICT's size
 * does not depend on the offsets it holds. */
static void put_int5(sbuf *b, long v)
{
    char t[5] = {29, (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    sbuf_append(b, t, 5);
}

static void put_op(sbuf *b, int op)
{
    char t[2] = {12, (char)(op - 1200)};
    if (op >= 1200) sbuf_append(b, t, 2);
    else sbuf_putc(b, (char)op);
}

/* The size of an INDEX of count items totalling data_len bytes. */
static unsigned off_size_for(size_t last)
{
    return last < 0x100 ? 1 : last < 0x10000 ? 2 : last < 0x1000000 ? 3 : 4;
}

static size_t index_size(size_t count, size_t data_len)
{
    return count == 0 ? 2 : 3 + (count + 1) * off_size_for(data_len + 1) + data_len;
}

/* Writes an INDEX header (count, offSize, offsets) for items of the given
 * lengths. */
static void put_index_head(sbuf *b, const size_t *lens, size_t count)
{
    size_t total = 0, i, off = 1;
    unsigned os, k;
    for (i = 0; i < count; i++) total += lens[i];
    sbuf_putc(b, (char)(count >> 8));
    sbuf_putc(b, (char)count);
    if (count == 0) return;
    os = off_size_for(total + 1);
    sbuf_putc(b, (char)os);
    for (i = 0; i <= count; i++) {
        for (k = os; k > 0; k--) sbuf_putc(b, (char)(off >> (8 * (k - 1))));
        if (i < count) off += lens[i];
    }
}

/* A DICT copied without the operators in skip (a list ending with 0). */
static void put_dict_without(sbuf *b, const cff_font *c, const cff_dict *d, const int *skip)
{
    int i, k, drop;
    for (i = 0; i < d->count; i++) {
        for (drop = 0, k = 0; skip[k]; k++) drop |= d->ops[i].op == skip[k];
        if (!drop) sbuf_append(b, (const char *)c->d + d->ops[i].start, d->ops[i].len);
    }
}

/* The SID of string s: a string of the String INDEX, or a new one
 * appended (*added counts them, names[] holds them). */
static long string_sid(const cff_font *c, const char *s, const char **names, unsigned *added)
{
    size_t n = strlen(s), start, len;
    unsigned i;
    for (i = 0; i < c->strings.count; i++)
        if (index_item(c, &c->strings, i, &start, &len) == 0 && len == n && memcmp(c->d + start, s, n) == 0)
            return CFF_STD_STRINGS + (long)i;
    for (i = 0; i < *added; i++)
        if (strcmp(names[i], s) == 0) return CFF_STD_STRINGS + (long)(c->strings.count + i);
    names[*added] = s;
    return CFF_STD_STRINGS + (long)(c->strings.count + (*added)++);
}

int cff_rebuild(const cff_font *c, const char *name, const uint32_t *copies, size_t copy_count,
                const uint16_t *cids, sbuf *out, char *err, size_t errlen)
{
    static const int top_skip[] = {OP_ROS, OP_CHARSET, OP_ENCODING, OP_CHARSTRINGS, OP_PRIVATE,
                                   OP_CID_COUNT, OP_FDARRAY, OP_FDSELECT, 0};
    static const int fd_skip[] = {OP_PRIVATE, 0};
    static const int priv_skip[] = {OP_SUBRS, 0};
    size_t glyphs = (size_t)c->charstrings.count + copy_count, i, base = out->len;
    size_t *lens = NULL, start, len, pos, strings_len = 0, cs_len = 0, ranges = 0;
    size_t charset_at, fdselect_at, charstrings_at, fdarray_at, private_at[CFF_MAX_FDS];
    size_t fd_dict_len[CFF_MAX_FDS], priv_len[CFF_MAX_FDS];
    unsigned char *fds = NULL;
    const char *new_strings[2];
    unsigned added = 0, f;
    long sid_registry, sid_ordering;
    sbuf top = SBUF_INIT;
    cff_dict fd_dicts[1];
    int rc = -1;

    size_t cid_count = glyphs;   /* CIDCount: the highest CID + 1 */

    if (glyphs > CFF_MAX_GLYPHS) {
        snprintf(err, errlen, "CFF table: %zu glyphs, more than %d", glyphs, CFF_MAX_GLYPHS);
        return -1;
    }
    if (cids) {
        if (glyphs > 0 && cids[0] != 0) {
            snprintf(err, errlen, "CFF rebuild: glyph 0 (.notdef) must be CID 0");
            return -1;
        }
        for (i = 0; i < glyphs; i++)
            if ((size_t)cids[i] + 1 > cid_count) cid_count = (size_t)cids[i] + 1;
    }
    lens = malloc((glyphs + 2) * sizeof *lens);
    fds = malloc(glyphs);
    if (!lens || !fds) goto oom;

    /* The FD of every glyph, copies included; a name-keyed font's glyphs
     * all go to FD 0. Seac accents name their parts by StandardEncoding
     * code through the glyph names, which a CID-keyed font has not. */
    for (i = 0; i < glyphs; i++) {
        unsigned g = i < c->charstrings.count ? (unsigned)i : copies[i - c->charstrings.count];
        int fd = fd_of(c, g);
        if (g >= c->charstrings.count || fd < 0 || index_item(c, &c->charstrings, g, &start, &len) != 0) {
            snprintf(err, errlen, "CFF table: glyph %u is malformed or missing", g);
            goto fail;
        }
        if (!c->cid_keyed && glyph_scan(c, g) == SCAN_SEAC) {
            snprintf(err, errlen, "CFF table: glyph %u is an accented character made with seac, "
                     "which a CID-keyed font cannot express", g);
            goto fail;
        }
        fds[i] = (unsigned char)fd;
        lens[i] = len;
        cs_len += len;
        if (i == 0 || fds[i] != fds[i - 1]) ranges++;
    }

    /* Top DICT: ROS first (section 18), the font's own operators, then the
     * offsets, each in five bytes. */
    sid_registry = string_sid(c, "Adobe", new_strings, &added);
    sid_ordering = string_sid(c, "Identity", new_strings, &added);
    put_int5(&top, sid_registry);
    put_int5(&top, sid_ordering);
    put_int5(&top, 0);
    put_op(&top, OP_ROS);
    put_dict_without(&top, c, &c->top_dict, top_skip);
    put_int5(&top, (long)cid_count);
    put_op(&top, OP_CID_COUNT);
    /* four offsets of five bytes; charset and CharStrings take one-byte
     * operators, FDSelect and FDArray two-byte ones */
    size_t top_fixed = top.len + 4 * 5 + 1 + 2 + 1 + 2;

    /* Sizes, in file order: header, Name, Top DICT, String and Global Subr
     * INDEXes copied, then charset, FDSelect, CharStrings, FDArray,
     * Private DICTs each followed by its Subrs. */
    for (i = 0; i < c->strings.count; i++) {
        if (index_item(c, &c->strings, (unsigned)i, &start, &len) != 0) goto malformed;
        strings_len += len;
    }
    for (i = 0; i < added; i++) strings_len += strlen(new_strings[i]);
    {
        size_t name_start, name_len;
        if (index_item(c, &c->names, 0, &name_start, &name_len) != 0) goto malformed;
        if (name) name_len = strlen(name);
        pos = c->header_len + index_size(1, name_len);
        lens[glyphs + 1] = name_len;
    }
    pos += index_size(1, top_fixed)
        + index_size(c->strings.count + added, strings_len) + (c->gsubrs.end - (c->strings.end));
    charset_at = pos;
    /* format 2, one range (glyphs 1.. are CIDs 1..), or format 0, a CID
     * per glyph after .notdef */
    pos += glyphs < 2 ? 1 : cids ? 1 + 2 * (glyphs - 1) : 5;
    fdselect_at = pos;
    pos += 3 + 3 * ranges + 2;                /* format 3 */
    charstrings_at = pos;
    pos += index_size(glyphs, cs_len);
    fdarray_at = pos;
    {
        size_t fd_total = 0;
        for (f = 0; f < c->fd_count; f++) {
            cff_dict pd;
            fd_dict_len[f] = 5 + 5 + 1;       /* Private: size, offset, operator */
            if (c->cid_keyed) {
                cff_dict *fdd = &fd_dicts[0];
                if (index_item(c, &c->fdarray, f, &start, &len) != 0 || dict_parse(c, start, len, fdd) != 0)
                    goto malformed;
                for (int k = 0; k < fdd->count; k++)
                    if (fdd->ops[k].op != OP_PRIVATE) fd_dict_len[f] += fdd->ops[k].len;
            }
            fd_total += fd_dict_len[f];
            if (dict_parse(c, c->privates[f].start, c->privates[f].len, &pd) != 0) goto malformed;
            priv_len[f] = c->privates[f].subrs_at ? 5 + 1 : 0;
            for (int k = 0; k < pd.count; k++)
                if (pd.ops[k].op != OP_SUBRS) priv_len[f] += pd.ops[k].len;
        }
        pos += index_size(c->fd_count, fd_total);
        for (f = 0; f < c->fd_count; f++) {
            private_at[f] = pos;
            pos += priv_len[f];
            if (c->privates[f].subrs_at) pos += c->privates[f].subrs.end - c->privates[f].subrs_at;
        }
    }

    put_int5(&top, (long)charset_at);
    put_op(&top, OP_CHARSET);
    put_int5(&top, (long)fdselect_at);
    put_op(&top, OP_FDSELECT);
    put_int5(&top, (long)charstrings_at);
    put_op(&top, OP_CHARSTRINGS);
    put_int5(&top, (long)fdarray_at);
    put_op(&top, OP_FDARRAY);
    if (top.failed) goto oom;
    if (top.len != top_fixed) goto malformed;   /* cannot happen: the sizes above are exact */

    /* header as it is, then the Name INDEX */
    sbuf_append(out, (const char *)c->d, c->header_len);
    put_index_head(out, &lens[glyphs + 1], 1);
    if (name) {
        sbuf_puts(out, name);
    } else {
        index_item(c, &c->names, 0, &start, &len);
        sbuf_append(out, (const char *)c->d + start, len);
    }
    lens[glyphs] = top.len;
    put_index_head(out, &lens[glyphs], 1);
    sbuf_append(out, top.data, top.len);
    /* String INDEX, with Registry and Ordering when they were missing */
    {
        size_t *slens = malloc(((size_t)c->strings.count + added + 1) * sizeof *slens);
        if (!slens) goto oom;
        for (i = 0; i < c->strings.count; i++) index_item(c, &c->strings, (unsigned)i, &start, &slens[i]);
        for (i = 0; i < added; i++) slens[c->strings.count + i] = strlen(new_strings[i]);
        put_index_head(out, slens, c->strings.count + added);
        free(slens);
        for (i = 0; i < c->strings.count; i++) {
            index_item(c, &c->strings, (unsigned)i, &start, &len);
            sbuf_append(out, (const char *)c->d + start, len);
        }
        for (i = 0; i < added; i++) sbuf_puts(out, new_strings[i]);
    }
    /* Global Subrs as they are: charstrings refer to them by number */
    sbuf_append(out, (const char *)c->d + c->strings.end, c->gsubrs.end - c->strings.end);
    if (out->len - base != charset_at) goto malformed;

    /* charset: format 2, the range 1..glyphs-1 (glyph 0 is .notdef, CID 0),
     * or format 0 with the CIDs asked for */
    if (glyphs >= 2 && cids) {
        sbuf_putc(out, 0);
        for (i = 1; i < glyphs; i++) {
            sbuf_putc(out, (char)(cids[i] >> 8));
            sbuf_putc(out, (char)(cids[i] & 0xFF));
        }
    } else if (glyphs >= 2) {
        char cs[5] = {2, 0, 1, (char)((glyphs - 2) >> 8), (char)(glyphs - 2)};
        sbuf_append(out, cs, 5);
    } else {
        sbuf_putc(out, 0);
    }
    /* FDSelect format 3 */
    sbuf_putc(out, 3);
    sbuf_putc(out, (char)(ranges >> 8));
    sbuf_putc(out, (char)ranges);
    for (i = 0; i < glyphs; i++) {
        if (i > 0 && fds[i] == fds[i - 1]) continue;
        sbuf_putc(out, (char)(i >> 8));
        sbuf_putc(out, (char)i);
        sbuf_putc(out, (char)fds[i]);
    }
    sbuf_putc(out, (char)(glyphs >> 8));
    sbuf_putc(out, (char)glyphs);
    /* CharStrings, copies last */
    put_index_head(out, lens, glyphs);
    for (i = 0; i < glyphs; i++) {
        unsigned g = i < c->charstrings.count ? (unsigned)i : copies[i - c->charstrings.count];
        index_item(c, &c->charstrings, g, &start, &len);
        sbuf_append(out, (const char *)c->d + start, len);
    }
    /* FDArray: each FD's DICT with its Private moved */
    put_index_head(out, fd_dict_len, c->fd_count);
    for (f = 0; f < c->fd_count; f++) {
        if (c->cid_keyed) {
            index_item(c, &c->fdarray, f, &start, &len);
            dict_parse(c, start, len, &fd_dicts[0]);
            put_dict_without(out, c, &fd_dicts[0], fd_skip);
        }
        put_int5(out, (long)priv_len[f]);
        put_int5(out, (long)private_at[f]);
        put_op(out, OP_PRIVATE);
    }
    /* Private DICTs, each followed by its local Subrs */
    for (f = 0; f < c->fd_count; f++) {
        cff_dict pd;
        if (out->len - base != private_at[f]) goto malformed;
        dict_parse(c, c->privates[f].start, c->privates[f].len, &pd);
        put_dict_without(out, c, &pd, priv_skip);
        if (c->privates[f].subrs_at) {
            put_int5(out, (long)priv_len[f]);   /* Subrs right after the DICT */
            put_op(out, OP_SUBRS);
            sbuf_append(out, (const char *)c->d + c->privates[f].subrs_at,
                        c->privates[f].subrs.end - c->privates[f].subrs_at);
        }
    }
    if (out->failed) goto oom;
    if (out->len - base != pos) goto malformed;
    rc = 0;
    goto done;

malformed:
    set_err(err, errlen, "malformed (an INDEX or DICT out of its bounds)");
    goto fail;
oom:
    snprintf(err, errlen, "out of memory");
fail:
    if (out->len > base) out->len = base;
done:
    sbuf_free(&top);
    free(lens);
    free(fds);
    return rc;
}
