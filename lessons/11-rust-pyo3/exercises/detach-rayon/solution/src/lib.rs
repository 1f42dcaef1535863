//! `primes`: CPU-bound and blocking work that lets other Python threads run.
//!
//! While a thread is attached to the interpreter (holds the GIL), no other thread can run Python code.
//! `py.detach(|| ...)` releases it for the duration of the closure (PyO3 0.26+ name; older versions called it
//! `allow_threads`). The closure must not touch Python objects, and PyO3's type system enforces that: it only
//! accepts closures whose captures are `Send` and hold no `Python<'py>` token, so a `Bound<'py, ...>` inside
//! does not compile. Convert arguments to plain Rust values first, then detach.
use std::time::Duration;

use pyo3::prelude::*;
use rayon::prelude::*;

/// Trial division by 2 and the odd numbers up to the square root.
fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n < 4 {
        return true;
    }
    if n % 2 == 0 {
        return false;
    }
    let mut d = 3;
    // `d <= n / d` rather than `d * d <= n`: the product could overflow for n close to u64::MAX.
    while d <= n / d {
        if n % d == 0 {
            return false;
        }
        d += 2;
    }
    true
}

/// wait_ms(ms) -> None
///
/// Blocks the calling thread for `ms` milliseconds, the way a driver call or a socket read would, with the
/// GIL released so that other Python threads keep running.
#[pyfunction]
fn wait_ms(py: Python<'_>, ms: u64) {
    py.detach(|| std::thread::sleep(Duration::from_millis(ms)));
}

/// count_primes(limit) -> int
///
/// The number of primes below `limit`, on one thread, with the GIL released.
#[pyfunction]
fn count_primes(py: Python<'_>, limit: u64) -> u64 {
    py.detach(|| (2..limit).filter(|&n| is_prime(n)).count() as u64)
}

/// count_primes_parallel(limit) -> int
///
/// The same count, split across rayon's thread pool (one worker per core), with the GIL released. Rayon's
/// work stealing balances the uneven cost of the numbers (large primes take longest).
#[pyfunction]
fn count_primes_parallel(py: Python<'_>, limit: u64) -> u64 {
    py.detach(|| (2..limit).into_par_iter().filter(|&n| is_prime(n)).count() as u64)
}

/// threads() -> int
///
/// How many worker threads rayon's global pool has (for the benchmark's labels).
#[pyfunction]
fn threads() -> usize {
    rayon::current_num_threads()
}

/// Counting primes without holding the GIL, serially and in parallel.
#[pymodule]
fn primes(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(wait_ms, m)?)?;
    m.add_function(wrap_pyfunction!(count_primes, m)?)?;
    m.add_function(wrap_pyfunction!(count_primes_parallel, m)?)?;
    m.add_function(wrap_pyfunction!(threads, m)?)?;
    Ok(())
}
