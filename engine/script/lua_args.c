/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lua_args.c — the argument checks of the bindings (lua_brief.h): errors
 * that name the function as the script called it ("brief.data.query",
 * "doc:table"), count a method's arguments as the script sees them, and
 * name the field of an options table and, for a mistyped one, the name
 * it most likely meant. */
#include "script/lua_brief.h"

#include <string.h>

#include "util/sbuf.h"
#include "util/text.h"

void lb_methods_new(lua_State *L, const char *prefix, const lb_func *funcs)
{
    lua_newtable(L);                                        /* methods */
    for (; funcs->name; funcs++) {
        lua_pushfstring(L, "%s:%s", prefix, funcs->name);   /* methods name */
        lua_pushcclosure(L, funcs->fn, 1);                  /* methods fn */
        lua_setfield(L, -2, funcs->name);                   /* methods */
    }
}

/* Methods ("doc:table") are called with self first: the script's argument
 * #1 is arg 2, as luaL_argerror counts them. */
static int is_method(lua_State *L)
{
    return strchr(lb_funcname(L), ':') != NULL;
}

int lb_argerror(lua_State *L, int arg, const char *extramsg)
{
    if (is_method(L)) {
        if (arg == 1) return luaL_error(L, "calling '%s' on bad self (%s)", lb_funcname(L), extramsg);
        arg--;
    }
    return luaL_error(L, "bad argument #%d to '%s' (%s)", arg, lb_funcname(L), extramsg);
}

int lb_typeerror(lua_State *L, int arg, const char *expected)
{
    const char *got;
    if (luaL_getmetafield(L, arg, "__name") == LUA_TSTRING) got = lua_tostring(L, -1);
    else if (lua_type(L, arg) == LUA_TLIGHTUSERDATA) got = "light userdata";
    else got = luaL_typename(L, arg);
    return lb_argerror(L, arg, lua_pushfstring(L, "%s expected, got %s", expected, got));
}

int lb_fielderror(lua_State *L, int arg, const char *field, const char *msg)
{
    return lb_argerror(L, arg, lua_pushfstring(L, "field '%s': %s", field, msg));
}

int lb_subfielderror(lua_State *L, int arg, const char *parent, const char *field, const char *msg)
{
    if (!parent) return lb_fielderror(L, arg, field, msg);
    return lb_argerror(L, arg, lua_pushfstring(L, "field '%s.%s': %s", parent, field, msg));
}

const char *lb_checklstring(lua_State *L, int arg, size_t *len)
{
    /* Numbers are accepted, as luaL_checklstring does. */
    if (lua_type(L, arg) != LUA_TSTRING && lua_type(L, arg) != LUA_TNUMBER) lb_typeerror(L, arg, "string");
    return lua_tolstring(L, arg, len);
}

const char *lb_optlstring(lua_State *L, int arg, const char *def, size_t *len)
{
    if (lua_isnoneornil(L, arg)) {
        if (len) *len = def ? strlen(def) : 0;
        return def;
    }
    return lb_checklstring(L, arg, len);
}

const char *lb_checkpath(lua_State *L, int arg)
{
    size_t len;
    const char *path = lb_checklstring(L, arg, &len);
    if (strlen(path) != len) lb_argerror(L, arg, "a file name holds a NUL byte");
    return path;
}

const char *lb_optpath(lua_State *L, int arg)
{
    return lua_isnoneornil(L, arg) ? NULL : lb_checkpath(L, arg);
}

lua_Number lb_checknumber(lua_State *L, int arg)
{
    if (lua_type(L, arg) != LUA_TNUMBER) lb_typeerror(L, arg, "number");
    return lua_tonumber(L, arg);
}

lua_Integer lb_checkinteger(lua_State *L, int arg)
{
    int isnum;
    lua_Integer v = lua_tointegerx(L, arg, &isnum);
    if (!isnum) {
        if (lua_isnumber(L, arg)) lb_argerror(L, arg, "number has no integer representation");
        else lb_typeerror(L, arg, "integer");
    }
    return v;
}

lua_Integer lb_optinteger(lua_State *L, int arg, lua_Integer def)
{
    return lua_isnoneornil(L, arg) ? def : lb_checkinteger(L, arg);
}

void lb_checktable(lua_State *L, int arg)
{
    if (lua_type(L, arg) != LUA_TTABLE) lb_typeerror(L, arg, "table");
}

int lb_opttable(lua_State *L, int arg)
{
    if (lua_isnoneornil(L, arg)) return 0;
    lb_checktable(L, arg);
    return 1;
}

/* Pushes the field of the options table at stack index t, nil when t is
 * not a table (no options given); returns its type. */
static int get_field(lua_State *L, int t, const char *field)
{
    if (lua_type(L, t) != LUA_TTABLE) {
        lua_pushnil(L);                                     /* nil */
        return LUA_TNIL;
    }
    return lua_getfield(L, t, field);                       /* value */
}

