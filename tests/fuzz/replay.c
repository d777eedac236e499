/* SPDX-License-Identifier: GPL-3.0-or-later */
/* replay.c — main for a fuzz target built without libFuzzer: runs
 * LLVMFuzzerTestOneInput once on each file named (a directory: each file
 * in it), so the seed corpus and every crash found become a regression test
 * that `make test` runs under ASan/UBSan. Prints "PASS fuzz/<name>: N
 * inputs" or stops at the first crash, as the sanitizer reports it. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Weak: a target with nothing to set up leaves it out, as libFuzzer allows. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long len;
    if (!f) { printf("FAIL replay: cannot open %s\n", path); return -1; }
    if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        printf("FAIL replay: cannot read %s\n", path);
        return -1;
    }
    /* A copy of exactly len bytes, so ASan sees a read past the input. */
    buf = malloc(len ? (size_t)len : 1);
    if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
        free(buf);
        fclose(f);
        printf("FAIL replay: cannot read %s\n", path);
        return -1;
    }
    fclose(f);
    fprintf(stderr, "replay: %s\n", path);
    LLVMFuzzerTestOneInput(buf, (size_t)len);
    free(buf);
    return 0;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    int i, n = 0, bad = 0;
    const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

    if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
    for (i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *e;
            char **names = NULL;
            size_t count = 0, cap = 0, k;
            if (!d) { printf("FAIL %s: cannot open %s\n", name, argv[i]); return 1; }
            while ((e = readdir(d))) {
                char path[4096];
                if (e->d_name[0] == '.') continue;
                snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
                if (count == cap) {
                    char **grown = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
                    if (!grown) return 1;
                    names = grown;
                }
                names[count++] = strdup(path);
            }
            closedir(d);
            qsort(names, count, sizeof *names, cmp);   /* same order every run */
            for (k = 0; k < count; k++) {
                if (replay_file(names[k]) != 0) bad++;
                else n++;
                free(names[k]);
            }
            free(names);
        } else if (replay_file(argv[i]) != 0) {
            bad++;
        } else {
            n++;
        }
    }
    if (!bad) printf("PASS %s: %d inputs\n", name, n);
    return bad ? 1 : 0;
}
