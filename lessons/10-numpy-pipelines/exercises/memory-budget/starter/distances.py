"""Pairwise distances, standardisation and batching, on a memory budget.

Every function here gives the right numbers, but spends memory as if it were free. Broadcasting makes
`a[:, None, :] - b[None, :, :]` look like one cheap expression, yet it materialises an (n, m, d) array: with
d = 8 features that is eight times the size of the (n, m) answer, and squaring it makes another one. On a
million points the "one line" needs gigabytes.

The checks measure the peak with tracemalloc (numpy reports its array buffers to it), so every temporary
array counts. Make each function fit its budget (see the exercise) and keep the results the same.
"""
from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def pairwise_distances(a: FloatArray, b: FloatArray, out: FloatArray | None = None) -> FloatArray:
    """The Euclidean distance between every row of `a` (n, d) and every row of `b` (m, d): an (n, m) array.

    With `out` (an (n, m) float64 array), the distances are written into it, and it is returned.
    """
    # TODO: this broadcast builds two (n, m, d) temporaries. Budget: 3x the (n, m) result.
    diff = a[:, np.newaxis, :] - b[np.newaxis, :, :]
    result = np.sqrt((diff**2).sum(axis=-1))
    if out is None:
        return result
    out[...] = result
    return out


def standardize(x: FloatArray, out: FloatArray | None = None) -> FloatArray:
    """Each column of the 2-D array `x` shifted to mean 0 and scaled to standard deviation 1 (ddof=0).

    With `out` (same shape as x, possibly x itself), the result is written into it, and it is returned.
    """
    # TODO: x.std() and every operator here allocate an array the size of x. Budget: 1.5x the result
    # without out=, and no x-sized temporary at all with out=.
    result = (x - x.mean(axis=0)) / x.std(axis=0)
    if out is None:
        return result
    out[...] = result
    return out


def row_batches(x: FloatArray, size: int) -> list[FloatArray]:
    """Consecutive blocks of `size` rows of `x` (the last one may be shorter), as views into x."""
    if size < 1:
        raise ValueError(f"size must be at least 1, got {size}")
    # TODO: np.array() copies its argument; the batches should be views.
    return [np.array(x[start : start + size]) for start in range(0, x.shape[0], size)]


def split_xy(data: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Split a table into its features (every column but the last) and its target (the last column).

    Both are views into `data`: writing to them writes to the table.
    """
    # TODO: np.delete always copies, and so does .copy().
    return np.delete(data, -1, axis=1), data[:, -1].copy()
