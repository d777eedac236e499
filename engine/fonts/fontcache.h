/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fontcache.h — fontconfig's answers kept between runs: which file and face
 * a family name (with a weight and a slant) resolves to, so that a process
 * whose answers are all known does not load fontconfig's configuration
 * (parsing its XML is most of the cost of loading the fonts: about 7 ms and
 * 27 M instructions a process, bench/README.md).
 *
 * Contract:
 * - The cache is one file per user, <cache dir>/fontconfig.cache, the cache
 *   dir being $XDG_CACHE_HOME/brief, else ~/.cache/brief (paths_cache_dir),
 *   created mode 0700. It is used only when that folder and the file are
 *   the user's own (uid = effective uid), not a symbolic link, and writable
 *   by nobody else; the file must parse whole, end with its end line and be
 *   under 1 MiB. Anything else, and any I/O error, is a miss: never an
 *   error, never a message. A cache that cannot be written is not written.
 * - Answers are kept with the state they were read in: fontconfig's
 *   version, its environment variables, and the identity (device, inode,
 *   size, modification and change times in nanoseconds, or absence) of
 *   every configuration file and folder fontconfig read, of every font
 *   folder it scanned, and of the user configuration files it would read if
 *   they existed. If any of these differs when the cache is opened, every
 *   answer is dropped: installing or removing a font, or editing
 *   fontconfig's configuration, changes a folder's times. An answer is
 *   never older than fontconfig's own caches, which it checks the same way.
 * - A run that asked fontconfig (fontcache_stamp) records the state it saw
 *   and its answers; fontcache_save writes them (atomically) if anything
 *   changed.
 * No globals; one cache per fonts_create. */
#ifndef BRIEF_FONTCACHE_H
#define BRIEF_FONTCACHE_H

#include <stddef.h>

typedef struct fontcache fontcache;

/* Opens the cache in dir (NULL: paths_cache_dir's; "" or no such folder:
 * an empty cache that fontcache_save does not write) and checks it against
 * the current state. Returns NULL only when out of memory. */
fontcache *fontcache_open(const char *dir);

/* Frees the cache without writing it (NULL: no-op). */
void fontcache_close(fontcache *c);

/* The answer for family at weight and slant (fontconfig's FC_WEIGHT_* and
 * FC_SLANT_* values): 1 with path (pathlen bytes) and *index filled, 0 when
 * the family is known to be missing, -1 when the cache does not know. */
int fontcache_find(const fontcache *c, const char *family, int weight, int slant, char *path,
                   size_t pathlen, unsigned *index);

/* Records the state of config (an FcConfig *, loaded) before its first
 * answer is added; if it is not the state the cache's answers came from,
 * they are dropped. 0, or -1 when out of memory (the cache is then left
 * unwritable). */
int fontcache_stamp(fontcache *c, void *config);

/* Adds fontconfig's answer: path and index, or path NULL for a family that
 * is not installed. Ignored before fontcache_stamp, and for names that
 * cannot be stored (a tab or line break in them). */
void fontcache_put(fontcache *c, const char *family, int weight, int slant, const char *path, unsigned index);

/* Writes the cache if answers were added since it was opened. 0 (written
 * or nothing to write), or -1 when it could not be written (the old file,
 * if any, stays). */
int fontcache_save(fontcache *c);

#endif
