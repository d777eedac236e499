/* SPDX-License-Identifier: GPL-3.0-or-later */
/* urlfetch.c — a web page through libcurl, loaded when the first URL comes
 * (urlfetch.h). */
/* The calls go through pointers: curl.h's type-checking macros, which
 * take curl_easy_setopt(...) for a macro wherever it is written, stay off. */
#define CURL_DISABLE_TYPECHECK 1
#include "intake/urlfetch.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/dynlib.h"

#define SET_ERR(...) do { if (errlen) snprintf(err, errlen, __VA_ARGS__); } while (0)

#ifndef BRIEF_VERSION
#define BRIEF_VERSION "0"
#endif

int urlfetch_is_url(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

int urlfetch_has_scheme(const char *s)
{
    const char *p = s;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) p++;
    return p > s + 1 && strncmp(p, "://", 3) == 0;   /* "C:/" is a Windows path, not a scheme */
}

int urlfetch_host(const char *url, char *out, size_t outlen)
{
    const char *p = strstr(url, "://"), *end;
    if (!p) return -1;
    p += 3;
    end = p + strcspn(p, "/?#");
    const char *at = memchr(p, '@', (size_t)(end - p));
    if (at) p = at + 1;
    const char *colon = p;
    if (*p == '[') colon = memchr(p, ']', (size_t)(end - p));   /* [::1]:8080 */
    colon = colon ? memchr(colon, ':', (size_t)(end - colon)) : NULL;
    if (colon) end = colon;
    size_t n = (size_t)(end - p);
    if (!n || n >= outlen) return -1;
    for (size_t i = 0; i < n; i++) out[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
    out[n] = '\0';
    return 0;
}

void urlfetch_result_free(urlfetch_result *r)
{
    if (!r) return;
    free(r->body);
    free(r->final_url);
    free(r->content_type);
    memset(r, 0, sizeof *r);
}

/* ---- libcurl, loaded when a URL comes ---------------------------------------- */

/* libcurl and the TLS, SSH, LDAP, IDN and HTTP/2 libraries under it are
 * about 40 libraries: linked, every brief process would load them
 * (bench/README.md). Only `brief ingest URL` needs them. */
#ifndef URLFETCH_CURL_SONAME
#define URLFETCH_CURL_SONAME "libcurl.so.4"   /* Debian 12's libcurl4 */
#endif

#define CURL_API(X) \
    X(curl_easy_init) \
    X(curl_easy_setopt) \
    X(curl_easy_perform) \
    X(curl_easy_getinfo) \
    X(curl_easy_cleanup) \
    X(curl_easy_strerror) \

DYNLIB_API(curl_api, CURL_API, curl_open, URLFETCH_CURL_SONAME, "libcurl4", "fetching a URL")

/* The body, kept up to its limit: past it the transfer is stopped. */
typedef struct body_sink {
    unsigned char *data;
    size_t len, cap, max;
    int too_large, nomem;
} body_sink;

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    body_sink *s = ud;
    size_t n = size * nmemb;
    if (n > s->max - s->len) {
        s->too_large = 1;
        return 0;   /* libcurl stops: CURLE_WRITE_ERROR */
    }
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 64 * 1024;
        while (cap < s->len + n + 1) cap *= 2;
        if (cap > s->max + 1) cap = s->max + 1;
        unsigned char *d = realloc(s->data, cap);
        if (!d) {
            s->nomem = 1;
            return 0;
        }
        s->data = d;
        s->cap = cap;
    }
    memcpy(s->data + s->len, ptr, n);
    s->len += n;
    return n;
}

int urlfetch_load(char *err, size_t errlen)
{
    curl_api api;
    return curl_open(&api, err, errlen) == 0 ? URLFETCH_OK : URLFETCH_NO_LIBRARY;
}

