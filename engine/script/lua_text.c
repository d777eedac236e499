/* lua_text.c — brief.text: character-based UTF-8 helpers (over text.h). */
#include "script/lua_brief.h"

#include <string.h>

#include "util/sbuf.h"
#include "util/text.h"
#include "util/utf8.h"

static int text_len(lua_State *L)
{
    size_t len;
    const char *s = lb_checklstring(L, 1, &len);
    lua_pushinteger(L, (lua_Integer)utf8_length(s, len));
    return 1;
}

static int text_sub_l(lua_State *L)
{
    size_t len, off, n;
    const char *s = lb_checklstring(L, 1, &len);
    lua_Integer i = lb_optinteger(L, 2, 1), j = lb_optinteger(L, 3, -1);
    text_sub(s, len, (long)i, (long)j, &off, &n);
    lua_pushlstring(L, s + off, n);
    return 1;
}

static int text_trim_l(lua_State *L)
{
    size_t len, off, n;
    const char *s = lb_checklstring(L, 1, &len);
    n = text_trim(s, len, &off);
    lua_pushlstring(L, s + off, n);
    return 1;
}

static int text_first_sentence_l(lua_State *L)
{
    size_t len, off, n;
    const char *s = lb_checklstring(L, 1, &len);
    n = text_trim(s, len, &off);
    n = text_first_sentence(s + off, n);
    n = text_trim(s + off, n, &len);
    lua_pushlstring(L, s + off + len, n);
    return 1;
}

/* The summary is built in C memory (text.h knows nothing of Lua). No Lua
 * call may raise while it is held: the Lua buffer is sized first (a summary
 * is at most the text plus "…", 3 bytes), the C buffer freed before the
 * result string is made. */
static int text_summary_l(lua_State *L)
{
    size_t len, n;
    const char *s = lb_checklstring(L, 1, &len);
    lua_Integer max = lb_checkinteger(L, 2);
    luaL_Buffer b;
    sbuf out = SBUF_INIT;
    char *dst;
    if (max < 0) return lb_argerror(L, 2, "a number of characters >= 0 expected");
    dst = luaL_buffinitsize(L, &b, len + 3);
    if (text_summary(s, len, (size_t)max, &out) != 0 || out.len > len + 3) {
        sbuf_free(&out);
        return luaL_error(L, "%s: out of memory", lb_funcname(L));
    }
    n = out.len;
    if (n) memcpy(dst, out.data, n);
    sbuf_free(&out);
    luaL_pushresultsize(&b, n);
    return 1;
}

static int text_paragraphs_l(lua_State *L)
{
    size_t len, pos = 0, off, n;
    const char *s = lb_checklstring(L, 1, &len);
    lua_Integer k = 0;
    lua_newtable(L);                                        /* paras */
    while (text_next_paragraph(s, len, &pos, &off, &n)) {
        lua_pushlstring(L, s + off, n);                     /* paras para */
        lua_seti(L, -2, ++k);                               /* paras */
    }
    return 1;
}

static const lb_func text_funcs[] = {
    {"len", text_len},
    {"sub", text_sub_l},
    {"trim", text_trim_l},
    {"first_sentence", text_first_sentence_l},
    {"summary", text_summary_l},
    {"paragraphs", text_paragraphs_l},
    {NULL, NULL},
};

int lb_open_text(lua_State *L)
{
    lb_module_new(L, "text", text_funcs);                   /* text */
    return 1;
}
