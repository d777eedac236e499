/* SPDX-License-Identifier: GPL-3.0-or-later */
/* intake.c — inputs found, read, parsed and stored in batches (intake.h). */
#include "intake/intake.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ingest/docxread.h"
#include "ingest/htmlread.h"
#include "ingest/linedoc.h"
#include "ingest/pdfread.h"
#include "intake/urlfetch.h"
#include "os/isolate.h"
#include "store/review.h"
#include "store/store.h"
#include "util/fold.h"
#include "util/parallel.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/vec.h"

typedef struct intake_input {
    char *path;          /* NULL for standard input; the address for a URL */
    long long bytes;     /* size from stat, for progress; 0 for stdin and URLs */
    int url;             /* 1: an http:// or https:// address, fetched (urlfetch.h) */
} intake_input;

/* The last request to a host, for the polite delay. */
typedef struct intake_host {
    char name[256];
    double at_s;         /* when its last request ended (monotonic) */
} intake_host;

/* The structured readers that hand back a linedoc (linedoc_readers below). */
enum { READER_HTML, READER_DOCX, READER_COUNT };

struct intake {
    intake_options o;
    intake_input *inputs;
    size_t count, cap;
    int stdin_seen;
    intake_totals t;
    store *st;
    /* the open batch: its bulletins count as stored once it commits */
    int batch_open;
    size_t *pending;     /* indices into inputs */
    size_t pending_count;
    long long pending_bytes;
    size_t pending_superseded, pending_reprints;
    double batch_started_s;
    /* the warnings of the open batch's bulletins, given once it commits */
    struct intake_warning {
        size_t input;
        long long bulletin_id;
        const char *kind;
        long article;
        char *message;
    } *warnings;
    size_t warning_count, warning_cap;
    /* the default source of the last file's directory: realpath() costs a
     * readlink per path component, and files come sorted, by directory */
    char *source_dir, *source_name;
    intake_host *hosts;  /* the hosts fetched from, for the polite delay */
    size_t host_count, host_cap;
    int loaded[READER_COUNT];   /* a structured reader's libraries loaded here (linedoc_readers), for
                                   the children to inherit */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

__attribute__((format(printf, 4, 5)))
static void report(intake *in, const char *file, long line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    in->o.report(in->o.ud, file, line, msg, 0);
}

static const char *display_name(const intake_input *input)
{
    return input->path ? input->path : "(stdin)";
}

intake *intake_new(const intake_options *options)
{
    intake *in = calloc(1, sizeof *in);
    if (!in) return NULL;
    in->o = *options;
    if (in->o.batch_max_s <= 0) in->o.batch_max_s = INTAKE_BATCH_MAX_S;
    if (in->o.batch_max_bytes <= 0) in->o.batch_max_bytes = INTAKE_BATCH_MAX_BYTES;
    if (in->o.batch_max_files == 0) in->o.batch_max_files = INTAKE_BATCH_MAX_FILES;
    if (in->o.fetch_timeout_s <= 0) in->o.fetch_timeout_s = INTAKE_FETCH_TIMEOUT_S;
    if (in->o.fetch_delay_s < 0) in->o.fetch_delay_s = 0;
    return in;
}

void intake_free(intake *in)
{
    if (!in) return;
    store_close(in->st);   /* an open batch is rolled back */
    for (size_t k = 0; k < in->warning_count; k++) free(in->warnings[k].message);
    free(in->warnings);
    for (size_t k = 0; k < in->count; k++) free(in->inputs[k].path);
    free(in->inputs);
    free(in->pending);
    free(in->source_dir);
    free(in->source_name);
    free(in->hosts);
    free(in);
}

const intake_totals *intake_get_totals(const intake *in)
{
    return &in->t;
}

/* ---- finding the inputs ----------------------------------------------------- */

static int add_input(intake *in, const char *path, long long bytes)
{
    if (VEC_RESERVE(in->inputs, in->cap, in->count + 1) != 0) return -1;
    in->inputs[in->count].path = path ? strdup(path) : NULL;
    if (path && !in->inputs[in->count].path) return -1;
    in->inputs[in->count].bytes = bytes;
    in->inputs[in->count].url = path && urlfetch_is_url(path);
    in->count++;
    in->t.inputs++;
    in->t.bytes_total += bytes;
    return 0;
}

/* The names a directory's walk takes: text and the formats of the readers
 * below (a file named on the command line is read whatever its name). */
static int is_input_name(const char *name)
{
    /* .doc and .wps are taken to be refused by name, not passed over */
    static const char *const suffixes[] = {".txt", ".pdf", ".html", ".htm", ".docx", ".doc", ".wps"};
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t n = strlen(suffixes[i]);
        if (len > n && strcasecmp(name + len - n, suffixes[i]) == 0) return 1;
    }
    return 0;
}

static int compare_inputs(const void *a, const void *b)
{
    return strcmp(((const intake_input *)a)->path, ((const intake_input *)b)->path);
}

/* Adds the *.txt files under dir, recursively. Symbolic links to files are
 * followed, to directories not (they could loop). Returns -1 when memory
 * runs out; an unreadable directory is reported and counted as failed. */
