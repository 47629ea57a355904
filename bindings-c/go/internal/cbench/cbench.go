// Package cbench signs the benchmark request in a loop in C, so that the Go
// benchmarks can subtract the C API's own cost from the wrapper's and report
// what the Go layer adds. Test support only.
package cbench

/*
#cgo !sigv4kit_static pkg-config: sigv4kit
#cgo sigv4kit_static CFLAGS: -I${SRCDIR}/../../../include
#cgo sigv4kit_static LDFLAGS: ${SRCDIR}/../../../../target/release/libsigv4kit_c.a -lpthread -ldl -lm
#include <string.h>
#include "sigv4kit.h"


#define S(text) text, strlen(text)

static int sign_loop(long n) {
	sigv4kit_signer *signer = NULL;
	sigv4kit_credentials *creds = NULL;
	sigv4kit_header headers[3] = {
		{{S("Host")}, {S("abc123.execute-api.us-east-1.amazonaws.com")}},
		{{S("Accept")}, {S("application/json")}},
		{{S("User-Agent")}, {S("bench/1.0")}},
	};
	sigv4kit_request req = {{S("GET")}, {S("/prod/pets?type=dog&limit=10")}, headers, 3};
	sigv4kit_payload body = {SIGV4KIT_PAYLOAD_BYTES, NULL, 0};
	long i;
	int rc = 0;
	if (sigv4kit_signer_new(S("us-east-1"), S("execute-api"), &signer, NULL) != SIGV4KIT_OK ||
	    sigv4kit_credentials_new(S("AKIDEXAMPLE"), S("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), NULL, 0, -1,
	                             &creds, NULL) != SIGV4KIT_OK) {
		rc = 1;
	}
	for (i = 0; rc == 0 && i < n; i++) {
		sigv4kit_signed *out = NULL;
		if (sigv4kit_sign(signer, creds, &req, &body, 1440938160, &out, NULL) != SIGV4KIT_OK) rc = 1;
		sigv4kit_signed_free(out);
	}
	sigv4kit_credentials_free(creds);
	sigv4kit_signer_free(signer);
	return rc;
}
*/
import "C"

// SignLoop signs the request of the Go benchmarks n times from C and
// reports whether every call succeeded.
func SignLoop(n int) bool {
	return C.sign_loop(C.long(n)) == 0
}
