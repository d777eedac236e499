/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for script/profile.c: loading and checking a profile file,
 * its declarations reaching the parser, the hook, the limits and errors of
 * a hostile profile, choosing a profile by its match patterns, and the
 * directories' order. */
#include "harness.h"
#include "script/profile.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static const char *write_file(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) return NULL;
    fputs(text, f);
    fclose(f);
    return path;
}

/* Loads a profile written to NAME; NULL with the message in err. */
static profile *load(const char *name, const char *text, char *err, size_t errlen)
{
    const char *path = write_file(name, text);
    return path ? profile_load(path, NULL, err, errlen) : NULL;
}

static ingest_bulletin *parse(profile *p, const char *text, int *rc, char *err, size_t errlen)
{
    ingest_options o;
    ingest_bulletin *b = NULL;
    memset(&o, 0, sizeof o);
    o.keep_lines = 1;
    o.profile = p ? profile_ingest(p) : NULL;
    *rc = ingest_parse((const unsigned char *)text, strlen(text), &o, &b, err, errlen);
    return b;
}

/* "role/rule" of the first line that starts with prefix. */
static const char *line_of(const ingest_bulletin *b, const char *prefix)
{
    static char buf[256];
    for (size_t i = 0; b && i < b->line_count; i++)
        if (strncmp(b->lines[i].text, prefix, strlen(prefix)) == 0) {
            snprintf(buf, sizeof buf, "%s/%s", ingest_role_name(b->lines[i].role), b->lines[i].rule);
            return buf;
        }
    return "(none)";
}

#define PAGE "站点首页\n分享到:微信 微博\n\n某区总工会举办职工技能大赛\n\n稿件日期:2023-03-03 供稿:张晓明\n\n" \
             "3月2日,某区总工会举办职工技能大赛,来自全区28家企业的120名职工参加比赛。\n\n" \
             "比赛设电工、焊工两个工种,决出一等奖6名。\n\n选手在比赛中。李华摄\n\n选手在比赛中。李华摄\n"

TEST(declarations_reach_the_parser)
{
    char err[512];
    profile *p = load("site.lua",
                      "return {\n"
                      "  description = 'a test site',\n"
                      "  match = '^站点首页$',\n"
                      "  furniture = { '^站点首页$', '^分享到' },\n"
                      "  labels = { ['稿件日期'] = 'date', ['供稿'] = 'author' },\n"
                      "  title = 'first',\n"
                      "  region = '重庆',\n"
                      "  aliases = { ['区总工会'] = '某区总工会' },\n"
                      "}\n", err, sizeof err);
    CHECK(p != NULL);
    CHECK_STR(profile_name(p), "site");
    CHECK_STR(profile_region(p), "重庆");
    CHECK_INT(profile_alias_count(p), 1);
    const char *s, *f;
    profile_alias(p, 0, &s, &f);
    CHECK_STR(s, "区总工会");
    CHECK_STR(f, "某区总工会");
    CHECK_INT(profile_ingest(p)->title_first, 1);
    CHECK(profile_ingest(p)->hook == NULL);
    int rc;
    ingest_bulletin *b = parse(p, PAGE, &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->profile, "site");
    CHECK_STR(line_of(b, "站点首页"), "furniture/site:furniture[1]");
    CHECK_STR(line_of(b, "分享到"), "furniture/site:furniture[2]");
    CHECK_STR(b->issued_on, "2023-03-03");
    CHECK_STR(b->articles[0].author, "张晓明");
    CHECK_STR(b->articles[0].title, "某区总工会举办职工技能大赛");
    ingest_bulletin_destroy(b);
    profile_destroy(p);
}

