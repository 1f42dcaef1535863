"""Checks for the debounce exercise: a search box, a fake clock, and no real sleeping.

Time is simulated: `FakeClock` only moves when a test calls `advance()`, and it runs the scheduled callbacks
that fall due on the way, each at its own due time. It counts in integer nanoseconds, so ten steps of 0.05 s
land exactly on 0.5 s. Nothing here depends on how fast or busy the machine is.
"""
from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debounce import Debouncer, Throttler

NS = 1_000_000_000
TOLERANCE_NS = 1_000  # 1 microsecond: room for a solution that does float arithmetic on the clock's time


def ns(seconds: float) -> int:
    return round(seconds * NS)


@dataclass(order=True)
class FakeTimer:
    due_ns: int
    sequence: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)
    fired: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class FakeClock:
    """A clock that stands still until the test moves it (like Twisted's task.Clock)."""

    def __init__(self) -> None:
        self.now_ns = 0
        self._timers: list[FakeTimer] = []
        self._sequence = itertools.count()
        self.most_scheduled = 0  # the largest number of timers ever waiting at the same time

    def now(self) -> float:
        return self.now_ns / NS

    def call_later(self, delay: float, callback: Callable[[], None]) -> FakeTimer:
        assert delay >= 0, f"call_later() got a negative delay {delay!r}"
        # A positive delay waits at least 1 ns, as on a real clock: a solution that reschedules itself for
        # the remaining 1e-17 s of a float computation then still moves forward.
        delay_ns = max(1, ns(delay)) if delay > 0 else 0
        timer = FakeTimer(self.now_ns + delay_ns, next(self._sequence), callback)
        self._timers.append(timer)
        self.most_scheduled = max(self.most_scheduled, self.scheduled())
        return timer

    def scheduled(self) -> int:
        """How many timers are waiting (neither fired nor cancelled)."""
        self._timers = [t for t in self._timers if not (t.cancelled or t.fired)]
        return len(self._timers)

    def advance(self, seconds: float) -> None:
        self.advance_to_ns(self.now_ns + ns(seconds))

    def advance_to_ns(self, target_ns: int) -> None:
        """Move time forward to target_ns, running every timer due at or before it, in order."""
        assert target_ns >= self.now_ns, "time never goes backwards"
        for _ in range(10_000):
            self.scheduled()
            due = [t for t in self._timers if t.due_ns <= target_ns]
            if not due:
                break
            timer = min(due)
            self.now_ns = timer.due_ns
            timer.fired = True
            timer.callback()
        else:
            raise AssertionError("timers keep rescheduling themselves without time passing")
        self.now_ns = target_ns


