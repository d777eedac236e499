/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sandbox.h — the one Lua sandbox of brief, shared by report scripts
 * (script.h) and batch manifests (manifest.h), so that the two cannot
 * differ (STYLE.md point 13: the manifest once had a weaker copy).
 *
 * A sandbox is a Lua 5.4 state with:
 *  - a counting allocator that refuses past the memory budget (Lua then
 *    collects and retries once, then raises "not enough memory");
 *  - a count hook that checks the deadline, the instruction budget and the
 *    cancel flag every few thousand instructions and, once over, raises at
 *    every instruction (Redis's rule): neither pcall nor a loop around it
 *    gets further than the next instruction;
 *  - libraries opened by sandbox_open_libs: base, table, string, math,
 *    utf8, with the holes closed: dofile and loadfile refused; load of
 *    text only; string.dump refused and the string metatable protected;
 *    setmetatable refusing a __gc field (Lua runs finalizers with hooks
 *    off); getmetatable blind to userdata (a C object's metatable is never
 *    handed out); collectgarbage without the options that stop the
 *    collector; xpcall whose message handler never runs once a limit is
 *    passed (Lua calls it with hooks off when the error comes from the
 *    hook, so a looping handler would escape the time limit). Coroutines,
 *    os, io, package and debug are not opened: a caller adds what it
 *    allows (lua_sandbox.c for scripts).
 * Every refused function raises "NAME is not allowed in ..." with the
 * caller's wording. No globals: everything hangs off the state. */
#ifndef BRIEF_SANDBOX_H
#define BRIEF_SANDBOX_H

#include <signal.h>
#include <stddef.h>
#include <lua.h>

typedef struct sandbox sandbox;

typedef struct sandbox_limits {
    const char *subject;          /* "script", "manifest": the subject of limit messages */
    const char *refusal;          /* ends the message of a refused function: "is not allowed
                                     in a sandboxed script; run with --trust" */
    size_t memory_bytes;          /* the state's memory budget (> 0) */
    double timeout_s;             /* wall clock from sandbox_create; 0: none */
    long long instructions;       /* VM instructions; 0: none */
    const volatile sig_atomic_t *cancel;  /* NULL, or a flag a signal handler sets to stop */
} sandbox_limits;

/* Why a sandbox stopped (sandbox_stopped). */
#define SANDBOX_RUNNING   0
#define SANDBOX_TIMEOUT   1   /* the deadline or the instruction budget passed */
#define SANDBOX_MEMORY    2   /* the allocator refused a request */
#define SANDBOX_CANCELLED 3   /* *cancel became non-zero */

/* A new state within limits (copied; the strings must outlive the
 * sandbox), user reachable from it through sandbox_user. The count hook is
 * set; no library is open yet. NULL when out of memory. Free with
 * sandbox_destroy (NULL: no-op), which closes the state: finalizers (only
 * C ones can exist) run under the hook. */
sandbox *sandbox_create(const sandbox_limits *limits, void *user);
void sandbox_destroy(sandbox *sb);

/* (transfer none) The state, valid until sandbox_destroy. */
lua_State *sandbox_state(sandbox *sb);
/* The sandbox and the user pointer of a state (or of any thread of it). */
sandbox *sandbox_get(lua_State *L);
void *sandbox_user(lua_State *L);

/* Opens the sandboxed libraries into L's globals (a lua_CFunction: call it
 * under lua_pcall, so running out of memory is an error, not a panic). */
int sandbox_open_libs(lua_State *L);

/* t[name] = a function that raises "lib.name <refusal>" (name alone when
 * lib is NULL); t on top of L's stack. */
void sandbox_deny(lua_State *L, const char *lib, const char *name);
/* Raises "what <refusal>": for functions that refuse some arguments. */
int sandbox_refuse(lua_State *L, const char *what);

/* The memory budget of the state (limits.memory_bytes), which the C side
 * also uses to bound what a script makes it allocate (a decoded image). */
size_t sandbox_memory_limit(const sandbox *sb);

/* 1 once the deadline has passed or the run was cancelled (and latches
 * it); for long C work (an SQL statement) to poll. */
int sandbox_over_time(sandbox *sb);
/* Why the sandbox stopped, or SANDBOX_RUNNING. The memory reason holds
 * once the allocator has refused a request. */
int sandbox_stopped(const sandbox *sb);
/* The message of a stop: "script exceeded its time limit of 120 s",
 * "script exceeded its memory limit of 512 MB", "script interrupted",
 * "manifest takes too long to evaluate (over 20 million instructions)".
 * 100 bytes suffice. */
void sandbox_message(const sandbox *sb, int why, char *out, size_t outlen);

#endif
