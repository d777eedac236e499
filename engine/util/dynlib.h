/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dynlib.h — a shared library opened when a file first needs it, not
 * linked: the readers of PDF, HTML and Word files rest on large libraries
 * (poppler-glib, libxml2, libzip, libcurl) whose loading, linked into
 * brief, every process would pay at start-up though most never read such a
 * file (bench/README.md). A reader lists the functions it uses in a table
 * of slots (its own struct of function pointers, typed from the library's
 * header with __typeof__ so the compiler checks each use: DYNLIB_API
 * declares it), and opens the library in the process that reads
 * (isolate.h's child).
 *
 * Contract: dynlib_open opens soname (RTLD_NOW | RTLD_LOCAL) and fills
 * every slot; it returns the handle, or NULL with err holding one sentence
 * ("reading PDF needs libpoppler-glib.so.8 (Debian libpoppler-glib8): …",
 * "reading PDF: libpoppler-glib.so.8 has no poppler_page_get_text") and
 * nothing left open. A handle is never closed: GLib's types cannot be
 * unloaded, and opening the same soname again gives the same handle back
 * at the cost of a lookup. No globals. */
#ifndef BRIEF_DYNLIB_H
#define BRIEF_DYNLIB_H

#include <stddef.h>
#include <string.h>

typedef struct dynlib_symbol {
    const char *name;   /* the function's name in the library */
    void **slot;        /* where its address goes: (void **)&api->name */
} dynlib_symbol;

/* what: the work that needs the library, for messages ("reading PDF");
 * package: the Debian package that ships soname. Returns the handle
 * (never to close), or NULL with err set. */
void *dynlib_open(const char *soname, const char *package, const char *what, const dynlib_symbol *symbols,
                  size_t nsymbols, char *err, size_t errlen);

/* A user's table of slots and its opener, from an X-macro list of the
 * functions it uses (LIST(X) expands X(name) for each, every name declared
 * by the library's header):
 *
 *     #define CURL_API(X) X(curl_easy_init) X(curl_easy_cleanup)
 *     DYNLIB_API(curl_api, CURL_API, curl_open, "libcurl.so.4", "libcurl4", "fetching a URL")
 *
 * declares `typedef struct curl_api {void *lib; one slot per name} curl_api;`,
 * each slot typed with __typeof__ so that the compiler checks every call,
 * and `static int curl_open(curl_api *api, char *err, size_t errlen)`,
 * which opens the library into *api: 0, or -1 with err set (dynlib_open). */
#define DYNLIB_SLOT_(name) __typeof__(&name) name;
#define DYNLIB_SYMBOL_(name) {#name, (void **)&api->name},
#define DYNLIB_API(type, LIST, opener, soname, package, what)                                          \
    typedef struct type {                                                                              \
        void *lib;                                                                                     \
        LIST(DYNLIB_SLOT_)                                                                             \
    } type;                                                                                            \
    static int opener(type *api, char *err, size_t errlen)                                             \
    {                                                                                                  \
        const dynlib_symbol symbols[] = {LIST(DYNLIB_SYMBOL_)};                                        \
        memset(api, 0, sizeof *api);                                                                   \
        api->lib = dynlib_open(soname, package, what, symbols, sizeof symbols / sizeof symbols[0], err, \
                               errlen);                                                                \
        return api->lib ? 0 : -1;                                                                      \
    }

#endif
