"""Check helpers for native code (weeks 7 and 11), shared by the exercises' conftest.py files: build once or
fail the check with the compiler's words, put a PyO3 crate's module on sys.path, and run a check's code in a
fresh Python so that a crash in C fails that one check instead of the whole run.

    from pyforge_native import build_or_fail, native_runner

    @pytest.fixture(scope="session")
    def built():
        return build_or_fail(lambda: build_c_extension(["kernel.c"], "kernel", out_dir="build"), "kernel.c").artifact.parent

    @pytest.fixture
    def native(built):
        return native_runner(f"sys.path.insert(0, {str(built)!r})", crash_advice="Between Py_BEGIN_ALLOW_THREADS ...")

    def test_x(native):
        assert native("import kernel", "report(kernel.calls())") == 0

The code a check runs can `report(value)` (JSON) back to the check, and `raised(call)` names the exception a
call raises (or None). Only for checks: it imports pytest.
"""
from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pyforge_build import (
    BuildError,
    BuildResult,
    build_pyo3,
    describe_exit,
    run_isolated,
)

RESULT_MARK = "@@result "

# What every check's code starts with: the exercise's set-up (its build on sys.path, a library's path), and a
# way to hand a result back.
PRELUDE = """\
import json, sys
{setup}

def report(value):
    print({mark!r} + json.dumps(value), flush=True)

def raised(call):
    try:
        call()
    except BaseException as error:
        return type(error).__name__
    return None
"""


def build_or_fail(build: Callable[[], BuildResult], sources: str) -> BuildResult:
    """Runs `build`; a compile error fails the check with the compiler's diagnostics and output."""
    try:
        return build()
    except BuildError as err:
        pytest.fail(f"{sources} did not compile: {err}\n\n{err.output[-3000:]}", pytrace=False)


def native_runner(setup: str, crash_advice: str) -> Callable[..., Any]:
    """`run(*code, timeout=60.0)` runs the code (parts dedented and joined) in a fresh Python after `setup`.

    It returns the value the code passed to `report(...)` last (None if none), and fails the check, with the
    code and its traceback or faulthandler's report, if the code raised, crashed or hung. `crash_advice` says
    what usually causes a crash in this exercise."""

    def run(*code: str, timeout: float = 60.0) -> Any:
        body = "\n".join(textwrap.dedent(part).strip("\n") for part in code)
        source = PRELUDE.format(setup=setup, mark=RESULT_MARK) + "\n" + body + "\n"
        shown = textwrap.indent(body, "    ")
        done = run_isolated(source, timeout=timeout)
        if done.returncode is None:  # run_isolated's timeout
            pytest.fail(f"This code did not finish within {timeout:.0f} s:\n{shown}", pytrace=False)
        if done.returncode < 0:
            pytest.fail(
                f"Python {describe_exit(done.returncode)} in this check's code. {crash_advice}\n\n"
                f"The code:\n{shown}\n\nfaulthandler's report (most recent call first):\n{done.stderr[-3000:]}",
                pytrace=False,
            )
        if done.returncode != 0:
            last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit code {done.returncode}"
            pytest.fail(f"{last}\n\nThe code:\n{shown}\n\n{done.stderr[-4000:]}", pytrace=False)
        results = [line[len(RESULT_MARK) :] for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
        return json.loads(results[-1]) if results else None

    return run


def crate_on_sys_path(crate_dir: str = ".", out_dir: str = "build") -> Iterator[Path]:
    """For a session fixture of a PyO3 exercise (`yield from crate_on_sys_path()`): builds the crate once
    (maturin, offline, against PyForge's prebuilt PyO3) and puts the module's folder on sys.path for the
    session, so tests import it by its plain name. A compile error fails every check with rustc's words."""
    try:
        result = build_pyo3(crate_dir, out_dir=out_dir)
    except BuildError as err:
        failure = err
    else:
        sys.path.insert(0, str(result.artifact))
        yield result.artifact
        sys.path.remove(str(result.artifact))
        return
    # Outside the except block, so the report shows the compiler's words once, not a chain of exceptions.
    first = next((d for d in failure.diagnostics if d.severity == "error"), None)
    headline = f"{first.file}:{first.line}: error: {first.message}" if first else str(failure).splitlines()[0]
    pytest.fail(f"the crate does not build: {headline}\n\n{failure}\n\n{failure.output[-3000:]}", pytrace=False)
