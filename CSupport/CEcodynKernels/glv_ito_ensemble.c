/* Fixed-step Ito schemes (Euler-Maruyama, Milstein) for ensembles of small generalised
   Lotka-Volterra communities that share delta, with the noise drawn inside the kernel from the
   counter-based streams: each member column runs through all its steps in the L1 cache. */
#include "CEcodynKernels.h"
#include "glv_columns.h"
#include <math.h>

/* splitmix64 over a counter, as Sources/EcodynCore/Random/CounterRandom.swift and
   shared/peers/workloads.py define it. */
static inline uint64_t mix(uint64_t stream, uint64_t k) {
    uint64_t z = stream * 0x9E3779B97F4A7C15ull + (k + 1) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline double uniform(uint64_t stream, uint64_t k) { return (double)(mix(stream, k) >> 11) * 0x1.0p-53; }

/* The standard normal of counters c and c + 1 (Box-Muller, cosine branch). */
static inline double normal(uint64_t stream, uint64_t c, int log1p_form) {
    const double u1 = uniform(stream, c), u2 = uniform(stream, c + 1);
    const double l = log1p_form ? log1p(-u1) : log(1 - u1);
    return sqrt(-2 * l) * cos(2 * M_PI * u2);
}

/* One step's candidate y from x, s = delta x and the normals xi. */
static void ito_update_scalar(size_t n, const double *x, const double *s, const double *g, const double *a, const double *sigma,
                              const double *xi, int multiplicative, int milstein, double h, double *y) {
    const double root = sqrt(h);
    for (size_t i = 0; i < n; i++) {
        const double f = (g[i] - a[i] * s[i]) * x[i], dw = root * xi[i];
        const double diffusion = multiplicative ? sigma[i] * x[i] : sigma[i];
        double next = x[i] + h * f + diffusion * dw;
        if (milstein && multiplicative) next += 0.5 * sigma[i] * sigma[i] * x[i] * (dw * dw - h);
        y[i] = next;
    }
}

void ek_glv_ito_ensemble_scalar(size_t n, size_t width, const double *delta, const double *g, const double *a,
                                const double *sigma, int multiplicative, int milstein, const uint64_t *streams,
                                const uint64_t *base, uint64_t stride, int log1p_form, double *x, double *sum,
                                size_t steps, double h, double h_last, double bound, int clamp, size_t *alive,
                                size_t *clamped, double *scratch) {
    double *y = scratch, *s = scratch + n, *xi = scratch + 2 * n;
    for (size_t j = 0; j < width; j++) {
        const size_t c = j * n;
        unsigned char dead = 0;
        alive[j] = 0;
        for (size_t step = 1; step <= steps && !dead; step++) {
            const uint64_t first = base[j] + stride * (step - 1);
            for (size_t i = 0; i < n; i++) xi[i] = normal(streams[j], first + 2 * i, log1p_form);
            product_scalar(n, delta, x + c, s);
            ito_update_scalar(n, x + c, s, g + c, a + c, sigma, xi, multiplicative, milstein, step == steps ? h_last : h, y);
            admit_column(n, y, x + c, sum + c, bound, clamp, alive + j, &dead, clamped);
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

/* glibc's vector math (libmvec), AVX2 variants: 4 lanes, within 4 ulp. */
__attribute__((target("avx2"))) __m256d _ZGVdN4v_log(__m256d);
__attribute__((target("avx2"))) __m256d _ZGVdN4v_log1p(__m256d);
__attribute__((target("avx2"))) __m256d _ZGVdN4v_cos(__m256d);

/* z * c mod 2^64 per lane from 32 x 32 -> 64-bit products (AVX2 has no 64-bit multiply). */
__attribute__((target("avx2,fma")))
static inline __m256i multiply64(__m256i z, uint64_t c) {
    const __m256i lo = _mm256_set1_epi64x((long long)(c & 0xFFFFFFFFu)), hi = _mm256_set1_epi64x((long long)(c >> 32));
    const __m256i low = _mm256_mul_epu32(z, lo);
    const __m256i cross = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(z, 32), lo), _mm256_mul_epu32(z, hi));
    return _mm256_add_epi64(low, _mm256_slli_epi64(cross, 32));
}

/* Four uniforms of counters k (per lane): mix, then the top 53 bits as a double, exactly. */
__attribute__((target("avx2,fma")))
static inline __m256d uniform4(uint64_t stream, __m256i k) {
    __m256i z = _mm256_add_epi64(_mm256_set1_epi64x((long long)(stream * 0x9E3779B97F4A7C15ull)),
                                 multiply64(_mm256_add_epi64(k, _mm256_set1_epi64x(1)), 0xBF58476D1CE4E5B9ull));
    z = multiply64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 30)), 0xBF58476D1CE4E5B9ull);
    z = multiply64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 27)), 0x94D049BB133111EBull);
    z = _mm256_srli_epi64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 31)), 11);
    /* 53 bits = hi (21) * 2^32 + lo (32); each below 2^52 converts exactly through 2^52's exponent. */
    const __m256i magic = _mm256_set1_epi64x(0x4330000000000000ll);
    const __m256d two52 = _mm256_set1_pd(0x1.0p52);
    const __m256d hi = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(_mm256_srli_epi64(z, 32), magic)), two52);
    const __m256d lo = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(_mm256_and_si256(z, _mm256_set1_epi64x(0xFFFFFFFFll)), magic)), two52);
    return _mm256_mul_pd(_mm256_fmadd_pd(hi, _mm256_set1_pd(0x1.0p32), lo), _mm256_set1_pd(0x1.0p-53));
}

