/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_fingerprint.c — what a batch job's output depends on: the script and
 * the modules it requires (every form of the call), the database's content
 * (rows, not history, not the file's bytes), the newest bulletin's date,
 * and the job's fields kept apart. */
#include "harness.h"
#include "batch/fingerprint.h"
#include "store/store.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_fingerprint.XXXXXX";

static const char *path_in(const char *name)
{
    static char path[2][512];
    static int which;
    which = !which;
    snprintf(path[which], sizeof path[which], "%s/%s", tmpdir, name);
    return path[which];
}

static void write_file(const char *name, const char *text)
{
    FILE *f = fopen(path_in(name), "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

/* The script hash of name, or "error: ..." */
static const char *script_hash(const char *name)
{
    static char hex[2][FINGERPRINT_HEX_LEN + 300];
    static int which;
    char err[256];
    which = !which;
    if (fingerprint_script(path_in(name), hex[which], err, sizeof err) != 0)
        snprintf(hex[which], sizeof hex[which], "error: %.250s", err);
    return hex[which];
}

/* 1 when changing module changes the hash of script (a module it requires). */
static int depends_on(const char *script, const char *module)
{
    char before[FINGERPRINT_HEX_LEN + 300];
    snprintf(before, sizeof before, "%s", script_hash(script));
    write_file(module, "return 'changed'\n");
    return strcmp(before, script_hash(script)) != 0;
}

TEST(script_hash_follows_every_form_of_require)
{
    static const char *const forms[][2] = {
        {"s1.lua", "local m = require \"a1\"\n"},
        {"s2.lua", "local m = require 'a2'\n"},
        {"s3.lua", "local m = require(\"a3\")\n"},
        {"s4.lua", "local m = require ( 'a4' )\n"},
        {"s5.lua", "local m = require [[a5]]\n"},
        {"s6.lua", "local m = require [==[a6]==]\n"},
        {"s7.lua", "local m = require\n\t\"a7\"\n"},
        {"s8.lua", "local m = require[[a8]]\n"},
        {"s9.lua", "local m = require [[\na9]]\n"},   /* Lua skips the first newline */
    };
    size_t i;
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char module[16];
        snprintf(module, sizeof module, "a%zu.lua", i + 1);
        write_file(module, "return 1\n");
        write_file(forms[i][0], forms[i][1]);
        int followed = depends_on(forms[i][0], module);
        if (!followed) printf("# not followed: %s", forms[i][1]);
        CHECK(followed);
    }
}

TEST(script_hash_transitive_dotted_and_init)
{
    CHECK(mkdir(path_in("lib"), 0755) == 0);
    CHECK(mkdir(path_in("pkg"), 0755) == 0);
    write_file("top.lua", "local a = require 'lib.mid'\n");
    write_file("lib/mid.lua", "return require 'pkg'\n");
    write_file("pkg/init.lua", "return 1\n");
    CHECK(depends_on("top.lua", "pkg/init.lua"));   /* through lib/mid.lua */
    CHECK(depends_on("top.lua", "lib/mid.lua"));
}

TEST(script_hash_ignores_what_is_not_a_require)
{
    char before[FINGERPRINT_HEX_LEN + 300];
    write_file("b1.lua", "return 1\n");
    write_file("b2.lua", "return 1\n");
    write_file("b3.lua", "return 1\n");
    /* A name computed at run time, another function, a method. */
    write_file("plain.lua", "local n = 'b1'\nlocal m = require(n)\nmy_require 'b2'\nobj:require 'b3'\n");
    snprintf(before, sizeof before, "%s", script_hash("plain.lua"));
    CHECK(strncmp(before, "error", 5) != 0);
    CHECK(!depends_on("plain.lua", "b1.lua"));
    CHECK(!depends_on("plain.lua", "b2.lua"));
    CHECK(!depends_on("plain.lua", "b3.lua"));
    /* A module that does not exist is not an error; a script that does not is. */
    write_file("ghost.lua", "require 'nowhere'\n");
    CHECK(strncmp(script_hash("ghost.lua"), "error", 5) != 0);
    CHECK(strstr(script_hash("absent.lua"), "absent.lua: cannot read") != NULL);
}

/* ---- data ------------------------------------------------------------------ */

static char *paras[] = {"重庆市总工会召开会议。"};

static int add_bulletin(const char *db, char digit, char *date, const char *title)
{
    char err[256];
    store *st = NULL;
    ingest_article a = {.title = (char *)title, .paragraphs = paras, .paragraph_count = 1};
    ingest_bulletin b;
    int rc;
    memset(&b, 0, sizeof b);
    memset(b.sha256, digit, 64);
    b.encoding = "utf-8";
    b.issued_on = date;
    b.articles = &a;
    b.article_count = 1;
    if (store_open(path_in(db), STORE_READWRITE, &st, err, sizeof err) != STORE_OK) return -1;
    store_bulletin_meta meta = {.source = "test", .bytes = 10, .ingested_at = "2026-01-01T00:00:00Z"};
    rc = store_add_bulletin(st, &b, &meta, NULL, NULL);
    store_close(st);
    return rc;
}

static const char *data_hash(const char *db)
{
    static char hex[2][FINGERPRINT_HEX_LEN + 300];
    static int which;
    char err[256];
    which = !which;
    if (fingerprint_data(path_in(db), hex[which], err, sizeof err) != 0)
        snprintf(hex[which], sizeof hex[which], "error: %.250s", err);
    return hex[which];
}

static int sql(const char *db, const char *statement)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\"", path_in(db), statement);
    return system(cmd);
}

