"""Undo that feels right: typing coalesces into one step, macros are transactional, history is bounded.

Builds on the command pattern of the previous exercise. Three additions:
- Coalescing: a command can `merge` a following one into itself. Typing "hello" quickly is one undo step.
- Macros: `with editor.macro("indent"):` groups several commands into one step, all or nothing.
- A bounded history: only the last `max_history` steps can be undone, so memory does not grow forever.
"""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol


class Document:
    """The model: a string with two primitive edits. It knows nothing about undo."""

    def __init__(self, text: str = "") -> None:
        self._text = text

    @property
    def text(self) -> str:
        return self._text

    def insert(self, index: int, text: str) -> None:
        """Insert `text` before position `index` (0 <= index <= len(text))."""
        if not 0 <= index <= len(self._text):
            raise IndexError(f"cannot insert at {index}: the text has {len(self._text)} characters")
        self._text = self._text[:index] + text + self._text[index:]

    def delete(self, index: int, length: int) -> str:
        """Delete `length` characters starting at `index` and return them."""
        if index < 0 or length < 0 or index + length > len(self._text):
            raise IndexError(f"cannot delete {length} characters at {index} from {len(self._text)} characters")
        removed = self._text[index : index + length]
        self._text = self._text[:index] + self._text[index + length :]
        return removed


class Command(Protocol):
    def do(self, document: Document) -> None: ...

    def undo(self, document: Document) -> None: ...

    def merge(self, other: Command) -> bool:
        """`other` has just been done right after this command. Absorb it and return True, so undoing this
        command undoes both; or return False to leave it as a step of its own."""
        ...


@dataclass
class Insert:
    index: int
    text: str

    def do(self, document: Document) -> None:
        document.insert(self.index, self.text)

    def undo(self, document: Document) -> None:
        document.delete(self.index, len(self.text))

    def merge(self, other: Command) -> bool:
        # Only an insert that continues exactly where this one ended is "more of the same typing".
        if isinstance(other, Insert) and other.index == self.index + len(self.text):
            self.text += other.text
            return True
        return False


@dataclass
class Delete:
    index: int
    length: int
    removed: str = field(default="", init=False)

    def do(self, document: Document) -> None:
        self.removed = document.delete(self.index, self.length)

    def undo(self, document: Document) -> None:
        document.insert(self.index, self.removed)

    def merge(self, other: Command) -> bool:
        return False  # deleting never merges (keep it that way)


@dataclass
class Macro:
    """A composite command: several commands that are done and undone as one."""

    name: str
    steps: list[Command] = field(default_factory=list)

    def do(self, document: Document) -> None:
        for step in self.steps:
            step.do(document)

    def undo(self, document: Document) -> None:
        for step in reversed(self.steps):  # reverse order: each undo sees the text its do() left behind
            step.undo(document)

    def merge(self, other: Command) -> bool:
        return False


class Editor:
    def __init__(
        self,
        text: str = "",
        *,
        clock: Callable[[], float] = time.monotonic,
        merge_window: float = 1.0,
        max_history: int = 100,
    ) -> None:
        if max_history < 1:
            raise ValueError("max_history must be at least 1")
        self.document = Document(text)
        self._clock = clock  # injected, so tests can drive time without sleeping
        self._merge_window = merge_window
        # A deque with maxlen forgets the oldest step by itself when a new one arrives.
        self._undo: deque[Command] = deque(maxlen=max_history)
        self._redo: list[Command] = []
        self._last_edit_at: float | None = None  # None: the next edit must not merge (a typing run has ended)
        self._open_macro: Macro | None = None

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def undo_count(self) -> int:
        return len(self._undo)

    @property
    def redo_count(self) -> int:
        return len(self._redo)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def execute(self, command: Command) -> None:
        """Do `command` and record it: inside an open macro, as one of its steps; otherwise merged into the
        previous step when the user is still typing, or as a new undo step."""
        command.do(self.document)  # a command that raises has changed nothing and is not recorded
        if self._open_macro is not None:
            self._open_macro.steps.append(command)
            return
        now = self._clock()
        if not self._merges_into_last_step(command, now):
            self._undo.append(command)
        self._last_edit_at = now
        self._redo.clear()

    def _merges_into_last_step(self, command: Command, now: float) -> bool:
        return (
            bool(self._undo)
            and self._last_edit_at is not None
            and now - self._last_edit_at <= self._merge_window  # measured from the previous keystroke
            and self._undo[-1].merge(command)
        )

    def undo(self) -> bool:
        """Undo the most recent step; return False when there is nothing to undo."""
        if not self._undo:
            return False
        command = self._undo.pop()
        command.undo(self.document)
        self._redo.append(command)
        self._last_edit_at = None  # typing after an undo starts a new step
        return True

    def redo(self) -> bool:
        """Redo the most recently undone step; return False when there is nothing to redo."""
        if not self._redo:
            return False
        command = self._redo.pop()
        command.do(self.document)
        self._undo.append(command)
        self._last_edit_at = None
        return True

    @contextmanager
    def macro(self, name: str = "macro") -> Iterator[Macro]:
        """Group every command executed inside the `with` block into one undo step.

        Transactional: if the block raises, the steps done so far are undone in reverse order, the history
        (undo and redo stacks) is left exactly as it was, and the exception propagates. A macro opened inside
        another one joins it; if the inner block raises, only the inner steps are rolled back.
        """
        outermost = self._open_macro is None
        macro = Macro(name) if self._open_macro is None else self._open_macro
        first_step = len(macro.steps)
        self._open_macro = macro
        try:
            yield macro
        except BaseException:
            for step in reversed(macro.steps[first_step:]):
                step.undo(self.document)
            del macro.steps[first_step:]
            raise
        finally:
            if outermost:
                self._open_macro = None
        if outermost and macro.steps:
            # Committed: only now does the macro become history, and only now is the redo stack forgotten.
            self._undo.append(macro)
            self._redo.clear()
            self._last_edit_at = None  # the next keystroke never merges into a macro

    # Shortcuts, so callers need not build the commands themselves.
    def insert(self, index: int, text: str) -> None:
        self.execute(Insert(index, text))

    def delete(self, index: int, length: int) -> None:
        self.execute(Delete(index, length))
