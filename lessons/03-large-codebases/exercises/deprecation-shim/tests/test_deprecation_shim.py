"""Checks for deprecation-shim: textkit 2.0's new names work silently; the 1.x names still work, but warn with a
DeprecationWarning that points at the caller's line; report_app uses only the new names; ruff is clean.

The calls below are the "caller": a warning with the right stacklevel names this file and the line of the call.
"""
from __future__ import annotations

import importlib
import inspect
import os
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

THIS_FILE = Path(__file__).resolve()
ROWS = [("apples", 3), ("pears", 5)]
TABLE = "fruit;count\napples;3\npears;5"
RUFF_FILES = ["textkit.py", "report_app.py"]
RUFF_TIMEOUT_SECONDS = 30


def _textkit() -> ModuleType:
    return importlib.import_module("textkit")


def _new(name: str) -> Any:
    """A textkit 2.0 name; a clear failure if it does not exist yet."""
    textkit = _textkit()
    if name not in vars(textkit):
        pytest.fail(f"textkit has no `{name}` yet: rename the 1.x name to `{name}` (and keep the old one as a shim).")
    return vars(textkit)[name]


def _render_table() -> Any:
    """textkit.render_table, once its second parameter is called `delimiter`."""
    render_table = _new("render_table")
    if "delimiter" not in inspect.signature(render_table).parameters:
        pytest.fail("render_table has no parameter `delimiter` yet: rename `sep` (and keep sep= working, with a warning).")
    return render_table


def _line_below(lines: int) -> int:
    """The number of the line `lines` below the one calling this: where the call under test is written."""
    frame = inspect.currentframe()
    assert frame is not None and frame.f_back is not None
    return frame.f_back.f_lineno + lines


def _the_deprecation(record: pytest.WarningsRecorder, call: str, new_name: str, line: int) -> None:
    """Exactly one DeprecationWarning, naming `new_name`, at this file's `line`."""
    found = [w for w in record if issubclass(w.category, DeprecationWarning)]
    assert len(found) == 1, f"Expected exactly one DeprecationWarning from {call}, got {len(found)}: " + str(
        [str(w.message) for w in found]
    )
    warning = found[0]
    assert new_name in str(warning.message), (
        f"Expected the warning from {call} to name its replacement `{new_name}`; its message is: {warning.message}"
    )
    where = f"{warning.filename}:{warning.lineno}"
    assert Path(warning.filename).resolve() == THIS_FILE and warning.lineno == line, (
        f"Expected the warning from {call} to point at the caller, {THIS_FILE.name}:{line}, but it points at "
        f"{where}. Pass warnings.warn the stacklevel that reaches the caller's frame: 2 from the function the "
        "caller called, one more for every helper in between."
    )


# --- The new names ---


def test_the_new_names_work_without_any_warning() -> None:
    slugify, render_table, table_writer = _new("slugify"), _render_table(), _new("TableWriter")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning fails this check
        assert slugify("Fruit report 2024!") == "fruit-report-2024"
        assert render_table(ROWS, delimiter=";", header=("fruit", "count")) == TABLE
        assert render_table(ROWS) == "apples,3\npears,5", "Expected ',' as the default delimiter."
        writer = table_writer(delimiter=";")
        writer.write_row(("total", 8))
        assert writer.getvalue() == "total;8"


def test_old_positional_calls_of_render_table_still_work_silently() -> None:
    render_table = _new("render_table")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # 1.x: render_table(rows, sep, header). The delimiter must stay the second positional parameter.
        assert render_table(ROWS, ";", ("fruit", "count")) == TABLE


# --- The 1.x names: still working, warning at the caller ---


def test_make_slug_still_works_and_warns_at_the_callers_line() -> None:
    textkit = _textkit()
    line = _line_below(2)
    with pytest.warns(DeprecationWarning) as record:
        result = textkit.make_slug("Fruit report 2024!")
    assert result == "fruit-report-2024", f"Expected make_slug to return what slugify does, got {result!r}."
    _the_deprecation(record, "make_slug()", "slugify", line)


