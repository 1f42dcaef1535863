//! `kernels`: two small functions written in Rust and called from Python.
//!
//! The work is done by plain Rust functions that know nothing about Python (they could be unit-tested with
//! `cargo test`); the `#[pyfunction]` wrappers only convert arguments and map errors to Python exceptions.
use std::collections::HashMap;
use std::fmt;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// What can go wrong in this module, as a Rust type: callers match on it, Python sees a ValueError.
#[derive(Debug, Clone, PartialEq)]
enum KernelError {
    /// `dot` needs two vectors of the same length.
    LengthMismatch { left: usize, right: usize },
    /// `word_count(min_len=0)` would count empty words, which do not exist.
    MinLenZero,
}

impl fmt::Display for KernelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LengthMismatch { left, right } => {
                write!(
                    f,
                    "dot needs vectors of the same length, got {left} and {right}"
                )
            }
            Self::MinLenZero => write!(f, "min_len must be at least 1"),
        }
    }
}

impl std::error::Error for KernelError {}

/// The bridge to Python: with this, `?` and a `Result<T, KernelError>` return type raise a ValueError.
impl From<KernelError> for PyErr {
    fn from(err: KernelError) -> PyErr {
        PyValueError::new_err(err.to_string())
    }
}

/// Python's `str.split()` splits on every character for which `str.isspace()` is true. That is Unicode's
/// White_Space property (Rust's `char::is_whitespace`) plus the four ASCII information separators
/// U+001C..U+001F, which Python counts as whitespace and Unicode does not.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Counts the words of `text` (split as `str.split()` does) that have at least `min_len` characters.
fn count_words(text: &str, min_len: usize) -> Result<HashMap<String, usize>, KernelError> {
    if min_len == 0 {
        return Err(KernelError::MinLenZero);
    }
    let mut counts = HashMap::new();
    // `chars().count()` counts code points, as Python's len() does; `str::len()` would count UTF-8 bytes.
    for word in text
        .split(is_python_space)
        .filter(|w| !w.is_empty() && w.chars().count() >= min_len)
    {
        *counts.entry(word.to_owned()).or_insert(0) += 1;
    }
    Ok(counts)
}

/// The dot product, adding the products left to right like a Python `for` loop, so the result is
/// bit-for-bit the same (no `mul_add`: a fused multiply-add rounds once instead of twice).
fn dot_product(a: &[f64], b: &[f64]) -> Result<f64, KernelError> {
    if a.len() != b.len() {
        return Err(KernelError::LengthMismatch {
            left: a.len(),
            right: b.len(),
        });
    }
    Ok(a.iter().zip(b).map(|(x, y)| x * y).sum())
}

/// word_count(text, min_len=1) -> dict[str, int]
///
/// How often each whitespace-separated word of `text` occurs, counting only words of at least `min_len`
/// characters. The same result as `collections.Counter(w for w in text.split() if len(w) >= min_len)`.
#[pyfunction]
#[pyo3(signature = (text, min_len = 1))]
fn word_count(text: &str, min_len: usize) -> Result<HashMap<String, usize>, KernelError> {
    count_words(text, min_len)
}

/// dot(a, b) -> float
///
/// The dot product of two equally long sequences of numbers; ValueError when their lengths differ.
#[pyfunction]
fn dot(a: Vec<f64>, b: Vec<f64>) -> PyResult<f64> {
    // `?` converts a KernelError into a PyErr through the From impl above.
    Ok(dot_product(&a, &b)?)
}

/// Small text and number kernels written in Rust.
#[pymodule]
fn kernels(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(word_count, m)?)?;
    m.add_function(wrap_pyfunction!(dot, m)?)?;
    Ok(())
}
