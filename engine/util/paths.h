/* SPDX-License-Identifier: GPL-3.0-or-later */
/* paths.h — where brief finds its data files (fonts/roles.conf,
 * data/mentions/, scripts/) and its configuration, how it writes files
 * atomically, and how it reads and writes a known length through short
 * reads and writes.
 *
 * The data home is the directory data files are relative to, the first of:
 *   1. $BRIEF_HOME, when set and not empty (taken as given);
 *   2. the directory of the running executable, when it holds
 *      fonts/roles.conf: a checkout, where `make` builds ./brief beside the
 *      data (unit drivers in build/unit*: two levels up);
 *   3. <directory of the executable>/../share/brief, when it holds
 *      fonts/roles.conf: an installed brief (/usr/bin/brief ->
 *      /usr/share/brief), wherever the tree was installed or moved
 *      (a DESTDIR staging tree, /opt);
 *   4. BRIEF_DATADIR, the $(PREFIX)/share/brief the build was configured
 *      with (when /proc/self/exe cannot be read).
 * Relative lookup (2, 3) comes before the built-in one so that a checkout
 * never uses the data of another brief installed on the machine, and an
 * installed tree works before it is in its final place.
 *
 * A configuration file or directory NAME ("roles.conf", "mentions") is the
 * first that exists of $XDG_CONFIG_HOME/brief/NAME (default
 * ~/.config/brief/NAME), BRIEF_SYSCONFDIR/brief/NAME (/etc/brief/NAME for
 * an installation in /usr), and else the copy shipped in the data home.
 * A configuration found replaces the shipped one whole; nothing is merged.
 *
 * No globals: every call reads the environment and the file system afresh. */
#ifndef BRIEF_PATHS_H
#define BRIEF_PATHS_H

#include <stddef.h>

/* How the data home was found (the numbers of the list above). */
typedef enum paths_home_kind {
    PATHS_HOME_ENV = 1,         /* $BRIEF_HOME */
    PATHS_HOME_BESIDE_EXE = 2,  /* the executable's directory (a checkout) */
    PATHS_HOME_PREFIX = 3,      /* the executable's ../share/brief (installed) */
    PATHS_HOME_BUILTIN = 4      /* BRIEF_DATADIR, compiled in */
} paths_home_kind;

/* Writes the data home into out (outlen bytes) and how it was found into
 * *kind (NULL: not wanted). Returns 0, or -1 when out is too small. Never
 * fails otherwise: the built-in directory is the last answer, even when it
 * does not exist (the caller's open then names it). */
int paths_data_home(char *out, size_t outlen, paths_home_kind *kind);

/* Writes "<data home>/<relative>" into out (outlen bytes). Returns 0, or
 * -1 when out is too small. */
int paths_data_file(const char *relative, char *out, size_t outlen);

/* Where a configuration came from. */
typedef enum paths_config_kind {
    PATHS_CONFIG_USER = 1,      /* $XDG_CONFIG_HOME/brief/NAME or ~/.config/brief/NAME */
    PATHS_CONFIG_SITE = 2,      /* BRIEF_SYSCONFDIR/brief/NAME */
    PATHS_CONFIG_SHIPPED = 3    /* <data home>/<shipped> */
} paths_config_kind;

/* Writes the configuration file or directory name (a plain name, no '/')
 * into out: the user's, else the site's, else <data home>/<shipped>
 * ("fonts/roles.conf", "data/mentions"); *kind (NULL: not wanted) says
 * which. Returns 0, or -1 when out is too small. */
int paths_config(const char *name, const char *shipped, char *out, size_t outlen, paths_config_kind *kind);

/* The user's and the site's configuration directories ("~/.config/brief",
 * "/etc/brief"), for messages that say where an override would go; the
 * user's is "" when neither $XDG_CONFIG_HOME nor $HOME is set. Returns 0,
 * or -1 when a buffer is too small. */
int paths_config_dirs(char *user, size_t userlen, char *site, size_t sitelen);

/* The user's cache folder, "$XDG_CACHE_HOME/brief" or "~/.cache/brief"
 * (made by whoever writes there, not here); "" when neither variable is
 * set. Returns 0, or -1 when out is too small. */
int paths_cache_dir(char *out, size_t outlen);

/* The directory that holds path, into out (outlen bytes): "x/y" for
 * "x/y/a.txt", "." for "a.txt", "/" for "/a.txt". Returns 0, or -1 when it
 * does not fit (out then holds as much as fits). */
int paths_dirname(const char *path, char *out, size_t outlen);

/* Reads len bytes from fd into buf, through short reads and EINTR.
 * Returns the bytes read: len, or fewer when the file ends first or a read
 * fails (errno then says why). */
size_t paths_read_full(int fd, void *buf, size_t len);

/* Writes len bytes of buf to fd, through short writes and EINTR. Returns
 * 0, or -1 with errno set (EIO when a write wrote nothing). */
int paths_write_full(int fd, const void *buf, size_t len);

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
