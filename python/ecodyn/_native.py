"""libecodyn through ctypes: the library, its structs and signatures, and status → exception.

ctypes releases the GIL for the duration of every call into libecodyn, so Python threads run
Ecodyn calls in parallel; callbacks into Python (a ctypes right-hand side, a sweep's progress)
take the GIL back while they run.
"""
import ctypes
import os
from ctypes import POINTER, Structure, c_char_p, c_double, c_int32, c_int64, c_size_t, c_uint64, c_void_p

_HERE = os.path.dirname(os.path.abspath(__file__))


def _load():
    # ECODYN_LIBRARY points at a libecodyn.so elsewhere (a development build); else the bundled one.
    path = os.environ.get("ECODYN_LIBRARY") or os.path.join(_HERE, "_lib", "libecodyn.so")
    if not os.path.exists(path):
        raise ImportError(f"ecodyn: the native library is missing at {path}; install the wheel built by `make python`, "
                          "or set ECODYN_LIBRARY to a libecodyn.so")
    return ctypes.CDLL(path)


lib = _load()

OK, ERROR_ARGUMENT, ERROR_NUMERICAL, ERROR_IO, ERROR_CANCELLED, ERROR_INTERNAL = range(6)
ROW_MAJOR, COLUMN_MAJOR = 0, 1
CLASSES = ("stable-node", "stable-focus", "unstable-node", "unstable-focus", "saddle", "non-hyperbolic")
STATUSES = ("finished", "diverged", "max-steps")
RELATIONS = ("competition", "mutualism", "predation", "commensalism", "amensalism", "neutral")


class NumericalError(ArithmeticError):
    """A numerical failure: a singular matrix, an eigenvalue solver that did not converge."""


class Cancelled(Exception):
    """A long call stopped because its progress callback asked it to; finished work is kept."""


_EXCEPTIONS = {ERROR_ARGUMENT: ValueError, ERROR_NUMERICAL: NumericalError, ERROR_IO: OSError,
               ERROR_CANCELLED: Cancelled, ERROR_INTERNAL: RuntimeError}


def check(status):
    """Raises the exception of a failed call with libecodyn's message."""
    if status != OK:
        message = lib.ecodyn_last_error().decode("utf-8", "replace")
        raise _EXCEPTIONS.get(status, RuntimeError)(message)


class Stability(Structure):
    _fields_ = [("max_real", c_double), ("resilience", c_double), ("reactivity", c_double),
                ("classification", c_int32), ("stable", c_int32), ("feasible", c_int32)]


class IntegrateOptions(Structure):
    _fields_ = [("method", c_int32), ("rtol", c_double), ("atol", c_double), ("dt", c_double), ("max_step", c_double),
                ("max_steps", c_int64), ("save_every", c_int64), ("noise", c_int32), ("sigma", c_void_p),
                ("seed", c_uint64), ("threads", c_int32), ("clamp_negative", c_int32), ("bound", c_double),
                ("extinction", c_double), ("level_member", c_int32), ("level", c_double), ("level_direction", c_int32)]


class SolutionInfo(Structure):
    _fields_ = [("status", c_int32), ("dimension", c_size_t), ("saved", c_size_t), ("steps", c_int64),
                ("rejected", c_int64), ("evaluations", c_int64), ("clamped", c_int64), ("final_time", c_double),
                ("events", c_size_t)]


class EnsembleInfo(Structure):
    _fields_ = [("steps", c_int64), ("evaluations", c_int64), ("diverged", c_int64)]


class GridOptions(Structure):
    _fields_ = [("method", c_int32), ("dt", c_double), ("t_end", c_double), ("save_every", c_int64), ("rtol", c_double),
                ("atol", c_double), ("threads", c_int32), ("has_fixed", c_int32), ("fixed_u", c_double), ("fixed_v", c_double)]


class GridInfo(Structure):
    _fields_ = [("status", c_int32), ("steps", c_int64), ("evaluations", c_int64), ("rejected", c_int64),
                ("time", c_double), ("frames", c_size_t)]


class Stackelberg(Structure):
    _fields_ = [(k, c_double) for k in ("p", "w", "s", "demand", "platform_profit", "manufacturer_profit")]


class Centralized(Structure):
    _fields_ = [(k, c_double) for k in ("p", "s", "demand", "profit")]


class Sharing(Structure):
    _fields_ = [(k, c_double) for k in ("lambda", "p", "w", "s", "demand", "platform_profit", "manufacturer_profit")]


class SweepInfo(Structure):
    _fields_ = [("points", c_int64), ("computed", c_int64), ("skipped", c_int64), ("seconds", c_double)]


RHS = ctypes.CFUNCTYPE(None, c_double, POINTER(c_double), POINTER(c_double), c_void_p)
JACOBIAN = ctypes.CFUNCTYPE(None, c_double, POINTER(c_double), POINTER(c_double), c_void_p)
PROGRESS = ctypes.CFUNCTYPE(c_int32, c_int64, c_int64, c_void_p)

