"""Two-species kinetics, their linear analysis (Hopf, Turing), and reaction–diffusion grids."""
import ctypes

import numpy as np

from . import _native as N
from ._arrays import as_float_array, pointer
from ._report import continuation_report, parse_report

_BOUNDARIES = {"periodic": 0, "no-flux": 1, "neumann": 1, "fixed-value": 2, "dirichlet": 2}
_GRID_METHODS = {"euler": 0, "rk4": 1, "imex": 2, "dopri5": 3, "etdrk4": 4}


class Kinetics:
    """A kinetics of libecodyn by kind and parameter values (in `parameter_names` order)."""

    kind = None

    def __init__(self, *values):
        array = np.array([float(v) for v in values])
        self._handle = N.new_handle(N.lib.ecodyn_kinetics_new, N.lib.ecodyn_kinetics_free, self.kind.encode(),
                                    array.ctypes.data, array.size)

    @classmethod
    def _wrap(cls, handle):
        model = cls.__new__(cls)
        model._handle = handle
        return model

    @property
    def parameter_names(self):
        count = N.lib.ecodyn_kinetics_parameter_count(self._handle.pointer)
        return [N.lib.ecodyn_kinetics_parameter_name(self._handle.pointer, k).decode() for k in range(count)]

    @property
    def parameters(self):
        """{name: value}."""
        names = self.parameter_names
        values = np.empty(len(names))
        N.check(N.lib.ecodyn_kinetics_parameters(self._handle.pointer, values.ctypes.data))
        return dict(zip(names, values.tolist()))

    def with_parameter(self, name, value):
        """A copy with one named parameter changed."""
        handle = N.new_handle(N.lib.ecodyn_kinetics_with, N.lib.ecodyn_kinetics_free, self._handle.pointer,
                              str(name).encode(), float(value))
        return type(self)._wrap(handle)

    def analyze(self, grid=None):
        """The linear analysis (as `ecodyn analyze --json`): `steady_state`, `eigenvalues`,
        `max_real`, `classification`, the closed forms (the Brusselator's `hopf_b`, `turing_b`,
        `critical_wavenumber`), `turing_unstable`, and on a `Grid` the `fastest_mode`."""
        if grid is not None and not isinstance(grid, Grid):
            raise TypeError(f"grid: expected an ecodyn.Grid or None, got {type(grid).__name__}")
        g = grid._handle.pointer if grid is not None else None
        length = ctypes.c_size_t()
        N.check(N.lib.ecodyn_kinetics_analyze_json(self._handle.pointer, g, None, 0, ctypes.byref(length)))
        buffer = ctypes.create_string_buffer(length.value + 1)
        N.check(N.lib.ecodyn_kinetics_analyze_json(self._handle.pointer, g, buffer, len(buffer), ctypes.byref(length)))
        return parse_report(buffer.value.decode())

    def continuation(self, parameter, to, start=None, max_points=None):
        """The homogeneous steady states followed as `parameter` goes to `to` (pseudo-arclength;
        docs/continuation.md): from `start` = (u, v), or from every steady state. A report with
        `branches` (points with `parameter_value`, `state`, `max_real`, `stable`) and
        `bifurcations` (`type` "fold", "hopf", "branch-point"; Hopf points with `frequency` and
        `first_lyapunov`)."""
        x0 = None if start is None else np.ascontiguousarray(as_float_array("start", start).ravel())
        if x0 is not None and x0.size != 2:
            raise ValueError(f"start: expected (u, v), got {x0.size} values")
        return continuation_report(N.lib.ecodyn_kinetics_continue, self._handle.pointer, parameter, to,
                                   pointer(x0), max_points)

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{k}={v:g}' for k, v in self.parameters.items())})"


class Brusselator(Kinetics):
    """u' = a − (b + 1)u + u²v + m1 Δu, v' = bu − u²v + m2 Δv; Hopf at b = 1 + a²."""
    kind = "brusselator"

    def __init__(self, a, b, m1=0.0, m2=0.0):
        super().__init__(a, b, m1, m2)


class GrayScott(Kinetics):
    """u' = −uv² + F(1 − u) + Du Δu, v' = uv² − (F + k)v + Dv Δv."""
    kind = "gray-scott"

    def __init__(self, F, k, Du=0.0, Dv=0.0):
        super().__init__(F, k, Du, Dv)


class Schnakenberg(Kinetics):
    """u' = a − u + u²v + Du Δu, v' = b − u²v + Dv Δv."""
    kind = "schnakenberg"

    def __init__(self, a, b, Du=0.0, Dv=0.0):
        super().__init__(a, b, Du, Dv)


class FitzHughNagumo(Kinetics):
    """u' = u − u³ − v + Du Δu, v' = ε(u − a1 v − a0) + Dv Δv."""
    kind = "fitzhugh-nagumo"

    def __init__(self, epsilon, a0, a1, Du=0.0, Dv=0.0):
        super().__init__(epsilon, a0, a1, Du, Dv)


