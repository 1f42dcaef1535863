"""The controller: turns what the user typed into calls on the model.

TANGLED: the controller draws the view itself after every command (so the list appears twice), prints its
own errors, and lets bad numbers crash the app.
"""
from __future__ import annotations

from todo_model import TodoModel
from todo_view import TodoView


class TodoController:
    def __init__(self, model: TodoModel, view: TodoView) -> None:
        self.model = model
        self.view = view

    def handle(self, line: str) -> None:
        """Run one command: `add TITLE`, `done N`, `rm N` or `clear`."""
        command, _, argument = line.strip().partition(" ")
        if command == "add":
            self.model.add(argument)
        elif command == "done":
            self.model.toggle(int(argument))  # TODO: "done two" raises ValueError: catch it, report it
        elif command == "rm":
            self.model.remove(int(argument))
        elif command == "clear":
            self.model.clear_done()
        else:
            # TODO: report problems through self.view.show_error(...), never print from a controller.
            print(f"error: unknown command {command!r} (try add, done, rm, clear)")
            return
        self.view.render()  # TODO: the controller does not draw: the view redraws when the model notifies it.
