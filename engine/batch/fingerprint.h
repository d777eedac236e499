/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fingerprint.h — what a batch job's output depends on, as SHA-256 hashes:
 * the database's content, the script and the modules it requires, the
 * params, the output path and the engine version. Two runs with the same
 * fingerprint give the same bytes, which is what lets `brief batch` skip a
 * job that is up to date.
 *
 * The data hash covers the schema and every row of every ordinary table
 * except `runs` (history written by batch itself) and the shadow tables of
 * virtual (FTS5) tables, which are derived from the others; it is stable
 * across copies of the file, VACUUM and reopening (unlike PRAGMA
 * data_version or the file-change counter). Reads only; no globals. */
#ifndef BRIEF_FINGERPRINT_H
#define BRIEF_FINGERPRINT_H

#include <stddef.h>
#include <time.h>

#include "script/script.h"

#define FINGERPRINT_HEX_LEN 64   /* hex digits of a SHA-256; buffers need 65 bytes */

/* Hash of the database's content (read-only). A database file that does not
 * exist has the fixed hash of "no database". Returns 0, or -1 with a message
 * in err. hex: at least FINGERPRINT_HEX_LEN + 1 bytes. */
int fingerprint_data(const char *db_path, char *hex, char *err, size_t errlen);

/* A date the documents may carry that comes from the data, never from the
 * clock: midnight UTC of the newest bulletins.issued_on. Returns 0 with
 * *when set, or -1 when the database has no such table, column or date
 * (then a document carries no date). */
int fingerprint_data_epoch(const char *db_path, time_t *when);

/* Hash of a script and, transitively, of the modules it names with a
 * literal name in any form of a call Lua reads (require "mod", require 'mod',
 * require("mod"), require [[mod]], require [==[mod]==], line breaks
 * between) found beside it (mod.lua or mod/init.lua, dots as slashes; up to
 * 64 files). Returns 0, or -1 with a message in err (the script cannot be
 * read). */
int fingerprint_script(const char *script_path, char *hex, char *err, size_t errlen);

/* Combines everything a job's output depends on into hex. */
typedef struct fingerprint_inputs {
    const char *engine_version;    /* BRIEF_VERSION */
    const char *script_hex;        /* fingerprint_script */
    const char *data_hex;          /* fingerprint_data */
    const char *output_path;
    long long source_date_epoch;   /* the date scripts see as today (SOURCE_DATE_EPOCH) */
    const script_param *params;    /* sorted by key */
    size_t param_count;
} fingerprint_inputs;
void fingerprint_job(const fingerprint_inputs *in, char *hex);

#endif
