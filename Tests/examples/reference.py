#!/usr/bin/env python3
"""Stored answers for every examples/*.toml, computed here from MODELS.md with NumPy and SciPy —
independent implementations, not Ecodyn's output (as SUNDIALS keeps answer files beside its
examples). `make answers` rewrites Tests/examples/answers/; the test suite
(ExampleAnswersTests) runs each example with `ecodyn` and compares within the stated tolerances.

    python3 Tests/examples/reference.py [names...]

What each answer holds, and from what:
- communities: SciPy solve_ivp (DOP853, rtol 1e-12) of the generalised Lotka–Volterra field;
  random interactions, derived seeds and ensemble draws rebuilt from their written rules
  (the counter-based splitmix64 of shared/peers/workloads.py, substreams, Box–Muller);
  interior equilibria by numpy.linalg.solve, spectra by numpy.linalg.eigvals; ensembles by a
  vectorised RK4 over all members (the example's method and step);
- grids: the same schemes written with NumPy (IMEX Euler solved in the Laplacian's
  eigenbasis by numpy.fft / scipy.fft.dctn, RK4 with np.roll stencils), then the pattern
  metrics computed from their definitions;
- the well-mixed Brusselator: solve_ivp from the ring of starts;
- the stability sweep: eigenvalues of the 2×2 Jacobians by numpy, the Turing test by sampling
  the dispersion relation;
- the alliance: the closed forms of MODELS.md §3, the sharing range by scipy.optimize.brentq,
  Raiffa and Shapley from their definitions.
"""
import json
import math
import os
import sys
import tomllib

import numpy as np
from scipy import fft as sfft
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
M64 = (1 << 64) - 1

# ---------------------------------------------------------------------------------------------
# Counter-based random numbers (CounterRandom; shared/peers/workloads.py)


