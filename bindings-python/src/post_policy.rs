//! `Signer.presign_post`: Python values to the core's POST policy and back,
//! in botocore's shape (`{"url": ..., "fields": {...}}`).
//!
//! Conditions are handed to the core as the JSON text `json.dumps` writes
//! for them, so the shapes a condition may take, and the errors naming
//! `conditions[i]`, are the core's.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping};
use sigv4kit::post_policy::{presign_post, PostPolicy, PostPolicyError};
use sigv4kit::{Credentials, SigningTime};

use crate::errors::error;

fn raise(py: Python<'_>, err: &PostPolicyError) -> PyErr {
    error(py, err.code(), err.field(), &err.to_string())
}

/// The arguments of one `presign_post` call, as Python gave them.
pub struct PostArgs<'a, 'py> {
    pub bucket: &'a str,
    pub key: &'a str,
    pub fields: Option<&'a Bound<'py, PyAny>>,
    pub conditions: Option<&'a Bound<'py, PyAny>>,
    pub expires_in: i64,
    pub endpoint: Option<&'a str>,
}

/// Presigns a POST for `region` with `credentials` at `when`.
pub fn presign<'py>(
    py: Python<'py>,
    credentials: &Credentials,
    region: &str,
    when: SigningTime,
    args: PostArgs<'_, 'py>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut policy = PostPolicy::new(args.bucket, args.key)
        .expires_in(u64::try_from(args.expires_in).unwrap_or(0));
    if let Some(conditions) = args.conditions.filter(|c| !c.is_none()) {
        let text: String = py
            .import("json")?
            .call_method1("dumps", (conditions,))
            .map_err(|_| {
                error(
                    py,
                    "invalid_condition",
                    "conditions",
                    "invalid conditions: must be a list of dicts and lists of str and int",
                )
            })?
            .extract()?;
        policy = policy.conditions_json(&text).map_err(|e| raise(py, &e))?;
    }
    if let Some(fields) = args.fields.filter(|f| !f.is_none()) {
        let mapping = fields.cast::<PyMapping>().map_err(|_| {
            error(
                py,
                "invalid_field",
                "fields",
                "invalid fields: must be a dict of str to str",
            )
        })?;
        for item in mapping.items()?.iter() {
            let (name, value): (String, String) = item.extract().map_err(|_| {
                error(
                    py,
                    "invalid_field",
                    "fields",
                    "invalid fields: names and values must be str",
                )
            })?;
            policy = policy.field(name, value);
        }
    }
    if let Some(endpoint) = args.endpoint {
        policy = policy.endpoint(endpoint);
    }
    let post = presign_post(&policy, credentials, region, when).map_err(|e| raise(py, &e))?;
    let fields = PyDict::new(py);
    for (name, value) in post.fields() {
        fields.set_item(name, value)?;
    }
    let out = PyDict::new(py);
    out.set_item("url", post.url())?;
    out.set_item("fields", fields)?;
    Ok(out)
}
