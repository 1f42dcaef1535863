"""Domain events, and the plug-ins that react to them, found by name at run time."""
from __future__ import annotations

import importlib
from types import ModuleType


def load_plugin(name: str) -> ModuleType:
    # The name is only known at run time: a static linter cannot judge this call, so it is not reported.
    return importlib.import_module(name)


def money_module() -> ModuleType:
    return importlib.import_module("shop.domain.money")  # domain -> domain: fine


def mailer() -> ModuleType:
    return importlib.import_module("shop.infra.mail")  # planted violation 3: by name
