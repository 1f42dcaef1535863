"""A "monkey" for the sign-up form: random user sessions, with the invariants checked after every step.

Hypothesis drives the machine: at each step it picks a rule (an action) and its arguments, then checks every
invariant. When an invariant fails or a handler raises, it shrinks the session to a minimal one and prints
it. The machine also records every event it sends, so a failing session can be saved, attached to a bug
report, and replayed to reach exactly the same state.
"""
from __future__ import annotations

from pathlib import Path

from form import Event, Form
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

# TODO: a monkey that types only "Ana" never fills in an email. Offer valid values, near misses and
# whitespace (leading, trailing, doubled), plus a little pure randomness (st.text).
TEXT = st.just("Ana")


class FormMonkey(RuleBasedStateMachine):
    """Random sessions on a form; `form_class` is the form under test, so a test can swap in another."""

    form_class: type[Form] = Form

    def __init__(self) -> None:
        super().__init__()
        self.form = self.form_class()
        self.log: list[Event] = []

    def send(self, event: Event) -> None:
        """Record, then dispatch: the event that crashes a handler must be in the log too."""
        # TODO: record the event in self.log (before dispatching it).
        self.form.dispatch(event)

    @rule(text=TEXT)
    def type_name(self, text: str) -> None:
        # TODO: type into either text field (form.TEXT_FIELDS), not only the name.
        self.send(Event("type", "name", text))

    # TODO: rules for the other user actions: clear a text field, toggle the checkbox (form.CHECKBOXES),
    # click a button (form.BUTTONS).

    # TODO: an @invariant() (from hypothesis.stateful) that checks, after every step, that the submit button
    # is enabled exactly when the form is valid: compare snapshot.submit_enabled with is_valid(snapshot)
    # (snapshot = self.form.snapshot(); is_valid comes from form.py).
    # (An exception escaping a handler already fails the session: do not catch it.)


def save_log(log: list[Event], path: Path) -> None:
    """Write the events as JSON (e.g. a list of {"kind": ..., "target": ..., "text": ...})."""
    # TODO: dataclasses.asdict(event) turns an Event into a dict that json.dumps accepts.
    path.write_text("[]", encoding="utf-8")


def load_log(path: Path) -> list[Event]:
    """Read a log written by `save_log`."""
    # TODO: parse the JSON and rebuild the Event objects: Event(**item).
    return []


def replay(log: list[Event], form_class: type[Form] = Form) -> Form:
    """Dispatch the logged events, in order, to a fresh form and return it.

    Handler exceptions propagate: replaying a crash log reproduces the crash.
    """
    form = form_class()
    # TODO: dispatch every event of the log, in order.
    return form


def hunt(form_class: type[Form] = Form, max_examples: int = 300) -> None:
    """Let the monkey loose on `form_class`; raises with a minimal failing session if it finds a bug.

    Try it: python -c "from monkey import hunt; from buggy_form import BuggyForm; hunt(BuggyForm)"
    """
    machine = type(f"MonkeyOn{form_class.__name__}", (FormMonkey,), {"form_class": form_class})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=max_examples,
            stateful_step_count=30,
            derandomize=True,  # the same sessions on every run: a failure is reproducible
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
