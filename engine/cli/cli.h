/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.h — the commands of the brief command line.
 *
 * Each command lives in engine/cli/cli_NAME.c, parses its own arguments
 * (getopt_long, with --help) and calls the modules that do the work; it holds
 * no logic of its own. Contract for every command: results on stdout, errors
 * on stderr prefixed "brief NAME: ", and the exit status
 *   0  success
 *   1  the operation failed (bad input, I/O, a failed job)
 *   2  wrong usage (unknown option, missing argument)
 * plus any status a command documents itself (batch: 75 when locked). */
#ifndef BRIEF_CLI_H
#define BRIEF_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "ingest/ingest.h"

#define CLI_OK 0
#define CLI_FAILED 1
#define CLI_USAGE 2

int cli_ingest(int argc, char **argv);
int cli_search(int argc, char **argv);
int cli_bulletins(int argc, char **argv);
int cli_show(int argc, char **argv);
int cli_set(int argc, char **argv);
int cli_join(int argc, char **argv);
int cli_split(int argc, char **argv);
int cli_delete(int argc, char **argv);
int cli_sql(int argc, char **argv);
int cli_typeset(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_batch(int argc, char **argv);
int cli_runs(int argc, char **argv);
int cli_doctor(int argc, char **argv);


/* Prints a parsed bulletin's lines with their roles and rules, then its
 * articles (brief ingest --explain); profile: the profile's name or NULL. */
void cli_explain_print(FILE *out, const char *name, const ingest_bulletin *b, const char *profile);

/* The database path a command uses: the --db argument when given, else
 * $BRIEF_DB, else "./brief.db". Returns a string the caller must not free. */
const char *cli_db_path(const char *db_arg);

/* Reports the warnings of a laid-out document on stderr, one line each,
 * "brief COMMAND: WHERE: warning: TEXT" (WHERE: the input or script; NULL
 * leaves it out). The layout gives one warning per character no font
 * draws, once per document, naming its block and page. With strict they
 * are errors ("error: TEXT (--strict)"): the caller then writes no output
 * and exits 1. Returns count. `brief typeset` calls it after the layout;
 * `brief run` and `brief batch` call it with the warnings of each document
 * a script saved. */
size_t cli_report_warnings(const char *command, const char *where, const char *const *warnings,
                           size_t count, int strict);

/* The last line of defence of a time limit, for a long call into C that
 * no Lua hook sees (a pathological string.find): after seconds, SIGALRM
 * writes message to stderr, removes this process's temporary files
 * (paths.h) and ends it with exit_code. message is copied. One at a time;
 * cli_watchdog_disarm stops it. */
void cli_watchdog_arm(double seconds, const char *message, int exit_code);
void cli_watchdog_disarm(void);

#endif
