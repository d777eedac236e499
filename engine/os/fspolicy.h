/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fspolicy.h — which files a sandboxed run may read and write.
 *
 * One list of rules, two walls (STYLE.md point 14): the script runtime
 * checks every file a sandboxed script names against it in-process
 * (io.open, io.lines, require, images, outputs), and confine.h hands the
 * same folders to the kernel (Landlock), so that the two cannot drift.
 *
 * Reading: below the folders added with fspolicy_allow_read (the script's
 * folder, brief's data folder, the caller's --allow-read), after symlinks
 * are resolved (realpath), never a name starting with "." below such a
 * folder (.git, .env, .ssh), never anything under /proc, /sys or /dev, and
 * never a protected file (the database and its -wal, -shm, -journal and
 * .lock: its bytes would bypass the read-only SQL connection).
 *
 * Writing: the one output file the caller named (-o, a batch job's output),
 * or names the script chooses below the one output folder the caller named
 * (--output-dir). A chosen name is relative, without "..", without a
 * component starting with "." and without control characters, is not a
 * Lua file, and its folder, symlinks resolved, stays below the output
 * folder. No output is ever a protected file, nor inside a .git folder.
 *
 * Knows nothing of Lua nor of SQLite. Paths are checked as the process
 * sees them when asked (a file may change afterwards: the kernel's rules,
 * confine.h, are the wall for that). No globals. */
#ifndef BRIEF_FSPOLICY_H
#define BRIEF_FSPOLICY_H

#include <stddef.h>

typedef struct fspolicy fspolicy;

/* An empty policy: nothing may be read or written. NULL out of memory.
 * Free with fspolicy_destroy (NULL: no-op). */
fspolicy *fspolicy_create(void);
void fspolicy_destroy(fspolicy *p);

/* Allows reading below dir (made absolute, symlinks resolved; it must
 * exist and be a folder). "/" and folders under /proc, /sys and /dev are
 * refused. Returns 0, or -1 with a message naming dir in err. */
int fspolicy_allow_read(fspolicy *p, const char *dir, char *err, size_t errlen);

/* Protects path (and, when with_sidecars, path-wal, path-shm,
 * path-journal and path.lock), by its name and, once it exists, by its
 * resolved name: never readable by check_read, never an output. The file
 * need not exist. 0, or -1 out of memory. */
int fspolicy_protect(fspolicy *p, const char *path, int with_sidecars);

/* The one output file (made absolute; its folder must exist). Refused when
 * it is protected. 0, or -1 with a message in err. Only one of output file
 * and output folder may be set. */
int fspolicy_set_output_file(fspolicy *p, const char *path, char *err, size_t errlen);
/* The output folder (must exist), below which a script names its outputs. */
int fspolicy_set_output_dir(fspolicy *p, const char *dir, char *err, size_t errlen);

/* Results of fspolicy_check_read. */
#define FSPOLICY_OK      0
#define FSPOLICY_MISSING 1   /* path cannot be resolved (no such file...): err has strerror */
#define FSPOLICY_DENIED  2   /* outside the rules: err says why */

/* Checks that path (relative to the working directory) may be read, and
 * writes its resolved name into resolved (resolvedlen bytes), which is
 * what the caller should open. Returns one of the codes above; err
 * (errlen bytes) names path and says why. */
int fspolicy_check_read(const fspolicy *p, const char *path, char *resolved, size_t resolvedlen,
                        char *err, size_t errlen);

/* Where an output goes: the output file when one is set (requested is then
 * ignored), else requested checked as a chosen name (above) and joined to
 * the output folder. Writes the absolute path into out. Returns 0, or -1
 * with a message in err (no output place named by the caller, a name
 * refused, a protected file). */
int fspolicy_output_path(const fspolicy *p, const char *requested, char *out, size_t outlen,
                         char *err, size_t errlen);

/* 0 when path may be an output of anyone (trusted or not, -o included):
 * it is not a protected file and not inside a .git folder. -1 with a
 * message otherwise. */
int fspolicy_check_output(const fspolicy *p, const char *path, char *err, size_t errlen);

/* The rules of a name a script or a manifest chooses for an output: no
 * empty or "." or ".." component, none starting with ".", no control
 * character (C0, DEL), no trailing "/", not ending in ".lua". relative: it
 * must also be relative. 0, or -1 with the reason in err. */
int fspolicy_check_output_name(const char *name, int relative, char *err, size_t errlen);

/* 1 when the absolute path abs is under /proc, /sys or /dev (or is one). */
int fspolicy_is_system_path(const char *abs);

/* The folders as the kernel rules need them (transfer none; valid until the
 * policy changes): the readable folders, and the output folder (the folder
 * of the output file, or the output folder), or NULL when the run may
 * write nothing. */
size_t fspolicy_read_dir_count(const fspolicy *p);
const char *fspolicy_read_dir(const fspolicy *p, size_t i);
const char *fspolicy_write_dir(const fspolicy *p);

#endif
