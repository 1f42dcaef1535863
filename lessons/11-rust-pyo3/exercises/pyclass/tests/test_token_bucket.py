"""Checks for `ratelimit.TokenBucket`: the Python protocols (len, iter, repr), time through an injected clock,
and PyO3's run-time borrow checking when a callback re-enters the bucket."""
from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)


class FakeClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_a_new_bucket_is_full() -> None:
    from ratelimit import TokenBucket

    bucket = TokenBucket(3, 2.0, clock=FakeClock())
    assert len(bucket) == 3, f"a new bucket of capacity 3 should hold 3 tokens, len() gave {len(bucket)}"
    assert (bucket.capacity, bucket.rate) == (3, 2.0), f"expected capacity 3 and rate 2.0, got {(bucket.capacity, bucket.rate)}"


def test_try_take_grants_until_the_bucket_is_empty_then_denies() -> None:
    from ratelimit import TokenBucket

    bucket = TokenBucket(3, 1.0, clock=FakeClock())
    answers = [bucket.try_take() for _ in range(4)]
    assert answers == [True, True, True, False], f"three tokens, four requests: expected [True, True, True, False], got {answers}"
    assert len(bucket) == 0, f"expected an empty bucket, len() gave {len(bucket)}"


def test_a_request_for_several_tokens_takes_all_of_them_or_none() -> None:
    from ratelimit import TokenBucket

    bucket = TokenBucket(5, 1.0, clock=FakeClock())
    assert bucket.try_take(3) is True, "5 tokens are there: try_take(3) should be granted"
    assert len(bucket) == 2, f"after taking 3 of 5, expected 2 left, got {len(bucket)}"
    assert bucket.try_take(3) is False, "only 2 tokens left: try_take(3) should be denied"
    assert len(bucket) == 2, f"a denied request must take nothing: expected 2 left, got {len(bucket)}"


def test_tokens_come_back_as_the_injected_clock_advances_up_to_the_capacity() -> None:
    from ratelimit import TokenBucket

    clock = FakeClock(100.0)
    bucket = TokenBucket(3, 2.0, clock=clock)
    for _ in range(3):
        bucket.try_take()
    seen = []
    for step in (0.25, 0.25, 0.5, 10.0):
        clock.advance(step)
        seen.append(len(bucket))
    assert seen == [0, 1, 2, 3], f"at 2 tokens/s, after 0.25, 0.5, 1.0 and 11 s: expected [0, 1, 2, 3] (capped), got {seen}"


def test_a_clock_that_steps_backwards_never_takes_tokens_away() -> None:
    from ratelimit import TokenBucket

    clock = FakeClock(50.0)
    bucket = TokenBucket(4, 1.0, clock=clock)
    bucket.try_take(2)
    clock.now = 10.0
    assert len(bucket) == 2, f"time went backwards: expected the 2 tokens to stay, got {len(bucket)}"


def test_iterating_takes_one_token_per_step_and_yields_the_clock_reading() -> None:
    from ratelimit import TokenBucket

    clock = FakeClock(7.5)
    bucket = TokenBucket(3, 1.0, clock=clock)
    assert iter(bucket) is bucket, "a bucket is its own iterator: iter(bucket) should return the bucket itself"
    taken = list(bucket)
    assert taken == [7.5, 7.5, 7.5], f"a full bucket of 3 at time 7.5: expected [7.5, 7.5, 7.5], got {taken}"
    assert len(bucket) == 0, f"iterating should drain the bucket, {len(bucket)} tokens are left"
    with pytest.raises(StopIteration):
        next(bucket)
    clock.advance(1.0)
    assert next(bucket) == 8.5, "one second later there is a token again, taken at 8.5"


def test_repr_shows_capacity_rate_and_the_whole_tokens_available_now() -> None:
    from ratelimit import TokenBucket

    clock = FakeClock()
    bucket = TokenBucket(3, 2.0, clock=clock)
    assert repr(bucket) == "TokenBucket(capacity=3, rate=2.0, tokens=3)", f"got {bucket!r}"
    bucket.try_take(3)
    clock.advance(0.75)
    assert repr(bucket) == "TokenBucket(capacity=3, rate=2.0, tokens=1)", f"1.5 tokens after 0.75 s at 2/s: got {bucket!r}"
    half = TokenBucket(1, 0.5, clock=clock)
    assert repr(half) == "TokenBucket(capacity=1, rate=0.5, tokens=1)", f"got {half!r}"


@pytest.mark.parametrize(
    "arguments",
    [(0, 1.0), (3, -1.0), (3, math.nan), (3, math.inf)],
    ids=["capacity 0", "negative rate", "rate nan", "rate inf"],
)
def test_a_bucket_that_cannot_work_is_refused_with_value_error(arguments: tuple[int, float]) -> None:
    from ratelimit import TokenBucket

    with pytest.raises(ValueError):
        TokenBucket(*arguments, clock=FakeClock())


@pytest.mark.parametrize("n", [0, 4], ids=["zero tokens", "more than the capacity"])
def test_a_request_that_can_never_be_granted_raises_value_error(n: int) -> None:
    from ratelimit import TokenBucket

    bucket = TokenBucket(3, 1.0, clock=FakeClock())
    with pytest.raises(ValueError):
        bucket.try_take(n)


