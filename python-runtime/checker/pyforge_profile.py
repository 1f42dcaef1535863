"""Profiles a student's script with cProfile and writes what PyForge's profile view draws, as JSON:

* ``functions``: one row per function (own time, total time, calls, file and line), for the sortable table;
* ``tree``: a call tree for the flame graph (icicle), rebuilt from cProfile's caller/callee edges. cProfile
  keeps one level of callers, not whole stacks, so below a function reached by several paths its callees'
  time is shared out in proportion to this path's share of that function's time (gprof's rule: exact when
  each call costs alike). Recursion is cut where a function reappears on its own path, so the tree stays
  finite;
* native code (a C, C++ or Rust extension's functions, builtins) is one block named after its module, because
  cProfile cannot see inside it.

Usage: ``python pyforge_profile.py --out PROFILE.json script.py [args…]``. The script runs as ``__main__`` with
its own folder first on sys.path, as ``python script.py`` would run it.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import runpy
import sys
import time
from typing import Any

from pyforge_report import write_report

Key = tuple[str, int, str]  # (file, line, function name), cProfile's own key

MAX_DEPTH = 64
MIN_SHARE = 0.001  # children below 0.1 % of the whole run are left out of the tree (the table has them all)
_NATIVE = re.compile(r"^<built-in method (?:(?P<module>[\w.]+)\.)?(?P<name>\w+)>$|^<method '(?P<method>\w+)' of '(?P<type>[\w.]+)' objects>$")


def _label(key: Key) -> dict[str, Any]:
    file, line, name = key
    if file == "~":  # cProfile's marker for built-in and extension functions
        m = _NATIVE.match(name)
        module = (m["module"] or "builtins") if m and m["name"] else (m["type"].split(".")[0] if m else "native")
        return {"name": name, "file": None, "line": None, "native": True, "module": module}
    return {"name": name, "file": file, "line": line, "native": False, "module": None}


def _tree(stats: dict[Key, Any], total: float, script: str) -> dict[str, Any]:
    callees: dict[Key, dict[Key, float]] = {}
    has_caller: set[Key] = set()
    for callee, (_cc, _nc, _tt, _ct, callers) in stats.items():
        for caller, edge in callers.items():
            if caller not in stats:  # the profiler's own frames (runpy) were left out: their callees are roots
                continue
            callees.setdefault(caller, {})[callee] = edge[3]  # cumulative time of this callee when called from caller
            has_caller.add(callee)

    def node(key: Key, value: float, path: frozenset[Key], depth: int) -> dict[str, Any]:
        label = _label(key)
        children: list[dict[str, Any]] = []
        # This path's share of all the time in `key`: its callees' edge times are shared out by it.
        cumulative = stats[key][3]
        share = min(1.0, value / cumulative) if cumulative > 0 else 0.0
        # Native code is one block: what it calls back into Python still shows beneath it.
        if depth < MAX_DEPTH:
            for child, child_value in sorted(callees.get(key, {}).items(), key=lambda kv: -kv[1]):
                on_path = min(child_value * share, value)
                if child in path or on_path < total * MIN_SHARE:
                    continue
                children.append(node(child, on_path, path | {child}, depth + 1))
        return {**label, "value": value, "children": children}

    # The script's own module frame is the root of everything it did (exec's callers are the profiler's).
    roots = [k for k in stats if k[2] == "<module>" and os.path.abspath(k[0]) == script] or [k for k in stats if k not in has_caller]
    top = [node(k, stats[k][3], frozenset({k}), 1) for k in sorted(roots, key=lambda k: -stats[k][3])]
    return {"name": "all", "file": None, "line": None, "native": False, "module": None, "value": total, "children": [t for t in top if t["value"] >= total * MIN_SHARE]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="pyforge_profile")
    parser.add_argument("--out", required=True)
    parser.add_argument("script")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    script = os.path.abspath(options.script)
    sys.argv = [script, *options.args]
    sys.path.insert(0, os.path.dirname(script))
    profiler = cProfile.Profile()
    started = time.perf_counter()
    error: str | None = None
    exit_code = 0
    profiler.enable()
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as stop:
        exit_code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException as err:  # noqa: BLE001 - the profile of a failing run is still worth seeing
        error = f"{type(err).__name__}: {err}"
        exit_code = 1
        import traceback

        traceback.print_exc()
    finally:
        profiler.disable()
    wall = time.perf_counter() - started
    stats: dict[Key, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    # The profiler's own frames (runpy, this file) are not the student's: keep what the script ran.
    here = os.path.abspath(__file__)
    stats = {k: v for k, v in stats.items() if k[0] != here and "runpy" not in k[0] and k[2] != "<method 'disable' of '_lsprof.Profiler' objects>"}
    total = max((v[3] for v in stats.values()), default=0.0)
    functions = [
        {**_label(key), "calls": nc, "primitiveCalls": cc, "ownTime": tt, "totalTime": ct}
        for key, (cc, nc, tt, ct, _callers) in sorted(stats.items(), key=lambda kv: -kv[1][2])
    ]
    result = {"version": 1, "script": options.script, "wallTime": wall, "totalTime": total, "exitCode": exit_code, "error": error, "functions": functions, "tree": _tree(stats, total, script)}
    write_report(options.out, result)
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
