//! `audiobuf`: audio samples processed where they lie, in the caller's memory.
//!
//! Python owns the samples; Rust borrows them. Nothing here copies an array: `peak` reads any buffer of
//! float64 through the buffer protocol (PEP 3118), `apply_gain` writes into a numpy array through a
//! rust-numpy view, and `trim` returns a numpy view of the loud part instead of a new array.
use numpy::{PyReadonlyArray1, PyReadwriteArray1};
use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PySlice;

/// peak(samples) -> float
///
/// The largest absolute value in any C-contiguous buffer of float64 (a numpy array of any shape,
/// array.array('d'), a memoryview): ValueError when it is empty or not contiguous; BufferError when it does
/// not hold float64; TypeError when it is not a buffer at all.
#[pyfunction]
fn peak(samples: PyBuffer<f64>) -> PyResult<f64> {
    if samples.item_count() == 0 {
        return Err(PyValueError::new_err("peak of an empty buffer"));
    }
    let pointer = samples.as_slice_ptr().ok_or_else(|| {
        PyValueError::new_err("peak needs a C-contiguous buffer (copy a strided view first)")
    })?;
    // SAFETY: `samples` keeps the exporter's memory alive and its size fixed until it is dropped, and PyO3
    // checked the element size, format and alignment. We stay attached to the interpreter (GIL held) and call
    // no Python code while the slice lives, so no Python code can write to it meanwhile. (This is why PyO3 0.30
    // deprecated the safe-looking `as_slice`: it cannot know what the caller does while a slice lives.)
    let values: &[f64] = unsafe { pointer.as_ref() };
    Ok(values.iter().fold(0.0, |largest, x| largest.max(x.abs())))
}

/// apply_gain(samples, gain) -> None
///
/// Multiplies a 1-D float64 numpy array by `gain` in place, strided views included. A read-only array or
/// another dtype raises TypeError (rust-numpy refuses to borrow it mutably).
#[pyfunction]
fn apply_gain(mut samples: PyReadwriteArray1<'_, f64>, gain: f64) {
    // An ndarray view of the caller's memory, with numpy's strides: no copy, no contiguity needed.
    samples.as_array_mut().mapv_inplace(|x| x * gain);
}

/// trim(samples, threshold) -> numpy.ndarray
///
/// The part of a 1-D float64 array from its first to its last sample louder than `threshold`
/// (|x| > threshold), as a view sharing the caller's memory; an empty view when everything is quieter.
#[pyfunction]
fn trim<'py>(
    py: Python<'py>,
    samples: PyReadonlyArray1<'py, f64>,
    threshold: f64,
) -> PyResult<Bound<'py, PyAny>> {
    if threshold.is_nan() {
        return Err(PyValueError::new_err("threshold must be a number, got nan"));
    }
    let view = samples.as_array();
    let loud = |x: &f64| x.abs() > threshold;
    let (start, stop) = match (view.iter().position(loud), view.iter().rposition(loud)) {
        (Some(first), Some(last)) => (first, last + 1),
        _ => (0, 0),
    };
    // Slicing is numpy's job and makes a view (same memory, new start and length): samples[start:stop].
    let range = PySlice::new(py, isize::try_from(start)?, isize::try_from(stop)?, 1);
    samples.as_any().get_item(range)
}

/// Audio buffers processed in place, without copies.
#[pymodule]
fn audiobuf(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(peak, m)?)?;
    m.add_function(wrap_pyfunction!(apply_gain, m)?)?;
    m.add_function(wrap_pyfunction!(trim, m)?)?;
    Ok(())
}
