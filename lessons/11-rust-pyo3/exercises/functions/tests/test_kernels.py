"""Checks for `kernels`: the Rust functions must behave exactly like their Python definitions, on every input
Hypothesis can think of, and fail the Python way (ValueError, TypeError) when they cannot."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=300)

# Letters of 1 to 4 UTF-8 bytes, and every kind of whitespace Python's str.split() knows, including the four
# ASCII separators U+001C..U+001F (whitespace to Python, not to Unicode) and U+200B, which is not whitespace.
TRICKY = "ab\u00e9\u00df\u20ac\u65e5\U0001f600 \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u3000\u200b"


def word_count_reference(text: str, min_len: int = 1) -> dict[str, int]:
    """The specification, in Python."""
    return dict(Counter(w for w in text.split() if len(w) >= min_len))


def dot_reference(a: Sequence[float], b: Sequence[float]) -> float:
    """The specification, in Python: the products added left to right."""
    total = 0.0
    for x, y in zip(a, b, strict=True):
        total += x * y
    return total


@SETTINGS
@given(text=st.text(), min_len=st.integers(min_value=1, max_value=4))
def test_word_count_equals_the_python_definition_on_any_unicode_text(text: str, min_len: int) -> None:
    from kernels import word_count

    expected = word_count_reference(text, min_len)
    got = word_count(text, min_len)
    assert got == expected, f"word_count({text!r}, {min_len}): expected {expected!r}, got {got!r}"


@SETTINGS
@given(text=st.text(alphabet=TRICKY, max_size=40), min_len=st.integers(min_value=1, max_value=3))
def test_word_count_splits_where_python_splits_and_measures_characters(text: str, min_len: int) -> None:
    from kernels import word_count

    expected = word_count_reference(text, min_len)
    got = word_count(text, min_len)
    assert got == expected, f"word_count({text!r}, {min_len}): expected {expected!r}, got {got!r}"


def test_word_count_counts_repeated_words() -> None:
    from kernels import word_count

    got = word_count("the cat and the hat and the bat")
    assert got == {"the": 3, "cat": 1, "and": 2, "hat": 1, "bat": 1}, f"expected the counts of each word, got {got!r}"


def test_word_count_measures_words_in_characters_not_bytes() -> None:
    from kernels import word_count

    # "café" is 4 characters but 5 UTF-8 bytes; "日本語" is 3 characters but 9 bytes; each emoji is 4 bytes.
    got = word_count("café naïve 日本語 \U0001f600\U0001f600 tea", min_len=4)
    expected = {"café": 1, "naïve": 1}
    assert got == expected, f"len() counts characters (code points), not bytes: expected {expected!r}, got {got!r}"


def test_word_count_splits_on_the_ascii_separators_python_counts_as_whitespace() -> None:
    from kernels import word_count

    got = word_count("a\x1cb\x1dc\x1ed\x1fe\u3000f\xa0g\u200bh")
    expected = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1, "g\u200bh": 1}
    assert got == expected, f"str.split() splits on U+001C..U+001F but not on U+200B: expected {expected!r}, got {got!r}"


def test_word_count_of_blank_text_is_an_empty_dict() -> None:
    from kernels import word_count

    for text in ("", "   ", "\n\t \u3000"):
        got = word_count(text)
        assert got == {}, f"word_count({text!r}): expected {{}}, got {got!r}"


def test_word_count_with_min_len_zero_raises_value_error() -> None:
    from kernels import word_count

    with pytest.raises(ValueError, match="min_len"):
        word_count("a b c", 0)


def test_word_count_rejects_bytes_with_type_error() -> None:
    from kernels import word_count

    with pytest.raises(TypeError):
        word_count(b"not a str")  # type: ignore[arg-type]


def test_a_lone_surrogate_cannot_enter_rust_and_raises_unicode_encode_error() -> None:
    from kernels import word_count

    # A Rust &str is always valid UTF-8; a str holding half a surrogate pair has no UTF-8 form.
    with pytest.raises(UnicodeEncodeError):
        word_count("broken \ud800 text")


FINITE = st.floats(min_value=-1e150, max_value=1e150, allow_nan=False)
VECTORS = st.integers(min_value=0, max_value=40).flatmap(
    lambda n: st.tuples(st.lists(FINITE, min_size=n, max_size=n), st.lists(FINITE, min_size=n, max_size=n))
)


@SETTINGS
@given(vectors=VECTORS)
def test_dot_equals_a_python_loop_bit_for_bit(vectors: tuple[list[float], list[float]]) -> None:
    from kernels import dot

    a, b = vectors
    expected = dot_reference(a, b)
    got = dot(a, b)
    assert got == expected, f"dot({a!r}, {b!r}): expected {expected!r} (products added left to right), got {got!r}"


def test_dot_of_two_empty_vectors_is_zero() -> None:
    from kernels import dot

    got = dot([], [])
    assert got == 0.0, f"expected 0.0, got {got!r}"


def test_dot_accepts_ints_tuples_and_ranges() -> None:
    from kernels import dot

    got = dot((1, 2, 3), range(4, 7))
    assert got == 32.0 and isinstance(got, float), f"dot((1, 2, 3), range(4, 7)): expected 32.0, got {got!r}"


def test_dot_of_different_lengths_raises_value_error_naming_both_lengths() -> None:
    from kernels import dot

    with pytest.raises(ValueError) as caught:
        dot([1.0, 2.0, 3.0], [1.0, 2.0])
    message = str(caught.value)
    assert "3" in message and "2" in message, f"the message should name both lengths (3 and 2), got {message!r}"


def test_dot_rejects_things_that_are_not_numbers_with_type_error() -> None:
    from kernels import dot

    with pytest.raises(TypeError):
        dot([1.0, "two"], [1.0, 2.0])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        dot("ab", "cd")  # type: ignore[arg-type]
