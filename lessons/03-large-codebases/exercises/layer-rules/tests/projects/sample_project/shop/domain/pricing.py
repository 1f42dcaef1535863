"""Prices with tax. This docstring mentions shop.infra and shop.ui, but a string is not an import."""
from __future__ import annotations

import shop.domain.money

TAX_PERCENT = 25


def with_tax(price: shop.domain.money.Money) -> shop.domain.money.Money:
    return shop.domain.money.Money(price.cents * (100 + TAX_PERCENT) // 100)


def price_label(price: shop.domain.money.Money) -> str:
    from shop.ui.widgets import format_price  # planted violation 2: in a function

    return format_price(with_tax(price))
