"""Debounce and throttle, driven by an injected clock.

A search box must not send a query per keystroke. Two classic answers:

- **debounce**: wait until the user pauses for `wait` seconds, then send the latest text once;
- **throttle**: send at most once per `interval` seconds while the user types, and always the latest text.

Neither class reads the time or sleeps by itself: both receive a `Clock` that can tell the time and schedule
a callback. The application passes `AsyncioClock`; the tests pass a fake clock that they move by hand, so a
"300 ms pause" takes no real time and gives the same result on every machine.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class Timer(Protocol):
    """A scheduled callback that can still be cancelled (asyncio.TimerHandle is one)."""

    def cancel(self) -> None: ...


class Clock(Protocol):
    """Everything the debouncer and the throttler may know about time."""

    def now(self) -> float:
        """The current time in seconds (monotonic; only differences matter)."""
        ...

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer:
        """Run `callback()` after `delay` seconds, unless the returned timer is cancelled first."""
        ...


class AsyncioClock:
    """The production clock: asyncio's event loop already keeps time and schedules callbacks."""

    def __init__(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self._loop = loop if loop is not None else asyncio.get_running_loop()

    def now(self) -> float:
        return self._loop.time()

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer:
        return self._loop.call_later(delay, callback)


class Debouncer(Generic[T]):
    """Calls `callback(latest value)` once the calls have paused for `wait` seconds."""

    def __init__(self, clock: Clock, wait: float, callback: Callable[[T], None]) -> None:
        self._clock = clock
        self._wait = wait
        self._callback = callback

    def call(self, value: T) -> None:
        """Remember `value` and restart the quiet period."""
        # TODO: do not call back at once. Keep the latest value, cancel the previous timer and schedule
        # a new one with self._clock.call_later(self._wait, ...).
        self._callback(value)

    def flush(self) -> None:
        """Deliver the pending value now (the user pressed Enter); do nothing if none is pending."""
        # TODO: cancel the timer and deliver the pending value, if there is one.

    def cancel(self) -> None:
        """Forget the pending value (the search box was closed)."""
        # TODO: cancel the timer and forget the pending value.


class Throttler(Generic[T]):
    """Calls `callback` at most once per `interval` seconds: the first value at once, then the latest one."""

    def __init__(self, clock: Clock, interval: float, callback: Callable[[T], None]) -> None:
        self._clock = clock
        self._interval = interval
        self._callback = callback

    def call(self, value: T) -> None:
        """Emit `value` now if the last emission is at least `interval` old; otherwise keep it for later."""
        # TODO: emit at once only outside a window; inside one, keep the latest value and emit it when the
        # window closes (which opens the next window).
        self._callback(value)

    def cancel(self) -> None:
        """Drop the pending value and end the current window."""
        # TODO: cancel the window's timer and forget the pending value.
