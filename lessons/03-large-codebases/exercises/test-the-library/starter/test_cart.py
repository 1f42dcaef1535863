"""Your tests for cart.py.

The checks run this suite against the real cart.py and against 5 mutants of it: copies with one small bug
planted each. A strong suite passes on the real library and fails on every mutant. Run it yourself with

    python -m pytest -q test_cart.py
"""
from __future__ import annotations

import pytest

from cart import Cart


@pytest.fixture
def cart() -> Cart:
    """A fresh, empty cart for every test that names a `cart` parameter."""
    return Cart()


def test_a_new_cart_is_empty(cart: Cart) -> None:
    assert cart.subtotal() == 0
    assert cart.total() == 0


# TODO: a second fixture: a cart that already holds a few lines, so tests of add/remove start from real state.
# TODO: @pytest.mark.parametrize tests for the boundaries the docstrings promise (the bulk discount threshold,
#       quantities 0 and 1, removing some or all units, amounts whose 10 % is not a whole number of cents).
# TODO: tests for the error paths with `with pytest.raises(ValueError):` and KeyError.
