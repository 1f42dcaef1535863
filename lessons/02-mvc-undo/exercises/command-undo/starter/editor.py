"""Undo and redo for a text editor, built with the command pattern.

Every edit is an object that knows how to do itself and how to undo itself. The editor keeps two stacks:
commands that can be undone and commands that can be redone. Fill in the TODOs.
"""
from __future__ import annotations

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
    """An edit as an object: `do` applies it to a document, `undo` reverses exactly that."""

    def do(self, document: Document) -> None: ...

    def undo(self, document: Document) -> None: ...


@dataclass
class Insert:
    """A worked example: inserting is undone by deleting the same characters."""

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
    removed: str = field(default="", init=False)

    def do(self, document: Document) -> None:
        # TODO: remember what was deleted (document.delete returns it), so undo() can put it back.
        document.delete(self.index, self.length)

    def undo(self, document: Document) -> None:
        # TODO: put the removed text back where it was.
        pass


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
        """Do `command` and record it on the undo stack."""
        command.do(self.document)
        self._undo.append(command)
        # TODO: a new edit invalidates the redo stack. Why? (Read the lesson's "Why a new edit clears redo".)

    def undo(self) -> bool:
        """Undo the most recent command; return False when there is nothing to undo."""
        # TODO: pop from the undo stack, call the command's undo(), push it on the redo stack; return True.
        #       With nothing to undo, return False.
        raise NotImplementedError("Editor.undo")

    def redo(self) -> bool:
        """Redo the most recently undone command; return False when there is nothing to redo."""
        # TODO: the mirror image of undo().
        raise NotImplementedError("Editor.redo")

    # Shortcuts, so callers need not build the commands themselves.
    def insert(self, index: int, text: str) -> None:
        self.execute(Insert(index, text))

    def delete(self, index: int, length: int) -> None:
        self.execute(Delete(index, length))
