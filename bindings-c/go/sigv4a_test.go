package sigv4kit_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	sigv4kit "github.com/sigv4kit/sigv4kit/bindings-c/go"
)

// The official v4a suite's get-vanilla request signed with SigV4a: the
// canonical request and string to sign the vector gives (its signature is
// ECDSA, checked by verifying: the v4a conformance checker does so with the
// vector's public key), and the Verifier accepting it for the regions the
// set covers.
func TestSigV4aSignsTheVectorAndVerifies(t *testing.T) {
	dir := "../../testdata/aws-signing-test-suite/v4a/get-vanilla/"
	read := func(name string) string {
		b, err := os.ReadFile(dir + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	s, err := sigv4kit.NewSigner("us-east-1", "service", example, sigv4kit.WithAlgorithm(sigv4kit.SigV4a))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	req, _ := http.NewRequest("GET", "https://example.amazonaws.com/", nil)
	signed, err := s.SignAt(req, when)
	if err != nil {
		t.Fatal(err)
	}
	if signed.CanonicalRequest != read("header-canonical-request.txt") || signed.StringToSign != read("header-string-to-sign.txt") {
		t.Errorf("signed\n%s\n%s", signed.CanonicalRequest, signed.StringToSign)
	}
	if req.Header.Get("X-Amz-Region-Set") != "us-east-1" ||
		!strings.HasPrefix(req.Header.Get("Authorization"), "AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request, ") {
		t.Errorf("headers %v", req.Header)
	}

	received := httptest.NewRequest("GET", "/", nil)
	received.Host = "example.amazonaws.com"
	received.Header = req.Header.Clone()
	v := &sigv4kit.Verifier{Lookup: lookupExample, Region: "us-east-1", Now: func() time.Time { return when }}
	got, err := v.Verify(received)
	if err != nil {
		t.Fatal(err)
	}
	if got.Region != "us-east-1" || got.Service != "service" {
		t.Errorf("verified %+v", got)
	}
	v.Region = "eu-west-1"
	if _, err := v.Verify(received); !errors.Is(err, sigv4kit.ErrWrongScope) {
		t.Errorf("scope: %v", err)
	}
	v.Region = ""
	received.Header.Set("X-Amz-Region-Set", "*")
	if _, err := v.Verify(received); !errors.Is(err, sigv4kit.ErrSignatureMismatch) {
		t.Errorf("another region set: %v", err)
	}
}

func TestSigV4aRefusesBadRegionSets(t *testing.T) {
	_, err := sigv4kit.NewSigner("us-east-1, us-west-2", "s3", example, sigv4kit.WithAlgorithm(sigv4kit.SigV4a))
	var e *sigv4kit.Error
	if !errors.As(err, &e) || e.Code != "invalid_region" {
		t.Errorf("got %v", err)
	}
	if _, err := sigv4kit.NewSigner("*", "s3", example, sigv4kit.WithAlgorithm(sigv4kit.Algorithm(9))); err == nil {
		t.Error("an unknown algorithm was accepted")
	}
}
