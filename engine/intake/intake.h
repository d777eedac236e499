/* SPDX-License-Identifier: GPL-3.0-or-later */
/* intake.h — from files to the store: the work of `brief ingest`. Finds the
 * inputs (a directory's *.txt, *.pdf, *.html, *.htm and *.docx, and *.doc
 * and *.wps to refuse them by name, recursively, in sorted order; files;
 * standard input; web addresses, fetched through urlfetch.h), reads each
 * (a PDF, a .docx or a web page, known by its bytes whatever its name,
 * through ingest/pdfread.h, ingest/docxread.h or ingest/htmlread.h, the
 * library in a child process: os/isolate.h; a Word 97-2003 or WPS file
 * refused),
 * parses it (ingest.h) with the source's profile (the
 * one given, the folder's, or one chosen by the first lines: callbacks, so
 * that intake knows no Lua), finds its mentions in the text folded to
 * simplified script (mentions.h, fold.h) and stores it (store.h), whole or
 * not at all.
 *
 * It sits above ingest and store, which know nothing of each other's
 * callers, as batch sits above script: ingest stays pure (bytes in,
 * bulletin out) and the store stays a database; the files, the batching of
 * transactions, the retry of a lost batch and stopping on request are here.
 *
 * Contract: an intake is one run, used by one thread. Bulletins are stored
 * in batches (store_batch_begin) bounded by time, bytes and files, and
 * count as stored only once their batch commits; when a write fails inside
 * a batch (disk full, I/O), the batch's earlier files are stored again one
 * transaction each and the run goes on. A file that cannot be used
 * (unreadable, empty, binary, undecodable, too large) is reported and
 * counted as failed; the others are stored. A file whose bytes a
 * correction deleted (brief delete) is reported and refused unless
 * options.restore; corrections recorded for a file's bytes are applied
 * again as it is stored (store/review.h), with the run's mentions rules. Every message goes to the
 * report callback, never to a stream: the caller decides how to show it.
 * It installs no signal handler and keeps no globals: the caller's stop
 * flag (set by a handler) is read between files. */
#ifndef BRIEF_INTAKE_H
#define BRIEF_INTAKE_H

#include <signal.h>
#include <stddef.h>

#include "ingest/ingest.h"
#include "ingest/mentions.h"

/* A bulletin is a few hundred KB at most; a file past this is not one (a
 * log, a dump) and reading it whole would only waste memory. */
#define INTAKE_MAX_BYTES (64u * 1024u * 1024u)

/* The reader of a format other than text (a PDF's poppler, a .docx's
 * libzip and libxml2) runs in a
 * process of its own (os/isolate.h) with at most this much wall time (plus
 * so much per MB of the file), memory, and output handed back. A 20-page
 * bulletin takes 0.1 s and 30 MB (bench/README.md). */
#define INTAKE_READER_TIME_S 20.0
#define INTAKE_READER_TIME_S_PER_MB 2.0
#define INTAKE_READER_MEMORY_BYTES ((size_t)1024 << 20)
#define INTAKE_READER_OUTPUT_BYTES ((size_t)96 << 20)

/* A URL (brief ingest https://…) is fetched in brief's own process (the
 * reader's child has no network) with at most this much time for the
 * whole request (--timeout), this much to connect, these redirects, and
 * INTAKE_MAX_BYTES of body; two requests to one host are at least
 * --delay seconds apart (default INTAKE_FETCH_DELAY_S). docs/limits.md. */
#define INTAKE_FETCH_TIMEOUT_S 30.0
#define INTAKE_FETCH_CONNECT_S 10.0
#define INTAKE_FETCH_MAX_REDIRECTS 5
#define INTAKE_FETCH_DELAY_S 1.0

/* Default bounds of a batch: at most this much work is lost to a kill, and
 * it bounds the memory of the open transaction (bench/README.md has the
 * figures that chose them). */
