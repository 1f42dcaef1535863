"""Checks for the diff-events exercise: a view that applies only the model's events always equals a full
re-render; the model is consistent whenever an event arrives; and the events are fine-grained."""
from __future__ import annotations

from typing import Any

from hypothesis import Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from list_model import Inserted, ListModel, Removed

# Stop at the first distinct failure and skip the slow "explain" phase: one minimal example, quickly.
QUICK_FAILURE = {"report_multiple_bugs": False, "phases": (Phase.explicit, Phase.generate, Phase.shrink)}


def render_row(item: str) -> str:
    return f"<li>{item}</li>"


def full_render(model: Any) -> list[str]:
    return [render_row(item) for item in model.items]


def difference(view_rows: list[str], model: Any) -> str:
    """Say how the event-built rows differ from a full render, briefly (lists can be long)."""
    expected = full_render(model)
    if len(view_rows) <= 12 and len(expected) <= 12:
        return f"the view shows {view_rows}, a full render of the model shows {expected}"
    first = next((i for i, (a, b) in enumerate(zip(view_rows, expected)) if a != b), min(len(view_rows), len(expected)))
    return (
        f"the view has {len(view_rows)} rows, the model {len(expected)} items; they first differ at index {first} "
        f"(view {view_rows[first:first + 2]}, full render {expected[first:first + 2]})"
    )


