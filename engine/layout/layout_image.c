/* SPDX-License-Identifier: GPL-3.0-or-later */
/* layout_image.c — PNG and JPEG images as blocks: sized from their pixels
 * (at 96 dpi unless a width is given), kept within the text area with
 * their aspect ratio, placed whole and drawn with pdf_image. */
#include "layout/layout_blocks.h"
#include "layout/layout_core.h"

#include <stdlib.h>
#include <string.h>

/* CSS and most screen captures count 96 pixels to the inch */
#define PX_PT (72.0 / 96.0)

typedef struct lay_image {
    layout_image_spec spec;   /* spec.path points at path */
    char *path;
    /* results of the last run */
    double w_pt, h_pt;
    int page;
    double x_pt, y_pt;        /* bottom-left corner */
} lay_image;

void layout_image_spec_init(layout_image_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->align = LAYOUT_ALIGN_CENTER;
    spec->space_before_pt = 6;
    spec->space_after_pt = 6;
}

static void image_free(void *data)
{
    lay_image *im = data;
    free(im->path);
    free(im);
}

static const layout_block_kind image_kind;

int layout_image_add(layout_doc *doc, const layout_image_spec *spec)
{
    lay_block *blk;
    lay_image *im;
    int next;
    if (!doc) return -1;
    next = (int)layout_block_count(doc);
    if (!spec || !spec->path || !*spec->path)
        return layout_block_fail(doc, next, "an image needs a file");
    if (spec->width_px <= 0 || spec->height_px <= 0)
        return layout_block_fail(doc, next, "image %s: no pixel size", spec->path);
    if (spec->width_mm < 0 || spec->space_before_pt < 0 || spec->space_after_pt < 0)
        return layout_block_fail(doc, next, "image %s: width and spaces must be >= 0", spec->path);
    blk = layout_block_new(doc, &image_kind, 0, NULL, 0);
    if (!blk) return -1;
    im = calloc(1, sizeof *im);
    if (!im) return layout_block_abandon(doc, 0);
    blk->data = im;   /* freed with the block from here on */
    if (!(im->path = layout_strdup(spec->path))) return layout_block_abandon(doc, 0);
    im->spec = *spec;
    im->spec.path = im->path;
    blk->space_before_pt = spec->space_before_pt;
    blk->space_after_pt = spec->space_after_pt;
    return layout_block_commit(doc);
}

/* Its size within the text area, one piece. */
static int image_measure(layout_doc *doc, int b)
{
    lay_image *im = layout_block_at(doc, b)->data;
    double measure = layout_measure_pt(doc);
    double text_h = layout_text_height_pt(doc);
    double aspect = (double)im->spec.height_px / (double)im->spec.width_px;
    double w = im->spec.width_mm > 0 ? im->spec.width_mm * LAYOUT_MM_PT : im->spec.width_px * PX_PT;
    if (w > measure) w = measure;
    if (w * aspect > text_h) w = text_h / aspect;
    im->w_pt = w;
    im->h_pt = w * aspect;
    im->page = -1;
    return layout_vlist_box(doc, b, im->h_pt, 1, 0, 0);
}

static int image_place(layout_doc *doc, int b, size_t ref, int page, double x_pt, double top_y_pt,
                       int repeated)
{
    lay_image *im = layout_block_at(doc, b)->data;
    double slack = layout_measure_pt(doc) - im->w_pt;
    (void)ref; (void)repeated;
    if (im->spec.align == LAYOUT_ALIGN_RIGHT) x_pt += slack;
    else if (im->spec.align != LAYOUT_ALIGN_LEFT) x_pt += slack / 2;
    im->page = page;
    im->x_pt = x_pt;
    im->y_pt = top_y_pt - im->h_pt;
    return 0;
}

static int image_draw(layout_doc *doc, int b, pdf_doc *pdf, int page, layout_layer layer)
{
    const lay_image *im = layout_block_at(doc, b)->data;
    if (layer != LAYOUT_LAYER_OVER || im->page != page) return 0;
    if (pdf_image(pdf, im->path, im->x_pt, im->y_pt, im->w_pt, im->h_pt) != 0)
        return layout_block_fail(doc, b, "%s", pdf_doc_errmsg(pdf));
    return 0;
}

static const layout_block_kind image_kind = {"image", 0, image_measure, image_place, image_draw, image_free};

int layout_doc_image_box(const layout_doc *doc, int block, int *page, double *x_pt, double *y_pt,
                         double *w_pt, double *h_pt)
{
    const lay_image *im = layout_block_data(doc, block, &image_kind);
    if (!im) return -1;
    if (page) *page = im->page;
    if (x_pt) *x_pt = im->x_pt;
    if (y_pt) *y_pt = im->y_pt;
    if (w_pt) *w_pt = im->w_pt;
    if (h_pt) *h_pt = im->h_pt;
    return 0;
}
