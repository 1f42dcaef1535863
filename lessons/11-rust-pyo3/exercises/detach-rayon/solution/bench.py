"""Counting the primes below LIMIT four ways: pure Python, numpy, Rust on one thread, Rust on all cores.

Run it in the terminal after a Check (which builds the crate into build/): `python bench.py [LIMIT]`.
Each figure is the best of 5 runs, interleaved, so a busy moment of the machine hurts every variant alike.
The numpy variant uses another algorithm (a sieve): the fastest code is often a better algorithm, not a
faster language.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent / "build"))
try:
    import primes  # built by the checks into build/, which the line above puts on sys.path
except ImportError:
    raise SystemExit("primes is not built yet: press Check once (it builds the crate into build/)") from None


def count_primes_python(limit: int) -> int:
    """Trial division, exactly the algorithm of the Rust code."""
    count = 0
    for n in range(2, limit):
        if n < 4:
            count += 1
            continue
        if n % 2 == 0:
            continue
        d = 3
        while d * d <= n:
            if n % d == 0:
                break
            d += 2
        else:
            count += 1
    return count


def count_primes_numpy(limit: int) -> int:
    """The sieve of Eratosthenes on a boolean array: strike out the multiples of each prime up to sqrt."""
    if limit < 3:
        return 0
    sieve = np.ones(limit, dtype=bool)
    sieve[:2] = False
    for p in range(2, int(limit**0.5) + 1):
        if sieve[p]:
            sieve[p * p :: p] = False
    return int(sieve.sum())


def main() -> None:
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    variants: dict[str, Callable[[int], int]] = {
        "Python (trial division)": count_primes_python,
        "numpy (sieve)": count_primes_numpy,
        "Rust, 1 thread": primes.count_primes,
        f"Rust + rayon, {primes.threads()} threads": primes.count_primes_parallel,
    }
    answers: dict[str, int] = {}
    for name, fn in list(variants.items()):
        try:
            answers[name] = fn(limit)
        except NotImplementedError:
            print(f"{name}: not written yet, left out")
            del variants[name]
    if len(set(answers.values())) != 1:
        raise SystemExit(f"the variants disagree: {answers}")
    best = dict.fromkeys(variants, float("inf"))
    for _ in range(5):
        for name, fn in variants.items():
            start = time.perf_counter()
            fn(limit)
            best[name] = min(best[name], time.perf_counter() - start)
    print(f"primes below {limit:,}: {answers[next(iter(answers))]:,}")
    slowest = max(best.values())
    for name, seconds in best.items():
        print(f"{name:28} {seconds * 1000:10.2f} ms   {slowest / seconds:8.1f}x  {'#' * round(40 * seconds / slowest)}")


if __name__ == "__main__":
    main()
