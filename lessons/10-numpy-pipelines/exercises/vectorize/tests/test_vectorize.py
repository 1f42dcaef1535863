"""Checks for vectorize: the same answers as the loops, and no Python step per element.

Correctness: Hypothesis draws arrays (including empty ones and ones with NaN in them) and every kernel must
agree with a plain-Python reference, compared with numpy.testing.assert_allclose (NaN counts as equal to NaN,
so a NaN must come out exactly where the reference has one).

Vectorisation is graded by structure, never by speed: a laptop that is busy would make a timing check unfair.
1. The kernels get an ndarray subclass that counts every element read from Python (`x[i]`, iteration,
   `.item()`, `.tolist()`). A vectorised kernel reads none: numpy's C loops use the buffer directly.
2. The number of bytecode instructions executed inside kernels.py must not grow with the array's length.
   A loop over n elements runs its body n times, whatever trick hides it from the subclass.
"""
from __future__ import annotations

import math
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import kernels
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose

RTOL = 1e-9
ATOL = 1e-9  # values are at most 1e3 in size, so summation-order differences stay far below this

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=120)

ELEMENTS = st.floats(-1e3, 1e3, allow_subnormal=False) | st.just(math.nan)
VECTORS = hnp.arrays(np.float64, st.integers(0, 40), elements=ELEMENTS)
MATRICES = hnp.arrays(
    np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=8), elements=ELEMENTS
)


# ---------------------------------------------------------------- plain-Python references (the specification)


def reference_soft_threshold(values: list[float], t: float) -> list[float]:
    out = []
    for v in values:
        if math.isnan(v):
            out.append(math.nan)
        elif v > t:
            out.append(v - t)
        elif v < -t:
            out.append(v + t)
        else:
            out.append(0.0)
    return out


def reference_moving_average(values: list[float], window: int) -> list[float]:
    return [sum(values[i : i + window]) / window for i in range(len(values) - window + 1)]


def reference_row_norms(rows: list[list[float]]) -> list[float]:
    return [math.sqrt(sum(v * v for v in row)) for row in rows]


def reference_fill(rows: list[list[float]], cols: int) -> list[list[float]]:
    means = []
    for j in range(cols):
        present = [row[j] for row in rows if not math.isnan(row[j])]
        means.append(sum(present) / len(present) if present else 0.0)
    return [[means[j] if math.isnan(v) else v for j, v in enumerate(row)] for row in rows]


def check_result(actual: object, expected: np.ndarray, what: str) -> None:
    assert isinstance(actual, np.ndarray), f"{what} should return a numpy array, got {type(actual).__name__}"
    assert actual.shape == expected.shape, f"{what}: expected shape {expected.shape}, got {actual.shape}"
    assert np.issubdtype(actual.dtype, np.floating), f"{what}: expected a float array, got dtype {actual.dtype}"
    assert_allclose(actual, expected, rtol=RTOL, atol=ATOL, err_msg=f"{what} differs from the reference")


# ---------------------------------------------------------------- correctness on drawn arrays


@SETTINGS
@given(x=VECTORS, t=st.floats(0.0, 500.0))
@example(x=np.array([]), t=1.0)
@example(x=np.array([3.0, -0.5, -2.0, math.nan, 1.0, -1.0]), t=1.0)
def test_soft_threshold_matches_the_loop(x: np.ndarray, t: float) -> None:
    expected = np.array(reference_soft_threshold(x.tolist(), t), dtype=np.float64)
    check_result(kernels.soft_threshold(x.copy(), t), expected, f"soft_threshold(x, {t})")


@SETTINGS
@given(x=VECTORS, window=st.integers(1, 8))
@example(x=np.array([]), window=1)
@example(x=np.array([1.0, 2.0]), window=3)
@example(x=np.array([1.0, 2.0, math.nan, 4.0, 5.0, 6.0, 7.0]), window=2)
def test_moving_average_matches_the_loop(x: np.ndarray, window: int) -> None:
    expected = np.array(reference_moving_average(x.tolist(), window), dtype=np.float64)
    check_result(kernels.moving_average(x.copy(), window), expected, f"moving_average(x, {window})")


def test_moving_average_rejects_a_window_below_one() -> None:
    with pytest.raises(ValueError):
        kernels.moving_average(np.arange(5.0), 0)


@SETTINGS
@given(m=MATRICES)
@example(m=np.empty((0, 3)))
@example(m=np.empty((2, 0)))
@example(m=np.array([[3.0, 4.0], [math.nan, 1.0]]))
def test_row_norms_match_the_loop(m: np.ndarray) -> None:
    expected = np.array(reference_row_norms(m.tolist()), dtype=np.float64).reshape(m.shape[0])
    check_result(kernels.row_norms(m.copy()), expected, "row_norms(m)")


