/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fontcache.c — fontconfig's answers kept between runs, checked against the
 * identity of every file and folder they depend on (fontcache.h). */
#include "fonts/fontcache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>

#include "util/paths.h"
#include "util/sbuf.h"

#define FONTCACHE_HEADER "brief fontconfig cache 1\n"
#define FONTCACHE_END "end\n"
#define FONTCACHE_NAME "fontconfig.cache"
#define FONTCACHE_MAX_BYTES ((size_t)1 << 20)

/* fontconfig's environment (fontconfig(3), fonts-conf(5)): where it looks
 * for its configuration, fonts and caches. */
static const char *const fc_env[] = {
    "FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "HOME",
    "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
};

typedef struct answer {
    char *family;
    int weight, slant;
    char *path;        /* NULL: not installed */
    unsigned index;
} answer;

struct fontcache {
    char file[PATH_MAX];   /* "": no cache file */
    char dir[PATH_MAX];
    sbuf state;            /* the version, environment and stamp lines of the answers */
    int stamped;           /* state describes what fontconfig was seen in, this run */
    int usable;            /* the environment can be stored (no line breaks) */
    answer *answers;
    size_t count, cap;
    int dirty;
};

/* The first lines of the state: fontconfig's version and environment.
 * 0, or -1 when a variable holds a line break (such a state is never kept). */
static int state_begin(sbuf *b)
{
    size_t i;
    sbuf_printf(b, "fontconfig %d\n", FcGetVersion());
    for (i = 0; i < sizeof fc_env / sizeof fc_env[0]; i++) {
        const char *v = getenv(fc_env[i]);
        if (v && strchr(v, '\n')) return -1;
        if (v) sbuf_printf(b, "env %s=%s\n", fc_env[i], v);
        else sbuf_printf(b, "env %s\n", fc_env[i]);
    }
    return 0;
}

/* One stamp line: what path is now (stat, following links as fontconfig
 * does), or that it does not exist. A path with a line break is skipped by
 * the caller. */
static void stamp_line(sbuf *b, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        sbuf_printf(b, "stamp -\t%s\n", path);
        return;
    }
    sbuf_printf(b, "stamp %llu %llu %lld %lld.%09ld %lld.%09ld\t%s\n", (unsigned long long)st.st_dev,
                (unsigned long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec, path);
}

static int stamp_path(sbuf *b, const char *path)
{
    if (!path || !*path || strchr(path, '\n') || strchr(path, '\t')) return -1;
    stamp_line(b, path);
    return 0;
}

/* The paths of list; with folders, also the folder that holds each (once
 * for a run of paths in the same folder): a configuration file added
 * beside the others (a new conf.d entry, a local.conf) changes the
 * folder's times. A font folder needs no such thing: fontconfig lists
 * every folder it scans, and one added inside it changes its times. */
static int stamp_list(sbuf *b, FcStrList *list, int folders)
{
    char parent[PATH_MAX], last[PATH_MAX] = "";
    FcChar8 *s;
    int rc = 0;
    if (!list) return -1;
    while ((s = FcStrListNext(list))) {
        if (stamp_path(b, (const char *)s) != 0) rc = -1;
        if (folders && rc == 0 && paths_dirname((const char *)s, parent, sizeof parent) == 0 &&
            strcmp(parent, (const char *)s) != 0 && strcmp(parent, last) != 0) {
            stamp_line(b, parent);
            snprintf(last, sizeof last, "%s", parent);
        }
    }
    FcStrListDone(list);
    return rc;
}

/* The user's configuration files that fontconfig's default configuration
 * includes when they exist (fonts-conf(5), 50-user.conf), and the user's
 * font folders: absent now, they must still be absent for the answers to
 * hold. */
/* stamp_path of base + tail; a path too long for PATH_MAX is skipped. */
static void stamp_under(sbuf *b, const char *base, const char *tail)
{
    char p[PATH_MAX];
    if (base[0] && (size_t)snprintf(p, sizeof p, "%s%s", base, tail) < sizeof p) stamp_path(b, p);
}

static void stamp_user_files(sbuf *b)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *data = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char cfg[PATH_MAX] = "", dat[PATH_MAX] = "", hom[PATH_MAX] = "";
    if (home && home[0] == '/' && strlen(home) < sizeof hom) strcpy(hom, home);
    if (xdg && xdg[0] == '/' && strlen(xdg) < sizeof cfg) strcpy(cfg, xdg);
    else if (hom[0] && (size_t)snprintf(cfg, sizeof cfg, "%s/.config", hom) >= sizeof cfg) cfg[0] = '\0';
    if (data && data[0] == '/' && strlen(data) < sizeof dat) strcpy(dat, data);
    else if (hom[0] && (size_t)snprintf(dat, sizeof dat, "%s/.local/share", hom) >= sizeof dat) dat[0] = '\0';
    stamp_under(b, cfg, "/fontconfig/fonts.conf");
    stamp_under(b, cfg, "/fontconfig/conf.d");
    stamp_under(b, dat, "/fonts");
    stamp_under(b, hom, "/.fonts.conf");
    stamp_under(b, hom, "/.fonts.conf.d");
    stamp_under(b, hom, "/.fonts");
}

