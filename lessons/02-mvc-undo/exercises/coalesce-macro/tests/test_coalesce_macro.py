"""Checks for the coalesce-macro exercise: typing merges into one undo step (driven by a fake clock, no
sleeping), macros are all-or-nothing, and the history never exceeds its maximum."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import editor as editor_module
import pytest
from hypothesis import Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

# Stop at the first distinct failure and skip the slow "explain" phase: one minimal example, quickly.
QUICK_FAILURE = {"report_multiple_bugs": False, "phases": (Phase.explicit, Phase.generate, Phase.shrink)}


class FakeClock:
    """A clock the test moves by hand. Steps are multiples of 1/8 s: exact in binary floating point, and they
    never land exactly on the 1 s merge window, so `<` and `<=` give the same answers."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_editor(text: str = "", **options: Any) -> tuple[Any, FakeClock]:
    clock = FakeClock()
    return editor_module.Editor(text, clock=clock, **options), clock


def type_text(editor: Any, clock: FakeClock, index: int, text: str, gap: float = 0.125) -> None:
    """Type `text` one key at a time starting at `index`, `gap` seconds apart."""
    for offset, char in enumerate(text):
        editor.insert(index + offset, char)
        clock.advance(gap)


def undo_texts(editor: Any) -> list[str]:
    """Undo until nothing is left; return the text after each undo."""
    texts = []
    while editor.undo():
        texts.append(editor.text)
        assert len(texts) <= 1000, "undo() keeps returning True"
    return texts


# ---------------------------------------------------------------------------------------------------------------
# Coalescing
# ---------------------------------------------------------------------------------------------------------------


def test_typing_hello_then_one_undo_leaves_the_document_empty() -> None:
    editor, clock = make_editor()
    type_text(editor, clock, 0, "hello")
    assert editor.text == "hello", f"typing should give 'hello', got {editor.text!r}"
    assert editor.undo_count == 1, f"five quick keystrokes should be one undo step, got {editor.undo_count}"
    assert editor.undo() is True and editor.text == "", f"one undo should remove all of 'hello', left {editor.text!r}"


def test_a_pause_longer_than_the_merge_window_starts_a_new_step() -> None:
    editor, clock = make_editor()
    type_text(editor, clock, 0, "hello")
    clock.advance(5.0)
    type_text(editor, clock, 5, " world")
    assert undo_texts(editor) == ["hello", ""], (
        "typing 'hello', pausing 5 s, then typing ' world' should undo in two steps ('hello', then '')"
    )


def test_the_window_is_measured_from_the_previous_keystroke() -> None:
    editor, clock = make_editor()
    type_text(editor, clock, 0, "a steady typist never pauses", gap=0.25)  # 7 s in all, 0.25 s per key
    assert editor.undo_count == 1, (
        f"keys 0.25 s apart are one typing run however long it lasts, expected 1 step, got {editor.undo_count}"
    )


def test_typing_somewhere_else_starts_a_new_step() -> None:
    editor, clock = make_editor("world")
    type_text(editor, clock, 0, "ab")
    editor.insert(0, "X")  # quick, but not where the typing run ended
    assert undo_texts(editor) == ["abworld", "world"], (
        "an insert that does not continue where the previous one ended must be its own undo step"
    )


def test_a_delete_is_never_merged_with_typing() -> None:
    editor, clock = make_editor()
    type_text(editor, clock, 0, "abc")
    editor.delete(2, 1)
    clock.advance(0.125)
    type_text(editor, clock, 2, "x")
    assert undo_texts(editor) == ["ab", "abc", ""], (
        "type 'abc', delete the 'c', type 'x' should undo as three steps: 'ab', 'abc', ''"
    )


def test_an_undo_ends_the_typing_run() -> None:
    editor, clock = make_editor()
    type_text(editor, clock, 0, "ab")
    clock.advance(5.0)
    type_text(editor, clock, 2, "cd")
    editor.undo()  # back to "ab"
    type_text(editor, clock, 2, "x")  # at once, right where "ab" ends
    assert undo_texts(editor) == ["ab", ""], (
        "after an undo, the next keystroke starts a new step; it must not merge into the older 'ab' step"
    )


# ---------------------------------------------------------------------------------------------------------------
# Macros
# ---------------------------------------------------------------------------------------------------------------


def test_a_macro_is_one_undo_step_and_redo_replays_it_whole() -> None:
    editor, _clock = make_editor("one\ntwo")
    with editor.macro("indent"):
        editor.insert(0, "  ")
        editor.insert(6, "  ")
    assert editor.text == "  one\n  two", f"the macro should indent both lines, got {editor.text!r}"
    assert editor.undo_count == 1, f"a macro is one undo step, got {editor.undo_count} steps"
    editor.undo()
    assert editor.text == "one\ntwo", f"one undo should undo the whole macro, got {editor.text!r}"
    editor.redo()
    assert editor.text == "  one\n  two", f"one redo should redo the whole macro, got {editor.text!r}"