_p, _h, _s = c_void_p, c_void_p, c_size_t   # arrays, handles, sizes
_SIGNATURES = {
    "ecodyn_abi_version": (c_int32, []),
    "ecodyn_version": (c_char_p, []),
    "ecodyn_build_info": (c_char_p, []),
    "ecodyn_last_error": (c_char_p, []),
    "ecodyn_class_name": (c_char_p, [c_int32]),
    "ecodyn_community_new": (c_int32, [_s, _p, _p, _p, _p, c_int32, POINTER(_h)]),
    "ecodyn_community_from_relations": (c_int32, [_s, _p, _p, _p, _s, _p, _p, _p, _p, _p, POINTER(_h)]),
    "ecodyn_community_random": (c_int32, [_s, _p, _p, _p, c_double, c_double, _p, c_uint64, POINTER(_h)]),
    "ecodyn_community_free": (None, [_h]),
    "ecodyn_community_size": (c_size_t, [_h]),
    "ecodyn_community_stored": (c_size_t, [_h]),
    "ecodyn_community_sparse": (c_int32, [_s, _p, _p, _p, _s, _p, _p, _p, POINTER(_h)]),
    "ecodyn_community_delta": (c_int32, [_h, c_int32, _p]),
    "ecodyn_community_with": (c_int32, [_h, c_char_p, c_double, POINTER(_h)]),
    "ecodyn_community_analyze": (c_int32, [_h, _p, _p, _p, POINTER(Stability)]),
    "ecodyn_community_stability_at": (c_int32, [_h, _p, _p, _p, _p, POINTER(Stability)]),
    "ecodyn_integrate_options_default": (None, [POINTER(IntegrateOptions)]),
    "ecodyn_community_integrate": (c_int32, [_h, _p, c_double, c_double, _p, _s, POINTER(IntegrateOptions), POINTER(_h)]),
    "ecodyn_community_integrate_driven": (c_int32, [_h, _p, c_double, c_double, _p, _s, POINTER(IntegrateOptions), c_char_p, c_char_p,
                                                    POINTER(_h)]),
    "ecodyn_integrate_function": (c_int32, [_s, c_void_p, c_void_p, _p, c_double, c_double, _p, _s,
                                            POINTER(IntegrateOptions), POINTER(_h)]),
    "ecodyn_function_stability": (c_int32, [_s, c_void_p, c_void_p, c_void_p, c_double, _p, _p, _p, _p, POINTER(Stability)]),
    "ecodyn_solution_free": (None, [_h]),
    "ecodyn_solution_get_info": (c_int32, [_h, POINTER(SolutionInfo)]),
    "ecodyn_solution_copy": (c_int32, [_h, _p, _p]),
    "ecodyn_solution_message": (c_char_p, [_h]),
    "ecodyn_solution_events": (c_int32, [_h, _p, _p, _p, _p, _p]),
    "ecodyn_solution_phases": (c_int32, [_h, _p, _p, _s, POINTER(_s)]),
    "ecodyn_ensemble_integrate": (c_int32, [_s, _s, _p, c_int32, _p, _p, _p, _p, c_int32, c_double, POINTER(IntegrateOptions),
                                            _p, _p, _p, _p, POINTER(EnsembleInfo)]),
    "ecodyn_kinetics_new": (c_int32, [c_char_p, _p, _s, POINTER(_h)]),
    "ecodyn_kinetics_free": (None, [_h]),
    "ecodyn_kinetics_parameter_count": (c_size_t, [_h]),
    "ecodyn_kinetics_parameter_name": (c_char_p, [_h, _s]),
    "ecodyn_kinetics_parameters": (c_int32, [_h, _p]),
    "ecodyn_kinetics_with": (c_int32, [_h, c_char_p, c_double, POINTER(_h)]),
    "ecodyn_kinetics_integrate": (c_int32, [_h, _p, c_double, c_double, _p, _s, POINTER(IntegrateOptions), POINTER(_h)]),
    "ecodyn_kinetics_analyze_json": (c_int32, [_h, _h, c_char_p, _s, POINTER(c_size_t)]),
    "ecodyn_grid_new": (c_int32, [_s, POINTER(c_size_t), c_double, c_int32, POINTER(_h)]),
    "ecodyn_grid_free": (None, [_h]),
    "ecodyn_grid_cells": (c_size_t, [_h]),
    "ecodyn_grid_options_default": (None, [POINTER(GridOptions)]),
    "ecodyn_grid_run": (c_int32, [_h, _h, _p, _p, POINTER(GridOptions), _p, _p, _p, _p, _s, POINTER(GridInfo)]),
    "ecodyn_brusselator_map": (c_int32, [_p, _s, _p, _s, c_int32, _p]),
    "ecodyn_alliance": (c_int32, [c_double] * 6 + [_p, _s, POINTER(Stackelberg), POINTER(Centralized), _p, _p, _s,
                                                    POINTER(c_size_t)]),
    "ecodyn_community_continue": (c_int32, [_h, c_char_p, c_double, _p, c_int64, POINTER(c_char_p)]),
    "ecodyn_kinetics_continue": (c_int32, [_h, c_char_p, c_double, _p, c_int64, POINTER(c_char_p)]),
    "ecodyn_string_free": (None, [c_char_p]),
    "ecodyn_sweep": (c_int32, [c_char_p, c_char_p, c_char_p, c_int32, c_int64, c_int64, PROGRESS, c_void_p,
                               POINTER(SweepInfo)]),
}
for _name, (_result, _arguments) in _SIGNATURES.items():
    _function = getattr(lib, _name)
    _function.restype, _function.argtypes = _result, _arguments


class Handle:
    """An owned libecodyn handle, freed with its object."""

    __slots__ = ("pointer", "_free")

    def __init__(self, pointer, free):
        self.pointer, self._free = pointer, free

    def __del__(self):
        if self.pointer:
            self._free(self.pointer)
            self.pointer = None


def new_handle(make, free, *arguments):
    """Calls a constructor `make(*arguments, &out)` and wraps its handle."""
    out = c_void_p()
    check(make(*arguments, ctypes.byref(out)))
    return Handle(out, free)


def threads_value(threads, name="threads"):
    """A `threads` argument as libecodyn takes it: None → 0 (all cores)."""
    if threads is None:
        return 0
    if not isinstance(threads, int) or threads < 1:
        raise ValueError(f"{name}: must be a positive int or None (all cores), got {threads!r}")
    return threads
