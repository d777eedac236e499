/* layout_image.c — PNG and JPEG images as blocks: sized from their pixels
 * (at 96 dpi unless a width is given), kept within the text area with
 * their aspect ratio, placed whole and drawn with pdf_image. */
#include "layout/layout_ext.h"

#include <stdlib.h>
#include <string.h>

#define MM_PT (72.0 / 25.4)
/* CSS and most screen captures count 96 pixels to the inch */
#define PX_PT (72.0 / 96.0)

struct lay_image {
    layout_image_spec spec;   /* spec.path points at path */
    char *path;
    /* results of the last run */
    double w_pt, h_pt;
    int page;
    double x_pt, y_pt;        /* bottom-left corner */
};

void layout_image_spec_init(layout_image_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->align = LAYOUT_ALIGN_CENTER;
    spec->space_before_pt = 6;
    spec->space_after_pt = 6;
}

void layout_image_free(lay_image *im)
{
    if (!im) return;
    free(im->path);
    free(im);
}

int layout_image_add(layout_doc *doc, const layout_image_spec *spec)
{
    lay_block *blk;
    lay_image *im;
    if (!doc) return -1;
    if (!spec || !spec->path || !*spec->path)
        return layout_fail(doc, "block %zu: an image needs a file", doc->block_count);
    if (spec->width_px <= 0 || spec->height_px <= 0)
        return layout_fail(doc, "block %zu: image %s: no pixel size", doc->block_count, spec->path);
    if (spec->width_mm < 0 || spec->space_before_pt < 0 || spec->space_after_pt < 0)
        return layout_fail(doc, "block %zu: image %s: width and spaces must be >= 0", doc->block_count,
                        spec->path);
    blk = layout_ext_block_new(doc, LAY_IMAGE, 0);
    if (!blk) return -1;
    im = calloc(1, sizeof *im);
    if (!im || !(im->path = layout_strdup(spec->path))) {
        if (im) free(im);
        layout_ext_free(blk->ext);
        blk->ext = NULL;
        return layout_fail(doc, "out of memory");
    }
    blk->ext->image = im;
    im->spec = *spec;
    im->spec.path = im->path;
    blk->space_before_pt = spec->space_before_pt;
    blk->space_after_pt = spec->space_after_pt;
    return (int)doc->block_count++;
}

int layout_image_lines(layout_doc *doc, int b)
{
    lay_block *blk = &doc->blocks[b];
    lay_image *im = blk->ext->image;
    double measure = layout_measure_pt(doc);
    double text_h = (doc->setup.height_mm - doc->setup.margin_top_mm - doc->setup.margin_bottom_mm) * MM_PT;
    double aspect = (double)im->spec.height_px / (double)im->spec.width_px;
    double w = im->spec.width_mm > 0 ? im->spec.width_mm * MM_PT : im->spec.width_px * PX_PT;
    if (w > measure) w = measure;
    if (w * aspect > text_h) w = text_h / aspect;
    im->w_pt = w;
    im->h_pt = w * aspect;
    im->page = -1;
    return layout_ext_piece_add(doc, blk->ext, im->h_pt, 1, 0);
}

int layout_image_place(layout_doc *doc, int b, int page, double x_pt, double top_y_pt)
{
    lay_image *im = doc->blocks[b].ext->image;
    double slack = layout_measure_pt(doc) - im->w_pt;
    if (im->spec.align == LAYOUT_ALIGN_RIGHT) x_pt += slack;
    else if (im->spec.align != LAYOUT_ALIGN_LEFT) x_pt += slack / 2;
    im->page = page;
    im->x_pt = x_pt;
    im->y_pt = top_y_pt - im->h_pt;
    return 0;
}

int layout_image_draw(layout_doc *doc, pdf_doc *pdf, int b, int page)
{
    const lay_image *im = doc->blocks[b].ext->image;
    if (im->page != page) return 0;
    if (pdf_image(pdf, im->path, im->x_pt, im->y_pt, im->w_pt, im->h_pt) != 0)
        return layout_fail(doc, "block %d: %s", b, pdf_doc_errmsg(pdf));
    return 0;
}

int layout_doc_image_box(const layout_doc *doc, int block, int *page, double *x_pt, double *y_pt,
                         double *w_pt, double *h_pt)
{
    const lay_ext *e = layout_ext_of(doc, block, LAY_IMAGE);
    if (!e) return -1;
    if (page) *page = e->image->page;
    if (x_pt) *x_pt = e->image->x_pt;
    if (y_pt) *y_pt = e->image->y_pt;
    if (w_pt) *w_pt = e->image->w_pt;
    if (h_pt) *h_pt = e->image->h_pt;
    return 0;
}
