/* Ecodyn's C kernels. Every family has a plain scalar reference (`_scalar`) and SIMD
   variants (`_avx2`); the unsuffixed entry point dispatches once, at first use, to the best
   variant this CPU and operating system support. Symbols carry the prefix `ek_`. */
#ifndef CECODYNKERNELS_H
#define CECODYNKERNELS_H

#include <stddef.h>

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

#ifdef __cplusplus
}
#endif
#endif
