/*
 * ecodyn.h — the C interface of libecodyn (ABI version 1).
 *
 * Conventions
 *   - Every call that can fail returns an ecodyn_status; ECODYN_OK is 0. On failure,
 *     ecodyn_last_error() gives a one-line message naming the argument and the fix. The
 *     message is thread-local and is cleared by the next call on the same thread.
 *   - Bad input (null pointers, wrong sizes, NaN, negative values) is a status, never an abort.
 *     No call writes to stdout or stderr.
 *   - Every array in and out is owned by the caller. Sizes are stated per argument; matrices
 *     take an ecodyn_layout (ECODYN_ROW_MAJOR: element (i, j) at i*columns + j, as NumPy's
 *     C order; ECODYN_COLUMN_MAJOR: at j*rows + i, as Fortran and NumPy's F order).
 *   - Handles (communities, kinetics, grids, solutions) are immutable once made and may be
 *     used from several threads at once; free each with its _free call (NULL is accepted).
 *   - `threads` fields: 0 means all cores; OpenBLAS runs with at most that many threads for
 *     the call.
 */
#ifndef ECODYN_H
#define ECODYN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ECODYN_ABI_VERSION 1

/* ---- Status and errors ---------------------------------------------------------------- */

typedef int32_t ecodyn_status;
#define ECODYN_OK 0
/* Bad input: a null pointer, a size, a value out of range, NaN. */
#define ECODYN_ERROR_ARGUMENT 1
/* A numerical failure: a singular matrix, LAPACK did not converge. */
#define ECODYN_ERROR_NUMERICAL 2
/* A file could not be read or written. */
#define ECODYN_ERROR_IO 3
/* A progress callback asked to stop; finished work is kept. */
#define ECODYN_ERROR_CANCELLED 4
/* Anything else (a bug: please report it with the message). */
#define ECODYN_ERROR_INTERNAL 5

/* The ABI version this library implements (ECODYN_ABI_VERSION of its header). */
int32_t ecodyn_abi_version(void);
/* The library's semantic version, e.g. "0.2.0". Static storage. */
const char *ecodyn_version(void);
/* A JSON object: version, abi, openblas_core, openblas_threads, openblas_config, kernels. */
const char *ecodyn_build_info(void);
/* The message of the last failed call on this thread ("" after a success). */
const char *ecodyn_last_error(void);

typedef int32_t ecodyn_layout;
#define ECODYN_ROW_MAJOR 0
#define ECODYN_COLUMN_MAJOR 1

/* ---- Stability ------------------------------------------------------------------------ */

/* Equilibrium classes (ecodyn_class_name gives "stable-node", …). */
#define ECODYN_STABLE_NODE 0
#define ECODYN_STABLE_FOCUS 1
#define ECODYN_UNSTABLE_NODE 2
#define ECODYN_UNSTABLE_FOCUS 3
#define ECODYN_SADDLE 4
#define ECODYN_NON_HYPERBOLIC 5
/* The name of a class, or NULL for an unknown code. Static storage. */
const char *ecodyn_class_name(int32_t classification);

typedef struct {
    double max_real;         /* the largest real part of the Jacobian's eigenvalues */
    double resilience;       /* -max_real */
    double reactivity;       /* the largest eigenvalue of (J + J^T)/2 */
    int32_t classification;  /* ECODYN_STABLE_NODE … */
    int32_t stable;          /* 1 when every eigenvalue has a negative real part */
    int32_t feasible;        /* 1 when every X*_i > 0 (stability_at: every x_i > 0; user models: 1) */
} ecodyn_stability;

/* ---- Communities ---------------------------------------------------------------------- */

typedef struct ecodyn_community ecodyn_community;

/* A generalised Lotka–Volterra community dX_i/dt = [(r_i − mu_i) − (r_i/K_i)·(δX)_i]·X_i of
 * n members: r, mu, K hold n values; delta n×n in `delta_layout`. */
ecodyn_status ecodyn_community_new(size_t n, const double *r, const double *mu, const double *K,
                                   const double *delta, ecodyn_layout delta_layout, ecodyn_community **out);

/* Interaction types of relations and of a random community's mix. */
#define ECODYN_COMPETITION 0
#define ECODYN_MUTUALISM 1
#define ECODYN_PREDATION 2
#define ECODYN_COMMENSALISM 3
#define ECODYN_AMENSALISM 4
#define ECODYN_NEUTRAL 5

