package sigv4kit

// By default the C library is found through pkg-config (the sigv4kit.pc that
// `make install PREFIX=...` writes), as a module that `go get` fetches needs.
// The repository's own builds and tests link the static library it builds in
// target/release with `-tags sigv4kit_static`.

/*
#cgo !sigv4kit_static pkg-config: sigv4kit
#cgo sigv4kit_static CFLAGS: -I${SRCDIR}/../include
#cgo sigv4kit_static LDFLAGS: ${SRCDIR}/../../target/release/libsigv4kit_c.a -lpthread -ldl -lm
#include <stdlib.h>
#include "sigv4kit.h"

*/
import "C"

import (
	"unsafe"
)

// check turns a result into an error: nil for SIGV4KIT_OK, else an *Error
// with the detail of e when the call made one (e is freed). Nothing depends
// on the calling thread, so no call needs its goroutine pinned.
func check(rc C.sigv4kit_result, e *C.sigv4kit_error) error {
	if rc == C.SIGV4KIT_OK {
		return nil
	}
	return newError(rc, e)
}

// newError builds the Go error of a failed call from its result and, when
// the call made one, its error object, which it frees.
func newError(rc C.sigv4kit_result, e *C.sigv4kit_error) *Error {
	var buf [512]C.char
	var n C.size_t
	code := C.GoString(C.sigv4kit_result_code(C.uint32_t(rc)))
	err := &Error{Code: code, Message: code}
	if e != nil {
		if C.sigv4kit_error_message(e, &buf[0], C.size_t(len(buf)), &n) == C.SIGV4KIT_OK {
			err.Message = C.GoStringN(&buf[0], C.int(n))
		}
		err.Field = goString(C.sigv4kit_error_field(e))
		C.sigv4kit_error_free(e)
	} else if C.sigv4kit_result_message(C.uint32_t(rc), &buf[0], C.size_t(len(buf)), &n) == C.SIGV4KIT_OK {
		err.Message = C.GoStringN(&buf[0], C.int(n))
	}
	return err
}

// goString copies a view owned by a C handle into Go memory.
func goString(s C.sigv4kit_str) string {
	if s.len == 0 {
		return ""
	}
	return C.GoStringN(s.data, C.int(s.len))
}

// cstr passes a Go string to C as pointer + length, without copying: the
// bytes of a Go string hold no Go pointers, and C reads them only during the
// call.
func cstr(s string) (*C.char, C.size_t) {
	if len(s) == 0 {
		return nil, 0
	}
	// The first word of a string header is its data pointer (Go 1.19 has
	// no unsafe.StringData).
	data := *(*unsafe.Pointer)(unsafe.Pointer(&s))
	return (*C.char)(data), C.size_t(len(s))
}

// wireTarget is the core's wire form of a request target: a raw '+' in the
// query becomes %20 (API Gateway reads it as a space, S3 as a plus; %20 is
// a space to both). Most targets have no '+' in their query and are
// returned as they are without a cgo call.
func wireTarget(target string) (string, error) {
	q := -1
	for i := 0; i < len(target); i++ {
		if target[i] == '?' {
			q = i
			break
		}
	}
	plus := false
	for i := q + 1; q >= 0 && i < len(target); i++ {
		if target[i] == '+' {
			plus = true
			break
		}
	}
	if !plus {
		return target, nil
	}
	buf := make([]byte, 3*len(target)+1)
	var n C.size_t
	t, tl := cstr(target)
	if err := check(C.sigv4kit_wire_target(t, tl, (*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &n), nil); err != nil {
		return "", err
	}
	return string(buf[:int(n)]), nil
}
