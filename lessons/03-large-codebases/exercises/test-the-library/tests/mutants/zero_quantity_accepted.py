"""cart: a small shopping-cart library. This is the code under test: read it as the specification.

Prices are whole cents (int), never floats, so 1999 means 19.99 and sums are exact.
"""
from __future__ import annotations

from dataclasses import dataclass

#: Orders whose subtotal is at least this many cents (100.00) get the bulk discount.
BULK_THRESHOLD = 10_000
#: The bulk discount, in percent of the subtotal.
BULK_DISCOUNT_PERCENT = 10


@dataclass(frozen=True)
class Line:
    """One line of the cart: `quantity` units of `sku` at `unit_price` cents each."""

    sku: str
    unit_price: int
    quantity: int

    @property
    def amount(self) -> int:
        """unit_price * quantity, in cents."""
        return self.unit_price * self.quantity


class Cart:
    """A shopping cart: lines keyed by SKU, a subtotal and a bulk discount."""

    def __init__(self) -> None:
        self._lines: dict[str, Line] = {}

    def add(self, sku: str, unit_price: int, quantity: int = 1) -> None:
        """Add `quantity` units of `sku` at `unit_price` cents each.

        Raises ValueError if `quantity` is less than 1 or `unit_price` is negative. Adding a SKU that is
        already in the cart increases its quantity; its unit price must then be the same as before, else
        ValueError (and the cart is unchanged).
        """
        if quantity < 0:  # MUTANT: 1 became 0
            raise ValueError(f"quantity must be at least 1, got {quantity}")
        if unit_price < 0:
            raise ValueError(f"unit_price must not be negative, got {unit_price}")
        line = self._lines.get(sku)
        if line is None:
            self._lines[sku] = Line(sku, unit_price, quantity)
            return
        if line.unit_price != unit_price:
            raise ValueError(f"{sku} costs {line.unit_price}, not {unit_price}")
        self._lines[sku] = Line(sku, unit_price, line.quantity + quantity)

    def remove(self, sku: str, quantity: int | None = None) -> None:
        """Remove `quantity` units of `sku`, or all of them when `quantity` is None.

        Raises KeyError if `sku` is not in the cart, and ValueError if `quantity` is less than 1 or more than
        the cart holds. A line whose quantity reaches 0 disappears from the cart.
        """
        line = self._lines[sku]
        if quantity is None:
            quantity = line.quantity
        if quantity < 1 or quantity > line.quantity:
            raise ValueError(f"cannot remove {quantity} of {line.quantity} units of {sku}")
        remaining = line.quantity - quantity
        if remaining == 0:
            del self._lines[sku]
        else:
            self._lines[sku] = Line(sku, line.unit_price, remaining)

    def quantity(self, sku: str) -> int:
        """How many units of `sku` the cart holds (0 if none)."""
        line = self._lines.get(sku)
        return 0 if line is None else line.quantity

    def lines(self) -> list[Line]:
        """The lines of the cart, sorted by SKU."""
        return sorted(self._lines.values(), key=lambda line: line.sku)

    def __len__(self) -> int:
        """The number of lines (distinct SKUs), not of units."""
        return len(self._lines)

    def subtotal(self) -> int:
        """The sum of the lines' amounts, in cents."""
        return sum(line.amount for line in self._lines.values())

    def discount(self) -> int:
        """The bulk discount in cents: BULK_DISCOUNT_PERCENT of the subtotal, rounded down to whole cents,
        when the subtotal is at least BULK_THRESHOLD; otherwise 0.
        """
        subtotal = self.subtotal()
        if subtotal >= BULK_THRESHOLD:
            return subtotal * BULK_DISCOUNT_PERCENT // 100
        return 0

    def total(self) -> int:
        """What the customer pays: the subtotal minus the discount, in cents."""
        return self.subtotal() - self.discount()
