//! `audiobuf`: audio samples processed where they lie, in the caller's memory.
//!
//! Every function here gives the right numbers in the small, but each one copies the samples into Python
//! floats and a Rust Vec first: 2 million samples become 64 MB of Python objects. Borrow the caller's
//! memory instead: `pyo3::buffer::PyBuffer` for any buffer, `numpy::PyReadonlyArray1` /
//! `numpy::PyReadwriteArray1` for numpy arrays.
use numpy::PyArray1;
use pyo3::prelude::*;

/// peak(samples) -> float
///
/// The largest absolute value in any C-contiguous buffer of float64 (a numpy array of any shape,
/// array.array('d'), a memoryview): ValueError when it is empty or not contiguous; BufferError when it does
/// not hold float64; TypeError when it is not a buffer at all.
#[pyfunction]
fn peak(samples: &Bound<'_, PyAny>) -> PyResult<f64> {
    // TODO: a copy of every sample as a Python float, then as a Rust Vec.
    let values: Vec<f64> = samples.call_method0("tolist")?.extract()?;
    Ok(values.iter().fold(0.0, |largest, x| largest.max(x.abs())))
}

/// apply_gain(samples, gain) -> None
///
/// Multiplies a 1-D float64 numpy array by `gain` in place, strided views included. A read-only array or
/// another dtype raises TypeError.
#[pyfunction]
fn apply_gain(samples: &Bound<'_, PyAny>, gain: f64) -> PyResult<()> {
    // TODO: this scales a copy, which is thrown away: the caller's array never changes.
    let mut values: Vec<f64> = samples.call_method0("tolist")?.extract()?;
    for x in &mut values {
        *x *= gain;
    }
    Ok(())
}

/// trim(samples, threshold) -> numpy.ndarray
///
/// The part of a 1-D float64 array from its first to its last sample louder than `threshold`
/// (|x| > threshold), as a view sharing the caller's memory; an empty view when everything is quieter.
#[pyfunction]
fn trim<'py>(
    py: Python<'py>,
    samples: &Bound<'py, PyAny>,
    threshold: f64,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    // TODO: the right samples, but in a new array: the caller's memory is not shared.
    let values: Vec<f64> = samples.call_method0("tolist")?.extract()?;
    let loud = |x: &f64| x.abs() > threshold;
    let (start, stop) = match (values.iter().position(loud), values.iter().rposition(loud)) {
        (Some(first), Some(last)) => (first, last + 1),
        _ => (0, 0),
    };
    Ok(PyArray1::from_vec(py, values[start..stop].to_vec()))
}

/// Audio buffers processed in place, without copies.
#[pymodule]
fn audiobuf(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(peak, m)?)?;
    m.add_function(wrap_pyfunction!(apply_gain, m)?)?;
    m.add_function(wrap_pyfunction!(trim, m)?)?;
    Ok(())
}
