"""The Timeline's file for this exercise (the Timeline button): your EventBus in three scenarios, one section
each. Every handler call is a bar on that handler's lane; every emit() is a mark on the "emit()" lane. Time is
a step counter, not a stopwatch: each emit, call start and call end is one step, so the picture shows the
order things happened in.

- "priorities": low (priority 0), high (10) and low2 (0) are subscribed in that order.
- "emit during dispatch": a(1) emits event 2 while b(1) has not run yet.
- "a failing handler": broken (priority 5) raises; show (0) and on_error (on the "error" topic) listen too.

An exception that reaches this script (out of emit(), say) is a mark on the "errors" lane.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from pyforge_timeline import mark, record, section

from event_bus import ErrorEvent, EventBus


def failure(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def describe(event: Any) -> str:
    if isinstance(event, ErrorEvent):
        return f"ErrorEvent({event.topic!r}, {type(event.error).__name__})"
    return repr(event)


class Trace:
    """Counts steps and keeps what happened, drawn when the scenario ends, lane by lane in a fixed order."""

    def __init__(self, bus: EventBus, lanes: list[str]) -> None:
        self.bus, self.step = bus, 0
        self.lanes = ["emit()", *lanes, "errors"]
        self.bars: list[tuple[str, str, float, float]] = []
        self.marks: list[tuple[str, str, float]] = []

    def tick(self) -> float:
        self.step += 1
        return self.step

    def emit(self, topic: str, event: Any, inside: str = "") -> None:
        where = f" in {inside}" if inside else ""
        self.marks.append(("emit()", f"emit({topic!r}, {describe(event)}){where}", self.tick()))
        self.bus.emit(topic, event)

    def handler(self, name: str, body: Callable[[Any], None] | None = None) -> Callable[[Any], None]:
        """A handler drawn as a bar on lane `name`; `body` is what it does besides."""

        def handle(event: Any) -> None:
            start = self.tick()
            try:
                if body is not None:
                    body(event)
            except Exception as error:
                self.marks.append((name, f"raised {failure(error)}", self.tick()))
                raise
            finally:
                self.bars.append((name, f"{name}({describe(event)})", start, self.tick()))

        return handle

    def draw(self) -> None:
        for lane in self.lanes:
            for name, label, start, end in self.bars:
                if name == lane:
                    record(label, start, end, lane=lane)
            for name, label, at in self.marks:
                if name == lane:
                    mark(label, lane=lane, at=at)


@contextmanager
def scenario(title: str, lanes: list[str]) -> Iterator[Trace]:
    trace = Trace(EventBus(), lanes)
    with section(title, unit="steps"):
        try:
            yield trace
        except Exception as error:  # noqa: BLE001 - the starter's bus lets errors out: draw what happened
            trace.marks.append(("errors", f"escaped to the script: {failure(error)}", trace.tick()))
        trace.draw()


with scenario("priorities: low (0), high (10), low2 (0), subscribed in that order", ["low", "high", "low2"]) as t:
    t.bus.subscribe("t", t.handler("low"), priority=0)
    t.bus.subscribe("t", t.handler("high"), priority=10)
    t.bus.subscribe("t", t.handler("low2"), priority=0)
    t.emit("t", None)

with scenario("emit during dispatch: a(1) emits 2", ["a", "b"]) as t:

    def emit_two(event: Any) -> None:
        if event == 1:
            t.emit("t", 2, inside="a")

    t.bus.subscribe("t", t.handler("a", emit_two))
    t.bus.subscribe("t", t.handler("b"))
    t.emit("t", 1)

with scenario("a failing handler: broken (5) raises, show (0), on_error listens on 'error'", ["broken", "show", "on_error"]) as t:

    def boom(event: Any) -> None:
        raise ValueError("boom")

    t.bus.subscribe("error", t.handler("on_error"))
    t.bus.subscribe("t", t.handler("broken", boom), priority=5)
    t.bus.subscribe("t", t.handler("show"))
    t.emit("t", "x")
