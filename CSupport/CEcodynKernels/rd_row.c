/* The fused reaction-diffusion update of one grid row: Laplacian and kinetics in one pass. */
#include "CEcodynKernels.h"
#include <math.h>
#include <stdlib.h>

/* A cubic polynomial in u, v with coefficients c of 1, u, v, u², uv, v², u³, u²v, uv², v³. */
static inline double cubic(const double *c, double u, double v) {
    const double u2 = u * u, v2 = v * v;
    return c[0] + c[1] * u + c[2] * v + c[3] * u2 + c[4] * u * v + c[5] * v2 + c[6] * u2 * u + c[7] * u2 * v + c[8] * u * v2 + c[9] * v2 * v;
}

/* The kinetics at one cell (scalar reference). */
static inline void reaction(ek_kinetics_kind kind, const double *p, double u, double v, double *f, double *g) {
    switch (kind) {
    case EK_BRUSSELATOR: { const double u2v = u * u * v; *f = p[0] - (p[1] + 1) * u + u2v; *g = p[1] * u - u2v; break; }
    case EK_GRAY_SCOTT: { const double uv2 = u * v * v; *f = -uv2 + p[0] * (1 - u); *g = uv2 - (p[0] + p[1]) * v; break; }
    case EK_SCHNAKENBERG: { const double u2v = u * u * v; *f = p[0] - u + u2v; *g = p[1] - u2v; break; }
    case EK_CUBIC: { *f = cubic(p, u, v); *g = cubic(p + 10, u, v); break; }
    default: abort();   /* not a kinetics of the header: a bug in the caller (see ek_rd_row_update) */
    }
}

/* The value beyond the row end next to cell `edge` of w (the cell at `wrap` for periodic rows),
   by the row boundary: periodic, no-flux (the edge cell), fixed value (2w − edge). */
static inline double beyond(const ek_rd_row *r, const double *w, size_t edge, size_t wrap, double ghost) {
    return r->row_boundary == 0 ? w[wrap] : (r->row_boundary == 1 ? w[edge] : 2 * ghost - w[edge]);
}

/* The west + east sum at cell i of a row of n cells. */
static inline double along(const ek_rd_row *r, const double *w, size_t i, double ghost) {
    const size_t n = r->n;
    const double west = i > 0 ? w[i - 1] : beyond(r, w, 0, n - 1, ghost);
    const double east = i + 1 < n ? w[i + 1] : beyond(r, w, n - 1, 0, ghost);
    return west + east;
}

/* One cell, scalar: the reference arithmetic (the AVX2 variant runs it for rows under 6 cells). */
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


/* Four cells at i. The kinetics, the number of neighbour rows, whether there is a base and
   whether the Laplacian has a constant are compile-time constants after inlining into the
   specialised loops below. Products feeding sums are fused (FMA), so results agree with the
   scalar reference to rounding, not bit for bit. Non-finite outputs are caught by accumulating
   out * 0 (NaN exactly when out is NaN or ±Inf) on the multiply pipes. */
