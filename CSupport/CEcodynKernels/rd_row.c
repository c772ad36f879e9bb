/* The fused reaction-diffusion update of one grid row: Laplacian and kinetics in one pass. */
#include "CEcodynKernels.h"
#include <math.h>

/* The kinetics at one cell (scalar reference). */
static inline void reaction(ek_kinetics_kind kind, const double *p, double u, double v, double *f, double *g) {
    switch (kind) {
    case EK_BRUSSELATOR: { const double u2v = u * u * v; *f = p[0] - (p[1] + 1) * u + u2v; *g = p[1] * u - u2v; break; }
    case EK_GRAY_SCOTT: { const double uv2 = u * v * v; *f = -uv2 + p[0] * (1 - u); *g = uv2 - (p[0] + p[1]) * v; break; }
    default: { const double u2v = u * u * v; *f = p[0] - u + u2v; *g = p[1] - u2v; break; }
    }
}

/* The west + east sum at cell i of a row of n cells. */
static inline double along(const ek_rd_row *r, const double *w, size_t i, double ghost) {
    const size_t n = r->n;
    if (i > 0 && i + 1 < n) return w[i - 1] + w[i + 1];
    double west, east;
    if (n == 1) {
        if (r->row_boundary == 0) return 2 * w[0];
        if (r->row_boundary == 1) return 2 * w[0];
        return 2 * (2 * ghost - w[0]);
    }
    if (i == 0) {
        east = w[1];
        west = r->row_boundary == 0 ? w[n - 1] : (r->row_boundary == 1 ? w[0] : 2 * ghost - w[0]);
    } else {
        west = w[n - 2];
        east = r->row_boundary == 0 ? w[0] : (r->row_boundary == 1 ? w[n - 1] : 2 * ghost - w[n - 1]);
    }
    return west + east;
}

/* One cell, scalar: the reference arithmetic, also used at the row ends by the SIMD variant. */
static inline double cell(const ek_rd_row *r, ek_kinetics_kind kind, const double *p, double du, double dv, double inv_h2,
                        const double *u, const double *v, const double *base_u, const double *base_v, double dt,
                        double *out_u, double *out_v, size_t i) {
    double rows_u = 0, rows_v = 0;
    for (int q = 0; q < r->neighbours; q++) {         /* north, south, then up, down: in order */
        rows_u += r->nu[q][i];
        rows_v += r->nv[q][i];
    }
    const double lap_u = rows_u + along(r, u, i, r->ghost_u) + r->center_u * u[i] + r->const_u;
    const double lap_v = rows_v + along(r, v, i, r->ghost_v) + r->center_v * v[i] + r->const_v;
    double f, g;
    reaction(kind, p, u[i], v[i], &f, &g);
    const double ru = f + du * inv_h2 * lap_u, rv = g + dv * inv_h2 * lap_v;
    if (base_u) { out_u[i] = base_u[i] + dt * ru; out_v[i] = base_v[i] + dt * rv; }
    else { out_u[i] = ru; out_v[i] = rv; }
    return out_u[i] + out_v[i];
}

