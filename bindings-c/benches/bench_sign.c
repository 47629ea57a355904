/*
 * The C API's cost per signature: the request of examples/bench_core.rs,
 * built from C strings, signed and freed in a loop. Prints
 * `c-api <ns> ns/op`, the median CPU time per call of 40 rounds.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sigv4kit.h"

#define S(text) text, strlen(text)

/* CPU time of this process, so that time spent descheduled on a busy
   machine is not counted. */
static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000, i;
  int round, a, b;
  double times[40];
  sigv4kit_signer *signer = NULL;
  sigv4kit_credentials *creds = NULL;
  sigv4kit_header headers[3] = {
      {{S("Host")}, {S("abc123.execute-api.us-east-1.amazonaws.com")}},
      {{S("Accept")}, {S("application/json")}},
      {{S("User-Agent")}, {S("bench/1.0")}},
  };
  sigv4kit_request req = {{S("GET")}, {S("/prod/pets?type=dog&limit=10")}, headers, 3};
  sigv4kit_payload body = {SIGV4KIT_PAYLOAD_BYTES, NULL, 0};
  if (sigv4kit_signer_new(S("us-east-1"), S("execute-api"), &signer, NULL) != SIGV4KIT_OK ||
      sigv4kit_credentials_new(S("AKIDEXAMPLE"), S("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), NULL, 0, -1, &creds, NULL) !=
          SIGV4KIT_OK) {
    return 1;
  }
  n = n / 40 > 0 ? n / 40 : 1;
  for (round = 0; round < 40; round++) {
    double start = now_ns();
    for (i = 0; i < n; i++) {
      sigv4kit_signed *out = NULL;
      if (sigv4kit_sign(signer, creds, &req, &body, 1440938160, &out, NULL) != SIGV4KIT_OK) return 1;
      sigv4kit_signed_free(out);
    }
    times[round] = (now_ns() - start) / (double)n;
  }
  for (a = 1; a < 40; a++) { /* insertion sort, for the median */
    for (b = a; b > 0 && times[b] < times[b - 1]; b--) {
      double t = times[b];
      times[b] = times[b - 1];
      times[b - 1] = t;
    }
  }
  printf("c-api %.1f ns/op\n", times[20]);
  sigv4kit_credentials_free(creds);
  sigv4kit_signer_free(signer);
  return 0;
}
