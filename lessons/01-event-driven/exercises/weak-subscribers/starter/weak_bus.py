"""An event bus that does not keep its subscribers alive.

This version works, but it leaks: it stores every handler strongly. A bound method such as `view.on_event`
keeps its object (`view.on_event.__self__`) alive, so a view the user has closed stays in memory and keeps
reacting to events for as long as the bus lives.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

Handler = Callable[[Any], None]


class WeakEventBus:
    """Topics and handlers, delivered in subscription order; views must be referenced weakly."""

    def __init__(self) -> None:
        # TODO: store something that does not keep a bound method's object alive
        # (weakref.WeakMethod for bound methods; plain functions and lambdas stay strong).
        self._handlers: dict[str, list[Handler]] = {}

    def subscribe(self, topic: str, handler: Handler) -> Callable[[], None]:
        """Register `handler` for `topic`; return a function that unsubscribes it (safe to call twice)."""
        handlers = self._handlers.setdefault(topic, [])
        handlers.append(handler)

        def unsubscribe() -> None:
            # TODO: this closure captures `handler` strongly. A view that stores its unsubscribe function on
            # itself would then keep itself alive through the bus. Capture your subscription entry instead.
            if handler in handlers:
                handlers.remove(handler)

        return unsubscribe

    def emit(self, topic: str, event: Any) -> None:
        """Deliver `event` to the live handlers of `topic`, in subscription order."""
        # TODO: skip handlers whose view has died, including a view closed by an earlier handler
        # during this very dispatch.
        for handler in list(self._handlers.get(topic, [])):
            handler(event)

    def subscriber_count(self, topic: str) -> int:
        """How many live handlers `topic` has."""
        # TODO: a dead view must not count (better still: drop its entry when it dies, with a weakref callback).
        return len(self._handlers.get(topic, []))
