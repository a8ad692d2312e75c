/* libFuzzer target: card swipes (core/checks/track.h). Whatever parses must give a
 * track 2 that parses again, alone and without sentinels, to the same card; every
 * rejection must explain itself; nothing is read past size (ASan). */
#include <stdlib.h>
#include <string.h>

#include "core/checks/track.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ps_track2 t, again;
    struct ps_reason why;

    if (ps_track_parse((const char *)data, size, &t, &why) != 0) {
        if (why.text[0] == '\0' || t.data[0] != '\0' || t.pan[0] != '\0')
            abort();
        return 0;
    }
    if (ps_track_parse(t.data, strlen(t.data), &again, NULL) != 0 ||
        strcmp(again.data, t.data) != 0 || strcmp(again.pan, t.pan) != 0 ||
        strcmp(again.expiry, t.expiry) != 0 || strcmp(again.service_code, t.service_code) != 0)
        abort();
    if (strlen(t.pan) < PS_PAN_MIN || strlen(t.pan) > PS_PAN_MAX || strlen(t.expiry) != 4 ||
        strlen(t.service_code) != 3 || strncmp(t.data, t.pan, strlen(t.pan)) != 0)
        abort();
    return 0;
}
