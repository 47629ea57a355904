package sigv4kit_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	sigv4kit "github.com/sigv4kit/sigv4kit/bindings-c/go"
)

// botocoreCase is one line of bindings-c/tests/botocore_cases.py's output:
// a generated request and what botocore's SigV4Auth, S3SigV4Auth or
// SigV4QueryAuth made of it.
type botocoreCase struct {
	ID              string             `json:"id"`
	Kind            string             `json:"kind"`
	Method          string             `json:"method"`
	URL             string             `json:"url"`
	Headers         [][2]string        `json:"headers"`
	BodyBase64      string             `json:"body_base64"`
	Region          string             `json:"region"`
	Service         string             `json:"service"`
	AccessKeyID     string             `json:"access_key_id"`
	SecretAccessKey string             `json:"secret_access_key"`
	SessionToken    *string            `json:"session_token"`
	Time            int64              `json:"time"`
	ExpiresIn       int64              `json:"expires_in"`
	Expected        map[string]*string `json:"expected"`
}

// TestSignerAgreesWithBotocore signs, through the API a Go user calls
// (Signer.Sign on a net/http request, Signer.Presign), every request
// botocore signed, and compares the headers added or the presigned URL's
// path and signature byte for byte. The file comes from make test-go
// (SIGV4KIT_BOTOCORE_CASES); without it the test is skipped, and make
// always sets it.
func TestSignerAgreesWithBotocore(t *testing.T) {
	path := os.Getenv("SIGV4KIT_BOTOCORE_CASES")
	if path == "" {
		t.Skip("SIGV4KIT_BOTOCORE_CASES is not set (make test-go sets it)")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	checked := 0
	for lines.Scan() {
		var c botocoreCase
		if err := json.Unmarshal(lines.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		checkBotocoreCase(t, &c)
		checked++
	}
	if err := lines.Err(); err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no cases in " + path)
	}
	t.Logf("%d cases", checked)
}

func checkBotocoreCase(t *testing.T, c *botocoreCase) {
	t.Helper()
	creds := sigv4kit.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey}
	if c.SessionToken != nil {
		creds.SessionToken = *c.SessionToken
	}
	at := time.Unix(c.Time, 0)
	s, err := sigv4kit.NewSigner(c.Region, c.Service, creds, sigv4kit.WithClock(func() time.Time { return at }))
	if err != nil {
		t.Errorf("%s: %v", c.ID, err)
		return
	}
	defer s.Close()
	body, err := base64.StdEncoding.DecodeString(c.BodyBase64)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(c.Method, c.URL, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", c.ID, err)
	}
	if len(body) == 0 {
		req.Body = http.NoBody
	}
	for _, h := range c.Headers {
		req.Header[h[0]] = []string{h[1]}
	}
	if c.Kind == "presign" {
		presigned, err := s.Presign(req, time.Duration(c.ExpiresIn)*time.Second)
		if err != nil {
			t.Errorf("%s: %v", c.ID, err)
			return
		}
		u, err := url.Parse(presigned)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		// The path exactly as sent: the URL up to the query, after the host.
		sent := strings.SplitN(strings.TrimPrefix(presigned, "https://"+req.URL.Host), "?", 2)[0]
		if sent != *c.Expected["path"] {
			t.Errorf("%s: path %q, botocore %q", c.ID, sent, *c.Expected["path"])
		}
		if got := u.Query().Get("X-Amz-Signature"); got != *c.Expected["X-Amz-Signature"] {
			t.Errorf("%s: X-Amz-Signature differs from botocore's", c.ID)
		}
		return
	}
	if err := s.Sign(req); err != nil {
		t.Errorf("%s: %v", c.ID, err)
		return
	}
	for name, want := range c.Expected {
		got := req.Header.Values(name)
		switch {
		case want == nil && len(got) != 0:
			t.Errorf("%s: %s sent, botocore sends none", c.ID, name)
		case want != nil && (len(got) != 1 || got[0] != *want):
			t.Errorf("%s: %s differs from botocore's", c.ID, name)
		}
	}
}
