"""The platform–manufacturer alliance (MODELS.md §3): Stackelberg, centralised, revenue sharing."""
import ctypes

import numpy as np

from . import _native as N
from ._arrays import as_float_array


def _fields(structure):
    return {name: getattr(structure, name) for name, _ in structure._fields_}


def alliance(K, gamma, c, beta, b1, b2, lambdas=None):
    """The decentralised Stackelberg game, the centralised optimum, revenue sharing at each λ of
    `lambdas`, and the λ interval(s) where sharing pays both members: a dict with `decentralized`,
    `centralized`, `sharing` (one dict per λ, with `feasible`), `lambda_range` (the first interval
    or None) and `lambda_ranges`."""
    values = np.zeros(0) if lambdas is None else np.ascontiguousarray(as_float_array("lambdas", lambdas).ravel())
    decentralized, centralized = N.Stackelberg(), N.Centralized()
    sharing = (N.Sharing * max(values.size, 1))()
    capacity, count = 8, ctypes.c_size_t()
    while True:   # the intervals are few; with more than there is room for, ask again with room for all
        ranges = np.empty(2 * capacity)
        N.check(N.lib.ecodyn_alliance(float(K), float(gamma), float(c), float(beta), float(b1), float(b2),
                                      values.ctypes.data if values.size else None, values.size, ctypes.byref(decentralized),
                                      ctypes.byref(centralized), ctypes.addressof(sharing), ranges.ctypes.data, capacity,
                                      ctypes.byref(count)))
        if count.value <= capacity:
            break
        capacity = count.value
    intervals = [(ranges[2 * k], ranges[2 * k + 1]) for k in range(min(count.value, capacity))]
    rows = []
    for k in range(values.size):
        row = _fields(sharing[k])
        row["total"] = row["platform_profit"] + row["manufacturer_profit"]
        row["feasible"] = any(lo <= row["lambda"] <= hi for lo, hi in intervals)
        rows.append(row)
    d = _fields(decentralized)
    d["total"] = d["platform_profit"] + d["manufacturer_profit"]
    return {"decentralized": d, "centralized": _fields(centralized), "sharing": rows,
            "lambda_range": intervals[0] if intervals else None, "lambda_ranges": intervals}
