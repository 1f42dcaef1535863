"""What the measuring tools (benchmark, meter, timeline; the profiler writes reports too) share: their command
line (`--out REPORT.json script.py`), running the student's script as a spec, and writing the JSON report for
PyForge to read back: beside its final name first, then renamed in, so PyForge never reads half a report."""
from __future__ import annotations

import argparse
import json
import os
import runpy
import sys
from typing import Any


def tool_arguments(prog: str, argv: list[str]) -> argparse.Namespace:
    """`--out REPORT.json script.py`: where the report goes, and the script the tool runs."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--out", required=True)
    parser.add_argument("script")
    return parser.parse_args(argv)


def run_script(script: str, run_name: str) -> dict[str, Any]:
    """Runs the student's script with its own folder first on sys.path (as `python script.py` would, so it
    imports its neighbours and build/), and returns its globals: the spec the tool reads."""
    path = os.path.abspath(script)
    sys.path.insert(0, os.path.dirname(path))
    return runpy.run_path(path, run_name=run_name)


def write_report(out: str, report: dict[str, Any]) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    partial = out + ".partial"
    with open(partial, "w", encoding="utf-8") as f:
        json.dump(report, f)
    os.replace(partial, out)
