"""Ecodyn through Python (the installed `ecodyn` package over libecodyn) against the native
`ecodyn bench` and against SciPy, interleaved round by round on this machine; prints one JSON
line per measurement and a table of median ratios (docs/benchmarks.md, "Python and the C ABI").

    python3 Benchmarks/python_bench.py --ecodyn .build/release/ecodyn --peers ../shared/peers [--rounds 5]

- W1 and W2 through Python: the same problems as `ecodyn bench W1`/`W2` (workloads.py inputs),
  the Python call timed end to end (arrays in, the call, results out), best of 3 as the native side.
- Per-call overhead: `Community.analyze()` for n = 2.
- A user model in C (the W1 right-hand side, cblas_dgemv plus the element-wise part, compiled
  with cc) through `ecodyn.integrate`, against `solve_ivp` RK45 with the NumPy right-hand side
  (the W1 peer) and with the same C function called from Python through ctypes; and the same
  at n = 20, where SciPy's per-call Python overhead, not the arithmetic, sets its time.
"""
import argparse
import ctypes
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import timeit

import numpy as np
from scipy.integrate import solve_ivp

import ecodyn

W1_C = r"""
#include <cblas.h>
typedef struct { long n; const double *delta, *g, *a; } w1_context;
/* dx = (g - a .* (delta x)) .* x, delta row-major. */
void w1_rhs(double t, const double *x, double *dx, void *context) {
    const w1_context *c = context;
    (void)t;
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)c->n, (int)c->n, 1.0, c->delta, (int)c->n, x, 1, 0.0, dx, 1);
    for (long i = 0; i < c->n; i++) dx[i] = (c->g[i] - c->a[i] * dx[i]) * x[i];
}
"""


class W1Context(ctypes.Structure):
    _fields_ = [("n", ctypes.c_long), ("delta", ctypes.c_void_p), ("g", ctypes.c_void_p), ("a", ctypes.c_void_p)]


