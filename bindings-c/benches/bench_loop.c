/*
 * The C side of the C benchmark: the request of examples/bench_core.rs,
 * built from C strings, signed `n` times through the C API: either with
 * sigv4kit_sign and sigv4kit_signed_free per call, or with sigv4kit_sign_into
 * into one output reused by every call (`reuse` non-zero).
 * Linked into bench_core (so that C code and the Rust core are timed in
 * the same process, in interleaved rounds) and into bench_sign (the same
 * loop as a C program of its own, for the instruction count).
 */
#include <string.h>

#include "bench_loop.h"

#define S(text) text, strlen(text)

int bench_c_sign(const sigv4kit_signer *signer, const sigv4kit_credentials *creds, long n, int reuse) {
  long i;
  int rc = 0;
  sigv4kit_signed *kept = NULL;
  sigv4kit_header headers[3] = {
      {{S("Host")}, {S("abc123.execute-api.us-east-1.amazonaws.com")}},
      {{S("Accept")}, {S("application/json")}},
      {{S("User-Agent")}, {S("bench/1.0")}},
  };
  sigv4kit_request req = {{S("GET")}, {S("/prod/pets?type=dog&limit=10")}, headers, 3};
  sigv4kit_payload body = {SIGV4KIT_PAYLOAD_BYTES, NULL, 0};
  if (reuse) {
    if (sigv4kit_signed_new(&kept) != SIGV4KIT_OK) return 1;
    for (i = 0; rc == 0 && i < n; i++) {
      if (sigv4kit_sign_into(signer, creds, &req, &body, 1440938160, kept, NULL) != SIGV4KIT_OK) rc = 1;
    }
    sigv4kit_signed_free(kept);
    return rc;
  }
  for (i = 0; i < n; i++) {
    sigv4kit_signed *out = NULL;
    if (sigv4kit_sign(signer, creds, &req, &body, 1440938160, &out, NULL) != SIGV4KIT_OK) return 1;
    sigv4kit_signed_free(out);
  }
  return 0;
}
