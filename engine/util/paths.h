/* paths.h — where brief finds its data files (fonts/roles.conf,
 * data/mentions/...) and how it writes files atomically.
 *
 * Data files are looked up under $BRIEF_HOME when set, else the directory
 * that holds the running brief executable (the checkout, for `make`-built
 * binaries). No globals: every call computes the answer afresh. */
#ifndef BRIEF_PATHS_H
#define BRIEF_PATHS_H

#include <stddef.h>

/* Writes "<home>/<relative>" into out (outlen bytes). Returns 0, or -1 when
 * out is too small or the executable's directory cannot be found. */
int paths_data_file(const char *relative, char *out, size_t outlen);

/* Writes len bytes to path atomically: a temporary file in the same
 * directory, fsync, rename, fsync of the directory. A reader sees the old
 * file or the new one, never half of one; on failure the temporary file is
 * removed and any old file is untouched. Returns 0, or -1 with a message
 * naming the path in err. */
int paths_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen);

/* Creates a temporary file beside path for a writer that streams its output
 * (libharu, SQLite backup): writes its name into tmp (tmplen bytes) and
 * returns an open descriptor, or -1 with a message in err. Finish with
 * paths_commit_atomic (fsync + rename) or paths_temp_discard on failure.
 * The name is ".NAME.tmp.PID.XXXXXX": the process that owns it can be told
 * (paths_remove_stale_temps). */
int paths_temp_beside(const char *path, char *tmp, size_t tmplen, char *err, size_t errlen);
int paths_commit_atomic(int fd, const char *tmp, const char *path, char *err, size_t errlen);
/* Removes a temporary file of paths_temp_beside that will not be committed. */
void paths_temp_discard(const char *tmp);

/* Temporary files and signals. The temporary files this process has made
 * and not yet committed or discarded are listed in the one process-wide
 * table of brief (a signal handler can reach nothing else), so that a
 * handler that ends the process (brief run's watchdog, a second Ctrl-C)
 * removes them first with paths_temp_remove_all, which only calls
 * unlink(2) and is async-signal-safe. A process killed by SIGKILL leaves
 * them: paths_remove_stale_temps(dir) removes the temporary files in dir
 * whose process no longer runs; brief run and brief batch call it on their
 * output folders before writing. */
void paths_temp_remove_all(void);
void paths_remove_stale_temps(const char *dir);

/* Joins dir and path (unless path is absolute; dir NULL or "." leaves a
 * relative path relative) and removes "." and empty components and
 * "name/.." pairs, lexically: symlinks are not followed, and ".." left at
 * the start of a relative path stays. "/.." is "/"; an empty result is ".".
 * Returns a string the caller frees, or NULL out of memory. */
char *paths_normalize(const char *dir, const char *path);

#endif
