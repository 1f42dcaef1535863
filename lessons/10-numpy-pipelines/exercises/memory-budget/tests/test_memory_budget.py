"""Checks for memory-budget: the same numbers, within a memory budget, and views where views are promised.

Memory is measured with tracemalloc. numpy reports every array buffer it allocates to tracemalloc, so the
peak of traced memory during one call is the largest amount of array data alive at the same time: the result
plus every temporary. Budgets are ratios to the size of the result, so they hold on every machine. (BLAS's
private work buffers are not numpy arrays and are not counted.)
"""
from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pytest
from distances import pairwise_distances, row_batches, split_xy, standardize
from numpy.testing import assert_allclose

T = TypeVar("T")

PAIRWISE_BUDGET = 3.0  # peak <= 3x the (n, m) result (the broadcasting version needs about 17x)
PAIRWISE_OUT_BUDGET = 1.5  # with out=, the caller's array is already there: no (n, m, d) temporaries
STANDARDIZE_BUDGET = 1.5  # the result plus column-sized vectors, no second x-sized array
STANDARDIZE_OUT_BUDGET = 0.5  # with out=, no x-sized array at all


def peak_of(call: Callable[[], T]) -> tuple[T, int]:
    """Run call() under tracemalloc; return its result and the peak of traced memory in bytes."""
    gc.collect()
    tracemalloc.start()
    try:
        result = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def points(n: int, d: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, d))


def reference_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=-1))


def reference_standardized(x: np.ndarray) -> np.ndarray:
    return (x - x.mean(axis=0)) / x.std(axis=0)


# ---------------------------------------------------------------- pairwise distances


