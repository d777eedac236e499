/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_doctor.c — `brief doctor`: checks that brief can do its work on this
 * machine and says, for each thing wrong, how to fix it.
 *
 * A check is one function in doctor_checks[] below: it looks at one thing
 * through the modules (paths, mentions, fonts, store, batch) and reports
 * one or more findings with doctor_report. The command prints them (or one
 * JSON document, docs/json.md) and exits 0 when no finding failed, 1
 * otherwise. Warnings (something a user should know, which does not stop
 * brief working) do not change the exit status. */
#include "cli/cli.h"
#include "cli/cli_json.h"
#include "batch/batch.h"
#include "fonts/fonts.h"
#include "ingest/docxread.h"
#include "ingest/htmlread.h"
#include "ingest/mentions.h"
#include "ingest/pdfread.h"
#include "intake/urlfetch.h"
#include "os/confine.h"
#include "store/store.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/sha256.h"

#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BRIEF_VERSION
#define BRIEF_VERSION "dev"
#endif

typedef enum doctor_status { DOCTOR_OK, DOCTOR_WARN, DOCTOR_FAIL } doctor_status;

static const char *const doctor_status_names[] = {"ok", "warn", "fail"};

typedef struct doctor {
    const char *db_path;      /* the database the commands would use */
    int db_chosen;            /* --db or $BRIEF_DB named it: missing is a failure */
    int quick;                /* --quick: quick_check instead of integrity_check */
    json_t *findings;         /* --json: the findings so far; NULL: text on stdout */
    int failures, warnings;
    int out_of_memory;        /* a finding could not be recorded */
} doctor;

/* Records one finding of check: its status, a message (printf format; may
 * hold several lines), the fix (NULL: none) and details for --json (an
 * object whose reference this steals; NULL: none). */
__attribute__((format(printf, 6, 7)))
static void doctor_report(doctor *d, const char *check, doctor_status status, json_t *details, const char *fix,
                          const char *fmt, ...)
{
    sbuf msg = SBUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    sbuf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (status == DOCTOR_FAIL) d->failures++;
    if (status == DOCTOR_WARN) d->warnings++;
    if (sbuf_failed(&msg)) d->out_of_memory = 1;
    const char *text = msg.data ? msg.data : "";
    if (d->findings) {
        json_t *o = json_object();
        if (!o || json_object_set_new(o, "check", jsonstr_new(check)) |
                  json_object_set_new(o, "status", json_string(doctor_status_names[status])) |
                  json_object_set_new(o, "message", jsonstr_new(text)) |
                  json_object_set_new(o, "fix", jsonstr_new(fix)) |
                  json_object_set_new(o, "details", details ? details : json_object()) |
                  json_array_append_new(d->findings, o))
            d->out_of_memory = 1;
        details = NULL;
    } else {
        /* "ok    fonts     message", continuation lines under the message. */
        const char *line = text;
        printf("%-5s %-9s ", status == DOCTOR_FAIL ? "FAIL" : doctor_status_names[status], check);
        for (;;) {
            size_t n = strcspn(line, "\n");
            printf("%.*s\n", (int)n, line);
            if (!line[n]) break;
            line += n + 1;
            printf("%16s", "");
        }
        if (fix) printf("%16sfix: %s\n", "", fix);
    }
    json_decref(details);
    sbuf_free(&msg);
}

/* Sets key of object o to a string (NULL: null); o may be NULL. */
static void set_str(json_t *o, const char *key, const char *value)
{
    if (o) json_object_set_new(o, key, jsonstr_new(value));
}

static void set_int(json_t *o, const char *key, long long value)
{
    if (o) json_object_set_new(o, key, json_integer(value));
}

/* ---- data: where the data home is and how it was found ---------------- */