TEST(patterns_lua_and_plain_and_dates)
{
    char err[512];
    /* a Lua pattern, a role rule and a date rule with and without a capture */
    profile *p = load("pat.lua",
                      "return {\n"
                      "  furniture = { '^分享到.-博$', '^%[保存%] %[打印%]$', '%d+%$$' },\n"
                      "  roles = { { pattern = '^某区总工会举办', role = 'kicker' } },\n"
                      "  dates = { '^比赛设(.*)', '^站点首页' },\n"
                      "}\n", err, sizeof err);
    CHECK(p != NULL);
    int rc;
    ingest_bulletin *b = parse(p, "站点首页 2024年5月\n" PAGE "\n[保存] [打印]\n\n价格 100$\n", &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(line_of(b, "分享到"), "furniture/pat:furniture[1]");
    CHECK_STR(line_of(b, "[保存]"), "furniture/pat:furniture[2]");
    CHECK_STR(line_of(b, "价格"), "furniture/pat:furniture[3]");
    CHECK_STR(line_of(b, "某区总工会举办"), "kicker/pat:roles[1]");
    /* the first line's date: the pattern found it at the start, the date follows */
    CHECK_STR(b->issued_on, "2024-05-01");
    CHECK_STR(b->date_precision, "month");
    CHECK_STR(b->date_source, "profile");
    ingest_bulletin_destroy(b);
    profile_destroy(p);
}

TEST(the_hook_changes_roles_rules_and_dates)
{
    char err[512];
    profile *p = load("hook.lua",
                      "return { hook = function(lines)\n"
                      "  local seen = {}\n"
                      "  for _, l in ipairs(lines) do\n"
                      "    if l.role == 'caption' then\n"
                      "      if seen[l.text] then l.role = 'furniture'; l.rule = 'repeated-caption' end\n"
                      "      seen[l.text] = true\n"
                      "    end\n"
                      "    if l.text:find('^比赛设') then l.role = 'furniture' end\n"
                      "    if l.line == 1 then l.date = '2022年12月30日' end\n"
                      "  end\n"
                      "end }\n", err, sizeof err);
    CHECK(p != NULL);
    int rc;
    ingest_bulletin *b = parse(p, PAGE, &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_INT(b->articles[0].caption_count, 1);
    CHECK_STR(line_of(b, "比赛设"), "furniture/hook:hook");
    CHECK_INT(b->articles[0].paragraph_count, 1);
    CHECK_STR(b->issued_on, "2022-12-30");
    CHECK_STR(b->date_source, "profile");
    size_t repeated = 0;
    for (size_t i = 0; i < b->line_count; i++)
        if (b->lines[i].rule && strcmp(b->lines[i].rule, "hook:repeated-caption") == 0) repeated++;
    CHECK_INT(repeated, 1);
    ingest_bulletin_destroy(b);
    /* a fresh state for every text: a global set by one run is gone in the next */
    profile *q = load("fresh.lua",
                      "return { hook = function(lines)\n"
                      "  if counter then error('state carried over') end\n"
                      "  counter = 1\n"
                      "end }\n", err, sizeof err);
    CHECK(q != NULL);
    b = parse(q, PAGE, &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    ingest_bulletin_destroy(b);
    b = parse(q, PAGE, &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    ingest_bulletin_destroy(b);
    profile_destroy(q);
    profile_destroy(p);
}

/* Loading errors name the file (and line, or field). */
TEST(bad_profiles_are_refused_with_file_and_field)
{
    static const struct { const char *text, *want; } bad[] = {
        {"return {", "bad.lua:1: unexpected symbol near <eof>"},
        {"return 42", "bad.lua: a profile returns a table of declarations, not number"},
        {"return { furnature = {} }", "bad.lua: unknown field 'furnature', did you mean 'furniture'?"},
        {"return { [1] = 'x' }", "bad.lua: the table has a number key"},
        {"return { match = 3 }", "bad.lua: match is a pattern or a list of patterns, not number"},
        {"return { furniture = { 'a', {} } }", "bad.lua: furniture[2] is a pattern (a string), not table"},
        {"return { furniture = { 'abc%' } }", "bad.lua: furniture[1] 'abc%': malformed pattern (ends with '%')"},
        {"return { furniture = { '^[小中大]字号' } }", "bad.lua: furniture[1] '^[小中大]字号': a [set] matches one byte"},
        {"return { furniture = { '^人民网?>>' } }", "bad.lua: furniture[1] '^人民网?>>': '?' after a Chinese character"},
        {"return { roles = { { pattern = 'x', role = 'hedline' } } }", "bad.lua: roles[1].role 'hedline' is not one of furniture"},
        {"return { roles = { { role = 'headline' } } }", "bad.lua: roles[1].pattern is a string, not nil"},
        {"return { labels = { ['稿源'] = 'sauce' } }", "bad.lua: labels[\"稿源\"] = 'sauce': a label means date"},
        {"return { title = 'last' }", "bad.lua: title is \"first\" or \"auto\", not 'last'"},
        {"return { hook = 'f' }", "bad.lua: hook is a function(lines), not string"},
        {"while true do end", "bad.lua: profile takes too long to evaluate"},
        {"local t = {} for i = 1, 1e8 do t[i] = i end", "bad.lua: profile exceeded its memory limit"},
        {"return io.open('/etc/passwd')", "bad.lua:1: attempt to index a nil value (global 'io')"},
        {"\033Lua", "bad.lua: attempt to load a binary chunk"},
    };
    char err[512], want[256];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        profile *p = load("bad.lua", bad[i].text, err, sizeof err);
        CHECK(p == NULL);
        snprintf(want, sizeof want, "%s/%s", dir, bad[i].want);
        if (strncmp(err, want, strlen(want)) != 0) {
            printf("  case %zu: got [%s]\n", i, err);
            CHECK_STR(err, want);
        }
    }
    char missing[128];
    snprintf(missing, sizeof missing, "%s/none.lua", dir);
    CHECK(profile_load(missing, NULL, err, sizeof err) == NULL);
    CHECK(strstr(err, "none.lua: No such file or directory") != NULL);
}

/* A hostile hook: each fails its text's parse, with the file named, and
 * nothing of the text comes back. */
TEST(hostile_hooks_fail_the_text)
{
    static const struct { const char *hook, *want; } bad[] = {
        {"while true do end", "hostile.lua: profile takes too long to evaluate"},
        {"while true do pcall(function() while true do end end) end", "hostile.lua: profile takes too long"},
        {"local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1 << 22) .. i end",
         "hostile.lua: profile exceeded its memory limit"},
        {"io.open('/etc/passwd')", "hostile.lua:1: attempt to index a nil value (global 'io')"},
        {"os.execute('id')", "hostile.lua:1: attempt to index a nil value (global 'os')"},
        {"require('os')", "hostile.lua:1: attempt to call a nil value (global 'require')"},
        {"string.dump(print)", "hostile.lua:1: string.dump is not allowed in an ingest profile"},
        {"setmetatable({}, {__gc = function() while true do end end})",
         "hostile.lua:1: a __gc metamethod is not allowed in an ingest profile"},
        {"error(setmetatable({}, {__tostring = function() while true do end end}))",
         "hostile.lua: the profile raised an error that is not a string"},
        {"lines[4].role = 'bogus'", "hostile.lua: hook: line 4 of the text: role 'bogus' is not one of"},
        {"lines[4].role = 7", "hostile.lua: hook: line 4 of the text: role 'number' is not one of"},
        {"lines[4].role = 'blank'", "hostile.lua: hook: line 4 of the text: a line with text cannot be blank"},
        {"lines[4] = 'x'", "hostile.lua: hook: lines[4] (line 4 of the text) is no longer a table"},
        {"lines[4].role = 'furniture'; lines[4].rule = string.rep('r', 100)",
         "hostile.lua: hook: line 4 of the text: a rule name has at most 64 bytes"},
        {"lines[4].date = {}", "hostile.lua: hook: line 4 of the text: date is a string, not table"},
        {"local function f() return f() + 1 end f()", "hostile.lua:"},
        {"load('while true do end')()", "hostile.lua: profile takes too long to evaluate"},
    };
    char text[512], err[512], want[256];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "return { hook = function(lines) %s end }", bad[i].hook);
        profile *p = load("hostile.lua", text, err, sizeof err);
        CHECK(p != NULL);
        int rc;
        ingest_bulletin *b = parse(p, PAGE, &rc, err, sizeof err);
        CHECK_INT(rc, INGEST_PROFILE);
        CHECK(b == NULL);
        snprintf(want, sizeof want, "%s/%s", dir, bad[i].want);
        if (strncmp(err, want, strlen(want)) != 0) {
            printf("  case %zu: got [%s]\n", i, err);
            CHECK_STR(err, want);
        }
        /* the profile works again for the next text */
        profile_destroy(p);
    }
    /* a hook that sets a huge date: only its start is read */
    profile *p = load("longdate.lua",
                      "return { hook = function(lines) lines[1].date = '2021年3月4日' .. string.rep('x', 1 << 20) end }",
                      err, sizeof err);
    CHECK(p != NULL);
    int rc;
    ingest_bulletin *b = parse(p, PAGE, &rc, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->issued_on, "2021-03-04");
    ingest_bulletin_destroy(b);
    profile_destroy(p);
}

static ingest_line *split(const char *text, size_t *n)
{
    static ingest_line v[32];
    *n = 0;
    while (*text && *n < 32) {
        const char *nl = strchr(text, '\n');
        size_t len = nl ? (size_t)(nl - text) : strlen(text);
        memset(&v[*n], 0, sizeof v[0]);
        v[*n].text = text;
        v[*n].len = len;
        (*n)++;
        text += len + (nl ? 1 : 0);
    }
    return v;
}

TEST(match_patterns_and_the_set)
{
    char err[512], a[128], b2[128], c[128];
    snprintf(a, sizeof a, "%s/user", dir);
    snprintf(b2, sizeof b2, "%s/site", dir);
    snprintf(c, sizeof c, "%s/shipped", dir);
    mkdir(a, 0700);
    mkdir(b2, 0700);
    write_file("user/alpha.lua", "return { match = { '^某报 第%d+期$' } }");
    write_file("user/notes.txt", "not a profile");
    write_file("site/alpha.lua", "return { match = '^never' }");   /* hidden by the user's */
    write_file("site/beta.lua", "return { match = '^站点首页$', furniture = '^站点首页$' }");
    const char *dirs[] = {a, NULL, b2, c};   /* c does not exist */
    profile_set *s = profile_set_load(dirs, 4, NULL, err, sizeof err);
    CHECK(s != NULL);
    CHECK_INT(profile_set_count(s), 2);
    CHECK_STR(profile_name(profile_set_at(s, 0)), "alpha");
    CHECK(strstr(profile_path(profile_set_at(s, 0)), "/user/alpha.lua") != NULL);
    CHECK_STR(profile_name(profile_set_at(s, 1)), "beta");
    CHECK(profile_set_find(s, "beta") == profile_set_at(s, 1));
    CHECK(profile_set_find(s, "gamma") == NULL);
    size_t n;
    const ingest_line *l = split("\n\n  某报 第12期  \n标题\n", &n);
    CHECK_INT(profile_matches(profile_set_at(s, 0), l, n, err, sizeof err), 1);
    CHECK_INT(profile_matches(profile_set_at(s, 1), l, n, err, sizeof err), 0);
    /* the chooser, through the parser */
    ingest_options o;
    memset(&o, 0, sizeof o);
    o.chooser = profile_set_chooser(s);
    ingest_bulletin *b = NULL;
    int rc = ingest_parse((const unsigned char *)PAGE, strlen(PAGE), &o, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK_STR(b->profile, "beta");
    ingest_bulletin_destroy(b);
    const char *other = "别的网站\n\n标题一二三\n\n正文第一段,内容很长很长很长很长很长很长很长。\n";
    rc = ingest_parse((const unsigned char *)other, strlen(other), &o, &b, err, sizeof err);
    CHECK_INT(rc, INGEST_OK);
    CHECK(b->profile == NULL);
    ingest_bulletin_destroy(b);
    /* only the first 10 non-blank lines are looked at */
    char late[1024] = "";
    for (int i = 0; i < 10; i++) strcat(late, "一行\n");
    strcat(late, "站点首页\n");
    l = split(late, &n);
    CHECK_INT(profile_matches(profile_set_at(s, 1), l, n, err, sizeof err), 0);
    profile_set_destroy(s);
    /* a broken profile in any directory fails the whole set, named */
    write_file("site/broken.lua", "return {");
    s = profile_set_load(dirs, 4, NULL, err, sizeof err);
    CHECK(s == NULL);
    CHECK(strstr(err, "/site/broken.lua:1:") != NULL);
}

int main(void)
{
    snprintf(dir, sizeof dir, "%s/brief-profile-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) return 1;
    RUN(declarations_reach_the_parser);
    RUN(patterns_lua_and_plain_and_dates);
    RUN(the_hook_changes_roles_rules_and_dates);
    RUN(bad_profiles_are_refused_with_file_and_field);
    RUN(hostile_hooks_fail_the_text);
    RUN(match_patterns_and_the_set);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
    return harness_done();
}
