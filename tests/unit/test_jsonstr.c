/* test_jsonstr.c — JSON strings from any bytes: valid UTF-8 kept, each bad
 * byte U+FFFD, NUL kept, NULL as null; what Jansson then writes. */
#include "harness.h"
#include "util/jsonstr.h"

#include <stdlib.h>

/* The JSON text of v (released). */
static const char *dump(json_t *v)
{
    static char out[256];
    char *s = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
    snprintf(out, sizeof out, "%s", s ? s : "(NULL)");
    free(s);
    json_decref(v);
    return out;
}

TEST(valid_text_is_kept)
{
    CHECK_STR(dump(jsonstr_new("中文 \"q\"\n")), "\"中文 \\\"q\\\"\\n\"");
    CHECK_STR(dump(jsonstr_new("")), "\"\"");
    CHECK_STR(dump(jsonstr_new(NULL)), "null");
}

TEST(bad_bytes_become_replacement_characters)
{
    /* Jansson alone refuses these: json_string returns NULL. */
    json_t *raw = json_string("a\xFF" "b");
    CHECK(raw == NULL);
    CHECK_STR(dump(jsonstr_new("a\xFF" "b")), "\"a\xEF\xBF\xBD" "b\"");
    CHECK_STR(dump(jsonstr_new("\xE4\xB8")), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    CHECK_STR(dump(jsonstr_newn("a\0b\xC0", 4)), "\"a\\u0000b\xEF\xBF\xBD\"");
}

int main(void)
{
    RUN(valid_text_is_kept);
    RUN(bad_bytes_become_replacement_characters);
    return harness_done();
}
