"""Type stubs for the Rust extension module `kernels` (maturin ships them in the wheel, with py.typed)."""

from collections.abc import Sequence

def word_count(text: str, min_len: int = 1) -> dict[str, int]:
    """How often each whitespace-separated word of at least `min_len` characters occurs in `text`."""

def dot(a: Sequence[float], b: Sequence[float]) -> float:
    """The dot product of two equally long sequences; ValueError when their lengths differ."""
