/*
 * Tests of the C API: signing against the official AWS vectors, and every
 * error path (NULL arguments, bad input, buffers too small, indexes out of
 * range). Run plain, under AddressSanitizer + UndefinedBehaviorSanitizer,
 * and under valgrind by `make test-c`.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sigv4kit.h"

static int passed, failed;

#define CHECK(cond)                                                       \
  do {                                                                    \
    if (cond) {                                                           \
      passed++;                                                           \
    } else {                                                              \
      failed++;                                                           \
      fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                     \
  } while (0)

#define CHECK_RC(expr, want) CHECK((expr) == (want))
#define S(text) text, strlen(text)

/* The official suite's credentials and time (2015-08-30T12:36:00Z). */
#define AKID "AKIDEXAMPLE"
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define TOKEN "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
#define WHEN 1440938160
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static int str_eq(sigv4kit_str s, const char *want) {
  return s.len == strlen(want) && (s.len == 0 || memcmp(s.data, want, s.len) == 0);
}

static int str_contains(sigv4kit_str s, const char *needle) {
  size_t n = strlen(needle), i;
  for (i = 0; i + n <= s.len; i++) {
    if (memcmp(s.data + i, needle, n) == 0) {
      return 1;
    }
  }
  return 0;
}

static sigv4kit_str view(const char *text) {
  sigv4kit_str s;
  s.data = text;
  s.len = strlen(text);
  return s;
}

static sigv4kit_header header(const char *name, const char *value) {
  sigv4kit_header h;
  h.name = view(name);
  h.value = view(value);
  return h;
}

static sigv4kit_request request(const char *method, const char *target, const sigv4kit_header *headers, size_t n) {
  sigv4kit_request r;
  r.method = view(method);
  r.target = view(target);
  r.headers = headers;
  r.headers_len = n;
  return r;
}

static sigv4kit_payload payload(uint32_t kind, const void *data, size_t len) {
  sigv4kit_payload p;
  p.kind = kind;
  p.data = (const uint8_t *)data;
  p.len = len;
  return p;
}

/* The error of the last call that was passed ERR: each ERR frees the one
   before, so a test never leaks one and reads only the latest. */
static sigv4kit_error *err;

static sigv4kit_error **fresh_error(void) {
  sigv4kit_error_free(err);
  err = NULL;
  return &err;
}

#define ERR fresh_error()

/* The detailed message of the last failure passed ERR, which must have
   failed with `rc` (and nothing else). */
static const char *message(sigv4kit_result rc) {
  static char buf[512];
  size_t n = 0;
  if (err == NULL || sigv4kit_error_result(err) != rc ||
      sigv4kit_error_message(err, buf, sizeof buf, &n) != SIGV4KIT_OK) {
    failed++;
    fprintf(stderr, "no error object for %s\n", sigv4kit_result_code(rc));
    return "(no message)";
  }
  return buf;
}

/* The field the last failure passed ERR names. */
static int field_is(const char *want) { return str_eq(sigv4kit_error_field(err), want); }

static sigv4kit_signer *new_signer(const char *region, const char *service) {
  sigv4kit_signer *signer = NULL;
  CHECK_RC(sigv4kit_signer_new(S(region), S(service), &signer, ERR), SIGV4KIT_OK);
  return signer;
}

static sigv4kit_credentials *new_credentials(const char *token) {
  sigv4kit_credentials *c = NULL;
  CHECK_RC(sigv4kit_credentials_new(S(AKID), S(SECRET), token, token ? strlen(token) : 0, -1, &c, ERR), SIGV4KIT_OK);
  return c;
}

static void test_version(void) {
  char expected[32];
  snprintf(expected, sizeof expected, "%d.%d.%d", SIGV4KIT_VERSION_MAJOR, SIGV4KIT_VERSION_MINOR,
           SIGV4KIT_VERSION_PATCH);
  CHECK(strcmp(expected, SIGV4KIT_VERSION) == 0);
  CHECK(strcmp(sigv4kit_version(), SIGV4KIT_VERSION) == 0);
}

static void test_result_codes(void) {
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_OK), "ok") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_INVALID_METHOD), "invalid_method") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_INVALID_TARGET), "invalid_target") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_INVALID_HEADER), "invalid_header") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_INVALID_CREDENTIALS), "invalid_credentials") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_INVALID_REGION), "invalid_region") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_INVALID_SERVICE), "invalid_service") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_INVALID_TIMESTAMP), "invalid_timestamp") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_INVALID_EXPIRY), "invalid_expiry") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_INVALID_PAYLOAD), "invalid_payload") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_NULL_PARAMETER), "null_parameter") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_BUFFER_TOO_SMALL), "buffer_too_small") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_INDEX_OUT_OF_RANGE), "index_out_of_range") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_INVALID_ARGUMENT), "invalid_argument") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_PANIC), "panic") == 0);
  CHECK(strcmp(sigv4kit_result_code(99999), "unknown") == 0);
}

/* get-vanilla/header of the official suite. */
static void test_sign_get_vanilla(void) {
  sigv4kit_signer *signer = new_signer("us-east-1", "service");
  sigv4kit_credentials *creds = new_credentials(NULL);
  sigv4kit_header headers[1];
  sigv4kit_request req;
  sigv4kit_payload body = payload(SIGV4KIT_PAYLOAD_BYTES, NULL, 0);
  sigv4kit_signed *out = NULL;
  sigv4kit_header added;
  headers[0] = header("Host", "example.amazonaws.com");
  req = request("GET", "/", headers, 1);

  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_OK);
  CHECK(out != NULL);
  CHECK(str_eq(sigv4kit_signed_signature(out), "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
  CHECK(str_eq(sigv4kit_signed_canonical_request(out),
               "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" EMPTY_SHA256));
  CHECK(str_eq(sigv4kit_signed_string_to_sign(out),
               "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
               "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"));
  CHECK(str_eq(sigv4kit_signed_authorization(out),
               "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
               "SignedHeaders=host;x-amz-date, "
               "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
  CHECK(sigv4kit_signed_location(out) == SIGV4KIT_LOCATION_HEADERS);
  CHECK(sigv4kit_signed_presigned_target(out).len == 0);
  CHECK(sigv4kit_signed_added_headers_len(out) == 2);
  CHECK_RC(sigv4kit_signed_added_header(out, 0, &added), SIGV4KIT_OK);
  CHECK(str_eq(added.name, "X-Amz-Date") && str_eq(added.value, "20150830T123600Z"));
  CHECK_RC(sigv4kit_signed_added_header(out, 1, &added), SIGV4KIT_OK);
  CHECK(str_eq(added.name, "Authorization") && str_contains(added.value, "Signature=5fa00fa3"));
  CHECK(sigv4kit_signed_replaces_header(out, S("x-amz-date")));
  CHECK(sigv4kit_signed_replaces_header(out, S("AUTHORIZATION")));
  CHECK(!sigv4kit_signed_replaces_header(out, S("Host")));
  sigv4kit_signed_free(out);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
}

/* get-vanilla-with-session-token/header and /query of the official suite. */
static void test_session_token(void) {
  sigv4kit_signer *signer = new_signer("us-east-1", "service");
  sigv4kit_credentials *creds = new_credentials(TOKEN);
  sigv4kit_header headers[1];
  sigv4kit_request req;
  sigv4kit_payload body = payload(SIGV4KIT_PAYLOAD_BYTES, "", 0);
  sigv4kit_signed *out = NULL;
  headers[0] = header("Host", "example.amazonaws.com");
  req = request("GET", "/", headers, 1);

  CHECK(str_eq(sigv4kit_credentials_access_key_id(creds), AKID));
  CHECK(sigv4kit_credentials_has_session_token(creds));
  CHECK(sigv4kit_credentials_expiration(creds) == -1);
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_signed_signature(out), "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"));
  CHECK(sigv4kit_signed_added_headers_len(out) == 3);
  CHECK(sigv4kit_signed_replaces_header(out, S("X-Amz-Security-Token")));
  sigv4kit_signed_free(out);
  out = NULL;

  CHECK_RC(sigv4kit_presign(signer, creds, &req, &body, WHEN, 3600, &out, ERR), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_signed_signature(out), "7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c"));
  CHECK(str_contains(sigv4kit_signed_presigned_target(out), "X-Amz-Security-Token=" TOKEN));
  sigv4kit_signed_free(out);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
}

/* get-vanilla/query of the official suite. */
static void test_presign(void) {
  sigv4kit_signer *signer = new_signer("us-east-1", "service");
  sigv4kit_credentials *creds = new_credentials(NULL);
  sigv4kit_header headers[1];
  sigv4kit_request req;
  sigv4kit_payload body = payload(SIGV4KIT_PAYLOAD_BYTES, NULL, 0);
  sigv4kit_signed *out = NULL;
  sigv4kit_str target;
  headers[0] = header("Host", "example.amazonaws.com");
  req = request("GET", "/", headers, 1);

  CHECK_RC(sigv4kit_presign(signer, creds, &req, &body, WHEN, 3600, &out, ERR), SIGV4KIT_OK);
  target = sigv4kit_signed_presigned_target(out);
  CHECK(str_eq(sigv4kit_signed_signature(out), "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"));
  CHECK(target.len > 2 && memcmp(target.data, "/?", 2) == 0);
  CHECK(str_contains(target, "X-Amz-Expires=3600"));
  CHECK(str_contains(target, "X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"));
  CHECK(str_contains(target, "X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"));
  CHECK(sigv4kit_signed_location(out) == SIGV4KIT_LOCATION_QUERY);
  CHECK(sigv4kit_signed_added_headers_len(out) == 0);
  CHECK(sigv4kit_signed_authorization(out).len == 0);
  sigv4kit_signed_free(out);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
}

/* One output reused by sigv4kit_sign_into and sigv4kit_presign_into: the
   official get-vanilla signatures each time (header, query, header again,
   with a longer header list in between), nothing readable before the first
   signature, a failed call leaving the last result as it was, and NULL
   refused by name. */
