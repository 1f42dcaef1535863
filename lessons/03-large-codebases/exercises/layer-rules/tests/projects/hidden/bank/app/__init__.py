from bank import infra, ui

__all__ = ["infra", "ui"]
