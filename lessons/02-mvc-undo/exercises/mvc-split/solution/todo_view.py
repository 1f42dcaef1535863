"""The view: turns the model into text. It reads the model and never changes it.

The view depends on the model (it needs the model's data), never the reverse. It asks only for what it
reads, through the small read-only protocol `TodoSource`, so a test can hand it a fake or a read-only proxy.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from todo_model import Todo

Write = Callable[[str], None]


class TodoSource(Protocol):
    """What the view needs from a model: data to read, and a way to hear about changes."""

    @property
    def todos(self) -> Sequence[Todo]: ...

    @property
    def remaining(self) -> int: ...

    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]: ...


class TodoView:
    def __init__(self, model: TodoSource, write: Write = print) -> None:
        self._model = model
        self._write = write
        # The view asks to be told about changes; the model never has to know that this view exists.
        model.subscribe(self.render)

    def render(self) -> None:
        """Draw the whole list (a terminal has no cheaper way to update one line)."""
        self._write(format_todos(self._model.todos, self._model.remaining))

    def show_error(self, message: str) -> None:
        self._write(f"error: {message}")


def format_todos(todos: Sequence[Todo], remaining: int) -> str:
    """Open todos first, then done ones, each group by id; then how many are left."""
    # sorted() makes a new list. Sorting the model's own list in place would reorder the model from the view.
    ordered = sorted(todos, key=lambda todo: (todo.done, todo.id))
    lines = ["Todo list"]
    lines += [f"  [{'x' if todo.done else ' '}] {todo.id} {todo.title}" for todo in ordered]
    if not ordered:
        lines.append("  (nothing to do)")
    lines.append(f"{remaining} item{'' if remaining == 1 else 's'} left")
    return "\n".join(lines)
