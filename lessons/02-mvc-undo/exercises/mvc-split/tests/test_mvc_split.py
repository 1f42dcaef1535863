"""Checks for the mvc-split exercise: dependency direction (an AST import scan), a view that only reads the
model (a read-only proxy), and exactly one redraw per change (a fake view counting renders)."""
from __future__ import annotations

import ast
import contextlib
import pathlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
import todo_controller
import todo_model
import todo_view

# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------


def _source_tree(module: ModuleType) -> tuple[ast.Module, str]:
    path = pathlib.Path(module.__file__ or "")
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path)), path.name


def _imports(module: ModuleType) -> dict[str, int]:
    """Every module name the source imports, anywhere in the file (top level, in functions, under
    `if TYPE_CHECKING:`, or through importlib / __import__ with a literal name), mapped to its first line."""
    tree, _ = _source_tree(module)
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.name.split(".")[0], node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.module:
                found.setdefault(node.module.split(".")[0], node.lineno)
            if node.module is None or node.level:  # `from . import todo_view`
                for alias in node.names:
                    found.setdefault(alias.name, node.lineno)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            first = node.args[0]
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if name in ("import_module", "__import__") and literal:
                found.setdefault(str(first.value).lstrip(".").split(".")[0], node.lineno)
    return found


def _state(model: Any) -> list[tuple[int, str, bool]]:
    return [(todo.id, todo.title, todo.done) for todo in model.todos]


def _model_with(*titles: str, done: tuple[int, ...] = ()) -> Any:
    model = todo_model.TodoModel()
    for title in titles:
        model.add(title)
    for todo_id in done:
        model.toggle(todo_id)
    return model


class ViewChangedTheModel(AssertionError):
    pass


