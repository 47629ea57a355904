package sigv4kit

/*
#include "sigv4kit.h"
*/
import "C"

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"time"
)

// Verifier checks SigV4 signatures of incoming requests, as API Gateway's
// IAM authorizer does: it reads the presented signature, asks Lookup for the
// credentials of the presented access key id, and verifies.
type Verifier struct {
	// Lookup returns the credentials of an access key id (with the session
	// token issued with it, for temporary keys), or an error when the key is
	// unknown.
	Lookup func(accessKeyID string) (Credentials, error)
	// Region and Service, when set, are what the credential scope must name.
	Region, Service string
	// MaxClockSkew is how far a header signature's time may be from now;
	// zero means 5 minutes, as AWS allows.
	MaxClockSkew time.Duration
	// DoubleEncodePath says whether the signer percent-encoded the path
	// once more before signing; nil means true, as every service but S3
	// signs. Set it apart from NormalizePath when a signer did one and not
	// the other.
	DoubleEncodePath *bool
	// NormalizePath says whether the signer removed "." and ".." segments
	// and collapsed "//" before signing; nil means true, as every service
	// but S3 signs.
	NormalizePath *bool
	// S3Paths is shorthand for DoubleEncodePath and NormalizePath both
	// false, as S3 signers sign. DoubleEncodePath or NormalizePath, when
	// set, wins over it for that setting.
	S3Paths bool
	// Now replaces time.Now.
	Now func() time.Time
	// AllowUnsignedPayload says whether a signed UNSIGNED-PAYLOAD is
	// accepted; nil follows AWS: only for the S3 family (s3,
	// s3-object-lambda, s3-outposts, s3express).
	AllowUnsignedPayload *bool
}

// Verified is what an accepted request was signed with.
type Verified struct {
	AccessKeyID      string
	Region           string
	Service          string
	Presigned        bool
	SignedAt         time.Time
	CanonicalRequest string
	StringToSign     string
}

// Format prints a Verified without its CanonicalRequest, which holds the
// session token when one was presented (an X-Amz-Security-Token header or
// query parameter): every verb shows the field's length instead. Read the
// field itself to see it.
func (v Verified) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, "{AccessKeyID:%s Region:%s Service:%s Presigned:%t SignedAt:%s CanonicalRequest:(%d bytes, not printed) StringToSign:%q}",
		v.AccessKeyID, v.Region, v.Service, v.Presigned, v.SignedAt.Format(time.RFC3339), len(v.CanonicalRequest), v.StringToSign)
}

