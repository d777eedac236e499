/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_typeset.c — `brief typeset FILE.txt`: a bulletin text file set as a
 * PDF (titles as headings, justified paragraphs, page numbers); the debug
 * path of the layout and what bench/render measures. */
#include "cli/cli.h"
#include "fonts/fonts.h"
#include "ingest/ingest.h"
#include "layout/layout.h"
#include "pdf/pdf.h"
#include "util/parallel.h"
#include "util/vec.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void typeset_usage(FILE *to)
{
    fprintf(to,
        "usage: brief typeset FILE.txt [-o OUT.pdf] [--font-size PT] [--page A4|A5|LETTER]\n"
        "                     [--grid] [--fonts ROLES.conf] [--strict] [--print-text]\n\n"
        "Sets a bulletin text file (parsed as `brief ingest` parses it) as a PDF:\n"
        "each title a heading (its subtitle below it), each paragraph justified with\n"
        "a two-character indent, page numbers in the footer.\n\n"
        "  -o, --output OUT.pdf  where to write (default: FILE's name with .pdf, in the\n"
        "                        current directory: ../x/bulletin.txt -> ./bulletin.pdf)\n"
        "  --font-size PT        body text size (default 12; headings scale with it)\n"
        "  --page SIZE           A4 (default), A5 or LETTER\n"
        "  --grid                GB/T 9704 layout: A4, 16 pt on a 28 x 22 character grid\n"
        "                        (overrides --page and --font-size)\n"
        "  --fonts FILE          font roles (default: $BRIEF_FONTS or fonts/roles.conf)\n"
        "  --strict              a character no font draws is an error: no PDF, exit 1\n"
        "                        (without it, a warning on stderr and a box on the page)\n"
        "  --print-text          print the text set, one heading or paragraph a line,\n"
        "                        instead of the summary (for round-trip checks)\n");
}

/* ./NAME.pdf for .../NAME.txt (or .../NAME). */
static char *default_output(const char *input)
{
    const char *base = strrchr(input, '/'), *dot;
    size_t n;
    char *out;
    base = base ? base + 1 : input;
    dot = strrchr(base, '.');
    n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    out = malloc(n + 5);
    if (!out) return NULL;
    memcpy(out, base, n);
    memcpy(out + n, ".pdf", 5);
    return out;
}

