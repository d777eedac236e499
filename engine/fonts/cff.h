/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cff.h — the Compact Font Format table of CFF-flavoured OpenType fonts
 * (Adobe TN #5176; Type 2 charstrings, TN #5177), read for two purposes:
 *
 *  - whether a glyph draws anything: a font may map a character to an
 *    empty outline, and fonts.c then falls back to the next face;
 *  - a subset as a font program for a PDF CIDFontType0C (PDF 32000-1
 *    9.9): the glyphs asked for, in the order asked, made CID-keyed if the
 *    font was name-keyed, with CID = glyph id (an identity charset, or the
 *    CIDs the caller gives) and ROS Adobe-Identity-0, followed by copies
 *    of chosen glyphs. A CIDFontType0 has no CIDToGIDMap: a copy is how
 *    one glyph gets a second CID with another width in /W (pdf_font.c:
 *    punctuation set at half width).
 *
 * Contract: cff_open borrows the bytes, which must outlive the handle, and
 * checks every offset it follows: a malformed table gives NULL and a
 * message, never a read out of bounds. A handle is read-only once opened
 * (shareable). CFF2 (variable fonts) is not read. No globals. */
#ifndef BRIEF_CFF_H
#define BRIEF_CFF_H

#include <stddef.h>
#include <stdint.h>

#include "util/sbuf.h"

typedef struct cff_font cff_font;

/* Parses the CFF table data[0..len). NULL on failure with a message in err
 * (what is malformed). Free with cff_close (NULL: no-op). */
cff_font *cff_open(const unsigned char *data, size_t len, char *err, size_t errlen);
void cff_close(cff_font *cff);

/* Glyphs in the CharStrings INDEX. */
unsigned cff_glyph_count(const cff_font *cff);

/* 1 when the font is CID-keyed (its Top DICT starts with ROS), 0 when it is
 * name-keyed. */
int cff_is_cid_keyed(const cff_font *cff);

/* The Type 2 charstring of glyph and its length in *len (transfer none:
 * inside the table cff_open was given); NULL when glyph does not exist. */
const unsigned char *cff_charstring(const cff_font *cff, unsigned glyph, size_t *len);

/* 1 when glyph's charstring draws (a moveto or a drawing operator, in its
 * own code or in a subroutine it calls, or an accented-character endchar),
 * 0 when it ends without drawing (a space, or an empty outline), -1 when the
 * glyph does not exist or its charstring is malformed. Cost: one pass over
 * the charstring's bytes, no outline is built. */
int cff_glyph_draws(const cff_font *cff, unsigned glyph);

/* Appends to out (caller-owned) a subset of the font as the CID-keyed
 * font program described above: glyphs[0..count) (glyph ids of cff;
 * glyphs[0] must be 0, .notdef) as glyphs 0..count-1, then for each
 * copies[i] (an index into glyphs) a copy of that glyph.
 *
 * name (NULL keeps the font's own) is the program's name: the PDF's
 * BaseFont without its subset tag, which PDF 32000-1 9.7.4 wants equal to
 * the CIDFontName. cids (NULL: the identity) gives the CID of every glyph
 * of the result, copies included (cids[0], .notdef's, must be 0; the
 * others distinct): the charset then lists them and CIDCount is the
 * highest + 1.
 *
 * Each charstring has its subroutines inlined and its hints (stems, hint
 * masks) dropped, and draws exactly the outline it drew. The Private
 * DICTs lose their hint values and Subrs; only the FDs used are kept,
 * renumbered in the font's order; the String INDEX keeps only the strings
 * the DICTs name. Cost: one pass over each glyph's charstring and the
 * subroutines it calls.
 *
 * Returns 0, or -1 with a message in err: a glyph malformed or missing,
 * made with seac in a name-keyed font, or computing with charstring
 * arithmetic (TN #5177 section 4.4, which leaves a subroutine's number
 * unknown until run; hb-subset refuses such fonts too); more than 65,535
 * glyphs; out of memory. out is then as it was. */
int cff_subset(const cff_font *cff, const uint32_t *glyphs, size_t count, const uint32_t *copies,
               size_t copy_count, const uint16_t *cids, const char *name, sbuf *out, char *err,
               size_t errlen);

#endif
