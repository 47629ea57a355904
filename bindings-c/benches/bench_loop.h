/* The C benchmark's signing loop (bench_loop.c). */
#ifndef SIGV4KIT_BENCH_LOOP_H
#define SIGV4KIT_BENCH_LOOP_H

#include "sigv4kit.h"

/* Signs the benchmark's GET `n` times, into one reused output when `reuse`
   is non-zero (else a new result freed per call); 0 when every call
   succeeded. */
int bench_c_sign(const sigv4kit_signer *signer, const sigv4kit_credentials *creds, long n, int reuse);

#endif
