/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf_pack.c — libharu's PDF with its small objects in object streams and
 * a cross-reference stream (pdf_pack.h). */
#include "pdf/pdf_pack.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Objects per object stream: enough for deflate to find the repeats of
 * page and length dictionaries, few enough that a reader fetching one
 * object decompresses little (qpdf's choice too). */
#define PACK_PER_STREAM 100
/* Cross-reference stream fields (/W): type, offset or object stream
 * number, generation or index. */
#define PACK_W1 1
#define PACK_W2 4
#define PACK_W3 2

typedef struct pack_obj {
    unsigned num;
    size_t off;          /* of "num 0 obj" in the input */
    size_t body, body_len; /* the object's value, without "obj"/"endobj" */
    int stream;
} pack_obj;

static int by_offset(const void *a, const void *b)
{
    const pack_obj *x = a, *y = b;
    return (x->off > y->off) - (x->off < y->off);
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

/* The unsigned decimal at in[*pos..end), at most 10 digits; *pos moves past it. */
static int read_uint(const unsigned char *in, size_t end, size_t *pos, unsigned long long *v)
{
    size_t start = *pos;
    *v = 0;
    while (*pos < end && *pos - start < 12 && in[*pos] >= '0' && in[*pos] <= '9') *v = *v * 10 + (unsigned)(in[(*pos)++] - '0');
    return *pos > start && *pos - start <= 10 ? 0 : -1;
}

static int skip_text(const unsigned char *in, size_t end, size_t *pos, const char *text)
{
    size_t n = strlen(text);
    if (end - *pos < n || memcmp(in + *pos, text, n) != 0) return -1;
    *pos += n;
    return 0;
}

static void skip_space(const unsigned char *in, size_t end, size_t *pos)
{
    while (*pos < end && is_space(in[*pos])) (*pos)++;
}

/* in[from..to) ends with text (after trailing white space)? Then *to is
 * moved before it. */
static int strip_end(const unsigned char *in, size_t from, size_t *to, const char *text)
{
    size_t n = strlen(text), e = *to;
    while (e > from && is_space(in[e - 1])) e--;
    if (e - from < n || memcmp(in + e - n, text, n) != 0) return 0;
    *to = e - n;
    return 1;
}

/* The value of "/Key N 0 R" in the trailer, or 0 when absent. */
static unsigned long long trailer_ref(const unsigned char *t, size_t len, const char *key)
{
    size_t n = strlen(key), i, pos;
    unsigned long long v;
    for (i = 0; i + n < len; i++) {
        if (memcmp(t + i, key, n) != 0 || !is_space(t[i + n])) continue;
        pos = i + n;
        skip_space(t, len, &pos);
        if (read_uint(t, len, &pos, &v) == 0 && skip_text(t, len, &pos, " 0 R") == 0) return v;
        return 0;
    }
    return 0;
}

static void put_field(unsigned char *p, unsigned long long v, int width)
{
    int i;
    for (i = width - 1; i >= 0; i--, v >>= 8) p[i] = (unsigned char)(v & 0xFF);
}

/* The entries of the cross-reference stream: type, field 2, field 3. */
typedef struct xref_entry {
    unsigned char type;
    unsigned long long f2;
    unsigned f3;
} xref_entry;

static int put_compressed_stream(sbuf *out, pdf_flate *z, const char *dict, const void *data, size_t len)
{
    const unsigned char *packed;
    size_t plen;
    if (pdf_flate_bytes(z, data, len, &packed, &plen) != 0) return -1;
    sbuf_printf(out, "%s/Length %zu /Filter /FlateDecode >>\nstream\n", dict, plen);
    sbuf_append(out, (const char *)packed, plen);
    sbuf_puts(out, "\nendstream\nendobj\n");
    return out->failed ? -1 : 0;
}

int pdf_pack(const unsigned char *in, size_t len, pdf_flate *z, sbuf *out)
{
    pack_obj *objs = NULL;
    xref_entry *xref = NULL;
    sbuf heads = SBUF_INIT, bodies = SBUF_INIT, dict = SBUF_INIT;
    unsigned char *xdata = NULL;
    unsigned long long xref_off, first, count, v, size = 0, root, info;
    size_t pos, tail, nobj = 0, i, k, trailer, trailer_end, start_len = out->len, nstm = 0, header_end;
    int rc = 1;
    const unsigned char *id = NULL;
    size_t id_len = 0;

    /* "startxref\nN\n%%EOF" at the end */
    if (len < 64) return 1;
    for (tail = len - 9; tail > len - 64 && memcmp(in + tail, "startxref", 9) != 0; tail--) {}
    pos = tail + 9;
    skip_space(in, len, &pos);
    if (memcmp(in + tail, "startxref", 9) != 0 || read_uint(in, len, &pos, &xref_off) != 0 || xref_off >= tail)
        return 1;
    for (header_end = 0; header_end < 64 && in[header_end] != '\n'; header_end++) {}
    if (memcmp(in, "%PDF-1.", 7) != 0 || header_end == 64) return 1;
    pos = (size_t)xref_off;
    if (skip_text(in, tail, &pos, "xref") != 0) return 1;
    skip_space(in, tail, &pos);
    /* one subsection from object 0: what libharu writes */
    if (read_uint(in, tail, &pos, &first) != 0 || first != 0 || skip_text(in, tail, &pos, " ") != 0 ||
        read_uint(in, tail, &pos, &count) != 0 || count == 0 || count > 8000000)
        return 1;
    skip_space(in, tail, &pos);
    if ((tail - pos) / 20 < count) return 1;
    objs = calloc((size_t)count, sizeof *objs);
    if (!objs) return -1;
    for (i = 0; i < count; i++, pos += 20) {
        size_t p = pos;
        unsigned long long off, gen;
        if (read_uint(in, tail, &p, &off) != 0 || skip_text(in, tail, &p, " ") != 0 ||
            read_uint(in, tail, &p, &gen) != 0 || skip_text(in, tail, &p, " ") != 0 || p != pos + 17)
            goto done;
        if (in[p] == 'f') continue;
        if (in[p] != 'n' || gen != 0 || off >= xref_off) goto done;
        objs[nobj].num = (unsigned)i;
        objs[nobj].off = (size_t)off;
        nobj++;
    }
    skip_space(in, tail, &pos);
    if (skip_text(in, tail, &pos, "trailer") != 0) goto done;
    trailer = pos;
    for (trailer_end = trailer; trailer_end + 1 < tail && memcmp(in + trailer_end, ">>", 2) != 0; trailer_end++) {}
    if (trailer_end + 1 >= tail) goto done;
    /* an encrypted file, or one updated in place, is not libharu's plain form */
    for (k = trailer; k + 5 <= trailer_end; k++)
        if ((k + 8 <= trailer_end && memcmp(in + k, "/Encrypt", 8) == 0) || memcmp(in + k, "/Prev", 5) == 0) goto done;
    for (k = trailer; k + 3 <= trailer_end; k++)
        if (memcmp(in + k, "/ID", 3) == 0) {
            const unsigned char *close = memchr(in + k, ']', trailer_end - k);
            if (!close) goto done;
            id = in + k;
            id_len = (size_t)(close - (in + k)) + 1;
            break;
        }
    root = trailer_ref(in + trailer, trailer_end - trailer, "/Root");
    info = trailer_ref(in + trailer, trailer_end - trailer, "/Info");
    pos = trailer;
    if (nobj == 0 || root == 0 || root >= count || info >= count) goto done;

    /* Each object: "N 0 obj" at its offset, up to the next object. */
    qsort(objs, nobj, sizeof *objs, by_offset);
    for (i = 0; i < nobj; i++) {
        size_t end = i + 1 < nobj ? objs[i + 1].off : (size_t)xref_off, p = objs[i].off, b;
        if (i + 1 < nobj && objs[i + 1].off == objs[i].off) goto done;
        if (read_uint(in, end, &p, &v) != 0 || v != objs[i].num || skip_text(in, end, &p, " 0 obj") != 0) goto done;
        skip_space(in, end, &p);
        b = end;
        if (!strip_end(in, p, &b, "endobj")) goto done;
        while (b > p && is_space(in[b - 1])) b--;
        objs[i].body = p;
        objs[i].body_len = b - p;
        {
            size_t s = b;
            objs[i].stream = strip_end(in, p, &s, "endstream");
        }
    }

    /* The header (version 1.5) and libharu's binary comment line. */
    size = count;
    xref = calloc((size_t)count + nobj / PACK_PER_STREAM + 2, sizeof *xref);
    if (!xref) goto oom;
    xref[0].type = 0;
    xref[0].f3 = 65535;
    sbuf_puts(out, "%PDF-1.5");
    sbuf_append(out, (const char *)in + header_end, objs[0].off > header_end ? objs[0].off - header_end : 1);
    /* streams as they are */
    for (i = 0; i < nobj; i++) {
        if (!objs[i].stream) continue;
        xref[objs[i].num].type = 1;
        xref[objs[i].num].f2 = out->len - start_len;
        sbuf_printf(out, "%u 0 obj\n", objs[i].num);
        sbuf_append(out, (const char *)in + objs[i].body, objs[i].body_len);
        sbuf_puts(out, "\nendobj\n");
    }
    /* the rest, a hundred to an object stream, in the input's order */
    for (i = 0; i < nobj;) {
        unsigned long long stm = size + nstm;
        size_t n = 0;
        sbuf_clear(&heads);
        sbuf_clear(&bodies);
        for (; i < nobj && n < PACK_PER_STREAM; i++) {
            if (objs[i].stream) continue;
            xref[objs[i].num].type = 2;
            xref[objs[i].num].f2 = stm;
            xref[objs[i].num].f3 = (unsigned)n;
            sbuf_printf(&heads, "%u %zu ", objs[i].num, bodies.len);
            sbuf_append(&bodies, (const char *)in + objs[i].body, objs[i].body_len);
            sbuf_putc(&bodies, '\n');
            n++;
        }
        if (n == 0) break;
        if (heads.failed || bodies.failed) goto oom;
        xref[stm].type = 1;
        xref[stm].f2 = out->len - start_len;
        sbuf_clear(&dict);
        sbuf_printf(&dict, "%llu 0 obj\n<< /Type /ObjStm /N %zu /First %zu ", stm, n, heads.len);
        if (sbuf_append(&heads, bodies.data, bodies.len) != 0 || dict.failed ||
            put_compressed_stream(out, z, dict.data, heads.data, heads.len) != 0)
            goto oom;
        nstm++;
    }
    /* the cross-reference stream, its own entry included */
    {
        unsigned long long xnum = size + nstm, total = xnum + 1, at = out->len - start_len;
        const size_t w = PACK_W1 + PACK_W2 + PACK_W3;
        if (at >= (1ULL << (8 * PACK_W2))) goto done;
        xref[xnum].type = 1;
        xref[xnum].f2 = at;
        xdata = malloc((size_t)total * w);
        if (!xdata) goto oom;
        for (k = 0; k < total; k++) {
            put_field(xdata + k * w, xref[k].type, PACK_W1);
            put_field(xdata + k * w + PACK_W1, xref[k].f2, PACK_W2);
            put_field(xdata + k * w + PACK_W1 + PACK_W2, xref[k].f3, PACK_W3);
        }
        sbuf_clear(&dict);
        sbuf_printf(&dict, "%llu 0 obj\n<< /Type /XRef /Size %llu /W [%d %d %d] /Root %llu 0 R ", xnum, total,
                    PACK_W1, PACK_W2, PACK_W3, root);
        if (info) sbuf_printf(&dict, "/Info %llu 0 R ", info);
        if (id) {
            sbuf_append(&dict, (const char *)id, id_len);
            sbuf_putc(&dict, ' ');
        }
        if (dict.failed || put_compressed_stream(out, z, dict.data, xdata, (size_t)total * w) != 0) goto oom;
        sbuf_printf(out, "startxref\n%llu\n%%%%EOF\n", at);
        if (out->failed) goto oom;
    }
    rc = 0;
    goto done;
oom:
    rc = -1;
done:
    if (rc == 1) {
        /* not packed: out as it was */
        out->len = start_len;
        if (out->data) out->data[start_len] = '\0';
    }
    free(objs);
    free(xref);
    free(xdata);
    sbuf_free(&heads);
    sbuf_free(&bodies);
    sbuf_free(&dict);
    return rc;
}
