/* Fixed-step Runge-Kutta 4 for ensembles of small generalised Lotka-Volterra communities that
   share delta: each pair of member columns runs through every step while its
   states, its stage vectors and delta stay in the L1 cache. */
#include "CEcodynKernels.h"
#include "glv_columns.h"
#include <math.h>

/* The stage bookkeeping for one column, given s = delta * in (scalar reference). */
static void finish_column_scalar(size_t n, const double *s, const double *g, const double *a, const double *x,
                                 const double *in, double *acc, double *out, double h, int stage) {
    for (size_t i = 0; i < n; i++) {
        const double k = (g[i] - a[i] * s[i]) * in[i];
        switch (stage) {
        case 1: acc[i] = k; out[i] = x[i] + 0.5 * h * k; break;
        case 2: acc[i] += 2 * k; out[i] = x[i] + 0.5 * h * k; break;
        case 3: acc[i] += 2 * k; out[i] = x[i] + h * k; break;
        default: out[i] = x[i] + h / 6 * (acc[i] + k); break;
        }
    }
}

/* s = delta * in for one column (scalar reference: k in order, separate multiply and add). */
EK_INTERNAL void product_scalar(size_t n, const double *delta, const double *in, double *s) {
    for (size_t i = 0; i < n; i++) {
        double t = 0;
        for (size_t k = 0; k < n; k++) t += delta[i + k * n] * in[k];
        s[i] = t;
    }
}

/* Admits a candidate state y into x: when every entry is finite with |y_i| <= bound, negative
   entries become 0 if `clamp` (counted), x = y, sum += y and alive is incremented; otherwise the
   member is marked dead and x keeps its last admitted state. */
EK_INTERNAL void admit_column(size_t n, const double *y, double *x, double *sum, double bound, int clamp,
                         size_t *alive, unsigned char *dead, size_t *clamped) {
    for (size_t i = 0; i < n; i++) if (!(fabs(y[i]) <= bound)) { *dead = 1; return; }   /* NaN fails too */
    for (size_t i = 0; i < n; i++) {
        double v = y[i];
        if (clamp && v < 0) { v = 0; (*clamped)++; }
        x[i] = v;
        sum[i] += v;
    }
    (*alive)++;
}