static int walk_dir(intake *in, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    sbuf path = SBUF_INIT;
    struct stat sb;
    int rc = 0;

    if (!d) {
        report(in, dir, 0, "cannot read the directory: %s", strerror(errno));
        in->t.failed++;
        return 0;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue; /* ., .., and hidden files (.git) */
        sbuf_clear(&path);
        sbuf_printf(&path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        if (sbuf_failed(&path)) { rc = -1; break; }
        if (lstat(path.data, &sb) != 0) continue;
        if (S_ISDIR(sb.st_mode)) {
            if (walk_dir(in, path.data) != 0) { rc = -1; break; }
        } else if (is_input_name(e->d_name)) {
            if (S_ISLNK(sb.st_mode) && (stat(path.data, &sb) != 0 || !S_ISREG(sb.st_mode))) continue;
            if (!S_ISREG(sb.st_mode)) continue;
            if (add_input(in, path.data, (long long)sb.st_size) != 0) { rc = -1; break; }
        }
    }
    closedir(d);
    sbuf_free(&path);
    return rc;
}

int intake_add_path(intake *in, const char *path)
{
    struct stat sb;
    if (strcmp(path, "-") == 0) {
        if (in->stdin_seen++) return 0;
        return add_input(in, NULL, 0);
    }
    if (urlfetch_is_url(path)) return add_input(in, path, 0);
    if (urlfetch_has_scheme(path) && stat(path, &sb) != 0) {
        report(in, path, 0, "only http:// and https:// addresses are fetched");
        in->t.failed++;
        return 0;
    }
    if (stat(path, &sb) != 0) {
        report(in, path, 0, "%s", strerror(errno));
        in->t.failed++;
        return 0;
    }
    if (S_ISDIR(sb.st_mode)) {
        size_t first = in->count;
        if (walk_dir(in, path) != 0) return -1;
        qsort(in->inputs + first, in->count - first, sizeof *in->inputs, compare_inputs);
        if (in->count == first) report(in, path, 0, "no .txt, .pdf, .html or .docx file in it");
        return 0;
    }
    return add_input(in, path, (long long)sb.st_size);
}

int intake_add_list(intake *in, const char *list)
{
    FILE *f = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int rc = 0;
    if (!f) {
        report(in, list, 0, "cannot open the list: %s", strerror(errno));
        in->t.failed++;
        return 0;
    }
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        char *s = line, *e = line + n;
        while (s < e && (*s == ' ' || *s == '\t')) s++;
        while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t')) e--;
        *e = '\0';
        if (s == e || *s == '#') continue;
        if (!urlfetch_is_url(s) || strpbrk(s, " \t")) {
            report(in, list, (long)lineno, "not an http:// or https:// address: '%.200s'", s);
            in->t.failed++;
            continue;
        }
        if (add_input(in, s, 0) != 0) { rc = -1; break; }
    }
    if (rc == 0 && ferror(f)) {
        report(in, list, 0, "cannot read the list: %s", strerror(errno));
        in->t.failed++;
    }
    free(line);
    if (f != stdin) fclose(f);
    return rc;
}

/* ---- one input ------------------------------------------------------------------ */

/* Waits until the polite delay since the last request to url's host has
 * passed (or stop is set). Returns the host's slot, whose time the caller
 * sets when the request ends, or (size_t)-1 (no host, or out of memory: no
 * delay then). */
static size_t host_wait(intake *in, const char *url)
{
    char name[256];
    size_t i;
    if (urlfetch_host(url, name, sizeof name) != 0) return (size_t)-1;
    for (i = 0; i < in->host_count; i++)
        if (strcmp(in->hosts[i].name, name) == 0) break;
    if (i == in->host_count) {
        if (VEC_RESERVE(in->hosts, in->host_cap, in->host_count + 1) != 0) return (size_t)-1;
        snprintf(in->hosts[i].name, sizeof in->hosts[i].name, "%s", name);
        in->hosts[i].at_s = -1e9;
        in->host_count++;
    }
    for (;;) {
        double left = in->hosts[i].at_s + in->o.fetch_delay_s - now_s();
        if (left <= 0 || (in->o.stop && *in->o.stop)) break;
        if (left > 0.1) left = 0.1;   /* the stop flag is read ten times a second */
        struct timespec ts = {0, (long)(left * 1e9)};
        nanosleep(&ts, NULL);
    }
    return i;
}

/* Fetches a URL input: its bytes (free them), the final address and
 * the headers into *res; NULL with a reason in why. */
static unsigned char *fetch_input(intake *in, const char *url, urlfetch_result *res, size_t *len, char *why,
                                  size_t whylen)
{
    urlfetch_limits limits = {in->o.fetch_timeout_s,
                              in->o.fetch_timeout_s < INTAKE_FETCH_CONNECT_S ? in->o.fetch_timeout_s
                                                                             : INTAKE_FETCH_CONNECT_S,
                              INTAKE_MAX_BYTES, INTAKE_FETCH_MAX_REDIRECTS};
    size_t host = host_wait(in, url);
    int rc = urlfetch_get(url, &limits, res, why, whylen);
    if (host != (size_t)-1) in->hosts[host].at_s = now_s();
    if (rc != URLFETCH_OK) return NULL;
    unsigned char *data = res->body;
    *len = res->len;
    res->body = NULL;
    if (!*len) {
        free(data);
        snprintf(why, whylen, "empty: no text");
        return NULL;
    }
    return data;
}

/* Reads a whole file (or stdin when path is NULL) up to INTAKE_MAX_BYTES.
 * expect is the size the file had when it was listed: the buffer starts
 * there, so a file is read with one read(2) and a second that finds its end
 * (no stdio: its fstat and buffer were a third of the system calls of an
 * ingest of small files). Returns the bytes (free them) or NULL with a
 * reason in why. */
