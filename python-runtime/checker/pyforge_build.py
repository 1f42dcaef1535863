"""Builds the course's native code: CPython C/C++ extensions, shared libraries for ctypes and cffi, pybind11
modules and PyO3 crates. One implementation for the two places that build:

* an exercise's checks, which import it (``from pyforge_build import build_c_extension``; the checker's folder
  is on ``sys.path``) in a session-scoped fixture, so the student's code is built once per check;
* the app's Build command, which runs it as a program (``python pyforge_build.py c-extension …``) and reads one
  JSON event per line: each compiler diagnostic (file, line, column, range end, severity, message, code) and the
  outcome.

The fast path calls the compiler directly with sysconfig's flags (what ``setup.py build_ext`` runs in the
end, at a third of its cost). The compiler is ``$CC``/``$CXX`` (PyForge sets the proven one, or its zig
fallback), else sysconfig's. A build whose inputs (sources, flags, compiler, Python) are unchanged is skipped:
a hash of them is kept beside the artifact. Compilers that can are asked for structured diagnostics (gcc's
JSON, SARIF), rendered back to gcc-style text in the output (pyforge_diagnostics.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import shlex
import subprocess
import sys
import sysconfig
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from pyforge_diagnostics import (
    CompilerReport,
    Diagnostic,
    diagnostics,
    points_only_outside,
    read_compiler_output,
    structured_flags,
)

# argparse, shutil, tempfile and zipfile are imported where they are used: the app runs this file for every
# Build, and each import costs milliseconds a student waits for.

TIMEOUT_SECONDS = 600


class BuildResult(NamedTuple):
    artifact: Path
    skipped: bool
    output: str = ""
    diagnostics: Sequence[Diagnostic] = ()


class BuildError(Exception):
    """The build failed: the compiler's diagnostics and its output tell why."""

    def __init__(self, message: str, output: str = "", diagnostics: Sequence[Diagnostic] = ()) -> None:
        first = next((d for d in diagnostics if d.severity == "error"), None)
        # The first line says where: summaries (a check's, the Build panel's) show only that line.
        where = f": {first.file}:{first.line}: {first.message}" if first else ""
        super().__init__(message + where)
        self.output = output
        self.diagnostics = list(diagnostics)


def parse_diagnostics(output: str, cwd: str | Path = ".") -> list[Diagnostic]:
    """Compiler diagnostics in `output`, in order: gcc's JSON, SARIF and cargo's JSON documents, and the gcc, clang,
    zig cc, MSVC and rustc text formats."""
    return diagnostics(read_compiler_output(output, cwd).messages)


def _compiler(cxx: bool) -> list[str]:
    name = os.environ.get("CXX" if cxx else "CC") or sysconfig.get_config_var("CXX" if cxx else "CC") or ("c++" if cxx else "cc")
    return shlex.split(name)


