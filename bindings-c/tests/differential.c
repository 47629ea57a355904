/*
 * The C API against botocore: signs every request of the file that
 * bindings-c/tests/botocore_cases.py wrote (botocore's SigV4Auth,
 * S3SigV4Auth and SigV4QueryAuth results on generated requests) and
 * compares what the C API adds, read through sigv4kit_signed_copy, with
 * what botocore added, byte for byte. The expected values come only from
 * botocore. Prints "c-differential: N passed, N failed" (a failure names
 * the case and the part that differs, never a credential).
 *
 * usage: differential CASES.jsonl
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "sigv4kit.h"

static int passed, failed;

static const char *text(const json_value *obj, const char *key, size_t *len) {
  const json_value *v = json_get(obj, key);
  if (v == NULL || v->type != JSON_STRING) return NULL;
  *len = v->str_len;
  return v->str;
}

static int base64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/* Decodes standard base64 into buf (at least len / 4 * 3 bytes). */
static size_t base64_decode(const char *in, size_t len, unsigned char *buf) {
  unsigned long acc = 0;
  int bits = 0;
  size_t i, n = 0;
  for (i = 0; i < len; i++) {
    int v = base64_value((unsigned char)in[i]);
    if (v < 0) continue; /* padding */
    acc = ((acc << 6) | (unsigned long)v) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      buf[n++] = (unsigned char)(acc >> bits);
    }
  }
  return n;
}

static int same(const char *a, size_t a_len, const char *b, size_t b_len) {
  return a_len == b_len && (a_len == 0 || memcmp(a, b, a_len) == 0);
}

static void differs(const char *id, const char *what) {
  failed++;
  if (failed <= 10) fprintf(stderr, "%s: %s differs from botocore's\n", id, what);
}

