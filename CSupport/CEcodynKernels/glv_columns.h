/* Column helpers shared by the ensemble kernels (glv_rk4_ensemble.c, glv_ito_ensemble.c):
   s = delta * in for one member column, and the admission of a candidate state. Internal. */
#ifndef EK_GLV_COLUMNS_H
#define EK_GLV_COLUMNS_H
#include <stddef.h>

#define EK_INTERNAL __attribute__((visibility("hidden")))

/* s = delta * in (delta column-major n x n), scalar reference. */
EK_INTERNAL void product_scalar(size_t n, const double *delta, const double *in, double *s);
/* Admits candidate y into x (finite, |y_i| <= bound; negatives to 0 if clamp, counted), adds it to
   sum and counts it in alive; otherwise marks the member dead and leaves x. */
EK_INTERNAL void admit_column(size_t n, const double *y, double *x, double *sum, double bound, int clamp,
                              size_t *alive, unsigned char *dead, size_t *clamped);
#if defined(__x86_64__)
EK_INTERNAL void product_rows_avx2(size_t n, size_t i, const double *delta, const double *in, double *s);
EK_INTERNAL void product1_avx2(size_t n, const double *delta, const double *in, double *s);
EK_INTERNAL void admit_column_avx2(size_t n, const double *y, double *x, double *sum, double bound, int clamp,
                                   size_t *alive, unsigned char *dead, size_t *clamped);
#endif
#endif