def _digest(parts: Iterable[str | bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode())
        h.update(b"\0")
    return h.hexdigest()


def _up_to_date(artifact: Path, digest: str) -> bool:
    stamp = artifact.with_name(artifact.name + ".pyforge-hash")
    return artifact.exists() and stamp.exists() and stamp.read_text() == digest


def _stamp(artifact: Path, digest: str) -> None:
    artifact.with_name(artifact.name + ".pyforge-hash").write_text(digest)


def _run(command: list[str], cwd: Path, what: str) -> CompilerReport:
    env = {**os.environ, "LC_ALL": "C"}  # plain quotes in the messages, not typographic ones
    try:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except FileNotFoundError:
        raise BuildError(f"{what}: {command[0]} was not found (is a compiler installed? `npm run doctor` says)") from None
    except subprocess.TimeoutExpired:
        raise BuildError(f"{what} did not finish within {TIMEOUT_SECONDS} s") from None
    report = read_compiler_output(done.stdout + done.stderr, cwd)
    if done.returncode != 0:
        raise BuildError(f"{what} failed (exit code {done.returncode})", report.output, diagnostics(report.messages))
    return report


def _compile(sources: Sequence[str | Path], artifact: Path, *, cxx: bool, link: list[str], include_dirs: Sequence[str], extra: Sequence[str], cwd: Path, what: str) -> BuildResult:
    if sys.platform == "win32":
        raise BuildError("the fast path needs a POSIX compiler; on Windows build with setuptools (build_setuptools)")
    compiler = _compiler(cxx)
    paths = [cwd / s for s in sources]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise BuildError(f"{what}: no such source file: {', '.join(missing)}")
    # -Wall: the compiler's warnings become the student's yellow markers (they often point at a refcount bug).
    flags = [*link, "-fPIC", "-O2", "-Wall", *(f"-I{d}" for d in include_dirs), *(["-std=c++17"] if cxx else []), *extra]
    # Local headers count as inputs too: editing vector.h must rebuild what includes it.
    headers = sorted(p for pattern in ("*.h", "*.hpp", "*.hh") for p in cwd.rglob(pattern) if "build" not in p.relative_to(cwd).parts)
    digest = _digest([*compiler, *flags, sys.version, *(p.read_bytes() for p in paths), *(h.read_bytes() for h in headers)])
    if _up_to_date(artifact, digest):
        return BuildResult(artifact, skipped=True)
    artifact.parent.mkdir(parents=True, exist_ok=True)
    # Built beside its final name and renamed in: a process that imported the old module keeps it intact.
    partial = artifact.with_name(f".{artifact.name}.{os.getpid()}.partial")
    # Sources as given (relative to cwd), so the diagnostics name the files the way the student sees them. The
    # diagnostics format is no input of the digest: it changes what the compiler says, not what it builds.
    structured = structured_flags(compiler)
    command = [*compiler, *structured, *flags, *map(str, sources), "-o", str(partial)]
    try:
        report = _run(command, cwd, what)
    except BuildError as err:
        if not structured or not points_only_outside(err.diagnostics, cwd):
            raise
        report = _run([*compiler, *flags, *map(str, sources), "-o", str(partial)], cwd, what)  # raises with the text
    os.replace(partial, artifact)
    _stamp(artifact, digest)
    return BuildResult(artifact, skipped=False, output=report.output, diagnostics=diagnostics(report.messages))


def _extension_link() -> list[str]:
    return ["-bundle", "-undefined", "dynamic_lookup"] if sys.platform == "darwin" else ["-shared"]


def build_c_extension(sources: Sequence[str | Path], module: str, *, cxx: bool = False, include_dirs: Sequence[str] = (), extra_args: Sequence[str] = (), cwd: str | Path = ".", out_dir: str | Path = ".") -> BuildResult:
    """Compiles a CPython extension module `module` (importable from `out_dir`) from C or C++ sources."""
    cwd = Path(cwd).resolve()
    artifact = (cwd / out_dir / f"{module}{sysconfig.get_config_var('EXT_SUFFIX')}").resolve()
    includes = [sysconfig.get_paths()["include"], *include_dirs]
    return _compile(sources, artifact, cxx=cxx, link=_extension_link(), include_dirs=includes, extra=extra_args, cwd=cwd, what=f"building the extension {module}")


def build_pybind11(sources: Sequence[str | Path], module: str, **options: object) -> BuildResult:
    """A C++ extension with pybind11's headers."""
    import pybind11

    include_dirs = [pybind11.get_include(), *options.pop("include_dirs", ())]  # type: ignore[misc]
    return build_c_extension(sources, module, cxx=True, include_dirs=include_dirs, **options)  # type: ignore[arg-type]


def shared_library_name(name: str) -> str:
    return {"darwin": f"lib{name}.dylib", "win32": f"{name}.dll"}.get(sys.platform, f"lib{name}.so")


def build_shared_library(sources: Sequence[str | Path], name: str, *, cxx: bool = False, include_dirs: Sequence[str] = (), extra_args: Sequence[str] = (), cwd: str | Path = ".", out_dir: str | Path = ".") -> BuildResult:
    """A plain shared library for ctypes or cffi: lib<name>.so (.dylib on macOS)."""
    cwd = Path(cwd).resolve()
    artifact = (cwd / out_dir / shared_library_name(name)).resolve()
    link = ["-dynamiclib"] if sys.platform == "darwin" else ["-shared"]
    return _compile(sources, artifact, cxx=cxx, link=link, include_dirs=include_dirs, extra=extra_args, cwd=cwd, what=f"building the library {name}")


def build_setuptools(project_dir: str | Path = ".") -> BuildResult:
    """`setup.py build_ext --inplace`, for a project that ships its own setup.py."""
    project = Path(project_dir).resolve()
    if not (project / "setup.py").exists():
        raise BuildError(f"{project} has no setup.py")
    report = _run([sys.executable, "setup.py", "build_ext", "--inplace"], project, "setup.py build_ext")
    built = sorted(project.rglob(f"*{sysconfig.get_config_var('EXT_SUFFIX')}"), key=lambda p: p.stat().st_mtime)
    return BuildResult(built[-1] if built else project, skipped=False, output=report.output, diagnostics=diagnostics(report.messages))


class _target_lock:
    """Holds a lock on the shared cargo target folder for one maturin build. cargo locks the folder while it
    compiles, but maturin copies the library out of target/maturin/ afterwards: two builds of crates with the
    same name (a starter and its solution, two students' copies) would otherwise swap files."""

    def __enter__(self) -> None:
        self.handle = None
        target = os.environ.get("CARGO_TARGET_DIR")
        if not target or sys.platform == "win32":
            return
        import fcntl

        os.makedirs(target, exist_ok=True)
        self.handle = open(os.path.join(target, ".pyforge-maturin.lock"), "w")  # held until __exit__
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()  # closing releases the lock


def build_pyo3(crate_dir: str | Path = ".", *, out_dir: str | Path = "build") -> BuildResult:
    """A PyO3 crate through maturin (offline, with PyForge's vendored crates and shared target folder): the
    extension module is unpacked from the wheel into `out_dir`, which is what goes on sys.path."""
    crate = Path(crate_dir).resolve()
    out = (crate / out_dir).resolve()
    def inputs_digest() -> str:
        inputs = sorted(p for p in crate.rglob("*") if p.is_file() and p.suffix in (".rs", ".toml", ".lock", ".pyi") and out not in p.parents and "target" not in p.parts)
        return _digest([sys.version, *(str(p.relative_to(crate)) for p in inputs), *(p.read_bytes() for p in inputs)])

    digest = inputs_digest()
    marker = out / ".pyforge-crate"
    if marker.exists() and _up_to_date(marker, digest):
        return BuildResult(out, skipped=True)
    import shutil
    import tempfile
    import zipfile

    if os.environ.get("CARGO_NET_OFFLINE") != "true":
        # PyForge sets up cargo offline only when the crates are vendored; without them cargo would try the
        # network, which the sandbox does not have.
        raise BuildError("the vendored Rust crates are missing: run `npm run runtime:crates` once (it needs crates.io), then build again")
    maturin = shutil.which("maturin", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if not maturin:
        raise BuildError("maturin is not installed in the course environment")
    with tempfile.TemporaryDirectory(prefix="pyforge-wheel-") as wheels:
        # The same command as PyForge's prebuild (electron/core/toolchain/cargo.ts, maturinArgs): another shape
        # of command would rebuild pyo3 instead of using the prebuilt one.
        # rustc's diagnostics are read as text: maturin (1.16) has no --message-format; it runs `cargo rustc
        # --message-format=json-render-diagnostics` itself, so cargo prints rendered text on stderr and keeps the
        # compiler messages out of the JSON it hands maturin; and rustc refuses a second --error-format passed
        # after `--` ("Option 'error-format' given more than once").
        command = [maturin, "build", "--release", "--offline", "--auditwheel", "skip", "-i", sys.executable, "-m", str(crate / "Cargo.toml"), "-o", wheels]
        with _target_lock():
            report = _run(command, crate, "maturin build")
        wheel = next(Path(wheels).glob("*.whl"), None)
        if wheel is None:
            raise BuildError("maturin build made no wheel", report.output, diagnostics(report.messages))
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(out, [n for n in archive.namelist() if ".dist-info/" not in n])
    marker.write_text("")
    # After the build: cargo may have rewritten Cargo.lock (its format), which is no change of the student's.
    _stamp(marker, inputs_digest())
    return BuildResult(out, skipped=False, output=report.output, diagnostics=diagnostics(report.messages))


def build_command(command: Sequence[str], cwd: str | Path = ".") -> BuildResult:
    """An exercise's own build command (exercise.yaml's build.command), its diagnostics parsed."""
    project = Path(cwd).resolve()
    report = _run(list(command), project, " ".join(command))
    return BuildResult(project, skipped=False, output=report.output, diagnostics=diagnostics(report.messages))


def run_isolated(code: str, *, cwd: str | Path = ".", timeout: float = 60, path: Sequence[str | Path] = ()) -> subprocess.CompletedProcess[str]:
    """Runs `code` in a fresh Python with faulthandler on, so a crash in native code fails one check (with its
    signal and traceback in stderr) instead of ending the whole check run. `path`: folders put first on
    sys.path (a build folder). A run past `timeout` comes back with returncode None and "timed out" in stderr."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*(str(p) for p in path), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    command = [sys.executable, "-X", "faulthandler", "-c", code]
    try:
        return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False, start_new_session=True)
    except subprocess.TimeoutExpired as err:
        out = err.stdout.decode() if isinstance(err.stdout, bytes) else (err.stdout or "")
        return subprocess.CompletedProcess(command, None, out, f"timed out after {timeout} s")  # type: ignore[arg-type]


def describe_exit(returncode: int | None) -> str:
    """How a run_isolated process ended, in words: "exited with code 1", "crashed with SIGSEGV (...)"."""
    if returncode is None:
        return "timed out"
    if returncode >= 0:
        return f"exited with code {returncode}"
    import signal

    try:
        name = signal.Signals(-returncode).name
    except ValueError:
        return f"was killed by signal {-returncode}"
    meaning = {"SIGSEGV": "segmentation fault", "SIGABRT": "aborted", "SIGBUS": "bus error", "SIGFPE": "arithmetic error", "SIGILL": "illegal instruction"}.get(name)
    return f"crashed with {name}" + (f" ({meaning})" if meaning else "")


def _main(argv: Sequence[str]) -> int:
    """The app's Build command: one JSON event per line (diagnostics, then the outcome)."""
    import argparse

    parser = argparse.ArgumentParser(prog="pyforge_build")
    parser.add_argument("kind", choices=["c-extension", "cpp-extension", "pybind11", "shared-library", "shared-library-cpp", "setuptools", "pyo3", "command"])
    parser.add_argument("--name", help="module or library name")
    parser.add_argument("--out-dir", default=".")
    parser.add_argument("sources", nargs="*")
    args = parser.parse_intermixed_args(argv)

    def emit(event: dict[str, object]) -> None:
        print(json.dumps(event), flush=True)

    try:
        if args.kind in ("c-extension", "cpp-extension"):
            result = build_c_extension(args.sources, args.name, cxx=args.kind == "cpp-extension", out_dir=args.out_dir)
        elif args.kind == "pybind11":
            result = build_pybind11(args.sources, args.name, out_dir=args.out_dir)
        elif args.kind in ("shared-library", "shared-library-cpp"):
            result = build_shared_library(args.sources, args.name, cxx=args.kind == "shared-library-cpp", out_dir=args.out_dir)
        elif args.kind == "command":
            result = build_command(args.sources)
        elif args.kind == "setuptools":
            result = build_setuptools(".")
        else:
            result = build_pyo3(".", out_dir=args.out_dir)
    except BuildError as err:
        for d in err.diagnostics:
            emit({"type": "diagnostic", **d._asdict()})
        emit({"type": "done", "ok": False, "message": str(err), "output": err.output[-20000:]})
        return 1
    for d in result.diagnostics:
        emit({"type": "diagnostic", **d._asdict()})
    emit({"type": "done", "ok": True, "artifact": str(result.artifact), "skipped": result.skipped, "output": result.output[-20000:]})
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
