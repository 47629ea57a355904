//! `sigv4kit.ChunkedEncoder`: the core's aws-chunked encoder, fed from
//! Python. Framing and chunk signing run without the GIL.

use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use sigv4kit::chunked::{ChecksumAlgorithm, ChunkedEncoder, ChunkedMode, ChunkedUpload};

use crate::errors::{error, IntoPyResult};

/// The plan of an upload from the names the Python API takes
/// (`signed`, `signed-trailer`, `unsigned-trailer`; `crc32`, `crc32c`,
/// `sha256`), refused by name otherwise.
pub fn plan(
    py: Python<'_>,
    mode: &str,
    checksum: Option<&str>,
    decoded_length: u64,
    chunk_size: usize,
) -> PyResult<ChunkedUpload> {
    let mode = ChunkedMode::parse(mode).ok_or_else(|| {
        error(
            py,
            "invalid_payload",
            "mode",
            "invalid mode: must be 'signed', 'signed-trailer' or 'unsigned-trailer'",
        )
    })?;
    let checksum = match checksum {
        None => None,
        Some(name) => Some(ChecksumAlgorithm::parse(name).ok_or_else(|| {
            error(
                py,
                "invalid_payload",
                "checksum",
                "invalid checksum: must be 'crc32', 'crc32c' or 'sha256'",
            )
        })?),
    };
    ChunkedUpload::new(mode, decoded_length, chunk_size, checksum).or_raise(py)
}

/// Frames (and signs) one upload's body: `write` each piece, then `finish`;
/// each returns the bytes to send. Holds at most one chunk.
#[pyclass(module = "sigv4kit", name = "ChunkedEncoder", frozen)]
pub struct PyChunkedEncoder {
    inner: Mutex<ChunkedEncoder>,
    encoded_length: u64,
}

impl PyChunkedEncoder {
    pub fn new(inner: ChunkedEncoder, encoded_length: u64) -> Self {
        PyChunkedEncoder {
            inner: Mutex::new(inner),
            encoded_length,
        }
    }

    fn run<'py>(
        &self,
        py: Python<'py>,
        step: impl FnOnce(&mut ChunkedEncoder, &mut Vec<u8>) -> Result<(), sigv4kit::Error> + Send,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let mut out = Vec::new();
        py.detach(|| {
            let mut encoder = self.inner.lock().unwrap_or_else(|p| p.into_inner());
            step(&mut encoder, &mut out)
        })
        .or_raise(py)?;
        Ok(PyBytes::new(py, &out))
    }
}

#[pymethods]
impl PyChunkedEncoder {
    /// Feeds the next piece of the body; returns the framed chunks it
    /// completed (often empty).
    fn write<'py>(&self, py: Python<'py>, data: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
        self.run(py, |e, out| e.write(data, out))
    }

    /// Ends the body: the last chunk, the final empty chunk, the trailer.
    fn finish<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        self.run(py, |e, out| e.finish(out))
    }

    /// The framed body's length: the `Content-Length` sent.
    #[getter]
    fn encoded_length(&self) -> u64 {
        self.encoded_length
    }

    fn __repr__(&self) -> String {
        format!("ChunkedEncoder(encoded_length={})", self.encoded_length)
    }
}
