"""An application that uses textkit. It is still written against the 1.x names."""
from __future__ import annotations

import textkit

ROWS = [("apples", 3), ("pears", 5)]


def build() -> str:
    # TODO: once textkit 2.0 is done, move this code to the new names: it must not trigger any warning.
    title = textkit.make_slug("Fruit report 2024")
    table = textkit.render_table(ROWS, sep=";", header=("fruit", "count"))
    totals = textkit.CsvWriter(delimiter=";")
    totals.write_row(("total", sum(count for _, count in ROWS)))
    return f"{title}\n{table}\n{totals.getvalue()}"


if __name__ == "__main__":
    print(build())
