/* SPDX-License-Identifier: GPL-3.0-or-later */
/* profile.c — ingest profiles (contract in profile.h): a profile file is
 * evaluated once in a sandbox to read its declarations into C, then, for
 * each text that uses it, again in a fresh sandbox when a pattern needs
 * Lua or the profile has a hook. Patterns without magic characters
 * ("中工网", "^责任编辑", "^分享到$") are matched in C, the others with the
 * string library's find, taken before the profile's own code ran. Every
 * Lua call runs under lua_pcall (running out of memory is an error, never
 * a panic) and reads the profile's tables with raw access only, so that no
 * metamethod of the profile runs outside its limits. */
#include "script/profile.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>

#include "script/sandbox.h"
#include "util/sbuf.h"
#include "util/text.h"
#include "util/utf8.h"
#include "util/vec.h"

#define SUBJECT "profile"
#define REFUSAL "is not allowed in an ingest profile"
#define LOAD_MEMORY_BYTES ((size_t)16 << 20)
#define LOAD_TIMEOUT_S 2.0
#define MAX_FILE_BYTES (1u << 20)
#define MAX_RULES 256             /* distinct rule names a hook may make */
#define GUARD_GRACE_S 2.0
#define FIND_KEY "brief.profile.find"
#define TABLE_KEY "brief.profile.table"

enum { PAT_PLAIN, PAT_PREFIX, PAT_SUFFIX, PAT_EXACT, PAT_LUA };

typedef struct pattern {
    char *text;                   /* as written */
    size_t len;
    char *lit;                    /* the literal of the plain kinds ("%." unescaped), owned */
    size_t litlen;
    int kind;
    int role;                     /* the role it gives, or -1 (a date or match pattern) */
    const char *rule;             /* the rule name it gives ("NAME:furniture[2]"), in rules */
    char where[48];               /* "furniture[2]", for messages */
} pattern;

typedef struct date_set {
    size_t line, off, len;
} date_set;

struct profile {
    char *path, *name, *source, *region, *description;
    size_t source_len;
    sbuf chunk;                   /* the source compiled once (lua_dump, with its line numbers) */
    pattern *match, *roles, *dates;
    size_t nmatch, nroles, ndates, capmatch, caproles, capdates;
    ingest_label *labels;
    size_t nlabels, caplabels;
    char **alias_short, **alias_full;
    size_t naliases, capalias_short, capalias_full;
    char **rules;                 /* interned rule names (hook's and patterns'), owned */
    size_t nrules, caprules, decl_rules;   /* decl_rules: those of the declarations */
    int has_hook, needs_lua, oom;
    ingest_profile ip;
    profile_guard guard;
    /* one parse */
    sandbox *sb;
    lua_State *L;
    sbuf dates_text;
    date_set *dset;
    size_t ndset, capdset;
    const pattern *current;       /* the pattern being tried, for messages */
};

struct profile_set {
    profile **v;
    size_t n, cap;
    sandbox *sb;                  /* for the match patterns that need Lua */
    ingest_chooser chooser;
};

const char *profile_name(const profile *p) { return p->name; }
const char *profile_path(const profile *p) { return p->path; }
const char *profile_region(const profile *p) { return p->region; }
const char *profile_description(const profile *p) { return p->description; }
size_t profile_alias_count(const profile *p) { return p->naliases; }

void profile_alias(const profile *p, size_t i, const char **shortname, const char **full)
{
    *shortname = i < p->naliases ? p->alias_short[i] : NULL;
    *full = i < p->naliases ? p->alias_full[i] : NULL;
}

const ingest_profile *profile_ingest(profile *p) { return &p->ip; }

/* ---- rule names -------------------------------------------------------------- */

/* "NAME:what", interned: the same string for the same name, alive as long
 * as the profile; past MAX_RULES names a hook made (hook set), "NAME:hook".
 * NULL out of memory. */
static const char *intern(profile *p, const char *what, size_t len, int hook)
{
    size_t nl = strlen(p->name), i;
    for (i = 0; i < p->nrules; i++) {
        const char *r = p->rules[i];
        if (strncmp(r, p->name, nl) == 0 && r[nl] == ':' && strlen(r + nl + 1) == len &&
            memcmp(r + nl + 1, what, len) == 0)
            return r;
    }
    if (hook && p->nrules >= p->decl_rules + MAX_RULES && !(len == 4 && memcmp(what, "hook", 4) == 0))
        return intern(p, "hook", 4, 0);
    if (VEC_RESERVE(p->rules, p->caprules, p->nrules + 1) != 0) return NULL;
    char *r = malloc(nl + len + 2);
    if (!r) return NULL;
    memcpy(r, p->name, nl);
    r[nl] = ':';
    memcpy(r + nl + 1, what, len);
    r[nl + len + 1] = '\0';
    p->rules[p->nrules++] = r;
    return r;
}

/* ---- patterns ----------------------------------------------------------------- */

static int is_magic(char c)
{
    return c && strchr("^$*+?.([%-)]", c) != NULL;
}

/* Classifies a pattern: a literal (punctuation escaped with % allowed:
 * "www%.workercn%.cn") with at most a ^ before and a $ after is matched in
 * C. -1 out of memory. */
static int classify(pattern *pt)
{
    const char *s = pt->text;
    size_t len = pt->len, b = 0, e = len, i, n = 0;
    int anchored = 0, ended = 0;
    if (len && s[0] == '^') { anchored = 1; b = 1; }
    if (e > b && s[e - 1] == '$') {
        size_t pct = 0;                       /* "%$" is a literal $, "%%$" an anchor */
        for (i = e - 1; i > b && s[i - 1] == '%'; i--) pct++;
        if (pct % 2 == 0) { ended = 1; e--; }
    }
    pt->kind = PAT_LUA;
    for (i = b; i < e; i++) {
        if (s[i] == '%') {
            unsigned char c = i + 1 < e ? (unsigned char)s[i + 1] : 0;
            int alnum = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
            if (!c || alnum)
                return 0;                     /* a class (%d, %s) or a back reference */
            i++;
        } else if (is_magic(s[i])) {
            return 0;
        }
    }
    if (!(pt->lit = malloc(e - b + 1))) return -1;
    for (i = b; i < e; i++) {
        if (s[i] == '%') i++;
        pt->lit[n++] = s[i];
    }
    pt->lit[n] = '\0';
    pt->litlen = n;
    pt->kind = anchored && ended ? PAT_EXACT : anchored ? PAT_PREFIX : ended ? PAT_SUFFIX : PAT_PLAIN;
    return 0;
}

