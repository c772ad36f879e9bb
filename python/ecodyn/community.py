"""Generalised Lotka–Volterra communities (MODELS.md §1) and their stability."""
import ctypes

import numpy as np

from . import _native as N
from ._arrays import as_float_array, matrix, pointer, vector
from ._report import continuation_report


class Stability:
    """The local stability of a state: eigenvalues of its Jacobian (complex ndarray), the largest
    real part, resilience (−max_real), reactivity, classification and whether it is stable."""

    __slots__ = ("state", "feasible", "eigenvalues", "max_real", "resilience", "reactivity", "classification", "stable",
                 "jacobian")

    def __init__(self, state, real, imaginary, summary, jacobian=None):
        self.state = state
        found = ~np.isnan(real)   # a large sparse community: the rightmost few (ARPACK), NaN after them
        self.eigenvalues = real[found] + 1j * imaginary[found]
        self.max_real, self.resilience, self.reactivity = summary.max_real, summary.resilience, summary.reactivity
        self.classification = N.CLASSES[summary.classification]
        self.stable, self.feasible = bool(summary.stable), bool(summary.feasible)
        self.jacobian = jacobian

    @property
    def equilibrium(self):
        """The state analysed (the interior equilibrium for `Community.analyze`)."""
        return self.state

    def __repr__(self):
        return (f"Stability(classification={self.classification!r}, max_real={self.max_real:.6g}, "
                f"reactivity={self.reactivity:.6g}, feasible={self.feasible})")