/* Signs one case and compares; returns 0 when it ran (pass or fail). */
static int run(const json_value *c) {
  size_t id_len, kind_len, method_len, url_len, region_len, service_len, akid_len, secret_len, token_len = 0,
                                                                                              b64_len;
  const char *id = text(c, "id", &id_len), *kind = text(c, "kind", &kind_len);
  const char *method = text(c, "method", &method_len), *url_text = text(c, "url", &url_len);
  const char *region = text(c, "region", &region_len), *service = text(c, "service", &service_len);
  const char *akid = text(c, "access_key_id", &akid_len), *secret = text(c, "secret_access_key", &secret_len);
  const char *token = text(c, "session_token", &token_len), *b64 = text(c, "body_base64", &b64_len);
  const json_value *given = json_get(c, "headers"), *expected = json_get(c, "expected");
  const json_value *time = json_get(c, "time"), *expires = json_get(c, "expires_in");
  sigv4kit_signer *signer = NULL;
  sigv4kit_credentials *creds = NULL;
  sigv4kit_url *url = NULL;
  sigv4kit_signed *out = NULL;
  sigv4kit_header *headers = NULL;
  sigv4kit_request req;
  sigv4kit_payload payload;
  sigv4kit_signed_layout layout;
  unsigned char *body = NULL;
  char *copy = NULL;
  size_t i, n = 0, needed = 0;
  int presign, rc = -1;
  if (id == NULL || kind == NULL || method == NULL || url_text == NULL || region == NULL || service == NULL ||
      akid == NULL || secret == NULL || b64 == NULL || given == NULL || given->type != JSON_ARRAY ||
      expected == NULL || expected->type != JSON_OBJECT || time == NULL || time->type != JSON_NUMBER) {
    fprintf(stderr, "malformed case\n");
    return -1;
  }
  presign = strncmp(kind, "presign", kind_len) == 0;
  body = malloc(b64_len / 4 * 3 + 3);
  headers = calloc(given->len + 1, sizeof *headers);
  if (body == NULL || headers == NULL) goto done;
  payload.kind = SIGV4KIT_PAYLOAD_DEFAULT; /* what a user who chose nothing signs */
  payload.data = body;
  payload.len = base64_decode(b64, b64_len, body);

  if (sigv4kit_url_parse(url_text, url_len, &url, NULL) != SIGV4KIT_OK ||
      sigv4kit_signer_new(region, region_len, service, service_len, &signer, NULL) != SIGV4KIT_OK ||
      sigv4kit_credentials_new(akid, akid_len, secret, secret_len, token, token_len, -1, &creds, NULL) !=
          SIGV4KIT_OK) {
    differs(id, "setting up (a refusal)");
    rc = 0;
    goto done;
  }
  headers[n].name.data = "Host";
  headers[n].name.len = 4;
  headers[n++].value = sigv4kit_url_host_header(url);
  for (i = 0; i < given->len; i++) {
    const json_value *pair = &given->items[i];
    if (pair->type != JSON_ARRAY || pair->len != 2) goto done;
    headers[n].name.data = pair->items[0].str;
    headers[n].name.len = pair->items[0].str_len;
    headers[n].value.data = pair->items[1].str;
    headers[n++].value.len = pair->items[1].str_len;
  }
  req.method.data = method;
  req.method.len = method_len;
  req.target = sigv4kit_url_target(url);
  req.headers = headers;
  req.headers_len = n;

  if (presign) {
    if (expires == NULL || expires->type != JSON_NUMBER) goto done;
    rc = sigv4kit_presign(signer, creds, &req, &payload, (int64_t)time->number, (uint64_t)expires->number, &out,
                          NULL);
  } else {
    rc = sigv4kit_sign(signer, creds, &req, &payload, (int64_t)time->number, &out, NULL);
  }
  if (rc != SIGV4KIT_OK) {
    differs(id, "signing (a refusal)");
    rc = 0;
    goto done;
  }
  /* Everything through the bulk accessor: size it, then copy. */
  if (sigv4kit_signed_copy(out, 0, NULL, 0, &layout, &needed) != SIGV4KIT_BUFFER_TOO_SMALL ||
      (copy = malloc(needed + 1)) == NULL ||
      sigv4kit_signed_copy(out, 0, copy, needed + 1, &layout, &needed) != SIGV4KIT_OK) {
    goto done;
  }
  rc = 0;
  if (presign) {
    size_t path_len, sig_len;
    const char *path = text(expected, "path", &path_len), *sig = text(expected, "X-Amz-Signature", &sig_len);
    const char *target = copy + layout.target.offset;
    size_t target_path = strcspn(target, "?");
    int ok = path != NULL && sig != NULL;
    if (!ok || target_path > layout.target.len || !same(target, target_path, path, path_len)) {
      differs(id, "the presigned path");
      ok = 0;
    } else if (!same(copy + layout.signature.offset, layout.signature.len, sig, sig_len)) {
      differs(id, "X-Amz-Signature");
      ok = 0;
    }
    passed += ok;
    goto done;
  }
  {
    int ok = 1;
    for (i = 0; i < expected->len; i++) {
      const char *name = expected->keys[i];
      const json_value *want = &expected->items[i];
      size_t h;
      int found = 0;
      for (h = 0; h < layout.headers_len; h++) {
        sigv4kit_header_span s = layout.headers[h];
        if (s.name.len == strlen(name) && strncasecmp(copy + s.name.offset, name, s.name.len) == 0) {
          found = 1;
          if (want->type != JSON_STRING || !same(copy + s.value.offset, s.value.len, want->str, want->str_len)) {
            differs(id, name);
            ok = 0;
          }
        }
      }
      if (!found && want->type != JSON_NULL) {
        differs(id, name);
        ok = 0;
      }
    }
    passed += ok;
  }

done:
  free(copy);
  sigv4kit_signed_free(out);
  sigv4kit_url_free(url);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
  free(headers);
  free(body);
  return rc == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
  FILE *in;
  char *line = NULL;
  size_t cap = 0;
  ssize_t got;
  if (argc != 2 || (in = fopen(argv[1], "r")) == NULL) {
    fprintf(stderr, "usage: differential CASES.jsonl\n");
    return 2;
  }
  while ((got = getline(&line, &cap, in)) > 0) {
    json_value c;
    size_t len = (size_t)got;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
    if (len == 0) continue;
    if (json_parse(line, len, &c) != 0) {
      fprintf(stderr, "malformed JSON line\n");
      failed++;
      continue;
    }
    if (run(&c) != 0) failed++;
    json_free(&c);
  }
  free(line);
  fclose(in);
  printf("c-differential: %d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
