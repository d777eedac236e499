/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fontfile.c — font files mapped at a 2 MB boundary, made resident in
 * place (fontfile.h). */
#include "fonts/fontfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/paths.h"

#define HUGE_PAGE ((size_t)2 << 20)

struct fontfile {
    char *path;            /* reopened to make it resident */
    unsigned char *addr;   /* at a HUGE_PAGE boundary */
    size_t len;            /* the file's bytes */
    size_t span;           /* len rounded up to HUGE_PAGE: the range reserved */
    dev_t dev;             /* the file mapped, which the copy must be */
    ino_t ino;
    struct timespec mtime;
    int resident;
};

static void fontfile_free(void *user)
{
    fontfile *ff = user;
    munmap(ff->addr, ff->span);
    free(ff->path);
    free(ff);
}

/* Reserves span bytes at a HUGE_PAGE boundary, inaccessible: NULL when
 * the address space has no room. */
static unsigned char *reserve_aligned(size_t span)
{
    unsigned char *p = mmap(NULL, span + HUGE_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    uintptr_t at, end;
    if (p == MAP_FAILED) return NULL;
    at = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    end = (uintptr_t)p + span + HUGE_PAGE;
    if (at > (uintptr_t)p) munmap(p, at - (uintptr_t)p);
    if (end > at + span) munmap((void *)(at + span), end - (at + span));
    return (unsigned char *)at;
}

hb_blob_t *fontfile_blob(const char *path, fontfile **file)
{
    struct stat st;
    fontfile *ff;
    hb_blob_t *blob;
    int fd;

    *file = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)FONTFILE_RESIDENT_MIN_BYTES ||
        (uintmax_t)st.st_size > (uintmax_t)UINT32_MAX) {
        close(fd);
        return hb_blob_create_from_file_or_fail(path);
    }
    ff = calloc(1, sizeof *ff);
    if (ff) ff->path = strdup(path);
    if (!ff || !ff->path) {
        if (ff) free(ff);
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    ff->len = (size_t)st.st_size;
    ff->dev = st.st_dev;
    ff->ino = st.st_ino;
    ff->mtime = st.st_mtim;
    ff->span = (ff->len + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    ff->addr = reserve_aligned(ff->span);
    if (!ff->addr || mmap(ff->addr, ff->len, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
        if (ff->addr) munmap(ff->addr, ff->span);
        free(ff->path);
        free(ff);
        close(fd);
        return hb_blob_create_from_file_or_fail(path);
    }
    close(fd);
    blob = hb_blob_create_or_fail((const char *)ff->addr, (unsigned)ff->len, HB_MEMORY_MODE_READONLY, ff,
                                  fontfile_free);
    if (!blob) {
        fontfile_free(ff);
        errno = ENOMEM;
        return NULL;
    }
    *file = ff;
    return blob;
}

/* Reads the file's len bytes into p: 0, or -1 when the file at the path
 * is no longer the one mapped (a package upgrade renames a new one into
 * place) or is shorter now. */
static int read_whole(const fontfile *ff, unsigned char *p)
{
    size_t got;
    struct stat st;
    int fd = open(ff->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    if (fstat(fd, &st) != 0 || st.st_dev != ff->dev || st.st_ino != ff->ino || (size_t)st.st_size != ff->len ||
        st.st_mtim.tv_sec != ff->mtime.tv_sec || st.st_mtim.tv_nsec != ff->mtime.tv_nsec) {
        close(fd);
        return -1;
    }
    got = paths_read_full(fd, p, ff->len);
    close(fd);
    return got == ff->len ? 0 : -1;
}

size_t fontfile_make_resident(fontfile *ff)
{
    unsigned char *copy;
    if (!ff || ff->resident || ff->len > FONTFILE_RESIDENT_MAX_BYTES) return 0;
    /* The copy is made elsewhere first and then moved over the file's
     * mapping (mremap), so that the bytes at addr are the file's at every
     * moment, and a failure leaves the mapping as it was. */
    copy = reserve_aligned(ff->span);
    if (!copy) return 0;
    if (mprotect(copy, ff->span, PROT_READ | PROT_WRITE) != 0) {
        munmap(copy, ff->span);
        return 0;
    }
    (void)madvise(copy, ff->span, MADV_HUGEPAGE);   /* where the kernel has none: 4 KB pages */
    if (read_whole(ff, copy) != 0 || mprotect(copy, ff->span, PROT_READ) != 0 ||
        mremap(copy, ff->span, ff->span, MREMAP_MAYMOVE | MREMAP_FIXED, ff->addr) == MAP_FAILED) {
        munmap(copy, ff->span);
        return 0;
    }
    ff->resident = 1;
    return ff->len;
}
