"""Builds the student's crate once per check session (maturin, offline, with PyForge's prebuilt PyO3) and puts
the extension module on sys.path, so the tests import it by its plain name."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyforge_build import BuildError, build_pyo3


@pytest.fixture(scope="session", autouse=True)
def built_crate() -> Iterator[Path]:
    """The folder holding the freshly built module; a compile error fails every check with rustc's message."""
    try:
        result = build_pyo3(".", out_dir="build")
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