static void check_data(doctor *d)
{
    static const char *const how[] = {
        [PATHS_HOME_ENV] = "set by $BRIEF_HOME",
        [PATHS_HOME_BESIDE_EXE] = "a checkout: the executable's directory",
        [PATHS_HOME_PREFIX] = "installed: the executable's ../share/brief",
        [PATHS_HOME_BUILTIN] = "the directory brief was built for",
    };
    char home[PATH_MAX], exe[PATH_MAX], probe[PATH_MAX + 32];
    paths_home_kind kind;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';

    if (paths_data_home(home, sizeof home, &kind) != 0) {
        doctor_report(d, "data", DOCTOR_FAIL, NULL, "use a shorter $BRIEF_HOME",
                      "the data home's path is too long");
        return;
    }
    static const char *const how_key[] = {
        [PATHS_HOME_ENV] = "BRIEF_HOME", [PATHS_HOME_BESIDE_EXE] = "checkout",
        [PATHS_HOME_PREFIX] = "prefix", [PATHS_HOME_BUILTIN] = "built-in",
    };
    json_t *details = json_object();
    set_str(details, "data_home", home);
    set_str(details, "found_by", how_key[kind]);
    set_str(details, "executable", exe);
    snprintf(probe, sizeof probe, "%s/fonts/roles.conf", home);
    if (access(probe, R_OK) != 0) {
        doctor_report(d, "data", DOCTOR_FAIL, details,
                      kind == PATHS_HOME_ENV ? "point $BRIEF_HOME at a checkout or at PREFIX/share/brief, or unset it"
                                             : "reinstall brief (make install, or the package), or set $BRIEF_HOME",
                      "the data home %s (%s) has no fonts/roles.conf", home, how[kind]);
        return;
    }
    snprintf(probe, sizeof probe, "%s/scripts", home);
    int has_scripts = access(probe, R_OK | X_OK) == 0;
    if (details) json_object_set_new(details, "scripts", has_scripts ? jsonstr_new(probe) : json_null());
    doctor_report(d, "data", DOCTOR_OK, details, NULL, "data home %s (%s)%s%s", home, how[kind],
                  has_scripts ? "; report scripts in " : "", has_scripts ? probe : "");
}

/* ---- configuration: roles.conf and mentions/ ---------------------------- */

/* Whose configuration it is: for messages, and as the JSON's "source". */
static const char *config_source(int kind)
{
    switch (kind) {
    case 0: return "$BRIEF_FONTS";
    case PATHS_CONFIG_USER: return "the user's";
    case PATHS_CONFIG_SITE: return "the site's";
    default: return "shipped";
    }
}

static const char *config_source_key(int kind)
{
    switch (kind) {
    case 0: return "BRIEF_FONTS";
    case PATHS_CONFIG_USER: return "user";
    case PATHS_CONFIG_SITE: return "site";
    default: return "shipped";
    }
}

/* "~/.config/brief/NAME or /etc/brief/NAME replace it", for the messages. */
static void overrides(const char *name, char *out, size_t outlen)
{
    char user[PATH_MAX], site[PATH_MAX];
    if (paths_config_dirs(user, sizeof user, site, sizeof site) != 0) { snprintf(out, outlen, "?"); return; }
    if (*user) snprintf(out, outlen, "%s/%s or %s/%s", user, name, site, name);
    else snprintf(out, outlen, "%s/%s", site, name);
}

/* The details of a configuration found (its path and whose it is), and in
 * over the places that would replace it. */
static json_t *config_details(const char *name, const char *path, int kind, char *over, size_t overlen)
{
    json_t *details = json_object();
    overrides(name, over, overlen);
    set_str(details, "path", path);
    set_str(details, "source", config_source_key(kind));
    return details;
}

static void check_mentions(doctor *d)
{
    char dir[PATH_MAX], err[600], over[2 * PATH_MAX + 16];
    paths_config_kind kind;

    if (paths_config("mentions", "data/mentions", dir, sizeof dir, &kind) != 0) {
        doctor_report(d, "mentions", DOCTOR_FAIL, NULL, "use shorter paths", "the mentions directory's path is too long");
        return;
    }
    json_t *details = config_details("mentions/", dir, (int)kind, over, sizeof over);
    mentions_rules *rules = mentions_rules_load(dir, err, sizeof err);
    if (!rules) {
        doctor_report(d, "mentions", DOCTOR_FAIL, details,
                      kind == PATHS_CONFIG_SHIPPED ? "reinstall brief, or set $BRIEF_HOME to a complete data home"
                                                   : "correct the line named, or remove the override to use the shipped rules",
                      "%s", err);
        return;
    }
    mentions_rules_destroy(rules);
    doctor_report(d, "mentions", DOCTOR_OK, details, NULL, "mention rules from %s (%s%s%s)", dir,
                  config_source(kind), kind == PATHS_CONFIG_SHIPPED ? "; replaced by " : "",
                  kind == PATHS_CONFIG_SHIPPED ? over : "");
}