/* Where a plain pattern finds s[0..len): the byte offset, or -1. */
static long find_plain(const pattern *pt, const char *s, size_t len)
{
    if (pt->litlen > len) return -1;
    switch (pt->kind) {
    case PAT_EXACT: return pt->litlen == len && memcmp(s, pt->lit, len) == 0 ? 0 : -1;
    case PAT_PREFIX: return memcmp(s, pt->lit, pt->litlen) == 0 ? 0 : -1;
    case PAT_SUFFIX: return memcmp(s + len - pt->litlen, pt->lit, pt->litlen) == 0 ? (long)(len - pt->litlen) : -1;
    default: {
        if (pt->litlen == 0) return 0;
        const char *at = memmem(s, len, pt->lit, pt->litlen);
        return at ? (long)(at - s) : -1;
    }
    }
}

/* Runs the string library's find (registry FIND_KEY) of pattern pt on
 * s[0..len), in a function running under lua_pcall: 1 and *start, and the
 * first capture in *cap and *caplen (NULL without one; alive while it stays on
 * the stack: the caller pops 3 values), or 0 (nothing pushed). */
static int find_lua(lua_State *L, profile *p, const pattern *pt, const char *s, size_t len, long *start,
                    const char **cap, size_t *caplen)
{
    p->current = pt;
    lua_getfield(L, LUA_REGISTRYINDEX, FIND_KEY);          /* find */
    lua_pushlstring(L, s, len);                            /* find s */
    lua_pushlstring(L, pt->text, pt->len);                 /* find s pat */
    lua_call(L, 2, 3);                                     /* i j cap | nil nil nil */
    p->current = NULL;
    if (lua_isnil(L, -3)) {
        lua_pop(L, 3);
        return 0;
    }
    *start = (long)lua_tointeger(L, -3) - 1;
    *cap = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, caplen) : NULL;
    if (!*cap) *caplen = 0;
    return 1;
}

/* ---- the per-parse sandbox ---------------------------------------------------- */

static double timeout_for(size_t text_bytes)
{
    return PROFILE_TIMEOUT_S + PROFILE_TIMEOUT_PER_MB * (double)text_bytes / 1e6;
}

/* Arms the guard for a run of at most seconds. */
static void arm(profile *p, double seconds)
{
    char msg[600];
    if (!p->guard.arm) return;
    snprintf(msg, sizeof msg, "profile %s is stuck in one library call (a pattern that backtracks without end?)",
             p->path);
    p->guard.arm(seconds + GUARD_GRACE_S, msg);
}

static void disarm(profile *p)
{
    if (p->guard.disarm) p->guard.disarm();
}

static int dump_writer(lua_State *L, const void *b, size_t size, void *ud)
{
    sbuf *out = ud;
    (void)L;
    sbuf_append(out, b, size);
    return sbuf_failed(out) ? 1 : 0;
}

/* Opens the libraries, keeps string.find, evaluates the profile and keeps
 * the table it returns (lua_CFunction under lua_pcall). The first time the
 * source is compiled and the compiled chunk kept: each file's run loads
 * that (half the cost of a run), never bytes from elsewhere. */
static int setup(lua_State *L)
{
    profile *p = lua_touserdata(L, 1);
    sandbox_open_libs(L);
    lua_getglobal(L, "string");                            /* string */
    lua_getfield(L, -1, "find");                           /* string find */
    lua_setfield(L, LUA_REGISTRYINDEX, FIND_KEY);          /* string */
    lua_pop(L, 1);
    /* "t": text only, a precompiled chunk could break the VM's invariants. */
    char chunk[600];
    snprintf(chunk, sizeof chunk, "@%s", p->path);
    if (p->chunk.len) {
        if (luaL_loadbufferx(L, p->chunk.data, p->chunk.len, chunk, "b") != LUA_OK) return lua_error(L);
    } else if (luaL_loadbufferx(L, p->source, p->source_len, chunk, "t") != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        size_t pl = strlen(p->path);
        if (msg && !(strncmp(msg, p->path, pl) == 0 && msg[pl] == ':'))   /* "attempt to load a binary chunk" */
            lua_pushfstring(L, "%s: %s", p->path, msg);
        return lua_error(L);
    } else if (lua_dump(L, dump_writer, &p->chunk, 0) != 0) {
        sbuf_clear(&p->chunk);
        return luaL_error(L, "%s: out of memory", p->path);
    }
    lua_call(L, 0, 1);                                     /* result */
    if (lua_type(L, -1) != LUA_TTABLE)
        return luaL_error(L, "%s: a profile returns a table of declarations, not %s", p->path,
                          luaL_typename(L, -1));
    lua_setfield(L, LUA_REGISTRYINDEX, TABLE_KEY);
    return 0;
}

/* The message of a failed call: the sandbox's when a limit stopped it,
 * else the error (which names the file and line when Lua raised it). */
static void failure(profile *p, sandbox *sb, lua_State *L, int rc, char *err, size_t errlen)
{
    int why = sb ? sandbox_stopped(sb) : SANDBOX_RUNNING;
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    char limit[128];
    if (!errlen) return;
    if (why != SANDBOX_RUNNING) {
        sandbox_message(sb, why, limit, sizeof limit);
        snprintf(err, errlen, "%s: %s", p->path, limit);
    } else if (rc == LUA_ERRMEM) {
        snprintf(err, errlen, "%s: profile ran out of memory", p->path);
    } else if (p->current) {
        snprintf(err, errlen, "%s: %s '%s': %s", p->path, p->current->where, p->current->text,
                 msg ? msg : "error");
    } else if (msg) {
        sbuf b = SBUF_INIT;
        text_append_printable(&b, msg, strlen(msg));
        snprintf(err, errlen, "%s", b.data ? b.data : "error");
        sbuf_free(&b);
    } else {
        snprintf(err, errlen, "%s: the profile raised an error that is not a string", p->path);
    }
    p->current = NULL;
}

