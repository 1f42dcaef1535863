"""Tests for cart.py: each test pins down one promise of the library's docstrings.

The checks run this suite against the real cart.py and against 5 mutants of it: copies with one small bug
planted each. A strong suite passes on the real library and fails on every mutant. Run it yourself with

    python -m pytest -q test_cart.py
"""
from __future__ import annotations

import pytest

from cart import BULK_THRESHOLD, Cart, Line


@pytest.fixture
def cart() -> Cart:
    """A fresh, empty cart for every test that names a `cart` parameter."""
    return Cart()


@pytest.fixture
def filled() -> Cart:
    """A cart with three lines: 2 apples at 0.50, 1 book at 12.99, 3 pens at 1.20 (subtotal 20.59)."""
    cart = Cart()
    cart.add("pen", 120, 3)
    cart.add("apple", 50, 2)
    cart.add("book", 1299)
    return cart


def test_a_new_cart_is_empty(cart: Cart) -> None:
    assert cart.subtotal() == 0
    assert cart.total() == 0
    assert len(cart) == 0
    assert cart.lines() == []


# --- add ---


def test_lines_are_sorted_by_sku_and_subtotal_sums_price_times_quantity(filled: Cart) -> None:
    assert filled.lines() == [Line("apple", 50, 2), Line("book", 1299, 1), Line("pen", 120, 3)]
    assert filled.subtotal() == 2 * 50 + 1299 + 3 * 120


def test_adding_an_existing_sku_increases_its_quantity(filled: Cart) -> None:
    filled.add("apple", 50, 3)
    assert filled.quantity("apple") == 5  # catches "re-adding replaces the quantity"
    assert len(filled) == 3, "the same SKU stays one line"


@pytest.mark.parametrize("quantity", [1, 2, 100])
def test_add_accepts_any_quantity_of_at_least_one(cart: Cart, quantity: int) -> None:
    cart.add("apple", 50, quantity)
    assert cart.quantity("apple") == quantity


@pytest.mark.parametrize("quantity", [0, -1])  # 0 is the boundary: it catches "< 1" turned into "< 0"
def test_add_refuses_a_quantity_below_one_and_leaves_the_cart_unchanged(filled: Cart, quantity: int) -> None:
    before = filled.lines()
    with pytest.raises(ValueError):
        filled.add("apple", 50, quantity)
    assert filled.lines() == before


def test_add_accepts_a_free_item_but_refuses_a_negative_price(cart: Cart) -> None:
    cart.add("sticker", 0)
    assert cart.quantity("sticker") == 1
    with pytest.raises(ValueError):
        cart.add("coupon", -1)


def test_readding_a_sku_at_another_price_is_refused(filled: Cart) -> None:
    with pytest.raises(ValueError):
        filled.add("apple", 55)
    assert filled.quantity("apple") == 2


# --- remove ---


def test_removing_some_units_keeps_the_line(filled: Cart) -> None:
    filled.remove("pen", 2)
    assert filled.quantity("pen") == 1
    assert len(filled) == 3


@pytest.mark.parametrize("quantity", [None, 3], ids=["all by default", "all by count"])
def test_removing_every_unit_deletes_the_line(filled: Cart, quantity: int | None) -> None:
    filled.remove("pen", quantity)
    # quantity() says 0 for a deleted line *and* for an empty one, so look at the lines themselves.
    assert [line.sku for line in filled.lines()] == ["apple", "book"]
    assert len(filled) == 2


def test_removing_an_unknown_sku_raises_key_error(filled: Cart) -> None:
    with pytest.raises(KeyError):
        filled.remove("laptop")


@pytest.mark.parametrize("quantity", [0, 4])  # the pens hold 3 units
def test_removing_a_quantity_out_of_range_raises_value_error(filled: Cart, quantity: int) -> None:
    with pytest.raises(ValueError):
        filled.remove("pen", quantity)
    assert filled.quantity("pen") == 3


# --- discount and total ---


@pytest.mark.parametrize(
    ("subtotal", "discount"),
    [
        (BULK_THRESHOLD - 1, 0),  # 99.99: just below the threshold
        (BULK_THRESHOLD, 1_000),  # exactly 100.00: the threshold itself gets the discount
        (10_005, 1_000),  # 10 % of 100.05 is 1000.5 cents, rounded *down*
        (10_009, 1_000),
        (10_010, 1_001),
    ],
)
def test_bulk_discount_is_ten_percent_rounded_down_from_the_threshold_on(
    cart: Cart, subtotal: int, discount: int
) -> None:
    cart.add("tv", subtotal)
    assert cart.discount() == discount
    assert cart.total() == subtotal - discount


def test_the_discount_applies_to_the_whole_subtotal(cart: Cart) -> None:
    cart.add("chair", 2_500, 4)  # 4 x 25.00 = 100.00: reaches the threshold only through the quantity
    assert cart.subtotal() == BULK_THRESHOLD
    assert cart.total() == 9_000
