"""A "monkey" for the sign-up form: random user sessions, with the invariants checked after every step.

Hypothesis drives the machine: at each step it picks a rule (type, clear, toggle, click) and its arguments,
then checks every invariant. When an invariant fails or a handler raises, it shrinks the session to a
minimal one and prints it. The machine also records every event it sends, so a failing session can be saved
to a file, attached to a bug report, and replayed to reach exactly the same state.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from form import BUTTONS, CHECKBOXES, TEXT_FIELDS, Event, Form, is_valid
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

# A monkey that only types random unicode almost never produces a valid email address, so it never reaches
# the states where the interesting bugs live. Bias the text per field toward valid values and near misses,
# with whitespace in the usual wrong places (leading, trailing, doubled), and keep a little pure randomness
# (st.text) for the cases nobody thought of.
VALID_NAMES = ["Ana", "Ana Marija", "Ana ", " Ana", "Ana  Marija"]
VALID_EMAILS = ["ana@example.com", "ana.k@mail.example.hr"]
NAMES = st.one_of(st.sampled_from([*VALID_NAMES, " ", ""]), st.text(max_size=3))
EMAILS = st.one_of(
    st.sampled_from([*VALID_EMAILS, "ana@example", "ana @example.com", "@example.com"]),
    st.text(max_size=3),
)
# (field, text) pairs, so that each field gets the values that matter for it.
ENTRIES = st.one_of(NAMES.map(lambda text: ("name", text)), EMAILS.map(lambda text: ("email", text)))


class FormMonkey(RuleBasedStateMachine):
    """Random sessions on a form; `form_class` is the form under test, so a test can swap in another."""

    form_class: type[Form] = Form

    def __init__(self) -> None:
        super().__init__()
        self.form = self.form_class()
        self.log: list[Event] = []

    def send(self, event: Event) -> None:
        """Record, then dispatch: the event that crashes a handler must be in the log too."""
        self.log.append(event)
        # No try/except here: an exception escaping a handler would crash a real UI's event loop, so it must
        # fail the session. Hypothesis reports it and shrinks the session like any failed invariant.
        self.form.dispatch(event)

    @rule(entry=ENTRIES)
    def type_text(self, entry: tuple[str, str]) -> None:
        field, text = entry
        self.send(Event("type", field, text))

    @rule(name=st.sampled_from(VALID_NAMES), email=st.sampled_from(VALID_EMAILS))
    def fill_in_correctly(self, name: str, email: str) -> None:
        """The most common session of all: a user who fills in the whole form correctly.

        Pure random actions rarely get every field right at once, and the bugs worth finding live on the
        other side of a valid form (submitting, then clearing, toggling or resetting it). A few realistic
        macro-actions like this one take the monkey there in one step.
        """
        for field, text in (("name", name), ("email", email)):
            self.send(Event("clear", field))
            self.send(Event("type", field, text))
        if not self.form.terms:  # the user looks at the checkbox before clicking it
            self.send(Event("toggle", "terms"))

    @rule(field=st.sampled_from(TEXT_FIELDS))
    def clear(self, field: str) -> None:
        self.send(Event("clear", field))

    @rule(checkbox=st.sampled_from(CHECKBOXES))
    def toggle(self, checkbox: str) -> None:
        self.send(Event("toggle", checkbox))

    @rule(button=st.sampled_from(BUTTONS))
    def click(self, button: str) -> None:
        self.send(Event("click", button))

    @invariant()
    def submit_is_enabled_exactly_when_the_form_is_valid(self) -> None:
        # The oracle is the specification (is_valid on what the user sees), never the form's own bookkeeping.
        state = self.form.snapshot()
        assert state.submit_enabled == is_valid(state), (
            f"submit_enabled is {state.submit_enabled} but the form is "
            f"{'valid' if is_valid(state) else 'invalid'}: {state}"
        )


def save_log(log: list[Event], path: Path) -> None:
    """Write the events as JSON, one object per event: readable, diffable, attachable to a bug report."""
    path.write_text(json.dumps([dataclasses.asdict(event) for event in log], indent=1), encoding="utf-8")


def load_log(path: Path) -> list[Event]:
    """Read a log written by `save_log`."""
    return [Event(**item) for item in json.loads(path.read_text(encoding="utf-8"))]


def replay(log: list[Event], form_class: type[Form] = Form) -> Form:
    """Dispatch the logged events, in order, to a fresh form and return it.

    Handler exceptions propagate: replaying a crash log reproduces the crash.
    """
    form = form_class()
    for event in log:
        form.dispatch(event)
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
