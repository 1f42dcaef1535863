"""The Poisson equation on a k x k grid, solved with a dense matrix: correct, and doomed to scale badly.

Unknown u[i, j] sits at row i, column j of the grid, and has index i * k + j in the flat vector of
n = k * k unknowns. The 5-point stencil ties it to its four neighbours:

    4 * u[i, j] - u[i-1, j] - u[i+1, j] - u[i, j-1] - u[i, j+1] = f[i, j]

where a neighbour outside the grid counts as 0 (a Dirichlet boundary). That is one equation per unknown, and
each equation has at most 5 nonzero coefficients. A dense n x n matrix stores all n * n of them anyway: for a
modest 300 x 300 grid, n = 90 000 and the matrix needs 65 GB, of which 99.99 % are zeros. The same matrix in
a sparse format needs about 5 MB.
"""
from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def poisson_matrix(k: int) -> FloatArray:
    """The n x n matrix (n = k * k) of the 5-point stencil above, as a SciPy sparse matrix in CSR format.

    4 on the diagonal, -1 where unknown p is the left, right, upper or lower neighbour of unknown q.
    """
    # TODO: build it sparse (scipy.sparse): from diagonals, or as a Kronecker sum of the 1-D second
    # difference matrix. Store no zeros: at most 5 entries per row.
    n = k * k
    a = np.zeros((n, n))
    for i in range(k):
        for j in range(k):
            p = i * k + j
            a[p, p] = 4.0
            if j > 0:
                a[p, p - 1] = -1.0
            if j < k - 1:
                a[p, p + 1] = -1.0
            if i > 0:
                a[p, p - k] = -1.0
            if i < k - 1:
                a[p, p + k] = -1.0
    return a


def solve_poisson(f: FloatArray) -> FloatArray:
    """Solve the Poisson equation for the (k, k) right-hand side `f`; return u as a (k, k) float array."""
    k = f.shape[0]
    # TODO: a sparse solver from scipy.sparse.linalg (a direct one, or an iterative one with a tight
    # tolerance): np.linalg.solve works on dense matrices only, in O(n^3) time and O(n^2) memory.
    a = poisson_matrix(k)
    u = np.linalg.solve(a, f.reshape(-1))
    return u.reshape(k, k)
