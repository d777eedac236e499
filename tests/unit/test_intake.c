/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_intake.c — the work of brief ingest: a directory of files (sorted,
 * recursive, hidden and other files left out, links), a bad file among good
 * ones, a batch lost to a write failure and stored again, a stop request
 * (a signal) between files, duplicates. Read back through the store. */
#include "harness.h"
#include "intake/intake.h"
#include "store/store.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_intake.XXXXXX";
static mentions_rules *rules;

static const char *path_in(const char *name)
{
    static char path[4][512];
    static int which;
    which = (which + 1) % 4;
    snprintf(path[which], sizeof path[which], "%s/%s", tmpdir, name);
    return path[which];
}

/* A bulletin whose title is title and whose text is unique to it. */
static void write_bulletin(const char *name, const char *title)
{
    FILE *f = fopen(path_in(name), "w");
    if (!f) return;
    fprintf(f, "%s\n\n10月10日,市总工会召开会议,部署%s相关工作。\n\n会议要求各级工会抓好落实。\n", title, title);
    fclose(f);
}

typedef struct seen {
    char reports[4096];
    char warnings[2048];          /* "file:kind:article:bulletin\n" */
    int duplicates;
    size_t progress_calls;
    size_t stop_after;            /* set *stop after this many inputs (0: never) */
    volatile sig_atomic_t stop;
} seen;

static void on_report(void *ud, const char *file, long line, const char *message, int duplicate)
{
    seen *s = ud;
    size_t len = strlen(s->reports);
    const char *base = file ? strrchr(file, '/') : NULL;
    snprintf(s->reports + len, sizeof s->reports - len, "%s:%ld:%s\n", base ? base + 1 : file ? file : "-", line,
             message);
    s->duplicates += duplicate;
}

static void on_warn(void *ud, const char *file, long long bulletin_id, const char *kind, long article,
                    const char *message)
{
    seen *s = ud;
    size_t len = strlen(s->warnings);
    const char *base = strrchr(file, '/');
    (void)message;
    snprintf(s->warnings + len, sizeof s->warnings - len, "%s:%s:%ld:%lld\n", base ? base + 1 : file, kind, article,
             bulletin_id);
}

static void on_progress(void *ud, const intake_totals *t)
{
    seen *s = ud;
    (void)t;
    if (s->stop_after && ++s->progress_calls >= s->stop_after) s->stop = SIGTERM;
}

/* Runs an intake of paths (NULL-terminated) into db; the status. */
static int run(const char *db, seen *s, intake_totals *totals, size_t batch_files, const char *const *paths)
{
    intake_options o;
    intake *in;
    int rc;
    memset(&o, 0, sizeof o);
    o.db_path = path_in(db);
    o.rules = rules;
    o.report = on_report;
    o.warn = on_warn;
    o.progress = on_progress;
    o.ud = s;
    o.stop = &s->stop;
    o.batch_max_files = batch_files;
    in = intake_new(&o);
    if (!in) return -1;
    for (; *paths; paths++)
        if (intake_add_path(in, path_in(*paths)) != 0) return -1;
    rc = intake_run(in);
    *totals = *intake_get_totals(in);
    intake_free(in);
    return rc;
}

static int collect(void *ud, size_t ncols, const char *const *names, const store_value *row)
{
    char *out = ud;
    size_t len = strlen(out);
    (void)names;
    if (row && ncols) snprintf(out + len, 1024 - len, "%s;", row[0].type == STORE_TYPE_NULL ? "null" : row[0].bytes);
    return 0;
}

/* One column of db's rows as "a;b;c;". */
static const char *column(const char *db, const char *sql)
{
    static char out[1024];
    char err[256];
    store *st = NULL;
    out[0] = '\0';
    if (store_open(path_in(db), STORE_READONLY, &st, err, sizeof err) != STORE_OK) {
        snprintf(out, sizeof out, "%s", err);
        return out;
    }
    if (store_sql_run(st, sql, collect, out) != STORE_OK) snprintf(out, sizeof out, "%s", store_errmsg(st));
    store_close(st);
    return out;
}

