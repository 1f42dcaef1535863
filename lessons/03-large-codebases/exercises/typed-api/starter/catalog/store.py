"""A generic store of keyed records, and a generic `largest` helper."""
from __future__ import annotations

# TODO: type this module so that `mypy --strict` passes and misuse is caught:
#   - Store is generic in T, a TypeVar bound to the Keyed protocol (Store[Book] holds only Books);
#   - get() has two @overload signatures: get(key) -> T and get(key, default: D) -> T | D;
#   - largest() is generic in the item type S and returns S | None.

# The "no default given" marker: None cannot mean that, because None is a useful default.
_MISSING = object()


class Store:
    """Records of one type, by their `key`. `Store[Book]` only ever holds and returns Books."""

    def __init__(self, items=()):
        self._items = {}
        for item in items:
            self.add(item)

    def add(self, item):
        """Add `item`; ValueError if a record with the same key is already stored."""
        if item.key in self._items:
            raise ValueError(f"a record with key {item.key!r} is already stored")
        self._items[item.key] = item

    def get(self, key, default=_MISSING):
        """The record stored under `key`; `default` if there is none, or KeyError when no default is given."""
        try:
            return self._items[key]
        except KeyError:
            if default is _MISSING:
                raise
            return default

    def find(self, predicate):
        """The records for which `predicate` is true, in insertion order."""
        return [item for item in self._items.values() if predicate(item)]

    def __iter__(self):
        return iter(self._items.values())

    def __len__(self):
        return len(self._items)


def largest(items, key):
    """The item with the largest `key(item)` (the first one on ties), or None when `items` is empty."""
    best = None
    best_key = None
    for item in items:
        item_key = key(item)
        if best_key is None or best_key < item_key:
            best, best_key = item, item_key
    return best