static void state_end(profile *p)
{
    sandbox_destroy(p->sb);
    p->sb = NULL;
    p->L = NULL;
}

/* A fresh sandbox for this parse, with the profile evaluated in it, unless
 * there is one already. text_bytes sets the memory budget. */
static int state_begin(profile *p, size_t text_bytes, char *err, size_t errlen)
{
    if (p->sb) return 0;
    sandbox_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.subject = SUBJECT;
    lim.refusal = REFUSAL;
    lim.memory_bytes = PROFILE_MEMORY_BYTES + PROFILE_MEMORY_PER_BYTE * text_bytes;
    lim.timeout_s = timeout_for(text_bytes);
    lim.instructions = PROFILE_INSTRUCTIONS + PROFILE_INSTRUCTIONS_PER_BYTE * (long long)text_bytes;
    p->sb = sandbox_create(&lim, p);
    if (!p->sb) {
        if (errlen) snprintf(err, errlen, "%s: out of memory", p->path);
        return -1;
    }
    p->L = sandbox_state(p->sb);
    lua_pushcfunction(p->L, setup);
    lua_pushlightuserdata(p->L, p);
    int rc = lua_pcall(p->L, 1, 0, 0);
    if (rc != LUA_OK) {
        failure(p, p->sb, p->L, rc, err, errlen);
        state_end(p);
        return -1;
    }
    return 0;
}

/* ---- the callbacks ------------------------------------------------------------- */

typedef struct call {
    profile *p;
    ingest_line_role *lines;
    size_t count;
    int oom;
} call;

/* Records a date text for line i (copied: the parser reads it after the
 * callback). */
static void add_date(call *c, size_t i, const char *s, size_t len)
{
    profile *p = c->p;
    if (len > PROFILE_DATE_MAX) len = PROFILE_DATE_MAX;   /* a date is near its start */
    if (VEC_RESERVE(p->dset, p->capdset, p->ndset + 1) != 0) { c->oom = 1; return; }
    p->dset[p->ndset].line = i;
    p->dset[p->ndset].off = p->dates_text.len;
    p->dset[p->ndset].len = len;
    p->ndset++;
    sbuf_append(&p->dates_text, s, len);
    if (sbuf_failed(&p->dates_text)) c->oom = 1;
}

static void dates_begin(profile *p)
{
    sbuf_clear(&p->dates_text);
    p->ndset = 0;
}

/* Points the lines at their dates once every text is copied. */
static void dates_finish(call *c)
{
    profile *p = c->p;
    for (size_t k = 0; k < p->ndset; k++) {
        c->lines[p->dset[k].line].date = p->dates_text.data + p->dset[k].off;
        c->lines[p->dset[k].line].date_len = p->dset[k].len;
    }
}

/* Tries pattern pt on a line: 1 and *start (*cap, *caplen the first
 * capture or NULL), or 0. Pops what find_lua pushed. Lua patterns only
 * when L is set. */
static int try_pattern(lua_State *L, profile *p, const pattern *pt, const char *s, size_t len, long *start,
                       sbuf *cap)
{
    if (pt->kind != PAT_LUA) {
        *start = find_plain(pt, s, len);
        return *start >= 0;
    }
    const char *c;
    size_t cl;
    if (!find_lua(L, p, pt, s, len, start, &c, &cl)) return 0;
    if (cap && c) {
        sbuf_clear(cap);
        sbuf_append(cap, c, cl);
    }
    lua_pop(L, 3);
    return 1;
}

/* The declared patterns on every line (lua_CFunction under lua_pcall, or
 * called directly when no pattern needs Lua: L NULL). */
static int apply_patterns(lua_State *L, call *c)
{
    profile *p = c->p;
    sbuf cap = SBUF_INIT;
    for (size_t i = 0; i < c->count && !c->oom; i++) {
        ingest_line_role *l = &c->lines[i];
        long start;
        size_t k;
        if (l->role == INGEST_ROLE_BLANK || !l->len) continue;
        if (L && (i & 63) == 0 && sandbox_over_time(p->sb)) luaL_error(L, "time");
        for (k = 0; k < p->nroles; k++)
            if (try_pattern(L, p, &p->roles[k], l->text, l->len, &start, NULL)) {
                l->role = p->roles[k].role;
                l->rule = p->roles[k].rule;
                break;
            }
        for (k = 0; k < p->ndates; k++) {
            sbuf_clear(&cap);
            if (!try_pattern(L, p, &p->dates[k], l->text, l->len, &start, &cap)) continue;
            if (cap.len) add_date(c, i, cap.data, cap.len);
            else add_date(c, i, l->text + start, l->len - (size_t)start);
            break;
        }
    }
    if (sbuf_failed(&cap)) c->oom = 1;
    sbuf_free(&cap);
    return 0;
}

static int apply_patterns_lua(lua_State *L)
{
    return apply_patterns(L, lua_touserdata(L, 1));
}

static size_t text_bytes(const ingest_line_role *lines, size_t count)
{
    size_t n = 0;
    for (size_t i = 0; i < count; i++) n += lines[i].len + 1;
    return n;
}

/* Runs fn(c) in this parse's sandbox under the guard, then points the
 * lines at their dates. 0, or -1 with the message in err. */
static int run_call(call *c, lua_CFunction fn, char *err, size_t errlen)
{
    profile *p = c->p;
    int rc = LUA_OK;
    if (fn) {
        size_t bytes = text_bytes(c->lines, c->count);
        arm(p, timeout_for(bytes));
        if (state_begin(p, bytes, err, errlen) != 0) {
            disarm(p);
            return -1;
        }
        lua_pushcfunction(p->L, fn);
        lua_pushlightuserdata(p->L, c);
        rc = lua_pcall(p->L, 1, 0, 0);
        disarm(p);
        if (rc != LUA_OK) {
            failure(p, p->sb, p->L, rc, err, errlen);
            lua_settop(p->L, 0);
            return -1;
        }
    }
    if (c->oom) {
        if (errlen) snprintf(err, errlen, "out of memory");
        return -1;
    }
    dates_finish(c);
    return 0;
}