/* A community whose δ is the identity plus `count` typed relations between members i[k] and
 * j[k] (i ≠ j), of type[k] and magnitudes strength_on_i[k] = |δ_ij|, strength_on_j[k] = |δ_ji|. */
ecodyn_status ecodyn_community_from_relations(size_t n, const double *r, const double *mu, const double *K,
                                              size_t count, const int64_t *i, const int64_t *j, const int32_t *type,
                                              const double *strength_on_i, const double *strength_on_j,
                                              ecodyn_community **out);

/* A random community (MODELS.md §1): each pair interacts with probability `connectance`, with
 * magnitudes |N(0, sigma²)|, its type drawn by the six weights `mix` (indexed by ECODYN_COMPETITION …;
 * NULL: competition only), δ_ii = 1; the same seed gives the same community everywhere. */
ecodyn_status ecodyn_community_random(size_t n, const double *r, const double *mu, const double *K,
                                      double connectance, double sigma, const double *mix, uint64_t seed,
                                      ecodyn_community **out);

/* A community with δ stored sparse (docs/sparse.md), from `count` coordinate triplets: δ_ij =
 * values[k] at (rows[k], cols[k]), entries given twice added (as scipy.sparse.coo_matrix adds
 * them), every other entry 0 (give the diagonal too). For 10⁵–10⁶ members: the field multiplies
 * by the CSR matrix, analyze finds the equilibrium by GMRES and the rightmost eigenvalues by
 * ARPACK. */
ecodyn_status ecodyn_community_sparse(size_t n, const double *r, const double *mu, const double *K, size_t count,
                                      const int64_t *rows, const int64_t *cols, const double *values,
                                      ecodyn_community **out);

void ecodyn_community_free(ecodyn_community *community);
/* The number of members. */
size_t ecodyn_community_size(const ecodyn_community *community);
/* The number of δ's stored entries: n² for a dense δ, the entries kept for a sparse one. */
size_t ecodyn_community_stored(const ecodyn_community *community);
/* Copies δ (n×n, in `layout`) into `delta` (a sparse δ too, with its zeros: refused with
 * ECODYN_ERROR_ARGUMENT when n² numbers would not fit in memory). */
ecodyn_status ecodyn_community_delta(const ecodyn_community *community, ecodyn_layout layout, double *delta);
/* A copy with the named parameter set: "r[1]", "mu[0]", "K[2]", "delta[0][1]" (0-based). */
ecodyn_status ecodyn_community_with(const ecodyn_community *community, const char *parameter, double value,
                                    ecodyn_community **out);

/* The interior equilibrium (LAPACK dgesv) and its stability (dgeev, dsyevd): `equilibrium`,
 * `eigen_real` and `eigen_imag` hold n values each. Fails with ECODYN_ERROR_NUMERICAL when δ is
 * singular. A sparse community of more than 400 members: GMRES (UMFPACK up to 5000 members) and
 * ARPACK; the eigenvalue arrays then start with the 6 rightmost, largest real part first, and
 * hold NaN after them. */
ecodyn_status ecodyn_community_analyze(const ecodyn_community *community, double *equilibrium,
                                       double *eigen_real, double *eigen_imag, ecodyn_stability *stability);

/* The stability at any state x (n values); `jacobian` (n×n, row-major) may be NULL. */
ecodyn_status ecodyn_community_stability_at(const ecodyn_community *community, const double *x, double *jacobian,
                                            double *eigen_real, double *eigen_imag, ecodyn_stability *stability);

/* ---- Integration ---------------------------------------------------------------------- */

#define ECODYN_DOPRI5 0          /* adaptive Dormand–Prince 5(4) with dense output */
#define ECODYN_RK4 1             /* classical Runge–Kutta 4, fixed step dt */
#define ECODYN_EULER_MARUYAMA 2  /* Itô noise, fixed step dt (strong order 1/2) */
#define ECODYN_MILSTEIN 3        /* diagonal Itô noise, fixed step dt, strong order 1 (the same draws) */
#define ECODYN_BDF 4             /* stiff: variable-order BDF by SUNDIALS CVODE (rtol, atol, max_steps) */
#define ECODYN_AUTO 5            /* Dormand–Prince and BDF, switching where the problem turns stiff and back */

#define ECODYN_NOISE_ADDITIVE 0        /* sigma_i dW_i */
#define ECODYN_NOISE_MULTIPLICATIVE 1  /* sigma_i X_i dW_i */