def test_a_clock_that_returns_no_number_raises_type_error() -> None:
    from ratelimit import TokenBucket

    def soon() -> str:
        return "soon"

    with pytest.raises(TypeError):
        TokenBucket(3, 1.0, clock=soon)  # type: ignore[arg-type]


def test_without_a_clock_the_bucket_uses_real_time() -> None:
    from ratelimit import TokenBucket

    bucket = TokenBucket(2, 0.001)
    assert bucket.try_take() and bucket.try_take(), "a new bucket with the default clock should grant its 2 tokens"
    assert not bucket.try_take(), "the third request should be denied (1 token per 1000 s)"


def test_on_denied_is_called_once_per_denied_request_with_the_count() -> None:
    from ratelimit import TokenBucket

    calls: list[int] = []
    bucket = TokenBucket(2, 1.0, clock=FakeClock(), on_denied=calls.append)
    bucket.try_take(2)
    bucket.try_take(1)
    bucket.try_take(2)
    assert calls == [1, 2], f"two denied requests (1 and 2 tokens): expected on_denied calls [1, 2], got {calls}"


def test_an_exception_raised_by_on_denied_reaches_the_caller() -> None:
    from ratelimit import TokenBucket

    def alarm(n: int) -> None:
        raise OverflowError(f"rate limit hit for {n}")

    bucket = TokenBucket(1, 1.0, clock=FakeClock(), on_denied=alarm)
    bucket.try_take()
    with pytest.raises(OverflowError, match="rate limit hit for 1"):
        bucket.try_take()


REENTRANT: dict[str, Callable[[object], object]] = {
    "try_take": lambda bucket: bucket.try_take(),  # type: ignore[attr-defined]
    "len": lambda bucket: len(bucket),  # type: ignore[arg-type]
    "repr": repr,
}


@pytest.mark.parametrize("action", list(REENTRANT))
def test_an_on_denied_callback_that_re_enters_the_bucket_gets_runtime_error_already_borrowed(action: str) -> None:
    from ratelimit import TokenBucket

    def on_denied(n: int) -> None:
        REENTRANT[action](bucket)  # the bucket is still mutably borrowed by the try_take that called us

    clock = FakeClock()
    bucket = TokenBucket(1, 1.0, clock=clock, on_denied=on_denied)
    assert bucket.try_take(), "the first request to a full bucket should be granted"
    with pytest.raises(RuntimeError, match="(?i)borrowed"):
        bucket.try_take()  # denied: calls on_denied, which re-enters
    # The failed re-entry did no damage, and the borrow ended with the call.
    clock.advance(1.0)
    assert len(bucket) == 1, f"after the error and 1 s, expected 1 token, got {len(bucket)}"
    assert bucket.try_take(), "the bucket should work normally again after the error"


class ModelBucket:
    """The specification in Python: the state machine compares the Rust bucket against it."""

    def __init__(self, capacity: int, rate: float, clock: FakeClock) -> None:
        self.capacity, self.rate, self.clock = capacity, rate, clock
        self.tokens = float(capacity)
        self.last = clock()

    def refill(self) -> float:
        now = self.clock()
        if now > self.last:
            self.tokens = min(float(self.capacity), self.tokens + (now - self.last) * self.rate)
            self.last = now
        return now

    def try_take(self, n: int) -> bool:
        self.refill()
        if self.tokens >= n:
            self.tokens -= n
            return True
        return False

    def __len__(self) -> int:
        self.refill()
        return int(self.tokens)

    def drain(self) -> list[float]:
        taken: list[float] = []
        while True:
            now = self.refill()
            if self.tokens < 1:
                return taken
            self.tokens -= 1
            taken.append(now)


class BucketMachine(RuleBasedStateMachine):
    """Random sequences of requests, time steps and drains; the Rust bucket must agree with the model.
    Times and rates are multiples of 1/8 and 1/2, so every float involved is exact."""

    @initialize(capacity=st.integers(min_value=1, max_value=6), rate=st.sampled_from([0.0, 0.5, 1.0, 2.0, 4.0]))
    def create(self, capacity: int, rate: float) -> None:
        from ratelimit import TokenBucket

        self.clock = FakeClock(1000.0)
        self.bucket = TokenBucket(capacity, rate, clock=self.clock)
        self.model = ModelBucket(capacity, rate, self.clock)
        self.log = [f"TokenBucket({capacity}, {rate})"]

    @rule(seconds=st.sampled_from([0.0, 0.125, 0.25, 0.5, 1.0, 2.5]))
    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.log.append(f"advance({seconds})")

    @rule(n=st.integers(min_value=1, max_value=6))
    def take(self, n: int) -> None:
        n = min(n, self.model.capacity)
        self.log.append(f"try_take({n})")
        got, expected = self.bucket.try_take(n), self.model.try_take(n)
        assert got == expected, f"after {self.log}: expected {expected}, got {got}"

    @rule()
    def drain(self) -> None:
        self.log.append("list(bucket)")
        got, expected = list(self.bucket), self.model.drain()
        assert got == expected, f"after {self.log}: expected {expected}, got {got}"

    @invariant()
    def same_tokens(self) -> None:
        got, expected = len(self.bucket), len(self.model)
        assert got == expected, f"after {self.log}: len() expected {expected}, got {got}"


def test_the_bucket_agrees_with_a_python_model_on_random_sequences() -> None:
    run_state_machine_as_test(
        BucketMachine,
        settings=settings(derandomize=True, database=None, deadline=None, max_examples=60, stateful_step_count=25),
    )
