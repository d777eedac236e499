/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lua_brief.h — the conventions of brief's Lua binding layer: the runtime
 * every binding reaches through its lua_State, the `brief` table of modules,
 * argument checks whose errors name the function as scripts call it
 * ("bad argument #2 to 'brief.data.query' (table expected, got string)"),
 * and the output files a document writer reserves.
 *
 * Adding a module (brief.doc is added this way): write engine/script/lua_doc.c
 * with `int lb_open_doc(lua_State *L)` that pushes the module table built
 * with lb_module_new(L, "doc", funcs), declare it below, and add one line
 * {"doc", lb_open_doc} to the module list in script.c. Each binding is thin:
 * it checks and converts arguments, calls a C module that knows nothing of
 * Lua, and converts the result. Misuse raises (lb_argerror, luaL_error);
 * data and I/O failures return nil, message. C memory held across a call
 * that may raise lives in a userdata with __gc. */
#ifndef BRIEF_LUA_BRIEF_H
#define BRIEF_LUA_BRIEF_H

#include <stddef.h>
#include <time.h>
#include <lua.h>
#include <lauxlib.h>

#include "os/fspolicy.h"
#include "store/query.h"
#include "store/store.h"
#include "script/sandbox.h"
#include "script/script.h"

typedef struct lb_output {
    char *path;       /* final destination */
    char *tmp;        /* temporary file beside it, renamed at success */
    size_t bytes;
    int pages;
    int written;      /* lb_output_written was called */
} lb_output;

/* The state of one script run, owned by script_run and reachable from any
 * binding through lb_runtime_get. */
typedef struct lb_runtime {
    const script_options *options;
    sandbox *sb;                  /* the Lua state's limits (sandbox.h) */
    fspolicy *policy;             /* what a sandboxed script may read and write (fspolicy.h) */
    char script_dir[4096];        /* where require looks for modules */
    query_db *db;                 /* opened by script_run before confinement, else on first use */
    char *db_error;               /* why that early open failed, raised on first use; or NULL */
    store *review;                /* read-write, for a trusted script's corrections (lua_correct.c); or NULL */
    lb_output *outputs;
    size_t output_count, output_cap;
    size_t output_bytes;          /* written so far, against options' max_output_bytes */
    char **modules;               /* files loaded by require (for --watch) */
    size_t module_count, module_cap;
    char **warnings;              /* of the run's documents (lb_warning_add), for script_result */
    size_t warning_count, warning_cap;
} lb_runtime;

/* The runtime of L (the user pointer of its sandbox). */
lb_runtime *lb_runtime_get(lua_State *L);

/* The read-only database, opened on first use; raises a clear error when
 * it cannot be opened. (transfer none). */
query_db *lb_runtime_db(lua_State *L);

/* Opens options->db_path into rt->db (read-only, guarded, its statements
 * interrupted past the deadline). 0, or -1 with the message in err. */
int lb_runtime_open_db(lb_runtime *rt, char *err, size_t errlen);

/* Records a warning of the run (a document's missing character) for the
 * caller to print, once: a message already recorded is not again. 0, or
 * -1 out of memory. */
int lb_warning_add(lb_runtime *rt, const char *message);

/* Records a file a module was loaded from; 0, or -1 out of memory. */
int lb_runtime_add_module(lb_runtime *rt, const char *path);

/* 1 once the deadline has passed or the run was cancelled. */
int lb_runtime_over_time(lb_runtime *rt);

/* The file a script may read at path, for function fn (its name in
 * messages): FSPOLICY_OK with the name to open in resolved (resolvedlen
 * bytes); FSPOLICY_MISSING when path does not exist, with the message
 * ("path: No such file or directory") in resolved; raises "fn('path'):
 * why" when the sandbox refuses it (fspolicy.h). A trusted script may read
 * anything: path itself is copied. */
int lb_check_read(lua_State *L, const char *fn, const char *path, char *resolved, size_t resolvedlen);

/* Output files. A writer (brief.doc's save) asks for the file to write:
 * the destination is the -o path when the user gave one, else requested
 * joined to --output-dir (NULL: none, an error then). In a sandboxed
 * script that is the only place it may write (fspolicy.h: a relative name
 * without "..", hidden components or control characters, not a Lua file,
 * not leading out of the folder); a trusted script may name any path. No
 * run writes the database or its -wal, -shm, -journal or .lock, nor more
 * than options->max_output_bytes in all, nor more than 64 files. The
 * temporary file beside it is created and its name written into tmp; the
 * writer fills it, then calls lb_output_written. script_run renames it
 * into place when the whole script succeeds, and removes it otherwise, so
 * a failed script leaves no output. Returns 0, or -1 with a message in err. */
int lb_output_begin(lua_State *L, const char *requested, char *tmp, size_t tmplen, char *err, size_t errlen);
/* Records that tmp was written with bytes (pages: 0 for text). Returns 0,
 * or -1 with a message in err when the run's outputs now pass
 * max_output_bytes (tmp is then removed: the writer reports the failure). */
int lb_output_written(lua_State *L, const char *tmp, size_t bytes, int pages, char *err, size_t errlen);

/* brief.write_output(text [, path]): writes text as an output file of the
 * run (the -o path when given, else path), committed at success like a
 * document. Returns the destination, or nil, message on an I/O failure. */
