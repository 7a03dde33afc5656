/* An emulated slow disk for benchmarks and tests (LD_PRELOAD): every fsync/fdatasync of the
 * process is delayed, and counted in a small shared file another process can read at any time.
 *
 *   RS_FSYNC_DELAY_US  microseconds added to each call (default 0: count only)
 *   RS_FSYNC_MATCH     calls on files whose path contains this text are also counted as
 *                      "matched" (default: every file matches)
 *   RS_FSYNC_DELAY_MATCHED_ONLY  "1": delay only the matching calls (a test's slow journal)
 *   RS_FSYNC_COUNTERS  path of a file of at least 64 bytes (made by slowdisk.py) where the
 *                      counters live, mapped shared
 *
 * The calls are serialised (one mutex), as they would be on a single slow device. Compiled at
 * bench/test time with gcc into a temporary directory: nothing of it is ever installed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

struct counters {
    uint64_t calls;        /* every fsync/fdatasync */
    uint64_t matched;      /* calls on a matching path, finished */
    uint64_t in_progress;  /* matching calls running now */
    uint64_t delayed_us;   /* total delay added */
    uint64_t started;      /* matching calls started (started - matched = in progress) */
    uint64_t live_delay_us; /* when not 0, replaces RS_FSYNC_DELAY_US (set by the other process) */
};

static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static struct counters *shared;
static struct counters local;
static long delay_us;
static const char *match;
static int delay_matched_only;
static pthread_mutex_t device = PTHREAD_MUTEX_INITIALIZER;

__attribute__((constructor)) static void shim_init(void) {
    real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    const char *delay = getenv("RS_FSYNC_DELAY_US");
    delay_us = delay ? atol(delay) : 0;
    if (delay_us < 0 || delay_us > 2000000) delay_us = 0; /* bounded: at most 2 s a call */
    match = getenv("RS_FSYNC_MATCH");
    if (match && !*match) match = NULL;
    const char *only = getenv("RS_FSYNC_DELAY_MATCHED_ONLY");
    delay_matched_only = only && only[0] == '1';
    shared = &local;
    const char *path = getenv("RS_FSYNC_COUNTERS");
    if (path) {
        int fd = open(path, O_RDWR);
        if (fd >= 0) {
            void *map = mmap(NULL, sizeof(struct counters), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (map != MAP_FAILED) shared = (struct counters *)map;
            close(fd);
        }
    }
}

static int matches(int fd) {
    if (!match) return 1;
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 0) return 0;
    target[n] = 0;
    return strstr(target, match) != NULL;
}

static void pause_us(long us) {
    struct timespec wait = {us / 1000000, (us % 1000000) * 1000};
    while (nanosleep(&wait, &wait) != 0) {
    }
    __atomic_add_fetch(&shared->delayed_us, (uint64_t)us, __ATOMIC_SEQ_CST);
}

static int slow(int (*call)(int), int fd) {
    __atomic_add_fetch(&shared->calls, 1, __ATOMIC_SEQ_CST);
    int matching = matches(fd);
    long us = (long)__atomic_load_n(&shared->live_delay_us, __ATOMIC_SEQ_CST);
    if (us <= 0 || us > 2000000) us = delay_us; /* bounded: at most 2 s a call */
    int delayed = us > 0 && (matching || !delay_matched_only);
    if (delayed) pthread_mutex_lock(&device);
    if (matching) {
        __atomic_add_fetch(&shared->started, 1, __ATOMIC_SEQ_CST);
        __atomic_add_fetch(&shared->in_progress, 1, __ATOMIC_SEQ_CST);
    }
    int result = call(fd);
    if (delayed) pause_us(us);
    if (matching) {
        __atomic_add_fetch(&shared->matched, 1, __ATOMIC_SEQ_CST);
        __atomic_sub_fetch(&shared->in_progress, 1, __ATOMIC_SEQ_CST);
    }
    if (delayed) pthread_mutex_unlock(&device);
    return result;
}

int fsync(int fd) { return slow(real_fsync, fd); }
int fdatasync(int fd) { return slow(real_fdatasync, fd); }
