/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf_font.c — subsets a face and embeds it as a Type 0 font with a
 * ToUnicode CMap that readers accept (see pdf_font.h for why libharu's own
 * TrueType loader is not used): TrueType outlines subset by hb-subset as a
 * CIDFontType2 (FontFile2), CFF outlines subset by fonts/cff.c as a
 * CIDFontType0 (FontFile3 /CIDFontType0C, CID-keyed with CID = glyph id). */
#include "pdf/pdf_font.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>
#include <hb-subset.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>

#include "fonts/cff.h"
#include "util/sbuf.h"

/* A stream's bytes, compressed by pdf_font_prepare. */
typedef struct packed {
    unsigned char *data;    /* owned; NULL: no such stream */
    size_t len;
    size_t raw_len;         /* before compression (FontFile2's /Length1) */
} packed;

struct pdf_font {
    HPDF_Dict type0;        /* owned by the HPDF_Doc; NULL before pdf_font_begin */
    /* original glyph id -> CID, 0 for glyphs not embedded: a flat table
     * because the content writer looks up every glyph drawn. */
    uint16_t *cid_of;       /* PDF_FONT_GLYPHS entries */
    /* original glyph id -> CID of its half-width copy, 0 for none; NULL
     * when the document draws nothing at half width. */
    uint16_t *half_of;
    double *widths;         /* per CID, thousandths of an em, as in /W */
    unsigned glyph_count;   /* CIDs 0.. are the subset's glyph ids */
    unsigned cid_count;     /* CIDs glyph_count.. are half-width copies */
    /* Character codes (pdf_font_set_codes): code_of[cid], one byte below
     * lead, two bytes (lead byte first) from lead << 8; cid_by_rank lists
     * the CIDs by code, most drawn first. NULL: not set yet. */
    uint16_t *code_of;
    uint32_t *cid_by_rank;
    unsigned lead;

    /* Planned (step 1), for steps 2 and 3. */
    const char *path;       /* the font file, for messages (the fonts set's) */
    hb_face_t *src;         /* the face (a reference) */
    hb_face_t *view;        /* TrueType: the face as hb-subset sees it */
    hb_subset_input_t *input;
    hb_subset_plan_t *plan;
    const hb_map_t *codepoints;  /* borrowed */
    hb_codepoint_t *old_of_cid;  /* per CID, the original glyph id */
    unsigned char *gid_map;      /* per subset CID, its glyph (two bytes), when there are copies */
    uint32_t *copies;            /* CFF: the subset glyph each half-width CID copies */
    /* The face's CFF table (the fonts set's): CIDFontType0 with FontFile3;
     * NULL: TrueType, CIDFontType2 with FontFile2. */
    const cff_font *cff;
    char base_font[80];

    /* Prepared (step 2). */
    packed program, tounicode, cid_to_gid, encoding;
    int bbox[4];            /* FontDescriptor values (descriptor_metrics) */
    hb_position_t ascender, descender, cap_height;
};

/* Tables a PDF TrueType font program does not need: layout (the document
 * draws shaped glyphs), vertical metrics, embedded bitmaps (UMing carries
 * EBDT/EBLC strikes that would otherwise dominate the subset), colour and
 * legacy kerning. PDF 32000-1 9.9 lists what a FontFile2 program needs:
 * head, hhea, loca, maxp, cvt, prep, glyf, hmtx, fpgm. */
static const char *const dropped_tables[] = {
    "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "vhea", "vmtx", "VORG",
    "EBDT", "EBLC", "EBSC", "CBDT", "CBLC", "sbix", "SVG ", "COLR", "CPAL",
    "kern", "hdmx", "LTSH", "VDMX", "DSIG", "gasp", "PCLT", "morx", "mort",
    "feat", "meta", "STAT",
    /* The content draws CIDs = glyph ids (CIDToGIDMap /Identity), so the
     * program needs no cmap (9.9: "cmap" is not needed for CIDFontType2). */
    "cmap",
};

/* The tables of the face for hb-subset: all but the dropped ones, which
 * it then does not read at all. Without a cmap, hb-subset no longer walks
 * every mapping of the font to find the characters of the glyphs kept
 * (for Noto CJK, 44,000 of them: half the cost of a subset). */
static hb_blob_t *subset_table(hb_face_t *view, hb_tag_t tag, void *user)
{
    size_t i;
    (void)view;
    for (i = 0; i < sizeof dropped_tables / sizeof dropped_tables[0]; i++)
        if (tag == hb_tag_from_string(dropped_tables[i], 4)) return hb_blob_get_empty();
    return hb_face_reference_table((hb_face_t *)user, tag);
}

