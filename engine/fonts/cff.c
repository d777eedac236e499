/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cff.c — reads a CFF table (Adobe TN #5176) far enough to tell whether a
 * glyph draws and to subset it as a CID-keyed font program for PDF: the
 * INDEXes, the Top DICT, FDSelect, the FDArray, the Private DICTs and
 * their subroutines. Charstrings (Type 2, TN #5177) are scanned, not run:
 * operands are counted, hint masks skipped, subroutines followed; a
 * subset copies each operand and path operator as the font has it, in the
 * order a run of the charstring meets them. */
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

/* Reads the charstring operand at *p (TN #5177 section 3.2: 28, 32-255;
 * a 16.16 fixed number gives its integer part) into *v and moves *p past
 * it; -1 when it runs past end. */
static int cs_operand(const unsigned char **pp, const unsigned char *end, long *v)
{
    const unsigned char *p = *pp;
    unsigned b0 = *p++;
    if (b0 == 28) {
        if (end - p < 2) return -1;
        *v = (int16_t)get16(p);
        p += 2;
    } else if (b0 <= 246) {
        *v = (long)b0 - 139;
    } else if (b0 <= 250) {
        if (p >= end) return -1;
        *v = ((long)b0 - 247) * 256 + *p++ + 108;
    } else if (b0 <= 254) {
        if (p >= end) return -1;
        *v = -((long)b0 - 251) * 256 - *p++ - 108;
    } else {   /* 255: 16.16 fixed */
        if (end - p < 4) return -1;
        *v = (int16_t)get16(p);
        p += 4;
    }
    *pp = p;
    return 0;
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
        unsigned b0 = *p;
        if (b0 >= 32 || b0 == 28) {   /* an operand */
            long v;
            if (cs_operand(&p, end, &v) != 0 || s->sp == CFF_MAX_STACK) return SCAN_BAD;
            s->stack[s->sp++] = v;
            continue;
        }
        p++;
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

/* --- subsetting --------------------------------------------------------- */

enum { FLAT_ENDS = 0, FLAT_RETURNS = 2, FLAT_BAD = -1, FLAT_ARITHMETIC = -2, FLAT_SEAC = -3 };

/* One charstring being flattened: the operands read and not yet written
 * (they are copied as the font has them, and the stack outlives a
 * subroutine call), and the advance width when it came with a hint
 * operator that is dropped. */
typedef struct flat_state {
    const cff_font *c;
    const cff_private *priv;
    sbuf *out;
    struct {
        size_t at;
        unsigned len;
        long v;
    } args[CFF_MAX_STACK];
    int sp;
    unsigned stems;
    int cleared;            /* the first stack-clearing operator is past */
    size_t width_at;
    unsigned width_len;     /* 0: no width held back */
    long budget;            /* bytes left to read, as for scan */
} flat_state;

/* Writes the held-back width, the operands and the operator op[0..oplen):
 * each run of operands that lie back to back in the font in one copy, the
 * operator with them when it follows the last (the common case: no
 * subroutine call in between). */
static void flat_emit(flat_state *s, const unsigned char *op, size_t oplen)
{
    const char *d = (const char *)s->c->d;
    size_t op_at = (size_t)(op - s->c->d), end = 0;
    int i = 0, k;
    if (s->width_len) sbuf_append(s->out, d + s->width_at, s->width_len);
    s->width_len = 0;
    for (; i < s->sp; i = k) {
        for (k = i + 1; k < s->sp && s->args[k].at == s->args[k - 1].at + s->args[k - 1].len; k++)
            ;
        end = s->args[k - 1].at + s->args[k - 1].len;
        if (k == s->sp && end == op_at) break;
        sbuf_append(s->out, d + s->args[i].at, end - s->args[i].at);
    }
    if (i < s->sp) sbuf_append(s->out, d + s->args[i].at, op_at + oplen - s->args[i].at);
    else sbuf_append(s->out, (const char *)op, oplen);
    s->sp = 0;
    s->cleared = 1;
}

/* A stem hint operator (or a hint mask's implicit vstems) dropped: its
 * operands are pairs; an odd one first, at the first stack-clearing
 * operator, is the advance width (TN #5177 section 4.1), held back for the
 * next operator written. */
static void flat_drop_stems(flat_state *s)
{
    if (!s->cleared && (s->sp & 1)) {
        s->width_at = s->args[0].at;
        s->width_len = s->args[0].len;
    }
    s->cleared = 1;
    s->stems += (unsigned)s->sp / 2;
    s->sp = 0;
}

/* Flattens d[start..start+len), as scan reads it: subroutine calls replaced
 * by the subroutines' code, hints dropped, everything else copied. */
static int flat_run(flat_state *s, size_t start, size_t len, int depth)
{
    const unsigned char *d = s->c->d, *p = d + start, *end = p + len;

    if (depth > CFF_MAX_SUBR_DEPTH) return FLAT_BAD;
    s->budget -= (long)len;
    if (s->budget < 0) return FLAT_BAD;
    while (p < end) {
        const unsigned char *at = p;
        unsigned b0 = *p;
        if (b0 >= 32 || b0 == 28) {
            long v;
            if (cs_operand(&p, end, &v) != 0 || s->sp == CFF_MAX_STACK) return FLAT_BAD;
            s->args[s->sp].at = (size_t)(at - d);
            s->args[s->sp].len = (unsigned)(p - at);
            s->args[s->sp].v = v;
            s->sp++;
            continue;
        }
        p++;
        switch (b0) {
        case 1: case 3: case 18: case 23:   /* hstem vstem hstemhm vstemhm */
            flat_drop_stems(s);
            break;
        case 19: case 20: {                 /* hintmask cntrmask and their mask bytes */
            size_t mask;
            flat_drop_stems(s);
            mask = (s->stems + 7) / 8;
            if ((size_t)(end - p) < mask) return FLAT_BAD;
            p += mask;
            break;
        }
        case 4: case 5: case 6: case 7: case 8: case 21: case 22: case 24: case 25: case 26: case 27:
        case 30: case 31:
            flat_emit(s, at, 1);
            break;
        case 10: case 29: {
            const cff_index *subrs = b0 == 10 ? &s->priv->subrs : &s->c->gsubrs;
            size_t sub_start, sub_len;
            long n;
            int r;
            if (s->sp == 0) return FLAT_BAD;
            n = s->args[--s->sp].v + subr_bias(subrs->count);
            if (n < 0 || index_item(s->c, subrs, (unsigned)n, &sub_start, &sub_len) != 0) return FLAT_BAD;
            r = flat_run(s, sub_start, sub_len, depth + 1);
            if (r != FLAT_RETURNS) return r;
            break;
        }
        case 11:
            return FLAT_RETURNS;
        case 14:
            if (!s->c->cid_keyed && s->sp >= 4) return FLAT_SEAC;
            flat_emit(s, at, 1);
            return FLAT_ENDS;
        case 12: {
            unsigned b1;
            if (p >= end) return FLAT_BAD;
            b1 = *p++;
            if (b1 >= 34 && b1 <= 37) {     /* the flexes */
                flat_emit(s, at, 2);
            } else if (b1 == 0) {           /* dotsection, an obsolete hint */
                s->sp = 0;
            } else {
                return FLAT_ARITHMETIC;
            }
            break;
        }
        default:
            return FLAT_BAD;
        }
    }
    return depth > 0 ? FLAT_RETURNS : FLAT_ENDS;
}

/* DICT operators whose operand is a SID (a string of the String INDEX). */
static int is_sid_op(int op)
{
    return (op >= 0 && op <= 4) || op == 1200 || op == 1221 || op == 1222 || op == 1238;
}

/* The strings a subset keeps: the SIDs its DICTs name, renumbered in order
 * of first use. */
typedef struct sid_map {
    long old[CFF_MAX_FDS + 16];
    const char *text[CFF_MAX_FDS + 16];
    size_t len[CFF_MAX_FDS + 16];
    unsigned count;
} sid_map;

/* The new SID of string old of the font, or of text when old is -1;
 * -1 when the String INDEX has no string old or the map is full. */
static long sid_keep(sid_map *m, const cff_font *c, long old, const char *text)
{
    size_t start, len;
    unsigned i;
    if (old >= 0 && old < CFF_STD_STRINGS) return old;
    for (i = 0; i < m->count; i++)
        if (old >= 0 ? m->old[i] == old : m->old[i] < 0 && strcmp(m->text[i], text) == 0)
            return CFF_STD_STRINGS + (long)i;
    if (m->count == sizeof m->old / sizeof m->old[0]) return -1;
    if (old >= 0) {
        if (index_item(c, &c->strings, (unsigned)(old - CFF_STD_STRINGS), &start, &len) != 0) return -1;
        m->text[m->count] = (const char *)c->d + start;
        m->len[m->count] = len;
    } else {
        m->text[m->count] = text;
        m->len[m->count] = strlen(text);
    }
    m->old[m->count] = old;
    return CFF_STD_STRINGS + (long)m->count++;
}

/* A DICT's operators but those in skip (a list ending with -1), copied,
 * with their SIDs renumbered through m; -1 when a SID is not in the font. */
static int put_dict_sids(sbuf *b, const cff_font *c, const cff_dict *d, const int *skip, sid_map *m)
{
    int i, k, drop;
    for (i = 0; i < d->count; i++) {
        const dict_op *o = &d->ops[i];
        for (drop = 0, k = 0; skip[k] >= 0; k++) drop |= o->op == skip[k];
        if (drop) continue;
        if (is_sid_op(o->op) && o->nargs == 1 && o->arg[0] >= CFF_STD_STRINGS) {
            long sid = sid_keep(m, c, o->arg[0], NULL);
            if (sid < 0) return -1;
            put_int5(b, sid);
            put_op(b, o->op);
        } else {
            sbuf_append(b, (const char *)c->d + o->start, o->len);
        }
    }
    return 0;
}

/* Writes an INDEX of one item. */
static void put_index1(sbuf *b, const char *data, size_t len)
{
    put_index_head(b, &len, 1);
    sbuf_append(b, data, len);
}

/* Flattens glyph (with the Private DICT of its FD) onto out: FLAT_ENDS
 * when done, else why not. */
static int flat_glyph(const cff_font *c, unsigned glyph, int fd, sbuf *out)
{
    flat_state s;
    size_t start, len;
    if (index_item(c, &c->charstrings, glyph, &start, &len) != 0) return FLAT_BAD;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.priv = &c->privates[fd];
    s.out = out;
    s.budget = CFF_SCAN_BUDGET;
    return flat_run(&s, start, len, 0);
}

int cff_subset(const cff_font *c, const uint32_t *glyphs, size_t count, const uint32_t *copies, size_t copy_count,
               const uint16_t *cids, const char *name, sbuf *out, char *err, size_t errlen)
{
    /* Top DICT: the operators the subset states itself, and UniqueID,
     * XUID and UIDBase, which would give a part the whole font's identity.
     * Private DICT: the hint values go with the hints, Subrs with the
     * subroutines. */
    static const int top_skip[] = {OP_ROS, OP_CHARSET, OP_ENCODING, OP_CHARSTRINGS, OP_PRIVATE, OP_CID_COUNT,
                                   OP_FDARRAY, OP_FDSELECT, 13, 14, 1235, -1};
    static const int fd_skip[] = {OP_PRIVATE, -1};
    static const int priv_skip[] = {OP_SUBRS, 6, 7, 8, 9, 10, 11, 1209, 1210, 1211, 1212, 1213, 1214,
                                    1217, 1218, 1219, -1};
    size_t total = count + copy_count, i, base = out->len, cid_count = total, ranges = 0;
    size_t *lens = NULL, *starts = NULL, priv_at[CFF_MAX_FDS + 1], fd_at[CFF_MAX_FDS + 1];
    size_t fd_lens[CFF_MAX_FDS], name_start, name_len, top_len, strings_len = 0;
    size_t charset_at, fdselect_at, charstrings_at, fdarray_at, privs_at, fd_total = 0;
    unsigned char *fds = NULL;
    int new_fd[CFF_MAX_FDS];
    unsigned fd_used = 0, f;
    sbuf cs = SBUF_INIT, top = SBUF_INIT, fd_body = SBUF_INIT, privs = SBUF_INIT;
    sid_map *sids = NULL;
    long sid_registry, sid_ordering;
    cff_dict d;
    int rc = -1;

    if (count == 0 || glyphs[0] != 0) {
        snprintf(err, errlen, "CFF subset: glyph 0 (.notdef) must come first");
        return -1;
    }
    if (total > CFF_MAX_GLYPHS) {
        snprintf(err, errlen, "CFF table: %zu glyphs, more than %d", total, CFF_MAX_GLYPHS);
        return -1;
    }
    if (cids) {
        if (cids[0] != 0) {
            snprintf(err, errlen, "CFF subset: glyph 0 (.notdef) must be CID 0");
            return -1;
        }
        for (i = 0; i < total; i++)
            if ((size_t)cids[i] + 1 > cid_count) cid_count = (size_t)cids[i] + 1;
    }
    lens = malloc((total + 1) * sizeof *lens);
    starts = malloc(count * sizeof *starts);
    fds = malloc(total);
    sids = calloc(1, sizeof *sids);
    if (!lens || !starts || !fds || !sids) goto oom;
    for (f = 0; f < CFF_MAX_FDS; f++) new_fd[f] = -1;

    /* 1. The charstrings, flattened; a copy repeats its glyph's bytes. */
    for (i = 0; i < total; i++) {
        size_t at = cs.len;
        int fd, r;
        if (i >= count) {
            size_t of = copies[i - count];
            if (of >= count) {
                snprintf(err, errlen, "CFF subset: a copy of glyph %zu, beyond the %zu glyphs", of, count);
                goto fail;
            }
            fds[i] = fds[of];
            lens[i] = lens[of];
            /* room first: the bytes copied are in the buffer that grows */
            if (sbuf_reserve(&cs, lens[of]) != 0) goto oom;
            sbuf_append(&cs, cs.data + starts[of], lens[of]);
            continue;
        }
        fd = fd_of(c, glyphs[i]);
        r = fd < 0 ? FLAT_BAD : flat_glyph(c, glyphs[i], fd, &cs);
        if (r == FLAT_SEAC) {
            snprintf(err, errlen, "CFF table: glyph %u is an accented character made with seac, "
                     "which a CID-keyed font cannot express", glyphs[i]);
            goto fail;
        }
        if (r == FLAT_ARITHMETIC) {
            snprintf(err, errlen, "CFF table: glyph %u computes with charstring arithmetic "
                     "(TN #5177 section 4.4), which cannot be flattened", glyphs[i]);
            goto fail;
        }
        if (r != FLAT_ENDS) {
            snprintf(err, errlen, "CFF table: glyph %u is malformed or missing", glyphs[i]);
            goto fail;
        }
        starts[i] = at;
        lens[i] = cs.len - at;
        fds[i] = (unsigned char)fd;
        new_fd[fd] = 0;
    }
    if (cs.failed) goto oom;
    /* only the FDs used, in the font's order */
    for (f = 0; f < c->fd_count; f++)
        if (new_fd[f] >= 0) new_fd[f] = (int)fd_used++;
    for (i = 0; i < total; i++) {
        fds[i] = (unsigned char)new_fd[fds[i]];
        if (i == 0 || fds[i] != fds[i - 1]) ranges++;
    }

    /* 2. The DICTs' operators, SIDs renumbered in order of first use: the
     * Top DICT's, each FD's but Private, each Private DICT's. */
    sid_registry = sid_keep(sids, c, -1, "Adobe");
    sid_ordering = sid_keep(sids, c, -1, "Identity");
    put_int5(&top, sid_registry);
    put_int5(&top, sid_ordering);
    put_int5(&top, 0);
    put_op(&top, OP_ROS);
    if (put_dict_sids(&top, c, &c->top_dict, top_skip, sids) != 0) goto malformed;
    put_int5(&top, (long)cid_count);
    put_op(&top, OP_CID_COUNT);
    for (f = 0; f < c->fd_count; f++) {
        size_t start, len;
        if (new_fd[f] < 0) continue;
        fd_at[new_fd[f]] = fd_body.len;
        priv_at[new_fd[f]] = privs.len;
        if (c->cid_keyed && (index_item(c, &c->fdarray, f, &start, &len) != 0 ||
                             dict_parse(c, start, len, &d) != 0 || put_dict_sids(&fd_body, c, &d, fd_skip, sids) != 0))
            goto malformed;
        if (dict_parse(c, c->privates[f].start, c->privates[f].len, &d) != 0 ||
            put_dict_sids(&privs, c, &d, priv_skip, sids) != 0)
            goto malformed;
    }
    fd_at[fd_used] = fd_body.len;
    priv_at[fd_used] = privs.len;
    if (top.failed || fd_body.failed || privs.failed) goto oom;

    /* 3. Where everything goes: header, Name, Top DICT, String and (empty)
     * Global Subr INDEXes, charset, FDSelect, CharStrings, FDArray, the
     * Private DICTs. Offsets are written in five bytes, so no size depends
     * on one. */
    if (index_item(c, &c->names, 0, &name_start, &name_len) != 0) goto malformed;
    if (name) name_len = strlen(name);
    top_len = top.len + 4 * 5 + 1 + 2 + 1 + 2;
    for (i = 0; i < sids->count; i++) strings_len += sids->len[i];
    charset_at = 4 + index_size(1, name_len) + index_size(1, top_len) + index_size(sids->count, strings_len) + 2;
    fdselect_at = charset_at + (total < 2 ? 1 : cids ? 1 + 2 * (total - 1) : 5);
    charstrings_at = fdselect_at + 3 + 3 * ranges + 2;
    fdarray_at = charstrings_at + index_size(total, cs.len);
    for (f = 0; f < fd_used; f++) {
        fd_lens[f] = fd_at[f + 1] - fd_at[f] + 5 + 5 + 1;
        fd_total += fd_lens[f];
    }
    privs_at = fdarray_at + index_size(fd_used, fd_total);
    put_int5(&top, (long)charset_at);
    put_op(&top, OP_CHARSET);
    put_int5(&top, (long)fdselect_at);
    put_op(&top, OP_FDSELECT);
    put_int5(&top, (long)charstrings_at);
    put_op(&top, OP_CHARSTRINGS);
    put_int5(&top, (long)fdarray_at);
    put_op(&top, OP_FDARRAY);
    if (top.failed) goto oom;
    if (top.len != top_len) goto malformed;   /* cannot happen: the sizes above are exact */

    /* 4. Written out. Header: version 1.0, its own size 4, offsets in 4. */
    sbuf_append(out, "\x01\x00\x04\x04", 4);
    put_index1(out, name ? name : (const char *)c->d + name_start, name_len);
    put_index1(out, top.data, top.len);
    put_index_head(out, sids->len, sids->count);
    for (i = 0; i < sids->count; i++) sbuf_append(out, sids->text[i], sids->len[i]);
    sbuf_append(out, "\x00\x00", 2);
    if (out->len - base != charset_at) goto malformed;
    if (total >= 2 && cids) {
        sbuf_putc(out, 0);
        for (i = 1; i < total; i++) {
            sbuf_putc(out, (char)(cids[i] >> 8));
            sbuf_putc(out, (char)(cids[i] & 0xFF));
        }
    } else if (total >= 2) {
        char range[5] = {2, 0, 1, (char)((total - 2) >> 8), (char)(total - 2)};
        sbuf_append(out, range, 5);
    } else {
        sbuf_putc(out, 0);
    }
    sbuf_putc(out, 3);
    sbuf_putc(out, (char)(ranges >> 8));
    sbuf_putc(out, (char)ranges);
    for (i = 0; i < total; i++) {
        if (i > 0 && fds[i] == fds[i - 1]) continue;
        sbuf_putc(out, (char)(i >> 8));
        sbuf_putc(out, (char)i);
        sbuf_putc(out, (char)fds[i]);
    }
    sbuf_putc(out, (char)(total >> 8));
    sbuf_putc(out, (char)total);
    put_index_head(out, lens, total);
    sbuf_append(out, cs.data, cs.len);
    if (out->len - base != fdarray_at) goto malformed;
    put_index_head(out, fd_lens, fd_used);
    for (f = 0; f < fd_used; f++) {
        if (fd_at[f + 1] > fd_at[f])   /* a name-keyed font's FD has only its Private */
            sbuf_append(out, fd_body.data + fd_at[f], fd_at[f + 1] - fd_at[f]);
        put_int5(out, (long)(priv_at[f + 1] - priv_at[f]));
        put_int5(out, (long)(privs_at + priv_at[f]));
        put_op(out, OP_PRIVATE);
    }
    if (out->len - base != privs_at) goto malformed;
    sbuf_append(out, privs.data, privs.len);
    if (out->failed) goto oom;
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
    sbuf_free(&cs);
    sbuf_free(&top);
    sbuf_free(&fd_body);
    sbuf_free(&privs);
    free(sids);
    free(lens);
    free(starts);
    free(fds);
    return rc;
}
