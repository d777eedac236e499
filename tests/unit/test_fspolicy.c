/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_fspolicy.c — the files a sandboxed run may read and write: the
 * script's folder and nothing beside it, no hidden files, no /proc, never
 * the database (by name, symlink or hard link), outputs only where the
 * caller said, and no way out of the output folder by "..", a symlink or a
 * name of the script's choosing (issue 12, findings 2 and 3). */
#include "harness.h"
#include "os/fspolicy.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_fspolicy.XXXXXX";

static const char *at(const char *rel)
{
    static char paths[8][400];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 400, "%s/%s", tmpdir, rel);
    return p;
}

static void touch(const char *path)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("x\n", f);
        fclose(f);
    }
}

/* A policy as a sandboxed run without -o gets it: the script folder
 * readable, the database protected, the output folder out/. */
static fspolicy *make_policy(int with_output_dir)
{
    char err[512];
    fspolicy *p = fspolicy_create();
    if (!p) return NULL;
    if (fspolicy_allow_read(p, at("scripts"), err, sizeof err) != 0 ||
        fspolicy_protect(p, at("scripts/news.db"), 1) != 0 ||
        (with_output_dir && fspolicy_set_output_dir(p, at("out"), err, sizeof err) != 0)) {
        printf("# %s\n", err);
        fspolicy_destroy(p);
        return NULL;
    }
    return p;
}

static int read_rc(const fspolicy *p, const char *path, char *why, size_t whylen)
{
    char resolved[PATH_MAX];
    return fspolicy_check_read(p, path, resolved, sizeof resolved, why, whylen);
}

TEST(reads_below_the_script_folder_only)
{
    fspolicy *p = make_policy(0);
    char resolved[PATH_MAX], why[512];
    CHECK(p != NULL);
    CHECK_INT(fspolicy_check_read(p, at("scripts/data.csv"), resolved, sizeof resolved, why, sizeof why), FSPOLICY_OK);
    CHECK_STR(resolved, at("scripts/data.csv"));
    CHECK_INT(fspolicy_check_read(p, at("scripts/sub/../data.csv"), resolved, sizeof resolved, why, sizeof why),
              FSPOLICY_OK);
    CHECK_INT(read_rc(p, at("secret.txt"), why, sizeof why), FSPOLICY_DENIED);
    CHECK(strstr(why, "outside the folders") != NULL);
    CHECK_INT(read_rc(p, at("scripts/../secret.txt"), why, sizeof why), FSPOLICY_DENIED);
    CHECK_INT(read_rc(p, at("scripts/escape"), why, sizeof why), FSPOLICY_DENIED);        /* symlink out */
    CHECK_INT(read_rc(p, at("scripts/nosuch.txt"), why, sizeof why), FSPOLICY_MISSING);
    CHECK(strstr(why, "No such file") != NULL);
    fspolicy_destroy(p);
}

TEST(hidden_and_system_files_refused)
{
    fspolicy *p = make_policy(0);
    char why[512];
    CHECK(p != NULL);
    CHECK_INT(read_rc(p, at("scripts/.env"), why, sizeof why), FSPOLICY_DENIED);
    CHECK(strstr(why, "hidden") != NULL);
    CHECK_INT(read_rc(p, at("scripts/.git/config"), why, sizeof why), FSPOLICY_DENIED);
    CHECK_INT(read_rc(p, "/proc/self/environ", why, sizeof why), FSPOLICY_DENIED);
    CHECK(strstr(why, "/proc") != NULL);
    CHECK_INT(read_rc(p, at("scripts/proc_link"), why, sizeof why), FSPOLICY_DENIED);     /* -> /proc/self/environ */
    CHECK_INT(read_rc(p, "/etc/passwd", why, sizeof why), FSPOLICY_DENIED);
    CHECK(fspolicy_allow_read(p, "/", why, sizeof why) != 0);
    CHECK(fspolicy_allow_read(p, "/proc", why, sizeof why) != 0);
    CHECK(fspolicy_allow_read(p, "/sys/kernel", why, sizeof why) != 0);
    CHECK(fspolicy_allow_read(p, at("nosuch"), why, sizeof why) != 0);
    CHECK(fspolicy_allow_read(p, at("secret.txt"), why, sizeof why) != 0);                 /* not a folder */
    fspolicy_destroy(p);
}

