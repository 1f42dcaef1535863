"""Checks for sparse-solve: a sparse matrix with no stored zeros, an exact solve, and memory that grows with n.

The reference matrix here is built entry by entry from the stencil, independently of your code. Residuals are
measured with it, so a solver can only pass by solving the right equations. Memory is the peak of traced
memory (tracemalloc counts every numpy buffer, including the index and data arrays inside SciPy's sparse
matrices) compared with the n^2 doubles a dense matrix would need.
"""
from __future__ import annotations

import gc
import tracemalloc

import numpy as np
import pytest
from numpy.testing import assert_allclose
from poisson import poisson_matrix, solve_poisson
from scipy import sparse

MEMORY_SHARE = 0.05  # the whole solve may use at most 5 % of what the dense matrix alone would need
RESIDUAL = 1e-8


def reference_dense(k: int) -> np.ndarray:
    n = k * k
    a = np.zeros((n, n))
    for i in range(k):
        for j in range(k):
            p = i * k + j
            a[p, p] = 4.0
            for di, dj in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                if 0 <= i + di < k and 0 <= j + dj < k:
                    a[p, (i + di) * k + (j + dj)] = -1.0
    return a


def reference_sparse(k: int) -> sparse.csr_array:
    """The same matrix as reference_dense, built from coordinate lists (for grids too big to store densely)."""
    n = k * k
    p = np.arange(n)
    i, j = divmod(p, k)
    rows, cols, vals = [p], [p], [np.full(n, 4.0)]
    for di, dj in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        inside = (0 <= i + di) & (i + di < k) & (0 <= j + dj) & (j + dj < k)
        rows.append(p[inside])
        cols.append((i[inside] + di) * k + (j[inside] + dj))
        vals.append(np.full(int(inside.sum()), -1.0))
    return sparse.csr_array((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))


def rhs(k: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(k, k))


def describe(a: object) -> str:
    if isinstance(a, np.ndarray):
        return f"a dense numpy array of {a.size} doubles ({a.nbytes / 1e6:.1f} MB)"
    return f"a {type(a).__name__}"


# ---------------------------------------------------------------- the matrix


@pytest.mark.parametrize("k", [4, 10])
def test_the_matrix_is_sparse_in_csr_or_csc_format(k: int) -> None:
    a = poisson_matrix(k)
    assert sparse.issparse(a), f"poisson_matrix({k}) should return a SciPy sparse matrix, got {describe(a)}"
    assert a.format in ("csr", "csc"), (
        f"poisson_matrix({k}): expected the CSR (or CSC) format, which arithmetic and the solvers work on "
        f"directly; got {a.format!r}"
    )


@pytest.mark.parametrize("k", [1, 2, 3, 6])
def test_the_matrix_equals_the_dense_laplacian_for_small_grids(k: int) -> None:
    a = poisson_matrix(k)
    dense = a.toarray() if sparse.issparse(a) else np.asarray(a)
    assert dense.shape == (k * k, k * k), f"expected shape {(k * k, k * k)}, got {dense.shape}"
    assert_allclose(dense, reference_dense(k), rtol=0, atol=1e-12, err_msg=f"wrong coefficients for k={k}")


@pytest.mark.parametrize("k", [3, 5, 30])
def test_the_matrix_stores_at_most_five_entries_per_row(k: int) -> None:
    n = k * k
    a = poisson_matrix(k)
    assert sparse.issparse(a), f"poisson_matrix({k}) should be sparse, got {describe(a)}"
    assert a.nnz <= 5 * n, (
        f"poisson_matrix({k}) stores {a.nnz} entries, {a.nnz / n:.1f} per row; the stencil has at most 5 per "
        f"row ({5 * n} in all). Stored zeros still cost memory and time: without format=, scipy.sparse.kron "
        "returns BSR with dense blocks for small grids, and .tocsr() keeps those zeros. Pass format='csr'"
    )


# ---------------------------------------------------------------- the solution


@pytest.mark.parametrize("k", [1, 2, 3, 5, 8])
def test_the_solution_equals_the_dense_solution_for_small_grids(k: int) -> None:
    f = rhs(k, seed=k)
    u = solve_poisson(f)
    assert isinstance(u, np.ndarray) and u.shape == (k, k), (
        f"solve_poisson should return a ({k}, {k}) numpy array, got {describe(u)} of shape {np.shape(u)}"
    )
    expected = np.linalg.solve(reference_dense(k), f.reshape(-1)).reshape(k, k)
    assert_allclose(u, expected, rtol=1e-8, atol=1e-12, err_msg=f"the solution differs for k={k}")


def test_the_residual_is_below_1e_8() -> None:
    k = 40
    f = rhs(k, seed=1)
    u = np.asarray(solve_poisson(f), dtype=np.float64)
    residual = np.linalg.norm(reference_sparse(k) @ u.reshape(-1) - f.reshape(-1)) / np.linalg.norm(f)
    assert residual < RESIDUAL, (
        f"the relative residual |A u - f| / |f| is {residual:.2e}; expected below {RESIDUAL:g}. An iterative "
        "solver stops at its tolerance: scipy.sparse.linalg.cg's default rtol is 1e-5"
    )


def test_solving_stays_far_below_n_squared_doubles() -> None:
    k = 50
    n = k * k
    f = rhs(k, seed=2)
    dense_bytes = n * n * 8
    gc.collect()
    tracemalloc.start()
    try:
        u = solve_poisson(f)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= MEMORY_SHARE * dense_bytes, (
        f"solving a {k} x {k} grid (n = {n}) peaked at {peak / 1e6:.1f} MB, {peak / dense_bytes:.0%} of the "
        f"{dense_bytes / 1e6:.0f} MB that n^2 doubles take; expected at most {MEMORY_SHARE:.0%}. A sparse matrix "
        "stores about 5 n numbers: is something converting it to a dense array?"
    )
    residual = np.linalg.norm(reference_sparse(k) @ np.ravel(u) - f.reshape(-1)) / np.linalg.norm(f)
    assert residual < RESIDUAL, f"the relative residual is {residual:.2e}; expected below {RESIDUAL:g}"
