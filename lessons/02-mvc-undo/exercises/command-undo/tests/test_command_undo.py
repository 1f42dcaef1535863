"""Checks for the command-undo exercise: exact undo/redo behaviour, the command protocol, and random
do/undo/redo sequences compared with a list of every text the document has had."""
from __future__ import annotations

from typing import Any

import editor as editor_module
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

# Stop at the first distinct failure and skip the slow "explain" phase: a wrong editor then fails in a few
# seconds, with one minimal example, instead of shrinking several different failures.
QUICK_FAILURE = {"report_multiple_bugs": False, "phases": (Phase.explicit, Phase.generate, Phase.shrink)}

# One generated edit: (kind, position seed, length seed, characters to insert). Seeds are reduced modulo the
# current text length, so every edit is valid whatever the text is at that moment.
EDITS = st.tuples(
    st.sampled_from(["insert", "delete"]),
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
    st.text(alphabet="abcxyz .", min_size=1, max_size=4),
)


def apply_edit(editor: Any, edit: tuple[str, int, int, str]) -> str:
    """Perform one edit through the editor and return the text it should produce (computed by slicing)."""
    kind, position_seed, length_seed, chars = edit
    text = editor.text
    if kind == "delete" and text:
        index = position_seed % len(text)
        length = 1 + length_seed % (len(text) - index)
        editor.delete(index, length)
        return text[:index] + text[index + length :]
    index = position_seed % (len(text) + 1)
    editor.insert(index, chars)
    return text[:index] + chars + text[index:]


def test_three_edits_then_three_undos_restore_the_original_text() -> None:
    editor = editor_module.Editor("hello")
    editor.insert(5, " world")
    editor.delete(0, 1)
    editor.insert(0, "J")
    assert editor.text == "Jello world", f"the three edits should give 'Jello world', got {editor.text!r}"
    for expected in ["ello world", "hello world", "hello"]:
        assert editor.undo() is True, "undo() should return True while there is something to undo"
        assert editor.text == expected, f"after undo expected {expected!r}, got {editor.text!r}"
    assert editor.undo() is False, "a fourth undo() has nothing left to undo and should return False"
    assert editor.text == "hello", f"an undo with nothing to undo must not change the text, got {editor.text!r}"


def test_redo_replays_the_undone_edits_in_order() -> None:
    editor = editor_module.Editor("hello")
    editor.insert(5, " world")
    editor.delete(0, 1)
    editor.undo()
    editor.undo()
    assert editor.can_redo, "after two undos can_redo should be True"
    for expected in ["hello world", "ello world"]:
        assert editor.redo() is True, "redo() should return True while there is something to redo"
        assert editor.text == expected, f"after redo expected {expected!r}, got {editor.text!r}"
    assert editor.redo() is False and editor.text == "ello world", (
        f"a third redo() should return False and change nothing; the text is {editor.text!r}"
    )


def test_a_new_edit_clears_the_redo_stack() -> None:
    editor = editor_module.Editor("abc")
    editor.insert(3, "d")
    editor.insert(4, "e")
    editor.undo()
    assert editor.can_redo, "after an undo there should be something to redo"
    editor.insert(0, "X")
    assert not editor.can_redo, "a new edit must clear the redo stack, but can_redo is still True"
    assert editor.redo() is False, "redo() after a new edit should return False"
    assert editor.text == "Xabcd", f"redo() after a new edit must change nothing; expected 'Xabcd', got {editor.text!r}"


def test_delete_remembers_what_it_removed_so_undo_and_redo_work() -> None:
    editor = editor_module.Editor("abcdef")
    editor.delete(1, 3)
    assert editor.text == "aef", f"delete(1, 3) on 'abcdef' should give 'aef', got {editor.text!r}"
    editor.undo()
    assert editor.text == "abcdef", f"undoing the delete should give back 'abcdef', got {editor.text!r}"
    editor.redo()
    editor.undo()
    assert editor.text == "abcdef", f"undo after redo of the delete should give 'abcdef', got {editor.text!r}"


