/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dynlib.c — see dynlib.h. */
#include "util/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

void *dynlib_open(const char *soname, const char *package, const char *what, const dynlib_symbol *symbols,
                  size_t nsymbols, char *err, size_t errlen)
{
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        if (err && errlen) snprintf(err, errlen, "%s needs %s (Debian %s): %s", what, soname, package, dlerror());
        return NULL;
    }
    for (size_t i = 0; i < nsymbols; i++) {
        /* POSIX's way to hand dlsym's answer to a function pointer. */
        if (!(*symbols[i].slot = dlsym(lib, symbols[i].name))) {
            if (err && errlen) snprintf(err, errlen, "%s: %s has no %s", what, soname, symbols[i].name);
            dlclose(lib);
            return NULL;
        }
    }
    return lib;
}
