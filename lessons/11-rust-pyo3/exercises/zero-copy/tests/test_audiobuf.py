"""Checks for `audiobuf`: right answers, and no copies. A copy shows in two ways: tracemalloc sees the
memory it takes (numpy's and Python's allocations are traced), and np.shares_memory says a result is not a
view of the input."""
from __future__ import annotations

import tracemalloc
from array import array
from collections.abc import Callable, Iterator

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=150)
FINITE = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
SAMPLES = st.lists(FINITE, min_size=1, max_size=60)

Float64s = npt.NDArray[np.float64]


@pytest.fixture(scope="module")
def big() -> Float64s:
    """Two million samples: 16 MB, so that a copy cannot hide."""
    return np.random.default_rng(11).standard_normal(2_000_000)


def traced_peak(call: Callable[[], object]) -> int:
    """The peak of traced memory (bytes) while `call` runs."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def trim_reference(samples: Float64s, threshold: float) -> Float64s:
    """The specification, in numpy."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    return samples[:0] if loud.size == 0 else samples[loud[0] : loud[-1] + 1]


def buffers(values: list[float]) -> Iterator[tuple[str, object]]:
    """The same samples in three kinds of buffer."""
    yield "numpy array", np.array(values, dtype=np.float64)
    yield "array.array('d')", array("d", values)
    yield "memoryview", memoryview(array("d", values))


@SETTINGS
@given(values=SAMPLES)
def test_peak_is_the_largest_absolute_value_in_any_float64_buffer(values: list[float]) -> None:
    from audiobuf import peak

    expected = max(abs(v) for v in values)
    for kind, samples in buffers(values):
        got = peak(samples)  # type: ignore[arg-type]
        assert got == expected, f"peak of {values!r} as a {kind}: expected {expected!r}, got {got!r}"


def test_peak_reads_a_two_dimensional_c_contiguous_array() -> None:
    from audiobuf import peak

    frames = np.array([[0.5, -0.25], [-3.0, 2.0], [1.0, 0.0]])
    assert peak(frames) == 3.0, f"peak of {frames.tolist()}: expected 3.0, got {peak(frames)!r}"


def test_peak_reads_the_samples_in_place_without_copying_them(big: Float64s) -> None:
    from audiobuf import peak

    used = traced_peak(lambda: peak(big))
    assert used < big.nbytes // 100, (
        f"peak of a {big.nbytes // 1_000_000} MB array allocated {used / 1e6:.1f} MB while it ran: it copied the "
        f"samples (as Python floats?). Read the caller's memory through the buffer protocol instead"
    )


def test_peak_of_an_empty_buffer_raises_value_error() -> None:
    from audiobuf import peak

    with pytest.raises(ValueError):
        peak(np.array([], dtype=np.float64))


def test_peak_of_a_strided_view_raises_value_error() -> None:
    from audiobuf import peak

    with pytest.raises(ValueError):
        peak(np.arange(10.0)[::2])


@pytest.mark.parametrize(
    "samples",
    [np.ones(4, dtype=np.float32), array("i", [1, 2, 3]), b"\x00" * 16],
    ids=["float32 array", "array of int", "bytes"],
)
def test_peak_of_a_buffer_that_does_not_hold_float64_is_refused(samples: object) -> None:
    from audiobuf import peak

    with pytest.raises((BufferError, TypeError)):
        peak(samples)  # type: ignore[arg-type]


def test_peak_of_something_that_is_no_buffer_raises_type_error() -> None:
    from audiobuf import peak

    with pytest.raises(TypeError):
        peak([1.0, 2.0])  # type: ignore[arg-type]


def test_apply_gain_scales_the_callers_array_in_place() -> None:
    from audiobuf import apply_gain

    samples = np.arange(5.0)
    returned = apply_gain(samples, 2.0)  # type: ignore[func-returns-value]
    assert returned is None, f"apply_gain works in place and returns None, got {returned!r}"
    assert samples.tolist() == [0.0, 2.0, 4.0, 6.0, 8.0], f"the caller's array should be doubled, it is {samples.tolist()}"


