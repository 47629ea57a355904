/*
 * The C conformance runner: reads cases (one JSON object a line) on stdin and
 * writes one result line each on stdout, signing through the public header
 * only. The contract is CONFORMANCE.md at the repository root.
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "sigv4kit.h"

/* Why a case produced no signature: a code and a message for the error line. */
typedef struct {
  const char *code;
  char message[512];
} refusal;

static int bad_case(refusal *why, const char *message) {
  why->code = "invalid_case";
  snprintf(why->message, sizeof why->message, "%s", message);
  return -1;
}

/* The detail of the last failed call of this case, which `refused` takes
   over (one case runs at a time). */
static sigv4kit_error *last_error;

/* Turns a failed sigv4kit call into a refusal with the library's message:
   the error object's when the call made one, else the result's text. */
static int refused(refusal *why, sigv4kit_result rc) {
  size_t n = 0;
  sigv4kit_result copied;
  why->code = sigv4kit_result_code(rc);
  copied = last_error != NULL ? sigv4kit_error_message(last_error, why->message, sizeof why->message, &n)
                              : sigv4kit_result_message(rc, why->message, sizeof why->message, &n);
  if (copied != SIGV4KIT_OK) {
    snprintf(why->message, sizeof why->message, "%s", why->code);
  }
  sigv4kit_error_free(last_error);
  last_error = NULL;
  return -1;
}

static const char *string_field(const json_value *obj, const char *key, size_t *len) {
  const json_value *v = json_get(obj, key);
  if (v == NULL || v->type != JSON_STRING) {
    return NULL;
  }
  *len = v->str_len;
  return v->str;
}

/* A boolean option: 1/0, or -1 when it has another type. */
static int bool_field(const json_value *obj, const char *key, int fallback) {
  const json_value *v = json_get(obj, key);
  if (v == NULL || v->type == JSON_NULL) {
    return fallback;
  }
  return v->type == JSON_BOOL ? v->boolean : -1;
}

static int base64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

/* Decodes base64 (padding optional) into a new buffer; returns -1 if malformed. */
static int base64_decode(const char *text, size_t len, unsigned char **out, size_t *out_len) {
  unsigned char *buf = malloc(len / 4 * 3 + 3);
  unsigned long acc = 0;
  int bits = 0;
  size_t i, n = 0;
  if (buf == NULL) {
    return -1;
  }
  for (i = 0; i < len; i++) {
    int v;
    if (text[i] == '=') {
      continue;
    }
    v = base64_value((unsigned char)text[i]);
    if (v < 0) {
      free(buf);
      return -1;
    }
    acc = ((acc << 6) | (unsigned long)v) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      buf[n++] = (unsigned char)(acc >> bits);
    }
  }
  *out = buf;
  *out_len = n;
  return 0;
}

static void write_str(const sigv4kit_str s) { json_write_string(stdout, s.data, s.len); }

/* Prints the result object of a signed case (without the id). */
static void write_signed(const sigv4kit_signed *out, const sigv4kit_request *req) {
  size_t i, n = sigv4kit_signed_added_headers_len(out);
  sigv4kit_str target = sigv4kit_signed_presigned_target(out);
  int first = 1;
  fputs(",\"canonical_request\":", stdout);
  write_str(sigv4kit_signed_canonical_request(out));
  fputs(",\"string_to_sign\":", stdout);
  write_str(sigv4kit_signed_string_to_sign(out));
  fputs(",\"signature\":", stdout);
  write_str(sigv4kit_signed_signature(out));
  fputs(",\"signed_request\":{\"method\":", stdout);
  write_str(req->method);
  fputs(",\"target\":", stdout);
  write_str(sigv4kit_signed_location(out) == SIGV4KIT_LOCATION_QUERY ? target : req->target);
  fputs(",\"headers\":[", stdout);
  /* The request's own headers minus those signing replaced, then the added ones. */
  for (i = 0; i < req->headers_len; i++) {
    const sigv4kit_header *h = &req->headers[i];
    if (sigv4kit_signed_replaces_header(out, h->name.data, h->name.len)) {
      continue;
    }
    fputs(first ? "[" : ",[", stdout);
    first = 0;
    write_str(h->name);
    fputc(',', stdout);
    write_str(h->value);
    fputc(']', stdout);
  }
  for (i = 0; i < n; i++) {
    sigv4kit_header h;
    if (sigv4kit_signed_added_header(out, i, &h) != SIGV4KIT_OK) {
      continue;
    }
    fputs(first ? "[" : ",[", stdout);
    first = 0;
    write_str(h.name);
    fputc(',', stdout);
    write_str(h.value);
    fputc(']', stdout);
  }
  fputs("]}", stdout);
}

/* One header to print: a lower-cased name (owned) and a value view. */
typedef struct {
  char *name;
  sigv4kit_str value;
} wire_header;

static int wire_header_add(wire_header *list, size_t *n, sigv4kit_str name, sigv4kit_str value) {
  size_t i, j = *n;
  char *lower = malloc(name.len + 1);
  if (lower == NULL) return -1;
  for (i = 0; i < name.len; i++) lower[i] = (char)tolower((unsigned char)name.data[i]);
  lower[name.len] = '\0';
  /* Insertion by name, after equal names: stable, so repeated ones keep their order. */
  while (j > 0 && strcmp(list[j - 1].name, lower) > 0) {
    list[j] = list[j - 1];
    j--;
  }
  list[j].name = lower;
  list[j].value = value;
  (*n)++;
  return 0;
}

