"""Shared fixtures: the repository's examples and CLI, and C right-hand sides compiled for the tests."""
import ctypes
import os
import shutil
import subprocess

import numpy as np
import pytest

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(REPOSITORY, "examples")

C_MODELS = r"""
#include <math.h>
/* Logistic growth dx/dt = r x (1 - x/K); context: {r, K}. */
void logistic(double t, const double *x, double *dx, void *context) {
    const double *p = context;
    (void)t;
    dx[0] = p[0] * x[0] * (1 - x[0] / p[1]);
}
/* Its Jacobian r (1 - 2x/K). */
void logistic_jacobian(double t, const double *x, double *jac, void *context) {
    const double *p = context;
    (void)t;
    jac[0] = p[0] * (1 - 2 * x[0] / p[1]);
}
/* A damped oscillator x'' + 2ζωx' + ω²x = 0 as a first-order system; context: {ω, ζ}. */
void oscillator(double t, const double *x, double *dx, void *context) {
    const double *p = context;
    (void)t;
    dx[0] = x[1];
    dx[1] = -p[0] * p[0] * x[0] - 2 * p[1] * p[0] * x[1];
}
/* dx/dt = x², which blows up at t = 1/x0. */
void blowup(double t, const double *x, double *dx, void *context) {
    (void)t; (void)context;
    dx[0] = x[0] * x[0];
}
"""


@pytest.fixture(scope="session")
def cli():
    """The ecodyn command line built beside the library (make test-python sets ECODYN_CLI)."""
    path = os.environ.get("ECODYN_CLI") or os.path.join(REPOSITORY, ".build", "debug", "ecodyn")
    assert os.path.exists(path), f"the ecodyn CLI is missing at {path}: build it (swift build) or set ECODYN_CLI"
    return path


@pytest.fixture(scope="session")
def c_models(tmp_path_factory):
    """The C models above, compiled with cc into a shared library and loaded with ctypes."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    assert compiler, "a C compiler (cc) is needed to build the user-model tests"
    folder = tmp_path_factory.mktemp("cmodels")
    source, library = folder / "models.c", folder / "libmodels.so"
    source.write_text(C_MODELS)
    subprocess.run([compiler, "-O2", "-shared", "-fPIC", str(source), "-o", str(library), "-lm"], check=True)
    return ctypes.CDLL(str(library))


def parameters(*values):
    """A context block of doubles that stays alive as long as the returned array."""
    return np.array(values, dtype=np.float64)