/* ---- fonts: every role resolves; which face draws what ------------------ */

/* The ranges a brief's text draws on, and what a role's chain covers of
 * each. Extension B holds rare characters of names and places (𠮷, 𡉃). */
static const struct coverage_range {
    const char *key, *label;
    uint32_t from, to;
} coverage_ranges[] = {
    {"cjk", "CJK", 0x4E00, 0x9FFF},                     /* CJK Unified Ideographs, 20,992 */
    {"extension_b", "Extension B", 0x20000, 0x2A6DF},   /* CJK Unified Ideographs Extension B, 42,720 */
    {"latin", "Latin", 0x20, 0x7E},                     /* printable ASCII */
};

/* Counts, for role, the characters of range some face of its chain draws
 * (into *covered) and how many each face draws first (per_face, indexed by
 * face number, face_count entries, zeroed here). */
static void role_coverage(const fonts *f, int role, const struct coverage_range *r, long *covered,
                          long *per_face, int face_count)
{
    memset(per_face, 0, (size_t)face_count * sizeof *per_face);
    *covered = 0;
    for (uint32_t cp = r->from; cp <= r->to; cp++) {
        int face = fonts_pick(f, role, cp, NULL);
        if (face < 0) continue;
        (*covered)++;
        per_face[face]++;
    }
}

static void check_role(doctor *d, const fonts *f, int role, long *per_face)
{
    const char *name = fonts_role_name(f, role);
    int face_count = fonts_face_count(f);
    sbuf msg = SBUF_INIT;
    json_t *details = json_object(), *chain = json_array(), *coverage = json_object();
    long covered[sizeof coverage_ranges / sizeof coverage_ranges[0]];

    /* "body = A, B, C; Latin first: L": the chain, then the Latin faces. */
    json_t *lists[2] = {chain, json_array()};
    for (int latin = 0; latin < 2; latin++) {
        if (!latin) sbuf_printf(&msg, "%s =", name);
        /* An italic role names Latin faces only: its CJK is the upright role's. */
        if (!latin && fonts_role_face(f, role, 0) < 0) sbuf_printf(&msg, " (no CJK face of its own: upright CJK)");
        for (int i = 0, face; (face = latin ? fonts_role_latin_face(f, role, i) : fonts_role_face(f, role, i)) >= 0;
             i++) {
            unsigned index = 0;
            const char *file = fonts_face_path(f, face, &index);
            json_t *o = json_object();
            set_str(o, "family", fonts_face_family(f, face));
            set_str(o, "file", file);
            set_int(o, "index", index);
            json_array_append_new(lists[latin], o);
            sbuf_printf(&msg, "%s %s", i ? "," : latin ? "; Latin first:" : "", fonts_face_family(f, face));
        }
    }
    for (size_t r = 0; r < sizeof coverage_ranges / sizeof coverage_ranges[0]; r++) {
        const struct coverage_range *range = &coverage_ranges[r];
        long total = (long)(range->to - range->from + 1);
        json_t *faces = json_array(), *o = json_object();
        role_coverage(f, role, range, &covered[r], per_face, face_count);
        sbuf_printf(&msg, "%s%s %ld of %ld", r ? "; " : "\n", range->label, covered[r], total);
        /* The faces that draw them, most first. */
        for (int shown = 0; shown < face_count; shown++) {
            int best = -1;
            for (int face = 0; face < face_count; face++)
                if (per_face[face] > 0 && (best < 0 || per_face[face] > per_face[best])) best = face;
            if (best < 0) break;
            json_t *fo = json_object();
            set_str(fo, "family", fonts_face_family(f, best));
            set_int(fo, "chars", per_face[best]);
            json_array_append_new(faces, fo);
            sbuf_printf(&msg, "%s%s %ld", shown ? ", " : ": ", fonts_face_family(f, best), per_face[best]);
            per_face[best] = 0;
            if (shown + 1 == face_count || shown == 2) break;
        }
        set_int(o, "covered", covered[r]);
        set_int(o, "total", total);
        if (o) json_object_set_new(o, "faces", faces);
        else json_decref(faces);
        if (coverage) json_object_set_new(coverage, range->key, o);
        else json_decref(o);
    }
    set_str(details, "role", name);
    if (details) {
        json_object_set_new(details, "chain", chain);
        json_object_set_new(details, "latin", lists[1]);
        json_object_set_new(details, "coverage", coverage);
    } else {
        json_decref(chain);
        json_decref(lists[1]);
        json_decref(coverage);
    }

    /* The body role sets the articles: it must draw Chinese and Latin
     * text; without any of Extension B, names with rare characters print
     * as boxes (the layout warns per document). */
    doctor_status status = DOCTOR_OK;
    const char *fix = NULL;
    if (role == 0 && (covered[0] == 0 || covered[2] == 0)) {
        status = DOCTOR_FAIL;
        fix = "put a CJK font first in the body chain (Noto Serif CJK SC, from fonts-noto-cjk) and a Latin one "
              "after it or on a body.latin line";
    } else if (role == 0 && covered[1] == 0) {
        status = DOCTOR_WARN;
        fix = "install fonts-hanazono (HanaMinB, the default fallback), or add a font with CJK Extension B "
              "to the fallback line";
    }
    if (sbuf_failed(&msg)) d->out_of_memory = 1;
    doctor_report(d, "fonts", status, details, fix, "%s", msg.data ? msg.data : "");
    sbuf_free(&msg);
}

