/* jsonstr.c — JSON strings from any bytes (see jsonstr.h). */
#include "util/jsonstr.h"

#include <string.h>

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
