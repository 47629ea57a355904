/*
 * sigv4kit: AWS Signature Version 4 signing for C and C++.
 *
 * Generated from bindings-c/src by cbindgen; do not edit. API conventions:
 * - Handles are opaque; each `_new` has a `_free` that accepts NULL.
 * - Functions that can fail return a sigv4kit_result and write their
 *   out-parameters only when they return SIGV4KIT_OK.
 * - Strings and bytes go in as pointer + length (no NUL needed) and come out
 *   as sigv4kit_str views owned by the handle they came from.
 * - No thread-local state: a function whose failure can say more takes a
 *   last sigv4kit_error **error_out (NULL allowed, written on failure
 *   only); sigv4kit_error_message copies its message into a buffer.
 * - NULL where a value is required is refused with SIGV4KIT_NULL_PARAMETER.
 * - Thread safety is documented on each handle type.
 */

#ifndef SIGV4KIT_H
#define SIGV4KIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** The version of this header, "MAJOR.MINOR.PATCH". */
#define SIGV4KIT_VERSION "0.1.0"

/**
 * Major version of the library this header belongs to.
 */
#define SIGV4KIT_VERSION_MAJOR 0

/**
 * Minor version of the library this header belongs to.
 */
#define SIGV4KIT_VERSION_MINOR 1

/**
 * Patch version of the library this header belongs to.
 */
#define SIGV4KIT_VERSION_PATCH 0

/**
 * Flag: fall back to IMDSv1 (no session token) when the IMDSv2 token
 * request is refused. Off by default: IMDSv1 is what SSRF attacks use.
 */
#define SIGV4KIT_CHAIN_IMDS_V1_FALLBACK 1

/**
 * Flag of `sigv4kit_chain_new`: the caller answers `mfa` steps
 * (`sigv4kit_chain_mfa`); without it a profile with `mfa_serial` fails.
 */
#define SIGV4KIT_CHAIN_MFA_CODES 2

/**
 * The length of a SigV4a public key in its uncompressed SEC 1 encoding.
 */
#define SIGV4KIT_SIGV4A_PUBLIC_KEY_LEN 65

/**
 * Length of a payload hash in hex digits; a buffer for one needs
 * `SIGV4KIT_PAYLOAD_HASH_LEN + 1` bytes (with the NUL).
 */
#define SIGV4KIT_PAYLOAD_HASH_LEN 64

/**
 * The most headers header signing adds: `X-Amz-Date`,
 * `X-Amz-Region-Set` (SigV4a), `X-Amz-Security-Token`,
 * `X-Amz-Content-Sha256`, `Authorization`.
 */
#define SIGV4KIT_SIGNED_MAX_HEADERS 5

/**
 * The most header names a signature says not to send from the request.
 */
#define SIGV4KIT_SIGNED_MAX_REPLACED (SIGV4KIT_SIGNED_MAX_HEADERS + 1)

/**
 * A flag of `sigv4kit_signed_copy` and `sigv4kit_sign_packed`: also copy
 * the canonical request and the string to sign (for debugging a 403).
 */
#define SIGV4KIT_COPY_DEBUG 1

/**
 * A flag of `sigv4kit_sign_packed`: presign (the signature goes into the
 * query) instead of signing with an `Authorization` header.
 */
#define SIGV4KIT_SIGN_PRESIGN 2

/**
 * Which signature a signer makes: the value `sigv4kit_settings_set_algorithm`
 * takes.
 */
enum sigv4kit_algorithm
#ifdef __cplusplus
  : uint32_t
#endif // __cplusplus
 {
  /**
   * SigV4, `AWS4-HMAC-SHA256` (the default).
   */
  SIGV4KIT_ALGORITHM_SIGV4 = 0,
  /**
   * SigV4a, `AWS4-ECDSA-P256-SHA256`: the settings' region is then a
   * region set (`*`, `us-east-1`, `us-east-1,us-west-2`), signed in
   * `X-Amz-Region-Set`; the signature is the hex of a DER-encoded ECDSA
   * P-256 signature (at most 144 digits).
   */
  SIGV4KIT_ALGORITHM_SIGV4A = 1,
};
#ifndef __cplusplus
typedef uint32_t sigv4kit_algorithm;
#endif // __cplusplus

/**
 * The trailing checksum of an upload.
 */
enum sigv4kit_checksum
#ifdef __cplusplus
  : uint32_t
#endif // __cplusplus
 {
  /**
   * No trailer (`SIGV4KIT_CHUNKED_SIGNED` only).
   */
  SIGV4KIT_CHECKSUM_NONE = 0,
  /**
   * `x-amz-checksum-crc32`.
   */
  SIGV4KIT_CHECKSUM_CRC32 = 1,
  /**
   * `x-amz-checksum-crc32c`.
   */
  SIGV4KIT_CHECKSUM_CRC32C = 2,
  /**
   * `x-amz-checksum-sha256`.
   */
  SIGV4KIT_CHECKSUM_SHA256 = 3,
};
#ifndef __cplusplus
typedef uint32_t sigv4kit_checksum;
#endif // __cplusplus

/**
 * The `aws-chunked` form of an upload: what `x-amz-content-sha256` says.
 */
enum sigv4kit_chunked_mode
#ifdef __cplusplus
  : uint32_t
#endif // __cplusplus
 {
  /**
   * `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: signed chunks, no trailer.
   */
  SIGV4KIT_CHUNKED_SIGNED = 0,
  /**
   * `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`: signed chunks and a
   * signed trailing checksum.
   */
  SIGV4KIT_CHUNKED_SIGNED_TRAILER = 1,
  /**
   * `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: unsigned chunks and a trailing
   * checksum (S3 only).
   */
  SIGV4KIT_CHUNKED_UNSIGNED_TRAILER = 2,
};
#ifndef __cplusplus
typedef uint32_t sigv4kit_chunked_mode;
#endif // __cplusplus

/**
 * Where a signature went: the value of `sigv4kit_signed_location`.
 */
enum sigv4kit_location
#ifdef __cplusplus
  : uint32_t
#endif // __cplusplus
 {
  /**
   * An `Authorization` header (`sigv4kit_sign`).
   */
  SIGV4KIT_LOCATION_HEADERS = 0,
  /**
   * Query parameters of a presigned URL (`sigv4kit_presign`).
   */
  SIGV4KIT_LOCATION_QUERY = 1,
};
#ifndef __cplusplus
typedef uint32_t sigv4kit_location;
#endif // __cplusplus

/**
 * How the payload (body) enters the signature: the value of
 * `sigv4kit_payload.kind`.
 */
enum sigv4kit_payload_kind
#ifdef __cplusplus
  : uint32_t
#endif // __cplusplus
 {
  /**
   * Hash the body bytes given in `data`/`len` (`(NULL, 0)` for no body).
   */
  SIGV4KIT_PAYLOAD_BYTES = 0,
  /**
   * Sign `UNSIGNED-PAYLOAD` instead of a hash; `data`/`len` are ignored.
   */
  SIGV4KIT_PAYLOAD_UNSIGNED = 1,
  /**
   * Sign the text in `data`/`len` verbatim: 64 lower-case hex digits
   * (from a `sigv4kit_payload_hasher`) or a constant such as
   * `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`.
   */
  SIGV4KIT_PAYLOAD_PRECOMPUTED = 2,
  /**
   * What a user who chose nothing signs (the core's service defaults):
   * the SHA-256 of the body in `data`/`len` (`(NULL, 0)` for no body),
   * except in a presigned URL of an S3-family service (`s3`,
   * `s3-object-lambda`, `s3-outposts`, `s3express`), which signs
   * `UNSIGNED-PAYLOAD` as S3 requires. Signing only; verification refuses it.
   */
  SIGV4KIT_PAYLOAD_DEFAULT = 3,
};
#ifndef __cplusplus
typedef uint32_t sigv4kit_payload_kind;
#endif // __cplusplus

/**
 * What a fallible function returns. `SIGV4KIT_OK` is zero; values 1 to 99
 * are the conformance error codes shared by every sigv4kit binding (their
 * names come from `sigv4kit_result_code`), 100 and up are about how the API
 * was called, 200 and up are why a verification refused a request. New values may be added
 * in later versions: treat an unknown one as a failure.
 */
enum sigv4kit_result
#ifdef __cplusplus
  : uint32_t
