"""A small production pipeline: sensor readings arrive in chunks, become features, and train a classifier.

    raw chunks (m, 3) --make_features--> features (N, 6) --fit--> weights (6,)

Every stage is correct, and the whole thing is slow. Don't guess why: run the profiler on run_pipeline.py,
read the flame graph, and fix the widest bars first.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
from scipy.optimize import OptimizeResult, minimize  # type: ignore[import-untyped]

FloatArray = npt.NDArray[np.float64]

N_FEATURES = 6
L2 = 1e-2  # the strength of the ridge penalty that keeps the weights small


def featurize(block: FloatArray) -> FloatArray:
    """The kernel: raw readings (m, 3), columns temperature [C], pressure [bar], vibration [mm/s] -> (m, 6).

    It is vectorised over the rows: it takes any number of rows m (also 1, also 0) in a single call.
    """
    t = (block[:, 0] - 20.0) / 5.0
    p = block[:, 1] - 1.0
    v = block[:, 2]
    return np.stack([np.ones_like(t), t, p, v, t * p, np.log1p(v * v)], axis=1)


def make_features(chunks: Iterable[FloatArray]) -> FloatArray:
    """The features of all rows of all chunks, in order: one (N, 6) array."""
    rows = []
    for chunk in chunks:
        for i in range(chunk.shape[0]):
            rows.append(featurize(chunk[i : i + 1]))
    return np.concatenate(rows) if rows else np.empty((0, N_FEATURES))


def loss(w: FloatArray, features: FloatArray, labels: FloatArray) -> float:
    """The mean logistic loss of weights `w` on labels +1/-1, plus the ridge penalty L2 / 2 * |w|^2."""
    margins = labels * (features @ w)
    # log(1 + exp(-margin)), computed without overflow for large negative margins
    return float(np.mean(np.logaddexp(0.0, -margins)) + 0.5 * L2 * (w @ w))


def loss_and_grad(w: FloatArray, features: FloatArray, labels: FloatArray) -> tuple[float, FloatArray]:
    """The loss and its gradient with respect to w, computed together (they share the margins)."""
    raise NotImplementedError("TODO: return (loss, gradient); see the exercise for the formula")


def fit(features: FloatArray, labels: FloatArray) -> OptimizeResult:
    """Minimise the loss over w with L-BFGS-B, starting from zeros; return SciPy's OptimizeResult."""
    w0 = np.zeros(features.shape[1])
    # Without a gradient, minimize estimates it by finite differences: one extra loss per weight, every step.
    return minimize(loss, w0, args=(features, labels), method="L-BFGS-B")
