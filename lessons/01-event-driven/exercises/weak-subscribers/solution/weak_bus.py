"""An event bus that does not keep its subscribers alive.

A bus lives as long as the application; views (panels, dialogs, tabs) come and go. If the bus held a view's
bound method strongly, it would also hold the view (a bound method keeps its ``__self__``), so a closed view
would stay in memory and keep reacting to events. Bound methods are therefore held through
``weakref.WeakMethod``; plain functions and lambdas are held strongly, because nothing else keeps a lambda alive.
"""
from __future__ import annotations

import types
import weakref
from collections.abc import Callable
from typing import Any

Handler = Callable[[Any], None]


class _Subscription:
    """One entry in a topic's list. It never holds a bound method's object strongly."""

    __slots__ = ("handler_ref",)

    def __init__(self, handler_ref: Callable[[], Handler | None]) -> None:
        # Calling handler_ref() returns the handler, or None once its object has died.
        self.handler_ref = handler_ref


class _StrongRef:
    """Looks like a weak reference (call it to get the target) but keeps the target alive."""

    __slots__ = ("_target",)

    def __init__(self, target: Handler) -> None:
        self._target = target

    def __call__(self) -> Handler:
        return self._target


class WeakEventBus:
    """Topics and handlers, delivered in subscription order; views are referenced weakly."""

    def __init__(self) -> None:
        self._subscriptions: dict[str, list[_Subscription]] = {}

    def subscribe(self, topic: str, handler: Handler) -> Callable[[], None]:
        """Register `handler` for `topic`; return a function that unsubscribes it (safe to call twice)."""
        subscriptions = self._subscriptions.setdefault(topic, [])
        handler_ref: Callable[[], Handler | None]
        if isinstance(handler, types.MethodType):
            # `view.on_event` is a new object at every attribute access, so weakref.ref(view.on_event) would die
            # at once. WeakMethod references the object and the function separately and rebuilds the method.
            # The callback runs when the view dies; it holds the bus weakly too (like WeakValueDictionary),
            # so no reference cycle through the bus is created.
            bus_ref = weakref.ref(self)

            def forget(dead: weakref.ref[Any]) -> None:
                bus = bus_ref()
                if bus is not None:
                    bus._forget(topic, dead)

            handler_ref = weakref.WeakMethod(handler, forget)
        else:
            handler_ref = _StrongRef(handler)
        subscription = _Subscription(handler_ref)
        subscriptions.append(subscription)

        # The closure captures the subscription (which holds only a weak reference), never the handler itself:
        # a view typically stores this function on itself, and a strong reference to its bound method here
        # would keep the view alive through the bus after all.
        def unsubscribe() -> None:
            if subscription in subscriptions:
                subscriptions.remove(subscription)

        return unsubscribe

    def emit(self, topic: str, event: Any) -> None:
        """Deliver `event` to the live handlers of `topic`, in subscription order."""
        # Iterate over a copy: handlers may subscribe, unsubscribe or close views while we dispatch.
        for subscription in list(self._subscriptions.get(topic, [])):
            # Dereference at the last moment: a view closed by an earlier handler must not get the event.
            handler = subscription.handler_ref()
            if handler is not None:
                handler(event)

    def subscriber_count(self, topic: str) -> int:
        """How many live handlers `topic` has."""
        return sum(1 for s in self._subscriptions.get(topic, []) if s.handler_ref() is not None)

    def _forget(self, topic: str, dead: weakref.ref[Any]) -> None:
        """Weakref callback: drop the subscription whose object just died."""
        subscriptions = self._subscriptions.get(topic, [])
        subscriptions[:] = [s for s in subscriptions if s.handler_ref is not dead]
