"""Benchmarks implementations of one computation against each other, for PyForge's benchmark chart.

A benchmark file (``bench_*.py``, or an exercise's) declares:

    IMPLEMENTATIONS = {"python": dot_py, "numpy": dot_np, "c": vec.dot}   # name -> callable
    SIZES = [10, 100, 1_000, 10_000]
    def make_input(n): return (a, b)           # the arguments for size n, a tuple
    def same(x, y): return math.isclose(x, y)  # optional: how results are compared (default below)

For each size, every implementation is first called once and its result compared with the first
implementation's (a fast wrong answer is no speed-up: disagreements are reported and that size is not
timed for it). Then each is timed with a warm-up and repeats: the loop count is chosen so one measurement
takes at least 20 ms, five measurements are taken, interleaved across implementations so a slow moment of
the machine hits them all alike; the median is the result and a spread above 25 % flags the size as noisy.
Usage: ``python pyforge_bench.py --out RESULT.json bench_dot.py``.
"""
from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from pyforge_report import run_script, tool_arguments, write_report

REPEATS = 5
MIN_MEASURE_SECONDS = 0.02
NOISY_SPREAD = 0.25
MAX_SECONDS_PER_IMPLEMENTATION_AND_SIZE = 10.0


def default_same(x: Any, y: Any) -> bool:
    """Equal, or close for floats and arrays (numpy's allclose when numpy is around)."""
    try:
        import numpy as np

        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            return bool(np.shape(x) == np.shape(y) and np.allclose(x, y, equal_nan=True))
    except ImportError:
        pass
    if isinstance(x, float) or isinstance(y, float):
        return math.isclose(float(x), float(y), rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(float(x)) and math.isnan(float(y)))
    if isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)):
        return len(x) == len(y) and all(default_same(a, b) for a, b in zip(x, y, strict=True))
    return bool(x == y)


def _loops_for(fn: Callable[..., Any], args: tuple[Any, ...]) -> int:
    """How many calls make one measurement last MIN_MEASURE_SECONDS (timeit's autorange, by powers of 2)."""
    loops = 1
    while True:
        started = time.perf_counter()
        for _ in range(loops):
            fn(*args)
        if time.perf_counter() - started >= MIN_MEASURE_SECONDS or loops >= 1 << 20:
            return loops
        loops *= 2


def run(spec: dict[str, Any]) -> dict[str, Any]:
    implementations: dict[str, Callable[..., Any]] = spec["IMPLEMENTATIONS"]
    sizes: list[int] = list(spec["SIZES"])
    make_input: Callable[[int], tuple[Any, ...]] = spec["make_input"]
    same: Callable[[Any, Any], bool] = spec.get("same", default_same)
    names = list(implementations)
    results: list[dict[str, Any]] = []
    disagreements: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for size in sizes:
        args = make_input(size)
        if not isinstance(args, tuple):
            args = (args,)
        reference: Any = None
        timed: list[str] = []
        for i, name in enumerate(names):
            try:
                value = implementations[name](*args)
            except Exception as err:  # noqa: BLE001 - one failing implementation must not hide the others
                errors.append({"implementation": name, "size": size, "message": f"{type(err).__name__}: {err}"})
                continue
            if i == 0:
                reference = value
            elif not same(value, reference):
                disagreements.append({"implementation": name, "reference": names[0], "size": size, "got": repr(value)[:200], "expected": repr(reference)[:200]})
                continue
            timed.append(name)
        loops = {name: _loops_for(implementations[name], args) for name in timed}
        samples: dict[str, list[float]] = {name: [] for name in timed}
        deadline = {name: time.perf_counter() + MAX_SECONDS_PER_IMPLEMENTATION_AND_SIZE for name in timed}
        for _ in range(REPEATS):
            for name in timed:  # interleaved: a slow moment of the machine hits every implementation alike
                if samples[name] and time.perf_counter() > deadline[name]:
                    continue
                fn = implementations[name]
                started = time.perf_counter()
                for _ in range(loops[name]):
                    fn(*args)
                samples[name].append((time.perf_counter() - started) / loops[name])
        for name in timed:
            values = samples[name]
            median = statistics.median(values)
            spread = (max(values) - min(values)) / median if median > 0 else 0.0
            results.append({"implementation": name, "size": size, "seconds": median, "min": min(values), "max": max(values), "repeats": len(values), "loops": loops[name], "noisy": spread > NOISY_SPREAD})
    return {"version": 1, "implementations": names, "sizes": sizes, "results": results, "disagreements": disagreements, "errors": errors}


def main(argv: list[str]) -> int:
    options = tool_arguments("pyforge_bench", argv)
    spec = run_script(options.script, "pyforge_bench_spec")
    missing = [name for name in ("IMPLEMENTATIONS", "SIZES", "make_input") if name not in spec]
    if missing:
        print(f"{options.script} must define {', '.join(missing)} (see the benchmark format in lessons/README.md)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = run(spec)
    result["script"] = options.script
    result["seconds"] = time.perf_counter() - started
    write_report(options.out, result)
    return 1 if result["disagreements"] or result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