/* A folder or file of the cache is trusted only if it is the user's own,
 * not a link, and nobody else may write it. */
static int owned_safely(const struct stat *st, mode_t type)
{
    return (st->st_mode & S_IFMT) == type && st->st_uid == geteuid() && (st->st_mode & 022) == 0;
}

static void answers_clear(fontcache *c)
{
    size_t i;
    for (i = 0; i < c->count; i++) {
        free(c->answers[i].family);
        free(c->answers[i].path);
    }
    c->count = 0;
}

static int answer_add(fontcache *c, const char *family, size_t flen, int weight, int slant, const char *path,
                      size_t plen, unsigned index)
{
    answer *a;
    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        answer *n = realloc(c->answers, cap * sizeof *n);
        if (!n) return -1;
        c->answers = n;
        c->cap = cap;
    }
    a = &c->answers[c->count];
    a->family = strndup(family, flen);
    a->path = path ? strndup(path, plen) : NULL;
    if (!a->family || (path && !a->path)) {
        free(a->family);
        free(a->path);
        return -1;
    }
    a->weight = weight;
    a->slant = slant;
    a->index = index;
    c->count++;
    return 0;
}

/* The stamps of the stored state, checked against the files as they are
 * now: the state rebuilt from the same paths must be the stored one. */
static int stamps_hold(const char *stamps, size_t len)
{
    sbuf now = SBUF_INIT;
    const char *p = stamps, *end = stamps + len;
    int ok = 1;
    char path[PATH_MAX];
    while (ok && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p)), *tab;
        if (!nl || strncmp(p, "stamp ", 6) != 0 || !(tab = memchr(p, '\t', (size_t)(nl - p))) ||
            (size_t)(nl - tab - 1) >= sizeof path) {
            ok = 0;
            break;
        }
        memcpy(path, tab + 1, (size_t)(nl - tab - 1));
        path[nl - tab - 1] = '\0';
        stamp_line(&now, path);
        p = nl + 1;
    }
    ok = ok && !now.failed && now.len == len && memcmp(now.data, stamps, len) == 0;
    sbuf_free(&now);
    return ok;
}

/* "find WEIGHT SLANT INDEX\tFAMILY\tPATH" (INDEX -1 and no path: missing). */
static int parse_answer(fontcache *c, const char *line, const char *nl)
{
    int weight, slant, n = 0;
    long index;
    const char *fam, *tab;
    if (sscanf(line, "find %d %d %ld%n", &weight, &slant, &index, &n) != 3 || n <= 0 || line[n] != '\t')
        return -1;
    fam = line + n + 1;
    tab = memchr(fam, '\t', (size_t)(nl - fam));
    if (!tab || tab == fam || index < -1 || index > INT_MAX) return -1;
    if (index < 0) return tab + 1 == nl ? answer_add(c, fam, (size_t)(tab - fam), weight, slant, NULL, 0, 0) : -1;
    if (tab[1] != '/') return -1;
    return answer_add(c, fam, (size_t)(tab - fam), weight, slant, tab + 1, (size_t)(nl - tab - 1), (unsigned)index);
}

/* Reads and checks the cache file; on any doubt the cache stays empty. */
static void cache_read(fontcache *c)
{
    struct stat st;
    char *buf = NULL, *p, *end, *stamps = NULL;
    size_t state_len, got;
    int fd = -1, ok = 0;

    if (lstat(c->dir, &st) != 0 || !owned_safely(&st, S_IFDIR)) return;
    fd = open(c->file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !owned_safely(&st, S_IFREG) || (size_t)st.st_size > FONTCACHE_MAX_BYTES)
        goto done;
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) goto done;
    got = paths_read_full(fd, buf, (size_t)st.st_size);
    if (got != (size_t)st.st_size) goto done;
    buf[got] = '\0';
    end = buf + got;
    /* the header, then this run's version and environment, exactly */
    state_len = c->state.len;
    if (got < strlen(FONTCACHE_HEADER) + state_len + strlen(FONTCACHE_END) ||
        memcmp(buf, FONTCACHE_HEADER, strlen(FONTCACHE_HEADER)) != 0 ||
        memcmp(buf + strlen(FONTCACHE_HEADER), c->state.data, state_len) != 0 ||
        memchr(buf, '\0', got) != NULL || strcmp(end - strlen(FONTCACHE_END), FONTCACHE_END) != 0 ||
        (got > strlen(FONTCACHE_END) && end[-(long)strlen(FONTCACHE_END) - 1] != '\n'))
        goto done;
    p = buf + strlen(FONTCACHE_HEADER) + state_len;
    stamps = p;
    while (p < end && strncmp(p, "stamp ", 6) == 0) p = strchr(p, '\n') + 1;
    if (!stamps_hold(stamps, (size_t)(p - stamps))) goto done;
    if (sbuf_append(&c->state, stamps, (size_t)(p - stamps)) != 0) goto done;
    while (p < end - strlen(FONTCACHE_END)) {
        char *nl = strchr(p, '\n');
        if (parse_answer(c, p, nl) != 0) goto done;
        p = nl + 1;
    }
    ok = 1;
