/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_fontcache.c — fontconfig's answers kept between runs (fonts/fontcache.h):
 * answers come back only in the state they were read in; a stale, corrupt,
 * foreign or badly protected cache file is a miss, never an error. The
 * state is a private fontconfig configuration of one font folder, so the
 * tests change it at will. */
#include "harness.h"
#include "fonts/fontcache.h"

#include <fontconfig/fontconfig.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char root_g[256];    /* test-only: this driver's temporary folder */

static const char *in_root(const char *name)
{
    static char paths[4][PATH_MAX];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, PATH_MAX, "%s/%s", root_g, name);
    return p;
}

static int write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp) return -1;
    fputs(text, fp);
    return fclose(fp);
}

static char *read_file(const char *path)
{
    static char buf[65536];
    FILE *fp = fopen(path, "r");
    size_t n;
    if (!fp) return NULL;
    n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return buf;
}

/* A configuration whose only font folder is root/fonts, its cache in
 * root/fccache. */
static FcConfig *config(void)
{
    FcConfig *cfg = FcConfigCreate();
    char xml[1024];
    snprintf(xml, sizeof xml, "<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>",
             in_root("fonts"), in_root("fccache"));
    if (cfg && (!FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)xml, FcTrue) || !FcConfigBuildFonts(cfg))) {
        FcConfigDestroy(cfg);
        return NULL;
    }
    return cfg;
}

/* A cache in root/cache holding one answer and one "not installed",
 * written as a run that asked fontconfig would write it. */
static int fill(void)
{
    FcConfig *cfg = config();
    fontcache *c = fontcache_open(in_root("cache"));
    int rc;
    if (!cfg || !c) return -1;
    rc = fontcache_stamp(c, cfg);
    fontcache_put(c, "Test Serif", 80, 0, "/usr/share/fonts/test-serif.otf", 2);
    fontcache_put(c, "Nowhere Sans", 200, 100, NULL, 0);
    if (rc == 0) rc = fontcache_save(c);
    fontcache_close(c);
    FcConfigDestroy(cfg);
    return rc;
}

/* What a new run finds for "Test Serif": 1, 0 or -1 as fontcache_find. */
static int lookup(char *path, size_t pathlen, unsigned *index)
{
    fontcache *c = fontcache_open(in_root("cache"));
    int r = fontcache_find(c, "Test Serif", 80, 0, path, pathlen, index);
    fontcache_close(c);
    return r;
}

static void reset(void)
{
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'/*", root_g);
    if (system(cmd) != 0) printf("# cleanup failed\n");
    mkdir(in_root("fonts"), 0755);
    unsetenv("FONTCONFIG_FILE");
}

TEST(answers_come_back_in_the_same_state)
{
    char path[PATH_MAX] = "";
    unsigned index = 99;
    fontcache *c;
    struct stat st;
    reset();
    CHECK_INT(fill(), 0);
    CHECK(stat(in_root("cache"), &st) == 0 && (st.st_mode & 0777) == 0700);
    CHECK_INT(lookup(path, sizeof path, &index), 1);
    CHECK_STR(path, "/usr/share/fonts/test-serif.otf");
    CHECK_INT(index, 2);
    c = fontcache_open(in_root("cache"));
    CHECK_INT(fontcache_find(c, "Nowhere Sans", 200, 100, path, sizeof path, &index), 0);
    /* another weight, slant or name is not known */
    CHECK_INT(fontcache_find(c, "Test Serif", 200, 0, path, sizeof path, &index), -1);
    CHECK_INT(fontcache_find(c, "Test Serif", 80, 100, path, sizeof path, &index), -1);
    CHECK_INT(fontcache_find(c, "test serif", 80, 0, path, sizeof path, &index), -1);
    fontcache_close(c);
    /* a run in the same state adds to the answers it found */
    FcConfig *cfg = config();
    c = fontcache_open(in_root("cache"));
    CHECK_INT(fontcache_stamp(c, cfg), 0);
    fontcache_put(c, "Other", 80, 0, "/x/other.ttf", 0);
    CHECK_INT(fontcache_save(c), 0);
    fontcache_close(c);
    FcConfigDestroy(cfg);
    CHECK_INT(lookup(path, sizeof path, &index), 1);
    c = fontcache_open(in_root("cache"));
    CHECK_INT(fontcache_find(c, "Other", 80, 0, path, sizeof path, &index), 1);
    fontcache_close(c);
}

