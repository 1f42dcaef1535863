"""Checks for profile-pipeline: the two hotspots are gone, graded by counts, never by time.

1. The kernel `featurize` is vectorised over rows, so make_features may call it at most once per chunk. The
   checks replace pipeline.featurize with a counting wrapper and feed the chunks through a generator.
2. An analytic gradient replaces finite differences. SciPy counts every loss evaluation in res.nfev,
   including those spent estimating gradients, so the count shows the change on any machine: it must fall
   to at most 40 % of what finite differences need for the same problem (about 15 % is expected).
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pipeline
import pytest
from numpy.testing import assert_allclose
from scipy.optimize import approx_fprime, minimize

NFEV_SHARE = 0.4
L2 = 1e-2


def reference_featurize(raw: np.ndarray) -> np.ndarray:
    t = (raw[:, 0] - 20.0) / 5.0
    p = raw[:, 1] - 1.0
    v = raw[:, 2]
    return np.column_stack([np.ones_like(t), t, p, v, t * p, np.log1p(v * v)])


def reference_loss(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.logaddexp(0.0, -y * (x @ w))) + 0.5 * L2 * (w @ w))


def raw_rows(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.normal(20.0, 5.0, n), rng.normal(1.0, 0.3, n), rng.gamma(2.0, 1.0, n)])


def dataset(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    raw = raw_rows(n, seed)
    x = reference_featurize(raw)
    score = x @ np.array([-1.0, 0.8, -2.0, 0.1, 0.3, 0.6])
    rng = np.random.default_rng(seed + 1)
    y = np.where(rng.random(n) < 1.0 / (1.0 + np.exp(-score)), 1.0, -1.0)
    return x, y


# ---------------------------------------------------------------- the kernel is called per chunk

CHUNK_SIZES = [50, 0, 120, 1, 80, 33]


def chunk_stream(raw: np.ndarray) -> Iterator[np.ndarray]:
    start = 0
    for size in CHUNK_SIZES:
        yield raw[start : start + size]
        start += size


def test_the_features_are_right_for_every_row_in_order() -> None:
    raw = raw_rows(sum(CHUNK_SIZES), seed=3)
    features = pipeline.make_features(chunk_stream(raw))
    assert features.shape == (len(raw), 6), f"expected shape {(len(raw), 6)}, got {features.shape}"
    assert_allclose(features, reference_featurize(raw), rtol=1e-12, err_msg="the features differ")


def test_no_chunks_give_an_empty_feature_table() -> None:
    features = pipeline.make_features(iter([]))
    assert features.shape == (0, 6), f"expected shape (0, 6) for no chunks, got {features.shape}"


def test_the_kernel_is_called_at_most_once_per_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    original = pipeline.featurize

    def counting_featurize(block: np.ndarray) -> np.ndarray:
        calls.append(len(block))
        return original(block)

    monkeypatch.setattr(pipeline, "featurize", counting_featurize)
    raw = raw_rows(sum(CHUNK_SIZES), seed=4)
    features = pipeline.make_features(chunk_stream(raw))
    assert len(calls) <= len(CHUNK_SIZES), (
        f"featurize was called {len(calls)} times for {len(CHUNK_SIZES)} chunks of {len(raw)} rows (the "
        f"first calls got {calls[:5]} rows). It is vectorised: call it once per chunk, since per call "
        "numpy's overhead, not the arithmetic, dominates"
    )
    assert_allclose(features, reference_featurize(raw), rtol=1e-12, err_msg="the features differ")


# ---------------------------------------------------------------- the gradient


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_analytic_gradient_matches_finite_differences(seed: int) -> None:
    x, y = dataset(300, seed=10 + seed)
    w = np.random.default_rng(seed).normal(size=6)
    value, gradient = pipeline.loss_and_grad(w, x, y)
    assert value == pytest.approx(reference_loss(w, x, y), rel=1e-12), "loss_and_grad returns the wrong loss"
    numeric = approx_fprime(w, reference_loss, 1e-7, x, y)
    gradient = np.asarray(gradient, dtype=np.float64)
    assert gradient.shape == (6,), f"expected a gradient of shape (6,), got {gradient.shape}"
    assert_allclose(gradient, numeric, rtol=1e-4, atol=1e-6, err_msg="the gradient disagrees with the loss")


def test_the_analytic_gradient_cuts_loss_evaluations_to_40_percent() -> None:
    x, y = dataset(2000, seed=5)
    w0 = np.zeros(6)
    finite_differences = minimize(reference_loss, w0, args=(x, y), method="L-BFGS-B")
    result = pipeline.fit(x, y)
    share = result.nfev / finite_differences.nfev
    assert share <= NFEV_SHARE, (
        f"fit needed {result.nfev} loss evaluations, {share:.0%} of the {finite_differences.nfev} that "
        f"finite differences need; expected at most {NFEV_SHARE:.0%}. Pass the gradient to minimize "
        "(jac=True with loss_and_grad)"
    )
    best = finite_differences.fun
    reached = reference_loss(np.asarray(result.x, dtype=np.float64), x, y)
    assert reached <= best + 1e-6, (
        f"fit stopped at a loss of {reached:.8f}, above the minimum {best:.8f}: is the gradient right?"
    )
