"""The Poisson equation on a k x k grid, solved with a sparse matrix: memory and time grow with n, not n^2.

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

# SciPy ships no type information: mypy sees its names as Any, so the functions below pin their own types.
from scipy import sparse  # type: ignore[import-untyped]
from scipy.sparse import linalg as sparse_linalg  # type: ignore[import-untyped]

FloatArray = npt.NDArray[np.float64]


def poisson_matrix(k: int) -> sparse.csr_array:
    """The n x n matrix (n = k * k) of the 5-point stencil above, as a SciPy sparse matrix in CSR format.

    4 on the diagonal, -1 where unknown p is the left, right, upper or lower neighbour of unknown q.
    """
    # The 1-D second difference on a line of k points: 2 on the diagonal, -1 next to it (k x k, tridiagonal).
    second_difference = sparse.diags_array([-1.0, 2.0, -1.0], offsets=[-1, 0, 1], shape=(k, k), format="csr")
    identity = sparse.eye_array(k, format="csr")
    # The Kronecker sum: kron(I, T) applies T along each grid row (neighbours p +- 1), kron(T, I) along each
    # column (neighbours p +- k); their diagonals add up to 4. Ask kron for CSR: left to choose, it returns
    # BSR with dense blocks for small k, which stores the zeros again.
    along_rows = sparse.kron(identity, second_difference, format="csr")
    along_columns = sparse.kron(second_difference, identity, format="csr")
    return sparse.csr_array(along_rows + along_columns)


def solve_poisson(f: FloatArray) -> FloatArray:
    """Solve the Poisson equation for the (k, k) right-hand side `f`; return u as a (k, k) float array."""
    k = f.shape[0]
    # A sparse direct solver (SuperLU): it reorders the unknowns to limit fill-in, so the factors stay sparse
    # and the residual is at the level of rounding. Conjugate gradients (sparse_linalg.cg) also fits this
    # symmetric positive definite matrix, with a tolerance such as rtol=1e-12; its default of 1e-5 is too loose.
    u = np.asarray(sparse_linalg.spsolve(poisson_matrix(k), f.reshape(-1)), dtype=np.float64)
    return u.reshape(k, k)