/* A `defaults` case: only what a user gives, through sigv4kit_url_parse,
   sigv4kit_wire_target, sigv4kit_signer_new (the service's defaults) and
   SIGV4KIT_PAYLOAD_DEFAULT; prints what goes on the wire. */
static int run_defaults(const json_value *c, refusal *why) {
  const json_value *creds = json_get(c, "credentials");
  const json_value *given = json_get(c, "headers");
  const json_value *v;
  const char *akid, *secret, *token = NULL, *region, *service, *stamp, *method, *url_text, *b64;
  size_t akid_len, secret_len, token_len = 0, region_len, service_len, stamp_len, method_len, url_len, b64_len;
  size_t i, n_given = given != NULL && given->type == JSON_ARRAY ? given->len : 0, n_wire = 0, target_len = 0;
  unsigned long long expires_in = sigv4kit_default_expires_in();
  int presign = bool_field(c, "presign", 0), status = -1;
  int64_t when = 0;
  unsigned char *body = NULL;
  size_t body_len = 0;
  char *target = NULL;
  sigv4kit_header *headers = NULL;
  wire_header *wire = NULL;
  sigv4kit_request req;
  sigv4kit_payload payload;
  sigv4kit_url *url = NULL;
  sigv4kit_credentials *credentials = NULL;
  sigv4kit_signer *signer = NULL;
  sigv4kit_signed *out = NULL;
  sigv4kit_result rc;
  sigv4kit_str host, sent;

  if (creds == NULL) return bad_case(why, "missing credentials");
  akid = string_field(creds, "access_key_id", &akid_len);
  secret = string_field(creds, "secret_access_key", &secret_len);
  if (akid == NULL || secret == NULL) return bad_case(why, "missing credentials.access_key_id or secret_access_key");
  v = json_get(creds, "session_token");
  if (v != NULL && v->type == JSON_STRING) {
    token = v->str;
    token_len = v->str_len;
  }
  region = string_field(c, "region", &region_len);
  service = string_field(c, "service", &service_len);
  stamp = string_field(c, "timestamp", &stamp_len);
  method = string_field(c, "method", &method_len);
  url_text = string_field(c, "url", &url_len);
  if (region == NULL || service == NULL || stamp == NULL || method == NULL || url_text == NULL) {
    return bad_case(why, "missing region, service, timestamp, method or url");
  }
  if (presign < 0) return bad_case(why, "presign must be a boolean");
  v = json_get(c, "expires_in");
  if (v != NULL && v->type == JSON_NUMBER && v->number >= 0 && v->number < 1e15) expires_in = (unsigned long long)v->number;
  b64 = string_field(c, "body_base64", &b64_len);
  if (b64 != NULL && base64_decode(b64, b64_len, &body, &body_len) != 0) return bad_case(why, "body_base64 is not base64");
  headers = calloc(n_given + 1, sizeof *headers);
  wire = calloc(n_given + 8, sizeof *wire);
  if (headers == NULL || wire == NULL) {
    bad_case(why, "out of memory");
    goto done;
  }

  rc = sigv4kit_url_parse(url_text, url_len, &url, &last_error);
  if (rc == SIGV4KIT_OK) {
    /* The wire form of the target: at most three times as long. */
    sigv4kit_str raw = sigv4kit_url_target(url);
    target = malloc(3 * raw.len + 1);
    rc = target == NULL ? SIGV4KIT_PANIC : sigv4kit_wire_target(raw.data, raw.len, target, 3 * raw.len + 1, &target_len);
  }
  if (rc == SIGV4KIT_OK) rc = sigv4kit_time_parse_rfc3339(stamp, stamp_len, &when, &last_error);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_credentials_new(akid, akid_len, secret, secret_len, token, token_len, -1, &credentials, &last_error);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_signer_new(region, region_len, service, service_len, &signer, &last_error);
  if (rc != SIGV4KIT_OK) {
    refused(why, rc);
    goto done;
  }
  host = sigv4kit_url_host_header(url);
  headers[0].name.data = "Host";
  headers[0].name.len = 4;
  headers[0].value = host;
  for (i = 0; i < n_given; i++) {
    const json_value *pair = &given->items[i];
    if (pair->type != JSON_ARRAY || pair->len != 2 || pair->items[0].type != JSON_STRING ||
        pair->items[1].type != JSON_STRING) {
      bad_case(why, "each header must be a [name, value] pair of strings");
      goto done;
    }
    headers[i + 1].name.data = pair->items[0].str;
    headers[i + 1].name.len = pair->items[0].str_len;
    headers[i + 1].value.data = pair->items[1].str;
    headers[i + 1].value.len = pair->items[1].str_len;
  }
  req.method.data = method;
  req.method.len = method_len;
  req.target.data = target;
  req.target.len = target_len;
  req.headers = headers;
  req.headers_len = n_given + 1;
  payload.kind = SIGV4KIT_PAYLOAD_DEFAULT;
  payload.data = body;
  payload.len = body_len;
  rc = presign ? sigv4kit_presign(signer, credentials, &req, &payload, when, expires_in, &out, &last_error)
               : sigv4kit_sign(signer, credentials, &req, &payload, when, &out, &last_error);
  if (rc != SIGV4KIT_OK) {
    refused(why, rc);
    goto done;
  }
  for (i = 0; i < req.headers_len; i++) {
    if (!sigv4kit_signed_replaces_header(out, headers[i].name.data, headers[i].name.len) &&
        wire_header_add(wire, &n_wire, headers[i].name, headers[i].value) != 0) {
      bad_case(why, "out of memory");
      goto done;
    }
  }
  for (i = 0; i < sigv4kit_signed_added_headers_len(out); i++) {
    sigv4kit_header h;
    if (sigv4kit_signed_added_header(out, i, &h) == SIGV4KIT_OK && wire_header_add(wire, &n_wire, h.name, h.value) != 0) {
      bad_case(why, "out of memory");
      goto done;
    }
  }
  sent = sigv4kit_signed_presigned_target(out);
  if (sent.len == 0) {
    sent.data = target;
    sent.len = target_len;
  }
  fputs(",\"method\":", stdout);
  json_write_string(stdout, method, method_len);
  {
    sigv4kit_str scheme = sigv4kit_url_scheme(url);
    size_t full_len = scheme.len + 3 + host.len + sent.len;
    char *full = malloc(full_len);
    if (full == NULL) {
      bad_case(why, "out of memory");
      goto done;
    }
    memcpy(full, scheme.data, scheme.len);
    memcpy(full + scheme.len, "://", 3);
    memcpy(full + scheme.len + 3, host.data, host.len);
    memcpy(full + scheme.len + 3 + host.len, sent.data, sent.len);
    fputs(",\"url\":", stdout);
    json_write_string(stdout, full, full_len);
    free(full);
  }
  fputs(",\"headers\":[", stdout);
  for (i = 0; i < n_wire; i++) {
    fputs(i == 0 ? "[" : ",[", stdout);
    json_write_string(stdout, wire[i].name, strlen(wire[i].name));
    fputc(',', stdout);
    write_str(wire[i].value);
    fputc(']', stdout);
  }
  fputc(']', stdout);
  status = 0;

done:
  for (i = 0; wire != NULL && i < n_wire; i++) free(wire[i].name);
  free(wire);
  free(headers);
  free(target);
  free(body);
  sigv4kit_signed_free(out);
  sigv4kit_signer_free(signer);
  sigv4kit_credentials_free(credentials);
  sigv4kit_url_free(url);
  return status;
}

