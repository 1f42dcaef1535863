from __future__ import annotations

from importlib import import_module
from types import ModuleType

from .. import ui
from . import limits
from .ui_labels import LIMIT_EXCEEDED


def check_limit(amount: int) -> None:
    if amount > limits.MAX_WITHDRAWAL:
        raise ValueError(LIMIT_EXCEEDED)


def console() -> ModuleType:
    return import_module(
        "bank.ui.console"
    )


def plugin(name: str) -> ModuleType:
    return import_module(f"bank.{name}")


UI = ui
