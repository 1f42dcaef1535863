"""Checks for the weak-subscribers exercise: the bus must never keep a view alive.

The cycle collector is switched off in every test (gc.disable()), so an object dies exactly when its last
reference goes away. A weakref that is still alive after `del view` therefore proves that something, here the
bus, still holds the view; no test depends on when the collector happens to run.
"""
from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from weak_bus import WeakEventBus


@pytest.fixture(autouse=True)
def cycle_collector_off():
    """Only reference counting frees objects during a test, so 'dead' means 'nobody holds it'."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


class View:
    """A stand-in for a panel: it records the events it receives into a shared log."""

    def __init__(self, name: str, log: list[tuple[str, Any]]) -> None:
        self.name = name
        self.log = log

    def on_event(self, event: Any) -> None:
        self.log.append((self.name, event))


class SelfUnsubscribingView(View):
    """Views usually keep their unsubscribe function, to call it when they close."""

    def __init__(self, name: str, log: list[tuple[str, Any]], bus: WeakEventBus) -> None:
        super().__init__(name, log)
        self.unsubscribe = bus.subscribe("saved", self.on_event)


STILL_ALIVE = (
    "Expected the view to be freed as soon as the test deleted its last reference, but it is still alive, so "
    "the bus still holds it. A bound method keeps its object alive (view.on_event.__self__ is view): store "
    "bound methods through weakref.WeakMethod."
)


def test_a_deleted_view_is_freed_at_once():
    bus, log = WeakEventBus(), []
    view = View("a", log)
    bus.subscribe("saved", view.on_event)
    view_ref = weakref.ref(view)
    del view
    assert view_ref() is None, STILL_ALIVE


def test_a_deleted_views_handler_is_never_called():
    bus, log = WeakEventBus(), []
    view = View("a", log)
    bus.subscribe("saved", view.on_event)
    bus.emit("saved", 1)
    del view
    bus.emit("saved", 2)
    assert log == [("a", 1)], f"Expected only the event sent while the view was alive, got {log}"


def test_a_live_view_keeps_receiving_events():
    bus, log = WeakEventBus(), []
    view = View("a", log)
    bus.subscribe("saved", view.on_event)
    bus.emit("saved", 1)
    gc.collect()
    bus.emit("saved", 2)
    assert log == [("a", 1), ("a", 2)], (
        f"Expected the live view to get both events, got {log}. Note that weakref.ref(view.on_event) dies "
        "at once: `view.on_event` builds a new bound-method object at every access. Use weakref.WeakMethod."
    )
    assert view.name == "a"  # keeps the view alive until here


def test_functions_and_lambdas_stay_subscribed():
    bus, log = WeakEventBus(), []
    bus.subscribe("saved", lambda event: log.append(("lambda", event)))

    def on_saved(event: Any) -> None:
        log.append(("function", event))

    bus.subscribe("saved", on_saved)
    del on_saved
    bus.emit("saved", 1)
    assert log == [("lambda", 1), ("function", 1)], (
        f"Expected the lambda and the function to be called, got {log}. Nothing else references a lambda "
        "passed to subscribe(): hold plain functions strongly, and only bound methods weakly."
    )


def test_a_view_that_stores_its_own_unsubscribe_function_is_still_freed():
    bus, log = WeakEventBus(), []
    view = SelfUnsubscribingView("a", log, bus)
    view_ref = weakref.ref(view)
    del view
    assert view_ref() is None, (
        "Expected the view to be freed, but it is still alive. The view holds its unsubscribe function; if "
        "that closure captures the handler (the bound method), the view keeps itself alive through the bus. "
        "Let the closure capture your subscription entry, which holds only a weak reference."
    )
    bus.emit("saved", 1)
    assert log == [], f"Expected no handler call after the view died, got {log}"


def test_the_bus_forgets_dead_views():
    bus, log = WeakEventBus(), []
    views = [View(name, log) for name in "abc"]
    for view in views:
        bus.subscribe("saved", view.on_event)
    del view
    assert bus.subscriber_count("saved") == 3
    del views[0:2]
    assert bus.subscriber_count("saved") == 1, (
        f"Expected 1 live subscriber after two of three views were deleted, got {bus.subscriber_count('saved')}"
    )
    bus.emit("saved", 1)
    assert log == [("c", 1)], f"Expected only the surviving view to be called, got {log}"


def test_unsubscribe_stops_a_live_view_and_is_harmless_twice():
    bus, log = WeakEventBus(), []
    view = View("a", log)
    unsubscribe = bus.subscribe("saved", view.on_event)
    unsubscribe()
    unsubscribe()
    bus.emit("saved", 1)
    assert log == [], f"Expected no call after unsubscribing, got {log}"
    assert bus.subscriber_count("saved") == 0


def test_unsubscribing_a_view_that_already_died_is_harmless():
    bus, log = WeakEventBus(), []
    view = View("a", log)
    unsubscribe = bus.subscribe("saved", view.on_event)
    del view
    unsubscribe()
    bus.emit("saved", 1)
    assert log == []
    assert bus.subscriber_count("saved") == 0


def test_a_view_closed_by_an_earlier_handler_gets_no_event():
    bus, log = WeakEventBus(), []
    open_views = {"editor": View("editor", log)}

    def close_editor(event: Any) -> None:
        log.append(("closer", event))
        del open_views["editor"]  # the user closed the editor tab: this was its last reference

    bus.subscribe("closing", close_editor)
    bus.subscribe("closing", open_views["editor"].on_event)
    editor_ref = weakref.ref(open_views["editor"])
    bus.emit("closing", 1)
    assert log == [("closer", 1)], (
        f"Expected the closed editor not to be called, got {log}. Dereference each weak handler right "
        "before calling it, not all of them before the dispatch starts."
    )
    assert editor_ref() is None, "Expected the closed editor to be freed once the dispatch ended"


def test_handlers_run_in_subscription_order_whatever_their_kind():
    bus, log = WeakEventBus(), []
    first, third = View("first", log), View("third", log)
    bus.subscribe("saved", first.on_event)
    bus.subscribe("saved", lambda event: log.append(("second", event)))
    bus.subscribe("saved", third.on_event)
    bus.emit("saved", 1)
    bus.emit("other", 2)
    assert log == [("first", 1), ("second", 1), ("third", 1)], f"Got {log}"


class ViewsComeAndGo(RuleBasedStateMachine):
    """Random sessions: views open and close, functions subscribe, events fly. The bus must always agree."""

    def __init__(self) -> None:
        super().__init__()
        self.bus = WeakEventBus()
        self.log: list[tuple[str, Any]] = []
        self.views: dict[str, View] = {}  # the only strong references to the open views
        self.order: list[str] = []  # every subscriber ever, in subscription order
        self.functions: set[str] = set()
        self.names = iter(f"s{i}" for i in range(10_000))

    @rule()
    def open_view(self) -> None:
        name = next(self.names)
        view = View(name, self.log)
        self.views[name] = view
        self.bus.subscribe("saved", view.on_event)
        self.order.append(name)

    @rule(data=st.data())
    def close_view(self, data: st.DataObject) -> None:
        if self.views:
            name = data.draw(st.sampled_from(sorted(self.views)), label="view to close")
            view_ref = weakref.ref(self.views[name])
            del self.views[name]
            assert view_ref() is None, f"View {name} survived its closing. " + STILL_ALIVE

    @rule()
    def subscribe_function(self) -> None:
        name = next(self.names)
        log = self.log
        self.bus.subscribe("saved", lambda event: log.append((name, event)))
        self.functions.add(name)
        self.order.append(name)

    @rule(event=st.integers(0, 9))
    def emit(self, event: int) -> None:
        self.log.clear()
        self.bus.emit("saved", event)
        expected = [(name, event) for name in self.order if name in self.views or name in self.functions]
        assert self.log == expected, f"Expected calls {expected}, got {self.log}"

    @invariant()
    def only_live_subscribers_are_counted(self) -> None:
        live = len(self.views) + len(self.functions)
        count = self.bus.subscriber_count("saved")
        assert count == live, f"Expected {live} live subscribers, subscriber_count() says {count}"


def test_random_sessions_of_views_opening_and_closing():
    run_state_machine_as_test(
        ViewsComeAndGo,
        settings=settings(
            max_examples=60,
            stateful_step_count=25,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
