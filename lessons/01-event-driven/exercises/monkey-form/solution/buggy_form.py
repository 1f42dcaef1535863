"""The sign-up form with a bug in it. Do not fix it here: let your monkey find it.

The bug is the kind that survives code review: an innocent-looking "optimisation" in one handler. Reading
the code is not the point; a monkey that types, clears, toggles and clicks at random, and checks the
invariants after every step, finds it without being told where to look.
"""
from __future__ import annotations

from form import Event, Form


class BuggyForm(Form):
    def _on_clear(self, event: Event) -> None:
        setattr(self, event.target, "")
        # "Optimisation": an empty field can never make an invalid form valid, so refresh only when the
        # button is disabled.
        if not self.submit_enabled:
            self._refresh()
