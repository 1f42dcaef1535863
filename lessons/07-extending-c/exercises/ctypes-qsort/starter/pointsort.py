"""A ctypes binding of the pointsort C library (see pointsort.h): sort records with a Python comparator.

    >>> sorter = PointSorter("build/libpointsort.so")
    >>> sorter.set_compare(lambda a, b: (a.key > b.key) - (a.key < b.key))
    >>> sorter.sort([(1, 2.5), (2, -1.0)])
    ([(2, -1.0), (1, 2.5)], 1)
    >>> sorter.minmax([(1, 2.5), (2, -1.0)])
    ((2, -1.0), (1, 2.5))
"""
from __future__ import annotations

import ctypes
import os
from collections.abc import Callable, Sequence

Pair = tuple[int, float]


class Record(ctypes.Structure):
    """ps_record: the same fields in the same order with the same C types, so ctypes lays it out (padding
    included) exactly as the C compiler does."""

    _fields_ = [("id", ctypes.c_int32), ("key", ctypes.c_double)]


# int (*ps_compare)(const ps_record *a, const ps_record *b): the result type first, then the arguments.
COMPARE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(Record), ctypes.POINTER(Record))


class PointSorter:
    """Sorts (id, key) pairs in C, comparing with a Python function."""

    def __init__(self, library: str | os.PathLike[str]) -> None:
        lib = ctypes.CDLL(os.fspath(library))
        lib.ps_set_compare.argtypes = [COMPARE]
        lib.ps_set_compare.restype = None
        lib.ps_sort.argtypes = [ctypes.POINTER(Record), ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
        lib.ps_sort.restype = ctypes.c_int
        # TODO: declare ps_version and ps_minmax too (argtypes and restype).
        self._lib = lib

    def version(self) -> str:
        """The C library's version string."""
        raw: bytes = self._lib.ps_version()
        return raw.decode("ascii")

    def set_compare(self, compare: Callable[[Record, Record], float]) -> None:
        """Sort with `compare(a, b)`: a number, negative if a sorts first, 0 if equal, positive if b sorts first
        (so `lambda a, b: a.key - b.key` works)."""

        def trampoline(a: ctypes._Pointer[Record], b: ctypes._Pointer[Record]) -> int:
            # TODO: an exception raised by compare must come out of sort(), not be printed and forgotten.
            order = compare(a.contents, b.contents)
            return (order > 0) - (order < 0)  # C wants an int: the sign of a float such as 0.5 survives

        self._lib.ps_set_compare(COMPARE(trampoline))

    def sort(self, pairs: Sequence[Pair]) -> tuple[list[Pair], int]:
        """The pairs sorted with the comparator, and how many comparisons that took."""
        items = (Record * len(pairs))(*(Record(id_, key) for id_, key in pairs))
        comparisons = 0  # TODO: ps_sort can write the count into an out parameter
        status = self._lib.ps_sort(items, len(items), None)
        if status != 0:
            raise RuntimeError("no comparator: call set_compare() first")
        return [(item.id, item.key) for item in items], comparisons

    def minmax(self, pairs: Sequence[Pair]) -> tuple[Pair, Pair]:
        """The pairs with the smallest and the largest key (the first one on a tie)."""
        raise NotImplementedError("TODO: call ps_minmax with two out parameters")