__attribute__((target("avx2,fma"), always_inline))
static inline void body4(ek_kinetics_kind kind, int nb, int has_base, int has_const, size_t i,
                         __m256d west_u, __m256d east_u, __m256d west_v, __m256d east_v,
                         const double *const *nu, const double *const *nv, const double *u, const double *v,
                         const double *base_u, const double *base_v, double *out_u, double *out_v,
                         const __m256d *c, const __m256d *poly, __m256d *check_u, __m256d *check_v) {
    /* c: center_u, center_v, const_u, const_v, du/h², dv/h², dt, p0, p1, p1 + 1 */
    __m256d rows_u = _mm256_setzero_pd(), rows_v = _mm256_setzero_pd();
    if (nb > 0) { rows_u = _mm256_loadu_pd(nu[0] + i); rows_v = _mm256_loadu_pd(nv[0] + i); }
    for (int q = 1; q < nb; q++) {
        rows_u = _mm256_add_pd(rows_u, _mm256_loadu_pd(nu[q] + i));
        rows_v = _mm256_add_pd(rows_v, _mm256_loadu_pd(nv[q] + i));
    }
    const __m256d U = _mm256_loadu_pd(u + i), V = _mm256_loadu_pd(v + i);
    const __m256d side_u = _mm256_add_pd(west_u, east_u), side_v = _mm256_add_pd(west_v, east_v);
    __m256d lap_u = _mm256_fmadd_pd(c[0], U, _mm256_add_pd(rows_u, side_u));
    __m256d lap_v = _mm256_fmadd_pd(c[1], V, _mm256_add_pd(rows_v, side_v));
    if (has_const) { lap_u = _mm256_add_pd(lap_u, c[2]); lap_v = _mm256_add_pd(lap_v, c[3]); }
    __m256d f, g;
    if (kind == EK_BRUSSELATOR) {          /* f = a − (b+1)u + u²v, g = bu − u²v */
        const __m256d u2v = _mm256_mul_pd(_mm256_mul_pd(U, U), V);
        f = _mm256_add_pd(_mm256_fnmadd_pd(c[9], U, c[7]), u2v);
        g = _mm256_fmsub_pd(c[8], U, u2v);
    } else if (kind == EK_GRAY_SCOTT) {    /* f = −uv² + F(1 − u), g = uv² − (F + k)v */
        const __m256d uv2 = _mm256_mul_pd(_mm256_mul_pd(U, V), V);
        f = _mm256_fnmadd_pd(c[7], U, _mm256_sub_pd(c[7], uv2));
        g = _mm256_fnmadd_pd(_mm256_add_pd(c[7], c[8]), V, uv2);
    } else if (kind == EK_CUBIC) {         /* Σ c_k m_k(u, v) over the ten monomials, f then g */
        const __m256d U2 = _mm256_mul_pd(U, U), V2 = _mm256_mul_pd(V, V), UV = _mm256_mul_pd(U, V);
        const __m256d m[9] = {U, V, U2, UV, V2, _mm256_mul_pd(U2, U), _mm256_mul_pd(U2, V), _mm256_mul_pd(UV, V), _mm256_mul_pd(V2, V)};
        f = poly[0];
        g = poly[10];
        for (int k = 0; k < 9; k++) {
            f = _mm256_fmadd_pd(poly[k + 1], m[k], f);
            g = _mm256_fmadd_pd(poly[k + 11], m[k], g);
        }
    } else {                               /* f = a − u + u²v, g = b − u²v */
        const __m256d u2v = _mm256_mul_pd(_mm256_mul_pd(U, U), V);
        f = _mm256_add_pd(_mm256_sub_pd(c[7], U), u2v);
        g = _mm256_sub_pd(c[8], u2v);
    }
    __m256d ru = _mm256_fmadd_pd(c[4], lap_u, f), rv = _mm256_fmadd_pd(c[5], lap_v, g);
    if (has_base) {
        ru = _mm256_fmadd_pd(c[6], ru, _mm256_loadu_pd(base_u + i));
        rv = _mm256_fmadd_pd(c[6], rv, _mm256_loadu_pd(base_v + i));
    }
    _mm256_storeu_pd(out_u + i, ru);
    _mm256_storeu_pd(out_v + i, rv);
    *check_u = _mm256_fmadd_pd(ru, _mm256_setzero_pd(), *check_u);
    *check_v = _mm256_fmadd_pd(rv, _mm256_setzero_pd(), *check_v);
}

#define EK_BODY(KIND, NB, BASE, CONST, I, WU, EU, WV, EV) \
    body4(KIND, NB, BASE, CONST, I, WU, EU, WV, EV, nu, nv, u, v, base_u, base_v, out_u, out_v, c, poly, &check_u, &check_v)
#define EK_LOOP(KIND, NB, BASE, CONST) \
    for (; i + 4 <= n - 1; i += 4) \
        EK_BODY(KIND, NB, BASE, CONST, i, _mm256_loadu_pd(u + i - 1), _mm256_loadu_pd(u + i + 1), \
                _mm256_loadu_pd(v + i - 1), _mm256_loadu_pd(v + i + 1))