#define INTAKE_BATCH_MAX_S 0.25
#define INTAKE_BATCH_MAX_BYTES (16ll * 1024 * 1024)
#define INTAKE_BATCH_MAX_FILES 2000u

/* Result codes of intake_run. */
#define INTAKE_OK      0   /* every input was looked at (some may have failed: see the totals) */
#define INTAKE_STOPPED 1   /* *options.stop was set: the files before it are stored whole */
#define INTAKE_ERROR   2   /* the database could not be opened or a batch begun (reported) */
#define INTAKE_NOMEM   3

/* Called for every message: file is the input's path ("(stdin)" for
 * standard input), or NULL for a message about the run itself (the
 * database cannot be opened: the message names it); line is the line of
 * the input the message is about (0: none); message is a sentence without
 * the file ("empty: no text", "already stored (bulletin 12)", "invalid
 * GB18030 byte sequence"). duplicate is 1 for "already stored", which is
 * not a failure. The strings live until it returns. */
typedef void (*intake_report_fn)(void *ud, const char *file, long line, const char *message, int duplicate);

/* The totals so far. */
typedef struct intake_totals {
    size_t inputs;             /* files found (intake_add_path) */
    size_t files;              /* files read */
    size_t stored;             /* new bulletins, committed */
    size_t duplicates;         /* already in the database */
    size_t deleted;            /* refused: a correction deleted these bytes (not a failure; --restore) */
    size_t warnings;           /* warnings given (intake_warn_fn): undated, weak titles and splits */
    size_t failed;             /* inputs that could not be used, or not stored */
    size_t articles;           /* articles of the committed bulletins */
    size_t superseded;         /* committed bulletins that replaced an earlier version (a corrected re-send) */
    size_t reprints;           /* articles of the committed bulletins linked to an earlier story */
    long long last_replaced;   /* the bulletin the last of them replaced, and how much was the same */
    int last_similarity_pct;
    size_t pending_articles;   /* articles of the batch not yet committed */
    long long bytes_done;      /* bytes of the files read */
    long long bytes_total;     /* bytes of all the files found */
} intake_totals;

/* Called for each thing ingest could not decide firmly about a bulletin
 * once it is stored (committed): kind "undated" (article 0: it is in no
 * weekly brief), "weak-title" or "weak-split" (article N: ingest.h's
 * INGEST_WEAK_*); message a sentence that says what to do, naming the
 * bulletin's id. The strings live until it returns. */
typedef void (*intake_warn_fn)(void *ud, const char *file, long long bulletin_id, const char *kind, long article,
                               const char *message);

/* Called when a bulletin stored as bulletin_id replaced bulletin replaced
 * (a corrected re-send, store.h): similarity_pct of it the same, carried
 * of its corrections applied again (skipped no longer applied). Given as
 * it is stored; it counts once its batch commits. */
typedef void (*intake_replace_fn)(void *ud, const char *file, long long bulletin_id, long long replaced,
                                  int similarity_pct, size_t carried, size_t skipped);

/* Called after each input (to draw progress: the caller throttles). */
typedef void (*intake_progress_fn)(void *ud, const intake_totals *totals);

/* The profile of the inputs in a folder called folder (the name of the
 * input's directory: "workercn" for pages/workercn/a.txt), or NULL. */
typedef const ingest_profile *(*intake_folder_profile_fn)(void *ud, const char *folder);

/* The mentions region of bulletin b (b->profile names its profile, or is
 * NULL), whose articles' folded text is text[0..len): sets *region to a
 * region of the rules or MENTIONS_NO_REGION and returns 0, or returns -1
 * when memory runs out. */
typedef int (*intake_region_fn)(void *ud, const ingest_bulletin *b, const char *text, size_t len, int *region);

/* Called for each input parsed when the run only explains (nothing is
 * stored): the bulletin with its lines (ingest_options.keep_lines). */
typedef void (*intake_explain_fn)(void *ud, const char *file, const ingest_bulletin *b);