static void test_sign_into(void) {
  sigv4kit_signer *signer = new_signer("us-east-1", "service");
  sigv4kit_credentials *creds = new_credentials(NULL);
  sigv4kit_header headers[6];
  sigv4kit_request req, many, bad;
  sigv4kit_payload body = payload(SIGV4KIT_PAYLOAD_BYTES, NULL, 0);
  sigv4kit_signed *out = NULL;
  sigv4kit_signed_layout layout;
  sigv4kit_header added;
  char buf[1024];
  size_t n = 0;
  int round;
  sigv4kit_chunked_upload *plan = NULL;
  sigv4kit_chunked_encoder *encoder = NULL;
  headers[0] = header("Host", "example.amazonaws.com");
  headers[1] = header("X-A", "1");
  headers[2] = header("X-B", "2");
  headers[3] = header("X-C", "3");
  headers[4] = header("X-D", "4");
  headers[5] = header("X-E", "5");
  req = request("GET", "/", headers, 1);
  many = request("GET", "/", headers, 6);
  bad = request("GET", "/", headers, 1);
  bad.method = view("G T");

  CHECK_RC(sigv4kit_signed_new(NULL), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_signed_new(&out), SIGV4KIT_OK);
  CHECK(out != NULL);
  CHECK(sigv4kit_signed_signature(out).len == 0);
  CHECK(sigv4kit_signed_added_headers_len(out) == 0);
  CHECK(!sigv4kit_signed_replaces_header(out, S("Authorization")));
  CHECK_RC(sigv4kit_signed_added_header(out, 0, &added), SIGV4KIT_INVALID_ARGUMENT);
  CHECK_RC(sigv4kit_signed_copy(out, 0, buf, sizeof buf, &layout, &n), SIGV4KIT_INVALID_ARGUMENT);
  CHECK_RC(sigv4kit_chunked_upload_new(SIGV4KIT_CHUNKED_SIGNED, SIGV4KIT_CHECKSUM_NONE, 100, 8192, &plan, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_chunked_begin(plan, creds, out, &encoder, ERR), SIGV4KIT_INVALID_ARGUMENT);
  CHECK(field_is("seed"));
  CHECK(encoder == NULL);
  sigv4kit_chunked_upload_free(plan);

  for (round = 0; round < 3; round++) {
    CHECK_RC(sigv4kit_sign_into(signer, creds, &req, &body, WHEN, out, ERR), SIGV4KIT_OK);
    CHECK(str_eq(sigv4kit_signed_signature(out), "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
    CHECK(str_eq(sigv4kit_signed_authorization(out),
                 "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                 "SignedHeaders=host;x-amz-date, "
                 "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
    CHECK(sigv4kit_signed_location(out) == SIGV4KIT_LOCATION_HEADERS);
    CHECK(sigv4kit_signed_replaces_header(out, S("x-amz-date")));

    /* A refused request leaves the last result readable and unchanged. */
    CHECK_RC(sigv4kit_sign_into(signer, creds, &bad, &body, WHEN, out, ERR), SIGV4KIT_INVALID_METHOD);
    CHECK(field_is("method"));
    CHECK(str_eq(sigv4kit_signed_signature(out), "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));

    CHECK_RC(sigv4kit_presign_into(signer, creds, &req, &body, WHEN, 3600, out, ERR), SIGV4KIT_OK);
    CHECK(str_eq(sigv4kit_signed_signature(out), "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"));
    CHECK(sigv4kit_signed_location(out) == SIGV4KIT_LOCATION_QUERY);
    CHECK(sigv4kit_signed_added_headers_len(out) == 0);
    CHECK_RC(sigv4kit_presign_into(signer, creds, &req, &body, WHEN, 0, out, ERR), SIGV4KIT_INVALID_EXPIRY);
    CHECK(str_eq(sigv4kit_signed_signature(out), "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"));

    /* More headers than the output's kept list had room for. */
    CHECK_RC(sigv4kit_sign_into(signer, creds, &many, &body, WHEN, out, ERR), SIGV4KIT_OK);
    CHECK(str_contains(sigv4kit_signed_authorization(out), "SignedHeaders=host;x-a;x-amz-date;x-b;x-c;x-d;x-e,"));
  }

  CHECK_RC(sigv4kit_sign_into(signer, creds, &req, &body, WHEN, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(field_is("signed"));
  CHECK_RC(sigv4kit_presign_into(signer, creds, &req, &body, WHEN, 60, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(field_is("signed"));
  CHECK_RC(sigv4kit_sign_into(NULL, creds, &req, &body, WHEN, out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(field_is("signer"));
  CHECK_RC(sigv4kit_sign_into(signer, creds, NULL, &body, WHEN, out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(field_is("request"));
  CHECK_RC(sigv4kit_sign_into(signer, creds, &req, NULL, WHEN, out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(field_is("payload"));
  sigv4kit_signed_free(out);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
}

/* A span of a copy as a view, to compare. */
static sigv4kit_str part(const char *buf, sigv4kit_span span) {
  sigv4kit_str s;
  s.data = buf + span.offset;
  s.len = span.len;
  return s;
}

static int replaced_has(const char *buf, const sigv4kit_signed_layout *l, const char *name) {
  size_t i;
  for (i = 0; i < l->replaced_len; i++) {
    if (str_eq(part(buf, l->replaced[i]), name)) return 1;
  }
  return 0;
}

/* SigV4a: get-vanilla-with-session-token/header of the official v4a suite
   (canonical request and string to sign byte for byte; its signature is
   ECDSA and is verified by the v4a checker, not compared), all five added
   headers through the bulk copy, the derived public key of the vectors'
   public-key.json, and the refusals. */
static void test_sigv4a(void) {
  sigv4kit_settings *settings = NULL;
  sigv4kit_signer *signer = NULL;
  sigv4kit_credentials *creds = new_credentials(TOKEN);
  sigv4kit_header headers[1];
  sigv4kit_request req;
  sigv4kit_payload body = payload(SIGV4KIT_PAYLOAD_BYTES, NULL, 0);
  sigv4kit_signed *out = NULL;
  sigv4kit_signed_layout layout;
  sigv4kit_header added;
  uint8_t key[SIGV4KIT_SIGV4A_PUBLIC_KEY_LEN];
  char buf[4096];
  size_t n = 0;
  static const uint8_t vector_key[SIGV4KIT_SIGV4A_PUBLIC_KEY_LEN] = {
      0x04, 0xb6, 0x61, 0x8f, 0x6a, 0x65, 0x74, 0x0a, 0x99, 0xe6, 0x50, 0xb3, 0x3b, 0x6b, 0x4b, 0x5b, 0xd0,
      0xd4, 0x3b, 0x17, 0x6d, 0x72, 0x1a, 0x3e, 0xdf, 0xea, 0x7e, 0x7d, 0x2d, 0x56, 0xd9, 0x36, 0xb1, 0x86,
      0x5e, 0xd2, 0x2a, 0x7e, 0xad, 0xc9, 0xc5, 0xcb, 0x9d, 0x2c, 0xba, 0xca, 0x1b, 0x36, 0x99, 0x13, 0x9f,
      0xed, 0xc5, 0x04, 0x3d, 0xc6, 0x66, 0x18, 0x64, 0x21, 0x83, 0x30, 0xc8, 0xe5, 0x18};
  headers[0] = header("Host", "example.amazonaws.com");
  req = request("GET", "/", headers, 1);

  CHECK_RC(sigv4kit_credentials_sigv4a_public_key(creds, key, ERR), SIGV4KIT_OK);
  CHECK(memcmp(key, vector_key, sizeof key) == 0);
  CHECK_RC(sigv4kit_credentials_sigv4a_public_key(creds, NULL, ERR), SIGV4KIT_NULL_PARAMETER);

  CHECK_RC(sigv4kit_settings_new(S("us-east-1"), S("service"), &settings, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_settings_set_algorithm(settings, 7), SIGV4KIT_INVALID_ARGUMENT);
  CHECK_RC(sigv4kit_settings_set_algorithm(settings, SIGV4KIT_ALGORITHM_SIGV4A), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_settings_set_content_sha256_header(settings, true), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_signer_new_with_settings(settings, &signer, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_settings_set_content_sha256_header(settings, false), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_OK);
  CHECK(str_contains(sigv4kit_signed_authorization(out),
                     "AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request, "
                     "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-region-set;x-amz-security-token, Signature=30"));
  CHECK(sigv4kit_signed_added_headers_len(out) == SIGV4KIT_SIGNED_MAX_HEADERS);
  CHECK_RC(sigv4kit_signed_added_header(out, 1, &added), SIGV4KIT_OK);
  CHECK(str_eq(added.name, "X-Amz-Region-Set") && str_eq(added.value, "us-east-1"));
  CHECK(sigv4kit_signed_replaces_header(out, S("x-amz-region-set")));
  CHECK_RC(sigv4kit_signed_copy(out, SIGV4KIT_COPY_DEBUG, buf, sizeof buf, &layout, &n), SIGV4KIT_OK);
  CHECK(layout.headers_len == SIGV4KIT_SIGNED_MAX_HEADERS && layout.replaced_len == SIGV4KIT_SIGNED_MAX_HEADERS);
  CHECK(str_eq(part(buf, layout.signature), "") == 0 && layout.signature.len <= 144);
  CHECK(str_eq(part(buf, layout.headers[1].value), "us-east-1"));
  sigv4kit_signed_free(out);
  out = NULL;
  sigv4kit_signer_free(signer);
  signer = NULL;

  /* The vector itself: no x-amz-content-sha256. */
  CHECK_RC(sigv4kit_signer_new_with_settings(settings, &signer, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_signed_canonical_request(out),
               "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-region-set:us-east-1\n"
               "x-amz-security-token:" TOKEN "\n\nhost;x-amz-date;x-amz-region-set;x-amz-security-token\n" EMPTY_SHA256));
  CHECK(str_eq(sigv4kit_signed_string_to_sign(out),
               "AWS4-ECDSA-P256-SHA256\n20150830T123600Z\n20150830/service/aws4_request\n"
               "79893373104239a0547df489af395ec3c1b8873a8601f07f11ffd3f1ac557e7d"));
  sigv4kit_signed_free(out);
  sigv4kit_signer_free(signer);
  signer = NULL;

  /* A region set with a space is refused when the signer is made, by name. */
  sigv4kit_settings_free(settings);
  settings = NULL;
  CHECK_RC(sigv4kit_settings_new(S("us-east-1, us-west-2"), S("service"), &settings, ERR), SIGV4KIT_INVALID_REGION);
  CHECK_RC(sigv4kit_settings_new(S("us-east-1,"), S("service"), &settings, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_settings_set_algorithm(settings, SIGV4KIT_ALGORITHM_SIGV4A), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_signer_new_with_settings(settings, &signer, ERR), SIGV4KIT_INVALID_REGION);
  CHECK(field_is("region"));
  CHECK(signer == NULL);
  sigv4kit_settings_free(settings);
  sigv4kit_credentials_free(creds);
}

/* The bulk accessor: a size query with len 0, then one copy of every part,
   against the official suite's get-vanilla-with-session-token values; and
   the packed form that signs and copies in one call. */
static void test_bulk_copy(void) {
  sigv4kit_signer *signer = new_signer("us-east-1", "service");
  sigv4kit_credentials *creds = new_credentials(TOKEN);
  sigv4kit_header headers[1];
  sigv4kit_request req;
  sigv4kit_payload body = payload(SIGV4KIT_PAYLOAD_BYTES, NULL, 0);
  sigv4kit_signed *out = NULL;
  sigv4kit_signed_layout layout, untouched;
  char buf[4096], small[8];
  size_t n = 0, needed, i;
  static const char packed[] = "GET/Hostexample.amazonaws.com";
  sigv4kit_span spans[4] = {{0, 3}, {3, 1}, {4, 4}, {8, 21}};
  headers[0] = header("Host", "example.amazonaws.com");
  req = request("GET", "/", headers, 1);
  memset(&untouched, 0x5a, sizeof untouched);

  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_OK);
  layout = untouched;
  CHECK_RC(sigv4kit_signed_copy(out, SIGV4KIT_COPY_DEBUG, NULL, 0, &layout, &n), SIGV4KIT_BUFFER_TOO_SMALL);
  CHECK(n > 64 && memcmp(&layout, &untouched, sizeof layout) == 0);
  needed = n;
  CHECK_RC(sigv4kit_signed_copy(out, SIGV4KIT_COPY_DEBUG, small, sizeof small, &layout, &n), SIGV4KIT_BUFFER_TOO_SMALL);
  CHECK(n == needed && memcmp(&layout, &untouched, sizeof layout) == 0);
  CHECK_RC(sigv4kit_signed_copy(out, SIGV4KIT_COPY_DEBUG, buf, needed, &layout, &n), SIGV4KIT_OK);
  CHECK(n == needed);
  CHECK(layout.location == SIGV4KIT_LOCATION_HEADERS);
  CHECK(layout.target.len == 0);
  CHECK(str_eq(part(buf, layout.signature), "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"));
  CHECK(str_eq(part(buf, layout.canonical_request), "GET\n/\n\nhost:example.amazonaws.com\n"
                                                     "x-amz-date:20150830T123600Z\nx-amz-security-token:" TOKEN
                                                     "\n\nhost;x-amz-date;x-amz-security-token\n" EMPTY_SHA256));
  CHECK(str_contains(part(buf, layout.string_to_sign), "20150830/us-east-1/service/aws4_request"));
  CHECK(layout.headers_len == 3);
  for (i = 0; i < layout.headers_len && i < SIGV4KIT_SIGNED_MAX_HEADERS; i++) {
    sigv4kit_header h;
    CHECK_RC(sigv4kit_signed_added_header(out, i, &h), SIGV4KIT_OK);
    CHECK(str_eq(part(buf, layout.headers[i].name), "") == 0);
    CHECK(h.name.len == layout.headers[i].name.len && memcmp(h.name.data, buf + layout.headers[i].name.offset, h.name.len) == 0);
    CHECK(h.value.len == layout.headers[i].value.len &&
          memcmp(h.value.data, buf + layout.headers[i].value.offset, h.value.len) == 0);
  }
  CHECK(str_eq(part(buf, layout.headers[1].value), TOKEN));
  CHECK(replaced_has(buf, &layout, "X-Amz-Date") && replaced_has(buf, &layout, "Authorization") &&
        replaced_has(buf, &layout, "X-Amz-Security-Token") && layout.replaced_len == 3);
  /* Without the debugging strings it is smaller and leaves them empty. */
  CHECK_RC(sigv4kit_signed_copy(out, 0, buf, sizeof buf, &layout, &n), SIGV4KIT_OK);
  CHECK(n < needed && layout.canonical_request.len == 0 && layout.string_to_sign.len == 0);
  CHECK_RC(sigv4kit_signed_copy(NULL, 0, buf, sizeof buf, &layout, &n), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_signed_copy(out, 0, buf, sizeof buf, NULL, &n), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_signed_copy(out, 0, buf, sizeof buf, &layout, NULL), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_signed_copy(out, 0, NULL, 8, &layout, &n), SIGV4KIT_NULL_PARAMETER);
  sigv4kit_signed_free(out);
  out = NULL;

  /* A presigned result: the target, no headers, a stale Authorization
     replaced. */
  CHECK_RC(sigv4kit_presign(signer, creds, &req, &body, WHEN, 3600, &out, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_signed_copy(out, 0, buf, sizeof buf, &layout, &n), SIGV4KIT_OK);
  CHECK(layout.location == SIGV4KIT_LOCATION_QUERY && layout.headers_len == 0);
  CHECK(str_eq(part(buf, layout.signature), "7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c"));
  CHECK(str_contains(part(buf, layout.target), "X-Amz-Security-Token=" TOKEN));
  CHECK(layout.replaced_len == 1 && replaced_has(buf, &layout, "Authorization"));
  sigv4kit_signed_free(out);

  /* Sign and copy in one call, from a packed request. */
  layout = untouched;
  CHECK_RC(sigv4kit_sign_packed(signer, creds, packed, strlen(packed), spans, 4, SIGV4KIT_PAYLOAD_BYTES, NULL, 0,
                                WHEN, 0, 0, small, sizeof small, &layout, &n, ERR),
           SIGV4KIT_BUFFER_TOO_SMALL);
  CHECK(n > sizeof small && memcmp(&layout, &untouched, sizeof layout) == 0);
  CHECK_RC(sigv4kit_sign_packed(signer, creds, packed, strlen(packed), spans, 4, SIGV4KIT_PAYLOAD_BYTES, NULL, 0,
                                WHEN, 0, 0, buf, sizeof buf, &layout, &n, ERR),
           SIGV4KIT_OK);
  CHECK(str_eq(part(buf, layout.signature), "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"));
  CHECK(layout.headers_len == 3);
  CHECK_RC(sigv4kit_sign_packed(signer, creds, packed, strlen(packed), spans, 4, SIGV4KIT_PAYLOAD_BYTES, NULL, 0,
                                WHEN, 3600, SIGV4KIT_SIGN_PRESIGN, buf, sizeof buf, &layout, &n, ERR),
           SIGV4KIT_OK);
  CHECK(str_eq(part(buf, layout.signature), "7ff2b50b376cb4d151970630573d6291dc128cc5c2a12ffb237f73cc53f67b6c"));
  CHECK_RC(sigv4kit_sign_packed(signer, creds, packed, strlen(packed), spans, 4, SIGV4KIT_PAYLOAD_BYTES, NULL, 0,
                                WHEN, 0, SIGV4KIT_SIGN_PRESIGN, buf, sizeof buf, &layout, &n, ERR),
           SIGV4KIT_INVALID_EXPIRY);
  CHECK(field_is("expires_in"));
  /* Spans that do not describe a request, or leave the text. */
  CHECK_RC(sigv4kit_sign_packed(signer, creds, packed, strlen(packed), spans, 3, SIGV4KIT_PAYLOAD_BYTES, NULL, 0,
                                WHEN, 0, 0, buf, sizeof buf, &layout, &n, ERR),
           SIGV4KIT_INVALID_ARGUMENT);
  CHECK(field_is("spans"));
  spans[3].len = 22;
  CHECK_RC(sigv4kit_sign_packed(signer, creds, packed, strlen(packed), spans, 4, SIGV4KIT_PAYLOAD_BYTES, NULL, 0,
                                WHEN, 0, 0, buf, sizeof buf, &layout, &n, ERR),
           SIGV4KIT_INVALID_ARGUMENT);
  spans[3].offset = (size_t)-1;
  CHECK_RC(sigv4kit_sign_packed(signer, creds, packed, strlen(packed), spans, 4, SIGV4KIT_PAYLOAD_BYTES, NULL, 0,
                                WHEN, 0, 0, buf, sizeof buf, &layout, &n, ERR),
           SIGV4KIT_INVALID_ARGUMENT);
  spans[3].offset = 8;
  spans[3].len = 21;
  spans[2].len = 3; /* "Hos" + the value: still a request, with another header */
  CHECK_RC(sigv4kit_sign_packed(signer, creds, packed, strlen(packed), spans, 4, 9, NULL, 0, WHEN, 0, 0, buf,
                                sizeof buf, &layout, &n, ERR),
           SIGV4KIT_INVALID_PAYLOAD);
  CHECK(field_is("payload"));
  CHECK_RC(sigv4kit_sign_packed(NULL, creds, packed, strlen(packed), spans, 4, SIGV4KIT_PAYLOAD_BYTES, NULL, 0, WHEN,
                                0, 0, buf, sizeof buf, &layout, &n, ERR),
           SIGV4KIT_NULL_PARAMETER);
  CHECK(field_is("signer"));
  CHECK_RC(sigv4kit_sign_packed(signer, creds, packed, strlen(packed), spans, 4, SIGV4KIT_PAYLOAD_BYTES, NULL, 0,
                                WHEN, 0, 0, buf, sizeof buf, NULL, &n, NULL),
           SIGV4KIT_NULL_PARAMETER);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
}

/* post-x-www-form-urlencoded/header of the official suite, with the body
   given whole and hashed in chunks. */
static void test_body_and_hasher(void) {
  static const char body_text[] = "Param1=value1";
  sigv4kit_settings *settings = NULL;
  sigv4kit_signer *signer = NULL;
  sigv4kit_credentials *creds = new_credentials(NULL);
  sigv4kit_payload_hasher *hasher = NULL;
  sigv4kit_header headers[3];
  sigv4kit_request req;
  sigv4kit_payload whole = payload(SIGV4KIT_PAYLOAD_BYTES, body_text, strlen(body_text));
  sigv4kit_payload hashed;
  sigv4kit_signed *a = NULL, *b = NULL;
  char hex[SIGV4KIT_PAYLOAD_HASH_LEN + 1];
  size_t n = 0, i;
  const char *want = "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b";
  headers[0] = header("Content-Type", "application/x-www-form-urlencoded");
  headers[1] = header("Host", "example.amazonaws.com");
  headers[2] = header("Content-Length", "13");
  req = request("POST", "/", headers, 3);

  CHECK_RC(sigv4kit_settings_new(S("us-east-1"), S("service"), &settings, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_settings_set_content_sha256_header(settings, true), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_signer_new_with_settings(settings, &signer, ERR), SIGV4KIT_OK);
  sigv4kit_settings_free(settings);

  CHECK_RC(sigv4kit_payload_hasher_new(&hasher), SIGV4KIT_OK);
  for (i = 0; i < strlen(body_text); i += 4) {
    size_t take = strlen(body_text) - i < 4 ? strlen(body_text) - i : 4;
    CHECK_RC(sigv4kit_payload_hasher_update(hasher, (const uint8_t *)body_text + i, take), SIGV4KIT_OK);
  }
  CHECK(sigv4kit_payload_hasher_len(hasher) == 13);
  CHECK_RC(sigv4kit_payload_hasher_finish(hasher, hex, sizeof hex, &n), SIGV4KIT_OK);
  CHECK(n == 64 && strcmp(hex, "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e") == 0);
  hashed = payload(SIGV4KIT_PAYLOAD_PRECOMPUTED, hex, n);

  CHECK_RC(sigv4kit_sign(signer, creds, &req, &whole, WHEN, &a, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &hashed, WHEN, &b, ERR), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_signed_signature(a), want));
  CHECK(str_eq(sigv4kit_signed_signature(b), want));
  CHECK(sigv4kit_signed_replaces_header(a, S("X-Amz-Content-Sha256")));

  /* FIPS 180-2 example: SHA-256("abc"); then a reset hasher hashes nothing. */
  CHECK_RC(sigv4kit_payload_hasher_reset(hasher), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_payload_hasher_update(hasher, (const uint8_t *)"abc", 3), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_payload_hasher_update(hasher, NULL, 0), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_payload_hasher_finish(hasher, hex, sizeof hex, &n), SIGV4KIT_OK);
  CHECK(strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);
  CHECK_RC(sigv4kit_payload_hasher_reset(hasher), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_payload_hasher_finish(hasher, hex, sizeof hex, &n), SIGV4KIT_OK);
  CHECK(strcmp(hex, EMPTY_SHA256) == 0);
  /* Too small by the NUL: nothing written, the size reported. */
  memset(hex, 'x', sizeof hex);
  n = 0;
  CHECK_RC(sigv4kit_payload_hasher_finish(hasher, hex, 64, &n), SIGV4KIT_BUFFER_TOO_SMALL);
  CHECK(n == 64 && hex[0] == 'x' && hex[63] == 'x');

  sigv4kit_payload_hasher_free(hasher);
  sigv4kit_signed_free(a);
  sigv4kit_signed_free(b);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
}

/* The S3 defaults, an unsigned payload, and a session token left out of a
   presigned URL's signature. */
static void test_options(void) {
  sigv4kit_signer *s3 = new_signer("us-east-1", "s3");
  sigv4kit_credentials *creds = new_credentials(TOKEN);
  sigv4kit_settings *settings = NULL;
  sigv4kit_signer *iot = NULL;
  sigv4kit_header headers[1];
  sigv4kit_request req;
  sigv4kit_payload unsigned_body = payload(SIGV4KIT_PAYLOAD_UNSIGNED, NULL, 0);
  sigv4kit_signed *out = NULL;
  sigv4kit_header added;
  size_t i, found = 0;
  headers[0] = header("Host", "bucket.s3.amazonaws.com");
  req = request("GET", "/a//b/../key", headers, 1);

  CHECK_RC(sigv4kit_sign(s3, creds, &req, &unsigned_body, WHEN, &out, ERR), SIGV4KIT_OK);
  for (i = 0; i < sigv4kit_signed_added_headers_len(out); i++) {
    CHECK_RC(sigv4kit_signed_added_header(out, i, &added), SIGV4KIT_OK);
    if (str_eq(added.name, "X-Amz-Content-Sha256") && str_eq(added.value, "UNSIGNED-PAYLOAD")) {
      found++;
    }
  }
  CHECK(found == 1);
  /* S3 signs the path as sent: no normalization. */
  CHECK(str_contains(sigv4kit_signed_canonical_request(out), "\n/a//b/../key\n"));
  CHECK(str_contains(sigv4kit_signed_canonical_request(out), "\nUNSIGNED-PAYLOAD"));
  sigv4kit_signed_free(out);
  out = NULL;

  CHECK_RC(sigv4kit_settings_new(S("us-east-1"), S("iotdevicegateway"), &settings, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_settings_set_omit_session_token(settings, true), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_settings_set_normalize_path(settings, false), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_settings_set_double_encode_path(settings, false), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_signer_new_with_settings(settings, &iot, ERR), SIGV4KIT_OK);
  req = request("GET", "/mqtt", headers, 1);
  CHECK_RC(sigv4kit_presign(iot, creds, &req, &unsigned_body, WHEN, 60, &out, ERR), SIGV4KIT_OK);
  CHECK(str_contains(sigv4kit_signed_presigned_target(out), "X-Amz-Security-Token="));
  CHECK(!str_contains(sigv4kit_signed_canonical_request(out), "X-Amz-Security-Token"));
  sigv4kit_signed_free(out);
  sigv4kit_signer_free(iot);
  sigv4kit_settings_free(settings);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(s3);
}

/* Every function refuses NULL where it needs a value, writes nothing, and
   frees and accessors accept NULL. */
static void test_null_arguments(void) {
  sigv4kit_signer *signer = new_signer("us-east-1", "service");
  sigv4kit_credentials *creds = new_credentials(NULL);
  sigv4kit_settings *settings = NULL;
  sigv4kit_payload_hasher *hasher = NULL;
  sigv4kit_header headers[1];
  sigv4kit_request req;
  sigv4kit_payload body = payload(SIGV4KIT_PAYLOAD_BYTES, NULL, 0);
  int marker;
  sigv4kit_signed *out = (sigv4kit_signed *)&marker; /* must stay untouched */
  sigv4kit_signer *signer_out = (sigv4kit_signer *)&marker;
  sigv4kit_credentials *creds_out = (sigv4kit_credentials *)&marker;
  int64_t secs = 42;
  bool flag = true;
  size_t n = 7;
  char buf[8];
  headers[0] = header("Host", "example.amazonaws.com");
  req = request("GET", "/", headers, 1);

  CHECK_RC(sigv4kit_signer_new(S("us-east-1"), S("service"), NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(strstr(message(SIGV4KIT_NULL_PARAMETER), "signer_out") != NULL);
  CHECK(field_is("signer_out"));
  CHECK_RC(sigv4kit_signer_new(NULL, 9, S("service"), &signer_out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(strstr(message(SIGV4KIT_NULL_PARAMETER), "region") != NULL);
  CHECK_RC(sigv4kit_signer_new_with_settings(NULL, &signer_out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(signer_out == (sigv4kit_signer *)&marker);
  CHECK_RC(sigv4kit_settings_new(S("us-east-1"), S("service"), NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_settings_set_double_encode_path(NULL, true), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_settings_set_normalize_path(NULL, true), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_settings_set_content_sha256_header(NULL, true), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_settings_set_omit_session_token(NULL, true), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_settings_new(S("us-east-1"), S("service"), &settings, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_signer_new_with_settings(settings, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  sigv4kit_settings_free(settings);

  CHECK_RC(sigv4kit_credentials_new(S(AKID), S(SECRET), NULL, 0, -1, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_credentials_new(NULL, 3, S(SECRET), NULL, 0, -1, &creds_out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_credentials_new(S(AKID), NULL, 5, NULL, 0, -1, &creds_out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_credentials_new(S(AKID), S(SECRET), NULL, 5, -1, &creds_out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(creds_out == (sigv4kit_credentials *)&marker);
  CHECK_RC(sigv4kit_credentials_expires_within(NULL, WHEN, 60, &flag), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_credentials_expires_within(creds, WHEN, 60, NULL), SIGV4KIT_NULL_PARAMETER);
  CHECK(flag == true);

  CHECK_RC(sigv4kit_sign(NULL, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_sign(signer, NULL, &req, &body, WHEN, &out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_sign(signer, creds, NULL, &body, WHEN, &out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_sign(signer, creds, &req, NULL, WHEN, &out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presign(NULL, creds, &req, &body, WHEN, 60, &out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presign(signer, NULL, &req, &body, WHEN, 60, &out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presign(signer, creds, NULL, &body, WHEN, 60, &out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presign(signer, creds, &req, NULL, WHEN, 60, &out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presign(signer, creds, &req, &body, WHEN, 60, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  /* NULL inside the request: a header list, a string with a length, a body. */
  req = request("GET", "/", NULL, 1);
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_NULL_PARAMETER);
  req = request("GET", "/", headers, 1);
  req.method.data = NULL;
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_NULL_PARAMETER);
  req = request("GET", "/", headers, 1);
  headers[0].value.data = NULL;
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_NULL_PARAMETER);
  headers[0] = header("Host", "example.amazonaws.com");
  body = payload(SIGV4KIT_PAYLOAD_BYTES, NULL, 10);
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(out == (sigv4kit_signed *)&marker);
  /* (NULL, 0) is the empty string, so an empty method is refused as such. */
  req.method.data = NULL;
  req.method.len = 0;
  body = payload(SIGV4KIT_PAYLOAD_BYTES, NULL, 0);
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_INVALID_METHOD);

  CHECK_RC(sigv4kit_signed_added_header(NULL, 0, headers), SIGV4KIT_NULL_PARAMETER);
  CHECK(sigv4kit_signed_signature(NULL).len == 0 && sigv4kit_signed_signature(NULL).data == NULL);
  CHECK(sigv4kit_signed_canonical_request(NULL).len == 0);
  CHECK(sigv4kit_signed_string_to_sign(NULL).len == 0);
  CHECK(sigv4kit_signed_authorization(NULL).len == 0);
  CHECK(sigv4kit_signed_presigned_target(NULL).len == 0);
  CHECK(sigv4kit_signed_added_headers_len(NULL) == 0);
  CHECK(sigv4kit_signed_location(NULL) == SIGV4KIT_LOCATION_HEADERS);
  CHECK(!sigv4kit_signed_replaces_header(NULL, S("x-amz-date")));
  CHECK(sigv4kit_credentials_access_key_id(NULL).len == 0);
  CHECK(!sigv4kit_credentials_has_session_token(NULL));
  CHECK(sigv4kit_credentials_expiration(NULL) == -1);
  CHECK(sigv4kit_payload_hasher_len(NULL) == 0);
  CHECK(!sigv4kit_is_unsigned_header(NULL, 0));

  CHECK_RC(sigv4kit_payload_hasher_new(NULL), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_payload_hasher_update(NULL, (const uint8_t *)"a", 1), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_payload_hasher_finish(NULL, buf, sizeof buf, &n), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_payload_hasher_reset(NULL), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_payload_hasher_new(&hasher), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_payload_hasher_update(hasher, NULL, 3), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_payload_hasher_finish(hasher, NULL, 65, &n), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_payload_hasher_finish(hasher, buf, sizeof buf, NULL), SIGV4KIT_NULL_PARAMETER);
  sigv4kit_payload_hasher_free(hasher);

  CHECK_RC(sigv4kit_time_now(NULL), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_time_parse_rfc3339(S("2015-08-30T12:36:00Z"), NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_time_parse_rfc3339(NULL, 20, &secs, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(secs == 42);
  CHECK_RC(sigv4kit_uri_encode(S("a b"), buf, sizeof buf, NULL), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_uri_encode(S("a b"), NULL, 8, &n), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_result_message(SIGV4KIT_OK, buf, sizeof buf, NULL), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_error_message(NULL, buf, sizeof buf, &n), SIGV4KIT_NULL_PARAMETER);
  CHECK(sigv4kit_error_result(NULL) == SIGV4KIT_NULL_PARAMETER);
  CHECK(sigv4kit_error_field(NULL).len == 0);
  sigv4kit_error_free(NULL);

  sigv4kit_signer_free(NULL);
  sigv4kit_settings_free(NULL);
  sigv4kit_credentials_free(NULL);
  sigv4kit_signed_free(NULL);
  sigv4kit_payload_hasher_free(NULL);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
}

/* Signs and expects `want`; returns the message, which must name the field. */
static const char *sign_fails(const sigv4kit_request *req, const sigv4kit_payload *body, int64_t when,
                              sigv4kit_result want) {
  sigv4kit_signer *signer = new_signer("us-east-1", "service");
  sigv4kit_credentials *creds = new_credentials(NULL);
  int marker;
  sigv4kit_signed *out = (sigv4kit_signed *)&marker;
  sigv4kit_result rc = sigv4kit_sign(signer, creds, req, body, when, &out, ERR);
  CHECK_RC(rc, want);
  CHECK(out == (sigv4kit_signed *)&marker);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
  return message(rc);
}

static void test_bad_input(void) {
  static const char latin1[] = {'c', 'a', 'f', (char)0xE9, 0};
  sigv4kit_header headers[2];
  sigv4kit_request req;
  sigv4kit_payload body = payload(SIGV4KIT_PAYLOAD_BYTES, NULL, 0);
  sigv4kit_signer *signer = NULL, *signer2;
  sigv4kit_credentials *creds = NULL;
  sigv4kit_signed *out = NULL;
  const char *msg;
  int64_t secs = 0;
  headers[0] = header("Host", "example.amazonaws.com");

  req = request("GE T", "/", headers, 1);
  CHECK(strstr(sign_fails(&req, &body, WHEN, SIGV4KIT_INVALID_METHOD), "method") != NULL);
  req = request("GET", "example.com/", headers, 1);
  CHECK(strstr(sign_fails(&req, &body, WHEN, SIGV4KIT_INVALID_TARGET), "target") != NULL);
  req = request("GET", "/a#frag", headers, 1);
  sign_fails(&req, &body, WHEN, SIGV4KIT_INVALID_TARGET);
  /* A header value with a line break: the message names the header, never
     the value. */
  headers[1] = header("X-Secret", "hunter2\r\nX-Injected: 1");
  req = request("GET", "/", headers, 2);
  msg = sign_fails(&req, &body, WHEN, SIGV4KIT_INVALID_HEADER);
  CHECK(strstr(msg, "X-Secret") != NULL);
  CHECK(strstr(msg, "hunter2") == NULL);
  CHECK(field_is("headers"));
  headers[1] = header("X Bad", "v");
  sign_fails(&req, &body, WHEN, SIGV4KIT_INVALID_HEADER);
  headers[1] = header("X-Latin1", latin1);
  msg = sign_fails(&req, &body, WHEN, SIGV4KIT_INVALID_HEADER);
  CHECK(strstr(msg, "UTF-8") != NULL);
  req = request("GET", "/", headers, 1);
  sign_fails(&req, &body, -1, SIGV4KIT_INVALID_TIMESTAMP);
  sign_fails(&req, &body, 253402300800LL, SIGV4KIT_INVALID_TIMESTAMP);
  body = payload(7, NULL, 0);
  sign_fails(&req, &body, WHEN, SIGV4KIT_INVALID_PAYLOAD);
  body = payload(SIGV4KIT_PAYLOAD_PRECOMPUTED, "not-a-hash", 10);
  CHECK(strstr(sign_fails(&req, &body, WHEN, SIGV4KIT_INVALID_PAYLOAD), "payload") != NULL);
  body = payload(SIGV4KIT_PAYLOAD_PRECOMPUTED, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", 34);

  /* Presign lifetimes outside 1 s ..= 7 days. */
  CHECK_RC(sigv4kit_signer_new(S("us-east-1"), S("service"), &signer, ERR), SIGV4KIT_OK);
  creds = new_credentials(NULL);
  CHECK_RC(sigv4kit_presign(signer, creds, &req, &body, WHEN, 0, &out, ERR), SIGV4KIT_INVALID_EXPIRY);
  CHECK_RC(sigv4kit_presign(signer, creds, &req, &body, WHEN, 604801, &out, ERR), SIGV4KIT_INVALID_EXPIRY);
  CHECK(strstr(message(SIGV4KIT_INVALID_EXPIRY), "expires_in") != NULL);
  CHECK(field_is("expires_in"));
  CHECK(out == NULL);
  CHECK_RC(sigv4kit_presign(signer, creds, &req, &body, WHEN, 604800, &out, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_signed_added_header(out, 0, headers), SIGV4KIT_INDEX_OUT_OF_RANGE);
  sigv4kit_signed_free(out);
  out = NULL;
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_signed_added_header(out, 2, headers), SIGV4KIT_INDEX_OUT_OF_RANGE);
  sigv4kit_signed_free(out);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
  creds = NULL;

  /* Region and service. */
  signer2 = NULL;
  CHECK_RC(sigv4kit_signer_new(S(""), S("service"), &signer2, ERR), SIGV4KIT_INVALID_REGION);
  CHECK(strstr(message(SIGV4KIT_INVALID_REGION), "region") != NULL);
  CHECK(field_is("region"));
  CHECK_RC(sigv4kit_signer_new(S("us east"), S("service"), &signer2, ERR), SIGV4KIT_INVALID_REGION);
  CHECK_RC(sigv4kit_signer_new(S("us-east-1"), S("a/b"), &signer2, ERR), SIGV4KIT_INVALID_SERVICE);
  CHECK_RC(sigv4kit_signer_new(S(latin1), S("service"), &signer2, ERR), SIGV4KIT_INVALID_REGION);
  CHECK(signer2 == NULL);

  /* Credentials: the message names the field, never the secret. */
  CHECK_RC(sigv4kit_credentials_new(S(""), S(SECRET), NULL, 0, -1, &creds, ERR), SIGV4KIT_INVALID_CREDENTIALS);
  CHECK(strstr(message(SIGV4KIT_INVALID_CREDENTIALS), "access_key_id") != NULL);
  CHECK(field_is("access_key_id"));
  CHECK_RC(sigv4kit_credentials_new(S("AK/ID"), S(SECRET), NULL, 0, -1, &creds, ERR), SIGV4KIT_INVALID_CREDENTIALS);
  CHECK_RC(sigv4kit_credentials_new(S(AKID), S(""), NULL, 0, -1, &creds, ERR), SIGV4KIT_INVALID_CREDENTIALS);
  CHECK(strstr(message(SIGV4KIT_INVALID_CREDENTIALS), "secret_access_key") != NULL);
  CHECK(field_is("secret_access_key"));
  CHECK_RC(sigv4kit_credentials_new(S(AKID), S(SECRET), S("tok\nen-secret"), -1, &creds, ERR),
           SIGV4KIT_INVALID_CREDENTIALS);
  msg = message(SIGV4KIT_INVALID_CREDENTIALS);
  CHECK(strstr(msg, "session_token") != NULL && strstr(msg, "en-secret") == NULL);
  CHECK(field_is("session_token"));
  CHECK_RC(sigv4kit_credentials_new(S(AKID), S(latin1), NULL, 0, -1, &creds, ERR), SIGV4KIT_INVALID_CREDENTIALS);
  CHECK(creds == NULL);

  /* Timestamps. */
  CHECK_RC(sigv4kit_time_parse_rfc3339(S("2015-08-30T12:36:00Z"), &secs, ERR), SIGV4KIT_OK);
  CHECK(secs == WHEN);
  secs = 5;
  CHECK_RC(sigv4kit_time_parse_rfc3339(S("2015-08-30 12:36"), &secs, ERR), SIGV4KIT_INVALID_TIMESTAMP);
  CHECK_RC(sigv4kit_time_parse_rfc3339(S("2015-08-30T12:36:00+02:00"), &secs, ERR), SIGV4KIT_INVALID_TIMESTAMP);
  CHECK(secs == 5);
  CHECK_RC(sigv4kit_time_now(&secs), SIGV4KIT_OK);
  CHECK(secs > WHEN);
}

static void test_messages_and_buffers(void) {
  char buf[256];
  char tiny[4] = {'x', 'x', 'x', 'x'};
  size_t n = 0, full;
  sigv4kit_signer *signer = NULL;
  sigv4kit_error *mine = NULL, *untouched = (sigv4kit_error *)&n;
  sigv4kit_result rc = sigv4kit_signer_new(S("us-east-1"), S(""), &signer, &mine);
  CHECK_RC(rc, SIGV4KIT_INVALID_SERVICE);
  CHECK(mine != NULL && sigv4kit_error_result(mine) == SIGV4KIT_INVALID_SERVICE);
  CHECK(str_eq(sigv4kit_error_field(mine), "service"));
  /* Too small: nothing written, the length reported; the retry gets the
     same detailed message. */
  CHECK_RC(sigv4kit_error_message(mine, tiny, sizeof tiny, &n), SIGV4KIT_BUFFER_TOO_SMALL);
  CHECK(tiny[0] == 'x' && n > sizeof tiny);
  full = n;
  CHECK_RC(sigv4kit_error_message(mine, buf, full + 1, &n), SIGV4KIT_OK);
  CHECK(n == full && strlen(buf) == full);
  CHECK(strcmp(buf, "invalid service: must not be empty") == 0);
  CHECK_RC(sigv4kit_error_message(mine, buf, full, &n), SIGV4KIT_BUFFER_TOO_SMALL);
  /* Another thread reads the same error the same way: nothing is kept
     per thread. */
  sigv4kit_error_free(mine);
  /* A call that succeeds leaves the error out-parameter alone. */
  CHECK_RC(sigv4kit_signer_new(S("us-east-1"), S("service"), &signer, &untouched), SIGV4KIT_OK);
  CHECK(untouched == (sigv4kit_error *)&n);
  sigv4kit_signer_free(signer);
  /* A result's text from its value alone. */
  CHECK_RC(sigv4kit_result_message(SIGV4KIT_INVALID_REGION, buf, sizeof buf, &n), SIGV4KIT_OK);
  CHECK(strcmp(buf, "invalid region") == 0 && n == strlen(buf));
  CHECK_RC(sigv4kit_result_message(SIGV4KIT_SIGNATURE_MISMATCH, buf, sizeof buf, &n), SIGV4KIT_OK);
  CHECK(strcmp(buf, "the signature does not match the request") == 0);
  CHECK_RC(sigv4kit_result_message(12345, buf, sizeof buf, &n), SIGV4KIT_OK);
  CHECK(strstr(buf, "12345") != NULL);
  CHECK_RC(sigv4kit_result_message(SIGV4KIT_OK, NULL, 0, &n), SIGV4KIT_BUFFER_TOO_SMALL);
  CHECK(n == strlen("success"));
  CHECK_RC(sigv4kit_result_message(SIGV4KIT_OK, tiny, sizeof tiny, &n), SIGV4KIT_BUFFER_TOO_SMALL);
  CHECK(tiny[0] == 'x');

  /* Percent-encoding as SigV4 wants it (RFC 3986 unreserved kept). */
  CHECK_RC(sigv4kit_uri_encode(S("a b/\xc3\xbc-_.~*"), buf, sizeof buf, &n), SIGV4KIT_OK);
  CHECK(strcmp(buf, "a%20b%2F%C3%BC-_.~%2A") == 0 && n == strlen(buf));
  CHECK_RC(sigv4kit_uri_encode(S("a b"), tiny, sizeof tiny, &n), SIGV4KIT_BUFFER_TOO_SMALL);
  CHECK(n == 5 && tiny[0] == 'x');
  CHECK(sigv4kit_is_unsigned_header(S("Expect")));
  CHECK(sigv4kit_is_unsigned_header(S("transfer-encoding")));
  CHECK(!sigv4kit_is_unsigned_header(S("Host")));
}

static void test_expiring_credentials(void) {
  sigv4kit_credentials *creds = NULL;
  bool expiring = false;
  CHECK_RC(sigv4kit_credentials_new(S(AKID), S(SECRET), S(TOKEN), WHEN + 300, &creds, ERR), SIGV4KIT_OK);
  CHECK(sigv4kit_credentials_expiration(creds) == WHEN + 300);
  CHECK_RC(sigv4kit_credentials_expires_within(creds, WHEN, 600, &expiring), SIGV4KIT_OK);
  CHECK(expiring);
  CHECK_RC(sigv4kit_credentials_expires_within(creds, WHEN, 60, &expiring), SIGV4KIT_OK);
  CHECK(!expiring);
  CHECK_RC(sigv4kit_credentials_expires_within(creds, -5, 60, &expiring), SIGV4KIT_INVALID_TIMESTAMP);
  sigv4kit_credentials_free(creds);
  /* An empty token counts as none. */
  CHECK_RC(sigv4kit_credentials_new(S(AKID), S(SECRET), "", 0, -1, &creds, ERR), SIGV4KIT_OK);
  CHECK(!sigv4kit_credentials_has_session_token(creds));
  sigv4kit_credentials_free(creds);
}

/* One signer and one credentials handle shared by several threads, as the
   header promises, each thread signing and checking the official answer
   (a new result per call, then into an output of its own). */
typedef struct {
  const sigv4kit_signer *signer;
  const sigv4kit_credentials *creds;
  int ok;
} shared;

static void *sign_many(void *arg) {
  shared *s = arg;
  sigv4kit_header headers[1];
  sigv4kit_request req;
  sigv4kit_payload body = payload(SIGV4KIT_PAYLOAD_BYTES, NULL, 0);
  int i;
  headers[0] = header("Host", "example.amazonaws.com");
  req = request("GET", "/", headers, 1);
  s->ok = 1;
  for (i = 0; i < 200; i++) {
    sigv4kit_signed *out = NULL;
    sigv4kit_error *mine = NULL; /* each thread's failure is its own */
    if (sigv4kit_sign(s->signer, s->creds, &req, &body, WHEN, &out, &mine) != SIGV4KIT_OK ||
        !str_eq(sigv4kit_signed_signature(out), "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")) {
      s->ok = 0;
    }
    s->ok = s->ok && mine == NULL;
    sigv4kit_signed_free(out);
    sigv4kit_error_free(mine);
  }
  /* And into an output of the thread's own, reused. */
  {
    sigv4kit_signed *kept = NULL;
    if (sigv4kit_signed_new(&kept) != SIGV4KIT_OK) s->ok = 0;
    for (i = 0; kept != NULL && i < 200; i++) {
      if (sigv4kit_sign_into(s->signer, s->creds, &req, &body, WHEN, kept, NULL) != SIGV4KIT_OK ||
          !str_eq(sigv4kit_signed_signature(kept), "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")) {
        s->ok = 0;
      }
    }
    sigv4kit_signed_free(kept);
  }
  return NULL;
}

static void test_threads(void) {
  pthread_t threads[4];
  shared state[4];
  int i;
  sigv4kit_signer *signer = new_signer("us-east-1", "service");
  sigv4kit_credentials *creds = new_credentials(NULL);
  for (i = 0; i < 4; i++) {
    state[i].signer = signer;
    state[i].creds = creds;
    state[i].ok = 0;
    CHECK(pthread_create(&threads[i], NULL, sign_many, &state[i]) == 0);
  }
  for (i = 0; i < 4; i++) {
    CHECK(pthread_join(threads[i], NULL) == 0);
    CHECK(state[i].ok == 1);
  }
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
}


/* Verification of the official suite's signed requests (get-vanilla and
   get-vanilla-with-session-token, header and query), and of every way a
   request is refused. */
#define VANILLA_AUTH                                                                \
  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " \
  "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
#define VANILLA_QUERY                                                                                       \
  "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2F"      \
  "aws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature=" \
  "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"

static sigv4kit_result verify(const sigv4kit_request *req, const sigv4kit_credentials *creds, int64_t now,
                              const sigv4kit_verify_settings *settings, sigv4kit_verified **verified,
                              sigv4kit_mismatch **mismatch) {
  sigv4kit_presented *presented = NULL;
  sigv4kit_payload body = payload(SIGV4KIT_PAYLOAD_BYTES, NULL, 0);
  sigv4kit_result rc = sigv4kit_presented_parse(req, &presented, ERR);
  if (rc == SIGV4KIT_OK) {
    CHECK(str_eq(sigv4kit_presented_access_key_id(presented), AKID));
    rc = sigv4kit_presented_verify(presented, req, &body, creds, now, settings, verified, mismatch, ERR);
  }
  sigv4kit_presented_free(presented);
  return rc;
}

static void test_verify(void) {
  sigv4kit_credentials *creds = new_credentials(NULL);
  sigv4kit_credentials *with_token = new_credentials(TOKEN);
  sigv4kit_verify_settings *settings = NULL;
  sigv4kit_presented *presented = NULL;
  sigv4kit_verified *verified = NULL;
  sigv4kit_mismatch *mismatch = NULL;
  sigv4kit_header headers[3];
  sigv4kit_request req;
  sigv4kit_payload body = payload(SIGV4KIT_PAYLOAD_BYTES, NULL, 0);
  int marker;
  sigv4kit_verified *untouched = (sigv4kit_verified *)&marker;
  headers[0] = header("Host", "example.amazonaws.com");
  headers[1] = header("X-Amz-Date", "20150830T123600Z");
  headers[2] = header("Authorization", VANILLA_AUTH);
  req = request("GET", "/", headers, 3);
  CHECK_RC(sigv4kit_verify_settings_new(&settings), SIGV4KIT_OK);

  CHECK_RC(verify(&req, creds, WHEN + 60, settings, &verified, &mismatch), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_verified_access_key_id(verified), AKID));
  CHECK(str_eq(sigv4kit_verified_region(verified), "us-east-1"));
  CHECK(str_eq(sigv4kit_verified_service(verified), "service"));
  CHECK(sigv4kit_verified_location(verified) == SIGV4KIT_LOCATION_HEADERS);
  CHECK(sigv4kit_verified_signed_at(verified) == WHEN);
  CHECK(str_eq(sigv4kit_verified_canonical_request(verified),
               "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" EMPTY_SHA256));
  CHECK(str_contains(sigv4kit_verified_string_to_sign(verified), "20150830/us-east-1/service/aws4_request"));
  CHECK(mismatch == NULL);
  sigv4kit_verified_free(verified);
  verified = NULL;

  /* Five minutes of skew at most. */
  CHECK_RC(verify(&req, creds, WHEN + 301, settings, &verified, NULL), SIGV4KIT_SIGNATURE_EXPIRED);
  CHECK(strstr(message(SIGV4KIT_SIGNATURE_EXPIRED), "expired") != NULL);
  CHECK_RC(sigv4kit_verify_settings_set_max_clock_skew(settings, 900), SIGV4KIT_OK);
  CHECK_RC(verify(&req, creds, WHEN + 301, settings, &verified, NULL), SIGV4KIT_OK);
  sigv4kit_verified_free(verified);
  verified = NULL;

  /* One byte changed: a mismatch, with the verifier's strings to show. */
  req = request("GET", "/?x=1", headers, 3);
  CHECK_RC(verify(&req, creds, WHEN, settings, &untouched, &mismatch), SIGV4KIT_SIGNATURE_MISMATCH);
  CHECK(untouched == (sigv4kit_verified *)&marker);
  CHECK(mismatch != NULL);
  CHECK(str_contains(sigv4kit_mismatch_canonical_request(mismatch), "\nx=1\n"));
  CHECK(str_contains(sigv4kit_mismatch_string_to_sign(mismatch), "AWS4-HMAC-SHA256\n20150830T123600Z\n"));
  sigv4kit_mismatch_free(mismatch);
  mismatch = NULL;
  CHECK_RC(verify(&req, creds, WHEN, settings, &verified, NULL), SIGV4KIT_SIGNATURE_MISMATCH);

  /* The scope must be the expected one when settings name it. */
  req = request("GET", "/", headers, 3);
  CHECK_RC(sigv4kit_verify_settings_set_region(settings, S("eu-west-1")), SIGV4KIT_OK);
  CHECK_RC(verify(&req, creds, WHEN, settings, &verified, NULL), SIGV4KIT_WRONG_SCOPE);
  CHECK_RC(sigv4kit_verify_settings_set_region(settings, NULL, 0), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_verify_settings_set_service(settings, S("service")), SIGV4KIT_OK);
  CHECK_RC(verify(&req, creds, WHEN, settings, &verified, NULL), SIGV4KIT_OK);
  sigv4kit_verified_free(verified);
  verified = NULL;

  /* A presigned URL, valid for its lifetime only. */
  req = request("GET", VANILLA_QUERY, headers, 1);
  CHECK_RC(verify(&req, creds, WHEN + 3000, settings, &verified, NULL), SIGV4KIT_OK);
  CHECK(sigv4kit_verified_location(verified) == SIGV4KIT_LOCATION_QUERY);
  sigv4kit_verified_free(verified);
  verified = NULL;
  CHECK_RC(verify(&req, creds, WHEN + 3601, settings, &verified, NULL), SIGV4KIT_PRESIGNED_URL_EXPIRED);

  /* Session tokens: the one issued with the key, or refused. */
  headers[2] = header("Authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                      "SignedHeaders=host;x-amz-date;x-amz-security-token, "
                      "Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8");
  {
    sigv4kit_header with_token_headers[4];
    with_token_headers[0] = headers[0];
    with_token_headers[1] = headers[1];
    with_token_headers[2] = header("X-Amz-Security-Token", TOKEN);
    with_token_headers[3] = headers[2];
    req = request("GET", "/", with_token_headers, 4);
    CHECK_RC(sigv4kit_presented_parse(&req, &presented, ERR), SIGV4KIT_OK);
    CHECK(sigv4kit_presented_has_session_token(presented));
    CHECK(str_eq(sigv4kit_presented_region(presented), "us-east-1"));
    CHECK(str_eq(sigv4kit_presented_service(presented), "service"));
    CHECK(sigv4kit_presented_location(presented) == SIGV4KIT_LOCATION_HEADERS);
    CHECK(sigv4kit_presented_signed_at(presented) == WHEN);
    sigv4kit_presented_free(presented);
    presented = NULL;
    CHECK_RC(verify(&req, with_token, WHEN, settings, &verified, NULL), SIGV4KIT_OK);
    sigv4kit_verified_free(verified);
    verified = NULL;
    CHECK_RC(verify(&req, creds, WHEN, settings, &verified, NULL), SIGV4KIT_INVALID_SESSION_TOKEN);
  }

  /* Nothing to verify, or nothing readable. */
  req = request("GET", "/", headers, 1);
  CHECK_RC(sigv4kit_presented_parse(&req, &presented, ERR), SIGV4KIT_MISSING_AUTHENTICATION);
  headers[2] = header("Authorization", "AWS4-HMAC-SHA256 garbage");
  req = request("GET", "/", headers, 3);
  CHECK_RC(sigv4kit_presented_parse(&req, &presented, ERR), SIGV4KIT_MALFORMED_SIGNATURE);
  CHECK(presented == NULL);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_SIGNATURE_MISMATCH), "signature_mismatch") == 0);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_MISSING_AUTHENTICATION), "missing_authentication") == 0);

  /* NULL arguments. */
  headers[2] = header("Authorization", VANILLA_AUTH);
  req = request("GET", "/", headers, 3);
  CHECK_RC(sigv4kit_presented_parse(&req, &presented, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_presented_parse(NULL, &presented, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presented_parse(&req, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presented_verify(NULL, &req, &body, creds, WHEN, settings, &verified, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presented_verify(presented, NULL, &body, creds, WHEN, settings, &verified, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presented_verify(presented, &req, NULL, creds, WHEN, settings, &verified, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presented_verify(presented, &req, &body, NULL, WHEN, settings, &verified, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presented_verify(presented, &req, &body, creds, WHEN, NULL, &verified, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presented_verify(presented, &req, &body, creds, WHEN, settings, NULL, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_presented_verify(presented, &req, &body, creds, -1, settings, &verified, NULL, ERR), SIGV4KIT_INVALID_TIMESTAMP);
  CHECK(verified == NULL);
  CHECK_RC(sigv4kit_verify_settings_new(NULL), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_verify_settings_set_double_encode_path(NULL, true), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_verify_settings_set_normalize_path(NULL, true), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_verify_settings_set_max_clock_skew(NULL, 1), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_verify_settings_set_max_clock_skew(settings, -1), SIGV4KIT_INVALID_ARGUMENT);
  CHECK_RC(sigv4kit_verify_settings_set_region(NULL, S("x")), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_verify_settings_set_service(settings, NULL, 3), SIGV4KIT_NULL_PARAMETER);
  CHECK(sigv4kit_presented_access_key_id(NULL).len == 0);
  CHECK(sigv4kit_presented_region(NULL).len == 0 && sigv4kit_presented_service(NULL).len == 0);
  CHECK(sigv4kit_presented_signed_at(NULL) == -1 && !sigv4kit_presented_has_session_token(NULL));
  CHECK(sigv4kit_presented_location(NULL) == SIGV4KIT_LOCATION_HEADERS);
  CHECK(sigv4kit_verified_access_key_id(NULL).len == 0 && sigv4kit_verified_canonical_request(NULL).len == 0);
  CHECK(sigv4kit_verified_region(NULL).len == 0 && sigv4kit_verified_service(NULL).len == 0);
  CHECK(sigv4kit_verified_string_to_sign(NULL).len == 0 && sigv4kit_verified_signed_at(NULL) == -1);
  CHECK(sigv4kit_verified_location(NULL) == SIGV4KIT_LOCATION_HEADERS);
  CHECK(sigv4kit_mismatch_canonical_request(NULL).len == 0 && sigv4kit_mismatch_string_to_sign(NULL).len == 0);
  sigv4kit_mismatch_free(NULL);
  sigv4kit_verified_free(NULL);
  sigv4kit_presented_free(NULL);
  sigv4kit_verify_settings_free(NULL);

  sigv4kit_presented_free(presented);
  sigv4kit_verify_settings_free(settings);
  sigv4kit_credentials_free(with_token);
  sigv4kit_credentials_free(creds);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (f != NULL) {
    fputs(text, f);
    fclose(f);
  }
}

/* Credentials from the environment and from the shared files (written
   under target/c, where `make test-c` runs this). */
static void test_credential_sources(void) {
  sigv4kit_credentials *creds = NULL;
  const char *config = "target/c/test-aws-config", *credentials = "target/c/test-aws-credentials";
  unsetenv("AWS_ACCESS_KEY_ID");
  unsetenv("AWS_SECRET_ACCESS_KEY");
  unsetenv("AWS_SESSION_TOKEN");
  unsetenv("AWS_SECURITY_TOKEN");
  unsetenv("AWS_CREDENTIAL_EXPIRATION");
  unsetenv("AWS_PROFILE");
  unsetenv("AWS_DEFAULT_PROFILE");
  CHECK_RC(sigv4kit_credentials_from_env(&creds, ERR), SIGV4KIT_NOT_FOUND);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_NOT_FOUND), "not_found") == 0);
  setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
  CHECK_RC(sigv4kit_credentials_from_env(&creds, ERR), SIGV4KIT_INVALID_CREDENTIALS);
  CHECK(strstr(message(SIGV4KIT_INVALID_CREDENTIALS), "AWS_SECRET_ACCESS_KEY") != NULL);
  CHECK(creds == NULL);
  setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
  setenv("AWS_SESSION_TOKEN", "env-token", 1);
  setenv("AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z", 1);
  CHECK_RC(sigv4kit_credentials_from_env(&creds, ERR), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_credentials_access_key_id(creds), "AKIDENV"));
  CHECK(sigv4kit_credentials_has_session_token(creds));
  CHECK(sigv4kit_credentials_expiration(creds) == 1893456000);
  sigv4kit_credentials_free(creds);
  creds = NULL;
  unsetenv("AWS_ACCESS_KEY_ID");
  unsetenv("AWS_SECRET_ACCESS_KEY");
  unsetenv("AWS_SESSION_TOKEN");
  unsetenv("AWS_CREDENTIAL_EXPIRATION");
  CHECK_RC(sigv4kit_credentials_from_env(NULL, ERR), SIGV4KIT_NULL_PARAMETER);

  write_file(config, "[default]\nregion = us-east-1\n[profile sso]\nsso_start_url = https://example.com/start\n");
  write_file(credentials, "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n"
                          "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n"
                          "aws_session_token = dev-token\n[half]\naws_access_key_id = AKIDHALF\n");
  setenv("AWS_CONFIG_FILE", config, 1);
  setenv("AWS_SHARED_CREDENTIALS_FILE", credentials, 1);
  CHECK_RC(sigv4kit_credentials_from_profile(NULL, 0, &creds, ERR), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_credentials_access_key_id(creds), "AKIDFILE"));
  sigv4kit_credentials_free(creds);
  creds = NULL;
  setenv("AWS_PROFILE", "dev", 1);
  CHECK_RC(sigv4kit_credentials_from_profile(NULL, 0, &creds, ERR), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_credentials_access_key_id(creds), "AKIDDEV"));
  CHECK(sigv4kit_credentials_has_session_token(creds));
  sigv4kit_credentials_free(creds);
  creds = NULL;
  CHECK_RC(sigv4kit_credentials_from_profile(S("sso"), &creds, ERR), SIGV4KIT_NOT_FOUND);
  CHECK_RC(sigv4kit_credentials_from_profile(S("half"), &creds, ERR), SIGV4KIT_INVALID_CREDENTIALS);
  CHECK(strstr(message(SIGV4KIT_INVALID_CREDENTIALS), "half") != NULL);
  CHECK_RC(sigv4kit_credentials_from_profile(S("nope"), &creds, ERR), SIGV4KIT_INVALID_CREDENTIALS);
  CHECK(strstr(message(SIGV4KIT_INVALID_CREDENTIALS), "not found") != NULL);
  CHECK_RC(sigv4kit_credentials_from_profile(S("dev"), NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(creds == NULL);
  unsetenv("AWS_PROFILE");
  unsetenv("AWS_CONFIG_FILE");
  unsetenv("AWS_SHARED_CREDENTIALS_FILE");
  remove(config);
  remove(credentials);
}

/* The default chain, step by step, with the environment given: every file
   is answered absent, and any request or process fails the test (none may
   be needed: nothing here reaches a network). Returns the last step's kind. */
static const char *run_chain(sigv4kit_chain *chain) {
  static char kind[32];
  int i;
  for (i = 0; i < 50; i++) {
    sigv4kit_str step = sigv4kit_chain_step(chain);
    size_t n = strnlen(step.data, step.len);
    const char *rest = step.data + n + 1;
    if (n >= sizeof kind) n = sizeof kind - 1;
    memcpy(kind, step.data, n);
    kind[n] = '\0';
    if (strcmp(kind, "read_file") == 0) {
      CHECK_RC(sigv4kit_chain_file(chain, rest, (size_t)(step.data + step.len - rest), false, NULL, 0), SIGV4KIT_OK);
      continue;
    }
    CHECK(strcmp(kind, "http") != 0 && strcmp(kind, "process") != 0 && strcmp(kind, "mfa") != 0);
    return kind;
  }
  CHECK(0 && "the chain did not finish");
  return "";
}

static void test_chain(void) {
  sigv4kit_chain *chain = NULL;
  sigv4kit_credentials *creds = NULL;
  const char *config = "target/c/test-chain-config", *credentials = "target/c/test-chain-credentials";
  static const char keys_env[] = "HOME=target/c/no-home\0AWS_EC2_METADATA_DISABLED=true\0"
                                 "AWS_ACCESS_KEY_ID=AKIDCHAIN\0AWS_SECRET_ACCESS_KEY=chain-secret\0"
                                 "AWS_SESSION_TOKEN=chain-token\0";
  static const char none_env[] = "HOME=target/c/no-home\0AWS_EC2_METADATA_DISABLED=true\0"
                                 "AWS_CONFIG_FILE=target/c/no-config\0AWS_SHARED_CREDENTIALS_FILE=target/c/no-creds\0";
  static const char container_env[] = "HOME=target/c/no-home\0AWS_EC2_METADATA_DISABLED=true\0"
                                      "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://192.0.2.1/creds\0"
                                      "AWS_CONTAINER_AUTHORIZATION_TOKEN=Bearer c-secret-token\0";
  static const char bad_utf8[] = "\xff";

  /* Step by step: the environment's keys at once. */
  CHECK_RC(sigv4kit_chain_new(keys_env, sizeof keys_env - 1, NULL, 0, 0, WHEN, &chain, ERR), SIGV4KIT_OK);
  CHECK(strcmp(run_chain(chain), "done") == 0);
  CHECK_RC(sigv4kit_chain_credentials(chain, &creds, ERR), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_credentials_access_key_id(creds), "AKIDCHAIN"));
  CHECK(sigv4kit_credentials_has_session_token(creds));
  sigv4kit_credentials_free(creds);
  creds = NULL;
  sigv4kit_chain_free(chain);
  chain = NULL;

  /* No source configured: not found, from the chain's own flag. */
  CHECK_RC(sigv4kit_chain_new(none_env, sizeof none_env - 1, NULL, 0, 0, WHEN, &chain, ERR), SIGV4KIT_OK);
  CHECK(strncmp(sigv4kit_chain_step(chain).data, "read_file", 10) == 0); /* with its NUL */
  CHECK_RC(sigv4kit_chain_credentials(chain, &creds, ERR), SIGV4KIT_INVALID_ARGUMENT);
  CHECK(field_is("chain"));
  CHECK(strcmp(run_chain(chain), "failed") == 0);
  CHECK_RC(sigv4kit_chain_credentials(chain, &creds, ERR), SIGV4KIT_NOT_FOUND);
  CHECK(strstr(message(SIGV4KIT_NOT_FOUND), "credentials (chain)") != NULL);
  CHECK(str_eq(sigv4kit_error_source(err), "chain"));
  CHECK(creds == NULL);
  /* The failure stays readable until the next step. */
  CHECK_RC(sigv4kit_chain_credentials(chain, &creds, NULL), SIGV4KIT_NOT_FOUND);
  sigv4kit_chain_free(chain);
  chain = NULL;

  /* A configured source that fails: its name and setting, never its token. */
  CHECK_RC(sigv4kit_chain_new(container_env, sizeof container_env - 1, NULL, 0, 0, WHEN, &chain, ERR), SIGV4KIT_OK);
  CHECK(strcmp(run_chain(chain), "failed") == 0);
  CHECK_RC(sigv4kit_chain_credentials(chain, &creds, ERR), SIGV4KIT_INVALID_CREDENTIALS);
  CHECK(strstr(message(SIGV4KIT_INVALID_CREDENTIALS), "c-secret-token") == NULL);
  CHECK(str_eq(sigv4kit_error_source(err), "container"));
  CHECK(str_eq(sigv4kit_error_setting(err), "AWS_CONTAINER_CREDENTIALS_FULL_URI"));
  CHECK(str_eq(sigv4kit_error_field(err), ""));
  sigv4kit_chain_free(chain);
  chain = NULL;

  /* Misuse. */
  CHECK_RC(sigv4kit_chain_new(none_env, sizeof none_env - 1, NULL, 0, 0, WHEN, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(field_is("chain_out"));
  CHECK_RC(sigv4kit_chain_new(none_env, sizeof none_env - 1, S(bad_utf8), 0, WHEN, &chain, ERR),
           SIGV4KIT_INVALID_ARGUMENT);
  CHECK(field_is("profile"));
  CHECK(chain == NULL);
  CHECK_RC(sigv4kit_chain_new(NULL, 0, NULL, 0, 0, INT64_MAX, &chain, ERR), SIGV4KIT_INVALID_TIMESTAMP);
  CHECK(chain == NULL);
  CHECK(sigv4kit_chain_step(NULL).len == 0);
  CHECK_RC(sigv4kit_chain_credentials(NULL, &creds, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(field_is("chain"));
  CHECK_RC(sigv4kit_chain_file(NULL, S("x"), false, NULL, 0), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_chain_http(NULL, S("x"), 200, NULL, 0), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_chain_process(NULL, S("x"), 0, NULL, 0), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_chain_mfa(NULL, S("x"), S("123456")), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_http_response_set(NULL, 200, NULL, 0), SIGV4KIT_NULL_PARAMETER);
  sigv4kit_chain_free(NULL);
  CHECK(sigv4kit_error_source(NULL).len == 0 && sigv4kit_error_setting(NULL).len == 0);

  /* One call, over this process's environment and files. */
  unsetenv("AWS_ACCESS_KEY_ID");
  unsetenv("AWS_SECRET_ACCESS_KEY");
  unsetenv("AWS_SESSION_TOKEN");
  unsetenv("AWS_PROFILE");
  unsetenv("AWS_DEFAULT_PROFILE");
  unsetenv("AWS_ROLE_ARN");
  unsetenv("AWS_WEB_IDENTITY_TOKEN_FILE");
  unsetenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  unsetenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  unsetenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  unsetenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  unsetenv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
  write_file(config, "[profile role]\nrole_arn = arn:aws:iam::111122223333:role/r\nsource_profile = src\n"
                     "[profile mfa]\nrole_arn = arn:aws:iam::111122223333:role/r\nsource_profile = src\n"
                     "mfa_serial = arn:aws:iam::111122223333:mfa/me\n");
  write_file(credentials, "[src]\naws_access_key_id = AKIDSRC\naws_secret_access_key = src-secret\n");
  setenv("AWS_CONFIG_FILE", "target/c/no-config", 1);
  setenv("AWS_SHARED_CREDENTIALS_FILE", "target/c/no-creds", 1);
  CHECK_RC(sigv4kit_credentials_from_chain(NULL, 0, 0, NULL, NULL, &creds, ERR), SIGV4KIT_NOT_FOUND);
  CHECK(str_eq(sigv4kit_error_source(err), "chain"));
  CHECK(creds == NULL);
  CHECK_RC(sigv4kit_credentials_from_chain(NULL, 0, 0, NULL, NULL, &creds, NULL), SIGV4KIT_NOT_FOUND);
  CHECK_RC(sigv4kit_credentials_from_chain(NULL, 0, 0, NULL, NULL, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(field_is("credentials_out"));
  CHECK_RC(sigv4kit_credentials_from_chain(S(bad_utf8), 0, NULL, NULL, &creds, ERR), SIGV4KIT_INVALID_ARGUMENT);
  CHECK(field_is("profile"));
  setenv("AWS_CONFIG_FILE", config, 1);
  setenv("AWS_SHARED_CREDENTIALS_FILE", credentials, 1);
  /* STS over https: the built-in client refuses before connecting. */
  setenv("AWS_ENDPOINT_URL_STS", "https://127.0.0.1:9", 1);
  CHECK_RC(sigv4kit_credentials_from_chain(S("role"), 0, NULL, NULL, &creds, ERR), SIGV4KIT_INVALID_ARGUMENT);
  CHECK(strstr(message(SIGV4KIT_INVALID_ARGUMENT), "transport callback") != NULL);
  CHECK(field_is("transport"));
  CHECK(str_eq(sigv4kit_error_source(err), "assume_role"));
  CHECK_RC(sigv4kit_credentials_from_chain(S("mfa"), 0, NULL, NULL, &creds, ERR), SIGV4KIT_INVALID_CREDENTIALS);
  CHECK(strstr(message(SIGV4KIT_INVALID_CREDENTIALS), "MFA") != NULL);
  CHECK(str_eq(sigv4kit_error_source(err), "assume_role"));
  CHECK(creds == NULL);
  unsetenv("AWS_ENDPOINT_URL_STS");
  unsetenv("AWS_CONFIG_FILE");
  unsetenv("AWS_SHARED_CREDENTIALS_FILE");
  unsetenv("AWS_EC2_METADATA_DISABLED");
  remove(config);
  remove(credentials);
}

static void test_url(void) {
  sigv4kit_url *url = NULL;
  CHECK_RC(sigv4kit_url_parse(S("https://Abc123.Execute-Api.us-east-1.amazonaws.com:8443/prod/pets?type=dog#top"), &url, ERR),
           SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_url_scheme(url), "https"));
  CHECK(str_eq(sigv4kit_url_host_header(url), "abc123.execute-api.us-east-1.amazonaws.com:8443"));
  CHECK(str_eq(sigv4kit_url_target(url), "/prod/pets?type=dog"));
  sigv4kit_url_free(url);
  url = NULL;
  CHECK_RC(sigv4kit_url_parse(S("http://127.0.0.1:80"), &url, ERR), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_url_host_header(url), "127.0.0.1"));
  CHECK(str_eq(sigv4kit_url_target(url), "/"));
  sigv4kit_url_free(url);
  url = NULL;
  CHECK_RC(sigv4kit_url_parse(S("https://example.com/a b"), &url, ERR), SIGV4KIT_INVALID_TARGET);
  CHECK_RC(sigv4kit_url_parse(S("ftp://example.com/"), &url, ERR), SIGV4KIT_INVALID_TARGET);
  CHECK_RC(sigv4kit_url_parse(S("https://example.com/"), NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_url_parse(NULL, 4, &url, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(url == NULL);
  CHECK(sigv4kit_url_scheme(NULL).len == 0 && sigv4kit_url_host_header(NULL).len == 0);
  CHECK(sigv4kit_url_target(NULL).len == 0);
  sigv4kit_url_free(NULL);
}

/* The AWS S3 documentation's presigned-URL example (GET examplebucket
   /test.txt, 2013-05-24T00:00:00Z, 86400 s). The expected target is what
   botocore 1.44.5's S3SigV4QueryAuth produced for the same inputs
   (AWSRequest GET of the URL, botocore.auth.get_current_datetime patched to
   that time, expires=86400); its signature is the one the S3 documentation
   ("Authenticating Requests: Using Query Parameters") publishes. */
#define S3_DOC_TARGET                                                                          \
  "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524" \
  "%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400"            \
  "&X-Amz-SignedHeaders=host&X-Amz-Signature="                                                  \
  "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"

static void test_policy(void) {
  sigv4kit_signer *signer = new_signer("us-east-1", "s3");
  sigv4kit_credentials *creds = NULL;
  sigv4kit_header headers[2];
  sigv4kit_request req;
  sigv4kit_payload body = payload(SIGV4KIT_PAYLOAD_DEFAULT, NULL, 0);
  sigv4kit_signed *out = NULL;
  char buf[64];
  size_t n = 0;
  CHECK_RC(sigv4kit_credentials_new(S("AKIAIOSFODNN7EXAMPLE"), S("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), NULL, 0, -1,
                                    &creds, ERR),
           SIGV4KIT_OK);
  headers[0] = header("Host", "examplebucket.s3.amazonaws.com");
  headers[1] = header("Authorization", "stale");
  req = request("GET", "/test.txt", headers, 1);
  CHECK_RC(sigv4kit_presign(signer, creds, &req, &body, 1369353600, 86400, &out, ERR), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_signed_presigned_target(out), S3_DOC_TARGET));
  CHECK(str_contains(sigv4kit_signed_canonical_request(out), "\nUNSIGNED-PAYLOAD"));
  sigv4kit_signed_free(out);
  out = NULL;

  /* A stale Authorization is dropped from a presigned request, not sent. */
  req = request("GET", "/test.txt", headers, 2);
  CHECK_RC(sigv4kit_presign(signer, creds, &req, &body, 1369353600, 86400, &out, ERR), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_signed_presigned_target(out), S3_DOC_TARGET));
  CHECK(sigv4kit_signed_replaces_header(out, S("authorization")));
  CHECK(!sigv4kit_signed_replaces_header(out, S("Host")));
  sigv4kit_signed_free(out);
  out = NULL;

  /* Header signing with the default payload hashes the body. */
  req = request("GET", "/test.txt", headers, 1);
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, 1369353600, &out, ERR), SIGV4KIT_OK);
  CHECK(str_contains(sigv4kit_signed_canonical_request(out), "\n" EMPTY_SHA256));
  sigv4kit_signed_free(out);

  /* No raw '+' in a query on the wire; the path keeps its plus. */
  CHECK_RC(sigv4kit_wire_target(S("/a+b?q=a+b%2Bc"), buf, sizeof buf, &n), SIGV4KIT_OK);
  CHECK(strcmp(buf, "/a+b?q=a%20b%2Bc") == 0 && n == strlen("/a+b?q=a%20b%2Bc"));
  CHECK_RC(sigv4kit_wire_target(S("/?q=a+b"), buf, 4, &n), SIGV4KIT_BUFFER_TOO_SMALL);
  CHECK(n == strlen("/?q=a%20b"));
  CHECK_RC(sigv4kit_wire_target(NULL, 3, buf, sizeof buf, &n), SIGV4KIT_NULL_PARAMETER);
  CHECK(sigv4kit_default_expires_in() == 3600);
  CHECK(sigv4kit_is_signer_header(S("X-Amz-Content-Sha256")) && sigv4kit_is_signer_header(S("authorization")));
  CHECK(!sigv4kit_is_signer_header(S("Host")) && !sigv4kit_is_signer_header(NULL, 0));
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
}

/* sigv4kit_explain_mismatch: the shared cases (testdata/cases/diagnose.jsonl)
   run through the conformance runner; here, what the C API adds: NULL and
   non-UTF-8 arguments, absent values, and a diagnosis of a real signing. */
static void test_explain_mismatch(void) {
  sigv4kit_signer *signer = new_signer("us-east-1", "execute-api");
  sigv4kit_credentials *creds = new_credentials(TOKEN);
  sigv4kit_header headers[] = {{{S("Host")}, {S("example.amazonaws.com")}}, {{S("X-Trace")}, {S("abc")}}};
  sigv4kit_request req = {{S("GET")}, {S("/")}, headers, 2};
  sigv4kit_payload body = {SIGV4KIT_PAYLOAD_BYTES, NULL, 0};
  sigv4kit_signed *out = NULL;
  sigv4kit_diagnosis *d = NULL;
  char quoted[2048];
  sigv4kit_str creq, sts;
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &body, WHEN, &out, ERR), SIGV4KIT_OK);
  creq = sigv4kit_signed_canonical_request(out);
  sts = sigv4kit_signed_string_to_sign(out);
  /* The service saw another X-Trace: API Gateway's message quotes its own. */
  {
    char theirs[1024];
    const char *at;
    size_t n = creq.len < sizeof theirs - 1 ? creq.len : sizeof theirs - 1;
    memcpy(theirs, creq.data, n);
    theirs[n] = 0;
    at = strstr(theirs, "x-trace:abc");
    CHECK(at != NULL);
    if (at != NULL) theirs[at - theirs + 10] = 'd';
    snprintf(quoted, sizeof quoted,
             "{\"message\":\"The Canonical String for this request should have been\\n'%s'\\n\"}", theirs);
  }
  /* JSON escapes of the newlines in the quote. */
  {
    char escaped[4096];
    size_t i, j = 0;
    for (i = 0; quoted[i] != 0 && j < sizeof escaped - 2; i++) {
      if (quoted[i] == '\n') {
        escaped[j++] = '\\';
        escaped[j++] = 'n';
      } else {
        escaped[j++] = quoted[i];
      }
    }
    escaped[j] = 0;
    CHECK_RC(sigv4kit_explain_mismatch(creq.data, creq.len, sts.data, sts.len, S(escaped), &d, ERR), SIGV4KIT_OK);
  }
  CHECK(str_eq(sigv4kit_diagnosis_finding(d), "header"));
  CHECK(str_eq(sigv4kit_diagnosis_part(d), "header x-trace"));
  CHECK(str_eq(sigv4kit_diagnosis_expected(d), "x-trace:abd"));
  CHECK(str_eq(sigv4kit_diagnosis_signed(d), "x-trace:abc"));
  CHECK(sigv4kit_diagnosis_line(d) == 7);
  CHECK(sigv4kit_diagnosis_error_code(d).data == NULL); /* the message names no code */
  CHECK(sigv4kit_diagnosis_cause(d).len > 0 && sigv4kit_diagnosis_hint(d).len > 0);
  {
    sigv4kit_str text = sigv4kit_diagnosis_text(d);
    CHECK(text.len > 0 && !str_contains(text, TOKEN));
  }
  sigv4kit_diagnosis_free(d);
  d = NULL;

  /* Nothing quoted: absent values are NULL views; a body that is not UTF-8 is read. */
  CHECK_RC(sigv4kit_explain_mismatch(creq.data, creq.len, sts.data, sts.len, "\xff\xfe", 2, &d, ERR), SIGV4KIT_OK);
  CHECK(str_eq(sigv4kit_diagnosis_finding(d), "not_quoted"));
  CHECK(sigv4kit_diagnosis_expected(d).data == NULL && sigv4kit_diagnosis_error_code(d).data == NULL);
  CHECK(sigv4kit_diagnosis_line(d) == 0);
  sigv4kit_diagnosis_free(d);
  d = NULL;

  CHECK_RC(sigv4kit_explain_mismatch(NULL, 3, S(""), S(""), &d, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(field_is("canonical_request"));
  CHECK_RC(sigv4kit_explain_mismatch("\xff", 1, S(""), S(""), &d, ERR), SIGV4KIT_INVALID_ARGUMENT);
  CHECK_RC(sigv4kit_explain_mismatch(S(""), S(""), S(""), NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(d == NULL);
  CHECK(sigv4kit_diagnosis_text(NULL).len == 0 && sigv4kit_diagnosis_line(NULL) == 0);
  sigv4kit_diagnosis_free(NULL);
  sigv4kit_signed_free(out);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
}

/*
 * Chunked uploads. The S3 API reference's worked example ("Signature
 * Calculations for the Authorization Header: Transferring Payload in
 * Multiple Chunks", docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html):
 * 66560 bytes of 'a' in 64 KiB chunks, its seed and chunk signatures as
 * printed there. Then round trips through the verifier (0 bytes, one chunk,
 * many chunks, a partial last chunk), and a tampered chunk refused.
 */
#define DOC_WHEN 1369353600 /* 2013-05-24T00:00:00Z */

/* Signs the head of an upload by `plan` and frames `len` bytes of `data`,
 * fed in pieces of `piece` bytes; returns the framed body (malloc'd) and
 * fills the headers to send (at most 16). */
static unsigned char *chunked_put(sigv4kit_signer *signer, sigv4kit_credentials *creds, sigv4kit_chunked_upload *plan,
                                  const char *host, const unsigned char *data, size_t len, size_t piece, int64_t when,
                                  sigv4kit_signed **signed_out, sigv4kit_header *sent, size_t *sent_n, size_t *body_len) {
  sigv4kit_header head[8];
  size_t n = 0;
  head[n++] = header("Host", host);
  head[n++] = header("x-amz-storage-class", "REDUCED_REDUNDANCY");
  for (size_t i = 0; i < sigv4kit_chunked_upload_headers_len(plan); i++) {
    CHECK_RC(sigv4kit_chunked_upload_header(plan, i, &head[n++]), SIGV4KIT_OK);
  }
  sigv4kit_request req = request("PUT", "/examplebucket/chunkObject.txt", head, n);
  sigv4kit_str value = sigv4kit_chunked_upload_payload_value(plan);
  sigv4kit_payload p = payload(SIGV4KIT_PAYLOAD_PRECOMPUTED, value.data, value.len);
  CHECK_RC(sigv4kit_sign(signer, creds, &req, &p, when, signed_out, ERR), SIGV4KIT_OK);
  *sent_n = 0;
  for (size_t i = 0; i < n; i++) {
    if (!sigv4kit_signed_replaces_header(*signed_out, head[i].name.data, head[i].name.len)) sent[(*sent_n)++] = head[i];
  }
  for (size_t i = 0; i < sigv4kit_signed_added_headers_len(*signed_out); i++) {
    CHECK_RC(sigv4kit_signed_added_header(*signed_out, i, &sent[(*sent_n)++]), SIGV4KIT_OK);
  }
  uint64_t total = sigv4kit_chunked_upload_encoded_length(plan);
  unsigned char *body = malloc(total ? total : 1);
  size_t at = 0;
  sigv4kit_chunked_encoder *enc = NULL;
  sigv4kit_str framed;
  CHECK_RC(sigv4kit_chunked_begin(plan, creds, *signed_out, &enc, ERR), SIGV4KIT_OK);
  for (size_t off = 0; off < len; off += piece) {
    size_t k = len - off < piece ? len - off : piece;
    CHECK_RC(sigv4kit_chunked_next(enc, data + off, k, &framed, ERR), SIGV4KIT_OK);
    if (framed.len && at + framed.len <= total) memcpy(body + at, framed.data, framed.len);
    at += framed.len;
  }
  CHECK_RC(sigv4kit_chunked_finish(enc, &framed, ERR), SIGV4KIT_OK);
  if (framed.len && at + framed.len <= total) memcpy(body + at, framed.data, framed.len);
  at += framed.len;
  CHECK(at == total);
  /* Finished: more is refused, by name. */
  CHECK_RC(sigv4kit_chunked_next(enc, data, 0, &framed, ERR), SIGV4KIT_INVALID_PAYLOAD);
  sigv4kit_chunked_encoder_free(enc);
  *body_len = at;
  return body;
}

static sigv4kit_result chunked_verify(sigv4kit_credentials *creds, const sigv4kit_header *sent, size_t sent_n,
                                      const unsigned char *body, size_t len, int64_t when) {
  sigv4kit_verify_settings *settings = NULL;
  sigv4kit_presented *presented = NULL;
  sigv4kit_verified *verified = NULL;
  sigv4kit_request req = request("PUT", "/examplebucket/chunkObject.txt", sent, sent_n);
  sigv4kit_payload p = payload(SIGV4KIT_PAYLOAD_BYTES, body, len);
  CHECK_RC(sigv4kit_verify_settings_new(&settings), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_verify_settings_set_double_encode_path(settings, false), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_verify_settings_set_normalize_path(settings, false), SIGV4KIT_OK);
  sigv4kit_result rc = sigv4kit_presented_parse(&req, &presented, ERR);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_presented_verify(presented, &req, &p, creds, when, settings, &verified, NULL, ERR);
  sigv4kit_verified_free(verified);
  sigv4kit_presented_free(presented);
  sigv4kit_verify_settings_free(settings);
  return rc;
}

static void test_chunked(void) {
  sigv4kit_credentials *doc = NULL;
  sigv4kit_signer *signer = new_signer("us-east-1", "s3");
  sigv4kit_chunked_upload *plan = NULL;
  sigv4kit_signed *seed = NULL;
  sigv4kit_header sent[16];
  size_t sent_n = 0, body_len = 0;
  CHECK_RC(sigv4kit_credentials_new(S("AKIAIOSFODNN7EXAMPLE"), S("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), NULL, 0, -1, &doc, ERR),
           SIGV4KIT_OK);
  unsigned char *data = malloc(200000);
  memset(data, 'a', 200000);
  CHECK_RC(sigv4kit_chunked_upload_new(SIGV4KIT_CHUNKED_SIGNED, SIGV4KIT_CHECKSUM_NONE, 66560, 65536, &plan, ERR), SIGV4KIT_OK);
  CHECK(sigv4kit_chunked_upload_encoded_length(plan) == 66824); /* the documented Content-Length */
  CHECK(str_eq(sigv4kit_chunked_upload_payload_value(plan), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"));
  unsigned char *body = chunked_put(signer, doc, plan, "s3.amazonaws.com", data, 66560, 1000, DOC_WHEN, &seed, sent, &sent_n, &body_len);
  CHECK(str_eq(sigv4kit_signed_signature(seed), "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"));
  static const char chunk1[] = "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n";
  static const char chunk2[] = "\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n";
  static const char last[] = "\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n";
  CHECK(body_len == 66824);
  CHECK(memcmp(body, chunk1, strlen(chunk1)) == 0);
  CHECK(memcmp(body + strlen(chunk1) + 65536, chunk2, strlen(chunk2)) == 0);
  CHECK(memcmp(body + body_len - strlen(last), last, strlen(last)) == 0);
  CHECK_RC(chunked_verify(doc, sent, sent_n, body, body_len, DOC_WHEN), SIGV4KIT_OK);
  body[200] ^= 1;
  CHECK_RC(chunked_verify(doc, sent, sent_n, body, body_len, DOC_WHEN), SIGV4KIT_CHUNK_SIGNATURE_MISMATCH);
  CHECK_RC(chunked_verify(doc, sent, sent_n, body, body_len - 5, DOC_WHEN), SIGV4KIT_CHUNK_SIGNATURE_MISMATCH);
  body[200] ^= 1;
  CHECK_RC(chunked_verify(doc, sent, sent_n, body, body_len - 2, DOC_WHEN), SIGV4KIT_TRUNCATED_STREAM);
  CHECK(strcmp(sigv4kit_result_code(SIGV4KIT_TRUNCATED_STREAM), "truncated_stream") == 0);
  free(body);
  sigv4kit_signed_free(seed);
  sigv4kit_chunked_upload_free(plan);

  /* Every mode: 0 bytes, one chunk, many chunks, a partial last chunk. */
  static const uint32_t modes[3][2] = {{SIGV4KIT_CHUNKED_SIGNED, SIGV4KIT_CHECKSUM_NONE},
                                       {SIGV4KIT_CHUNKED_SIGNED_TRAILER, SIGV4KIT_CHECKSUM_CRC32C},
                                       {SIGV4KIT_CHUNKED_UNSIGNED_TRAILER, SIGV4KIT_CHECKSUM_SHA256}};
  static const size_t lengths[] = {0, 8192, 5 * 8192, 3 * 8192 + 100};
  for (size_t m = 0; m < 3; m++) {
    for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
      CHECK_RC(sigv4kit_chunked_upload_new(modes[m][0], modes[m][1], lengths[l], 8192, &plan, ERR), SIGV4KIT_OK);
      for (size_t i = 0; i < lengths[l]; i++) data[i] = (unsigned char)(i * 7);
      body = chunked_put(signer, doc, plan, "examplebucket.s3.amazonaws.com", data, lengths[l], 3000, DOC_WHEN, &seed, sent,
                         &sent_n, &body_len);
      CHECK_RC(chunked_verify(doc, sent, sent_n, body, body_len, DOC_WHEN), SIGV4KIT_OK);
      if (lengths[l] > 0) {
        body[body_len / 2] ^= 0x40;
        sigv4kit_result rc = chunked_verify(doc, sent, sent_n, body, body_len, DOC_WHEN);
        CHECK(rc != SIGV4KIT_OK);
      }
      free(body);
      sigv4kit_signed_free(seed);
      sigv4kit_chunked_upload_free(plan);
    }
  }

  /* Bad plans and misuse, each refused by name. */
  CHECK_RC(sigv4kit_chunked_upload_new(SIGV4KIT_CHUNKED_SIGNED, SIGV4KIT_CHECKSUM_NONE, 1, 100, &plan, ERR), SIGV4KIT_INVALID_PAYLOAD);
  CHECK_RC(sigv4kit_chunked_upload_new(SIGV4KIT_CHUNKED_SIGNED_TRAILER, SIGV4KIT_CHECKSUM_NONE, 1, 8192, &plan, ERR),
           SIGV4KIT_INVALID_PAYLOAD);
  CHECK_RC(sigv4kit_chunked_upload_new(7, SIGV4KIT_CHECKSUM_NONE, 1, 8192, &plan, ERR), SIGV4KIT_INVALID_PAYLOAD);
  CHECK(field_is("mode"));
  CHECK_RC(sigv4kit_chunked_upload_new(SIGV4KIT_CHUNKED_SIGNED, 9, 1, 8192, &plan, ERR), SIGV4KIT_INVALID_PAYLOAD);
  CHECK(field_is("checksum"));
  CHECK_RC(sigv4kit_chunked_upload_new(SIGV4KIT_CHUNKED_SIGNED, SIGV4KIT_CHECKSUM_NONE, 3, 8192, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_chunked_upload_new(SIGV4KIT_CHUNKED_SIGNED, SIGV4KIT_CHECKSUM_NONE, 3, 8192, &plan, ERR), SIGV4KIT_OK);
  sigv4kit_chunked_encoder *enc = NULL;
  CHECK_RC(sigv4kit_chunked_begin(plan, NULL, NULL, &enc, ERR), SIGV4KIT_INVALID_PAYLOAD);
  CHECK_RC(sigv4kit_chunked_begin(plan, doc, NULL, &enc, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK(enc == NULL);
  sigv4kit_header h;
  CHECK_RC(sigv4kit_chunked_upload_header(plan, 99, &h), SIGV4KIT_INDEX_OUT_OF_RANGE);
  CHECK(sigv4kit_chunked_upload_encoded_length(NULL) == 0 && sigv4kit_chunked_upload_headers_len(NULL) == 0);
  CHECK(sigv4kit_chunked_upload_payload_value(NULL).len == 0);
  sigv4kit_chunked_upload_free(plan);
  CHECK_RC(sigv4kit_chunked_upload_new(SIGV4KIT_CHUNKED_UNSIGNED_TRAILER, SIGV4KIT_CHECKSUM_CRC32, 3, 8192, &plan, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_chunked_begin(plan, NULL, NULL, &enc, ERR), SIGV4KIT_OK);
  sigv4kit_str framed;
  CHECK_RC(sigv4kit_chunked_next(enc, (const unsigned char *)"abcd", 4, &framed, ERR), SIGV4KIT_INVALID_PAYLOAD);
  CHECK_RC(sigv4kit_chunked_next(enc, (const unsigned char *)"ab", 2, &framed, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_chunked_finish(enc, &framed, ERR), SIGV4KIT_INVALID_PAYLOAD);
  CHECK_RC(sigv4kit_chunked_next(enc, (const unsigned char *)"c", 1, &framed, ERR), SIGV4KIT_OK);
  CHECK_RC(sigv4kit_chunked_finish(enc, &framed, ERR), SIGV4KIT_OK);
  /* botocore's framing of the same body (CRC32 of "abc" is 0x352441c2). */
  CHECK(str_eq(framed, "3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n"));
  CHECK_RC(sigv4kit_chunked_next(NULL, NULL, 0, &framed, ERR), SIGV4KIT_NULL_PARAMETER);
  CHECK_RC(sigv4kit_chunked_finish(enc, NULL, ERR), SIGV4KIT_NULL_PARAMETER);
  sigv4kit_chunked_encoder_free(enc);
  sigv4kit_chunked_encoder_free(NULL);
  sigv4kit_chunked_upload_free(plan);
  sigv4kit_chunked_upload_free(NULL);
  free(data);
  sigv4kit_signer_free(signer);
  sigv4kit_credentials_free(doc);
}

int main(void) {
  test_version();
  test_result_codes();
  test_sign_get_vanilla();
  test_session_token();
  test_presign();
  test_sign_into();
  test_sigv4a();
  test_bulk_copy();
  test_body_and_hasher();
  test_options();
  test_null_arguments();
  test_bad_input();
  test_messages_and_buffers();
  test_expiring_credentials();
  test_threads();
  test_verify();
  test_chunked();
  test_credential_sources();
  test_chain();
  test_url();
  test_policy();
  test_explain_mismatch();
  sigv4kit_error_free(err);
  printf("c-api: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
