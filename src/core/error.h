/* error.h — the one error type of libpossum.
 *
 * Every fallible function returns int: 0 on success, a negative PS_E* code on error,
 * and, where a function says so, a positive business outcome (a decline is not an
 * error). ps_strerror() names each code in one line.
 *
 * Parsers and checks also explain themselves: given a struct ps_reason, they write a
 * sentence naming what was wrong and where ("field 4: 5 bytes left, 6 needed"). Passing
 * NULL skips the formatting, which keeps hot paths cheap.
 */
#ifndef POSSUM_CORE_ERROR_H
#define POSSUM_CORE_ERROR_H

enum ps_error {
    PS_OK = 0,
    PS_EINVAL = -1,     /* an argument is outside what the function documents */
    PS_EFORMAT = -2,    /* the input does not follow its format */
    PS_ETRUNCATED = -3, /* the input ends before it should */
    PS_ETOOLONG = -4,   /* the input, or a value in it, is longer than allowed */
    PS_ESPACE = -5,     /* the caller's output buffer is too small */
    PS_EOVERFLOW = -6,  /* an arithmetic result does not fit its type */
    PS_ECRYPTO = -7,    /* the crypto library reported a failure */
    PS_ENOMEM = -8,     /* an allocation failed */
    PS_ECHECK = -9,      /* a check digit, check value or checksum does not match */
    PS_EUNDEFINED = -10, /* the input names something its table does not define */
    PS_EIO = -11,        /* a file, database or connection failed */
    PS_ETIMEDOUT = -12   /* no answer within the time allowed */
};

/* A static, one-line name for code ("format error"); never NULL. */
const char *ps_strerror(int code);

#define PS_REASON_MAX 192

/* Why an input was rejected, as one sentence without a trailing period. */
struct ps_reason {
    char text[PS_REASON_MAX];
};

/* Writes the formatted sentence into why (when why is not NULL; longer text is cut)
 * and returns code, so a parser can `return ps_fail(why, PS_EFORMAT, "...", ...)`. */
int ps_fail(struct ps_reason *why, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears why (when not NULL) so that an untouched reason reads as "". */
void ps_reason_clear(struct ps_reason *why);

#define PS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
