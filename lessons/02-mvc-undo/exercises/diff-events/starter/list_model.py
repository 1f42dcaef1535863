"""A list model that announces every change as fine-grained range events.

A view that mirrors the list (rows on a screen, an HTML list, a table) does not need to redraw everything
after each change: it applies each event to its own rows. That only works if the events describe the changes
exactly, in order, with indices that are valid *at the moment each event is emitted*.

insert, append, remove and replace are complete and correct. move, remove_if and set_items are not: see the TODOs.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Inserted:
    """`items` now occupy positions index, index+1, ...; what was at `index` moved up by len(items)."""

    index: int
    items: tuple[str, ...]


@dataclass(frozen=True)
class Removed:
    """The `count` items starting at `index` are gone; what followed moved down by `count`."""

    index: int
    count: int


Event = Inserted | Removed
Listener = Callable[[Event], None]


class ListModel:
    def __init__(self, items: Iterable[str] = ()) -> None:
        self._items: list[str] = list(items)
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(event)` for every change; return a function that unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- complete operations: read these to see what an event means ---------------------------------------------

    def insert(self, index: int, items: Iterable[str]) -> None:
        """Insert `items` before position `index` (0 <= index <= len)."""
        if not 0 <= index <= len(self._items):
            raise IndexError(f"cannot insert at {index} into a list of {len(self._items)}")
        new = tuple(items)
        if new:  # an event that changes nothing is noise
            self._items[index:index] = new
            self._emit(Inserted(index, new))

    def append(self, item: str) -> None:
        self.insert(len(self._items), [item])

    def remove(self, index: int, count: int = 1) -> None:
        """Remove `count` items starting at `index`."""
        if index < 0 or count < 0 or index + count > len(self._items):
            raise IndexError(f"cannot remove {count} items at {index} from a list of {len(self._items)}")
        if count:
            del self._items[index : index + count]
            self._emit(Removed(index, count))

    def replace(self, index: int, item: str) -> None:
        """Put `item` at `index` in place of what is there: a Removed and an Inserted event."""
        if not 0 <= index < len(self._items):
            raise IndexError(f"no item at {index} in a list of {len(self._items)}")
        if self._items[index] != item:
            self.remove(index, 1)
            self.insert(index, [item])

    # -- operations to fix --------------------------------------------------------------------------------------

    def move(self, source: int, target: int) -> None:
        """Move the item at `source` so that it ends up at index `target`."""
        if not (0 <= source < len(self._items) and 0 <= target < len(self._items)):
            raise IndexError(f"cannot move {source} -> {target} in a list of {len(self._items)}")
        item = self._items.pop(source)
        self._items.insert(target, item)
        # TODO: the list changed silently, so every view is now out of date. Announce the move as a Removed
        #       event followed by an Inserted event, each emitted when the list matches it.

    def remove_if(self, predicate: Callable[[str], bool]) -> int:
        """Remove every item for which `predicate` is true: one Removed event per contiguous run."""
        doomed = [index for index, item in enumerate(self._items) if predicate(item)]
        self._items = [item for item in self._items if not predicate(item)]
        # TODO: these indices are positions in the ORIGINAL list, but a view applies the events one after the
        #       other: after the first removal, everything behind it has moved. Also: one event per run of
        #       neighbours, and the model must already match each event when it is emitted.
        for index in doomed:
            self._emit(Removed(index, 1))
        return len(doomed)

    def set_items(self, items: Iterable[str]) -> None:
        """Replace the whole content, announcing only the ranges that differ."""
        old_count = len(self._items)
        self._items = list(items)
        # TODO: correct, but this repaints every row even when one item changed (and the model already holds
        #       the new list while it announces the removal). Diff old against new (difflib.SequenceMatcher)
        #       and announce only the ranges that differ.
        if old_count:
            self._emit(Removed(0, old_count))
        if self._items:
            self._emit(Inserted(0, tuple(self._items)))
