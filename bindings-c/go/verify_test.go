package sigv4kit_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	sigv4kit "github.com/sigv4kit/sigv4kit/bindings-c/go"
)

func lookupExample(id string) (sigv4kit.Credentials, error) {
	if id == example.AccessKeyID {
		return example, nil
	}
	return sigv4kit.Credentials{}, errors.New("unknown")
}

// The official suite's get-vanilla request, as a server receives it.
func TestVerifierAcceptsTheOfficialVector(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Host = "example.amazonaws.com"
	r.Header.Set("X-Amz-Date", "20150830T123600Z")
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "+
		"SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
	v := &sigv4kit.Verifier{Lookup: lookupExample, Now: func() time.Time { return when.Add(time.Minute) }}
	got, err := v.Verify(r)
	if err != nil {
		t.Fatal(err)
	}
	if got.AccessKeyID != "AKIDEXAMPLE" || got.Region != "us-east-1" || got.Service != "service" ||
		got.Presigned || !got.SignedAt.Equal(when) {
		t.Errorf("verified %+v", got)
	}
	v.Now = func() time.Time { return when.Add(6 * time.Minute) }
	if _, err := v.Verify(r); !errors.Is(err, sigv4kit.ErrSignatureExpired) {
		t.Errorf("late: %v", err)
	}
	v.Now = func() time.Time { return when }
	v.Region = "eu-west-1"
	if _, err := v.Verify(r); !errors.Is(err, sigv4kit.ErrWrongScope) {
		t.Errorf("scope: %v", err)
	}
	v.Region = ""
	r.Header.Set("X-Amz-Date", "20150830T123601Z")
	_, err = v.Verify(r)
	var mismatch *sigv4kit.Error
	if !errors.Is(err, sigv4kit.ErrSignatureMismatch) || !errors.As(err, &mismatch) ||
		!strings.Contains(mismatch.CanonicalRequest, "x-amz-date:20150830T123601Z") || mismatch.StringToSign == "" {
		t.Errorf("mismatch: %v", err)
	}
}

