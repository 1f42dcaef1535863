"""Four small array kernels, written the way a first draft often is: one Python step per element.

Every function is correct, and every one is slow. Each `x[i]` boxes one float64 into a new Python object,
and each `+`, `>` or `math.sqrt` goes through the interpreter's dispatch, tens of nanoseconds apiece. numpy
can do the same work in one C loop over the raw buffer, without creating an object per element.

Rewrite each body with whole-array operations (ufuncs, reductions, broadcasting, boolean masks, views).
Keep the behaviour exactly: the checks compare your results with these loops on random arrays, including
empty arrays and arrays with NaN in them.
"""
from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def soft_threshold(x: FloatArray, t: float) -> FloatArray:
    """Shrink every value towards 0 by `t` (t >= 0): values in [-t, t] become 0.0, NaN stays NaN.

    soft_threshold([3.0, -0.5, -2.0], 1.0) -> [2.0, 0.0, -1.0]
    """
    # TODO: one expression with np.sign, np.abs and np.maximum (np.maximum keeps NaN).
    out = np.empty(len(x))
    for i in range(len(x)):
        v = x[i]
        if math.isnan(v):
            out[i] = math.nan
        elif v > t:
            out[i] = v - t
        elif v < -t:
            out[i] = v + t
        else:
            out[i] = 0.0
    return out


def moving_average(x: FloatArray, window: int) -> FloatArray:
    """The mean of every run of `window` consecutive values ("valid" mode).

    The result has len(x) - window + 1 values, and none at all when x is shorter than the window. A NaN makes
    exactly the windows that contain it NaN. A window smaller than 1 is a ValueError.
    """
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    # TODO: np.lib.stride_tricks.sliding_window_view gives every window as a row of a 2-D view, no copy.
    count = len(x) - window + 1
    out = np.empty(max(count, 0))
    for i in range(count):
        total = 0.0
        for j in range(window):
            total += x[i + j]
        out[i] = total / window
    return out


def row_norms(m: FloatArray) -> FloatArray:
    """The Euclidean length of each row of a 2-D array: shape (n, d) -> (n,)."""
    # TODO: square, sum along axis 1, square root; or np.einsum("ij,ij->i", m, m).
    out = np.empty(m.shape[0])
    for i in range(m.shape[0]):
        total = 0.0
        for j in range(m.shape[1]):
            total += m[i, j] ** 2
        out[i] = math.sqrt(total)
    return out


def fill_nan_with_column_mean(m: FloatArray) -> FloatArray:
    """A copy of the 2-D array `m` where each NaN becomes the mean of the non-NaN values of its column.

    A column with no values at all (every entry NaN, or no rows) has mean 0.0. `m` itself is not changed.
    """
    # TODO: a boolean mask np.isnan(m), per-column sums and counts, then np.where with broadcasting.
    rows, cols = m.shape
    means = []
    for j in range(cols):
        total, count = 0.0, 0
        for i in range(rows):
            if not math.isnan(m[i, j]):
                total += m[i, j]
                count += 1
        means.append(total / count if count else 0.0)
    out = np.empty((rows, cols))
    for i in range(rows):
        for j in range(cols):
            out[i, j] = means[j] if math.isnan(m[i, j]) else m[i, j]
    return out