void pdf_font_destroy(pdf_font *pf)
{
    if (!pf) return;
    free(pf->cid_of);
    free(pf->half_of);
    free(pf->widths);
    hb_subset_plan_destroy(pf->plan);
    hb_subset_input_destroy(pf->input);
    hb_face_destroy(pf->view);
    hb_face_destroy(pf->src);
    free(pf->old_of_cid);
    free(pf->gid_map);
    free(pf->copies);
    free(pf->program.data);
    free(pf->tounicode.data);
    free(pf->cid_to_gid.data);
    free(pf->encoding.data);
    free(pf->code_of);
    free(pf->cid_by_rank);
    free(pf);
}

unsigned pdf_font_cid_count(const pdf_font *pf)
{
    return pf->cid_count;
}

size_t pdf_font_weight(const pdf_font *pf)
{
    /* A CFF glyph is flattened (its subroutines inlined): about twice the
     * work of a TrueType glyph. */
    return (size_t)pf->glyph_count * (pf->cff ? 2 : 1);
}

HPDF_Dict pdf_font_dict(const pdf_font *pf)
{
    return pf->type0;
}

uint32_t pdf_font_cid(const pdf_font *pf, uint32_t old_glyph)
{
    return old_glyph < PDF_FONT_GLYPHS ? pf->cid_of[old_glyph] : 0;
}

uint32_t pdf_font_half_cid(const pdf_font *pf, uint32_t old_glyph)
{
    return pf->half_of && old_glyph < PDF_FONT_GLYPHS ? pf->half_of[old_glyph] : 0;
}

double pdf_font_width(const pdf_font *pf, uint32_t cid)
{
    return cid < pf->cid_count ? pf->widths[cid] : 0;
}

/* A subset font's name carries a six-letter tag (PDF 32000-1 9.6.4) that
 * differs between different subsets of one font. Derived from the glyph set,
 * not a random number, so the same document gives the same bytes. */
static void subset_tag(const char *path, unsigned ttc_index, const hb_set_t *used, char tag[7])
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a 64 */
    hb_codepoint_t g = HB_SET_VALUE_INVALID;
    const char *p;
    int i;

    for (p = path; *p; p++) h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
    h = (h ^ ttc_index) * 0x100000001b3ULL;
    while (hb_set_next(used, &g)) {
        for (i = 0; i < 4; i++) h = (h ^ ((g >> (8 * i)) & 0xFF)) * 0x100000001b3ULL;
    }
    for (i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = '\0';
}

/* The PostScript name of the face, reduced to the characters a PDF name
 * written by libharu keeps readable. */
static void ps_name(hb_face_t *face, int face_no, char *out, size_t outlen)
{
    char raw[128];
    unsigned len = sizeof raw;
    size_t i, n = 0;

    len = hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, raw);
    for (i = 0; i < len && raw[i] && n + 1 < outlen && n < 48; i++) {
        char c = raw[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
            out[n++] = c;
    }
    out[n] = '\0';
    if (n == 0) snprintf(out, outlen, "BriefFace%d", face_no);
}

