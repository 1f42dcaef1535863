"""A list model that announces every change as fine-grained range events.

A view that mirrors the list (rows on a screen, an HTML list, a table) does not need to redraw everything
after each change: it applies each event to its own rows. That only works if the events describe the changes
exactly, in order, with indices that are valid *at the moment each event is emitted*.
"""
from __future__ import annotations

import difflib
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

    # -- the two primitive changes ------------------------------------------------------------------------------
    # Every public operation below is built from these two, and each of them changes the list and then emits the
    # matching event. So every change is announced, and a listener that reads the model while handling an
    # event sees exactly the state that event describes.

    def _insert(self, index: int, items: tuple[str, ...]) -> None:
        if not items:
            return  # an event that changes nothing is noise
        self._items[index:index] = items
        self._emit(Inserted(index, items))

    def _remove(self, index: int, count: int) -> None:
        if count == 0:
            return
        del self._items[index : index + count]
        self._emit(Removed(index, count))

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- operations ---------------------------------------------------------------------------------------------

    def insert(self, index: int, items: Iterable[str]) -> None:
        """Insert `items` before position `index` (0 <= index <= len)."""
        if not 0 <= index <= len(self._items):
            raise IndexError(f"cannot insert at {index} into a list of {len(self._items)}")
        self._insert(index, tuple(items))

    def append(self, item: str) -> None:
        self._insert(len(self._items), (item,))

    def remove(self, index: int, count: int = 1) -> None:
        """Remove `count` items starting at `index`."""
        if index < 0 or count < 0 or index + count > len(self._items):
            raise IndexError(f"cannot remove {count} items at {index} from a list of {len(self._items)}")
        self._remove(index, count)

    def replace(self, index: int, item: str) -> None:
        """Put `item` at `index` in place of what is there: a Removed and an Inserted event."""
        if not 0 <= index < len(self._items):
            raise IndexError(f"no item at {index} in a list of {len(self._items)}")
        if self._items[index] != item:
            self._remove(index, 1)
            self._insert(index, (item,))

    def move(self, source: int, target: int) -> None:
        """Move the item at `source` so that it ends up at index `target`."""
        if not (0 <= source < len(self._items) and 0 <= target < len(self._items)):
            raise IndexError(f"cannot move {source} -> {target} in a list of {len(self._items)}")
        if source == target:
            return
        item = self._items[source]
        self._remove(source, 1)
        # After the removal the list is one shorter, and inserting at `target` leaves the item exactly at
        # `target` in the final list, whichever way it moved. Each event's index is valid when it is emitted.
        self._insert(target, (item,))

    def remove_if(self, predicate: Callable[[str], bool]) -> int:
        """Remove every item for which `predicate` is true: one Removed event per contiguous run."""
        doomed = [predicate(item) for item in self._items]  # ask once per item, before anything changes
        runs: list[tuple[int, int]] = []  # (start, length) in the original list
        index = 0
        while index < len(doomed):
            if doomed[index]:
                start = index
                while index < len(doomed) and doomed[index]:
                    index += 1
                runs.append((start, index - start))
            else:
                index += 1
        # Last run first: removing it does not move the runs before it, so their indices stay valid.
        for start, length in reversed(runs):
            self._remove(start, length)
        return sum(length for _, length in runs)

    def set_items(self, items: Iterable[str]) -> None:
        """Replace the whole content, announcing only the ranges that differ (not a remove-all/insert-all)."""
        new = list(items)
        matcher = difflib.SequenceMatcher(a=list(self._items), b=new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            # Opcodes come in order. Before this one, the list is new[:j1] followed by the old items from i1 on,
            # so the old range [i1, i2) currently starts at j1: that is the index to announce.
            self._remove(j1, i2 - i1)
            self._insert(j1, tuple(new[j1:j2]))
