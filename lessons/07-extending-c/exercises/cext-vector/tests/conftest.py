"""Builds your extension once per check run, then runs each check's code in a fresh Python.

A reference-counting mistake in C can crash the interpreter (a double free is a segmentation fault), and a
crash must fail one check, not end the whole run. So every check runs its code with `run_isolated`: a new
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
    "A crash in C is usually a reference-counting error: a Py_DECREF too many frees an object that is "
    "still in use (a double free), or a borrowed reference was used after its owner let go."
)

Runner = Callable[..., Any]


@pytest.fixture(scope="session")
def built() -> Path:
    """Compiles vector.c once for the whole check run (an unchanged source is not compiled again)."""
    return build_or_fail(lambda: build_c_extension(["vector.c"], "vector", out_dir=BUILD_DIR), "vector.c").artifact.parent


@pytest.fixture
def native(built: Path) -> Runner:
    """`native(*code)` runs the code (parts indented as you like) in a fresh Python that can import the module.

    It returns the value the code passed to `report(...)`, and fails the check, with the code's traceback or
    faulthandler's report, if the code raised, crashed or hung."""
    return native_runner(f"sys.path.insert(0, {str(built)!r})", CRASH_ADVICE)
