/* main.c — brief's entry point: dispatches to a command of engine/cli_*.c. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>

#ifndef BRIEF_VERSION
#define BRIEF_VERSION "dev"
#endif

typedef struct cli_command {
    const char *name;
    int (*main)(int argc, char **argv);
    const char *summary;
} cli_command;

static const cli_command cli_commands[] = {
    {"ingest",  cli_ingest,  "read bulletin text files into the database"},
    {"search",  cli_search,  "full-text search over the stored articles"},
    {"sql",     cli_sql,     "run a read-only SQL query"},
    {"typeset", cli_typeset, "set a bulletin text file as a PDF (layout debug path)"},
    {"run",     cli_run,     "run a Lua report script"},
    {"batch",   cli_batch,   "run the jobs of a manifest, for schedulers"},
    {"runs",    cli_runs,    "list the recorded batch job runs"},
};

static void usage(FILE *to)
{
    size_t i;
    fprintf(to,
        "usage: brief COMMAND [OPTIONS] [ARGS]\n"
        "       brief --help | --version\n\n"
        "brief turns Chinese news bulletins into PDF briefings (简报).\n\n"
        "Commands:\n");
    for (i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
        fprintf(to, "  %-8s  %s\n", cli_commands[i].name, cli_commands[i].summary);
    fprintf(to, "\nRun 'brief COMMAND --help' for a command's options.\n"
                "The database is --db PATH, else $BRIEF_DB, else ./brief.db.\n");
}

int main(int argc, char **argv)
{
    size_t i;

    /* Numbers are printed and parsed in the C locale whatever the user's is. */
    setlocale(LC_ALL, "C");
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("brief %s\n", BRIEF_VERSION);
        return CLI_OK;
    }
    for (i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
        if (strcmp(argv[1], cli_commands[i].name) == 0)
            return cli_commands[i].main(argc - 1, argv + 1);
    fprintf(stderr, "brief: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