/* UTF-16BE hex of one character, surrogate pair beyond the BMP. */
static void put_utf16_hex(sbuf *b, uint32_t cp)
{
    if (cp >= 0x10000) {
        cp -= 0x10000;
        sbuf_printf(b, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
    } else {
        sbuf_printf(b, "%04X", cp);
    }
}

int pdf_font_escaped_byte(unsigned b)
{
    return b == '(' || b == ')' || b == '\\' || b == '\r';
}

typedef struct use_rank {
    uint32_t uses, cid;
} use_rank;

static int by_uses(const void *a, const void *b)
{
    const use_rank *x = a, *y = b;
    if (x->uses != y->uses) return x->uses > y->uses ? -1 : 1;
    return x->cid < y->cid ? -1 : x->cid > y->cid;
}

int pdf_font_set_codes(pdf_font *pf, const uint32_t *uses)
{
    unsigned n = pf->cid_count, lead = 0xC0, ones = 0, r, b;
    use_rank *rank = malloc((n ? n : 1) * sizeof *rank);

    free(pf->code_of);
    free(pf->cid_by_rank);
    pf->code_of = malloc((n ? n : 1) * sizeof *pf->code_of);
    pf->cid_by_rank = malloc((n ? n : 1) * sizeof *pf->cid_by_rank);
    if (!rank || !pf->code_of || !pf->cid_by_rank) {
        free(rank);
        return -1;
    }
    /* The one-byte codes: 0x00 up to the first lead byte, but for the
     * escaped bytes; lead lowered until there are codes for every CID
     * (at lead 0, all are two bytes, as Identity-H's). */
    for (;; lead--) {
        for (ones = 0, b = 0; b < lead; b++) ones += !pdf_font_escaped_byte(b);
        if (ones + (256 - lead) * 256 >= n || lead == 0) break;
    }
    for (r = 0; r < n; r++) {
        rank[r].uses = r == 0 ? UINT32_MAX : uses[r];   /* .notdef: code 0, which is CID 0 */
        rank[r].cid = r;
    }
    qsort(rank, n, sizeof *rank, by_uses);
    for (r = 0, b = 0; r < n; r++) {
        unsigned code;
        if (r < ones) {
            while (pdf_font_escaped_byte(b)) b++;
            code = b++;
        } else {
            code = ((lead + (r - ones) / 256) << 8) | ((r - ones) % 256);
        }
        pf->code_of[rank[r].cid] = (uint16_t)code;
        pf->cid_by_rank[r] = rank[r].cid;
    }
    pf->lead = lead;
    free(rank);
    return 0;
}

unsigned pdf_font_code(const pdf_font *pf, uint32_t cid, unsigned char out[2])
{
    unsigned code = cid < pf->cid_count ? pf->code_of[cid] : 0;
    if (code >= pf->lead << 8) {
        out[0] = (unsigned char)(code >> 8);
        out[1] = (unsigned char)(code & 0xFF);
        return 2;
    }
    out[0] = (unsigned char)code;
    return 1;
}

/* "<XX>" or "<XXXX>", the code of cid as a CMap writes it. */
static void put_code_hex(sbuf *b, const pdf_font *pf, uint32_t cid)
{
    unsigned char c[2];
    if (pdf_font_code(pf, cid, c) == 2) sbuf_printf(b, "<%02X%02X>", c[0], c[1]);
    else sbuf_printf(b, "<%02X>", c[0]);
}

/* The codespace ranges of the codes: one byte below lead, two from it. */
static void put_codespace(sbuf *b, const pdf_font *pf)
{
    if (pf->lead > 0) sbuf_printf(b, "2 begincodespacerange\n<00> <%02X>\n", pf->lead - 1);
    else sbuf_puts(b, "1 begincodespacerange\n");
    sbuf_printf(b, "<%02X00> <FFFF>\nendcodespacerange\n", pf->lead);
}

/* Entries of a CMap in blocks of at most 100 (the limit PostScript
 * readers of CMaps keep): put writes entry r, op names the block. */
static void put_blocks(sbuf *b, const pdf_font *pf, const char *op,
                       int (*put)(sbuf *b, const pdf_font *pf, uint32_t cid))
{
    sbuf entries = SBUF_INIT;
    unsigned r, in_block = 0;
    for (r = 0; r <= pf->cid_count; r++) {
        if (r == pf->cid_count || in_block == 100) {
            if (in_block) {
                sbuf_printf(b, "%u begin%s\n", in_block, op);
                sbuf_append(b, entries.data, entries.len);
                sbuf_printf(b, "end%s\n", op);
            }
            entries.len = 0;
            in_block = 0;
            if (r == pf->cid_count) break;
        }
        in_block += (unsigned)put(&entries, pf, pf->cid_by_rank[r]);
    }
    if (entries.failed) b->failed = 1;
    sbuf_free(&entries);
}

static int put_unicode_entry(sbuf *b, const pdf_font *pf, uint32_t cid)
{
    hb_codepoint_t old = pf->old_of_cid[cid], cp;
    if (old == HB_MAP_VALUE_INVALID) return 0;
    cp = hb_map_get(pf->codepoints, old);
    if (cp == HB_MAP_VALUE_INVALID || cp == 0) return 0;
    put_code_hex(b, pf, cid);
    sbuf_putc(b, ' ');
    sbuf_putc(b, '<');
    put_utf16_hex(b, cp);
    sbuf_puts(b, ">\n");
    return 1;
}

/* The opening of an embedded CMap program (Adobe TN 5014) of the Adobe
 * ordering given, named name, of CMapType type, and its close. */
static void cmap_begin(sbuf *b, const char *ordering, const char *name, int type)
{
    sbuf_printf(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (%s) /Supplement 0 >> def\n"
                   "/CMapName /%s def\n/CMapType %d def\n", ordering, name, type);
}

static void cmap_end(sbuf *b)
{
    sbuf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* A ToUnicode CMap (PDF 32000-1 9.10.3; Adobe TN 5099/5411): the font's
 * codespace, a bfchar entry per code whose glyph stands for a character. */
static int tounicode_build(sbuf *b, const pdf_font *pf)
{
    cmap_begin(b, "UCS", "Adobe-Identity-UCS", 2);
    put_codespace(b, pf);
    put_blocks(b, pf, "bfchar", put_unicode_entry);
    cmap_end(b);
    return b->failed ? -1 : 0;
}

/* The font's encoding, an embedded CMap (PDF 32000-1 9.7.5): each code is
 * its own CID (the font program's charset, or its CIDToGIDMap, gives the
 * glyph), so the CMap is a few ranges whatever the glyphs: one for the
 * one-byte codes, one per lead byte of the two-byte ones in use. A CID that
 * is a code keeps it inside the codespace, which readers that key the
 * ToUnicode CMap by CID (MuPDF) need. */
static int encoding_build(sbuf *b, const pdf_font *pf, const char *name)
{
    unsigned top = pf->cid_count ? pf->code_of[pf->cid_by_rank[pf->cid_count - 1]] : 0, l,
             leads = top >= pf->lead << 8 ? (top >> 8) - pf->lead + 1 : 0;
    cmap_begin(b, "Identity", name, 1);
    put_codespace(b, pf);
    sbuf_printf(b, "%u begincidrange\n", (pf->lead > 0) + leads);
    if (pf->lead > 0) sbuf_printf(b, "<00> <%02X> 0\n", pf->lead - 1);
    for (l = pf->lead; l < pf->lead + leads; l++) sbuf_printf(b, "<%02X00> <%02XFF> %u\n", l, l, l << 8);
    sbuf_puts(b, "endcidrange\n");
    cmap_end(b);
    return b->failed ? -1 : 0;
}

/* Adds obj to the cross-reference table (an indirect object). */
static int xref_add(HPDF_Doc pdf, void *obj)
{
    return obj && HPDF_Xref_Add(pdf->xref, obj) == HPDF_OK ? 0 : -1;
}

/* Compresses data[0..len) into p (owned copy). 0, or -1 out of memory. */
static int pack(packed *p, pdf_flate *flate, const void *data, size_t len)
{
    p->raw_len = len;
    return len == 0 ? 0 : pdf_flate_copy(flate, data, len, &p->data, &p->len);
}

/* A stream object holding p's compressed bytes. */
static HPDF_Dict stream_new(HPDF_Doc pdf, const packed *p)
{
    HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!s || pdf_flate_put_compressed(s, p->data, p->len) != 0) return NULL;
    return s;
}

/* A width, as an integer when it is one (most CJK glyphs: 1000). */
static HPDF_STATUS array_add_width(HPDF_Array a, double w)
{
    if (w == (double)(long)w) return HPDF_Array_AddNumber(a, (HPDF_INT32)w);
    return HPDF_Array_AddReal(a, (HPDF_REAL)w);
}

/* /W: runs of consecutive CIDs (codes) whose width differs from /DW 1000. */
static HPDF_Array widths_array(HPDF_Doc pdf, const pdf_font *pf)
{
    HPDF_Array w = HPDF_Array_New(pdf->mmgr), run = NULL;
    unsigned r, prev = 0;
    if (!w) return NULL;
    for (r = 0; r < pf->cid_count; r++) {
        unsigned sg = pf->cid_by_rank[r], cid = pf->code_of[sg];
        if (pf->widths[sg] == 1000.0) { run = NULL; continue; }
        if (!run || cid != prev + 1) {
            run = HPDF_Array_New(pdf->mmgr);
            if (!run || HPDF_Array_AddNumber(w, (HPDF_INT32)cid) != HPDF_OK ||
                HPDF_Array_Add(w, run) != HPDF_OK)
                return NULL;
        }
        if (array_add_width(run, pf->widths[sg]) != HPDF_OK) return NULL;
        prev = cid;
    }
    return w;
}

/* head.xMin..yMax (big-endian int16 at offset 36) scaled to 1000 units. */
static int font_bbox(hb_face_t *face, unsigned upem, int bbox[4])
{
    hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned len;
    const unsigned char *d = (const unsigned char *)hb_blob_get_data(head, &len);
    int i, ok = len >= 44;
    for (i = 0; ok && i < 4; i++) {
        int v = (int16_t)((d[36 + 2 * i] << 8) | d[37 + 2 * i]);
        bbox[i] = (int)(v * 1000.0 / upem + (v < 0 ? -0.5 : 0.5));
    }
    hb_blob_destroy(head);
    return ok ? 0 : -1;
}

/* The FontDescriptor's metrics, read from face: the subset (TrueType) or
 * the face itself (CFF), whose head, hhea and OS/2 tables hb-subset copies
 * unchanged. */
static void descriptor_metrics(pdf_font *pf, hb_face_t *sub)
{
    hb_font_t *font = hb_font_create(sub);
    hb_font_extents_t ext;
    hb_position_t cap = 0;

    hb_font_set_scale(font, 1000, 1000);
    hb_font_get_h_extents(font, &ext);
    if (!hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) || cap <= 0)
        cap = ext.ascender;
    hb_font_destroy(font);
    pf->ascender = ext.ascender;
    pf->descender = ext.descender;
    pf->cap_height = cap;
    pf->bbox[0] = 0;
    pf->bbox[1] = -200;
    pf->bbox[2] = 1000;
    pf->bbox[3] = 900;
    font_bbox(sub, hb_face_get_upem(sub), pf->bbox);
}

