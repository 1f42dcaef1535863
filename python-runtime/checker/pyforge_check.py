"""PyForge's checker: runs an exercise's pytest checks and streams one JSON event per test.

Two modes, one protocol:

* ``python pyforge_check.py run REQUEST_JSON`` runs one check and exits (Windows, the headless grader).
* ``python pyforge_check.py serve`` is the warm checker: it imports pytest (and hypothesis, numpy) once, then
  reads one request per line on stdin and runs each check in a forked child. The child imports the
  student's modules fresh, so every check sees the latest files, and a crash, a hang or a fork bomb in
  student code ends the child, never the server. A re-check costs a fork instead of a Python start plus
  pytest's imports.

A request is ``{"tests", "workspace", "timeout", "nonce", "outputBytes"}``: ``tests`` is the lesson pack's tests folder
(never the student's copy), ``workspace`` the student's folder (the working directory, first on sys.path).
Every event is one line on stdout, ``@@pyforge:<nonce> {json}``; the nonce is new for every check, so nothing a
student prints can pass for an event. Events: ``start`` (tests collected), ``collect-error``, ``test`` (one per
test, with its status, message, location and captured output), ``done`` (pytest's exit code and counts) and,
from the server, ``end`` (how the child ended: exit code or signal, or the timeout).
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from typing import Any

PROTOCOL_VERSION = 1
MAX_OUTPUT = 8 * 1024  # captured output kept per test (the tail)
MAX_DETAILS = 16 * 1024  # pytest's failure report kept per test
MAX_MESSAGE = 2 * 1024
HERE = os.path.dirname(os.path.abspath(__file__))
EMPTY_CONFIG = os.path.join(HERE, "pytest.ini")


def _tail(text: str, limit: int) -> tuple[str, bool]:
    if len(text) <= limit:
        return text, False
    return "…" + text[-limit:], True


def _head(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


class Emitter:
    """Writes events to a file descriptor of its own, which survives pytest's capture of fds 1 and 2."""

    def __init__(self, fd: int, nonce: str) -> None:
        self.fd = fd
        self.prefix = f"@@pyforge:{nonce} ".encode()

    def __call__(self, event: dict[str, Any]) -> None:
        data = self.prefix + json.dumps(event, ensure_ascii=False).encode("utf-8", "replace") + b"\n"
        while data:
            written = os.write(self.fd, data)
            data = data[written:]


def _relative_to(path: str, root: str) -> str | None:
    try:
        rel = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
    except ValueError:  # another drive on Windows
        return None
    return None if rel.startswith("..") or os.path.isabs(rel) else rel.replace(os.sep, "/")


def _title(name: str) -> str:
    """test_a_raising_handler_is_isolated[3] -> "a raising handler is isolated [3]"."""
    base, bracket, params = name.partition("[")
    words = base.removeprefix("test_")
    return words.replace("_", " ") + (f" [{params}" if bracket else "")


