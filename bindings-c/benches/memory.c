/*
 * Heap memory a C caller's handles hold, as malloc sees it, for
 * `make bench-c`: N of each are made and kept, and the growth of the bytes
 * in use (glibc's mallinfo2, malloc's chunk headers included, since the
 * library allocates with the system malloc) is divided by N. The request is
 * core/examples/memory.rs's, whose figures count requested bytes only.
 * Prints a Markdown paragraph and bullets for compare.sh.
 */
#define _GNU_SOURCE

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sigv4kit.h"

#define S(text) text, strlen(text)
#define N 20000
#define DAY 86400
#define T0 1440938160

static double in_use(void) { return (double)mallinfo2().uordblks; }

static sigv4kit_credentials *credentials(void) {
  sigv4kit_credentials *creds = NULL;
  if (sigv4kit_credentials_new(S("AKIDEXAMPLE"), S("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), NULL, 0, -1, &creds, NULL) !=
      SIGV4KIT_OK) {
    exit(1);
  }
  return creds;
}

/* Signs the GET at `time` into `out`, which must exist. */
static void sign_at(const sigv4kit_signer *signer, const sigv4kit_credentials *creds, int64_t time, sigv4kit_signed *out) {
  sigv4kit_header host = {{S("Host")}, {S("abc123.execute-api.us-east-1.amazonaws.com")}};
  sigv4kit_request req = {{S("GET")}, {S("/prod/pets?type=dog")}, &host, 1};
  sigv4kit_payload body = {SIGV4KIT_PAYLOAD_BYTES, NULL, 0};
  if (sigv4kit_sign_into(signer, creds, &req, &body, time, out, NULL) != SIGV4KIT_OK) exit(1);
}

int main(void) {
  static sigv4kit_signer *signers[N];
  static sigv4kit_credentials *creds[N];
  static sigv4kit_signed *outs[N];
  sigv4kit_signer *signer = NULL;
  sigv4kit_signed *scratch = NULL;
  double before, signer_bytes, creds_bytes, key_bytes, out_bytes;
  int i, day;
  if (sigv4kit_signer_new(S("us-east-1"), S("execute-api"), &signer, NULL) != SIGV4KIT_OK ||
      sigv4kit_signed_new(&scratch) != SIGV4KIT_OK) {
    return 1;
  }
  /* One signature first, so that the thread's reused buffers exist before
     any count starts. */
  creds[0] = credentials();
  sign_at(signer, creds[0], T0 - DAY, scratch);
  sigv4kit_credentials_free(creds[0]);

  before = in_use();
  for (i = 0; i < N; i++) {
    if (sigv4kit_signer_new(S("us-east-1"), S("execute-api"), &signers[i], NULL) != SIGV4KIT_OK) return 1;
  }
  signer_bytes = (in_use() - before) / N;

  before = in_use();
  for (i = 0; i < N; i++) creds[i] = credentials();
  creds_bytes = (in_use() - before) / N;

  /* Four days fill each cache (four keys at most), counted over four as
     core/examples/memory.rs counts them. */
  before = in_use();
  for (day = 0; day < 4; day++) {
    for (i = 0; i < N; i++) sign_at(signer, creds[i], T0 + day * DAY, scratch);
  }
  key_bytes = (in_use() - before) / (4.0 * N);

  before = in_use();
  for (i = 0; i < N; i++) {
    if (sigv4kit_signed_new(&outs[i]) != SIGV4KIT_OK) return 1;
    sign_at(signer, creds[0], T0, outs[i]);
  }
  out_bytes = (in_use() - before) / N;

  printf("Heap memory, as malloc counts it (`bindings-c/benches/memory.c`: %d of each made and kept, the growth\n"
         "of glibc's `mallinfo2().uordblks` over %d; the request of the core's memory example). A signer or\n"
         "credentials handle is the core's value boxed; a `sigv4kit_signed` adds the header list it reuses. These\n"
         "figures include malloc's chunk headers and rounding (at least 32 bytes a block, in steps of 16), where\n"
         "the core's count the bytes asked for:\n\n",
         N, N);
  printf("- a `sigv4kit_signer` (us-east-1, execute-api): %.0f bytes\n", signer_bytes);
  printf("- a `sigv4kit_credentials` (no session token): %.0f bytes, its key cache empty\n", creds_bytes);
  printf("- each signing key it caches: %.0f bytes (after signing on four days, over four; at most four keys)\n",
         key_bytes);
  printf("- a `sigv4kit_signed` holding a GET's signature (`sigv4kit_signed_new`, then `sigv4kit_sign_into`): %.0f bytes\n",
         out_bytes);

  for (i = 0; i < N; i++) {
    sigv4kit_signed_free(outs[i]);
    sigv4kit_credentials_free(creds[i]);
    sigv4kit_signer_free(signers[i]);
  }
  sigv4kit_signed_free(scratch);
  sigv4kit_signer_free(signer);
  return 0;
}
