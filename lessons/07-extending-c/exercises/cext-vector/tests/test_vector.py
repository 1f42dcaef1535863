"""Checks for cext-vector: dot and scale agree with Python, raise the right exceptions, and leak nothing.

Each check runs in a fresh Python (see conftest.py), so a crash fails that check alone. Leaks are measured as
*changes* over many calls, never as absolute reference counts, which differ between Python versions.
"""
from __future__ import annotations

CALLS = 1000


def test_dot_and_scale_agree_with_python(native):
    native(
        """
        from hypothesis import given, settings, strategies as st
        import vector

        number = st.one_of(
            st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
            st.integers(min_value=-10**6, max_value=10**6),
        )
        container = st.sampled_from([list, tuple])

        @settings(derandomize=True, database=None, max_examples=300, deadline=None)
        @given(st.lists(st.tuples(number, number), max_size=40), container)
        def dot_agrees(pairs, kind):
            a = kind(x for x, _ in pairs)
            b = kind(y for _, y in pairs)
            expected = sum(float(x) * float(y) for x, y in pairs)
            got = vector.dot(a, b)
            assert type(got) is float, f"dot({a!r}, {b!r}) returned {got!r}, a {type(got).__name__}, not a float"
            # The order of the additions is the same, but a C compiler may fuse a*b+c into one rounding step.
            tolerance = 1e-9 * sum(abs(float(x) * float(y)) for x, y in pairs)
            assert abs(got - expected) <= tolerance, f"dot({a!r}, {b!r}) returned {got!r}, Python gives {expected!r}"

        @settings(derandomize=True, database=None, max_examples=300, deadline=None)
        @given(st.lists(number, max_size=40), container, st.floats(min_value=-1e3, max_value=1e3))
        def scale_agrees(items, kind, factor):
            a = kind(items)
            expected = [float(x) * factor for x in items]
            got = vector.scale(a, factor)
            assert type(got) is list, f"scale({a!r}, {factor!r}) returned a {type(got).__name__}, not a list"
            assert got == expected, f"scale({a!r}, {factor!r}) returned {got!r}, Python gives {expected!r}"
            assert a == kind(items), f"scale() changed its argument: {a!r}"

        dot_agrees()
        scale_agrees()
        """
    )


def test_dot_of_sequences_of_different_lengths_raises_value_error(native):
    result = native(
        """
        import vector
        report([raised(lambda: vector.dot([1.0, 2.0, 3.0], [1.0, 2.0])),
                raised(lambda: vector.dot([], [1.0]))])
        """
    )
    assert result == ["ValueError", "ValueError"], (
        "dot([1.0, 2.0, 3.0], [1.0, 2.0]) and dot([], [1.0]) should raise ValueError (the lengths differ); "
        f"they raised {result} (None: no exception)"
    )


def test_an_item_that_is_not_a_number_raises_type_error(native):
    result = native(
        """
        import vector
        report({
            "dot([1.0, 'x'], [1.0, 2.0])": raised(lambda: vector.dot([1.0, "x"], [1.0, 2.0])),
            "dot([1.0, 2.0], [None, 2.0])": raised(lambda: vector.dot([1.0, 2.0], [None, 2.0])),
            "scale([1.0, 'x', 3.0], 2.0)": raised(lambda: vector.scale([1.0, "x", 3.0], 2.0)),
        })
        """
    )
    wrong = {call: got for call, got in result.items() if got != "TypeError"}
    assert not wrong, (
        f"these calls should raise TypeError, but raised {wrong} (None: no exception). A SystemError means the "
        "function returned a value while an exception was set: check PyErr_Occurred() after PyFloat_AsDouble "
        "and return NULL"
    )


def test_wrong_arguments_raise_type_error(native):
    result = native(
        """
        import vector
        report({
            "dot(1.0, [1.0])": raised(lambda: vector.dot(1.0, [1.0])),
            "dot([1.0])": raised(lambda: vector.dot([1.0])),
            "scale([1.0], 'two')": raised(lambda: vector.scale([1.0], "two")),
            "scale(None, 2.0)": raised(lambda: vector.scale(None, 2.0)),
        })
        """
    )
    wrong = {call: got for call, got in result.items() if got != "TypeError"}
    assert not wrong, f"these calls should raise TypeError, but raised {wrong} (None: no exception)"