/* The normals of components i ..< i + 4: counters first + 2i' and first + 2i' + 1. */
__attribute__((target("avx2,fma")))
static inline __m256d normal4(uint64_t stream, uint64_t first, int log1p_form) {
    const __m256i k1 = _mm256_add_epi64(_mm256_set1_epi64x((long long)first), _mm256_setr_epi64x(0, 2, 4, 6));
    const __m256d u1 = uniform4(stream, k1), u2 = uniform4(stream, _mm256_add_epi64(k1, _mm256_set1_epi64x(1)));
    const __m256d l = log1p_form ? _ZGVdN4v_log1p(_mm256_sub_pd(_mm256_setzero_pd(), u1))
                                 : _ZGVdN4v_log(_mm256_sub_pd(_mm256_set1_pd(1), u1));
    return _mm256_mul_pd(_mm256_sqrt_pd(_mm256_mul_pd(_mm256_set1_pd(-2), l)), _ZGVdN4v_cos(_mm256_mul_pd(_mm256_set1_pd(2 * M_PI), u2)));
}

/* xi[0 ..< n] for counters first + 2i (and + 1), four at a time, the tail scalar. */
__attribute__((target("avx2,fma")))
static void normals_avx2(size_t n, uint64_t stream, uint64_t first, int log1p_form, double *xi) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(xi + i, normal4(stream, first + 2 * i, log1p_form));
    for (; i < n; i++) xi[i] = normal(stream, first + 2 * i, log1p_form);
}

__attribute__((target("avx512f,avx512dq"))) __m512d _ZGVeN8v_log(__m512d);
__attribute__((target("avx512f,avx512dq"))) __m512d _ZGVeN8v_log1p(__m512d);
__attribute__((target("avx512f,avx512dq"))) __m512d _ZGVeN8v_cos(__m512d);

/* Eight uniforms of counters k: native 64-bit products, exact conversion of the top 53 bits. */
__attribute__((target("avx512f,avx512dq")))
static inline __m512d uniform8(uint64_t stream, __m512i k) {
    __m512i z = _mm512_add_epi64(_mm512_set1_epi64((long long)(stream * 0x9E3779B97F4A7C15ull)),
                                 _mm512_mullo_epi64(_mm512_add_epi64(k, _mm512_set1_epi64(1)), _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ull)));
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ull));
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), _mm512_set1_epi64((long long)0x94D049BB133111EBull));
    z = _mm512_srli_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 31)), 11);
    return _mm512_mul_pd(_mm512_cvtepu64_pd(z), _mm512_set1_pd(0x1.0p-53));
}

