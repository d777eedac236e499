/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dynlib.h — a shared library opened when a file first needs it, not
 * linked: the readers of PDF, HTML and Word files rest on large libraries
 * (poppler-glib, libxml2, libzip, libcurl) whose loading, linked into
 * brief, every process would pay at start-up though most never read such a
 * file (bench/README.md). A reader lists the functions it uses in a table
 * of slots (its own struct of function pointers, typed from the library's
 * header with __typeof__ so the compiler checks each use), and opens the
 * library in the process that reads (isolate.h's child).
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

typedef struct dynlib_symbol {
    const char *name;   /* the function's name in the library */
    void **slot;        /* where its address goes: (void **)&api->name */
} dynlib_symbol;

/* what: the work that needs the library, for messages ("reading PDF");
 * package: the Debian package that ships soname. Returns the handle
 * (never to close), or NULL with err set. */
void *dynlib_open(const char *soname, const char *package, const char *what, const dynlib_symbol *symbols,
                  size_t nsymbols, char *err, size_t errlen);

#endif