def bits(stream, k):
    z = (stream * 0x9E3779B97F4A7C15 + (k + 1) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def uniform(stream, k):
    return (bits(stream, k) >> 11) * 2.0**-53


def uniforms(stream, count, start=0):
    """uniform(stream, start + i) for i < count, vectorised."""
    k = np.arange(start + 1, start + count + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(stream * 0x9E3779B97F4A7C15 & M64) + k * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


def normal(stream, k):
    u1 = 1 - uniform(stream, 2 * k + 2)
    u2 = uniform(stream, 2 * k + 3)
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def substream(stream, *keys):
    for key in keys:
        stream = bits(stream, key)
    return stream


# ---------------------------------------------------------------------------------------------
# Communities (MODELS.md §1)

TYPES = ["competition", "mutualism", "predation", "commensalism", "amensalism", "neutral"]
SIGNS = {"competition": (-1, -1), "mutualism": (1, 1), "predation": (-1, 1), "commensalism": (0, 1),
         "amensalism": (-1, 0), "neutral": (0, 0)}


def vector(value, n):
    return np.full(n, float(value)) if not isinstance(value, list) else np.array(value, dtype=float)


def pair_type(pair, types, mix, total):
    """A linked pair's type: its uniform 1 against the mix's weights, in the fixed type order."""
    pick = uniform(pair, 1) * total
    for x in types:
        pick -= mix[x]
        if pick < 0:
            return x
    return types[-1]


def random_delta(n, t):
    """δ of [model.random]: pair (i < j) drawn from substream(seed, i·n + j): linked when its
    uniform 0 is below the connectance, typed by its uniform 1 against the mix (types in the
    fixed order above), magnitudes σ|N| (normal draws 1, 2) or σ√3·U (uniform draws 10, 12)."""
    mix = t.get("mix", {"competition": 1.0})
    mix = {("predation" if k == "parasitism" else k): v for k, v in mix.items()}
    types = [x for x in TYPES if mix.get(x, 0) > 0]
    total = sum(mix[x] for x in types)
    sigma, seed = t["sigma"], t["seed"]
    normal_magnitudes = t.get("distribution", "normal") == "normal"
    delta = np.zeros((n, n))
    for i in range(n):
        delta[i, i] = t.get("self", 1.0)
        for j in range(i + 1, n):
            pair = substream(seed, i * n + j)
            if not uniform(pair, 0) < t["connectance"]:
                continue
            kind = pair_type(pair, types, mix, total)

            def magnitude(draw):
                return sigma * abs(normal(pair, draw)) if normal_magnitudes else sigma * math.sqrt(3) * uniform(pair, 2 * draw + 8)
            on_i, on_j = SIGNS[kind]
            delta[i, j] = -on_i * magnitude(1)
            delta[j, i] = -on_j * magnitude(2)
    return delta


def sparse_random_delta(n, t):
    """δ of [model.random] with storage = "sparse" (scipy.sparse CSR): row i's partners j > i by
    geometric skips, the gap ⌊ln(1 − u)/ln(1 − C)⌋ with u the k-th uniform of substream(seed, i,
    "sparse"); each pair typed and sized from substream(seed, i·n + j) as in random_delta."""
    import scipy.sparse as sps
    mix = t.get("mix", {"competition": 1.0})
    mix = {("predation" if k == "parasitism" else k): v for k, v in mix.items()}
    types = [x for x in TYPES if mix.get(x, 0) > 0]
    total = sum(mix[x] for x in types)
    sigma, seed, c = t["sigma"], t["seed"], t["connectance"]
    skip = math.log1p(-c)
    rows, cols, vals = list(range(n)), list(range(n)), [t.get("self", 1.0)] * n
    for i in range(n):
        row, j, k = substream(seed, i, 0x737061727365), i, 0
        while True:
            gap = math.floor(math.log1p(-uniform(row, k)) / skip)
            k += 1
            if gap >= n - j:
                break
            j += 1 + gap
            if j >= n:
                break
            pair = substream(seed, i * n + j)
            on_i, on_j = SIGNS[pair_type(pair, types, mix, total)]
            for (a, b, sign, draw) in ((i, j, on_i, 1), (j, i, on_j, 2)):
                if sign != 0:
                    rows.append(a); cols.append(b); vals.append(-sign * sigma * abs(normal(pair, draw)))
    return sps.coo_matrix((vals, (rows, cols)), shape=(n, n)).tocsr()


def community(model):
    n = model.get("n") or next(len(model[k]) for k in ("r", "mu", "K", "delta") if isinstance(model.get(k), list))
    r, mu, K = vector(model["r"], n), vector(model.get("mu", 0.0), n), vector(model["K"], n)
    if "random" in model and model["random"].get("storage") == "sparse":
        delta = sparse_random_delta(n, model["random"])
    elif "random" in model:
        delta = random_delta(n, model["random"])
    else:
        delta = np.array(model.get("delta", np.eye(n).tolist()), dtype=float)
    return r, mu, K, delta


def glv(r, mu, K, delta):
    g, a = r - mu, r / K
    return lambda t, x: (g - a * (delta @ x)) * x


def glv_jacobian(r, mu, K, delta, x):
    g, a = r - mu, r / K
    return np.diag(g - a * (delta @ x)) - (a * x)[:, None] * delta


def integrate(field, x0, t_end):
    """The state at t_end, or None when the solution blows up on the way."""
    s = solve_ivp(field, (0, t_end), x0, method="DOP853", rtol=1e-12, atol=1e-14)
    if not s.success or not np.all(np.abs(s.y[:, -1]) < 1e12):
        return None
    return np.maximum(s.y[:, -1], 0.0)


def survivors(x):
    return int(np.sum(x > 1e-6))


def check(path, value, rtol=0.0, atol=0.0, file="summary.json"):
    return {"file": file, "path": path, "value": value, "rtol": rtol, "atol": atol}


def community_run(spec):
    r, mu, K, delta = community(spec["model"])
    x0 = vector(spec["initial"]["x"], len(r))
    x = integrate(glv(r, mu, K, delta), x0, spec["integrate"]["t_end"])
    if len(r) > 1000:   # a large community: every 997th member, the survivors and the total
        return {"command": ["run"], "source": "SciPy solve_ivp DOP853 (rtol 1e-12) of the GLV field with a scipy.sparse δ",
                "checks": [check(["final_state", i], x[i], rtol=1e-5, atol=1e-7) for i in range(0, len(r), 997)]
                          + [check(["survivors"], survivors(x))]}
    # dopri5 at the spec's tolerances: the final state to about 1e-5 of the reference.
    return {"command": ["run"], "source": "SciPy solve_ivp DOP853 (rtol 1e-12) of the GLV field",
            "checks": [check(["final_state"], x.tolist(), rtol=1e-5, atol=1e-7), check(["survivors"], survivors(x))]}


def driver_value(form, t):
    """A [drivers] form at time t, from its definition in docs/drivers.md."""
    if "piecewise" in form:
        value = form["piecewise"][0][1]
        for start, v in form["piecewise"]:
            if t >= start:
                value = v
        return value
    if "ramp" in form:
        p = form["ramp"]
        return p["from"] if t <= p["start"] else p["to"] if t >= p["end"] else p["from"] + (p["to"] - p["from"]) * (t - p["start"]) / (p["end"] - p["start"])
    if "periodic" in form:
        p = form["periodic"]
        return p["mean"] + p["amplitude"] * np.sin(2 * np.pi * t / p["period"] + p.get("phase", 0.0))
    raise ValueError(f"no reference for the driver {form}")


def driven_final(spec, r, mu, K, delta, x0):
    """[drivers] and [[events]]: the GLV field with the driven parameters evaluated at t, integrated
    by SciPy between the drivers' jumps and the events, each event applied to the state there;
    entrants appended as members held at 0 until they enter. The final state."""
    n = len(r)
    events = spec.get("events", [])
    entries = [e for e in events if e.get("member") == "new"]
    m = n + len(entries)
    r, mu, K = np.concatenate([r, [e["r"] for e in entries]]), np.concatenate([mu, [e.get("mu", 0.0) for e in entries]]), np.concatenate([K, [e["K"] for e in entries]])
    d = np.eye(m)
    d[:n, :n] = delta
    for k, e in enumerate(entries):
        row, column = e.get("delta_row", []), e.get("delta_column", [])
        d[n + k, :len(row)] = row
        d[:len(column), n + k] = column
    drivers = spec.get("drivers", {})

    def parameters(t):
        p = {"r": r.copy(), "mu": mu.copy(), "K": K.copy()}
        for key, form in drivers.items():
            name = key[len("model."):]
            base, _, index = name.partition("[")
            if index:
                p[base][int(index.rstrip("]"))] = driver_value(form, t)
            else:
                p[base][:] = driver_value(form, t)
        return p

    def field(t, x):
        p = parameters(t)
        return (p["r"] - p["mu"] - p["r"] / p["K"] * (d @ x)) * x

    t_end = spec["integrate"]["t_end"]
    breaks = {t for form in drivers.values() if "piecewise" in form for t, _ in form["piecewise"]}
    breaks |= {t for form in drivers.values() if "ramp" in form for t in (form["ramp"]["start"], form["ramp"]["end"])}
    ends = sorted({t for t in breaks | {e["at"] for e in events} if 0 < t < t_end} | {t_end})
    x = np.concatenate([x0, np.zeros(len(entries))])
    start, entrant = 0.0, n
    for end in ends:
        x = np.maximum(solve_ivp(field, (start, end), x, method="DOP853", rtol=1e-12, atol=1e-14).y[:, -1], 0.0)
        for e in (e for e in events if e["at"] == end):
            if e.get("member") == "new":
                x[entrant] = e["x0"]
                entrant += 1
            elif e.get("exit"):
                x[e["member"]] = 0.0
            elif "multiply" in e:
                x[e["member"]] *= e["multiply"]
            elif "add" in e:
                x[e["member"]] = max(0.0, x[e["member"]] + e["add"])
            else:
                x[e["member"]] = e["set"]
        start = end
    return x


def community_driven_run(spec):
    r, mu, K, delta = community(spec["model"])
    x = driven_final(spec, r, mu, K, delta, vector(spec["initial"]["x"], len(r)))
    return {"command": ["run"], "source": "SciPy solve_ivp DOP853 (rtol 1e-12) of the driven GLV field between the break points and events",
            "checks": [check(["final_state"], x.tolist(), rtol=1e-5, atol=1e-7), check(["survivors"], survivors(x))]}


def community_driven_ensemble(spec):
    """Each member's draws rebuilt (as in community_ensemble), then its own driven run (driven_final)."""
    r0, mu0, K0, delta = community(spec["model"])
    r, mu, K, x = ensemble_draws(spec, r0, mu0, K0)
    final = np.array([driven_final(spec, r[:, b], mu[:, b], K[:, b], delta, x[:, b]) for b in range(r.shape[1])])
    counts = [int(np.sum(final > 1e-6, axis=1).tolist().count(k)) for k in range(final.shape[1] + 1)]
    return {"command": ["run"], "source": "SciPy solve_ivp DOP853 (rtol 1e-12) of each member's driven GLV field, draws rebuilt from their rules",
            "checks": [check(["survivors", "members_with"], counts),
                       check(["final_total", "mean"], float(final.sum(axis=1).mean()), rtol=1e-5),
                       {"file": "final_state.npy", "array": final.ravel().tolist(), "rtol": 1e-5, "atol": 1e-7}]}


def derived_seed(sweep_seed, original, replicate):
    return bits(substream(sweep_seed, original, replicate), 0) >> 1


def linspace(spec):
    lo, hi, n = spec["linspace"]
    return [lo + (hi - lo) * k / (n - 1) if k < n - 1 else hi for k in range(int(n))] if n > 1 else [lo]


def community_sweep(spec):
    """Points in the sweep's order (names sorted, the last fastest, then replicates): survivors
    and the end state's largest real part from the integration, feasibility from the interior
    equilibrium."""
    sweep, model = spec["sweep"], spec["model"]
    names = sorted(sweep["parameters"])
    grids = [linspace(sweep["parameters"][k]) for k in names]
    replicates, seed = sweep.get("replicates", 1), sweep.get("seed", 0)
    rows = []
    for combo in np.ndindex(*[len(g) for g in grids]):
        for rep in range(replicates):
            m = json.loads(json.dumps(model))
            for name, level, grid in zip(names, combo, grids):
                m["random"][name.split(".")[-1]] = grid[level]
            m["random"]["seed"] = derived_seed(seed, model["random"]["seed"], rep)
            r, mu, K, delta = community(m)
            x = integrate(glv(r, mu, K, delta), vector(spec["initial"]["x"], len(r)), spec["integrate"]["t_end"])
            star = np.linalg.solve(delta, K * (1 - mu / r))
            if x is None:
                rows.append({"status": "diverged", "feasible": int(bool(np.all(star > 0)))})
                continue
            end = float(np.max(np.linalg.eigvals(glv_jacobian(r, mu, K, delta, x)).real))
            # The end state's spectrum is compared only where the run has settled (|dX/dt| < 1e-8):
            # on a transient the state, and so J(X), carries the method's tolerance amplified; and
            # there to 1e-3, what dopri5 at the example's rtol (1e-6) keeps over t = 200.
            settled = bool(np.max(np.abs(glv(r, mu, K, delta)(0, x))) < 1e-8)
            rows.append({"status": "ok", "survivors": survivors(x), "end_max_real": end, "feasible": int(bool(np.all(star > 0))),
                         "near_threshold": bool(np.any((x > 1e-7) & (x < 1e-5))), "settled": settled})
    return {"command": ["sweep"], "source": "SciPy solve_ivp DOP853 (rtol 1e-12) per point; numpy.linalg.solve and eigvals",
            "rows": rows, "tolerances": {"end_max_real": {"rtol": 1e-3, "atol": 1e-5}}}


def ensemble_draws(spec, r0, mu0, K0):
    """r, mu, K and x (n × members) of an [ensemble]: field codes r 1, mu 2, K 3, x 4;
    substream(seed, field, b), uniform i."""
    n, e = len(r0), spec["ensemble"]
    B, seed = e["members"], e.get("seed", 0)

    def draws(key, code, base):
        if key not in e:
            return np.tile(base[:, None], (1, B))
        lo, hi = e[key]["uniform"]
        return np.array([[lo + (hi - lo) * uniform(substream(seed, code, b), i) for b in range(B)] for i in range(n)])
    return draws("r", 1, r0), draws("mu", 2, mu0), draws("K", 3, K0), draws("x", 4, vector(spec["initial"]["x"], n))


def community_ensemble(spec):
    """The members' draws rebuilt (field codes r 1, mu 2, K 3, x 4; substream(seed, field, b),
    uniform i), then RK4 with the spec's dt over all members at once, clamping at 0."""
    r0, mu0, K0, delta = community(spec["model"])
    n = len(r0)
    r, mu, K, x = ensemble_draws(spec, r0, mu0, K0)
    g, a = r - mu, r / K
    f = lambda y: (g - a * (delta @ y)) * y
    dt, steps = spec["integrate"]["dt"], round(spec["integrate"]["t_end"] / spec["integrate"]["dt"])
    for _ in range(steps):
        k1 = f(x); k2 = f(x + 0.5 * dt * k1); k3 = f(x + 0.5 * dt * k2); k4 = f(x + dt * k3)
        x = np.maximum(x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4), 0.0)
    final = x.T  # members × species
    counts = [int(np.sum(final > 1e-6, axis=1).tolist().count(k)) for k in range(n + 1)]
    return {"command": ["run"], "source": "NumPy RK4 over all members (the example's dt), draws rebuilt from their rules",
            "checks": [check(["survivors", "members_with"], counts),
                       check(["final_total", "mean"], float(final.sum(axis=1).mean()), rtol=1e-9),
                       {"file": "final_state.npy", "array": final.ravel().tolist(), "rtol": 1e-8, "atol": 1e-10}]}


# ---------------------------------------------------------------------------------------------
# Kinetics and grids (MODELS.md §2)


def kinetics(model):
    kind = model["kind"]
    if kind == "brusselator":
        a, b = model["a"], model["b"]
        m1, m2 = model.get("diffusion", [0, 0])
        return (lambda u, v: (a - (b + 1) * u + u * u * v, b * u - u * u * v)), (a, b / a), (m1, m2)
    if kind == "fitzhugh-nagumo":
        eps, a0, a1 = model["epsilon"], model["a0"], model["a1"]
        du, dv = model["diffusion"]
        roots = np.roots([1, 0, 1 / a1 - 1, -a0 / a1])
        roots = sorted(float(z.real) for z in roots if abs(z.imag) < 1e-12)
        stable = [u for u in roots if (1 - 3 * u * u) - eps * a1 < 0 and -(1 - 3 * u * u) * eps * a1 + eps > 0]
        u0 = (stable or roots)[0]
        return (lambda u, v: (u - u ** 3 - v, eps * (u - a1 * v - a0))), (u0, (u0 - a0) / a1), (du, dv)
    raise ValueError(kind)


def axis_eigenvalues(n, h, boundary):
    k = np.arange(n)
    return 4 / h**2 * np.sin(np.pi * k / (n if boundary == "periodic" else 2 * n)) ** 2


def axis_wavenumbers(n, h, boundary):
    m = np.arange(n)
    return 2 * np.pi * np.minimum(m, n - m) / (n * h) if boundary == "periodic" else np.pi * m / (n * h)


def laplacian(w, h, boundary):
    """The 5-point Laplacian; no-flux ghosts equal the edge cell."""
    mode = "wrap" if boundary == "periodic" else "edge"
    p = np.pad(w, 1, mode=mode)
    return (p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4 * w) / h**2


def implicit_diffusion(w, d, dt, h, boundary):
    """(1 + dt·d·(−Δ_h)) y = w, exactly in the eigenbasis (FFT periodic, DCT-II no-flux)."""
    ny, nx = w.shape
    mu = axis_eigenvalues(ny, h, boundary)[:, None] + axis_eigenvalues(nx, h, boundary)[None, :]
    if boundary == "periodic":
        return np.real(np.fft.ifft2(np.fft.fft2(w) / (1 + dt * d * mu)))
    return sfft.idctn(sfft.dctn(w, type=2, norm="ortho") / (1 + dt * d * mu), type=2, norm="ortho")


def pattern(u, earlier, h, boundary, interval, tolerance=1e-3):
    """PatternMetrics from its definition: mean, variance, the wavenumber of u's strongest
    non-uniform mode, and the regime from the relative RMS change per unit time."""
    mean, var = float(u.mean()), float(u.var())
    ny, nx = u.shape
    if boundary == "periodic":
        power = np.abs(np.fft.fft2(u - mean)) ** 2
    else:
        power = sfft.dctn(u - mean, type=2) ** 2
    kx, ky = axis_wavenumbers(nx, h, boundary), axis_wavenumbers(ny, h, boundary)
    k = np.sqrt(ky[:, None] ** 2 + kx[None, :] ** 2)
    power[k == 0] = -1
    uniform_ = math.sqrt(var) <= tolerance * max(1, abs(mean))
    dominant = 0.0 if uniform_ else float(k.ravel()[np.argmax(power.ravel())])
    rate = np.linalg.norm(u - earlier) / max(np.linalg.norm(u), 1e-300) / interval
    regime = "oscillating" if rate > tolerance else ("homogeneous" if uniform_ else "stationary-pattern")
    return mean, var, dominant, regime


def grid_run(spec):
    model, grid, init, integ = spec["model"], spec["grid"], spec.get("initial", {}), spec["integrate"]
    f, (u0, v0), (du, dv) = kinetics(model)
    nx, ny = grid["shape"]
    h, boundary = grid.get("spacing", 1.0), grid.get("boundary", "periodic")
    amp, seed = init.get("perturbation", 0.01), init.get("seed", 1)
    n = nx * ny
    draws = uniforms(seed, 2 * n)
    u = (u0 + amp * (draws[:n] - 0.5)).reshape(ny, nx)
    v = (v0 + amp * (draws[n:] - 0.5)).reshape(ny, nx)
    dt, method = integ["dt"], integ.get("method", "euler")
    steps = round(integ["t_end"] / dt)
    tail = max(1, steps // 10)

    def rates(u, v):
        fu, fv = f(u, v)
        return fu + du * laplacian(u, h, boundary), fv + dv * laplacian(v, h, boundary)
    earlier = None
    for step in range(steps):
        if step == steps - tail:
            earlier = u.copy()
        if method == "imex":
            fu, fv = f(u, v)
            u, v = implicit_diffusion(u + dt * fu, du, dt, h, boundary), implicit_diffusion(v + dt * fv, dv, dt, h, boundary)
        elif method == "rk4":
            k1 = rates(u, v); k2 = rates(u + dt / 2 * k1[0], v + dt / 2 * k1[1])
            k3 = rates(u + dt / 2 * k2[0], v + dt / 2 * k2[1]); k4 = rates(u + dt * k3[0], v + dt * k3[1])
            u, v = u + dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]), v + dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
        else:
            ru, rv = rates(u, v)
            u, v = u + dt * ru, v + dt * rv
    mean, var, dominant, regime = pattern(u, earlier, h, boundary, tail * dt)
    return {"command": ["run"], "source": f"NumPy {method} on the {nx}×{ny} grid, pattern metrics from their definitions",
            "checks": [check(["pattern", "mean", 0], mean, rtol=1e-9, atol=1e-12),
                       check(["pattern", "variance", 0], var, rtol=1e-6, atol=1e-14),
                       check(["pattern", "dominant_k"], dominant, rtol=1e-9, atol=1e-12),
                       check(["pattern", "pattern"], regime),
                       {"file": "u.npy", "sum": float(u.sum()), "min": float(u.min()), "max": float(u.max()), "rtol": 1e-7, "atol": 1e-9}]}


