"""The Benchmark view's file for this exercise: a plain Python loop against your `kernels.soft_threshold`.

PyForge first checks that both give the same answer at every size, then times them and draws time against
size. A loop pays the interpreter's overhead for every element; a vectorised kernel pays it once per call.
"""
from __future__ import annotations

import numpy as np

# isort: split
import kernels


def loop_soft_threshold(x: np.ndarray, t: float) -> np.ndarray:
    """The element-by-element version: what the exercise asks you to replace."""
    out = np.empty_like(x)
    for i, value in enumerate(x.tolist()):
        out[i] = value - t if value > t else value + t if value < -t else 0.0
    return out


IMPLEMENTATIONS = {"python loop": loop_soft_threshold, "numpy (kernels.py)": kernels.soft_threshold}
SIZES = [100, 1_000, 10_000, 100_000]


def make_input(n: int) -> tuple[np.ndarray, float]:
    return (np.random.default_rng(n).normal(size=n), 0.5)