@pytest.mark.parametrize(("n", "m", "d"), [(1, 1, 1), (7, 5, 3), (40, 60, 8), (0, 4, 3), (5, 0, 3), (3, 4, 0)])
def test_pairwise_distances_are_correct(n: int, m: int, d: int) -> None:
    a, b = points(n, d, 1), points(m, d, 2)
    b[: min(n, m) // 2] = a[: min(n, m) // 2]  # some pairs of identical points: distance exactly 0
    result = pairwise_distances(a, b)
    assert result.shape == (n, m), f"expected shape {(n, m)}, got {result.shape}"
    assert_allclose(result, reference_distances(a, b), rtol=1e-9, atol=1e-6, err_msg="wrong distances")


def test_pairwise_distances_leave_their_inputs_alone() -> None:
    a, b = points(30, 4, 3), points(20, 4, 4)
    a0, b0 = a.copy(), b.copy()
    pairwise_distances(a, b)
    assert np.array_equal(a, a0) and np.array_equal(b, b0), "pairwise_distances changed its input arrays"


def test_pairwise_distances_stay_within_three_times_the_output() -> None:
    a, b = points(300, 8, 5), points(200, 8, 6)
    result, peak = peak_of(lambda: pairwise_distances(a, b))
    output = 300 * 200 * 8
    assert peak <= PAIRWISE_BUDGET * output, (
        f"the peak was {peak / output:.1f}x the (300, 200) result ({peak / 1e6:.2f} MB for a "
        f"{output / 1e6:.2f} MB result); the budget is {PAIRWISE_BUDGET:g}x. Broadcasting a[:, None, :] - "
        "b[None, :, :] materialises an (n, m, d) array: compute the distances without it"
    )
    assert_allclose(result, reference_distances(a, b), rtol=1e-9, atol=1e-6, err_msg="wrong distances")


def test_pairwise_distances_write_into_out_without_big_temporaries() -> None:
    a, b = points(300, 8, 7), points(200, 8, 8)
    out = np.full((300, 200), np.nan)
    result, peak = peak_of(lambda: pairwise_distances(a, b, out=out))
    assert result is out, "with out=, pairwise_distances should return the very array it was given"
    assert_allclose(out, reference_distances(a, b), rtol=1e-9, atol=1e-6, err_msg="wrong distances in out")
    output = out.nbytes
    assert peak <= PAIRWISE_OUT_BUDGET * output, (
        f"with out= given, the peak was still {peak / output:.1f}x the result; the budget is "
        f"{PAIRWISE_OUT_BUDGET:g}x. Compute into out rather than computing elsewhere and copying"
    )


# ---------------------------------------------------------------- standardize


@pytest.mark.parametrize(("n", "d"), [(2, 1), (10, 3), (500, 20)])
def test_standardize_gives_mean_zero_and_unit_spread(n: int, d: int) -> None:
    x = points(n, d, 9) * 5.0 + 3.0
    x0 = x.copy()
    result = standardize(x)
    assert_allclose(result, reference_standardized(x0), rtol=1e-9, atol=1e-12, err_msg="wrong standardisation")
    assert np.array_equal(x, x0), "standardize(x) without out= must not change x"


def test_standardize_can_work_in_place() -> None:
    x = points(200, 6, 10) * 2.0 - 1.0
    expected = reference_standardized(x)
    result = standardize(x, out=x)
    assert result is x, "standardize(x, out=x) should return x itself"
    assert_allclose(x, expected, rtol=1e-9, atol=1e-12, err_msg="standardize(x, out=x) gave wrong values")


def test_standardize_allocates_nothing_but_its_result() -> None:
    x = points(2000, 50, 11)
    result, peak = peak_of(lambda: standardize(x))
    output = x.nbytes
    assert peak <= STANDARDIZE_BUDGET * output, (
        f"the peak was {peak / output:.2f}x the result; the budget is {STANDARDIZE_BUDGET:g}x. "
        "x - mean, the division and x.std() each allocate an array the size of x"
    )
    assert_allclose(result, reference_standardized(x), rtol=1e-9, atol=1e-12, err_msg="wrong standardisation")


def test_standardize_with_out_allocates_no_array_the_size_of_x() -> None:
    x = points(2000, 50, 12)
    out = np.empty_like(x)
    result, peak = peak_of(lambda: standardize(x, out=out))
    assert result is out, "with out=, standardize should return the very array it was given"
    assert peak <= STANDARDIZE_OUT_BUDGET * x.nbytes, (
        f"with out= given, the peak was {peak / x.nbytes:.2f}x the size of x; expected no x-sized temporary "
        f"(at most {STANDARDIZE_OUT_BUDGET:g}x). Work in out with np.subtract(..., out=out) and in-place operators"
    )
    assert_allclose(out, reference_standardized(x), rtol=1e-9, atol=1e-12, err_msg="wrong values in out")


# ---------------------------------------------------------------- views


def test_returned_batches_are_views() -> None:
    x = points(23, 3, 13)
    batches = row_batches(x, 5)
    assert [len(batch) for batch in batches] == [5, 5, 5, 5, 3], (
        f"expected batches of 5, 5, 5, 5 and 3 rows, got {[len(batch) for batch in batches]}"
    )
    assert np.array_equal(np.concatenate(batches), x), "the batches, put back together, should be x"
    for i, batch in enumerate(batches):
        assert np.shares_memory(batch, x), f"batch {i} is a copy; expected a view sharing x's memory"
        assert batch.base is x, f"batch {i}.base should be x (the array that owns the memory)"


def test_writing_to_a_batch_writes_to_the_array() -> None:
    x = np.zeros((10, 2))
    row_batches(x, 4)[1][0, 0] = 42.0
    assert x[4, 0] == 42.0, "a write to batch 1, row 0 should land in row 4 of the array"


def test_row_batches_of_an_empty_array_and_a_bad_size() -> None:
    assert row_batches(np.empty((0, 3)), 4) == [], "an array with no rows has no batches"
    with pytest.raises(ValueError):
        row_batches(np.zeros((3, 3)), 0)


def test_returned_features_and_target_are_views() -> None:
    data = points(50, 4, 14)
    features, target = split_xy(data)
    assert features.shape == (50, 3) and target.shape == (50,), (
        f"expected shapes (50, 3) and (50,), got {features.shape} and {target.shape}"
    )
    assert np.array_equal(features, data[:, :3]) and np.array_equal(target, data[:, 3]), "wrong columns"
    for name, part in (("features", features), ("target", target)):
        assert np.shares_memory(part, data), f"{name} is a copy; expected a view sharing the table's memory"
        assert part.base is data, f"{name}.base should be the table"
    target[0] = -1.0
    assert data[0, 3] == -1.0, "writing to the target should write to the table's last column"