class Reporter:
    """The pytest plugin: turns pytest's reports into events."""

    def __init__(self, emit: Emitter, workspace: str, tests: str, max_output: int = MAX_OUTPUT) -> None:
        self.emit = emit
        self.max_output = max_output
        self.workspace = workspace
        self.tests = tests
        self.counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
        self.started: dict[str, float] = {}

    # Locations: the deepest frame in the student's workspace (where a marker goes), and the failing line.
    def _locations(self, excinfo: Any) -> dict[str, Any]:
        found: dict[str, Any] = {}
        try:
            entries = list(excinfo.traceback)
        except Exception:  # noqa: BLE001 - a broken traceback must not break the report
            return found
        for entry in entries:
            path = str(entry.path)
            rel = _relative_to(path, self.workspace)
            if rel is not None:
                found["workspaceFile"], found["workspaceLine"] = rel, entry.lineno + 1
        # The failing line: the deepest frame in the student's files or the pack's tests, not inside pytest
        # (pytest.fail, pytest.raises) or the standard library.
        ours = [e for e in entries if _relative_to(str(e.path), self.workspace) is not None or _relative_to(str(e.path), self.tests) is not None]
        if ours or entries:
            last = (ours or entries)[-1]
            found["file"], found["line"] = self._display_path(str(last.path)), last.lineno + 1
        # A SyntaxError points at the student's file and line itself, not at a frame.
        value = getattr(excinfo, "value", None)
        if isinstance(value, SyntaxError) and value.filename:
            rel = _relative_to(value.filename, self.workspace)
            if rel is not None:
                found["workspaceFile"], found["workspaceLine"] = rel, value.lineno or 1
                found["file"], found["line"] = rel, value.lineno or 1
        return found

    # pytest keeps only the text of a collection error (an import of the student's module that failed), so the
    # locations are read from it: 'File "/ws/x.py", line 5' (a SyntaxError) and '/ws/x.py:12: in <module>'.
    _LOCATION = re.compile(r'File "(?P<a>[^"]+)", line (?P<la>\d+)|^(?P<b>[^\s:][^:]*?\.py):(?P<lb>\d+): in ', re.MULTILINE)

    def _locations_in_text(self, text: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for m in self._LOCATION.finditer(text):
            path, line = (m["a"], m["la"]) if m["a"] else (m["b"], m["lb"])
            rel = _relative_to(path, self.workspace) if os.path.isabs(path) else None
            if rel is not None:
                found = {"workspaceFile": rel, "workspaceLine": int(line), "file": rel, "line": int(line)}
        return found

    def _without_pytest_frames(self, text: str) -> str:
        """A collection error's report starts in pytest's and importlib's own frames: keep it from the first line
        naming the pack's tests or the student's files, where the story begins for a student."""
        lines = text.splitlines()
        roots = (self.tests, self.workspace, "tests/")
        for i, line in enumerate(lines):
            if any(root in line for root in roots) and "site-packages" not in line:
                head = [lines[0]] if i > 0 and not lines[0].startswith(("/", " ", ".")) else []
                return "\n".join(head + lines[i:])
        return text

    def _display_path(self, path: str) -> str:
        rel = _relative_to(path, self.workspace)
        if rel is not None:
            return rel
        rel = _relative_to(path, self.tests)
        return f"tests/{rel}" if rel is not None else path

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            text = self._without_pytest_frames(str(report.longrepr))
            info = self._locations_in_text(text)
            message = re.sub(r"^E\s+", "", text.strip().splitlines()[-1]) if text.strip() else "could not collect the tests"
            self.emit({"type": "collect-error", "nodeid": report.nodeid, "message": _head(message, MAX_MESSAGE), "details": _head(text, MAX_DETAILS), **info})

    def pytest_configure(self, config: Any) -> None:
        # Plugin autoloading was off only while pytest set itself up (scanning every installed distribution's
        # entry points costs ~60 ms per check); the student's own subprocesses get the usual behaviour.
        os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)

    def pytest_collection_finish(self, session: Any) -> None:
        self.emit({"type": "start", "total": len(session.items), "protocol": PROTOCOL_VERSION})

    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        self.started[nodeid] = time.perf_counter()

    def pytest_runtest_logreport(self, report: Any) -> None:
        # One event per test: its failure in setup or teardown is an error, in the call a failure.
        status: str | None = None
        if report.when == "call":
            status = "passed" if report.passed else "skipped" if report.skipped else "failed"
            if hasattr(report, "wasxfail"):
                status = "skipped" if report.skipped else "failed"
        elif report.failed:
            status = "error"
        elif report.skipped and report.when == "setup":
            status = "skipped"
        if status is None:
            return
        output, capped = _tail((report.capstdout or "") + (report.capstderr or ""), self.max_output)
        event: dict[str, Any] = {
            "type": "test",
            "nodeid": report.nodeid,
            "name": report.nodeid.split("::")[-1],
            "title": _title(report.nodeid.split("::")[-1]),
            "status": status,
            "durationMs": round((time.perf_counter() - self.started.get(report.nodeid, time.perf_counter())) * 1000, 1),
            "output": output,
            "outputCapped": capped,
        }
        if status in ("failed", "error"):
            crash = getattr(report.longrepr, "reprcrash", None)
            message = crash.message if crash is not None else str(report.longrepr).strip().splitlines()[-1:]
            event["message"] = _head(message if isinstance(message, str) else "".join(message), MAX_MESSAGE)
            event["details"] = _head(str(report.longrepr), MAX_DETAILS)
            event.update(getattr(report, "_pyforge_locations", {}))
        elif status == "skipped" and isinstance(report.longrepr, tuple):
            event["message"] = _head(str(report.longrepr[2]), MAX_MESSAGE)
        self.counts[status] += 1
        self.emit(event)

    def done(self, exit_code: int) -> None:
        self.emit({"type": "done", "exitCode": int(exit_code), "counts": self.counts})


