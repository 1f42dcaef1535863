"""Type stubs for the Rust extension module `primes` (maturin ships them in the wheel, with py.typed)."""

def wait_ms(ms: int) -> None:
    """Blocks the calling thread for `ms` milliseconds (a stand-in for blocking I/O)."""

def count_primes(limit: int) -> int:
    """The number of primes below `limit`, on one thread."""

def count_primes_parallel(limit: int) -> int:
    """The number of primes below `limit`, on rayon's thread pool."""

def threads() -> int:
    """The number of worker threads in rayon's global pool."""
