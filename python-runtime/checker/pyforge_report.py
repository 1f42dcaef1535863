"""Writes a tool's JSON report (the profiler's, the benchmark's, the meter's) for PyForge to read back: beside
its final name first, then renamed in, so PyForge never reads half a report."""
from __future__ import annotations

import json
import os
from typing import Any


def write_report(out: str, report: dict[str, Any]) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    partial = out + ".partial"
    with open(partial, "w", encoding="utf-8") as f:
        json.dump(report, f)
    os.replace(partial, out)