typedef struct {
    int32_t method;         /* ECODYN_DOPRI5 (default), ECODYN_RK4, ECODYN_EULER_MARUYAMA, ECODYN_MILSTEIN,
                               ECODYN_BDF, ECODYN_AUTO */
    double rtol, atol;      /* dopri5, bdf, auto: 1e-6, 1e-9 */
    double dt;              /* rk4, euler-maruyama, milstein: the step; dopri5: the first step (0: chosen) */
    double max_step;        /* dopri5: the largest step (0: the whole span) */
    int64_t max_steps;      /* dopri5, bdf, auto: steps allowed (default 10 000 000) */
    int64_t save_every;     /* without save times: keep the state after every k-th step (default 1) */
    int32_t noise;          /* stochastic: ECODYN_NOISE_ADDITIVE or ECODYN_NOISE_MULTIPLICATIVE */
    const double *sigma;    /* stochastic: one intensity per component */
    uint64_t seed;          /* stochastic: the noise stream */
    int32_t threads;        /* OpenBLAS threads for the call (0: all) */
    int32_t clamp_negative; /* set entries below 0 to 0 (communities: always on) */
    double bound;           /* |x_i| beyond this ends the run as diverged (default 1e12) */
    double extinction;      /* dopri5, bdf, auto: a member falling through this abundance dies out there (set to 0,
                               recorded as an event); 0: none (default) */
    int32_t level_member;   /* dopri5, bdf, auto: record crossings of `level` by this component; ECODYN_TOTAL: by the
                               sum of all; ECODYN_NO_LEVEL (default): none */
    double level;
    int32_t level_direction; /* ECODYN_RISING, ECODYN_FALLING or ECODYN_EITHER (default) */
} ecodyn_integrate_options;

#define ECODYN_TOTAL (-1)
#define ECODYN_NO_LEVEL (-2)
#define ECODYN_RISING 0
#define ECODYN_FALLING 1
#define ECODYN_EITHER 2

#define ECODYN_EVENT_EXTINCTION 0
#define ECODYN_EVENT_LEVEL 1
#define ECODYN_EVENT_SCHEDULED 2   /* a scheduled event applied (level: the member's new value) */

/* Fills `options` with the defaults above. */
void ecodyn_integrate_options_default(ecodyn_integrate_options *options);

#define ECODYN_FINISHED 0
#define ECODYN_DIVERGED 1
#define ECODYN_MAX_STEPS 2

typedef struct {
    int32_t status;           /* ECODYN_FINISHED, ECODYN_DIVERGED, ECODYN_MAX_STEPS */
    size_t dimension;         /* components of a state */
    size_t saved;             /* saved states, the initial one included */
    int64_t steps;            /* accepted steps */
    int64_t rejected;         /* rejected steps */
    int64_t evaluations;      /* right-hand sides evaluated */
    int64_t clamped;          /* entries set to 0 after falling below it by round-off */
    double final_time;        /* the time of the last good state */
    size_t events;            /* extinctions and level crossings located */
} ecodyn_solution_info;

typedef struct ecodyn_solution ecodyn_solution;

/* The right-hand side of a user model: writes f(t, x) into dx (both `dimension` values). */
typedef void (*ecodyn_rhs)(double t, const double *x, double *dx, void *context);
/* Its Jacobian ∂f/∂x at (t, x), written column-major into jac (dimension×dimension). */
typedef void (*ecodyn_jacobian)(double t, const double *x, double *jac, void *context);

/* Integrates the community from x0 (n values) over [t0, t1]. With `times` (n_times ascending
 * values in (t0, t1]) the states at those times are kept (dopri5 interpolates; fixed steps need
 * times on their grid), else every `save_every`-th step's; the initial state is always kept. */
ecodyn_status ecodyn_community_integrate(const ecodyn_community *community, const double *x0, double t0, double t1,
                                         const double *times, size_t n_times, const ecodyn_integrate_options *options,
                                         ecodyn_solution **out);

