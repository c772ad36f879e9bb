"""Integration: communities, kinetics and user C functions through Ecodyn's Dormand–Prince, RK4
and Euler–Maruyama, and batched ensembles."""
import ctypes

import numpy as np

from . import _native as N
from ._arrays import as_float_array, matrix, pointer, vector
from .community import Community, Stability

_METHODS = {"auto": 5, "dopri5": 0, "rk45": 0, "bdf": 4, "rk4": 1, "euler-maruyama": 2, "milstein": 3}
_ADAPTIVE = (0, 4, 5)


class CFunction:
    """A user model dx/dt = f(t, x) compiled to C: `pointer` is a ctypes function of type
    ``ecodyn.RHS`` (``CFUNCTYPE(None, c_double, POINTER(c_double), POINTER(c_double), c_void_p)``),
    a numba ``cfunc``'s ``address``, or the integer address of a C function
    ``void f(double t, const double *x, double *dx, void *context)``. `jacobian` (same forms,
    writing ∂f/∂x column-major) is used by `analyze`; `context` is passed to both (an int address,
    a ctypes object, or None)."""

    def __init__(self, pointer, dimension, jacobian=None, context=None):
        if not isinstance(dimension, (int, np.integer)) or dimension < 1:
            raise ValueError(f"dimension: must be a positive int, got {dimension!r}")
        self.dimension = int(dimension)
        self._keep = (pointer, jacobian, context)   # ctypes callbacks must outlive the calls
        self.address = _address("pointer", pointer)
        self.jacobian_address = _address("jacobian", jacobian) if jacobian is not None else None
        if context is None or isinstance(context, int):
            self.context = context
        else:
            try:
                self.context = ctypes.cast(context, ctypes.c_void_p).value
            except ctypes.ArgumentError:
                self.context = ctypes.addressof(context)

    def analyze(self, x, t=0.0):
        """The stability of state x: the Jacobian from `jacobian`, else central differences of f."""
        n = self.dimension
        state = vector("x", x, n)
        jacobian, real, imaginary = np.empty((n, n)), np.empty(n), np.empty(n)
        summary = N.Stability()
        N.check(N.lib.ecodyn_function_stability(n, self.address, self.jacobian_address, self.context, float(t),
                                                pointer(state), pointer(jacobian), pointer(real), pointer(imaginary),
                                                ctypes.byref(summary)))
        return Stability(state, real, imaginary, summary, jacobian)


def _address(name, function):
    if isinstance(function, int):
        if function == 0:
            raise ValueError(f"{name}: the address is 0 (NULL)")
        return function
    try:
        return ctypes.cast(function, ctypes.c_void_p).value
    except ctypes.ArgumentError:
        raise TypeError(f"{name}: expected a ctypes function, a numba cfunc address or an int address, got "
                        f"{type(function).__name__}") from None


class OdeResult:
    """The result of `integrate`, as SciPy's: `t` (saved times), `y` (shape (n, len(t))), `status`
    ("finished", "diverged", "max-steps"), `success`, `message`, `nfev`, `steps`, `rejected`;
    `phases`: for method "auto", the methods that ran and when each took over, [("dopri5", 0.0),
    ("bdf", 101.5), …] (empty for a named method)."""

    __slots__ = ("t", "y", "status", "success", "message", "nfev", "steps", "rejected", "clamped", "events", "phases")

    def __repr__(self):
        return f"OdeResult(status={self.status!r}, steps={self.steps}, nfev={self.nfev}, t=[{self.t[0]} … {self.t[-1]}])"


_DIRECTIONS = {"rising": 0, "falling": 1, "either": 2}