TEST(database_never_readable)
{
    fspolicy *p = make_policy(0);
    char why[512];
    CHECK(p != NULL);
    CHECK_INT(read_rc(p, at("scripts/news.db"), why, sizeof why), FSPOLICY_DENIED);
    CHECK(strstr(why, "database") != NULL);
    CHECK_INT(read_rc(p, at("scripts/news.db-wal"), why, sizeof why), FSPOLICY_DENIED);
    CHECK_INT(read_rc(p, at("scripts/db_link"), why, sizeof why), FSPOLICY_DENIED);       /* symlink */
    CHECK_INT(read_rc(p, at("scripts/db_hardlink"), why, sizeof why), FSPOLICY_DENIED);   /* hard link */
    fspolicy_destroy(p);
}

TEST(outputs_only_where_the_caller_said)
{
    fspolicy *p = make_policy(0);
    char out[PATH_MAX], why[512];
    CHECK(p != NULL);
    CHECK(fspolicy_output_path(p, "report.pdf", out, sizeof out, why, sizeof why) != 0);
    CHECK(strstr(why, "-o FILE") != NULL);
    CHECK(fspolicy_write_dir(p) == NULL);
    fspolicy_destroy(p);

    p = make_policy(1);
    CHECK(p != NULL);
    CHECK_INT(fspolicy_output_path(p, "report.pdf", out, sizeof out, why, sizeof why), 0);
    CHECK_STR(out, at("out/report.pdf"));
    CHECK_INT(fspolicy_output_path(p, "./sub/x.csv", out, sizeof out, why, sizeof why), 0);
    CHECK_STR(out, at("out/sub/x.csv"));
    CHECK_STR(fspolicy_write_dir(p), at("out"));
    fspolicy_destroy(p);
}

TEST(chosen_names_refused)
{
    static const char *const refused[] = {
        "../escape.pdf", "sub/../../escape.pdf", "/tmp/abs.pdf", ".git/config", "sub/.hidden", ".bashrc",
        "x.lua", "X.LUA", "a\nb.pdf", "tab\t.pdf", "dir/", "", "link_out/x.pdf", "nosuchdir/x.pdf",
        "news.db",   /* the database's own name, in out/ where its symlink is */
    };
    fspolicy *p = make_policy(1);
    char out[PATH_MAX], why[512];
    size_t i;
    CHECK(p != NULL);
    for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        int rc = fspolicy_output_path(p, refused[i], out, sizeof out, why, sizeof why);
        if (rc == 0) printf("# accepted: '%s' -> %s\n", refused[i], out);
        CHECK(rc != 0);
    }
    fspolicy_destroy(p);
}

TEST(output_file_wins_and_is_checked)
{
    fspolicy *p = make_policy(0);
    char out[PATH_MAX], why[512];
    CHECK(p != NULL);
    CHECK(fspolicy_set_output_file(p, at("scripts/news.db"), why, sizeof why) != 0);
    CHECK(strstr(why, "database") != NULL);
    CHECK(fspolicy_set_output_file(p, at("scripts/news.db-shm"), why, sizeof why) != 0);
    CHECK(fspolicy_set_output_file(p, at("scripts/news.db.lock"), why, sizeof why) != 0);
    CHECK(fspolicy_set_output_file(p, at("out/db_link_dir/news.db"), why, sizeof why) != 0);  /* via a folder link */
    CHECK(fspolicy_set_output_file(p, at("nosuchdir/x.pdf"), why, sizeof why) != 0);
    CHECK(fspolicy_set_output_file(p, at("scripts/.git/config"), why, sizeof why) != 0);   /* even as -o */
    CHECK(strstr(why, ".git") != NULL);
    CHECK(fspolicy_check_output(p, "/srv/repo/.git/hooks/pre-commit", why, sizeof why) != 0);
    CHECK_INT(fspolicy_check_output(p, "/srv/repo/.gitignore", why, sizeof why), 0);
    CHECK_INT(fspolicy_set_output_file(p, at("out/final.pdf"), why, sizeof why), 0);
    CHECK_INT(fspolicy_output_path(p, "../../etc/passwd", out, sizeof out, why, sizeof why), 0);
    CHECK_STR(out, at("out/final.pdf"));
    CHECK_INT(fspolicy_output_path(p, NULL, out, sizeof out, why, sizeof why), 0);
    CHECK_STR(out, at("out/final.pdf"));
    CHECK_STR(fspolicy_write_dir(p), at("out"));
    CHECK(fspolicy_set_output_dir(p, at("out"), why, sizeof why) != 0);        /* one of the two */
    fspolicy_destroy(p);
}

