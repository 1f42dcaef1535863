"""The timeline: what ran when, on which thread, for PyForge's timeline view (the GIL in weeks 6 and 7, event
order in weeks 1 and 2).

A timeline file (``timeline_*.py``, or an exercise's) fills it in one of two ways.

1. Declared tasks, the GIL witness::

       TASKS = {"kernel.wait(0.2)": lambda: kernel.wait(0.2), "a Python loop": lambda: sum(range(10**6))}
       THREADS = 4   # optional: how many threads call each task at the same time
       CALLS = 1     # optional: how many times each thread calls it

   Each task gets its own section: THREADS threads start together and each call is a bar on its thread's lane,
   with the thread's CPU time during the call (sleeping, or waiting for the GIL, uses none). Meanwhile a
   heartbeat thread runs a line of Python every millisecond: a gap in its lane is a time when no Python could
   run because something held the GIL.

2. Recorded spans, for any script::

       from pyforge_timeline import mark, section, span
       with section("emit during dispatch"):
           with span("handler a"): ...
           mark("emit save")

   Each is drawn on the lane of the task or thread that recorded it (or ``lane=``). Code with its own clock (a
   fake clock in a test) passes times: ``mark("query", at=clock.now)``, ``record("debounce", start, end)``.
   Where only the order matters, a section counts steps instead of seconds: ``section("dispatch", unit="steps")``
   and ``mark("emit", at=3)``.

Usage: ``python pyforge_timeline.py --out TIMELINE.json timeline_x.py``. Times in the report are seconds from
the section's start.
"""
from __future__ import annotations

import asyncio
import math
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from pyforge_report import run_script, tool_arguments, write_report

DEFAULT_THREADS = 4
HEARTBEAT_SECONDS = 0.001
# Twice the interpreter's switch interval (5 ms): a shorter gap in the heartbeat is the ordinary taking of
# turns with one other thread; a longer one is drawn as a gap.
STALL_SECONDS = 0.01
# A runaway loop of span() must not make a report the view cannot draw.
MAX_ITEMS_PER_SECTION = 5000
MAX_LABEL = 120


def _text(label: object) -> str:
    text = str(label)
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


UNITS = ("seconds", "steps")


class Section:
    def __init__(self, title: str, unit: str = "seconds") -> None:
        self.title = title
        self.unit = unit
        self.origin = time.perf_counter()
        self.spans: list[dict[str, Any]] = []
        self.marks: list[dict[str, Any]] = []
        self.lanes: dict[str, str] = {}  # name -> kind, in order of first use
        self.dropped = 0
        self.stats: dict[str, Any] = {}
        self.steps = 0

    def now(self) -> float:
        """This moment on the section's axis: seconds since its start, or the next step of its order."""
        if self.unit == "steps":
            self.steps += 1
            return float(self.steps)
        return time.perf_counter() - self.origin

    def lane(self, name: str, kind: str) -> str:
        self.lanes.setdefault(name, kind)
        return name

    def add(self, items: list[dict[str, Any]], item: dict[str, Any]) -> None:
        # list.append is atomic, so threads and tasks may record at once without a lock.
        if len(self.spans) + len(self.marks) >= MAX_ITEMS_PER_SECTION:
            self.dropped += 1
        else:
            items.append(item)

    def report(self) -> dict[str, Any]:
        ends = [s["end"] for s in self.spans] + [m["at"] for m in self.marks]
        return {
            "title": self.title,
            "unit": self.unit,
            "duration": max(ends, default=0.0),
            "lanes": [{"name": name, "kind": kind} for name, kind in self.lanes.items()],
            "spans": self.spans,
            "marks": self.marks,
            "dropped": self.dropped,
            **self.stats,
        }


_sections: list[Section] = []


def _current() -> Section:
    if not _sections:
        _sections.append(Section("Recorded"))
    return _sections[-1]


def _running_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no event loop running in this thread
        return None


def _default_lane() -> str:
    task = _running_task()
    return task.get_name() if task is not None else threading.current_thread().name


@contextmanager
def section(title: str, unit: str = "seconds") -> Iterator[None]:
    """Starts a new section (its own lanes and time origin) for what runs inside the block. `unit`: "seconds",
    or "steps" for a section where only the order matters: each span's start and end and each mark without
    `at=` is then the next step."""
    if unit not in UNITS:
        raise ValueError(f"section unit must be one of {UNITS}, not {unit!r}")
    _sections.append(Section(_text(title), unit))
    yield


@contextmanager
def span(label: str, lane: str | None = None) -> Iterator[None]:
    """A bar from entering the block to leaving it (even by an exception), on this task's or thread's lane."""
    current = _current()
    name = current.lane(_text(lane or _default_lane()), "spans")
    # The thread's CPU time says how much of the bar was work, unless other asyncio tasks ran in the thread
    # meanwhile, or the axis counts steps.
    timed = current.unit == "seconds" and _running_task() is None
    start, cpu = current.now(), time.thread_time()
    try:
        yield
    finally:
        bar = {"lane": name, "label": _text(label), "start": start, "end": current.now()}
        if timed:
            bar["cpu"] = time.thread_time() - cpu
        current.add(current.spans, bar)