def best(function, repeats=3):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def native(ecodyn_cli, workload):
    out = subprocess.run([ecodyn_cli, "bench", workload, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ecodyn", default=".build/release/ecodyn")
    parser.add_argument("--peers", default="../shared/peers")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, os.path.abspath(args.peers))
    import workloads as W

    p1 = W.W1
    r, mu, K, delta, x0 = W.glv_community(p1["n"], p1["alpha"], p1["seed"])
    community = ecodyn.Community(r, mu, K, delta)
    never = 10 ** 12   # save_every beyond the run: keep the initial and final states only, as the native bench

    def w1_python():
        return ecodyn.integrate(community, x0, (0, p1["t_end"]), rtol=p1["rtol"], atol=p1["atol"], save_every=never)

    p2 = W.W2
    n2, members = p2["n"], p2["members"]
    r2, mu2, K2, d2, x2 = W.glv_community(n2, p2["alpha"], p2["seed"])
    scale = 0.5 + W.uniform(p2["seed"] + 1000, members)
    R = r2[:, None] * scale[None, :]

    def w2_python():
        return ecodyn.integrate_ensemble(d2, R, 0.1 * R, 1.0, np.full((n2, members), 0.01), dt=p2["dt"], steps=p2["steps"])

    # The W1 model as a user's C function.
    folder = tempfile.mkdtemp()
    with open(os.path.join(folder, "w1.c"), "w") as handle:
        handle.write(W1_C)
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "openblas"], capture_output=True, text=True).stdout.split()
    subprocess.run(["cc", "-O3", "-march=native", "-shared", "-fPIC", os.path.join(folder, "w1.c"), "-o",
                    os.path.join(folder, "libw1.so"), *flags], check=True)
    w1c = ctypes.CDLL(os.path.join(folder, "libw1.so"))
    rhs_pointer = ctypes.CFUNCTYPE(None, ctypes.c_double, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)(
        ctypes.cast(w1c.w1_rhs, ctypes.c_void_p).value)

    def user_model(n):
        """The W1 community of n members: the C function for Ecodyn, and SciPy's two right-hand sides."""
        r, mu, K, delta, x0 = W.glv_community(n, p1["alpha"], p1["seed"])
        g, a, d = np.ascontiguousarray(r - mu), np.ascontiguousarray(r / K), np.ascontiguousarray(delta)
        context = W1Context(n, d.ctypes.data, g.ctypes.data, a.ctypes.data)
        keep = (g, a, d, context)
        user = ecodyn.CFunction(w1c.w1_rhs, n, context=ctypes.addressof(context))

        def c_from_python(t, x):
            x = np.ascontiguousarray(x)
            dx = np.empty_like(x)
            rhs_pointer(t, x.ctypes.data, dx.ctypes.data, ctypes.addressof(keep[3]))
            return dx

        ours = lambda: ecodyn.integrate(user, x0, (0, p1["t_end"]), rtol=p1["rtol"], atol=p1["atol"], save_every=never)
        scipy = lambda f: (lambda: solve_ivp(f, (0, p1["t_end"]), x0, method="RK45", rtol=p1["rtol"], atol=p1["atol"]))
        return ours, scipy(lambda t, x: (g - a * (d @ x)) * x), scipy(c_from_python)

    w1_user_c, scipy_numpy, scipy_c = user_model(p1["n"])
    small_user_c, small_scipy_numpy, small_scipy_c = user_model(20)

    duo = ecodyn.Community(1.0, 0.0, 1.0, [[1, 0.5], [0.5, 1]])
    print(f"# {platform.node()}: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"ecodyn {ecodyn.__version__}, {ecodyn.build_info()['openblas_core']}", flush=True)
    ratios = {k: [] for k in ("W1 python/native", "W2 python/native", "user C vs scipy numpy rhs",
                              "user C vs scipy same C function", "n=20: user C vs scipy numpy rhs",
                              "n=20: user C vs scipy same C function")}
    overheads = []
    for round_ in range(args.rounds):
        native1 = native(args.ecodyn, "W1")
        s1, sol1 = best(w1_python)
        native2 = native(args.ecodyn, "W2")
        s2, sol2 = best(w2_python)
        su, solu = best(w1_user_c)
        sn, soln = best(scipy_numpy, 2)
        sc, solc = best(scipy_c, 2)
        small = [best(f, 2)[0] for f in (small_user_c, small_scipy_numpy, small_scipy_c)]
        per_call = min(timeit.repeat(duo.analyze, number=2000, repeat=5)) / 2000
        records = [
            dict(measure="W1 python", seconds=s1, native_seconds=native1["seconds"], checksum=float(sol1.y[:, -1].sum()),
                 native_checksum=native1["checksum"], nfev=sol1.nfev),
            dict(measure="W2 python", seconds=s2, native_seconds=native2["seconds"], checksum=float(sol2.final_state.sum()),
                 native_checksum=native2["checksum"]),
            dict(measure="W1 user C rhs through ecodyn.integrate", seconds=su, checksum=float(solu.y[:, -1].sum()), nfev=solu.nfev),
            dict(measure="W1 scipy RK45 numpy rhs", seconds=sn, checksum=float(soln.y[:, -1].sum()), nfev=int(soln.nfev)),
            dict(measure="W1 scipy RK45 same C rhs via ctypes", seconds=sc, checksum=float(solc.y[:, -1].sum()),
                 nfev=int(solc.nfev)),
            dict(measure="Community.analyze n=2 per call", seconds=per_call),
            dict(measure="W1 model n=20: user C, scipy numpy rhs, scipy same C rhs", seconds=small),
        ]
        for record in records:
            print(json.dumps(dict(round=round_, **record)), flush=True)
        ratios["W1 python/native"].append(native1["seconds"] / s1)
        ratios["W2 python/native"].append(native2["seconds"] / s2)
        ratios["user C vs scipy numpy rhs"].append(sn / su)
        ratios["user C vs scipy same C function"].append(sc / su)
        ratios["n=20: user C vs scipy numpy rhs"].append(small[1] / small[0])
        ratios["n=20: user C vs scipy same C function"].append(small[2] / small[0])
        overheads.append(per_call)
    print(f"# medians over {args.rounds} interleaved rounds (above 1: the first is faster)")
    for name, values in ratios.items():
        print(f"{name}: {statistics.median(values):.3f}  (rounds: {', '.join(f'{v:.3f}' for v in values)})")
    print(f"Community.analyze() n = 2: {statistics.median(overheads) * 1e6:.1f} µs per call")


if __name__ == "__main__":
    main()
