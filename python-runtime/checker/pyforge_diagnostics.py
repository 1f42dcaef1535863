"""Compiler diagnostics for pyforge_build: what a compiler's output says is wrong, and where.

Compilers that can write structured diagnostics are asked to (gcc 9-14: ``-fdiagnostics-format=json``, gcc 13+:
``sarif-stderr``, clang and zig cc: ``sarif``; ``structured_flags`` probes once per compiler command). Their
documents become diagnostics with exact ranges, and are rendered back to gcc-style text for whoever reads the
output (the Build panel, a check's failure message). Lines beside the documents (the linker's "undefined
reference", "2 errors generated.") and compilers without a structured format (MSVC's cl, rustc through
maturin) are read as text. cargo's ``--message-format=json`` lines, from an exercise's own build command, are
read as documents too.

The app's fast path reads the same formats in TypeScript (electron/core/build/diagnostics/): keep them alike.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple


class Diagnostic(NamedTuple):
    file: str
    line: int
    column: int | None
    severity: str  # "error" | "warning" | "note"
    message: str
    code: str | None = None
    # The end of the highlighted range, exclusive (the column after its last character), when the compiler gave one.
    end_line: int | None = None
    end_column: int | None = None


class Message(NamedTuple):
    """A diagnostic as read, placed or not (clang's SARIF leaves some instantiation notes without a place)."""

    severity: str
    message: str
    code: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


class CompilerReport(NamedTuple):
    output: str  # as a person reads it: documents rendered as text, other lines as they came
    messages: list[Message]
    structured: bool  # whether any structured document was read


def _severity(word: str) -> str:
    if "warning" in word:
        return "warning"
    return "note" if word in ("note", "none", "help", "failure-note") else "error"


# gcc's -fdiagnostics-format=json: [{"kind", "message", "option", "locations": [{"caret", "finish"}], "children"}]


def _is_gcc_json(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(d, dict) and "kind" in d and "message" in d for d in value)


def _gcc_column(position: dict[str, Any]) -> int | None:
    # Byte columns, not gcc's display columns (which count a tab as up to 8; an editor counts it as one).
    return position.get("byte-column", position.get("column"))


def _from_gcc_json(items: Iterable[dict[str, Any]]) -> list[Message]:
    out: list[Message] = []
    for d in items:
        location = (d.get("locations") or [{}])[0]
        caret, finish = location.get("caret") or {}, location.get("finish")
        place: dict[str, Any] = {}
        if caret.get("file") and caret.get("line"):
            place = {"file": caret["file"], "line": caret["line"], "column": _gcc_column(caret)}
            last = _gcc_column(finish) if finish else None
            if finish and last is not None and place["column"] is not None and (finish["line"] > caret["line"] or (finish["line"] == caret["line"] and last >= place["column"])):
                place.update(end_line=finish["line"], end_column=last + 1)  # gcc's finish is the last character
        out.append(Message(_severity(d.get("kind", "error")), d.get("message", ""), d.get("option"), **place))
        out.extend(_from_gcc_json(d.get("children") or []))
    return out


# SARIF 2.1.0 (clang, zig cc, gcc 13+): runs[].results[] with level, message, ruleId, locations[].physicalLocation.
# clang lists the highlighted ranges first and its caret last as a zero-width region, numbers its rules, and
# leaves some notes without a place; gcc gives one range and puts a diagnostic's notes in relatedLocations.


def _is_sarif(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get("runs"), list)


def _sarif_file(artifact: dict[str, Any], run: dict[str, Any]) -> str | None:
    """A file path from an artifact location: a file: URI, or a URI relative to a base (gcc's "PWD")."""
    from urllib.parse import unquote, urljoin, urlparse

    artifacts = run.get("artifacts") or []
    index = artifact.get("index")
    listed = artifacts[index].get("location", {}) if isinstance(index, int) and 0 <= index < len(artifacts) else {}
    uri = artifact.get("uri") or listed.get("uri")
    if not uri:
        return None
    base_id = artifact.get("uriBaseId") or listed.get("uriBaseId")
    base = ((run.get("originalUriBaseIds") or {}).get(base_id) or {}).get("uri") if base_id else None
    if not uri.startswith("file:") and base and base.startswith("file:"):
        uri = urljoin(base, uri)
    return unquote(urlparse(uri).path) if uri.startswith("file:") else unquote(uri)


def _sarif_place(locations: Sequence[dict[str, Any]], run: dict[str, Any]) -> dict[str, Any]:
    regions = [(loc["physicalLocation"], loc["physicalLocation"]["region"]) for loc in locations if (loc.get("physicalLocation") or {}).get("region", {}).get("startLine")]
    if not regions:
        return {}

    def point(r: dict[str, Any]) -> bool:
        return r.get("startColumn") is not None and r.get("endColumn") == r["startColumn"] and r.get("endLine", r["startLine"]) == r["startLine"]

    at, caret = next(((a, r) for a, r in regions if point(r)), regions[0])
    file = _sarif_file(at.get("artifactLocation") or {}, run)
    if file is None:
        return {}
    line, column = caret["startLine"], caret.get("startColumn")
    if column is None:
        return {"file": file, "line": line}

    def holds(a: dict[str, Any], r: dict[str, Any]) -> bool:
        if r["startLine"] != line or r.get("startColumn") is None or r.get("endColumn") is None or r["startColumn"] > column:
            return False
        return (r.get("endLine", line) > line or r["endColumn"] > column) and _sarif_file(a.get("artifactLocation") or {}, run) == file

    span = next((r for a, r in regions if holds(a, r)), None)
    end = {"end_line": span.get("endLine", line), "end_column": span["endColumn"]} if span else {}
    return {"file": file, "line": line, "column": column, **end}


def _from_sarif(log: dict[str, Any]) -> list[Message]:
    out: list[Message] = []
    for run in log["runs"]:
        for result in run.get("results") or []:
            rule = result.get("ruleId")
            # gcc's option names help; clang's internal numbers and a bare level do not.
            code = rule if rule and not rule.isdigit() and rule not in ("error", "warning", "note", "fatal error") else None
            # Without a level a result is a warning (SARIF 2.1.0, 3.27.10).
            out.append(Message(_severity(result.get("level", "warning")), (result.get("message") or {}).get("text", ""), code, **_sarif_place(result.get("locations") or [], run)))
            for related in result.get("relatedLocations") or []:
                text = (related.get("message") or {}).get("text")
                if text:  # gcc's notes; clang's related locations are its include chain, without a message
                    out.append(Message("note", text, None, **_sarif_place([related], run)))
    return out


# cargo --message-format=json: one object per line; "compiler-message" records carry rustc's diagnostic (its
# spans, the primary one marked, with 1-based lines and columns, column_end exclusive) and its rendered text.


def _is_cargo(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get("reason"), str)


def _from_cargo(record: dict[str, Any]) -> tuple[list[Message], str]:
    if record["reason"] != "compiler-message":
        return [], ""  # artifacts, build scripts, build-finished: nothing for a person
    message = record.get("message") or {}
    span = next((s for s in message.get("spans") or [] if s.get("is_primary")), None)
    # A span inside a macro's expansion: the place the student wrote the macro call.
    while span and str(span.get("file_name", "")).startswith("<") and (span.get("expansion") or {}).get("span"):
        span = span["expansion"]["span"]
    place = {"file": span["file_name"], "line": span["line_start"], "column": span["column_start"], "end_line": span["line_end"], "end_column": span["column_end"]} if span else {}
    code = (message.get("code") or {}).get("code")
    level = str(message.get("level", "error"))
    return [Message(_severity(level), message.get("message", ""), code, **place)], message.get("rendered") or ""


# Text: gcc, clang, zig cc "file:line:col: error: message"; MSVC "file(line,col): error C2065: message";
# rustc (through cargo or maturin) "error[E0308]: mismatched types\n  --> src/lib.rs:4:5"; and gcc's "file:line:col:
# required from here", the student's line that instantiated a template whose error is inside a library header.
_GCC = re.compile(r"^(?P<file>[^\s:][^:\n]*?):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<sev>fatal error|error|warning|note): (?P<msg>.*)$", re.MULTILINE)
_MSVC = re.compile(r"^(?P<file>[^(\n]+)\((?P<line>\d+)(?:,(?P<col>\d+))?\): (?:fatal )?(?P<sev>error|warning) (?P<code>[A-Z]+\d+): (?P<msg>.*)$", re.MULTILINE)
_RUST = re.compile(r"^(?P<sev>error|warning)(?:\[(?P<code>E\d+)\])?: (?P<msg>.+)\n\s*--> (?P<file>[^\n:]+):(?P<line>\d+):(?P<col>\d+)", re.MULTILINE)
_REQUIRED = re.compile(r"^(?P<file>[^\s:][^:\n]*?):(?P<line>\d+):(?:(?P<col>\d+):)?\s+(?P<msg>required from here)$", re.MULTILINE)
_OPTION = re.compile(r"\s\[(-W[^\]\s]+)\]$")  # gcc's and clang's "[-Wunused-variable]", the code in their JSON


def _from_text(output: str) -> list[Message]:
    found: list[tuple[int, Message]] = []
    for pattern in (_GCC, _MSVC, _RUST, _REQUIRED):
        for m in pattern.finditer(output):
            msg = m["msg"].strip()
            option = _OPTION.search(msg)
            code = m.groupdict().get("code") or (option[1] if option else None)
            col = m["col"]
            found.append((m.start(), Message(_severity(m.groupdict().get("sev") or "note"), msg[: option.start()].strip() if option else msg, code, m["file"].strip(), int(m["line"]), int(col) if col else None)))
    return [d for _, d in sorted(found, key=lambda item: item[0])]


def _source_lines(cwd: Path) -> Callable[[str], list[str] | None]:
    cache: dict[str, list[str] | None] = {}

    def lines(file: str) -> list[str] | None:
        if file not in cache:
            try:
                cache[file] = (cwd / file).read_text(errors="replace").split("\n")
            except OSError:
                cache[file] = None
        return cache[file]

    return lines


def render(messages: Sequence[Message], cwd: Path) -> str:
    """The messages as gcc prints them: place, severity and message, then the source line with a caret and an
    underline under the range (tabs kept under tabs, so the caret lines up at any tab width)."""
    lines = _source_lines(cwd)
    out: list[str] = []
    previous: tuple[object, ...] = ()
    for m in messages:
        placed = m.file is not None and m.line is not None
        where = f"{m.file}:{m.line}:" + (f"{m.column}:" if m.column is not None else "") + " " if placed else ""
        word = {"error": "error", "warning": "warning"}.get(m.severity, "note")
        out.append(f"{where}{word}: {m.message}" + (f" [{m.code}]" if m.code else ""))
        key = (m.file, m.line, m.column)
        source = lines(m.file) if m.file is not None and placed and key != previous else None  # like gcc: once per place
        previous = key
        text = source[m.line - 1].rstrip("\r") if source is not None and m.line is not None and 0 < m.line <= len(source) else None
        if text is None:
            continue
        gutter = f"{m.line:>5}"
        out.append(f"{gutter} | {text}")
        if m.column is not None and 1 <= m.column <= len(text) + 1:
            end = m.end_column if m.end_line == m.line and m.end_column is not None else len(text) + 1 if m.end_line is not None else m.column + 1
            pad = re.sub(r"[^\t]", " ", text[: m.column - 1])
            out.append(f"{' ' * len(gutter)} | {pad}^" + "~" * max(0, end - m.column - 1))
    return "\n".join(out) + "\n" if out else ""


# clang's and zig's notice with every SARIF run: noise for a student.
_SARIF_NOTICE = re.compile(r"^\S+: warning: diagnostic formatting in SARIF mode is currently unstable\b")
# How a document starts: gcc's `[{"kind"...` or `[]`, SARIF's and cargo's `{"...`, or an opening bracket alone.
_DOCUMENT_START = re.compile(r"^(\[\s*(\{|\]|$)|\{\s*(\"|$))")


def _document(text: str, cwd: Path) -> tuple[list[Message], str] | None:
    """The messages and readable text of a structured document, or None when `text` is not one."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if _is_gcc_json(value):
        messages = _from_gcc_json(value)
    elif _is_sarif(value):
        messages = _from_sarif(value)
    elif _is_cargo(value):
        messages, text = _from_cargo(value)
        return _relative(messages, cwd), text
    else:
        return None
    messages = _relative(messages, cwd)
    return messages, render(messages, cwd)


def read_compiler_output(raw: str, cwd: str | Path = ".") -> CompilerReport:
    """Splits a compiler's output into structured documents (each a JSON value on lines of its own: gcc 15 indents
    its SARIF over many) and text. Output without documents comes back as it went in."""
    cwd = Path(cwd)
    pieces: list[str] = []
    messages: list[Message] = []
    text: list[str] = []  # consecutive text lines, read together (rustc's diagnostics span two lines)
    held: list[str] = []  # a document being read
    blanks: list[str] = []  # blank lines that frame a document unless text follows
    structured = after_document = False

    def flush_text() -> None:
        if text:
            joined = "".join(text)
            pieces.append(joined)
            messages.extend(_from_text(joined))
            text.clear()

    def add_text(lines: list[str]) -> None:
        text.extend(f"{line}\n" for line in [*blanks, *lines])
        blanks.clear()

    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in (line.rstrip("\r") for line in lines):
        if held or _DOCUMENT_START.match(line):
            held.append(line)
            last = line.rstrip()
            closes = last.endswith(("]", "}")) and (len(held) == 1 or last in ("]", "}"))
            found = _document("\n".join(held), cwd) if closes else None
            if found is not None:
                flush_text()
                messages.extend(found[0])
                pieces.append(found[1])
                held.clear()
                blanks.clear()
                structured = after_document = True
            elif closes and len(held) == 1:
                add_text(held)  # looked like a document, is not one
                held.clear()
            continue
        if not line.strip():
            if not after_document:
                blanks.append(line)
            continue
        after_document = False
        if not _SARIF_NOTICE.match(line):
            add_text([line])
    add_text(held)  # a document that never closed is text
    flush_text()
    return CompilerReport("".join(pieces), _relative(messages, cwd), structured)


def _inside(file: str, cwd: Path) -> str | None:
    """`file` relative to `cwd` when it is inside it (as given when it is relative already), else None."""
    path = Path(file)
    if not path.is_absolute():
        return None if ".." in path.parts else file
    try:
        return path.relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return None


def _relative(messages: list[Message], cwd: Path) -> list[Message]:
    """Files inside `cwd` named relative to it, as the compiler's text names them (SARIF gives absolute URIs)."""
    return [m._replace(file=_inside(m.file, cwd) or m.file) if m.file else m for m in messages]