class ReplayView:
    """The test's own strict view. It renders once at the start and afterwards knows the list only through
    events. Every event is checked against the rows it is applied to, and against the model: when an event
    arrives, applying it must make the view equal the model (the model is consistent at every notification)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.rows = full_render(model)
        self.events: list[Any] = []
        self.problems: list[str] = []
        model.subscribe(self.apply)

    def apply(self, event: Any) -> None:
        self.events.append(event)
        size = len(self.rows)
        if isinstance(event, Inserted):
            if not isinstance(event.items, tuple) or not event.items:
                self.problems.append(f"{event}: items must be a non-empty tuple")
                return
            if not 0 <= event.index <= size:
                self.problems.append(f"{event}: index out of range for a view of {size} rows")
                return
            self.rows[event.index : event.index] = [render_row(item) for item in event.items]
        elif isinstance(event, Removed):
            if event.count < 1 or event.index < 0 or event.index + event.count > size:
                self.problems.append(f"{event}: not a non-empty range inside a view of {size} rows")
                return
            del self.rows[event.index : event.index + event.count]
        else:
            self.problems.append(f"unknown event {event!r}: only Inserted and Removed exist")
            return
        if self.rows != full_render(self.model) and not self.problems:
            self.problems.append(
                f"right after receiving {event}, {difference(self.rows, self.model)}. When a listener hears an "
                "event, the model must hold exactly the state that event describes: make each change, then emit it"
            )

    def touched(self) -> int:
        """Rows the events made the view repaint or drop."""
        return sum(len(e.items) if isinstance(e, Inserted) else e.count for e in self.events)


def assert_in_sync(view: ReplayView, what: str) -> None:
    assert not view.problems, f"after {what}: {view.problems[0]}"
    assert view.rows == full_render(view.model), (
        f"after {what}, {difference(view.rows, view.model)}; the events were {view.events[-6:]}"
    )


# ---------------------------------------------------------------------------------------------------------------
# Each operation's events
# ---------------------------------------------------------------------------------------------------------------


def test_insert_remove_and_replace_announce_exact_ranges() -> None:
    model = ListModel(["a", "b", "c"])
    view = ReplayView(model)
    model.insert(1, ["x", "y"])
    model.remove(0, 2)
    model.replace(1, "B")
    assert view.events == [Inserted(1, ("x", "y")), Removed(0, 2), Removed(1, 1), Inserted(1, ("B",))], (
        f"unexpected events {view.events}"
    )
    assert_in_sync(view, "insert, remove and replace")


def test_moving_an_item_down_is_announced_as_remove_then_insert() -> None:
    model = ListModel(["a", "b", "c", "d", "e"])
    view = ReplayView(model)
    model.move(1, 3)
    assert list(model.items) == ["a", "c", "d", "b", "e"], f"move(1, 3) should give a c d b e, got {model.items}"
    assert view.events == [Removed(1, 1), Inserted(3, ("b",))], (
        f"move(1, 3) should emit [Removed(1, 1), Inserted(3, ('b',))], got {view.events}"
    )
    assert_in_sync(view, "move(1, 3)")


def test_moving_an_item_up_is_announced_as_remove_then_insert() -> None:
    model = ListModel(["a", "b", "c", "d", "e"])
    view = ReplayView(model)
    model.move(4, 0)
    assert list(model.items) == ["e", "a", "b", "c", "d"], f"move(4, 0) should give e a b c d, got {model.items}"
    assert view.events == [Removed(4, 1), Inserted(0, ("e",))], (
        f"move(4, 0) should emit [Removed(4, 1), Inserted(0, ('e',))], got {view.events}"
    )
    assert_in_sync(view, "move(4, 0)")


def test_remove_if_emits_one_event_for_a_run_of_neighbours() -> None:
    model = ListModel(["keep", "x", "x", "x", "keep"])
    view = ReplayView(model)
    removed = model.remove_if(lambda item: item == "x")
    assert removed == 3, f"remove_if should return how many items it removed (3), got {removed}"
    assert view.events == [Removed(1, 3)], f"three neighbours should go in one Removed(1, 3), got {view.events}"
    assert_in_sync(view, "remove_if")


def test_remove_if_with_several_runs_keeps_the_view_in_sync() -> None:
    model = ListModel(["x", "a", "x", "x", "b", "x", "c", "x"])
    view = ReplayView(model)
    model.remove_if(lambda item: item == "x")
    assert list(model.items) == ["a", "b", "c"], f"remove_if should leave a b c, got {model.items}"
    assert len(view.events) == 4, f"4 separate runs should give 4 Removed events, got {view.events}"
    assert_in_sync(view, "remove_if with 4 runs")


BIG = [f"item {n}" for n in range(200)]


def _set_items_cost(new: list[str]) -> tuple[int, ReplayView]:
    model = ListModel(BIG)
    view = ReplayView(model)
    model.set_items(new)
    assert_in_sync(view, "set_items")
    return view.touched(), view


def test_set_items_with_identical_content_emits_nothing() -> None:
    model = ListModel(BIG)
    view = ReplayView(model)
    model.set_items(list(BIG))
    assert view.events == [], (
        f"set_items with the same 200 items should emit no events, got {len(view.events)}: {view.events[:3]}"
    )
    assert list(model.items) == BIG, "set_items with the same items must leave them unchanged"


def test_set_items_announces_only_the_rows_that_changed() -> None:
    renamed = BIG[:100] + ["renamed"] + BIG[101:]
    touched, _ = _set_items_cost(renamed)
    assert touched <= 2, (
        f"renaming 1 of 200 items made the view repaint or drop {touched} rows (expected at most 2: one Removed, "
        "one Inserted). Diff the old list against the new one instead of replacing everything."
    )
    grown = BIG[:50] + ["new 1", "new 2", "new 3"] + BIG[50:]
    touched, _ = _set_items_cost(grown)
    assert touched == 3, f"inserting 3 items into 200 should touch exactly 3 rows, touched {touched}"
    shrunk = BIG[:10] + BIG[15:190] + BIG[195:]
    touched, _ = _set_items_cost(shrunk)
    assert touched == 10, f"removing two runs of 5 from 200 items should drop exactly 10 rows, touched {touched}"


def test_an_unsubscribed_listener_hears_nothing() -> None:
    model = ListModel(["a"])
    heard: list[Any] = []
    unsubscribe = model.subscribe(heard.append)
    unsubscribe()
    model.append("b")
    model.move(0, 1)
    assert heard == [], f"an unsubscribed listener still received {heard}"


# ---------------------------------------------------------------------------------------------------------------
# Random operations: the event-built view always equals a full re-render
# ---------------------------------------------------------------------------------------------------------------

ITEM = st.sampled_from(["a", "b", "c", "d", "e"])


class RandomListOperations(RuleBasedStateMachine):
    """Random operations on a ListModel, mirrored on a plain Python list (`expected`)."""

    def __init__(self) -> None:
        super().__init__()
        self.model = ListModel(["a", "b", "c"])
        self.view = ReplayView(self.model)
        self.expected = ["a", "b", "c"]
        self.last = "the start"

    @rule(seed=st.integers(0, 50), items=st.lists(ITEM, max_size=3))
    def insert(self, seed: int, items: list[str]) -> None:
        index = seed % (len(self.expected) + 1)
        self.model.insert(index, items)
        self.expected[index:index] = items
        self.last = f"insert({index}, {items})"

    @precondition(lambda self: len(self.expected) > 0)
    @rule(seed=st.integers(0, 50), count_seed=st.integers(0, 50))
    def remove(self, seed: int, count_seed: int) -> None:
        index = seed % len(self.expected)
        count = 1 + count_seed % (len(self.expected) - index)
        self.model.remove(index, count)
        del self.expected[index : index + count]
        self.last = f"remove({index}, {count})"

    @precondition(lambda self: len(self.expected) > 0)
    @rule(seed=st.integers(0, 50), item=ITEM)
    def replace(self, seed: int, item: str) -> None:
        index = seed % len(self.expected)
        self.model.replace(index, item)
        self.expected[index] = item
        self.last = f"replace({index}, {item!r})"

    @precondition(lambda self: len(self.expected) > 0)
    @rule(source_seed=st.integers(0, 50), target_seed=st.integers(0, 50))
    def move(self, source_seed: int, target_seed: int) -> None:
        source, target = source_seed % len(self.expected), target_seed % len(self.expected)
        self.model.move(source, target)
        self.expected.insert(target, self.expected.pop(source))
        self.last = f"move({source}, {target})"

    @rule(letters=st.sets(ITEM, min_size=1, max_size=2))
    def remove_if(self, letters: set[str]) -> None:
        doomed = sorted(letters)
        self.model.remove_if(lambda item: item in doomed)
        self.expected = [item for item in self.expected if item not in doomed]
        self.last = f"remove_if(item in {doomed})"

    @rule(items=st.lists(ITEM, max_size=8))
    def set_items(self, items: list[str]) -> None:
        self.model.set_items(items)
        self.expected = list(items)
        self.last = f"set_items({items})"

    @invariant()
    def view_equals_a_full_render(self) -> None:
        assert list(self.model.items) == self.expected, (
            f"after {self.last} the model holds {list(self.model.items)}, expected {self.expected}"
        )
        assert_in_sync(self.view, self.last)


def test_over_random_operations_a_view_applying_only_events_equals_a_full_render() -> None:
    run_state_machine_as_test(
        RandomListOperations,
        settings=settings(
            derandomize=True,
            database=None,
            max_examples=80,
            stateful_step_count=30,
            deadline=None,
            **QUICK_FAILURE,
        ),
    )