static int cb_lines(void *ctx, ingest_line_role *lines, size_t count, char *err, size_t errlen)
{
    profile *p = ctx;
    call c = {p, lines, count, 0};
    dates_begin(p);
    if (!p->needs_lua) apply_patterns(NULL, &c);   /* plain patterns: no Lua at all */
    return run_call(&c, p->needs_lua ? apply_patterns_lua : NULL, err, errlen);
}

/* Calls the hook with the lines and reads back what it set (lua_CFunction
 * under lua_pcall). */
static int run_hook(lua_State *L)
{
    call *c = lua_touserdata(L, 1);
    profile *p = c->p;
    size_t i;
    lua_getfield(L, LUA_REGISTRYINDEX, TABLE_KEY);         /* t */
    lua_pushliteral(L, "hook");
    lua_rawget(L, -2);                                     /* t hook */
    if (lua_type(L, -1) != LUA_TFUNCTION)
        return luaL_error(L, "%s: hook is a function(lines), not %s", p->path, luaL_typename(L, -1));
    lua_createtable(L, c->count > INT32_MAX ? INT32_MAX : (int)c->count, 0);   /* t hook lines */
    for (i = 0; i < c->count; i++) {
        const ingest_line_role *l = &c->lines[i];
        lua_createtable(L, 0, 4);
        lua_pushlstring(L, l->text, l->len);
        lua_setfield(L, -2, "text");
        lua_pushinteger(L, (lua_Integer)l->lineno);
        lua_setfield(L, -2, "line");
        lua_pushstring(L, ingest_role_name(l->role));
        lua_setfield(L, -2, "role");
        lua_pushstring(L, l->rule ? l->rule : "");
        lua_setfield(L, -2, "rule");
        lua_rawseti(L, -2, (lua_Integer)(i + 1));
    }
    lua_pushvalue(L, -1);                                  /* t hook lines lines */
    lua_insert(L, -3);                                     /* t lines hook lines */
    lua_call(L, 1, 0);                                     /* t lines */
    int lines = lua_gettop(L);
    for (i = 0; i < c->count && !c->oom; i++) {
        ingest_line_role *l = &c->lines[i];
        if (lua_rawgeti(L, lines, (lua_Integer)(i + 1)) != LUA_TTABLE)
            return luaL_error(L, "%s: hook: lines[%d] (line %d of the text) is no longer a table", p->path,
                              (int)(i + 1), (int)l->lineno);
        int line = lua_gettop(L);
        lua_pushliteral(L, "role");
        lua_rawget(L, line);
        lua_pushliteral(L, "rule");
        lua_rawget(L, line);
        lua_pushliteral(L, "date");
        lua_rawget(L, line);                               /* line role rule date */
        const char *role = lua_type(L, -3) == LUA_TSTRING ? lua_tostring(L, -3) : NULL;
        int r = ingest_role_from_name(role);
        if (r < 0) {
            sbuf known = SBUF_INIT;
            for (int k = 1; k < INGEST_ROLE_COUNT; k++) sbuf_printf(&known, "%s%s", k > 1 ? ", " : "", ingest_role_name(k));
            lua_pushfstring(L, "%s: hook: line %d of the text: role '%s' is not one of %s", p->path, (int)l->lineno,
                            role ? role : luaL_typename(L, -3), known.data ? known.data : "");
            sbuf_free(&known);
            return lua_error(L);
        }
        if (r == INGEST_ROLE_BLANK && l->role != INGEST_ROLE_BLANK)
            return luaL_error(L, "%s: hook: line %d of the text: a line with text cannot be blank (use furniture)",
                              p->path, (int)l->lineno);
        if (r != l->role) {
            size_t rl = 0;
            const char *rule = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &rl) : NULL;
            if (!rule || (l->rule && strlen(l->rule) == rl && memcmp(l->rule, rule, rl) == 0) || rl == 0) {
                rule = "hook";
                rl = 4;
            }
            if (rl > PROFILE_RULE_MAX)
                return luaL_error(L, "%s: hook: line %d of the text: a rule name has at most %d bytes", p->path,
                                  (int)l->lineno, PROFILE_RULE_MAX);
            l->role = r;
            l->rule = intern(p, rule, rl, 1);
            if (!l->rule) c->oom = 1;
        }
        if (lua_type(L, -1) == LUA_TSTRING) {
            size_t dl;
            const char *d = lua_tolstring(L, -1, &dl);
            add_date(c, i, d, dl);
        } else if (!lua_isnil(L, -1)) {
            return luaL_error(L, "%s: hook: line %d of the text: date is a string, not %s", p->path,
                              (int)l->lineno, luaL_typename(L, -1));
        }
        lua_settop(L, lines);
    }
    return 0;
}

static int cb_hook(void *ctx, ingest_line_role *lines, size_t count, char *err, size_t errlen)
{
    profile *p = ctx;
    call c = {p, lines, count, 0};
    dates_begin(p);
    return run_call(&c, run_hook, err, errlen);
}

static void cb_end(void *ctx)
{
    profile *p = ctx;
    state_end(p);
    dates_begin(p);
}

/* ---- loading ------------------------------------------------------------------- */

static const char *const fields[] = {"match", "furniture", "captions", "roles", "dates", "labels", "title",
                                     "region", "aliases", "hook", "description", NULL};

typedef struct loader {
    profile *p;
    sandbox *sb;
} loader;

