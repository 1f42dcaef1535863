//! `kernels`: two small functions written in Rust and called from Python.
//!
//! Both compile and can be called, but neither does its job yet. Put the work into plain Rust functions and
//! keep the `#[pyfunction]` wrappers thin: they convert arguments and turn Rust errors into Python exceptions.
use std::collections::HashMap;

use pyo3::exceptions::PyNotImplementedError;
use pyo3::prelude::*;

/// word_count(text, min_len=1) -> dict[str, int]
///
/// How often each whitespace-separated word of `text` occurs, counting only words of at least `min_len`
/// characters. The same result as `collections.Counter(w for w in text.split() if len(w) >= min_len)`.
/// `min_len=0` raises ValueError.
#[pyfunction]
#[pyo3(signature = (text, min_len = 1))]
fn word_count(text: &str, min_len: usize) -> PyResult<HashMap<String, usize>> {
    // TODO: split `text` the way str.split() does, keep the words with at least `min_len` characters and
    // count them. This stub counts nothing.
    let _ = (text, min_len);
    Ok(HashMap::new())
}

/// dot(a, b) -> float
///
/// The dot product of two equally long sequences of numbers; ValueError when their lengths differ.
#[pyfunction]
fn dot(a: Vec<f64>, b: Vec<f64>) -> PyResult<f64> {
    // TODO: check the lengths (a Rust error type that converts into PyValueError), then add the products
    // left to right.
    let _ = (a, b);
    Err(PyNotImplementedError::new_err("dot is not written yet"))
}

/// Small text and number kernels written in Rust.
#[pymodule]
fn kernels(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(word_count, m)?)?;
    m.add_function(wrap_pyfunction!(dot, m)?)?;
    Ok(())
}
