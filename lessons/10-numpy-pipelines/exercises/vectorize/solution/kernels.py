"""Four small array kernels, written the way a first draft often is: one Python step per element.

Every function is correct, and every one is slow. Each `x[i]` boxes one float64 into a new Python object,
and each `+`, `>` or `math.sqrt` goes through the interpreter's dispatch, tens of nanoseconds apiece. numpy
can do the same work in one C loop over the raw buffer, without creating an object per element.

Rewrite each body with whole-array operations (ufuncs, reductions, broadcasting, boolean masks, views).
Keep the behaviour exactly: the checks compare your results with these loops on random arrays, including
empty arrays and arrays with NaN in them.
"""
from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

FloatArray = npt.NDArray[np.float64]


def soft_threshold(x: FloatArray, t: float) -> FloatArray:
    """Shrink every value towards 0 by `t` (t >= 0): values in [-t, t] become 0.0, NaN stays NaN.

    soft_threshold([3.0, -0.5, -2.0], 1.0) -> [2.0, 0.0, -1.0]
    """
    # |x| - t is negative inside [-t, t]; np.maximum clips it to 0 and, unlike Python's max, propagates NaN.
    # np.sign puts the sign back (np.sign(nan) is nan). Three ufunc calls, each one C loop over the buffer.
    shrunk: FloatArray = np.maximum(np.abs(x) - t, 0.0)
    return np.sign(x) * shrunk


def moving_average(x: FloatArray, window: int) -> FloatArray:
    """The mean of every run of `window` consecutive values ("valid" mode).

    The result has len(x) - window + 1 values, and none at all when x is shorter than the window. A NaN makes
    exactly the windows that contain it NaN. A window smaller than 1 is a ValueError.
    """
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    if x.shape[0] < window:
        return np.empty(0, dtype=np.float64)
    # A (len(x) - window + 1, window) view whose rows are the windows: the strides repeat the same memory,
    # nothing is copied. A running sum (np.cumsum) would be faster for big windows, but one NaN would poison
    # every later window, not only those that contain it.
    windows = sliding_window_view(x, window)
    means: FloatArray = windows.mean(axis=1)
    return means


def row_norms(m: FloatArray) -> FloatArray:
    """The Euclidean length of each row of a 2-D array: shape (n, d) -> (n,)."""
    # einsum multiplies and sums along each row in one pass, without the (n, d) temporary that m * m makes.
    squares: FloatArray = np.einsum("ij,ij->i", m, m)
    return np.sqrt(squares)


def fill_nan_with_column_mean(m: FloatArray) -> FloatArray:
    """A copy of the 2-D array `m` where each NaN becomes the mean of the non-NaN values of its column.

    A column with no values at all (every entry NaN, or no rows) has mean 0.0. `m` itself is not changed.
    """
    missing = np.isnan(m)
    counts = m.shape[0] - np.count_nonzero(missing, axis=0)
    sums = np.where(missing, 0.0, m).sum(axis=0)
    # Divide only where a column has values; the other columns keep the 0.0 that `out` starts with (and no
    # "invalid value" warning from 0 / 0).
    means = np.divide(sums, counts, out=np.zeros(m.shape[1]), where=counts > 0)
    # Broadcasting: `means` has shape (d,), so it lines up with the last axis of the (n, d) mask and array.
    filled: FloatArray = np.where(missing, means, m)
    return filled
