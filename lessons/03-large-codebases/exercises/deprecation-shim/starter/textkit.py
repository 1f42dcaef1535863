"""textkit: render rows of values as delimited text.

This is version 1.x. Version 2.0 renames three parts of the API to make the names consistent:

    1.x                                 2.0
    make_slug(text)                     slugify(text)
    render_table(rows, sep=",", ...)    render_table(rows, delimiter=",", ...)
    CsvWriter(delimiter=",")            TableWriter(delimiter=",")

Other people's code calls the 1.x names, so they must keep working through 2.x, but warn
(DeprecationWarning) so that their authors learn what to change before 3.0 removes them.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence

__all__ = ["CsvWriter", "make_slug", "render_table"]


def _warn_deprecated(old: str, new: str) -> None:
    # TODO: run `python -m ruff check --extend-select B textkit.py`: this warning points at the wrong file.
    warnings.warn(f"{old} is deprecated and will be removed in textkit 3.0; use {new} instead", DeprecationWarning)


def make_slug(text: str) -> str:  # TODO: rename to slugify; keep make_slug as a deprecated alias
    """A URL-friendly form of `text`: lowercase words joined by "-" ("Fruit report 2024!" -> "fruit-report-2024")."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


class CsvWriter:  # TODO: rename to TableWriter; `textkit.CsvWriter` must still work (and warn)
    """Collects rows and renders them as lines of values joined by `delimiter`."""

    def __init__(self, delimiter: str = ",") -> None:
        self.delimiter = delimiter
        self._lines: list[str] = []

    def write_row(self, row: Sequence[object]) -> None:
        self._lines.append(self.delimiter.join(str(value) for value in row))

    def getvalue(self) -> str:
        return "\n".join(self._lines)


def render_table(rows: Iterable[Sequence[object]], sep: str = ",", header: Sequence[str] | None = None) -> str:
    """The rows (after an optional header row) as text, one line per row, values joined by `sep`."""
    # TODO: rename the parameter `sep` to `delimiter`; old callers passing sep= must still work (and warn).
    writer = CsvWriter(sep)
    if header is not None:
        writer.write_row(header)
    for row in rows:
        writer.write_row(row)
    return writer.getvalue()