// The reasons a verification refuses a request, for errors.Is. A
// signature_mismatch *Error carries the verifier's CanonicalRequest and
// StringToSign.
var (
	ErrMissingAuthentication       = &Error{Code: "missing_authentication", Message: "the request is not signed"}
	ErrMalformedSignature          = &Error{Code: "malformed_signature", Message: "malformed signature"}
	ErrWrongScope                  = &Error{Code: "wrong_scope", Message: "the credential scope is not the expected one"}
	ErrInvalidSessionToken         = &Error{Code: "invalid_session_token", Message: "the security token included in the request is invalid"}
	ErrSignatureExpired            = &Error{Code: "signature_expired", Message: "signature expired"}
	ErrPresignedURLExpired         = &Error{Code: "presigned_url_expired", Message: "presigned URL expired"}
	ErrPayloadHashMismatch         = &Error{Code: "payload_hash_mismatch", Message: "x-amz-content-sha256 does not match the body"}
	ErrSignatureMismatch           = &Error{Code: "signature_mismatch", Message: "the signature does not match the request"}
	ErrExpiredCredentials          = &Error{Code: "expired_credentials", Message: "the credentials have expired"}
	ErrUnsignedPayloadNotAllowed   = &Error{Code: "unsigned_payload_not_allowed", Message: "UNSIGNED-PAYLOAD is not accepted for this service"}
	ErrStreamingPayloadUnsupported = &Error{Code: "streaming_payload_unsupported", Message: "this STREAMING payload cannot be checked"}
	ErrDuplicateAuthParameter      = &Error{Code: "duplicate_auth_parameter", Message: "an authentication parameter is given twice"}
	ErrUnsignedHeader              = &Error{Code: "unsigned_header", Message: "a header that must be signed is not"}
	ErrMissingSignedHeader         = &Error{Code: "missing_signed_header", Message: "a signed header is missing from the request"}
	ErrTooManySignedHeaders        = &Error{Code: "too_many_signed_headers", Message: "SignedHeaders lists too many names"}
	ErrMalformedChunk              = &Error{Code: "malformed_chunk", Message: "malformed aws-chunked body"}
	ErrChunkTooLarge               = &Error{Code: "chunk_too_large", Message: "a chunk is too large"}
	ErrChunkSignatureMismatch      = &Error{Code: "chunk_signature_mismatch", Message: "a chunk signature does not match"}
	ErrTruncatedStream             = &Error{Code: "truncated_stream", Message: "the chunked body is truncated"}
	ErrDataAfterFinalChunk         = &Error{Code: "data_after_final_chunk", Message: "bytes follow the chunked body"}
	ErrDecodedLengthMismatch       = &Error{Code: "decoded_length_mismatch", Message: "the decoded length does not match"}
	ErrMalformedTrailer            = &Error{Code: "malformed_trailer", Message: "malformed trailer"}
	ErrTrailerSignatureMismatch    = &Error{Code: "trailer_signature_mismatch", Message: "the trailer signature does not match"}
	ErrChecksumMismatch            = &Error{Code: "checksum_mismatch", Message: "the trailing checksum does not match"}
	ErrInvalidRequest              = &Error{Code: "invalid_request", Message: "the request cannot be verified"}
	// ErrUnknownAccessKey is returned when Lookup fails.
	ErrUnknownAccessKey = &Error{Code: "unknown_access_key", Message: "the security token included in the request is invalid"}
)

// Verify checks the signature of r, a request received by a net/http
// server. The body is read and put back for the handler. r.Header must be
// keyed as net/http's server keys it (canonical names, values in arrival
// order): a hand-built Header holding one name under two spellings cannot
// say in which order their values arrived, and the signature covers it.
func (v *Verifier) Verify(r *http.Request) (*Verified, error) {
	desc := &Request{Method: r.Method, Target: r.RequestURI}
	if desc.Target == "" && r.URL != nil {
		desc.Target = r.URL.RequestURI()
	}
	// net/http keeps Host apart from the other headers. A request without
	// one (HTTP/1.0) gets none here either: an empty Host would be signed
	// as present.
	if r.Host != "" {
		desc.Headers = append(desc.Headers, Header{"Host", r.Host})
	}
	names := make([]string, 0, len(r.Header))
	for name := range r.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, value := range r.Header[name] {
			desc.Headers = append(desc.Headers, Header{name, value})
		}
	}
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			return nil, fmt.Errorf("sigv4kit: reading the request body: %w", err)
		}
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	cr := newCRequest(desc, body)
	defer cr.free()

	var presented *C.sigv4kit_presented
	var e *C.sigv4kit_error
	if err := check(C.sigv4kit_presented_parse(cr.req, &presented, &e), e); err != nil {
		return nil, err
	}
	defer C.sigv4kit_presented_free(presented)
	keyID := goString(C.sigv4kit_presented_access_key_id(presented))
	if v.Lookup == nil {
		return nil, ErrUnknownAccessKey
	}
	found, lookupErr := v.Lookup(keyID)
	if lookupErr != nil {
		return nil, ErrUnknownAccessKey
	}
	creds, err := newCredentials(found)
	if err != nil {
		return nil, err
	}
	defer C.sigv4kit_credentials_free(creds)
	settings, err := v.settings()
	if err != nil {
		return nil, err
	}
	defer C.sigv4kit_verify_settings_free(settings)
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}

	var verified *C.sigv4kit_verified
	var mismatch *C.sigv4kit_mismatch
	rc := C.sigv4kit_presented_verify(presented, cr.req, cr.payload, creds, C.int64_t(now().Unix()), settings,
		&verified, &mismatch, &e)
	if rc != C.SIGV4KIT_OK {
		err := newError(rc, e)
		if mismatch != nil {
			err.CanonicalRequest = goString(C.sigv4kit_mismatch_canonical_request(mismatch))
			err.StringToSign = goString(C.sigv4kit_mismatch_string_to_sign(mismatch))
			C.sigv4kit_mismatch_free(mismatch)
		}
		return nil, err
	}
	defer C.sigv4kit_verified_free(verified)
	return &Verified{
		AccessKeyID:      goString(C.sigv4kit_verified_access_key_id(verified)),
		Region:           goString(C.sigv4kit_verified_region(verified)),
		Service:          goString(C.sigv4kit_verified_service(verified)),
		Presigned:        C.sigv4kit_verified_location(verified) == C.SIGV4KIT_LOCATION_QUERY,
		SignedAt:         time.Unix(int64(C.sigv4kit_verified_signed_at(verified)), 0).UTC(),
		CanonicalRequest: goString(C.sigv4kit_verified_canonical_request(verified)),
		StringToSign:     goString(C.sigv4kit_verified_string_to_sign(verified)),
	}, nil
}

