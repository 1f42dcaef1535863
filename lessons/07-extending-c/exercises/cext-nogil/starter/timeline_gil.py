"""The Timeline's file for this exercise (the Timeline button): each task below is called by 4 threads started
together, beside a "heartbeat" thread that runs a line of Python every millisecond. Build first (Ctrl+B).

While `kernel.wait` holds the GIL, the 4 calls run one after another (0.8 s in all) and the heartbeat stops:
no other Python can run. Once it releases the GIL, the calls overlap and the heartbeat keeps beating. The
Python loop is there for contrast: pure Python always needs the GIL, so its threads only ever take turns.
"""
from __future__ import annotations

import sys
from pathlib import Path

# isort: split
sys.path.insert(0, str(Path(__file__).resolve().parent / "build"))
import kernel  # built into build/ by Build or a Check

DATA = bytes(range(256)) * 250_000  # 64 MB


def python_loop() -> None:
    total = 0
    for i in range(1_500_000):
        total += i


TASKS = {
    "kernel.wait(0.2)": lambda: kernel.wait(0.2),
    "kernel.adler32 of 64 MB": lambda: kernel.adler32(DATA),
    "a Python loop (for contrast)": python_loop,
}
THREADS = 4
