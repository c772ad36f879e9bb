"""The C ABI underneath: versions, thread-local errors, silence, NumPy's OpenBLAS beside ours."""
import ctypes
import os
import subprocess
import sys
import threading

import numpy as np

import ecodyn
from ecodyn import _native


def test_versions_and_build_info():
    info = ecodyn.build_info()
    assert ecodyn.ABI_VERSION == 1 == info["abi"]
    assert ecodyn.__version__ == info["version"] and ecodyn.__version__.count(".") == 2
    assert info["kernels"] in ("avx2+fma", "scalar") and info["openblas_threads"] >= 1


def test_error_messages_are_thread_local():
    lib, messages = _native.lib, {}
    barrier = threading.Barrier(2)

    def fail(name, k):
        out = ctypes.c_void_p()
        values = np.array([1.0, 1.0])
        bad = np.array([1.0, -float(k + 1)])
        status = lib.ecodyn_community_new(2, values.ctypes.data, np.zeros(2).ctypes.data, bad.ctypes.data,
                                          np.eye(2).ctypes.data, 0, ctypes.byref(out))
        barrier.wait()   # both threads have failed before either reads its message
        messages[name] = (status, lib.ecodyn_last_error().decode())

    threads = [threading.Thread(target=fail, args=(f"t{k}", k)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert messages["t0"] == (_native.ERROR_ARGUMENT, "K: must be > 0, got -1.0 at [1]")
    assert messages["t1"] == (_native.ERROR_ARGUMENT, "K: must be > 0, got -2.0 at [1]")
    ecodyn.Community(1.0, 0.0, 1.0, np.eye(2)).analyze()
    assert lib.ecodyn_last_error() == b""      # a successful call clears this thread's message


def test_null_pointers_and_bad_codes_are_statuses():
    lib, out = _native.lib, ctypes.c_void_p()
    assert lib.ecodyn_community_new(2, None, None, None, None, 0, ctypes.byref(out)) == _native.ERROR_ARGUMENT
    assert b"r: is NULL" in lib.ecodyn_last_error()
    assert lib.ecodyn_community_new(2, None, None, None, None, 0, None) == _native.ERROR_ARGUMENT
    assert lib.ecodyn_community_analyze(None, None, None, None, None) == _native.ERROR_ARGUMENT
    assert lib.ecodyn_community_size(None) == 0 and lib.ecodyn_class_name(99) is None
    ones = np.ones(2)
    assert lib.ecodyn_community_new(2, ones.ctypes.data, ones.ctypes.data, ones.ctypes.data, np.eye(2).ctypes.data, 7,
                                    ctypes.byref(out)) == _native.ERROR_ARGUMENT
    assert b"layout" in lib.ecodyn_last_error()
    assert lib.ecodyn_community_new(2 ** 63, None, None, None, None, 0, ctypes.byref(out)) == _native.ERROR_ARGUMENT
    lib.ecodyn_community_free(None)


def test_failing_calls_write_nothing_to_stdout_or_stderr():
    code = ("import ecodyn\n"
            "for call in (lambda: ecodyn.Community(1.0, 0.0, -1.0, [[1.0]]),\n"
            "             lambda: ecodyn.Community(1.0, 0.0, 1.0, [[0.0]]).analyze(),\n"
            "             lambda: ecodyn.alliance(1, 0.1, 1, 1, 2, 1)):\n"
            "    try:\n"
            "        call()\n"
            "    except Exception:\n"
            "        pass\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ))
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""


def test_numpy_openblas_and_libecodyn_live_in_one_process():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((300, 300))
    before = np.linalg.eigvals(a)
    ecodyn.Community.random(300, sigma=0.05, seed=2).analyze()
    np.testing.assert_array_equal(np.linalg.eigvals(a), before)
