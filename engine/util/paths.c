/* paths.c — data-file lookup and atomic file replacement. */
#include "util/paths.h"

#include <errno.h>
#include <fcntl.h>
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

int paths_temp_beside(const char *path, char *tmp, size_t tmplen, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    const char *base = strrchr(path, '/');
    int n, fd;

    base = base ? base + 1 : path;
    dir_of(path, dir, sizeof dir);
    n = snprintf(tmp, tmplen, "%s/.%s.tmp.XXXXXX", dir, base);
    if (n < 0 || (size_t)n >= tmplen) {
        snprintf(err, errlen, "%s: path too long", path);
        return -1;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create a file in %s: %s", path, dir, strerror(errno));
        return -1;
    }
    return fd;
}

int paths_commit_atomic(int fd, const char *tmp, const char *path, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    int dfd;

    if (fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        unlink(tmp);
        return -1;
    }
    if (close(fd) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
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
            unlink(tmp);
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return paths_commit_atomic(fd, tmp, path, err, errlen);
}