def _time(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    return number


def record(label: str, start: float, end: float, lane: str | None = None) -> None:
    """A bar with times from your own clock (seconds from the section's start, or steps)."""
    current = _current()
    bar = {"lane": current.lane(_text(lane or _default_lane()), "spans"), "label": _text(label), "start": _time(start, "record()'s start"), "end": _time(end, "record()'s end")}
    current.add(current.spans, bar)


def mark(label: str, lane: str | None = None, at: float | None = None) -> None:
    """A point in time: now (the next step in a section of steps), or `at` on your own clock."""
    current = _current()
    when = current.now() if at is None else _time(at, "mark()'s at")
    current.add(current.marks, {"lane": current.lane(_text(lane or _default_lane()), "spans"), "label": _text(label), "at": when})


class Heartbeat:
    """A thread running a little Python every millisecond, whose ticks show when Python could run."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="Python heartbeat", daemon=True)

    def _beat(self) -> None:
        while not self._stop.is_set():
            self.ticks.append(time.perf_counter())
            time.sleep(HEARTBEAT_SECONDS)

    @contextmanager
    def beating(self) -> Iterator[None]:
        self._thread.start()
        try:
            yield
        finally:
            self._stop.set()
            self._thread.join()

    def runs(self, origin: float) -> tuple[list[dict[str, Any]], float]:
        """The ticks as bars of steady beating, split where a gap was a stall; and the longest gap."""
        bars: list[dict[str, Any]] = []
        longest = 0.0
        for previous, tick in zip([None, *self.ticks], self.ticks):
            gap = 0.0 if previous is None else tick - previous
            longest = max(longest, gap)
            if previous is None or gap >= STALL_SECONDS:
                bars.append({"lane": "Python heartbeat", "label": "Python ran", "start": tick - origin, "end": tick - origin})
            bars[-1]["end"] = tick - origin
        return bars, longest


def time_alone(task: Callable[[], Any]) -> float:
    """One call's time with no other thread about, after a warm-up call (first-call costs are not the GIL)."""
    try:
        task()
        start = time.perf_counter()
        task()
        return time.perf_counter() - start
    except Exception:  # noqa: BLE001 - any error: the threaded run reports it
        return 0.0


def run_task(title: str, task: Callable[[], Any], threads: int, calls: int) -> Section:
    """Calls `task` `calls` times in each of `threads` threads started together, with a heartbeat beside them."""
    alone = time_alone(task)
    current = Section(title)  # its origin is now: the heartbeat starts with it
    lanes = [current.lane(f"thread {k + 1}", "calls") for k in range(threads)]
    current.lane("Python heartbeat", "heartbeat")
    ready = threading.Barrier(threads + 1)
    errors: list[Exception] = []

    def worker(lane: str) -> None:
        ready.wait()
        for n in range(calls):
            start, cpu = time.perf_counter(), time.thread_time()
            failed = False
            try:
                task()
            except Exception as error:  # noqa: BLE001 - any error is shown with the section; the other threads go on
                errors.append(error)
                failed = True
            end = time.perf_counter()
            current.spans.append({"lane": lane, "label": f"call {n + 1}", "start": start - current.origin, "end": end - current.origin, "cpu": time.thread_time() - cpu})
            if failed:
                return

    workers = [threading.Thread(target=worker, args=(lane,), name=lane) for lane in lanes]
    heartbeat = Heartbeat()
    with heartbeat.beating():
        # The heartbeat beats alone for a moment first, so its steady rhythm is there to compare with.
        time.sleep(0.02)
        for w in workers:
            w.start()
        started = time.perf_counter()
        ready.wait()
        for w in workers:
            w.join()
        elapsed = time.perf_counter() - started
        time.sleep(0.02)
    bars, longest = heartbeat.runs(current.origin)
    current.spans.extend(bars)
    cpu = sum(s.get("cpu", 0.0) for s in current.spans)
    current.stats = {
        "threads": threads,
        "calls": calls,
        # The yardstick: threads x calls run one after another would take alone x calls x threads; all at once,
        # alone x calls. (The sleep witness of the course's checks, drawn.)
        "alone": alone,
        "elapsed": elapsed,
        # How many CPUs the calls kept busy on average: a GIL-bound task never gets above 1.
        "cpuConcurrency": cpu / elapsed if elapsed > 0 else 0.0,
        "longestStall": longest,
        "errors": [f"{type(e).__name__}: {e}" for e in errors[:5]],
    }
    return current


def main(argv: list[str]) -> int:
    options = tool_arguments("pyforge_timeline", argv)
    # The script's `import pyforge_timeline` must reach this module (run as __main__), not a second copy.
    sys.modules.setdefault("pyforge_timeline", sys.modules[__name__])
    spec = run_script(options.script, "__main__")
    tasks = spec.get("TASKS")
    if tasks is not None:
        if not isinstance(tasks, dict) or not all(callable(t) for t in tasks.values()):
            print(f"{options.script}: TASKS must be a dict of names to functions that take no arguments (see the timeline format in lessons/README.md)", file=sys.stderr)
            return 2
        threads, calls = int(spec.get("THREADS", DEFAULT_THREADS)), int(spec.get("CALLS", 1))
        for title, task in tasks.items():
            print(f"{title}: {threads} threads x {calls} call{'s' if calls != 1 else ''}", flush=True)
            _sections.append(run_task(_text(title), task, threads, calls))
    sections = [s.report() for s in _sections if s.spans or s.marks]
    if not sections:
        print(f"{options.script} recorded nothing: declare TASKS, or record with span()/mark() (see the timeline format in lessons/README.md)", file=sys.stderr)
        return 2
    write_report(options.out, {"version": 1, "script": options.script, "sections": sections})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
