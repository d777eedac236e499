/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_runs.c — the history of batch runs: opening (created, read-only,
 * refused), a run recorded then completed, the newest good run of a job,
 * listing (newest N, oldest first, failed only), abandoned runs, and params
 * that are not JSON. */
#include "harness.h"
#include "store/runs.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_runs.XXXXXX";

static const char *path_in(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static runs_db *open_db(const char *name, int flags, char *err, size_t errlen)
{
    char warn[256];
    return runs_open(path_in(name), flags, warn, sizeof warn, err, errlen);
}

typedef struct listing {
    char text[1024];
    long count;
} listing;

static int collect(void *ud, const runs_record *r)
{
    listing *l = ud;
    size_t len = strlen(l->text);
    snprintf(l->text + len, sizeof l->text - len, "%s=%s%s%s;", r->job, r->status, r->error ? ":" : "",
             r->error ? r->error : "");
    return 0;
}

static const char *list(runs_db *db, size_t last, int failed_only)
{
    static listing l;
    memset(&l, 0, sizeof l);
    l.count = runs_list(db, last, failed_only, collect, &l);
    if (l.count < 0) snprintf(l.text, sizeof l.text, "error: %s", runs_errmsg(db));
    return l.text;
}

static long long record(runs_db *db, const char *job, const char *status, const char *hash, const char *params)
{
    runs_record r = {0, job, params, "2026-11-25T00:00:00.000Z", NULL, status, NULL, -1, NULL, hash, 0};
    long long id = -1;
    if (runs_insert(db, &r, &id) != 0) return -1;
    return id;
}

TEST(open_creates_the_database_and_refuses_what_is_not_one)
{
    char err[512];
    runs_db *db = open_db("h.db", 0, err, sizeof err);
    CHECK(db != NULL);
    CHECK(runs_writable(db));
    runs_close(db);
    CHECK(access(path_in("h.db"), F_OK) == 0);
    /* Read-only: the database must exist and be brief's. */
    CHECK(open_db("none.db", RUNS_OPEN_READ_ONLY, err, sizeof err) == NULL);
    CHECK(strstr(err, "none.db: no such database") != NULL);
    CHECK(access(path_in("none.db"), F_OK) != 0);
    {
        FILE *f = fopen(path_in("text.db"), "w");
        CHECK(f != NULL);
        fputs("not a database at all, only some text to fill the first page of it.\n", f);
        fclose(f);
    }
    CHECK(open_db("text.db", 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "text.db") != NULL);
    runs_close(NULL);
}

TEST(a_run_is_recorded_completed_and_listed)
{
    char err[512];
    runs_db *db = open_db("h.db", 0, err, sizeof err);
    long long id;
    CHECK(db != NULL);
    id = record(db, "weekly", RUNS_STATUS_RUNNING, "aaaa", "{\"week\":\"2026-W47\"}");
    CHECK(id > 0);
    {
        runs_record done = {0, "weekly", NULL, NULL, "2026-11-25T00:00:01.500Z", RUNS_STATUS_OK, "out/w.pdf", 1234,
                            NULL, NULL, 0};
        CHECK(runs_update(db, id, &done) == 0);
    }
    CHECK(record(db, "digest", RUNS_STATUS_FAILED, "bbbb", NULL) > 0);
    CHECK(record(db, "weekly", RUNS_STATUS_SKIPPED, "aaaa", NULL) > 0);
    CHECK_STR(list(db, 0, 0), "weekly=ok;digest=failed;weekly=skipped;");
    CHECK_STR(list(db, 2, 0), "digest=failed;weekly=skipped;");
    CHECK_STR(list(db, 0, 1), "digest=failed;");
    {
        char *hash = NULL, *output = NULL;
        long long bytes = 0;
        CHECK_INT(runs_last_ok(db, "weekly", &hash, &output, &bytes), 1);
        CHECK_STR(hash, "aaaa");
        CHECK_STR(output, "out/w.pdf");
        CHECK_INT(bytes, 1234);
        free(hash);
        free(output);
        CHECK_INT(runs_last_ok(db, "digest", &hash, &output, &bytes), 0);
        CHECK(hash == NULL && output == NULL && bytes == -1);
    }
    runs_close(db);
    /* What was recorded is there for a reader, with its duration. */
    db = open_db("h.db", RUNS_OPEN_READ_ONLY, err, sizeof err);
    CHECK(db != NULL);
    CHECK(!runs_writable(db));
    CHECK_STR(list(db, 1, 0), "weekly=skipped;");
    runs_close(db);
}

static double first_duration;
static int take_duration(void *ud, const runs_record *r)
{
    (void)ud;
    first_duration = r->duration_s;
    return 1;   /* stop after the first */
}

TEST(duration_and_early_stop)
{
    char err[512];
    runs_db *db = open_db("h.db", RUNS_OPEN_READ_ONLY, err, sizeof err);
    CHECK(db != NULL);
    CHECK_INT(runs_list(db, 0, 0, take_duration, NULL), 1);
    CHECK_NEAR(first_duration, 1.5, 0.001);
    runs_close(db);
}

TEST(abandoned_runs_are_failed_and_bad_params_refused)
{
    char err[512];
    runs_db *db = open_db("a.db", 0, err, sizeof err);
    CHECK(db != NULL);
    CHECK(record(db, "ghost", RUNS_STATUS_RUNNING, NULL, NULL) > 0);
    CHECK(record(db, "ghost2", RUNS_STATUS_RUNNING, NULL, NULL) > 0);
    CHECK_INT(runs_fail_abandoned(db), 2);
    CHECK_STR(list(db, 0, 1), "ghost=failed:interrupted: the batch that ran it stopped before it ended;"
                              "ghost2=failed:interrupted: the batch that ran it stopped before it ended;");
    CHECK_INT(runs_fail_abandoned(db), 0);
    /* The schema's CHECK on params holds though the store's writer skips CHECKs. */
    CHECK_INT(record(db, "bad", RUNS_STATUS_OK, NULL, "{not json"), -1);
    CHECK(strstr(runs_errmsg(db), "params are not JSON") != NULL);
    CHECK_STR(list(db, 0, 0), "ghost=failed:interrupted: the batch that ran it stopped before it ended;"
                              "ghost2=failed:interrupted: the batch that ran it stopped before it ended;");
    runs_close(db);
}

TEST(read_only_records_nothing)
{
    char err[512];
    runs_db *db = open_db("a.db", RUNS_OPEN_READ_ONLY, err, sizeof err);
    long long id = 7;
    runs_record r = {0, "x", NULL, "2026-11-25T00:00:00.000Z", NULL, RUNS_STATUS_OK, NULL, -1, NULL, NULL, 0};
    CHECK(db != NULL);
    CHECK_INT(runs_insert(db, &r, &id), 0);
    CHECK_INT(id, 0);
    CHECK_INT(runs_update(db, 1, &r), 0);
    CHECK_INT(runs_fail_abandoned(db), 0);
    CHECK(strstr(list(db, 0, 0), "x=") == NULL);
    runs_close(db);
}

TEST(now_is_utc_with_milliseconds)
{
    char now[32];
    runs_now_iso(now, sizeof now);
    CHECK_INT(strlen(now), 24);
    CHECK(now[4] == '-' && now[10] == 'T' && now[19] == '.' && now[23] == 'Z');
}

int main(void)
{
    int rc;
    if (!mkdtemp(tmpdir)) { perror("mkdtemp"); return 1; }
    RUN(open_creates_the_database_and_refuses_what_is_not_one);
    RUN(a_run_is_recorded_completed_and_listed);
    RUN(duration_and_early_stop);
    RUN(abandoned_runs_are_failed_and_bad_params_refused);
    RUN(read_only_records_nothing);
    RUN(now_is_utc_with_milliseconds);
    rc = harness_done();
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) rc = 1;
    }
    return rc;
}