static void write_base64(const unsigned char *data, size_t len) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i;
  fputc('"', stdout);
  for (i = 0; i < len; i += 3) {
    unsigned long n = (unsigned long)data[i] << 16;
    if (i + 1 < len) n |= (unsigned long)data[i + 1] << 8;
    if (i + 2 < len) n |= data[i + 2];
    fputc(alphabet[(n >> 18) & 63], stdout);
    fputc(alphabet[(n >> 12) & 63], stdout);
    fputc(i + 1 < len ? alphabet[(n >> 6) & 63] : '=', stdout);
    fputc(i + 2 < len ? alphabet[n & 63] : '=', stdout);
  }
  fputc('"', stdout);
}

/* The value of a chunked case's name: the header's constant, or a value no
   constant has (which the library refuses itself). */
static uint32_t chunked_name(const json_value *v, const char *const *names, size_t n, uint32_t none) {
  size_t i;
  if (v == NULL || v->type == JSON_NULL) return none;
  if (v->type != JSON_STRING) return 0xffffffffu;
  for (i = 0; i < n; i++) {
    if (strlen(names[i]) == v->str_len && memcmp(names[i], v->str, v->str_len) == 0) return (uint32_t)i;
  }
  return 0xffffffffu;
}

/* A `chunked` case: sigv4kit_signer_new (the service's defaults), the
   plan's headers, sigv4kit_sign with its payload value, then
   sigv4kit_chunked_begin/_next (10000-byte pieces)/_finish; prints the head
   as sent and the framed body. */
