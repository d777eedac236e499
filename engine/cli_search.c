/* cli_search.c — placeholder until the search command lands; replaced by its owner. */
#include "cli.h"
#include <stdio.h>
int cli_search(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "brief search: not available in this build\n");
    return CLI_FAILED;
}
