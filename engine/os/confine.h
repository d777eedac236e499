/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confine.h — confines the process that runs one sandboxed report script,
 * after its set-up (database opened, fonts loaded), with the kernel's own
 * walls: what the Lua sandbox, the SQL authorizer and the in-process file
 * checks (fspolicy.h) stop is stopped again here, should a bug in Lua,
 * SQLite, libharu, libpng or brief let a script run native code.
 *
 * In this order, each irreversible:
 *  1. no_new_privs (prctl), which Landlock and seccomp require of a process
 *     without CAP_SYS_ADMIN, and which holds for root too;
 *  2. resource limits: RLIMIT_DATA (the memory limit, for memory the
 *     script runtime does not count: SQLite, layout, images; not under
 *     AddressSanitizer, whose shadow memory counts as data), RLIMIT_FSIZE
 *     (the output budget; SIGXFSZ ignored so a write past it fails with
 *     EFBIG), RLIMIT_CORE 0;
 *  3. Landlock (Linux 5.13 and later; ABI read from the kernel, rights of
 *     later ABIs used when present): reading only below the policy's
 *     readable folders, the output folder and /usr (libraries, time zones);
 *     writing (create, write, truncate, remove a file; no folder, no link,
 *     no device) only below the output folder; no TCP (ABI 4); no signal to
 *     a process outside the sandbox and no abstract UNIX socket (ABI 6);
 *  4. a seccomp filter (libseccomp) that refuses, with EPERM: execve and
 *     execveat; ptrace, process_vm_readv/writev, kcmp, pidfd_getfd; every
 *     socket call; fork, vfork and clone without CLONE_THREAD (clone3 gets
 *     ENOSYS, so libc falls back to clone, whose flags the filter sees);
 *     mount and the other namespace and mount calls; bpf, perf_event_open,
 *     userfaultfd, io_uring, keyctl and the key calls, personality; module,
 *     reboot, swap, clock, hostname and quota calls; chmod, chown and
 *     xattrs by path, mknod, truncate by path; set*id, setgroups, capset;
 *     kill, tkill, tgkill and sigqueue to any process but this one; ioctl
 *     TIOCSTI and TIOCLINUX (typing into the terminal). A call of another
 *     architecture (x32, i386) kills the process.
 * Where the kernel lacks Landlock or seccomp, or refuses them (a
 * container's own filter), confine_apply says so in note and goes on: the
 * in-process checks still hold.
 *
 * For a process that runs one script and exits (`brief run`, a batch
 * job's child); never in a process that goes on to do other work. No
 * globals. */
#ifndef BRIEF_CONFINE_H
#define BRIEF_CONFINE_H

#include <stddef.h>

#include "os/fspolicy.h"

typedef struct confine_limits {
    size_t data_bytes;            /* RLIMIT_DATA; 0: unchanged */
    size_t file_bytes;            /* RLIMIT_FSIZE, the largest file written; 0: unchanged */
} confine_limits;

/* What the kernel offers, without changing anything: the Landlock ABI
 * version (0: none) and whether seccomp filters are available (1 or 0). */
void confine_probe(int *landlock_abi, int *seccomp);

/* What confine_apply will have to say about this kernel: "" when it offers
 * both walls, else which one it lacks (the same words confine_apply puts in
 * its note), for a caller that says it once for many processes (a batch). */
void confine_describe(char *note, size_t notelen);

/* Confines the calling process (see above). policy: what may be read and
 * written (borrowed). Returns 0 (note empty, or saying once what the kernel
 * lacks), or -1 with a message in err when a wall the kernel offers could
 * not be built: the caller must then not run the script. */
int confine_apply(const fspolicy *policy, const confine_limits *limits, char *note, size_t notelen,
                  char *err, size_t errlen);

#endif
