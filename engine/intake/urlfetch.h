/* SPDX-License-Identifier: GPL-3.0-or-later */
/* urlfetch.h — one web page fetched over HTTP(S) through libcurl, for
 * `brief ingest https://…`: its bytes, the address it was found at after
 * redirects, its Content-Type and Last-Modified.
 *
 * Contract: libcurl is loaded (dlopen, util/dynlib.h) on the first fetch,
 * so brief's other work never loads it. A fetch runs in the calling
 * process (the reader's confined child has no network), bounded: a
 * connection timeout and a total one, at most max_bytes of body (counted
 * after decompression, so a compressed bomb stops there too), at most
 * max_redirects redirects, and only http and https, for redirects too
 * (a redirect to file:// or ftp:// is refused). Nothing is retried. The
 * polite delay between two requests to one host is the caller's
 * (intake.c), which knows the order of its inputs. No globals. */
#ifndef BRIEF_URLFETCH_H
#define BRIEF_URLFETCH_H

#include <stddef.h>

/* Result codes. */
#define URLFETCH_OK         0
#define URLFETCH_BAD_URL    1   /* not an http:// or https:// address */
#define URLFETCH_HTTP       2   /* an answer of 400 or more ("HTTP 404") */
#define URLFETCH_TIMEOUT    3   /* "timed out after 30 s" */
#define URLFETCH_REDIRECTS  4   /* "more than 5 redirects" */
#define URLFETCH_TOO_LARGE  5   /* "more than 64 MB" */
#define URLFETCH_NETWORK    6   /* no answer: the name, the connection, TLS (libcurl's words) */
#define URLFETCH_NO_LIBRARY 7   /* libcurl is not installed */
#define URLFETCH_NOMEM      8

typedef struct urlfetch_limits {
    double timeout_s;          /* the whole request, > 0 */
    double connect_timeout_s;  /* the connection, > 0 */
    size_t max_bytes;          /* the body, after decompression */
    long max_redirects;        /* >= 0 */
} urlfetch_limits;

/* What a fetch brought: every field the caller's, freed by
 * urlfetch_result_free (which takes a zeroed result). */
typedef struct urlfetch_result {
    unsigned char *body;       /* len bytes, plus a NUL not counted */
    size_t len;
    char *final_url;           /* after redirects */
    char *content_type;        /* the Content-Type header, or NULL */
    char last_modified[11];    /* "YYYY-MM-DD" of Last-Modified (UTC), or "" */
    long status;               /* the HTTP status of the last answer */
} urlfetch_result;

/* Whether s starts with http:// or https:// (in any case). */
int urlfetch_is_url(const char *s);

/* Whether s looks like an address of another scheme ("ftp://", "file://"):
 * letters, then "://". */
int urlfetch_has_scheme(const char *s);

/* The host of url (without port or user) into out, lowercased; 0, or -1
 * when it has none or it does not fit. */
int urlfetch_host(const char *url, char *out, size_t outlen);

/* Fetches url. On URLFETCH_OK *out holds the page (status < 400).
 * Otherwise *out is zeroed and err holds a sentence without the URL
 * ("HTTP 404", "timed out after 30 s", "more than 5 redirects"). */
int urlfetch_get(const char *url, const urlfetch_limits *limits, urlfetch_result *out, char *err, size_t errlen);

void urlfetch_result_free(urlfetch_result *r);

/* Opens libcurl in the calling process without fetching anything (brief
 * doctor's check): URLFETCH_OK, or URLFETCH_NO_LIBRARY with err naming the
 * package to install. */
int urlfetch_load(char *err, size_t errlen);

#endif
