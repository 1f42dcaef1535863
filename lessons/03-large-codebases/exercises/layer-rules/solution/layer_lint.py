"""layer_lint: an import-graph linter that enforces which layers may import which.

Usage:  python layer_lint.py sample_project

A project is a folder of packages with layers: <root>/shop/domain/order.py is the module shop.domain.order,
in the layer "domain". The rule enforced here: the domain must not import the ui or infra layers. The
linter never imports or runs the project's code; it reads each file's syntax tree (ast), so it is fast, safe
and sees imports that only run sometimes (inside functions, ifs and trys).
"""
from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: layer -> the layers it must not import
FORBIDDEN: dict[str, frozenset[str]] = {"domain": frozenset({"ui", "infra"})}


@dataclass(frozen=True, order=True)
class Violation:
    path: str  # relative to the project root, with "/" separators, e.g. "shop/domain/order.py"
    line: int
    layer: str  # the importing module's layer
    imported: str  # the absolute name of the forbidden module

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.layer} must not import {self.imported}"


def module_name(path: Path, root: Path) -> tuple[str, bool]:
    """The dotted module name of `path` under `root`, and whether it is a package (an __init__.py).

    root/shop/domain/order.py -> ("shop.domain.order", False); root/shop/domain/__init__.py -> ("shop.domain", True)
    """
    parts = list(path.relative_to(root).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def resolve(module: str, is_package: bool, level: int, target: str | None) -> str | None:
    """The absolute name of a relative import `from <level dots><target> import ...` written in `module`.

    The dots count from the package that contains the module: one dot is that package itself, each further
    dot goes one package up. In an __init__.py the module *is* its package. None when the dots climb above
    the top-level package (Python raises ImportError for that).
    """
    package = module.split(".") if is_package else module.split(".")[:-1]
    up = level - 1
    if up > len(package) - 1:
        return None
    base = package[: len(package) - up]
    return ".".join(base + ([target] if target else []))


def imported_modules(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[int, list[str]]]:
    """For every import in `tree`, at any depth: its line and the absolute module names it may import.

    `from X import a, b` may import X, X.a and X.b (a name can be a submodule or just an attribute; without
    importing we cannot know, and for layer rules it does not matter: X.a is in the same layer as X or in a
    sub-layer named a). `importlib.import_module("literal")` counts; a computed name cannot be checked.
    """
    for node in ast.walk(tree):  # walk visits nested nodes too: imports inside functions, if and try
        if isinstance(node, ast.Import):
            yield node.lineno, [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base: str | None = node.module
            else:
                base = resolve(module, is_package, node.level, node.module)
            if base is not None:
                yield node.lineno, [base] + [f"{base}.{alias.name}" for alias in node.names if alias.name != "*"]
        elif isinstance(node, ast.Call) and _is_import_module(node.func):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield node.lineno, [first.value]


def _is_import_module(func: ast.expr) -> bool:
    """`importlib.import_module` or a bare `import_module` (from `from importlib import import_module`)."""
    if isinstance(func, ast.Attribute):
        return func.attr == "import_module" and isinstance(func.value, ast.Name) and func.value.id == "importlib"
    return isinstance(func, ast.Name) and func.id == "import_module"


def layer_of(name: str, packages: set[str]) -> str | None:
    """The layer of a module: the second part of its name, if the first is one of the project's packages."""
    parts = name.split(".")
    return parts[1] if len(parts) >= 2 and parts[0] in packages else None


def find_violations(root: Path) -> list[Violation]:
    """Every import in the project under `root` that breaks FORBIDDEN, one per statement or call, sorted."""
    packages = {child.name for child in root.iterdir() if child.is_dir()}
    found: set[Violation] = set()
    for path in sorted(root.rglob("*.py")):
        module, is_package = module_name(path, root)
        layer = layer_of(module, packages)
        forbidden = FORBIDDEN.get(layer or "", frozenset())
        if not forbidden:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        relative = path.relative_to(root).as_posix()
        for line, names in imported_modules(tree, module, is_package):
            bad = [name for name in names if layer_of(name, packages) in forbidden]
            if bad:  # one report per statement, naming the first forbidden module it imports
                found.add(Violation(relative, line, layer or "", bad[0]))
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    """Print one line per violation; exit status 1 if there is any, else 0."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python layer_lint.py PROJECT_ROOT", file=sys.stderr)
        return 2
    violations = find_violations(Path(args[0]))
    for violation in violations:
        print(violation)
    return 1 if violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
