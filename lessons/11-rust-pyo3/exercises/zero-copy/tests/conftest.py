"""Builds the student's crate once per check session (maturin, offline, with PyForge's prebuilt PyO3) and puts
the extension module on sys.path, so the tests import it by its plain name."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyforge_native import crate_on_sys_path


@pytest.fixture(scope="session", autouse=True)
def built_crate() -> Iterator[Path]:
    """The folder holding the freshly built module; a compile error fails every check with rustc's message."""
    yield from crate_on_sys_path()