#endif // __cplusplus
 {
  /**
   * Success; out-parameters were written.
   */
  SIGV4KIT_OK = 0,
  /**
   * `invalid_method`: the HTTP method is empty or not a token.
   */
  SIGV4KIT_INVALID_METHOD = 1,
  /**
   * `invalid_target`: the request target (path and query) or URL cannot
   * be signed as given.
   */
  SIGV4KIT_INVALID_TARGET = 2,
  /**
   * `invalid_header`: a header name or value cannot be sent or signed.
   */
  SIGV4KIT_INVALID_HEADER = 3,
  /**
   * `invalid_credentials`: the access key id, secret or session token is
   * unusable.
   */
  SIGV4KIT_INVALID_CREDENTIALS = 4,
  /**
   * `invalid_region`: empty, or not usable in a credential scope.
   */
  SIGV4KIT_INVALID_REGION = 5,
  /**
   * `invalid_service`: empty, or not usable in a credential scope.
   */
  SIGV4KIT_INVALID_SERVICE = 6,
  /**
   * `invalid_timestamp`: the signing time is malformed or out of range.
   */
  SIGV4KIT_INVALID_TIMESTAMP = 7,
  /**
   * `invalid_expiry`: a presigned URL lifetime outside 1 ..= 604800 s.
   */
  SIGV4KIT_INVALID_EXPIRY = 8,
  /**
   * `invalid_payload`: an unknown payload kind, or a precomputed payload
   * that is neither a hex SHA-256 nor a known constant.
   */
  SIGV4KIT_INVALID_PAYLOAD = 9,
  /**
   * A required pointer argument was NULL (or `(NULL, n > 0)` was passed
   * as a string).
   */
  SIGV4KIT_NULL_PARAMETER = 100,
  /**
   * A caller buffer is too small; the size needed was reported.
   */
  SIGV4KIT_BUFFER_TOO_SMALL = 101,
  /**
   * An index past the end of a list.
   */
  SIGV4KIT_INDEX_OUT_OF_RANGE = 102,
  /**
   * An argument outside its documented range (an unknown enum value).
   */
  SIGV4KIT_INVALID_ARGUMENT = 103,
  /**
   * A bug in sigv4kit was caught at the boundary; nothing was written.
   */
  SIGV4KIT_PANIC = 104,
  /**
   * Nothing to load: no credentials in the environment or the profile.
   */
  SIGV4KIT_NOT_FOUND = 105,
  /**
   * Verification: the request carries no SigV4 signature at all.
   */
  SIGV4KIT_MISSING_AUTHENTICATION = 200,
  /**
   * Verification: a signature is there but cannot be read.
   */
  SIGV4KIT_MALFORMED_SIGNATURE = 201,
  /**
   * Verification: the credential scope names another region or service.
   */
  SIGV4KIT_WRONG_SCOPE = 202,
  /**
   * Verification: the session token is missing, unexpected or wrong.
   */
  SIGV4KIT_INVALID_SESSION_TOKEN = 203,
  /**
   * Verification: a header signature's time is too far from now.
   */
  SIGV4KIT_SIGNATURE_EXPIRED = 204,
  /**
   * Verification: a presigned URL's lifetime has passed.
   */
  SIGV4KIT_PRESIGNED_URL_EXPIRED = 205,
  /**
   * Verification: a signed `x-amz-content-sha256` does not match the body.
   */
  SIGV4KIT_PAYLOAD_HASH_MISMATCH = 206,
  /**
   * Verification: the signature does not match the request.
   */
  SIGV4KIT_SIGNATURE_MISMATCH = 207,
  /**
   * Verification failed for a reason this version has no code for (a
   * code added to the core after this header was generated).
   */
  SIGV4KIT_VERIFICATION_FAILED = 208,
  /**
   * Verification: `invalid_request`, the received request cannot be
   * canonicalized (a bad header, target or method).
   */
  SIGV4KIT_INVALID_REQUEST = 209,
  /**
   * Verification: `unknown_access_key`, no secret is known for the
   * presented access key id (the caller's lookup step reports it).
   */
  SIGV4KIT_UNKNOWN_ACCESS_KEY = 210,
  /**
   * Verification: `expired_credentials`, the credentials held for the key
   * are past their expiration.
   */
  SIGV4KIT_EXPIRED_CREDENTIALS = 211,
  /**
   * Verification: `unsigned_payload_not_allowed`, `UNSIGNED-PAYLOAD` was
   * signed for a service that checks bodies.
   */
  SIGV4KIT_UNSIGNED_PAYLOAD_NOT_ALLOWED = 212,
  /**
   * Verification: `streaming_payload_unsupported`, a `STREAMING-*`
   * payload whose chunks cannot be checked (no chunked body was given,
   * or SigV4a's ECDSA form).
   */
  SIGV4KIT_STREAMING_PAYLOAD_UNSUPPORTED = 213,
  /**
   * Verification: `duplicate_auth_parameter`, an authentication header or
   * `X-Amz-*` parameter is given twice, or header and query auth at once.
   */
  SIGV4KIT_DUPLICATE_AUTH_PARAMETER = 214,
  /**
   * Verification: `unsigned_header`, `host` is not in SignedHeaders.
   */
  SIGV4KIT_UNSIGNED_HEADER = 215,
  /**
   * Verification: `missing_signed_header`, a header listed in
   * SignedHeaders is not on the request.
   */
  SIGV4KIT_MISSING_SIGNED_HEADER = 216,
  /**
   * Verification: `too_many_signed_headers`, SignedHeaders lists more
   * than 256 names.
   */
  SIGV4KIT_TOO_MANY_SIGNED_HEADERS = 217,
  /**
   * Verification: `malformed_chunk`, a chunked body's framing cannot be read.
   */
  SIGV4KIT_MALFORMED_CHUNK = 218,
  /**
   * Verification: `chunk_too_large`, a chunk is larger than the verifier holds.
   */
  SIGV4KIT_CHUNK_TOO_LARGE = 219,
  /**
   * Verification: `chunk_signature_mismatch`, a chunk's signature does not follow from the previous one and its data.
   */
  SIGV4KIT_CHUNK_SIGNATURE_MISMATCH = 220,
  /**
   * Verification: `truncated_stream`, the chunked body ended before its final chunk.
   */
  SIGV4KIT_TRUNCATED_STREAM = 221,
  /**
   * Verification: `data_after_final_chunk`, bytes follow the end of the chunked body.
   */
  SIGV4KIT_DATA_AFTER_FINAL_CHUNK = 222,
  /**
   * Verification: `decoded_length_mismatch`, the data is not as long as x-amz-decoded-content-length says.
   */
  SIGV4KIT_DECODED_LENGTH_MISMATCH = 223,
  /**
   * Verification: `malformed_trailer`, the trailer is missing, undeclared or not the declared checksum.
   */
  SIGV4KIT_MALFORMED_TRAILER = 224,
  /**
   * Verification: `trailer_signature_mismatch`, x-amz-trailer-signature does not match the trailer.
   */
  SIGV4KIT_TRAILER_SIGNATURE_MISMATCH = 225,
  /**
   * Verification: `checksum_mismatch`, the trailing checksum is not the data's.
   */
  SIGV4KIT_CHECKSUM_MISMATCH = 226,
};
#ifndef __cplusplus
typedef uint32_t sigv4kit_result;
#endif // __cplusplus

/**
 * Whether `sigv4kit_presented_verify` accepts a signed `UNSIGNED-PAYLOAD`.
 */
typedef enum sigv4kit_unsigned_payload {
  /**
   * AWS's rule (the default): only for the S3 family (`s3`,
   * `s3-object-lambda`, `s3-outposts`, `s3express`).
   */
  SIGV4KIT_UNSIGNED_PAYLOAD_AWS_DEFAULT = 0,
  /**
   * Accept it for any service.
   */
  SIGV4KIT_UNSIGNED_PAYLOAD_ALLOW = 1,
  /**
   * Refuse it for every service.
   */
  SIGV4KIT_UNSIGNED_PAYLOAD_REFUSE = 2,
} sigv4kit_unsigned_payload;

/**
 * The default chain, step by step: `sigv4kit_chain_step` says what to do
 * next, the caller does it and passes the answer back, until the step is
 * `done` or `failed`; then `sigv4kit_chain_credentials` gives the
 * credentials, or the failure as a result and a `sigv4kit_error`.
 *
 * Thread safety: use from one thread at a time.
 */
typedef struct sigv4kit_chain sigv4kit_chain;

/**
 * An encoder of one chunked body. Use from one thread at a time; free with
 * `sigv4kit_chunked_encoder_free`.
 */
typedef struct sigv4kit_chunked_encoder sigv4kit_chunked_encoder;

/**
 * The plan of one chunked upload. Immutable; free with
 * `sigv4kit_chunked_upload_free`.
 */
typedef struct sigv4kit_chunked_upload sigv4kit_chunked_upload;

/**
 * An access key id, secret access key, optional session token and optional
 * expiry. The secret and token are copied in, wiped from memory when the
 * handle is freed, and never appear in a message. Signing keys derived from
 * the secret are cached inside the handle: keep one handle for as long as
 * the credentials are valid instead of making one per request.
 *
 * Thread safety: share one handle between any number of threads (its key
 * cache is locked internally), and free it once when all are done.
 */
