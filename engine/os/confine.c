/* SPDX-License-Identifier: GPL-3.0-or-later */
/* confine.c — no_new_privs, resource limits, Landlock and seccomp for the
 * process of one sandboxed script (see confine.h). */
#include "os/confine.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sched.h>
#include <seccomp.h>
#include <linux/landlock.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define CONFINE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CONFINE_ASAN 1
#endif
#endif

/* ---- Landlock ----
 * Debian 12's glibc has no wrappers and its kernel headers stop at ABI 2:
 * the rights and fields of later ABIs are spelled out here, with the ABI
 * that brought each (Documentation/userspace-api/landlock.rst). */
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif
#define LL_FS_TRUNCATE   (1ULL << 14)   /* ABI 3 */
#define LL_FS_IOCTL_DEV  (1ULL << 15)   /* ABI 5 */
#define LL_NET_BIND_TCP    (1ULL << 0)  /* ABI 4 */
#define LL_NET_CONNECT_TCP (1ULL << 1)  /* ABI 4 */
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)  /* ABI 6 */
#define LL_SCOPE_SIGNAL               (1ULL << 1)  /* ABI 6 */

/* struct landlock_ruleset_attr as of ABI 6; the kernel is given the size
 * of the fields its ABI knows. */
typedef struct ll_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
} ll_ruleset_attr;

#define LL_FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

static int landlock_abi(void)
{
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return abi < 0 ? 0 : (int)abi;
}

/* Every file-system right the ABI knows: handled, hence denied unless a
 * rule grants it. */
static uint64_t fs_rights(int abi)
{
    uint64_t all = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;   /* ABI 1: bits 0-12 */
    if (abi >= 2) all |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3) all |= LL_FS_TRUNCATE;
    if (abi >= 5) all |= LL_FS_IOCTL_DEV;
    return all;
}

/* Grants access below path (a folder, or a file: then only file rights).
 * A path that does not exist is skipped (returns 0). */
static int add_rule(int ruleset, const char *path, uint64_t access, char *err, size_t errlen)
{
    struct landlock_path_beneath_attr rule;
    int fd = open(path, O_PATH | O_CLOEXEC);
    int rc;
    if (fd < 0) return errno == ENOENT ? 0 : (snprintf(err, errlen, "Landlock: %s: %s", path, strerror(errno)), -1);
    memset(&rule, 0, sizeof rule);
    rule.allowed_access = access;
    rule.parent_fd = fd;
    rc = (int)syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
    if (rc != 0 && errno == EINVAL) {
        /* A file rather than a folder: only the rights a file has. */
        rule.allowed_access = access & (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE | LL_FS_TRUNCATE);
        rc = (int)syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
    }
    if (rc != 0) snprintf(err, errlen, "Landlock: cannot add a rule for %s: %s", path, strerror(errno));
    close(fd);
    return rc;
}

static int apply_landlock(const fspolicy *policy, int abi, char *err, size_t errlen)
{
    /* What libraries read after set-up: time zones (os.date), and shared
     * objects a library might still load. */
    static const char *const system_read[] = {"/usr", "/lib", "/lib64", "/etc/localtime", NULL};
    ll_ruleset_attr attr;
    size_t attr_size = abi >= 6 ? sizeof attr : abi >= 4 ? 2 * sizeof(uint64_t) : sizeof(uint64_t);
    uint64_t write = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_REMOVE_FILE |
                     (abi >= 3 ? LL_FS_TRUNCATE : 0);
    const char *out = fspolicy_write_dir(policy);
    const char *const *s;
    size_t i;
    int ruleset, rc = 0;

    memset(&attr, 0, sizeof attr);
    attr.handled_access_fs = fs_rights(abi);
    if (abi >= 4) attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
    if (abi >= 6) attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
    ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0);
    if (ruleset < 0) {
        /* The kernel offers Landlock but refuses it here (a container's
         * own filter): as a kernel without it. */
        snprintf(err, errlen, "Landlock is refused here (%s): file access is checked by brief alone", strerror(errno));
        return 1;
    }
    for (s = system_read; *s && rc == 0; s++) rc = add_rule(ruleset, *s, LL_FS_READ, err, errlen);
    for (i = 0; i < fspolicy_read_dir_count(policy) && rc == 0; i++)
        rc = add_rule(ruleset, fspolicy_read_dir(policy, i), LL_FS_READ, err, errlen);
    /* The output folder: its temporary files are created, written, read
     * back, renamed into place or removed, and the folder fsynced. */
    if (out && rc == 0) rc = add_rule(ruleset, out, LL_FS_READ | write, err, errlen);
    if (rc == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
        snprintf(err, errlen, "Landlock: cannot restrict the process: %s", strerror(errno));
        rc = -1;
    }
    close(ruleset);
    return rc;
}

