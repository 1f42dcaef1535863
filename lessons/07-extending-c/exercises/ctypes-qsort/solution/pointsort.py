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
import threading
from collections.abc import Callable, Sequence

Pair = tuple[int, float]


class Record(ctypes.Structure):
    """ps_record: the same fields in the same order with the same C types, so ctypes lays it out (padding
    included) exactly as the C compiler does."""

    _fields_ = [("id", ctypes.c_int32), ("key", ctypes.c_double)]


# int (*ps_compare)(const ps_record *a, const ps_record *b): the result type first, then the arguments.
COMPARE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(Record), ctypes.POINTER(Record))

# The library sorts with process-wide C globals, and ctypes releases the GIL during every call into a CDLL:
# two threads sorting at once would mix their comparators and counts. One lock serialises them.
_LIBRARY_LOCK = threading.Lock()


class PointSorter:
    """Sorts (id, key) pairs in C, comparing with a Python function."""

    def __init__(self, library: str | os.PathLike[str]) -> None:
        lib = ctypes.CDLL(os.fspath(library))
        # Without argtypes ctypes guesses every argument's C type from the Python value, and without restype
        # it assumes int: a `const char *` would come back as a truncated address. Declare every function.
        lib.ps_version.argtypes = []
        lib.ps_version.restype = ctypes.c_char_p  # bytes, copied out of the library's string
        lib.ps_set_compare.argtypes = [COMPARE]
        lib.ps_set_compare.restype = None
        lib.ps_sort.argtypes = [ctypes.POINTER(Record), ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
        lib.ps_sort.restype = ctypes.c_int
        lib.ps_minmax.argtypes = [
            ctypes.POINTER(Record),
            ctypes.c_size_t,
            ctypes.POINTER(Record),
            ctypes.POINTER(Record),
        ]
        lib.ps_minmax.restype = ctypes.c_int
        self._lib = lib
        # The CFUNCTYPE object the library points to. C holds only its address, which keeps nothing alive: if
        # Python frees this object, the next ps_sort calls freed memory. So the sorter holds it.
        self._callback: object | None = None
        self._error: BaseException | None = None

    def version(self) -> str:
        """The C library's version string."""
        raw: bytes = self._lib.ps_version()
        return raw.decode("ascii")

    def set_compare(self, compare: Callable[[Record, Record], float]) -> None:
        """Sort with `compare(a, b)`: a number, negative if a sorts first, 0 if equal, positive if b sorts first
        (so `lambda a, b: a.key - b.key` works)."""

        def trampoline(a: ctypes._Pointer[Record], b: ctypes._Pointer[Record]) -> int:
            # An exception cannot travel through C's qsort: ctypes would print it and go on. Keep the
            # first one (any BaseException: a Ctrl+C must not vanish either), answer 0 until the sort is over
            # (qsort cannot be stopped), and raise it in sort().
            if self._error is not None:
                return 0
            try:
                order = compare(a.contents, b.contents)
            except BaseException as error:  # noqa: BLE001 - kept, and raised again by sort()
                self._error = error
                return 0
            return (order > 0) - (order < 0)  # C wants an int: the sign of a float such as 0.5 survives

        callback = COMPARE(trampoline)
        with _LIBRARY_LOCK:
            self._lib.ps_set_compare(callback)
        self._callback = callback  # keep it alive for as long as the library may call it

    def sort(self, pairs: Sequence[Pair]) -> tuple[list[Pair], int]:
        """The pairs sorted with the comparator, and how many comparisons that took."""
        if self._callback is None:
            raise RuntimeError("no comparator: call set_compare() first")
        items = (Record * len(pairs))(*(Record(id_, key) for id_, key in pairs))
        comparisons = ctypes.c_size_t()  # the out parameter: C writes the count into it
        with _LIBRARY_LOCK:
            # The library has one global slot: another sorter may have replaced our comparator since.
            self._lib.ps_set_compare(self._callback)
            self._error = None
            status = self._lib.ps_sort(items, len(items), ctypes.byref(comparisons))
            error, self._error = self._error, None
        if error is not None:
            raise error
        if status != 0:
            raise RuntimeError(f"ps_sort failed with status {status}")
        return [(item.id, item.key) for item in items], comparisons.value

    def minmax(self, pairs: Sequence[Pair]) -> tuple[Pair, Pair]:
        """The pairs with the smallest and the largest key (the first one on a tie)."""
        items = (Record * len(pairs))(*(Record(id_, key) for id_, key in pairs))
        lowest, highest = Record(), Record()  # two out parameters, filled in by C
        if self._lib.ps_minmax(items, len(items), ctypes.byref(lowest), ctypes.byref(highest)) != 0:
            raise ValueError("minmax() of an empty sequence")
        return (lowest.id, lowest.key), (highest.id, highest.key)
