package sigv4kit

/*
#include "sigv4kit.h"
*/
import "C"

// Diagnosis is the core's reading of a 403: which part of the signed
// request the service disagrees with, what it computed and what was
// signed, what usually causes that, and what to change. It is the same in
// every sigv4kit binding. Nothing in it is secret: a session token in a
// quoted line is redacted.
type Diagnosis struct {
	// Finding is the stable name of what the 403 points at: "method",
	// "path", "query", "header", "signed_headers", "payload_hash",
	// "scope_region", "signing_key", "clock_skew", "wrong_region", ...
	Finding string
	// Part names it in words: "path", "header content-type", "scope region".
	Part string
	// Line is the line (1-based) of the canonical request or string to
	// sign that differs; 0 when the error quoted none.
	Line int
	// Expected is what the service computed or expects, Signed what was
	// signed in its place; nil when not known (an empty line is "").
	Expected, Signed *string
	// ErrorCode is the code the service sent or implied
	// ("SignatureDoesNotMatch", "RequestTimeTooSkewed", ...); nil if none.
	ErrorCode *string
	// Cause is what usually causes this finding; Hint what to change.
	Cause, Hint string
	text        string
}

// String is the report a user reads.
func (d *Diagnosis) String() string {
	return d.text
}

// ExplainMismatch explains a 403 answered to a request signed as signed
// (from SignAt, SignRaw or PresignRaw). body is the response body as
// received: API Gateway's JSON, S3's or STS's XML, or the message alone.
//
//	signed, _ := signer.SignAt(req, time.Now())
//	resp, _ := http.DefaultClient.Do(req)
//	if resp.StatusCode == 403 {
//		body, _ := io.ReadAll(resp.Body)
//		d, _ := sigv4kit.ExplainMismatch(signed, body)
//		log.Print(d)
//	}
func ExplainMismatch(signed *Signed, body []byte) (*Diagnosis, error) {
	if signed == nil {
		return nil, &Error{Code: "invalid_argument", Message: "signed is nil: pass what SignAt, SignRaw or PresignRaw returned", Field: "signed"}
	}
	creq, creqLen := cstr(signed.CanonicalRequest)
	sts, stsLen := cstr(signed.StringToSign)
	text, textLen := cstr(string(body))
	var d *C.sigv4kit_diagnosis
	var e *C.sigv4kit_error
	if err := check(C.sigv4kit_explain_mismatch(creq, creqLen, sts, stsLen, text, textLen, &d, &e), e); err != nil {
		return nil, err
	}
	defer C.sigv4kit_diagnosis_free(d)
	return &Diagnosis{
		Finding:   goString(C.sigv4kit_diagnosis_finding(d)),
		Part:      goString(C.sigv4kit_diagnosis_part(d)),
		Line:      int(C.sigv4kit_diagnosis_line(d)),
		Expected:  optString(C.sigv4kit_diagnosis_expected(d)),
		Signed:    optString(C.sigv4kit_diagnosis_signed(d)),
		ErrorCode: optString(C.sigv4kit_diagnosis_error_code(d)),
		Cause:     goString(C.sigv4kit_diagnosis_cause(d)),
		Hint:      goString(C.sigv4kit_diagnosis_hint(d)),
		text:      goString(C.sigv4kit_diagnosis_text(d)),
	}, nil
}

// optString copies a view that may be absent (data NULL).
func optString(s C.sigv4kit_str) *string {
	if s.data == nil {
		return nil
	}
	v := goString(s)
	return &v
}
