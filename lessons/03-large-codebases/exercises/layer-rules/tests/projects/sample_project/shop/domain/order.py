"""Orders: lines of money that can be placed."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..infra.db import save_order  # planted violation 1: a relative import
from . import ui_text
from .money import Money


@dataclass
class Order:
    number: int
    lines: list[Money] = field(default_factory=list)

    def total(self) -> Money:
        total = Money(0)
        for line in self.lines:
            total = total + line
        return total

    def place(self) -> str:
        save_order(self.number, self.total().cents)
        return ui_text.ORDER_PLACED
