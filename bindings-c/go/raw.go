package sigv4kit

/*
#include "cgo_helpers.h"
*/
import "C"

import (
	"runtime"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// outBuffers are reused for the bytes a signature's result is copied into.
var outBuffers = sync.Pool{New: func() interface{} { b := make([]byte, 2048); return &b }}

// Header is one request header.
type Header struct {
	Name, Value string
}

// PayloadKind says how the body enters the signature.
type PayloadKind uint32

const (
	// PayloadBody signs the SHA-256 of Request.Body (the zero value).
	PayloadBody PayloadKind = C.SIGV4KIT_PAYLOAD_BYTES
	// PayloadUnsigned signs UNSIGNED-PAYLOAD.
	PayloadUnsigned PayloadKind = C.SIGV4KIT_PAYLOAD_UNSIGNED
	// PayloadPrecomputed signs Request.PayloadHash verbatim: a hex SHA-256
	// (see PayloadHasher) or a STREAMING-… constant.
	PayloadPrecomputed PayloadKind = C.SIGV4KIT_PAYLOAD_PRECOMPUTED
	// PayloadDefault signs what the core's service defaults say when the
	// caller chose nothing: the SHA-256 of Request.Body, except in a
	// presigned URL of an S3-family service, which signs UNSIGNED-PAYLOAD.
	// Sign and Presign use it unless WithUnsignedPayload is given.
	PayloadDefault PayloadKind = C.SIGV4KIT_PAYLOAD_DEFAULT
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
	// dropped names the signed request's headers the core said must not be
	// sent (replaced by an added one, or a stale Authorization on a
	// presigned URL), by lower-cased name.
	dropped []string
}

// ReplacesHeader reports whether the signed request's own header of this
// name (ASCII case-insensitive) must not be sent: the core's answer,
// recorded when signing (a header signing set, or a stale Authorization on
// a presigned URL).
func (s *Signed) ReplacesHeader(name string) bool {
	for _, d := range s.dropped {
		if strings.EqualFold(d, name) {
			return true
		}
	}
	for _, h := range s.AddedHeaders {
		if strings.EqualFold(h.Name, name) {
			return true
		}
	}
	return false
}

// Headers is every header to send for r, the request that was signed: its
// own minus those the core said to drop, then the added ones.
func (s *Signed) Headers(r *Request) []Header {
	out := make([]Header, 0, len(r.Headers)+len(s.AddedHeaders))
	for _, h := range r.Headers {
		if !s.ReplacesHeader(h.Name) {
			out = append(out, h)
		}
	}
	return append(out, s.AddedHeaders...)
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

// packed is a request laid out as one pointer-free buffer (with room for
// the precomputed payload value after it) and the offsets and lengths of its
// strings: method, target, then name and value of each header. Reused
// through packs, as a signature needs it only during the call.
type packed struct {
	blob []byte
	offs []C.size_t
}

var packs = sync.Pool{New: func() interface{} {
	return &packed{blob: make([]byte, 0, 1024), offs: make([]C.size_t, 0, 64)}
}}

func (p *packed) pack(r *Request) {
	p.blob, p.offs = p.blob[:0], p.offs[:0]
	put := func(v string) {
		p.offs = append(p.offs, C.size_t(len(p.blob)), C.size_t(len(v)))
		p.blob = append(p.blob, v...)
	}
	put(r.Method)
	put(r.Target)
	for _, h := range r.Headers {
		put(h.Name)
		put(h.Value)
	}
}

// sign packs the request into one pointer-free buffer, signs it in one cgo
// call and copies what is needed out of the C result before freeing it.
func (s *Signer) sign(r *Request, t time.Time, presign bool, expires time.Duration, details bool) (*Signed, error) {
	p := packs.Get().(*packed)
	defer packs.Put(p)
	p.pack(r)
	body := r.Body
	if r.Payload == PayloadPrecomputed {
		start := len(p.blob)
		p.blob = append(p.blob, r.PayloadHash...)
		body = p.blob[start:]
	}
	p.blob = append(p.blob, 0) // never empty, so &blob[0] is valid
	blob, offs := p.blob, p.offs
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

	detailsFlag := C.int(0)
	if details {
		detailsFlag = 1
	}
	// Room for what usually comes back: the added headers (the token among
	// them), a presigned target or the canonical request. A heavily encoded
	// target needs more, and takes a second copy.
	estimate := 640 + 2*len(blob)
	bufp := outBuffers.Get().(*[]byte)
	defer outBuffers.Put(bufp)

	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.signer == nil {
		return nil, ErrClosed
	}
	estimate += 2 * s.tokenLen
	if cap(*bufp) < estimate {
		*bufp = make([]byte, estimate)
	}
	buf := (*bufp)[:cap(*bufp)]
	var lens [C.SIGV4KITGO_MAX_PARTS]C.size_t
	var nparts, needed C.size_t
	var droppedSmall [16]C.uint8_t
	dropped := droppedSmall[:]
	if len(r.Headers) > len(dropped) {
		dropped = make([]C.uint8_t, len(r.Headers))
	}
	var keep *C.sigv4kit_signed
	runtime.LockOSThread()
	rc := C.sigv4kitgo_sign(s.signer, s.creds, (*C.char)(unsafe.Pointer(&blob[0])), &offs[0], C.size_t(len(r.Headers)),
		C.uint32_t(r.Payload), bodyPtr, C.size_t(len(body)), C.int64_t(t.Unix()), presignFlag,
		C.uint64_t(seconds), detailsFlag, (*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)),
		&lens[0], &nparts, &needed, &dropped[0], &keep)
	if rc != C.SIGV4KIT_OK {
		err := lastError(rc)
		runtime.UnlockOSThread()
		return nil, err
	}
	runtime.UnlockOSThread()
	if keep != nil {
		// Rare: a long token or target. Copy again into a buffer that fits.
		buf = make([]byte, int(needed))
		C.sigv4kitgo_take(keep, detailsFlag, (*C.char)(unsafe.Pointer(&buf[0])), needed, &lens[0], &nparts)
	}

	// One string holds every part; the parts are substrings of it.
	all := string(buf[:int(needed)])
	next := func(i int) string {
		part := all[:int(lens[i])]
		all = all[int(lens[i]):]
		return part
	}
	signed := &Signed{PresignedTarget: next(0)}
	for i, h := range r.Headers {
		if dropped[i] != 0 {
			signed.dropped = append(signed.dropped, h.Name)
		}
	}
	i := 1
	if details {
		signed.Signature, signed.CanonicalRequest, signed.StringToSign = next(1), next(2), next(3)
		i = 4
	}
	if n := int(nparts); n > i {
		signed.AddedHeaders = make([]Header, 0, (n-i)/2)
		for ; i+1 < n; i += 2 {
			name := next(i)
			signed.AddedHeaders = append(signed.AddedHeaders, Header{name, next(i + 1)})
		}
	}
	return signed, nil
}