void ek_glv_rk4_ensemble_scalar(size_t n, size_t width, const double *delta, const double *g, const double *a,
                                double *x, double *sum, size_t steps, double h, double h_last, double bound,
                                int clamp, size_t *alive, size_t *clamped, double *scratch) {
    double *acc = scratch, *y = scratch + n, *s = scratch + 2 * n;
    for (size_t j = 0; j < width; j++) {
        const size_t c = j * n;
        unsigned char dead = 0;
        alive[j] = 0;
        for (size_t step = 1; step <= steps && !dead; step++) {
            const double hs = step == steps ? h_last : h;
            product_scalar(n, delta, x + c, s);
            finish_column_scalar(n, s, g + c, a + c, x + c, x + c, acc, y, hs, 1);
            for (int stage = 2; stage <= 4; stage++) {
                product_scalar(n, delta, y, s);
                finish_column_scalar(n, s, g + c, a + c, x + c, y, acc, y, hs, stage);
            }
            admit_column(n, y, x + c, sum + c, bound, clamp, alive + j, &dead, clamped);
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

/* Single rows and blocks of 4 rows of s = delta * in for one column, from row i on. */
__attribute__((target("avx2,fma")))
EK_INTERNAL void product_rows_avx2(size_t n, size_t i, const double *delta, const double *in, double *s) {
    for (; i + 4 <= n; i += 4) {
        __m256d c = _mm256_setzero_pd();
        for (size_t k = 0; k < n; k++) c = _mm256_fmadd_pd(_mm256_loadu_pd(delta + k * n + i), _mm256_broadcast_sd(in + k), c);
        _mm256_storeu_pd(s + i, c);
    }
    for (; i < n; i++) {
        double t = 0;
        for (size_t k = 0; k < n; k++) t = __builtin_fma(delta[i + k * n], in[k], t);
        s[i] = t;
    }
}

/* s_q = delta * in_q for two member columns at once: rows in blocks of 16, four accumulators per
   column (eight in flight), which with the four delta vectors and two broadcasts fits the sixteen
   registers without spilling. */
__attribute__((target("avx2,fma")))
static void product2_avx2(size_t n, const double *delta, const double *in0, const double *in1, double *s0, double *s1) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
        __m256d b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (size_t k = 0; k < n; k++) {
            const double *d = delta + k * n + i;
            const __m256d d0 = _mm256_loadu_pd(d), d1 = _mm256_loadu_pd(d + 4);
            const __m256d d2 = _mm256_loadu_pd(d + 8), d3 = _mm256_loadu_pd(d + 12);
            const __m256d x0 = _mm256_broadcast_sd(in0 + k), x1 = _mm256_broadcast_sd(in1 + k);
            a0 = _mm256_fmadd_pd(d0, x0, a0); a1 = _mm256_fmadd_pd(d1, x0, a1);
            a2 = _mm256_fmadd_pd(d2, x0, a2); a3 = _mm256_fmadd_pd(d3, x0, a3);
            b0 = _mm256_fmadd_pd(d0, x1, b0); b1 = _mm256_fmadd_pd(d1, x1, b1);
            b2 = _mm256_fmadd_pd(d2, x1, b2); b3 = _mm256_fmadd_pd(d3, x1, b3);
        }
        _mm256_storeu_pd(s0 + i, a0); _mm256_storeu_pd(s0 + i + 4, a1); _mm256_storeu_pd(s0 + i + 8, a2); _mm256_storeu_pd(s0 + i + 12, a3);
        _mm256_storeu_pd(s1 + i, b0); _mm256_storeu_pd(s1 + i + 4, b1); _mm256_storeu_pd(s1 + i + 8, b2); _mm256_storeu_pd(s1 + i + 12, b3);
    }
    product_rows_avx2(n, i, delta, in0, s0);
    product_rows_avx2(n, i, delta, in1, s1);
}

/* s = delta * in for one column: rows in blocks of 16, then the rest. */
__attribute__((target("avx2,fma")))
EK_INTERNAL void product1_avx2(size_t n, const double *delta, const double *in, double *s) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
        for (size_t k = 0; k < n; k++) {
            const double *d = delta + k * n + i;
            const __m256d x = _mm256_broadcast_sd(in + k);
            a0 = _mm256_fmadd_pd(_mm256_loadu_pd(d), x, a0); a1 = _mm256_fmadd_pd(_mm256_loadu_pd(d + 4), x, a1);
            a2 = _mm256_fmadd_pd(_mm256_loadu_pd(d + 8), x, a2); a3 = _mm256_fmadd_pd(_mm256_loadu_pd(d + 12), x, a3);
        }
        _mm256_storeu_pd(s + i, a0); _mm256_storeu_pd(s + i + 4, a1); _mm256_storeu_pd(s + i + 8, a2); _mm256_storeu_pd(s + i + 12, a3);
    }
    product_rows_avx2(n, i, delta, in, s);
}

/* The stage bookkeeping for one column, vectorised. */
__attribute__((target("avx2,fma")))
static void finish_column_avx2(size_t n, const double *s, const double *g, const double *a, const double *x,
                               const double *in, double *acc, double *out, double h, int stage) {
    const double step = stage == 4 ? h / 6 : (stage == 3 ? h : 0.5 * h);
    const __m256d vstep = _mm256_set1_pd(step), two = _mm256_set1_pd(2);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const __m256d rate = _mm256_fnmadd_pd(_mm256_loadu_pd(a + i), _mm256_loadu_pd(s + i), _mm256_loadu_pd(g + i));
        const __m256d k = _mm256_mul_pd(rate, _mm256_loadu_pd(in + i));
        const __m256d xi = _mm256_loadu_pd(x + i);
        if (stage == 1) {
            _mm256_storeu_pd(acc + i, k);
            _mm256_storeu_pd(out + i, _mm256_fmadd_pd(vstep, k, xi));
        } else if (stage < 4) {
            _mm256_storeu_pd(acc + i, _mm256_fmadd_pd(two, k, _mm256_loadu_pd(acc + i)));
            _mm256_storeu_pd(out + i, _mm256_fmadd_pd(vstep, k, xi));
        } else {
            _mm256_storeu_pd(out + i, _mm256_fmadd_pd(vstep, _mm256_add_pd(_mm256_loadu_pd(acc + i), k), xi));
        }
    }
    for (; i < n; i++) {
        const double k = __builtin_fma(-a[i], s[i], g[i]) * in[i];
        if (stage == 1) { acc[i] = k; out[i] = __builtin_fma(step, k, x[i]); }
        else if (stage < 4) { acc[i] = __builtin_fma(2, k, acc[i]); out[i] = __builtin_fma(step, k, x[i]); }
        else out[i] = __builtin_fma(step, acc[i] + k, x[i]);
    }
}