def _options(method, rtol, atol, dt, first_step, max_step, max_steps, save_every, sigma, noise, seed, threads, dimension,
             extinction=None, level=None):
    options = N.IntegrateOptions()
    N.lib.ecodyn_integrate_options_default(ctypes.byref(options))
    if method not in _METHODS:
        raise ValueError(f"method: must be one of {', '.join(_METHODS)}, got {method!r}")
    options.method = _METHODS[method]
    options.rtol, options.atol = float(rtol), float(atol)
    keep = None
    if options.method in _ADAPTIVE:
        if dt is not None:
            raise ValueError(f"dt: {method} chooses its own steps; give rtol and atol, or method='rk4'")
        if options.method != 0 and (first_step is not None or max_step is not None):
            raise ValueError(f"first_step: {method} chooses its own steps; first_step and max_step apply to method='dopri5'")
        options.dt = float(first_step or 0.0)
        options.max_step = float(max_step or 0.0)
        if max_steps is not None:
            options.max_steps = int(max_steps)
    else:
        if dt is None:
            raise ValueError(f"dt: method {method!r} takes a fixed step; pass dt")
        options.dt = float(dt)
    if options.method in (2, 3):
        if sigma is None:
            raise ValueError(f"sigma: {method} needs one noise intensity per component (or a scalar)")
        keep = vector("sigma", sigma, dimension)
        options.sigma = keep.ctypes.data
        if noise not in ("additive", "multiplicative"):
            raise ValueError(f"noise: must be 'additive' or 'multiplicative', got {noise!r}")
        options.noise = 0 if noise == "additive" else 1
        options.seed = int(seed)
    options.save_every = int(save_every)
    options.threads = N.threads_value(threads)
    if extinction is not None:
        options.extinction = float(extinction)
    if level is not None:
        try:
            member, value, *rest = level
        except (TypeError, ValueError):
            raise ValueError(f"level: expected (member or 'total', value[, direction]), got {level!r}") from None
        direction = rest[0] if rest else "either"
        if direction not in _DIRECTIONS:
            raise ValueError(f"level: the direction must be 'rising', 'falling' or 'either', got {direction!r}")
        options.level_member = -1 if member == "total" else int(member)
        options.level, options.level_direction = float(value), _DIRECTIONS[direction]
    return options, keep