__attribute__((target("avx512f,avx512dq")))
static void normals_avx512(size_t n, uint64_t stream, uint64_t first, int log1p_form, double *xi) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m512i k1 = _mm512_add_epi64(_mm512_set1_epi64((long long)(first + 2 * i)), _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14));
        const __m512d u1 = uniform8(stream, k1), u2 = uniform8(stream, _mm512_add_epi64(k1, _mm512_set1_epi64(1)));
        const __m512d l = log1p_form ? _ZGVeN8v_log1p(_mm512_sub_pd(_mm512_setzero_pd(), u1)) : _ZGVeN8v_log(_mm512_sub_pd(_mm512_set1_pd(1), u1));
        _mm512_storeu_pd(xi + i, _mm512_mul_pd(_mm512_sqrt_pd(_mm512_mul_pd(_mm512_set1_pd(-2), l)),
                                               _ZGVeN8v_cos(_mm512_mul_pd(_mm512_set1_pd(2 * M_PI), u2))));
    }
    if (i < n) normals_avx2(n - i, stream, first + 2 * i, log1p_form, xi + i);
}

typedef void (*normals_fn)(size_t n, uint64_t stream, uint64_t first, int log1p_form, double *xi);

__attribute__((target("avx2,fma")))
static void ito_ensemble_vector(size_t n, size_t width, const double *delta, const double *g, const double *a,
                                const double *sigma, int multiplicative, int milstein, const uint64_t *streams,
                                const uint64_t *base, uint64_t stride, int log1p_form, double *x, double *sum,
                                size_t steps, double h, double h_last, double bound, int clamp, size_t *alive,
                                size_t *clamped, double *scratch, normals_fn normals) {
    double *y = scratch, *s = scratch + n, *xi = scratch + 2 * n;
    const int correct = milstein && multiplicative;
    for (size_t j = 0; j < width; j++) {
        const size_t c = j * n;
        const double *gj = g + c, *aj = a + c;
        double *xj = x + c;
        unsigned char dead = 0;
        alive[j] = 0;
        for (size_t step = 1; step <= steps && !dead; step++) {
            const double hs = step == steps ? h_last : h, root = sqrt(hs);
            const uint64_t first = base[j] + stride * (step - 1);
            normals(n, streams[j], first, log1p_form, xi);
            product1_avx2(n, delta, xj, s);
            const __m256d vh = _mm256_set1_pd(hs), vroot = _mm256_set1_pd(root), half = _mm256_set1_pd(0.5);
            size_t i = 0;
            for (; i + 4 <= n; i += 4) {
                const __m256d xv = _mm256_loadu_pd(xj + i), sg = _mm256_loadu_pd(sigma + i);
                const __m256d f = _mm256_mul_pd(_mm256_fnmadd_pd(_mm256_loadu_pd(aj + i), _mm256_loadu_pd(s + i), _mm256_loadu_pd(gj + i)), xv);
                const __m256d dw = _mm256_mul_pd(vroot, _mm256_loadu_pd(xi + i));
                const __m256d diffusion = multiplicative ? _mm256_mul_pd(sg, xv) : sg;
                __m256d next = _mm256_fmadd_pd(diffusion, dw, _mm256_fmadd_pd(vh, f, xv));
                if (correct) next = _mm256_fmadd_pd(_mm256_mul_pd(half, _mm256_mul_pd(_mm256_mul_pd(sg, sg), xv)), _mm256_fmsub_pd(dw, dw, vh), next);
                _mm256_storeu_pd(y + i, next);
            }
            if (i < n) ito_update_scalar(n - i, xj + i, s + i, gj + i, aj + i, sigma + i, xi + i, multiplicative, milstein, hs, y + i);
            admit_column_avx2(n, y, xj, sum + c, bound, clamp, alive + j, &dead, clamped);
        }
    }
}

