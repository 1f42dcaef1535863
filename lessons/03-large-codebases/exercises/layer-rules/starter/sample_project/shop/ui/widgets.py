"""Widgets that format domain values for people."""
from __future__ import annotations

from ..domain.money import Money


def format_price(price: Money) -> str:
    return f"{price.cents // 100}.{price.cents % 100:02d} EUR"