static int run_chunked(const json_value *c, refusal *why) {
  static const char *const modes[] = {"signed", "signed-trailer", "unsigned-trailer"};
  static const char *const checksums[] = {"", "crc32", "crc32c", "sha256"};
  const json_value *creds = json_get(c, "credentials");
  const json_value *spec = json_get(c, "chunked");
  const json_value *request = json_get(c, "request");
  const json_value *given, *v;
  const char *akid, *secret, *token = NULL, *region, *service, *stamp, *method, *target, *b64;
  size_t akid_len, secret_len, token_len = 0, region_len, service_len, stamp_len, method_len, target_len, b64_len = 0;
  size_t i, n_given, n_plan, n = 0, body_len = 0, framed_len = 0, framed_cap = 0, chunk_size = 0;
  int status = -1;
  int64_t when = 0;
  uint32_t mode, checksum;
  unsigned char *body = NULL, *framed = NULL;
  sigv4kit_header *headers = NULL;
  sigv4kit_request req;
  sigv4kit_payload payload;
  sigv4kit_credentials *credentials = NULL;
  sigv4kit_signer *signer = NULL;
  sigv4kit_signed *out = NULL;
  sigv4kit_chunked_upload *plan = NULL;
  sigv4kit_chunked_encoder *enc = NULL;
  sigv4kit_result rc;
  sigv4kit_str piece, value;

  if (creds == NULL || spec == NULL || request == NULL) return bad_case(why, "missing credentials, chunked or request");
  akid = string_field(creds, "access_key_id", &akid_len);
  secret = string_field(creds, "secret_access_key", &secret_len);
  if (akid == NULL || secret == NULL) return bad_case(why, "missing credentials.access_key_id or secret_access_key");
  v = json_get(creds, "session_token");
  if (v != NULL && v->type == JSON_STRING) {
    token = v->str;
    token_len = v->str_len;
  }
  region = string_field(c, "region", &region_len);
  service = string_field(c, "service", &service_len);
  stamp = string_field(c, "timestamp", &stamp_len);
  method = string_field(request, "method", &method_len);
  target = string_field(request, "target", &target_len);
  if (region == NULL || service == NULL || stamp == NULL || method == NULL || target == NULL) {
    return bad_case(why, "missing region, service, timestamp, request.method or request.target");
  }
  mode = chunked_name(json_get(spec, "mode"), modes, 3, 0xffffffffu);
  checksum = chunked_name(json_get(spec, "checksum"), checksums, 4, SIGV4KIT_CHECKSUM_NONE);
  v = json_get(spec, "chunk_size");
  if (v == NULL || v->type != JSON_NUMBER || v->number < 0 || v->number > 1e12) return bad_case(why, "chunked.chunk_size must be a number");
  chunk_size = (size_t)v->number;
  b64 = string_field(request, "body_base64", &b64_len);
  if (b64 != NULL && base64_decode(b64, b64_len, &body, &body_len) != 0) return bad_case(why, "request.body_base64 is not base64");
  given = json_get(request, "headers");
  n_given = given != NULL && given->type == JSON_ARRAY ? given->len : 0;

  rc = sigv4kit_chunked_upload_new(mode, checksum, body_len, chunk_size, &plan, &last_error);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_time_parse_rfc3339(stamp, stamp_len, &when, &last_error);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_credentials_new(akid, akid_len, secret, secret_len, token, token_len, -1, &credentials, &last_error);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_signer_new(region, region_len, service, service_len, &signer, &last_error);
  if (rc != SIGV4KIT_OK) {
    refused(why, rc);
    goto done;
  }
  n_plan = sigv4kit_chunked_upload_headers_len(plan);
  headers = calloc(n_given + n_plan + 1, sizeof *headers);
  if (headers == NULL) {
    bad_case(why, "out of memory");
    goto done;
  }
  /* The case's headers but those the plan sets, then the plan's. */
  for (i = 0; i < n_given; i++) {
    const json_value *pair = &given->items[i];
    size_t k;
    int planned = 0;
    if (pair->type != JSON_ARRAY || pair->len != 2 || pair->items[0].type != JSON_STRING ||
        pair->items[1].type != JSON_STRING) {
      bad_case(why, "each header must be a [name, value] pair of strings");
      goto done;
    }
    for (k = 0; k < n_plan; k++) {
      sigv4kit_header h;
      if (sigv4kit_chunked_upload_header(plan, k, &h) == SIGV4KIT_OK && h.name.len == pair->items[0].str_len &&
          strncasecmp(h.name.data, pair->items[0].str, h.name.len) == 0) {
        planned = 1;
      }
    }
    if (planned) continue;
    headers[n].name.data = pair->items[0].str;
    headers[n].name.len = pair->items[0].str_len;
    headers[n].value.data = pair->items[1].str;
    headers[n].value.len = pair->items[1].str_len;
    n++;
  }
  for (i = 0; i < n_plan; i++) sigv4kit_chunked_upload_header(plan, i, &headers[n++]);
  req.method.data = method;
  req.method.len = method_len;
  req.target.data = target;
  req.target.len = target_len;
  req.headers = headers;
  req.headers_len = n;
  value = sigv4kit_chunked_upload_payload_value(plan);
  payload.kind = SIGV4KIT_PAYLOAD_PRECOMPUTED;
  payload.data = (const uint8_t *)value.data;
  payload.len = value.len;
  rc = sigv4kit_sign(signer, credentials, &req, &payload, when, &out, &last_error);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_chunked_begin(plan, credentials, out, &enc, &last_error);
  framed_cap = (size_t)sigv4kit_chunked_upload_encoded_length(plan) + 1;
  framed = malloc(framed_cap);
  if (framed == NULL) {
    bad_case(why, "out of memory");
    goto done;
  }
  for (i = 0; rc == SIGV4KIT_OK && i < body_len; i += 10000) {
    rc = sigv4kit_chunked_next(enc, body + i, body_len - i < 10000 ? body_len - i : 10000, &piece, &last_error);
    if (rc == SIGV4KIT_OK && framed_len + piece.len <= framed_cap) {
      if (piece.len) memcpy(framed + framed_len, piece.data, piece.len);
      framed_len += piece.len;
    }
  }
  if (rc == SIGV4KIT_OK) rc = sigv4kit_chunked_finish(enc, &piece, &last_error);
  if (rc != SIGV4KIT_OK) {
    refused(why, rc);
    goto done;
  }
  if (framed_len + piece.len > framed_cap) {
    bad_case(why, "the framed body is longer than the plan's encoded length");
    goto done;
  }
  if (piece.len) memcpy(framed + framed_len, piece.data, piece.len);
  framed_len += piece.len;
  fputs(",\"signed_request\":{\"method\":", stdout);
  json_write_string(stdout, method, method_len);
  fputs(",\"target\":", stdout);
  json_write_string(stdout, target, target_len);
  fputs(",\"headers\":[", stdout);
  {
    int first = 1;
    for (i = 0; i < n; i++) {
      if (sigv4kit_signed_replaces_header(out, headers[i].name.data, headers[i].name.len)) continue;
      fputs(first ? "[" : ",[", stdout);
      first = 0;
      write_str(headers[i].name);
      fputc(',', stdout);
      write_str(headers[i].value);
      fputc(']', stdout);
    }
    for (i = 0; i < sigv4kit_signed_added_headers_len(out); i++) {
      sigv4kit_header h;
      if (sigv4kit_signed_added_header(out, i, &h) != SIGV4KIT_OK) continue;
      fputs(first ? "[" : ",[", stdout);
      first = 0;
      write_str(h.name);
      fputc(',', stdout);
      write_str(h.value);
      fputc(']', stdout);
    }
  }
  fputs("]},\"body_base64\":", stdout);
  write_base64(framed, framed_len);
  status = 0;

done:
  sigv4kit_chunked_encoder_free(enc);
  sigv4kit_chunked_upload_free(plan);
  sigv4kit_signed_free(out);
  sigv4kit_signer_free(signer);
  sigv4kit_credentials_free(credentials);
  free(headers);
  free(body);
  free(framed);
  return status;
}

