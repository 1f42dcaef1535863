"""Structural types: a class matches a Protocol by having the right members, not by inheriting from it."""
from __future__ import annotations


class Keyed:
    """Anything with a read-only string `key`: a frozen dataclass, a NamedTuple, a class with a property."""

    # TODO: make this a typing.Protocol whose only member is a read-only `key` of type str.
    #       (A property, so that frozen dataclasses match too.)


class SupportsLessThan:
    """Anything that can be compared with `<`: int, float, str, tuples of those..."""

    # TODO: make this a typing.Protocol with the method `__lt__(self, other: Any, /) -> bool`.
