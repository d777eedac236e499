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
 * paths_commit_atomic (fsync + rename) or unlink(tmp) on failure. */
int paths_temp_beside(const char *path, char *tmp, size_t tmplen, char *err, size_t errlen);
int paths_commit_atomic(int fd, const char *tmp, const char *path, char *err, size_t errlen);

#endif
