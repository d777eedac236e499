/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lua_date.c — brief.date: ISO dates as 'YYYY-MM-DD' strings, ISO weeks,
 * ranges as typed on the command line, Chinese formats (over dates.h). */
#include "script/lua_brief.h"

#include <string.h>

#include "util/dates.h"

static long checkdate(lua_State *L, int arg)
{
    long day;
    const char *s = lb_checklstring(L, arg, NULL);
    if (dates_parse(s, &day) != 0)
        lb_argerror(L, arg, lua_pushfstring(L, "a date 'YYYY-MM-DD' expected, got '%s'", s));
    return day;
}

static void pushdate(lua_State *L, long day)
{
    char buf[11];
    dates_format(day, buf);
    lua_pushstring(L, buf);
}

static long today(lua_State *L)
{
    long day;
    if (dates_today(&day) != 0)
        luaL_error(L, "%s: $SOURCE_DATE_EPOCH is not a number of seconds", lb_funcname(L));
    return day;
}

static int date_today(lua_State *L)
{
    pushdate(L, today(L));
    return 1;
}

static int date_range(lua_State *L)
{
    const char *spec = lb_checklstring(L, 1, NULL);
    dates_range r;
    char err[256];
    if (dates_range_parse(spec, today(L), &r, err, sizeof err) != 0) return lb_argerror(L, 1, err);
    lua_createtable(L, 0, 2);                               /* range */
    pushdate(L, r.from);                                    /* range from */
    lua_setfield(L, -2, "from");                            /* range */
    pushdate(L, r.to);                                      /* range to */
    lua_setfield(L, -2, "to");                              /* range */
    return 1;
}

static int date_week(lua_State *L)
{
    long day = checkdate(L, 1);
    int year, week;
    char iso[9];
    dates_iso_week(day, &year, &week);
    dates_format_iso_week(day, iso);
    lua_pushstring(L, iso); /* "2023-W43" */
    lua_pushinteger(L, year);
    lua_pushinteger(L, week);
    return 3;
}

static int date_add(lua_State *L)
{
    long day = checkdate(L, 1);
    lua_Integer n = lb_checkinteger(L, 2);
    if (n > 3000000 || n < -3000000) return lb_argerror(L, 2, "too many days");
    day += (long)n;
    if (day < dates_from_civil(1000, 1, 1) || day > dates_from_civil(9999, 12, 31))
        return lb_argerror(L, 2, "the result is outside years 1000..9999");
    pushdate(L, day);
    return 1;
}

static int date_diff(lua_State *L)
{
    long a = checkdate(L, 1), b = checkdate(L, 2);
    lua_pushinteger(L, a - b);
    return 1;
}

static int date_days(lua_State *L)
{
    long from = checkdate(L, 1), to = checkdate(L, 2), d;
    lua_Integer n = 0;
    if (to - from > 366 * 100) return lb_argerror(L, 2, "a range of more than 100 years");
    lua_createtable(L, to >= from ? (int)(to - from + 1) : 0, 0); /* days */
    for (d = from; d <= to; d++) {
        pushdate(L, d);                                     /* days date */
        lua_seti(L, -2, ++n);                               /* days */
    }
    return 1;
}

static int date_weekday(lua_State *L)
{
    lua_pushinteger(L, dates_weekday(checkdate(L, 1)));
    return 1;
}

static int date_weekday_name(lua_State *L)
{
    long day = checkdate(L, 1);
    const char *style = lb_optlstring(L, 2, "long", NULL);
    int s;
    if (strcmp(style, "long") == 0) s = DATES_WEEKDAY_LONG;
    else if (strcmp(style, "short") == 0) s = DATES_WEEKDAY_SHORT;
    else return lb_argerror(L, 2, lua_pushfstring(L, "'long' or 'short' expected, got '%s'", style));
    lua_pushstring(L, dates_weekday_name(dates_weekday(day), s));
    return 1;
}

static int date_chinese(lua_State *L)
{
    long day = checkdate(L, 1);
    const char *style = lb_optlstring(L, 2, "digits", NULL);
    char buf[64];
    int s;
    if (strcmp(style, "digits") == 0) s = DATES_CN_DIGITS;
    else if (strcmp(style, "hanzi") == 0) s = DATES_CN_HANZI;
    else if (strcmp(style, "month_day") == 0) s = DATES_CN_MONTH_DAY;
    else return lb_argerror(L, 2, lua_pushfstring(L, "'digits', 'hanzi' or 'month_day' expected, got '%s'", style));
    dates_format_chinese(day, s, buf, sizeof buf);
    lua_pushstring(L, buf);
    return 1;
}

static int date_valid(lua_State *L)
{
    long day;
    lua_pushboolean(L, lua_type(L, 1) == LUA_TSTRING && dates_parse(lua_tostring(L, 1), &day) == 0);
    return 1;
}

static const lb_func date_funcs[] = {
    {"today", date_today},
    {"range", date_range},
    {"week", date_week},
    {"add", date_add},
    {"diff", date_diff},
    {"days", date_days},
    {"weekday", date_weekday},
    {"weekday_name", date_weekday_name},
    {"chinese", date_chinese},
    {"valid", date_valid},
    {NULL, NULL},
};

int lb_open_date(lua_State *L)
{
    lb_module_new(L, "date", date_funcs);                   /* date */
    return 1;
}