@SETTINGS
@given(m=MATRICES)
@example(m=np.empty((0, 3)))
@example(m=np.array([[math.nan, 1.0], [math.nan, math.nan], [2.0, 3.0]]))
def test_fill_nan_with_column_mean_matches_the_loop(m: np.ndarray) -> None:
    expected = np.array(reference_fill(m.tolist(), m.shape[1]), dtype=np.float64).reshape(m.shape)
    original = m.copy()
    check_result(kernels.fill_nan_with_column_mean(m), expected, "fill_nan_with_column_mean(m)")
    assert_allclose(m, original, rtol=0, atol=0, err_msg="fill_nan_with_column_mean must not change its input")


# ---------------------------------------------------------------- no element is read from Python

COUNTS: dict[str, int] = {}


class ElementSpy(np.ndarray):  # type: ignore[type-arg]
    """An ndarray that counts every way Python code can pull single elements out of it.

    ufuncs and most numpy functions pass the subclass on to their results, so the arrays a kernel derives from
    its input (np.abs(x), x - t, ...) keep counting too.
    """

    def __getitem__(self, key: Any) -> Any:
        item = super().__getitem__(key)
        if not isinstance(item, np.ndarray):  # a single element (slices and masks give arrays)
            COUNTS["x[i]"] = COUNTS.get("x[i]", 0) + 1
        return item

    def __iter__(self) -> Any:
        COUNTS["iteration"] = COUNTS.get("iteration", 0) + 1
        return super().__iter__()

    def item(self, *args: Any) -> Any:
        COUNTS[".item()"] = COUNTS.get(".item()", 0) + 1
        return super().item(*args)

    def tolist(self) -> Any:
        COUNTS[".tolist()"] = COUNTS.get(".tolist()", 0) + 1
        return super().tolist()


def _vector(n: int) -> np.ndarray:
    x = np.random.default_rng(7).uniform(-10.0, 10.0, n)
    x[:: max(n // 5, 1)] = math.nan
    return x


def _matrix(n: int) -> np.ndarray:
    m = np.random.default_rng(8).uniform(-10.0, 10.0, (n, 4))
    m[:: max(n // 4, 1), 1] = math.nan
    m[:, 3] = math.nan
    return m


CALLS: dict[str, Callable[[Callable[[np.ndarray], np.ndarray], int], Any]] = {
    "soft_threshold": lambda wrap, n: kernels.soft_threshold(wrap(_vector(n)), 2.5),
    "moving_average": lambda wrap, n: kernels.moving_average(wrap(_vector(n)), 4),
    "row_norms": lambda wrap, n: kernels.row_norms(wrap(_matrix(n))),
    "fill_nan_with_column_mean": lambda wrap, n: kernels.fill_nan_with_column_mean(wrap(_matrix(n))),
}


def _as_spy(a: np.ndarray) -> np.ndarray:
    return a.view(ElementSpy)


def _plain(a: np.ndarray) -> np.ndarray:
    return a


@pytest.mark.parametrize("kernel", list(CALLS))
def test_the_kernel_reads_no_element_from_python(kernel: str) -> None:
    COUNTS.clear()
    CALLS[kernel](_as_spy, 50)
    reads = {way: count for way, count in COUNTS.items() if count}
    assert not reads, (
        f"{kernel} should leave the elements to numpy's C loops, but Python code read them one at a time: "
        + ", ".join(f"{way} {count} times" for way, count in reads.items())
        + ". Replace the loop with whole-array operations."
    )


def _bytecodes_run_in_kernels(call: Callable[[], object]) -> int:
    """How many bytecode instructions run in frames of kernels.py (its functions, lambdas, comprehensions)."""
    filename = kernels.__file__
    count = 0

    def local(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if event == "opcode":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: object) -> Any:
        if frame.f_code.co_filename != filename:
            return None  # numpy's own Python code is not the student's loop
        frame.f_trace_opcodes = True
        frame.f_trace_lines = False
        return local

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        call()
    finally:
        sys.settrace(previous)
    return count


@pytest.mark.parametrize("kernel", list(CALLS))
def test_the_python_work_does_not_grow_with_the_array(kernel: str) -> None:
    # Since 3.12 a function's first call under a new tracer is not traced opcode by opcode: warm up first.
    _bytecodes_run_in_kernels(lambda: CALLS[kernel](_plain, 20))
    small = _bytecodes_run_in_kernels(lambda: CALLS[kernel](_plain, 20))
    large = _bytecodes_run_in_kernels(lambda: CALLS[kernel](_plain, 2000))
    assert large <= 2 * small + 20, (
        f"{kernel} ran {small} bytecode instructions in kernels.py for 20 rows or elements and {large} for 2000: "
        "the Python work grows with the data, so there is still a loop over the elements (maybe in a "
        "comprehension, map() or np.vectorize). Expected about the same count for both sizes."
    )
