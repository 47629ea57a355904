//! Presigned S3 POSTs (browser uploads) across the boundary.
//!
//! One call per policy, not a hot path: the conditions cross as the JSON
//! text `JSON.stringify` writes for them (the core reads their shapes and
//! names `conditions[i]` in its errors), the fields as a flat list of names
//! and values, and the answer comes back the same way, the URL first.

#[allow(unused_imports)]
use crate::prelude::*;

use sigv4kit::post_policy::{presign_post, PostPolicy, PostPolicyError};
use sigv4kit::SigningTime;
use wasm_bindgen::prelude::*;

use crate::errors::{self, WasmError};
use crate::WasmCredentials;

fn to_js(err: PostPolicyError) -> WasmError {
    errors::error(err.code(), err.field(), &err.to_string())
}

/// Presigns a POST: returns `[url, name, value, name, value, …]`.
#[wasm_bindgen(js_name = presignPost)]
#[allow(clippy::too_many_arguments)]
pub fn presign_post_js(
    credentials: &WasmCredentials,
    region: &str,
    time_ms: f64,
    bucket: &str,
    key: &str,
    conditions_json: Option<String>,
    fields: Vec<String>,
    expires_in: f64,
    endpoint: Option<String>,
) -> Result<Vec<String>, WasmError> {
    let time = SigningTime::from_unix_millis(time_ms).map_err(errors::to_js)?;
    let secs = if crate::number::is_whole(expires_in) && expires_in >= 0.0 {
        expires_in as u64
    } else {
        0 // refused by the core as out of range
    };
    let mut policy = PostPolicy::new(bucket, key).expires_in(secs);
    if let Some(text) = conditions_json {
        policy = policy.conditions_json(&text).map_err(to_js)?;
    }
    for pair in fields.chunks(2) {
        if let [name, value] = pair {
            policy = policy.field(name, value);
        }
    }
    if let Some(endpoint) = endpoint {
        policy = policy.endpoint(endpoint);
    }
    let post = presign_post(&policy, &credentials.inner, region, time).map_err(to_js)?;
    let mut out = Vec::with_capacity(1 + 2 * post.fields().len());
    out.push(post.url().to_owned());
    for (name, value) in post.fields() {
        out.push(name.clone());
        out.push(value.clone());
    }
    Ok(out)
}
