"""The view: turns the model into text.

TANGLED: the view plugs itself into the model and reorders the model's own list while drawing.
Keep the text it draws exactly as it is: the checks compare it.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from todo_model import TodoModel

Write = Callable[[str], None]


class TodoView:
    def __init__(self, model: TodoModel, write: Write = print) -> None:
        self.model = model
        self.write = write
        model.view = self  # TODO: a view must not write into the model: subscribe self.render to it instead.

    def render(self) -> None:
        """Draw the whole list: open todos first, then done ones, each group by id."""
        todos = self.model.todos
        todos.sort(key=lambda todo: (todo.done, todo.id))  # TODO: this reorders the MODEL's list: sort a copy.
        lines = ["Todo list"]
        lines += [f"  [{'x' if todo.done else ' '}] {todo.id} {todo.title}" for todo in todos]
        if not todos:
            lines.append("  (nothing to do)")
        remaining = self.model.remaining
        lines.append(f"{remaining} item{'' if remaining == 1 else 's'} left")
        self.write("\n".join(lines))

    def show_error(self, message: str) -> None:
        self.write(f"error: {message}")
