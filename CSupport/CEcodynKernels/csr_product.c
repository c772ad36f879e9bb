/* The product of a sparse matrix in compressed sparse rows (CSR) with a vector. */
#include "CEcodynKernels.h"

void ek_csr_multiply_scalar(size_t first, size_t last, const ptrdiff_t *row_start, const int32_t *columns,
                            const double *values, const double *x, double *y) {
    for (size_t i = first; i < last; i++) {
        double s = 0;
        for (ptrdiff_t k = row_start[i]; k < row_start[i + 1]; k++) s += values[k] * x[columns[k]];
        y[i] = s;
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

/* Four entries of a row at a time: x gathered by the column indices, multiplied and added in
   four lanes (FMA), the lanes summed at the row's end, the rest of the row added one by one. */
__attribute__((target("avx2,fma")))
void ek_csr_multiply_avx2(size_t first, size_t last, const ptrdiff_t *row_start, const int32_t *columns,
                          const double *values, const double *x, double *y) {
    for (size_t i = first; i < last; i++) {
        ptrdiff_t k = row_start[i];
        const ptrdiff_t end = row_start[i + 1];
        __m256d lanes = _mm256_setzero_pd();
        for (; k + 4 <= end; k += 4) {
            const __m128i index = _mm_loadu_si128((const __m128i *)(columns + k));
            lanes = _mm256_fmadd_pd(_mm256_loadu_pd(values + k), _mm256_i32gather_pd(x, index, 8), lanes);
        }
        const __m128d half = _mm_add_pd(_mm256_castpd256_pd128(lanes), _mm256_extractf128_pd(lanes, 1));
        double s = _mm_cvtsd_f64(_mm_add_sd(half, _mm_unpackhi_pd(half, half)));
        for (; k < end; k++) s = __builtin_fma(values[k], x[columns[k]], s);
        y[i] = s;
    }
}
#else
void ek_csr_multiply_avx2(size_t first, size_t last, const ptrdiff_t *row_start, const int32_t *columns,
                          const double *values, const double *x, double *y) {
    ek_csr_multiply_scalar(first, last, row_start, columns, values, x, y);
}
#endif

void ek_csr_multiply(size_t first, size_t last, const ptrdiff_t *row_start, const int32_t *columns,
                     const double *values, const double *x, double *y) {
    if (ek_active_isa() == EK_ISA_AVX2_FMA) ek_csr_multiply_avx2(first, last, row_start, columns, values, x, y);
    else ek_csr_multiply_scalar(first, last, row_start, columns, values, x, y);
}

/* Rows first..<last of y = A x for a dense n-column matrix stored in float32, row-major, with x, y
   and the sums in float64. */
void ek_dense_f32_multiply_scalar(size_t first, size_t last, size_t n, const float *a, const double *x, double *y) {
    for (size_t i = first; i < last; i++) {
        const float *row = a + i * n;
        double s = 0;
        for (size_t j = 0; j < n; j++) s += (double)row[j] * x[j];
        y[i] = s;
    }
}

#if defined(__x86_64__)
/* Sixteen entries at a time in four independent sums of four lanes (so that the FMAs' latency
   does not bound the loop): floats widened to doubles (vcvtps2pd), multiplied and added (FMA);
   then four at a time; the lanes summed at the row's end, the rest of the row added one by one. */
__attribute__((target("avx2,fma")))
void ek_dense_f32_multiply_avx2(size_t first, size_t last, size_t n, const float *a, const double *x, double *y) {
    for (size_t i = first; i < last; i++) {
        const float *row = a + i * n;
        __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
        size_t j = 0;
        for (; j + 16 <= n; j += 16) {
            s0 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(row + j)), _mm256_loadu_pd(x + j), s0);
            s1 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(row + j + 4)), _mm256_loadu_pd(x + j + 4), s1);
            s2 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(row + j + 8)), _mm256_loadu_pd(x + j + 8), s2);
            s3 = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(row + j + 12)), _mm256_loadu_pd(x + j + 12), s3);
        }
        __m256d lanes = _mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3));
        for (; j + 4 <= n; j += 4) lanes = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm_loadu_ps(row + j)), _mm256_loadu_pd(x + j), lanes);
        const __m128d half = _mm_add_pd(_mm256_castpd256_pd128(lanes), _mm256_extractf128_pd(lanes, 1));
        double s = _mm_cvtsd_f64(_mm_add_sd(half, _mm_unpackhi_pd(half, half)));
        for (; j < n; j++) s = __builtin_fma((double)row[j], x[j], s);
        y[i] = s;
    }
}
#else
void ek_dense_f32_multiply_avx2(size_t first, size_t last, size_t n, const float *a, const double *x, double *y) {
    ek_dense_f32_multiply_scalar(first, last, n, a, x, y);
}
#endif

void ek_dense_f32_multiply(size_t first, size_t last, size_t n, const float *a, const double *x, double *y) {
    if (ek_active_isa() == EK_ISA_AVX2_FMA) ek_dense_f32_multiply_avx2(first, last, n, a, x, y);
    else ek_dense_f32_multiply_scalar(first, last, n, a, x, y);
}