class Community:
    """dX_i/dt = [(r_i − μ_i) − (r_i/K_i)·(δX)_i]·X_i. r, μ, K: arrays of n values or scalars;
    delta: (n, n), C or Fortran order (read without a copy), or any scipy.sparse matrix or array
    (stored sparse, for 10⁵–10⁶ members: docs/sparse.md).

    >>> duo = Community(1.0, 0.0, 1.0, [[1, 0.5], [0.5, 1]])
    >>> duo.analyze().equilibrium
    array([0.66666667, 0.66666667])
    """

    def __init__(self, r, mu, K, delta, *, _handle=None):
        if _handle is None and hasattr(delta, "tocoo"):   # scipy.sparse
            coo = delta.tocoo()
            n = coo.shape[0]
            if coo.ndim != 2 or coo.shape[1] != n or n == 0:
                raise ValueError(f"delta: expected a square (n, n) matrix with n ≥ 1, got shape {coo.shape}")
            rows, cols = np.ascontiguousarray(coo.row, dtype=np.int64), np.ascontiguousarray(coo.col, dtype=np.int64)
            values = as_float_array("delta", coo.data)
            rv, mv, kv = vector("r", r, n), vector("mu", mu, n), vector("K", K, n)
            _handle = N.new_handle(N.lib.ecodyn_community_sparse, N.lib.ecodyn_community_free, n, pointer(rv), pointer(mv),
                                   pointer(kv), values.size, pointer(rows), pointer(cols), pointer(values))
        if _handle is None:
            d = as_float_array("delta", delta)
            if d.ndim != 2 or d.shape[0] != d.shape[1] or d.shape[0] == 0:
                raise ValueError(f"delta: expected a square (n, n) matrix with n ≥ 1, got shape {d.shape}")
            n = d.shape[0]
            d, layout = matrix("delta", d, n, n)
            rv, mv, kv = vector("r", r, n), vector("mu", mu, n), vector("K", K, n)
            _handle = N.new_handle(N.lib.ecodyn_community_new, N.lib.ecodyn_community_free, n, pointer(rv), pointer(mv),
                                   pointer(kv), pointer(d), layout)
        self._handle = _handle
        self.n = N.lib.ecodyn_community_size(_handle.pointer)

    @classmethod
    def random(cls, n, r=1.0, mu=0.0, K=1.0, *, connectance=1.0, sigma=0.1, mix=None, seed=1):
        """A random community: pairs interact with probability `connectance`, magnitudes |N(0, σ²)|,
        types drawn by `mix` ({"competition": 1, "mutualism": 0.5, …}; default competition only)."""
        n = _count("n", n)
        weights = None
        if mix is not None:
            unknown = set(mix) - set(N.RELATIONS)
            if unknown:
                raise ValueError(f"mix: unknown interaction types {sorted(unknown)}; use {', '.join(N.RELATIONS)}")
            weights = np.array([float(mix.get(t, 0.0)) for t in N.RELATIONS])
        rv, mv, kv = vector("r", r, n), vector("mu", mu, n), vector("K", K, n)
        handle = N.new_handle(N.lib.ecodyn_community_random, N.lib.ecodyn_community_free, n, pointer(rv), pointer(mv),
                              pointer(kv), float(connectance), float(sigma), pointer(weights), _seed(seed))
        return cls(None, None, None, None, _handle=handle)

    @classmethod
    def from_relations(cls, n, relations, r=1.0, mu=0.0, K=1.0):
        """δ = identity plus typed relations: (i, j, type, strength) or (i, j, type, strength_on_i,
        strength_on_j), type one of "competition", "mutualism", "predation", "commensalism",
        "amensalism", "neutral"."""
        n = _count("n", n)
        i, j, kinds, on_i, on_j = [], [], [], [], []
        for k, relation in enumerate(relations):
            if len(relation) not in (4, 5) or relation[2] not in N.RELATIONS:
                raise ValueError(f"relations[{k}]: expected (i, j, type, strength[, strength_on_j]) with type one of "
                                 f"{', '.join(N.RELATIONS)}, got {relation!r}")
            i.append(relation[0]); j.append(relation[1]); kinds.append(N.RELATIONS.index(relation[2]))
            on_i.append(relation[3]); on_j.append(relation[4] if len(relation) == 5 else relation[3])
        rv, mv, kv = vector("r", r, n), vector("mu", mu, n), vector("K", K, n)
        ia, ja = np.array(i, dtype=np.int64), np.array(j, dtype=np.int64)
        ta, sa, sb = np.array(kinds, dtype=np.int32), np.array(on_i, dtype=float), np.array(on_j, dtype=float)
        handle = N.new_handle(N.lib.ecodyn_community_from_relations, N.lib.ecodyn_community_free, n, pointer(rv),
                              pointer(mv), pointer(kv), len(i), pointer(ia), pointer(ja), pointer(ta), pointer(sa),
                              pointer(sb))
        return cls(None, None, None, None, _handle=handle)

    @property
    def stored(self):
        """The number of δ's stored entries: n² when dense, the kept entries when sparse."""
        return N.lib.ecodyn_community_stored(self._handle.pointer)

    @property
    def delta(self):
        """δ as an (n, n) array (a copy; a sparse δ of more than 10 000 members is refused: keep the
        scipy.sparse matrix it was made from)."""
        if self.n > 10_000 and self.stored < self.n * self.n:
            raise ValueError(f"delta: this community's δ is stored sparse; as a dense array it would take {8 * self.n * self.n / 2**30:.1f} GiB")
        out = np.empty((self.n, self.n))
        N.check(N.lib.ecodyn_community_delta(self._handle.pointer, N.ROW_MAJOR, pointer(out)))
        return out

    def with_parameter(self, name, value):
        """A copy with one named parameter changed: "r[1]", "mu[0]", "K[2]", "delta[0][1]"."""
        handle = N.new_handle(N.lib.ecodyn_community_with, N.lib.ecodyn_community_free, self._handle.pointer,
                              str(name).encode(), float(value))
        return Community(None, None, None, None, _handle=handle)

    def analyze(self):
        """The interior equilibrium (LAPACK dgesv) and its stability (dgeev, dsyevd). Raises
        `ecodyn.NumericalError` when δ is singular."""
        n = self.n
        state, real, imaginary = np.empty(n), np.empty(n), np.empty(n)
        summary = N.Stability()
        N.check(N.lib.ecodyn_community_analyze(self._handle.pointer, state.ctypes.data, real.ctypes.data,
                                               imaginary.ctypes.data, ctypes.byref(summary)))
        return Stability(state, real, imaginary, summary)

    def stability_at(self, x):
        """The stability at any state x, with its Jacobian."""
        n = self.n
        state = vector("x", x, n)
        jacobian, real, imaginary = np.empty((n, n)), np.empty(n), np.empty(n)
        summary = N.Stability()
        N.check(N.lib.ecodyn_community_stability_at(self._handle.pointer, pointer(state), pointer(jacobian),
                                                    pointer(real), pointer(imaginary), ctypes.byref(summary)))
        return Stability(state, real, imaginary, summary, jacobian)

    def continuation(self, parameter, to, present=None, max_points=None):
        """The equilibrium followed as `parameter` ("K[0]", "delta[0][1]", …) goes to `to`, across
        extinctions and invasions (docs/continuation.md), from the equilibrium of the members in
        `present` (default all: the interior one). A report with `branches` (each with its
        `members`, `points` and `bifurcations`) and `bifurcations` ("transcritical" with `member`
        and `note`, "fold", "hopf", "branch-point")."""
        mask = None
        if present is not None:
            members = [int(i) for i in present]
            if any(not 0 <= i < self.n for i in members):
                raise ValueError(f"present: members must lie in 0..{self.n - 1}, got {members}")
            mask = np.zeros(self.n, dtype=np.int32)
            mask[members] = 1
        return continuation_report(N.lib.ecodyn_community_continue, self._handle.pointer, parameter, to, pointer(mask),
                                   max_points)

    def __repr__(self):
        return f"Community(n={self.n})"


def _count(name, value):
    if not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name}: must be a positive int, got {value!r}")
    return int(value)


def _seed(value):
    if not isinstance(value, (int, np.integer)) or not 0 <= value < 2 ** 64:
        raise ValueError(f"seed: must be an int in [0, 2^64), got {value!r}")
    return int(value)