typedef struct sigv4kit_credentials sigv4kit_credentials;

/**
 * What a 403 points at, where, why, and what to change. Made by
 * `sigv4kit_explain_mismatch`, freed by `sigv4kit_diagnosis_free`; the
 * views its accessors return stay valid until then.
 */
typedef struct sigv4kit_diagnosis sigv4kit_diagnosis;

/**
 * Why a call failed, in detail: the result, a message that names the input
 * at fault (such as `invalid header "X-Foo": value contains a line break`)
 * and never quotes a value or a secret, and the name of that input field.
 * Functions that can say more than their result code take a last
 * `sigv4kit_error **error_out` argument: pass NULL to get only the code, or
 * the address of a `sigv4kit_error *`, which receives a new error on
 * failure only (free it with `sigv4kit_error_free`). Nothing depends on the
 * calling thread.
 *
 * Thread safety: immutable; read it from any thread, free it once.
 */
typedef struct sigv4kit_error sigv4kit_error;

/**
 * Where a transport puts the answer (`sigv4kit_http_response_set`).
 */
typedef struct sigv4kit_http_response sigv4kit_http_response;

/**
 * Why a signature did not match: the canonical request and string to sign
 * the verifier built, to send back to the client (as AWS does in a 403) so
 * that it can see which line differs from its own.
 *
 * Thread safety: immutable; read it from any thread, free it once.
 */
typedef struct sigv4kit_mismatch sigv4kit_mismatch;

/**
 * An incremental SHA-256 of a body: feed chunks with
 * `sigv4kit_payload_hasher_update`, then read the hex digest with
 * `sigv4kit_payload_hasher_finish` and sign with a
 * `SIGV4KIT_PAYLOAD_PRECOMPUTED` payload.
 *
 * Thread safety: use from one thread at a time.
 */
typedef struct sigv4kit_payload_hasher sigv4kit_payload_hasher;

/**
 * The SigV4 signature a request presents, read but not yet checked: tells
 * which access key id signed, so that its secret can be looked up.
 *
 * Thread safety: immutable; read it from any thread, free it once.
 */
typedef struct sigv4kit_presented sigv4kit_presented;

/**
 * What a signer signs for and how: region, service and the four options of
 * the SigV4 algorithm. Made by `sigv4kit_settings_new`, which picks the
 * defaults for the service, changed by the `sigv4kit_settings_set_*`
 * functions, read once by `sigv4kit_signer_new_with_settings`.
 *
 * Thread safety: not synchronized. Set it up on one thread; several threads
 * may then read it (build signers) at once if none changes it.
 */
typedef struct sigv4kit_settings sigv4kit_settings;

/**
 * What signing produced: the headers to add (or the presigned target), the
 * signature, and the canonical request and string to sign for debugging a
 * 403. Every `sigv4kit_str` read from it is owned by it.
 *
 * One comes from `sigv4kit_sign`/`sigv4kit_presign` per call, or from
 * `sigv4kit_signed_new` once, empty, to be signed into again and again by
 * `sigv4kit_sign_into`/`sigv4kit_presign_into` (the C layer then allocates
 * nothing per call, only the signing core its result's strings; views read
 * from it are valid until its next signature).
 *
 * Thread safety: read it from any thread while no `_into` call writes it;
 * free it once.
 */
typedef struct sigv4kit_signed sigv4kit_signed;

/**
 * A SigV4 signer for one region and service. It holds no credentials and
 * no mutable state.
 *
 * Thread safety: immutable; share one signer between any number of
 * threads, and free it once when all are done.
 */
typedef struct sigv4kit_signer sigv4kit_signer;

/**
 * The parts of an absolute `http://` or `https://` URL that a request is
 * built from: the `Host` header value (with the port only when it is not
 * the scheme's default) and the request target (path and query; the
 * fragment is dropped). Every `sigv4kit_str` read from it is owned by it.
 *
 * Thread safety: immutable; read it from any thread, free it once.
 */
typedef struct sigv4kit_url sigv4kit_url;

/**
 * What an accepted request was signed with. Every `sigv4kit_str` read from
 * it is owned by it.
 *
 * Thread safety: immutable; read it from any thread, free it once.
 */
typedef struct sigv4kit_verified sigv4kit_verified;

/**
 * How strictly `sigv4kit_presented_verify` checks: the path options the
 * signer used (double-encoded and normalized by default, as for every
 * service but S3), the allowed clock skew of header signatures (300 s by
 * default), and the region and service the credential scope must name (any
 * by default).
 *
 * Thread safety: not synchronized. Set it up on one thread; any number of
 * threads may then verify with it at once if none changes it.
 */
typedef struct sigv4kit_verify_settings sigv4kit_verify_settings;

/**
 * A view of bytes that are usually UTF-8 text: `len` bytes at `data`, with
 * no NUL terminator assumed or promised.
 *
 * Going in, the caller owns the bytes; `(NULL, 0)` is the empty string and
 * `(NULL, n > 0)` is refused with `SIGV4KIT_NULL_PARAMETER`. Coming out of
 * the library, the bytes belong to the handle the view came from and stay
 * valid until that handle is freed; print one with
 * `printf("%.*s", (int)s.len, s.data)`.
 */
typedef struct sigv4kit_str {
  /**
   * First byte, or NULL for an empty string.
   */
  const char *data;
  /**
   * Number of bytes.
   */
  size_t len;
} sigv4kit_str;

/**
 * One request header: a name and a value, both pointer + length.
 */
typedef struct sigv4kit_header {
  /**
   * Header name, such as `Host`; any case.
   */
  struct sigv4kit_str name;
  /**
   * Header value, exactly as sent.
   */
  struct sigv4kit_str value;
} sigv4kit_header;

/**
 * An HTTP request the chain asks the transport to send, exactly as
 * described: the headers include `Host`; send no others but
 * `Content-Length`. Every view is valid during the callback only.
 */
typedef struct sigv4kit_http_request {
  /**
   * `GET`, `PUT` or `POST`.
   */
  struct sigv4kit_str method;
  /**
   * The absolute URL.
   */
  struct sigv4kit_str url;
  /**
   * The headers, in order. Values may be secrets: never log them.
   */
  const struct sigv4kit_header *headers;
  /**
   * How many headers.
   */
  size_t headers_len;
  /**
   * The body (empty for `GET`). May hold a token.
   */
  struct sigv4kit_str body;
  /**
   * How long to wait for the whole answer, in milliseconds.
   */
  uint32_t timeout_ms;
} sigv4kit_http_request;

/**
 * Sends `request` and records the answer with `sigv4kit_http_response_set`.
 * Returns false when nothing answered (connection refused, timeout): the
 * chain then treats the endpoint as absent or failed, as the SDKs do.
 */
typedef bool (*sigv4kit_transport)(void *userdata,
                                   const struct sigv4kit_http_request *request,
                                   struct sigv4kit_http_response *response);

/**
 * A request as it will be sent. Nothing is copied: the pointers need to
 * stay valid only during the call that reads the request.
 */
typedef struct sigv4kit_request {
  /**
   * The HTTP method, such as `GET`.
   */
  struct sigv4kit_str method;
  /**
   * The request target exactly as on the request line: the path, then `?`
   * and the query if any (`/prod/pets?type=dog`). Not a full URL.
   */
  struct sigv4kit_str target;
  /**
   * The headers to send, in order; duplicates allowed. Include `Host`
   * (with the port when it is not the scheme's default).
   */
  const struct sigv4kit_header *headers;
  /**
   * Number of headers at `headers`; `headers` may be NULL when it is 0.
   */
  size_t headers_len;
} sigv4kit_request;

/**
 * The payload of a request, as the signature sees it. Nothing is copied.
 */
typedef struct sigv4kit_payload {
  /**
   * A `sigv4kit_payload_kind` value; others are refused with
   * `SIGV4KIT_INVALID_PAYLOAD`.
   */
  uint32_t kind;
  /**
   * The body (for `SIGV4KIT_PAYLOAD_BYTES`) or the precomputed value.
   */
  const uint8_t *data;
  /**
   * Number of bytes at `data`.
   */
  size_t len;
} sigv4kit_payload;

/**
 * A part of a caller buffer: `len` bytes from `offset`. Spans describe
 * what `sigv4kit_signed_copy` wrote, and the strings of a packed request
 * (`sigv4kit_sign_packed`), without pointers.
 */
typedef struct sigv4kit_span {
  /**
   * Where the part starts, in bytes from the start of the buffer.
   */
  size_t offset;
  /**
   * Number of bytes.
   */
  size_t len;
} sigv4kit_span;

/**
 * A header in a caller buffer: its name and its value.
 */
typedef struct sigv4kit_header_span {
  /**
   * The header name, such as `X-Amz-Date`.
   */
  struct sigv4kit_span name;
  /**
   * The header value.
   */
  struct sigv4kit_span value;
} sigv4kit_header_span;

