/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fontfile.h — a font file's bytes in memory, for HarfBuzz, that a process
 * about to fork many children can make resident in place.
 *
 * A font file is mapped read-only at a 2 MB boundary. fontfile_make_resident
 * then replaces the mapping, at the same address and with the same bytes,
 * by an anonymous copy in transparent huge pages (MADV_HUGEPAGE: Debian's
 * default "madvise" mode gives them), read-only. What it is for: fork
 * copies the page tables of an anonymous mapping but not of a file's, so
 * every child of brief batch faulted in again each page of the CJK faces it
 * read (a CJK document reads a few hundred of their 4 KB pages, scattered
 * over 20 MB), and a first touch of a page costs microseconds on a virtual
 * machine; a child finds the resident copy mapped, in 2 MB pages
 * (bench/README.md: a weekly brief in a batch took 23 % less CPU). The
 * copy costs the file's size in memory once, which each child's resident
 * size (ru_maxrss) counts although it is shared.
 *
 * Contract: the bytes never change, so pointers into them (HarfBuzz's, the
 * CFF reader's) stay valid across fontfile_make_resident; it must not run
 * while another thread reads the file's bytes. Read-only mappings, never
 * writable data: RLIMIT_DATA does not count them. No globals. */
#ifndef BRIEF_FONTFILE_H
#define BRIEF_FONTFILE_H

#include <stddef.h>

#include <hb.h>

typedef struct fontfile fontfile;

/* Files smaller than this are read as HarfBuzz reads them and are never
 * made resident: the Latin faces (100-800 KB) fault in a few pages. Files
 * larger than the second stay mapped from the file, never copied: the
 * largest CJK faces Debian ships are about 30 MB (HanaMinB), and a font
 * file of gigabytes named in a roles file must not become as much memory. */
#define FONTFILE_RESIDENT_MIN_BYTES (1u << 20)
#define FONTFILE_RESIDENT_MAX_BYTES ((size_t)64 << 20)

/* The bytes of the font file at path as a blob (NULL when it cannot be
 * read; errno set). *file is the mapping behind it, or NULL for a file
 * under FONTFILE_RESIDENT_MIN_BYTES or one that could not be mapped (read
 * by HarfBuzz instead); transfer none: it lives as long as the blob. */
hb_blob_t *fontfile_blob(const char *path, fontfile **file);

/* Makes file resident (above). Returns the bytes it copied, 0 when it was
 * already resident or when it is not to be or could not be (larger than
 * FONTFILE_RESIDENT_MAX_BYTES, out of memory, no longer the file at its
 * path): it then stays mapped from the file, whole. */
size_t fontfile_make_resident(fontfile *file);

#endif
