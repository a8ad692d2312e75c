/* The command table: each command's options and its --help. */
#include "pos/cli/cli.h"
#include "pos/cli/commands.h"

#define LOGIN_OPTS "operator password supervisor-password"
#define CARD_OPTS  "card-file pan expiry pin card-type card-reader swipe"

#define LOGIN_HELP                                                                                 \
    "  --operator NN --password P      act as operator NN for this run only (else the\n"           \
    "                                  session of 'possum-pos login'); $POSSUM_POS_PASSWORD\n"     \
    "  --supervisor-password P         the supervisor (00) approves this one action for a\n"       \
    "                                  cashier; $POSSUM_POS_SUPERVISOR_PASSWORD\n"

#define CARD_HELP                                                                                  \
    "  --card-file F                   a test card: {\"pan\":..., \"expiry\":\"YYMM\",\n"          \
    "                                  \"pin\":..., \"type\":\"debit|credit|...\"}\n"              \
    "  --pan P [--expiry YYMM] [--card-type T]   the card, typed in\n"                             \
    "  --card-reader DEV               swiped on the reader at DEV (/dev/ttyACM0; one line\n"      \
    "                                  a swipe), waiting up to 30 s for it\n"                      \
    "  --swipe TEXT                    a swipe as a reader types it: ';PAN=YYMM...?',\n"           \
    "                                  track 1 ('%B...?') before it allowed; sent as track 2\n"    \
    "  --pin PIN                       the PIN (sent only as a PIN block)\n"

