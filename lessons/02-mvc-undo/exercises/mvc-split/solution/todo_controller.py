"""The controller: turns what the user typed into calls on the model.

It never draws. When the model changes, the model notifies the view, which redraws itself; so a command
produces exactly one redraw however it reaches the model. The controller only talks to the view to report
input it could not understand.
"""
from __future__ import annotations

from typing import Protocol

from todo_model import TodoModel


class ErrorDisplay(Protocol):
    """The one thing the controller needs from a view."""

    def show_error(self, message: str) -> None: ...


class TodoController:
    def __init__(self, model: TodoModel, view: ErrorDisplay) -> None:
        self._model = model
        self._view = view

    def handle(self, line: str) -> None:
        """Run one command: `add TITLE`, `done N`, `rm N` or `clear`. Bad input is shown, never raised."""
        command, _, argument = line.strip().partition(" ")
        argument = argument.strip()
        try:
            if not command:
                return
            if command == "add":
                self._model.add(argument)
            elif command == "done":
                self._model.toggle(_parse_id(argument))
            elif command == "rm":
                self._model.remove(_parse_id(argument))
            elif command == "clear":
                self._model.clear_done()
            else:
                self._view.show_error(f"unknown command {command!r} (try add, done, rm, clear)")
        except (LookupError, ValueError) as error:
            # The model raises; the controller decides that the user should see it.
            self._view.show_error(str(error))


def _parse_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"expected a todo number, got {text!r}") from None