/* The same with time-varying parameters and scheduled events, as JSON in the forms of a spec's
 * [drivers] and [[events]] (docs/drivers.md), either NULL:
 *   drivers: {"r[1]": {"piecewise": [[0, 0.6], [50, 0.9]]}, "K[0]": {"periodic": {"mean": 10,
 *             "amplitude": 2, "period": 10}}, "mu": {"ramp": {...}}, "K[1]": {"ou": {...}},
 *             "r[0]": {"table": {"times": [...], "values": [...]}}}
 *   events:  [{"at": 80, "member": 2, "exit": true}, {"at": 30, "member": 0, "multiply": 0.5},
 *             {"at": 100, "member": "new", "r": 0.7, "mu": 0.1, "K": 4, "x0": 0.2,
 *              "delta_row": [...n], "delta_column": [...n]}]
 * The run keeps its own clock (t0 ≥ 0); it stops at the drivers' jumps and at the events, which
 * are recorded (ECODYN_EVENT_SCHEDULED). An entry adds member n + k (the k-th entry, its row and
 * column over the n + k members before it), held at 0 until it enters: x0 holds the community's
 * n values, the solution (and a stochastic method's sigma) n + entries. */
ecodyn_status ecodyn_community_integrate_driven(const ecodyn_community *community, const double *x0, double t0, double t1,
                                                const double *times, size_t n_times, const ecodyn_integrate_options *options,
                                                const char *drivers, const char *events, ecodyn_solution **out);

/* The same for a user model dx/dt = f(t, x, context) of `dimension` components: Ecodyn's
 * integrators call f on the calling thread. A non-finite dx ends the run as diverged. */
ecodyn_status ecodyn_integrate_function(size_t dimension, ecodyn_rhs f, void *context, const double *x0, double t0,
                                        double t1, const double *times, size_t n_times,
                                        const ecodyn_integrate_options *options, ecodyn_solution **out);

/* The stability of a user model's state x: the Jacobian from `jacobian`, or (NULL) from central
 * differences of f; `jac_out` (row-major, may be NULL), eigenvalues (dimension each). */
ecodyn_status ecodyn_function_stability(size_t dimension, ecodyn_rhs f, ecodyn_jacobian jacobian, void *context,
                                        double t, const double *x, double *jac_out, double *eigen_real,
                                        double *eigen_imag, ecodyn_stability *stability);

void ecodyn_solution_free(ecodyn_solution *solution);
ecodyn_status ecodyn_solution_get_info(const ecodyn_solution *solution, ecodyn_solution_info *info);
/* Copies the saved times (info.saved values) and states (saved × dimension, row-major: state k
 * at k*dimension); either pointer may be NULL. */
ecodyn_status ecodyn_solution_copy(const ecodyn_solution *solution, double *times, double *states);
/* Copies the located events (info.events of each; any pointer may be NULL): their kind
 * (ECODYN_EVENT_EXTINCTION, ECODYN_EVENT_LEVEL or ECODYN_EVENT_SCHEDULED), time, member (ECODYN_TOTAL for the total),
 * direction (ECODYN_RISING or ECODYN_FALLING) and state (events × dimension, row-major). */
ecodyn_status ecodyn_solution_events(const ecodyn_solution *solution, int32_t *kinds, double *times, int32_t *members,
                                     int32_t *directions, double *states);
/* The methods an ECODYN_AUTO run used, in order: up to `capacity` codes (ECODYN_DOPRI5 or
 * ECODYN_BDF) and the times each took over; *count receives how many there are (0 for a named
 * method). Either array may be NULL. */
ecodyn_status ecodyn_solution_phases(const ecodyn_solution *solution, int32_t *methods, double *starts, size_t capacity,
                                     size_t *count);
/* Why the run stopped early ("" when it finished). Valid while the solution lives. */
const char *ecodyn_solution_message(const ecodyn_solution *solution);

/* ---- Ensembles ------------------------------------------------------------------------ */

typedef struct {
    int64_t steps;            /* member-steps */
    int64_t evaluations;      /* member right-hand sides */
    int64_t diverged;         /* members that diverged */
} ecodyn_ensemble_info;

/* B members sharing δ (n×n, `delta_layout`), each with its own r, mu, K and initial state (n×B
 * arrays in `layout`: ECODYN_COLUMN_MAJOR puts member b's n values together), integrated over
 * [0, t_end] by options->method (RK4 runs the fused batched kernel). Out: final states and time
 * averages (n×B, in `layout`), survivors and statuses (B each); results are the same for any
 * thread count. */