/* ---- seccomp ---- */

/* Refused outright with EPERM (resolved by name, so a call this libseccomp
 * or architecture does not know is skipped rather than guessed). */
static const char *const denied_calls[] = {
    /* running another program */
    "execve", "execveat", "uselib",
    /* other processes' memory */
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd", "pidfd_open",
    "pidfd_send_signal", "process_madvise",
    /* new processes (threads stay possible: clone with CLONE_THREAD) */
    "fork", "vfork",
    /* the network and every other socket */
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "sendto", "sendmsg",
    "sendmmsg", "recvfrom", "recvmsg", "recvmmsg", "getsockopt", "setsockopt", "getsockname",
    "getpeername", "shutdown",
    /* mounts and namespaces */
    "mount", "umount2", "pivot_root", "chroot", "setns", "unshare", "move_mount", "open_tree", "fsopen",
    "fsconfig", "fsmount", "fspick", "mount_setattr",
    /* kernel interfaces a report never needs, several a source of exploits */
    "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "keyctl", "add_key", "request_key", "personality", "kexec_load", "kexec_file_load", "init_module",
    "finit_module", "delete_module", "reboot", "swapon", "swapoff", "acct", "quotactl", "quotactl_fd",
    "syslog", "vhangup", "iopl", "ioperm", "modify_ldt", "lookup_dcookie", "settimeofday", "clock_settime",
    "clock_adjtime", "adjtimex", "sethostname", "setdomainname", "fanotify_init", "open_by_handle_at",
    "name_to_handle_at", "mbind", "set_mempolicy", "migrate_pages", "move_pages", "memfd_secret",
    /* file metadata by path (Landlock does not cover it) */
    "chmod", "fchmodat", "chown", "fchownat", "lchown", "setxattr", "lsetxattr", "removexattr",
    "lremovexattr", "mknod", "mknodat", "truncate",
    /* identity */
    "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid", "setfsgid",
    "setgroups", "capset",
    NULL,
};

/* Signals only to this process. */
static const char *const self_signal_calls[] = {"kill", "tkill", "tgkill", "rt_sigqueueinfo",
                                                "rt_tgsigqueueinfo", NULL};

static int add(scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned count,
               const struct scmp_arg_cmp *cmp, char *err, size_t errlen)
{
    int nr = seccomp_syscall_resolve_name(name);
    int rc;
    if (nr == __NR_SCMP_ERROR || nr < 0) return 0;   /* unknown here, or not a call of this architecture */
    rc = seccomp_rule_add_array(ctx, action, nr, count, cmp);
    if (rc != 0) snprintf(err, errlen, "seccomp: cannot add the rule for %s: %s", name, strerror(-rc));
    return rc;
}

static int apply_seccomp(char *err, size_t errlen)
{
    static const uint64_t namespace_flags[] = {CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET,
                                               CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWCGROUP};
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    const uint32_t deny = SCMP_ACT_ERRNO(EPERM);
    const char *const *name;
    struct scmp_arg_cmp cmp;
    size_t i;
    int rc = 0;

    if (!ctx) {
        snprintf(err, errlen, "seccomp: out of memory");
        return -1;
    }
    for (name = denied_calls; *name && rc == 0; name++) rc = add(ctx, deny, *name, 0, NULL, err, errlen);
    /* clone: a thread, never a process nor a namespace. */
    cmp = SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0);
    if (rc == 0) rc = add(ctx, deny, "clone", 1, &cmp, err, errlen);
    for (i = 0; i < sizeof namespace_flags / sizeof namespace_flags[0] && rc == 0; i++) {
        cmp = SCMP_A0(SCMP_CMP_MASKED_EQ, namespace_flags[i], namespace_flags[i]);
        rc = add(ctx, deny, "clone", 1, &cmp, err, errlen);
    }
    /* clone3's flags are behind a pointer the filter cannot read. */
    if (rc == 0) rc = add(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL, err, errlen);
    cmp = SCMP_A0(SCMP_CMP_NE, (uint64_t)getpid(), 0);
    for (name = self_signal_calls; *name && rc == 0; name++) rc = add(ctx, deny, *name, 1, &cmp, err, errlen);
    cmp = SCMP_A1(SCMP_CMP_MASKED_EQ, 0xFFFFFFFFu, TIOCSTI);
    if (rc == 0) rc = add(ctx, deny, "ioctl", 1, &cmp, err, errlen);
    cmp = SCMP_A1(SCMP_CMP_MASKED_EQ, 0xFFFFFFFFu, TIOCLINUX);
    if (rc == 0) rc = add(ctx, deny, "ioctl", 1, &cmp, err, errlen);
    if (rc == 0 && (rc = seccomp_load(ctx)) != 0) {
        /* Refused by the kernel or a container's own filter: as a kernel
         * without seccomp. */
        snprintf(err, errlen, "a seccomp filter is refused here (%s): system calls are not filtered", strerror(-rc));
        seccomp_release(ctx);
        return 1;
    }
    seccomp_release(ctx);
    return rc == 0 ? 0 : -1;
}

