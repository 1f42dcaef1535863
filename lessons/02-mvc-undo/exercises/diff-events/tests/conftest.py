"""Keep hypothesis's cache files out of the student's workspace: by default it writes ./.hypothesis (its
pytest plugin already does so while collecting). They go to a temporary folder removed after the run."""
from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_folder: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _folder
    _folder = tempfile.mkdtemp(prefix="pyforge-hypothesis-")
    try:
        from hypothesis.configuration import set_hypothesis_home_dir
    except ImportError:  # another hypothesis version: the environment variable does the same
        os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = _folder
    else:
        set_hypothesis_home_dir(_folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _folder is not None:
        shutil.rmtree(_folder, ignore_errors=True)