static char *dupn(profile *p, const char *s, size_t len)
{
    char *d = malloc(len + 1);
    if (!d) { p->oom = 1; return NULL; }
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

/* Lua patterns work on bytes: a [set] holding a Chinese character, or a
 * quantifier after one, matches a single byte of it, never what was
 * meant. Raises an error naming the pattern (under lua_pcall). */
static void check_bytes(lua_State *L, const profile *p, const pattern *pt)
{
    const unsigned char *s = (const unsigned char *)pt->text;
    size_t i, n = pt->len;
    for (i = 0; i < n; i++) {
        if (s[i] == '%') { i++; continue; }
        if (s[i] == '[') {
            size_t k = i + 1;
            if (k < n && s[k] == '^') k++;
            if (k < n && s[k] == ']') k++;          /* a ']' first is part of the set */
            for (; k < n && s[k] != ']'; k++) {
                if (s[k] == '%') { k++; continue; }
                if (s[k] >= 0x80)
                    luaL_error(L, "%s: %s '%s': a [set] matches one byte, not a Chinese character: write one "
                               "pattern for each character instead", p->path, pt->where, pt->text);
            }
            i = k;
            continue;
        }
        if (s[i] >= 0x80 && i + 1 < n && (s[i + 1] & 0xC0) != 0x80 && strchr("*+-?", s[i + 1]))
            luaL_error(L, "%s: %s '%s': '%c' after a Chinese character repeats its last byte only: write "
                       "the pattern with and without the character instead", p->path, pt->where, pt->text,
                       s[i + 1]);
    }
}

/* Adds a pattern (the string on top of L) to list. */
static pattern *add_pattern(lua_State *L, profile *p, pattern **list, size_t *n, size_t *cap, const char *field,
                            size_t index, int role, const char *rule_what)
{
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (VEC_RESERVE(*list, *cap, *n + 1) != 0) { p->oom = 1; return NULL; }
    pattern *pt = &(*list)[*n];
    memset(pt, 0, sizeof *pt);
    if (!(pt->text = dupn(p, s, len))) return NULL;
    (*n)++;
    pt->len = len;
    pt->role = role;
    if (index) snprintf(pt->where, sizeof pt->where, "%s[%zu]", field, index);
    else snprintf(pt->where, sizeof pt->where, "%s", field);
    if (classify(pt) != 0) { p->oom = 1; return NULL; }
    if (pt->kind == PAT_LUA) check_bytes(L, p, pt);
    if (pt->kind == PAT_LUA) p->needs_lua |= role >= 0 || strcmp(field, "dates") == 0;
    if (rule_what) {
        char what[64];
        snprintf(what, sizeof what, "%s", pt->where);
        if (!(pt->rule = intern(p, what, strlen(what), 0))) p->oom = 1;
    }
    /* A malformed pattern is found where matching reaches it; trying it on
     * the empty string and on itself finds most. */
    if (pt->kind == PAT_LUA) {
        lua_getfield(L, LUA_REGISTRYINDEX, FIND_KEY);
        lua_pushliteral(L, "");
        lua_pushvalue(L, -3);
        p->current = pt;
        lua_call(L, 2, 0);
        lua_getfield(L, LUA_REGISTRYINDEX, FIND_KEY);
        lua_pushvalue(L, -2);
        lua_pushvalue(L, -3);
        lua_call(L, 2, 0);
        p->current = NULL;
    }
    return pt;
}

/* A field that is a pattern or a list of patterns (the value at index v). */
static void read_patterns(lua_State *L, profile *p, int v, const char *field, pattern **list, size_t *n,
                          size_t *cap, int role)
{
    const char *rule = role >= 0 ? field : NULL;
    if (lua_type(L, v) == LUA_TSTRING) {
        lua_pushvalue(L, v);
        add_pattern(L, p, list, n, cap, field, 1, role, rule);
        lua_pop(L, 1);
        return;
    }
    if (lua_type(L, v) != LUA_TTABLE)
        luaL_error(L, "%s: %s is a pattern or a list of patterns, not %s", p->path, field, luaL_typename(L, v));
    size_t len = (size_t)lua_rawlen(L, v);
    for (size_t i = 1; i <= len && !p->oom; i++) {
        if (lua_rawgeti(L, v, (lua_Integer)i) != LUA_TSTRING)
            luaL_error(L, "%s: %s[%d] is a pattern (a string), not %s", p->path, field, (int)i,
                       luaL_typename(L, -1));
        add_pattern(L, p, list, n, cap, field, i, role, rule);
        lua_pop(L, 1);
    }
}

static void read_roles(lua_State *L, profile *p, int v)
{
    if (lua_type(L, v) != LUA_TTABLE)
        luaL_error(L, "%s: roles is a list of {pattern = P, role = R}, not %s", p->path, luaL_typename(L, v));
    size_t len = (size_t)lua_rawlen(L, v);
    for (size_t i = 1; i <= len && !p->oom; i++) {
        if (lua_rawgeti(L, v, (lua_Integer)i) != LUA_TTABLE)
            luaL_error(L, "%s: roles[%d] is {pattern = P, role = R}, not %s", p->path, (int)i, luaL_typename(L, -1));
        int t = lua_gettop(L);
        lua_pushliteral(L, "role");
        lua_rawget(L, t);
        const char *role = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int r = ingest_role_from_name(role);
        if (r <= INGEST_ROLE_BLANK) {
            sbuf known = SBUF_INIT;
            for (int k = 1; k < INGEST_ROLE_COUNT; k++) sbuf_printf(&known, "%s%s", k > 1 ? ", " : "", ingest_role_name(k));
            lua_pushfstring(L, "%s: roles[%d].role '%s' is not one of %s", p->path, (int)i,
                            role ? role : luaL_typename(L, -1), known.data ? known.data : "");
            sbuf_free(&known);
            lua_error(L);
        }
        lua_pushliteral(L, "pattern");
        lua_rawget(L, t);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: roles[%d].pattern is a string, not %s", p->path, (int)i, luaL_typename(L, -1));
        char what[32];
        snprintf(what, sizeof what, "roles[%zu]", i);
        add_pattern(L, p, &p->roles, &p->nroles, &p->caproles, "roles", i, r, what);
        lua_settop(L, t - 1);
    }
}

static void read_labels(lua_State *L, profile *p, int v)
{
    static const struct { const char *name; ingest_field field; } meanings[] = {
        {"date", INGEST_FIELD_DATE}, {"stamp", INGEST_FIELD_STAMP}, {"source", INGEST_FIELD_SOURCE},
        {"author", INGEST_FIELD_AUTHOR}, {"editor", INGEST_FIELD_EDITOR}, {"url", INGEST_FIELD_URL},
        {"ignore", INGEST_FIELD_IGNORE}};
    if (lua_type(L, v) != LUA_TTABLE)
        luaL_error(L, "%s: labels is a table {[\"LABEL\"] = \"date\", ...}, not %s", p->path, luaL_typename(L, v));
    lua_pushnil(L);
    while (lua_next(L, v) != 0 && !p->oom) {
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: labels maps a label (a string) to what it means (a string)", p->path);
        const char *what = lua_tostring(L, -1);
        size_t k, n = sizeof meanings / sizeof meanings[0];
        for (k = 0; k < n && strcmp(what, meanings[k].name) != 0; k++) {}
        if (k == n)
            luaL_error(L, "%s: labels[\"%s\"] = '%s': a label means date, stamp, source, author, editor, url or "
                       "ignore", p->path, lua_tostring(L, -2), what);
        size_t ll;
        const char *label = lua_tolstring(L, -2, &ll);
        if (ll == 0 || ll > 60) luaL_error(L, "%s: labels: a label has 1 to 60 bytes", p->path);
        if (VEC_RESERVE(p->labels, p->caplabels, p->nlabels + 1) != 0) { p->oom = 1; break; }
        char *copy = dupn(p, label, ll);
        if (!copy) break;
        p->labels[p->nlabels].label = copy;
        p->labels[p->nlabels].field = meanings[k].field;
        p->nlabels++;
        lua_pop(L, 1);
    }
}

static void read_aliases(lua_State *L, profile *p, int v)
{
    if (lua_type(L, v) != LUA_TTABLE)
        luaL_error(L, "%s: aliases is a table {[\"SHORT\"] = \"FULL NAME\"}, not %s", p->path, luaL_typename(L, v));
    lua_pushnil(L);
    while (lua_next(L, v) != 0 && !p->oom) {
        size_t sl, fl;
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: aliases maps a short name (a string) to a full name (a string)", p->path);
        const char *s = lua_tolstring(L, -2, &sl), *f = lua_tolstring(L, -1, &fl);
        if (!sl || !fl) luaL_error(L, "%s: aliases: an empty name", p->path);
        if (VEC_RESERVE(p->alias_short, p->capalias_short, p->naliases + 1) != 0 ||
            VEC_RESERVE(p->alias_full, p->capalias_full, p->naliases + 1) != 0) {
            p->oom = 1;
            break;
        }
        char *a = dupn(p, s, sl), *b = a ? dupn(p, f, fl) : NULL;
        if (!b) { free(a); break; }
        p->alias_short[p->naliases] = a;
        p->alias_full[p->naliases] = b;
        p->naliases++;
        lua_pop(L, 1);
    }
}

static void read_string(lua_State *L, profile *p, int v, const char *field, char **out)
{
    size_t len;
    if (lua_type(L, v) != LUA_TSTRING)
        luaL_error(L, "%s: %s is a string, not %s", p->path, field, luaL_typename(L, v));
    const char *s = lua_tolstring(L, v, &len);
    *out = dupn(p, s, len);
}

/* Reads the declarations of the table in the registry (lua_CFunction under
 * lua_pcall). */
static int read_decls(lua_State *L)
{
    profile *p = lua_touserdata(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, TABLE_KEY);
    int t = lua_gettop(L);
    /* every key known */
    lua_pushnil(L);
    while (lua_next(L, t) != 0) {
        const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        int ok = 0;
        for (const char *const *f = fields; key && *f && !ok; f++) ok = strcmp(*f, key) == 0;
        if (!ok) {
            const char *near = key ? text_nearest(key, fields) : NULL;
            sbuf known = SBUF_INIT;
            for (const char *const *f = fields; *f; f++) sbuf_printf(&known, "%s%s", f == fields ? "" : ", ", *f);
            if (key)
                lua_pushfstring(L, "%s: unknown field '%s'%s%s%s (known: %s)", p->path, key,
                                near ? ", did you mean '" : "", near ? near : "", near ? "'?" : "",
                                known.data ? known.data : "");
            else
                lua_pushfstring(L, "%s: the table has a %s key; a profile's fields are named (known: %s)", p->path,
                                luaL_typename(L, -2), known.data ? known.data : "");
            sbuf_free(&known);
            return lua_error(L);
        }
        lua_pop(L, 1);
    }
    for (const char *const *f = fields; *f && !p->oom; f++) {
        lua_pushstring(L, *f);
        if (lua_rawget(L, t) == LUA_TNIL) {
            lua_pop(L, 1);
            continue;
        }
        int v = lua_gettop(L);
        const char *k = *f;
        if (strcmp(k, "match") == 0) read_patterns(L, p, v, k, &p->match, &p->nmatch, &p->capmatch, -1);
        else if (strcmp(k, "furniture") == 0)
            read_patterns(L, p, v, k, &p->roles, &p->nroles, &p->caproles, INGEST_ROLE_FURNITURE);
        else if (strcmp(k, "captions") == 0)
            read_patterns(L, p, v, k, &p->roles, &p->nroles, &p->caproles, INGEST_ROLE_CAPTION);
        else if (strcmp(k, "roles") == 0) read_roles(L, p, v);
        else if (strcmp(k, "dates") == 0) read_patterns(L, p, v, k, &p->dates, &p->ndates, &p->capdates, -1);
        else if (strcmp(k, "labels") == 0) read_labels(L, p, v);
        else if (strcmp(k, "aliases") == 0) read_aliases(L, p, v);
        else if (strcmp(k, "region") == 0) read_string(L, p, v, k, &p->region);
        else if (strcmp(k, "description") == 0) read_string(L, p, v, k, &p->description);
        else if (strcmp(k, "title") == 0) {
            const char *s = lua_type(L, v) == LUA_TSTRING ? lua_tostring(L, v) : "";
            if (strcmp(s, "first") == 0) p->ip.title_first = 1;
            else if (strcmp(s, "auto") != 0)
                return luaL_error(L, "%s: title is \"first\" or \"auto\", not %s%s%s", p->path,
                                  lua_type(L, v) == LUA_TSTRING ? "'" : "",
                                  lua_type(L, v) == LUA_TSTRING ? s : luaL_typename(L, v),
                                  lua_type(L, v) == LUA_TSTRING ? "'" : "");
        } else if (strcmp(k, "hook") == 0) {
            if (lua_type(L, v) != LUA_TFUNCTION)
                return luaL_error(L, "%s: hook is a function(lines), not %s", p->path, luaL_typename(L, v));
            p->has_hook = 1;
        }
        lua_settop(L, t);
    }
    return 0;
}

static int read_file(profile *p, char *err, size_t errlen)
{
    FILE *f = fopen(p->path, "rb");
    if (!f) {
        if (errlen) snprintf(err, errlen, "%s: %s", p->path, strerror(errno));
        return -1;
    }
    sbuf b = SBUF_INIT;
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && b.len <= MAX_FILE_BYTES) sbuf_append(&b, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad || sbuf_failed(&b) || b.len > MAX_FILE_BYTES) {
        if (errlen)
            snprintf(err, errlen, "%s: %s", p->path,
                     bad ? "cannot be read" : b.len > MAX_FILE_BYTES ? "too large for a profile (over 1 MB)" : "out of memory");
        sbuf_free(&b);
        return -1;
    }
    p->source = b.data ? b.data : strdup("");
    p->source_len = b.len;
    return p->source ? 0 : -1;
}

