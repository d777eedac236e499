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

/* Pushes the text that build (a text.h function appending to an sbuf)
 * makes, at most cap bytes. The text is built in C memory (text.h knows
 * nothing of Lua), so no Lua call may raise while it is held: the Lua
 * buffer is sized first, the C buffer freed before the result string is
 * made. */
static int push_built(lua_State *L, size_t cap, int (*build)(const char *, size_t, size_t, sbuf *),
                      const char *s, size_t len, size_t arg)
{
    luaL_Buffer b;
    sbuf out = SBUF_INIT;
    char *dst = luaL_buffinitsize(L, &b, cap);
    size_t n;
    if (build(s, len, arg, &out) != 0 || out.len > cap) {
        sbuf_free(&out);
        return luaL_error(L, "%s: out of memory", lb_funcname(L));
    }
    n = out.len;
    if (n) memcpy(dst, out.data, n);
    sbuf_free(&out);
    luaL_pushresultsize(&b, n);
    return 1;
}

/* A summary is at most the text plus "…" (3 bytes). */
static int text_summary_l(lua_State *L)
{
    size_t len;
    const char *s = lb_checklstring(L, 1, &len);
    lua_Integer max = lb_checkinteger(L, 2);
    if (max < 0) return lb_argerror(L, 2, "a number of characters >= 0 expected");
    return push_built(L, len + 3, text_summary, s, len, (size_t)max);
}

static int fullwidth(const char *s, size_t len, size_t unused, sbuf *out)
{
    (void)unused;
    return text_fullwidth(s, len, out);
}

/* A full-width mark is 3 bytes for 1: 3 × len suffices. */
static int text_fullwidth_l(lua_State *L)
{
    size_t len;
    const char *s = lb_checklstring(L, 1, &len);
    if (len > ((size_t)-1) / 3 - 1) return luaL_error(L, "%s: text too long", lb_funcname(L));
    return push_built(L, 3 * len + 1, fullwidth, s, len, 0);
}

typedef int (*next_piece)(const char *s, size_t len, size_t *pos, size_t *off, size_t *n);

/* The pieces next finds in argument 1, as an array of strings. */
static int push_pieces(lua_State *L, next_piece next)
{
    size_t len, pos = 0, off, n;
    const char *s = lb_checklstring(L, 1, &len);
    lua_Integer k = 0;
    lua_newtable(L);                                        /* pieces */
    while (next(s, len, &pos, &off, &n)) {
        lua_pushlstring(L, s + off, n);                     /* pieces piece */
        lua_seti(L, -2, ++k);                               /* pieces */
    }
    return 1;
}

static int text_paragraphs_l(lua_State *L) { return push_pieces(L, text_next_paragraph); }
static int text_sentences_l(lua_State *L) { return push_pieces(L, text_next_sentence); }

static const lb_func text_funcs[] = {
    {"len", text_len},
    {"sub", text_sub_l},
    {"trim", text_trim_l},
    {"first_sentence", text_first_sentence_l},
    {"summary", text_summary_l},
    {"paragraphs", text_paragraphs_l},
    {"sentences", text_sentences_l},
    {"fullwidth", text_fullwidth_l},
    {NULL, NULL},
};

int lb_open_text(lua_State *L)
{
    lb_module_new(L, "text", text_funcs);                   /* text */
    return 1;
}
