"""Time the kernels of kernels.py at growing sizes: run `python bench.py`.

Watch the last column, the time per element. A Python loop pays tens to hundreds of nanoseconds for every
element, at every size. A vectorised kernel pays a fixed overhead per call (a few microseconds), so at large
sizes its cost per element falls to a few nanoseconds. The checks never look at these numbers: timings depend
on the machine and on what else it is doing. They are here for you.
"""
from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

# isort: split
import kernels  # the module you are working on, in an import block of its own

SIZES = (1_000, 10_000, 100_000)
REPEATS = 3


def best_time(call: Callable[[], object]) -> float:
    """The best of REPEATS runs, in seconds: the least disturbed by other programs."""
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def cases(n: int, rng: np.random.Generator) -> dict[str, Callable[[], object]]:
    """One call of each kernel on data of n numbers: a vector of n, or a matrix of n // 4 rows by 4."""
    x = rng.normal(size=n)
    m = rng.normal(size=(n // 4, 4))
    m[::7, 1] = np.nan
    return {
        "soft_threshold": lambda: kernels.soft_threshold(x, 0.5),
        "moving_average": lambda: kernels.moving_average(x, 8),
        "row_norms": lambda: kernels.row_norms(m),
        "fill_nan_with_column_mean": lambda: kernels.fill_nan_with_column_mean(m),
    }


def main() -> None:
    rng = np.random.default_rng(0)
    print(f"{'kernel':<28}{'n':>9}{'ms per call':>14}{'ns per element':>17}")
    for n in SIZES:
        for name, call in cases(n, rng).items():
            seconds = best_time(call)
            print(f"{name:<28}{n:>9}{seconds * 1e3:>14.3f}{seconds / n * 1e9:>17.1f}")


if __name__ == "__main__":
    main()