func (v *Verifier) settings() (*C.sigv4kit_verify_settings, error) {
	var settings *C.sigv4kit_verify_settings
	err := check(func() C.sigv4kit_result {
		rc := C.sigv4kit_verify_settings_new(&settings)
		if rc == C.SIGV4KIT_OK {
			rc = C.sigv4kit_verify_settings_set_double_encode_path(settings, C.bool(v.pathSetting(v.DoubleEncodePath)))
		}
		if rc == C.SIGV4KIT_OK {
			rc = C.sigv4kit_verify_settings_set_normalize_path(settings, C.bool(v.pathSetting(v.NormalizePath)))
		}
		if rc == C.SIGV4KIT_OK && v.MaxClockSkew != 0 {
			rc = C.sigv4kit_verify_settings_set_max_clock_skew(settings, C.int64_t(v.MaxClockSkew/time.Second))
		}
		if rc == C.SIGV4KIT_OK && v.Region != "" {
			p, n := cstr(v.Region)
			rc = C.sigv4kit_verify_settings_set_region(settings, p, n)
		}
		if rc == C.SIGV4KIT_OK && v.Service != "" {
			p, n := cstr(v.Service)
			rc = C.sigv4kit_verify_settings_set_service(settings, p, n)
		}
		if rc == C.SIGV4KIT_OK && v.AllowUnsignedPayload != nil {
			policy := C.uint32_t(C.SIGV4KIT_UNSIGNED_PAYLOAD_REFUSE)
			if *v.AllowUnsignedPayload {
				policy = C.SIGV4KIT_UNSIGNED_PAYLOAD_ALLOW
			}
			rc = C.sigv4kit_verify_settings_set_unsigned_payload(settings, policy)
		}
		return rc
	}(), nil)
	if err != nil {
		C.sigv4kit_verify_settings_free(settings)
		return nil, err
	}
	return settings, nil
}

// pathSetting is one path setting: the field when set, else false under
// S3Paths and true (the default of every service but S3) otherwise.
func (v *Verifier) pathSetting(field *bool) bool {
	if field != nil {
		return *field
	}
	return !v.S3Paths
}

type verifiedKey struct{}

// VerifiedFrom returns what the Middleware accepted a request with.
func VerifiedFrom(ctx context.Context) (*Verified, bool) {
	v, ok := ctx.Value(verifiedKey{}).(*Verified)
	return v, ok
}

// Middleware passes to next only requests whose signature verifies (with
// the Verified in their context), and answers the others 403 with a JSON
// message, as API Gateway does; a signature mismatch quotes the canonical
// request and string to sign the verifier expected.
func (v *Verifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		verified, err := v.Verify(r)
		if err != nil {
			message := err.Error()
			if e, ok := err.(*Error); ok {
				message = e.Message
				if e.Code == "signature_mismatch" {
					message = fmt.Sprintf("The request signature we calculated does not match the signature you provided. "+
						"The Canonical String for this request should have been\n'%s'\n\nThe String-to-Sign should have been\n'%s'\n",
						e.CanonicalRequest, e.StringToSign)
				}
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_ = json.NewEncoder(w).Encode(map[string]string{"message": message})
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), verifiedKey{}, verified)))
	})
}
