package sigv4kit

/*
#include "sigv4kit.h"
*/
import "C"

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// ChunkedMode is the aws-chunked form of an upload: what
// x-amz-content-sha256 says.
type ChunkedMode uint32

const (
	// ChunkedSigned is STREAMING-AWS4-HMAC-SHA256-PAYLOAD: every chunk
	// signed, chained from the head's signature.
	ChunkedSigned ChunkedMode = C.SIGV4KIT_CHUNKED_SIGNED
	// ChunkedSignedTrailer is STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER:
	// signed chunks and a signed trailing checksum.
	ChunkedSignedTrailer ChunkedMode = C.SIGV4KIT_CHUNKED_SIGNED_TRAILER
	// ChunkedUnsignedTrailer is STREAMING-UNSIGNED-PAYLOAD-TRAILER: unsigned
	// chunks and a trailing checksum (S3's flexible checksums).
	ChunkedUnsignedTrailer ChunkedMode = C.SIGV4KIT_CHUNKED_UNSIGNED_TRAILER
)

// Checksum is the trailing checksum of an upload.
type Checksum uint32

const (
	// ChecksumNone: no trailer (ChunkedSigned only).
	ChecksumNone Checksum = C.SIGV4KIT_CHECKSUM_NONE
	// ChecksumCRC32 sends x-amz-checksum-crc32.
	ChecksumCRC32 Checksum = C.SIGV4KIT_CHECKSUM_CRC32
	// ChecksumCRC32C sends x-amz-checksum-crc32c.
	ChecksumCRC32C Checksum = C.SIGV4KIT_CHECKSUM_CRC32C
	// ChecksumSHA256 sends x-amz-checksum-sha256.
	ChecksumSHA256 Checksum = C.SIGV4KIT_CHECKSUM_SHA256
)

// DefaultChunkSize is the chunk size SDKs use, 64 KiB.
const DefaultChunkSize = 64 * 1024

// ChunkedUpload is the plan of one aws-chunked upload: DecodedLength bytes
// of body in chunks of ChunkSize (0 means DefaultChunkSize; 8 KiB to 16 MiB).
type ChunkedUpload struct {
	Mode          ChunkedMode
	Checksum      Checksum
	DecodedLength int64
	ChunkSize     int
}

// ChunkedReader reads a body from the reader it wraps and returns it framed
// as aws-chunked, each chunk signed as it is read: it holds one chunk at a
// time, whatever the body's size. It fails with a *Error when the wrapped
// reader gives more or fewer bytes than the plan's DecodedLength. Close
// frees it (and closes the wrapped reader if it is an io.Closer).
type ChunkedReader struct {
	mu      sync.Mutex
	enc     *C.sigv4kit_chunked_encoder
	src     io.Reader
	buf     []byte
	pending []byte
	done    bool
	err     error
	length  int64
}

// Len is the framed body's length: the Content-Length to send.
func (c *ChunkedReader) Len() int64 {
	return c.length
}

// Read implements io.Reader.
func (c *ChunkedReader) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.pending) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		if c.done {
			return 0, io.EOF
		}
		if c.enc == nil {
			return 0, ErrClosed
		}
		c.fill()
	}
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}

// fill reads once from the source and frames what came.
func (c *ChunkedReader) fill() {
	n, readErr := c.src.Read(c.buf)
	var framed C.sigv4kit_str
	var e *C.sigv4kit_error
	if n > 0 {
		if err := check(C.sigv4kit_chunked_next(c.enc, (*C.uint8_t)(unsafe.Pointer(&c.buf[0])), C.size_t(n), &framed, &e), e); err != nil {
			c.err = err
			return
		}
		c.pending = append(c.pending[:0], unsafe.Slice((*byte)(unsafe.Pointer(framed.data)), int(framed.len))...)
	}
	switch {
	case readErr == io.EOF:
		if err := check(C.sigv4kit_chunked_finish(c.enc, &framed, &e), e); err != nil {
			c.err = err
			return
		}
		c.pending = append(c.pending, unsafe.Slice((*byte)(unsafe.Pointer(framed.data)), int(framed.len))...)
		c.done = true
	case readErr != nil:
		c.err = readErr
	}
}

