package sigv4kit

/*
#include "sigv4kit.h"
*/
import "C"

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// notFromHeader tells the headers net/http writes from Request fields
// rather than from Header, or changes on the way: signing them would sign
// something else than is sent.
func notFromHeader(name string) bool {
	switch len(name) {
	case len("Host"):
		return strings.EqualFold(name, "Host")
	case len("Connection"):
		return strings.EqualFold(name, "Connection")
	case len("Content-Length"):
		return strings.EqualFold(name, "Content-Length")
	case len("Transfer-Encoding"):
		return strings.EqualFold(name, "Transfer-Encoding")
	}
	return false
}

// Sign signs req in place with an Authorization header at the signer's
// clock time: it adds X-Amz-Date, Authorization and, as the options call for,
// X-Amz-Security-Token and X-Amz-Content-Sha256 to req.Header (dropping the
// stale copies the core names). A raw '+' in req.URL.RawQuery (what
// url.Values.Encode writes for a space) is rewritten to %20, the core's wire
// form: API Gateway reads a raw '+' as a space and S3 as a plus, %20 is a
// space to both; a literal plus is %2B and stays so. The body is
// read to be hashed and put back (req.Body, req.GetBody and
// req.ContentLength are set so that it can be sent, and sent again on a
// redirect or retry). Sign again before each retry.
func (s *Signer) Sign(req *http.Request) error {
	_, err := s.signHTTP(req, s.now(), false)
	return err
}

// SignAt is Sign at time t, returning what was signed (for debugging a 403).
func (s *Signer) SignAt(req *http.Request, t time.Time) (*Signed, error) {
	return s.signHTTP(req, t, true)
}

func (s *Signer) signHTTP(req *http.Request, t time.Time, details bool) (*Signed, error) {
	p := packs.Get().(*packed)
	defer packs.Put(p)
	var r Request
	if err := s.describe(req, true, p, &r); err != nil {
		return nil, err
	}
	res, err := s.signPackedView(p, &r, t, false, 0, details, !details)
	if err != nil {
		return nil, err
	}
	if p.queryStart <= p.queryEnd && string(p.text[p.queryStart:p.queryEnd]) != req.URL.RawQuery {
		req.URL.RawQuery = string(p.text[p.queryStart:p.queryEnd]) // the wire form that was signed
	}
	if req.Header == nil {
		req.Header = make(http.Header, res.headers())
	}
	for _, name := range p.names {
		if res.replaces(name) && !res.adds(name) {
			delete(req.Header, name)
		}
	}
	if details {
		// The result is a Go string of its own: the headers are parts of it.
		values := make([]string, res.headers())
		for i := range values {
			name, value := res.header(i)
			values[i] = value
			req.Header[name] = values[i : i+1 : i+1]
		}
		return res.signed(), nil
	}
	res.keepHeaders(req.Header)
	return nil, nil
}

// keepHeaders sets the added headers of a result still in its pooled
// buffer: their values copied into one headerBlock when they fit (else a
// slice and a text), their names Go constants. The names are in canonical
// form already, and each replaces the entry of its exact name.
func (r *result) keepHeaders(h http.Header) {
	n, size := r.headers(), 0
	for i := 0; i < n; i++ {
		size += int(r.layout.headers[i].value.len)
	}
	var values []string
	var text []byte
	if n <= blockHeaders && size <= blockText {
		b := new(headerBlock)
		values, text = b.values[:n:n], b.text[:0:size]
	} else {
		values, text = make([]string, n), make([]byte, 0, size)
	}
	for i := range values {
		name, value := r.header(i)
		start := len(text)
		text = append(text, value...) // within its capacity: never moved
		values[i] = view(text[start:])
		h[keptName(name)] = values[i : i+1 : i+1]
	}
}

// Presign returns a presigned URL for req, valid for expires (1 s to 7
// days) from the signer's clock time, its query in the core's wire form
// (no raw '+', see Sign). For an S3-family service it signs UNSIGNED-PAYLOAD
// (the core's default), as S3 and botocore do. Only Host and the headers in
// req.Header are signed, and whoever uses the URL must send those same
// headers. req is not changed.
func (s *Signer) Presign(req *http.Request, expires time.Duration) (string, error) {
	return s.PresignAt(req, s.now(), expires)
}

