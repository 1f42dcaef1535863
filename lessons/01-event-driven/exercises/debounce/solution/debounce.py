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
        if wait <= 0:
            raise ValueError(f"wait must be positive, got {wait!r}")
        self._clock = clock
        self._wait = wait
        self._callback = callback
        self._timer: Timer | None = None
        # A 1-tuple, so that None stays a legitimate value to debounce.
        self._pending: tuple[T] | None = None

    def call(self, value: T) -> None:
        """Remember `value` and restart the quiet period."""
        self._pending = (value,)
        # Cancel, do not pile up: at most one timer is ever scheduled.
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._clock.call_later(self._wait, self._fire)

    def flush(self) -> None:
        """Deliver the pending value now (the user pressed Enter); do nothing if none is pending."""
        if self._timer is not None:
            self._timer.cancel()
        self._fire()

    def cancel(self) -> None:
        """Forget the pending value (the search box was closed)."""
        if self._timer is not None:
            self._timer.cancel()
        self._timer = None
        self._pending = None

    def _fire(self) -> None:
        # Clear the state before calling out: the callback may call `call()` again.
        self._timer = None
        pending, self._pending = self._pending, None
        if pending is not None:
            self._callback(pending[0])


class Throttler(Generic[T]):
    """Calls `callback` at most once per `interval` seconds: the first value at once, then the latest one."""

    def __init__(self, clock: Clock, interval: float, callback: Callable[[T], None]) -> None:
        if interval <= 0:
            raise ValueError(f"interval must be positive, got {interval!r}")
        self._clock = clock
        self._interval = interval
        self._callback = callback
        # While this timer is scheduled we are inside a window that began with an emission.
        self._window: Timer | None = None
        self._pending: tuple[T] | None = None

    def call(self, value: T) -> None:
        """Emit `value` now if the last emission is at least `interval` old; otherwise keep it for later."""
        if self._window is None:
            self._emit(value)  # leading edge: the first keystroke gets an answer immediately
        else:
            self._pending = (value,)  # latest wins; older pending values are stale

    def cancel(self) -> None:
        """Drop the pending value and end the current window."""
        if self._window is not None:
            self._window.cancel()
        self._window = None
        self._pending = None

    def _emit(self, value: T) -> None:
        # Open the window before calling out, so a re-entrant call() from the callback is throttled too.
        self._window = self._clock.call_later(self._interval, self._window_closed)
        self._callback(value)

    def _window_closed(self) -> None:
        self._window = None
        pending, self._pending = self._pending, None
        if pending is not None:
            self._emit(pending[0])  # trailing edge: the final text is never lost