/**
 * Where `sigv4kit_signed_copy` put each part of a signing result in the
 * caller's buffer. Spans of parts that do not apply are `{0, 0}`.
 */
typedef struct sigv4kit_signed_layout {
  /**
   * A `sigv4kit_location` value: header or query signature.
   */
  uint32_t location;
  /**
   * The target to send for a presigned result (the request's target with
   * the `X-Amz-*` parameters); empty after header signing.
   */
  struct sigv4kit_span target;
  /**
   * The signature: 64 lower-case hex digits (SigV4), or the hex of a
   * DER-encoded ECDSA signature, at most 144 digits (SigV4a).
   */
  struct sigv4kit_span signature;
  /**
   * The canonical request, with `SIGV4KIT_COPY_DEBUG` only.
   */
  struct sigv4kit_span canonical_request;
  /**
   * The string to sign, with `SIGV4KIT_COPY_DEBUG` only.
   */
  struct sigv4kit_span string_to_sign;
  /**
   * How many of `headers` are set.
   */
  size_t headers_len;
  /**
   * The headers signing added, to send after the request's own (none for
   * a presigned result).
   */
  struct sigv4kit_header_span headers[SIGV4KIT_SIGNED_MAX_HEADERS];
  /**
   * How many of `replaced` are set.
   */
  size_t replaced_len;
  /**
   * Names (ASCII case-insensitive) of the request's own headers not to
   * send: those signing set, and a stale `Authorization` (the core's
   * `SigningOutput::replaces_header`).
   */
  struct sigv4kit_span replaced[SIGV4KIT_SIGNED_MAX_REPLACED];
} sigv4kit_signed_layout;

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * The version of the linked library, `"MAJOR.MINOR.PATCH"`, NUL-terminated
 * and static. Compare it with the `SIGV4KIT_VERSION_*` macros to detect a
 * header that does not match the library.
 */
const char *sigv4kit_version(void);

/**
 * Records the status and body of the answer (the body is copied; it must
 * be UTF-8, as every credential endpoint answers).
 */
sigv4kit_result sigv4kit_http_response_set(struct sigv4kit_http_response *response,
                                           uint16_t status,
                                           const uint8_t *body,
                                           size_t body_len);

/**
 * Credentials from the default chain, in botocore's order: the
 * environment, assume-role profiles (signed here), web identity, SSO, the
 * shared files, `credential_process`, the container endpoint, instance
 * metadata. `profile` `(NULL, 0)` means `AWS_PROFILE` or `default` (an
 * explicit profile skips the environment's keys). `transport` sends the
 * HTTP requests (with `userdata`); NULL uses the built-in plain HTTP
 * client, which reaches instance metadata, the container endpoint and
 * loopback only (an https endpoint such as STS then fails, naming it).
 * `SIGV4KIT_NOT_FOUND` when no source is configured;
 * `SIGV4KIT_INVALID_CREDENTIALS` when one fails (and when a profile needs
 * an MFA code: use the step-by-step API); `SIGV4KIT_INVALID_ARGUMENT` when
 * the built-in client cannot reach an endpoint (field `transport`). On
 * failure a non-NULL `error_out` receives an error whose message names the
 * source and the setting (`sigv4kit_error_source`,
 * `sigv4kit_error_setting`), never a secret or token. Free the result with
 * `sigv4kit_credentials_free`; resolve again before its expiry.
 */
sigv4kit_result sigv4kit_credentials_from_chain(const char *profile,
                                                size_t profile_len,
                                                uint32_t flags,
                                                sigv4kit_transport transport,
                                                void *userdata,
                                                struct sigv4kit_credentials **credentials_out,
                                                struct sigv4kit_error **error_out);

/**
 * A step-by-step resolver. `env` is `NAME=value` entries each ended by a
 * NUL, or `(NULL, 0)` for this process's environment; `profile` as for
 * `sigv4kit_credentials_from_chain`; `flags` `SIGV4KIT_CHAIN_*` (with
 * `SIGV4KIT_CHAIN_MFA_CODES` when the caller answers MFA steps). `now` is seconds since the epoch. Free it
 * with `sigv4kit_chain_free`. A non-NULL `error_out` receives the detail
 * of a failure (the field: `env`, `profile`, `timestamp`).
 */
sigv4kit_result sigv4kit_chain_new(const char *env,
                                   size_t env_len,
                                   const char *profile,
                                   size_t profile_len,
                                   uint32_t flags,
                                   int64_t now,
                                   struct sigv4kit_chain **chain_out,
                                   struct sigv4kit_error **error_out);

/**
 * The next step, as NUL-separated fields whose first names it:
 * `read_file path`; `http id source method url timeout_ms body
 * (name value)*`; `process id arg...`; `mfa serial`; `done source region
 * access_key_id secret_access_key session_token expiration` (expiration in
 * seconds since the epoch, `-1` for none: for bindings that build their own
 * credentials value; `sigv4kit_chain_credentials` gives the handle);
 * `failed` alone: `sigv4kit_chain_credentials` then returns the failure's
 * result and error. The view is owned by the chain until the next call,
 * and wiped then or when the chain is freed: it may hold secrets and
 * tokens, never log it. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_chain_step(struct sigv4kit_chain *chain);

/**
 * The answer to `read_file`: the text, or `present` false when the file
 * does not exist.
 */
sigv4kit_result sigv4kit_chain_file(struct sigv4kit_chain *chain,
                                    const char *path,
                                    size_t path_len,
                                    bool present,
                                    const char *text,
                                    size_t text_len);

/**
 * The answer to `http`: `status` negative when nothing answered.
 */
sigv4kit_result sigv4kit_chain_http(struct sigv4kit_chain *chain,
                                    const char *id,
                                    size_t id_len,
                                    int32_t status,
                                    const char *body,
                                    size_t body_len);

/**
 * The answer to `process`: exit code (`-1` if it could not run) and output.
 */
sigv4kit_result sigv4kit_chain_process(struct sigv4kit_chain *chain,
                                       const char *id,
                                       size_t id_len,
                                       int32_t exit_code,
                                       const char *stdout_text,
                                       size_t stdout_len);

/**
 * The answer to `mfa`: the device's current code.
 */
sigv4kit_result sigv4kit_chain_mfa(struct sigv4kit_chain *chain,
                                   const char *serial,
                                   size_t serial_len,
                                   const char *code,
                                   size_t code_len);

/**
 * The outcome of the last step. After `done`: the credentials (free them
 * with `sigv4kit_credentials_free`). After `failed`: the chain's failure,
 * `SIGV4KIT_NOT_FOUND` when no source is configured or
 * `SIGV4KIT_INVALID_CREDENTIALS` when one failed, with (for a non-NULL
 * `error_out`) an error naming the source and the setting
 * (`sigv4kit_error_source`, `sigv4kit_error_setting`), never a secret or
 * token. After any other step: `SIGV4KIT_INVALID_ARGUMENT`.
 */
sigv4kit_result sigv4kit_chain_credentials(const struct sigv4kit_chain *chain,
                                           struct sigv4kit_credentials **credentials_out,
                                           struct sigv4kit_error **error_out);

/**
 * Frees a chain. NULL is ignored.
 */
void sigv4kit_chain_free(struct sigv4kit_chain *chain);

/**
 * A plan: `decoded_length` bytes of body in chunks of `chunk_size` bytes
 * (8 KiB to 16 MiB; the last chunk may be shorter), in `mode` (a
 * `sigv4kit_chunked_mode`) with `checksum` (a `sigv4kit_checksum`: none
 * for the signed mode, one for the trailer modes). On success
 * `*upload_out` receives the plan.
 */
sigv4kit_result sigv4kit_chunked_upload_new(uint32_t mode,
                                            uint32_t checksum,
                                            uint64_t decoded_length,
                                            size_t chunk_size,
                                            struct sigv4kit_chunked_upload **upload_out,
                                            struct sigv4kit_error **error_out);

/**
 * Frees a plan. NULL is ignored.
 */
void sigv4kit_chunked_upload_free(struct sigv4kit_chunked_upload *upload);

/**
 * The framed body's length: the `Content-Length` to send (0 for NULL).
 */
uint64_t sigv4kit_chunked_upload_encoded_length(const struct sigv4kit_chunked_upload *upload);

/**
 * The payload value to sign the head with (`STREAMING-…`), owned by
 * `upload`: pass it as a `SIGV4KIT_PAYLOAD_PRECOMPUTED` payload.
 */
struct sigv4kit_str sigv4kit_chunked_upload_payload_value(const struct sigv4kit_chunked_upload *upload);

/**
 * How many headers the plan adds to the request before signing
 * (`Content-Encoding`, `Content-Length`, `X-Amz-Decoded-Content-Length`,
 * and `X-Amz-Trailer` with a checksum); 0 for NULL.
 */