__attribute__((target("avx2,fma")))
int ek_rd_row_update_avx2(const ek_rd_row *row, ek_kinetics_kind kind, const double *p, double du, double dv,
                           double inv_h2, const double *u, const double *v, const double *base_u, const double *base_v,
                           double dt, double *out_u, double *out_v) {
    const size_t n = row->n;
    if (n < 6) return ek_rd_row_update_scalar(row, kind, p, du, dv, inv_h2, u, v, base_u, base_v, dt, out_u, out_v);
    const __m256d c[10] = {
        _mm256_set1_pd(row->center_u), _mm256_set1_pd(row->center_v), _mm256_set1_pd(row->const_u), _mm256_set1_pd(row->const_v),
        _mm256_set1_pd(du * inv_h2), _mm256_set1_pd(dv * inv_h2), _mm256_set1_pd(dt),
        _mm256_set1_pd(p[0]), _mm256_set1_pd(p[1]), _mm256_set1_pd(p[1] + 1)};
    __m256d poly[20];   /* the cubic's coefficients, broadcast only for that kinetics */
    if (kind == EK_CUBIC) for (int k = 0; k < 20; k++) poly[k] = _mm256_set1_pd(p[k]);
    const double *nu[4] = {row->nu[0], row->nu[1], row->nu[2], row->nu[3]};
    const double *nv[4] = {row->nv[0], row->nv[1], row->nv[2], row->nv[3]};
    const int nb = row->neighbours, has_const = row->const_u != 0 || row->const_v != 0;
    __m256d check_u = _mm256_setzero_pd(), check_v = _mm256_setzero_pd();
    /* Cells 0–3 with the west neighbour of cell 0 from the boundary; then the loop; then the
       last four cells (overlapping the loop's last cells, which get the same values) with the
       east neighbour of cell n − 1 from the boundary. */
    EK_BODY(kind, nb, base_u != NULL, has_const, 0,
            _mm256_setr_pd(beyond(row, u, 0, n - 1, row->ghost_u), u[0], u[1], u[2]), _mm256_loadu_pd(u + 1),
            _mm256_setr_pd(beyond(row, v, 0, n - 1, row->ghost_v), v[0], v[1], v[2]), _mm256_loadu_pd(v + 1));
    size_t i = 4;
    /* Specialised: the Brusselator stepped by Euler on 2-D and 3-D grids without fixed values. */
    if (kind == EK_BRUSSELATOR && nb == 2 && base_u && !has_const) { EK_LOOP(EK_BRUSSELATOR, 2, 1, 0); }
    else if (kind == EK_BRUSSELATOR && nb == 4 && base_u && !has_const) { EK_LOOP(EK_BRUSSELATOR, 4, 1, 0); }
    else { EK_LOOP(kind, nb, base_u != NULL, has_const); }
    EK_BODY(kind, nb, base_u != NULL, has_const, n - 4,
            _mm256_loadu_pd(u + n - 5), _mm256_setr_pd(u[n - 3], u[n - 2], u[n - 1], beyond(row, u, n - 1, 0, row->ghost_u)),
            _mm256_loadu_pd(v + n - 5), _mm256_setr_pd(v[n - 3], v[n - 2], v[n - 1], beyond(row, v, n - 1, 0, row->ghost_v)));
    double lanes[4];
    _mm256_storeu_pd(lanes, _mm256_add_pd(check_u, check_v));
    return isfinite(lanes[0] + lanes[1] + lanes[2] + lanes[3]);
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
    if (kind != EK_BRUSSELATOR && kind != EK_GRAY_SCOTT && kind != EK_SCHNAKENBERG && kind != EK_CUBIC) abort();
    if (ek_active_isa() == EK_ISA_AVX2_FMA) return ek_rd_row_update_avx2(row, kind, p, du, dv, inv_h2, u, v, base_u, base_v, dt, out_u, out_v);
    return ek_rd_row_update_scalar(row, kind, p, du, dv, inv_h2, u, v, base_u, base_v, dt, out_u, out_v);
}
