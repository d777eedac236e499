/* SPDX-License-Identifier: GPL-3.0-or-later */
/* profile.h — ingest profiles: what a user teaches brief about one source's
 * pages, in a Lua file (profiles/NAME.lua, docs/ingest.md "Profiles"),
 * evaluated in the scripts' sandbox (sandbox.h) and handed to the parser as
 * the callbacks of ingest_profile (ingest.h): the parser knows no Lua.
 *
 * A profile file returns a table of declarations (the patterns are Lua
 * patterns; a string may stand for a list of one):
 *   match     = patterns: the profile is chosen for a text one of whose
 *               first 10 non-blank lines one of them finds
 *   furniture = patterns: a line one finds is page furniture
 *   captions  = patterns: a line one finds is a photo caption
 *   roles     = { {pattern = P, role = ROLE}, ... }: any role
 *               (ingest_role_from_name)
 *   dates     = patterns: a line one finds gives the article's date, read
 *               from its first capture, else from where the pattern found
 *               it to the line's end, with the one date grammar
 *   labels    = { [LABEL] = "date"|"stamp"|"source"|"author"|"editor"|
 *               "url"|"ignore" }: metadata labels (without the colon)
 *   title     = "first" (the first headline-like line after the furniture
 *               is the title) or "auto" (the default: the parser decides)
 *   region    = a region of data/mentions/orgs.txt whose aliases hold
 *   aliases   = { [SHORT] = FULL }: aliases that hold in this profile's
 *               texts only
 *   hook      = function(lines): sees every line as {text=, line=, role=,
 *               rule=} after the parser's rules and may set role, rule and
 *               date (a text holding the date, as for dates)
 *   description = a string, for people
 * Any other field is an error (a misspelt one would be ignored silently).
 *
 * Sandbox and limits: a profile runs with the libraries of a sandboxed
 * script (no io, os, require, debug, load of bytecode), in a fresh state
 * for every text (nothing carries over from one text to the next), within
 * the limits below (wall time, VM instructions, memory). A library call that never
 * returns to Lua (a pattern that backtracks for ever) is stopped by the
 * caller's guard (profile_guard). Any error or limit fails that text's
 * parse (INGEST_PROFILE) with a message that names the profile's file and,
 * where there is one, its line: nothing of that text is stored.
 *
 * Ownership: a profile owns everything it hands out (names, rules, labels)
 * until profile_destroy; a profile_set owns its profiles. One parse at a
 * time per profile. No globals. */
#ifndef BRIEF_PROFILE_H
#define BRIEF_PROFILE_H

#include <stddef.h>

#include "ingest/ingest.h"

/* The limits of one text's run: a base and so much per byte of the text
 * (a 100 KB bulletin: about 2 s, 52 million VM instructions, 34 MB). */
#define PROFILE_TIMEOUT_S 2.0
#define PROFILE_TIMEOUT_PER_MB 1.0
#define PROFILE_INSTRUCTIONS 50000000LL
#define PROFILE_INSTRUCTIONS_PER_BYTE 20
#define PROFILE_MEMORY_BYTES ((size_t)32 << 20)
#define PROFILE_MEMORY_PER_BYTE 16
#define PROFILE_MATCH_LINES 10
#define PROFILE_RULE_MAX 64      /* bytes of a rule name a hook sets */
#define PROFILE_DATE_MAX 200     /* bytes of a date text read */

/* Stops the process when a profile is stuck in one library call: arm(s)
 * before a profile runs (s: its time limit plus a grace), disarm() after;
 * NULL functions: no guard. */
typedef struct profile_guard {
    void (*arm)(double seconds, const char *message);
    void (*disarm)(void);
} profile_guard;

typedef struct profile profile;

/* Loads and checks the profile file at path (a syntax error, a field of
 * the wrong type, an unknown role or label, a malformed pattern); its name
 * is the file name without ".lua". NULL with a message naming the file
 * (and line) in err. guard may be NULL. */
profile *profile_load(const char *path, const profile_guard *guard, char *err, size_t errlen);
void profile_destroy(profile *p);

const char *profile_name(const profile *p);
const char *profile_path(const profile *p);
/* (transfer none) The callbacks for ingest_options.profile. */
const ingest_profile *profile_ingest(profile *p);
/* The profile's description, or NULL. */
const char *profile_description(const profile *p);
/* The region named by the profile, or NULL. */
const char *profile_region(const profile *p);
/* The profile's aliases, i < profile_alias_count. */
size_t profile_alias_count(const profile *p);
void profile_alias(const profile *p, size_t i, const char **shortname, const char **full);
/* 1 when one of the profile's match patterns finds one of the first
 * PROFILE_MATCH_LINES non-blank lines, 0 when none does (or it has none),
 * -1 with a message in err. */
int profile_matches(profile *p, const ingest_line *lines, size_t count, char *err, size_t errlen);

/* Every profile of the directories dirs[0..ndirs) (NULL entries and missing
 * directories skipped), the files *.lua of each in name order; a name seen
 * in an earlier directory hides the later ones (the user's over the site's
 * over the shipped). NULL with a message naming the file on the first
 * error: a broken profile is never skipped silently. */
typedef struct profile_set profile_set;
profile_set *profile_set_load(const char *const *dirs, size_t ndirs, const profile_guard *guard, char *err,
                              size_t errlen);
void profile_set_destroy(profile_set *s);
size_t profile_set_count(const profile_set *s);
profile *profile_set_at(const profile_set *s, size_t i);
/* The profile called name, or NULL. */
profile *profile_set_find(const profile_set *s, const char *name);
/* (transfer none) Chooses for a text the first profile of the set whose
 * match patterns find one of its first lines (profile_matches). */
const ingest_chooser *profile_set_chooser(profile_set *s);

#endif