/* Signs one case and prints its result fields; returns -1 with *why filled on refusal. */
static int run_case(const json_value *c, refusal *why) {
  const json_value *creds = json_get(c, "credentials");
  const json_value *request = json_get(c, "request");
  const json_value *payload_spec = json_get(c, "payload");
  const json_value *v;
  const char *akid, *secret, *token = NULL, *region, *service, *stamp, *method, *target;
  const char *algorithm = "AWS4-HMAC-SHA256", *location = "headers", *mode = "hash";
  size_t akid_len, secret_len, token_len = 0, region_len, service_len, stamp_len, method_len, target_len, n;
  int normalize, double_encode, sha_header, omit_token, status = -1;
  unsigned long long expires_in = 3600;
  sigv4kit_algorithm algorithm_value = SIGV4KIT_ALGORITHM_SIGV4;
  int64_t when = 0;
  unsigned char *body = NULL;
  size_t body_len = 0, i;
  sigv4kit_header *headers = NULL;
  sigv4kit_request req;
  sigv4kit_payload payload;
  sigv4kit_credentials *credentials = NULL;
  sigv4kit_settings *settings = NULL;
  sigv4kit_signer *signer = NULL;
  sigv4kit_signed *out = NULL;
  sigv4kit_result rc;

  if ((v = json_get(c, "algorithm")) != NULL && v->type == JSON_STRING) algorithm = v->str;
  if (strcmp(algorithm, "AWS4-HMAC-SHA256") == 0) {
    algorithm_value = SIGV4KIT_ALGORITHM_SIGV4;
  } else if (strcmp(algorithm, "AWS4-ECDSA-P256-SHA256") == 0) {
    algorithm_value = SIGV4KIT_ALGORITHM_SIGV4A;
  } else {
    return bad_case(why, "unsupported algorithm: AWS4-HMAC-SHA256 or AWS4-ECDSA-P256-SHA256");
  }
  if ((v = json_get(c, "signature_location")) != NULL && v->type == JSON_STRING) location = v->str;
  if (creds == NULL) return bad_case(why, "missing credentials");
  if ((akid = string_field(creds, "access_key_id", &akid_len)) == NULL) {
    return bad_case(why, "missing credentials.access_key_id");
  }
  if ((secret = string_field(creds, "secret_access_key", &secret_len)) == NULL) {
    return bad_case(why, "missing credentials.secret_access_key");
  }
  v = json_get(creds, "session_token");
  if (v != NULL && v->type == JSON_STRING) {
    token = v->str;
    token_len = v->str_len;
  } else if (v != NULL && v->type != JSON_NULL) {
    return bad_case(why, "session_token must be a string or null");
  }
  if ((region = string_field(c, "region", &region_len)) == NULL) return bad_case(why, "missing region");
  if ((service = string_field(c, "service", &service_len)) == NULL) return bad_case(why, "missing service");
  normalize = bool_field(c, "normalize_path", 1);
  double_encode = bool_field(c, "double_encode_path", 1);
  sha_header = bool_field(c, "content_sha256_header", 0);
  omit_token = bool_field(c, "omit_session_token", 0);
  if (normalize < 0 || double_encode < 0 || sha_header < 0 || omit_token < 0) {
    return bad_case(why, "a boolean option has another type");
  }
  if ((stamp = string_field(c, "timestamp", &stamp_len)) == NULL) return bad_case(why, "missing timestamp");
  v = json_get(c, "expires_in");
  if (v != NULL && v->type != JSON_NULL) {
    if (v->type != JSON_NUMBER || v->number < 0 || v->number > 1e15 ||
        v->number != (double)(unsigned long long)v->number) {
      why->code = "invalid_expiry";
      snprintf(why->message, sizeof why->message, "invalid expires_in: must be a whole number of seconds");
      return -1;
    }
    expires_in = (unsigned long long)v->number;
  }
  if (request == NULL) return bad_case(why, "missing request");
  if ((method = string_field(request, "method", &method_len)) == NULL) return bad_case(why, "missing request.method");
  if ((target = string_field(request, "target", &target_len)) == NULL) return bad_case(why, "missing request.target");
  if (payload_spec != NULL && (v = json_get(payload_spec, "mode")) != NULL && v->type == JSON_STRING) mode = v->str;

  /* Everything below goes through the C API; `goto done` frees what was made. */
  v = json_get(request, "headers");
  n = v != NULL && v->type == JSON_ARRAY ? v->len : 0;
  if (v != NULL && v->type != JSON_ARRAY && v->type != JSON_NULL) {
    return bad_case(why, "request.headers must be a list of pairs");
  }
  headers = calloc(n ? n : 1, sizeof *headers);
  if (headers == NULL) return bad_case(why, "out of memory");
  for (i = 0; i < n; i++) {
    const json_value *pair = &v->items[i];
    if (pair->type != JSON_ARRAY || pair->len != 2 || pair->items[0].type != JSON_STRING ||
        pair->items[1].type != JSON_STRING) {
      bad_case(why, "each header must be a [name, value] pair of strings");
      goto done;
    }
    headers[i].name.data = pair->items[0].str;
    headers[i].name.len = pair->items[0].str_len;
    headers[i].value.data = pair->items[1].str;
    headers[i].value.len = pair->items[1].str_len;
  }
  v = json_get(request, "body_base64");
  if (v != NULL && v->type == JSON_STRING) {
    if (base64_decode(v->str, v->str_len, &body, &body_len) != 0) {
      bad_case(why, "request.body_base64 is not base64");
      goto done;
    }
  } else if (v != NULL && v->type != JSON_NULL) {
    bad_case(why, "request.body_base64 must be a string");
    goto done;
  }
  payload.data = body;
  payload.len = body_len;
  if (strcmp(mode, "hash") == 0) {
    payload.kind = SIGV4KIT_PAYLOAD_BYTES;
  } else if (strcmp(mode, "unsigned") == 0) {
    payload.kind = SIGV4KIT_PAYLOAD_UNSIGNED;
  } else if (strcmp(mode, "precomputed") == 0) {
    size_t value_len;
    const char *value = string_field(payload_spec, "value", &value_len);
    if (value == NULL) {
      bad_case(why, "payload.value is required for precomputed");
      goto done;
    }
    payload.kind = SIGV4KIT_PAYLOAD_PRECOMPUTED;
    payload.data = (const uint8_t *)value;
    payload.len = value_len;
  } else {
    bad_case(why, "payload.mode must be hash, unsigned or precomputed");
    goto done;
  }

  rc = sigv4kit_credentials_new(akid, akid_len, secret, secret_len, token, token_len, -1, &credentials, &last_error);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_settings_new(region, region_len, service, service_len, &settings, &last_error);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_settings_set_normalize_path(settings, normalize != 0);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_settings_set_double_encode_path(settings, double_encode != 0);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_settings_set_content_sha256_header(settings, sha_header != 0);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_settings_set_omit_session_token(settings, omit_token != 0);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_settings_set_algorithm(settings, algorithm_value);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_time_parse_rfc3339(stamp, stamp_len, &when, &last_error);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_signer_new_with_settings(settings, &signer, &last_error);
  if (rc != SIGV4KIT_OK) {
    refused(why, rc);
    goto done;
  }
  req.method.data = method;
  req.method.len = method_len;
  req.target.data = target;
  req.target.len = target_len;
  req.headers = headers;
  req.headers_len = n;
  if (strcmp(location, "headers") == 0) {
    rc = sigv4kit_sign(signer, credentials, &req, &payload, when, &out, &last_error);
  } else if (strcmp(location, "query") == 0) {
    rc = sigv4kit_presign(signer, credentials, &req, &payload, when, expires_in, &out, &last_error);
  } else {
    bad_case(why, "signature_location must be headers or query");
    goto done;
  }
  if (rc != SIGV4KIT_OK) {
    refused(why, rc);
    goto done;
  }
  write_signed(out, &req);
  status = 0;

done:
  sigv4kit_signed_free(out);
  sigv4kit_signer_free(signer);
  sigv4kit_settings_free(settings);
  sigv4kit_credentials_free(credentials);
  free(headers);
  free(body);
  return status;
}

