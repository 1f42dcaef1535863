"""A small event bus: topics, priorities, isolated handlers, run-to-completion dispatch."""
from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Handler = Callable[[Any], None]


@dataclass(frozen=True)
class ErrorEvent:
    """Published on the "error" topic when a handler raises."""

    topic: str
    event: Any
    error: BaseException


@dataclass(frozen=True)
class _Subscription:
    priority: int
    sequence: int
    handler: Handler


class EventBus:
    def __init__(self) -> None:
        self._subscriptions: dict[str, list[_Subscription]] = {}
        self._sequence = itertools.count()
        self._pending: deque[tuple[str, Any]] = deque()
        self._dispatching = False

    def subscribe(self, topic: str, handler: Handler, priority: int = 0) -> Callable[[], None]:
        """Register `handler` for `topic`; return a function that unsubscribes it."""
        subscription = _Subscription(priority, next(self._sequence), handler)
        subscriptions = self._subscriptions.setdefault(topic, [])
        subscriptions.append(subscription)
        subscriptions.sort(key=lambda s: (-s.priority, s.sequence))

        def unsubscribe() -> None:
            if subscription in subscriptions:
                subscriptions.remove(subscription)

        return unsubscribe

    def emit(self, topic: str, event: Any) -> None:
        """Deliver `event` to the handlers of `topic`; events emitted meanwhile wait their turn."""
        self._pending.append((topic, event))
        if self._dispatching:
            return
        self._dispatching = True
        try:
            while self._pending:
                self._dispatch(*self._pending.popleft())
        finally:
            self._dispatching = False

    def _dispatch(self, topic: str, event: Any) -> None:
        for subscription in list(self._subscriptions.get(topic, [])):
            try:
                subscription.handler(event)
            except Exception as error:  # noqa: BLE001 - isolation is the point
                if topic == "error":
                    continue  # never recurse on a failing error handler
                self._pending.append(("error", ErrorEvent(topic, event, error)))
