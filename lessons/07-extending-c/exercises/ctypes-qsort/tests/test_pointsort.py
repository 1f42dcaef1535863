"""Checks for ctypes-qsort: the binding returns text, sorts like sorted(), reads out parameters, keeps its
callback alive, and lets a comparator's exception out of sort().

Each check runs in a fresh Python (see conftest.py), so a crash fails that check alone.
"""
from __future__ import annotations

# The comparators the checks use, as source text for the fresh Python of each check.
BY_KEY_THEN_ID = """
def by_key_then_id(a, b):
    return (a.key > b.key) - (a.key < b.key) or (a.id > b.id) - (a.id < b.id)
"""


def test_the_version_comes_back_as_text(native):
    result = native(
        """
        from pointsort import PointSorter
        try:
            report(repr(PointSorter(LIBRARY).version()))
        except Exception as error:
            report(f"an exception, {type(error).__name__}: {error}")
        """
    )
    assert result == "'1.2.0'", (
        f"version() returned {result}, not '1.2.0'. Without `restype = ctypes.c_char_p`, ctypes assumes a C "
        "function returns an int, and gives you (part of) the string's address"
    )


def test_sorting_with_a_python_comparator_equals_sorted(native):
    result = native(
        BY_KEY_THEN_ID,
        """
        import random
        from pointsort import PointSorter

        rng = random.Random(2026)
        sorter = PointSorter(LIBRARY)
        wrong = []
        for size in [0, 1, 2, 3, 7, 20, 64, 200]:
            ids = rng.sample(range(10_000), size)
            pairs = [(i, float(rng.randint(-5, 5))) for i in ids]  # repeated keys: the id breaks ties
            sorter.set_compare(by_key_then_id)
            got, _ = sorter.sort(pairs)
            expected = sorted(pairs, key=lambda p: (p[1], p[0]))
            if got != expected:
                wrong.append(f"ascending, {size} pairs: {got[:6]}... instead of {expected[:6]}...")
            sorter.set_compare(lambda a, b: by_key_then_id(b, a))
            got, _ = sorter.sort(pairs)
            if got != expected[::-1]:
                wrong.append(f"descending, {size} pairs: {got[:6]}... instead of {expected[::-1][:6]}...")
        # A comparator may return any number: only its sign counts (0.25 is "after", not 0).
        keys = [i * 0.25 for i in range(40)]
        rng.shuffle(keys)
        pairs = list(enumerate(keys))
        sorter.set_compare(lambda a, b: a.key - b.key)
        got, _ = sorter.sort(pairs)
        if got != sorted(pairs, key=lambda p: p[1]):
            wrong.append(f"with `lambda a, b: a.key - b.key` (keys 0.25 apart): {got[:6]}...")
        report(wrong)
        """
    )
    assert result == [], "sort() disagrees with sorted():\n" + "\n".join(result)


def test_the_comparison_count_comes_back_through_the_out_parameter(native):
    result = native(
        BY_KEY_THEN_ID,
        """
        from pointsort import PointSorter

        calls = 0

        def counting(a, b):
            global calls
            calls += 1
            return by_key_then_id(a, b)

        sorter = PointSorter(LIBRARY)
        sorter.set_compare(counting)
        pairs = [(i, float((i * 37) % 101)) for i in range(50)]
        _, reported = sorter.sort(pairs)
        report([reported, calls])
        """
    )
    reported, calls = result
    assert calls > 0, "the comparator was never called while sorting 50 pairs"
    assert reported == calls, (
        f"sort() reported {reported} comparisons, but the comparator was called {calls} times. Pass a "
        "ctypes.c_size_t with ctypes.byref(...) as ps_sort's third argument and read its .value afterwards"
    )