static void check_fonts(doctor *d)
{
    char conf[PATH_MAX], err[1024], over[2 * PATH_MAX + 16];
    int kind = fonts_config_path(conf, sizeof conf);

    if (kind < 0) {
        doctor_report(d, "fonts", DOCTOR_FAIL, NULL, "use shorter paths", "the roles file's path is too long");
        return;
    }
    json_t *details = config_details("roles.conf", conf, kind, over, sizeof over);
    fonts *f = fonts_create(NULL, err, sizeof err);
    if (!f) {
        doctor_report(d, "fonts", DOCTOR_FAIL, details,
                      kind == PATHS_CONFIG_SHIPPED
                          ? "install the fonts it names (apt install fonts-noto-cjk fonts-texgyre fonts-hanazono "
                            "fonts-arphic-uming fonts-wqy-microhei fonts-dejavu-core), or replace it with one "
                            "naming fonts this machine has"
                          : "correct the line it names (fc-list : family lists the families), or remove this "
                            "file to use the shipped roles",
                      "%s", err);
        return;
    }
    set_int(details, "roles", fonts_role_count(f));
    set_int(details, "faces", fonts_face_count(f));
    doctor_report(d, "fonts", DOCTOR_OK, details, NULL, "roles from %s (%s%s%s): %d roles, %d faces", conf,
                  config_source(kind), kind == PATHS_CONFIG_SHIPPED ? "; replaced by " : "",
                  kind == PATHS_CONFIG_SHIPPED ? over : "", fonts_role_count(f), fonts_face_count(f));
    long *per_face = calloc((size_t)fonts_face_count(f) + 1, sizeof *per_face);
    if (!per_face) {
        d->out_of_memory = 1;
    } else {
        for (int role = 0; role < fonts_role_count(f); role++) check_role(d, f, role, per_face);
    }
    free(per_face);
    fonts_destroy(f);
}

/* ---- database: opens, schema version, integrity ------------------------ */

