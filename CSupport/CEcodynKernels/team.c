/* A team of threads for time-stepping loops: many short parallel passes in a row. */
#include "CEcodynKernels.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define EK_PAUSE() _mm_pause()
#else
#define EK_PAUSE() ((void)0)
#endif

/* How long a thread spins for the next pass (or for the others to finish) before it sleeps. */
#define EK_SPIN_NS 200000

struct ek_team {
    int workers;
    pthread_t *threads;
    pthread_mutex_t mutex;
    pthread_cond_t wake;
    int sleepers;                 /* workers waiting on `wake`, under `mutex` */
    atomic_ulong generation;      /* bumped by the caller to start a pass */
    atomic_int stop;
    /* The current pass, published before `generation` is bumped. */
    ek_team_task task;
    void *context;
    size_t tasks;
    atomic_size_t next;           /* the next task to hand out */
    atomic_int finished;          /* workers done with the current pass */
};

static unsigned long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (unsigned long long)t.tv_sec * 1000000000ull + (unsigned long long)t.tv_nsec;
}

/* Runs tasks of the current pass until none are left. */
static void take_tasks(ek_team *team) {
    size_t t;
    while ((t = atomic_fetch_add_explicit(&team->next, 1, memory_order_relaxed)) < team->tasks) team->task(team->context, t);
}

/* Spins (yielding now and then, so that a thread sharing this core can run) until `done`
   says so or EK_SPIN_NS pass; returns whether it did. */
static int spin_until(int (*done)(ek_team *, unsigned long), ek_team *team, unsigned long arg) {
    const unsigned long long start = now_ns();
    for (unsigned i = 1;; i++) {
        if (done(team, arg)) return 1;
        EK_PAUSE();
        if ((i & 255) == 0) {
            sched_yield();
            if (now_ns() - start > EK_SPIN_NS) return done(team, arg);
        }
    }
}

static int pass_started(ek_team *team, unsigned long seen) {
    return atomic_load_explicit(&team->generation, memory_order_acquire) != seen || atomic_load_explicit(&team->stop, memory_order_acquire);
}

static int pass_finished(ek_team *team, unsigned long unused) {
    (void)unused;
    return atomic_load_explicit(&team->finished, memory_order_acquire) == team->workers;
}

static void *worker(void *argument) {
    ek_team *team = argument;
    unsigned long seen = 0;
    for (;;) {
        if (!spin_until(pass_started, team, seen)) {
            pthread_mutex_lock(&team->mutex);
            team->sleepers++;
            while (!pass_started(team, seen)) pthread_cond_wait(&team->wake, &team->mutex);
            team->sleepers--;
            pthread_mutex_unlock(&team->mutex);
        }
        if (atomic_load_explicit(&team->stop, memory_order_acquire)) return NULL;
        seen = atomic_load_explicit(&team->generation, memory_order_acquire);
        take_tasks(team);
        atomic_fetch_add_explicit(&team->finished, 1, memory_order_release);
    }
}

ek_team *ek_team_create(int workers) {
    ek_team *team = calloc(1, sizeof *team);
    if (!team) return NULL;
    pthread_mutex_init(&team->mutex, NULL);
    pthread_cond_init(&team->wake, NULL);
    team->threads = calloc(workers > 0 ? (size_t)workers : 1, sizeof(pthread_t));
    for (int w = 0; w < workers; w++) {
        if (pthread_create(&team->threads[w], NULL, worker, team) != 0) break;   /* fewer threads: still correct */
        team->workers++;
    }
    return team;
}

void ek_team_run(ek_team *team, size_t tasks, ek_team_task task, void *context) {
    if (team->workers == 0 || tasks <= 1) {
        for (size_t t = 0; t < tasks; t++) task(context, t);
        return;
    }
    team->task = task;
    team->context = context;
    team->tasks = tasks;
    atomic_store_explicit(&team->next, 0, memory_order_relaxed);
    atomic_store_explicit(&team->finished, 0, memory_order_relaxed);
    pthread_mutex_lock(&team->mutex);
    atomic_fetch_add_explicit(&team->generation, 1, memory_order_release);
    if (team->sleepers > 0) pthread_cond_broadcast(&team->wake);
    pthread_mutex_unlock(&team->mutex);
    take_tasks(team);
    while (!spin_until(pass_finished, team, 0)) sched_yield();
}

void ek_team_destroy(ek_team *team) {
    if (!team) return;
    pthread_mutex_lock(&team->mutex);
    atomic_store_explicit(&team->stop, 1, memory_order_release);
    pthread_cond_broadcast(&team->wake);
    pthread_mutex_unlock(&team->mutex);
    for (int w = 0; w < team->workers; w++) pthread_join(team->threads[w], NULL);
    pthread_cond_destroy(&team->wake);
    pthread_mutex_destroy(&team->mutex);
    free(team->threads);
    free(team);
}
