/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fonts.h — the fonts of a document, by role, with their metrics.
 *
 * A role ("body", "heading", "sans", ...) is a chain of faces, configured in
 * fonts/roles.conf (see fonts/README.md) by fontconfig family name or file
 * path, and found on the system through fontconfig. A character missing from
 * the first face, or drawn by it as an empty outline, falls back to the next
 * face of the chain; the roles file's "fallback" faces end every chain. A
 * role may have Latin faces ("body.latin"), tried first for Latin letters,
 * digits and their punctuation and set at a scale that matches the role's
 * first face (fonts_face_scale). Faces are TrueType (glyf) or CFF-flavoured
 * OpenType fonts, or faces of collections (.ttc/.otc, with face index);
 * metrics and shaping come from HarfBuzz, from the font itself.
 *
 * Contract: a fonts set owns its faces (HarfBuzz faces and fonts) and is
 * read-only once created, so any number of documents may share it (batch
 * workers load fonts once per worker). No globals; not thread-safe to destroy
 * while in use. Sizes are in PDF points; glyph ids are the font's own. */
#ifndef BRIEF_FONTS_H
#define BRIEF_FONTS_H

#include <stddef.h>
#include <stdint.h>

#include "fonts/cff.h"

typedef struct fonts fonts;

/* Loads the role configuration at config_path (NULL: $BRIEF_FONTS, else
 * roles.conf as paths_config finds it: the user's, the site's, or the data
 * home's fonts/roles.conf; see util/paths.h). Returns
 * NULL on failure with a message in err naming the file, line and family
 * that could not be found. Free with fonts_destroy (NULL is a no-op). */
fonts *fonts_create(const char *config_path, char *err, size_t errlen);

/* The roles file fonts_create(NULL, ...) reads, into out (outlen bytes).
 * Returns 0 when it comes from $BRIEF_FONTS, else the paths_config_kind
 * saying whose it is (user, site or shipped: util/paths.h); -1 when out is
 * too small. */
int fonts_config_path(char *out, size_t outlen);
void fonts_destroy(fonts *f);

/* For a process about to fork many children that set documents with f
 * (brief batch): the font file of the first face of each role that is not
 * a variant ("body", "heading", ...: the faces nearly every character
 * comes from) is copied into memory in place (fontfile.h), which a child
 * then finds mapped instead of faulting in the pages it reads. Returns the
 * bytes copied (0: none, which changes nothing but the speed). The faces
 * and everything measured with them stay the same; not while another
 * thread uses f. */
size_t fonts_make_resident(fonts *f);

/* The index of a role by name, or -1 when the configuration has none.
 * Every configuration has at least the role "body" (index 0). */
int fonts_role(const fonts *f, const char *name);

/* The roles of the configuration: role numbers 0 .. fonts_role_count - 1,
 * each one's name (transfer none: lives as long as f), the face numbers of
 * its fallback chain in order, the fallback line's faces included
 * (fonts_role_face), and of its Latin faces (fonts_role_latin_face, the
 * "ROLE.latin" line). Both return -1 past the end or for a role out of
 * range. */
int fonts_role_count(const fonts *f);
const char *fonts_role_name(const fonts *f, int role);
int fonts_role_face(const fonts *f, int role, int index);
int fonts_role_latin_face(const fonts *f, int role, int index);

/* The number of faces loaded, and where face number face comes from
 * (transfer none: the path lives as long as f). */
int fonts_face_count(const fonts *f);
const char *fonts_face_path(const fonts *f, int face, unsigned *ttc_index);
const char *fonts_face_family(const fonts *f, int face);

/* The HarfBuzz face of face number face, for the pdf module's subsetting
 * (transfer none: owned by f; hb_face_reference it to keep it longer). */
struct hb_face_t;
struct hb_face_t *fonts_face_hb(const fonts *f, int face);

/* Picks the first face of role's chain that draws cp — for a Latin letter,
 * digit or their punctuation, the role's Latin faces first — and stores
 * that glyph in *glyph. Returns the face number, or -1 when no face in the
 * chain has the character (the caller draws a visible box and warns). */
int fonts_pick(const fonts *f, int role, uint32_t cp, uint32_t *glyph);

/* Variants of a role for bold and italic text: the roles "ROLE.bold" and
 * "ROLE.italic" of the roles file (fonts/README.md), each with its own
 * chain ("body.bold = Noto Serif CJK SC:bold") and Latin faces
 * ("body.italic.latin = TeX Gyre Termes:italic"); a character its own
 * faces lack comes from the role it varies (CJK faces have no italic, so
 * an italic variant usually has Latin faces only). fonts_role_variant
 * returns the variant of role for bold (tried first) or italic text, or -1
 * when the file has none (the layout then makes a bold face of the
 * regular one: fonts_face_is_bold). fonts_role_base: the role a variant
 * varies, -1 for a role that is not one. */
int fonts_role_variant(const fonts *f, int role, int bold, int italic);
int fonts_role_base(const fonts *f, int role);
/* 1 when face is bold (OS/2 weight 600 or more). */
int fonts_face_is_bold(const fonts *f, int face);

/* The factor by which face is drawn larger than the size asked for: 1,
 * except for a role's Latin face, matched to its CJK face (fonts/README.md).
 * Every size below already includes it; the pdf module multiplies the size
 * it writes by it. */
double fonts_face_scale(const fonts *f, int face);

/* face's CFF table, opened (fonts/cff.h; read-only, shareable between
 * threads), when face has CFF outlines (the pdf module embeds them as
 * CIDFontType0C); NULL for a TrueType face or no such face. Transfer
 * none: it lives as long as f. */
const cff_font *fonts_face_cff(const fonts *f, int face);

/* Horizontal advance of glyph in face at size_pt, in points. */
double fonts_advance_pt(const fonts *f, int face, uint32_t glyph, double size_pt);

/* Ascender (positive) and descender (negative) of face at size_pt, points. */
double fonts_ascender_pt(const fonts *f, int face, double size_pt);
double fonts_descender_pt(const fonts *f, int face, double size_pt);

typedef struct fonts_glyph {
    uint32_t glyph;       /* glyph id in the face */
    uint32_t cluster;     /* byte offset in the shaped text of its first character */
    double x_advance_pt;  /* pen advance after the glyph, kerning included */
    double x_offset_pt;   /* offset of the glyph from the pen */
    double y_offset_pt;
} fonts_glyph;

/* Shapes text[0..len) (UTF-8, one script and direction: a Latin or digit
 * run) in face with HarfBuzz, kerning on. Writes at most cap glyphs into out
 * (caller-owned) and returns the number of glyphs the run has, which may be
 * more than cap (call again with more room); -1 on failure. */
int fonts_shape(const fonts *f, int face, const char *text, size_t len, double size_pt,
                fonts_glyph *out, size_t cap);

#endif
