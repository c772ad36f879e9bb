"""Ecodyn: business-ecosystem dynamics — communities, stability, integration, reaction–diffusion
grids, alliances and sweeps — on libecodyn, its C ABI (NumPy arrays in and out without copies).

>>> import ecodyn
>>> ecodyn.Community(1.0, 0.0, 1.0, [[1, 0.5], [0.5, 1]]).analyze().classification
'stable-node'
"""
import json as _json

from . import _native
from ._native import RHS, JACOBIAN, Cancelled, NumericalError
from .alliance import alliance
from .community import Community, Stability
from .integrate import CFunction, EnsembleResult, OdeResult, integrate, integrate_ensemble
from .kinetics import Brusselator, FitzHughNagumo, GrayScott, Grid, GridResult, Kinetics, Schnakenberg, brusselator_map, run_grid
from .sweep import sweep

__version__ = _native.lib.ecodyn_version().decode()
ABI_VERSION = _native.lib.ecodyn_abi_version()
CLASSES = _native.CLASSES


def build_info():
    """What libecodyn runs on: version, ABI, OpenBLAS core, threads and configuration, kernel SIMD level."""
    return _json.loads(_native.lib.ecodyn_build_info().decode())


__all__ = ["Community", "Stability", "integrate", "integrate_ensemble", "CFunction", "OdeResult", "EnsembleResult",
           "Brusselator", "GrayScott", "Schnakenberg", "FitzHughNagumo", "Kinetics", "Grid", "GridResult", "run_grid",
           "brusselator_map", "alliance", "sweep", "build_info", "NumericalError", "Cancelled", "RHS", "JACOBIAN",
           "CLASSES", "ABI_VERSION", "__version__"]