profile *profile_load(const char *path, const profile_guard *guard, char *err, size_t errlen)
{
    profile *p = calloc(1, sizeof *p);
    if (!p || !(p->path = strdup(path))) {
        free(p);
        if (errlen) snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (guard) p->guard = *guard;
    p->dates_text = (sbuf)SBUF_INIT;
    p->chunk = (sbuf)SBUF_INIT;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t bl = strlen(base);
    if (bl > 4 && strcmp(base + bl - 4, ".lua") == 0) bl -= 4;
    if (!(p->name = strndup(base, bl))) goto nomem;
    if (read_file(p, err, errlen) != 0) {
        profile_destroy(p);
        return NULL;
    }
    p->ip.name = p->name;
    p->ip.ctx = p;
    p->ip.end = cb_end;

    sandbox_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.subject = SUBJECT;
    lim.refusal = REFUSAL;
    lim.memory_bytes = LOAD_MEMORY_BYTES;
    lim.timeout_s = LOAD_TIMEOUT_S;
    lim.instructions = PROFILE_INSTRUCTIONS;
    arm(p, LOAD_TIMEOUT_S);
    p->sb = sandbox_create(&lim, p);
    if (!p->sb) {
        disarm(p);
        goto nomem;
    }
    p->L = sandbox_state(p->sb);
    lua_pushcfunction(p->L, setup);
    lua_pushlightuserdata(p->L, p);
    int rc = lua_pcall(p->L, 1, 0, 0);
    if (rc == LUA_OK) {
        lua_pushcfunction(p->L, read_decls);
        lua_pushlightuserdata(p->L, p);
        rc = lua_pcall(p->L, 1, 0, 0);
    }
    disarm(p);
    if (rc != LUA_OK || p->oom) {
        if (p->oom && errlen) snprintf(err, errlen, "%s: out of memory", path);
        else failure(p, p->sb, p->L, rc, err, errlen);
        profile_destroy(p);
        return NULL;
    }
    state_end(p);
    p->decl_rules = p->nrules;
    p->ip.labels = p->labels;
    p->ip.label_count = p->nlabels;
    p->ip.lines = p->nroles || p->ndates ? cb_lines : NULL;
    p->ip.hook = p->has_hook ? cb_hook : NULL;
    return p;
nomem:
    if (errlen) snprintf(err, errlen, "%s: out of memory", path);
    profile_destroy(p);
    return NULL;
}

static void patterns_free(pattern *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].text);
        free(v[i].lit);
    }
    free(v);
}