/* Optional text of the verify settings: NULL (any) when absent or null. */
static const char *optional_string(const json_value *obj, const char *key, size_t *len) {
  const json_value *v = json_get(obj, key);
  *len = 0;
  return v != NULL && v->type == JSON_STRING ? (*len = v->str_len, v->str) : NULL;
}

/* The `verify` operation: parse the presented signature, look its key up in
 * `keys`, verify with the case's settings, print who signed it. */
static int verify_case(const json_value *c, refusal *why) {
  const json_value *request = json_get(c, "request");
  const json_value *keys = json_get(c, "keys");
  const json_value *opts = json_get(c, "verify");
  const json_value *key = NULL, *v;
  const char *method, *target, *stamp, *region, *service;
  size_t method_len, target_len, stamp_len, region_len, service_len, n, i, body_len = 0;
  unsigned char *body = NULL;
  sigv4kit_header *headers = NULL;
  sigv4kit_request req;
  sigv4kit_payload payload;
  sigv4kit_presented *presented = NULL;
  sigv4kit_credentials *credentials = NULL;
  sigv4kit_verify_settings *settings = NULL;
  sigv4kit_verified *verified = NULL;
  sigv4kit_str akid;
  int64_t now = 0, expiration = -1;
  int double_encode, normalize, status = -1;
  uint32_t unsigned_policy = SIGV4KIT_UNSIGNED_PAYLOAD_AWS_DEFAULT;
  sigv4kit_result rc;

  if (request == NULL || request->type != JSON_OBJECT) return bad_case(why, "missing request");
  if ((method = string_field(request, "method", &method_len)) == NULL) return bad_case(why, "missing request.method");
  if ((target = string_field(request, "target", &target_len)) == NULL) return bad_case(why, "missing request.target");
  if ((stamp = string_field(c, "now", &stamp_len)) == NULL) return bad_case(why, "missing now");
  if (keys == NULL || keys->type != JSON_ARRAY) return bad_case(why, "keys must be a list");
  double_encode = bool_field(opts, "double_encode_path", 1);
  normalize = bool_field(opts, "normalize_path", 1);
  if (double_encode < 0 || normalize < 0) return bad_case(why, "a boolean option has another type");
  v = json_get(opts, "allow_unsigned_payload");
  if (v != NULL && v->type == JSON_BOOL) {
    unsigned_policy = v->boolean ? SIGV4KIT_UNSIGNED_PAYLOAD_ALLOW : SIGV4KIT_UNSIGNED_PAYLOAD_REFUSE;
  } else if (v != NULL && v->type != JSON_NULL) {
    return bad_case(why, "allow_unsigned_payload must be a boolean or null");
  }
  region = optional_string(opts, "region", &region_len);
  service = optional_string(opts, "service", &service_len);

  v = json_get(request, "headers");
  n = v != NULL && v->type == JSON_ARRAY ? v->len : 0;
  headers = calloc(n ? n : 1, sizeof *headers);
  if (headers == NULL) return bad_case(why, "out of memory");
  for (i = 0; i < n; i++) {
    const json_value *pair = &v->items[i];
    if (pair->type != JSON_ARRAY || pair->len != 2 || pair->items[0].type != JSON_STRING ||
        pair->items[1].type != JSON_STRING) {
      bad_case(why, "each header must be a [name, value] pair of strings");
      goto done;
    }
    headers[i].name.data = pair->items[0].str;
    headers[i].name.len = pair->items[0].str_len;
    headers[i].value.data = pair->items[1].str;
    headers[i].value.len = pair->items[1].str_len;
  }
  v = json_get(request, "body_base64");
  if (v != NULL && v->type == JSON_STRING && base64_decode(v->str, v->str_len, &body, &body_len) != 0) {
    bad_case(why, "request.body_base64 is not base64");
    goto done;
  }
  req.method.data = method;
  req.method.len = method_len;
  req.target.data = target;
  req.target.len = target_len;
  req.headers = headers;
  req.headers_len = n;
  payload.kind = SIGV4KIT_PAYLOAD_BYTES;
  payload.data = body;
  payload.len = body_len;

  if (sigv4kit_time_parse_rfc3339(stamp, stamp_len, &now, NULL) != SIGV4KIT_OK) {
    bad_case(why, "now must be an RFC 3339 UTC time");
    goto done;
  }
  rc = sigv4kit_presented_parse(&req, &presented, &last_error);
  if (rc != SIGV4KIT_OK) {
    refused(why, rc);
    goto done;
  }
  akid = sigv4kit_presented_access_key_id(presented);
  for (i = 0; i < keys->len; i++) {
    size_t len;
    const char *id = string_field(&keys->items[i], "access_key_id", &len);
    if (id != NULL && len == akid.len && memcmp(id, akid.data, len) == 0) {
      key = &keys->items[i];
      break;
    }
  }
  if (key == NULL) {
    /* The lookup step is the server's: it reports the core's code for it. */
    why->code = sigv4kit_result_code(SIGV4KIT_UNKNOWN_ACCESS_KEY);
    snprintf(why->message, sizeof why->message, "the access key id is not known to this server");
    goto done;
  }
  {
    size_t secret_len, token_len = 0, exp_len;
    const char *secret = string_field(key, "secret_access_key", &secret_len);
    const char *token = string_field(key, "session_token", &token_len);
    const char *exp = string_field(key, "expiration", &exp_len);
    if (secret == NULL) {
      bad_case(why, "missing keys[].secret_access_key");
      goto done;
    }
    if (exp != NULL && sigv4kit_time_parse_rfc3339(exp, exp_len, &expiration, NULL) != SIGV4KIT_OK) {
      bad_case(why, "keys[].expiration must be an RFC 3339 UTC time");
      goto done;
    }
    rc = sigv4kit_credentials_new(akid.data, akid.len, secret, secret_len, token, token_len, expiration, &credentials, &last_error);
  }
  if (rc == SIGV4KIT_OK) rc = sigv4kit_verify_settings_new(&settings);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_verify_settings_set_double_encode_path(settings, double_encode != 0);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_verify_settings_set_normalize_path(settings, normalize != 0);
  if (rc == SIGV4KIT_OK && (v = json_get(opts, "max_clock_skew")) != NULL && v->type == JSON_NUMBER) {
    rc = sigv4kit_verify_settings_set_max_clock_skew(settings, (int64_t)v->number);
  }
  if (rc == SIGV4KIT_OK) rc = sigv4kit_verify_settings_set_region(settings, region, region_len);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_verify_settings_set_service(settings, service, service_len);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_verify_settings_set_unsigned_payload(settings, unsigned_policy);
  if (rc == SIGV4KIT_OK) rc = sigv4kit_presented_verify(presented, &req, &payload, credentials, now, settings, &verified, NULL, &last_error);
  if (rc != SIGV4KIT_OK) {
    refused(why, rc);
    goto done;
  }
  fputs(",\"verified\":{\"access_key_id\":", stdout);
  write_str(sigv4kit_verified_access_key_id(verified));
  fputs(",\"region\":", stdout);
  write_str(sigv4kit_verified_region(verified));
  fputs(",\"service\":", stdout);
  write_str(sigv4kit_verified_service(verified));
  fputs(sigv4kit_verified_location(verified) == SIGV4KIT_LOCATION_QUERY ? ",\"location\":\"query\"}"
                                                                         : ",\"location\":\"headers\"}",
        stdout);
  status = 0;

done:
  sigv4kit_verified_free(verified);
  sigv4kit_verify_settings_free(settings);
  sigv4kit_credentials_free(credentials);
  sigv4kit_presented_free(presented);
  free(headers);
  free(body);
  return status;
}

