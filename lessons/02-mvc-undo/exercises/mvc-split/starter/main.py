"""Run the todo app in the terminal: `python3 main.py`.

This is the composition root, the one place that knows all three parts and wires them together.
"""
from __future__ import annotations

from todo_controller import TodoController
from todo_model import TodoModel
from todo_view import TodoView


def main() -> None:
    model = TodoModel()
    view = TodoView(model)  # subscribes itself to the model
    controller = TodoController(model, view)
    view.render()
    print("commands: add TITLE, done N, rm N, clear, quit")
    while True:
        try:
            line = input("> ")
        except EOFError:
            break
        if line.strip() == "quit":
            break
        controller.handle(line)


if __name__ == "__main__":
    main()
