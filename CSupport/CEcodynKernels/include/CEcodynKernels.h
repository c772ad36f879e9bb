/* Ecodyn's C kernels. Every family has a plain scalar reference (`_scalar`) and SIMD
   variants (`_avx2`); the unsuffixed entry point dispatches once, at first use, to the best
   variant this CPU and operating system support. Symbols carry the prefix `ek_`. */
#ifndef CECODYNKERNELS_H
#define CECODYNKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Instruction-set levels a kernel can be compiled for. */
typedef enum {
    EK_ISA_SCALAR = 0,   /* portable C, the reference */
    EK_ISA_AVX2_FMA = 1  /* x86-64 AVX2 with fused multiply-add */
} ek_isa;

/* The best level the hardware and the OS (saved YMM state) support: cpuid + xgetbv. */
ek_isa ek_detected_isa(void);

/* The level the dispatching entry points use: the detected level, lowered to scalar when
   the environment variable ECODYN_KERNELS is "scalar". Decided once per process. */
ek_isa ek_active_isa(void);

/* A short name for a level ("scalar", "avx2+fma"). */
const char *ek_isa_name(ek_isa isa);
/* Whether the CPU and the OS support AVX-512 F and DQ (used beside AVX2 where it pays: the
   normal draws of ek_glv_ito_ensemble). */
int ek_has_avx512(void);

/* Generalised Lotka-Volterra rate, element-wise over n entries:
       out[i] = (g[i] - a[i] * s[i]) * x[i]
   with g = r - mu, a = r / K, s = (delta x)_i computed by BLAS beforehand.
   `out` may alias `s`. */
void ek_glv_rate(size_t n, const double *g, const double *a, const double *s,
                 const double *x, double *out);
void ek_glv_rate_scalar(size_t n, const double *g, const double *a, const double *s,
                        const double *x, double *out);
void ek_glv_rate_avx2(size_t n, const double *g, const double *a, const double *s,
                      const double *x, double *out);

/* The whole generalised Lotka-Volterra field of a small community in one pass:
       out[i] = (g[i] - a[i] * (delta x)_i) * x[i]
   with delta n x n in column-major order (delta[i + k n] = delta_ik). For the sizes where a BLAS
   call costs more than its arithmetic. `out` must not alias `x`. */
void ek_glv_field(size_t n, const double *delta, const double *g, const double *a, const double *x, double *out);
void ek_glv_field_scalar(size_t n, const double *delta, const double *g, const double *a, const double *x, double *out);
void ek_glv_field_avx2(size_t n, const double *delta, const double *g, const double *a, const double *x, double *out);

/* Fixed-step Runge-Kutta 4 for `width` independent members of an n-species community that share
   delta (n x n, column-major); member j's columns start at j*n in g, a, x and sum (n x width,
   column-major). Each step evaluates k = (g - a (.) (delta y)) (.) y at the four stages; the steps
   have size h, the last one h_last. After each step the candidate state is admitted when every
   entry is finite with |v| <= bound: negative entries are then set to 0 if `clamp` (counted in
   *clamped), x takes it and `sum` adds it, and alive[j] counts it. A member whose candidate is not
   admitted stops there: x keeps its last admitted state. `scratch` holds at least 6n doubles.
   Each member's arithmetic is the same whatever `width` is, so blocks and threads do not change
   results. Meant for small n, where delta stays in the L1 cache. */
void ek_glv_rk4_ensemble(size_t n, size_t width, const double *delta, const double *g, const double *a,
                         double *x, double *sum, size_t steps, double h, double h_last, double bound,
                         int clamp, size_t *alive, size_t *clamped, double *scratch);
void ek_glv_rk4_ensemble_scalar(size_t n, size_t width, const double *delta, const double *g, const double *a,
                                double *x, double *sum, size_t steps, double h, double h_last, double bound,
                                int clamp, size_t *alive, size_t *clamped, double *scratch);
void ek_glv_rk4_ensemble_avx2(size_t n, size_t width, const double *delta, const double *g, const double *a,
                              double *x, double *sum, size_t steps, double h, double h_last, double bound,
                              int clamp, size_t *alive, size_t *clamped, double *scratch);

