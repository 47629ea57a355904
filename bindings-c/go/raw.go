package sigv4kit

/*
#include "cgo_helpers.h"
*/
import "C"

import (
	"runtime"
	"strings"
	"time"
	"unsafe"
)

// Header is one request header.
type Header struct {
	Name, Value string
}

// PayloadKind says how the body enters the signature.
type PayloadKind uint32

const (
	// PayloadBody signs the SHA-256 of Request.Body (the default).
	PayloadBody PayloadKind = C.SIGV4KIT_PAYLOAD_BYTES
	// PayloadUnsigned signs UNSIGNED-PAYLOAD.
	PayloadUnsigned PayloadKind = C.SIGV4KIT_PAYLOAD_UNSIGNED
	// PayloadPrecomputed signs Request.PayloadHash verbatim: a hex SHA-256
	// (see PayloadHasher) or a STREAMING-… constant.
	PayloadPrecomputed PayloadKind = C.SIGV4KIT_PAYLOAD_PRECOMPUTED
)

// Request describes a request exactly as it will be sent, for callers that
// do not use net/http (or need full control): Target is the path and query
// as on the request line, Headers include Host.
type Request struct {
	Method      string
	Target      string
	Headers     []Header
	Body        []byte
	Payload     PayloadKind
	PayloadHash string // for PayloadPrecomputed
}

// Signed is the outcome of signing: what to add to the request, and the
// strings that were signed, for debugging a 403.
type Signed struct {
	// AddedHeaders are set by header signing (X-Amz-Date, Authorization and,
	// as options call for, X-Amz-Security-Token, X-Amz-Content-Sha256);
	// each replaces any header of the same name. Empty for a presigned URL.
	AddedHeaders []Header
	// PresignedTarget is the target with the X-Amz-* query parameters, for
	// a presigned URL; empty after header signing.
	PresignedTarget  string
	Signature        string
	CanonicalRequest string
	StringToSign     string
}

// ReplacesHeader reports whether signing set a header of this name
// (ASCII case-insensitive), so that the request's own must not be sent.
func (s *Signed) ReplacesHeader(name string) bool {
	for _, h := range s.AddedHeaders {
		if strings.EqualFold(h.Name, name) {
			return true
		}
	}
	return false
}

// Headers is every header to send: the request's own minus those replaced,
// then the added ones.
func (s *Signed) Headers(r *Request) []Header {
	out := make([]Header, 0, len(r.Headers)+len(s.AddedHeaders))
	for _, h := range r.Headers {
		if !s.ReplacesHeader(h.Name) {
			out = append(out, h)
		}
	}
	return append(out, s.AddedHeaders...)
}

// The names of the headers signing adds, so that reading them allocates
// nothing.
var addedNames = []string{"X-Amz-Date", "Authorization", "X-Amz-Security-Token", "X-Amz-Content-Sha256"}

func headerName(v C.sigv4kit_str) string {
	if v.len == 0 {
		return ""
	}
	// A view of the C bytes; string(b) == name does not allocate.
	b := unsafe.Slice((*byte)(unsafe.Pointer(v.data)), int(v.len))
	for _, name := range addedNames {
		if string(b) == name {
			return name
		}
	}
	return goString(v)
}

// SignRaw signs r with an Authorization header at time t.
func (s *Signer) SignRaw(r *Request, t time.Time) (*Signed, error) {
	return s.sign(r, t, false, 0, true)
}

// PresignRaw presigns r: the signature goes into the query, valid for
// expires (1 s to 7 days, whole seconds) from t.
func (s *Signer) PresignRaw(r *Request, t time.Time, expires time.Duration) (*Signed, error) {
	return s.sign(r, t, true, expires, true)
}

// pack lays a request out as one pointer-free buffer (with room for the
// precomputed payload value after it) and the offsets and lengths of its
// strings: method, target, then name and value of each header.
func pack(r *Request) ([]byte, []C.size_t) {
	size := len(r.Method) + len(r.Target) + len(r.PayloadHash)
	for _, h := range r.Headers {
		size += len(h.Name) + len(h.Value)
	}
	blob := make([]byte, 0, size+1)
	offs := make([]C.size_t, 0, 4+4*len(r.Headers))
	put := func(v string) {
		offs = append(offs, C.size_t(len(blob)), C.size_t(len(v)))
		blob = append(blob, v...)
	}
	put(r.Method)
	put(r.Target)
	for _, h := range r.Headers {
		put(h.Name)
		put(h.Value)
	}
	return blob, offs
}

// sign packs the request into one pointer-free buffer, signs it in one cgo
// call and copies what is needed out of the C result before freeing it.
func (s *Signer) sign(r *Request, t time.Time, presign bool, expires time.Duration, details bool) (*Signed, error) {
	blob, offs := pack(r)
	body := r.Body
	if r.Payload == PayloadPrecomputed {
		start := len(blob)
		blob = append(blob, r.PayloadHash...)
		body = blob[start:]
	}
	blob = append(blob, 0) // never empty, so &blob[0] is valid
	var bodyPtr *C.uint8_t
	if len(body) > 0 {
		bodyPtr = (*C.uint8_t)(unsafe.Pointer(&body[0]))
	}
	seconds := expires / time.Second
	if seconds < 0 {
		seconds = 0
	}
	presignFlag := C.int(0)
	if presign {
		presignFlag = 1
	}

	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.signer == nil {
		return nil, ErrClosed
	}
	var out *C.sigv4kit_signed
	runtime.LockOSThread()
	rc := C.sigv4kitgo_sign(s.signer, s.creds, (*C.char)(unsafe.Pointer(&blob[0])), &offs[0], C.size_t(len(r.Headers)),
		C.uint32_t(r.Payload), bodyPtr, C.size_t(len(body)), C.int64_t(t.Unix()), presignFlag,
		C.uint64_t(seconds), &out)
	if rc != C.SIGV4KIT_OK {
		err := lastError(rc)
		runtime.UnlockOSThread()
		return nil, err
	}
	runtime.UnlockOSThread()
	defer C.sigv4kit_signed_free(out)

	var views [4 + 2*4]C.sigv4kit_str
	n := int(C.sigv4kitgo_views(out, &views[0], C.size_t(len(views))))
	signed := &Signed{PresignedTarget: goString(views[3])}
	if details {
		signed.Signature = goString(views[0])
		signed.CanonicalRequest = goString(views[1])
		signed.StringToSign = goString(views[2])
	}
	if n > 4 {
		signed.AddedHeaders = make([]Header, 0, (n-4)/2)
		for i := 4; i+1 < n; i += 2 {
			signed.AddedHeaders = append(signed.AddedHeaders, Header{headerName(views[i]), goString(views[i+1])})
		}
	}
	return signed, nil
}
