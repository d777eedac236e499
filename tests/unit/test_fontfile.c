/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_fontfile.c — font files mapped at a 2 MB boundary and made resident
 * in place (fonts/fontfile.h): the bytes at the blob's address never
 * change, the copy is anonymous memory a forked child sees, a small file is
 * left to HarfBuzz, and a file replaced since it was mapped is not copied.
 * The files are made up: fontfile does not read them as fonts. */
#include "harness.h"
#include "fonts/fontfile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir_g[256];    /* test-only: this driver's temporary folder */

/* Writes len bytes of a pattern seeded by seed to dir_g/name; its path in
 * out. 0 or -1. */
static int write_pattern(const char *name, size_t len, unsigned seed, char *out, size_t outlen)
{
    FILE *fp;
    size_t i;
    snprintf(out, outlen, "%s/%s", dir_g, name);
    fp = fopen(out, "wb");
    if (!fp) return -1;
    for (i = 0; i < len; i++) fputc((int)((i * 2654435761u + seed) >> 13 & 0xFF), fp);
    return fclose(fp);
}

static int same_pattern(const unsigned char *d, size_t len, unsigned seed)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (d[i] != (unsigned char)((i * 2654435761u + seed) >> 13 & 0xFF)) return 0;
    return 1;
}

/* The kB of anonymous memory of the mapping holding addr (smaps), -1 for
 * none. */
static long anonymous_kb_at(const void *addr)
{
    FILE *fp = fopen("/proc/self/smaps", "r");
    char line[512];
    unsigned long lo, hi, a = (unsigned long)(uintptr_t)addr;
    long kb = -1;
    int in = 0;
    if (!fp) return -1;
    while (fgets(line, sizeof line, fp)) {
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            in = a >= lo && a < hi;
            continue;
        }
        if (in && sscanf(line, "Anonymous: %ld kB", &kb) == 1) break;
    }
    fclose(fp);
    return kb;
}

TEST(mapped_then_resident_same_bytes_same_address)
{
    char path[300];
    fontfile *file = NULL;
    hb_blob_t *blob;
    const char *d;
    unsigned len;
    size_t size = 5u * 1024 * 1024 + 12345;   /* not a multiple of 2 MB */
    pid_t pid;
    int status = -1;
    CHECK_INT(write_pattern("big.ttf", size, 7, path, sizeof path), 0);
    blob = fontfile_blob(path, &file);
    CHECK(blob != NULL);
    CHECK(file != NULL);
    d = hb_blob_get_data(blob, &len);
    CHECK_INT(len, size);
    CHECK_INT((uintptr_t)d % (2u << 20), 0);
    CHECK(same_pattern((const unsigned char *)d, len, 7));
    CHECK_INT(anonymous_kb_at(d), 0);
    CHECK_INT(fontfile_make_resident(file), size);
    CHECK_INT(fontfile_make_resident(file), 0);   /* once */
    CHECK(hb_blob_get_data(blob, NULL) == d);
    CHECK(same_pattern((const unsigned char *)d, len, 7));
    CHECK(anonymous_kb_at(d) >= 4096);
    CHECK(anonymous_kb_at(d + size - 1) > 0);
    /* the file changed on disk afterwards: the copy does not */
    CHECK_INT(write_pattern("big.ttf", size, 9, path, sizeof path), 0);
    CHECK(same_pattern((const unsigned char *)d, len, 7));
    pid = fork();
    if (pid == 0) _exit(same_pattern((const unsigned char *)d, len, 7) && anonymous_kb_at(d) >= 4096 ? 0 : 1);
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    hb_blob_destroy(blob);
    unlink(path);
}

/* A package upgrade renames a new file into place: the one mapped is no
 * longer at the path, and its bytes stay mapped from it. */
TEST(replaced_file_not_copied)
{
    char path[300], other[300];
    fontfile *file = NULL;
    hb_blob_t *blob;
    const char *d;
    size_t size = 3u * 1024 * 1024;
    CHECK_INT(write_pattern("old.otf", size, 3, path, sizeof path), 0);
    blob = fontfile_blob(path, &file);
    CHECK(file != NULL);
    d = hb_blob_get_data(blob, NULL);
    CHECK_INT(write_pattern("new.otf", size, 4, other, sizeof other), 0);
    CHECK_INT(rename(other, path), 0);
    CHECK_INT(fontfile_make_resident(file), 0);
    CHECK(same_pattern((const unsigned char *)d, size, 3));
    CHECK_INT(anonymous_kb_at(d), 0);
    hb_blob_destroy(blob);
    unlink(path);
}

/* A file larger than FONTFILE_RESIDENT_MAX_BYTES (sparse here) is mapped,
 * never copied into memory. */
TEST(huge_file_stays_mapped)
{
    char path[300];
    fontfile *file = NULL;
    hb_blob_t *blob;
    FILE *fp;
    snprintf(path, sizeof path, "%s/huge.ttf", dir_g);
    fp = fopen(path, "wb");
    CHECK(fp != NULL);
    if (!fp) return;
    fputs("OTTO", fp);
    fclose(fp);
    CHECK_INT(truncate(path, (off_t)FONTFILE_RESIDENT_MAX_BYTES + 4096), 0);
    blob = fontfile_blob(path, &file);
    CHECK(blob != NULL);
    CHECK(file != NULL);
    CHECK_INT(hb_blob_get_length(blob), FONTFILE_RESIDENT_MAX_BYTES + 4096);
    CHECK_INT(fontfile_make_resident(file), 0);
    CHECK_INT(anonymous_kb_at(hb_blob_get_data(blob, NULL)), 0);
    hb_blob_destroy(blob);
    unlink(path);
}

TEST(small_and_missing_files)
{
    char path[300];
    fontfile *file = (fontfile *)1;
    hb_blob_t *blob;
    unsigned len;
    CHECK_INT(write_pattern("small.ttf", 4000, 1, path, sizeof path), 0);
    blob = fontfile_blob(path, &file);
    CHECK(blob != NULL);
    CHECK(file == NULL);   /* HarfBuzz's own reading */
    CHECK(same_pattern((const unsigned char *)hb_blob_get_data(blob, &len), 4000, 1));
    CHECK_INT(len, 4000);
    CHECK_INT(fontfile_make_resident(NULL), 0);
    hb_blob_destroy(blob);
    unlink(path);
    file = (fontfile *)1;
    CHECK(fontfile_blob("/nonexistent/font.ttf", &file) == NULL);
    CHECK(file == NULL);
}

int main(void)
{
    snprintf(dir_g, sizeof dir_g, "%s/brief-fontfile-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir_g)) return 1;
    RUN(mapped_then_resident_same_bytes_same_address);
    RUN(replaced_file_not_copied);
    RUN(huge_file_stays_mapped);
    RUN(small_and_missing_files);
    rmdir(dir_g);
    return harness_done();
}
