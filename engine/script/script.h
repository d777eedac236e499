/* script.h — runs a Lua 5.4 report script: the sandbox, the limits, the
 * parameters, and the error report. (Contract agreed between the script
 * runtime and its callers, `brief run` and `brief batch`.)
 *
 * A script runs in a fresh Lua state with its own global table and only the
 * base, table, string, math and utf8 libraries plus the brief API, unless
 * trusted. Memory is limited by a counting allocator that refuses past its
 * budget, time by a count hook that keeps firing once the deadline passes so
 * that pcall cannot swallow the stop. The database is opened read-only. A
 * document the script saves is written to a temporary file and renamed into
 * place only when the script succeeds: a failed script leaves no output
 * file and any previous one untouched. No globals: each call is independent,
 * so batch workers may call it repeatedly in one process. */
#ifndef BRIEF_SCRIPT_H
#define BRIEF_SCRIPT_H

#include <signal.h>
#include <stddef.h>

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
    int trust;                    /* 1: lift the sandbox (--trust) */
    size_t max_memory_bytes;      /* 0: default 512 MiB */
    double timeout_s;             /* 0: default 120 s */
    const volatile sig_atomic_t *cancel; /* NULL, or a flag (set by a signal handler) that stops the run
                                            with SCRIPT_CANCELLED once non-zero */
} script_options;

typedef struct script_result {
    int status;                   /* SCRIPT_OK or one of the codes below */
    char *message;                /* "SCRIPT:LINE: message\nstack traceback:\n..." or NULL; free() it */
    char *output_path;            /* the file written, or NULL; free() it */
    size_t output_bytes;
    int page_count;
    char **modules;               /* files the script loaded with require (for --watch); free with script_result_clear */
    size_t module_count;
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