static void check_database(doctor *d)
{
    char err[600], restore[PATH_MAX + 200];
    store_health h;
    const char *check = d->quick ? "quick_check" : "integrity_check";
    json_t *details = json_object();

    snprintf(restore, sizeof restore, "restore it from a backup, or rebuild it with brief ingest --db NEW.db "
             "BULLETINS/ (sqlite3 %s .recover may save what is left)", d->db_path);

    set_str(details, "path", d->db_path);
    if (access(d->db_path, F_OK) != 0 && !d->db_chosen) {
        doctor_report(d, "database", DOCTOR_WARN, details, "pass --db PATH or set $BRIEF_DB",
                      "no database at ./%s (the default)", d->db_path);
        return;
    }
    if (store_health_check(d->db_path, d->quick, &h, err, sizeof err) != STORE_OK) {
        doctor_report(d, "database", DOCTOR_FAIL, details,
                      access(d->db_path, F_OK) != 0 ? "check the path; brief ingest --db PATH creates a database"
                                                    : restore,
                      "%s", err);
        return;
    }
    set_int(details, "schema_version", h.schema_version);
    set_int(details, "expected_schema_version", STORE_SCHEMA_VERSION);
    if (details) json_object_set_new(details, "bulletins", h.bulletins >= 0 ? json_integer(h.bulletins) : json_null());
    set_str(details, "newest", *h.newest ? h.newest : NULL);
    set_str(details, "check", check);
    set_str(details, "integrity", h.integrity);
    if (h.application_id != 0 && h.application_id != STORE_APPLICATION_ID) {
        doctor_report(d, "database", DOCTOR_FAIL, details, "point --db or $BRIEF_DB at brief's database",
                      "%s is not a brief database (application_id %lld)", d->db_path, h.application_id);
    } else if (strcmp(h.integrity, "ok") != 0) {
        doctor_report(d, "database", DOCTOR_FAIL, details, restore, "%s: %s found damage:\n%s", d->db_path, check,
                      h.integrity);
    } else if (h.schema_version > STORE_SCHEMA_VERSION) {
        doctor_report(d, "database", DOCTOR_FAIL, details, "upgrade brief",
                      "%s: schema version %lld is newer than this brief's (%d)", d->db_path, h.schema_version,
                      STORE_SCHEMA_VERSION);
    } else if (h.bulletins < 0) {
        doctor_report(d, "database", DOCTOR_WARN, details, "brief ingest --db PATH BULLETINS/",
                      "%s is empty: nothing has been ingested yet", d->db_path);
    } else if (h.schema_version < STORE_SCHEMA_VERSION) {
        doctor_report(d, "database", DOCTOR_FAIL, details,
                      "run brief ingest or brief batch on it once: they migrate it (scripts only read)",
                      "%s: schema version %lld is older than this brief's (%d)", d->db_path, h.schema_version,
                      STORE_SCHEMA_VERSION);
    } else {
        doctor_report(d, "database", DOCTOR_OK, details, NULL, "%s: schema version %lld, %lld bulletins%s%s; %s ok",
                      d->db_path, h.schema_version, h.bulletins, *h.newest ? ", the newest issued " : "", h.newest,
                      check);
    }
}

/* ---- lock: whether a batch holds the database's lock -------------------- */

static void check_lock(doctor *d)
{
    char lock[PATH_MAX], err[600], cmd[256] = "", proc[64];
    long pid = 0;
    json_t *details = json_object();

    /* batch.h: the lock of a database is its path + ".lock". */
    snprintf(lock, sizeof lock, "%s.lock", d->db_path);
    set_str(details, "path", lock);
    int held = batch_lock_probe(lock, &pid, err, sizeof err);
    if (held < 0) {
        doctor_report(d, "lock", DOCTOR_FAIL, details, "give the user that runs brief batch access to the file",
                      "%s", err);
        return;
    }
    if (details) {
        json_object_set_new(details, "held", json_boolean(held));
        json_object_set_new(details, "holder_pid", held && pid > 0 ? json_integer(pid) : json_null());
        json_object_set_new(details, "holder_command", json_null());
    }
    if (held) {
        /* Who holds it, when /proc says (the command line, NULs as spaces). */
        snprintf(proc, sizeof proc, "/proc/%ld/cmdline", pid);
        FILE *fp = pid > 0 ? fopen(proc, "r") : NULL;
        if (fp) {
            size_t n = fread(cmd, 1, sizeof cmd - 1, fp);
            fclose(fp);
            cmd[n] = '\0';
            for (size_t i = 0; i + 1 < n; i++) if (cmd[i] == '\0') cmd[i] = ' ';
        }
        set_str(details, "holder_command", *cmd ? cmd : NULL);
        char fix[200], who[24] = "PID";
        if (pid > 0) snprintf(who, sizeof who, "%ld", pid);
        snprintf(fix, sizeof fix, "wait for that batch to end (brief runs shows its jobs); if it is stuck, "
                 "stop it (kill %s): no other batch starts while it holds the lock", who);
        doctor_report(d, "lock", DOCTOR_FAIL, details, fix,
                      "%s is held by %s%.0ld%s%s%s: a batch is running or hung", lock,
                      pid > 0 ? "process " : "another process", pid, *cmd ? " (" : "", cmd, *cmd ? ")" : "");
        return;
    }
    /* A batch writes the lock and the history beside the database. */
    char dir[PATH_MAX];
    paths_dirname(d->db_path, dir, sizeof dir);
    if (access(dir, W_OK) != 0 && access(lock, W_OK) != 0) {
        doctor_report(d, "lock", DOCTOR_WARN, details,
                      "run brief batch as a user who may write there (the package's unit runs as brief)",
                      "%s is free, but this user cannot write %s: a batch run as this user would run "
                      "without the lock and record no history", lock, dir);
        return;
    }
    doctor_report(d, "lock", DOCTOR_OK, details, NULL, "%s is free%s", lock,
                  access(lock, F_OK) == 0 ? "" : " (no batch has run here yet)");
}

