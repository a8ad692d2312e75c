/* Placeholder while the module behind this command is being written. */
#include "ctl/cli.h"
#include "ctl/commands.h"

int cmd_pinblock(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error(CLI_USAGE, "pinblock: not built yet");
}