def well_mixed(spec):
    f, (u0, v0), _ = kinetics(spec["model"])
    init, t_end = spec.get("initial", {}), spec["integrate"]["t_end"]
    count = init.get("count", 8)
    radius = init.get("radius", max(0.5 * max(abs(u0), abs(v0)), 0.1))
    starts = [[max(0, u0 + radius * math.cos(2 * math.pi * k / count)), max(0, v0 + radius * math.sin(2 * math.pi * k / count))]
              for k in range(count)]
    finals = [integrate(lambda t, y: np.array(f(y[0], y[1])), np.array(s), t_end).tolist() for s in starts]
    return {"command": ["run"], "source": "SciPy solve_ivp DOP853 (rtol 1e-12) from the ring of starts",
            "checks": [check(["trajectories", k, "final_state"], finals[k], rtol=1e-6, atol=1e-8) for k in range(count)]}


def brusselator_sweep(spec):
    """Classification counts, the sum of max Re λ, the Turing count, from numpy eigenvalues of
    J = [[b − 1, a²], [−b, −a²]] and the dispersion relation sampled on k² ∈ (0, 50]."""
    m1, m2 = spec["model"]["diffusion"]
    a_grid, b_grid = linspace(spec["sweep"]["parameters"]["a"]), linspace(spec["sweep"]["parameters"]["b"])
    counts, total, turing = {}, 0.0, 0
    k2 = np.linspace(1e-4, 50, 20001)
    for a in a_grid:
        for b in b_grid:
            lam = np.linalg.eigvals(np.array([[b - 1, a * a], [-b, -a * a]]))
            re = lam.real.max()
            tau = 1e-9 * max(1, np.abs(lam).max())
            if abs(re) <= tau:
                c = "non-hyperbolic"
            else:
                lead = lam[np.argmax(lam.real)]
                c = ("stable-" if re < 0 else "unstable-") + ("focus" if abs(lead.imag) > tau else "node")
            counts[c] = counts.get(c, 0) + 1
            total += re
            det = (b - 1 - m1 * k2) * (-a * a - m2 * k2) + a * a * b
            turing += int(re < 0 and bool(np.any(det < 0)))
    return {"command": ["sweep"], "source": "numpy.linalg.eigvals per point; the dispersion relation sampled",
            "aggregates": {"classification": counts, "max_real_sum": total, "turing_unstable": turing},
            "tolerances": {"max_real_sum": {"rtol": 1e-10}}}


