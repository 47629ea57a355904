/*
 * C helpers of the Go package: each does in one cgo call what would take
 * several. Requests arrive as one pointer-free buffer plus offsets (cgo
 * forbids passing Go memory that holds Go pointers), and the views built
 * here point into it only for the duration of the call.
 */
#include <stdlib.h>
#include <string.h>

#include "cgo_helpers.h"

// Builds a request from a pointer-free buffer plus offsets into `req`, with
// `headers` as its header array (caller-provided, n_headers long).
static void request_from(sigv4kit_request *req, sigv4kit_header *headers, const char *blob, const size_t *offs,
                       size_t n_headers) {
	size_t i;
	req->method.data = blob + offs[0];
	req->method.len = offs[1];
	req->target.data = blob + offs[2];
	req->target.len = offs[3];
	for (i = 0; i < n_headers; i++) {
		headers[i].name.data = blob + offs[4 + 4 * i];
		headers[i].name.len = offs[5 + 4 * i];
		headers[i].value.data = blob + offs[6 + 4 * i];
		headers[i].value.len = offs[7 + 4 * i];
	}
	req->headers = headers;
	req->headers_len = n_headers;
}

// Copies the parts of a signing result that Go needs into buf, one after the
// other, with their lengths in lens: the presigned target, then (when
// details is set) the signature, canonical request and string to sign, then
// name and value of each added header. Returns the size needed; only when it
// fits is anything copied and the result freed.
size_t sigv4kitgo_take(sigv4kit_signed *out, int details, char *buf, size_t cap, size_t *lens, size_t *nparts) {
	sigv4kit_str parts[SIGV4KITGO_MAX_PARTS];
	size_t n = 0, total = 0, i, added = sigv4kit_signed_added_headers_len(out);
	parts[n++] = sigv4kit_signed_presigned_target(out);
	if (details) {
		parts[n++] = sigv4kit_signed_signature(out);
		parts[n++] = sigv4kit_signed_canonical_request(out);
		parts[n++] = sigv4kit_signed_string_to_sign(out);
	}
	for (i = 0; i < added && n + 2 <= SIGV4KITGO_MAX_PARTS; i++) {
		sigv4kit_header h;
		sigv4kit_signed_added_header(out, i, &h);
		parts[n++] = h.name;
		parts[n++] = h.value;
	}
	for (i = 0; i < n; i++) total += parts[i].len;
	if (total > cap) return total;
	for (i = 0, total = 0; i < n; i++) {
		if (parts[i].len > 0) memcpy(buf + total, parts[i].data, parts[i].len);
		total += parts[i].len;
		lens[i] = parts[i].len;
	}
	*nparts = n;
	sigv4kit_signed_free(out);
	return total;
}

// Signs in one cgo call and copies the result out with sigv4kitgo_take; when
// buf is too small, *needed says how much is needed and *keep holds the
// result for a second sigv4kitgo_take. dropped[i] (n_headers long) says
// whether the request's header i must not be sent: the core's
// replaces_header, asked while the request is at hand.
sigv4kit_result sigv4kitgo_sign(const sigv4kit_signer *signer, const sigv4kit_credentials *creds, const char *blob,
                                const size_t *offs, size_t n_headers, uint32_t kind, const uint8_t *body,
                                size_t body_len, int64_t when, int presign, uint64_t expires_in, int details,
                                char *buf, size_t cap, size_t *lens, size_t *nparts, size_t *needed,
                                uint8_t *dropped, sigv4kit_signed **keep) {
	sigv4kit_header stack[16];
	size_t i;
	sigv4kit_header *headers = n_headers <= 16 ? stack : malloc(n_headers * sizeof *headers);
	sigv4kit_request req;
	sigv4kit_payload payload;
	sigv4kit_signed *out = NULL;
	sigv4kit_result rc;
	if (headers == NULL) return SIGV4KIT_PANIC;
	request_from(&req, headers, blob, offs, n_headers);
	payload.kind = kind;
	payload.data = body;
	payload.len = body_len;
	rc = presign ? sigv4kit_presign(signer, creds, &req, &payload, when, expires_in, &out)
	             : sigv4kit_sign(signer, creds, &req, &payload, when, &out);
	if (rc == SIGV4KIT_OK) {
		for (i = 0; i < n_headers; i++)
			dropped[i] = sigv4kit_signed_replaces_header(out, headers[i].name.data, headers[i].name.len);
	}
	if (headers != stack) free(headers);
	if (rc != SIGV4KIT_OK) return rc;
	*needed = sigv4kitgo_take(out, details, buf, cap, lens, nparts);
	*keep = *needed > cap ? out : NULL;
	return SIGV4KIT_OK;
}

// Verification in two calls, with the credential lookup in Go between them.
sigv4kit_result sigv4kitgo_parse(const char *blob, const size_t *offs, size_t n_headers,
                                sigv4kit_presented **out) {
	sigv4kit_header stack[16];
	sigv4kit_header *headers = n_headers <= 16 ? stack : malloc(n_headers * sizeof *headers);
	sigv4kit_request req;
	sigv4kit_result rc;
	if (headers == NULL) return SIGV4KIT_PANIC;
	request_from(&req, headers, blob, offs, n_headers);
	rc = sigv4kit_presented_parse(&req, out);
	if (headers != stack) free(headers);
	return rc;
}

sigv4kit_result sigv4kitgo_verify(const sigv4kit_presented *presented, const char *blob, const size_t *offs,
                                 size_t n_headers, const uint8_t *body, size_t body_len,
                                 const sigv4kit_credentials *creds, int64_t now,
                                 const sigv4kit_verify_settings *settings, sigv4kit_verified **verified,
                                 sigv4kit_mismatch **mismatch) {
	sigv4kit_header stack[16];
	sigv4kit_header *headers = n_headers <= 16 ? stack : malloc(n_headers * sizeof *headers);
	sigv4kit_request req;
	sigv4kit_payload payload;
	sigv4kit_result rc;
	if (headers == NULL) return SIGV4KIT_PANIC;
	request_from(&req, headers, blob, offs, n_headers);
	payload.kind = SIGV4KIT_PAYLOAD_BYTES;
	payload.data = body;
	payload.len = body_len;
	rc = sigv4kit_presented_verify(presented, &req, &payload, creds, now, settings, verified, mismatch);
	if (headers != stack) free(headers);
	return rc;
}
