/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_manifest.c — libFuzzer target for the batch manifest loader: any
 * bytes as a manifest file (a Lua chunk returning jobs) through
 * manifest_load, with every job read back. The manifest runs sandboxed with
 * an instruction and a memory budget, so an endless loop or a table bomb in
 * it must end as an error, not a hang; a crash, a sanitizer report or a leak
 * is a bug; an error message is a correct answer.
 *
 * Built and replayed as fuzz_ingest.c says. The manifest is written to a
 * temporary file (manifest_load reads a path) in a directory made once:
 * the target's only global. */
#include "batch/manifest.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64], path[96];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void remove_dir(void)
{
    unlink(path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    snprintf(dir, sizeof dir, "/tmp/brief-fuzz-manifest-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("fuzz_manifest: mkdtemp");
        exit(2);
    }
    snprintf(path, sizeof path, "%s/batch.lua", dir);
    atexit(remove_dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[4096];
    manifest *m;
    FILE *f = fopen(path, "wb");
    size_t i, n;

    if (!f) return 0;
    if (fwrite(data, 1, size, f) != size) {
        fclose(f);
        return 0;
    }
    fclose(f);
    m = manifest_load(path, "2026-11-25", err, sizeof err);
    if (!m) {
        if (!memchr(err, '\0', sizeof err)) abort();   /* the message is a string */
        return 0;
    }
    n = manifest_job_count(m);
    for (i = 0; i < n; i++) {
        const manifest_job *job = manifest_job_at(m, i);
        size_t k;
        if (!job || !job->name || !job->script_path || !job->output_path) abort();
        for (k = 0; k < job->param_count; k++)
            if (!job->params[k].key) abort();
    }
    manifest_destroy(m);
    return 0;
}
