"""JSON reports from libecodyn as Python objects: dicts whose keys are also attributes, with
eigenvalues as complex arrays."""
import ctypes
import json

import numpy as np

from . import _native as N


class Report(dict):
    """A JSON report with its keys also as attributes (`report.max_real`); eigenvalues are complex arrays."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _convert(value):
    if isinstance(value, dict):
        out = Report()
        for key, item in value.items():
            if key == "eigenvalues":
                out[key] = np.array([complex(e["re"], e["im"]) for e in item])
            else:
                out[key] = _convert(item)
        return out
    if isinstance(value, list):
        return [_convert(v) for v in value]
    return value


def parse_report(text):
    """A JSON report as a `Report`."""
    return _convert(json.loads(text))


def continuation_report(call, handle, parameter, to, extra, max_points):
    """Runs a libecodyn continuation call and returns its report."""
    if max_points is not None and (not isinstance(max_points, int) or max_points < 2):
        raise ValueError(f"max_points: must be an int ≥ 2 or None (5000), got {max_points!r}")
    out = ctypes.c_char_p()
    N.check(call(handle, str(parameter).encode(), float(to), extra, max_points or 0, ctypes.byref(out)))
    try:
        return parse_report(out.value.decode())
    finally:
        N.lib.ecodyn_string_free(out)