static HPDF_Dict descriptor_new(HPDF_Doc pdf, const pdf_font *pf, HPDF_Dict program)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    HPDF_Array bb;
    int i;

    if (xref_add(pdf, d) != 0) return NULL;
    bb = HPDF_Array_New(pdf->mmgr);
    if (!bb) return NULL;
    for (i = 0; i < 4; i++)
        if (HPDF_Array_AddNumber(bb, pf->bbox[i]) != HPDF_OK) return NULL;
    if (HPDF_Dict_AddName(d, "Type", "FontDescriptor") != HPDF_OK ||
        HPDF_Dict_AddName(d, "FontName", pf->base_font) != HPDF_OK ||
        /* Flags 4, Symbolic: glyphs outside the standard Latin set (9.8.2). */
        HPDF_Dict_AddNumber(d, "Flags", 4) != HPDF_OK ||
        HPDF_Dict_Add(d, "FontBBox", bb) != HPDF_OK ||
        HPDF_Dict_AddNumber(d, "ItalicAngle", 0) != HPDF_OK ||
        HPDF_Dict_AddNumber(d, "Ascent", pf->ascender) != HPDF_OK ||
        HPDF_Dict_AddNumber(d, "Descent", pf->descender) != HPDF_OK ||
        HPDF_Dict_AddNumber(d, "CapHeight", pf->cap_height) != HPDF_OK ||
        /* StemV is required but unused by TrueType rasterisers; 80 is the
         * customary regular-weight value. */
        HPDF_Dict_AddNumber(d, "StemV", 80) != HPDF_OK ||
        HPDF_Dict_Add(d, pf->cff ? "FontFile3" : "FontFile2", program) != HPDF_OK)
        return NULL;
    return d;
}

