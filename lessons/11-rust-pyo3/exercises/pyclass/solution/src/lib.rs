//! `ratelimit`: a token bucket as a Python class written in Rust.
//!
//! A bucket holds up to `capacity` tokens and gains `rate` tokens per second. Each request takes tokens;
//! a request that finds too few is denied. Time comes from an injected clock (any callable returning seconds),
//! so tests move time by hand instead of sleeping.
use pyo3::exceptions::PyValueError;
use pyo3::gc::PyVisit;
use pyo3::prelude::*;
use pyo3::PyTraverseError;

#[pyclass(module = "ratelimit")]
struct TokenBucket {
    #[pyo3(get)]
    capacity: u32,
    #[pyo3(get)]
    rate: f64,
    /// Tokens available at `last`, a fraction included: refills are continuous.
    tokens: f64,
    /// The clock reading of the last refill.
    last: f64,
    clock: Py<PyAny>,
    on_denied: Option<Py<PyAny>>,
}

impl TokenBucket {
    /// Reads the clock and adds the tokens earned since the last reading. A clock that steps backwards
    /// earns nothing (and `last` keeps the later time, so the same interval is never paid twice).
    fn refill(&mut self, py: Python<'_>) -> PyResult<f64> {
        let now: f64 = self.clock.bind(py).call0()?.extract()?;
        if now > self.last {
            self.tokens =
                (self.tokens + (now - self.last) * self.rate).min(f64::from(self.capacity));
            self.last = now;
        }
        Ok(now)
    }

    /// The whole tokens available now.
    fn whole_tokens(&mut self, py: Python<'_>) -> PyResult<u32> {
        self.refill(py)?;
        // tokens is in [0, capacity], so the cast cannot overflow; `as` truncates towards zero (floor).
        Ok(self.tokens as u32)
    }
}

#[pymethods]
impl TokenBucket {
    /// TokenBucket(capacity, rate, clock=None, on_denied=None): starts full. `clock` defaults to
    /// time.monotonic; `on_denied(n)` is called when a request for `n` tokens is denied.
    #[new]
    #[pyo3(signature = (capacity, rate, clock = None, on_denied = None))]
    fn new(
        py: Python<'_>,
        capacity: u32,
        rate: f64,
        clock: Option<Py<PyAny>>,
        on_denied: Option<Py<PyAny>>,
    ) -> PyResult<Self> {
        if capacity == 0 {
            return Err(PyValueError::new_err("capacity must be at least 1"));
        }
        if !(rate.is_finite() && rate >= 0.0) {
            return Err(PyValueError::new_err(format!(
                "rate must be a finite number >= 0, got {rate}"
            )));
        }
        let clock = match clock {
            Some(clock) => clock,
            None => py.import("time")?.getattr("monotonic")?.unbind(),
        };
        let last: f64 = clock.bind(py).call0()?.extract()?;
        Ok(Self {
            capacity,
            rate,
            tokens: f64::from(capacity),
            last,
            clock,
            on_denied,
        })
    }

    /// Takes `n` tokens if they are there and returns True; otherwise calls on_denied(n) and returns False.
    ///
    /// PyO3 holds a mutable borrow of the bucket for the whole call (that is what `&mut self` means). If
    /// on_denied calls back into this bucket, that second borrow is refused with RuntimeError ("Already
    /// borrowed"), and `?` passes the error on to our caller instead of swallowing it.
    #[pyo3(signature = (n = 1))]
    fn try_take(&mut self, py: Python<'_>, n: u32) -> PyResult<bool> {
        if n == 0 || n > self.capacity {
            return Err(PyValueError::new_err(format!(
                "n must be between 1 and the capacity {}, got {n}",
                self.capacity
            )));
        }
        self.refill(py)?;
        if self.tokens >= f64::from(n) {
            self.tokens -= f64::from(n);
            return Ok(true);
        }
        if let Some(callback) = &self.on_denied {
            callback.call1(py, (n,))?;
        }
        Ok(false)
    }

    /// len(bucket): the whole tokens available now.
    fn __len__(&mut self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.whole_tokens(py)? as usize)
    }

    /// A bucket is its own iterator: each step takes one token and yields the clock reading at which it was
    /// taken; iteration stops when less than one token is left. `for t in bucket:` drains it.
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<f64>> {
        let now = self.refill(py)?;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(Some(now))
        } else {
            Ok(None) // PyO3 turns None into StopIteration
        }
    }

    fn __repr__(&mut self, py: Python<'_>) -> PyResult<String> {
        let tokens = self.whole_tokens(py)?;
        // {:?} prints an f64 the way Python's repr does for ordinary values: 2.0, not 2.
        Ok(format!(
            "TokenBucket(capacity={}, rate={:?}, tokens={tokens})",
            self.capacity, self.rate
        ))
    }

    /// The garbage collector must see the Python objects we hold: an on_denied closure that refers to the
    /// bucket makes a reference cycle, which only the collector can free.
    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        visit.call(&self.clock)?;
        visit.call(&self.on_denied)?;
        Ok(())
    }

    fn __clear__(&mut self) {
        self.on_denied = None;
    }
}

/// Rate limiting with a token bucket.
#[pymodule]
fn ratelimit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TokenBucket>()?;
    Ok(())
}
