/* problems.h — every problem a back-office check finds, not only the first, each named
 * by the field the API calls it ("uscc", "legal_person.id_number") and a sentence. The
 * API answers a non-empty list with HTTP 422 and the list as its body, so whoever keys
 * in an application from paper sees all that is wrong at once.
 *
 * Fixed size, no allocation: a check adds at most one problem per field, and the list
 * holds more than there are fields; anything beyond is counted, not stored.
 */
#ifndef POSSUM_HOST_OFFICE_PROBLEMS_H
#define POSSUM_HOST_OFFICE_PROBLEMS_H

#include <stddef.h>

#include "core/error.h"

#define OFFICE_PROBLEMS_MAX   32
#define OFFICE_FIELD_NAME_MAX 48 /* bytes of a field name kept, with its NUL */

struct office_problem {
    char field[OFFICE_FIELD_NAME_MAX]; /* the field's API name (a longer one is cut) */
    int code; /* the PS_E* code of the cause: PS_EFORMAT, PS_ECHECK, PS_ETOOLONG ... */
    struct ps_reason reason;
};

struct office_problems {
    size_t count;   /* problems stored in items */
    size_t dropped; /* problems found beyond OFFICE_PROBLEMS_MAX, not stored */
    struct office_problem items[OFFICE_PROBLEMS_MAX];
};

/* Empties list. */
void office_problems_clear(struct office_problems *list);

/* Appends (a copy of field, code, the formatted sentence) to list (or counts it as
 * dropped when full) and returns code, so a check can `return office_problem_add(...)`. */
int office_problem_add(struct office_problems *list, const char *field, int code, const char *fmt,
                       ...) __attribute__((format(printf, 4, 5)));

/* The first problem about field, or NULL. */
const struct office_problem *office_problems_find(const struct office_problems *list,
                                                  const char *field);

#endif
