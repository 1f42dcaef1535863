/** A minimal PyO3 module (`hello.greet(name)`), shared by the Rust tests and the PyO3 benchmark. */
export const HELLO_PYO3 = `use pyo3::prelude::*;

#[pyfunction]
fn greet(name: &str) -> String {
    format!("hello, {name}")
}

#[pymodule]
fn hello(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(greet, m)?)?;
    Ok(())
}
`;
