// Package sigv4kit signs HTTP requests with AWS Signature Version 4 through
// libsigv4kit, the C library of the sigv4kit Rust core.
//
//	signer, err := sigv4kit.NewSigner("us-east-1", "execute-api", sigv4kit.Credentials{
//		AccessKeyID: os.Getenv("AWS_ACCESS_KEY_ID"), SecretAccessKey: os.Getenv("AWS_SECRET_ACCESS_KEY"),
//	})
//	if err != nil { ... }
//	defer signer.Close()
//	req, _ := http.NewRequest("GET", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets", nil)
//	if err := signer.Sign(req); err != nil { ... }
//	resp, err := http.DefaultClient.Do(req)
//
// A Signer owns C memory: Close frees it at once (no finalizer is involved).
// A Signer is safe for concurrent use by multiple goroutines.
package sigv4kit

/*
#include "sigv4kit.h"
*/
import "C"

import (
	"time"
)

// Option changes how a Signer signs. The defaults depend on the service:
// every service but S3 double-encodes and normalizes paths; "s3" does
// neither and signs X-Amz-Content-Sha256.
type Option func(*options)

type options struct {
	set      []func(*C.sigv4kit_settings) C.sigv4kit_result
	unsigned bool
	now      func() time.Time
}

func setting(f func(*C.sigv4kit_settings, C.bool) C.sigv4kit_result, v bool) Option {
	return func(o *options) {
		o.set = append(o.set, func(s *C.sigv4kit_settings) C.sigv4kit_result { return f(s, C.bool(v)) })
	}
}

// WithDoubleEncodePath percent-encodes the path once more before signing
// (true for every service but S3).
func WithDoubleEncodePath(v bool) Option {
	return setting(func(s *C.sigv4kit_settings, b C.bool) C.sigv4kit_result {
		return C.sigv4kit_settings_set_double_encode_path(s, b)
	}, v)
}

// WithNormalizePath removes "." and ".." segments and collapses "//" before
// signing (true for every service but S3).
func WithNormalizePath(v bool) Option {
	return setting(func(s *C.sigv4kit_settings, b C.bool) C.sigv4kit_result {
		return C.sigv4kit_settings_set_normalize_path(s, b)
	}, v)
}

// WithContentSHA256Header also sends and signs X-Amz-Content-Sha256 (S3
// requires it).
func WithContentSHA256Header(v bool) Option {
	return setting(func(s *C.sigv4kit_settings, b C.bool) C.sigv4kit_result {
		return C.sigv4kit_settings_set_content_sha256_header(s, b)
	}, v)
}

// WithOmitSessionToken adds the session token after signing instead of
// signing it (AWS IoT).
func WithOmitSessionToken(v bool) Option {
	return setting(func(s *C.sigv4kit_settings, b C.bool) C.sigv4kit_result {
		return C.sigv4kit_settings_set_omit_session_token(s, b)
	}, v)
}

// Algorithm is the signature a Signer makes: SigV4 (the default) or SigV4a.
type Algorithm uint32

const (
	// SigV4 is AWS4-HMAC-SHA256.
	SigV4 Algorithm = C.SIGV4KIT_ALGORITHM_SIGV4
	// SigV4a is AWS4-ECDSA-P256-SHA256: the signer's region is then a region
	// set ("*", "us-east-1", "us-east-1,us-west-2"), sent in X-Amz-Region-Set,
	// and the signature is ECDSA P-256 under a key derived from the secret.
	SigV4a Algorithm = C.SIGV4KIT_ALGORITHM_SIGV4A
)

// WithAlgorithm chooses SigV4 or SigV4a.
func WithAlgorithm(a Algorithm) Option {
	return func(o *options) {
		o.set = append(o.set, func(s *C.sigv4kit_settings) C.sigv4kit_result {
			return C.sigv4kit_settings_set_algorithm(s, C.uint32_t(a))
		})
	}
}

// WithUnsignedPayload makes Sign use UNSIGNED-PAYLOAD instead of hashing the
// body, which then is not read (S3 uploads of streams).
func WithUnsignedPayload() Option {
	return func(o *options) { o.unsigned = true }
}

// WithClock replaces time.Now as the source of signing times.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// Signer signs requests for one region and service with one set of
// credentials, which SetCredentials replaces (for temporary credentials
// that are refreshed).
type Signer struct {
	// Read by every signature, written only under every stripe of mu.
	signer   *C.sigv4kit_signer
	creds    *C.sigv4kit_credentials
	keyID    string
	tokenLen int
	unsigned bool
	now      func() time.Time
	mu       stripedLock // write-held by Close and SetCredentials
}

// NewSigner checks region, service and credentials and returns a signer.
// Call Close when done with it.
func NewSigner(region, service string, creds Credentials, opts ...Option) (*Signer, error) {
	o := options{now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	var settings *C.sigv4kit_settings
	var e *C.sigv4kit_error
	r, rl := cstr(region)
	sv, sl := cstr(service)
	if err := check(C.sigv4kit_settings_new(r, rl, sv, sl, &settings, &e), e); err != nil {
		return nil, err
	}
	defer C.sigv4kit_settings_free(settings)
	for _, set := range o.set {
		if err := check(set(settings), nil); err != nil {
			return nil, err
		}
	}
	s := &Signer{unsigned: o.unsigned, now: o.now}
	if err := check(C.sigv4kit_signer_new_with_settings(settings, &s.signer, &e), e); err != nil {
		return nil, err
	}
	if err := s.SetCredentials(creds); err != nil {
		C.sigv4kit_signer_free(s.signer)
		return nil, err
	}
	return s, nil
}

func newCredentials(c Credentials) (*C.sigv4kit_credentials, error) {
	var out *C.sigv4kit_credentials
	expires := int64(-1)
	if !c.Expires.IsZero() {
		expires = c.Expires.Unix()
	}
	var e *C.sigv4kit_error
	a, al := cstr(c.AccessKeyID)
	s, sl := cstr(c.SecretAccessKey)
	t, tl := cstr(c.SessionToken)
	err := check(C.sigv4kit_credentials_new(a, al, s, sl, t, tl, C.int64_t(expires), &out, &e), e)
	return out, err
}

// SetCredentials replaces the credentials the signer signs with. Requests
// being signed meanwhile finish with the old ones.
func (s *Signer) SetCredentials(c Credentials) error {
	fresh, err := newCredentials(c)
	if err != nil {
		return err
	}
	s.mu.lock()
	defer s.mu.unlock()
	if s.signer == nil {
		C.sigv4kit_credentials_free(fresh)
		return ErrClosed
	}
	C.sigv4kit_credentials_free(s.creds)
	s.creds = fresh
	s.keyID = c.AccessKeyID
	s.tokenLen = len(c.SessionToken)
	return nil
}

// AccessKeyID is the access key id of the current credentials.
func (s *Signer) AccessKeyID() string {
	defer s.mu.rlock(0).RUnlock()
	return s.keyID
}

// Close frees the signer's C memory, wiping the secret. It waits for
// signatures in progress; later calls return ErrClosed. Close is idempotent.
func (s *Signer) Close() error {
	s.mu.lock()
	defer s.mu.unlock()
	C.sigv4kit_credentials_free(s.creds)
	C.sigv4kit_signer_free(s.signer)
	s.creds, s.signer = nil, nil
	return nil
}

// DefaultExpiresIn is the lifetime of a presigned URL when the caller has no
// other in mind: the core's, the same in every sigv4kit binding (3600 s, as
// botocore and the AWS CLI).
var DefaultExpiresIn = time.Duration(C.sigv4kit_default_expires_in()) * time.Second
