"""catalog: a tiny typed store of keyed records.

The public API lives in two modules: `protocols` (the structural types) and `store` (the generic container).
"""
from .protocols import Keyed, SupportsLessThan
from .store import Store, largest

__all__ = ["Keyed", "Store", "SupportsLessThan", "largest"]