void profile_destroy(profile *p)
{
    size_t i;
    if (!p) return;
    state_end(p);
    patterns_free(p->match, p->nmatch);
    patterns_free(p->roles, p->nroles);
    patterns_free(p->dates, p->ndates);
    for (i = 0; i < p->nlabels; i++) free((char *)p->labels[i].label);
    free(p->labels);
    for (i = 0; i < p->naliases; i++) {
        free(p->alias_short[i]);
        free(p->alias_full[i]);
    }
    free(p->alias_short);
    free(p->alias_full);
    for (i = 0; i < p->nrules; i++) free(p->rules[i]);
    free(p->rules);
    sbuf_free(&p->dates_text);
    sbuf_free(&p->chunk);
    free(p->dset);
    free(p->path);
    free(p->name);
    free(p->source);
    free(p->region);
    free(p->description);
    free(p);
}

/* ---- choosing ------------------------------------------------------------------- */

/* The first PROFILE_MATCH_LINES non-blank lines of a text, trimmed. */
typedef struct head {
    const char *text[PROFILE_MATCH_LINES];
    size_t len[PROFILE_MATCH_LINES];
    size_t n;
} head;

/* The length of s[0..len) without the white space at its end: ASCII, the
 * ideographic space U+3000 and the no-break space U+00A0 (a copied page's;
 * text_trim walks the whole line, and a first line may be a long one). */
static size_t trim_end(const char *s, size_t len)
{
    for (;;) {
        if (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) len--;
        else if (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0) len -= 3;
        else if (len >= 2 && memcmp(s + len - 2, "\xC2\xA0", 2) == 0) len -= 2;
        else return len;
    }
}

static void head_of(const ingest_line *lines, size_t count, head *h)
{
    h->n = 0;
    for (size_t i = 0; i < count && h->n < PROFILE_MATCH_LINES; i++) {
        const char *s = lines[i].text;
        size_t len = trim_end(s, lines[i].len), k;
        uint32_t cp;
        while (len && (k = utf8_decode(s, len, &cp)) && text_is_space(cp)) {
            s += k;
            len -= k;
        }
        if (!len) continue;
        h->text[h->n] = s;
        h->len[h->n++] = len;
    }
}

typedef struct match_call {
    profile *p;
    const head *h;
    int found;
} match_call;

/* The first lines against the match patterns (L NULL: the plain ones
 * only). */
static int match_lines(lua_State *L, match_call *m)
{
    for (size_t i = 0; i < m->h->n && !m->found; i++)
        for (size_t k = 0; k < m->p->nmatch && !m->found; k++) {
            long start;
            const pattern *pt = &m->p->match[k];
            if (pt->kind == PAT_LUA && !L) continue;
            m->found = try_pattern(L, m->p, pt, m->h->text[i], m->h->len[i], &start, NULL);
        }
    return 0;
}