int ek_rd_row_update_scalar(const ek_rd_row *row, ek_kinetics_kind kind, const double *p, double du, double dv,
                            double inv_h2, const double *u, const double *v, const double *base_u, const double *base_v,
                            double dt, double *out_u, double *out_v) {
    double sum = 0;   /* any NaN or Inf written makes the sum non-finite */
    for (size_t i = 0; i < row->n; i++) sum += cell(row, kind, p, du, dv, inv_h2, u, v, base_u, base_v, dt, out_u, out_v, i);
    return isfinite(sum);
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2,fma")))
int ek_rd_row_update_avx2(const ek_rd_row *row, ek_kinetics_kind kind, const double *p, double du, double dv,
                           double inv_h2, const double *u, const double *v, const double *base_u, const double *base_v,
                           double dt, double *out_u, double *out_v) {
    const size_t n = row->n;
    if (n < 6) return ek_rd_row_update_scalar(row, kind, p, du, dv, inv_h2, u, v, base_u, base_v, dt, out_u, out_v);
    double sum = cell(row, kind, p, du, dv, inv_h2, u, v, base_u, base_v, dt, out_u, out_v, 0);
    __m256d check = _mm256_setzero_pd();
    const __m256d cu = _mm256_set1_pd(row->center_u), cv = _mm256_set1_pd(row->center_v);
    const __m256d ku = _mm256_set1_pd(row->const_u), kv = _mm256_set1_pd(row->const_v);
    const __m256d du_h = _mm256_set1_pd(du * inv_h2), dv_h = _mm256_set1_pd(dv * inv_h2), vdt = _mm256_set1_pd(dt);
    const __m256d p0 = _mm256_set1_pd(p[0]), p1 = _mm256_set1_pd(p[1]), one = _mm256_set1_pd(1);
    size_t i = 1;
    for (; i + 4 <= n - 1; i += 4) {
        __m256d rows_u = _mm256_setzero_pd(), rows_v = _mm256_setzero_pd();
        for (int q = 0; q < row->neighbours; q++) {
            rows_u = _mm256_add_pd(rows_u, _mm256_loadu_pd(row->nu[q] + i));
            rows_v = _mm256_add_pd(rows_v, _mm256_loadu_pd(row->nv[q] + i));
        }
        const __m256d U = _mm256_loadu_pd(u + i), V = _mm256_loadu_pd(v + i);
        const __m256d side_u = _mm256_add_pd(_mm256_loadu_pd(u + i - 1), _mm256_loadu_pd(u + i + 1));
        const __m256d side_v = _mm256_add_pd(_mm256_loadu_pd(v + i - 1), _mm256_loadu_pd(v + i + 1));
        /* The same association as the scalar cell: ((rows + sides) + center u) + const. */
        const __m256d lap_u = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(rows_u, side_u), _mm256_mul_pd(cu, U)), ku);
        const __m256d lap_v = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(rows_v, side_v), _mm256_mul_pd(cv, V)), kv);
        __m256d f, g;
        if (kind == EK_BRUSSELATOR) {
            const __m256d u2v = _mm256_mul_pd(_mm256_mul_pd(U, U), V);
            f = _mm256_add_pd(_mm256_sub_pd(p0, _mm256_mul_pd(_mm256_add_pd(p1, one), U)), u2v);
            g = _mm256_sub_pd(_mm256_mul_pd(p1, U), u2v);
        } else if (kind == EK_GRAY_SCOTT) {
            const __m256d uv2 = _mm256_mul_pd(_mm256_mul_pd(U, V), V);
            f = _mm256_add_pd(_mm256_sub_pd(_mm256_setzero_pd(), uv2), _mm256_mul_pd(p0, _mm256_sub_pd(one, U)));
            g = _mm256_sub_pd(uv2, _mm256_mul_pd(_mm256_add_pd(p0, p1), V));
        } else {
            const __m256d u2v = _mm256_mul_pd(_mm256_mul_pd(U, U), V);
            f = _mm256_add_pd(_mm256_sub_pd(p0, U), u2v);
            g = _mm256_sub_pd(p1, u2v);
        }
        const __m256d ru = _mm256_add_pd(f, _mm256_mul_pd(du_h, lap_u)), rv = _mm256_add_pd(g, _mm256_mul_pd(dv_h, lap_v));
        __m256d nu, nv;
        if (base_u) {
            nu = _mm256_add_pd(_mm256_loadu_pd(base_u + i), _mm256_mul_pd(vdt, ru));
            nv = _mm256_add_pd(_mm256_loadu_pd(base_v + i), _mm256_mul_pd(vdt, rv));
        } else {
            nu = ru;
            nv = rv;
        }
        _mm256_storeu_pd(out_u + i, nu);
        _mm256_storeu_pd(out_v + i, nv);
        check = _mm256_add_pd(check, _mm256_add_pd(nu, nv));
    }
    for (; i < n; i++) sum += cell(row, kind, p, du, dv, inv_h2, u, v, base_u, base_v, dt, out_u, out_v, i);
    double lanes[4];
    _mm256_storeu_pd(lanes, check);
    return isfinite(sum + lanes[0] + lanes[1] + lanes[2] + lanes[3]);
}
#else
int ek_rd_row_update_avx2(const ek_rd_row *row, ek_kinetics_kind kind, const double *p, double du, double dv,
                          double inv_h2, const double *u, const double *v, const double *base_u, const double *base_v,
                          double dt, double *out_u, double *out_v) {
    return ek_rd_row_update_scalar(row, kind, p, du, dv, inv_h2, u, v, base_u, base_v, dt, out_u, out_v);
}
#endif

int ek_rd_row_update(const ek_rd_row *row, ek_kinetics_kind kind, const double *p, double du, double dv,
                     double inv_h2, const double *u, const double *v, const double *base_u, const double *base_v,
                     double dt, double *out_u, double *out_v) {
    if (ek_active_isa() == EK_ISA_AVX2_FMA) return ek_rd_row_update_avx2(row, kind, p, du, dv, inv_h2, u, v, base_u, base_v, dt, out_u, out_v);
    return ek_rd_row_update_scalar(row, kind, p, du, dv, inv_h2, u, v, base_u, base_v, dt, out_u, out_v);
}