/* ---- the whole ---- */

void confine_probe(int *landlock, int *seccomp)
{
    *landlock = landlock_abi();
    /* PR_GET_SECCOMP fails with EINVAL on a kernel without seccomp. */
    *seccomp = prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0;
}

static void add_note(char *note, size_t notelen, const char *text)
{
    size_t n = strlen(note);
    if (n + 3 < notelen) snprintf(note + n, notelen - n, "%s%s", n ? "; " : "", text);
}

static void describe(int abi, int seccomp_ok, char *note, size_t notelen)
{
    note[0] = '\0';
    if (abi == 0)
        snprintf(note, notelen, "this kernel has no Landlock (Linux 5.13 or later, lsm=landlock): "
                 "file access is checked by brief alone");
    if (!seccomp_ok) {
        size_t n = strlen(note);
        snprintf(note + n, notelen - n, "%sthis kernel has no seccomp filters: system calls are not filtered",
                 n ? "; " : "");
    }
}

void confine_describe(char *note, size_t notelen)
{
    int abi, seccomp_ok;
    confine_probe(&abi, &seccomp_ok);
    describe(abi, seccomp_ok, note, notelen);
}

static int set_limit(int resource, size_t bytes, const char *name, char *err, size_t errlen)
{
    struct rlimit rl;
    if (bytes == 0) return 0;
    if (getrlimit(resource, &rl) == 0 && rl.rlim_max != RLIM_INFINITY && rl.rlim_max < bytes) bytes = rl.rlim_max;
    rl.rlim_cur = rl.rlim_max = (rlim_t)bytes;
    if (setrlimit(resource, &rl) != 0) {
        snprintf(err, errlen, "cannot set %s: %s", name, strerror(errno));
        return -1;
    }
    return 0;
}

int confine_apply(const fspolicy *policy, const confine_limits *limits, char *note, size_t notelen,
                  char *err, size_t errlen)
{
    struct rlimit no_core = {0, 0};
    int abi, seccomp_ok, rc;

    note[0] = '\0';
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(err, errlen, "cannot set no_new_privs: %s", strerror(errno));
        return -1;
    }
#ifndef CONFINE_ASAN
    if (set_limit(RLIMIT_DATA, limits ? limits->data_bytes : 0, "the memory limit (RLIMIT_DATA)", err, errlen) != 0)
        return -1;
#endif
    if (limits && limits->file_bytes) {
        signal(SIGXFSZ, SIG_IGN);
        if (set_limit(RLIMIT_FSIZE, limits->file_bytes, "the output limit (RLIMIT_FSIZE)", err, errlen) != 0)
            return -1;
    }
    setrlimit(RLIMIT_CORE, &no_core);

    confine_probe(&abi, &seccomp_ok);
    describe(abi, seccomp_ok, note, notelen);
    if (abi > 0 && (rc = apply_landlock(policy, abi, err, errlen)) != 0) {
        if (rc < 0) return -1;
        add_note(note, notelen, err);
    }
    if (seccomp_ok && (rc = apply_seccomp(err, errlen)) != 0) {
        if (rc < 0) return -1;
        add_note(note, notelen, err);
    }
    err[0] = '\0';
    return 0;
}
