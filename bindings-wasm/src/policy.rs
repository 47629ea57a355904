//! The core's signing policy (`sigv4kit::policy`), for the TypeScript glue:
//! the glue asks here instead of keeping its own copy of a default.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use crate::errors;

/// The lifetime of a presigned URL when the caller names none, in seconds.
#[wasm_bindgen(js_name = defaultExpiresIn)]
pub fn default_expires_in() -> f64 {
    sigv4kit::policy::DEFAULT_EXPIRES_IN as f64
}

/// The headers a signer owns (lower case): integrations drop stale copies.
#[wasm_bindgen(js_name = signerHeaders)]
pub fn signer_headers() -> Vec<String> {
    sigv4kit::policy::SIGNER_HEADERS
        .iter()
        .map(|h| (*h).to_owned())
        .collect()
}

/// What joins the values of a repeated header sent as one.
#[wasm_bindgen(js_name = headerValueSeparator)]
pub fn header_value_separator() -> String {
    sigv4kit::policy::HEADER_VALUE_SEPARATOR.to_owned()
}

/// The request target as it goes on the wire: no raw `+` in the query.
#[wasm_bindgen(js_name = wireTarget)]
pub fn wire_target(target: &str) -> String {
    sigv4kit::policy::wire_target(target).into_owned()
}

/// The region and service for a request to `host`, as `[region, service]`:
/// those given, the others inferred from the host; an error naming the
/// missing one when the host is not an AWS host.
#[wasm_bindgen(js_name = resolveScope)]
pub fn resolve_scope(
    host: &str,
    region: Option<String>,
    service: Option<String>,
) -> Result<Vec<String>, errors::WasmError> {
    let scope = sigv4kit::policy::resolve_scope(host, region.as_deref(), service.as_deref())
        .map_err(errors::to_js)?;
    Ok(vec![scope.region, scope.service])
}