void ek_glv_ito_ensemble_avx2(size_t n, size_t width, const double *delta, const double *g, const double *a,
                              const double *sigma, int multiplicative, int milstein, const uint64_t *streams,
                              const uint64_t *base, uint64_t stride, int log1p_form, double *x, double *sum,
                              size_t steps, double h, double h_last, double bound, int clamp, size_t *alive,
                              size_t *clamped, double *scratch) {
    ito_ensemble_vector(n, width, delta, g, a, sigma, multiplicative, milstein, streams, base, stride, log1p_form, x, sum,
                        steps, h, h_last, bound, clamp, alive, clamped, scratch, normals_avx2);
}

void ek_glv_ito_ensemble_avx512(size_t n, size_t width, const double *delta, const double *g, const double *a,
                                const double *sigma, int multiplicative, int milstein, const uint64_t *streams,
                                const uint64_t *base, uint64_t stride, int log1p_form, double *x, double *sum,
                                size_t steps, double h, double h_last, double bound, int clamp, size_t *alive,
                                size_t *clamped, double *scratch) {
    ito_ensemble_vector(n, width, delta, g, a, sigma, multiplicative, milstein, streams, base, stride, log1p_form, x, sum,
                        steps, h, h_last, bound, clamp, alive, clamped, scratch, normals_avx512);
}
#else
void ek_glv_ito_ensemble_avx2(size_t n, size_t width, const double *delta, const double *g, const double *a,
                              const double *sigma, int multiplicative, int milstein, const uint64_t *streams,
                              const uint64_t *base, uint64_t stride, int log1p_form, double *x, double *sum,
                              size_t steps, double h, double h_last, double bound, int clamp, size_t *alive,
                              size_t *clamped, double *scratch) {
    ek_glv_ito_ensemble_scalar(n, width, delta, g, a, sigma, multiplicative, milstein, streams, base, stride, log1p_form,
                               x, sum, steps, h, h_last, bound, clamp, alive, clamped, scratch);
}

void ek_glv_ito_ensemble_avx512(size_t n, size_t width, const double *delta, const double *g, const double *a,
                                const double *sigma, int multiplicative, int milstein, const uint64_t *streams,
                                const uint64_t *base, uint64_t stride, int log1p_form, double *x, double *sum,
                                size_t steps, double h, double h_last, double bound, int clamp, size_t *alive,
                                size_t *clamped, double *scratch) {
    ek_glv_ito_ensemble_scalar(n, width, delta, g, a, sigma, multiplicative, milstein, streams, base, stride, log1p_form,
                               x, sum, steps, h, h_last, bound, clamp, alive, clamped, scratch);
}
#endif

void ek_glv_ito_ensemble(size_t n, size_t width, const double *delta, const double *g, const double *a,
                         const double *sigma, int multiplicative, int milstein, const uint64_t *streams,
                         const uint64_t *base, uint64_t stride, int log1p_form, double *x, double *sum,
                         size_t steps, double h, double h_last, double bound, int clamp, size_t *alive,
                         size_t *clamped, double *scratch) {
    if (ek_active_isa() == EK_ISA_AVX2_FMA && ek_has_avx512())
        ek_glv_ito_ensemble_avx512(n, width, delta, g, a, sigma, multiplicative, milstein, streams, base, stride, log1p_form,
                                   x, sum, steps, h, h_last, bound, clamp, alive, clamped, scratch);
    else if (ek_active_isa() == EK_ISA_AVX2_FMA)
        ek_glv_ito_ensemble_avx2(n, width, delta, g, a, sigma, multiplicative, milstein, streams, base, stride, log1p_form,
                                 x, sum, steps, h, h_last, bound, clamp, alive, clamped, scratch);
    else
        ek_glv_ito_ensemble_scalar(n, width, delta, g, a, sigma, multiplicative, milstein, streams, base, stride, log1p_form,
                                   x, sum, steps, h, h_last, bound, clamp, alive, clamped, scratch);
}
