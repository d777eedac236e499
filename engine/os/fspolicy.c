/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fspolicy.c — the read and write rules of a sandboxed run (see fspolicy.h). */
#include "os/fspolicy.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/paths.h"

struct fspolicy {
    char **read_dirs;           /* resolved folders */
    size_t read_count, read_cap;
    char **protected_names;     /* absolute names, as given and resolved */
    size_t protected_count, protected_cap;
    char *output_file;          /* absolute (folder resolved), or NULL */
    char *output_dir;           /* resolved, or NULL */
    char *write_dir;            /* output_dir, or the output file's resolved folder */
};

/* The folders no sandboxed run reads, whatever a caller allows: the
 * process's environment, other processes, devices and kernel knobs. */
static const char *const system_dirs[] = {"/proc", "/sys", "/dev", NULL};

static int push(char ***list, size_t *count, size_t *cap, char *item)
{
    if (!item) return -1;
    if (*count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        char **grown = realloc(*list, ncap * sizeof *grown);
        if (!grown) {
            free(item);
            return -1;
        }
        *list = grown;
        *cap = ncap;
    }
    (*list)[(*count)++] = item;
    return 0;
}

fspolicy *fspolicy_create(void)
{
    return calloc(1, sizeof(fspolicy));
}

void fspolicy_destroy(fspolicy *p)
{
    size_t i;
    if (!p) return;
    for (i = 0; i < p->read_count; i++) free(p->read_dirs[i]);
    free(p->read_dirs);
    for (i = 0; i < p->protected_count; i++) free(p->protected_names[i]);
    free(p->protected_names);
    free(p->output_file);
    free(p->output_dir);
    free(p->write_dir);
    free(p);
}

