// FaultShim: injects disk and clock faults into a real process, for the system-level fault tests
// (Tests/LogCrashTests/SystemFaultTests). Loaded with LD_PRELOAD; it changes nothing unless the directory named by
// RECEIPTLOG_FAULT_DIR holds one of these control files, checked on every call:
//
//   sync-eio      fsync(2) and fdatasync(2) fail with EIO (the data may not be on disk)
//   fdatasync-eio fdatasync(2) alone fails with EIO (RocksDB syncs its write-ahead log with it;
//                 the log's own files use fsync), so a test sees the store's sync by itself
//   fsync-eio     fsync(2) alone fails with EIO: the files written with LocalFiles (the log's
//                 signed-head record, the witness's binding), not RocksDB
//   write-enospc  write(2), pwrite(2) and writev(2) to regular files fail with ENOSPC
//   clock-back    CLOCK_REALTIME, gettimeofday(2) and time(2) run one hour behind
//   clock-ahead   the same clocks run one hour ahead: to the kernel, a wait until a wall-clock
//                 deadline computed now then lasts an hour, as when the clock steps back during it
//
// Tests create and remove the files while the process runs; the kernel's own clocks and the
// monotonic clocks are never touched.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "FaultShim.h"

static long failed_syncs = 0;

long receiptlog_fault_shim_failed_syncs(void) { return __atomic_load_n(&failed_syncs, __ATOMIC_RELAXED); }

// Whether the control file `name` exists (uses the raw syscall: stat is not intercepted).
static int fault_on(const char *name) {
    const char *dir = getenv("RECEIPTLOG_FAULT_DIR");
    if (dir == NULL) return 0;
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) return 0;
    struct stat st;
    return stat(path, &st) == 0;
}

static int regular_file(int fd) {
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

typedef int (*sync_fn)(int);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t (*writev_fn)(int, const struct iovec *, int);
typedef int (*clock_fn)(clockid_t, struct timespec *);
typedef int (*timeofday_fn)(struct timeval *restrict, void *restrict);

// The next definition of `name` (libc's), looked up once.
#define REAL(name, type) static type real_##name; if (!real_##name) real_##name = (type)dlsym(RTLD_NEXT, #name)

int fsync(int fd) {
    REAL(fsync, sync_fn);
    if (fault_on("sync-eio") || fault_on("fsync-eio")) {
        __atomic_add_fetch(&failed_syncs, 1, __ATOMIC_RELAXED);
        errno = EIO;
        return -1;
    }
    return real_fsync(fd);
}

int fdatasync(int fd) {
    REAL(fdatasync, sync_fn);
    if (fault_on("sync-eio") || fault_on("fdatasync-eio")) {
        __atomic_add_fetch(&failed_syncs, 1, __ATOMIC_RELAXED);
        errno = EIO;
        return -1;
    }
    return real_fdatasync(fd);
}

ssize_t write(int fd, const void *buf, size_t count) {
    REAL(write, write_fn);
    if (count > 0 && fault_on("write-enospc") && regular_file(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real_write(fd, buf, count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
    REAL(pwrite, pwrite_fn);
    if (count > 0 && fault_on("write-enospc") && regular_file(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real_pwrite(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
    REAL(pwrite64, pwrite_fn);
    if (count > 0 && fault_on("write-enospc") && regular_file(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real_pwrite64(fd, buf, count, offset);
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt) {
    REAL(writev, writev_fn);
    if (iovcnt > 0 && fault_on("write-enospc") && regular_file(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real_writev(fd, iov, iovcnt);
}

// The shift of the wall clock: an hour back, an hour ahead, or none.
static time_t clock_shift(void) {
    if (fault_on("clock-back")) return -3600;
    if (fault_on("clock-ahead")) return 3600;
    return 0;
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
    REAL(clock_gettime, clock_fn);
    int r = real_clock_gettime(clock, ts);
    if (r == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) ts->tv_sec += clock_shift();
    return r;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
    REAL(gettimeofday, timeofday_fn);
    int r = real_gettimeofday(tv, tz);
    if (r == 0) tv->tv_sec += clock_shift();
    return r;
}

time_t time(time_t *out) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (out != NULL) *out = ts.tv_sec;
    return ts.tv_sec;
}
