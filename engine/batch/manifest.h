/* SPDX-License-Identifier: GPL-3.0-or-later */
/* manifest.h — loads and validates a batch manifest: a Lua file returning a
 * list of jobs { name=, script=, output=, params=, timeout=, max_memory= }.
 *
 * The file is evaluated in a sandboxed Lua state of its own (base without
 * dofile/loadfile/require, plus string, table, math, utf8; no os, no io), with
 * an instruction budget and a memory budget, so a manifest can compute its
 * jobs (a loop over weeks) but cannot touch the system. Every job is checked
 * before any runs: unknown fields, wrong types, duplicate names, unknown
 * {placeholders} in output, and two jobs writing the same output are all
 * errors, each reported as "FILE: job I 'NAME': field 'F': what". Paths are
 * resolved against the manifest's directory, made absolute (realpath). Job
 * names are printable text; a {placeholder} may not add a '/', a control
 * character, nor make a '.', '..' or hidden path component. The manifest
 * runs in the scripts' sandbox (sandbox.h), its job fields are read
 * without running any of its code, and it may stop no other way than with
 * a message (manifest_load returns NULL). Knows nothing of running jobs
 * (batch.h) nor of the database. No globals. */
#ifndef BRIEF_MANIFEST_H
#define BRIEF_MANIFEST_H

#include <stddef.h>

#include "script/script.h"

typedef struct manifest manifest;

/* One validated job. Every string is owned by the manifest (transfer none). */
typedef struct manifest_job {
    size_t index;                 /* 1-based position in the manifest's list */
    const char *name;             /* unique, non-empty, no '/' nor control character */
    const char *script_path;      /* resolved against the manifest's directory (absolute) */
    const char *output_template;  /* as written, e.g. "out/weekly-{week}.pdf" */
    const char *output_path;      /* expanded, resolved (absolute), lexically normalised */
    const script_param *params;   /* sorted by key; numbers and booleans as text */
    size_t param_count;
    double timeout_s;             /* 0: the script runtime's default */
    size_t max_memory_bytes;      /* 0: the script runtime's default */
} manifest_job;

/* Loads and validates the manifest at path. date_ymd ("YYYY-MM-DD") is the
 * date {date} and {week} (ISO 8601 week, "2026-W48") expand to unless a job's
 * params give a value of that name (params win over every built-in but
 * {name}). Returns the manifest, or NULL with every error found, one per line,
 * in err (errlen bytes; truncated with "..." when longer). Free with
 * manifest_destroy (NULL: no-op). */
manifest *manifest_load(const char *path, const char *date_ymd, char *err, size_t errlen);
void manifest_destroy(manifest *m);

/* Where a manifest may write and what it may run, checked apart from
 * manifest_load because it depends on the caller: every job's output must
 * lie below output_root (made absolute; `brief batch --output-dir`, else
 * the working directory), in a name a script could choose there
 * (fspolicy_check_output_name: no hidden component such as .git, no Lua
 * file), and every job's script must be a .lua file outside /proc, /sys and
 * /dev (so that a manifest cannot show a secret file through a syntax error
 * in the log). Returns 0, or -1 with every error, one per line, in err. */
int manifest_check_paths(const manifest *m, const char *output_root, char *err, size_t errlen);

size_t manifest_job_count(const manifest *m);
/* The i-th job, 0-based (i < manifest_job_count). */
const manifest_job *manifest_job_at(const manifest *m, size_t i);
/* The manifest's own path as given (for messages). */
const char *manifest_path(const manifest *m);

/* Expands an output template: {name}, {date}, {week}, {PARAM}; "{{" and "}}"
 * stand for braces. Writes into out (outlen bytes). Returns 0, or -1 with the
 * reason ("unknown placeholder {wek}") in err. Exposed for tests. */
int manifest_expand(const char *template_text, const char *job_name, const char *date_ymd,
                    const script_param *params, size_t param_count,
                    char *out, size_t outlen, char *err, size_t errlen);

/* Writes the ISO 8601 week of date_ymd ("2021-01-03" -> "2020-W53") into out
 * (at least 9 bytes). Returns 0, or -1 when date_ymd is not a valid date. */
int manifest_iso_week(const char *date_ymd, char *out, size_t outlen);

#endif
