"""Builds your extension once per check run, then runs each check's code in a fresh Python.

A mistake in C++ can crash the interpreter (a view over memory that was freed, an index past the end), and
a crash must fail one check, not end the whole run. So every check runs its code with `run_isolated`: a new
Python process with faulthandler on, whose crash is reported with its signal and Python traceback.
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
from pyforge_build import BuildError, build_pybind11, run_isolated

SOURCES = ["ringbuffer.cpp"]
MODULE = "ringbuffer"
BUILD_DIR = "build"  # inside your workspace (the working directory of the checks)
RESULT_MARK = "@@result "

# What every check's code starts with: the fresh build first on sys.path, and a way to hand a result back.
PRELUDE = """\
import json, sys
sys.path.insert(0, {build_dir!r})

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
    """Compiles ringbuffer.cpp once for the whole check run (an unchanged source is not compiled again); a C++
    compiler needs 10-20 s for pybind11's headers."""
    try:
        result = build_pybind11(SOURCES, MODULE, out_dir=BUILD_DIR)
    except BuildError as err:
        pytest.fail(f"{', '.join(SOURCES)} did not compile: {err}\n\n{err.output[-3000:]}", pytrace=False)
    return result.artifact.parent


def _describe_crash(returncode: int) -> str:
    try:
        return f"crashed with {signal.Signals(-returncode).name} (signal {-returncode})"
    except ValueError:
        return f"was killed by signal {-returncode}"


@pytest.fixture
def native(built: Path) -> Runner:
    """`native(*code)` runs the code (parts indented as you like) in a fresh Python that can import the module.

    It returns the value the code passed to `report(...)`, and fails the check, with the code's traceback or
    faulthandler's report, if the code raised, crashed or hung."""

    def run(*code: str, timeout: float = 60.0) -> Any:
        body = "\n".join(textwrap.dedent(part).strip("\n") for part in code)
        source = PRELUDE.format(build_dir=str(built), mark=RESULT_MARK) + "\n" + body + "\n"
        shown = textwrap.indent(body, "    ")
        try:
            done = run_isolated(source, timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"This code did not finish within {timeout:.0f} s:\n{shown}", pytrace=False)
        if done.returncode < 0:
            pytest.fail(
                f"Python {_describe_crash(done.returncode)} in this check's code. "
                f"In a binding, the usual cause is memory used after it was freed: a numpy array whose base "
                f"does not keep the RingBuffer alive, or an index that was never checked.\n\n"
                f"The code:\n{shown}\n\nfaulthandler's report (most recent call first):\n{done.stderr[-3000:]}",
                pytrace=False,
            )
        if done.returncode != 0:
            last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit code {done.returncode}"
            pytest.fail(f"{last}\n\nThe code:\n{shown}\n\n{done.stderr[-4000:]}", pytrace=False)
        results = [line[len(RESULT_MARK):] for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
        return json.loads(results[-1]) if results else None

    return run