def _make_plugins(reporter: Reporter) -> list[Any]:
    import pytest

    class Locations:
        @pytest.hookimpl(wrapper=True)
        def pytest_runtest_makereport(self, item: Any, call: Any) -> Any:
            report = yield
            if call.excinfo is not None:
                report._pyforge_locations = reporter._locations(call.excinfo)
            return report

    return [reporter, Locations()]


def run_check(request: dict[str, Any], event_fd: int) -> int:
    """Runs pytest on the request's tests against its workspace; returns pytest's exit code."""
    import pytest

    workspace = os.path.realpath(request["workspace"])
    tests = os.path.realpath(request["tests"])
    emit = Emitter(event_fd, request["nonce"])
    os.chdir(workspace)
    sys.path.insert(0, workspace)
    # Student code sees a plain interpreter: no PyForge arguments in argv.
    sys.argv = ["pytest"]
    reporter = Reporter(emit, workspace, tests, int(request.get("outputBytes") or MAX_OUTPUT))
    # hypothesis keeps its example database and other files in .hypothesis/ of the working directory, even
    # with database=None: in a private temporary folder instead, never in the student's workspace.
    storage = None if "HYPOTHESIS_STORAGE_DIRECTORY" in os.environ else tempfile.mkdtemp(prefix="pyforge-hypothesis-")
    if storage:
        os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = storage
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    args = [
        tests,
        "-c", EMPTY_CONFIG,  # never the student's (or any parent folder's) pytest.ini, tox.ini or pyproject
        "--rootdir", tests,
        "-p", "no:cacheprovider",  # nothing written beside the read-only tests
        "-p", "no:pastebin",
        "-p", "no:terminal",  # the events are the report; pytest's own text would only be noise
    ]
    if _has_module("_hypothesis_pytestplugin"):  # the one plugin the course environment ships, loaded by name
        args += ["-p", "_hypothesis_pytestplugin"]
    try:
        code = int(pytest.main(args, plugins=_make_plugins(reporter)))
    except BaseException as err:  # noqa: BLE001 - report anything, even SystemExit from a conftest
        emit({"type": "collect-error", "message": f"the checks could not start: {type(err).__name__}: {err}"})
        code = 3
    finally:
        if storage:
            shutil.rmtree(storage, ignore_errors=True)
    reporter.done(code)
    return code


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def _warm_up() -> None:
    """Runs pytest once on an empty folder, so every module pytest imports lazily is loaded before forking."""
    import pytest

    with tempfile.TemporaryDirectory(prefix="pyforge-warm-") as empty:
        null = os.open(os.devnull, os.O_WRONLY)
        saved = os.dup(1), os.dup(2)
        os.dup2(null, 1)
        os.dup2(null, 2)
        try:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
            args = [empty, "-c", EMPTY_CONFIG, "--rootdir", empty, "-p", "no:cacheprovider", "-p", "no:terminal"]
            if _has_module("_hypothesis_pytestplugin"):
                args += ["-p", "_hypothesis_pytestplugin"]
            pytest.main(args)
        finally:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in (null, *saved):
                os.close(fd)


def _protocol_fd() -> int:
    """A private duplicate of stdout for events; fds 1 and 2 then go to a file, so stray prints stay apart."""
    fd = os.dup(1)
    sys.stdout.flush()
    sys.stderr.flush()
    return fd


def _redirect_stray_output() -> str:
    handle, path = tempfile.mkstemp(prefix="pyforge-stray-")
    os.dup2(handle, 1)
    os.dup2(handle, 2)
    os.close(handle)
    return path


def _read_tail(path: str, limit: int = MAX_OUTPUT) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - limit))
            data = f.read().decode("utf-8", "replace")
        os.unlink(path)
        return ("…" if size > limit else "") + data
    except OSError:
        return ""


class StdinLines:
    """Request lines from fd 0, read without Python's buffering so select() tells the truth about them."""

    def __init__(self) -> None:
        self.buffer = b""
        self.lines: list[bytes] = []
        self.closed = False

    def fill(self) -> None:
        chunk = os.read(0, 65536)
        if not chunk:
            self.closed = True
            return
        *complete, self.buffer = (self.buffer + chunk).split(b"\n")
        self.lines.extend(line for line in complete if line.strip())

    def next(self) -> dict[str, Any] | None:
        """The next request, waiting for one; None once stdin is closed (PyForge went away)."""
        while not self.lines:
            if self.closed:
                return None
            self.fill()
        return json.loads(self.lines.pop(0))