static unsigned char *read_input(const char *path, long long expect, size_t *len, char *why, size_t whylen)
{
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
    unsigned char *data = NULL, *grown;
    size_t cap = 0;
    ssize_t n;

    *len = 0;
    if (fd < 0) {
        snprintf(why, whylen, "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (expect < 0 || expect > INTAKE_MAX_BYTES) expect = 0;
    for (;;) {
        if (*len == cap) {
            /* Room for the expected bytes and the read that finds the end. */
            cap = cap ? cap * 2 : (size_t)expect + 4096;
            if (cap > INTAKE_MAX_BYTES + 1) cap = INTAKE_MAX_BYTES + 1;
            grown = realloc(data, cap);
            if (!grown) {
                snprintf(why, whylen, "out of memory");
                free(data);
                data = NULL;
                break;
            }
            data = grown;
        }
        n = read(fd, data + *len, cap - *len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            snprintf(why, whylen, "cannot read: %s", strerror(errno));
            free(data);
            data = NULL;
            break;
        }
        *len += (size_t)n;
        if (*len > INTAKE_MAX_BYTES) {
            snprintf(why, whylen, "too large (over %u MB, the limit for one bulletin)",
                     INTAKE_MAX_BYTES / (1024u * 1024u));
            free(data);
            data = NULL;
            break;
        }
        if (n == 0) break;
    }
    if (path) close(fd);
    if (data && *len == 0) {
        /* Keep a valid pointer for an empty input: the parser reports it. */
        grown = realloc(data, 1);
        if (grown) data = grown;
    }
    return data;
}

/* The name of the directory that holds path ("samples" for samples/a.txt,
 * the current directory's name for a.txt), the default source. */
static char *dir_name_of(const char *path)
{
    char dir[PATH_MAX], real[PATH_MAX];
    const char *base;
    paths_dirname(path, dir, sizeof dir);
    if (!realpath(dir, real)) snprintf(real, sizeof real, "%s", dir);
    base = strrchr(real, '/');
    base = base && base[1] ? base + 1 : real;
    return strdup(base);
}

/* The source of input: the option, "stdin", or its directory's name
 * (cached per directory). NULL when memory runs out. */
static const char *source_of(intake *in, const intake_input *input)
{
    if (in->o.source) return in->o.source;
    if (!input->path) return "stdin";
    const char *slash = strrchr(input->path, '/');
    size_t dir_len = slash ? (size_t)(slash - input->path) + 1 : 0; /* "/" kept: "/a.txt" is not "a.txt" */
    if (!in->source_dir || strlen(in->source_dir) != dir_len || strncmp(in->source_dir, input->path, dir_len)) {
        free(in->source_dir);
        free(in->source_name);
        in->source_dir = strndup(input->path, dir_len);
        in->source_name = dir_name_of(input->path);
        if (!in->source_dir || !in->source_name) {
            free(in->source_dir);
            free(in->source_name);
            in->source_dir = in->source_name = NULL;
            return NULL;
        }
    }
    return in->source_name;
}

/* The body as the store joins it: paragraphs separated by one newline. */
static int join_body(const ingest_article *a, sbuf *body)
{
    size_t i;
    sbuf_clear(body);
    for (i = 0; i < a->paragraph_count; i++) {
        if (i) sbuf_putc(body, '\n');
        sbuf_puts(body, a->paragraphs[i]);
    }
    return sbuf_failed(body) ? -1 : 0;
}

/* Reports a parser's message, whose "line 12: ..." becomes the line. */
static void report_parse_error(intake *in, const char *file, int rc, const char *why)
{
    static const char *const reasons[] = {"", "empty: no text", "not text (binary data)",
                                          "cannot be decoded", "out of memory", "bad --date",
                                          "the profile failed", "cannot be hashed"};
    const char *msg = why[0] ? why : (rc > 0 && rc <= INGEST_NO_HASH ? reasons[rc] : "cannot be parsed");
    if (strncmp(msg, "line ", 5) == 0 && msg[5] >= '0' && msg[5] <= '9') {
        char *end;
        long line = strtol(msg + 5, &end, 10);
        if (*end == ':') {
            end++;
            while (*end == ' ') end++;
            in->o.report(in->o.ud, file, line, end, 0);
            return;
        }
    }
    in->o.report(in->o.ud, file, 0, msg, 0);
}

/* ---- readers of other formats ------------------------------------------------ */

/* Where an input's bytes came from, when a reader can use it: a fetched
 * URL's HTTP headers (all NULL for a file). */
typedef struct input_origin {
    const char *content_type;    /* Content-Type, or NULL */
    const char *last_modified;   /* Last-Modified as YYYY-MM-DD, or NULL */
} input_origin;

/* Runs a reader's library step, fn(job), in a child under the limits of
 * intake.h for a file of len bytes: isolate_run's result. */
static int run_reader(isolate_fn fn, void *job, size_t len, sbuf *out, char *why, size_t whylen)
{
    isolate_limits limits = {INTAKE_READER_TIME_S + INTAKE_READER_TIME_S_PER_MB * (double)len / (1 << 20),
                             INTAKE_READER_MEMORY_BYTES, INTAKE_READER_OUTPUT_BYTES};
    return isolate_run(fn, job, &limits, out, why, whylen);
}

/* The PDF reader's first step (poppler) in the child of isolate_run. */
typedef struct pdf_job {
    const unsigned char *data;
    size_t len;
} pdf_job;

static int pdf_extract_in_child(void *ctx, sbuf *out, char *err, size_t errlen)
{
    const pdf_job *job = ctx;
    pdfread_doc *doc = NULL;
    int rc = pdfread_extract(job->data, job->len, &doc, err, errlen);
    if (rc == PDFREAD_OK && pdfread_encode(doc, out) != 0) {
        snprintf(err, errlen, "out of memory");
        rc = PDFREAD_NOMEM;
    }
    pdfread_doc_destroy(doc);
    return rc;
}

/* A PDF: its text lines read by poppler in a process of its own, under
 * the limits of intake.h, then laid out and parsed here. */
static int read_pdf(const unsigned char *data, size_t len, const ingest_options *opts, ingest_bulletin **out,
                    char *why, size_t whylen)
{
    pdf_job job = {data, len};
    sbuf enc = SBUF_INIT;
    pdfread_doc *doc = NULL;
    const ingest_line *lines;
    const ingest_doc_hints *hints;
    size_t count;
    char sha[65];
    int rc = run_reader(pdf_extract_in_child, &job, len, &enc, why, whylen);
    if (rc == ISOLATE_OK) rc = pdfread_decode((const unsigned char *)enc.data, enc.len, &doc, why, whylen);
    sbuf_free(&enc);
    if (rc != PDFREAD_OK) return rc == PDFREAD_NOMEM ? INGEST_NOMEM : INGEST_UNDECODABLE;
    if (pdfread_lines(doc, &lines, &count, &hints) != PDFREAD_OK) {
        pdfread_doc_destroy(doc);
        snprintf(why, whylen, "out of memory");
        return INGEST_NOMEM;
    }
    if (ingest_sha256(data, len, sha, why, whylen) != 0) {
        pdfread_doc_destroy(doc);
        return INGEST_NO_HASH;
    }
    rc = ingest_parse_lines(lines, count, hints, "pdf", sha, opts, out, why, whylen);
    pdfread_doc_destroy(doc);
    return rc;
}

/* A reader whose library ran in the child (fn: returns an INGEST_* code
 * > 0 with its message on failure) and handed back a linedoc
 * (ingest/linedoc.h): its lines decoded here, as hostile bytes, then
 * parsed as kind ("html"). origin's Last-Modified, when the page has no
 * date of its own, is its weak date. */
static int read_linedoc(isolate_fn fn, void *job, const unsigned char *data, size_t len, const char *kind,
                        const input_origin *origin, const ingest_options *opts, ingest_bulletin **out, char *why,
                        size_t whylen)
{
    sbuf enc = SBUF_INIT;
    linedoc *doc = NULL;
    const ingest_line *lines;
    const ingest_doc_hints *hints;
    size_t count;
    char sha[65];
    int rc = run_reader(fn, job, len, &enc, why, whylen);
    if (rc != ISOLATE_OK) {
        sbuf_free(&enc);
        return rc > 0 ? rc : INGEST_UNDECODABLE;   /* ISOLATE_FAILED: a crash, the time or memory limit */
    }
    rc = linedoc_decode((const unsigned char *)enc.data, enc.len, &doc, why, whylen);
    sbuf_free(&enc);
    if (rc != 0) return INGEST_UNDECODABLE;
    linedoc_lines(doc, &lines, &count, &hints);
    if (origin && origin->last_modified && !(hints && hints->published)) {
        ingest_doc_hints h = {NULL, NULL, NULL, NULL, NULL};
        if (hints) h = *hints;
        h.published = origin->last_modified;
        if (linedoc_set_hints(doc, &h) != 0) goto nomem;
        linedoc_lines(doc, &lines, &count, &hints);
    }
    if (ingest_sha256(data, len, sha, why, whylen) != 0) {
        linedoc_free(doc);
        return INGEST_NO_HASH;
    }
    rc = ingest_parse_lines(lines, count, hints, kind, sha, opts, out, why, whylen);
    linedoc_free(doc);
    return rc;
nomem:
    linedoc_free(doc);
    snprintf(why, whylen, "out of memory");
    return INGEST_NOMEM;
}

/* A structured reader whose library runs in the child and hands back a
 * linedoc: its kind (bulletins.encoding), the opening of its libraries in
 * brief's process (once, before the first child: every child forked after
 * finds them loaded; a failure is the child's to report), and its
 * extraction, returning read_linedoc's codes (0, or an INGEST_* code with
 * its message). */
typedef struct linedoc_reader {
    const char *kind;
    int (*load)(char *err, size_t errlen);
    int (*extract)(const unsigned char *data, size_t len, const char *content_type, linedoc **out, char *err,
                   size_t errlen);
} linedoc_reader;

/* What a structured reader's child reads: the bytes, and the content type
 * of a fetched page (HTML's charset may be there). */
typedef struct reader_job {
    const linedoc_reader *reader;
    const unsigned char *data;
    size_t len;
    const char *content_type;   /* the HTTP header's, or NULL */
} reader_job;

static int html_extract(const unsigned char *data, size_t len, const char *content_type, linedoc **out,
                        char *err, size_t errlen)
{
    int rc = htmlread_extract(data, len, content_type, out, err, errlen);
    return rc == HTMLREAD_OK ? 0 : rc == HTMLREAD_NOMEM ? INGEST_NOMEM : rc == HTMLREAD_NO_TEXT ? INGEST_EMPTY
                                                                                                  : INGEST_UNDECODABLE;
}

/* A .docx has no content type of use. */
static int docx_extract(const unsigned char *data, size_t len, const char *content_type, linedoc **out,
                        char *err, size_t errlen)
{
    (void)content_type;
    int rc = docxread_extract(data, len, out, err, errlen);
    return rc == DOCXREAD_OK ? 0 : rc == DOCXREAD_NOMEM ? INGEST_NOMEM : INGEST_UNDECODABLE;
}

static const linedoc_reader linedoc_readers[READER_COUNT] = {
    [READER_HTML] = {"html", htmlread_load, html_extract},   /* libxml2 */
    [READER_DOCX] = {"docx", docxread_load, docx_extract},   /* libzip, libxml2 */
};

/* A structured reader's extraction in the child of isolate_run: its lines
 * encoded for read_linedoc. */
static int linedoc_extract_in_child(void *ctx, sbuf *out, char *err, size_t errlen)
{
    const reader_job *job = ctx;
    linedoc *doc = NULL;
    int rc = job->reader->extract(job->data, job->len, job->content_type, &doc, err, errlen);
    if (rc == 0 && linedoc_encode(doc, out) != 0) {
        snprintf(err, errlen, "out of memory");
        rc = INGEST_NOMEM;
    }
    linedoc_free(doc);
    return rc;
}

/* A file of structured reader r: read in a process of its own, its lines
 * parsed here. */
static int read_structured(intake *in, int r, const unsigned char *data, size_t len, const input_origin *origin,
                           const ingest_options *opts, ingest_bulletin **out, char *why, size_t whylen)
{
    const linedoc_reader *reader = &linedoc_readers[r];
    reader_job job = {reader, data, len, origin ? origin->content_type : NULL};
    if (!in->loaded[r]) {
        char ignored[256];
        reader->load(ignored, sizeof ignored);
        in->loaded[r] = 1;
    }
    return read_linedoc(linedoc_extract_in_child, &job, data, len, reader->kind, origin, opts, out, why, whylen);
}

/* A web page (libxml2). */
static int read_html(intake *in, const unsigned char *data, size_t len, const input_origin *origin,
                     const ingest_options *opts, ingest_bulletin **out, char *why, size_t whylen)
{
    return read_structured(in, READER_HTML, data, len, origin, opts, out, why, whylen);
}

/* A Word document, .docx (libzip, libxml2). */
static int read_docx(intake *in, const unsigned char *data, size_t len, const input_origin *origin,
                     const ingest_options *opts, ingest_bulletin **out, char *why, size_t whylen)
{
    return read_structured(in, READER_DOCX, data, len, origin, opts, out, why, whylen);
}

/* A Word 97-2003 or WPS file (OLE2): refused, with what to do instead. */
static int read_legacy_word(intake *in, const unsigned char *data, size_t len, const input_origin *origin,
                            const ingest_options *opts, ingest_bulletin **out, char *why, size_t whylen)
{
    (void)in;
    (void)origin;
    (void)opts;
    *out = NULL;
    docxread_legacy(data, len, why, whylen);
    return INGEST_UNDECODABLE;
}

static int read_pdf_from(intake *in, const unsigned char *data, size_t len, const input_origin *origin,
                         const ingest_options *opts, ingest_bulletin **out, char *why, size_t whylen)
{
    (void)in;
    (void)origin;
    return read_pdf(data, len, opts, out, why, whylen);
}

/* A page fetched with a Content-Type of text/html is HTML, whatever its
 * first bytes. */
static int origin_html(const input_origin *origin)
{
    const char *t = origin ? origin->content_type : NULL;
    return t && (strncasecmp(t, "text/html", 9) == 0 || strncasecmp(t, "application/xhtml", 17) == 0);
}

/* The readers of formats other than text, recognised by content: the
 * first whose test takes the bytes reads them; text is the rest. */
typedef struct intake_reader {
    int (*is)(const unsigned char *data, size_t len);
    int (*read)(intake *in, const unsigned char *data, size_t len, const input_origin *origin,
                const ingest_options *opts, ingest_bulletin **out, char *why, size_t whylen);
} intake_reader;

static const intake_reader readers[] = {
    {pdfread_is_pdf, read_pdf_from},
    {docxread_is_zip, read_docx},
    {docxread_is_legacy, read_legacy_word},
    {htmlread_is_html, read_html},
};

static int parse_input(intake *in, const unsigned char *data, size_t len, const input_origin *origin,
                       const ingest_options *opts, ingest_bulletin **out, char *why, size_t whylen)
{
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        if (readers[i].is(data, len)) return readers[i].read(in, data, len, origin, opts, out, why, whylen);
    if (origin_html(origin)) return read_html(in, data, len, origin, opts, out, why, whylen);
    return ingest_parse(data, len, opts, out, why, whylen);
}

/* The profile for input: the run's, else its folder's (folder_profile),
 * else NULL (the chooser's, if any, then decides). */
static const ingest_profile *profile_of(const intake *in, const intake_input *input)
{
    char folder[256];
    if (in->o.profile || !in->o.folder_profile || !input->path) return in->o.profile;
    const char *end = strrchr(input->path, '/'), *start;
    if (!end || end == input->path) return NULL;
    for (start = end; start > input->path && start[-1] != '/'; start--) {}
    if ((size_t)(end - start) >= sizeof folder) return NULL;
    memcpy(folder, start, (size_t)(end - start));
    folder[end - start] = '\0';
    return in->o.folder_profile(in->o.ud, folder);
}

/* The mentions of every article of b into ms and lists (b->article_count
 * each), found in the text folded to simplified script (util/fold.h) with
 * the aliases of the bulletin's region (intake_options.region, else the
 * region its text names); folded[i] holds article i's folded title,
 * subtitle and body, which the store keeps for search when they differ.
 * 0, or -1 when memory runs out. */
static int bulletin_mentions(intake *in, const ingest_bulletin *b, store_article_mentions *ms, mention **lists,
                             char **folded)
{
    const fold_map *map = store_fold(in->st);
    sbuf all = SBUF_INIT, body = SBUF_INIT;
    size_t n = b->article_count, i;
    int rc = -1, region;
    if (!map) return -1;
    for (i = 0; i < n; i++) {
        const ingest_article *a = &b->articles[i];
        size_t tl = strlen(a->title), sl = a->subtitle ? strlen(a->subtitle) : 0;
        if (join_body(a, &body) != 0) goto done;
        /* title, subtitle and body folded, one after the other in one block */
        char *f = folded[i] = malloc(tl + sl + body.len + 3);
        if (!f) goto done;
        int changed = fold_text(map, a->title, tl + 1, f);
        if (a->subtitle) changed |= fold_text(map, a->subtitle, sl + 1, f + tl + 1);
        changed |= fold_text(map, body.data ? body.data : "", body.len + 1, f + tl + sl + 2);
        ms[i].folded = changed;
        ms[i].fold_title = f;
        ms[i].fold_subtitle = a->subtitle ? f + tl + 1 : NULL;
        ms[i].fold_body = f + tl + sl + 2;
        sbuf_puts(&all, ms[i].fold_title);
        sbuf_putc(&all, '\n');
        sbuf_puts(&all, ms[i].fold_body);
        sbuf_putc(&all, '\n');
    }
    if (sbuf_failed(&all)) goto done;
    if (in->o.region) {
        if (in->o.region(in->o.ud, b, all.data ? all.data : "", all.len, &region) != 0) goto done;
    } else {
        region = mentions_region_find(in->o.rules, all.data ? all.data : "", all.len);
    }
    for (i = 0; i < n; i++) {
        if (mentions_extract_in(in->o.rules, region, ms[i].fold_title, ms[i].fold_body, &lists[i], &ms[i].count) != 0)
            goto done;
        ms[i].list = lists[i];
    }
    rc = 0;
done:
    sbuf_free(&all);
    sbuf_free(&body);
    return rc;
}

/* ---- warnings ------------------------------------------------------------------ */

static int warning_add(intake *in, size_t input, long long id, const char *kind, long article, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static int warning_add(intake *in, size_t input, long long id, const char *kind, long article, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    if (VEC_RESERVE(in->warnings, in->warning_cap, in->warning_count + 1) != 0) return -1;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    struct intake_warning *w = &in->warnings[in->warning_count];
    w->message = strdup(msg);
    if (!w->message) return -1;
    w->input = input;
    w->bulletin_id = id;
    w->kind = kind;
    w->article = article;
    in->warning_count++;
    return 0;
}

/* What ingest could not decide about bulletin b, stored as id: queued
 * until it is committed. 0, or -1 out of memory. */
static int warnings_queue(intake *in, size_t input, const ingest_bulletin *b, long long id)
{
    if (!in->o.warn) return 0;
    if (!b->issued_on &&
        warning_add(in, input, id, "undated", 0,
                    "no date: not in any weekly brief; give one with --date or 'brief set %lld --date YYYY-MM-DD'",
                    id) != 0)
        return -1;
    for (size_t i = 0; i < b->article_count; i++) {
        const ingest_article *a = &b->articles[i];
        int weak = ingest_article_weak(a->title_rule, a->paragraph_count);
        long n = (long)i + 1;
        if ((weak & INGEST_WEAK_TITLE) &&
            warning_add(in, input, id, "weak-title", n,
                        "article %ld: no headline found, titled by its first clause '%s': check it with "
                        "'brief show %lld', correct it with 'brief set %lld --article %ld --title TITLE'",
                        n, a->title, id, id, n) != 0)
            return -1;
        if ((weak & INGEST_WEAK_SPLIT) &&
            warning_add(in, input, id, "weak-split", n,
                        "article %ld '%s' has no paragraph (a section heading or subtitle taken for a title?): "
                        "check it with 'brief show %lld'; 'brief join %lld %ld' makes the next article part of it",
                        n, a->title, id, id, n) != 0)
            return -1;
    }
    return 0;
}

/* Gives the queued warnings (give) or drops them (their batch was lost:
 * its bulletins are stored again, and warned about, one by one). */
static void warnings_flush(intake *in, int give)
{
    for (size_t i = 0; i < in->warning_count; i++) {
        struct intake_warning *w = &in->warnings[i];
        if (give) {
            in->o.warn(in->o.ud, display_name(&in->inputs[w->input]), w->bulletin_id, w->kind, w->article,
                       w->message);
            in->t.warnings++;
        }
        free(w->message);
    }
    in->warning_count = 0;
}

/* What reading and parsing an input gave, before anything is reported or
 * stored: the first half of an input's work (prepare_one), which the
 * pipeline (below) runs a few inputs ahead on its own thread while this
 * one stores; the second half (commit_one) reports, finds the mentions and
 * stores, in input order. */
typedef struct prepared {
    unsigned char *data;     /* NULL: not read, why says why */
    size_t len;
    urlfetch_result fetched;
    int parse_rc;            /* INGEST_OK, or the parser's error with why */
    ingest_bulletin *b;
    char why[512];
} prepared;

/* Reads (or fetches) input index and parses it into p. Touches no store,
 * prints nothing, counts nothing: what it found waits in p. */
static void prepare_one(intake *in, size_t index, prepared *p)
{
    const intake_input *input = &in->inputs[index];
    ingest_options opts;
    input_origin origin = {NULL, NULL};

    memset(p, 0, sizeof *p);
    if (input->url) {
        p->data = fetch_input(in, input->path, &p->fetched, &p->len, p->why, sizeof p->why);
        origin.content_type = p->fetched.content_type;
        origin.last_modified = p->fetched.last_modified[0] ? p->fetched.last_modified : NULL;
    } else {
        p->data = read_input(input->path, input->bytes, &p->len, p->why, sizeof p->why);
    }
    if (!p->data) return;
    memset(&opts, 0, sizeof opts);
    opts.encoding = in->o.encoding;
    opts.date = in->o.date;
    opts.filename = input->url ? NULL : input->path;   /* a URL's date is in its page, not its name */
    opts.keep_lines = in->o.explain != NULL;
    opts.profile = profile_of(in, input);
    opts.chooser = in->o.chooser;
    p->parse_rc = parse_input(in, p->data, p->len, input->url ? &origin : NULL, &opts, &p->b, p->why, sizeof p->why);
}

/* Frees what p holds. */
static void prepared_free(prepared *p)
{
    ingest_bulletin_destroy(p->b);
    free(p->data);
    urlfetch_result_free(&p->fetched);
    memset(p, 0, sizeof *p);
}

/* Counts, reports and stores what prepare_one found for input index, then
 * frees it. Returns 1 when a write failure took the open batch with it. */
static int commit_one(intake *in, size_t index, int retry, prepared *p)
{
    const intake_input *input = &in->inputs[index];
    const char *display = display_name(input), *source;
    ingest_bulletin *b = p->b;
    size_t len = p->len, i;
    store_article_mentions *ms = NULL;
    mention **lists = NULL;
    char **folded = NULL;
    store_add_result res;
    int rc, lost = 0;

    if (!retry) {
        in->t.files++;
        in->t.bytes_done += input->path && !input->url ? input->bytes : (long long)len;
    }
    if (!p->data) {
        report(in, display, 0, "%s", p->why);
        in->t.failed++;
        prepared_free(p);
        return 0;
    }
    if (p->parse_rc != INGEST_OK) {
        report_parse_error(in, display, p->parse_rc, p->why);
        in->t.failed++;
        goto done;
    }
    if (in->o.explain) {
        in->o.explain(in->o.ud, display, b);
        in->t.stored++;
        in->t.articles += b->article_count;
        goto done;
    }

    ms = calloc(b->article_count ? b->article_count : 1, sizeof *ms);
    lists = calloc(b->article_count ? b->article_count : 1, sizeof *lists);
    folded = calloc(b->article_count ? b->article_count : 1, sizeof *folded);
    if (!ms || !lists || !folded || bulletin_mentions(in, b, ms, lists, folded) != 0) goto nomem;
    char host[256];
    if (input->url && !in->o.source && urlfetch_host(p->fetched.final_url, host, sizeof host) == 0)
        source = host;   /* a page's source is its site */
    else
        source = source_of(in, input);
    if (!source) goto nomem;
    {
        /* a page is stored under the address it was found at, after redirects */
        const char *file_name = input->url ? p->fetched.final_url : input->path;
        store_bulletin_meta meta = {source, file_name, (int64_t)len, NULL, b->profile, in->o.restore,
                                    in->o.keep_both};
        rc = store_add_bulletin(in->st, b, &meta, ms, &res);
    }
    if (rc == STORE_OK && res.corrections) {
        /* What ingest decided was corrected before: those corrections are
         * applied again, and its own doubts are no longer news. */
        char msg[160];
        snprintf(msg, sizeof msg, "stored again as bulletin %lld with %zu earlier correction%s applied again "
                 "('brief show %lld')", (long long)res.bulletin_id, res.corrections, res.corrections == 1 ? "" : "s",
                 (long long)res.bulletin_id);
        in->o.report(in->o.ud, display, 0, msg, 1);
    } else if (rc == STORE_OK && warnings_queue(in, index, b, res.bulletin_id) != 0) {
        goto nomem;
    }
    if (rc == STORE_OK && res.superseded) {
        /* A corrected re-send: the earlier version is kept as history. */
        int pct = (int)(res.similarity * 100.0);
        in->t.last_replaced = res.superseded;
        in->t.last_similarity_pct = pct;
        if (in->o.replaced)
            in->o.replaced(in->o.ud, display, res.bulletin_id, res.superseded, pct, res.carried, res.carry_skipped);
    }
    if (rc == STORE_OK) {
        in->pending_superseded += res.superseded != 0;
        in->pending_reprints += res.reprints;
    }
    if (rc == STORE_OK && !in->batch_open) warnings_flush(in, 1);
    if (rc == STORE_OK && in->batch_open) {
        in->pending[in->pending_count++] = index;
        in->t.pending_articles += res.articles;
        in->pending_bytes += (long long)len;
    } else if (rc == STORE_OK) {
        in->t.stored++;
        in->t.articles += res.articles;
        in->t.superseded += in->pending_superseded;
        in->t.reprints += in->pending_reprints;
        in->pending_superseded = in->pending_reprints = 0;
    } else if (rc == STORE_BATCH_LOST) {
        report(in, display, 0, "%s", store_errmsg(in->st));
        in->t.failed++;
        in->batch_open = 0;
        lost = 1;
    } else if (rc == STORE_DELETED) {
        in->o.report(in->o.ud, display, 0,
                     "deleted by a correction (brief delete): not stored again; --restore stores it", 1);
        in->t.deleted++;
    } else if (rc == STORE_DUPLICATE) {
        char msg[64];
        snprintf(msg, sizeof msg, "already stored (bulletin %lld)", (long long)res.bulletin_id);
        in->o.report(in->o.ud, display, 0, msg, 1);
        in->t.duplicates++;
    } else {
        report(in, display, 0, "%s", store_errmsg(in->st));
        in->t.failed++;
    }
    goto done;
nomem:
    report(in, display, 0, "out of memory");
    in->t.failed++;
done:
    if (lists && ms)
        for (i = 0; i < b->article_count; i++) mentions_free(lists[i], ms[i].count);
    free(lists);
    free(ms);
    if (folded)
        for (i = 0; i < b->article_count; i++) free(folded[i]);
    free(folded);
    prepared_free(p);
    return lost;
}

/* Reads, parses, extracts and stores inputs[index] on this thread (or
 * hands it to the explain callback); updates the totals (not the file and
 * byte counts on a retry: the file was counted once). Returns 1 when a
 * write failure rolled the open batch back, else 0. */
static int intake_one(intake *in, size_t index, int retry)
{
    prepared p;
    prepare_one(in, index, &p);
    return commit_one(in, index, retry, &p);
}

/* ---- the pipeline -------------------------------------------------------------- */

/* Inputs are read and parsed a few ahead on a second thread while this one
 * finds the mentions and stores (prepare_one, commit_one): a bulletin's
 * parse and its store take about a third and two thirds of ingest's time,
 * and need nothing of each other. The inputs are committed in their order,
 * so the database, the messages and the totals are those of one thread. A
 * parse runs under `parsing`: a retry of a lost batch parses on this thread
 * (profiles' Lua states and the readers' libraries are one thread's at a
 * time). A reader's child is forked from the parsing thread; the child
 * touches neither the store nor standard error. */
#define INTAKE_AHEAD 4

typedef struct pipeline {
    intake *in;
    prepared slot[INTAKE_AHEAD];
    int ready[INTAKE_AHEAD];
    size_t consumed;           /* inputs committed */
    int quit;                  /* the storing thread stopped early */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_mutex_t parsing;
    pthread_t thread;
} pipeline;

static void *pipeline_main(void *arg)
{
    pipeline *pl = arg;
    size_t k;
    for (k = 0; k < pl->in->count; k++) {
        int quit;
        pthread_mutex_lock(&pl->mu);
        while (!pl->quit && k - pl->consumed >= INTAKE_AHEAD) pthread_cond_wait(&pl->cv, &pl->mu);
        quit = pl->quit;
        pthread_mutex_unlock(&pl->mu);
        if (quit) break;
        pthread_mutex_lock(&pl->parsing);
        prepare_one(pl->in, k, &pl->slot[k % INTAKE_AHEAD]);
        pthread_mutex_unlock(&pl->parsing);
        pthread_mutex_lock(&pl->mu);
        pl->ready[k % INTAKE_AHEAD] = 1;
        pthread_cond_broadcast(&pl->cv);
        pthread_mutex_unlock(&pl->mu);
    }
    return NULL;
}

/* 0 with the parsing thread started; -1 when there is no point (one input,
 * one CPU) or no thread: then intake_run works on one thread. */
static int pipeline_start(pipeline *pl, intake *in)
{
    if (in->count < 2 || parallel_cpus() < 2) return -1;
    memset(pl, 0, sizeof *pl);
    pl->in = in;
    if (pthread_mutex_init(&pl->mu, NULL) != 0) return -1;
    if (pthread_cond_init(&pl->cv, NULL) != 0) {
        pthread_mutex_destroy(&pl->mu);
        return -1;
    }
    if (pthread_mutex_init(&pl->parsing, NULL) != 0) {
        pthread_cond_destroy(&pl->cv);
        pthread_mutex_destroy(&pl->mu);
        return -1;
    }
    if (pthread_create(&pl->thread, NULL, pipeline_main, pl) != 0) {
        pthread_mutex_destroy(&pl->parsing);
        pthread_cond_destroy(&pl->cv);
        pthread_mutex_destroy(&pl->mu);
        return -1;
    }
    return 0;
}

/* Input k, once parsed (k is the next input to commit). */
static prepared *pipeline_take(pipeline *pl, size_t k)
{
    pthread_mutex_lock(&pl->mu);
    while (!pl->ready[k % INTAKE_AHEAD]) pthread_cond_wait(&pl->cv, &pl->mu);
    pthread_mutex_unlock(&pl->mu);
    return &pl->slot[k % INTAKE_AHEAD];
}

/* Input k is committed: its slot is free for input k + INTAKE_AHEAD. */
static void pipeline_done(pipeline *pl, size_t k)
{
    pthread_mutex_lock(&pl->mu);
    pl->ready[k % INTAKE_AHEAD] = 0;
    pl->consumed = k + 1;
    pthread_cond_broadcast(&pl->cv);
    pthread_mutex_unlock(&pl->mu);
}

/* Stops and joins the parsing thread; what it parsed and nobody committed
 * is freed. */
static void pipeline_stop(pipeline *pl)
{
    int i;
    pthread_mutex_lock(&pl->mu);
    pl->quit = 1;
    pthread_cond_broadcast(&pl->cv);
    pthread_mutex_unlock(&pl->mu);
    pthread_join(pl->thread, NULL);
    for (i = 0; i < INTAKE_AHEAD; i++)
        if (pl->ready[i]) prepared_free(&pl->slot[i]);
    pthread_mutex_destroy(&pl->parsing);
    pthread_cond_destroy(&pl->cv);
    pthread_mutex_destroy(&pl->mu);
}

/* ---- batches ------------------------------------------------------------------- */

static void batch_forget(intake *in)
{
    warnings_flush(in, 0);
    in->pending_count = 0;
    in->t.pending_articles = 0;
    in->pending_bytes = 0;
    in->pending_superseded = in->pending_reprints = 0;
}

/* Commits the open batch; its bulletins count as stored only now. */
static void batch_commit(intake *in)
{
    size_t i;
    if (!in->batch_open) return;
    in->batch_open = 0;
    if (store_batch_commit(in->st) == STORE_OK) {
        warnings_flush(in, 1);
        in->t.stored += in->pending_count;
        in->t.articles += in->t.pending_articles;
        in->t.superseded += in->pending_superseded;
        in->t.reprints += in->pending_reprints;
    } else {
        for (i = 0; i < in->pending_count; i++)
            report(in, display_name(&in->inputs[in->pending[i]]), 0, "not stored: %s", store_errmsg(in->st));
        in->t.failed += in->pending_count;
    }
    batch_forget(in);
}

/* Opens a batch when none is open; -1 (reported) on failure. */
static int batch_open(intake *in)
{
    if (in->batch_open) return 0;
    if (store_batch_begin(in->st) != STORE_OK) {
        report(in, NULL, 0, "%s", store_errmsg(in->st));
        return -1;
    }
    in->batch_open = 1;
    in->batch_started_s = now_s();
    return 0;
}

static int batch_full(const intake *in)
{
    return now_s() - in->batch_started_s >= in->o.batch_max_s || in->pending_bytes >= in->o.batch_max_bytes ||
           in->pending_count >= in->o.batch_max_files;
}

int intake_run(intake *in)
{
    char err[1024];
    size_t k;
    int rc = INTAKE_OK, piped;
    pipeline pl;

    if (in->o.explain) {
        /* Nothing is stored: each input is parsed and handed over. */
        for (k = 0; k < in->count && !(in->o.stop && *in->o.stop); k++) intake_one(in, k, 0);
        if (k < in->count) in->t.failed += in->count - k;
        return k < in->count ? INTAKE_STOPPED : INTAKE_OK;
    }
    if (store_open(in->o.db_path, STORE_READWRITE, &in->st, err, sizeof err) != STORE_OK) {
        in->o.report(in->o.ud, NULL, 0, err, 0);   /* the store's message names the file */
        return INTAKE_ERROR;
    }
    {
        const fold_map *map = store_fold(in->st);
        if (!map) {
            report(in, NULL, 0, "%s", store_errmsg(in->st));
            return INTAKE_ERROR;
        }
        mentions_rules_fold(in->o.rules, map);
        store_set_mentions_rules(in->st, in->o.rules);
    }
    in->pending = malloc((in->count ? in->count : 1) * sizeof *in->pending);
    if (!in->pending) {
        report(in, NULL, 0, "out of memory");
        return INTAKE_NOMEM;
    }
    piped = pipeline_start(&pl, in) == 0;
    for (k = 0; k < in->count; k++) {
        int lost;
        if (in->o.stop && *in->o.stop) {
            rc = INTAKE_STOPPED;
            break;
        }
        if (batch_open(in) != 0) {
            in->t.failed += in->count - k;
            rc = INTAKE_ERROR;
            break;
        }
        if (piped) {
            lost = commit_one(in, k, 0, pipeline_take(&pl, k));
            pipeline_done(&pl, k);
        } else {
            lost = intake_one(in, k, 0);
        }
        if (lost) {
            /* A write failure took the batch with it: store the batch's
             * earlier files again, one transaction each. */
            size_t j, n = in->pending_count;
            batch_forget(in);
            for (j = 0; j < n; j++) {
                prepared p;
                if (piped) pthread_mutex_lock(&pl.parsing);
                prepare_one(in, in->pending[j], &p);
                if (piped) pthread_mutex_unlock(&pl.parsing);
                commit_one(in, in->pending[j], 1, &p);
            }
        } else if (batch_full(in)) {
            batch_commit(in);
        }
        if (in->o.progress) in->o.progress(in->o.ud, &in->t);
    }
    if (piped) pipeline_stop(&pl);
    batch_commit(in);
    if (rc == INTAKE_STOPPED) in->t.failed += in->count - k;
    return rc;
}