def test_the_stored_callback_survives_garbage_collection(native):
    result = native(
        BY_KEY_THEN_ID,
        """
        import ctypes, gc
        from pointsort import PointSorter

        sorter = PointSorter(LIBRARY)
        sorter.set_compare(by_key_then_id)
        gc.collect()  # whatever only C still points to is freed by now

        # New callbacks of the same shape: they reuse the memory of any callback that was freed.
        decoy_calls = []
        DECOY = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
        decoys = [DECOY(lambda a, b: decoy_calls.append(1) or 0) for _ in range(20)]

        pairs = [(i, float((i * 7) % 20)) for i in range(20)]
        got, _ = sorter.sort(pairs)
        report({"sorted": got == sorted(pairs, key=lambda p: (p[1], p[0])), "decoy calls": len(decoy_calls)})
        """
    )
    assert result["decoy calls"] == 0, (
        f"while sorting, the library called a different callback {result['decoy calls']} times: the "
        "CFUNCTYPE object passed to ps_set_compare was freed, and a new one took its place in memory. C keeps "
        "only the function's address: keep the CFUNCTYPE object itself alive (on the sorter) for as long as "
        "the library may call it"
    )
    assert result["sorted"], "after gc.collect(), sort() no longer sorts with the comparator given to set_compare()"


def test_minmax_returns_the_extremes_through_out_parameters(native):
    result = native(
        """
        from pointsort import PointSorter
        sorter = PointSorter(LIBRARY)
        pairs = [(5, 3.0), (6, -2.0), (7, 9.5), (8, -2.0), (9, 9.5)]
        try:
            report({
                "extremes": sorter.minmax(pairs),
                "one": sorter.minmax([(1, 0.5)]),
                "empty": raised(lambda: sorter.minmax([])),
            })
        except Exception as error:
            report(f"{type(error).__name__}: {error}")
        """
    )
    assert isinstance(result, dict), f"minmax() raised {result}"
    assert result["extremes"] == [[6, -2.0], [7, 9.5]], (
        f"minmax({[(5, 3.0), (6, -2.0), (7, 9.5), (8, -2.0), (9, 9.5)]}) returned {result['extremes']}, not "
        "((6, -2.0), (7, 9.5)): the lowest and the highest key, the first one on a tie"
    )
    assert result["one"] == [[1, 0.5], [1, 0.5]], f"minmax([(1, 0.5)]) returned {result['one']}"
    assert result["empty"] == "ValueError", f"minmax([]) raised {result['empty']}, not ValueError (None: nothing)"


def test_an_exception_in_the_comparator_comes_out_of_sort(native):
    result = native(
        BY_KEY_THEN_ID,
        """
        from pointsort import PointSorter

        calls = 0

        def fragile(a, b):
            global calls
            calls += 1
            if calls == 3:
                raise ZeroDivisionError("the comparator failed on its third call")
            return by_key_then_id(a, b)

        sorter = PointSorter(LIBRARY)
        sorter.set_compare(fragile)
        pairs = [(i, float(-i)) for i in range(30)]
        outcome = raised(lambda: sorter.sort(pairs))
        sorter.set_compare(by_key_then_id)  # the sorter must work again afterwards
        after, _ = sorter.sort(pairs)
        report({"outcome": outcome, "works after": after == sorted(pairs, key=lambda p: (p[1], p[0]))})
        """
    )
    assert result["outcome"] == "ZeroDivisionError", (
        f"sort() with a comparator that raises ZeroDivisionError raised {result['outcome']} (None: nothing). An "
        "exception cannot travel through C: ctypes prints it ('Exception ignored on calling ctypes callback "
        "function') and the sort goes on with an unspecified result. Catch it in the callback, keep it, and raise it after ps_sort returns"
    )
    assert result["works after"], "after a comparator raised, the next sort() with a good comparator was wrong"


def test_sort_without_a_comparator_raises_runtime_error(native):
    result = native(
        """
        from pointsort import PointSorter
        report(raised(lambda: PointSorter(LIBRARY).sort([(1, 1.0), (2, 0.5)])))
        """
    )
    assert result == "RuntimeError", f"sort() before set_compare() raised {result}, not RuntimeError"
