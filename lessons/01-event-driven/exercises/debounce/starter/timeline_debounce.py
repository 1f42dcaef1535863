"""The Timeline's file for this exercise (the Timeline button): your Debouncer and Throttler typing into a
search box on a fake clock, one section each. Times are the fake clock's seconds (no real waiting).

- "keystrokes": a mark per key typed (the key), then the pause after the last one;
- "queries": a mark per query your callback sent (the text it sent);
- "timers": a bar per timer scheduled with clock.call_later, from scheduling until it fired or was cancelled.

An exception from your code is a mark on the "errors" lane.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pyforge_timeline import mark, record, section

from debounce import Debouncer, Throttler

LANES = ("keystrokes", "queries", "timers", "errors")


class FakeTimer:
    def __init__(self, clock: FakeClock, due: float, callback: Callable[[], None]) -> None:
        self.clock, self.start, self.due, self.callback = clock, clock.now(), due, callback
        self.done = False

    def end(self, label: str, at: float) -> None:
        self.done = True
        self.clock.drawn.append(("timers", label, self.start, at))

    def cancel(self) -> None:
        if not self.done:
            self.end("cancelled", self.clock.now())


class FakeClock:
    """Stands still until advance_to() moves it, running the timers that fall due on the way, in order. Keeps
    what happened, (lane, label, start, end or None for a mark), to draw lane by lane in a fixed order."""

    def __init__(self) -> None:
        self.time = 0.0
        self.timers: list[FakeTimer] = []
        self.drawn: list[tuple[str, str, float, float | None]] = []

    def now(self) -> float:
        return self.time

    def call_later(self, delay: float, callback: Callable[[], None]) -> FakeTimer:
        timer = FakeTimer(self, self.time + delay, callback)
        self.timers.append(timer)
        return timer

    def advance_to(self, target: float) -> None:
        for _ in range(10_000):
            due = [t for t in self.timers if not t.done and t.due <= target]
            if not due:
                break
            timer = min(due, key=lambda t: t.due)
            self.time = timer.due
            timer.end("fired", timer.due)
            timer.callback()
        self.time = target

    def mark(self, lane: str, label: str) -> None:
        self.drawn.append((lane, label, self.time, None))

    def draw(self) -> None:
        for timer in self.timers:
            if not timer.done:
                timer.end("still waiting", self.time)
        for lane in LANES:
            for name, label, start, end in self.drawn:
                if name == lane and end is not None:
                    record(label, start, end, lane=lane)
                elif name == lane:
                    mark(label, lane=lane, at=start)


def failure(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


@contextmanager
def search_box(title: str) -> Iterator[tuple[FakeClock, Callable[[str], None]]]:
    clock = FakeClock()
    with section(title):
        try:
            yield clock, lambda text: clock.mark("queries", text)
        except Exception as error:  # noqa: BLE001 - draw what happened, even when the code under test fails
            clock.mark("errors", failure(error))
        clock.draw()


def type_then_pause(clock: FakeClock, limiter: Debouncer[str] | Throttler[str], text: str, gap: float) -> None:
    """One keystroke every `gap` seconds (each hands the whole text so far to the limiter), then 0.5 s of quiet."""
    for i, key in enumerate(text):
        clock.advance_to(round(i * gap, 6))
        clock.mark("keystrokes", key)
        limiter.call(text[: i + 1])
    clock.drawn.append(("keystrokes", "pause", clock.now(), clock.now() + 0.5))
    clock.advance_to(clock.now() + 0.5)


with search_box("debounce(wait=0.3 s): 'production' typed 50 ms a key, then a pause") as (clock, send):
    type_then_pause(clock, Debouncer(clock, 0.3, send), "production", gap=0.05)

with search_box("throttle(interval=0.1 s): 'autocompletion' typed 30 ms a key, then a pause") as (clock, send):
    type_then_pause(clock, Throttler(clock, 0.1, send), "autocompletion", gap=0.03)
