"""An application that uses textkit, moved to the 2.0 names: it triggers no deprecation warning."""
from __future__ import annotations

import textkit

ROWS = [("apples", 3), ("pears", 5)]


def build() -> str:
    title = textkit.slugify("Fruit report 2024")
    table = textkit.render_table(ROWS, delimiter=";", header=("fruit", "count"))
    totals = textkit.TableWriter(delimiter=";")
    totals.write_row(("total", sum(count for _, count in ROWS)))
    return f"{title}\n{table}\n{totals.getvalue()}"


if __name__ == "__main__":
    print(build())