/* A view that may be absent (`data` NULL): JSON null then. */
static void write_optional(const sigv4kit_str s) {
  if (s.data == NULL) {
    fputs("null", stdout);
  } else {
    write_str(s);
  }
}

/* The diagnose operation: sigv4kit_explain_mismatch and its accessors. */
static int diagnose_case(const json_value *c, refusal *why) {
  size_t creq_len = 0, sts_len = 0, body_len = 0;
  const char *creq = string_field(c, "canonical_request", &creq_len);
  const char *sts = string_field(c, "string_to_sign", &sts_len);
  const char *body = string_field(c, "body", &body_len);
  sigv4kit_diagnosis *d = NULL;
  sigv4kit_result rc;
  uint32_t line;
  if (creq == NULL || sts == NULL || body == NULL) {
    return bad_case(why, "canonical_request, string_to_sign and body must be strings");
  }
  rc = sigv4kit_explain_mismatch(creq, creq_len, sts, sts_len, body, body_len, &d, &last_error);
  if (rc != SIGV4KIT_OK) return refused(why, rc);
  line = sigv4kit_diagnosis_line(d);
  fputs(",\"diagnosis\":{\"finding\":", stdout);
  write_str(sigv4kit_diagnosis_finding(d));
  fputs(",\"part\":", stdout);
  write_str(sigv4kit_diagnosis_part(d));
  if (line == 0) {
    fputs(",\"line\":null", stdout);
  } else {
    printf(",\"line\":%u", (unsigned)line);
  }
  fputs(",\"expected\":", stdout);
  write_optional(sigv4kit_diagnosis_expected(d));
  fputs(",\"signed\":", stdout);
  write_optional(sigv4kit_diagnosis_signed(d));
  fputs(",\"error_code\":", stdout);
  write_optional(sigv4kit_diagnosis_error_code(d));
  fputs(",\"cause\":", stdout);
  write_str(sigv4kit_diagnosis_cause(d));
  fputs(",\"hint\":", stdout);
  write_str(sigv4kit_diagnosis_hint(d));
  fputs(",\"text\":", stdout);
  write_str(sigv4kit_diagnosis_text(d));
  fputs("}", stdout);
  sigv4kit_diagnosis_free(d);
  return 0;
}

