"""Parameter sweeps into SQLite, as `ecodyn sweep`."""
import ctypes
import os

from . import _native as N


def sweep(spec, out, jobs=None, shard=None, progress=None):
    """Runs the sweep of `spec` (a path to a TOML spec, or TOML text) into the SQLite file `out`,
    resuming it when it already holds finished points of the same spec. `jobs`: threads (None:
    all cores); `shard`: (k, n) to run only the points ≡ k (mod n); `progress(done, total)` is
    called after every wave, and returning False stops the sweep (raising `ecodyn.Cancelled`;
    the finished points stay in `out`). Returns a summary dict; read the results with sqlite3
    or pandas (`SELECT * FROM points`)."""
    spec = os.fspath(spec)
    if "\n" not in spec and os.path.isfile(spec):
        with open(spec, encoding="utf-8") as handle:
            text, base = handle.read(), os.path.dirname(os.path.abspath(spec))
    elif "=" in spec or "[" in spec:
        text, base = spec, os.getcwd()
    else:
        raise FileNotFoundError(f"spec: {spec!r} is neither a spec file nor TOML text")
    jobs_value = N.threads_value(jobs, "jobs")
    shard_index, shard_count = (0, 0) if shard is None else (int(shard[0]), int(shard[1]))
    if shard is not None and shard_count < 1:
        raise ValueError(f"shard: expected (k, n) with 0 ≤ k < n, got {shard!r}")

    failure = []

    def report(done, total, _context):
        if progress is None:
            return 0
        try:
            return 0 if progress(done, total) is not False else 1
        except BaseException as error:   # stop the sweep and raise it here
            failure.append(error)
            return 1

    callback = N.PROGRESS(report)
    info = N.SweepInfo()
    status = N.lib.ecodyn_sweep(text.encode(), base.encode(), os.fspath(out).encode(), jobs_value, shard_index,
                                shard_count, callback, None, ctypes.byref(info))
    if failure:
        raise failure[0]
    N.check(status)
    return {"out": os.fspath(out), "points": info.points, "computed": info.computed, "skipped": info.skipped,
            "seconds": info.seconds}
