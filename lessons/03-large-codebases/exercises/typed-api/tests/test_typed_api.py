"""Checks for typed-api: `mypy --strict` accepts the package, and still rejects every mistake in misuse.py.

The checks copy your `catalog` package and the shipped misuse.py into a temporary folder and run mypy there
in a subprocess, so nothing is written to your workspace. They compare mypy's error *codes* per line, never
its wording, which changes between mypy versions.
"""
from __future__ import annotations

import importlib
import io
import os
import re
import shutil
import subprocess
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
MISUSE = HERE / "misuse.py"
PACKAGE = "catalog"
MYPY_TIMEOUT_SECONDS = 40

_EXPECT = re.compile(r"#\s*expect\[(?P<code>[a-z-]+)\]:\s*(?P<why>.+?)\s*$")
_LOCATION = re.compile(r"^(?P<path>.+?):(?P<line>\d+): ")
_ERROR = re.compile(r"^(?P<path>.+?):(?P<line>\d+): error: (?P<text>.*?)(?:\s+\[(?P<code>[a-z-]+)\])?$")


@dataclass(frozen=True)
class Expectation:
    """A line of misuse.py that mypy must report, with the code it must report it under."""

    line: int
    code: str
    why: str
    source: str


def _expectations() -> list[Expectation]:
    """The `# expect[code]: why` comments of misuse.py (real comments, found with tokenize)."""
    text = MISUSE.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        match = _EXPECT.search(token.string) if token.type == tokenize.COMMENT else None
        if match:
            number = token.start[0]
            source = lines[number - 1][: token.start[1]].strip()
            found.append(Expectation(number, match["code"], match["why"], source))
    return found


EXPECTATIONS = _expectations()
MARKED_LINES = {e.line for e in EXPECTATIONS}


@dataclass(frozen=True)
class MypyRun:
    command: str
    returncode: int
    output: str

    def errors_in(self, filename: str) -> list[tuple[int, str, str]]:
        """(line, code, message) of every error mypy reported in `filename`."""
        errors = []
        for text in self.output.splitlines():
            match = _ERROR.match(text.strip())
            if match and Path(match["path"]).as_posix() == filename:
                errors.append((int(match["line"]), match["code"] or "(no code)", match["text"]))
        return errors

    def lines_about(self, filename: str, line: int) -> str:
        """mypy's output lines (errors and notes) about one line of `filename`."""
        picked = []
        for text in self.output.splitlines():
            match = _LOCATION.match(text.strip())
            if match and Path(match["path"]).as_posix() == filename and int(match["line"]) == line:
                picked.append(text.strip())
        return "\n".join(picked) or "(nothing about this line)"

    def report(self) -> str:
        return f"$ {self.command}\n(exit code {self.returncode})\n{self.output.strip() or '(no output)'}"