// Requests signed by the Signer pass the Middleware; others get 403.
func TestMiddleware(t *testing.T) {
	v := &sigv4kit.Verifier{Lookup: lookupExample, Service: "execute-api"}
	server := httptest.NewServer(v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		verified, ok := sigv4kit.VerifiedFrom(r.Context())
		body, _ := io.ReadAll(r.Body)
		if !ok || verified.AccessKeyID != example.AccessKeyID {
			http.Error(w, "no identity", http.StatusInternalServerError)
			return
		}
		w.Write(body)
	})))
	defer server.Close()
	signer := newSigner(t, "execute-api", example)
	do := func(req *http.Request) (int, string) {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}

	req, _ := http.NewRequest("POST", server.URL+"/prod/echo?x=1", strings.NewReader("the body"))
	if err := signer.Sign(req); err != nil {
		t.Fatal(err)
	}
	if status, body := do(req); status != 200 || body != "the body" {
		t.Errorf("signed: %d %q", status, body)
	}

	req, _ = http.NewRequest("GET", server.URL+"/prod/echo", nil)
	if status, body := do(req); status != 403 || !strings.Contains(body, "not signed") {
		t.Errorf("unsigned: %d %q", status, body)
	}

	req, _ = http.NewRequest("GET", server.URL+"/prod/echo?x=1", nil)
	if err := signer.Sign(req); err != nil {
		t.Fatal(err)
	}
	req.URL.RawQuery = "x=2"
	if status, body := do(req); status != 403 || !strings.Contains(body, "Canonical String") || !strings.Contains(body, "x=2") {
		t.Errorf("tampered: %d %q", status, body)
	}

	u, err := signer.Presign(mustRequest(t, "GET", server.URL+"/prod/echo"), time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := do(mustRequest(t, "GET", u)); status != 200 {
		t.Errorf("presigned: %d", status)
	}

	stranger := newSigner(t, "execute-api", sigv4kit.Credentials{AccessKeyID: "AKIDOTHER", SecretAccessKey: "x"})
	req = mustRequest(t, "GET", server.URL+"/prod/echo")
	if err := stranger.Sign(req); err != nil {
		t.Fatal(err)
	}
	if status, body := do(req); status != 403 || !strings.Contains(body, "security token") {
		t.Errorf("unknown key: %d %q", status, body)
	}
	wrongService := newSigner(t, "s3", example)
	req = mustRequest(t, "GET", server.URL+"/prod/echo")
	if err := wrongService.Sign(req); err != nil {
		t.Fatal(err)
	}
	if status, _ := do(req); status != 403 {
		t.Errorf("wrong service: %d", status)
	}
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// The two path settings are independent: a request signed with one of
// double-encoding and normalization (and not the other) verifies only with
// that same pair, set field by field; S3Paths is both false, and an explicit
// field wins over it.
func TestVerifierPathSettingsApart(t *testing.T) {
	yes, no := true, false
	pairs := []struct{ double, normalize bool }{{true, true}, {true, false}, {false, true}, {false, false}}
	// A space (double-encoded or not) and a "." segment (normalized or not):
	// each pair of settings gives another canonical path.
	const target = "/prod/a%20b/./c"
	const host = "abc.execute-api.us-east-1.amazonaws.com"
	for _, signedWith := range pairs {
		s, err := sigv4kit.NewSigner("us-east-1", "execute-api", example,
			sigv4kit.WithDoubleEncodePath(signedWith.double), sigv4kit.WithNormalizePath(signedWith.normalize))
		if err != nil {
			t.Fatal(err)
		}
		raw := &sigv4kit.Request{Method: "GET", Target: target, Headers: []sigv4kit.Header{{Name: "Host", Value: host}}}
		signed, err := s.SignRaw(raw, when)
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("GET", target, nil)
		r.Host = host
		for _, h := range signed.Headers(raw) {
			if h.Name != "Host" {
				r.Header.Set(h.Name, h.Value)
			}
		}
		for _, verifyWith := range pairs {
			flags := func(v *sigv4kit.Verifier) *sigv4kit.Verifier {
				v.Lookup, v.Now = lookupExample, func() time.Time { return when }
				return v
			}
			d, n := &no, &no
			if verifyWith.double {
				d = &yes
			}
			if verifyWith.normalize {
				n = &yes
			}
			verifiers := []*sigv4kit.Verifier{
				flags(&sigv4kit.Verifier{DoubleEncodePath: d, NormalizePath: n}),
				// S3Paths fills in only what is not set.
				flags(&sigv4kit.Verifier{S3Paths: true, DoubleEncodePath: d, NormalizePath: n}),
			}
			if verifyWith == (struct{ double, normalize bool }{true, true}) {
				verifiers = append(verifiers, flags(&sigv4kit.Verifier{}))
			}
			if verifyWith == (struct{ double, normalize bool }{false, false}) {
				verifiers = append(verifiers, flags(&sigv4kit.Verifier{S3Paths: true}))
			}
			for i, v := range verifiers {
				_, err := v.Verify(r)
				if signedWith == verifyWith && err != nil {
					t.Errorf("signed %+v, verified %+v (verifier %d): %v", signedWith, verifyWith, i, err)
				}
				if signedWith != verifyWith && !errors.Is(err, sigv4kit.ErrSignatureMismatch) {
					t.Errorf("signed %+v, verified %+v (verifier %d): want signature_mismatch, got %v", signedWith, verifyWith, i, err)
				}
			}
		}
	}
}

// A verified request or a mismatch that carried a session token prints
// without it, whatever the verb: the canonical request holds the token.
func TestVerifiedAndMismatchPrintWithoutTheToken(t *testing.T) {
	const token = "FwoGZXIvYXdzEXAMPLE-session-token-for-printing"
	creds := sigv4kit.Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: "secret/key", SessionToken: token}
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	signer, err := sigv4kit.NewSigner("us-east-1", "execute-api", creds, sigv4kit.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer signer.Close()
	req := httptest.NewRequest("GET", "http://127.0.0.1/prod/hello?q=1", nil)
	presigned, err := signer.Presign(req, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	verifier := &sigv4kit.Verifier{
		Lookup: func(string) (sigv4kit.Credentials, error) { return creds, nil },
		Now:    func() time.Time { return now },
	}
	u, err := url.Parse(presigned)
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{u.RequestURI(), u.RequestURI() + "&extra=1"} {
		r := httptest.NewRequest("GET", target, nil)
		r.Host = u.Host
		got, err := verifier.Verify(r)
		var printed string
		if err == nil {
			if !strings.Contains(got.CanonicalRequest, token) {
				t.Fatalf("the test needs a canonical request holding the token: %q", got.CanonicalRequest)
			}
			printed = fmt.Sprintf("%v %+v %#v %s %v", *got, *got, *got, got, got)
		} else {
			var mismatch *sigv4kit.Error
			if !errors.As(err, &mismatch) || !strings.Contains(mismatch.CanonicalRequest, token) {
				t.Fatalf("want a mismatch holding the token, got %v", err)
			}
			printed = fmt.Sprintf("%v %+v %#v %s", err, err, err, err)
		}
		if strings.Contains(printed, token) {
			t.Errorf("printed the session token: %s", printed)
		}
	}
}