TEST(data_hash_is_the_rows_not_the_file)
{
    char a[FINGERPRINT_HEX_LEN + 300], none[FINGERPRINT_HEX_LEN + 300];
    snprintf(none, sizeof none, "%s", data_hash("none.db"));
    CHECK_INT(strlen(none), FINGERPRINT_HEX_LEN);
    CHECK_STR(data_hash("none2.db"), none);   /* "no database" is one fixed hash */

    /* The same bulletins in two files, added in the same order: one hash. */
    CHECK_INT(add_bulletin("d1.db", '1', "2023-10-20", "甲"), STORE_OK);
    CHECK_INT(add_bulletin("d1.db", '2', "2023-10-27", "乙"), STORE_OK);
    CHECK_INT(add_bulletin("d2.db", '1', "2023-10-20", "甲"), STORE_OK);
    CHECK_INT(add_bulletin("d2.db", '2', "2023-10-27", "乙"), STORE_OK);
    snprintf(a, sizeof a, "%s", data_hash("d1.db"));
    CHECK_INT(strlen(a), FINGERPRINT_HEX_LEN);
    CHECK(strcmp(a, none) != 0);
    CHECK_STR(data_hash("d2.db"), a);
    /* VACUUM rewrites the file, not the rows. */
    CHECK_INT(sql("d2.db", "VACUUM"), 0);
    CHECK_STR(data_hash("d2.db"), a);
    /* History is left out; an update in place is not. */
    CHECK_INT(sql("d2.db", "INSERT INTO runs(job, started_at, status) VALUES ('j', 'x', 'ok')"), 0);
    CHECK_STR(data_hash("d2.db"), a);
    CHECK_INT(sql("d2.db", "UPDATE articles SET title = '丙' WHERE id = 1"), 0);
    CHECK(strcmp(data_hash("d2.db"), a) != 0);
    /* Not a database: an error naming the file. */
    write_file("junk.db", "this is not a database, only text long enough to be read as a header....\n");
    CHECK(strstr(data_hash("junk.db"), "junk.db") != NULL);
    CHECK(strncmp(data_hash("junk.db"), "error: ", 7) == 0);
}

TEST(data_epoch_is_the_newest_issue_date)
{
    time_t when = 0;
    CHECK_INT(fingerprint_data_epoch(path_in("d1.db"), &when), 0);
    CHECK_INT((long long)when, 1698364800LL);   /* 2023-10-27T00:00:00Z */
    CHECK_INT(fingerprint_data_epoch(path_in("none.db"), &when), -1);
    CHECK_INT(add_bulletin("undated.db", '3', NULL, "丁"), STORE_OK);
    CHECK_INT(fingerprint_data_epoch(path_in("undated.db"), &when), -1);
}

TEST(job_hash_keeps_fields_apart)
{
    script_param p1[] = {{"ab", "c"}}, p2[] = {{"a", "bc"}};
    fingerprint_inputs in = {"0.2.0", "s", "d", "out.pdf", 0, p1, 1};
    char h1[FINGERPRINT_HEX_LEN + 1], h2[FINGERPRINT_HEX_LEN + 1];
    fingerprint_job(&in, h1);
    in.params = p2;
    fingerprint_job(&in, h2);
    CHECK_INT(strlen(h1), FINGERPRINT_HEX_LEN);
    CHECK(strcmp(h1, h2) != 0);
    in.params = p1;
    in.source_date_epoch = 1;
    fingerprint_job(&in, h2);
    CHECK(strcmp(h1, h2) != 0);
    in.source_date_epoch = 0;
    fingerprint_job(&in, h2);
    CHECK_STR(h2, h1);
}

int main(void)
{
    int rc;
    if (!mkdtemp(tmpdir)) { perror("mkdtemp"); return 1; }
    RUN(script_hash_follows_every_form_of_require);
    RUN(script_hash_transitive_dotted_and_init);
    RUN(script_hash_ignores_what_is_not_a_require);
    RUN(data_hash_is_the_rows_not_the_file);
    RUN(data_epoch_is_the_newest_issue_date);
    RUN(job_hash_keeps_fields_apart);
    rc = harness_done();
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) rc = 1;
    }
    return rc;
}