/* A font installed or removed changes its folder: every answer goes. */
TEST(a_changed_font_folder_drops_every_answer)
{
    char path[PATH_MAX];
    unsigned index;
    reset();
    CHECK_INT(fill(), 0);
    CHECK(write_file(in_root("fonts/new.ttf"), "not really a font") == 0);
    CHECK_INT(lookup(path, sizeof path, &index), -1);
    /* the new state's answers are kept, the old ones are gone for good */
    CHECK_INT(fill(), 0);
    CHECK_INT(lookup(path, sizeof path, &index), 1);
    CHECK(unlink(in_root("fonts/new.ttf")) == 0);
    CHECK_INT(lookup(path, sizeof path, &index), -1);
    /* the folder removed altogether */
    CHECK_INT(fill(), 0);
    CHECK(rmdir(in_root("fonts")) == 0);
    CHECK_INT(lookup(path, sizeof path, &index), -1);
}

/* fontconfig's environment is part of the state. */
TEST(another_fontconfig_environment_misses)
{
    char path[PATH_MAX];
    unsigned index;
    reset();
    CHECK_INT(fill(), 0);
    setenv("FONTCONFIG_FILE", in_root("fonts.conf"), 1);
    CHECK_INT(lookup(path, sizeof path, &index), -1);
    unsetenv("FONTCONFIG_FILE");
    CHECK_INT(lookup(path, sizeof path, &index), 1);
}

/* Corrupt files: truncated, edited, binary, a relative path, an answer
 * line without its fields. Each is a miss, and the next save mends it. */
TEST(corrupt_cache_files_are_ignored)
{
    static const char *const edits[][2] = {
        {"end\n", ""},                                  /* truncated: no end line */
        {"end\n", "en"},
        {"brief fontconfig cache 1", "brief fontconfig cache 9"},
        {"fontconfig ", "fontconfig 1"},
        {"\t/usr/share/fonts/test-serif.otf", "\tusr/share/fonts/test-serif.otf"},
        {"find 80 0 2\t", "find 80 0 x\t"},
        {"find 80 0 2\tTest Serif\t", "find 80 0 2\tTest Serif"},
        {"stamp ", "stamp 1 "},
        {"find 200 100 -1\tNowhere Sans\t\n", "find 200 100 -1\tNowhere Sans\t/x\n"},
        {"end\n", "end\nfind 80 0 0\tX\t/x\n"},
        {"\nfind", "\n\0find"},
    };
    char path[PATH_MAX], file[PATH_MAX], *text, edited[65536];
    unsigned index;
    size_t i;
    snprintf(file, sizeof file, "%s", in_root("cache/fontconfig.cache"));
    for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        char *at;
        size_t keep;
        FILE *fp;
        reset();
        CHECK_INT(fill(), 0);
        text = read_file(file);
        CHECK(text != NULL);
        if (!text) continue;
        at = strstr(text, edits[i][0]);
        CHECK(at != NULL);
        if (!at) continue;
        keep = (size_t)(at - text);
        memcpy(edited, text, keep);
        /* the replacement may hold a NUL: written by length */
        size_t rlen = i == sizeof edits / sizeof edits[0] - 1 ? 6 : strlen(edits[i][1]);
        memcpy(edited + keep, edits[i][1], rlen);
        snprintf(edited + keep + rlen, sizeof edited - keep - rlen, "%s", at + strlen(edits[i][0]));
        size_t total = keep + rlen + strlen(at + strlen(edits[i][0]));
        fp = fopen(file, "w");
        CHECK(fp && fwrite(edited, 1, total, fp) == total);
        if (fp) fclose(fp);
        if (lookup(path, sizeof path, &index) != -1) printf("# edit %zu was trusted\n", i);
        CHECK_INT(lookup(path, sizeof path, &index), -1);
        CHECK_INT(fill(), 0);
        CHECK_INT(lookup(path, sizeof path, &index), 1);
    }
    /* empty and random files */
    reset();
    mkdir(in_root("cache"), 0700);
    CHECK(write_file(file, "") == 0);
    CHECK_INT(lookup(path, sizeof path, &index), -1);
    CHECK(write_file(file, "\x7f" "ELF\x01\x01garbage\n\n\nend\n") == 0);
    CHECK_INT(lookup(path, sizeof path, &index), -1);
}

