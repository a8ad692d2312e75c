/* possumctl iso8583 decode|encode — the message inspector. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/iso8583/iso8583.h"
#include "ctl/cli.h"
#include "ctl/commands.h"
#include "ctl/iso8583_json.h"

#define MAX_INPUT (8 * PS_ISO_MAX_MESSAGE)

static const char usage_text[] =
    "usage: possumctl iso8583 decode [--dialect cup|iso87] [--frame] [--pretty] HEX|-\n"
    "       possumctl iso8583 encode [--dialect cup|iso87] [--frame] [JSON|-]\n"
    "       possumctl iso8583 fields [--dialect cup|iso87]\n"
    "\n"
    "decode prints one JSON object: mti, fields (numbers as digit strings, binary as\n"
    "hex, text as text) and sub (CUP fields 60, 61, 48 split). encode reads that object\n"
    "(from the argument, or standard input when it is '-' or absent) and prints hex.\n"
    "fields prints the dialect's field table as docs/protocol.md shows it.\n"
    "--frame: the message starts with the 2-byte length, then (CUP) TPDU and header.\n"
    "The dialect defaults to cup. HEX may contain spaces.\n";

struct options {
    const struct ps_iso_dialect *dialect;
    unsigned flags;
    int pretty;
    const char *input;
};

static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option longopts[] = {{"dialect", required_argument, NULL, 'd'},
                                             {"frame", no_argument, NULL, 'f'},
                                             {"pretty", no_argument, NULL, 'p'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int c;

    o->dialect = &ps_iso_cup;
    o->flags = 0;
    o->pretty = 0;
    o->input = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            o->dialect = ps_iso_dialect_by_name(optarg);
            if (o->dialect == NULL)
                return cli_error(CLI_USAGE, "iso8583: --dialect: '%s' is not cup or iso87", optarg);
            break;
        case 'f':
            o->flags = PS_ISO_FRAME;
            break;
        case 'p':
            o->pretty = 1;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return -1;
        default:
            return cli_error(CLI_USAGE, "iso8583: see 'possumctl iso8583 --help'");
        }
    }
    if (argc - optind > 1)
        return cli_error(CLI_USAGE, "iso8583: one message at a time (got %d arguments)",
                         argc - optind);
    o->input = optind < argc ? argv[optind] : NULL;
    return 0;
}

static int decode(const struct options *o)
{
    static uint8_t wire[MAX_INPUT];
    static struct ps_iso_msg m;
    struct ps_reason why;
    size_t len = 0;

    if (o->input == NULL)
        return cli_error(CLI_USAGE, "iso8583: decode: give the message as HEX, or '-' for stdin");
    int rc = cli_hex_arg("iso8583", "message", o->input, wire, sizeof(wire), &len);
    if (rc != CLI_OK)
        return rc;
    if (ps_iso_unpack(&m, o->dialect, wire, len, o->flags, &why) != 0)
        return cli_error(CLI_INVALID, "iso8583: %s", why.text);
    json_t *obj = iso8583_to_json(&m, o->flags != 0);
    if (obj == NULL)
        return cli_error(CLI_FAILURE, "iso8583: out of memory");
    size_t flags = JSON_PRESERVE_ORDER | (o->pretty ? JSON_INDENT(2) : JSON_COMPACT);
    json_dumpf(obj, stdout, flags);
    putchar('\n');
    json_decref(obj);
    return CLI_OK;
}

static int encode(const struct options *o)
{
    static uint8_t wire[PS_ISO_MAX_MESSAGE + 2];
    static struct ps_iso_msg m;
    struct ps_reason why;
    json_error_t jerr;
    json_t *obj;
    size_t len = 0;

    if (o->input == NULL || strcmp(o->input, "-") == 0) {
        char *text = NULL;
        size_t text_len = 0;
        if (cli_read_stdin(&text, &text_len, MAX_INPUT) != 0)
            return CLI_INVALID;
        obj = json_loadb(text, text_len, 0, &jerr);
        free(text);
    } else {
        obj = json_loads(o->input, 0, &jerr);
    }
    if (obj == NULL)
        return cli_error(CLI_INVALID, "iso8583: JSON: line %d column %d: %s", jerr.line,
                         jerr.column, jerr.text);
    int rc = iso8583_from_json(&m, o->dialect, obj, o->flags != 0, &why);
    json_decref(obj);
    if (rc == 0)
        rc = ps_iso_pack(&m, wire, sizeof(wire), &len, o->flags, &why);
    if (rc != 0)
        return cli_error(CLI_INVALID, "iso8583: %s", why.text);
    cli_print_hex(wire, len);
    return CLI_OK;
}

static const char *kind_name(const struct ps_iso_field *f)
{
    static const char *const names[] = {"?", "n", "z", "x+n", "an", "ans", "b"};
    return f->kind < sizeof(names) / sizeof(names[0]) ? names[f->kind] : "?";
}

static const char *encoding_name(const struct ps_iso_field *f)
{
    switch (f->encoding) {
    case PS_ISO_ENC_BCD:
        return f->align == PS_ISO_ALIGN_LEFT ? "BCD, left-aligned" : "BCD, right-aligned";
    case PS_ISO_ENC_RAW:
        return "binary";
    case PS_ISO_ENC_HEX:
        return "hex ASCII";
    default:
        return "ASCII";
    }
}

/* One markdown table row per defined field: docs/protocol.md quotes these rows and a
 * test checks that it still does. */
static int print_fields(const struct options *o)
{
    static const char *const length_names[] = {"fixed", "LLVAR", "LLLVAR"};
    const struct ps_iso_dialect *d = o->dialect;
    printf("| field | type | length | max | encoding | name |\n");
    printf("|---|---|---|---|---|---|\n");
    for (int n = 2; n <= d->max_field; n++) {
        const struct ps_iso_field *f = ps_iso_field_def(d, n);
        if (f == NULL)
            continue;
        const char *unit = f->kind == PS_ISO_B ? "bytes"
                           : (f->kind == PS_ISO_N || f->kind == PS_ISO_Z || f->kind == PS_ISO_XN)
                               ? "digits"
                               : "chars";
        printf("| %d | %s | %s | %u %s | %s | %s |\n", n, kind_name(f),
               length_names[f->length_type], f->max, unit, encoding_name(f), f->name);
    }
    return CLI_OK;
}

int cmd_iso8583(int argc, char **argv)
{
    struct options o;
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    int rc = parse_options(argc - 1, argv + 1, &o);
    if (rc != 0)
        return rc < 0 ? CLI_OK : rc;
    if (strcmp(argv[1], "decode") == 0)
        return decode(&o);
    if (strcmp(argv[1], "encode") == 0)
        return encode(&o);
    if (strcmp(argv[1], "fields") == 0)
        return print_fields(&o);
    return cli_error(CLI_USAGE, "iso8583: '%s' is not decode, encode or fields", argv[1]);
}