@pytest.fixture(autouse=True)
def no_real_sleeping(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(seconds: float) -> None:
        raise AssertionError(f"time.sleep({seconds}) was called: use the injected clock, never real sleeping")

    monkeypatch.setattr(time, "sleep", forbidden)


class SearchBox:
    """Test harness: a search box that records the queries it sends, with the fake time they were sent at."""

    def __init__(self) -> None:
        self.clock = FakeClock()
        self.queries: list[tuple[float, str]] = []

    def send(self, text: str) -> None:
        self.queries.append((round(self.clock.now(), 6), text))


def type_word(box: SearchBox, limiter: Debouncer[str] | Throttler[str], word: str, gap: float) -> None:
    """One keystroke every `gap` seconds; each keystroke hands the whole text so far to the limiter."""
    for i in range(1, len(word) + 1):
        if i > 1:
            box.clock.advance(gap)
        limiter.call(word[:i])


# ---------------------------------------------------------------------------------------------- debounce


def test_ten_keystrokes_50_ms_apart_send_exactly_one_query():
    box = SearchBox()
    debouncer = Debouncer(box.clock, 0.3, box.send)
    type_word(box, debouncer, "production", gap=0.05)  # keystrokes at 0.00 ... 0.45 s
    box.clock.advance(2.0)
    assert box.queries == [(0.75, "production")], (
        "Expected exactly one query, 'production' at 0.75 s (0.3 s after the last keystroke at 0.45 s); "
        f"got {box.queries}"
    )


def test_nothing_is_sent_until_the_user_pauses_for_the_full_wait():
    box = SearchBox()
    debouncer = Debouncer(box.clock, 0.3, box.send)
    debouncer.call("p")
    box.clock.advance(0.299)
    assert box.queries == [], f"Expected no query 0.299 s after the keystroke, got {box.queries}"
    box.clock.advance(0.002)
    assert box.queries == [(0.3, "p")], f"Expected the query at 0.3 s, got {box.queries}"


def test_every_keystroke_restarts_the_wait():
    box = SearchBox()
    debouncer = Debouncer(box.clock, 0.3, box.send)
    type_word(box, debouncer, "abc", gap=0.2)  # keystrokes at 0.0, 0.2, 0.4 s
    box.clock.advance(0.25)  # t = 0.65 s
    assert box.queries == [], (
        f"Expected no query at 0.65 s, only 0.25 s after the last keystroke; got {box.queries}. "
        "The wait must restart at every call, not run from the first one."
    )
    box.clock.advance(0.1)
    assert box.queries == [(0.7, "abc")], f"Expected 'abc' at 0.7 s, got {box.queries}"


def test_two_bursts_separated_by_a_pause_send_two_queries():
    box = SearchBox()
    debouncer = Debouncer(box.clock, 0.3, box.send)
    type_word(box, debouncer, "cat", gap=0.05)  # 0.0 ... 0.1
    box.clock.advance(0.5)  # 0.6
    type_word(box, debouncer, "dog", gap=0.05)  # 0.6 ... 0.7
    box.clock.advance(1.0)
    assert box.queries == [(0.4, "cat"), (1.0, "dog")], (
        f"Expected 'cat' at 0.4 s and 'dog' at 1.0 s, got {box.queries}"
    )


def test_flush_sends_the_pending_text_at_once_and_only_once():
    box = SearchBox()
    debouncer = Debouncer(box.clock, 0.3, box.send)
    type_word(box, debouncer, "news", gap=0.05)  # 0.00 ... 0.15
    debouncer.flush()  # the user pressed Enter
    assert box.queries == [(0.15, "news")], f"Expected 'news' at once (0.15 s) after flush(), got {box.queries}"
    box.clock.advance(1.0)
    assert box.queries == [(0.15, "news")], f"Expected no second query after flush(), got {box.queries}"


def test_flush_with_nothing_pending_sends_nothing():
    box = SearchBox()
    debouncer = Debouncer(box.clock, 0.3, box.send)
    debouncer.flush()
    debouncer.call("a")
    box.clock.advance(1.0)
    debouncer.flush()
    assert box.queries == [(0.3, "a")], f"Expected only the one query for 'a', got {box.queries}"


def test_cancel_drops_the_pending_query():
    box = SearchBox()
    debouncer = Debouncer(box.clock, 0.3, box.send)
    type_word(box, debouncer, "oops", gap=0.05)
    debouncer.cancel()  # the search box was closed
    box.clock.advance(1.0)
    assert box.queries == [], f"Expected no query after cancel(), got {box.queries}"
    debouncer.call("again")
    box.clock.advance(1.0)
    assert box.queries == [(1.45, "again")], (
        f"Expected the debouncer to work again after cancel(), got {box.queries}"
    )


def test_the_debouncer_keeps_at_most_one_timer_scheduled():
    box = SearchBox()
    debouncer = Debouncer(box.clock, 0.3, box.send)
    type_word(box, debouncer, "production", gap=0.05)
    assert box.clock.most_scheduled == 1, (
        f"Expected exactly one timer scheduled at a time (for the pending query), saw at most "
        f"{box.clock.most_scheduled}. Schedule it with clock.call_later() and cancel the previous timer "
        "(timer.cancel()) before scheduling a new one."
    )


# Gaps between keystrokes in milliseconds; gaps within 2 ms of the 300 ms wait are left out, so no result
# depends on how a solution breaks an exact tie.
debounce_gaps = st.lists(st.integers(1, 700).filter(lambda g: abs(g - 300) > 2), min_size=1, max_size=25)


@settings(derandomize=True, database=None, deadline=None, max_examples=150)
@given(gaps_ms=debounce_gaps)
def test_any_typing_rhythm_sends_exactly_the_text_before_each_pause(gaps_ms: list[int]):
    box = SearchBox()
    sent: list[tuple[int, str]] = []
    debouncer = Debouncer(box.clock, 0.3, lambda text: sent.append((box.clock.now_ns, text)))
    times = list(itertools.accumulate(gap * 1_000_000 for gap in gaps_ms))
    for i, t in enumerate(times):
        box.clock.advance_to_ns(t)
        debouncer.call(f"q{i}")
    box.clock.advance(5.0)
    # The model: keystroke i is sent, 300 ms after it, exactly when the next keystroke comes more than
    # 300 ms later (or never comes).
    expected = [
        (t + ns(0.3), f"q{i}") for i, t in enumerate(times) if i == len(times) - 1 or times[i + 1] - t > ns(0.3)
    ]
    assert [text for _, text in sent] == [text for _, text in expected], (
        f"Keystrokes at {times} ns with wait 0.3 s: expected queries {expected}, got {sent}"
    )
    for (sent_at, text), (expected_at, _) in zip(sent, expected):
        assert abs(sent_at - expected_at) <= TOLERANCE_NS, (
            f"{text!r} was sent at {sent_at} ns, expected {expected_at} ns"
        )


# ---------------------------------------------------------------------------------------------- throttle


def test_the_first_keystroke_is_sent_at_once():
    box = SearchBox()
    throttler = Throttler(box.clock, 0.1, box.send)
    throttler.call("p")
    assert box.queries == [(0.0, "p")], f"Expected 'p' at once (the leading edge), got {box.queries}"


def test_continuous_typing_sends_at_most_one_query_per_interval():
    box = SearchBox()
    interval, duration = 0.1, 1.0
    throttler = Throttler(box.clock, interval, box.send)
    for i in range(100):  # a keystroke every 10 ms for one second
        box.clock.advance_to_ns(i * ns(0.01))
        throttler.call(f"q{i}")
    box.clock.advance(1.0)
    during = [q for q in box.queries if q[0] < duration]
    assert len(during) <= math.ceil(duration / interval), (
        f"Expected at most {math.ceil(duration / interval)} queries during {duration} s with interval "
        f"{interval} s, got {len(during)}: {box.queries}"
    )
    assert len(box.queries) >= duration / interval, (
        f"Expected the results to keep updating while the user types (about one query per {interval} s), "
        f"got only {box.queries}. That would be a debounce, not a throttle."
    )


def test_the_final_text_is_always_sent():
    box = SearchBox()
    throttler = Throttler(box.clock, 0.1, box.send)
    type_word(box, throttler, "abc", gap=0.01)  # 0.00, 0.01, 0.02: all inside the first window
    box.clock.advance(1.0)
    assert box.queries == [(0.0, "a"), (0.1, "abc")], (
        f"Expected 'a' at once and the latest text 'abc' when the window closes at 0.1 s, got {box.queries}"
    )


def test_a_keystroke_after_a_quiet_interval_is_sent_at_once():
    box = SearchBox()
    throttler = Throttler(box.clock, 0.1, box.send)
    throttler.call("a")
    box.clock.advance(0.5)
    throttler.call("b")
    assert box.queries == [(0.0, "a"), (0.5, "b")], f"Expected 'b' at once after a quiet 0.5 s, got {box.queries}"


def test_throttle_cancel_drops_the_pending_text():
    box = SearchBox()
    throttler = Throttler(box.clock, 0.1, box.send)
    type_word(box, throttler, "ab", gap=0.01)
    throttler.cancel()
    box.clock.advance(1.0)
    throttler.call("c")
    assert box.queries == [(0.0, "a"), (1.01, "c")], (
        f"Expected 'b' to be dropped by cancel() and 'c' to be sent at once afterwards, got {box.queries}"
    )


def test_the_throttler_keeps_at_most_one_timer_scheduled():
    box = SearchBox()
    throttler = Throttler(box.clock, 0.1, box.send)
    type_word(box, throttler, "production", gap=0.01)
    box.clock.advance(1.0)
    assert box.clock.most_scheduled == 1, (
        f"Expected exactly one timer scheduled at a time (the window's), saw at most {box.clock.most_scheduled}"
    )


@settings(derandomize=True, database=None, deadline=None, max_examples=150)
@given(
    gaps_ms=st.lists(st.integers(1, 300), min_size=1, max_size=30),
    interval=st.sampled_from([0.05, 0.1, 0.25]),
)
def test_any_typing_rhythm_is_throttled_correctly(gaps_ms: list[int], interval: float):
    box = SearchBox()
    history: list[tuple[str, int, int]] = []  # ("call" | "emit", index, time_ns), in the order it happened
    throttler = Throttler(box.clock, interval, lambda i: history.append(("emit", i, box.clock.now_ns)))
    times = list(itertools.accumulate(gap * 1_000_000 for gap in gaps_ms))
    for i, t in enumerate(times):
        box.clock.advance_to_ns(t)
        history.append(("call", i, t))
        throttler.call(i)
    box.clock.advance(5.0)
    emits = [(i, t) for kind, i, t in history if kind == "emit"]
    step = ns(interval)
    story = f"keystrokes at {times} ns, interval {interval} s; emitted (value, ns): {emits}"

    # No stale or repeated values: each emission is the latest keystroke so far.
    latest = -1
    for kind, i, _ in history:
        if kind == "call":
            latest = i
        else:
            assert i == latest, f"Emitted {i} while the latest text was {latest} (stale or repeated). {story}"
    # Never more often than once per interval.
    for (_, t1), (_, t2) in itertools.pairwise(emits):
        assert t2 - t1 >= step - TOLERANCE_NS, f"Two emissions only {t2 - t1} ns apart. {story}"
    # The final text is never lost.
    assert emits and emits[-1][0] == len(times) - 1, f"The last keystroke was never sent. {story}"
    # No keystroke waits longer than one interval for an emission that includes it.
    for i, t in enumerate(times):
        assert any(j >= i and t <= e <= t + step + TOLERANCE_NS for j, e in emits), (
            f"Keystroke {i} at {t} ns waited more than {interval} s to be sent. {story}"
        )
    # After a quiet interval, a keystroke is sent at once (leading edge).
    last_emit: int | None = None
    for position, (kind, i, t) in enumerate(history):
        if kind == "emit":
            last_emit = t
        elif last_emit is None or t - last_emit > step + TOLERANCE_NS:
            following = history[position + 1] if position + 1 < len(history) else None
            sent_at_once = (
                following is not None and following[:2] == ("emit", i) and abs(following[2] - t) <= TOLERANCE_NS
            )
            assert sent_at_once, (
                f"Keystroke {i} at {t} ns came after a quiet interval and should have been sent at once. {story}"
            )
