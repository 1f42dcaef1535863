"""Checks for the event-bus exercise: exact call traces, isolation, run-to-completion, safe unsubscribe."""
from event_bus import ErrorEvent, EventBus


def test_priority_then_subscription_order():
    bus, trace = EventBus(), []
    bus.subscribe("t", lambda e: trace.append("low"), priority=0)
    bus.subscribe("t", lambda e: trace.append("high"), priority=10)
    bus.subscribe("t", lambda e: trace.append("low2"), priority=0)
    bus.emit("t", None)
    assert trace == ["high", "low", "low2"]


def test_events_emitted_during_dispatch_wait_for_the_current_one():
    bus, trace = EventBus(), []

    def a(event):
        trace.append(f"a{event}")
        if event == 1:
            bus.emit("t", 2)

    bus.subscribe("t", a)
    bus.subscribe("t", lambda e: trace.append(f"b{e}"))
    bus.emit("t", 1)
    assert trace == ["a1", "b1", "a2", "b2"]


def test_a_raising_handler_does_not_stop_the_others_and_publishes_an_error_event():
    bus, trace, errors = EventBus(), [], []
    bus.subscribe("error", errors.append)

    def broken(event):
        raise ValueError("boom")

    bus.subscribe("t", broken, priority=5)
    bus.subscribe("t", lambda e: trace.append(e))
    bus.emit("t", "x")
    assert trace == ["x"]
    assert len(errors) == 1
    assert isinstance(errors[0], ErrorEvent)
    assert errors[0].topic == "t" and isinstance(errors[0].error, ValueError)


def test_unsubscribe_during_dispatch_is_safe():
    bus, trace = EventBus(), []
    unsubscribe_b = None

    def a(event):
        trace.append("a")
        unsubscribe_b()

    bus.subscribe("t", a)
    unsubscribe_b = bus.subscribe("t", lambda e: trace.append("b"))
    bus.subscribe("t", lambda e: trace.append("c"))
    bus.emit("t", None)
    bus.emit("t", None)
    assert trace == ["a", "b", "c", "a", "c"]


def test_unsubscribe_twice_is_harmless():
    bus, trace = EventBus(), []
    unsubscribe = bus.subscribe("t", trace.append)
    unsubscribe()
    unsubscribe()
    bus.emit("t", 1)
    assert trace == []
