"""bank: a second layered project, used only by the checks."""