def _wait(pid: int, timeout: float, stdin: StdinLines | None, nonce: str) -> tuple[int | None, int | None, bool, bool]:
    """Waits for the child; kills its process group at the timeout, or when a cancel for `nonce` arrives on
    stdin. Returns (exit code, signal, timed out, cancelled)."""
    import select

    deadline = time.monotonic() + timeout
    pidfd = None
    if hasattr(os, "pidfd_open"):
        with contextlib.suppress(OSError):
            pidfd = os.pidfd_open(pid)
    timed_out = cancelled = False
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0 or cancelled:
                timed_out = not cancelled
                _kill_group(pid)
                _, status = os.waitpid(pid, 0)
                break
            watched = [fd for fd in (pidfd, 0 if stdin and not stdin.closed else None) if fd is not None]
            ready, _, _ = select.select(watched, [], [], remaining if pidfd is not None else min(0.005, remaining))
            if 0 in ready and stdin is not None:
                stdin.fill()
                # A cancel for this check is taken; any other line is a request, kept for later.
                keep = []
                for line in stdin.lines:
                    message = json.loads(line)
                    if message.get("cancel") == nonce:
                        cancelled = True
                    elif "cancel" not in message:
                        keep.append(line)
                stdin.lines = keep
                if stdin.closed:  # PyForge went away: nobody waits for this check any more
                    cancelled = True
    finally:
        if pidfd is not None:
            os.close(pidfd)
    _kill_group(pid)  # whatever the check started and left behind
    if os.WIFSIGNALED(status):
        return None, os.WTERMSIG(status), timed_out, cancelled
    return os.WEXITSTATUS(status), None, timed_out, cancelled


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def serve() -> None:
    """The warm checker: pre-imports, then one forked child per request."""
    import pytest  # noqa: F401 - imported once here, inherited by every child

    for optional in ("hypothesis", "hypothesis.stateful", "numpy"):
        with contextlib.suppress(Exception):  # a missing optional package only costs time later
            __import__(optional)
    _warm_up()
    # Everything loaded so far is moved out of the collector's reach: a child's gc.collect() (pytest runs
    # one at the end) then skips it, and the pages stay shared with the server instead of being copied.
    import gc

    gc.collect()
    gc.freeze()
    events = _protocol_fd()
    Emitter(events, "server")({"type": "ready", "protocol": PROTOCOL_VERSION, "python": sys.version.split()[0]})
    stdin = StdinLines()
    while (request := stdin.next()) is not None:
        if "cancel" in request:
            continue  # for a check that already ended
        stray = tempfile.mkstemp(prefix="pyforge-stray-")
        os.close(stray[0])
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child: its own process group, so a timeout kills everything it started
            code = 70
            try:
                os.setpgid(0, 0)
                fd = os.open(stray[1], os.O_WRONLY)
                os.dup2(fd, 1)
                os.dup2(fd, 2)
                os.close(fd)
                code = run_check(request, events)
            finally:
                os._exit(code)
        exit_code, sig, timed_out, cancelled = _wait(pid, float(request.get("timeout", 60)), stdin, request["nonce"])
        Emitter(events, request["nonce"])(
            {
                "type": "end",
                "exitCode": exit_code,
                "signal": sig,
                "timedOut": timed_out,
                "cancelled": cancelled,
                "durationMs": round((time.perf_counter() - started) * 1000, 1),
                "strayOutput": _read_tail(stray[1]),
            }
        )


def main() -> None:
    if len(sys.argv) >= 2 and sys.argv[1] == "serve":
        serve()
    elif len(sys.argv) >= 3 and sys.argv[1] == "run":
        request = json.loads(sys.argv[2])
        events = _protocol_fd()
        stray = _redirect_stray_output()
        started = time.perf_counter()
        code = run_check(request, events)
        Emitter(events, request["nonce"])(
            {"type": "end", "exitCode": code, "signal": None, "timedOut": False, "durationMs": round((time.perf_counter() - started) * 1000, 1), "strayOutput": _read_tail(stray)}
        )
        sys.exit(0)
    else:
        sys.exit("usage: pyforge_check.py serve | run REQUEST_JSON")


if __name__ == "__main__":
    main()
