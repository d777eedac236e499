/* SPDX-License-Identifier: GPL-3.0-or-later */
/* script.h — runs a Lua 5.4 report script: the sandbox, the limits, the
 * parameters, and the error report. (Contract agreed between the script
 * runtime and its callers, `brief run` and `brief batch`.)
 *
 * A script runs in a fresh Lua state (sandbox.h) with its own global table
 * and only the base, table, string, math and utf8 libraries, a read-only
 * io, a clock-only os and the brief API, unless trusted. Memory is limited
 * by a counting allocator that refuses past its budget, time by a count
 * hook that keeps firing once the deadline passes so that neither pcall
 * nor an error handler can swallow the stop. The database is opened
 * read-only and its SQL restricted to reading (sqlguard.h). A sandboxed
 * script reads files only below its own folder, brief's data folder and
 * the folders the caller allows, and writes only the -o file or names of
 * its choosing below the caller's output folder (fspolicy.h). With
 * confine set, the process is also confined by the kernel after set-up
 * (confine.h). A document the script saves is written to a temporary file
 * and renamed into place only when the script succeeds: a failed script
 * leaves no output file and any previous one untouched. No globals: each
 * call is independent, so tests may call it repeatedly in one process (but
 * a confined call must be the process's last). */
#ifndef BRIEF_SCRIPT_H
#define BRIEF_SCRIPT_H

#include <signal.h>
#include <stddef.h>

struct fonts;

typedef struct script_param {
    const char *key;     /* from --set KEY=VALUE */
    const char *value;
} script_param;

typedef struct script_options {
    const char *script_path;      /* the .lua file */
    const char *db_path;          /* opened read-only; may not exist for scripts that need no data */
    const char *output_path;      /* -o: where the document goes; NULL: the script's own choice */
    const script_param *params;
    size_t param_count;
    const char *output_dir;       /* --output-dir: where a sandboxed script's own output names go;
                                     NULL (and no output_path): a sandboxed script writes nothing */
    const char *const *allow_read; /* --allow-read: more folders a sandboxed script may read */
    size_t allow_read_count;
    int trust;                    /* 1: lift the sandbox (--trust) */
    size_t max_memory_bytes;      /* 0: default 512 MiB */
    size_t max_output_bytes;      /* all outputs of the run together; 0: SCRIPT_DEFAULT_OUTPUT_BYTES */
    double timeout_s;             /* 0: default 120 s */
    const volatile sig_atomic_t *cancel; /* NULL, or a flag (set by a signal handler) that stops the run
                                            with SCRIPT_CANCELLED once non-zero */
    int strict;                   /* 1: a warning of a document (a character no font draws) is an
                                     error: d:save raises, the run fails, nothing is written */
    int confine;                  /* 1: after set-up, confine this process with the kernel's walls
                                     (confine.h; not when trusted). Only for a process that runs this
                                     one script and then exits */
    const struct fonts *fonts;    /* fonts already loaded from the roles file the run would load
                                     (fonts_create(NULL): $BRIEF_FONTS, else roles.conf), borrowed for
                                     the run and never freed by it: brief batch loads them once before
                                     its workers fork. NULL: the run loads them itself */
    int no_helper_thread;         /* 1: documents are saved on this thread alone (pdf_doc_set_helper_thread):
                                     brief batch's jobs when its workers are as many as the CPUs, where
                                     a helper only competes with the other jobs */
    void (*on_computed)(void *ctx); /* NULL, or called once the script has run (whether it failed
                                       or not), when all that is left of the run is committing its
                                       outputs (fsync, rename) and freeing its memory: brief batch
                                       starts its next job then, so that no CPU waits on the disk */
    void *on_computed_ctx;
} script_options;

#define SCRIPT_DEFAULT_OUTPUT_BYTES ((size_t)1 << 30)

typedef struct script_result {
    int status;                   /* SCRIPT_OK or one of the codes below */
    char *message;                /* "SCRIPT:LINE: message\nstack traceback:\n..." or NULL; free() it */
    char *output_path;            /* the file written, or NULL; free() it */
    size_t output_bytes;
    int page_count;
    char **modules;               /* files the script loaded with require (for --watch); free with script_result_clear */
    size_t module_count;
    char *notice;                 /* something to tell the user once, or NULL: what the kernel could not
                                     confine ("this kernel has no Landlock ..."); free() it */
    char **warnings;              /* what the run's documents reported, each once, in order ("report.lua:40:
                                     block 12, page 3: U+31350 '𱍐' is in no font of role body; drawn
                                     as a box"), also when it failed; free with script_result_clear */
    size_t warning_count;
} script_result;

#define SCRIPT_OK       0
#define SCRIPT_ERROR    1   /* syntax or runtime error in the script */
#define SCRIPT_MEMORY   2   /* over max_memory_bytes */
#define SCRIPT_TIMEOUT  3   /* over timeout_s */
#define SCRIPT_IO       4   /* the script, database or output could not be read or written */
#define SCRIPT_CANCELLED 5  /* *options->cancel became non-zero */

/* Runs one script. Always fills *result (free its strings with
 * script_result_clear); returns result->status. */
int script_run(const script_options *options, script_result *result);
void script_result_clear(script_result *result);

#endif