size_t sigv4kit_chunked_upload_headers_len(const struct sigv4kit_chunked_upload *upload);

/**
 * The header at `index` (0 ..< `sigv4kit_chunked_upload_headers_len`), as
 * views owned by `upload`. Each replaces a header of the same name.
 */
sigv4kit_result sigv4kit_chunked_upload_header(const struct sigv4kit_chunked_upload *upload,
                                               size_t index,
                                               struct sigv4kit_header *header_out);

/**
 * Starts encoding a body by `upload`. The signed modes chain from `seed`,
 * the head as `sigv4kit_sign` signed it with the plan's payload value and
 * `credentials`; the unsigned mode takes NULL for both. On success
 * `*encoder_out` receives the encoder.
 */
sigv4kit_result sigv4kit_chunked_begin(const struct sigv4kit_chunked_upload *upload,
                                       const struct sigv4kit_credentials *credentials,
                                       const struct sigv4kit_signed *seed,
                                       struct sigv4kit_chunked_encoder **encoder_out,
                                       struct sigv4kit_error **error_out);

/**
 * Feeds the next `len` bytes of the body. `*framed_out` receives the bytes
 * to send now (every chunk this piece completed; often empty), a view owned
 * by `encoder` and valid until its next call. A body longer than the plan's
 * decoded length is refused with `SIGV4KIT_INVALID_PAYLOAD`.
 */
sigv4kit_result sigv4kit_chunked_next(struct sigv4kit_chunked_encoder *encoder,
                                      const uint8_t *data,
                                      size_t len,
                                      struct sigv4kit_str *framed_out,
                                      struct sigv4kit_error **error_out);

/**
 * Ends the body: `*framed_out` receives the last bytes to send (the last
 * chunk, the final empty chunk, the trailer), owned by `encoder`. A body
 * shorter than the plan's decoded length is refused.
 */
sigv4kit_result sigv4kit_chunked_finish(struct sigv4kit_chunked_encoder *encoder,
                                        struct sigv4kit_str *framed_out,
                                        struct sigv4kit_error **error_out);

/**
 * Frees an encoder. NULL is ignored.
 */
void sigv4kit_chunked_encoder_free(struct sigv4kit_chunked_encoder *encoder);

/**
 * New credentials from an access key id and secret access key, and a
 * session token for temporary credentials: pass `(NULL, 0)` (or an empty
 * token) for none. `expiration` is when temporary credentials stop working,
 * in seconds since the Unix epoch, or a negative value for none (see
 * `sigv4kit_credentials_expires_within`). Free with
 * `sigv4kit_credentials_free`.
 */
sigv4kit_result sigv4kit_credentials_new(const char *access_key_id,
                                         size_t access_key_id_len,
                                         const char *secret_access_key,
                                         size_t secret_access_key_len,
                                         const char *session_token,
                                         size_t session_token_len,
                                         int64_t expiration,
                                         struct sigv4kit_credentials **credentials_out,
                                         struct sigv4kit_error **error_out);

/**
 * Frees credentials, wiping the secret and token. NULL is ignored.
 */
void sigv4kit_credentials_free(struct sigv4kit_credentials *credentials);

/**
 * The access key id (not a secret), owned by the handle. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_credentials_access_key_id(const struct sigv4kit_credentials *credentials);

/**
 * The SigV4a public key of these credentials (derived from the secret,
 * once per handle): writes its uncompressed SEC 1 encoding, `04 || x || y`,
 * `SIGV4KIT_SIGV4A_PUBLIC_KEY_LEN` bytes, to `key_out`. What a service
 * that verifies SigV4a holds for an access key; the private key never
 * leaves the library.
 */
sigv4kit_result sigv4kit_credentials_sigv4a_public_key(const struct sigv4kit_credentials *credentials,
                                                       uint8_t *key_out,
                                                       struct sigv4kit_error **error_out);

/**
 * Whether the credentials carry a session token. False for NULL.
 */
bool sigv4kit_credentials_has_session_token(const struct sigv4kit_credentials *credentials);

/**
 * The expiry in seconds since the Unix epoch, or -1 when the credentials
 * do not expire (and for NULL).
 */
int64_t sigv4kit_credentials_expiration(const struct sigv4kit_credentials *credentials);

/**
 * Whether the credentials expire within `margin_seconds` of `now` (seconds
 * since the Unix epoch): the test a credential provider uses to refresh
 * early. Credentials without an expiry never do.
 */
sigv4kit_result sigv4kit_credentials_expires_within(const struct sigv4kit_credentials *credentials,
                                                    int64_t now,
                                                    int64_t margin_seconds,
                                                    bool *expiring_out);

/**
 * Explains a 403 answered to a request signed with `canonical_request` and
 * `string_to_sign` (`sigv4kit_signed_canonical_request` and
 * `sigv4kit_signed_string_to_sign`). `body` is the response body as
 * received: API Gateway's JSON, S3's or STS's XML, or the message alone
 * (bytes that are not UTF-8 are read as U+FFFD). On success
 * `*diagnosis_out` receives a diagnosis to free with
 * `sigv4kit_diagnosis_free`. Its text never holds a secret: a session
 * token in a quoted line is redacted.
 */
sigv4kit_result sigv4kit_explain_mismatch(const char *canonical_request,
                                          size_t canonical_request_len,
                                          const char *string_to_sign,
                                          size_t string_to_sign_len,
                                          const char *body,
                                          size_t body_len,
                                          struct sigv4kit_diagnosis **diagnosis_out,
                                          struct sigv4kit_error **error_out);

/**
 * Frees a diagnosis. NULL is ignored.
 */
void sigv4kit_diagnosis_free(struct sigv4kit_diagnosis *diagnosis);

/**
 * The report a user reads: what differs, what the service computed and
 * what was signed, the usual cause, a fix. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_diagnosis_text(const struct sigv4kit_diagnosis *diagnosis);

/**
 * The stable name of the finding, the same in every binding: `method`,
 * `path`, `query`, `header`, `signed_headers`, `payload_hash`, `algorithm`,
 * `date`, `scope_date`, `scope_region`, `scope_service`,
 * `scope_terminator`, `canonical_request_hash`, `signing_key`,
 * `clock_skew`, `wrong_region`, `wrong_service`, `unknown_access_key`,
 * `expired_token`, `missing_authentication`, `access_denied`,
 * `not_quoted`. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_diagnosis_finding(const struct sigv4kit_diagnosis *diagnosis);

/**
 * The part in words: `path`, `header content-type`, `scope region`.
 */
struct sigv4kit_str sigv4kit_diagnosis_part(const struct sigv4kit_diagnosis *diagnosis);

/**
 * The line (1-based) of the canonical request or string to sign that
 * differs; 0 when the error quoted none (and for NULL).
 */
uint32_t sigv4kit_diagnosis_line(const struct sigv4kit_diagnosis *diagnosis);

/**
 * What the service computed or expects; `data` NULL when it did not say.
 */
struct sigv4kit_str sigv4kit_diagnosis_expected(const struct sigv4kit_diagnosis *diagnosis);

/**
 * What was signed in its place; `data` NULL when nothing was.
 */
struct sigv4kit_str sigv4kit_diagnosis_signed(const struct sigv4kit_diagnosis *diagnosis);

/**
 * The error code the service sent or implied (`SignatureDoesNotMatch`);
 * `data` NULL when there is none.
 */
struct sigv4kit_str sigv4kit_diagnosis_error_code(const struct sigv4kit_diagnosis *diagnosis);

/**
 * What usually causes this finding.
 */
struct sigv4kit_str sigv4kit_diagnosis_cause(const struct sigv4kit_diagnosis *diagnosis);

/**
 * What to change.
 */
struct sigv4kit_str sigv4kit_diagnosis_hint(const struct sigv4kit_diagnosis *diagnosis);

/**
 * A hasher that has seen nothing. Free with `sigv4kit_payload_hasher_free`.
 */
sigv4kit_result sigv4kit_payload_hasher_new(struct sigv4kit_payload_hasher **hasher_out);

/**
 * Frees a hasher. NULL is ignored.
 */
void sigv4kit_payload_hasher_free(struct sigv4kit_payload_hasher *hasher);

/**
 * Feeds the next `len` bytes of the body (`(NULL, 0)` feeds nothing).
 */
sigv4kit_result sigv4kit_payload_hasher_update(struct sigv4kit_payload_hasher *hasher,
                                               const uint8_t *data,
                                               size_t len);

/**
 * How many bytes were fed so far (0 for NULL).
 */
uint64_t sigv4kit_payload_hasher_len(const struct sigv4kit_payload_hasher *hasher);

