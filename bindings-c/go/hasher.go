package sigv4kit

/*
#include "sigv4kit.h"
*/
import "C"

import (
	"sync"
	"unsafe"
)

// PayloadHasher computes the SHA-256 of a body fed in pieces (it is an
// io.Writer, so io.Copy(h, file) works), for signing a large upload with
// PayloadPrecomputed without holding it whole. Close frees it.
type PayloadHasher struct {
	mu sync.Mutex
	h  *C.sigv4kit_payload_hasher
}

// NewPayloadHasher returns a hasher that has seen nothing.
func NewPayloadHasher() (*PayloadHasher, error) {
	p := &PayloadHasher{}
	if err := check(C.sigv4kit_payload_hasher_new(&p.h), nil); err != nil {
		return nil, err
	}
	return p, nil
}

// Write feeds the next piece of the body.
func (p *PayloadHasher) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.h == nil {
		return 0, ErrClosed
	}
	if len(b) == 0 {
		return 0, nil
	}
	if err := check(C.sigv4kit_payload_hasher_update(p.h, (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))), nil); err != nil {
		return 0, err
	}
	return len(b), nil
}

// Sum returns the hex SHA-256 of everything written so far.
func (p *PayloadHasher) Sum() (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.h == nil {
		return "", ErrClosed
	}
	var buf [C.SIGV4KIT_PAYLOAD_HASH_LEN + 1]C.char
	var n C.size_t
	if err := check(C.sigv4kit_payload_hasher_finish(p.h, &buf[0], C.size_t(len(buf)), &n), nil); err != nil {
		return "", err
	}
	return C.GoStringN(&buf[0], C.int(n)), nil
}

// Close frees the hasher; it is idempotent.
func (p *PayloadHasher) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	C.sigv4kit_payload_hasher_free(p.h)
	p.h = nil
	return nil
}
