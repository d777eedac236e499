/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.c — what the commands share: where the database is, how layout
 * warnings are reported, the watchdog. (Kept out of main.c so that the unit
 * tests, which link every module but main, link.) */
#include "cli/cli.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>
#include <unistd.h>

#include "util/paths.h"

const char *cli_db_path(const char *db_arg)
{
    const char *env;
    if (db_arg && *db_arg) return db_arg;
    env = getenv("BRIEF_DB");
    if (env && *env) return env;
    return "brief.db";
}

size_t cli_report_warnings(const char *command, const char *where, const char *const *warnings,
                           size_t count, int strict)
{
    size_t i;
    for (i = 0; i < count; i++)
        fprintf(stderr, "brief %s: %s%s%s: %s%s\n", command, where ? where : "", where ? ": " : "",
                strict ? "error" : "warning", warnings[i], strict ? " (--strict: nothing written)" : "");
    return count;
}

/* The watchdog's message and exit code: a signal handler may only write(2),
 * unlink(2) and _exit, so they are prepared beforehand, in the one place a
 * handler can reach. */
static char watchdog_message[512];
static volatile sig_atomic_t watchdog_exit_code = CLI_FAILED;

static void on_watchdog(int sig)
{
    ssize_t w;
    (void)sig;
    w = write(STDERR_FILENO, watchdog_message, strlen(watchdog_message));
    (void)w;
    paths_temp_remove_all();       /* no half-written output survives the stop */
    _exit(watchdog_exit_code);
}

void cli_watchdog_arm(double seconds, const char *message, int exit_code)
{
    struct itimerval it;
    struct sigaction sa;
    snprintf(watchdog_message, sizeof watchdog_message, "%s\n", message);
    watchdog_exit_code = exit_code;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_watchdog;
    sigaction(SIGALRM, &sa, NULL);
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = (time_t)seconds;
    it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
    setitimer(ITIMER_REAL, &it, NULL);
}

void cli_watchdog_disarm(void)
{
    struct itimerval it;
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL);
}
