"""Checks for pybind-ringbuffer: RingBuffer behaves like deque(maxlen=capacity), maps C++ exceptions to the
right Python ones, exports its memory through the buffer protocol, and its views keep it alive.

Each check runs in a fresh Python (see conftest.py), so a crash fails that check alone.
"""
from __future__ import annotations


def test_push_and_indexing_behave_like_a_deque_with_maxlen(native):
    native(
        """
        from collections import deque
        from hypothesis import given, settings, strategies as st
        from ringbuffer import RingBuffer

        @settings(derandomize=True, database=None, max_examples=200, deadline=None)
        @given(st.integers(min_value=1, max_value=8),
               st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=30))
        def like_a_deque(capacity, values):
            ring, expected = RingBuffer(capacity), deque(maxlen=capacity)
            for value in values:
                ring.push(value)
                expected.append(value)
                got = [ring[i] for i in range(len(ring))]
                assert got == list(expected), (
                    f"RingBuffer({capacity}) after pushing {values[:len(expected)]!r}...: "
                    f"[rb[i] for i in range(len(rb))] is {got!r}, a deque(maxlen={capacity}) holds {list(expected)!r}"
                )
            assert len(ring) == len(expected) and ring.capacity == capacity

        like_a_deque()
        """
    )


def test_a_bad_index_raises_index_error_and_negative_indexes_count_from_the_end(native):
    result = native(
        """
        from ringbuffer import RingBuffer

        def attempt(call):
            try:
                return repr(call())
            except Exception as error:
                return type(error).__name__

        ring = RingBuffer(3)
        for value in (1.0, 2.0, 3.0, 4.0):
            ring.push(value)
        report({
            "rb[3]": attempt(lambda: ring[3]),
            "rb[-4]": attempt(lambda: ring[-4]),
            "RingBuffer(2)[0]": attempt(lambda: RingBuffer(2)[0]),
            "rb[-1]": attempt(lambda: ring[-1]),
            "rb[-3]": attempt(lambda: ring[-3]),
            "list(rb)": attempt(lambda: list(ring)),
        })
        """
    )
    expected = {
        "rb[3]": "IndexError",
        "rb[-4]": "IndexError",
        "RingBuffer(2)[0]": "IndexError",
        "rb[-1]": "4.0",
        "rb[-3]": "2.0",
        "list(rb)": "[2.0, 3.0, 4.0]",
    }
    wrong = {call: f"{got} instead of {expected[call]}" for call, got in result.items() if got != expected[call]}
    assert not wrong, (
        f"with rb = RingBuffer(3) after pushing 1.0, 2.0, 3.0, 4.0: {wrong}. pybind11 turns std::out_of_range "
        "into IndexError (std::runtime_error becomes RuntimeError), and a for loop over an object without "
        "__iter__ calls __getitem__(0), (1), ... until the first IndexError"
    )


def test_a_capacity_of_zero_raises_value_error(native):
    result = native(
        """
        from ringbuffer import RingBuffer
        report(raised(lambda: RingBuffer(0)))
        """
    )
    assert result == "ValueError", f"RingBuffer(0) raised {result} (None: nothing), not ValueError"


def test_memoryview_reads_the_contents_through_the_buffer_protocol(native):
    result = native(
        """
        from ringbuffer import RingBuffer
        ring = RingBuffer(4)
        for value in (1.0, 2.0, 3.0, 4.0, 5.0, 6.0):
            ring.push(value)
        try:
            view = memoryview(ring)
        except TypeError as error:
            report(f"TypeError: {error}")
        else:
            report({"format": view.format, "shape": list(view.shape), "values": view.tolist(),
                    "readonly": view.readonly})
        """
    )
    assert isinstance(result, dict), (
        f"memoryview(rb) raised {result}: declare the class with py::buffer_protocol() and describe its memory "
        "with .def_buffer(...)"
    )
    assert (result["format"], result["shape"]) == ("d", [4]), (
        f"memoryview(rb) of 4 doubles has format {result['format']!r} and shape {result['shape']}; expected 'd' "
        "and [4]"
    )
    assert result["values"] == [3.0, 4.0, 5.0, 6.0], (
        f"after pushing 1.0 to 6.0 into RingBuffer(4), memoryview(rb).tolist() is {result['values']}, not "
        "[3.0, 4.0, 5.0, 6.0] (oldest first: linearize() before exporting)"
    )
    assert result["readonly"] is False, "memoryview(rb) is read-only; the buffer should be writable"


def test_view_shares_memory_with_the_ring_buffer(native):
    result = native(
        """
        import numpy as np
        from ringbuffer import RingBuffer
        ring = RingBuffer(3)
        for value in (1.0, 2.0, 3.0, 4.0):
            ring.push(value)
        view = ring.view()
        try:
            exported = np.asarray(memoryview(ring))
        except TypeError:
            exported = None
        values = view.tolist()
        view[0] = 42.0  # a write through the view lands in the C++ storage
        report({
            "values": values,
            "shares with the buffer": exported is not None and bool(np.shares_memory(view, exported)),
            "buffer exported": exported is not None,
            "rb[0] after view[0] = 42": ring[0],
        })
        """
    )
    assert result["values"] == [2.0, 3.0, 4.0], f"rb.view() holds {result['values']}, not [2.0, 3.0, 4.0]"
    assert result["rb[0] after view[0] = 42"] == 42.0, (
        f"after view[0] = 42.0, rb[0] is {result['rb[0] after view[0] = 42']}: rb.view() is a copy. "
        "py::array_t copies the data unless you give it a base object (the 4th constructor argument)"
    )
    assert result["buffer exported"], "memoryview(rb) raised TypeError: rb does not support the buffer protocol"
    assert result["shares with the buffer"], "np.shares_memory(rb.view(), np.asarray(memoryview(rb))) is False"


def test_a_view_keeps_its_ring_buffer_alive(native):
    result = native(
        """
        import gc, weakref
        from ringbuffer import RingBuffer

        def survives(make_view):
            ring = RingBuffer(4)
            for value in (1.0, 2.0, 3.0, 4.0, 5.0):
                ring.push(value)
            owner = weakref.ref(ring)
            try:
                view = make_view(ring)
            except TypeError as error:
                return f"TypeError: {error}"
            del ring
            gc.collect()
            alive = owner() is not None
            values = view.tolist()
            del view
            gc.collect()
            return {"alive while viewed": alive, "values": values, "freed afterwards": owner() is None}

        report({"rb.view()": survives(lambda ring: ring.view()),
                "memoryview(rb)": survives(lambda ring: memoryview(ring))})
        """
    )
    for how, outcome in result.items():
        assert isinstance(outcome, dict), f"{how} raised {outcome}"
        assert outcome["alive while viewed"], (
            f"after `v = {how}; del rb; gc.collect()`, the RingBuffer was already freed although v is still in "
            "use. A view into its storage must keep it alive, or reading v reads freed memory: make the "
            "RingBuffer object itself the array's base (take `py::object self` in the binding and pass it)"
        )
        assert outcome["values"] == [2.0, 3.0, 4.0, 5.0], f"{how} held {outcome['values']} after `del rb`"
        assert outcome["freed afterwards"], f"the RingBuffer was never freed after its {how} was deleted (a leak)"
