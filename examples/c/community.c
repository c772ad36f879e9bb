/* A two-member community through libecodyn's C ABI: its equilibrium and stability, a run by
 * Dormand–Prince, a user model (logistic growth) through the same integrator, and a bad call.
 *
 *   cc -std=c11 -I dist/include examples/c/community.c -L dist/lib -lecodyn -Wl,-rpath,dist/lib -o community
 *   ./community
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "ecodyn.h"

#define CHECK(call)                                                                \
    do {                                                                           \
        if ((call) != ECODYN_OK) {                                                 \
            fprintf(stderr, "%s failed: %s\n", #call, ecodyn_last_error());        \
            return 1;                                                              \
        }                                                                          \
    } while (0)

/* Logistic growth dx/dt = r x (1 - x/K), with r and K in the context. */
static void logistic(double t, const double *x, double *dx, void *context) {
    const double *p = context;
    (void)t;
    dx[0] = p[0] * x[0] * (1 - x[0] / p[1]);
}

int main(void) {
    printf("libecodyn %s (ABI %d)\n", ecodyn_version(), ecodyn_abi_version());

    /* dX/dt = (1 - (δX)_i) X_i with δ = [[1, 0.5], [0.5, 1]]: X* = (2/3, 2/3), a stable node. */
    const double r[2] = {1, 1}, mu[2] = {0, 0}, K[2] = {1, 1};
    const double delta[4] = {1, 0.5, 0.5, 1};
    ecodyn_community *duo = NULL;
    CHECK(ecodyn_community_new(2, r, mu, K, delta, ECODYN_ROW_MAJOR, &duo));

    double x_star[2], re[2], im[2];
    ecodyn_stability s;
    CHECK(ecodyn_community_analyze(duo, x_star, re, im, &s));
    printf("equilibrium (%.6f, %.6f), eigenvalues %.6f %.6f, %s, reactivity %.6f\n", x_star[0], x_star[1], re[0], re[1],
           ecodyn_class_name(s.classification), s.reactivity);

    ecodyn_integrate_options options;
    ecodyn_integrate_options_default(&options);
    options.rtol = 1e-10;
    options.atol = 1e-12;
    const double x0[2] = {0.1, 0.3}, times[3] = {1, 10, 50};
    ecodyn_solution *run = NULL;
    CHECK(ecodyn_community_integrate(duo, x0, 0, 50, times, 3, &options, &run));
    ecodyn_solution_info info;
    CHECK(ecodyn_solution_get_info(run, &info));
    double t[4], y[8];
    CHECK(ecodyn_solution_copy(run, t, y));
    printf("dopri5: %lld steps, %lld evaluations; X(50) = (%.6f, %.6f)\n", (long long)info.steps,
           (long long)info.evaluations, y[2 * 3], y[2 * 3 + 1]);
    ecodyn_solution_free(run);

    /* A user model: x(t) = K / (1 + (K/x0 - 1) e^{-rt}). */
    double p[2] = {0.8, 5.0}, start = 0.5, at[1] = {4};
    CHECK(ecodyn_integrate_function(1, logistic, p, &start, 0, 4, at, 1, &options, &run));
    CHECK(ecodyn_solution_copy(run, t, y));
    double exact = p[1] / (1 + (p[1] / start - 1) * exp(-p[0] * 4));
    printf("logistic x(4) = %.10f (closed form %.10f)\n", y[1], exact);
    ecodyn_solution_free(run);

    /* Bad input is a status and a message, never an abort. */
    const double bad_K[2] = {1, -1};
    ecodyn_community *bad = NULL;
    ecodyn_status status = ecodyn_community_new(2, r, mu, bad_K, delta, ECODYN_ROW_MAJOR, &bad);
    printf("K = (1, -1): status %d, \"%s\"\n", status, ecodyn_last_error());

    ecodyn_community_free(duo);
    int ok = fabs(x_star[0] - 2.0 / 3) < 1e-12 && fabs(y[1] - exact) < 1e-8 && status == ECODYN_ERROR_ARGUMENT && bad == NULL;
    printf("%s\n", ok ? "ok" : "MISMATCH");
    return ok ? 0 : 1;
}
