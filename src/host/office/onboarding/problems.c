#include "host/office/onboarding/problems.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void office_problems_clear(struct office_problems *list)
{
    list->count = 0;
    list->dropped = 0;
}

int office_problem_add(struct office_problems *list, const char *field, int code, const char *fmt,
                       ...)
{
    if (list->count == OFFICE_PROBLEMS_MAX) {
        list->dropped++;
        return code;
    }
    struct office_problem *p = &list->items[list->count++];
    snprintf(p->field, sizeof(p->field), "%s", field);
    p->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->reason.text, sizeof(p->reason.text), fmt, ap);
    va_end(ap);
    return code;
}

const struct office_problem *office_problems_find(const struct office_problems *list,
                                                  const char *field)
{
    for (size_t i = 0; i < list->count; i++) {
        if (strcmp(list->items[i].field, field) == 0)
            return &list->items[i];
    }
    return NULL;
}
