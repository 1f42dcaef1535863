"""Builds the pointsort C library once per check run, then runs each check's code in a fresh Python.

The checks build their own copy of pointsort.c (the same as yours), into build/ in your workspace. A mistake
in a ctypes binding can crash the interpreter (C calling a callback that Python has freed, a wrong struct
layout), and a crash must fail one check, not end the whole run. So every check runs its code with
`run_isolated`: a new Python process with faulthandler on, whose crash is reported with its signal and
Python traceback.
"""
from __future__ import annotations

import json
import signal
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pyforge_build import BuildError, build_shared_library, run_isolated

HERE = Path(__file__).resolve().parent
SOURCES = [str(HERE / "pointsort.c")]  # the checks' own copy
LIBRARY = "pointsort"
BUILD_DIR = "build"  # inside your workspace (the working directory of the checks)
RESULT_MARK = "@@result "

# What every check's code starts with: the path of the built library, and a way to hand a result back.
PRELUDE = """\
import json, sys
LIBRARY = {library!r}

def report(value):
    print({mark!r} + json.dumps(value), flush=True)

def raised(call):
    try:
        call()
    except BaseException as error:
        return type(error).__name__
    return None
"""

Runner = Callable[..., Any]


@pytest.fixture(scope="session")
def built() -> Path:
    """Compiles pointsort.c once for the whole check run (an unchanged source is not compiled again)."""
    try:
        result = build_shared_library(SOURCES, LIBRARY, out_dir=BUILD_DIR)
    except BuildError as err:
        pytest.fail(f"pointsort.c did not compile: {err}\n\n{err.output[-3000:]}", pytrace=False)
    return result.artifact


def _describe_crash(returncode: int) -> str:
    try:
        return f"crashed with {signal.Signals(-returncode).name} (signal {-returncode})"
    except ValueError:
        return f"was killed by signal {-returncode}"


@pytest.fixture
def native(built: Path) -> Runner:
    """`native(*code)` runs the code (parts indented as you like) in a fresh Python; LIBRARY is the library.

    It returns the value the code passed to `report(...)`, and fails the check, with the code's traceback or
    faulthandler's report, if the code raised, crashed or hung."""

    def run(*code: str, timeout: float = 60.0) -> Any:
        body = "\n".join(textwrap.dedent(part).strip("\n") for part in code)
        source = PRELUDE.format(library=str(built), mark=RESULT_MARK) + "\n" + body + "\n"
        shown = textwrap.indent(body, "    ")
        try:
            done = run_isolated(source, timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"This code did not finish within {timeout:.0f} s:\n{shown}", pytrace=False)
        if done.returncode < 0:
            pytest.fail(
                f"Python {_describe_crash(done.returncode)} in this check's code. "
                f"With ctypes, the usual cause is C calling a callback whose CFUNCTYPE object Python has already "
                f"freed: C keeps only its address, and an address keeps nothing alive.\n\n"
                f"The code:\n{shown}\n\nfaulthandler's report (most recent call first):\n{done.stderr[-3000:]}",
                pytrace=False,
            )
        if done.returncode != 0:
            last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit code {done.returncode}"
            pytest.fail(f"{last}\n\nThe code:\n{shown}\n\n{done.stderr[-4000:]}", pytrace=False)
        results = [line[len(RESULT_MARK):] for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
        return json.loads(results[-1]) if results else None

    return run