class ReadOnlyModel:
    """Hands the view the real model's public read API; anything that would change the model raises."""

    MUTATORS = frozenset({"add", "toggle", "remove", "clear_done"})

    def __init__(self, model: Any) -> None:
        object.__setattr__(self, "_wrapped", model)

    def __getattr__(self, name: str) -> Any:
        if name in self.MUTATORS:
            raise ViewChangedTheModel(
                f"the view called model.{name}(): a view only reads the model; changing it is the controller's job"
            )
        if name.startswith("_"):
            raise ViewChangedTheModel(
                f"the view reached into the model's private attribute {name!r}: use its public API "
                "(todos, remaining, subscribe)"
            )
        return getattr(object.__getattribute__(self, "_wrapped"), name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise ViewChangedTheModel(f"the view set model.{name} = {value!r}: a view must never write into the model")

    def __delattr__(self, name: str) -> None:
        raise ViewChangedTheModel(f"the view deleted model.{name}: a view must never write into the model")


class FakeView:
    """Stands in for the real view: it subscribes to the model like a view does and records what it is asked."""

    def __init__(self, model: Any) -> None:
        self.renders = 0
        self.errors: list[str] = []
        model.subscribe(self.render)

    def render(self) -> None:
        self.renders += 1

    def show_error(self, message: str) -> None:
        self.errors.append(message)


THREE_TODOS_TEXT = "Todo list\n  [ ] 2 eggs\n  [ ] 3 bread\n  [x] 1 milk\n2 items left"

# ---------------------------------------------------------------------------------------------------------------
# Dependency direction (AST)
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("forbidden", ["todo_view", "todo_controller", "main"])
def test_the_model_module_does_not_import_the_view_or_the_controller(forbidden: str) -> None:
    imports = _imports(todo_model)
    assert forbidden not in imports, (
        f"todo_model.py imports {forbidden} (line {imports.get(forbidden)}). The model must not know who shows "
        "it or who drives it: remove the import and let views subscribe to the model instead."
    )


def test_the_view_module_does_not_import_the_controller() -> None:
    imports = _imports(todo_view)
    assert "todo_controller" not in imports, (
        f"todo_view.py imports todo_controller (line {imports.get('todo_controller')}). The view draws; it "
        "should not depend on the code that interprets input."
    )


def test_the_model_never_prints_or_reads_input() -> None:
    tree, name = _source_tree(todo_model)
    calls = [
        (node.func.id, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("print", "input")
    ]
    assert not calls, (
        f"{name} calls {', '.join(f'{fn}() on line {line}' for fn, line in calls)}. Input and output belong to "
        "the view and the controller; the model reports problems by raising exceptions."
    )


# ---------------------------------------------------------------------------------------------------------------
# The model: observable, encapsulated
# ---------------------------------------------------------------------------------------------------------------


def test_the_model_notifies_every_subscriber_once_per_change() -> None:
    model = todo_model.TodoModel()
    first: list[str] = []
    second: list[str] = []
    model.subscribe(lambda: first.append("changed"))
    model.subscribe(lambda: second.append("changed"))
    steps: list[tuple[str, Callable[[], object]]] = [
        ("add('milk')", lambda: model.add("milk")),
        ("add('eggs')", lambda: model.add("eggs")),
        ("toggle(1)", lambda: model.toggle(1)),
        ("remove(2)", lambda: model.remove(2)),
    ]
    for count, (label, step) in enumerate(steps, start=1):
        step()
        assert len(first) == count and len(second) == count, (
            f"after model.{label}: expected each subscriber to have been called {count} times, "
            f"got {len(first)} and {len(second)}"
        )


def test_clearing_several_done_todos_is_one_change_and_one_notification() -> None:
    model = _model_with("milk", "eggs", "bread", "tea", done=(1, 2, 4))
    calls: list[str] = []
    model.subscribe(lambda: calls.append("changed"))
    model.clear_done()
    assert _state(model) == [(3, "bread", False)], f"after clear_done the todos are {_state(model)}"
    assert len(calls) == 1, f"clear_done removed 3 todos in one change, so expected 1 notification, got {len(calls)}"


def test_a_call_that_changes_nothing_notifies_nobody() -> None:
    model = _model_with("milk", "eggs")
    calls: list[str] = []
    model.subscribe(lambda: calls.append("changed"))
    model.clear_done()
    assert calls == [], f"clear_done with nothing done changed nothing, yet subscribers were called {len(calls)} times"


def test_an_unsubscribed_listener_is_not_called_again() -> None:
    model = todo_model.TodoModel()
    calls: list[str] = []
    unsubscribe = model.subscribe(lambda: calls.append("changed"))
    model.add("milk")
    unsubscribe()
    unsubscribe()  # harmless the second time
    model.add("eggs")
    assert calls == ["changed"], f"expected 1 call (before unsubscribing), got {len(calls)}"


@pytest.mark.parametrize("operation", ["toggle", "remove"])
def test_an_unknown_id_raises_lookup_error_and_changes_nothing(operation: str) -> None:
    model = _model_with("milk")
    calls: list[str] = []
    model.subscribe(lambda: calls.append("changed"))
    with pytest.raises(LookupError):
        getattr(model, operation)(42)
    assert _state(model) == [(1, "milk", False)] and calls == [], (
        f"model.{operation}(42) must raise and change nothing; the model is now {_state(model)} "
        f"and subscribers were called {len(calls)} times"
    )


def test_an_empty_title_is_refused_with_value_error() -> None:
    model = todo_model.TodoModel()
    with pytest.raises(ValueError):
        model.add("   ")
    assert _state(model) == [], f"an empty title must not be added, the model holds {_state(model)}"


def test_code_outside_the_model_cannot_change_it_through_what_it_reads() -> None:
    model = _model_with("milk", "eggs")
    todos = model.todos
    with contextlib.suppress(Exception):  # refusing is exactly what we want
        todos[0].done = True  # a frozen Todo refuses
    with contextlib.suppress(Exception):
        todos.clear()  # a tuple has no clear()
    assert _state(model) == [(1, "milk", False), (2, "eggs", False)], (
        "changing the todos returned by model.todos changed the model itself: now "
        f"{_state(model)}. Return a tuple of frozen Todo objects."
    )


# ---------------------------------------------------------------------------------------------------------------
# The view: reads, never writes
# ---------------------------------------------------------------------------------------------------------------


def test_the_view_draws_the_model_without_changing_it() -> None:
    model = _model_with("milk", "eggs", "bread", done=(1,))
    before = _state(model)
    screens: list[str] = []
    view = todo_view.TodoView(ReadOnlyModel(model), write=screens.append)
    view.render()
    assert _state(model) == before, (
        f"drawing changed the model from {before} to {_state(model)}: the view must sort a copy, not the "
        "model's own list"
    )
    assert screens and screens[-1] == THREE_TODOS_TEXT, f"expected the screen\n{THREE_TODOS_TEXT}\ngot\n{screens}"


def test_the_view_draws_an_empty_list() -> None:
    model = todo_model.TodoModel()
    screens: list[str] = []
    todo_view.TodoView(model, write=screens.append).render()
    expected = "Todo list\n  (nothing to do)\n0 items left"
    assert screens == [expected], f"expected the screen\n{expected}\ngot {screens}"


def test_the_view_redraws_once_when_the_model_changes() -> None:
    model = _model_with("milk", "eggs")
    screens: list[str] = []
    todo_view.TodoView(model, write=screens.append)
    model.add("bread")
    model.toggle(1)
    assert screens[-1:] == [THREE_TODOS_TEXT] and len(screens) == 2, (
        f"after two changes expected 2 screens, the last one\n{THREE_TODOS_TEXT}\ngot {len(screens)}: {screens}"
    )


# ---------------------------------------------------------------------------------------------------------------
# The controller: drives the model, never draws
# ---------------------------------------------------------------------------------------------------------------


def test_the_controller_causes_exactly_one_render_per_change() -> None:
    model = todo_model.TodoModel()
    view = FakeView(model)
    controller = todo_controller.TodoController(model, view)
    # (command, total renders expected afterwards): a command that changes nothing must not redraw.
    script = [("add milk", 1), ("add eggs", 2), ("done 1", 3), ("clear", 4), ("clear", 4), ("add tea", 5), ("rm 2", 6)]
    for command, expected in script:
        controller.handle(command)
        assert view.renders == expected, (
            f"after {command!r} expected {expected} renders in total, got {view.renders}. Renders must come from "
            "the model's notification (one per change), not from the controller."
        )
    assert _state(model) == [(3, "tea", False)], f"the commands left the model as {_state(model)}"
    assert view.errors == [], f"valid commands reported errors: {view.errors}"


@pytest.mark.parametrize("command", ["done 42", "rm 42", "done two", "rm", "add   ", "fly away"])
def test_the_controller_reports_bad_input_through_the_view(command: str) -> None:
    model = _model_with("milk")
    view = FakeView(model)
    controller = todo_controller.TodoController(model, view)
    controller.handle(command)
    assert len(view.errors) == 1, (
        f"{command!r} should produce exactly one view.show_error(...) call, got {len(view.errors)}: {view.errors}"
    )
    assert view.renders == 0 and _state(model) == [(1, "milk", False)], (
        f"{command!r} must change nothing and draw nothing; got {view.renders} renders, model {_state(model)}"
    )


def test_the_wired_app_draws_the_list_once_per_command() -> None:
    model = todo_model.TodoModel()
    screens: list[str] = []
    view = todo_view.TodoView(model, write=screens.append)
    controller = todo_controller.TodoController(model, view)
    controller.handle("add milk")
    expected = "Todo list\n  [ ] 1 milk\n1 item left"
    assert screens == [expected], f"'add milk' should draw exactly one screen\n{expected}\ngot {screens}"
