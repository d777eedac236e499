/* SPDX-License-Identifier: GPL-3.0-or-later */
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

/* The byte length of the keyword of the list at stack index kw that
 * matches s at byte pos (ASCII letters in either case, as brief.data.search
 * matches them), the longest when several do; 0 for none. */
static size_t keyword_at(lua_State *L, int kw, const char *s, size_t len, size_t pos)
{
    lua_Integer i, n = (lua_Integer)lua_rawlen(L, kw);
    size_t best = 0;
    for (i = 1; i <= n; i++) {
        size_t klen, j;
        const char *k;
        lua_rawgeti(L, kw, i);                              /* ... keyword */
        k = lua_tolstring(L, -1, &klen);
        if (klen > best && klen <= len - pos) {
            for (j = 0; j < klen; j++) {
                unsigned char a = (unsigned char)s[pos + j], b = (unsigned char)k[j];
                if (a != b && !(a < 0x80 && b < 0x80 && (a | 0x20) == (b | 0x20) && (a | 0x20) >= 'a'
                                && (a | 0x20) <= 'z'))
                    break;
            }
            if (j == klen) best = klen;
        }
        lua_pop(L, 1);                                      /* ... */
    }
    return best;
}

/* brief.text.mark(text, keyword(s) [, style]) -> runs for doc:paragraph:
 * the text with every occurrence of a keyword as a run {keyword, style}
 * (default: bold on a light yellow highlight). */
static int text_mark_l(lua_State *L)
{
    size_t len, pos = 0, plain = 0;
    const char *s = lb_checklstring(L, 1, &len);
    lua_Integer n = 0, i, nk;
    int kw, style;
    lua_settop(L, 3);
    if (lua_type(L, 2) == LUA_TSTRING || lua_type(L, 2) == LUA_TNUMBER) {
        lua_createtable(L, 1, 0);                           /* text kw style list */
        lua_pushvalue(L, 2);
        lua_rawseti(L, -2, 1);
        lua_replace(L, 2);                                  /* text list style */
    } else if (lua_type(L, 2) != LUA_TTABLE) {
        return lb_typeerror(L, 2, "string or list of strings");
    }
    kw = 2;
    nk = (lua_Integer)lua_rawlen(L, kw);
    for (i = 1; i <= nk; i++) {
        int t = lua_rawgeti(L, kw, i);
        size_t kl = 0;
        if (t == LUA_TSTRING || t == LUA_TNUMBER) lua_tolstring(L, -1, &kl);
        if ((t != LUA_TSTRING && t != LUA_TNUMBER) || kl == 0)
            lb_argerror(L, 2, lua_pushfstring(L, "keyword %d: a non-empty string expected", (int)i));
        lua_pop(L, 1);
    }
    if (lua_isnil(L, 3)) {
        lua_createtable(L, 0, 2);                           /* text kw nil style */
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "bold");
        lua_pushliteral(L, "#ffe58f");
        lua_setfield(L, -2, "highlight");
        lua_replace(L, 3);                                  /* text kw style */
    } else {
        lb_checktable(L, 3);
    }
    style = 3;
    lua_newtable(L);                                        /* text kw style runs */
    while (pos < len) {
        size_t k = keyword_at(L, kw, s, len, pos);
        if (k == 0) {
            pos++;
            continue;
        }
        if (pos > plain) {
            lua_pushlstring(L, s + plain, pos - plain);     /* ... runs plain */
            lua_rawseti(L, -2, ++n);
        }
        lua_createtable(L, 1, 4);                           /* ... runs run */
        lua_pushnil(L);
        while (lua_next(L, style)) {                        /* ... runs run key value */
            lua_pushvalue(L, -2);                           /* ... runs run key value key */
            lua_insert(L, -2);                              /* ... runs run key key value */
            lua_settable(L, -4);                            /* ... runs run key */
        }
        lua_pushlstring(L, s + pos, k);                     /* ... runs run keyword */
        lua_rawseti(L, -2, 1);                              /* ... runs run */
        lua_rawseti(L, -2, ++n);                            /* ... runs */
        pos += k;
        plain = pos;
    }
    if (len > plain) {
        lua_pushlstring(L, s + plain, len - plain);
        lua_rawseti(L, -2, ++n);
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
    {"sentences", text_sentences_l},
    {"fullwidth", text_fullwidth_l},
    {"mark", text_mark_l},
    {NULL, NULL},
};

int lb_open_text(lua_State *L)
{
    lb_module_new(L, "text", text_funcs);                   /* text */
    return 1;
}
