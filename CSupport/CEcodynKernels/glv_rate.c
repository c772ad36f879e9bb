/* The element-wise part of the generalised Lotka-Volterra right-hand side. */
#include "CEcodynKernels.h"

void ek_glv_rate_scalar(size_t n, const double *g, const double *a, const double *s,
                        const double *x, double *out) {
    for (size_t i = 0; i < n; i++) out[i] = (g[i] - a[i] * s[i]) * x[i];
}

/* The field of a small community (scalar reference): each row's product in column order. */
void ek_glv_field_scalar(size_t n, const double *delta, const double *g, const double *a, const double *x, double *out) {
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t k = 0; k < n; k++) s += delta[i + k * n] * x[k];
        out[i] = (g[i] - a[i] * s) * x[i];
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

/* Four rows at a time: s[i..i+3] accumulates delta's column k times x_k (FMA), then the rate. */
__attribute__((target("avx2,fma")))
void ek_glv_field_avx2(size_t n, const double *delta, const double *g, const double *a, const double *x, double *out) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d s = _mm256_setzero_pd();
        for (size_t k = 0; k < n; k++) s = _mm256_fmadd_pd(_mm256_loadu_pd(delta + i + k * n), _mm256_broadcast_sd(x + k), s);
        const __m256d rate = _mm256_fnmadd_pd(_mm256_loadu_pd(a + i), s, _mm256_loadu_pd(g + i));
        _mm256_storeu_pd(out + i, _mm256_mul_pd(rate, _mm256_loadu_pd(x + i)));
    }
    for (; i < n; i++) {
        double s = 0;
        for (size_t k = 0; k < n; k++) s = __builtin_fma(delta[i + k * n], x[k], s);
        out[i] = __builtin_fma(-a[i], s, g[i]) * x[i];
    }
}

__attribute__((target("avx2,fma")))
void ek_glv_rate_avx2(size_t n, const double *g, const double *a, const double *s,
                      const double *x, double *out) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d rate = _mm256_fnmadd_pd(_mm256_loadu_pd(a + i), _mm256_loadu_pd(s + i),
                                        _mm256_loadu_pd(g + i));
        _mm256_storeu_pd(out + i, _mm256_mul_pd(rate, _mm256_loadu_pd(x + i)));
    }
    for (; i < n; i++) out[i] = __builtin_fma(-a[i], s[i], g[i]) * x[i];
}
#else
void ek_glv_field_avx2(size_t n, const double *delta, const double *g, const double *a, const double *x, double *out) {
    ek_glv_field_scalar(n, delta, g, a, x, out);
}

void ek_glv_rate_avx2(size_t n, const double *g, const double *a, const double *s,
                      const double *x, double *out) {
    ek_glv_rate_scalar(n, g, a, s, x, out);
}
#endif

void ek_glv_rate(size_t n, const double *g, const double *a, const double *s,
                 const double *x, double *out) {
    if (ek_active_isa() == EK_ISA_AVX2_FMA) ek_glv_rate_avx2(n, g, a, s, x, out);
    else ek_glv_rate_scalar(n, g, a, s, x, out);
}

void ek_glv_field(size_t n, const double *delta, const double *g, const double *a, const double *x, double *out) {
    if (ek_active_isa() == EK_ISA_AVX2_FMA) ek_glv_field_avx2(n, delta, g, a, x, out);
    else ek_glv_field_scalar(n, delta, g, a, x, out);
}