/**
 * Writes the SHA-256 of everything fed so far as 64 lower-case hex digits
 * and a NUL into `buf` (`len` must be at least 65). `*out_n` receives 64,
 * also with `SIGV4KIT_BUFFER_TOO_SMALL`. The hasher is left as it was: feed
 * more, or `sigv4kit_payload_hasher_reset` it for the next body.
 */
sigv4kit_result sigv4kit_payload_hasher_finish(const struct sigv4kit_payload_hasher *hasher,
                                               char *buf,
                                               size_t len,
                                               size_t *out_n);

/**
 * Forgets everything fed, for the next body.
 */
sigv4kit_result sigv4kit_payload_hasher_reset(struct sigv4kit_payload_hasher *hasher);

/**
 * The stable name of a result: `"ok"`, one of the conformance error codes
 * such as `"invalid_header"`, or a name for the API-level results such as
 * `"null_parameter"`. Static and NUL-terminated; `"unknown"` for a value
 * this library does not know.
 */
const char *sigv4kit_result_code(uint32_t result);

/**
 * Copies the text of `result` into `buf` (`len` bytes), NUL-terminated: a
 * fixed text per result (such as `invalid header`), built from the value
 * alone. For the detail of a failure (which header, which field), pass a
 * `sigv4kit_error **` to the call and read `sigv4kit_error_message`.
 *
 * `*out_n` receives the text's length without the NUL, also when the
 * result is `SIGV4KIT_BUFFER_TOO_SMALL` (then nothing is written to `buf`:
 * retry with `*out_n + 1` bytes).
 */
sigv4kit_result sigv4kit_result_message(uint32_t result, char *buf, size_t len, size_t *out_n);

/**
 * The result of the call that made `error` (`SIGV4KIT_NULL_PARAMETER` for
 * NULL).
 */
sigv4kit_result sigv4kit_error_result(const struct sigv4kit_error *error);

/**
 * Copies the detailed message of `error` into `buf` (`len` bytes),
 * NUL-terminated. It names the field or header at fault and never quotes a
 * value or a secret. `*out_n` receives its length without the NUL, also
 * with `SIGV4KIT_BUFFER_TOO_SMALL` (then nothing is written to `buf`).
 */
sigv4kit_result sigv4kit_error_message(const struct sigv4kit_error *error,
                                       char *buf,
                                       size_t len,
                                       size_t *out_n);

/**
 * The input field at fault, as every sigv4kit binding names it: `method`,
 * `target`, `headers`, `access_key_id`, `secret_access_key`,
 * `session_token`, `region`, `service`, `timestamp`, `expires_in`,
 * `payload`, `profile`, or the C parameter that was NULL (such as
 * `request.headers`). Empty when no single field is at fault, and for
 * NULL. Static: valid for the life of the program.
 */
struct sigv4kit_str sigv4kit_error_field(const struct sigv4kit_error *error);

/**
 * The credential source at fault, for an error of the default chain
 * (`sigv4kit_credentials_from_chain`, `sigv4kit_chain_credentials`): its
 * name as in the chain's results (`assume-role`, `sso`, `container`,
 * `instance-metadata`, ...), or `chain` when no source had credentials.
 * Empty for other errors and for NULL. Static: valid for the life of the
 * program.
 */
struct sigv4kit_str sigv4kit_error_source(const struct sigv4kit_error *error);

/**
 * The setting at fault, for an error of the default chain: an environment
 * variable (`AWS_CONTAINER_CREDENTIALS_FULL_URI`) or a profile's setting
 * (`profile dev: source_profile`). Never a value. Empty for other errors
 * and for NULL. Owned by `error`: valid until it is freed.
 */
struct sigv4kit_str sigv4kit_error_setting(const struct sigv4kit_error *error);

/**
 * Frees an error. NULL is ignored.
 */
void sigv4kit_error_free(struct sigv4kit_error *error);

/**
 * Signs `request` with an `Authorization` header, at `time` (seconds since
 * the Unix epoch: `sigv4kit_time_now` gives the current one). On success
 * `*signed_out` receives a result to free with `sigv4kit_signed_free`; send
 * the request's own headers except those `sigv4kit_signed_replaces_header`
 * names, plus the added ones (`sigv4kit_signed_added_header`).
 */
sigv4kit_result sigv4kit_sign(const struct sigv4kit_signer *signer,
                              const struct sigv4kit_credentials *credentials,
                              const struct sigv4kit_request *request,
                              const struct sigv4kit_payload *payload,
                              int64_t time,
                              struct sigv4kit_signed **signed_out,
                              struct sigv4kit_error **error_out);

/**
 * Presigns `request`: the signature goes into the query of the target
 * (`sigv4kit_signed_presigned_target`), valid for `expires_in` seconds
 * (1 ..= 604800) from `time`. Headers of the request are signed too, so the
 * request that uses the URL must send them (usually just `Host`).
 */
sigv4kit_result sigv4kit_presign(const struct sigv4kit_signer *signer,
                                 const struct sigv4kit_credentials *credentials,
                                 const struct sigv4kit_request *request,
                                 const struct sigv4kit_payload *payload,
                                 int64_t time,
                                 uint64_t expires_in,
                                 struct sigv4kit_signed **signed_out,
                                 struct sigv4kit_error **error_out);

/**
 * A new, empty output for `sigv4kit_sign_into`/`sigv4kit_presign_into` to
 * sign into, any number of times; free it with `sigv4kit_signed_free`.
 * Until the first signature its views are empty and `sigv4kit_signed_copy`
 * refuses it.
 */
sigv4kit_result sigv4kit_signed_new(struct sigv4kit_signed **signed_out);

/**
 * `sigv4kit_sign` into an output the caller keeps (from
 * `sigv4kit_signed_new`): on success `signed` holds this signature in place
 * of its last one, whose views are then invalid; on failure it is left as
 * it was. A loop that signs into one output makes no allocation of the C
 * layer's own (only the core's for the result). The output must not be
 * read or written by another thread during the call.
 */
sigv4kit_result sigv4kit_sign_into(const struct sigv4kit_signer *signer,
                                   const struct sigv4kit_credentials *credentials,
                                   const struct sigv4kit_request *request,
                                   const struct sigv4kit_payload *payload,
                                   int64_t time,
                                   struct sigv4kit_signed *signed_,
                                   struct sigv4kit_error **error_out);

/**
 * `sigv4kit_presign` into an output the caller keeps, as
 * `sigv4kit_sign_into` does.
 */
sigv4kit_result sigv4kit_presign_into(const struct sigv4kit_signer *signer,
                                      const struct sigv4kit_credentials *credentials,
                                      const struct sigv4kit_request *request,
                                      const struct sigv4kit_payload *payload,
                                      int64_t time,
                                      uint64_t expires_in,
                                      struct sigv4kit_signed *signed_,
                                      struct sigv4kit_error **error_out);

/**
 * Frees a signing result. NULL is ignored.
 */
void sigv4kit_signed_free(struct sigv4kit_signed *output);

/**
 * `SIGV4KIT_LOCATION_HEADERS` or `SIGV4KIT_LOCATION_QUERY` (also for NULL).
 */
sigv4kit_location sigv4kit_signed_location(const struct sigv4kit_signed *output);

/**
 * The signature: 64 lower-case hex digits (SigV4), or the hex of a
 * DER-encoded ECDSA signature (SigV4a). Empty for NULL.
 */
struct sigv4kit_str sigv4kit_signed_signature(const struct sigv4kit_signed *output);

/**
 * The canonical request that was signed: compare it with the one an AWS
 * 403 quotes to see what differs. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_signed_canonical_request(const struct sigv4kit_signed *output);

/**
 * The string to sign. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_signed_string_to_sign(const struct sigv4kit_signed *output);

/**
 * The `Authorization` header value; empty for a presigned result and NULL.
 */
struct sigv4kit_str sigv4kit_signed_authorization(const struct sigv4kit_signed *output);

/**
 * The target to send for a presigned result: the request's target with
 * the `X-Amz-*` query parameters added. Empty after header signing (send
 * the original target) and for NULL.
 */
struct sigv4kit_str sigv4kit_signed_presigned_target(const struct sigv4kit_signed *output);

/**
 * How many headers signing adds (`X-Amz-Date`, `X-Amz-Security-Token`,
 * `X-Amz-Content-Sha256`, `Authorization`, as the options call for). Zero
 * for a presigned result and for NULL.
 */
size_t sigv4kit_signed_added_headers_len(const struct sigv4kit_signed *output);

/**
 * The added header at `index` (0 ..< `sigv4kit_signed_added_headers_len`),
 * as views owned by `output`. Each replaces any header of the same name
 * (ASCII case-insensitive) the request had.
 */
sigv4kit_result sigv4kit_signed_added_header(const struct sigv4kit_signed *output,
                                             size_t index,
                                             struct sigv4kit_header *header_out);

