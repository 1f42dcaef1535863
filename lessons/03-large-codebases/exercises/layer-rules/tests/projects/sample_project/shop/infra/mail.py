"""A pretend mail server."""
from __future__ import annotations

OUTBOX: list[str] = []


def send(message: str) -> None:
    OUTBOX.append(message)