def _mypy(target: str, workdir: Path) -> MypyRun:
    cache = workdir / f".mypy-cache-{target.replace('/', '_')}"
    command = [
        sys.executable, "-m", "mypy",
        "--strict", "--python-version", "3.11",
        "--show-error-codes", "--no-color-output", "--no-pretty",
        "--no-incremental", f"--cache-dir={cache}",
        "--config-file", str(workdir / "mypy.ini"),
        target,
    ]
    env = {k: v for k, v in os.environ.items() if k not in {"MYPYPATH", "PYTHONPATH"}}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    shown = f"mypy --strict --python-version 3.11 {target}"
    try:
        done = subprocess.run(
            command, cwd=workdir, env=env, capture_output=True, text=True, check=False, timeout=MYPY_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired as timeout:
        partial = timeout.stdout or ""
        text = partial.decode(errors="replace") if isinstance(partial, bytes) else partial
        return MypyRun(shown, -1, f"mypy did not finish within {MYPY_TIMEOUT_SECONDS} s\n{text}")
    return MypyRun(shown, done.returncode, done.stdout + done.stderr)


@pytest.fixture(scope="module")
def mypy_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, MypyRun]:
    """mypy over a copy of your package, and over the shipped misuse.py next to it (run once per check run)."""
    source = Path.cwd() / PACKAGE
    if not (source / "__init__.py").is_file():
        pytest.fail(f"Expected a package folder {PACKAGE}/ with an __init__.py in the workspace ({Path.cwd()}).")
    work = tmp_path_factory.mktemp("typed-api")
    shutil.copytree(source, work / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache"))
    shutil.copyfile(MISUSE, work / "misuse.py")
    # An explicit, empty configuration: no mypy.ini or pyproject.toml found elsewhere can change the rules.
    (work / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")
    return {"package": _mypy(PACKAGE, work), "misuse": _mypy("misuse.py", work)}


def test_mypy_strict_accepts_the_catalog_package(mypy_runs: dict[str, MypyRun]) -> None:
    run = mypy_runs["package"]
    assert run.returncode == 0, (
        "Expected `mypy --strict` to find no errors in your catalog package (exit code 0), but it reported:\n"
        + run.report()
    )


def test_mypy_accepts_every_correct_use_in_misuse_py(mypy_runs: dict[str, MypyRun]) -> None:
    run = mypy_runs["misuse"]
    lines = MISUSE.read_text(encoding="utf-8").splitlines()
    wrong = [
        f"  line {line}: {lines[line - 1].strip()}\n    mypy: {text} [{code}]"
        for line, code, text in run.errors_in("misuse.py")
        if line not in MARKED_LINES
    ]
    assert not wrong, (
        "Expected the unmarked lines of misuse.py (correct uses of the API) to type-check, but mypy rejected "
        "these, so some annotation is too loose (Any) or too strict:\n" + "\n".join(wrong) + "\n\n" + run.report()
    )


@pytest.mark.parametrize("expected", EXPECTATIONS, ids=[e.why for e in EXPECTATIONS])
def test_mypy_still_reports_the_mistake(expected: Expectation, mypy_runs: dict[str, MypyRun]) -> None:
    run = mypy_runs["misuse"]
    codes = sorted({code for line, code, _ in run.errors_in("misuse.py") if line == expected.line})
    shown = ", ".join(f"[{code}]" for code in codes) or "nothing"
    if run.returncode in (0, 1):
        details = "mypy's output about this line:\n" + run.lines_about("misuse.py", expected.line)
    else:  # mypy itself failed (crash, timeout): show everything
        details = run.report()
    assert codes == [expected.code], (
        f"misuse.py line {expected.line}: `{expected.source}` is a mistake ({expected.why}). "
        f"Expected mypy to report exactly [{expected.code}] there; it reported {shown}.\n\n{details}"
    )


# --- Types must not change behaviour: the package still works at run time. ---


@dataclass(frozen=True)
class _Book:
    key: str
    pages: int


def _catalog() -> ModuleType:
    return importlib.import_module(PACKAGE)


def test_get_returns_the_record_the_default_or_raises_key_error() -> None:
    catalog = _catalog()
    dune = _Book("b1", 412)
    store = catalog.Store([dune])
    assert store.get("b1") is dune, "Expected get('b1') to return the stored record."
    assert store.get("nope", None) is None, "Expected get('nope', None) to return the default None."
    assert store.get("nope", "fallback") == "fallback", "Expected get('nope', 'fallback') to return 'fallback'."
    with pytest.raises(KeyError):
        store.get("nope")


def test_add_refuses_a_duplicate_key_and_the_store_iterates_in_insertion_order() -> None:
    catalog = _catalog()
    first, second = _Book("b2", 10), _Book("b1", 20)
    store = catalog.Store([first, second])
    with pytest.raises(ValueError):
        store.add(_Book("b1", 30))
    assert list(store) == [first, second], f"Expected iteration in insertion order, got {list(store)}."
    assert len(store) == 2, f"Expected len(store) == 2, got {len(store)}."
    assert store.find(lambda book: book.pages > 15) == [second], "Expected find() to keep only matching records."


def test_largest_returns_the_first_largest_item_or_none() -> None:
    catalog = _catalog()
    assert catalog.largest(["bb", "a", "cc"], key=len) == "bb", "Expected the first of the longest words, 'bb'."
    assert catalog.largest([], key=len) is None, "Expected largest() of no items to be None."
