/* fixture.h — a terminal home of its own for each app test, in a temporary directory
 * removed afterwards (a home holds files, no directories). */
#ifndef POSSUM_TESTS_UNIT_POS_APP_FIXTURE_H
#define POSSUM_TESTS_UNIT_POS_APP_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Makes a fresh directory into dir (64 bytes). */
static inline void fixture_home(char dir[64])
{
    snprintf(dir, 64, "/tmp/possum-app-test.XXXXXX");
    if (mkdtemp(dir) == NULL)
        abort();
}

/* Removes it and the files in it. */
static inline void fixture_remove(const char *dir)
{
    char path[512];
    struct dirent *e;
    DIR *d = opendir(dir);

    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d != NULL)
        closedir(d);
    rmdir(dir);
}

#endif