# ---------------------------------------------------------------------------------------------
# Alliance (MODELS.md §3)


def alliance(spec):
    m = spec["model"]
    K, gamma, c, beta, b1, b2 = (m[k] for k in ("K", "gamma", "c", "beta", "b1", "b2"))
    # The leader's problem after the follower's response w = (β + b₂s)/b₁ + c − p is a concave
    # quadratic; its first-order conditions give (with A = β + b₂s) p = (3A + b₁c)/(4b₁) and
    # s = b₂(β − b₁c)/(4b₁γ − b₂²).
    s1 = b2 * (beta - b1 * c) / (4 * b1 * gamma - b2 * b2)
    p1 = (3 * (beta + b2 * s1) + b1 * c) / (4 * b1)
    w1 = (beta + b2 * s1) / b1 + c - p1
    D1 = beta - b1 * p1 + b2 * s1
    pi1, pi2 = (p1 - w1) * D1 - gamma * s1 * s1 / 2 - K, (w1 - c) * D1
    p2 = (beta * gamma + b1 * gamma * c - c * b2 * b2) / (2 * b1 * gamma - b2 * b2)
    s2 = b2 * (p2 - c) / gamma
    profit2 = (p2 - c) * (beta - b1 * p2 + b2 * s2) - gamma * s2 * s2 / 2 - K

    def sharing(lam):
        w = ((beta * gamma + b1 * gamma * c - c * b2 * b2) * (b2 * b2 * lam * lam - 2 * lam * b1 * gamma)
             / ((2 * b1 * gamma - b2 * b2) * (lam * b2 * b2 - b1 * gamma)) + lam * gamma * beta / (lam * b2 * b2 - b1 * gamma))
        s = b2 * (lam * p2 - w) / gamma
        D = beta - b1 * p2 + b2 * s
        return w, s, lam * p2 * D - w * D - gamma * s * s / 2 - K, ((1 - lam) * p2 + w - c) * D
    conds = [lambda l: sharing(l)[2] - pi1, lambda l: sharing(l)[3] - pi2, lambda l: sharing(l)[2] - sharing(l)[3]]
    grid = np.linspace(0.01, 0.99, 981)
    roots = sorted(brentq(g, x, y, xtol=1e-14) for g in conds for x, y in zip(grid, grid[1:]) if g(x) * g(y) < 0)
    feasible = [l for l in grid if all(g(l) > 0 for g in conds)]
    lo = max(r for r in roots if r <= feasible[0]); hi = min(r for r in roots if r >= feasible[-1])
    checks = [check(["decentralized", "p"], p1, rtol=1e-12), check(["decentralized", "w"], w1, rtol=1e-12),
              check(["decentralized", "s"], s1, rtol=1e-12), check(["decentralized", "platform_profit"], pi1, rtol=1e-12), check(["centralized", "p"], p2, rtol=1e-12),
              check(["centralized", "profit"], profit2, rtol=1e-12), check(["lambda_range"], [lo, hi], rtol=1e-9)]
    for k, lam in enumerate(spec["sharing"]["lambda"]["values"]):
        w, s, a, b = sharing(lam)
        checks += [check(["sharing", k, "w"], w, rtol=1e-10), check(["sharing", k, "s"], s, rtol=1e-10),
                   check(["sharing", k, "platform_profit"], a, rtol=1e-10), check(["sharing", k, "manufacturer_profit"], b, rtol=1e-10)]
    for c in checks:
        c["file"] = "report.json"
    return {"command": ["alliance"], "source": "MODELS.md §3 closed forms (the leader's optimum from its first-order conditions); the range by brentq",
            "checks": checks}


