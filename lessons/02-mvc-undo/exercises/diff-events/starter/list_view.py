"""A view that mirrors a ListModel by applying its events, never by re-reading the whole list.

Run `python3 list_view.py` to watch the events of a few operations and how many rows each one repaints.
(This file is complete; the work is in list_model.py.)
"""
from __future__ import annotations

from collections.abc import Callable

from list_model import Event, Inserted, ListModel, Removed


def render_row(item: str) -> str:
    return f"<li>{item}</li>"


class RowView:
    """Keeps one rendered row per item, updated from events only."""

    def __init__(self, model: ListModel) -> None:
        self.rows = [render_row(item) for item in model.items]  # the one full render, at start
        self.repainted = 0  # rows drawn because of events
        self.log: list[Event] = []
        model.subscribe(self.apply)

    def apply(self, event: Event) -> None:
        self.log.append(event)
        if isinstance(event, Inserted):
            self.rows[event.index : event.index] = [render_row(item) for item in event.items]
            self.repainted += len(event.items)
        elif isinstance(event, Removed):
            del self.rows[event.index : event.index + event.count]


def demo() -> None:
    model = ListModel(f"task {n}" for n in range(1, 9))
    view = RowView(model)
    operations: list[tuple[str, Callable[[], object]]] = [
        ("insert(2, ['new'])", lambda: model.insert(2, ["new"])),
        ("move(0, 5)", lambda: model.move(0, 5)),
        ("remove_if(ends with 3 or 4)", lambda: model.remove_if(lambda item: item[-1] in "34")),
        ("set_items(task 6 renamed)", lambda: model.set_items([s.replace("task 6", "renamed") for s in model.items])),
    ]
    for label, operation in operations:
        view.log.clear()
        before = view.repainted
        operation()
        full = [render_row(item) for item in model.items]
        status = "matches" if view.rows == full else "DIFFERS FROM"
        print(f"{label:32} events {view.log}")
        print(f"{'':32} repainted {view.repainted - before} of {len(full)} rows; the view {status} a full render")


if __name__ == "__main__":
    demo()
