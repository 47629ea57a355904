// Package cbench signs the benchmark request in a loop in C, so that the Go
// benchmarks can subtract the C API's own cost from the wrapper's and report
// what the Go layer adds. Test support only.
//
// Two loops: PackedLoop makes the call that Signer.Sign wraps
// (sigv4kit_sign_packed with the request packed as Sign packs it, the
// result copied into a buffer), SignLoop the general sigv4kit_sign with a
// result freed per call. The handles are made once, outside the timing.
//
// For the memory benchmark: CHeap, the bytes malloc has in use (the Rust
// library allocates with the system malloc, which the Go heap's figures do
// not see), C memory to check that method with (Malloc, Free), and C
// credentials made as the Go package makes them (NewCredentials), to tell
// their share of a Signer's C memory.
package cbench

/*
#cgo !sigv4kit_static pkg-config: sigv4kit
#cgo sigv4kit_static CFLAGS: -I${SRCDIR}/../../../include
#cgo sigv4kit_static LDFLAGS: ${SRCDIR}/../../../../target/release/libsigv4kit_c.a -lpthread -ldl -lm
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sigv4kit.h"

// CPU time of the process, every thread (the Go runtime's collector too).
static long long cpu_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// Bytes malloc has handed out and not had back, over every thread's arena,
// its chunk headers and rounding included: uordblks for the chunks from
// the arenas, hblkhd for the large ones it maps on their own. Chunks freed
// into a thread's cache (tcache) still count as in use, so a figure over
// many objects is exact only up to those few.
static long long c_heap(void) {
	struct mallinfo2 m = mallinfo2();
	return (long long)(m.uordblks + m.hblkhd);
}

#define S(text) text, strlen(text)

// Credentials as the Go package's NewSigner makes them from the
// benchmarks' key pair: no session token, no expiry.
static sigv4kit_credentials *new_credentials(void) {
	sigv4kit_credentials *c = NULL;
	if (sigv4kit_credentials_new(S("AKIDEXAMPLE"), S("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), NULL, 0, -1, &c,
	                             NULL) != SIGV4KIT_OK) {
		return NULL;
	}
	return c;
}

static sigv4kit_signer *signer;
static sigv4kit_credentials *creds;

static int setup(void) {
	if (signer != NULL) return 0;
	if (sigv4kit_signer_new(S("us-east-1"), S("execute-api"), &signer, NULL) != SIGV4KIT_OK ||
	    (creds = new_credentials()) == NULL) {
		return 1;
	}
	return 0;
}

static int sign_loop(long n) {
	sigv4kit_header headers[3] = {
		{{S("Host")}, {S("abc123.execute-api.us-east-1.amazonaws.com")}},
		{{S("Accept")}, {S("application/json")}},
		{{S("User-Agent")}, {S("bench/1.0")}},
	};
	sigv4kit_request req = {{S("GET")}, {S("/prod/pets?type=dog&limit=10")}, headers, 3};
	sigv4kit_payload body = {SIGV4KIT_PAYLOAD_BYTES, NULL, 0};
	long i;
	int rc = setup();
	for (i = 0; rc == 0 && i < n; i++) {
		sigv4kit_signed *out = NULL;
		if (sigv4kit_sign(signer, creds, &req, &body, 1440938160, &out, NULL) != SIGV4KIT_OK) rc = 1;
		sigv4kit_signed_free(out);
	}
	return rc;
}

// The request as Signer.Sign packs a net/http request: method, target,
// Host, then the other headers sorted by name; the default payload, no
// debugging strings.
static int packed_loop(long n) {
	static const char *parts[] = {"GET", "/prod/pets?type=dog&limit=10", "Host",
	    "abc123.execute-api.us-east-1.amazonaws.com", "Accept", "application/json", "User-Agent", "bench/1.0"};
	char text[256];
	sigv4kit_span spans[8];
	char buf[2048];
	sigv4kit_signed_layout layout;
	size_t at = 0, out_n = 0;
	long i;
	int k, rc = setup();
	for (k = 0; k < 8; k++) {
		size_t len = strlen(parts[k]);
		memcpy(text + at, parts[k], len);
		spans[k].offset = at;
		spans[k].len = len;
		at += len;
	}
	for (i = 0; rc == 0 && i < n; i++) {
		if (sigv4kit_sign_packed(signer, creds, text, at, spans, 8, SIGV4KIT_PAYLOAD_DEFAULT, NULL, 0, 1440938160, 0, 0,
		                         buf, sizeof buf, &layout, &out_n, NULL) != SIGV4KIT_OK) {
			rc = 1;
		}
	}
	return rc;
}
*/
import "C"

import "unsafe"

// SignLoop signs the request of the Go benchmarks n times from C with
// sigv4kit_sign (a result made and freed per call) and reports whether
// every call succeeded.
func SignLoop(n int) bool {
	return C.sign_loop(C.long(n)) == 0
}

// CPUTime is the CPU time the process has used, in nanoseconds, on every
// thread: time spent waiting for a core on a busy machine is not in it,
// and the Go collector's work is.
func CPUTime() int64 {
	return int64(C.cpu_ns())
}

// PackedLoop signs the request n times from C with sigv4kit_sign_packed,
// the call Signer.Sign makes, and reports whether every call succeeded.
func PackedLoop(n int) bool {
	return C.packed_loop(C.long(n)) == 0
}

// CHeap is the bytes the process's malloc has in use, chunk headers
// included: the C heap, where the Rust library's handles live.
func CHeap() int64 {
	return int64(C.c_heap())
}

// Malloc allocates size bytes of C memory, for checking CHeap against
// allocations of a known size. Free it with Free.
func Malloc(size int) unsafe.Pointer {
	return C.malloc(C.size_t(size))
}

// Free frees memory from Malloc.
func Free(p unsafe.Pointer) {
	C.free(p)
}

// NewCredentials makes C credentials of the benchmarks' key pair, as
// NewSigner does for a Signer, and returns nil if that failed. Free them
// with FreeCredentials.
func NewCredentials() unsafe.Pointer {
	return unsafe.Pointer(C.new_credentials())
}

// FreeCredentials frees credentials from NewCredentials.
func FreeCredentials(c unsafe.Pointer) {
	C.sigv4kit_credentials_free((*C.sigv4kit_credentials)(c))
}
