"""Checks for the monkey-form exercise: the monkey must pass on the correct form and catch every buggy one.

Your `FormMonkey` is run (derandomized, so every run is the same) against the correct `Form` and against
several forms with one planted bug each: the bug of `buggy_form.py` and a few you have not seen. A good
monkey needs no knowledge of the bugs, only the four user actions, varied text and the invariants.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from form import Event, Form, is_valid
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from monkey import FormMonkey, load_log, replay, save_log

SESSIONS = 300
STEPS = 25
HUNT_SETTINGS = settings(
    max_examples=SESSIONS,
    stateful_step_count=STEPS,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    report_multiple_bugs=False,
    print_blob=False,
)


# ------------------------------------------------------------------ forms with one planted bug each


class StaleAfterClear(Form):
    """The bug of buggy_form.py: clearing a field of a valid form leaves submit enabled."""

    def _on_clear(self, event: Event) -> None:
        setattr(self, event.target, "")
        if not self.submit_enabled:
            self._refresh()


class ToggleRefreshesTooEarly(Form):
    """The checkbox handler refreshes before it flips the checkbox, so the button lags one toggle behind."""

    def _on_toggle(self, event: Event) -> None:
        self._refresh()
        self.terms = not self.terms


class EmailTypingNotRefreshed(Form):
    """Typing refreshes the button only for the name field."""

    def _on_type(self, event: Event) -> None:
        setattr(self, event.target, getattr(self, event.target) + event.text)
        if event.target == "name":
            self._refresh()


class SubmitLeavesButtonEnabled(Form):
    """After a submission the form is emptied, but the button is not refreshed."""

    def _on_click(self, event: Event) -> None:
        if event.target == "submit" and self.submit_enabled:
            self.submissions.append((self.name.strip(), self.email))
            self.message = "Thanks!"
            self.name, self.email, self.terms = "", "", False
        else:
            super()._on_click(event)


class InitialsCrash(Form):
    """The greeting splits the name on single spaces: a leading, trailing or double space crashes it."""

    def _on_click(self, event: Event) -> None:
        if event.target == "submit" and self.submit_enabled:
            self.submissions.append((self.name.strip(), self.email))
            initials = "".join(word[0].upper() for word in self.name.split(" "))  # IndexError on ""
            self.message = f"Thanks, {initials}!"
            self._empty()
        else:
            super()._on_click(event)


PLANTED_BUGS = {
    "clearing a field of a valid form leaves submit enabled (buggy_form.py)": StaleAfterClear,
    "toggling the terms updates the button one toggle late": ToggleRefreshesTooEarly,
    "typing into the email field does not update the button": EmailTypingNotRefreshed,
    "after a submission the emptied form keeps submit enabled": SubmitLeavesButtonEnabled,
    "submitting a name with a leading, trailing or double space crashes a handler": InitialsCrash,
}


# ------------------------------------------------------------------ running the student's monkey


@dataclass
class Hunt:
    error: BaseException | None  # what the monkey's run raised, None if it found nothing
    last: FormMonkey | None  # the last session run: after a failure, the shrunk failing session
    machines: list[FormMonkey]


@functools.cache
def hunt(form_class: type[Form]) -> Hunt:
    """Run the student's machine against `form_class` once per check session."""
    machines: list[FormMonkey] = []

    class Probe(FormMonkey):
        def __init__(self) -> None:
            super().__init__()
            machines.append(self)

    Probe.form_class = form_class
    error: BaseException | None = None
    try:
        run_state_machine_as_test(Probe, settings=HUNT_SETTINGS)
    except Exception as exc:  # noqa: BLE001 - any failure means the monkey caught something
        error = exc
    return Hunt(error, machines[-1] if machines else None, machines)


def ever_valid(log: list[Event]) -> bool:
    """Replay a session's log on the correct form: was the form valid after any of its events?"""
    form = Form()
    for event in log:
        form.dispatch(event)
        if is_valid(form.snapshot()):
            return True
    return False


def is_json(text: str) -> bool:
    """True for one JSON document, or for JSON Lines (one JSON value per non-blank line)."""
    for documents in ([text], [line for line in text.splitlines() if line.strip()]):
        try:
            for document in documents:
                json.loads(document)
        except ValueError:
            continue
        return bool(documents)
    return False


