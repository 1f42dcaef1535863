"""Undo and redo for a text editor, built with the command pattern.

Every edit is an object that knows how to do itself and how to undo itself. The editor keeps two stacks:
commands that can be undone and commands that can be redone. It never copies the whole text: each command
remembers just enough (the inserted text, or the text it deleted) to reverse itself.
"""
from __future__ import annotations

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
    """An edit as an object: `do` applies it to a document, `undo` reverses exactly that."""

    def do(self, document: Document) -> None: ...

    def undo(self, document: Document) -> None: ...


@dataclass
class Insert:
    index: int
    text: str

    def do(self, document: Document) -> None:
        document.insert(self.index, self.text)

    def undo(self, document: Document) -> None:
        document.delete(self.index, len(self.text))


@dataclass
class Delete:
    index: int
    length: int
    removed: str = field(default="", init=False)  # filled in by do(): what undo() must put back

    def do(self, document: Document) -> None:
        self.removed = document.delete(self.index, self.length)

    def undo(self, document: Document) -> None:
        document.insert(self.index, self.removed)


class Editor:
    def __init__(self, text: str = "") -> None:
        self.document = Document(text)
        self._undo: list[Command] = []  # the last command done is on top
        self._redo: list[Command] = []  # the last command undone is on top

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def execute(self, command: Command) -> None:
        """Do `command` and record it. A new edit makes the redo stack meaningless, so it is cleared."""
        command.do(self.document)  # if this raises, nothing has been recorded
        self._undo.append(command)
        # The redo stack holds edits made to a text that no longer exists: after this edit, redoing them would
        # apply them at positions that now mean something else. So the future is forgotten, as in every editor.
        self._redo.clear()

    def undo(self) -> bool:
        """Undo the most recent command; return False when there is nothing to undo."""
        if not self._undo:
            return False
        command = self._undo.pop()
        command.undo(self.document)
        self._redo.append(command)
        return True

    def redo(self) -> bool:
        """Redo the most recently undone command; return False when there is nothing to redo."""
        if not self._redo:
            return False
        command = self._redo.pop()
        command.do(self.document)
        self._undo.append(command)
        return True

    # Shortcuts, so callers need not build the commands themselves.
    def insert(self, index: int, text: str) -> None:
        self.execute(Insert(index, text))

    def delete(self, index: int, length: int) -> None:
        self.execute(Delete(index, length))
