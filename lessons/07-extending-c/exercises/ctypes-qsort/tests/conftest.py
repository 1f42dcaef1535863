"""Builds the pointsort C library once per check run, then runs each check's code in a fresh Python.

The checks build their own copy of pointsort.c (the same as yours), into build/ in your workspace. A mistake
in a ctypes binding can crash the interpreter (C calling a callback that Python has freed, a wrong struct
layout), and a crash must fail one check, not end the whole run. So every check runs its code with
`run_isolated`: a new Python process with faulthandler on, whose crash is reported with its signal and
Python traceback.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pyforge_build import build_shared_library
from pyforge_native import build_or_fail, native_runner

HERE = Path(__file__).resolve().parent  # the checks' own copy of pointsort.c is here
BUILD_DIR = "build"  # inside your workspace (the working directory of the checks)
CRASH_ADVICE = (
    "With ctypes, the usual cause is C calling a callback whose CFUNCTYPE object Python has already "
    "freed: C keeps only its address, and an address keeps nothing alive."
)

Runner = Callable[..., Any]


@pytest.fixture(scope="session")
def built() -> Path:
    """Compiles pointsort.c once for the whole check run (an unchanged source is not compiled again)."""
    return build_or_fail(lambda: build_shared_library([str(HERE / "pointsort.c")], "pointsort", out_dir=BUILD_DIR), "pointsort.c").artifact


@pytest.fixture
def native(built: Path) -> Runner:
    """`native(*code)` runs the code (parts indented as you like) in a fresh Python; LIBRARY is the library.

    It returns the value the code passed to `report(...)`, and fails the check, with the code's traceback or
    faulthandler's report, if the code raised, crashed or hung."""
    return native_runner(f"LIBRARY = {str(built)!r}", CRASH_ADVICE)