def integrate(model, x0, t_span, method=None, rtol=1e-6, atol=1e-9, dt=None, t_eval=None, *, first_step=None,
              max_step=None, max_steps=None, save_every=1, sigma=None, noise="additive", seed=0, threads=None,
              extinction=None, level=None, drivers=None, events=None):
    """Integrates `model` (a `Community`, a kinetics such as `Brusselator`, or a `CFunction`) from
    x0 over t_span = (t0, t1). `method`: "auto" (the default: Dormand–Prince, handing over to
    BDF where the problem turns stiff and back), "dopri5", "bdf"
    (SUNDIALS CVODE), "rk4", "euler-maruyama", "milstein". With `t_eval` the states at those times are returned (dopri5
    interpolates its dense output), else every `save_every`-th step's. The GIL is released
    meanwhile (a ctypes Python callback takes it back for each evaluation).

    Events (the adaptive methods, located on their interpolants): `extinction` — a member falling through this
    abundance dies out there (set to 0); `level` = (member or "total", value[, "rising" |
    "falling" | "either"]) — its crossings are recorded. `result.events` lists them (dicts with
    kind, time, member, direction, state) in time order.

    Communities also take `drivers` — parameters as functions of time, a dict in the forms of a
    spec's [drivers] (docs/drivers.md), e.g. {"r[1]": {"piecewise": [[0, 0.6], [50, 0.9]]},
    "K[0]": {"periodic": {"mean": 10, "amplitude": 2, "period": 10}}} — and `events`, a list of
    scheduled changes such as {"at": 80, "member": 2, "exit": True}, or an entry {"at": 100,
    "member": "new", "r", "mu", "K", "x0", "delta_row", "delta_column"} (member n + k, held at 0
    until it enters: `result.y` then has n + entries rows); the run keeps its own clock
    (t0 ≥ 0), stops at the drivers' jumps and at the events, and lists the events applied."""
    from .kinetics import Kinetics

    try:
        t0, t1 = (float(v) for v in t_span)
    except (TypeError, ValueError):
        raise ValueError(f"t_span: expected (t0, t1), got {t_span!r}") from None
    if isinstance(model, Community):
        n = model.n
    elif isinstance(model, Kinetics):
        n = 2
    elif isinstance(model, CFunction):
        n = model.dimension
    else:
        raise TypeError(f"model: expected a Community, a kinetics or an ecodyn.CFunction, got {type(model).__name__}")
    x = vector("x0", x0, n)
    if method is None:
        method = "auto"
    times = None if t_eval is None else np.ascontiguousarray(as_float_array("t_eval", t_eval).ravel())
    # Entrants (events with member "new") join the state: sigma covers them too.
    entries = sum(1 for e in events if isinstance(e, dict) and e.get("member") == "new") if isinstance(events, list) else 0
    options, keep = _options(method, rtol, atol, dt, first_step, max_step, max_steps, save_every, sigma, noise, seed,
                             threads, n + entries, extinction, level)
    out = ctypes.c_void_p()
    count = 0 if times is None else times.size
    if (drivers is not None or events is not None) and not isinstance(model, Community):
        raise TypeError(f"drivers, events: taken by a Community, got {type(model).__name__}")
    if isinstance(model, Community) and (drivers is not None or events is not None):
        import json
        try:
            texts = [None if v is None else json.dumps(v).encode() for v in (drivers, events)]
        except TypeError as error:
            raise TypeError(f"drivers, events: expected dicts and lists of numbers, {error}") from None
        status = N.lib.ecodyn_community_integrate_driven(model._handle.pointer, x.ctypes.data, t0, t1, pointer(times), count,
                                                         ctypes.byref(options), texts[0], texts[1], ctypes.byref(out))
    elif isinstance(model, Community):
        status = N.lib.ecodyn_community_integrate(model._handle.pointer, x.ctypes.data, t0, t1, pointer(times), count,
                                                  ctypes.byref(options), ctypes.byref(out))
    elif isinstance(model, Kinetics):
        status = N.lib.ecodyn_kinetics_integrate(model._handle.pointer, x.ctypes.data, t0, t1, pointer(times), count,
                                                 ctypes.byref(options), ctypes.byref(out))
    else:
        status = N.lib.ecodyn_integrate_function(n, model.address, model.context, x.ctypes.data, t0, t1, pointer(times),
                                                 count, ctypes.byref(options), ctypes.byref(out))
    del keep
    N.check(status)
    solution = N.Handle(out, N.lib.ecodyn_solution_free)
    info = N.SolutionInfo()
    N.check(N.lib.ecodyn_solution_get_info(out, ctypes.byref(info)))
    n = info.dimension   # a community's n plus its entrants
    t, states = np.empty(info.saved), np.empty((info.saved, n))
    N.check(N.lib.ecodyn_solution_copy(out, t.ctypes.data, states.ctypes.data))
    result = OdeResult()
    result.t, result.y = t, states.T
    result.status = N.STATUSES[info.status]
    result.success = info.status == 0
    result.message = N.lib.ecodyn_solution_message(out).decode() or "finished"
    result.nfev, result.steps, result.rejected, result.clamped = info.evaluations, info.steps, info.rejected, info.clamped
    result.events = _events(out, info.events, n)
    result.phases = _phases(out)
    del solution
    return result


def _events(solution, count, n):
    kinds, members, directions = (np.empty(count, dtype=np.int32) for _ in range(3))
    times, states = np.empty(count), np.empty((count, n))
    if count:
        N.check(N.lib.ecodyn_solution_events(solution, kinds.ctypes.data, times.ctypes.data, members.ctypes.data,
                                             directions.ctypes.data, states.ctypes.data))
    return [{"kind": ("extinction", "level", "scheduled")[k], "time": float(t), "member": None if m < 0 else int(m),
             "direction": ("rising", "falling", "either")[d], "state": x} for k, t, m, d, x in zip(kinds, times, members, directions, states)]