TEST(a_directory_sorted_recursive_without_hidden_or_other_files)
{
    seen s;
    intake_totals t;
    static const char *const paths[] = {"in", NULL};
    memset(&s, 0, sizeof s);
    CHECK(mkdir(path_in("in"), 0755) == 0 && mkdir(path_in("in/sub"), 0755) == 0);
    write_bulletin("in/b.txt", "第二篇简报");
    write_bulletin("in/a.TXT", "第一篇简报");
    write_bulletin("in/sub/c.txt", "第三篇简报");
    write_bulletin("in/.hidden.txt", "隐藏文件");
    write_bulletin("in/notes.md", "别的文件");
    CHECK(symlink(path_in("in/sub"), path_in("in/loop")) == 0);          /* a link to a directory */
    CHECK(symlink(path_in("in/b.txt"), path_in("in/link.txt")) == 0);   /* a link to a file */
    CHECK_INT(run("dir.db", &s, &t, 0, paths), INTAKE_OK);
    CHECK_STR(s.reports, "link.txt:0:already stored (bulletin 2)\n");
    CHECK_INT(t.inputs, 4);
    CHECK_INT(t.files, 4);
    CHECK_INT(t.stored, 3);
    CHECK_INT(t.duplicates, 1);
    CHECK_INT(t.failed, 0);
    CHECK_INT(t.articles, 3);
    CHECK(t.bytes_done == t.bytes_total && t.bytes_total > 0);
    CHECK_STR(column("dir.db", "SELECT substr(file_name, length(file_name) - 4) FROM bulletins ORDER BY id"),
              "a.TXT;b.txt;c.txt;");
    /* The source is the name of the file's directory. */
    CHECK_STR(column("dir.db", "SELECT source FROM bulletins ORDER BY id"), "in;in;sub;");
}

TEST(a_bad_file_among_good_ones_fails_alone)
{
    seen s;
    intake_totals t;
    static const char *const paths[] = {"mixed", "missing.txt", "empty-dir", NULL};
    FILE *f;
    memset(&s, 0, sizeof s);
    CHECK(mkdir(path_in("mixed"), 0755) == 0 && mkdir(path_in("empty-dir"), 0755) == 0);
    write_bulletin("mixed/1.txt", "好的一篇");
    f = fopen(path_in("mixed/2.txt"), "wb");
    CHECK(f != NULL);
    fwrite("abc\0def", 1, 7, f);
    fclose(f);
    f = fopen(path_in("mixed/3.txt"), "w");
    CHECK(f != NULL);
    fclose(f);
    write_bulletin("mixed/4.txt", "又一篇好的");
    CHECK_INT(run("mixed.db", &s, &t, 0, paths), INTAKE_OK);
    CHECK_STR(s.reports, "missing.txt:0:No such file or directory\n"
                         "empty-dir:0:no .txt, .pdf, .html or .docx file in it\n"
                         "2.txt:1:NUL byte at offset 3: binary data, not text\n"
                         "3.txt:0:no text\n");
    CHECK_INT(t.stored, 2);
    CHECK_INT(t.failed, 3);   /* the missing path, the binary file, the empty one */
    CHECK_STR(column("mixed.db", "SELECT count(*) FROM bulletins"), "2;");
}