/* 1 when path is dir or below it (both absolute, normalised). */
static int is_below(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/') return path[0] == '/';
    return strncmp(dir, path, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

int fspolicy_is_system_path(const char *abs)
{
    const char *const *d;
    for (d = system_dirs; *d; d++)
        if (is_below(*d, abs)) return 1;
    return 0;
}

/* path made absolute against the working directory, lexically normalised
 * (malloc'd), or NULL. */
static char *absolute(const char *path)
{
    char cwd[PATH_MAX];
    if (path[0] == '/') return paths_normalize(NULL, path);
    if (!getcwd(cwd, sizeof cwd)) return NULL;
    return paths_normalize(cwd, path);
}

/* dir resolved into resolved (PATH_MAX bytes): an existing folder, not
 * "/" nor under /proc, /sys, /dev. 0, or -1 with a message naming what
 * for (its role) in err. */
static int resolve_folder(const char *dir, const char *what, char *resolved, char *err, size_t errlen)
{
    struct stat sb;
    if (!realpath(dir, resolved) || stat(resolved, &sb) != 0) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(sb.st_mode)) {
        snprintf(err, errlen, "%s: not a folder", dir);
        return -1;
    }
    if (strcmp(resolved, "/") == 0 || fspolicy_is_system_path(resolved)) {
        snprintf(err, errlen, "%s: a sandboxed run may not %s all of %s (name a folder of your own, or use --trust)",
                 dir, what, resolved);
        return -1;
    }
    return 0;
}

int fspolicy_allow_read(fspolicy *p, const char *dir, char *err, size_t errlen)
{
    char resolved[PATH_MAX];
    if (resolve_folder(dir, "read", resolved, err, errlen) != 0) return -1;
    if (push(&p->read_dirs, &p->read_count, &p->read_cap, strdup(resolved)) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int fspolicy_protect(fspolicy *p, const char *path, int with_sidecars)
{
    static const char *const sidecars[] = {"", "-wal", "-shm", "-journal", ".lock", NULL};
    static const char *const alone[] = {"", NULL};
    const char *const *suffix;
    char resolved[PATH_MAX];
    char *abs = absolute(path);
    int have_resolved = realpath(path, resolved) != NULL;
    int rc = 0;

    if (!abs) return -1;
    for (suffix = with_sidecars ? sidecars : alone; *suffix && rc == 0; suffix++) {
        size_t n = strlen(abs) + strlen(*suffix) + 1;
        char *name = malloc(n);
        if (name) snprintf(name, n, "%s%s", abs, *suffix);
        rc = push(&p->protected_names, &p->protected_count, &p->protected_cap, name);
        if (rc == 0 && have_resolved && strcmp(resolved, abs) != 0) {
            n = strlen(resolved) + strlen(*suffix) + 1;
            name = malloc(n);
            if (name) snprintf(name, n, "%s%s", resolved, *suffix);
            rc = push(&p->protected_names, &p->protected_count, &p->protected_cap, name);
        }
    }
    free(abs);
    return rc;
}

/* 1 when abs (absolute) names a protected file: by name, or by device and
 * inode when both exist (a hard link, a symlinked folder). */
static int is_protected(const fspolicy *p, const char *abs)
{
    struct stat target, sb;
    int have_target = stat(abs, &target) == 0;
    size_t i;
    for (i = 0; i < p->protected_count; i++) {
        if (strcmp(p->protected_names[i], abs) == 0) return 1;
        if (have_target && stat(p->protected_names[i], &sb) == 0 && sb.st_dev == target.st_dev &&
            sb.st_ino == target.st_ino)
            return 1;
    }
    return 0;
}

/* The first component of rel (a path below an allowed folder) that starts
 * with ".", or NULL. */
static const char *hidden_component(const char *rel)
{
    const char *s = rel;
    while (*s) {
        while (*s == '/') s++;
        if (*s == '.' && s[1] != '/' && s[1] != '\0') return s;
        s += strcspn(s, "/");
    }
    return NULL;
}

int fspolicy_check_read(const fspolicy *p, const char *path, char *resolved, size_t resolvedlen,
                        char *err, size_t errlen)
{
    char real[PATH_MAX];
    size_t i;

    if (!realpath(path, real)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return FSPOLICY_MISSING;
    }
    if (fspolicy_is_system_path(real)) {
        snprintf(err, errlen, "'%s' is under /proc, /sys or /dev, which a sandboxed script may not read", path);
        return FSPOLICY_DENIED;
    }
    if (is_protected(p, real)) {
        snprintf(err, errlen, "'%s' is the database file, which a sandboxed script may not read"
                 " (query it with brief.data)", path);
        return FSPOLICY_DENIED;
    }
    for (i = 0; i < p->read_count; i++) {
        const char *dir = p->read_dirs[i];
        if (!is_below(dir, real)) continue;
        if (hidden_component(real + strlen(dir))) {
            snprintf(err, errlen, "'%s' is a hidden file or folder (its name starts with '.'),"
                     " which a sandboxed script may not read", path);
            return FSPOLICY_DENIED;
        }
        if (strlen(real) >= resolvedlen) {
            snprintf(err, errlen, "%s: path too long", path);
            return FSPOLICY_DENIED;
        }
        memcpy(resolved, real, strlen(real) + 1);
        return FSPOLICY_OK;
    }
    snprintf(err, errlen, "'%s' is outside the folders a sandboxed script may read"
             " (the script's folder, brief's data folder, and --allow-read DIR)", path);
    return FSPOLICY_DENIED;
}

int fspolicy_check_output_name(const char *name, int relative, char *err, size_t errlen)
{
    const unsigned char *c;
    const char *s;
    size_t len = strlen(name);

    if (len == 0) {
        snprintf(err, errlen, "an output needs a file name");
        return -1;
    }
    if (relative && name[0] == '/') {
        snprintf(err, errlen, "output '%s' must be a relative name", name);
        return -1;
    }
    for (c = (const unsigned char *)name; *c; c++)
        if (*c < 0x20 || *c == 0x7f) {
            snprintf(err, errlen, "output '%s' holds a control character", name);
            return -1;
        }
    if (name[len - 1] == '/') {
        snprintf(err, errlen, "output '%s' names a folder, not a file", name);
        return -1;
    }
    for (s = name; *s;) {
        size_t n;
        while (*s == '/') s++;
        n = strcspn(s, "/");
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            snprintf(err, errlen, "output '%s' may not go up a folder ('..')", name);
            return -1;
        }
        if (n > 1 && s[0] == '.') {
            snprintf(err, errlen, "output '%s' may not be or be inside a hidden file or folder ('%.*s')",
                     name, (int)n, s);
            return -1;
        }
        s += n;
    }
    if (len >= 4 && strcasecmp(name + len - 4, ".lua") == 0) {
        snprintf(err, errlen, "output '%s' may not be a Lua file", name);
        return -1;
    }
    return 0;
}

/* 1 when a component of abs is ".git": a repository's own files (its
 * config and hooks run commands) are never an output. */
static int inside_git(const char *abs)
{
    const char *s = abs;
    while (*s) {
        size_t n;
        while (*s == '/') s++;
        n = strcspn(s, "/");
        if (n == 4 && memcmp(s, ".git", 4) == 0) return 1;
        s += n;
    }
    return 0;
}

int fspolicy_check_output(const fspolicy *p, const char *path, char *err, size_t errlen)
{
    char *abs = absolute(path);
    char parent[PATH_MAX];
    int bad;
    if (!abs) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    if (inside_git(abs)) {
        snprintf(err, errlen, "'%s' is inside a .git folder: never an output", path);
        free(abs);
        return -1;
    }
    bad = is_protected(p, abs);
    if (!bad) {
        /* The folder resolved too: "link/news.db" where link is the
         * database's folder. */
        char *slash = strrchr(abs, '/');
        *slash = '\0';
        if (realpath(*abs ? abs : "/", parent)) {
            size_t n = strlen(parent) + strlen(slash + 1) + 2;
            char *joined = malloc(n);
            if (joined) {
                snprintf(joined, n, "%s/%s", strcmp(parent, "/") == 0 ? "" : parent, slash + 1);
                bad = is_protected(p, joined);
                free(joined);
            }
        }
    }
    free(abs);
    if (bad) {
        snprintf(err, errlen, "'%s' is the database or one of its files: never an output", path);
        return -1;
    }
    return 0;
}

/* The resolved folder that holds path (which need not exist), into out. */
static int resolved_parent(const char *path, char *out, char *err, size_t errlen)
{
    char *abs = absolute(path);
    char *slash;
    int rc = 0;
    if (!abs) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    slash = strrchr(abs, '/');
    *slash = '\0';
    if (!realpath(*abs ? abs : "/", out)) {
        snprintf(err, errlen, "%s: cannot use its folder %s: %s", path, *abs ? abs : "/", strerror(errno));
        rc = -1;
    }
    free(abs);
    return rc;
}

int fspolicy_set_output_file(fspolicy *p, const char *path, char *err, size_t errlen)
{
    char dir[PATH_MAX];
    const char *base = strrchr(path, '/');
    size_t n;
    base = base ? base + 1 : path;
    if (p->output_file || p->output_dir) {
        snprintf(err, errlen, "only one output file or folder");
        return -1;
    }
    if (!*base) {
        snprintf(err, errlen, "output '%s' names a folder, not a file", path);
        return -1;
    }
    if (fspolicy_check_output(p, path, err, errlen) != 0 || resolved_parent(path, dir, err, errlen) != 0)
        return -1;
    n = strlen(dir) + strlen(base) + 2;
    p->output_file = malloc(n);
    if (!p->output_file) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    snprintf(p->output_file, n, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, base);
    p->write_dir = strdup(dir);
    if (!p->write_dir) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int fspolicy_set_output_dir(fspolicy *p, const char *dir, char *err, size_t errlen)
{
    char resolved[PATH_MAX];
    if (p->output_file || p->output_dir) {
        snprintf(err, errlen, "only one output file or folder");
        return -1;
    }
    if (resolve_folder(dir, "write in", resolved, err, errlen) != 0) return -1;
    p->output_dir = strdup(resolved);
    p->write_dir = strdup(resolved);
    if (!p->output_dir || !p->write_dir) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int fspolicy_output_path(const fspolicy *p, const char *requested, char *out, size_t outlen,
                         char *err, size_t errlen)
{
    char parent[PATH_MAX];
    char *joined, *slash;
    int rc = -1;

    if (p->output_file) {
        if (strlen(p->output_file) >= outlen) {
            snprintf(err, errlen, "%s: path too long", p->output_file);
            return -1;
        }
        memcpy(out, p->output_file, strlen(p->output_file) + 1);
        return 0;
    }
    if (!p->output_dir) {
        snprintf(err, errlen, "a sandboxed script writes only where the caller says:"
                 " run with -o FILE, or with --output-dir DIR for the names the script chooses");
        return -1;
    }
    if (!requested) {
        snprintf(err, errlen, "no output file: give the script's save a name (it goes below %s) or run with -o FILE",
                 p->output_dir);
        return -1;
    }
    if (fspolicy_check_output_name(requested, 1, err, errlen) != 0) return -1;
    joined = paths_normalize(p->output_dir, requested);
    if (!joined) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    slash = strrchr(joined, '/');
    *slash = '\0';
    /* The folder, symlinks resolved, must still be below the output folder. */
    if (!realpath(joined, parent)) {
        snprintf(err, errlen, "output '%s': no folder %s: %s", requested, joined, strerror(errno));
    } else if (!is_below(p->output_dir, parent)) {
        snprintf(err, errlen, "output '%s' leads out of the output folder %s", requested, p->output_dir);
    } else if (strlen(parent) + strlen(slash + 1) + 2 > outlen) {
        snprintf(err, errlen, "output '%s': path too long", requested);
    } else {
        snprintf(out, outlen, "%s/%s", parent, slash + 1);
        rc = fspolicy_check_output(p, out, err, errlen);
    }
    free(joined);
    return rc;
}

size_t fspolicy_read_dir_count(const fspolicy *p)
{
    return p->read_count;
}

const char *fspolicy_read_dir(const fspolicy *p, size_t i)
{
    return i < p->read_count ? p->read_dirs[i] : NULL;
}

const char *fspolicy_write_dir(const fspolicy *p)
{
    return p->write_dir;
}
