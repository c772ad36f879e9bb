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

#ifdef __cplusplus
}
#endif
#endif