def diagnostics(messages: Iterable[Message]) -> list[Diagnostic]:
    """The placed messages, as the checks and the app's Build command see them."""
    return [Diagnostic(m.file, m.line, m.column, m.severity, m.message, m.code, m.end_line, m.end_column) for m in messages if m.file is not None and m.line is not None]


def points_only_outside(messages: Sequence[Message | Diagnostic], cwd: str | Path) -> bool:
    """Whether a failed build's diagnostics point only outside the student's files: gcc's JSON (before 15) drops
    the "required from here" lines of a template error, so an error inside a library header (pybind11's casters,
    <algorithm>) would leave the student nowhere to look. Then the build runs again for the text."""
    placed = [m for m in messages if m.file is not None and m.line is not None]
    return any(m.severity == "error" for m in placed) and not any(_inside(m.file, Path(cwd)) is not None for m in placed if m.file)


def candidate_flags(version: str) -> list[str]:
    """The structured formats to try, best first, from `<cc> --version`: gcc 13+ SARIF (gcc 15 deprecates its JSON)
    then JSON, gcc 9-12 JSON, clang and zig cc (which reports clang's version) SARIF; none for the rest."""
    if re.search(r"\bclang version \d+", version):
        return ["-fdiagnostics-format=sarif"]
    if "Free Software Foundation" not in version:
        return []
    found = re.search(r"\)\s+(\d+)\.\d+", version.split("\n", 1)[0])  # "gcc (Debian 12.2.0-14) 12.2.0"
    major = int(found[1]) if found else 0
    return ["-fdiagnostics-format=sarif-stderr", "-fdiagnostics-format=json"] if major >= 13 else ["-fdiagnostics-format=json"] if major >= 9 else []


