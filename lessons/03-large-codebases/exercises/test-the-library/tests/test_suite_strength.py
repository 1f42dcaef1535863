"""Checks for test-the-library: your test suite passes on the real cart.py and fails on each planted mutant.

For each version of cart.py (the clean library, and each mutant from the checks' own folder) the checks copy
your test files (every top-level .py file of the workspace except cart.py) and that version into a fresh
temporary folder, and run `python -m pytest` there in a subprocess; the six runs go side by side. Your
workspace's cart.py is never used, so editing it changes nothing.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
LIBRARY = "cart.py"
CLEAN = HERE / "library" / LIBRARY
RUN_TIMEOUT_SECONDS = 30
OUTPUT_SHOWN = 4000  # characters of pytest's output quoted in a failure message


@dataclass(frozen=True)
class Mutant:
    file: str
    id: str
    change: str  # what the mutant does differently, in words


MUTANTS = [
    Mutant(
        "discount_threshold_exclusive.py",
        "no discount at exactly 100.00",
        "a subtotal of exactly 100.00 (the threshold itself) no longer gets the bulk discount; only larger ones do",
    ),
    Mutant(
        "add_replaces_quantity.py",
        "re-adding a SKU replaces its quantity",
        "adding a SKU that is already in the cart replaces its quantity instead of increasing it",
    ),
    Mutant(
        "zero_quantity_accepted.py",
        "add() accepts a quantity of 0",
        "add() accepts a quantity of 0 instead of raising ValueError (negative quantities are still refused)",
    ),
    Mutant(
        "empty_line_kept.py",
        "removing every unit leaves an empty line",
        "removing every unit of a SKU leaves a line with quantity 0 in the cart instead of deleting the line",
    ),
    Mutant(
        "discount_rounded_up.py",
        "the discount is rounded up",
        "the bulk discount is rounded up to whole cents instead of down",
    ),
]


@dataclass(frozen=True)
class SuiteRun:
    returncode: int
    output: str

    def quoted(self) -> str:
        text = self.output.strip() or "(no output)"
        if len(text) > OUTPUT_SHOWN:
            text = "...\n" + text[-OUTPUT_SHOWN:]
        return f"pytest's output (exit code {self.returncode}):\n{text}"


def _student_files() -> list[Path]:
    """Your test files: every top-level .py file of the workspace except the library (and these checks)."""
    files = []
    for path in sorted(Path.cwd().iterdir()):
        if not path.is_file() or path.suffix != ".py" or path.name == LIBRARY:
            continue
        if path.resolve() == Path(__file__).resolve():
            continue  # this checks file itself, when the checks run from inside the workspace
        files.append(path)
    return files


def _run_suite(library: Path, folder: Path, *, stop_at_first_failure: bool) -> SuiteRun:
    """Run your tests against `library` (copied in as cart.py) inside `folder`, in a separate Python."""
    for path in _student_files():
        shutil.copyfile(path, folder / path.name)
    shutil.copyfile(library, folder / LIBRARY)
    # An explicit, empty configuration makes `folder` the rootdir: no pytest.ini elsewhere applies.
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    command = [
        sys.executable, "-m", "pytest", "-q", "--no-header", "-p", "no:cacheprovider",
        "-c", str(folder / "pytest.ini"), "--rootdir", str(folder),
    ]
    if stop_at_first_failure:
        command.append("-x")
    command.append(str(folder))
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_ADDOPTS", "PYTHONPATH"}}
    env["PYTHONPATH"] = str(folder)  # this folder's cart.py, never the workspace's
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # No third-party pytest plugins: each saves start-up time six times over (hypothesis works without its).
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        done = subprocess.run(
            command, cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=RUN_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired as timeout:
        partial = timeout.stdout or ""
        text = partial.decode(errors="replace") if isinstance(partial, bytes) else partial
        return SuiteRun(-1, f"Your suite did not finish within {RUN_TIMEOUT_SECONDS} s.\n{text}")
    return SuiteRun(done.returncode, done.stdout + done.stderr)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SuiteRun]:
    """Your suite against the clean library ("clean") and against each mutant (by file name), run once."""
    jobs = {"clean": (CLEAN, False)} | {m.file: (HERE / "mutants" / m.file, True) for m in MUTANTS}
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {
            name: pool.submit(_run_suite, library, tmp_path_factory.mktemp("suite"), stop_at_first_failure=stop)
            for name, (library, stop) in jobs.items()
        }
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture(scope="module")
def clean_run(runs: dict[str, SuiteRun]) -> SuiteRun:
    return runs["clean"]


def test_your_suite_passes_on_the_clean_library(clean_run: SuiteRun) -> None:
    if clean_run.returncode == 5:
        pytest.fail(
            "pytest found no tests in your workspace. Put them in test_cart.py as functions named test_...\n\n"
            + clean_run.quoted()
        )
    assert clean_run.returncode == 0, (
        "Expected every test of yours to pass on the real cart.py, but some failed or errored. A test that "
        "fails on correct code is wrong (reread the docstring it checks) and would 'catch' every mutant.\n\n"
        + clean_run.quoted()
    )


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.id for m in MUTANTS])
def test_your_suite_catches_the_mutant(mutant: Mutant, runs: dict[str, SuiteRun]) -> None:
    if runs["clean"].returncode != 0:
        pytest.fail(
            f"Not counted yet: first make your suite pass on the clean library. (This mutant: {mutant.change}.)"
        )
    run = runs[mutant.file]
    assert run.returncode == 1, (
        f"Expected at least one of your tests to fail on a mutant of cart.py in which {mutant.change}, "
        + (
            "but they all passed. Write a test that pins down that behaviour."
            if run.returncode == 0
            else "but pytest did not report failing tests."
        )
        + "\n\n"
        + run.quoted()
    )