/* Fixed-step Ito schemes for the same ensembles, the noise drawn in the kernel: Euler-Maruyama,
   and with `milstein` the correction 0.5 sigma^2 x (dW^2 - h) of multiplicative noise. Member j's
   normal for step k (0-based) and component i comes from counters c = base[j] + stride*k + 2i and
   c + 1 of stream streams[j] (splitmix64, as CounterRandom), sqrt(-2 L(u1)) cos(2 pi u2) with
   L(u) = log1p(-u) when log1p_form, else log(1 - u). The noise is multiplicative (sigma_i x_i dW_i)
   or additive (sigma_i dW_i). The rest as ek_glv_rk4_ensemble; scratch holds 3n doubles. The AVX2
   variant computes the logarithm and cosine with glibc's libmvec (within 4 ulp of libm). */
void ek_glv_ito_ensemble(size_t n, size_t width, const double *delta, const double *g, const double *a,
                         const double *sigma, int multiplicative, int milstein, const uint64_t *streams,
                         const uint64_t *base, uint64_t stride, int log1p_form, double *x, double *sum,
                         size_t steps, double h, double h_last, double bound, int clamp, size_t *alive,
                         size_t *clamped, double *scratch);
void ek_glv_ito_ensemble_scalar(size_t n, size_t width, const double *delta, const double *g, const double *a,
                                const double *sigma, int multiplicative, int milstein, const uint64_t *streams,
                                const uint64_t *base, uint64_t stride, int log1p_form, double *x, double *sum,
                                size_t steps, double h, double h_last, double bound, int clamp, size_t *alive,
                                size_t *clamped, double *scratch);
void ek_glv_ito_ensemble_avx2(size_t n, size_t width, const double *delta, const double *g, const double *a,
                              const double *sigma, int multiplicative, int milstein, const uint64_t *streams,
                              const uint64_t *base, uint64_t stride, int log1p_form, double *x, double *sum,
                              size_t steps, double h, double h_last, double bound, int clamp, size_t *alive,
                              size_t *clamped, double *scratch);
/* The AVX2 variant with its normal draws eight at a time by AVX-512 (native 64-bit products and
   conversions, libmvec's 8-lane logarithm and cosine); needs ek_has_avx512(). */
void ek_glv_ito_ensemble_avx512(size_t n, size_t width, const double *delta, const double *g, const double *a,
                                const double *sigma, int multiplicative, int milstein, const uint64_t *streams,
                                const uint64_t *base, uint64_t stride, int log1p_form, double *x, double *sum,
                                size_t steps, double h, double h_last, double bound, int clamp, size_t *alive,
                                size_t *clamped, double *scratch);

/* Rows first..<last of the product y = A x of a sparse matrix in compressed sparse rows: row i's
   entries are values[k] in columns[k] for k in row_start[i]..<row_start[i+1]. Each row is summed
   by the same code whatever range it falls in, so splitting rows among threads does not change
   results. The AVX2 variant gathers four entries' x at a time and adds in four lanes (FMA), so it
   agrees with the scalar reference (entries in order) to rounding. `y` must not alias `x`. */
void ek_csr_multiply(size_t first, size_t last, const ptrdiff_t *row_start, const int32_t *columns,
                     const double *values, const double *x, double *y);
void ek_csr_multiply_scalar(size_t first, size_t last, const ptrdiff_t *row_start, const int32_t *columns,
                            const double *values, const double *x, double *y);
void ek_csr_multiply_avx2(size_t first, size_t last, const ptrdiff_t *row_start, const int32_t *columns,
                          const double *values, const double *x, double *y);

/* Rows first..<last of y = A x for a dense matrix of n columns stored in float32 row by row (half
   the bytes of float64), with x, y and the sums in float64: the product of a community whose δ is
   kept in single precision. The AVX2 variant widens the entries and adds them in four sums of four
   lanes (FMA), agreeing with the scalar reference (entries in order) to rounding. */
void ek_dense_f32_multiply(size_t first, size_t last, size_t n, const float *a, const double *x, double *y);
void ek_dense_f32_multiply_scalar(size_t first, size_t last, size_t n, const float *a, const double *x, double *y);
void ek_dense_f32_multiply_avx2(size_t first, size_t last, size_t n, const float *a, const double *x, double *y);

