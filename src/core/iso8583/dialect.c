#include "core/iso8583/dialect.h"

#include <string.h>

const struct ps_iso_dialect *ps_iso_dialect_by_name(const char *name)
{
    static const struct ps_iso_dialect *const all[] = {&ps_iso_cup, &ps_iso_iso87};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    }
    return NULL;
}

const struct ps_iso_field *ps_iso_field_def(const struct ps_iso_dialect *d, int n)
{
    if (n < 2 || n > d->max_field || d->field[n].kind == PS_ISO_UNDEFINED)
        return NULL;
    return &d->field[n];
}