def failing_session(form_class: type[Form]) -> FormMonkey:
    found = hunt(form_class)
    if found.error is None or found.last is None:
        pytest.fail(
            f"Your monkey found no failure on {form_class.__name__}, so there is no failing session to replay"
        )
    return found.last


# ------------------------------------------------------------------ checks


def test_the_monkey_passes_on_the_correct_form():
    found = hunt(Form)
    assert found.error is None, (
        f"Expected no failure on the correct Form, but the monkey reported: {found.error!r}. "
        "Check your rules and invariants against form.py's docstring."
    )


def test_the_monkey_logs_all_four_user_actions_and_reaches_a_valid_form():
    found = hunt(Form)
    assert found.machines, "The monkey ran no session at all"
    kinds = {event.kind for m in found.machines for event in m.log}
    assert kinds == {"type", "clear", "toggle", "click"}, (
        f"Expected the sessions' logs (self.log) to contain all four user actions, found only {sorted(kinds)}. "
        "Every rule must go through send(), which records the event before dispatching it."
    )
    assert any(ever_valid(m.log) for m in found.machines), (
        "Expected at least one session to reach a valid form. Bias the typed text toward valid names and "
        "emails, or the monkey never reaches the states where bugs hide."
    )


@pytest.mark.parametrize("planted_bug", list(PLANTED_BUGS))
def test_the_monkey_finds_the_planted_bug(planted_bug: str):
    form_class = PLANTED_BUGS[planted_bug]
    found = hunt(form_class)
    assert all(type(m.form) is form_class for m in found.machines), (
        "Expected each session to create its form with self.form_class(), so the checks can swap in buggy forms"
    )
    assert found.error is not None, (
        f"Your monkey ran {SESSIONS} derandomized sessions of up to {STEPS} steps on a form where "
        f"{planted_bug}, and reported nothing. Does it use all four actions, type valid and nasty text "
        "(whitespace included), and check submit_enabled == is_valid(state) after every step?"
    )


def test_replay_dispatches_the_events_in_order_to_a_fresh_form():
    log = [
        Event("type", "name", "Ana"),
        Event("type", "email", "ana@example.com"),
        Event("toggle", "terms"),
        Event("click", "submit"),
        Event("type", "name", "Bo"),
    ]
    form = replay(log, Form)
    expected = Form()
    for event in log:
        expected.dispatch(event)
    assert isinstance(form, Form) and form.snapshot() == expected.snapshot(), (
        f"Expected replay() to return a form in the state {expected.snapshot()}, got "
        f"{form.snapshot() if isinstance(form, Form) else form!r}"
    )


def test_the_failing_session_replays_to_the_same_state():
    session = failing_session(StaleAfterClear)
    replayed = replay(session.log, StaleAfterClear)
    assert replayed.snapshot() == session.form.snapshot(), (
        f"Replaying the failing session's log {session.log} gave {replayed.snapshot()}, but the session ended "
        f"in {session.form.snapshot()}. Does every action go through send(), and is every event recorded?"
    )
    state = replayed.snapshot()
    assert state.submit_enabled != is_valid(state), "Expected the replayed form to show the bug again"
    fixed = replay(session.log, Form).snapshot()
    assert fixed.submit_enabled == is_valid(fixed), "The same log on the correct form must not show the bug"


def test_a_saved_log_loads_back_equal_and_replays(tmp_path: Path):
    session = failing_session(StaleAfterClear)
    path = tmp_path / "bug-report.json"
    save_log(session.log, path)
    assert is_json(path.read_text(encoding="utf-8")), (
        "Expected save_log to write JSON (one document, or one JSON value per line)"
    )
    loaded = load_log(path)
    assert loaded == session.log, f"Expected load_log to give back {session.log}, got {loaded}"
    assert replay(loaded, StaleAfterClear).snapshot() == session.form.snapshot()


def test_a_crash_log_replays_to_the_same_crash():
    session = failing_session(InitialsCrash)
    assert session.log and session.log[-1] == Event("click", "submit"), (
        f"Expected the log to end with the click that crashed, got {session.log[-1:]}: record an event "
        "before dispatching it"
    )
    try:
        replay(session.log, InitialsCrash)
    except IndexError:
        pass  # the same crash, reproduced from the log alone
    else:
        pytest.fail(f"Expected replaying the crash log {session.log} to raise IndexError again, it did not")
