"""Type stubs for the Rust extension module `ratelimit` (maturin ships them in the wheel, with py.typed)."""

from collections.abc import Callable
from typing import Self

class TokenBucket:
    """A token bucket: up to `capacity` tokens, refilled at `rate` tokens per second of `clock()` time."""

    @property
    def capacity(self) -> int: ...
    @property
    def rate(self) -> float: ...
    def __init__(
        self,
        capacity: int,
        rate: float,
        clock: Callable[[], float] | None = None,
        on_denied: Callable[[int], object] | None = None,
    ) -> None: ...
    def try_take(self, n: int = 1) -> bool:
        """Takes `n` tokens and returns True, or calls on_denied(n) and returns False."""
    def __len__(self) -> int: ...
    def __iter__(self) -> Self: ...
    def __next__(self) -> float: ...