done:
    if (!ok) {
        /* back to the version and environment lines alone */
        answers_clear(c);
        sbuf_clear(&c->state);
        if (state_begin(&c->state) != 0 || c->state.failed) c->usable = 0;
    }
    c->stamped = ok;
    free(buf);
    if (fd >= 0) close(fd);
}

fontcache *fontcache_open(const char *dir)
{
    fontcache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->state = (sbuf)SBUF_INIT;
    if (!dir) {
        if (paths_cache_dir(c->dir, sizeof c->dir) != 0) c->dir[0] = '\0';
    } else {
        snprintf(c->dir, sizeof c->dir, "%s", dir);
    }
    c->usable = c->dir[0] == '/' && state_begin(&c->state) == 0 && !c->state.failed &&
                (size_t)snprintf(c->file, sizeof c->file, "%s/%s", c->dir, FONTCACHE_NAME) < sizeof c->file;
    if (c->usable) cache_read(c);
    else c->file[0] = '\0';
    return c;
}

void fontcache_close(fontcache *c)
{
    if (!c) return;
    answers_clear(c);
    free(c->answers);
    sbuf_free(&c->state);
    free(c);
}

int fontcache_find(const fontcache *c, const char *family, int weight, int slant, char *path,
                   size_t pathlen, unsigned *index)
{
    size_t i;
    if (!c || !c->stamped) return -1;
    for (i = 0; i < c->count; i++) {
        const answer *a = &c->answers[i];
        if (a->weight != weight || a->slant != slant || strcmp(a->family, family) != 0) continue;
        if (!a->path) return 0;
        if ((size_t)snprintf(path, pathlen, "%s", a->path) >= pathlen) return -1;
        *index = a->index;
        return 1;
    }
    return -1;
}

int fontcache_stamp(fontcache *c, void *config)
{
    FcConfig *cfg = config;
    sbuf fresh = SBUF_INIT;
    int rc = 0;
    if (!c || !c->usable) return 0;
    if (state_begin(&fresh) != 0 || stamp_list(&fresh, FcConfigGetConfigFiles(cfg), 1) != 0 ||
        stamp_list(&fresh, FcConfigGetFontDirs(cfg), 0) != 0) {
        /* a path that cannot be stored: this state is never kept */
        c->usable = 0;
    } else {
        stamp_user_files(&fresh);
    }
    if (fresh.failed) {
        c->usable = 0;
        rc = -1;
    }
    if (c->usable && !(c->stamped && fresh.len == c->state.len && memcmp(fresh.data, c->state.data, fresh.len) == 0)) {
        /* another state than the stored answers': they go */
        if (c->count) c->dirty = 1;
        answers_clear(c);
        sbuf_free(&c->state);
        c->state = fresh;
        fresh = (sbuf)SBUF_INIT;
    }
    c->stamped = c->usable;
    sbuf_free(&fresh);
    return rc;
}

void fontcache_put(fontcache *c, const char *family, int weight, int slant, const char *path, unsigned index)
{
    if (!c || !c->usable || !c->stamped || strpbrk(family, "\t\n") || (path && (path[0] != '/' || strpbrk(path, "\t\n"))))
        return;
    if (answer_add(c, family, strlen(family), weight, slant, path, path ? strlen(path) : 0, index) != 0) {
        c->usable = 0;
        return;
    }
    c->dirty = 1;
}

/* The cache folder, made if missing (mode 0700; its parent, ~/.cache, too
 * when missing), and then trusted only as fontcache.h says. */
static int dir_ready(const char *dir)
{
    char parent[PATH_MAX];
    struct stat st;
    if (paths_dirname(dir, parent, sizeof parent) == 0 && stat(parent, &st) != 0 && errno == ENOENT)
        (void)mkdir(parent, 0700);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) return -1;
    return lstat(dir, &st) == 0 && owned_safely(&st, S_IFDIR) ? 0 : -1;
}

int fontcache_save(fontcache *c)
{
    sbuf out = SBUF_INIT;
    char err[PATH_MAX + 256];
    size_t i;
    int rc = 0;
    if (!c || !c->usable || !c->stamped || !c->dirty) return 0;
    sbuf_puts(&out, FONTCACHE_HEADER);
    sbuf_append(&out, c->state.data, c->state.len);
    for (i = 0; i < c->count; i++) {
        const answer *a = &c->answers[i];
        if (a->path) sbuf_printf(&out, "find %d %d %u\t%s\t%s\n", a->weight, a->slant, a->index, a->family, a->path);
        else sbuf_printf(&out, "find %d %d -1\t%s\t\n", a->weight, a->slant, a->family);
    }
    sbuf_puts(&out, FONTCACHE_END);
    if (out.failed || out.len > FONTCACHE_MAX_BYTES || dir_ready(c->dir) != 0 ||
        paths_write_atomic(c->file, out.data, out.len, err, sizeof err) != 0)
        rc = -1;
    else c->dirty = 0;
    sbuf_free(&out);
    return rc;
}