static int match_lines_lua(lua_State *L)
{
    return match_lines(L, lua_touserdata(L, 1));
}

/* Opens a sandbox with the string library's find in the registry, for
 * match patterns (no time limit: only find runs, which the guard covers). */
static int open_libs_keep_find(lua_State *L)
{
    sandbox_open_libs(L);
    lua_getglobal(L, "string");
    lua_getfield(L, -1, "find");
    lua_setfield(L, LUA_REGISTRYINDEX, FIND_KEY);
    return 0;
}

static sandbox *match_sandbox(void)
{
    sandbox_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.subject = SUBJECT;
    lim.refusal = REFUSAL;
    lim.memory_bytes = LOAD_MEMORY_BYTES;
    sandbox *sb = sandbox_create(&lim, NULL);
    if (!sb) return NULL;
    lua_State *L = sandbox_state(sb);
    lua_pushcfunction(L, open_libs_keep_find);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
        sandbox_destroy(sb);
        return NULL;
    }
    return sb;
}

static int has_lua_match(const profile *p)
{
    for (size_t k = 0; k < p->nmatch; k++)
        if (p->match[k].kind == PAT_LUA) return 1;
    return 0;
}

/* profile_matches with the sandbox sb for Lua patterns. */
static int matches_in(profile *p, sandbox *sb, const head *h, char *err, size_t errlen)
{
    match_call m = {p, h, 0};
    match_lines(NULL, &m);
    if (m.found || !has_lua_match(p)) return m.found;
    lua_State *L = sandbox_state(sb);
    arm(p, PROFILE_TIMEOUT_S);
    lua_pushcfunction(L, match_lines_lua);
    lua_pushlightuserdata(L, &m);
    int rc = lua_pcall(L, 1, 0, 0);
    disarm(p);
    if (rc != LUA_OK) {
        failure(p, sb, L, rc, err, errlen);
        lua_settop(L, 0);
        return -1;
    }
    return m.found;
}

int profile_matches(profile *p, const ingest_line *lines, size_t count, char *err, size_t errlen)
{
    sandbox *sb = NULL;
    if (has_lua_match(p) && !(sb = match_sandbox())) {
        if (errlen) snprintf(err, errlen, "out of memory");
        return -1;
    }
    head h;
    head_of(lines, count, &h);
    int rc = matches_in(p, sb, &h, err, errlen);
    sandbox_destroy(sb);
    return rc;
}

static int choose(void *ctx, const ingest_line *lines, size_t count, const ingest_profile **out, char *err,
                  size_t errlen)
{
    profile_set *s = ctx;
    head h;
    *out = NULL;
    head_of(lines, count, &h);
    for (size_t i = 0; i < s->n; i++) {
        int rc = matches_in(s->v[i], s->sb, &h, err, errlen);
        if (rc < 0) return -1;
        if (rc) {
            *out = &s->v[i]->ip;
            return 0;
        }
    }
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.lua names of dir, sorted, into *names; 0, or -1 (err set). A
 * missing directory has none. */
static int list_dir(const char *dir, char ***names, size_t *n, char *err, size_t errlen)
{
    size_t cap = 0;
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT || errno == ENOTDIR) return 0;
        if (errlen) snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || e->d_name[0] == '.' || strcmp(e->d_name + len - 4, ".lua") != 0) continue;
        if (VEC_RESERVE(*names, cap, *n + 1) != 0 || !((*names)[*n] = strdup(e->d_name))) {
            closedir(d);
            if (errlen) snprintf(err, errlen, "out of memory");
            return -1;
        }
        (*n)++;
    }
    closedir(d);
    if (*n) qsort(*names, *n, sizeof **names, compare_names);
    return 0;
}

profile_set *profile_set_load(const char *const *dirs, size_t ndirs, const profile_guard *guard, char *err,
                              size_t errlen)
{
    profile_set *s = calloc(1, sizeof *s);
    int lua = 0;
    if (!s) {
        if (errlen) snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (size_t d = 0; d < ndirs; d++) {
        char **names;
        size_t n, i;
        if (!dirs[d]) continue;
        if (list_dir(dirs[d], &names, &n, err, errlen) != 0) goto fail;
        for (i = 0; i < n; i++) {
            char path[4096];
            size_t bl = strlen(names[i]) - 4;
            int seen = 0;
            for (size_t k = 0; k < s->n && !seen; k++)
                seen = strlen(s->v[k]->name) == bl && memcmp(s->v[k]->name, names[i], bl) == 0;
            if (seen) continue;
            snprintf(path, sizeof path, "%s/%s", dirs[d], names[i]);
            profile *p = NULL;
            if (VEC_RESERVE(s->v, s->cap, s->n + 1) != 0) {
                if (errlen) snprintf(err, errlen, "out of memory");
            } else {
                p = profile_load(path, guard, err, errlen);
            }
            if (!p) {
                for (i = 0; i < n; i++) free(names[i]);
                free(names);
                goto fail;
            }
            s->v[s->n++] = p;
            lua |= has_lua_match(p);
        }
        for (i = 0; i < n; i++) free(names[i]);
        free(names);
    }
    if (lua && !(s->sb = match_sandbox())) {
        if (errlen) snprintf(err, errlen, "out of memory");
        goto fail;
    }
    s->chooser.ctx = s;
    s->chooser.choose = choose;
    return s;
fail:
    profile_set_destroy(s);
    return NULL;
}

void profile_set_destroy(profile_set *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) profile_destroy(s->v[i]);
    free(s->v);
    sandbox_destroy(s->sb);
    free(s);
}

size_t profile_set_count(const profile_set *s) { return s ? s->n : 0; }
profile *profile_set_at(const profile_set *s, size_t i) { return s && i < s->n ? s->v[i] : NULL; }

profile *profile_set_find(const profile_set *s, const char *name)
{
    for (size_t i = 0; s && name && i < s->n; i++)
        if (strcmp(s->v[i]->name, name) == 0) return s->v[i];
    return NULL;
}

const ingest_chooser *profile_set_chooser(profile_set *s)
{
    return &s->chooser;
}
