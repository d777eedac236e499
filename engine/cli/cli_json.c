/* cli_json.c — the --json output of the commands, through Jansson. */
#include "cli/cli_json.h"

#include <stdio.h>
#include <string.h>

#include "util/sbuf.h"
#include "util/utf8.h"

json_t *cli_json_string(const char *s)
{
    if (!s) return json_null();
    size_t len = strlen(s);
    if (utf8_valid(s, len)) return json_stringn(s, len);
    /* JSON text is Unicode: each invalid byte becomes U+FFFD, as utf8_decode
     * reads it. */
    sbuf b = SBUF_INIT;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        char enc[4];
        i += utf8_decode(s + i, len - i, &cp);
        sbuf_append(&b, enc, utf8_encode(cp, enc));
    }
    json_t *j = sbuf_failed(&b) ? NULL : json_stringn(b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return j;
}

int cli_json_print(json_t *doc)
{
    if (!doc) return -1;
    int rc = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) == 0 && fputc('\n', stdout) != EOF
                 ? 0 : -1;
    json_decref(doc);
    if (fflush(stdout) != 0) rc = -1;
    return rc;
}