/* ---- sandbox: the walls this kernel lets brief build -------------------- */

/* brief run and batch jobs confine themselves with Landlock and seccomp
 * (os/confine.h); without them the in-process checks still hold, so a
 * missing wall is a warning, not a failure. */
static void check_sandbox(doctor *d)
{
    int landlock_abi = 0, seccomp = 0;
    char note[300];
    json_t *details = json_object();

    confine_probe(&landlock_abi, &seccomp);
    confine_describe(note, sizeof note);
    if (details) {
        json_object_set_new(details, "landlock_abi", json_integer(landlock_abi));
        json_object_set_new(details, "seccomp", json_boolean(seccomp));
    }
    if (landlock_abi > 0 && seccomp) {
        doctor_report(d, "sandbox", DOCTOR_OK, details, NULL,
                      "Landlock (ABI %d) and seccomp confine each script run and batch job", landlock_abi);
        return;
    }
    doctor_report(d, "sandbox", DOCTOR_WARN, details,
                  "run brief on Linux 5.13 or later with Landlock enabled (the lsm= boot parameter) "
                  "and outside a container that forbids seccomp filters",
                  "%s; scripts still run under brief's own file, SQL and Lua rules",
                  *note ? note : "this kernel lacks a wall brief uses");
}

/* The libraries of the readers, opened as `brief ingest` opens them when
 * a file of their kind comes (util/dynlib.h): a missing one is a warning,
 * since text files are read without it. libcrypto, opened the same way
 * when ingest or batch first hashes (util/sha256.h), is needed by every
 * ingest: without it the row fails. */
static void check_readers(doctor *d)
{
    struct reader_probe {
        const char *format, *key;
        int (*load)(char *err, size_t errlen);
    } const probes[] = {
        {"PDF", "pdf", pdfread_load},
        {"HTML", "html", htmlread_load},
        {"Word (.docx)", "docx", docxread_load},
        {"web addresses", "url", urlfetch_load},
    };
    json_t *details = json_object();
    sbuf ok = SBUF_INIT, missing = SBUF_INIT;
    char hash_err[512] = "";
    int hashing = sha256_load(hash_err, sizeof hash_err) == 0;
    if (details) json_object_set_new(details, "sha256", json_boolean(hashing));
    if (!hashing) sbuf_puts(&missing, hash_err);
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        char err[512] = "";
        int loaded = probes[i].load(err, sizeof err) == 0;
        if (details) json_object_set_new(details, probes[i].key, json_boolean(loaded));
        if (loaded) sbuf_printf(&ok, "%s%s", ok.len ? ", " : "", probes[i].format);
        else sbuf_printf(&missing, "%s%s", missing.len ? "\n" : "", err);
    }
    if (sbuf_failed(&ok) || sbuf_failed(&missing))
        doctor_report(d, "readers", DOCTOR_FAIL, details, NULL, "out of memory");
    else if (!hashing)
        doctor_report(d, "readers", DOCTOR_FAIL, details,
                      "install the packages named (without libssl3's libcrypto brief ingest stores nothing "
                      "and brief batch reruns every job)", "%s", missing.data);
    else if (!missing.len)
        doctor_report(d, "readers", DOCTOR_OK, details, NULL, "brief ingest hashes (libcrypto) and reads text, %s",
                      ok.data);
    else
        doctor_report(d, "readers", DOCTOR_WARN, details,
                      "install the package named (brief ingest reads text files without it)", "%s", missing.data);
    sbuf_free(&ok);
    sbuf_free(&missing);
}

