use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;

#[pyfunction]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

#[pyfunction]
fn total(values: &Bound<'_, PyArray1<f64>>) -> PyResult<f64> {
    Ok(values.readonly().as_slice()?.iter().sum())
}

#[pymodule]
fn pyforge_crates_template(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(add, m)?)?;
    m.add_function(wrap_pyfunction!(total, m)?)?;
    Ok(())
}