class Explode:
    """A command that fails before changing anything."""

    def do(self, document: Any) -> None:
        raise RuntimeError("this step cannot be done")

    def undo(self, document: Any) -> None:
        raise AssertionError("undo() of a step that never succeeded must not be called")

    def merge(self, other: Any) -> bool:
        return False


def _delete_out_of_range(editor: Any) -> None:
    editor.delete(100, 1)


def _failing_command(editor: Any) -> None:
    editor.execute(Explode())


def _code_in_the_block_raises(editor: Any) -> None:
    raise KeyError("the code inside the with block failed")


@pytest.mark.parametrize(
    "third_step, error",
    [(_delete_out_of_range, IndexError), (_failing_command, RuntimeError), (_code_in_the_block_raises, KeyError)],
    ids=["a delete out of range", "a command whose do() raises", "code in the block raises"],
)
def test_a_macro_whose_third_step_raises_leaves_the_model_equal_to_its_snapshot(
    third_step: Callable[[Any], None], error: type[Exception]
) -> None:
    editor, clock = make_editor("abc")
    editor.insert(3, "d")
    clock.advance(5.0)
    editor.insert(0, "z")
    clock.advance(5.0)
    editor.undo()  # "abcd", with one step to undo and one to redo
    snapshot = (editor.text, editor.undo_count, editor.redo_count)
    with pytest.raises(error), editor.macro("three steps"):
        editor.insert(0, "  ")
        editor.delete(2, 1)
        third_step(editor)
    after = (editor.text, editor.undo_count, editor.redo_count)
    assert after == snapshot, (
        "a failed macro must leave no trace: expected (text, undo_count, redo_count) to stay "
        f"{snapshot}, got {after}"
    )
    assert editor.redo() and editor.text == "zabcd", (
        f"the redo step from before the failed macro should still work (expected 'zabcd'), got {editor.text!r}"
    )


def test_a_committed_macro_clears_the_redo_stack_like_any_new_edit() -> None:
    editor, _clock = make_editor("abc")
    editor.insert(3, "d")
    editor.undo()
    with editor.macro("wrap"):
        editor.insert(0, "(")
        editor.insert(4, ")")
    assert editor.redo_count == 0 and editor.redo() is False, (
        f"after a macro succeeds there must be nothing to redo, yet redo_count is {editor.redo_count}"
    )
    assert editor.text == "(abc)", f"expected '(abc)', got {editor.text!r}"


def test_an_empty_macro_adds_no_undo_step() -> None:
    editor, _clock = make_editor("abc")
    with editor.macro("nothing"):
        pass
    assert editor.undo_count == 0, f"a macro with no steps should add no undo step, got {editor.undo_count}"


def test_a_macro_inside_a_macro_joins_it() -> None:
    editor, _clock = make_editor("x")
    with editor.macro("outer"):
        editor.insert(1, "a")
        with editor.macro("inner"):
            editor.insert(2, "b")
        editor.insert(3, "c")
    assert editor.text == "xabc" and editor.undo_count == 1, (
        f"nested macros should form one undo step; got text {editor.text!r} and {editor.undo_count} steps"
    )
    editor.undo()
    assert editor.text == "x", f"one undo should undo the outer macro and everything in it, got {editor.text!r}"


def test_typing_right_after_a_macro_is_a_new_step() -> None:
    editor, clock = make_editor()
    with editor.macro("greeting"):
        editor.insert(0, "hi")
    type_text(editor, clock, 2, "!")
    assert undo_texts(editor) == ["hi", ""], "a keystroke right after a macro must not be merged into the macro"


# ---------------------------------------------------------------------------------------------------------------
# Bounded history
# ---------------------------------------------------------------------------------------------------------------


def test_history_keeps_only_the_newest_max_history_steps() -> None:
    editor, clock = make_editor(max_history=3)
    for index, word in enumerate("abcde"):
        editor.insert(index, word)
        clock.advance(5.0)  # a pause: each insert is its own step
        assert editor.undo_count <= 3, f"with max_history=3 the editor holds {editor.undo_count} undo steps"
    assert undo_texts(editor) == ["abcd", "abc", "ab"], (
        "after 5 steps with max_history=3, undo should go back 3 steps (to 'ab') and then stop"
    )


# ---------------------------------------------------------------------------------------------------------------
# Random sessions against a model of the expected history
# ---------------------------------------------------------------------------------------------------------------

CHARS = st.sampled_from("ab ")
WINDOW = 1.0