/**
 * Whether the request's own header of this name (ASCII case-insensitive)
 * must not be sent: signing set one (`X-Amz-Date`, `Authorization`, …), or
 * it is a stale `Authorization` on a presigned URL (the core's
 * `SigningOutput::replaces_header`). False for NULL and for a name that is
 * not UTF-8.
 */
bool sigv4kit_signed_replaces_header(const struct sigv4kit_signed *output,
                                     const char *name,
                                     size_t name_len);

/**
 * Copies a signing result into `buf` (`len` bytes) in one call: the
 * presigned target, the signature, the added headers as name/value pairs,
 * the names of the request's own headers not to send, and with
 * `SIGV4KIT_COPY_DEBUG` in `flags` the canonical request and string to
 * sign. `*layout_out` receives where each part is (offsets into `buf`; no
 * NUL is written). `*out_n` receives the size needed, also with
 * `SIGV4KIT_BUFFER_TOO_SMALL`: call with `len` 0 to learn it, then with a
 * buffer that large. `*layout_out` and `buf` are written only on success.
 * The copy does not depend on `output`, which may be freed at once.
 */
sigv4kit_result sigv4kit_signed_copy(const struct sigv4kit_signed *output,
                                     uint32_t flags,
                                     char *buf,
                                     size_t len,
                                     struct sigv4kit_signed_layout *layout_out,
                                     size_t *out_n);

/**
 * Signs and copies the result out in one call, for callers that make
 * each call count (Go's cgo) or whose memory cannot hold the pointers of a
 * `sigv4kit_request`: the request comes packed as one text plus spans into
 * it (method, target, then name and value of each header: `spans_len` is
 * 2 + 2 × headers), the payload as `payload_kind` (a
 * `sigv4kit_payload_kind`) and its bytes, and the result goes out as
 * `sigv4kit_signed_copy` writes it. `flags`: `SIGV4KIT_SIGN_PRESIGN` to
 * presign for `expires_in` seconds (ignored otherwise),
 * `SIGV4KIT_COPY_DEBUG` to copy the debugging strings. When `buf` is too
 * small the result is `SIGV4KIT_BUFFER_TOO_SMALL` with the size needed in
 * `*out_n` (sign again with a larger buffer); `buf` and `*layout_out` are
 * written only on success, `*error_out` (if not NULL) only on failure.
 */
sigv4kit_result sigv4kit_sign_packed(const struct sigv4kit_signer *signer,
                                     const struct sigv4kit_credentials *credentials,
                                     const char *text,
                                     size_t text_len,
                                     const struct sigv4kit_span *spans,
                                     size_t spans_len,
                                     uint32_t payload_kind,
                                     const uint8_t *payload_data,
                                     size_t payload_len,
                                     int64_t time,
                                     uint64_t expires_in,
                                     uint32_t flags,
                                     char *buf,
                                     size_t len,
                                     struct sigv4kit_signed_layout *layout_out,
                                     size_t *out_n,
                                     struct sigv4kit_error **error_out);

/**
 * New settings for `region` (such as `us-east-1`) and `service` (the
 * signing name, such as `execute-api`), both checked here. The options
 * start at the core's service defaults: for every service but S3,
 * double-encoded and normalized paths and no `x-amz-content-sha256`; for
 * the S3 family (`s3`, `s3-object-lambda`, `s3-outposts`, `s3express`) the
 * reverse (and `SIGV4KIT_PAYLOAD_DEFAULT` presigns `UNSIGNED-PAYLOAD`). Free with
 * `sigv4kit_settings_free`.
 */
sigv4kit_result sigv4kit_settings_new(const char *region,
                                      size_t region_len,
                                      const char *service,
                                      size_t service_len,
                                      struct sigv4kit_settings **settings_out,
                                      struct sigv4kit_error **error_out);

/**
 * Frees settings made by `sigv4kit_settings_new`. NULL is ignored.
 */
void sigv4kit_settings_free(struct sigv4kit_settings *settings);

/**
 * Percent-encode the path once more before signing: `true` (the default)
 * for every service but S3, `false` to sign the path as it is on the wire
 * (S3).
 */
sigv4kit_result sigv4kit_settings_set_double_encode_path(struct sigv4kit_settings *settings,
                                                         bool value);

/**
 * Remove `.`/`..` segments and collapse `//` in the path before signing:
 * `true` (the default) for every service but S3.
 */
sigv4kit_result sigv4kit_settings_set_normalize_path(struct sigv4kit_settings *settings,
                                                     bool value);

/**
 * Also send and sign `X-Amz-Content-Sha256` with the payload value: S3
 * requires it (the default for `s3`).
 */
sigv4kit_result sigv4kit_settings_set_content_sha256_header(struct sigv4kit_settings *settings,
                                                            bool value);

/**
 * Leave the session token out of the signature and add it after signing
 * (AWS IoT wants this). Default `false`.
 */
sigv4kit_result sigv4kit_settings_set_omit_session_token(struct sigv4kit_settings *settings,
                                                         bool value);

/**
 * Sign with SigV4 or SigV4a: a `sigv4kit_algorithm` value (others are
 * refused with `SIGV4KIT_INVALID_ARGUMENT`). The region set of SigV4a is
 * checked when a signer is made from the settings
 * (`SIGV4KIT_INVALID_REGION`).
 */
sigv4kit_result sigv4kit_settings_set_algorithm(struct sigv4kit_settings *settings,
                                                uint32_t algorithm);

/**
 * A signer for `region` and `service` with the service's default options
 * (see `sigv4kit_settings_new`). Free with `sigv4kit_signer_free`.
 */
sigv4kit_result sigv4kit_signer_new(const char *region,
                                    size_t region_len,
                                    const char *service,
                                    size_t service_len,
                                    struct sigv4kit_signer **signer_out,
                                    struct sigv4kit_error **error_out);

/**
 * A signer with these settings, which are copied: free or change the
 * settings afterwards as you like. Free with `sigv4kit_signer_free`.
 */
sigv4kit_result sigv4kit_signer_new_with_settings(const struct sigv4kit_settings *settings,
                                                  struct sigv4kit_signer **signer_out,
                                                  struct sigv4kit_error **error_out);

/**
 * Frees a signer. NULL is ignored.
 */
void sigv4kit_signer_free(struct sigv4kit_signer *signer);

/**
 * Credentials from the environment: `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and
 * `AWS_CREDENTIAL_EXPIRATION`. `SIGV4KIT_NOT_FOUND` when neither key is
 * set, `SIGV4KIT_INVALID_CREDENTIALS` when only one is. Free the result
 * with `sigv4kit_credentials_free`.
 */
sigv4kit_result sigv4kit_credentials_from_env(struct sigv4kit_credentials **credentials_out,
                                              struct sigv4kit_error **error_out);

/**
 * The static keys of a profile of the shared files (`~/.aws/config` and
 * `~/.aws/credentials`, or `AWS_CONFIG_FILE` and
 * `AWS_SHARED_CREDENTIALS_FILE`). `profile` `(NULL, 0)` means the selected
 * one: `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`.
 * `SIGV4KIT_NOT_FOUND` when the profile has no static keys (it may use
 * roles or SSO, which need a provider this library does not run), and
 * `SIGV4KIT_INVALID_CREDENTIALS` when the profile is missing or broken.
 */
sigv4kit_result sigv4kit_credentials_from_profile(const char *profile_name,
                                                  size_t profile_name_len,
                                                  struct sigv4kit_credentials **credentials_out,
                                                  struct sigv4kit_error **error_out);

/**
 * Splits an absolute URL, which must already be percent-encoded as it
 * will be sent (spaces and non-ASCII are refused with
 * `SIGV4KIT_INVALID_TARGET`). Free the result with `sigv4kit_url_free`.
 */
sigv4kit_result sigv4kit_url_parse(const char *url,
                                   size_t url_len,
                                   struct sigv4kit_url **url_out,
                                   struct sigv4kit_error **error_out);

/**
 * Frees a split URL. NULL is ignored.
 */
void sigv4kit_url_free(struct sigv4kit_url *url);

/**
 * `http` or `https`. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_url_scheme(const struct sigv4kit_url *url);

/**
 * The value of the `Host` header to send and sign. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_url_host_header(const struct sigv4kit_url *url);

/**
 * The request target: the path (`/` when the URL has none) and the query.
 * Empty for NULL.
 */
struct sigv4kit_str sigv4kit_url_target(const struct sigv4kit_url *url);

/**
 * The current time from the system clock, in whole seconds since the Unix
 * epoch: the usual `time` argument of `sigv4kit_sign`.
 */
sigv4kit_result sigv4kit_time_now(int64_t *seconds_out);

/**
 * Parses an RFC 3339 UTC time such as `2015-08-30T12:36:00Z` (a fraction
 * of a second is dropped; offsets other than `Z`/`+00:00` are refused) into
 * seconds since the Unix epoch.
 */