def test_dot_leaves_the_reference_counts_of_its_arguments_unchanged(native):
    result = native(
        f"""
        import vector
        a = [float(i) for i in range(8)]
        b = tuple(float(i) / 3 for i in range(8))
        for _ in range(100):  # warm up: caches, free lists
            vector.dot(a, b)
        before = [sys.getrefcount(a), sys.getrefcount(b)]
        for _ in range({CALLS}):
            vector.dot(a, b)
        after = [sys.getrefcount(a), sys.getrefcount(b)]
        report([after[0] - before[0], after[1] - before[1]])
        """
    )
    assert result == [0, 0], (
        f"over {CALLS} calls of dot(a_list, b_tuple) the reference counts of the list and the tuple changed by "
        f"{result[0]:+d} and {result[1]:+d}; they should not change at all. +{CALLS} is one reference kept per "
        "call: a new reference (PySequence_Fast returns one) that is never released with Py_DECREF"
    )


def test_error_paths_release_their_references_too(native):
    result = native(
        f"""
        import vector
        probe = object()  # a fresh object: only this script references it
        bad = [1.0, probe]
        short = [1.0]
        good = [1.0, 2.0]
        for _ in range(100):
            raised(lambda: vector.dot(bad, good))
            raised(lambda: vector.dot(good, short))
        before = [sys.getrefcount(probe), sys.getrefcount(bad), sys.getrefcount(good)]
        for _ in range({CALLS}):
            raised(lambda: vector.dot(bad, good))    # TypeError: an object() is not a number
            raised(lambda: vector.dot(good, short))  # ValueError: different lengths
            raised(lambda: vector.scale(bad, 2.0))   # TypeError
        after = [sys.getrefcount(probe), sys.getrefcount(bad), sys.getrefcount(good)]
        report([x - y for x, y in zip(after, before)])
        """
    )
    names = ["the object() inside the list", "the list holding it", "the good list"]
    changed = {name: delta for name, delta in zip(names, result) if delta != 0}
    assert not changed, (
        f"over {CALLS} calls that raise, these reference counts changed: {changed}; they should not change. "
        "Every `return NULL` must first Py_DECREF what the function owns (a `goto error` label helps)"
    )


def test_no_temporary_objects_leak(native):
    result = native(
        """
        import array, gc, vector
        numbers = [float(i) for i in range(10)]
        packed = array.array("d", numbers)  # not a list or tuple: PySequence_Fast copies it into a new list

        def growth(call):
            for _ in range(200):
                call()
            gc.collect()
            before = sys.getallocatedblocks()
            for _ in range(2000):
                call()
            gc.collect()
            return sys.getallocatedblocks() - before

        report({
            "scale(list of 10 floats, 2.0)": growth(lambda: vector.scale(numbers, 2.0)),
            "dot(array, array)": growth(lambda: vector.dot(packed, packed)),
        })
        """
    )
    leaking = {call: blocks for call, blocks in result.items() if blocks >= 200}
    assert not leaking, (
        f"memory blocks still allocated after 2000 calls (and a garbage collection): {leaking}; fewer than 200 "
        "is fine. Thousands mean every call leaves objects behind: a float made by PyFloat_FromDouble that "
        "PyList_Append copied a reference to (Append does not steal; PyList_SET_ITEM does), or the new list "
        "PySequence_Fast made from a non-list"
    )


def test_scale_returns_a_new_list(native):
    result = native(
        """
        import vector
        a = [1.0, 2.0]
        b = vector.scale(a, 1.0)
        report([b is a, b, a])
        """
    )
    assert result == [False, [1.0, 2.0], [1.0, 2.0]], (
        f"scale(a, 1.0) should return a new, equal list and leave a alone; got [is a, result, a] = {result}"
    )