/* Reaction-diffusion kinetics of two species u, v. */
typedef enum {
    EK_BRUSSELATOR = 0,   /* f = a - (b+1)u + u^2 v,   g = b u - u^2 v;            p = {a, b}       */
    EK_GRAY_SCOTT = 1,    /* f = -u v^2 + F (1 - u),   g = u v^2 - (F + k) v;      p = {F, k}       */
    EK_SCHNAKENBERG = 2,  /* f = a - u + u^2 v,        g = b - u^2 v;              p = {a, b}       */
    EK_CUBIC = 3          /* f, g any polynomials of degree <= 3 in u, v: p = 20 coefficients, f's
                             then g's, of 1, u, v, u^2, uv, v^2, u^3, u^2 v, u v^2, v^3 (any other
                             two-species kinetics without a kernel of its own, e.g. FitzHugh-Nagumo) */
} ek_kinetics_kind;

/* One row of a uniform grid and what surrounds it. A row is n cells along the fast axis. Its
   neighbour rows (north/south in 2-D, plus up/down in 3-D) that exist are listed in nu/nv and
   summed in order; a neighbour beyond a non-periodic boundary is a ghost value c0 * u + c1
   (no-flux: c0 = 1, c1 = 0; fixed value w: c0 = -1, c1 = 2w), which the caller folds into
   `center_u/v` and `const_u/v` instead of listing a row. The two ends of the row follow `row_boundary`: 0 periodic,
   1 no-flux, 2 fixed value (ghost_u/v are the fixed values). */
typedef struct {
    size_t n;
    int neighbours;                 /* how many neighbour rows are listed, 0 to 4 */
    const double *nu[4], *nv[4];    /* neighbour rows of u and v (only the first `neighbours`) */
    double center_u, center_v;      /* coefficient of the cell itself: -2d plus ghost c0 terms */
    double const_u, const_v;        /* sum of ghost c1 terms */
    int row_boundary;
    double ghost_u, ghost_v;        /* fixed values at the row ends (row_boundary == 2) */
} ek_rd_row;

/* out = base + dt * (R(u, v) + D * lap(u, v) / h^2) along one row, where lap is the 5- (2-D) or
   7-point (3-D) Laplacian, summed as ((neighbour rows) + (west + east) + center * u) + const, and R
   the kinetics. With base == NULL, out = R + D lap / h^2 (the rate, for multi-stage methods).
   `out` must not alias the inputs. Returns 1 when every value written is finite, else 0. The
   AVX2 variant fuses products into sums (FMA), so it agrees with the scalar reference to rounding.
   A `kind` that is not one of ek_kinetics_kind aborts: it is a bug in the caller, not an input. */
int ek_rd_row_update(const ek_rd_row *row, ek_kinetics_kind kind, const double *p, double du, double dv,
                      double inv_h2, const double *u, const double *v, const double *base_u, const double *base_v,
                      double dt, double *out_u, double *out_v);
int ek_rd_row_update_scalar(const ek_rd_row *row, ek_kinetics_kind kind, const double *p, double du, double dv,
                             double inv_h2, const double *u, const double *v, const double *base_u, const double *base_v,
                             double dt, double *out_u, double *out_v);
int ek_rd_row_update_avx2(const ek_rd_row *row, ek_kinetics_kind kind, const double *p, double du, double dv,
                           double inv_h2, const double *u, const double *v, const double *base_u, const double *base_v,
                           double dt, double *out_u, double *out_v);

/* A team of threads for many short parallel passes in a row (explicit time stepping). Between
   passes the workers spin for a moment (yielding now and then) instead of sleeping, so a pass
   does not wait for a thread to wake; after ~0.2 ms without work they sleep. */
typedef struct ek_team ek_team;
typedef void (*ek_team_task)(void *context, size_t task);

/* A team of `workers` threads besides the caller (0: the caller alone). NULL when out of memory. */
ek_team *ek_team_create(int workers);
/* Runs task(context, t) for every t in 0..<tasks on the caller and the workers, each t once,
   handed out in order from a shared counter; returns when all are done. Not reentrant: one
   caller at a time. */
void ek_team_run(ek_team *team, size_t tasks, ek_team_task task, void *context);
/* Stops and joins the workers, and frees the team. */
void ek_team_destroy(ek_team *team);

#ifdef __cplusplus
}
#endif
#endif