typedef struct intake_options {
    const char *db_path;                 /* the database, created or migrated (store_open) */
    ingest_encoding encoding;            /* INGEST_ENCODING_AUTO, or the one asked for */
    const char *date;                    /* "YYYY-MM-DD" for every input, or NULL */
    const char *source;                  /* bulletins.source, or NULL: the input's directory name, "stdin" */
    mentions_rules *rules;               /* (transfer none) the rules of data/mentions, folded by the run
                                            to the store's simplified script (mentions_rules_fold) */
    const ingest_profile *profile;       /* or NULL: the profile of every input */
    intake_folder_profile_fn folder_profile; /* or NULL: else the profile of an input's folder */
    const ingest_chooser *chooser;       /* or NULL: else one chosen by an input's first lines */
    intake_region_fn region;             /* or NULL: the region the text names (mentions_region_find) */
    intake_explain_fn explain;           /* or NULL; set: every input is parsed and handed to it, none is
                                            stored, no database is opened */
    intake_report_fn report;             /* required */
    intake_warn_fn warn;                 /* or NULL: no warnings */
    int restore;                         /* 1: store again the files a correction deleted (--restore) */
    int keep_both;                       /* 1: a corrected re-send is stored beside the bulletin it would
                                            replace (--keep-both) */
    intake_replace_fn replaced;          /* or NULL */
    intake_progress_fn progress;         /* or NULL */
    void *ud;                            /* for report and progress */
    const volatile sig_atomic_t *stop;   /* or NULL; non-zero: stop after the file in hand */
    double batch_max_s;                  /* 0: INTAKE_BATCH_MAX_S */
    long long batch_max_bytes;           /* 0: INTAKE_BATCH_MAX_BYTES */
    size_t batch_max_files;              /* 0: INTAKE_BATCH_MAX_FILES */
    double fetch_timeout_s;              /* 0: INTAKE_FETCH_TIMEOUT_S */
    double fetch_delay_s;                /* between two requests to one host (0: none; the CLI's default
                                            is INTAKE_FETCH_DELAY_S) */
} intake_options;

typedef struct intake intake;

/* A run with options (copied; the strings and rules must outlive the run).
 * NULL when memory runs out. Free with intake_free (NULL: no-op). */
intake *intake_new(const intake_options *options);
void intake_free(intake *in);

/* Adds an input: "-" for standard input (once, however often it is given),
 * an http:// or https:// address (fetched in its turn, urlfetch.h; stored
 * under its final address, from the source of its host unless
 * options.source; another scheme is reported: "only http:// and https://
 * addresses are fetched"),
 * a directory (its *.txt, *.pdf, *.html, *.htm, *.docx, *.doc and *.wps files, recursively, sorted;
 * names starting with '.' skipped; links to files followed, to directories not), or a file.
 * A path that does not exist, or a directory that cannot be read, is
 * reported and counted as failed; a directory without such a file is
 * reported ("no .txt, .pdf, .html or .docx file in it"). Returns 0, or -1 when memory runs out. */
int intake_add_path(intake *in, const char *path);

/* Adds the addresses listed in the file list ("-": standard input), one
 * per line; blank lines and lines starting with '#' are skipped, blanks
 * at either end ignored. A line that is not an http:// or https://
 * address is reported with its line ("not an http:// or https://
 * address: 'x'") and counted as failed; the others are added. A list
 * that cannot be read is reported. Returns 0, or -1 when memory runs out. */
int intake_add_list(intake *in, const char *list);

/* Reads, parses and stores every input added, in order. Returns INTAKE_OK,
 * INTAKE_STOPPED (*stop was set; intake_totals says how far it got; the
 * inputs not read count as failed), INTAKE_ERROR or INTAKE_NOMEM (reported
 * through the callback with file NULL). */
int intake_run(intake *in);

/* (transfer none) the totals, valid until intake_free. */
const intake_totals *intake_get_totals(const intake *in);

#endif
