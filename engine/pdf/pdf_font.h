/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pdf_font.h — internal to the pdf module: one face of the fonts set cut
 * down (hb-subset for TrueType, fonts/cff.c for CFF) and embedded as a PDF
 * Type 0 font (CIDFontType2 or CIDFontType0).
 *
 * The font objects are built with libharu's object layer (hpdf_objects.h)
 * rather than through HPDF_LoadTTFontFromFile, which cannot be made to embed
 * a subset, reads composite-glyph component ids as signed 16-bit, maps
 * characters beyond the BMP to spaces and writes a ToUnicode CMap poppler
 * rejects. Here the CIDs are the subset's renumbered glyph ids (CIDToGIDMap
 * /Identity), followed by half-width copies of compressed punctuation when
 * there are any; the encoding is an embedded CMap of one- and two-byte
 * codes (pdf_font_set_codes), and the ToUnicode CMap is ours. */
#ifndef BRIEF_PDF_FONT_H
#define BRIEF_PDF_FONT_H

#include <stddef.h>
#include <stdint.h>

#include <hb.h>
#include <hpdf.h>

#include "fonts/fonts.h"
#include "pdf/pdf_flate.h"

typedef struct pdf_font pdf_font;

/* Glyph ids a document may draw: CIDs are 16-bit. */
#define PDF_FONT_GLYPHS 0x10000

/* A face is embedded in three steps, so that the costly middle one (the
 * subset itself and the compression of its streams, most of the time of a
 * short document) can run on another thread while the pages are written:
 *
 *  1. pdf_font_plan (the saving thread): plans the subset of face of fonts
 *     to the glyph ids in used (the face's own ids; .notdef is added), which
 *     fixes every CID and its width, so pages can be written from here on.
 *     halves (NULL: none) holds the glyph ids of used that are also drawn at
 *     half their advance: each gets a second CID after the subset's, the
 *     same glyph with half the width in /W (then /CIDToGIDMap is a stream).
 *     codepoints maps an old glyph id to the character it was drawn for
 *     (missing: no ToUnicode entry); it is read again by step 2 and must
 *     outlive it. Then pdf_font_begin adds the (still empty) Type 0 font
 *     dictionary to hpdf, which pages name in their resources.
 *  2. pdf_font_prepare (any thread): runs the subset (hb-subset, or for a
 *     CFF face cff_subset, fonts/cff.h), and compresses the program, the
 *     ToUnicode CMap and the CID-to-glyph map with flate (which belongs to
 *     the calling thread).
 *     Touches nothing but pf and read-only font data: two faces may be
 *     prepared at once on two threads.
 *  3. pdf_font_finish (the saving thread): adds FontFile, FontDescriptor,
 *     CIDFont and ToUnicode to hpdf and fills the Type 0 dictionary.
 *
 * Each returns NULL or -1 with a message in err on failure. The objects
 * built are the same whatever thread ran step 2 and when: the output stays
 * byte for byte deterministic. Free with pdf_font_destroy (NULL: no-op);
 * the PDF objects belong to hpdf. */
pdf_font *pdf_font_plan(const fonts *f, int face, const hb_set_t *used, const hb_set_t *halves,
                        const hb_map_t *codepoints, char *err, size_t errlen);
int pdf_font_begin(pdf_font *pf, HPDF_Doc hpdf, char *err, size_t errlen);

/* Between steps 1 and 2: the character codes the content streams draw
 * with. uses[cid] says how often each CID (pdf_font_cid_count of them) is
 * drawn; the most drawn get one-byte codes, the rest two (lead byte 0xC0
 * and up), an embedded CMap (the font's /Encoding) maps each code to its
 * CID and the ToUnicode CMap uses the same codes. Half the bytes of
 * Identity-H for most characters drawn, about 15 % less page content once
 * compressed. The literal-string delimiters and the backslash are never
 * one-byte codes. Returns 0, or -1 out of memory. */
int pdf_font_set_codes(pdf_font *pf, const uint32_t *uses);

/* 1 for a byte a content stream's literal string escapes with a backslash
 * (the delimiters, the backslash, and CR, which a reader would take for an
 * end of line: PDF 32000-1 7.3.4.2): pdf.c escapes them, and the codes
 * avoid them where one byte is enough. */
int pdf_font_escaped_byte(unsigned b);

/* The code of cid into out: returns its length, 1 or 2 bytes. */
unsigned pdf_font_code(const pdf_font *pf, uint32_t cid, unsigned char out[2]);

/* CIDs of the font: the subset's glyphs, then the half-width copies. */
unsigned pdf_font_cid_count(const pdf_font *pf);
int pdf_font_prepare(pdf_font *pf, pdf_flate *flate, char *err, size_t errlen);
int pdf_font_finish(pdf_font *pf, HPDF_Doc hpdf, char *err, size_t errlen);
void pdf_font_destroy(pdf_font *pf);

/* The work step 2 does, roughly, in glyphs: for ordering faces biggest
 * first. */
size_t pdf_font_weight(const pdf_font *pf);

/* The Type 0 font dictionary, for page resources (transfer none); NULL
 * before pdf_font_begin. */
HPDF_Dict pdf_font_dict(const pdf_font *pf);

/* The CID (new glyph id) of a glyph id of the original face; 0 when the
 * glyph was not in the used set. */
uint32_t pdf_font_cid(const pdf_font *pf, uint32_t old_glyph);

/* The CID of the half-width copy of a glyph id of the original face; 0 when
 * it has none (not in halves, or no room for copies). */
uint32_t pdf_font_half_cid(const pdf_font *pf, uint32_t old_glyph);

/* The advance of a CID as written in the font's /W array, in thousandths
 * of the font size. */
double pdf_font_width(const pdf_font *pf, uint32_t cid);

#endif
