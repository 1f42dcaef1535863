"""The domain layer: the shop's rules. It may import only itself (and the standard library), never ui or infra."""
from .money import Money

__all__ = ["Money"]
