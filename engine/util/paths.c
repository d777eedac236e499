/* paths.c — data-file lookup and atomic file replacement. */
#include "util/paths.h"
#include "util/sbuf.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

int paths_data_file(const char *relative, char *out, size_t outlen)
{
    const char *home = getenv("BRIEF_HOME");
    char exe[PATH_MAX];
    int n;

    if (home && *home) {
        n = snprintf(out, outlen, "%s/%s", home, relative);
        return (n < 0 || (size_t)n >= outlen) ? -1 : 0;
    }
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0) return -1;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return -1;
    *slash = '\0';
    /* Unit tests run from build/unit*: their data lives two levels up. */
    size_t elen = strlen(exe);
    if ((elen >= 11 && strcmp(exe + elen - 11, "/build/unit") == 0) ||
        (elen >= 16 && strcmp(exe + elen - 16, "/build/unit-asan") == 0)) {
        *strrchr(exe, '/') = '\0';
        *strrchr(exe, '/') = '\0';
    }
    n = snprintf(out, outlen, "%s/%s", exe, relative);
    return (n < 0 || (size_t)n >= outlen) ? -1 : 0;
}

static void dir_of(const char *path, char *dir, size_t dirlen)
{
    const char *slash = strrchr(path, '/');
    if (!slash) { snprintf(dir, dirlen, "."); return; }
    if (slash == path) { snprintf(dir, dirlen, "/"); return; }
    snprintf(dir, dirlen, "%.*s", (int)(slash - path), path);
}

/* The temporary files of this process not yet committed or discarded:
 * see paths.h. Slots are claimed and released by the one thread that
 * writes; a signal handler only reads them. */
#define PATHS_TEMP_SLOTS 128
static struct {
    volatile sig_atomic_t used;
    char path[PATH_MAX];
} temps[PATHS_TEMP_SLOTS];

static void temp_track(const char *tmp)
{
    size_t i;
    for (i = 0; i < PATHS_TEMP_SLOTS; i++)
        if (!temps[i].used) {
            snprintf(temps[i].path, sizeof temps[i].path, "%s", tmp);
            temps[i].used = 1;   /* published after the name is complete */
            return;
        }
    /* Full (a writer with 128 files open at once): this one is left to
     * paths_remove_stale_temps. */
}

static void temp_untrack(const char *tmp)
{
    size_t i;
    for (i = 0; i < PATHS_TEMP_SLOTS; i++)
        if (temps[i].used && strcmp(temps[i].path, tmp) == 0) {
            temps[i].used = 0;
            return;
        }
}

void paths_temp_remove_all(void)
{
    size_t i;
    for (i = 0; i < PATHS_TEMP_SLOTS; i++)
        if (temps[i].used) {
            unlink(temps[i].path);
            temps[i].used = 0;
        }
}

void paths_temp_discard(const char *tmp)
{
    unlink(tmp);
    temp_untrack(tmp);
}

int paths_temp_beside(const char *path, char *tmp, size_t tmplen, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    const char *base = strrchr(path, '/');
    int n, fd;

    base = base ? base + 1 : path;
    dir_of(path, dir, sizeof dir);
    n = snprintf(tmp, tmplen, "%s/.%s.tmp.%ld.XXXXXX", dir, base, (long)getpid());
    if (n < 0 || (size_t)n >= tmplen) {
        snprintf(err, errlen, "%s: path too long", path);
        return -1;
    }
    fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create a file in %s: %s", path, dir, strerror(errno));
        return -1;
    }
    temp_track(tmp);
    return fd;
}

/* The process id in a temporary file's name after ".tmp.": "PID.XXXXXX"
 * (mkstemp's six letters and digits), or -1 when the name is not one of
 * ours. */
static long temp_owner(const char *after)
{
    char *end;
    long pid = strtol(after, &end, 10);
    size_t i;
    if (end == after || *end != '.' || strlen(end + 1) != 6 || pid <= 0) return -1;
    for (i = 1; i <= 6; i++)
        if (!isalnum((unsigned char)end[i])) return -1;
    return pid;
}

void paths_remove_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d) return;
    while ((e = readdir(d)) != NULL) {
        const char *mark = e->d_name[0] == '.' ? strstr(e->d_name, ".tmp.") : NULL;
        long pid;
        char full[PATH_MAX];
        if (!mark) continue;
        while (strstr(mark + 1, ".tmp.")) mark = strstr(mark + 1, ".tmp.");   /* the last one */
        pid = temp_owner(mark + 5);
        if (pid < 0 || pid == (long)getpid()) continue;
        if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM)) continue;   /* still running */
        if (snprintf(full, sizeof full, "%s/%s", dir, e->d_name) < (int)sizeof full) unlink(full);
    }
    closedir(d);
}

int paths_commit_atomic(int fd, const char *tmp, const char *path, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    int dfd;

    if (fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        paths_temp_discard(tmp);
        return -1;
    }
    if (close(fd) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        paths_temp_discard(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        paths_temp_discard(tmp);
        return -1;
    }
    temp_untrack(tmp);
    dir_of(path, dir, sizeof dir);
    dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) { fsync(dfd); close(dfd); }
    return 0;
}

int paths_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
    char tmp[PATH_MAX];
    const char *p = data;
    int fd = paths_temp_beside(path, tmp, sizeof tmp, err, errlen);

    if (fd < 0) return -1;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            close(fd);
            paths_temp_discard(tmp);
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return paths_commit_atomic(fd, tmp, path, err, errlen);
}

char *paths_normalize(const char *dir, const char *path)
{
    sbuf joined = SBUF_INIT, out = SBUF_INIT;
    const char *s;
    int absolute;
    size_t kept = 0;            /* components in out that ".." may remove */

    if (path[0] != '/' && dir && *dir && strcmp(dir, ".") != 0) sbuf_printf(&joined, "%s/", dir);
    sbuf_puts(&joined, path);
    if (sbuf_failed(&joined)) {
        sbuf_free(&joined);
        return NULL;
    }
    s = joined.data ? joined.data : "";
    absolute = s[0] == '/';
    if (absolute) sbuf_putc(&out, '/');
    while (*s) {
        const char *end;
        size_t len;
        while (*s == '/') s++;
        end = strchr(s, '/');
        len = end ? (size_t)(end - s) : strlen(s);
        if (len == 0) break;
        if (len == 1 && s[0] == '.') {
            /* drop */
        } else if (len == 2 && s[0] == '.' && s[1] == '.' && kept > 0) {
            char *last = out.len > 0 ? strrchr(out.data, '/') : NULL;
            size_t cut = last ? (size_t)(last - out.data) : 0;
            if (absolute && cut == 0) cut = 1;      /* keep the root */
            out.len = cut;
            out.data[cut] = '\0';
            kept--;
        } else if (len == 2 && s[0] == '.' && s[1] == '.' && absolute) {
            /* "/.." is "/" */
        } else {
            if (out.len > 0 && out.data[out.len - 1] != '/') sbuf_putc(&out, '/');
            sbuf_append(&out, s, len);
            if (!(len == 2 && s[0] == '.' && s[1] == '.')) kept++;
        }
        s += len;
    }
    if (out.len == 0) sbuf_putc(&out, '.');
    sbuf_free(&joined);
    if (sbuf_failed(&out)) {
        sbuf_free(&out);
        return NULL;
    }
    return sbuf_detach(&out);
}
