/* SPDX-License-Identifier: GPL-3.0-or-later */
/* jsonstr.c — JSON strings from any bytes (see jsonstr.h). */
#include "util/jsonstr.h"

#include <string.h>

#include <stdlib.h>

#include "util/chars.h"
#include "util/sbuf.h"
#include "util/utf8.h"

json_t *jsonstr_newn(const char *s, size_t len)
{
    sbuf clean = SBUF_INIT;
    json_t *v = NULL;
    if (utf8_first_invalid(s, len) == len) return json_stringn(s, len);
    if (utf8_sanitize(s, len, &clean) >= 0) v = json_stringn(clean.data ? clean.data : "", clean.len);
    sbuf_free(&clean);
    return v;
}

json_t *jsonstr_new(const char *s)
{
    return s ? jsonstr_newn(s, strlen(s)) : json_null();
}

int jsonstr_dump_line(json_t *v, size_t flags, FILE *out)
{
    char *text = v ? json_dumps(v, flags) : NULL;
    size_t len, pos = 0, run = 0;
    json_decref(v);
    if (!text) return -1;
    len = strlen(text);
    /* The structure of JSON is printable ASCII: DEL or a control above it can only be
     * inside a string, where its escape means the same character. */
    while (pos < len) {
        uint32_t cp;
        size_t n = utf8_decode_fast(text + pos, len - pos, &cp);
        if (cp >= 0x7F && chars_is(cp, CHARS_CONTROL)) {
            fwrite(text + run, 1, pos - run, out);
            if (cp > 0xFFFF)
                fprintf(out, "\\u%04x\\u%04x", (unsigned)(0xD800 + ((cp - 0x10000) >> 10)),
                        (unsigned)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
            else
                fprintf(out, "\\u%04x", (unsigned)cp);
            run = pos + n;
        }
        pos += n;
    }
    fwrite(text + run, 1, len - run, out);
    fputc('\n', out);
    free(text);
    return 0;
}