def _phases(solution):
    count = ctypes.c_size_t()
    N.check(N.lib.ecodyn_solution_phases(solution, None, None, 0, ctypes.byref(count)))
    codes, starts = np.empty(count.value, dtype=np.int32), np.empty(count.value)
    if count.value:
        N.check(N.lib.ecodyn_solution_phases(solution, codes.ctypes.data, starts.ctypes.data, count.value, ctypes.byref(count)))
    return [("bdf" if c == 4 else "dopri5", float(t)) for c, t in zip(codes, starts)]


class EnsembleResult:
    """Per member of an ensemble: `final_state` and `time_average` (n, B), `survivors` (B,), `status`
    (B strings); `steps` and `nfev` summed over members."""

    __slots__ = ("final_state", "time_average", "survivors", "status", "steps", "nfev", "diverged")


def integrate_ensemble(delta, r, mu, K, x0, dt=None, steps=None, *, method="rk4", t_end=None, rtol=1e-6, atol=1e-9,
                       sigma=None, noise="additive", seed=0, threads=None):
    """B members sharing δ (n, n), each with its own r, μ, K and initial state, all of shape (n, B)
    (or (n,) / scalars, broadcast over members), integrated together: RK4 with `dt` for `steps`
    steps by the fused batched kernel (or `method`="dopri5"/"euler-maruyama" member by member, to
    `t_end`). Results are the same for any thread count."""
    d = as_float_array("delta", delta)
    if d.ndim != 2 or d.shape[0] != d.shape[1] or d.shape[0] == 0:
        raise ValueError(f"delta: expected a square (n, n) matrix, got shape {d.shape}")
    n = d.shape[0]
    d, delta_layout = matrix("delta", d, n, n)
    x = as_float_array("x0", x0)
    if x.ndim != 2 or x.shape[0] != n:
        raise ValueError(f"x0: expected shape ({n}, B), got {x.shape}")
    members = x.shape[1]
    layout = 0 if x.flags.c_contiguous else 1
    order = "C" if layout == 0 else "F"

    def member_array(name, value):
        a = as_float_array(name, value)
        if a.ndim <= 1:
            a = np.broadcast_to(a.reshape(-1, 1) if a.ndim == 1 else a, (n, members))
        if a.shape != (n, members):
            raise ValueError(f"{name}: expected shape ({n}, {members}), ({n},) or a scalar, got {a.shape}")
        return np.asarray(a, order=order) if not (a.flags.c_contiguous if layout == 0 else a.flags.f_contiguous) else a

    rv, mv, kv = member_array("r", r), member_array("mu", mu), member_array("K", K)
    if t_end is None:
        if dt is None or steps is None:
            raise ValueError("dt, steps: pass the step and the number of steps (or t_end)")
        t_end = float(dt) * int(steps)
    options, keep = _options(method, rtol, atol, dt if method != "dopri5" else None, None, None, None, 1, sigma, noise,
                             seed, threads, n)
    final, average = np.empty((n, members), order=order), np.empty((n, members), order=order)
    survivors, status = np.empty(members, dtype=np.int32), np.empty(members, dtype=np.int32)
    info = N.EnsembleInfo()
    N.check(N.lib.ecodyn_ensemble_integrate(n, members, d.ctypes.data, delta_layout, rv.ctypes.data, mv.ctypes.data,
                                            kv.ctypes.data, x.ctypes.data, layout, float(t_end), ctypes.byref(options),
                                            final.ctypes.data, average.ctypes.data, survivors.ctypes.data,
                                            status.ctypes.data, ctypes.byref(info)))
    del keep
    result = EnsembleResult()
    result.final_state, result.time_average, result.survivors = final, average, survivors
    result.status = [N.STATUSES[s] for s in status]
    result.steps, result.nfev, result.diverged = info.steps, info.evaluations, info.diverged
    return result
