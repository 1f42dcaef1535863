"""A generic store of keyed records, and a generic `largest` helper."""
from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from typing import Final, Generic, TypeVar, overload

from .protocols import Keyed, SupportsLessThan

# T is bound to the protocol: Store[Book] is fine because Book has a `key: str`; Store[int] is a type error.
T = TypeVar("T", bound=Keyed)
# The type of a caller's default in `get(key, default)`: whatever they pass comes back in the return type.
D = TypeVar("D")
# `largest` works on any items at all, keyed or not.
S = TypeVar("S")


class _Missing(enum.Enum):
    """A private sentinel type: `None` cannot mean "no default", because None is a useful default."""

    MISSING = enum.auto()


_MISSING: Final = _Missing.MISSING


class Store(Generic[T]):
    """Records of one type, by their `key`. `Store[Book]` only ever holds and returns Books."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        self._items: dict[str, T] = {}
        for item in items:
            self.add(item)

    def add(self, item: T) -> None:
        """Add `item`; ValueError if a record with the same key is already stored."""
        if item.key in self._items:
            raise ValueError(f"a record with key {item.key!r} is already stored")
        self._items[item.key] = item

    # Two overloads tell the checker what each *call shape* returns. Without a default, get() returns a T
    # or raises; with one, it returns a T or the default's type. A single signature returning `T | None`
    # would force every caller to check for None even when they passed no default.
    @overload
    def get(self, key: str) -> T: ...
    @overload
    def get(self, key: str, default: D) -> T | D: ...
    def get(self, key: str, default: D | _Missing = _MISSING) -> T | D:
        """The record stored under `key`; `default` if there is none, or KeyError when no default is given."""
        try:
            return self._items[key]
        except KeyError:
            if isinstance(default, _Missing):
                raise
            return default

    def find(self, predicate: Callable[[T], bool]) -> list[T]:
        """The records for which `predicate` is true, in insertion order."""
        return [item for item in self._items.values() if predicate(item)]

    def __iter__(self) -> Iterator[T]:
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)


def largest(items: Iterable[S], key: Callable[[S], SupportsLessThan]) -> S | None:
    """The item with the largest `key(item)` (the first one on ties), or None when `items` is empty."""
    best: S | None = None
    best_key: SupportsLessThan | None = None
    for item in items:
        item_key = key(item)
        if best_key is None or best_key < item_key:
            best, best_key = item, item_key
    return best
