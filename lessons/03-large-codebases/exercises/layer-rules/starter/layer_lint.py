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
    the top-level package.
    """
    # TODO: e.g. in shop.domain.order, `from ..infra.db import x` (level 2, target "infra.db") is shop.infra.db;
    #       in shop/domain/__init__.py (shop.domain, a package), `from .money import x` is shop.domain.money.
    return None


def imported_modules(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[int, list[str]]]:
    """For every import in `tree`, at any depth: its line and the absolute module names it may import.

    `from X import a, b` may import X, X.a and X.b (a name can be a submodule or just an attribute).
    `importlib.import_module("literal")` counts; a computed name cannot be checked.
    """
    # TODO: visit every node (ast.walk), not only the top-level statements, and handle
    #       ast.Import, ast.ImportFrom (absolute and relative, via resolve) and calls of
    #       importlib.import_module(...) / import_module(...) whose first argument is a string literal.
    yield from ()


def layer_of(name: str, packages: set[str]) -> str | None:
    """The layer of a module: the second part of its name, if the first is one of the project's packages."""
    # TODO: "shop.domain.order" -> "domain" when "shop" is in packages; "dataclasses" -> None.
    return None


def find_violations(root: Path) -> list[Violation]:
    """Every import in the project under `root` that breaks FORBIDDEN, one per statement or call, sorted."""
    # TODO: the project's packages are the folders directly under root. For every .py file below root
    #       (root.rglob("*.py")) whose layer has forbidden layers, parse it and report each import statement
    #       or call that may import a forbidden layer, once, as Violation(relative posix path, line, ...).
    return []


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
