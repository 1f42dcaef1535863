//! `primes`: CPU-bound and blocking work that lets other Python threads run.
//!
//! Everything here runs while holding the GIL, so while one Python thread is inside these functions no other
//! Python thread can run. Release it with `py.detach(|| ...)` (PyO3 0.26+ name; older versions called it
//! `allow_threads`), and split the counting across cores with rayon.
use std::time::Duration;

use pyo3::exceptions::PyNotImplementedError;
use pyo3::prelude::*;

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
/// Blocks the calling thread for `ms` milliseconds, the way a driver call or a socket read would.
#[pyfunction]
fn wait_ms(ms: u64) {
    // TODO: the GIL stays held while this thread sleeps: every other Python thread waits too.
    std::thread::sleep(Duration::from_millis(ms));
}

/// count_primes(limit) -> int
///
/// The number of primes below `limit`, on one thread.
#[pyfunction]
fn count_primes(limit: u64) -> u64 {
    // TODO: release the GIL while counting.
    (2..limit).filter(|&n| is_prime(n)).count() as u64
}

/// count_primes_parallel(limit) -> int
///
/// The same count, split across rayon's thread pool, with the GIL released.
#[pyfunction]
fn count_primes_parallel(limit: u64) -> PyResult<u64> {
    // TODO: rayon's `into_par_iter()` (use rayon::prelude::*) on the range, inside py.detach.
    let _ = limit;
    Err(PyNotImplementedError::new_err(
        "count_primes_parallel is not written yet",
    ))
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