# ---------------------------------------------------------------------------------------------


# Examples whose header runs `ecodyn continue`: the options after the spec.
CONTINUATIONS = {
    "community-extinctions": ["--parameter", "model.K[0]", "--to", "40"],
    "gray-scott-folds": ["--parameter", "model.F", "--to", "0.2", "--show", "v"],
}


def community_extinctions(spec, options):
    """The extinctions of a community as K[0] grows, by exact linear algebra: on a set S of members
    the equilibrium x_S = δ_SS⁻¹ K'_S is affine in K[0], so each member's zero and each absent
    member's invasion threshold ρ_j = g_j − a_j (δx)_j = 0 is the root of an affine function; the
    next event is the nearest root ahead, then S changes and the search goes on."""
    r, mu, K, delta = community(spec["model"])
    n, target = len(r), float(options[options.index("--to") + 1])
    g, a = r - mu, r / K

    def state(S, p):
        capacity = K * (1 - mu / r)
        capacity[0] = p * (1 - mu[0] / r[0])
        x = np.zeros(n)
        x[S] = np.linalg.solve(delta[np.ix_(S, S)], capacity[S])
        return x

    S, p, events = list(range(n)), float(K[0]), []
    while True:
        x1, x2 = state(S, p), state(S, p + 1.0)
        d = x2 - x1
        rho1, rho2 = g - a * (delta @ x1), g - a * (delta @ x2)
        candidates = [(p - x1[i] / d[i], i, "leaves") for i in S if d[i] < 0]
        candidates += [(p - rho1[j] / (rho2[j] - rho1[j]), j, "enters") for j in range(n) if j not in S and rho2[j] > rho1[j]]
        candidates = [c for c in candidates if p + 1e-12 < c[0] <= target]
        if not candidates:
            break
        at, member, what = min(candidates)
        events.append((at, member, what))
        S = sorted(set(S) - {member}) if what == "leaves" else sorted(S + [member])
        p = at
    checks = []
    for k, (at, member, what) in enumerate(events):
        checks.append(check(["bifurcations", k, "parameter_value"], at, rtol=1e-8, file="branches.json"))
        checks.append(check(["bifurcations", k, "note"], f"member {member} {what}", file="branches.json"))
    return {"command": ["continue"] + options, "checks": checks,
            "source": "exact: affine equilibria on each set of members (NumPy solve), roots of the members' values and invasion rates"}


