/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_paths.c — where brief finds its data home and its configuration
 * (util/paths.h). The installed layouts (<prefix>/share/brief, the built-in
 * directory) are tested end to end by tests/e2e/install.sh, which moves the
 * executable; this driver runs from build/unit, inside the checkout. */
#include "harness.h"
#include "util/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A fresh directory under $TMPDIR; its path into out. */
static int temp_dir(char *out, size_t outlen)
{
    snprintf(out, outlen, "%s/brief-paths-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(out) ? 0 : -1;
}

static int touch(const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp) return -1;
    fputs("body = DejaVu Sans\n", fp);
    return fclose(fp);
}

/* The checkout this driver was built in: the data home found beside the
 * executable (two levels above build/unit). */
TEST(checkout_is_the_home_beside_the_executable)
{
    char home[PATH_MAX], roles[PATH_MAX + 32], file[PATH_MAX];
    paths_home_kind kind = 0;
    unsetenv("BRIEF_HOME");
    CHECK_INT(paths_data_home(home, sizeof home, &kind), 0);
    CHECK_INT(kind, PATHS_HOME_BESIDE_EXE);
    snprintf(roles, sizeof roles, "%s/fonts/roles.conf", home);
    CHECK(access(roles, R_OK) == 0);
    snprintf(roles, sizeof roles, "%s/engine/util/paths.c", home);
    CHECK(access(roles, R_OK) == 0);
    CHECK_INT(paths_data_file("data/mentions", file, sizeof file), 0);
    snprintf(roles, sizeof roles, "%s/data/mentions", home);
    CHECK_STR(file, roles);
}

TEST(brief_home_wins_even_when_it_lacks_the_data)
{
    char home[PATH_MAX], file[PATH_MAX];
    paths_home_kind kind = 0;
    setenv("BRIEF_HOME", "/nonexistent/brief", 1);
    CHECK_INT(paths_data_home(home, sizeof home, &kind), 0);
    CHECK_INT(kind, PATHS_HOME_ENV);
    CHECK_STR(home, "/nonexistent/brief");
    CHECK_INT(paths_data_file("fonts/roles.conf", file, sizeof file), 0);
    CHECK_STR(file, "/nonexistent/brief/fonts/roles.conf");
    /* Empty is unset. */
    setenv("BRIEF_HOME", "", 1);
    CHECK_INT(paths_data_home(home, sizeof home, &kind), 0);
    CHECK_INT(kind, PATHS_HOME_BESIDE_EXE);
    unsetenv("BRIEF_HOME");
}

TEST(too_small_buffers_fail)
{
    char small[8];
    paths_home_kind kind;
    setenv("BRIEF_HOME", "/a/rather/long/directory", 1);
    CHECK_INT(paths_data_home(small, sizeof small, &kind), -1);
    CHECK_INT(paths_data_file("fonts/roles.conf", small, sizeof small), -1);
    CHECK_INT(paths_config("roles.conf", "fonts/roles.conf", small, sizeof small, NULL), -1);
    unsetenv("BRIEF_HOME");
}

/* $XDG_CONFIG_HOME/brief/NAME, else ~/.config/brief/NAME, else the shipped
 * file; the first that exists wins, whole. */
TEST(user_configuration_replaces_the_shipped_one)
{
    char dir[PATH_MAX], sub[PATH_MAX + 16], conf[PATH_MAX + 32], out[PATH_MAX], shipped[PATH_MAX];
    paths_config_kind kind = 0;
    CHECK_INT(temp_dir(dir, sizeof dir), 0);
    unsetenv("BRIEF_HOME");
    setenv("XDG_CONFIG_HOME", dir, 1);
    CHECK_INT(paths_data_file("fonts/roles.conf", shipped, sizeof shipped), 0);
    /* Nothing in the user's directory (and, in a test, nothing in the
     * site's): the shipped file. */
    CHECK_INT(paths_config("roles.conf", "fonts/roles.conf", out, sizeof out, &kind), 0);
    if (kind == PATHS_CONFIG_SITE) { harness_skip("this machine has a site roles.conf"); return; }
    CHECK_INT(kind, PATHS_CONFIG_SHIPPED);
    CHECK_STR(out, shipped);
    snprintf(sub, sizeof sub, "%s/brief", dir);
    CHECK_INT(mkdir(sub, 0700), 0);
    snprintf(conf, sizeof conf, "%s/roles.conf", sub);
    CHECK_INT(touch(conf), 0);
    CHECK_INT(paths_config("roles.conf", "fonts/roles.conf", out, sizeof out, &kind), 0);
    CHECK_INT(kind, PATHS_CONFIG_USER);
    CHECK_STR(out, conf);
    /* A directory counts too (mentions/). */
    snprintf(conf, sizeof conf, "%s/mentions", sub);
    CHECK_INT(mkdir(conf, 0700), 0);
    CHECK_INT(paths_config("mentions", "data/mentions", out, sizeof out, &kind), 0);
    CHECK_INT(kind, PATHS_CONFIG_USER);
    CHECK_STR(out, conf);
    rmdir(conf);
    snprintf(conf, sizeof conf, "%s/roles.conf", sub);
    unlink(conf);
    rmdir(sub);
    rmdir(dir);
    unsetenv("XDG_CONFIG_HOME");
}