sigv4kit_result sigv4kit_time_parse_rfc3339(const char *text,
                                            size_t text_len,
                                            int64_t *seconds_out,
                                            struct sigv4kit_error **error_out);

/**
 * Percent-encodes `text` the SigV4 way (RFC 3986 unreserved characters
 * kept, everything else `%XX` in upper case), as query parameter names and
 * values must be before signing. Writes the result and a NUL into `buf`;
 * `*out_n` receives its length (also with `SIGV4KIT_BUFFER_TOO_SMALL`; at
 * most `3 * text_len`).
 */
sigv4kit_result sigv4kit_uri_encode(const char *text,
                                    size_t text_len,
                                    char *buf,
                                    size_t len,
                                    size_t *out_n);

/**
 * Whether SigV4 leaves a header of this name out of the signature (such as
 * `Authorization`, `Connection`, `Expect`, `Transfer-Encoding`), because
 * proxies add, change or drop it on the way. False for NULL.
 */
bool sigv4kit_is_unsigned_header(const char *name, size_t name_len);

/**
 * The request target as it goes on the wire, the core's rule for every
 * binding: a raw `+` in the query becomes `%20` (API Gateway reads a raw `+`
 * as a space, S3 as a plus; `%20` is a space to both), so that a query a
 * form encoder wrote (a space as `+`, a plus as `%2B`) means the same to
 * every service. Sign and send the result. The path is left alone. Writes
 * the result and a NUL into `buf`; `*out_n` receives its length (also with
 * `SIGV4KIT_BUFFER_TOO_SMALL`; at most `3 * target_len`).
 */
sigv4kit_result sigv4kit_wire_target(const char *target,
                                     size_t target_len,
                                     char *buf,
                                     size_t len,
                                     size_t *out_n);

/**
 * The lifetime of a presigned URL when the caller has no other in mind:
 * 3600 seconds, the same in every sigv4kit binding (and botocore's).
 */
uint64_t sigv4kit_default_expires_in(void);

/**
 * Whether a header of this name is one a signer sets (`Authorization`,
 * `X-Amz-Date`, `X-Amz-Security-Token`, `X-Amz-Content-Sha256`; ASCII
 * case-insensitive): a request signed before carries stale copies to drop
 * before signing again. False for NULL.
 */
bool sigv4kit_is_signer_header(const char *name, size_t name_len);

/**
 * New verification settings with the defaults. Free with
 * `sigv4kit_verify_settings_free`.
 */
sigv4kit_result sigv4kit_verify_settings_new(struct sigv4kit_verify_settings **settings_out);

/**
 * Frees verification settings. NULL is ignored.
 */
void sigv4kit_verify_settings_free(struct sigv4kit_verify_settings *settings);

/**
 * Whether the signer double-encoded the path (`true`, the default; `false`
 * for S3).
 */
sigv4kit_result sigv4kit_verify_settings_set_double_encode_path(struct sigv4kit_verify_settings *settings,
                                                                bool value);

/**
 * Whether the signer normalized the path (`true`, the default; `false` for
 * S3).
 */
sigv4kit_result sigv4kit_verify_settings_set_normalize_path(struct sigv4kit_verify_settings *settings,
                                                            bool value);

/**
 * How many seconds a header signature's time may be from now, either way
 * (300 by default, as AWS allows). Negative values are refused with
 * `SIGV4KIT_INVALID_ARGUMENT`.
 */
sigv4kit_result sigv4kit_verify_settings_set_max_clock_skew(struct sigv4kit_verify_settings *settings,
                                                            int64_t seconds);

/**
 * The region the credential scope must name; `(NULL, 0)` accepts any.
 */
sigv4kit_result sigv4kit_verify_settings_set_region(struct sigv4kit_verify_settings *settings,
                                                    const char *region,
                                                    size_t region_len);

/**
 * The service the credential scope must name; `(NULL, 0)` accepts any.
 */
sigv4kit_result sigv4kit_verify_settings_set_service(struct sigv4kit_verify_settings *settings,
                                                     const char *service,
                                                     size_t service_len);

/**
 * Whether a signed `UNSIGNED-PAYLOAD` is accepted; any other value than the
 * three of `sigv4kit_unsigned_payload` is `SIGV4KIT_INVALID_ARGUMENT`.
 */
sigv4kit_result sigv4kit_verify_settings_set_unsigned_payload(struct sigv4kit_verify_settings *settings,
                                                              uint32_t policy);

/**
 * Reads the signature `request` presents, from its `Authorization` header
 * or its `X-Amz-*` query parameters: `SIGV4KIT_MISSING_AUTHENTICATION` when
 * it has none, `SIGV4KIT_MALFORMED_SIGNATURE` when it cannot be read. Free
 * the result with `sigv4kit_presented_free`.
 */
sigv4kit_result sigv4kit_presented_parse(const struct sigv4kit_request *request,
                                         struct sigv4kit_presented **presented_out,
                                         struct sigv4kit_error **error_out);

/**
 * Frees a presented signature. NULL is ignored.
 */
void sigv4kit_presented_free(struct sigv4kit_presented *presented);

/**
 * The access key id that signed: look its secret up, make credentials,
 * and pass them to `sigv4kit_presented_verify`. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_presented_access_key_id(const struct sigv4kit_presented *presented);

/**
 * The region of the presented credential scope. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_presented_region(const struct sigv4kit_presented *presented);

/**
 * The service of the presented credential scope. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_presented_service(const struct sigv4kit_presented *presented);

/**
 * Header or query signature (`SIGV4KIT_LOCATION_HEADERS` for NULL).
 */
sigv4kit_location sigv4kit_presented_location(const struct sigv4kit_presented *presented);

/**
 * When the request says it was signed, in seconds since the Unix epoch
 * (-1 for NULL).
 */
int64_t sigv4kit_presented_signed_at(const struct sigv4kit_presented *presented);

/**
 * Whether a session token was presented (false for NULL).
 */
bool sigv4kit_presented_has_session_token(const struct sigv4kit_presented *presented);

/**
 * Verifies the presented signature against `request` (the same one it was
 * parsed from), its `payload`, the `credentials` of the presented access
 * key id, at time `now` (seconds since the Unix epoch), with `settings`.
 *
 * On `SIGV4KIT_OK`, `*verified_out` receives what the request was signed
 * with (free with `sigv4kit_verified_free`). Otherwise the result says why
 * (`SIGV4KIT_SIGNATURE_MISMATCH`, `SIGV4KIT_SIGNATURE_EXPIRED`, ...), and
 * for `SIGV4KIT_SIGNATURE_MISMATCH` only, `*mismatch_out` receives the
 * verifier's canonical request and string to sign, if `mismatch_out` is
 * not NULL (free with `sigv4kit_mismatch_free`). Secrets are compared in
 * constant time.
 */
sigv4kit_result sigv4kit_presented_verify(const struct sigv4kit_presented *presented,
                                          const struct sigv4kit_request *request,
                                          const struct sigv4kit_payload *payload,
                                          const struct sigv4kit_credentials *credentials,
                                          int64_t now,
                                          const struct sigv4kit_verify_settings *settings,
                                          struct sigv4kit_verified **verified_out,
                                          struct sigv4kit_mismatch **mismatch_out,
                                          struct sigv4kit_error **error_out);

/**
 * Frees a verification result. NULL is ignored.
 */
void sigv4kit_verified_free(struct sigv4kit_verified *verified);

/**
 * The access key id that signed. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_verified_access_key_id(const struct sigv4kit_verified *verified);

/**
 * The region of the credential scope. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_verified_region(const struct sigv4kit_verified *verified);

/**
 * The service of the credential scope. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_verified_service(const struct sigv4kit_verified *verified);

/**
 * The canonical request that matched. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_verified_canonical_request(const struct sigv4kit_verified *verified);

/**
 * The string to sign that matched. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_verified_string_to_sign(const struct sigv4kit_verified *verified);

/**
 * Header or query signature (`SIGV4KIT_LOCATION_HEADERS` for NULL).
 */
sigv4kit_location sigv4kit_verified_location(const struct sigv4kit_verified *verified);

/**
 * When the request was signed, in seconds since the Unix epoch (-1 for
 * NULL).
 */
int64_t sigv4kit_verified_signed_at(const struct sigv4kit_verified *verified);

/**
 * Frees a mismatch report. NULL is ignored.
 */
void sigv4kit_mismatch_free(struct sigv4kit_mismatch *mismatch);

/**
 * The canonical request the verifier built. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_mismatch_canonical_request(const struct sigv4kit_mismatch *mismatch);

/**
 * The string to sign the verifier built. Empty for NULL.
 */
struct sigv4kit_str sigv4kit_mismatch_string_to_sign(const struct sigv4kit_mismatch *mismatch);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* SIGV4KIT_H */
