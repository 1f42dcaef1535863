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
    if out is None:
        out = np.empty((a.shape[0], b.shape[0]), dtype=np.float64)
    # |a_i - b_j|^2 = |a_i|^2 + |b_j|^2 - 2 a_i . b_j. The dot products of all pairs are one matrix product,
    # written straight into `out` (b.T is a view, BLAS reads it transposed); the squared norms are (n,) and
    # (m,) vectors. From here on every step works in place, so the only big array is the result itself.
    np.matmul(a, b.T, out=out)
    out *= -2.0
    out += np.einsum("ij,ij->i", a, a)[:, np.newaxis]  # (n, 1) broadcasts along the columns
    out += np.einsum("ij,ij->i", b, b)  # (m,) broadcasts along the rows
    # Rounding can leave a tiny negative number where a_i == b_j; clip it before the square root.
    np.maximum(out, 0.0, out=out)
    np.sqrt(out, out=out)
    return out


def standardize(x: FloatArray, out: FloatArray | None = None) -> FloatArray:
    """Each column of the 2-D array `x` shifted to mean 0 and scaled to standard deviation 1 (ddof=0).

    With `out` (same shape as x, possibly x itself), the result is written into it, and it is returned.
    """
    mean = x.mean(axis=0)  # a reduction: the result is one value per column, no temporary of x's size
    if out is None:
        out = np.empty_like(x)
    np.subtract(x, mean, out=out)  # safe when out is x: each element is read before it is written
    # The variance of the centred columns without squaring into a new array: einsum sums out[i, j]**2 over i.
    variance = np.einsum("ij,ij->j", out, out) / x.shape[0]
    out /= np.sqrt(variance)
    return out


def row_batches(x: FloatArray, size: int) -> list[FloatArray]:
    """Consecutive blocks of `size` rows of `x` (the last one may be shorter), as views into x."""
    if size < 1:
        raise ValueError(f"size must be at least 1, got {size}")
    # A basic slice (start:stop) is a view: new shape and offset, same buffer, no copy.
    return [x[start : start + size] for start in range(0, x.shape[0], size)]


def split_xy(data: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Split a table into its features (every column but the last) and its target (the last column).

    Both are views into `data`: writing to them writes to the table.
    """
    # Slices with a step of 1 (or any fixed step) are views; index lists and np.delete would copy.
    return data[:, :-1], data[:, -1]
