"""A small event bus: topics, priorities, isolated handlers, run-to-completion dispatch."""
from __future__ import annotations

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


class EventBus:
    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = {}

    def subscribe(self, topic: str, handler: Handler, priority: int = 0) -> Callable[[], None]:
        """Register `handler` for `topic`; return a function that unsubscribes it."""
        # TODO: honour `priority` (higher first, then subscription order).
        self._handlers.setdefault(topic, []).append(handler)

        def unsubscribe() -> None:
            # TODO: remove this handler (safe to call twice).
            pass

        return unsubscribe

    def emit(self, topic: str, event: Any) -> None:
        """Deliver `event` to the handlers of `topic`."""
        # TODO: isolate failing handlers (publish an ErrorEvent on "error"),
        # TODO: and queue events emitted during a dispatch until it ends.
        for handler in self._handlers.get(topic, []):
            handler(event)