/* ---- the checks, in the order they run ---------------------------------- */

static const struct doctor_check {
    const char *name;
    void (*run)(doctor *d);
} doctor_checks[] = {
    {"data", check_data},          /* where the data files are */
    {"mentions", check_mentions},  /* the mention rules load */
    {"fonts", check_fonts},        /* every role resolves; CJK, Extension B, Latin */
    {"database", check_database},  /* opens; schema version; integrity */
    {"lock", check_lock},          /* the batch lock's state */
    {"sandbox", check_sandbox},    /* Landlock and seccomp on this kernel */
    {"readers", check_readers},    /* libcrypto and the PDF, HTML, Word and URL readers' libraries */
};

static void usage(FILE *to)
{
    fprintf(to,
        "usage: brief doctor [--db PATH] [--quick] [--json]\n\n"
        "Checks that brief can work here and says how to fix what is wrong: where\n"
        "its data files are, the mention rules, every font role (and which faces\n"
        "draw CJK, CJK Extension B and Latin text), the database (opens, schema\n"
        "version, PRAGMA integrity_check), the batch lock and the sandbox walls\n"
        "(Landlock, seccomp) this kernel offers.\n\n"
        "  --db PATH   the database (default $BRIEF_DB, else ./brief.db)\n"
        "  --quick     PRAGMA quick_check instead of integrity_check (faster on\n"
        "              a big database; does not compare indexes with their rows)\n"
        "  --json      one JSON document: {\"ok\": ..., \"findings\": [...]}\n"
        "  -h, --help  this help\n\n"
        "Exit status: 0 nothing failed (warnings allowed), 1 something failed,\n"
        "2 usage.\n");
}

int cli_doctor(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"quick", no_argument, NULL, 'q'},
        {"json", no_argument, NULL, 'J'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db_arg = NULL, *env = getenv("BRIEF_DB");
    doctor d = {0};
    int as_json = 0, c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db_arg = optarg; break;
        case 'q': d.quick = 1; break;
        case 'J': as_json = 1; break;
        case 'h': usage(stdout); return CLI_OK;
        default: usage(stderr); return CLI_USAGE;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "brief doctor: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return CLI_USAGE;
    }
    d.db_path = cli_db_path(db_arg);
    d.db_chosen = (db_arg && *db_arg) || (env && *env);
    if (as_json && !(d.findings = json_array())) {
        fprintf(stderr, "brief doctor: out of memory\n");
        return CLI_FAILED;
    }
    if (!as_json) printf("brief %s doctor\n", BRIEF_VERSION);
    for (size_t i = 0; i < sizeof doctor_checks / sizeof doctor_checks[0]; i++) doctor_checks[i].run(&d);
    if (d.out_of_memory) {
        fprintf(stderr, "brief doctor: out of memory: the report is incomplete\n");
        json_decref(d.findings);
        return CLI_FAILED;
    }
    if (as_json) {
        json_t *doc = json_object();
        if (doc && (json_object_set_new(doc, "version", json_string(BRIEF_VERSION)) |
                    json_object_set_new(doc, "ok", json_boolean(d.failures == 0)) |
                    json_object_set_new(doc, "failures", json_integer(d.failures)) |
                    json_object_set_new(doc, "warnings", json_integer(d.warnings)) |
                    json_object_set(doc, "findings", d.findings)) != 0) {
            json_decref(doc);
            doc = NULL;
        }
        json_decref(d.findings);
        if (cli_json_print(doc) != 0) {
            fprintf(stderr, "brief doctor: cannot write the JSON document\n");
            return CLI_FAILED;
        }
    } else if (d.failures || d.warnings) {
        printf("%d failed, %d warning%s\n", d.failures, d.warnings, d.warnings == 1 ? "" : "s");
    } else {
        printf("all is well\n");
    }
    return d.failures ? CLI_FAILED : CLI_OK;
}
