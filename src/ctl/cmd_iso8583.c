/* Placeholder while the module behind this command is being written. */
#include "ctl/cli.h"
#include "ctl/commands.h"

int cmd_iso8583(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_error(CLI_USAGE, "iso8583: not built yet");
}