def test_the_old_keyword_sep_still_works_and_warns_at_the_callers_line() -> None:
    render_table = _render_table()
    line = _line_below(2)
    with pytest.warns(DeprecationWarning) as record:
        result = render_table(ROWS, sep=";", header=("fruit", "count"))
    assert result == TABLE, f"Expected render_table(..., sep=';') to use ';' as the delimiter, got {result!r}."
    _the_deprecation(record, "render_table(sep=...)", "delimiter", line)


def test_passing_both_sep_and_delimiter_is_a_type_error() -> None:
    render_table = _render_table()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(TypeError):
            render_table(ROWS, delimiter=";", sep=",")


def test_textkit_csvwriter_is_the_same_class_and_warns_at_the_callers_line() -> None:
    textkit, table_writer = _textkit(), _new("TableWriter")
    assert "CsvWriter" not in vars(textkit), (
        "Expected CsvWriter not to be a plain module attribute (a plain alias cannot warn): resolve it in a "
        "module-level __getattr__ (PEP 562)."
    )
    line = _line_below(2)
    with pytest.warns(DeprecationWarning) as record:
        old = textkit.CsvWriter
    assert old is table_writer, "Expected textkit.CsvWriter to be the TableWriter class itself, not a copy."
    _the_deprecation(record, "textkit.CsvWriter", "TableWriter", line)


def test_from_textkit_import_csvwriter_warns_at_the_import_line() -> None:
    table_writer = _new("TableWriter")
    line = _line_below(2)
    with pytest.warns(DeprecationWarning) as record:
        from textkit import CsvWriter
    assert CsvWriter is table_writer, "Expected `from textkit import CsvWriter` to give the TableWriter class."
    _the_deprecation(record, "from textkit import CsvWriter", "TableWriter", line)


def test_unknown_names_still_raise_attribute_error() -> None:
    textkit = _textkit()
    with pytest.raises(AttributeError):
        textkit.NoSuchThing  # noqa: B018 - the access is the test
    assert not hasattr(textkit, "__path__"), "Expected hasattr(textkit, '__path__') to be False (it is a module)."


def test_a_star_import_neither_warns_nor_spreads_the_old_names() -> None:
    namespace: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec("from textkit import *", namespace)  # noqa: S102 - a star import inside a function needs exec
    old = sorted({"CsvWriter", "make_slug"} & namespace.keys())
    assert not old, f"Expected `from textkit import *` to bring only the new names, but it brought {old}: fix __all__."
    new = sorted({"TableWriter", "render_table", "slugify"} - namespace.keys())
    assert not new, f"Expected `from textkit import *` to bring the 2.0 names, but {new} are missing from __all__."


# --- The calling code and the linter ---


def test_report_app_uses_only_the_new_names() -> None:
    _textkit()
    report_app = importlib.import_module("report_app")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = report_app.build()
    used = [f"line {w.lineno}: {w.message}" for w in caught if issubclass(w.category, DeprecationWarning)]
    assert not used, "Expected report_app.build() to use only textkit 2.0 names, but it warned:\n" + "\n".join(used)
    assert result == f"fruit-report-2024\n{TABLE}\ntotal;8", f"Expected the same report as before, got {result!r}."


def test_ruff_finds_no_problem_in_textkit_and_report_app() -> None:
    command = [
        sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated",
        "--extend-select", "B028", "--target-version", "py311", "--output-format", "concise",
        *RUFF_FILES,
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUFF_")}
    try:
        done = subprocess.run(
            command, cwd=Path.cwd(), env=env, capture_output=True, text=True, check=False, timeout=RUFF_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"ruff did not finish within {RUFF_TIMEOUT_SECONDS} s.")
    shown = " ".join(["ruff", *command[3:]])
    assert done.returncode == 0, (
        f"Expected `{shown}` to exit 0, but it exited {done.returncode}:\n{(done.stdout + done.stderr).strip()}"
    )
