/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_cff.c — libFuzzer target for the CFF reader (fonts/cff.h): any
 * bytes as a CFF table through cff_open; whatever opens has every glyph
 * scanned (cff_glyph_draws) and is subset (cff_subset) to all its glyphs
 * and a copy of the last, and the subset must open again with as many
 * glyphs, each a copy's charstring the same as its glyph's. A font
 * file is outside input: a roles file may name any file. A crash, a
 * sanitizer report, a leak or a hang is a bug; a refusal with a message is
 * a correct answer.
 *
 * Built and replayed as fuzz_ingest.c says; the corpus tests/fuzz/cff/
 * holds hb-subset tables of Noto Serif CJK SC and TeX Gyre Termes. */
#include "fuzz.h"
#include "fonts/cff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    cff_font *c = cff_open(data, size, err, sizeof err), *r;
    sbuf out = SBUF_INIT;
    uint32_t copy, *all;
    unsigned g, n;

    if (!c) {
        if (!err[0]) abort();   /* a refusal names what is wrong */
        return 0;
    }
    n = cff_glyph_count(c);
    for (g = 0; g < n; g++) cff_glyph_draws(c, g);
    copy = n - 1;
    all = malloc((size_t)n * sizeof *all);
    if (!all) abort();
    for (g = 0; g < n; g++) all[g] = g;
    if (cff_subset(c, all, n, &copy, 1, NULL, "FUZZ+Font", &out, err, sizeof err) == 0) {
        size_t la, lb;
        const unsigned char *a, *b;
        r = cff_open((const unsigned char *)out.data, out.len, err, sizeof err);
        if (!r || cff_glyph_count(r) != n + 1) abort();   /* what we write must read back */
        a = cff_charstring(r, copy, &la);
        b = cff_charstring(r, n, &lb);
        if (!a || !b || la != lb || memcmp(a, b, la) != 0) abort();
        cff_close(r);
    } else if (out.len != 0) {
        abort();   /* a failed subset leaves the buffer as it was */
    }
    /* Again with CIDs that are not the glyph ids (pdf_font.c's codes):
     * .notdef 0, the others spread from 0xC000 down, as a charset of
     * format 0; it must read back with the same charstrings. */
    if (n + 1 <= 0x4000) {
        uint16_t *cids = malloc((n + 1) * sizeof *cids);
        if (!cids) abort();
        for (g = 0; g < n + 1; g++) cids[g] = g == 0 ? 0 : (uint16_t)(0xC000 + (n + 1 - g));
        sbuf_free(&out);
        out = (sbuf)SBUF_INIT;
        if (cff_subset(c, all, n, &copy, 1, cids, "FUZZ+Font", &out, err, sizeof err) == 0) {
            r = cff_open((const unsigned char *)out.data, out.len, err, sizeof err);
            if (!r || cff_glyph_count(r) != n + 1) abort();
            cff_close(r);
        } else if (out.len != 0) {
            abort();
        }
        free(cids);
    }
    sbuf_free(&out);
    free(all);
    cff_close(c);
    return 0;
}