ecodyn_status ecodyn_ensemble_integrate(size_t n, size_t members, const double *delta, ecodyn_layout delta_layout,
                                        const double *r, const double *mu, const double *K, const double *x0,
                                        ecodyn_layout layout, double t_end, const ecodyn_integrate_options *options,
                                        double *final_state, double *time_average, int32_t *survivors,
                                        int32_t *status, ecodyn_ensemble_info *info);

/* ---- Kinetics and grids --------------------------------------------------------------- */

typedef struct ecodyn_kinetics ecodyn_kinetics;
typedef struct ecodyn_grid ecodyn_grid;

/* A two-species kinetics: kind "brusselator" (a, b, m1, m2), "gray-scott" (F, k, du, dv),
 * "schnakenberg" (a, b, du, dv), "fitzhugh-nagumo" (epsilon, a0, a1, du, dv); the values in
 * that order (ecodyn_kinetics_parameter_name lists them). */
ecodyn_status ecodyn_kinetics_new(const char *kind, const double *parameters, size_t count, ecodyn_kinetics **out);
void ecodyn_kinetics_free(ecodyn_kinetics *kinetics);
size_t ecodyn_kinetics_parameter_count(const ecodyn_kinetics *kinetics);
/* The name of parameter k, or NULL; valid while the kinetics lives. */
const char *ecodyn_kinetics_parameter_name(const ecodyn_kinetics *kinetics, size_t k);
/* Copies the parameters' values (parameter_count values). */
ecodyn_status ecodyn_kinetics_parameters(const ecodyn_kinetics *kinetics, double *values);
/* A copy with the named parameter set. */
ecodyn_status ecodyn_kinetics_with(const ecodyn_kinetics *kinetics, const char *parameter, double value,
                                   ecodyn_kinetics **out);
/* Integrates the well-mixed kinetics (no diffusion) dx/dt = (f(u, v), g(u, v)) from x0 = (u, v)
 * over [t0, t1], as ecodyn_community_integrate. */
ecodyn_status ecodyn_kinetics_integrate(const ecodyn_kinetics *kinetics, const double *x0, double t0, double t1,
                                        const double *times, size_t n_times, const ecodyn_integrate_options *options,
                                        ecodyn_solution **out);
/* The linear analysis as JSON (as `ecodyn analyze --json`: steady states, eigenvalues, class,
 * closed forms, and with a grid the fastest mode and Turing instability), written with its
 * terminating NUL into `buffer` of `capacity` bytes; `*length` gets the length without the NUL
 * (call with capacity 0 to learn it). `grid` may be NULL. */
ecodyn_status ecodyn_kinetics_analyze_json(const ecodyn_kinetics *kinetics, const ecodyn_grid *grid, char *buffer,
                                           size_t capacity, size_t *length);

#define ECODYN_PERIODIC 0
#define ECODYN_NO_FLUX 1      /* Neumann */
#define ECODYN_FIXED_VALUE 2  /* Dirichlet */

/* A uniform grid of `dimensions` (1–3) axes with `shape` in C order (slowest axis first, as a
 * NumPy array's shape: {ny, nx} for 2-D); fields are row-major arrays of that shape. */
ecodyn_status ecodyn_grid_new(size_t dimensions, const size_t *shape, double spacing, int32_t boundary,
                              ecodyn_grid **out);
void ecodyn_grid_free(ecodyn_grid *grid);
/* The number of cells. */
size_t ecodyn_grid_cells(const ecodyn_grid *grid);

#define ECODYN_GRID_EULER 0
#define ECODYN_GRID_RK4 1
#define ECODYN_GRID_IMEX 2
#define ECODYN_GRID_DOPRI5 3
#define ECODYN_GRID_ETDRK4 4   /* fourth-order exponential: diffusion exact (FFTW), no step limit */

typedef struct {
    int32_t method;          /* ECODYN_GRID_EULER … */
    double dt;               /* the step (dopri5: the interval between kept states) */
    double t_end;            /* a whole number of steps of dt */
    int64_t save_every;      /* keep a frame every so many steps (0: none) */
    double rtol, atol;       /* dopri5 */
    int32_t threads;         /* 0: all */
    int32_t has_fixed;       /* fixed-value grids: 1 to use fixed_u, fixed_v (else the steady state) */
    double fixed_u, fixed_v;
} ecodyn_grid_options;

void ecodyn_grid_options_default(ecodyn_grid_options *options);

