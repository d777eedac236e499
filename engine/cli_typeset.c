/* cli_typeset.c — placeholder until the typeset command lands; replaced by its owner. */
#include "cli.h"
#include <stdio.h>
int cli_typeset(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "brief typeset: not available in this build\n");
    return CLI_FAILED;
}