/* The field's value (on top) is not of the type expected. */
static int field_type_error(lua_State *L, int arg, const char *parent, const char *field, const char *expected)
{
    const char *got = luaL_typename(L, -1);
    return lb_subfielderror(L, arg, parent, field, lua_pushfstring(L, "%s expected, got %s", expected, got));
}

const char *lb_optfield_string(lua_State *L, int arg, const char *field, const char *def)
{
    /* Strings only: the string stays alive in the options table, which the
     * caller's argument keeps on the stack (a number converted here would
     * live only in the popped slot). */
    return lb_optsubfield_string(L, arg, NULL, arg, field, def);
}

lua_Integer lb_optfield_integer(lua_State *L, int arg, const char *field, lua_Integer def)
{
    int isnum;
    lua_Integer v;
    int t = get_field(L, arg, field);                       /* value */
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return def;
    }
    v = lua_tointegerx(L, -1, &isnum);
    if (t != LUA_TNUMBER || !isnum) field_type_error(L, arg, NULL, field, "integer");
    lua_pop(L, 1);
    return v;
}

lua_Number lb_optfield_number(lua_State *L, int arg, const char *field, lua_Number def)
{
    return lb_optsubfield_number(L, arg, NULL, arg, field, def);
}

lua_Number lb_optsubfield_number(lua_State *L, int arg, const char *parent, int sub, const char *field,
                                 lua_Number def)
{
    lua_Number v = def;
    int t = get_field(L, sub, field);                       /* value */
    if (t == LUA_TNUMBER) v = lua_tonumber(L, -1);
    else if (t != LUA_TNIL) field_type_error(L, arg, parent, field, "number");
    lua_pop(L, 1);                                          /* */
    return v;
}

const char *lb_optsubfield_string(lua_State *L, int arg, const char *parent, int sub, const char *field,
                                  const char *def)
{
    const char *s;
    int t = get_field(L, sub, field);                       /* value */
    if (t == LUA_TNIL) {
        lua_pop(L, 1);                                      /* */
        return def;
    }
    if (t != LUA_TSTRING) field_type_error(L, arg, parent, field, "string");
    s = lua_tostring(L, -1);                                /* kept by the table */
    lua_pop(L, 1);                                          /* */
    return s;
}

int lb_optfield_boolean(lua_State *L, int arg, const char *field, int def)
{
    return lb_optsubfield_boolean(L, arg, NULL, arg, field, def);
}

int lb_optsubfield_boolean(lua_State *L, int arg, const char *parent, int sub, const char *field, int def)
{
    int v = def, t = get_field(L, sub, field);              /* value */
    if (t == LUA_TBOOLEAN) v = lua_toboolean(L, -1);
    else if (t != LUA_TNIL) field_type_error(L, arg, parent, field, "boolean");
    lua_pop(L, 1);                                          /* */
    return v;
}

void lb_check_fields(lua_State *L, int arg, const char *const *known)
{
    lb_check_subfields(L, arg, NULL, arg, known);
}

void lb_check_subfields(lua_State *L, int arg, const char *parent, int sub, const char *const *known)
{
    if (lua_type(L, sub) != LUA_TTABLE) return;
    lua_pushnil(L);                                         /* nil */
    while (lua_next(L, sub)) {                              /* key value */
        const char *const *k;
        int ok = 0;
        if (lua_type(L, -2) == LUA_TSTRING)
            for (k = known; *k && !ok; k++) ok = strcmp(*k, lua_tostring(L, -2)) == 0;
        /* "[1]" in known: the table's first array item is allowed ({"text", bold = true}) */
        else if (lua_isinteger(L, -2) && lua_tointeger(L, -2) == 1)
            for (k = known; *k && !ok; k++) ok = strcmp(*k, "[1]") == 0;
        if (!ok) {
            sbuf b = SBUF_INIT;
            const char *key, *near, *msg;
            lua_pushvalue(L, -2);                           /* key value key */
            key = luaL_tolstring(L, -1, NULL);              /* key value key keytext */
            near = lua_type(L, -4) == LUA_TSTRING ? text_nearest(key, known) : NULL;
            if (near) sbuf_printf(&b, "did you mean '%s'? ", near);
            sbuf_puts(&b, "known: ");
            for (k = known; *k; k++) sbuf_printf(&b, "%s%s", k == known ? "" : ", ", *k);
            msg = lua_pushfstring(L, "unknown option '%s' (%s)", key, b.data ? b.data : "");
            sbuf_free(&b);  /* freed before raising: lua_pushfstring copied it */
            if (parent) lb_fielderror(L, arg, parent, msg);
            lb_argerror(L, arg, msg);
        }
        lua_pop(L, 1);                                      /* key */
    }
}