@SETTINGS
@given(values=SAMPLES, gain=st.floats(min_value=-8.0, max_value=8.0, allow_nan=False))
def test_apply_gain_equals_numpy_multiplication(values: list[float], gain: float) -> None:
    from audiobuf import apply_gain

    samples = np.array(values)
    apply_gain(samples, gain)
    expected = np.array(values) * gain
    assert np.array_equal(samples, expected), f"{values!r} times {gain!r}: expected {expected.tolist()}, got {samples.tolist()}"


def test_apply_gain_on_a_strided_view_changes_exactly_the_viewed_samples() -> None:
    from audiobuf import apply_gain

    samples = np.arange(6.0)
    apply_gain(samples[::2], -1.0)
    assert samples.tolist() == [-0.0, 1.0, -2.0, 3.0, -4.0, 5.0], f"only every other sample should flip, got {samples.tolist()}"


def test_apply_gain_does_not_copy_the_samples(big: Float64s) -> None:
    from audiobuf import apply_gain

    samples = big.copy()
    used = traced_peak(lambda: apply_gain(samples, 0.5))
    assert used < samples.nbytes // 100, f"apply_gain on {samples.nbytes // 1_000_000} MB allocated {used / 1e6:.1f} MB: it copied"
    assert np.array_equal(samples, big * 0.5), "and the caller's array should hold the scaled samples"


@pytest.mark.parametrize(
    "make",
    [lambda: np.arange(3.0), lambda: np.arange(3, dtype=np.float32)],
    ids=["read-only array", "float32 array"],
)
def test_apply_gain_refuses_an_array_it_may_not_or_cannot_write(make: Callable[[], npt.NDArray[np.generic]]) -> None:
    from audiobuf import apply_gain

    samples = make()
    if samples.dtype == np.float64:
        samples.flags.writeable = False
    before = samples.copy()
    with pytest.raises(TypeError):
        apply_gain(samples, 2.0)  # type: ignore[arg-type]
    assert np.array_equal(samples, before), "a refused array must stay unchanged"


def test_trim_returns_a_view_that_shares_the_callers_memory() -> None:
    from audiobuf import trim

    samples = np.array([0.0, 0.01, 0.5, -0.7, 0.02, 0.3, 0.0, -0.05])
    loud = trim(samples, 0.1)
    assert loud.tolist() == [0.5, -0.7, 0.02, 0.3], f"expected the samples from 0.5 to 0.3, got {loud.tolist()}"
    assert np.shares_memory(loud, samples), "trim should return a view of the caller's array (np.shares_memory), not a copy"
    loud[0] = 9.0
    assert samples[2] == 9.0, "writing into the trimmed view should change the caller's array"


@SETTINGS
@given(values=SAMPLES, threshold=st.floats(min_value=0.0, max_value=1e6, allow_nan=False), step=st.sampled_from([1, 2, -1]))
def test_trim_equals_the_numpy_definition_on_any_1d_view(values: list[float], threshold: float, step: int) -> None:
    from audiobuf import trim

    samples = np.array(values)[::step]
    expected = trim_reference(samples, threshold)
    got = trim(samples, threshold)
    assert got.dtype == np.float64 and np.array_equal(got, expected), (
        f"trim({samples.tolist()}, {threshold!r}): expected {expected.tolist()}, got {got.tolist()}"
    )
    if expected.size:
        assert np.shares_memory(got, samples), f"trim({samples.tolist()}, {threshold!r}) should return a view, not a copy"


def test_trim_of_silence_is_an_empty_float64_array() -> None:
    from audiobuf import trim

    got = trim(np.zeros(5), 0.1)
    assert got.shape == (0,) and got.dtype == np.float64, f"expected an empty float64 array, got {got!r}"


def test_trim_does_not_copy_the_samples(big: Float64s) -> None:
    from audiobuf import trim

    used = traced_peak(lambda: trim(big, 0.0))
    assert used < big.nbytes // 100, f"trim of {big.nbytes // 1_000_000} MB allocated {used / 1e6:.1f} MB: it copied"


def test_trim_with_a_nan_threshold_raises_value_error() -> None:
    from audiobuf import trim

    with pytest.raises(ValueError):
        trim(np.ones(3), float("nan"))