int lb_write_output(lua_State *L);

/* Module tables. */
typedef struct lb_func {
    const char *name;
    lua_CFunction fn;
} lb_func;

/* Pushes a new table holding funcs, each a C closure whose upvalue 1 is
 * its qualified name "brief.<module>.<name>", which lb_argerror reports. */
void lb_module_new(lua_State *L, const char *module, const lb_func *funcs);

/* Pushes a new table of methods: each a C closure whose upvalue 1 is its
 * name "<prefix>:<name>" ("doc:table"), which lb_argerror reports
 * (lua_args.c). */
void lb_methods_new(lua_State *L, const char *prefix, const lb_func *funcs);

/* The qualified name of the running binding (upvalue 1), or "?". */
const char *lb_funcname(lua_State *L);

/* Argument checks (lua_args.c). */

/* luaL_argerror and luaL_typeerror with the qualified name. A method
 * ("doc:table", registered with that name) counts its arguments as the
 * script sees them, self not counted, and a bad self says so ("calling
 * 'doc:table' on bad self"). Never return. */
int lb_argerror(lua_State *L, int arg, const char *extramsg);
int lb_typeerror(lua_State *L, int arg, const char *expected);
/* "bad argument #1 to 'doc:table' (field 'columns': msg)". Never returns. */
int lb_fielderror(lua_State *L, int arg, const char *field, const char *msg);
/* The same for a field of a table inside the options, "field
 * 'margins.top': msg" (parent NULL: lb_fielderror). Never returns. */
int lb_subfielderror(lua_State *L, int arg, const char *parent, const char *field, const char *msg);

/* Argument checks of the qualified-name kind (luaL_check* report the name
 * the call site used, "query", which is less helpful). */
const char *lb_checklstring(lua_State *L, int arg, size_t *len);
const char *lb_optlstring(lua_State *L, int arg, const char *def, size_t *len);
/* A file name argument: a string without NUL bytes (which C would cut the
 * name at); raises otherwise. opt: nil or absent gives NULL. */
const char *lb_checkpath(lua_State *L, int arg);
const char *lb_optpath(lua_State *L, int arg);
lua_Number lb_checknumber(lua_State *L, int arg);
lua_Integer lb_checkinteger(lua_State *L, int arg);
lua_Integer lb_optinteger(lua_State *L, int arg, lua_Integer def);
void lb_checktable(lua_State *L, int arg);
/* 1 when argument arg is a table, 0 when absent or nil; raises otherwise. */
int lb_opttable(lua_State *L, int arg);

/* Fields of an options table at argument arg: the value of field, or def
 * when absent or when arg is not a table (no options given); strings stay
 * valid while the table is on the stack. A value of the wrong type raises
 * "bad argument #1 to 'brief.data.articles' (field 'from': string
 * expected, got number)". */
const char *lb_optfield_string(lua_State *L, int arg, const char *field, const char *def);
lua_Integer lb_optfield_integer(lua_State *L, int arg, const char *field, lua_Integer def);
lua_Number lb_optfield_number(lua_State *L, int arg, const char *field, lua_Number def);
int lb_optfield_boolean(lua_State *L, int arg, const char *field, int def);
/* Raises when the options table at arg (nothing when it is not a table)
 * holds a key not in the NULL-terminated list known, naming the one it
 * most likely meant: "unknown option 'szie' (did you mean 'size'? known:
 * font, size, ...)". */
void lb_check_fields(lua_State *L, int arg, const char *const *known);

/* A table inside the options of argument arg (options.margins) at stack
 * index sub, named parent in messages: its fields, as above, with errors
 * that name the argument and "field 'margins.top'". */
lua_Number lb_optsubfield_number(lua_State *L, int arg, const char *parent, int sub, const char *field,
                                 lua_Number def);
const char *lb_optsubfield_string(lua_State *L, int arg, const char *parent, int sub, const char *field,
                                  const char *def);
int lb_optsubfield_boolean(lua_State *L, int arg, const char *parent, int sub, const char *field, int def);
void lb_check_subfields(lua_State *L, int arg, const char *parent, int sub, const char *const *known);

/* The modules of the brief table. */
int lb_open_data(lua_State *L);
/* Adds brief.data.set, .join, .split and .delete to the table on top
 * (lua_correct.c): corrections, for trusted scripts only. */
void lb_data_add_corrections(lua_State *L);
int lb_open_date(lua_State *L);
int lb_open_text(lua_State *L);
int lb_open_doc(lua_State *L);   /* lua_doc.c */

/* The libraries of a script (lua_sandbox.c): opens into L's globals what a
 * script may use. Untrusted: the sandbox's libraries (sandbox.h), a
 * read-only io whose files pass lb_check_read, a clock-only os,
 * debug.traceback, and require of Lua files found through package.path
 * (rooted at the script's folder) that pass lb_check_read; every withheld
 * function raises a clear error when called. Trusted: all standard
 * libraries, package.path rooted at the script's directory first. Returns
 * 0, or raises (out of memory). */
int lb_sandbox_open(lua_State *L, int trust);

/* Loads the run's fonts into the registry now (a lua_CFunction, for
 * lua_pcall), so that a confined run need not read font files later
 * (lua_doc.c). Raises when they cannot be loaded. */
int lb_doc_load_fonts(lua_State *L);

#endif