TEST(a_lost_batch_is_stored_again_file_by_file)
{
    seen s;
    intake_totals t;
    static const char *const paths[] = {"lost", NULL};
    char cmd[1024];
    store *st = NULL;
    char err[256];
    memset(&s, 0, sizeof s);
    /* A database whose writes fail on one title, as a full disk fails a
     * write in the middle of a batch. */
    CHECK_INT(store_open(path_in("lost.db"), STORE_READWRITE, &st, err, sizeof err), STORE_OK);
    store_close(st);
    snprintf(cmd, sizeof cmd,
             "sqlite3 '%s' \"CREATE TRIGGER boom BEFORE INSERT ON articles WHEN NEW.title = '写入失败'"
             " BEGIN SELECT RAISE(FAIL, 'simulated write failure'); END\"", path_in("lost.db"));
    CHECK_INT(system(cmd), 0);
    CHECK(mkdir(path_in("lost"), 0755) == 0);
    write_bulletin("lost/1.txt", "第一篇");
    write_bulletin("lost/2.txt", "第二篇");
    write_bulletin("lost/3.txt", "写入失败");
    write_bulletin("lost/4.txt", "第四篇");
    CHECK_INT(run("lost.db", &s, &t, 0, paths), INTAKE_OK);
    /* 1 and 2 were in the batch 3 lost: stored again, each alone; 3 fails
     * (once more, alone); 4 goes on in a new batch. */
    CHECK(strstr(s.reports, "3.txt:0:") != NULL && strstr(s.reports, "simulated write failure") != NULL);
    CHECK(strstr(s.reports, "1.txt") == NULL && strstr(s.reports, "2.txt") == NULL);
    CHECK_INT(t.stored, 3);
    CHECK_INT(t.failed, 1);
    CHECK_INT(t.files, 4);
    CHECK_STR(column("lost.db", "SELECT title FROM articles ORDER BY bulletin_id"), "第一篇;第二篇;第四篇;");
    /* Each stored bulletin (undated: 10月10日 has no year) warned about
     * once, after it was committed: none for the lost batch's first try,
     * none for the file that failed. */
    CHECK_STR(s.warnings, "1.txt:undated:0:1\n2.txt:undated:0:2\n4.txt:undated:0:3\n");
    CHECK_INT(t.warnings, 3);
}

TEST(a_stop_request_ends_the_run_between_files)
{
    seen s;
    intake_totals t;
    static const char *const paths[] = {"stop", NULL};
    int i;
    memset(&s, 0, sizeof s);
    CHECK(mkdir(path_in("stop"), 0755) == 0);
    for (i = 0; i < 6; i++) {
        char name[32], title[32];
        snprintf(name, sizeof name, "stop/%d.txt", i);
        snprintf(title, sizeof title, "第%d篇简报", i);
        write_bulletin(name, title);
    }
    s.stop_after = 2;   /* as a SIGTERM arriving while the second file is read */
    CHECK_INT(run("stop.db", &s, &t, 0, paths), INTAKE_STOPPED);
    CHECK_INT(t.files, 2);
    CHECK_INT(t.stored, 2);        /* the open batch committed: whole files only */
    CHECK_INT(t.failed, 4);        /* the files not read */
    CHECK_STR(column("stop.db", "SELECT count(*) FROM bulletins"), "2;");
    /* The same command again stores the rest. */
    memset(&s, 0, sizeof s);
    CHECK_INT(run("stop.db", &s, &t, 1, paths), INTAKE_OK);
    CHECK_INT(t.stored, 4);
    CHECK_INT(t.duplicates, 2);
    CHECK_INT(s.duplicates, 2);
    CHECK_STR(column("stop.db", "SELECT count(*) FROM bulletins"), "6;");
}

TEST(a_database_that_cannot_be_opened_is_said_once)
{
    seen s;
    intake_totals t;
    static const char *const paths[] = {"stop", NULL};
    FILE *f = fopen(path_in("junk.db"), "w");
    memset(&s, 0, sizeof s);
    CHECK(f != NULL);
    fputs("not a database: some text to fill the first bytes of the file with.\n", f);
    fclose(f);
    CHECK_INT(run("junk.db", &s, &t, 0, paths), INTAKE_ERROR);
    CHECK(strncmp(s.reports, "-:0:", 4) == 0 && strstr(s.reports, "junk.db") != NULL);
    CHECK(strchr(s.reports, '\n') == strrchr(s.reports, '\n'));   /* one message */
    CHECK_INT(t.files, 0);
}

int main(void)
{
    int rc;
    char err[256];
    if (!mkdtemp(tmpdir)) { perror("mkdtemp"); return 1; }
    rules = mentions_rules_load("data/mentions", err, sizeof err);
    if (!rules) {
        printf("FAIL rules: %s\n", err);
        return 1;
    }
    RUN(a_directory_sorted_recursive_without_hidden_or_other_files);
    RUN(a_bad_file_among_good_ones_fails_alone);
    RUN(a_lost_batch_is_stored_again_file_by_file);
    RUN(a_stop_request_ends_the_run_between_files);
    RUN(a_database_that_cannot_be_opened_is_said_once);
    mentions_rules_destroy(rules);
    rc = harness_done();
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) rc = 1;
    }
    return rc;
}
