//! Signing times from Python values, and the clock.
//!
//! The core never reads the clock; this binding does, natively. A naive
//! `datetime` is refused: whether it meant UTC or local time cannot be known,
//! and guessing wrong yields a signature AWS rejects as skewed.

use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyInt, PyString};
use sigv4kit::SigningTime;

use crate::errors::{error, IntoPyResult};

/// Now, from the operating system's clock.
pub fn now(py: Python<'_>) -> PyResult<SigningTime> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    SigningTime::from_unix(i64::try_from(secs).unwrap_or(i64::MAX)).or_raise(py)
}

/// Seconds since the epoch from an aware `datetime`, an `int`, a `float` or
/// an RFC 3339 string (how STS and credential processes write expiries).
pub fn unix_seconds(py: Python<'_>, value: &Bound<'_, PyAny>, field: &str) -> PyResult<f64> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(SigningTime::parse_rfc3339(&text.to_cow()?)
            .or_raise(py)?
            .unix() as f64);
    }
    if value.is_instance_of::<PyInt>() {
        return value.extract::<i64>().map(|v| v as f64);
    }
    if value.is_instance_of::<PyFloat>() {
        let v: f64 = value.extract()?;
        if !v.is_finite() {
            return Err(error(
                py,
                "invalid_timestamp",
                field,
                &format!("invalid {field}: must be a finite number"),
            ));
        }
        return Ok(v);
    }
    if value.hasattr("utcoffset")? && value.hasattr("timestamp")? {
        if value.call_method0("utcoffset")?.is_none() {
            return Err(error(
                py,
                "invalid_timestamp",
                field,
                &format!("invalid {field}: a naive datetime is ambiguous; pass an aware one (tzinfo=timezone.utc)"),
            ));
        }
        return value.call_method0("timestamp")?.extract();
    }
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "{field} must be a datetime, seconds since the epoch or an RFC 3339 string, not {}",
        value.get_type().name()?
    )))
}

/// The signing time: now when `None`, else a `datetime`, epoch seconds or an
/// RFC 3339 string.
pub fn signing_time(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<SigningTime> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return now(py);
    };
    if let Ok(text) = value.cast::<PyString>() {
        return SigningTime::parse_rfc3339(&text.to_cow()?).or_raise(py);
    }
    let secs = unix_seconds(py, value, "timestamp")?;
    SigningTime::from_unix_millis(secs * 1000.0).or_raise(py)
}
