/*
 * The C API's cost per signature as a C program of its own: the loop of
 * bench_loop.c in 40 rounds (`into` as the second argument: into one
 * reused output). Prints `c-api <ns> ns/op`, the median CPU
 * time per call (compare.sh counts its instructions; the time ratio to the
 * core comes from bench_core, where both run in one process).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_loop.h"

#define S(text) text, strlen(text)

/* CPU time of this process, so that time spent descheduled on a busy
   machine is not counted. */
static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000;
  int reuse = argc > 2 && strcmp(argv[2], "into") == 0;
  int round, a, b;
  double times[40];
  sigv4kit_signer *signer = NULL;
  sigv4kit_credentials *creds = NULL;
  if (sigv4kit_signer_new(S("us-east-1"), S("execute-api"), &signer, NULL) != SIGV4KIT_OK ||
      sigv4kit_credentials_new(S("AKIDEXAMPLE"), S("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), NULL, 0, -1, &creds, NULL) !=
          SIGV4KIT_OK) {
    return 1;
  }
  n = n / 40 > 0 ? n / 40 : 1;
  for (round = 0; round < 40; round++) {
    double start = now_ns();
    if (bench_c_sign(signer, creds, n, reuse) != 0) return 1;
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
