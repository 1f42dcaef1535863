"""The model: the todo list's state and its rules.

TANGLED: this code was moved out of a one-file app without separating the responsibilities. The model
imports the view, draws it after each change, and prints error messages. Read the TODOs.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import todo_view  # TODO: the model must not import the view (nor the controller): the arrow points the wrong way.

Listener = Callable[[], None]


class UnknownTodo(LookupError):
    """Raised when an id names no todo."""


@dataclass  # TODO: make Todo frozen, so nobody outside the model can change a todo.
class Todo:
    id: int
    title: str
    done: bool = False


class TodoModel:
    def __init__(self) -> None:
        # TODO: keep the list private (self._todos) and expose a read-only `todos` property returning a tuple.
        self.todos: list[Todo] = []
        self._next_id = 1
        # TODO: no view in here: keep a list of listeners instead.
        self.view: todo_view.TodoView | None = None

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener()` after every change; return a function that unsubscribes it."""
        # TODO: remember the listener and return a function that forgets it again.
        return lambda: None

    @property
    def remaining(self) -> int:
        return sum(1 for todo in self.todos if not todo.done)

    def add(self, title: str) -> Todo:
        # TODO: an empty title is an error: raise ValueError.
        todo = Todo(self._next_id, title.strip())
        self._next_id += 1
        self.todos.append(todo)
        self._redraw()
        return todo

    def toggle(self, todo_id: int) -> None:
        todo = self._find(todo_id)
        if todo is not None:
            todo.done = not todo.done  # TODO: with a frozen Todo, store dataclasses.replace(todo, done=...)
            self._redraw()

    def remove(self, todo_id: int) -> None:
        todo = self._find(todo_id)
        if todo is not None:
            self.todos.remove(todo)
            self._redraw()

    def clear_done(self) -> int:
        done = [todo for todo in self.todos if todo.done]
        for todo in done:
            # TODO: clearing is ONE change: notify once, not once per todo (and not at all if nothing was done).
            self.remove(todo.id)
        return len(done)

    def _find(self, todo_id: int) -> Todo | None:
        for todo in self.todos:
            if todo.id == todo_id:
                return todo
        print(f"error: there is no todo number {todo_id}")  # TODO: a model never prints: raise UnknownTodo
        return None

    def _redraw(self) -> None:
        # TODO: notify every listener instead of driving one particular view.
        if self.view is not None:
            self.view.render()
