"""The model: the todo list's state and its rules. It knows nothing about screens, keyboards or printing.

The model is the only code that changes todos. After every change it tells its subscribers (the observer
pattern), so it never needs to know who listens: a terminal view, a GUI, a test's fake view, or nobody.
Nothing in this file imports the view or the controller: the dependency arrows point towards the model.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

Listener = Callable[[], None]


class UnknownTodo(LookupError):
    """Raised when an id names no todo. The model reports errors; deciding how to show them is not its job."""


@dataclass(frozen=True)
class Todo:
    """One item. Frozen, so whoever receives it (a view, say) cannot change the model behind its back."""

    id: int
    title: str
    done: bool = False


class TodoModel:
    def __init__(self) -> None:
        self._todos: list[Todo] = []  # private: only the methods below change it
        self._next_id = 1
        self._listeners: list[Listener] = []

    # -- observers -------------------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener()` after every change; return a function that unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _changed(self) -> None:
        """Tell every subscriber, once. Iterate over a copy: a listener may unsubscribe while we loop."""
        for listener in list(self._listeners):
            listener()

    # -- queries: read-only, safe to hand to a view -----------------------------------------------------------

    @property
    def todos(self) -> tuple[Todo, ...]:
        """A snapshot: a tuple of frozen todos, so the caller cannot change the model through it."""
        return tuple(self._todos)

    @property
    def remaining(self) -> int:
        """How many todos are not done yet."""
        return sum(1 for todo in self._todos if not todo.done)

    # -- commands: each one is one change and therefore one notification --------------------------------------

    def add(self, title: str) -> Todo:
        """Append a todo with the next id and return it."""
        title = title.strip()
        if not title:
            raise ValueError("a todo needs a title")
        todo = Todo(self._next_id, title)
        self._next_id += 1
        self._todos.append(todo)
        self._changed()
        return todo

    def toggle(self, todo_id: int) -> None:
        """Mark the todo done, or not done again."""
        index = self._index_of(todo_id)
        todo = self._todos[index]
        self._todos[index] = replace(todo, done=not todo.done)
        self._changed()

    def remove(self, todo_id: int) -> None:
        """Delete the todo."""
        del self._todos[self._index_of(todo_id)]
        self._changed()

    def clear_done(self) -> int:
        """Delete every done todo as ONE change; return how many went. No change, no notification."""
        kept = [todo for todo in self._todos if not todo.done]
        removed = len(self._todos) - len(kept)
        if removed:
            self._todos = kept
            self._changed()
        return removed

    def _index_of(self, todo_id: int) -> int:
        for index, todo in enumerate(self._todos):
            if todo.id == todo_id:
                return index
        raise UnknownTodo(f"there is no todo number {todo_id}")
