"""Checks for layer-rules: find_violations reports exactly the imports that break "domain must not import
ui or infra", as path:line, whatever form the import takes.

The projects the checks lint are their own copies (tests/projects/), never the files in your workspace.
"""
from __future__ import annotations

import importlib
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "projects" / "sample_project"
HIDDEN = HERE / "projects" / "hidden"

SAMPLE_VIOLATIONS = [
    "shop/domain/events.py:18",
    "shop/domain/order.py:6",
    "shop/domain/pricing.py:14",
]
HIDDEN_VIOLATIONS = [
    "bank/domain/__init__.py:1",
    "bank/domain/account.py:9",
    "bank/domain/rules.py:6",
    "bank/domain/rules.py:17",
]


def _linter() -> ModuleType:
    return importlib.import_module("layer_lint")


def _reported(root: Path) -> list[str]:
    """What your find_violations(root) reports, as "path:line" strings in the order returned."""
    return [f"{violation.path}:{violation.line}" for violation in _linter().find_violations(root)]


def _source_of(root: Path, location: str) -> str:
    path, line = location.rsplit(":", 1)
    try:
        return (root / path).read_text(encoding="utf-8").splitlines()[int(line) - 1].strip()
    except (OSError, IndexError, ValueError):
        return "?"


def _compare(root: Path, expected: list[str], got: list[str]) -> str:
    missing = [f"  {loc}   {_source_of(root, loc)}" for loc in expected if loc not in got]
    extra = [f"  {loc}   {_source_of(root, loc)}" for loc in got if loc not in expected]
    parts = [f"Expected exactly {expected}\n     got {got}"]
    if missing:
        parts.append("Missed (these are violations):\n" + "\n".join(missing))
    if extra:
        parts.append("Reported wrongly (these are fine):\n" + "\n".join(extra))
    if not missing and not extra:
        parts.append("Same locations, but not sorted by (path, line) or reported more than once.")
    return "\n".join(parts)


def test_the_sample_project_has_exactly_its_three_planted_violations() -> None:
    got = _reported(SAMPLE)
    assert got == SAMPLE_VIOLATIONS, _compare(SAMPLE, SAMPLE_VIOLATIONS, got)


def test_a_second_project_with_other_import_forms_is_judged_right_too() -> None:
    got = _reported(HIDDEN)
    assert got == HIDDEN_VIOLATIONS, (
        "This project is not in your workspace: it uses plain `import a.b`, `from .. import ui`, relative "
        "imports inside an __init__.py and `import_module` imported from importlib.\n"
        + _compare(HIDDEN, HIDDEN_VIOLATIONS, got)
    )


def test_each_violation_names_the_domain_layer_and_a_forbidden_module() -> None:
    violations = _linter().find_violations(SAMPLE)
    assert violations, "Expected find_violations to report the sample project's violations, got none."
    for violation in violations:
        parts = violation.imported.split(".")
        assert violation.layer == "domain", f"Expected layer 'domain' in {violation!r}."
        assert parts[0] == "shop" and len(parts) > 1 and parts[1] in {"ui", "infra"}, (
            f"Expected `imported` to be the absolute name of a shop.ui or shop.infra module in {violation!r}."
        )


# One small project per import form: a single file under pkg/, and what must be reported for it.
CASES = [
    ("a relative from-import of infra", "pkg/domain/m.py", "from ..infra.db import save\n", [1]),
    ("a from-import of a sibling layer: from .. import ui", "pkg/domain/m.py", "from .. import ui\n", [1]),
    ("an absolute from-import", "pkg/domain/m.py", "from pkg.ui.widgets import Button\n", [1]),
    ("a plain import inside a function", "pkg/domain/m.py", "def f():\n    import pkg.infra.db\n", [2]),
    ("an import inside try/except", "pkg/domain/m.py", "try:\n    import pkg.ui\nexcept ImportError:\n    pass\n", [2]),
    (
        "importlib.import_module with a string literal",
        "pkg/domain/m.py",
        "import importlib\n\n\ndef mailer():\n    return importlib.import_module('pkg.infra.mail')\n",
        [5],
    ),
    (
        "import_module imported from importlib",
        "pkg/domain/m.py",
        "from importlib import import_module\n\nimport_module('pkg.ui')\n",
        [3],
    ),
    (
        "relative imports in a package's __init__.py",
        "pkg/domain/__init__.py",
        "from .rules import check\nfrom ..infra import db\n",
        [2],
    ),
    ("three dots from a sub-package of domain", "pkg/domain/sub/deep.py", "from ...infra import db\n", [1]),
    ("one report for a statement importing two forbidden modules", "pkg/domain/m.py", "from pkg.infra import db, mail\n", [1]),
    (
        "no report: domain importing domain, in every form",
        "pkg/domain/m.py",
        (
            "from . import rules\nfrom .rules import check\nimport pkg.domain.rules\nfrom pkg import domain\n"
            "from .ui_text import LABEL\nimport importlib\nimportlib.import_module('pkg.domain.rules')\n"
        ),
        [],
    ),
    (
        "no report: a computed import_module name, strings and the standard library",
        "pkg/domain/m.py",
        (
            "import importlib\nimport urllib.parse\nNAME = 'pkg.infra'\nimportlib.import_module(NAME)\n"
            "TEXT = 'import pkg.ui'\n"
        ),
        [],
    ),
    (
        "no report: other layers may import the ui and infra",
        "pkg/app/m.py",
        "from pkg import ui, infra\nfrom ..infra.db import save\nimport pkg.ui.widgets\n",
        [],
    ),
]


@pytest.mark.parametrize(("relative", "source", "lines"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_import_form(relative: str, source: str, lines: list[int], tmp_path: Path) -> None:
    target = tmp_path / relative
    target.parent.mkdir(parents=True)
    target.write_text(source, encoding="utf-8")
    expected = [f"{relative}:{line}" for line in lines]
    got = _reported(tmp_path)
    assert got == expected, (
        f"For {relative} containing:\n{textwrap.indent(source, '    ')}\n"
        f"expected the report {expected}, got {got}."
    )


def test_the_command_line_prints_one_line_per_violation_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    status = _linter().main([str(SAMPLE)])
    printed = capsys.readouterr().out.splitlines()
    assert status == 1, f"Expected exit status 1 when there are violations, got {status}."
    starts = [line.split(": ", 1)[0] for line in printed]
    assert starts == SAMPLE_VIOLATIONS, f"Expected lines starting with {SAMPLE_VIOLATIONS}, got {printed}."


def test_the_command_line_exits_0_for_a_clean_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pkg" / "domain").mkdir(parents=True)
    (tmp_path / "pkg" / "domain" / "m.py").write_text("from . import rules\n", encoding="utf-8")
    status = _linter().main([str(tmp_path)])
    assert status == 0, f"Expected exit status 0 for a project without violations, got {status}."
    assert capsys.readouterr().out == "", "Expected no output for a project without violations."
