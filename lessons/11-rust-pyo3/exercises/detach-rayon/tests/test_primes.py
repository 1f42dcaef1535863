"""Checks for `primes`: the GIL is released while Rust waits or computes (the sleep witness), and the parallel
count equals the serial one. No check measures speed: the benchmark (bench.py) only shows it."""
from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=200)

gil_check = pytest.mark.skipif(
    not getattr(sys, "_is_gil_enabled", lambda: True)(),
    reason="this Python runs without a GIL (free-threaded): there is nothing to release",
)


def count_primes_reference(limit: int) -> int:
    """The specification, in Python."""
    return sum(1 for n in range(2, limit) if all(n % d for d in range(2, int(n**0.5) + 1)))


def elapsed_in_threads(function: Callable[[int], object], argument: int, k: int) -> float:
    """Starts k threads that each call function(argument) at once; returns the total elapsed time."""
    threads = [threading.Thread(target=function, args=(argument,)) for _ in range(k)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


@gil_check
def test_wait_ms_releases_the_gil_so_four_threads_wait_at_the_same_time() -> None:
    from primes import wait_ms

    wait_ms(1)  # import, first call and thread start-up out of the measurement
    k, seconds = 4, 0.2
    total = elapsed_in_threads(wait_ms, 200, k)
    assert total >= seconds * 0.95, f"each call must really wait 200 ms: the four threads were done after {total:.3f} s"
    assert total <= 0.6 * k * seconds, (
        f"4 threads each waiting 200 ms took {total:.3f} s in total: with the GIL released they wait side by side "
        f"(about 0.2 s, at most {0.6 * k * seconds:.2f} s); holding the GIL they queue up (0.8 s or more)"
    )


def calibrated_limit(function: Callable[[int], object], seconds: float = 0.4) -> int:
    """A limit for which one call of `function` takes at least `seconds` on this machine, now."""
    limit = 100_000
    while limit < 1 << 30:
        start = time.perf_counter()
        function(limit)
        if time.perf_counter() - start >= seconds:
            break
        limit *= 2
    return limit


@gil_check
@pytest.mark.parametrize("name", ["count_primes", "count_primes_parallel"])
def test_python_threads_keep_running_while_rust_counts_primes(name: str) -> None:
    import primes

    function: Callable[[int], int] = getattr(primes, name)
    limit = calibrated_limit(function)  # about 0.4 s of work, however fast this machine is
    worker = threading.Thread(target=function, args=(limit,))
    worker.start()
    for _ in range(2):
        time.sleep(0.02)  # gives up the GIL, and needs it back to go on
    still_counting = worker.is_alive()
    worker.join()
    assert still_counting, (
        f"while {name}({limit}) ran in another thread (about 0.4 s), this thread could not finish two 20 ms "
        f"sleeps: it needs the GIL back after each sleep, and {name} held it until the end. Count inside py.detach"
    )


@SETTINGS
@given(limit=st.integers(min_value=0, max_value=3000))
def test_count_primes_equals_the_python_definition(limit: int) -> None:
    from primes import count_primes

    expected = count_primes_reference(limit)
    got = count_primes(limit)
    assert got == expected, f"primes below {limit}: expected {expected}, got {got}"


@SETTINGS
@given(limit=st.integers(min_value=0, max_value=20_000))
def test_the_parallel_count_equals_the_serial_count(limit: int) -> None:
    from primes import count_primes, count_primes_parallel

    serial = count_primes(limit)
    parallel = count_primes_parallel(limit)
    assert parallel == serial, f"primes below {limit}: serial count {serial}, parallel count {parallel}"


@pytest.mark.parametrize(
    ("limit", "expected"),
    [(0, 0), (2, 0), (3, 1), (100, 25), (1_000_000, 78_498)],
    ids=["below 0", "below 2", "below 3", "below 100", "below 1000000"],
)
def test_the_parallel_count_is_right_on_known_values(limit: int, expected: int) -> None:
    from primes import count_primes_parallel

    got = count_primes_parallel(limit)
    assert got == expected, f"there are {expected} primes below {limit}, count_primes_parallel said {got}"


def test_the_parallel_count_is_right_when_four_python_threads_call_it_at_once() -> None:
    from primes import count_primes_parallel

    with ThreadPoolExecutor(max_workers=4) as pool:
        calls = [pool.submit(count_primes_parallel, 300_000) for _ in range(4)]
        results = [call.result() for call in calls]  # an exception in a thread is raised here
    assert results == [25_997] * 4, f"4 concurrent calls below 300000 should each give 25997, got {results}"
