package sigv4kit

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sigv4kit.h"

// sigv4kit_sign_packed with the signer and credentials handles as integers:
// their C types are opaque to Go, so cgo would check them as possible Go
// pointers on every call, moving them to the heap; these are C memory. The
// error out-parameter goes as a uintptr_t * for the same reason: as a
// sigv4kit_error ** cgo would check on each call that the Go memory it
// points to holds no Go pointer (it holds a C pointer or nil).
static sigv4kit_result sign_packed_handles(uintptr_t signer, uintptr_t credentials,
    const char *text, size_t text_len, const sigv4kit_span *spans, size_t spans_len,
    uint32_t payload_kind, const uint8_t *payload_data, size_t payload_len, int64_t time,
    uint64_t expires_in, uint32_t flags, char *buf, size_t len, sigv4kit_signed_layout *layout_out,
    size_t *out_n, uintptr_t *error_out) {
  return sigv4kit_sign_packed((const sigv4kit_signer *)signer, (const sigv4kit_credentials *)credentials,
      text, text_len, spans, spans_len, payload_kind, payload_data, payload_len, time, expires_in, flags,
      buf, len, layout_out, out_n, (sigv4kit_error **)error_out);
}
*/
import "C"

import (
	"strings"
	"sync"
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
	// as options call for, X-Amz-Region-Set (SigV4a), X-Amz-Security-Token,
	// X-Amz-Content-Sha256);
	// each replaces any header of the same name. Empty for a presigned URL.
	AddedHeaders []Header
	// PresignedTarget is the target with the X-Amz-* query parameters, for
	// a presigned URL; empty after header signing.
	PresignedTarget  string
	Signature        string
	CanonicalRequest string
	StringToSign     string
	// replaced names the request headers the core said must not be sent
	// (those signing set, and a stale Authorization on a presigned URL).
	replaced []string
	// The storage of AddedHeaders and replaced, inside the Signed, so that
	// a signature allocates the Signed and its strings and nothing else.
	addedStore    [C.SIGV4KIT_SIGNED_MAX_HEADERS]Header
	replacedStore [C.SIGV4KIT_SIGNED_MAX_REPLACED]string
}