def gray_scott_folds(spec, options):
    """Gray–Scott's nontrivial states exist where F > 4(F + k)²: folds at the roots of
    4F² + (8k − 1)F + 4k² = 0. On the upper state uv = F + k makes trace J = k − v², so the Hopf
    point is where v = √k there: F² + (2k − √k)F + k² = 0, the smaller root (the larger one lies
    on the lower state, a neutral saddle). ecodyn starts on the upper state at F = 0.04 going up:
    the upper fold, then down the lower state to the lower fold, then up to the Hopf point."""
    F0, k = spec["model"]["F"], spec["model"]["k"]
    lo, hi = sorted(np.roots([4, 8 * k - 1, 4 * k * k]).real)
    root = math.sqrt(k)
    hopf = ((root - 2 * k) - math.sqrt((root - 2 * k) ** 2 - 4 * k * k)) / 2
    v = math.sqrt(k)
    u = (hopf + k) / v
    omega = math.sqrt((-v * v - hopf) * (2 * u * v - (hopf + k)) + 2 * u * v * v * v)   # det J
    events = [("fold", hi), ("fold", lo), ("hopf", hopf)]
    checks = []
    for j, (kind, at) in enumerate(events):
        checks.append(check(["bifurcations", j, "type"], kind, file="branches.json"))
        checks.append(check(["bifurcations", j, "parameter_value"], at, rtol=1e-9, file="branches.json"))
    checks.append(check(["bifurcations", 2, "frequency"], omega, rtol=1e-8, file="branches.json"))
    return {"command": ["continue"] + options, "checks": checks,
            "source": "closed forms: folds at F = 4(F + k)², the Hopf point at v = √k on the upper state"}