/* admit_column, vectorised: the same test, clamping and counting. */
__attribute__((target("avx2,fma")))
EK_INTERNAL void admit_column_avx2(size_t n, const double *y, double *x, double *sum, double bound, int clamp,
                              size_t *alive, unsigned char *dead, size_t *clamped) {
    const __m256d limit = _mm256_set1_pd(bound), sign = _mm256_set1_pd(-0.0), zero = _mm256_setzero_pd();
    __m256d within = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    size_t i = 0;
    for (; i + 4 <= n; i += 4)   /* |y| <= bound is false for NaN (ordered compare) */
        within = _mm256_and_pd(within, _mm256_cmp_pd(_mm256_andnot_pd(sign, _mm256_loadu_pd(y + i)), limit, _CMP_LE_OQ));
    int admitted = _mm256_movemask_pd(within) == 0xF;
    for (; i < n; i++) if (!(fabs(y[i]) <= bound)) admitted = 0;
    if (!admitted) { *dead = 1; return; }
    size_t negatives = 0;
    for (i = 0; i + 4 <= n; i += 4) {
        __m256d v = _mm256_loadu_pd(y + i);
        if (clamp) {
            const __m256d negative = _mm256_cmp_pd(v, zero, _CMP_LT_OQ);
            negatives += (size_t)__builtin_popcount((unsigned)_mm256_movemask_pd(negative));
            v = _mm256_blendv_pd(v, zero, negative);
        }
        _mm256_storeu_pd(x + i, v);
        _mm256_storeu_pd(sum + i, _mm256_add_pd(_mm256_loadu_pd(sum + i), v));
    }
    for (; i < n; i++) {
        double v = y[i];
        if (clamp && v < 0) { v = 0; negatives++; }
        x[i] = v;
        sum[i] += v;
    }
    *clamped += negatives;
    (*alive)++;
}

__attribute__((target("avx2,fma")))
void ek_glv_rk4_ensemble_avx2(size_t n, size_t width, const double *delta, const double *g, const double *a,
                              double *x, double *sum, size_t steps, double h, double h_last, double bound,
                              int clamp, size_t *alive, size_t *clamped, double *scratch) {
    /* Per group column q: acc, y (stage argument and candidate) and s, each n doubles. */
    double *acc[2], *y[2], *s[2];
    for (int q = 0; q < 2; q++) { acc[q] = scratch + 3 * q * n; y[q] = acc[q] + n; s[q] = y[q] + n; }
    for (size_t j = 0; j < width; j += 2) {
        const size_t cols = width - j < 2 ? width - j : 2;
        unsigned char dead[2] = {0, 0};
        for (size_t q = 0; q < cols; q++) alive[j + q] = 0;
        for (size_t step = 1; step <= steps; step++) {
            const double hs = step == steps ? h_last : h;
            for (int stage = 1; stage <= 4; stage++) {
                const double *in[2];
                for (size_t q = 0; q < cols; q++) in[q] = stage == 1 ? x + (j + q) * n : y[q];
                if (cols == 2) product2_avx2(n, delta, in[0], in[1], s[0], s[1]);
                else product1_avx2(n, delta, in[0], s[0]);
                for (size_t q = 0; q < cols; q++) {
                    const size_t c = (j + q) * n;
                    finish_column_avx2(n, s[q], g + c, a + c, x + c, in[q], acc[q], y[q], hs, stage);
                }
            }
            int running = 0;
            for (size_t q = 0; q < cols; q++) {
                if (dead[q]) continue;
                const size_t c = (j + q) * n;
                admit_column_avx2(n, y[q], x + c, sum + c, bound, clamp, alive + j + q, dead + q, clamped);
                running |= !dead[q];
            }
            if (!running) break;
        }
    }
}
#else
void ek_glv_rk4_ensemble_avx2(size_t n, size_t width, const double *delta, const double *g, const double *a,
                              double *x, double *sum, size_t steps, double h, double h_last, double bound,
                              int clamp, size_t *alive, size_t *clamped, double *scratch) {
    ek_glv_rk4_ensemble_scalar(n, width, delta, g, a, x, sum, steps, h, h_last, bound, clamp, alive, clamped, scratch);
}
#endif

void ek_glv_rk4_ensemble(size_t n, size_t width, const double *delta, const double *g, const double *a,
                         double *x, double *sum, size_t steps, double h, double h_last, double bound,
                         int clamp, size_t *alive, size_t *clamped, double *scratch) {
    if (ek_active_isa() == EK_ISA_AVX2_FMA)
        ek_glv_rk4_ensemble_avx2(n, width, delta, g, a, x, sum, steps, h, h_last, bound, clamp, alive, clamped, scratch);
    else
        ek_glv_rk4_ensemble_scalar(n, width, delta, g, a, x, sum, steps, h, h_last, bound, clamp, alive, clamped, scratch);
}
