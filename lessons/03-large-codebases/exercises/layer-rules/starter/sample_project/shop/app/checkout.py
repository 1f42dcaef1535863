"""The checkout use case: builds an order, places it, mails a receipt."""
from __future__ import annotations

from shop.domain.money import Money
from shop.domain.order import Order
from shop.infra import mail
from shop.ui.widgets import format_price


def checkout(number: int, prices: list[int]) -> str:
    order = Order(number, [Money(cents) for cents in prices])
    message = order.place()
    mail.send(f"{message}: {format_price(order.total())}")
    return message
