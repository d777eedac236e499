/* SPDX-License-Identifier: GPL-3.0-or-later */
/* jsonstr.h — JSON strings from any bytes, for Jansson, the project's one
 * JSON writer (batch's log, the runs' params, brief sql --json, the
 * commands' --json). Jansson refuses a string that is not UTF-8; text in
 * brief can be anything a file or a script put there, so each invalid byte
 * becomes U+FFFD (utf8_sanitize), here once for every writer.
 *
 * Contract: returns a new reference (the caller passes it to a Jansson
 * function that steals it, or json_decref), or NULL when memory runs out
 * (Jansson's json_object_set_new and json_array_append_new then fail, so a
 * caller checks their results only). No globals. */
#ifndef BRIEF_JSONSTR_H
#define BRIEF_JSONSTR_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

/* s as a JSON string; NULL gives JSON null. */
json_t *jsonstr_new(const char *s);

/* s[0..len) as a JSON string (a NUL byte is kept, as \u0000). */
json_t *jsonstr_newn(const char *s, size_t len);

/* Writes v as Jansson dumps it with flags, then a newline, to out, with
 * every character of CHARS_CONTROL (chars.h) that Jansson writes as it is
 * (it escapes C0 itself: DEL and the rest are left) escaped as \uXXXX: a U+202E in a script's error
 * cannot turn a log line around, nor U+2028 split it, and the value read
 * back is the same. Steals the reference to v. Returns 0, or -1 when v is
 * NULL or memory runs out (nothing written). */
int jsonstr_dump_line(json_t *v, size_t flags, FILE *out);

#endif