// ReplacesHeader reports whether the signed request's own header of this
// name (ASCII case-insensitive) must not be sent: the core's answer, copied
// out with the result (a header signing set, or a stale Authorization on a
// presigned URL).
func (s *Signed) ReplacesHeader(name string) bool {
	for _, r := range s.replaced {
		if strings.EqualFold(r, name) {
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
	p := packs.Get().(*packed)
	defer packs.Put(p)
	p.pack(r)
	res, err := s.signPacked(p, r, t, false, 0, true)
	if err != nil {
		return nil, err
	}
	return res.signed(), nil
}

// PresignRaw presigns r: the signature goes into the query, valid for
// expires (1 s to 7 days, whole seconds) from t.
func (s *Signer) PresignRaw(r *Request, t time.Time, expires time.Duration) (*Signed, error) {
	p := packs.Get().(*packed)
	defer packs.Put(p)
	p.pack(r)
	res, err := s.signPacked(p, r, t, true, expires, true)
	if err != nil {
		return nil, err
	}
	return res.signed(), nil
}

// packed is a request as sigv4kit_sign_packed takes it: one pointer-free
// text (method, target, then name and value of each header) and the spans
// of its strings, plus the buffer the result is copied into. Reused through
// packs, as a signature needs them only during the call: nothing Go passes
// to C holds a Go pointer, so no C shim and no copy into C memory is needed.
type packed struct {
	text  []byte
	spans []C.sigv4kit_span
	out   []byte
	// The call's out-parameters live here rather than on the stack, where
	// passing their address to C would move them to the heap on each call.
	// (A pointer to a field passes only that field's memory, which holds
	// no Go pointer.)
	layout C.sigv4kit_signed_layout
	n      C.size_t
	e      *C.sigv4kit_error
	// names are the header names describe packed, sorted.
	names []string
	// stripe is the Signer read lock this scratch takes (see stripedLock).
	stripe uint32
	// query is where the packed target's query starts and ends in text
	// (start > end when it has none).
	queryStart, queryEnd int
}

var packs = sync.Pool{New: func() interface{} {
	return &packed{text: make([]byte, 0, 1024), spans: make([]C.sigv4kit_span, 0, 64), out: make([]byte, 2048),
		names: make([]string, 0, 16), stripe: newStripe()}
}}

func (p *packed) reset() {
	p.text, p.spans, p.names = p.text[:0], p.spans[:0], p.names[:0]
}

func (p *packed) put(v string) {
	p.spans = append(p.spans, C.sigv4kit_span{offset: C.size_t(len(p.text)), len: C.size_t(len(v))})
	p.text = append(p.text, v...)
}

func (p *packed) pack(r *Request) {
	p.reset()
	p.put(r.Method)
	p.put(r.Target)
	for _, h := range r.Headers {
		p.put(h.Name)
		p.put(h.Value)
	}
}

// result is a signing result as one Go string and where its parts are (in
// the packed it was signed with, valid until that goes back to its pool).
type result struct {
	all    string
	layout *C.sigv4kit_signed_layout
}

// blockText is how many bytes of added header values a headerBlock holds:
// X-Amz-Date's and Authorization's without a session token (about 200),
// within one 288-byte allocation (a size class of the Go allocator).
const blockText = 256

// blockHeaders is how many added headers a headerBlock holds: the two of a
// signature without a session token or a content hash header. Those add a
// third, whose value does not leave room in the block anyway.
const blockHeaders = 2

// headerBlock is what Sign puts into req.Header, in one allocation instead
// of two: the array behind the slices of the added values, and the bytes
// of those values. More or longer values (a session token) take the two.
// Its size is what every Sign allocates, which sets how often the collector
// runs while goroutines sign: room for the two values it holds (288 bytes)
// rather than for five (320) is a tenth fewer bytes per signature.
type headerBlock struct {
	values [blockHeaders]string
	text   [blockText]byte
}

// addedNames are the names of the headers signing adds, as Go constants, so
// that Sign need not copy a name out of the result it signed.
var addedNames = [...]string{"X-Amz-Date", "Authorization", "X-Amz-Security-Token", "X-Amz-Content-Sha256", "X-Amz-Region-Set"}

// keptName is name (a view of pooled memory) as a string that may be kept.
func keptName(name string) string {
	for _, known := range addedNames {
		if name == known {
			return known
		}
	}
	return string(append([]byte(nil), name...))
}

// view is a string over b without a copy, for bytes that are not changed
// while it is used (Go 1.19 has no unsafe.String).
func view(b []byte) string {
	return *(*string)(unsafe.Pointer(&b))
}

func (r *result) part(s C.sigv4kit_span) string {
	return r.all[int(s.offset) : int(s.offset)+int(s.len)]
}

func (r *result) headers() int {
	return int(r.layout.headers_len)
}

func (r *result) header(i int) (string, string) {
	h := r.layout.headers[i]
	return r.part(h.name), r.part(h.value)
}

func (r *result) signed() *Signed {
	s := &Signed{
		PresignedTarget:  r.part(r.layout.target),
		Signature:        r.part(r.layout.signature),
		CanonicalRequest: r.part(r.layout.canonical_request),
		StringToSign:     r.part(r.layout.string_to_sign),
	}
	if n := r.headers(); n > 0 {
		s.AddedHeaders = s.addedStore[:n:n]
		for i := range s.AddedHeaders {
			s.AddedHeaders[i].Name, s.AddedHeaders[i].Value = r.header(i)
		}
	}
	n := int(r.layout.replaced_len)
	s.replaced = s.replacedStore[:n:n]
	for i := range s.replaced {
		s.replaced[i] = r.part(r.layout.replaced[i])
	}
	return s
}

// adds reports whether the result adds a header of exactly this name.
func (r *result) adds(name string) bool {
	for i := 0; i < r.headers(); i++ {
		if r.part(r.layout.headers[i].name) == name {
			return true
		}
	}
	return false
}

// replaces is Signed.ReplacesHeader without building a Signed.
func (r *result) replaces(name string) bool {
	for i := 0; i < int(r.layout.replaced_len); i++ {
		span := r.layout.replaced[i]
		if int(span.len) == len(name) && strings.EqualFold(r.part(span), name) {
			return true
		}
	}
	return false
}

// signPacked signs the request in p in one cgo call, which copies the whole
// result into p.out; only a result larger than p.out (a long token or
// target) takes a second call.
func (s *Signer) signPacked(p *packed, r *Request, t time.Time, presign bool, expires time.Duration, details bool) (result, error) {
	return s.signPackedView(p, r, t, presign, expires, details, false)
}

// signPackedView is signPacked, with the result's text left in p.out
// (valid until p is used again or goes back to its pool) when inPlace is
// set, for a caller that copies out only what it keeps.
func (s *Signer) signPackedView(p *packed, r *Request, t time.Time, presign bool, expires time.Duration, details, inPlace bool) (result, error) {
	var res result
	body := r.Body
	if r.Payload == PayloadPrecomputed {
		start := len(p.text)
		p.text = append(p.text, r.PayloadHash...)
		body = p.text[start:]
	}
	var bodyPtr *C.uint8_t
	if len(body) > 0 {
		bodyPtr = (*C.uint8_t)(unsafe.Pointer(&body[0]))
	}
	seconds := expires / time.Second
	if seconds < 0 {
		seconds = 0
	}
	flags := C.uint32_t(0)
	if presign {
		flags |= C.SIGV4KIT_SIGN_PRESIGN
	}
	if details {
		flags |= C.SIGV4KIT_COPY_DEBUG
	}
	defer s.mu.rlock(p.stripe).RUnlock()
	if s.signer == nil {
		return res, ErrClosed
	}
	// The pooled text always has room, so its first byte's address is
	// valid even for an empty text; pack always writes two spans.
	text := (*C.char)(unsafe.Pointer(&p.text[:1][0]))
	for {
		p.e = nil
		rc := C.sign_packed_handles(C.uintptr_t(uintptr(unsafe.Pointer(s.signer))), C.uintptr_t(uintptr(unsafe.Pointer(s.creds))), text, C.size_t(len(p.text)), &p.spans[0], C.size_t(len(p.spans)),
			C.uint32_t(r.Payload), bodyPtr, C.size_t(len(body)), C.int64_t(t.Unix()), C.uint64_t(seconds), flags,
			(*C.char)(unsafe.Pointer(&p.out[0])), C.size_t(len(p.out)), &p.layout, &p.n, (*C.uintptr_t)(unsafe.Pointer(&p.e)))
		if rc == C.SIGV4KIT_BUFFER_TOO_SMALL && int(p.n) > len(p.out) {
			// Rare: sign again into a buffer that fits (kept for next time).
			p.out = make([]byte, int(p.n))
			continue
		}
		if rc != C.SIGV4KIT_OK {
			e := p.e
			p.e = nil
			return res, newError(rc, e)
		}
		res.layout = &p.layout
		if inPlace {
			res.all = view(p.out[:int(p.n)])
		} else {
			res.all = string(p.out[:int(p.n)])
		}
		return res, nil
	}
}

// cRequest is a request copied into one block of C memory, for the calls
// that take a sigv4kit_request and sigv4kit_payload (structs of pointers,
// which Go memory passed to C must not hold): verification.
type cRequest struct {
	mem     unsafe.Pointer
	req     *C.sigv4kit_request
	payload *C.sigv4kit_payload
}

func newCRequest(r *Request, body []byte) *cRequest {
	reqSize := unsafe.Sizeof(C.sigv4kit_request{})
	paySize := unsafe.Sizeof(C.sigv4kit_payload{})
	hdrSize := unsafe.Sizeof(C.sigv4kit_header{}) * uintptr(len(r.Headers))
	textSize := uintptr(len(r.Method) + len(r.Target) + len(body))
	for _, h := range r.Headers {
		textSize += uintptr(len(h.Name) + len(h.Value))
	}
	mem := C.malloc(C.size_t(reqSize + paySize + hdrSize + textSize + 1))
	if mem == nil {
		panic("sigv4kit: out of memory")
	}
	c := &cRequest{mem: mem, req: (*C.sigv4kit_request)(mem), payload: (*C.sigv4kit_payload)(unsafe.Add(mem, reqSize))}
	headers := unsafe.Add(mem, reqSize+paySize)
	text := unsafe.Add(headers, hdrSize)
	put := func(v string) C.sigv4kit_str {
		at := (*C.char)(text)
		copy(unsafe.Slice((*byte)(text), len(v)), v)
		text = unsafe.Add(text, len(v))
		return C.sigv4kit_str{data: at, len: C.size_t(len(v))}
	}
	c.req.method = put(r.Method)
	c.req.target = put(r.Target)
	hs := unsafe.Slice((*C.sigv4kit_header)(headers), len(r.Headers))
	for i, h := range r.Headers {
		hs[i].name = put(h.Name)
		hs[i].value = put(h.Value)
	}
	c.req.headers = (*C.sigv4kit_header)(headers)
	c.req.headers_len = C.size_t(len(r.Headers))
	c.payload.kind = C.SIGV4KIT_PAYLOAD_BYTES
	c.payload.data = (*C.uint8_t)(text)
	c.payload.len = C.size_t(len(body))
	copy(unsafe.Slice((*byte)(text), len(body)), body)
	return c
}

func (c *cRequest) free() {
	C.free(c.mem)
}
