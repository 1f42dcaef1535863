"""Run the whole pipeline once on synthetic sensor data: `python run_pipeline.py`.

This is the script the profiler runs (the flame graph beside the exercise). It generates the same data every
time (a fixed seed), so two profiles differ only by your changes.
"""
from __future__ import annotations

import time

import numpy as np

# isort: split
import pipeline  # the module you are working on, in an import block of its own

CHUNKS = 40
ROWS_PER_CHUNK = 2_000


def synthetic_data(seed: int) -> tuple[list[pipeline.FloatArray], pipeline.FloatArray]:
    """Chunks of raw readings (temperature, pressure, vibration) and a +1/-1 label ("fault") per row."""
    rng = np.random.default_rng(seed)
    chunks = [
        np.column_stack(
            [
                rng.normal(20.0, 5.0, ROWS_PER_CHUNK),
                rng.normal(1.0, 0.3, ROWS_PER_CHUNK),
                rng.gamma(2.0, 1.0, ROWS_PER_CHUNK),
            ]
        )
        for _ in range(CHUNKS)
    ]
    raw = np.concatenate(chunks)
    hot = (raw[:, 0] - 20.0) / 5.0
    score = 0.8 * hot - 2.0 * (raw[:, 1] - 1.0) + 0.6 * np.log1p(raw[:, 2] ** 2) - 1.0
    labels = np.where(rng.random(raw.shape[0]) < 1.0 / (1.0 + np.exp(-score)), 1.0, -1.0)
    return chunks, labels


def main() -> None:
    chunks, labels = synthetic_data(seed=0)

    start = time.perf_counter()
    features = pipeline.make_features(iter(chunks))
    featured = time.perf_counter()
    result = pipeline.fit(features, labels)
    fitted = time.perf_counter()

    accuracy = float(np.mean(np.sign(features @ result.x) == labels))
    print(f"features  {features.shape[0]} x {features.shape[1]} in {featured - start:.3f} s")
    print(f"fit       {result.nit} iterations, {result.nfev} loss evaluations in {fitted - featured:.3f} s")
    print(f"loss      {result.fun:.6f}, training accuracy {accuracy:.1%}")
    print(f"weights   {np.array2string(result.x, precision=3)}")


if __name__ == "__main__":
    main()