/* The CIDFont, and the Type 0 font's entries. */
/* A CIDSystemInfo dictionary, Adobe-Identity-0 (NULL out of memory). */
static HPDF_Dict system_info(HPDF_Doc pdf)
{
    HPDF_Dict info = HPDF_Dict_New(pdf->mmgr);
    if (!info ||
        HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL)) != HPDF_OK ||
        HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL)) != HPDF_OK ||
        HPDF_Dict_AddNumber(info, "Supplement", 0) != HPDF_OK)
        return NULL;
    return info;
}

static int type0_fill(HPDF_Doc pdf, const pdf_font *pf, HPDF_Dict descriptor, HPDF_Array widths,
                      HPDF_Dict tounicode, HPDF_Dict cid_to_gid, HPDF_Dict encoding)
{
    HPDF_Dict cid = HPDF_Dict_New(pdf->mmgr), t0 = pf->type0, info;
    HPDF_Array desc;

    if (xref_add(pdf, cid) != 0) return -1;
    info = system_info(pdf);
    if (!info) return -1;
    if (HPDF_Dict_AddName(cid, "Type", "Font") != HPDF_OK ||
        HPDF_Dict_AddName(cid, "Subtype", pf->cff ? "CIDFontType0" : "CIDFontType2") != HPDF_OK ||
        HPDF_Dict_AddName(cid, "BaseFont", pf->base_font) != HPDF_OK ||
        HPDF_Dict_Add(cid, "CIDSystemInfo", info) != HPDF_OK ||
        HPDF_Dict_Add(cid, "FontDescriptor", descriptor) != HPDF_OK ||
        HPDF_Dict_AddNumber(cid, "DW", 1000) != HPDF_OK ||
        HPDF_Dict_Add(cid, "W", widths) != HPDF_OK ||
        /* CIDs are the codes (pdf_font_set_codes): a TrueType font maps
         * them to its glyphs with a stream (9.7.4.2); a CIDFontType0's
         * program has them in its charset and holds the copies itself. */
        (!pf->cff && (cid_to_gid ? HPDF_Dict_Add(cid, "CIDToGIDMap", cid_to_gid)
                                 : HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity")) != HPDF_OK))
        return -1;
    desc = HPDF_Array_New(pdf->mmgr);
    if (!desc || HPDF_Array_Add(desc, cid) != HPDF_OK) return -1;
    if (HPDF_Dict_AddName(t0, "Subtype", "Type0") != HPDF_OK ||
        HPDF_Dict_AddName(t0, "BaseFont", pf->base_font) != HPDF_OK ||
        HPDF_Dict_Add(t0, "Encoding", encoding) != HPDF_OK ||
        HPDF_Dict_Add(t0, "DescendantFonts", desc) != HPDF_OK ||
        HPDF_Dict_Add(t0, "ToUnicode", tounicode) != HPDF_OK)
        return -1;
    return 0;
}

pdf_font *pdf_font_plan(const fonts *f, int face, const hb_set_t *used, const hb_set_t *halves,
                        const hb_map_t *codepoints, char *err, size_t errlen)
{
    hb_face_t *src = fonts_face_hb(f, face);
    hb_font_t *srcfont = NULL;
    pdf_font *pf = NULL;
    const hb_map_t *new_to_old = NULL;
    hb_codepoint_t g = HB_SET_VALUE_INVALID;
    char tag[7], name[64];
    unsigned ttc_index = 0, i, upem, cff_glyphs = 0;

    pf = calloc(1, sizeof *pf);
    if (!pf) goto oom;
    pf->cff = fonts_face_cff(f, face);
    pf->path = fonts_face_path(f, face, &ttc_index);
    pf->codepoints = codepoints;
    if (!src || !pf->path) {
        snprintf(err, errlen, "font face %d does not exist", face);
        free(pf);
        return NULL;
    }
    pf->src = hb_face_reference(src);
    if (pf->cff) {
        /* CFF outlines are subset by fonts/cff.c (cff_subset), from the
         * face's own table: the glyphs drawn in the order of their ids,
         * after .notdef, as hb-subset numbers them. */
        cff_glyphs = cff_glyph_count(pf->cff);
        pf->glyph_count = 1;
        while (hb_set_next(used, &g))
            if (g != 0 && g < cff_glyphs) pf->glyph_count++;
    } else {
        pf->input = hb_subset_input_create_or_fail();
        if (!pf->input) goto oom;
        /* Renumbered glyph ids (no HB_SUBSET_FLAGS_RETAIN_GIDS): composite
         * components then get small ids too. Without hinting (TrueType
         * instructions): a PDF is read zoomed and printed, where outlines
         * are drawn as they are; the hints only snap stems to the pixel
         * grid at small sizes on screen, in the viewers that use them
         * (poppler, pdftoppm among them, does not: its pages come out the
         * same to the pixel). */
        hb_set_union(hb_subset_input_glyph_set(pf->input), used);
        hb_set_add(hb_subset_input_glyph_set(pf->input), 0); /* .notdef */
        hb_subset_input_set_flags(pf->input, HB_SUBSET_FLAGS_NO_HINTING);
        for (i = 0; i < sizeof dropped_tables / sizeof dropped_tables[0]; i++)
            hb_set_add(hb_subset_input_set(pf->input, HB_SUBSET_SETS_DROP_TABLE_TAG),
                       hb_tag_from_string(dropped_tables[i], 4));
        pf->view = hb_face_create_for_tables(subset_table, hb_face_reference(src),
                                             (hb_destroy_func_t)hb_face_destroy);
        hb_face_set_upem(pf->view, hb_face_get_upem(src));
        hb_face_set_glyph_count(pf->view, hb_face_get_glyph_count(src));
        pf->plan = hb_subset_plan_create_or_fail(pf->view, pf->input);
        if (!pf->plan) {
            snprintf(err, errlen, "%s: hb-subset cannot plan a subset of this font", pf->path);
            pdf_font_destroy(pf);
            return NULL;
        }
        new_to_old = hb_subset_plan_new_to_old_glyph_mapping(pf->plan);
        pf->glyph_count = hb_map_get_population(new_to_old);
    }

    /* Widths in thousandths of an em, from the face's hmtx (which the
     * subset copies); then a CID for each glyph drawn at half width, the
     * same glyph at half the advance, so that a reader's idea of where each
     * glyph ends is where the next begins (pdf.h, pdf_glyph.half). */
    pf->cid_count = pf->glyph_count;
    if (halves && pf->glyph_count + hb_set_get_population(halves) > PDF_FONT_GLYPHS)
        halves = NULL;   /* no room for the copies in two-byte codes: drawn as before */
    if (halves) pf->cid_count += hb_set_get_population(halves);
    upem = hb_face_get_upem(src);
    pf->cid_of = calloc(PDF_FONT_GLYPHS, sizeof *pf->cid_of);
    pf->widths = calloc(pf->cid_count ? pf->cid_count : 1, sizeof *pf->widths);
    pf->old_of_cid = calloc(pf->cid_count ? pf->cid_count : 1, sizeof *pf->old_of_cid);
    srcfont = hb_font_create(src);
    if (!pf->cid_of || !pf->widths || !pf->old_of_cid) goto oom;
    if (pf->cff) {
        g = HB_SET_VALUE_INVALID;
        i = 1;
        while (hb_set_next(used, &g))
            if (g != 0 && g < cff_glyphs) pf->old_of_cid[i++] = g;
    } else {
        for (i = 0; i < pf->glyph_count; i++) pf->old_of_cid[i] = hb_map_get(new_to_old, i);
    }
    /* A subset of glyphs below PDF_FONT_GLYPHS has fewer glyphs. */
    for (i = 1; i < pf->glyph_count; i++)
        if (pf->old_of_cid[i] < PDF_FONT_GLYPHS) pf->cid_of[pf->old_of_cid[i]] = (uint16_t)i;
    hb_font_set_scale(srcfont, (int)upem, (int)upem);
    for (i = 0; i < pf->glyph_count; i++)
        pf->widths[i] = hb_font_get_glyph_h_advance(srcfont, pf->old_of_cid[i]) * 1000.0 / upem;
    if (halves && hb_set_get_population(halves) > 0) {
        unsigned cid = pf->glyph_count;
        pf->half_of = calloc(PDF_FONT_GLYPHS, sizeof *pf->half_of);
        pf->gid_map = malloc(2 * (size_t)pf->cid_count);
        pf->copies = malloc(sizeof *pf->copies * (pf->cid_count - pf->glyph_count));
        if (!pf->half_of || !pf->gid_map || !pf->copies) goto oom;
        for (i = 0; i < pf->glyph_count; i++) {
            pf->gid_map[2 * i] = (unsigned char)(i >> 8);
            pf->gid_map[2 * i + 1] = (unsigned char)(i & 0xFF);
        }
        g = HB_SET_VALUE_INVALID;
        while (hb_set_next(halves, &g)) {
            unsigned base = g < PDF_FONT_GLYPHS ? pf->cid_of[g] : 0;
            pf->widths[cid] = pf->widths[base] / 2;
            pf->old_of_cid[cid] = g;
            pf->gid_map[2 * cid] = (unsigned char)(base >> 8);
            pf->gid_map[2 * cid + 1] = (unsigned char)(base & 0xFF);
            pf->copies[cid - pf->glyph_count] = base;
            if (g < PDF_FONT_GLYPHS && base) pf->half_of[g] = (uint16_t)cid;
            cid++;
        }
    }
    /* What /W can say exactly: an integer, or a float for HPDF_Array_AddReal. */
    for (i = 0; i < pf->cid_count; i++)
        if (pf->widths[i] != (double)(long)pf->widths[i]) pf->widths[i] = (float)pf->widths[i];
    hb_font_destroy(srcfont);

    subset_tag(pf->path, ttc_index, used, tag);
    ps_name(src, face, name, sizeof name);
    snprintf(pf->base_font, sizeof pf->base_font, "%s+%s", tag, name);
    return pf;

oom:
    snprintf(err, errlen, "out of memory embedding %s", pf && pf->path ? pf->path : "a font");
    hb_font_destroy(srcfont);
    pdf_font_destroy(pf);
    return NULL;
}

int pdf_font_begin(pdf_font *pf, HPDF_Doc hpdf, char *err, size_t errlen)
{
    pf->type0 = HPDF_Dict_New(hpdf->mmgr);
    if (xref_add(hpdf, pf->type0) != 0 || HPDF_Dict_AddName(pf->type0, "Type", "Font") != HPDF_OK) {
        pf->type0 = NULL;
        snprintf(err, errlen, "%s: libharu could not build the font objects", pf->path);
        return -1;
    }
    return 0;
}

/* A TrueType font's CIDToGIDMap (PDF 32000-1 9.7.4.2): the glyph of each
 * CID, which is a code (pdf_font_set_codes), two bytes each up to the
 * highest; unused CIDs map to glyph 0. Most of it is zeros between the
 * one-byte codes and the first two-byte one, which deflate takes to a few
 * bytes. 0, or -1 out of memory. */
static int cid_to_gid_pack(pdf_font *pf, pdf_flate *flate)
{
    unsigned top = pf->cid_count ? pf->code_of[pf->cid_by_rank[pf->cid_count - 1]] : 0, sg;
    size_t len = 2 * ((size_t)top + 1);
    unsigned char *map = calloc(len, 1);
    int rc;
    if (!map) return -1;
    for (sg = 0; sg < pf->cid_count; sg++) {
        unsigned gid = pf->gid_map ? (unsigned)pf->gid_map[2 * sg] << 8 | pf->gid_map[2 * sg + 1] : sg;
        map[2 * (size_t)pf->code_of[sg]] = (unsigned char)(gid >> 8);
        map[2 * (size_t)pf->code_of[sg] + 1] = (unsigned char)(gid & 0xFF);
    }
    rc = pack(&pf->cid_to_gid, flate, map, len);
    free(map);
    return rc;
}

/* The name of the font's encoding CMap: its subset tag, then "-Brief". */
static void encoding_name(const pdf_font *pf, char *out, size_t outlen)
{
    snprintf(out, outlen, "%.6s-Brief", pf->base_font);
}

int pdf_font_prepare(pdf_font *pf, pdf_flate *flate, char *err, size_t errlen)
{
    hb_face_t *sub = NULL;
    hb_blob_t *program = NULL;
    sbuf cmap = SBUF_INIT, cff_program = SBUF_INIT, encoding = SBUF_INIT;
    char name[32];
    unsigned program_len;
    const char *program_data;
    int rc = -1;

    if (!pf->code_of) {
        snprintf(err, errlen, "%s: internal: no character codes set", pf->path);
        goto done;
    }
    if (pf->cff) {
        /* the CFF table alone, subset, CID-keyed with CID = glyph id and
         * the half-width copies appended (fonts/cff.h) */
        char msg[256];
        if (cff_subset(pf->cff, pf->old_of_cid, pf->glyph_count, pf->copies, pf->cid_count - pf->glyph_count,
                       pf->code_of, pf->base_font, &cff_program, msg, sizeof msg) != 0) {
            snprintf(err, errlen, "%s: %s", pf->path, msg);
            goto done;
        }
        descriptor_metrics(pf, pf->src);
        program_data = cff_program.data;
        program_len = (unsigned)cff_program.len;
    } else {
        sub = hb_subset_plan_execute_or_fail(pf->plan);
        if (!sub) {
            snprintf(err, errlen, "%s: hb-subset failed to subset this font", pf->path);
            goto done;
        }
        program = hb_face_reference_blob(sub);
        program_data = hb_blob_get_data(program, &program_len);
        if (!program_len) {
            snprintf(err, errlen, "%s: hb-subset produced an empty font", pf->path);
            goto done;
        }
        if (hb_face_get_glyph_count(sub) != pf->glyph_count) {
            snprintf(err, errlen, "%s: hb-subset kept %u glyphs, not the %u planned", pf->path,
                     hb_face_get_glyph_count(sub), pf->glyph_count);
            goto done;
        }
        descriptor_metrics(pf, sub);
    }
    encoding_name(pf, name, sizeof name);
    if (tounicode_build(&cmap, pf) != 0 || encoding_build(&encoding, pf, name) != 0 ||
        pack(&pf->encoding, flate, encoding.data, encoding.len) != 0 ||
        pack(&pf->program, flate, program_data, program_len) != 0 ||
        pack(&pf->tounicode, flate, cmap.data, cmap.len) != 0 ||
        (!pf->cff && cid_to_gid_pack(pf, flate) != 0)) {
        snprintf(err, errlen, "out of memory embedding %s", pf->path);
        goto done;
    }
    rc = 0;
done:
    sbuf_free(&cmap);
    sbuf_free(&encoding);
    sbuf_free(&cff_program);
    hb_blob_destroy(program);
    hb_face_destroy(sub);
    return rc;
}

int pdf_font_finish(pdf_font *pf, HPDF_Doc hpdf, char *err, size_t errlen)
{
    HPDF_Dict program_obj, descriptor, tounicode, cid_to_gid = NULL, encoding;
    HPDF_Array widths;
    char name[32];

    program_obj = stream_new(hpdf, &pf->program);
    if (!program_obj ||
        (pf->cff ? HPDF_Dict_AddName(program_obj, "Subtype", "CIDFontType0C")
                 : HPDF_Dict_AddNumber(program_obj, "Length1", (HPDF_INT32)pf->program.raw_len)) != HPDF_OK)
        goto fail;
    descriptor = descriptor_new(hpdf, pf, program_obj);
    widths = descriptor ? widths_array(hpdf, pf) : NULL;
    tounicode = widths ? stream_new(hpdf, &pf->tounicode) : NULL;
    if (!tounicode) goto fail;
    if (pf->cid_to_gid.data && !(cid_to_gid = stream_new(hpdf, &pf->cid_to_gid))) goto fail;
    encoding_name(pf, name, sizeof name);
    encoding = stream_new(hpdf, &pf->encoding);
    if (!encoding || HPDF_Dict_AddName(encoding, "Type", "CMap") != HPDF_OK ||
        HPDF_Dict_AddName(encoding, "CMapName", name) != HPDF_OK ||
        HPDF_Dict_Add(encoding, "CIDSystemInfo", system_info(hpdf)) != HPDF_OK)
        goto fail;
    if (type0_fill(hpdf, pf, descriptor, widths, tounicode, cid_to_gid, encoding) != 0) goto fail;
    return 0;
fail:
    snprintf(err, errlen, "%s: libharu could not build the font objects", pf->path);
    return -1;
}
