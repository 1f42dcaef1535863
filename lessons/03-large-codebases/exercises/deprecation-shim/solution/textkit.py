"""textkit: render rows of values as delimited text.

Version 2.0 renamed three parts of the 1.x API to make the names consistent:

    1.x                                 2.0
    make_slug(text)                     slugify(text)
    render_table(rows, sep=",", ...)    render_table(rows, delimiter=",", ...)
    CsvWriter(delimiter=",")            TableWriter(delimiter=",")

The 1.x names keep working through 2.x but warn (DeprecationWarning), so that the authors of the calling
code learn what to change before 3.0 removes them.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence

# Only the new names: `from textkit import *` must neither warn nor spread the old names.
__all__ = ["TableWriter", "render_table", "slugify"]

# Old name -> new name, for the names resolved by the module's __getattr__ below.
_RENAMED_CLASSES = {"CsvWriter": "TableWriter"}


def _warn_deprecated(old: str, new: str, *, stacklevel: int) -> None:
    """Warn that `old` is deprecated in favour of `new`.

    `stacklevel` counts frames from the function that calls this helper: 1 is that function, 2 its caller.
    The +1 skips this helper's own frame, so the warning names the file and line of the *user's* code, the
    place that has to change, and not a line inside textkit.
    """
    warnings.warn(
        f"{old} is deprecated and will be removed in textkit 3.0; use {new} instead",
        DeprecationWarning,
        stacklevel=stacklevel + 1,
    )


def slugify(text: str) -> str:
    """A URL-friendly form of `text`: lowercase words joined by "-" ("Fruit report 2024!" -> "fruit-report-2024")."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def make_slug(text: str) -> str:
    """Deprecated since 2.0: the 1.x name of slugify()."""
    _warn_deprecated("make_slug()", "slugify()", stacklevel=2)
    return slugify(text)


class TableWriter:
    """Collects rows and renders them as lines of values joined by `delimiter`."""

    def __init__(self, delimiter: str = ",") -> None:
        self.delimiter = delimiter
        self._lines: list[str] = []

    def write_row(self, row: Sequence[object]) -> None:
        self._lines.append(self.delimiter.join(str(value) for value in row))

    def getvalue(self) -> str:
        return "\n".join(self._lines)


def render_table(
    rows: Iterable[Sequence[object]],
    delimiter: str | None = None,
    header: Sequence[str] | None = None,
    *,
    sep: str | None = None,
) -> str:
    """The rows (after an optional header row) as text, one line per row, values joined by `delimiter` (",").

    `delimiter` stays the second positional parameter, where 1.x had `sep`, so positional callers keep
    working. `sep=` is the deprecated 1.x keyword. Both default to None, so that we can tell "not given" from
    "given" and refuse a call that passes both.
    """
    if sep is not None:
        if delimiter is not None:
            raise TypeError("render_table() got both 'delimiter' and its deprecated name 'sep'")
        _warn_deprecated("render_table(sep=...)", "render_table(delimiter=...)", stacklevel=2)
        delimiter = sep
    writer = TableWriter("," if delimiter is None else delimiter)
    if header is not None:
        writer.write_row(header)
    for row in rows:
        writer.write_row(row)
    return writer.getvalue()


def __getattr__(name: str) -> type[TableWriter]:
    """Called for module attributes that do not exist (PEP 562): resolves the deprecated class names.

    A plain alias `CsvWriter = TableWriter` could not warn. A subclass `class CsvWriter(TableWriter)` could,
    but would be a *different* class: isinstance checks and pickles would break. This returns the very same
    class, with a warning. stacklevel=2 is the code that wrote `textkit.CsvWriter` or `from textkit import
    CsvWriter`.
    """
    new = _RENAMED_CLASSES.get(name)
    if new is None:
        # Everything else must still fail the normal way: hasattr(), the import system and pickle ask for
        # attributes that may not exist and expect AttributeError.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _warn_deprecated(name, new, stacklevel=2)
    return TableWriter