def answer(name, spec):
    if name in CONTINUATIONS:
        return {"community-extinctions": community_extinctions, "gray-scott-folds": gray_scott_folds}[name](spec, CONTINUATIONS[name])
    kind = spec["model"]["kind"]
    if kind == "alliance":
        return alliance(spec)
    if kind == "community":
        if "sweep" in spec:
            return community_sweep(spec)
        if "drivers" in spec or "events" in spec:
            return community_driven_ensemble(spec) if "ensemble" in spec else community_driven_run(spec)
        return community_ensemble(spec) if "ensemble" in spec else community_run(spec)
    if "sweep" in spec:
        return brusselator_sweep(spec)
    return grid_run(spec) if "grid" in spec else well_mixed(spec)


def main():
    names = sys.argv[1:] or sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "examples")) if f.endswith(".toml"))
    os.makedirs(os.path.join(HERE, "answers"), exist_ok=True)
    for name in names:
        with open(os.path.join(ROOT, "examples", name + ".toml"), "rb") as f:
            spec = tomllib.load(f)
        result = {"example": name, **answer(name, spec)}
        path = os.path.join(HERE, "answers", name + ".json")
        with open(path + ".partial", "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
        os.replace(path + ".partial", path)
        print(f"{name}: {result['source']}")


if __name__ == "__main__":
    main()
