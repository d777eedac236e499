/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pgm_ink.c — checks that every character drawn into a PDF came out with
 * ink, and that boxes meant to stay blank did.
 *
 *   pgm_ink BOXES PAGE1.pgm [PAGE2.pgm ...]
 *
 * BOXES has one line per box: "page x0 y0 x1 y1 ink label", in pixels of
 * the rendered pages (pdftoppm -gray, binary PGM), page 0-based, ink 1 when
 * the box must hold ink and 0 when it must be blank. A pixel darker than
 * 160 of 255 is ink. Boxes are shrunk by 2 pixels on each side so that a
 * neighbour's anti-aliased edge does not count. Prints the failures and a
 * summary; exits 1 when any box fails, 2 on bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INK_LEVEL 160
#define SHRINK_PX 2
#define MIN_INK_PX 2

typedef struct pgm { int w, h; unsigned char *px; } pgm;

static int pgm_read(const char *path, pgm *img)
{
    FILE *fp = fopen(path, "rb");
    int maxval = 0;
    if (!fp) return -1;
    if (fscanf(fp, "P5 %d %d %d", &img->w, &img->h, &maxval) != 3 || maxval != 255 ||
        img->w <= 0 || img->h <= 0 || fgetc(fp) == EOF) {
        fclose(fp);
        return -1;
    }
    img->px = malloc((size_t)img->w * (size_t)img->h);
    if (!img->px || fread(img->px, 1, (size_t)img->w * (size_t)img->h, fp) != (size_t)img->w * (size_t)img->h) {
        free(img->px);
        fclose(fp);
        return -1;
    }
    fclose(fp);
    return 0;
}

int main(int argc, char **argv)
{
    pgm *pages;
    FILE *fp;
    char line[256], label[64];
    int npages = argc - 2, i, page, x0, y0, x1, y1, ink;
    long checked = 0, failed = 0, blanks = 0;

    if (argc < 3) {
        fprintf(stderr, "usage: pgm_ink BOXES PAGE1.pgm [PAGE2.pgm ...]\n");
        return 2;
    }
    pages = calloc((size_t)npages, sizeof *pages);
    for (i = 0; i < npages; i++) {
        if (pgm_read(argv[i + 2], &pages[i]) != 0) {
            fprintf(stderr, "pgm_ink: %s: not a binary 8-bit PGM\n", argv[i + 2]);
            return 2;
        }
    }
    fp = fopen(argv[1], "r");
    if (!fp) {
        fprintf(stderr, "pgm_ink: %s: cannot open\n", argv[1]);
        return 2;
    }
    while (fgets(line, sizeof line, fp)) {
        long dark = 0;
        int x, y;
        if (sscanf(line, "%d %d %d %d %d %d %63s", &page, &x0, &y0, &x1, &y1, &ink, label) != 7) continue;
        if (page < 0 || page >= npages) {
            fprintf(stderr, "pgm_ink: box on page %d, only %d pages rendered\n", page, npages);
            return 2;
        }
        x0 += SHRINK_PX; y0 += SHRINK_PX; x1 -= SHRINK_PX; y1 -= SHRINK_PX;
        if (x0 < 0) x0 = 0;
        if (y0 < 0) y0 = 0;
        if (x1 > pages[page].w) x1 = pages[page].w;
        if (y1 > pages[page].h) y1 = pages[page].h;
        for (y = y0; y < y1; y++)
            for (x = x0; x < x1; x++)
                if (pages[page].px[(size_t)y * (size_t)pages[page].w + (size_t)x] < INK_LEVEL) dark++;
        checked++;
        if (!ink) blanks++;
        if ((ink && dark < MIN_INK_PX) || (!ink && dark > 0)) {
            failed++;
            if (failed <= 20)
                printf("%s on page %d at %d,%d-%d,%d: %ld ink pixels, expected %s\n", label, page + 1,
                       x0, y0, x1, y1, dark, ink ? "ink" : "none");
        }
    }
    fclose(fp);
    printf("%ld boxes checked (%ld must be blank), %ld failed\n", checked, blanks, failed);
    for (i = 0; i < npages; i++) free(pages[i].px);
    free(pages);
    return failed || checked == 0 ? 1 : 0;
}
