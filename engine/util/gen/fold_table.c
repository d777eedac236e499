/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fold_table.c — writes build/gen/fold_table.h, the traditional-to-simplified
 * character map of engine/util/fold.c, from OpenCC (Debian libopencc-dev and
 * libopencc-data) at build time: every CJK ideograph of the Basic
 * Multilingual Plane (U+3400-U+9FFF, U+F900-U+FAFF) is converted through
 * OpenCC's t2s.json one character at a time (each on a line of its own, so
 * that no phrase rule joins two), and the conversions that give one other
 * character of three UTF-8 bytes are kept. Building the map at every start
 * of brief cost about 250 M instructions (a tenth of ingesting 1,000
 * bulletins, bench/README.md); read from a table it costs nothing. */
#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t encode(unsigned cp, char *out)
{
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

int main(void)
{
    static const unsigned ranges[][2] = {{0x3400, 0x9FFF}, {0xF900, 0xFAFF}};
    opencc_t cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
    if (cc == (opencc_t)-1) {
        fprintf(stderr, "fold_table: cannot load OpenCC's %s: %s (install libopencc-data)\n",
                OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP, opencc_error());
        return 1;
    }
    size_t cap = 0, n = 0, r;
    unsigned cp;
    for (r = 0; r < 2; r++) cap += (ranges[r][1] - ranges[r][0] + 1) * 4;
    char *in = malloc(cap + 1);
    if (!in) return 1;
    for (r = 0; r < 2; r++)
        for (cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
            n += encode(cp, in + n);
            in[n++] = '\n';
        }
    in[n] = '\0';
    char *out = opencc_convert_utf8(cc, in, n);
    if (!out) {
        fprintf(stderr, "fold_table: OpenCC could not convert: %s\n", opencc_error());
        return 1;
    }
    printf("/* Generated at build time by engine/util/gen/fold_table.c from OpenCC's %s: do not edit.\n"
           " * Pairs {traditional, simplified} of code points, in order. */\n"
           "static const unsigned short fold_pairs[][2] = {\n", OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
    const unsigned char *p = (const unsigned char *)out;
    size_t pairs = 0;
    for (r = 0; r < 2; r++)
        for (cp = ranges[r][0]; cp <= ranges[r][1] && *p; cp++) {
            const unsigned char *e = (const unsigned char *)strchr((const char *)p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen((const char *)p);
            if (len == 3 && p[0] >= 0xE0 && p[0] <= 0xEF && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
                unsigned to = (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
                if (to != cp && to >= 0x800 && !(to >= 0xD800 && to <= 0xDFFF)) {
                    printf("    {0x%04X, 0x%04X},\n", cp, to);
                    pairs++;
                }
            }
            if (!e) break;
            p = e + 1;
        }
    printf("};\n");
    opencc_convert_utf8_free(out);
    opencc_close(cc);
    free(in);
    if (pairs < 1000) {
        fprintf(stderr, "fold_table: only %zu characters fold: OpenCC's data looks incomplete\n", pairs);
        return 1;
    }
    return ferror(stdout) ? 1 : 0;
}