/* Another user's or a badly protected file or folder is never read, and
 * a folder others may write is never written. */
TEST(unsafe_cache_places_are_ignored)
{
    char path[PATH_MAX], file[PATH_MAX];
    unsigned index;
    snprintf(file, sizeof file, "%s", in_root("cache/fontconfig.cache"));
    reset();
    CHECK_INT(fill(), 0);
    CHECK(chmod(file, 0666) == 0);
    CHECK_INT(lookup(path, sizeof path, &index), -1);
    CHECK(chmod(file, 0644) == 0);
    CHECK_INT(lookup(path, sizeof path, &index), 1);
    CHECK(chmod(in_root("cache"), 0777) == 0);
    CHECK_INT(lookup(path, sizeof path, &index), -1);
    CHECK(unlink(file) == 0);
    CHECK(fill() != 0);                       /* not written there */
    CHECK(access(file, F_OK) != 0);
    CHECK(chmod(in_root("cache"), 0700) == 0);
    /* a link in place of the file, or of the folder */
    CHECK_INT(fill(), 0);
    CHECK(rename(file, in_root("elsewhere")) == 0);
    CHECK(symlink(in_root("elsewhere"), file) == 0);
    CHECK_INT(lookup(path, sizeof path, &index), -1);
    CHECK(unlink(file) == 0);
    CHECK(rename(in_root("cache"), in_root("real")) == 0);
    CHECK(rename(in_root("elsewhere"), in_root("real/fontconfig.cache")) == 0);
    CHECK(symlink(in_root("real"), in_root("cache")) == 0);
    CHECK_INT(lookup(path, sizeof path, &index), -1);
}

/* Names that cannot be stored are not; a cache without a folder works as
 * an empty one and writes nothing. */
TEST(unstorable_names_and_no_folder)
{
    char path[PATH_MAX];
    unsigned index;
    FcConfig *cfg = config();
    fontcache *c;
    reset();
    c = fontcache_open(in_root("cache"));
    CHECK_INT(fontcache_stamp(c, cfg), 0);
    fontcache_put(c, "Tab\tName", 80, 0, "/x.ttf", 0);
    fontcache_put(c, "Line", 80, 0, "/x\ny.ttf", 0);
    fontcache_put(c, "Relative", 80, 0, "x.ttf", 0);
    CHECK_INT(fontcache_find(c, "Tab\tName", 80, 0, path, sizeof path, &index), -1);
    CHECK_INT(fontcache_find(c, "Line", 80, 0, path, sizeof path, &index), -1);
    CHECK_INT(fontcache_find(c, "Relative", 80, 0, path, sizeof path, &index), -1);
    CHECK_INT(fontcache_save(c), 0);          /* nothing to write */
    CHECK(access(in_root("cache/fontconfig.cache"), F_OK) != 0);
    fontcache_close(c);
    c = fontcache_open("");
    CHECK(c != NULL);
    CHECK_INT(fontcache_stamp(c, cfg), 0);
    fontcache_put(c, "Test Serif", 80, 0, "/x.ttf", 0);
    CHECK_INT(fontcache_find(c, "Test Serif", 80, 0, path, sizeof path, &index), -1);
    CHECK_INT(fontcache_save(c), 0);
    fontcache_close(c);
    fontcache_close(NULL);
    CHECK_INT(fontcache_find(NULL, "x", 80, 0, path, sizeof path, &index), -1);
    FcConfigDestroy(cfg);
}

int main(void)
{
    snprintf(root_g, sizeof root_g, "%s/brief-fontcache-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root_g)) return 1;
    RUN(answers_come_back_in_the_same_state);
    RUN(a_changed_font_folder_drops_every_answer);
    RUN(another_fontconfig_environment_misses);
    RUN(corrupt_cache_files_are_ignored);
    RUN(unsafe_cache_places_are_ignored);
    RUN(unstorable_names_and_no_folder);
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root_g);
    if (system(cmd) != 0) return 1;
    FcFini();
    return harness_done();
}