static void run_line(const char *line, size_t len) {
  json_value c;
  refusal why;
  const json_value *id;
  if (json_parse(line, len, &c) != 0 || c.type != JSON_OBJECT) {
    if (c.type != JSON_OBJECT) json_free(&c);
    fputs("{\"id\":null,\"error\":{\"code\":\"invalid_case\",\"message\":\"the line is not a JSON object\"}}\n", stdout);
    return;
  }
  id = json_get(&c, "id");
  fputs("{\"id\":", stdout);
  if (id == NULL) {
    fputs("null", stdout);
    bad_case(&why, "missing id");
  } else {
    json_write_value(stdout, id);
  }
  {
    const json_value *op = json_get(&c, "op");
    const char *name = op != NULL && op->type == JSON_STRING ? op->str : "";
    int failed = 1;
    if (id != NULL) {
      failed = strcmp(name, "verify") == 0     ? verify_case(&c, &why)
               : strcmp(name, "defaults") == 0 ? run_defaults(&c, &why)
               : strcmp(name, "diagnose") == 0 ? diagnose_case(&c, &why)
               : strcmp(name, "chunked") == 0  ? run_chunked(&c, &why)
                                               : run_case(&c, &why);
    }
    if (failed == 0) {
      fputs("}\n", stdout);
    } else {
      fputs(",\"error\":{\"code\":", stdout);
      json_write_string(stdout, why.code, strlen(why.code));
      fputs(",\"message\":", stdout);
      json_write_string(stdout, why.message, strlen(why.message));
      fputs("}}\n", stdout);
    }
  }
  json_free(&c);
  sigv4kit_error_free(last_error); /* a failure that was not reported */
  last_error = NULL;
}

int main(void) {
  size_t cap = 0;
  char *line = NULL;
  ssize_t got;
  while ((got = getline(&line, &cap, stdin)) >= 0) {
    size_t len = (size_t)got;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
    if (len == 0) continue;
    run_line(line, len);
    if (fflush(stdout) != 0) break;
  }
  free(line);
  return 0;
}
