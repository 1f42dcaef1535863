//! `ratelimit`: a token bucket as a Python class written in Rust.
//!
//! A bucket holds up to `capacity` tokens and gains `rate` tokens per second. Each request takes tokens;
//! a request that finds too few is denied. Time comes from an injected clock (any callable returning seconds),
//! so tests move time by hand instead of sleeping.
use pyo3::prelude::*;

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
        // TODO: reject capacity 0 and a negative or non-finite rate with ValueError.
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
    #[pyo3(signature = (n = 1))]
    fn try_take(&mut self, py: Python<'_>, n: u32) -> PyResult<bool> {
        // TODO: validate n, refill from the clock, take the tokens or call on_denied. This stub denies
        // everything and never calls back.
        let _ = (py, n, &self.on_denied, self.last);
        Ok(false)
    }

    /// len(bucket): the whole tokens available now.
    fn __len__(&mut self, py: Python<'_>) -> PyResult<usize> {
        // TODO: refill first; this stub forgets about the clock.
        let _ = (py, &self.clock);
        Ok(self.tokens as usize)
    }

    // TODO: __iter__ and __next__: iterating takes one token per step and yields the clock reading at which
    // it was taken, until less than one token is left.

    fn __repr__(&self) -> String {
        // TODO: "TokenBucket(capacity=3, rate=2.0, tokens=1)", with the whole tokens available now.
        format!("TokenBucket({})", self.capacity)
    }
}

/// Rate limiting with a token bucket.
#[pymodule]
fn ratelimit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TokenBucket>()?;
    Ok(())
}
