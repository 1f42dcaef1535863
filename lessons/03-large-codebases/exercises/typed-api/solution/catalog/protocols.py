"""Structural types: a class matches a Protocol by having the right members, not by inheriting from it."""
from __future__ import annotations

from typing import Any, Protocol


class Keyed(Protocol):
    """Anything with a read-only string `key`: a frozen dataclass, a NamedTuple, a class with a property.

    `key` is declared as a property, so read-only attributes match too. Declared as a plain `key: str`, the
    protocol would demand a *settable* attribute and reject frozen dataclasses.
    """

    @property
    def key(self) -> str: ...


class SupportsLessThan(Protocol):
    """Anything that can be compared with `<`: int, float, str, tuples of those..."""

    def __lt__(self, other: Any, /) -> bool: ...
