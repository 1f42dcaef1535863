"""Undo that feels right: typing coalesces into one step, macros are transactional, history is bounded.

This is the editor from "Command undo", with three TODOs:
- Coalescing: a command can `merge` a following one into itself. Typing "hello" quickly is one undo step.
- Macros: `with editor.macro("indent"):` groups several commands into one step, all or nothing.
- A bounded history: only the last `max_history` steps can be undone, so memory does not grow forever.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol


class Document:
    """The model: a string with two primitive edits. It knows nothing about undo. (Complete.)"""

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
        # TODO: absorb `other` when it is an Insert that continues exactly where this one ends.
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
        # TODO: undo every step. In which order?
        pass

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
        self.document = Document(text)
        self._clock = clock  # injected, so tests can drive time without sleeping
        self._merge_window = merge_window
        # TODO: keep at most `max_history` undo steps (hint: collections.deque has a maxlen).
        self._undo: list[Command] = []
        self._redo: list[Command] = []

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
        """Do `command` and record it as a new undo step."""
        command.do(self.document)  # a command that raises has changed nothing and is not recorded
        # TODO: inside an open macro, the command becomes one of the macro's steps instead.
        # TODO: if the user is still typing (previous edit at most `merge_window` seconds ago, by self._clock)
        #       and the last step agrees to merge(command), do not push a new step.
        self._undo.append(command)
        self._redo.clear()

    def undo(self) -> bool:
        """Undo the most recent step; return False when there is nothing to undo."""
        if not self._undo:
            return False
        command = self._undo.pop()
        command.undo(self.document)
        self._redo.append(command)
        # TODO: an undo ends the typing run: the next keystroke must start a new step.
        return True

    def redo(self) -> bool:
        """Redo the most recently undone step; return False when there is nothing to redo."""
        if not self._redo:
            return False
        command = self._redo.pop()
        command.do(self.document)
        self._undo.append(command)
        # TODO: so does a redo.
        return True

    @contextmanager
    def macro(self, name: str = "macro") -> Iterator[Macro]:
        """Group every command executed inside the `with` block into one undo step, all or nothing."""
        # TODO: open a Macro that execute() adds steps to; when the block ends, push it as ONE step (if it has
        #       any). If the block raises: undo the steps done so far, leave the history untouched, re-raise.
        yield Macro(name)

    # Shortcuts, so callers need not build the commands themselves.
    def insert(self, index: int, text: str) -> None:
        self.execute(Insert(index, text))

    def delete(self, index: int, length: int) -> None:
        self.execute(Delete(index, length))