const struct cli_command cli_commands[] = {
    {"activate", cmd_activate,
     "host tls ca insecure tid mid tmk-file api serial code supervisor-name "
     "supervisor-password",
     "activate the terminal (technician)",
     "  --host HOST:PORT                possumd's terminal port\n"
     "  --tls [--ca FILE | --insecure]  TLS, checked against FILE (or the system's CAs)\n"
     "  --tid TID --mid MID             the terminal and merchant numbers\n"
     "  --tmk-file FILE                 the terminal master key, 32 hex digits\n"
     "  or, by the back office's one-time code instead of --tid, --mid and --tmk-file:\n"
     "  --api URL                       the back office, http://HOST:PORT or https://...\n"
     "                                  (with https, --ca and --insecure apply to it too)\n"
     "  --serial SERIAL --code CODE     the terminal's serial number, its 8-digit code\n"
     "  --supervisor-name NAME --supervisor-password P   the supervisor (operator 00)\n"
     "Makes the device key, stores the master key sealed under it, creates the supervisor,\n"
     "then downloads the parameters and signs in (later, when the host is away).\n"},
    {"status", cmd_status, "", "where the terminal stands",
     "Prints the terminal, its host, batch, parameters, outbox and who is logged in.\n"},
    {"login", cmd_login, "operator password", "log an operator in for the next commands",
     "  --operator NN --password P      (or $POSSUM_POS_PASSWORD)\n"
     "Keeps the login in HOME/session (0600, signed under the device key) for 12 hours or\n"
     "until 'possum-pos logout'.\n"},
    {"logout", cmd_logout, "", "log the operator out", "Removes HOME/session.\n"},
    {"params", cmd_params, LOGIN_OPTS, "download the parameters again (supervisor)", LOGIN_HELP},
    {"signin", cmd_signin, LOGIN_OPTS, "sign in with the host now", LOGIN_HELP},
    {"config", cmd_config, LOGIN_OPTS, "show or change the terminal's settings",
     "  config show\n"
     "  config set NAME VALUE           (supervisor) lang zh|en, receipt-width 32..64,\n"
     "                                  footer TEXT, drawer 0|1, discount-max-percent P,\n"
     "                                  discount-max-amount YUAN, host-timeout "
     "SECONDS,\n"
     "                                  card-reader DEV (\"\": none; the tui waits on "
     "it),\n"
     "                                  back-office URL (\"\": none; heartbeats go there)\n"
     LOGIN_HELP},
    {"operators", cmd_operators, LOGIN_OPTS " name new-password", "manage operators (supervisor)",
     "  operators list\n"
     "  operators add NN --name NAME --new-password P\n"
     "  operators rename NN --name NAME\n"
     "  operators disable NN | enable NN | remove NN\n"
     "  operators reset-password NN --new-password P   (also unlocks)\n"
     "  operators passwd --new-password P               one's own (--password: the "
     "old)\n" LOGIN_HELP},
    {"catalog", cmd_catalog, LOGIN_OPTS " excel code name price tax stock search",
     "products: import, export, add, list",
     "  catalog import FILE             CSV: code,name,price,tax_rate,stock (all or nothing;\n"
     "                                  bad lines are listed with their numbers)\n"
     "  catalog export FILE|- [--excel] the same CSV (- : on standard output, no JSON)\n"
     "  catalog add --code EAN --name N --price YUAN [--tax PERCENT] [--stock N]\n"
     "  catalog list [--search TEXT]\n" LOGIN_HELP},
    {"sale", cmd_sale, LOGIN_OPTS " " CARD_OPTS " ean qty line-discount discount tender printer",
     "sell: scan, discount, pay",
     "  --ean CODE [--qty N] [--line-discount D]   a line (repeat for more)\n"
     "  --discount D                    on the whole order; D is 10% or 5.00 (yuan)\n"
     "  --tender cash:AMOUNT            cash handed over (change is given back)\n"
     "  --tender card[:AMOUNT]          a bank card purchase (default: what remains)\n"
     "  --tender qr:CODE[:AMOUNT]       a customer's payment code as scanned\n"
     "                                  (repeat --tender to split; they pay in order)\n" CARD_HELP
     "  --printer PATH                  ESC/POS receipt to a device or file\n" LOGIN_HELP},
    {"void", cmd_void, LOGIN_OPTS " receipt printer", "void a sale of this batch (supervisor)",
     "  --receipt N                     the sale's receipt number\n"
     "  --printer PATH\n" LOGIN_HELP},
    {"refund", cmd_refund, LOGIN_OPTS " " CARD_OPTS " rrn date amount printer",
     "refund a card purchase (supervisor)",
     "  --rrn RRN --date MMDD           the purchase's reference number and date\n"
     "  --amount YUAN                   what to pay back\n" CARD_HELP
     "  (without a card: the purchase's card, when this batch holds it)\n" LOGIN_HELP},
    {"balance", cmd_balance, LOGIN_OPTS " " CARD_OPTS, "a card's balance (card and PIN)",
     CARD_HELP LOGIN_HELP},
    {"preauth", cmd_preauth, LOGIN_OPTS " " CARD_OPTS " amount", "pre-authorize an amount",
     "  --amount YUAN\n" CARD_HELP LOGIN_HELP},
    {"complete", cmd_complete, LOGIN_OPTS " " CARD_OPTS " receipt auth date amount printer",
     "complete a pre-authorization",
     "  --receipt N                     the pre-authorization's receipt (this batch)\n"
     "  --auth CODE --date MMDD         or its code and date, with the card\n"
     "  --amount YUAN                   (default: the amount held)\n" CARD_HELP LOGIN_HELP},
    {"reprint", cmd_reprint, LOGIN_OPTS " receipt printer", "print a receipt again",
     "  --receipt N                     (default: the last receipt)\n"
     "  --printer PATH\n" LOGIN_HELP},
    {"list", cmd_list, LOGIN_OPTS " kind", "the journal's records",
     "  --kind K                        sale, cash_sale, void, refund, balance_inquiry,\n"
     "                                  preauth, preauth_completion, reversal, settlement,\n"
     "                                  sign_in, sign_off\n" LOGIN_HELP},
    {"show", cmd_show, LOGIN_OPTS " receipt", "everything the journal says about a receipt",
     "  --receipt N\n" LOGIN_HELP},
    {"xreport", cmd_xreport, LOGIN_OPTS " printer", "running totals since the last settlement",
     "  --printer PATH\n" LOGIN_HELP},
    {"settle", cmd_settle, LOGIN_OPTS " printer", "settle the batch and sign off (supervisor)",
     "Sends the batch totals; when the host disagrees, uploads the batch. Prints the\n"
     "settlement slip. With the host away the settlement waits in the outbox.\n"
     "  --printer PATH\n" LOGIN_HELP},
    {"forward", cmd_forward, "", "send what waits in the outbox",
     "Reversals owed, settlements, batch uploads and sign-offs that could not reach the\n"
     "host go now, in order, each once. Needs no operator (run it from a timer).\n"},
    {"heartbeat", cmd_heartbeat, "", "tell the back office how the terminal is (TMS)",
     "Sends a signed heartbeat to the back-office setting's URL (set by activate --api):\n"
     "app version, parameter set, printer, last transaction. Applies a parameter set the\n"
     "signed answer carries, installs an update it offers, and says so. Needs no operator\n"
     "(run it from a timer). Also sent after every sign-in.\n"},
    {"journal", cmd_journal, LOGIN_OPTS, "verify, export or back up the journal",
     "  journal verify                  check the hash chain and its anchor (no login)\n"
     "  journal export FILE|-           one JSON line per record\n"
     "  journal backup DEST             a copy of the database (and DEST.anchor)\n" LOGIN_HELP},
    {"tui", cmd_tui, "lang printer", "the cashier's full-screen interface",
     "  --lang zh|en                    the interface's language (default: the terminal's\n"
     "                                  lang setting, Chinese unless set to en)\n"
     "  --printer PATH                  every receipt also as ESC/POS to a device or file\n"
     "Needs a terminal of at least 80x24 and a UTF-8 locale. Operators log in on its\n"
     "first screen; it holds the terminal until the cashier quits there (Esc).\n"},
};

const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]);
