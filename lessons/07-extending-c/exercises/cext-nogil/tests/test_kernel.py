"""Checks for cext-nogil: wait() lets other threads run, adler32() stays right, and the module keeps its
state per module object (multi-phase initialisation).

The GIL check never grades speed: k threads each call a 200 ms blocking function. If the function holds the
GIL, they run one after another (k * 0.2 s in total, at least); if it releases the GIL, they overlap (a little
over 0.2 s). The check accepts anything up to 0.6 * k * 0.2 s, the best of 3 tries: noise only adds time.
"""
from __future__ import annotations

import pytest

THREADS = 4
SECONDS = 0.2


def test_wait_blocks_for_the_requested_time_and_returns_none(native):
    result = native(
        """
        import time, kernel
        start = time.perf_counter()
        returned = kernel.wait(0.2)
        elapsed = time.perf_counter() - start
        report({
            "elapsed": elapsed,
            "returned": repr(returned),
            "wait(-1)": raised(lambda: kernel.wait(-1)),
            "wait(float('nan'))": raised(lambda: kernel.wait(float("nan"))),
            "wait('soon')": raised(lambda: kernel.wait("soon")),
        })
        """
    )
    assert result["elapsed"] >= 0.19, f"kernel.wait(0.2) returned after {result['elapsed']:.3f} s"
    assert result["returned"] == "None", f"kernel.wait(0.2) returned {result['returned']}, not None"
    assert result["wait(-1)"] == "ValueError", f"kernel.wait(-1) raised {result['wait(-1)']}, not ValueError"
    assert result["wait(float('nan'))"] == "ValueError", "kernel.wait(nan) should raise ValueError"
    text = result["wait('soon')"]
    assert text == "TypeError", f"kernel.wait('soon') raised {text}, not TypeError"


def test_threads_calling_wait_overlap_because_wait_releases_the_gil(native):
    result = native(
        f"""
        import threading, time, kernel

        def all_threads_waiting():
            threads = [threading.Thread(target=kernel.wait, args=({SECONDS},)) for _ in range({THREADS})]
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return time.perf_counter() - start

        gil = getattr(sys, "_is_gil_enabled", lambda: True)()
        report({{"gil": gil, "totals": [all_threads_waiting() for _ in range(3)]}})
        """
    )
    if not result["gil"]:
        pytest.skip("this Python runs without a GIL (a free-threaded build): there is no GIL to release")
    best = min(result["totals"])
    serial = THREADS * SECONDS
    limit = 0.6 * serial
    verdict = (
        "they ran one after another, so wait() holds the GIL while it sleeps"
        if best >= 0.95 * serial
        else "they overlapped only partly"
    )
    assert best <= limit, (
        f"{THREADS} threads each calling kernel.wait({SECONDS}) took {best:.2f} s in total (the best of 3 tries; "
        f"all: {', '.join(f'{t:.2f}' for t in result['totals'])}): {verdict}. Released, the GIL lets them "
        f"sleep at the same time: about {SECONDS} s, and at most {limit:.2f} s is accepted"
    )


def test_adler32_equals_zlib_for_bytes_like_objects(native):
    result = native(
        """
        import random, zlib, kernel
        rng = random.Random(7)
        blobs = [b"", b"a", b"Wikipedia", bytes(range(256)) * 40, rng.randbytes(5552), rng.randbytes(5553),
                 b"\\xff" * 100_000, rng.randbytes(1 << 20)]
        wrong = []
        for blob in blobs:
            for kind in (bytes, bytearray, memoryview):
                data = kind(blob)
                got, expected = kernel.adler32(data), zlib.adler32(blob)
                if got != expected:
                    wrong.append(f"adler32({kind.__name__} of {len(blob)} bytes) = {got!r}, zlib says {expected}")
        report(wrong)
        """
    )
    assert result == [], "adler32 disagrees with zlib.adler32:\n" + "\n".join(result)


def test_adler32_of_text_raises_type_error(native):
    result = native(
        """
        import kernel
        report([raised(lambda: kernel.adler32("text")), raised(lambda: kernel.adler32(42))])
        """
    )
    assert result == ["TypeError", "TypeError"], (
        f"adler32('text') and adler32(42) should raise TypeError (not bytes-like); they raised {result}"
    )


def test_adler32_is_right_in_many_threads_at_once(native):
    result = native(
        """
        import random, threading, zlib, kernel
        blobs = [random.Random(seed).randbytes(1 << 20) for seed in range(4)]
        wrong = []

        def check(blob):
            for _ in range(5):
                got = kernel.adler32(blob)
                if got != zlib.adler32(blob):
                    wrong.append(got)

        threads = [threading.Thread(target=check, args=(blob,)) for blob in blobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report(len(wrong))
        """
    )
    assert result == 0, (
        f"{result} of 20 adler32() calls made from 4 threads at once gave a wrong checksum: without the GIL, "
        "the threads run the C code at the same time, so it must keep its work in local variables"
    )


def test_calls_counts_the_calls_of_this_module(native):
    result = native(
        """
        import kernel
        kernel.wait(0)
        kernel.wait(0.001)
        kernel.adler32(b"x")
        kernel.adler32(bytearray(3))
        report(kernel.calls())
        """
    )
    assert result == 4, f"after 2 calls of wait() and 2 of adler32(), kernel.calls() returned {result}, not 4"


def test_two_loads_of_the_module_keep_separate_state(native):
    result = native(
        """
        import importlib.util, kernel

        def load():
            # What a sub-interpreter, or a test suite that re-imports the file, does: a new module object.
            spec = importlib.util.spec_from_file_location("kernel", kernel.__file__)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module

        first, second = load(), load()
        first.wait(0)
        first.adler32(b"abc")
        report({"same object": first is second, "first": first.calls(), "second": second.calls()})
        """
    )
    assert result["same object"] is False, (
        "loading kernel's file twice gave the same module object: a single-phase module (PyModule_Create) is "
        "made once and cached. Multi-phase initialisation (PyModuleDef_Init) makes a new module per load"
    )
    assert (result["first"], result["second"]) == (2, 0), (
        f"after 2 calls on the first module object, first.calls() is {result['first']} and second.calls() is "
        f"{result['second']}; they should be 2 and 0. Keep the counter in module state (m_size, "
        "PyModule_GetState), not in a C global that all module objects share"
    )