// Close frees the encoder and closes the wrapped reader if it is an
// io.Closer; it is idempotent.
func (c *ChunkedReader) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	C.sigv4kit_chunked_encoder_free(c.enc)
	c.enc = nil
	if closer, ok := c.src.(io.Closer); ok {
		c.src = nil
		return closer.Close()
	}
	return nil
}

func newPlan(plan ChunkedUpload) (*C.sigv4kit_chunked_upload, error) {
	size := plan.ChunkSize
	if size == 0 {
		size = DefaultChunkSize
	}
	if plan.DecodedLength < 0 || size < 0 {
		return nil, &Error{Code: "invalid_payload", Field: "payload", Message: "invalid payload: the decoded length and chunk size must not be negative"}
	}
	var out *C.sigv4kit_chunked_upload
	var e *C.sigv4kit_error
	err := check(C.sigv4kit_chunked_upload_new(C.uint32_t(plan.Mode), C.uint32_t(plan.Checksum), C.uint64_t(plan.DecodedLength), C.size_t(size), &out, &e), e)
	return out, err
}

// withPlanHeaders is r's headers with the plan's (Content-Encoding,
// Content-Length, X-Amz-Decoded-Content-Length, X-Amz-Trailer) in place of
// any of the same name.
func withPlanHeaders(r *Request, plan *C.sigv4kit_chunked_upload) []Header {
	n := int(C.sigv4kit_chunked_upload_headers_len(plan))
	added := make([]Header, n)
	for i := range added {
		var h C.sigv4kit_header
		C.sigv4kit_chunked_upload_header(plan, C.size_t(i), &h)
		added[i] = Header{goString(h.name), goString(h.value)}
	}
	out := make([]Header, 0, len(r.Headers)+n)
	for _, h := range r.Headers {
		replaced := false
		for _, a := range added {
			replaced = replaced || strings.EqualFold(a.Name, h.Name)
		}
		if !replaced {
			out = append(out, h)
		}
	}
	return append(out, added...)
}

// SignChunkedRaw signs r's head for an aws-chunked upload by plan at time
// t (r.Body and r.Payload are ignored: the payload is the plan's
// STREAMING-… value) and returns what was signed, whose Headers(r) are the
// headers to send (the plan's included), and the body to send: body framed
// and signed as it is read. Send exactly ChunkedReader.Len() bytes of it.
func (s *Signer) SignChunkedRaw(r *Request, body io.Reader, plan ChunkedUpload, t time.Time) (*Signed, *ChunkedReader, error) {
	cplan, err := newPlan(plan)
	if err != nil {
		return nil, nil, err
	}
	defer C.sigv4kit_chunked_upload_free(cplan)
	head := Request{Method: r.Method, Target: r.Target, Headers: withPlanHeaders(r, cplan)}
	r.Headers = head.Headers
	value := goString(C.sigv4kit_chunked_upload_payload_value(cplan))
	cr := newCRequest(&head, []byte(value))
	defer cr.free()
	cr.payload.kind = C.SIGV4KIT_PAYLOAD_PRECOMPUTED

	defer s.mu.rlock(0).RUnlock()
	if s.signer == nil {
		return nil, nil, ErrClosed
	}
	var signed *C.sigv4kit_signed
	var e *C.sigv4kit_error
	if err := check(C.sigv4kit_sign(s.signer, s.creds, cr.req, cr.payload, C.int64_t(t.Unix()), &signed, &e), e); err != nil {
		return nil, nil, err
	}
	defer C.sigv4kit_signed_free(signed)
	out := &Signed{
		Signature:        goString(C.sigv4kit_signed_signature(signed)),
		CanonicalRequest: goString(C.sigv4kit_signed_canonical_request(signed)),
		StringToSign:     goString(C.sigv4kit_signed_string_to_sign(signed)),
	}
	for i := 0; i < int(C.sigv4kit_signed_added_headers_len(signed)); i++ {
		var h C.sigv4kit_header
		C.sigv4kit_signed_added_header(signed, C.size_t(i), &h)
		out.AddedHeaders = append(out.AddedHeaders, Header{goString(h.name), goString(h.value)})
	}
	for _, h := range head.Headers {
		n, l := cstr(h.Name)
		if C.sigv4kit_signed_replaces_header(signed, n, l) {
			out.replaced = append(out.replaced, h.Name)
		}
	}
	reader := &ChunkedReader{src: body, length: int64(C.sigv4kit_chunked_upload_encoded_length(cplan))}
	size := plan.ChunkSize
	if size == 0 {
		size = DefaultChunkSize
	}
	reader.buf = make([]byte, size)
	if err := check(C.sigv4kit_chunked_begin(cplan, s.creds, signed, &reader.enc, &e), e); err != nil {
		return nil, nil, err
	}
	return out, reader, nil
}

