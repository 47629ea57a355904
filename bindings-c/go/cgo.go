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
	"runtime"
	"unsafe"
)

// call runs one C API call with its goroutine pinned to the OS thread, so
// that a failure's detailed message (kept per thread by the library) is read
// on the thread that produced it.
func call(f func() C.sigv4kit_result) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	rc := f()
	if rc == C.SIGV4KIT_OK {
		return nil
	}
	return lastError(rc)
}

// lastError builds the Go error of a failed call; the caller holds the thread.
func lastError(rc C.sigv4kit_result) error {
	var buf [512]C.char
	var n C.size_t
	code := C.GoString(C.sigv4kit_result_code(C.uint32_t(rc)))
	message := code
	if C.sigv4kit_error_message(C.uint32_t(rc), &buf[0], C.size_t(len(buf)), &n) == C.SIGV4KIT_OK {
		message = C.GoStringN(&buf[0], C.int(n))
	}
	return &Error{Code: code, Message: message}
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
