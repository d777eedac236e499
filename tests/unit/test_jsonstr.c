/* SPDX-License-Identifier: GPL-3.0-or-later */
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

/* What jsonstr_dump_line writes for v. */
static const char *line(json_t *v)
{
    static char out[256];
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc = jsonstr_dump_line(v, JSON_COMPACT, f);
    fclose(f);
    snprintf(out, sizeof out, "%d %s", rc, buf ? buf : "");
    free(buf);
    return out;
}

TEST(a_line_shows_no_control)
{
    json_t *o = json_object();
    json_object_set_new(o, "e", jsonstr_new("a\u202Eb\u2028c\x7F" "d\xF3\xA0\x81\x81" "e\n中"));
    /* U+202E, U+2028, DEL and a tag escaped; the newline by Jansson; 中 as it is. */
    CHECK_STR(line(o), "0 {\"e\":\"a\\u202eb\\u2028c\\u007fd\\udb40\\udc41e\\n中\"}\n");
    CHECK_STR(line(NULL), "-1 ");
}

int main(void)
{
    RUN(valid_text_is_kept);
    RUN(bad_bytes_become_replacement_characters);
    RUN(a_line_shows_no_control);
    return harness_done();
}
