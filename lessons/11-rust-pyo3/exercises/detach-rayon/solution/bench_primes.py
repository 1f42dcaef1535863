"""The Benchmark view's file for this exercise: counting the primes below n four ways, on one chart.

PyForge first checks that all four agree at every size, then times them and draws time against n. Build the
crate first (Build, or one Check): it lands in build/. A variant you have not written yet shows as an error.
"""
from __future__ import annotations

import sys
from pathlib import Path

# isort: split
sys.path.insert(0, str(Path(__file__).resolve().parent / "build"))
import primes  # built into build/, which the line above puts on sys.path

# isort: split
from bench import (  # the two pure-Python variants
    count_primes_numpy,
    count_primes_python,
)

IMPLEMENTATIONS = {
    "Python (trial division)": count_primes_python,
    "numpy (sieve)": count_primes_numpy,
    "Rust, 1 thread": primes.count_primes,
    "Rust, all cores": primes.count_primes_parallel,
}
SIZES = [1_000, 10_000, 100_000]


def make_input(n: int) -> tuple[int]:
    return (n,)
