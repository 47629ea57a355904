package sigv4kit

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sort"
	"time"
)

// Headers net/http writes from Request fields rather than from Header, or
// changes on the way: signing them would sign something else than is sent.
var notFromHeader = map[string]bool{"Host": true, "Content-Length": true, "Transfer-Encoding": true, "Connection": true}

// Sign signs req in place with an Authorization header at the signer's
// clock time: it adds X-Amz-Date, Authorization and, as the options call for,
// X-Amz-Security-Token and X-Amz-Content-Sha256 to req.Header. The body is
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
	r, err := s.describe(req, true)
	if err != nil {
		return nil, err
	}
	signed, err := s.sign(r, t, false, 0, details)
	if err != nil {
		return nil, err
	}
	for _, h := range signed.AddedHeaders {
		req.Header.Set(h.Name, h.Value)
	}
	return signed, nil
}

// Presign returns a presigned URL for req, valid for expires (1 s to 7
// days) from the signer's clock time. Only Host and the headers in
// req.Header are signed, and whoever uses the URL must send those same
// headers. req is not changed.
func (s *Signer) Presign(req *http.Request, expires time.Duration) (string, error) {
	return s.PresignAt(req, s.now(), expires)
}

// PresignAt is Presign at time t.
func (s *Signer) PresignAt(req *http.Request, t time.Time, expires time.Duration) (string, error) {
	r, err := s.describe(req, false)
	if err != nil {
		return "", err
	}
	signed, err := s.sign(r, t, true, expires, false)
	if err != nil {
		return "", err
	}
	scheme := req.URL.Scheme
	if scheme == "" {
		scheme = "https"
	}
	return scheme + "://" + requestHost(req) + signed.PresignedTarget, nil
}

func requestHost(req *http.Request) string {
	if req.Host != "" {
		return req.Host
	}
	return req.URL.Host
}

// describe turns req into the exact request net/http will send: the target
// of the request line, Host, the headers of req.Header, and the body.
func (s *Signer) describe(req *http.Request, readBody bool) (*Request, error) {
	if req == nil || req.URL == nil {
		return nil, &Error{Code: "invalid_target", Message: "invalid target: the request has no URL"}
	}
	r := &Request{Method: req.Method, Target: req.URL.RequestURI()}
	if r.Method == "" {
		r.Method = http.MethodGet
	}
	r.Headers = append(r.Headers, Header{"Host", requestHost(req)})
	names := make([]string, 0, len(req.Header))
	for name := range req.Header {
		if !notFromHeader[http.CanonicalHeaderKey(name)] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		for _, value := range req.Header[name] {
			r.Headers = append(r.Headers, Header{name, value})
		}
	}
	if s.unsigned {
		r.Payload = PayloadUnsigned
		return r, nil
	}
	if readBody && req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		closeErr := req.Body.Close()
		if err == nil {
			err = closeErr
		}
		if err != nil {
			return nil, fmt.Errorf("sigv4kit: reading the request body: %w", err)
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		req.ContentLength = int64(len(body))
		r.Body = body
	}
	return r, nil
}