class Shout:
    """A command the editor has never seen: it upper-cases the text and records the calls it receives."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.original = ""

    def do(self, document: Any) -> None:
        self.calls.append("do")
        self.original = document.text
        document.delete(0, len(self.original))
        document.insert(0, self.original.upper())

    def undo(self, document: Any) -> None:
        self.calls.append("undo")
        document.delete(0, len(document.text))
        document.insert(0, self.original)


def test_the_editor_undoes_any_command_by_calling_its_undo_method() -> None:
    editor = editor_module.Editor("quiet")
    shout = Shout()
    editor.execute(shout)
    assert editor.text == "QUIET", f"execute(command) should call command.do(document); the text is {editor.text!r}"
    editor.undo()
    editor.redo()
    assert shout.calls == ["do", "undo", "do"], (
        "execute, undo, redo should call the command's do, undo, do (the editor undoes by asking the command, "
        f"not by restoring a copy of the text); the calls were {shout.calls}"
    )
    assert editor.text == "QUIET", f"after the redo the text should be 'QUIET', got {editor.text!r}"


class Broken:
    def do(self, document: Any) -> None:
        raise RuntimeError("this command cannot be done")

    def undo(self, document: Any) -> None:
        raise AssertionError("undo() of a command that never succeeded must not be called")


def test_a_command_that_raises_is_not_recorded() -> None:
    editor = editor_module.Editor("abc")
    editor.insert(3, "d")
    with pytest.raises(RuntimeError):
        editor.execute(Broken())
    assert editor.undo() is True and editor.text == "abc", (
        f"the failed command must not be on the undo stack: one undo should undo the insert, the text is {editor.text!r}"
    )


class RandomEditing(RuleBasedStateMachine):
    """Random edits, undos and redos, compared with `history`: every text the document has had, and the
    position in it that the editor should be at."""

    def __init__(self) -> None:
        super().__init__()
        self.editor = editor_module.Editor("start")
        self.history = ["start"]
        self.position = 0

    @rule(edit=EDITS)
    def edit(self, edit: tuple[str, int, int, str]) -> None:
        expected = apply_edit(self.editor, edit)
        del self.history[self.position + 1 :]  # a new edit forgets the redo future
        self.history.append(expected)
        self.position += 1

    @rule()
    def undo(self) -> None:
        result = self.editor.undo()
        assert result is (self.position > 0), (
            f"undo() returned {result!r} but there {'were' if self.position else 'were no'} edits to undo"
        )
        if result:
            self.position -= 1

    @rule()
    def redo(self) -> None:
        result = self.editor.redo()
        can = self.position < len(self.history) - 1
        assert result is can, f"redo() returned {result!r} but there {'were' if can else 'were no'} edits to redo"
        if result:
            self.position += 1

    @invariant()
    def text_equals_the_history_entry(self) -> None:
        expected = self.history[self.position]
        assert self.editor.text == expected, (
            f"the text should be history[{self.position}] = {expected!r}, but it is {self.editor.text!r}"
        )
        can_undo, can_redo = self.position > 0, self.position < len(self.history) - 1
        assert self.editor.can_undo == can_undo, (
            f"can_undo should be {can_undo} ({self.position} edits can be undone), it is {self.editor.can_undo}"
        )
        assert self.editor.can_redo == can_redo, (
            f"can_redo should be {can_redo} ({len(self.history) - 1 - self.position} edits can be redone), "
            f"it is {self.editor.can_redo}"
        )


def test_random_edit_undo_redo_sequences_keep_the_text_equal_to_its_history() -> None:
    run_state_machine_as_test(
        RandomEditing,
        settings=settings(
            derandomize=True,
            database=None,
            max_examples=60,
            stateful_step_count=30,
            deadline=None,
            **QUICK_FAILURE,
        ),
    )


@settings(derandomize=True, database=None, max_examples=150, deadline=None, **QUICK_FAILURE)
@given(edits=st.lists(EDITS, min_size=1, max_size=10), k=st.integers(min_value=0, max_value=10))
def test_undo_k_times_then_redo_k_times_is_the_identity(edits: list[tuple[str, int, int, str]], k: int) -> None:
    editor = editor_module.Editor("seed text")
    texts = [editor.text]
    for edit in edits:
        texts.append(apply_edit(editor, edit))
    k = min(k, len(edits))
    for _ in range(k):
        editor.undo()
    assert editor.text == texts[-1 - k], f"after {k} undos expected {texts[-1 - k]!r}, got {editor.text!r}"
    for _ in range(k):
        editor.redo()
    assert editor.text == texts[-1], f"{k} undos then {k} redos should give back {texts[-1]!r}, got {editor.text!r}"
