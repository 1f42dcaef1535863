"""Builds your extension once per check run, then runs each check's code in a fresh Python.

A mistake in C can crash the interpreter (touching a Python object without holding the GIL, a double free),
and a crash must fail one check, not end the whole run. So every check runs its code with `run_isolated`: a new
Python process with faulthandler on, whose crash is reported with its signal and Python traceback.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pyforge_build import build_c_extension
from pyforge_native import build_or_fail, native_runner

BUILD_DIR = "build"  # inside your workspace (the working directory of the checks)
CRASH_ADVICE = (
    "Between Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS, C code must not touch a Python object or "
    "call the Python API: other threads are running Python code at the same time."
)

Runner = Callable[..., Any]


@pytest.fixture(scope="session")
def built() -> Path:
    """Compiles kernel.c once for the whole check run (an unchanged source is not compiled again)."""
    return build_or_fail(lambda: build_c_extension(["kernel.c"], "kernel", out_dir=BUILD_DIR), "kernel.c").artifact.parent


@pytest.fixture
def native(built: Path) -> Runner:
    """`native(*code)` runs the code (parts indented as you like) in a fresh Python that can import the module.

    It returns the value the code passed to `report(...)`, and fails the check, with the code's traceback or
    faulthandler's report, if the code raised, crashed or hung."""
    return native_runner(f"sys.path.insert(0, {str(built)!r})", CRASH_ADVICE)