// SignChunked signs req in place for an aws-chunked upload of its body
// (req.ContentLength bytes: http.NewRequest sets it for a *bytes.Reader,
// *bytes.Buffer or *strings.Reader; set it yourself for a file) in mode,
// with checksum, in chunks of chunkSize (0: DefaultChunkSize). It sets the
// plan's headers and the signature's, replaces req.Body with a
// ChunkedReader over the old body and req.ContentLength with the framed
// length. The body cannot be replayed (req.GetBody is cleared): sign a new
// request to retry.
func (s *Signer) SignChunked(req *http.Request, mode ChunkedMode, checksum Checksum, chunkSize int) error {
	if req == nil {
		return &Error{Code: "invalid_target", Message: "invalid target: the request is nil"}
	}
	if req.ContentLength < 0 || (req.ContentLength > 0 && (req.Body == nil || req.Body == http.NoBody)) {
		return &Error{Code: "invalid_payload", Field: "payload", Message: "invalid payload: an aws-chunked upload needs req.ContentLength, the body's length"}
	}
	p := packs.Get().(*packed)
	defer packs.Put(p)
	var r Request
	if err := s.describe(req, false, p, &r); err != nil {
		return err
	}
	r.Target = string(p.text[p.spans[1].offset : p.spans[1].offset+p.spans[1].len])
	for i := 2; i+1 < len(p.spans); i += 2 {
		name, value := p.spans[i], p.spans[i+1]
		r.Headers = append(r.Headers, Header{string(p.text[name.offset : name.offset+name.len]), string(p.text[value.offset : value.offset+value.len])})
	}
	var body io.Reader = req.Body
	if body == nil {
		body = http.NoBody
	}
	plan := ChunkedUpload{Mode: mode, Checksum: checksum, DecodedLength: req.ContentLength, ChunkSize: chunkSize}
	signed, reader, err := s.SignChunkedRaw(&r, body, plan, s.now())
	if err != nil {
		return err
	}
	if p.queryStart <= p.queryEnd && string(p.text[p.queryStart:p.queryEnd]) != req.URL.RawQuery {
		req.URL.RawQuery = string(p.text[p.queryStart:p.queryEnd])
	}
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	// The plan's headers and the signature's replace any of the same name;
	// net/http writes Content-Length from req.ContentLength.
	for _, h := range r.Headers {
		if isPlanHeader(h.Name) {
			req.Header.Set(h.Name, h.Value)
		}
	}
	for _, h := range signed.AddedHeaders {
		req.Header.Set(h.Name, h.Value)
	}
	req.Body = reader
	req.GetBody = nil
	req.ContentLength = reader.Len()
	return nil
}

func isPlanHeader(name string) bool {
	for _, n := range []string{"Content-Encoding", "X-Amz-Decoded-Content-Length", "X-Amz-Trailer"} {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}