// PresignAt is Presign at time t.
func (s *Signer) PresignAt(req *http.Request, t time.Time, expires time.Duration) (string, error) {
	p := packs.Get().(*packed)
	defer packs.Put(p)
	var r Request
	if err := s.describe(req, false, p, &r); err != nil {
		return "", err
	}
	res, err := s.signPacked(p, &r, t, true, expires, false)
	if err != nil {
		return "", err
	}
	scheme := req.URL.Scheme
	if scheme == "" {
		scheme = "https"
	}
	return scheme + "://" + requestHost(req) + res.part(res.layout.target), nil
}

// putTarget packs the target of the request line for u, in the core's
// wire form (no raw '+' in the query), and notes where its query is.
// Usually nothing is allocated: the path and the query are appended as
// they are, and only a query with a '+' takes a call to the core's rule.
func (p *packed) putTarget(u *url.URL) error {
	p.queryStart, p.queryEnd = 1, 0
	if u.Opaque != "" {
		target, err := wireTarget(u.RequestURI())
		if err != nil {
			return err
		}
		if _, query, ok := strings.Cut(target, "?"); ok {
			p.queryStart = len(p.text) + len(target) - len(query)
			p.queryEnd = p.queryStart + len(query)
		}
		p.put(target)
		return nil
	}
	start := len(p.text)
	path := escapedPath(u)
	if path == "" {
		path = "/"
	}
	p.text = append(p.text, path...)
	if u.ForceQuery || u.RawQuery != "" {
		p.text = append(p.text, '?')
		p.queryStart = len(p.text)
		if strings.IndexByte(u.RawQuery, '+') < 0 {
			p.text = append(p.text, u.RawQuery...)
		} else {
			wire, err := wireTarget("/?" + u.RawQuery)
			if err != nil {
				return err
			}
			p.text = append(p.text, wire[2:]...)
		}
		p.queryEnd = len(p.text)
	}
	p.spans = append(p.spans, C.sigv4kit_span{offset: C.size_t(start), len: C.size_t(len(p.text) - start)})
	return nil
}

// escapedPath is u.EscapedPath(), the path net/http sends, without that
// method's escaping pass over every byte for the usual path: with no
// RawPath and only letters, digits, "-._~" and '/', which it would return
// unchanged.
func escapedPath(u *url.URL) string {
	if u.RawPath == "" && plainPath(u.Path) {
		return u.Path
	}
	return u.EscapedPath()
}

func plainPath(path string) bool {
	for i := 0; i < len(path); i++ {
		c := path[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
			return false
		}
	}
	return true
}

type namedValues struct {
	name   string
	values []string
}

func requestHost(req *http.Request) string {
	if req.Host != "" {
		return req.Host
	}
	return req.URL.Host
}

// describe packs req into p as the exact request net/http will send: the
// target of the request line, Host, the headers of req.Header (in the order
// net/http writes them: names sorted, values in order); r receives the
// method, target, body and payload kind.
func (s *Signer) describe(req *http.Request, readBody bool, p *packed, r *Request) error {
	if req == nil || req.URL == nil {
		return &Error{Code: "invalid_target", Message: "invalid target: the request has no URL"}
	}
	r.Method = req.Method
	if r.Method == "" {
		r.Method = http.MethodGet
	}
	p.reset()
	p.put(r.Method)
	if err := p.putTarget(req.URL); err != nil {
		return err
	}
	p.put("Host")
	p.put(requestHost(req))
	// One pass over the map: names and values together, no lookups.
	var small [16]namedValues
	headers := small[:0]
	for name, values := range req.Header {
		if !notFromHeader(name) {
			headers = append(headers, namedValues{name, values})
		}
	}
	// Insertion sort: a handful of names, and no allocation.
	for i := 1; i < len(headers); i++ {
		for j := i; j > 0 && headers[j].name < headers[j-1].name; j-- {
			headers[j], headers[j-1] = headers[j-1], headers[j]
		}
	}
	for _, h := range headers {
		p.names = append(p.names, h.name)
		for _, value := range h.values {
			p.put(h.name)
			p.put(value)
		}
	}
	if s.unsigned {
		r.Payload = PayloadUnsigned
		return nil
	}
	r.Payload = PayloadDefault
	if readBody && req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		closeErr := req.Body.Close()
		if err == nil {
			err = closeErr
		}
		if err != nil {
			return fmt.Errorf("sigv4kit: reading the request body: %w", err)
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		req.ContentLength = int64(len(body))
		r.Body = body
	}
	return nil
}
