from ..domain.limits import MAX_WITHDRAWAL

ENTRIES: list[int] = [MAX_WITHDRAWAL]