_flags_cache: dict[tuple[str, ...], list[str]] = {}


def structured_flags(compiler: Sequence[str]) -> list[str]:
    """The flag that makes `compiler` write structured diagnostics, proven by a trial compile of one #warning
    (gcc 12 here: ~1 ms for --version, ~7 ms for the trial); [] for text. Asked once per compiler per process."""
    key = tuple(compiler)
    if key not in _flags_cache:
        env = {**os.environ, "LC_ALL": "C"}

        def run(args: list[str], stdin: str) -> subprocess.CompletedProcess[str] | None:
            try:
                return subprocess.run([*compiler, *args], input=stdin, env=env, capture_output=True, text=True, timeout=30, check=False)
            except (OSError, subprocess.TimeoutExpired):
                return None

        version = run(["--version"], "")
        flags: list[str] = []
        for flag in candidate_flags(version.stdout) if version and version.returncode == 0 else []:
            trial = run([flag, "-fsyntax-only", "-x", "c", "-"], "#warning pyforge-probe\n")
            report = read_compiler_output(trial.stdout + trial.stderr) if trial else None
            # Not the exit code: zig cc fails a -fsyntax-only compile of stdin after diagnosing it (it renames an
            # object file that was never written). The document with the trial's warning in it is the proof.
            if report and report.structured and any(m.severity == "warning" and "pyforge-probe" in m.message for m in report.messages):
                flags = [flag]
                break
        _flags_cache[key] = flags
    return _flags_cache[key]
