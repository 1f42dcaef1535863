"""The Leak meter's file for this exercise (the Leak meter button): `vector.dot` and `vector.scale` called
2000 times with fresh lists. A missing Py_DECREF shows as a line rising by one per call; leaked temporaries
(a PyFloat you built and never released) as allocated blocks that keep growing. Build first (Ctrl+B).
"""
from __future__ import annotations

import sys
from pathlib import Path

# isort: split
sys.path.insert(0, str(Path(__file__).resolve().parent / "build"))
import vector  # built into build/ by Build or a Check

CALLS = 2000


def make_argument() -> list[float]:
    return [1.0, 2.0, 3.0]


def call(argument: list[float]) -> None:
    vector.dot(argument, argument)
    vector.scale(argument, 2.0)
