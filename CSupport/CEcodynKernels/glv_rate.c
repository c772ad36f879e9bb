/* The element-wise part of the generalised Lotka-Volterra right-hand side. */
#include "CEcodynKernels.h"

void ek_glv_rate_scalar(size_t n, const double *g, const double *a, const double *s,
                        const double *x, double *out) {
    for (size_t i = 0; i < n; i++) out[i] = (g[i] - a[i] * s[i]) * x[i];
}

#if defined(__x86_64__)
#include <immintrin.h>

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
