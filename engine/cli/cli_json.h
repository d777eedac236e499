/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_json.h — the --json output of the commands (brief runs, search,
 * doctor): one JSON document on stdout, built with Jansson (Debian's
 * libjansson), the project's one JSON writer. The shapes are documented
 * where each command is (docs/batch.md, docs/schema.md, docs/doctor.md).
 * No globals. */
#ifndef BRIEF_CLI_JSON_H
#define BRIEF_CLI_JSON_H

#include <jansson.h>

#include "util/jsonstr.h"   /* jsonstr_new: the strings of the documents */

/* Writes doc indented, then a newline, to stdout and releases it (steals
 * the reference); controls and invisible characters escaped
 * (jsonstr_dump_line). Returns 0, or -1 when doc is NULL (nothing written) or
 * stdout could not be written. */
int cli_json_print(json_t *doc);

#endif