TEST(name_rules)
{
    char why[256];
    CHECK_INT(fspolicy_check_output_name("weekly-2023-W43.pdf", 1, why, sizeof why), 0);
    CHECK_INT(fspolicy_check_output_name("/srv/out/weekly.pdf", 0, why, sizeof why), 0);
    CHECK_INT(fspolicy_check_output_name("周报/第43期.pdf", 1, why, sizeof why), 0);
    CHECK(fspolicy_check_output_name("/srv/out/weekly.pdf", 1, why, sizeof why) != 0);
    CHECK(fspolicy_check_output_name("/srv/.git/hooks/pre-commit", 0, why, sizeof why) != 0);
    CHECK(fspolicy_check_output_name("a/../b", 0, why, sizeof why) != 0);
    CHECK(fspolicy_check_output_name("job.lua", 0, why, sizeof why) != 0);
    CHECK(fspolicy_check_output_name("a\x7f", 0, why, sizeof why) != 0);
    CHECK(fspolicy_is_system_path("/proc"));
    CHECK(fspolicy_is_system_path("/dev/shm/x"));
    CHECK(!fspolicy_is_system_path("/devices"));
    CHECK(!fspolicy_is_system_path("/srv/proc"));
}

int main(void)
{
    int ok;
    if (!mkdtemp(tmpdir)) return 1;
    ok = mkdir(at("scripts"), 0755) == 0 && mkdir(at("scripts/sub"), 0755) == 0 && mkdir(at("out"), 0755) == 0 &&
         mkdir(at("out/sub"), 0755) == 0 && mkdir(at("scripts/.git"), 0755) == 0 &&
         mkdir(at("elsewhere"), 0755) == 0;
    touch(at("scripts/data.csv"));
    touch(at("scripts/.env"));
    touch(at("scripts/.git/config"));
    touch(at("scripts/news.db"));
    touch(at("scripts/news.db-wal"));
    touch(at("secret.txt"));
    ok = ok && symlink(at("secret.txt"), at("scripts/escape")) == 0 &&
         symlink("/proc/self/environ", at("scripts/proc_link")) == 0 &&
         symlink(at("scripts/news.db"), at("scripts/db_link")) == 0 &&
         link(at("scripts/news.db"), at("scripts/db_hardlink")) == 0 &&
         symlink(at("elsewhere"), at("out/link_out")) == 0 &&
         symlink(at("scripts"), at("out/db_link_dir")) == 0 &&
         symlink(at("scripts/news.db"), at("out/news.db")) == 0;
    if (!ok) {
        printf("FAIL setup: cannot build %s\n", tmpdir);
        return 1;
    }

    RUN(reads_below_the_script_folder_only);
    RUN(hidden_and_system_files_refused);
    RUN(database_never_readable);
    RUN(outputs_only_where_the_caller_said);
    RUN(chosen_names_refused);
    RUN(output_file_wins_and_is_checked);
    RUN(name_rules);

    {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
        if (system(cmd) != 0) return 1;
    }
    return harness_done();
}
