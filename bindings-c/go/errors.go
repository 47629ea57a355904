package sigv4kit

import (
	"errors"
	"fmt"
)

// Error is what every failing call of this package returns: Code is the
// conformance error code shared by all sigv4kit bindings (such as
// "invalid_header"), Message names the field at fault and never quotes a
// value or a secret, Field is that field as every binding names it
// ("headers", "region", "session_token", ...; empty when no one field is at
// fault). Compare with errors.Is against the Err* values.
type Error struct {
	Code    string
	Message string
	Field   string
	// For a signature_mismatch from a Verifier: what the verifier signed.
	CanonicalRequest, StringToSign string
}

func (e *Error) Error() string {
	return "sigv4kit: " + e.Message
}

// GoString is what %#v prints: the code, field and message, never the
// CanonicalRequest of a mismatch, which can hold the session token (%v and
// %+v print Error()).
func (e *Error) GoString() string {
	return fmt.Sprintf("&sigv4kit.Error{Code:%q, Field:%q, Message:%q}", e.Code, e.Field, e.Message)
}

// Is matches an *Error with the same Code, so that
// errors.Is(err, sigv4kit.ErrInvalidHeader) works.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code
}

// The errors a signing call can return, for errors.Is.
var (
	ErrInvalidMethod      = &Error{Code: "invalid_method", Message: "invalid method"}
	ErrInvalidTarget      = &Error{Code: "invalid_target", Message: "invalid target"}
	ErrInvalidHeader      = &Error{Code: "invalid_header", Message: "invalid header"}
	ErrInvalidCredentials = &Error{Code: "invalid_credentials", Message: "invalid credentials"}
	ErrInvalidRegion      = &Error{Code: "invalid_region", Message: "invalid region"}
	ErrInvalidService     = &Error{Code: "invalid_service", Message: "invalid service"}
	ErrInvalidTimestamp   = &Error{Code: "invalid_timestamp", Message: "invalid timestamp"}
	ErrInvalidExpiry      = &Error{Code: "invalid_expiry", Message: "invalid expires_in"}
	ErrInvalidPayload     = &Error{Code: "invalid_payload", Message: "invalid payload"}
	// ErrNotFound: the credential chain found no source configured (a
	// *ChainError with NotFound).
	ErrNotFound = &Error{Code: "not_found", Message: "no credentials found"}
	// ErrClosed is returned by a Signer used after Close.
	ErrClosed = &Error{Code: "closed", Message: "the signer is closed"}
)
