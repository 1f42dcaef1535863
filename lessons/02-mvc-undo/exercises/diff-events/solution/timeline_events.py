"""The Timeline's file for this exercise (the Timeline button): one section per operation, each on a fresh
ListModel of the items a b c d e f g h, watched by a view that knows the list only through its events. Time
is a step counter: the call, each event and the end of the call are one step each.

- "call": a bar for the operation, from the call to its return, saying whether the view then equals a full
  render of the model and how many rows the events repainted;
- "events": a mark per event the model emitted;
- "model": what model.items held when each event arrived (a listener may read the model meanwhile);
- "view": the view's rows after it applied each event, marked "≠" where they differ from the model.

An exception from your code is a mark on the "errors" lane.
"""
from __future__ import annotations

from collections.abc import Callable

from pyforge_timeline import mark, record, section

from list_model import Event, Inserted, ListModel, Removed

START = tuple("abcdefgh")


def show(items: tuple[str, ...] | list[str]) -> str:
    return " ".join(items) or "(empty)"


def describe(event: Event) -> str:
    if isinstance(event, Inserted):
        return f"Inserted({event.index}, {show(event.items)})"
    return f"Removed({event.index}, {event.count})"


class Watch:
    """A view that mirrors the model from its events only, and keeps what happened to draw it lane by lane."""

    def __init__(self, model: ListModel) -> None:
        self.model, self.rows, self.repainted, self.step = model, list(model.items), 0, 0
        self.marks: list[tuple[str, str, float]] = [("model", show(self.model.items), 0.0), ("view", show(self.rows), 0.0)]
        model.subscribe(self.apply)

    def tick(self) -> float:
        self.step += 1
        return self.step

    def apply(self, event: Event) -> None:
        at = self.tick()
        self.marks.append(("events", describe(event), at))
        self.marks.append(("model", show(self.model.items), at))
        if isinstance(event, Inserted):
            self.rows[event.index : event.index] = event.items
            self.repainted += len(event.items)
        elif isinstance(event, Removed):
            del self.rows[event.index : event.index + event.count]
        same = tuple(self.rows) == self.model.items
        self.marks.append(("view", ("" if same else "≠ ") + show(self.rows), at))

    def run(self, title: str, operation: Callable[[ListModel], object]) -> None:
        with section(title, unit="steps"):
            start = self.tick()
            try:
                operation(self.model)
            except Exception as error:  # noqa: BLE001 - draw what happened, even when the code under test fails
                self.marks.append(("errors", f"{type(error).__name__}: {error}", self.tick()))
            end = self.tick()
            same = tuple(self.rows) == self.model.items
            verdict = "equals a full render" if same else f"DIFFERS from a full render ({show(self.model.items)})"
            record(f"{title}: then the view {verdict}; {self.repainted} of {len(self.model)} rows repainted", start, end, lane="call")
            for lane in ("events", "model", "view", "errors"):
                for name, label, at in self.marks:
                    if name == lane:
                        mark(label, lane=lane, at=at)


OPERATIONS: dict[str, Callable[[ListModel], object]] = {
    "insert(2, ['x'])": lambda model: model.insert(2, ["x"]),
    "move(0, 5)": lambda model: model.move(0, 5),
    "remove_if(item in 'cdf')": lambda model: model.remove_if(lambda item: item in "cdf"),
    "set_items(f renamed F)": lambda model: model.set_items([item.replace("f", "F") for item in model.items]),
}
for title, operation in OPERATIONS.items():
    Watch(ListModel(START)).run(title, operation)
