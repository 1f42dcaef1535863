"""The refcount and leak meter: calls a function many times and records, as it goes, what a reference-counting
bug in an extension changes, for PyForge's meter chart (week 7).

A meter file (``meter_*.py``, or an exercise's) declares:

    def call(argument): vector.scale(argument, 2.0)   # the call under test, given a fresh argument
    def make_argument(): return [1.0, 2.0, 3.0]       # optional; default: a fresh object()
    CALLS = 2000                                       # optional

Recorded every CALLS/50 calls: the total change of ``sys.getrefcount`` of the arguments over the calls so
far (0 when correct; it rises by one per call with one missing Py_DECREF), ``sys.getallocatedblocks()`` growth
(leaked temporaries) and tracemalloc's current size. Absolute refcounts are never shown: immortal objects
(3.12+) and other versions make them meaningless. Usage: ``python pyforge_meter.py --out METER.json meter_x.py``.
"""
from __future__ import annotations

import gc
import sys
import tracemalloc
from array import array
from collections.abc import Callable
from typing import Any

from pyforge_report import run_script, tool_arguments, write_report

DEFAULT_CALLS = 2000
SAMPLES = 50


def measure(call: Callable[[Any], Any], make_argument: Callable[[], Any], calls: int) -> dict[str, Any]:
    every = max(1, calls // SAMPLES)
    # The samples go into arrays allocated up front: the meter's own records must not count as a leak.
    points = calls // every + 2
    sampled_calls = array("q", [0] * points)
    refs = array("q", [0] * points)
    blocks = array("q", [0] * points)
    traced = array("q", [0] * points)
    call(make_argument())  # warm-up: caches, interned strings and lazy imports are not leaks
    gc.collect()
    tracemalloc.start()
    blocks_before = sys.getallocatedblocks()
    memory_before = tracemalloc.get_traced_memory()[0]
    refcount_change = 0
    n = 0
    for i in range(1, calls + 1):
        argument = make_argument()
        before = sys.getrefcount(argument)
        call(argument)
        refcount_change += sys.getrefcount(argument) - before
        if i % every == 0 or i == calls:
            sampled_calls[n], refs[n] = i, refcount_change
            blocks[n] = sys.getallocatedblocks() - blocks_before
            traced[n] = tracemalloc.get_traced_memory()[0] - memory_before
            n += 1
    tracemalloc.stop()
    series = [{"calls": sampled_calls[k], "refcountChange": refs[k], "allocatedBlocks": blocks[k], "tracedBytes": traced[k]} for k in range(n)]
    last = series[-1]
    return {
        "version": 1,
        "calls": calls,
        "series": series,
        # The verdicts of the course's checks: exact for references, a generous bound for blocks.
        "leaksReferences": last["refcountChange"] != 0,
        "leaksBlocks": last["allocatedBlocks"] > max(200, calls // 10),
    }


def main(argv: list[str]) -> int:
    options = tool_arguments("pyforge_meter", argv)
    spec = run_script(options.script, "pyforge_meter_spec")
    if "call" not in spec:
        print(f"{options.script} must define call(argument) (see the meter format in lessons/README.md)", file=sys.stderr)
        return 2
    result = measure(spec["call"], spec.get("make_argument", object), int(spec.get("CALLS", DEFAULT_CALLS)))
    result["script"] = options.script
    write_report(options.out, result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
