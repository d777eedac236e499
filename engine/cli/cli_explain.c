/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_explain.c — `brief ingest --explain FILE`: every line of a bulletin
 * with the role the parser gave it and the rule that decided, then what
 * would be stored. The tool for writing a profile (docs/ingest.md). */
#include "cli/cli.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

/* Pads s to width display columns (an ideograph counts two). */
static void put_padded(FILE *out, const char *s, int width)
{
    int cols = 0;
    size_t len = strlen(s), pos = 0;
    while (pos < len) {
        uint32_t c;
        pos += utf8_decode(s + pos, len - pos, &c);
        cols += c >= 0x1100 ? 2 : 1;
    }
    fputs(s, out);
    for (; cols < width; cols++) fputc(' ', out);
}

void cli_explain_print(FILE *out, const char *name, const ingest_bulletin *b, const char *profile)
{
    size_t i, k;
    fprintf(out, "%s: %s, %zu %s, date %s", name, b->encoding, b->article_count,
            b->article_count == 1 ? "article" : "articles", b->issued_on ? b->issued_on : "none");
    if (b->issued_on) fprintf(out, " (%s, %s)", b->date_source, b->date_precision);
    if (profile) fprintf(out, ", profile %s", profile);
    fputc('\n', out);
    for (i = 0; i < b->line_count; i++) {
        const ingest_line_result *l = &b->lines[i];
        if (l->role == INGEST_ROLE_BLANK) continue;
        fprintf(out, "%5zu  ", l->lineno);
        put_padded(out, ingest_role_name(l->role), 10);
        fputc(' ', out);
        put_padded(out, l->rule ? l->rule : "", 22);
        fprintf(out, " %s\n", l->text);
    }
    if (b->url) fprintf(out, "url: %s\n", b->url);
    for (i = 0; i < b->article_count; i++) {
        const ingest_article *a = &b->articles[i];
        fprintf(out, "article %zu: %s\n", i + 1, a->title);
        if (a->subtitle) fprintf(out, "  subtitle: %s\n", a->subtitle);
        if (a->author) fprintf(out, "  author: %s\n", a->author);
        if (a->source) fprintf(out, "  source: %s\n", a->source);
        if (a->credit) fprintf(out, "  credit: %s\n", a->credit);
        for (k = 0; k < a->caption_count; k++) fprintf(out, "  caption: %s\n", a->captions[k]);
        for (k = 0; k < a->paragraph_count; k++) {
            const char *t = a->paragraphs[k];
            size_t cut = utf8_offset(t, strlen(t), 40);
            fprintf(out, "  %zu. %.*s%s\n", k + 1, (int)cut, t, t[cut] ? "…" : "");
        }
    }
}