static unsigned char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f) {
        snprintf(err, errlen, "%s", strerror(errno));
        return NULL;
    }
    for (;;) {
        size_t got;
        if (VEC_RESERVE(buf, cap, n < 65536 ? 65536 : n + 1) != 0) {
            snprintf(err, errlen, "out of memory");
            free(buf);
            fclose(f);
            return NULL;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        snprintf(err, errlen, "read error: %s", strerror(errno));
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* The fonts of the roles file, loaded as a task of util/parallel.h. */
typedef struct fonts_load {
    const char *path;   /* --fonts, NULL: the default roles file */
    fonts *fonts;       /* NULL on failure, err saying why */
    char err[512];
} fonts_load;

static void fonts_load_task(void *ctx, size_t i)
{
    fonts_load *load = ctx;
    (void)i;
    load->fonts = fonts_create(load->path, load->err, sizeof load->err);
}

int cli_typeset(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"font-size", required_argument, NULL, 's'},
        {"page", required_argument, NULL, 'p'},
        {"grid", no_argument, NULL, 'g'},
        {"fonts", required_argument, NULL, 'f'},
        {"print-text", no_argument, NULL, 't'},
        {"strict", no_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *input, *output = NULL, *page = "A4", *fonts_path = NULL;
    char *default_out = NULL, err[512];
    double size_pt = 12.0;
    int grid = 0, print_text = 0, strict = 0, c, rc = CLI_FAILED;
    unsigned char *bytes = NULL;
    size_t len = 0, a, p, w, articles = 0;
    int pages = 0;
    ingest_bulletin *bulletin = NULL;
    /* The text is only set, never stored: no SHA-256 of the input. */
    ingest_options opts = {.encoding = INGEST_ENCODING_AUTO, .skip_sha256 = 1};
    fonts *fonts = NULL;
    layout_doc *doc = NULL;
    pdf_doc *pdf = NULL;
    layout_page_setup setup;
    int heading, subtitle, body, parsed;
    fonts_load load = {0};
    parallel par;

    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 's': {
            char *end;
            size_pt = strtod(optarg, &end);
            if (*end || !(size_pt >= 4 && size_pt <= 72)) {
                fprintf(stderr, "brief typeset: --font-size %s: a size in points from 4 to 72\n", optarg);
                return CLI_USAGE;
            }
            break;
        }
        case 'p': page = optarg; break;
        case 'g': grid = 1; break;
        case 'f': fonts_path = optarg; break;
        case 't': print_text = 1; break;
        case 'S': strict = 1; break;
        case 'h': typeset_usage(stdout); return CLI_OK;
        default: typeset_usage(stderr); return CLI_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "brief typeset: %s\n", optind >= argc ? "no input file" : "one input file only");
        typeset_usage(stderr);
        return CLI_USAGE;
    }
    input = argv[optind];
    if (grid) {
        layout_page_setup_gbt9704(&setup);
        size_pt = 16.0;
    } else if (layout_page_setup_named(page, &setup) != 0) {
        fprintf(stderr, "brief typeset: --page %s: not A4, A5 or LETTER\n", page);
        return CLI_USAGE;
    }
    if (!output) {
        default_out = default_output(input);
        if (!default_out) {
            fprintf(stderr, "brief typeset: out of memory\n");
            return CLI_FAILED;
        }
        output = default_out;
    }

    /* The fonts load on a helper thread while the text is read and parsed:
     * neither needs the other, and each is some milliseconds. */
    load.path = fonts_path;
    parallel_start(&par, fonts_load_task, &load, 1, 1);
    bytes = read_file(input, &len, err, sizeof err);
    opts.filename = input;
    parsed = bytes ? ingest_parse(bytes, len, &opts, &bulletin, err, sizeof err) : INGEST_OK;
    parallel_finish(&par);
    fonts = load.fonts;
    if (!bytes || parsed != INGEST_OK) {
        fprintf(stderr, "brief typeset: %s: %s\n", input, err);
        goto done;
    }
    if (!fonts) {
        fprintf(stderr, "brief typeset: %s\n", load.err);
        goto done;
    }
    doc = layout_doc_create(fonts, &setup, err, sizeof err);
    if (!doc || layout_styles_bulletin(doc, size_pt, grid) != 0) {
        fprintf(stderr, "brief typeset: %s: %s\n", input, doc ? layout_doc_errmsg(doc) : err);
        goto done;
    }
    heading = layout_style_find(doc, "heading1");
    subtitle = layout_style_find(doc, "subtitle");
    body = layout_style_find(doc, "body");
    for (a = 0; a < bulletin->article_count; a++) {
        const ingest_article *art = &bulletin->articles[a];
        if (layout_heading_add(doc, heading, 1, art->title) < 0
            || (art->subtitle && layout_para_add(doc, subtitle, art->subtitle) < 0))
            goto layout_failed;
        if (print_text) printf("%s\n%s%s", art->title, art->subtitle ? art->subtitle : "",
                               art->subtitle ? "\n" : "");
        for (p = 0; p < art->paragraph_count; p++) {
            if (layout_para_add(doc, body, art->paragraphs[p]) < 0) goto layout_failed;
            if (print_text) printf("%s\n", art->paragraphs[p]);
        }
    }
    articles = bulletin->article_count;
    layout_doc_set_page_numbers(doc);
    if (layout_doc_run(doc) != 0) goto layout_failed;
    if (layout_doc_warning_count(doc) > 0) {
        size_t n = layout_doc_warning_count(doc);
        const char **warnings = malloc(n * sizeof *warnings);
        if (!warnings) {
            fprintf(stderr, "brief typeset: out of memory\n");
            goto done;
        }
        for (w = 0; w < n; w++) warnings[w] = layout_doc_warning(doc, w);
        cli_report_warnings("typeset", input, warnings, n, strict);
        free(warnings);
        if (strict) goto done;   /* no PDF: the old one, if any, stays */
    }

    pdf = pdf_doc_create(fonts, err, sizeof err);
    if (!pdf) {
        fprintf(stderr, "brief typeset: %s: %s\n", output, err);
        goto done;
    }
    if (bulletin->article_count) pdf_doc_set_info(pdf, PDF_INFO_TITLE, bulletin->articles[0].title);
    pdf_doc_set_info(pdf, PDF_INFO_CREATOR, "brief typeset");
    if (layout_doc_render(doc, pdf) != 0) goto layout_failed;
    /* The pages are recorded in pdf: the layout, the bulletin and the input
     * are freed before the save, which then reuses their memory rather than
     * touching new pages (each a page fault: bench/README.md). */
    pages = layout_doc_page_count(doc);
    layout_doc_destroy(doc);
    doc = NULL;
    ingest_bulletin_destroy(bulletin);
    bulletin = NULL;
    free(bytes);
    bytes = NULL;
    if (pdf_doc_save(pdf, output) != 0) {
        const char *msg = pdf_doc_errmsg(pdf);
        /* the pdf module's messages name the file already */
        if (strstr(msg, output)) fprintf(stderr, "brief typeset: %s\n", msg);
        else fprintf(stderr, "brief typeset: %s: %s\n", output, msg);
        goto done;
    }
    if (!print_text)
        printf("%s: %d page%s, %zu article%s\n", output, pages, pages == 1 ? "" : "s",
               articles, articles == 1 ? "" : "s");
    rc = CLI_OK;
    goto done;

layout_failed:
    fprintf(stderr, "brief typeset: %s: %s\n", input, layout_doc_errmsg(doc));
done:
    pdf_doc_destroy(pdf);
    layout_doc_destroy(doc);
    fonts_destroy(fonts);
    ingest_bulletin_destroy(bulletin);
    free(bytes);
    free(default_out);
    return rc;
}