typedef struct {
    int32_t status;          /* ECODYN_FINISHED or ECODYN_DIVERGED */
    int64_t steps;           /* steps taken */
    int64_t evaluations;     /* right-hand sides */
    int64_t rejected;        /* dopri5 */
    double time;             /* the time reached */
    size_t frames;           /* frames written */
} ecodyn_grid_info;

/* Runs the kinetics on the grid from u0, v0 (cells values each) into u, v (may be u0, v0); with
 * save_every, up to frame_capacity frames of u and v (cells values each, one after another) go
 * into frames_u, frames_v (may be NULL when frame_capacity is 0). */
ecodyn_status ecodyn_grid_run(const ecodyn_kinetics *kinetics, const ecodyn_grid *grid, const double *u0,
                              const double *v0, const ecodyn_grid_options *options, double *u, double *v,
                              double *frames_u, double *frames_v, size_t frame_capacity, ecodyn_grid_info *info);

/* The Brusselator's stability map: the class of (a[i], b[j]) at classes[i*nb + j]. */
ecodyn_status ecodyn_brusselator_map(const double *a, size_t na, const double *b, size_t nb, int32_t threads,
                                     int32_t *classes);

/* ---- Continuation ---------------------------------------------------------------------- */

/* A community's equilibrium followed as `parameter` ("K[0]", "delta[0][1]", …) goes from its
 * value to `target`, across extinctions and invasions (transcritical points), from the
 * equilibrium on which the members with present[i] != 0 persist (NULL: all, the interior one).
 * The report — as `ecodyn continue --json`: branches with their points and located bifurcations —
 * is a NUL-terminated JSON string in *json, freed with ecodyn_string_free. max_points bounds each
 * branch (0: 5000). */
ecodyn_status ecodyn_community_continue(const ecodyn_community *community, const char *parameter, double target,
                                        const int32_t *present, int64_t max_points, char **json);
/* A kinetics' homogeneous steady states followed in `parameter` to `target` (folds, Hopf points
 * with frequency and first Lyapunov coefficient): from x0 = (u, v), or from every steady state
 * when x0 is NULL. */
ecodyn_status ecodyn_kinetics_continue(const ecodyn_kinetics *kinetics, const char *parameter, double target,
                                       const double *x0, int64_t max_points, char **json);
/* Frees a string libecodyn handed out (NULL accepted). */
void ecodyn_string_free(char *text);

/* ---- Alliances ------------------------------------------------------------------------ */

typedef struct { double p, w, s, demand, platform_profit, manufacturer_profit; } ecodyn_stackelberg;
typedef struct { double p, s, demand, profit; } ecodyn_centralized;
typedef struct { double lambda, p, w, s, demand, platform_profit, manufacturer_profit; } ecodyn_sharing;

/* The platform–manufacturer market (MODELS.md §3): the decentralised Stackelberg game, the
 * centralised optimum, revenue sharing at each of n_lambdas values, and up to range_capacity
 * feasible λ intervals (lo, hi pairs in `ranges`; *range_count gets how many there are). */
ecodyn_status ecodyn_alliance(double K, double gamma, double c, double beta, double b1, double b2,
                              const double *lambdas, size_t n_lambdas, ecodyn_stackelberg *decentralized,
                              ecodyn_centralized *centralized, ecodyn_sharing *sharing, double *ranges,
                              size_t range_capacity, size_t *range_count);

/* ---- Sweeps --------------------------------------------------------------------------- */

/* Called after every wave of points with the points done and the total; return nonzero to stop
 * (the call then returns ECODYN_ERROR_CANCELLED with every finished point kept). */
typedef int32_t (*ecodyn_progress)(int64_t done, int64_t total, void *context);

typedef struct {
    int64_t points;    /* points of this shard */
    int64_t computed;  /* computed by this call */
    int64_t skipped;   /* already in the results file */
    double seconds;
} ecodyn_sweep_info;

/* Runs the sweep of a TOML spec (its text; relative paths in it resolve against
 * `base_directory`, NULL: the working directory) into the SQLite file `out` — resuming it when
 * it holds finished points of the same spec — on `jobs` threads (0: all), optionally only shard
 * shard_index of shard_count (shard_count 0: the whole sweep). */
ecodyn_status ecodyn_sweep(const char *spec_text, const char *base_directory, const char *out, int32_t jobs,
                           int64_t shard_index, int64_t shard_count, ecodyn_progress progress, void *context,
                           ecodyn_sweep_info *info);

#ifdef __cplusplus
}
#endif
#endif /* ECODYN_H */
