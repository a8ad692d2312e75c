/* commands.h — the possumctl commands. Each takes the arguments after its own name
 * (argv[0] is the command name) and returns the process exit status (ctl/cli.h). */
#ifndef POSSUM_CTL_COMMANDS_H
#define POSSUM_CTL_COMMANDS_H

int cmd_iso8583(int argc, char **argv);  /* cmd_iso8583.c: decode / encode messages */
int cmd_mac(int argc, char **argv);      /* cmd_mac.c: compute a MAC */
int cmd_pinblock(int argc, char **argv); /* cmd_pinblock.c: build / parse PIN blocks */
int cmd_kcv(int argc, char **argv);      /* cmd_kcv.c: key check values */
int cmd_activation(int argc, char **argv); /* cmd_activation.c: an activation's key */
int cmd_check(int argc, char **argv);    /* cmd_check.c: KYC and code check digits */
int cmd_txn(int argc, char **argv);      /* cmd_txn.c: one transaction, as a terminal */
int cmd_fleet(int argc, char **argv);    /* cmd_fleet.c: a fleet of terminals, load test */

#endif
