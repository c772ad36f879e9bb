"""NumPy arrays in and out of libecodyn: float64 C- or Fortran-contiguous arrays go in as they
are (a pointer, no copy); anything else is converted once; errors name the argument."""
import numpy as np


def as_float_array(name, value):
    """`value` as a float64 array, without a copy when it already is one (C or F order)."""
    array = value if isinstance(value, np.ndarray) else np.asarray(value)
    if np.iscomplexobj(array):
        raise TypeError(f"{name}: complex values are not accepted; pass real numbers")
    if array.dtype.kind not in "fiub":
        raise TypeError(f"{name}: expected numbers, got an array of dtype {array.dtype}")
    if array.dtype != np.float64:
        array = array.astype(np.float64)
    if not (array.flags.c_contiguous or array.flags.f_contiguous):
        array = np.ascontiguousarray(array)
    return array


def vector(name, value, n):
    """n values: an array of shape (n,) or a scalar broadcast to it."""
    array = as_float_array(name, value)
    if array.ndim == 0:
        return np.full(n, float(array))
    if array.shape != (n,):
        raise ValueError(f"{name}: expected shape ({n},), got {array.shape}")
    return array


def matrix(name, value, rows, columns):
    """A rows×columns matrix and its layout code (0 row-major, 1 column-major)."""
    array = as_float_array(name, value)
    if array.shape != (rows, columns):
        raise ValueError(f"{name}: expected shape ({rows}, {columns}), got {array.shape}")
    return array, (0 if array.flags.c_contiguous else 1)


def pointer(array):
    """The address of an array's first element (for a c_void_p argument). The caller keeps the
    array referenced until the call returns: the address does not keep it alive."""
    return array.ctypes.data if array is not None else None