class TypingSession(RuleBasedStateMachine):
    """Random typing, pauses, deletes, macros (some failing), undos and redos with max_history=4.

    `history` is every text that undo/redo can reach, `position` where the editor should be in it. The merge
    rule it models: an insert joins the previous step when that step is an insert (or a typing run) ending
    exactly where the new insert starts, the previous edit was at most 1 s earlier, and no undo, redo, delete
    or macro happened in between."""

    MAX_HISTORY = 4

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.editor = editor_module.Editor("", clock=self.clock, max_history=self.MAX_HISTORY)
        self.history = [""]
        self.position = 0
        self.run_end: int | None = None  # where the current typing run ends, if one is going on
        self.run_time = 0.0

    def _push(self, text: str) -> None:
        del self.history[self.position + 1 :]
        self.history.append(text)
        self.position += 1
        if len(self.history) - 1 > self.MAX_HISTORY:  # the oldest step is forgotten
            del self.history[0]
            self.position -= 1

    def _insert(self, index: int, chars: str) -> None:
        text, now = self.editor.text, self.clock.now
        merges = self.run_end == index and now - self.run_time <= WINDOW
        self.editor.insert(index, chars)
        new_text = text[:index] + chars + text[index:]
        if merges:
            self.history[self.position] = new_text
        else:
            self._push(new_text)
        self.run_end, self.run_time = index + len(chars), now

    @rule(char=CHARS)
    def keep_typing(self, char: str) -> None:
        self._insert(self.run_end if self.run_end is not None else len(self.editor.text), char)

    @rule(seed=st.integers(0, 50), chars=st.text(alphabet="xyz", min_size=1, max_size=3))
    def insert_anywhere(self, seed: int, chars: str) -> None:
        self._insert(seed % (len(self.editor.text) + 1), chars)

    @precondition(lambda self: len(self.editor.text) > 0)
    @rule(seed=st.integers(0, 50), length_seed=st.integers(0, 50))
    def delete(self, seed: int, length_seed: int) -> None:
        text = self.editor.text
        index = seed % len(text)
        length = 1 + length_seed % (len(text) - index)
        self.editor.delete(index, length)
        self._push(text[:index] + text[index + length :])
        self.run_end = None

    @rule(prefixes=st.lists(st.sampled_from(["> ", "# ", "- "]), min_size=1, max_size=3), fail=st.booleans())
    def macro(self, prefixes: list[str], fail: bool) -> None:
        before = self.editor.text
        try:
            with self.editor.macro("prefix"):
                for prefix in prefixes:
                    self.editor.insert(0, prefix)
                if fail:
                    raise ValueError("the macro fails after its steps")
        except ValueError:
            assert fail, "the macro raised although nothing in it failed"
        if fail:
            assert self.editor.text == before, (
                f"a failed macro must restore the text {before!r}, got {self.editor.text!r}"
            )
            # Whether a failed macro ends a typing run is left to you: pause, so that both answers agree.
            self.clock.advance(5.0)
        else:
            self._push("".join(reversed(prefixes)) + before)
            self.run_end = None

    @rule()
    def tick(self) -> None:
        self.clock.advance(0.375)

    @rule()
    def pause(self) -> None:
        self.clock.advance(5.0)

    @rule()
    def undo(self) -> None:
        expected = self.position > 0
        assert self.editor.undo() is expected, f"undo() should return {expected} here"
        if expected:
            self.position -= 1
        else:
            self.clock.advance(5.0)  # whether a undo that did nothing ends a typing run is up to you
        self.run_end = None

    @rule()
    def redo(self) -> None:
        expected = self.position < len(self.history) - 1
        assert self.editor.redo() is expected, f"redo() should return {expected} here"
        if expected:
            self.position += 1
        else:
            self.clock.advance(5.0)  # whether a redo that did nothing ends a typing run is up to you
        self.run_end = None

    @invariant()
    def the_editor_matches_the_expected_history(self) -> None:
        expected = self.history[self.position]
        assert self.editor.text == expected, f"the text should be {expected!r}, it is {self.editor.text!r}"
        assert self.editor.undo_count <= self.MAX_HISTORY, (
            f"the history holds {self.editor.undo_count} undo steps, more than max_history={self.MAX_HISTORY}"
        )
        counts = (self.editor.undo_count, self.editor.redo_count)
        expected_counts = (self.position, len(self.history) - 1 - self.position)
        assert counts == expected_counts, f"(undo_count, redo_count) should be {expected_counts}, got {counts}"


def test_random_sessions_undo_as_expected_and_history_never_exceeds_its_maximum() -> None:
    run_state_machine_as_test(
        TypingSession,
        settings=settings(
            derandomize=True,
            database=None,
            max_examples=80,
            stateful_step_count=40,
            deadline=None,
            **QUICK_FAILURE,
        ),
    )