int urlfetch_get(const char *url, const urlfetch_limits *limits, urlfetch_result *out, char *err, size_t errlen)
{
    curl_api api;
    body_sink sink = {NULL, 0, 0, limits->max_bytes, 0, 0};
    char curl_err[CURL_ERROR_SIZE] = "";
    int rc = URLFETCH_OK;
    memset(out, 0, sizeof *out);
    if (!urlfetch_is_url(url)) {
        SET_ERR("only http:// and https:// addresses are fetched");
        return URLFETCH_BAD_URL;
    }
    if (curl_open(&api, err, errlen) != 0) return URLFETCH_NO_LIBRARY;
    CURL *c = api.curl_easy_init();
    if (!c) {
        SET_ERR("out of memory");
        return URLFETCH_NOMEM;
    }
    CURLcode set = CURLE_OK;
#define SETOPT(opt, val) do { if (set == CURLE_OK) set = api.curl_easy_setopt(c, opt, val); } while (0)
    SETOPT(CURLOPT_URL, url);
    /* http and https only, for every redirect too (CURLOPT_PROTOCOLS_STR:
     * libcurl 7.85; Debian 12 has 7.88) */
    SETOPT(CURLOPT_PROTOCOLS_STR, "http,https");
    SETOPT(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    SETOPT(CURLOPT_FOLLOWLOCATION, 1L);
    SETOPT(CURLOPT_MAXREDIRS, limits->max_redirects);
    SETOPT(CURLOPT_CONNECTTIMEOUT_MS, (long)(limits->connect_timeout_s * 1000));
    SETOPT(CURLOPT_TIMEOUT_MS, (long)(limits->timeout_s * 1000));
    SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)limits->max_bytes);
    SETOPT(CURLOPT_NOSIGNAL, 1L);                 /* no SIGALRM of libcurl's in brief's process */
    SETOPT(CURLOPT_ACCEPT_ENCODING, "");          /* what libcurl decodes; the limit counts decoded bytes */
    SETOPT(CURLOPT_FILETIME, 1L);                 /* Last-Modified */
    SETOPT(CURLOPT_USERAGENT, "brief/" BRIEF_VERSION " (bulletin reader)");
    SETOPT(CURLOPT_WRITEFUNCTION, on_body);
    SETOPT(CURLOPT_WRITEDATA, &sink);
    SETOPT(CURLOPT_ERRORBUFFER, curl_err);
#undef SETOPT
    if (set != CURLE_OK) {
        SET_ERR("libcurl refused an option: %s", api.curl_easy_strerror(set));
        api.curl_easy_cleanup(c);
        return URLFETCH_NETWORK;
    }
    CURLcode res = api.curl_easy_perform(c);
    long status = 0;
    api.curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (sink.nomem) {
        SET_ERR("out of memory");
        rc = URLFETCH_NOMEM;
    } else if (sink.too_large || res == CURLE_FILESIZE_EXCEEDED) {
        SET_ERR("more than %zu MB", limits->max_bytes >> 20);
        rc = URLFETCH_TOO_LARGE;
    } else if (res == CURLE_OPERATION_TIMEDOUT) {
        SET_ERR("timed out after %g s", limits->timeout_s);
        rc = URLFETCH_TIMEOUT;
    } else if (res == CURLE_TOO_MANY_REDIRECTS) {
        SET_ERR("more than %ld redirects", limits->max_redirects);
        rc = URLFETCH_REDIRECTS;
    } else if (res == CURLE_UNSUPPORTED_PROTOCOL) {
        SET_ERR("redirected to an address that is not http:// or https://");
        rc = URLFETCH_BAD_URL;
    } else if (res != CURLE_OK) {
        SET_ERR("%s", curl_err[0] ? curl_err : api.curl_easy_strerror(res));
        rc = URLFETCH_NETWORK;
    } else if (status >= 400) {
        SET_ERR("HTTP %ld", status);
        rc = URLFETCH_HTTP;
    }
    if (rc == URLFETCH_OK) {
        const char *final = NULL, *type = NULL;
        curl_off_t when = -1;
        api.curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &final);
        api.curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
        api.curl_easy_getinfo(c, CURLINFO_FILETIME_T, &when);
        out->final_url = strdup(final ? final : url);
        out->content_type = type ? strdup(type) : NULL;
        if (!sink.data) sink.data = calloc(1, 1);
        if (!out->final_url || (type && !out->content_type) || !sink.data) {
            urlfetch_result_free(out);
            SET_ERR("out of memory");
            rc = URLFETCH_NOMEM;
        } else {
            sink.data[sink.len] = '\0';
            out->body = sink.data;
            out->len = sink.len;
            sink.data = NULL;
            out->status = status;
            time_t t = (time_t)when;
            struct tm tm;
            if (when > 0 && gmtime_r(&t, &tm))
                strftime(out->last_modified, sizeof out->last_modified, "%Y-%m-%d", &tm);
        }
    }
    free(sink.data);
    api.curl_easy_cleanup(c);
    return rc;
}