class Grid:
    """A uniform grid of `shape` (NumPy order, slowest axis first: (ny, nx) in 2-D), spacing h and
    a boundary: "periodic", "no-flux" (Neumann) or "fixed-value" (Dirichlet)."""

    def __init__(self, shape, spacing=1.0, boundary="periodic"):
        shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
        if not 1 <= len(shape) <= 3 or not all(isinstance(s, (int, np.integer)) and s >= 1 for s in shape):
            raise ValueError(f"shape: expected 1 to 3 positive ints, got {shape!r}")
        if boundary not in _BOUNDARIES:
            raise ValueError(f"boundary: must be one of {', '.join(_BOUNDARIES)}, got {boundary!r}")
        self.shape, self.spacing, self.boundary = tuple(int(s) for s in shape), float(spacing), boundary
        sizes = (ctypes.c_size_t * len(shape))(*self.shape)
        self._handle = N.new_handle(N.lib.ecodyn_grid_new, N.lib.ecodyn_grid_free, len(shape), sizes, self.spacing,
                                    _BOUNDARIES[boundary])

    def __repr__(self):
        return f"Grid(shape={self.shape}, spacing={self.spacing}, boundary={self.boundary!r})"


class GridResult:
    """A grid run: the final fields `u`, `v` (the grid's shape), `frames_u`, `frames_v` (shape
    (frames, *grid.shape)) and their `frame_times`, `status`, `steps`, `time`, `nfev`."""

    __slots__ = ("u", "v", "frames_u", "frames_v", "frame_times", "status", "steps", "time", "nfev", "rejected")


def run_grid(kinetics, grid, u0, v0, method="euler", dt=None, t_end=None, save_every=None, *, rtol=1e-6, atol=1e-9,
             fixed=None, threads=None):
    """Runs `kinetics` on `grid` from the fields u0, v0 (arrays of the grid's shape, or scalars)
    to t_end in steps of dt ("euler", "rk4", "imex", "etdrk4"; "dopri5" adapts its steps and keeps states
    every dt), saving a frame every `save_every` steps."""
    if not isinstance(kinetics, Kinetics):
        raise TypeError(f"kinetics: expected an ecodyn kinetics (Brusselator, …), got {type(kinetics).__name__}")
    if not isinstance(grid, Grid):
        raise TypeError(f"grid: expected an ecodyn.Grid, got {type(grid).__name__}")
    if method not in _GRID_METHODS:
        raise ValueError(f"method: must be one of {', '.join(_GRID_METHODS)}, got {method!r}")
    if dt is None or t_end is None:
        raise ValueError("dt, t_end: pass the step and the end time")

    def field(name, value):
        a = as_float_array(name, value)
        if a.ndim == 0:
            return np.full(grid.shape, float(a))
        if a.shape != grid.shape:
            raise ValueError(f"{name}: expected the grid's shape {grid.shape}, got {a.shape}")
        return np.ascontiguousarray(a)

    u, v = field("u0", u0), field("v0", v0)
    options = N.GridOptions()
    N.lib.ecodyn_grid_options_default(ctypes.byref(options))
    options.method, options.dt, options.t_end = _GRID_METHODS[method], float(dt), float(t_end)
    options.rtol, options.atol, options.threads = float(rtol), float(atol), N.threads_value(threads)
    if fixed is not None:
        options.has_fixed, (options.fixed_u, options.fixed_v) = 1, (float(fixed[0]), float(fixed[1]))
    frames = 0
    if save_every is not None:
        if not isinstance(save_every, (int, np.integer)) or save_every < 1:
            raise ValueError(f"save_every: must be a positive int (steps), got {save_every!r}")
        options.save_every = int(save_every)
        frames = int(round(float(t_end) / float(dt))) // int(save_every)
    out_u, out_v = np.empty(grid.shape), np.empty(grid.shape)
    frames_u, frames_v = np.empty((frames,) + grid.shape), np.empty((frames,) + grid.shape)
    info = N.GridInfo()
    N.check(N.lib.ecodyn_grid_run(kinetics._handle.pointer, grid._handle.pointer, u.ctypes.data, v.ctypes.data,
                                  ctypes.byref(options), out_u.ctypes.data, out_v.ctypes.data,
                                  pointer(frames_u) if frames else None, pointer(frames_v) if frames else None, frames,
                                  ctypes.byref(info)))
    result = GridResult()
    result.u, result.v = out_u, out_v
    result.frames_u, result.frames_v = frames_u[:info.frames], frames_v[:info.frames]
    result.frame_times = float(dt) * int(save_every or 1) * np.arange(1, info.frames + 1)
    result.status, result.steps, result.time = N.STATUSES[info.status], info.steps, info.time
    result.nfev, result.rejected = info.evaluations, info.rejected
    return result


def brusselator_map(a, b, threads=None):
    """The Brusselator's class at every (a[i], b[j]): an array of shape (len(a), len(b)) of class
    names ("stable-focus", …)."""
    av, bv = np.ascontiguousarray(as_float_array("a", a).ravel()), np.ascontiguousarray(as_float_array("b", b).ravel())
    codes = np.empty((av.size, bv.size), dtype=np.int32)
    N.check(N.lib.ecodyn_brusselator_map(av.ctypes.data, av.size, bv.ctypes.data, bv.size, N.threads_value(threads),
                                         codes.ctypes.data))
    return np.array(N.CLASSES, dtype=object)[codes]