/* The XDG rule: a relative $XDG_CONFIG_HOME is ignored for $HOME/.config. */
TEST(dirname_of_a_path)
{
    char dir[8];
    CHECK_INT(paths_dirname("x/y/a.txt", dir, sizeof dir), 0);
    CHECK_STR(dir, "x/y");
    CHECK_INT(paths_dirname("a.txt", dir, sizeof dir), 0);
    CHECK_STR(dir, ".");
    CHECK_INT(paths_dirname("/a.txt", dir, sizeof dir), 0);
    CHECK_STR(dir, "/");
    CHECK_INT(paths_dirname("/srv/b/a.db", dir, sizeof dir), 0);
    CHECK_STR(dir, "/srv/b");
    CHECK_INT(paths_dirname("abcdefgh/a", dir, sizeof dir), -1);
    CHECK_STR(dir, "abcdefg");
}

TEST(relative_xdg_config_home_is_ignored)
{
    char user[PATH_MAX], site[PATH_MAX];
    setenv("XDG_CONFIG_HOME", "relative/config", 1);
    setenv("HOME", "/home/someone", 1);
    CHECK_INT(paths_config_dirs(user, sizeof user, site, sizeof site), 0);
    CHECK_STR(user, "/home/someone/.config/brief");
    CHECK(site[0] == '/');
    CHECK(strcmp(site + strlen(site) - 6, "/brief") == 0);
    setenv("XDG_CONFIG_HOME", "/srv/conf", 1);
    CHECK_INT(paths_config_dirs(user, sizeof user, site, sizeof site), 0);
    CHECK_STR(user, "/srv/conf/brief");
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    CHECK_INT(paths_config_dirs(user, sizeof user, site, sizeof site), 0);
    CHECK_STR(user, "");
}

TEST(cache_dir_follows_xdg_cache_home)
{
    char dir[PATH_MAX];
    setenv("HOME", "/home/someone", 1);
    setenv("XDG_CACHE_HOME", "relative/cache", 1);
    CHECK_INT(paths_cache_dir(dir, sizeof dir), 0);
    CHECK_STR(dir, "/home/someone/.cache/brief");
    setenv("XDG_CACHE_HOME", "/var/tmp/c", 1);
    CHECK_INT(paths_cache_dir(dir, sizeof dir), 0);
    CHECK_STR(dir, "/var/tmp/c/brief");
    CHECK_INT(paths_cache_dir(dir, 4), -1);
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HOME");
    CHECK_INT(paths_cache_dir(dir, sizeof dir), 0);
    CHECK_STR(dir, "");
}

/* A pipe delivers in pieces: all of it comes back; past its end, what
 * there was; a closed descriptor, nothing. */
TEST(read_full_gathers_short_reads)
{
    int fds[2];
    char buf[64];
    pid_t pid;
    CHECK_INT(pipe(fds), 0);
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        for (int i = 0; i < 10; i++) {
            if (write(fds[1], "abcd", 4) != 4) _exit(1);
            usleep(2000);
        }
        _exit(0);
    }
    close(fds[1]);
    CHECK_INT(paths_read_full(fds[0], buf, 32), 32);
    CHECK(memcmp(buf, "abcdabcdabcdabcdabcdabcdabcdabcd", 32) == 0);
    CHECK_INT(paths_read_full(fds[0], buf, sizeof buf), 8);
    close(fds[0]);
    waitpid(pid, NULL, 0);
    CHECK_INT(paths_read_full(fds[0], buf, sizeof buf), 0);
}

TEST(write_full_writes_all_or_says_why)
{
    static char big[256 * 1024], back[sizeof big];
    int fds[2], status = -1, fd;
    pid_t pid;
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)(i * 7 + i / 251);
    CHECK_INT(pipe(fds), 0);
    pid = fork();
    if (pid == 0) {   /* reads it all back, in whatever pieces the pipe gives */
        close(fds[1]);
        _exit(paths_read_full(fds[0], back, sizeof back) == sizeof back && memcmp(back, big, sizeof big) == 0 ? 0 : 1);
    }
    close(fds[0]);
    CHECK_INT(paths_write_full(fds[1], big, sizeof big), 0);   /* four times the pipe's buffer */
    close(fds[1]);
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_INT(paths_write_full(-1, big, 0), 0);                 /* nothing to write */
    fd = open("/dev/full", O_WRONLY);
    if (fd >= 0) {
        errno = 0;
        CHECK_INT(paths_write_full(fd, big, 10), -1);
        CHECK_INT(errno, ENOSPC);
        close(fd);
    }
}

int main(void)
{
    RUN(checkout_is_the_home_beside_the_executable);
    RUN(cache_dir_follows_xdg_cache_home);
    RUN(brief_home_wins_even_when_it_lacks_the_data);
    RUN(too_small_buffers_fail);
    RUN(user_configuration_replaces_the_shipped_one);
    RUN(dirname_of_a_path);
    RUN(relative_xdg_config_home_is_ignored);
    RUN(read_full_gathers_short_reads);
    RUN(write_full_writes_all_or_says_why);
    return harness_done();
}
