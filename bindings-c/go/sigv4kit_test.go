package sigv4kit_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	sigv4kit "github.com/sigv4kit/sigv4kit/bindings-c/go"
)

// The official suite's credentials and time.
var (
	example = sigv4kit.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
	when    = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
)

func newSigner(t *testing.T, service string, creds sigv4kit.Credentials, opts ...sigv4kit.Option) *sigv4kit.Signer {
	t.Helper()
	s, err := sigv4kit.NewSigner("us-east-1", service, creds, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// get-vanilla of the official suite, header and query.
func TestOfficialVectors(t *testing.T) {
	s := newSigner(t, "service", example)
	req := &sigv4kit.Request{Method: "GET", Target: "/", Headers: []sigv4kit.Header{{"Host", "example.amazonaws.com"}}}
	signed, err := s.SignRaw(req, when)
	if err != nil {
		t.Fatal(err)
	}
	if signed.Signature != "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" {
		t.Errorf("signature %s", signed.Signature)
	}
	if !strings.HasPrefix(signed.CanonicalRequest, "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n") {
		t.Errorf("canonical request %q", signed.CanonicalRequest)
	}
	if len(signed.AddedHeaders) != 2 || signed.AddedHeaders[0] != (sigv4kit.Header{"X-Amz-Date", "20150830T123600Z"}) {
		t.Errorf("added headers %v", signed.AddedHeaders)
	}
	if !signed.ReplacesHeader("authorization") || signed.ReplacesHeader("Host") {
		t.Error("ReplacesHeader")
	}
	presigned, err := s.PresignRaw(req, when, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if presigned.Signature != "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d" ||
		!strings.Contains(presigned.PresignedTarget, "X-Amz-Signature=e93c787e") {
		t.Errorf("presigned %+v", presigned)
	}
}

func TestErrorsNameTheFieldNotTheValue(t *testing.T) {
	s := newSigner(t, "service", example)
	req := &sigv4kit.Request{Method: "GET", Target: "/", Headers: []sigv4kit.Header{{"X-Secret", "hunter2\r\nX-Evil: 1"}}}
	_, err := s.SignRaw(req, when)
	if !errors.Is(err, sigv4kit.ErrInvalidHeader) || errors.Is(err, sigv4kit.ErrInvalidMethod) {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), "X-Secret") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("message %q", err)
	}
	for _, c := range []struct {
		region, service string
		creds           sigv4kit.Credentials
		want            error
	}{
		{"", "svc", example, sigv4kit.ErrInvalidRegion},
		{"us-east-1", "a b", example, sigv4kit.ErrInvalidService},
		{"us-east-1", "svc", sigv4kit.Credentials{AccessKeyID: "AK", SecretAccessKey: ""}, sigv4kit.ErrInvalidCredentials},
		{"us-east-1", "svc", sigv4kit.Credentials{AccessKeyID: "AK", SecretAccessKey: "s3cr3t", SessionToken: "t\x00k"}, sigv4kit.ErrInvalidCredentials},
	} {
		_, err := sigv4kit.NewSigner(c.region, c.service, c.creds)
		if !errors.Is(err, c.want) {
			t.Errorf("%q/%q: got %v, want %v", c.region, c.service, err, c.want)
		} else if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("secret in %q", err)
		}
	}
	if _, err := s.PresignRaw(&sigv4kit.Request{Method: "GET", Target: "/"}, when, 8*24*time.Hour); !errors.Is(err, sigv4kit.ErrInvalidExpiry) {
		t.Errorf("expiry: %v", err)
	}
	bad := &sigv4kit.Request{Method: "GET", Target: "/", Payload: sigv4kit.PayloadPrecomputed, PayloadHash: "nope"}
	if _, err := s.SignRaw(bad, when); !errors.Is(err, sigv4kit.ErrInvalidPayload) {
		t.Errorf("payload: %v", err)
	}
	if _, err := s.SignRaw(&sigv4kit.Request{Method: "GET", Target: "/"}, time.Unix(-1, 0)); !errors.Is(err, sigv4kit.ErrInvalidTimestamp) {
		t.Errorf("time: %v", err)
	}
	_, err = sigv4kit.ParseTime("2015-08-30T14:36:00+02:00")
	if !errors.Is(err, sigv4kit.ErrInvalidTimestamp) {
		t.Errorf("ParseTime: %v", err)
	}
	var sigErr *sigv4kit.Error
	if !errors.As(err, &sigErr) || sigErr.Code != "invalid_timestamp" {
		t.Errorf("errors.As: %v", err)
	}
}

func TestCloseIsDeterministicAndIdempotent(t *testing.T) {
	s, err := sigv4kit.NewSigner("us-east-1", "service", example)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "http://127.0.0.1/", nil)
	if err := s.Sign(req); !errors.Is(err, sigv4kit.ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
	if err := s.SetCredentials(example); !errors.Is(err, sigv4kit.ErrClosed) {
		t.Errorf("SetCredentials after Close: %v", err)
	}
}

func TestCredentialsAreRedacted(t *testing.T) {
	c := sigv4kit.Credentials{AccessKeyID: "AKID", SecretAccessKey: "very-secret", SessionToken: "token-secret"}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		text := fmt.Sprintf(format, c)
		if strings.Contains(text, "secret") && (strings.Contains(text, "very-secret") || strings.Contains(text, "token-secret")) {
			t.Errorf("%s shows a secret: %s", format, text)
		}
		if !strings.Contains(text, "AKID") {
			t.Errorf("%s hides the key id: %s", format, text)
		}
	}
}

func TestPayloadHasher(t *testing.T) {
	h, err := sigv4kit.NewPayloadHasher()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	// FIPS 180-2: SHA-256("abc"), written in pieces.
	for _, piece := range []string{"a", "", "bc"} {
		if _, err := io.WriteString(h, piece); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := h.Sum()
	if err != nil || sum != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Sum = %q, %v", sum, err)
	}
	// post-x-www-form-urlencoded of the official suite, with the body hashed
	// separately.
	s := newSigner(t, "service", example, sigv4kit.WithContentSHA256Header(true))
	body := "Param1=value1"
	h2, _ := sigv4kit.NewPayloadHasher()
	defer h2.Close()
	io.Copy(h2, strings.NewReader(body))
	hash, _ := h2.Sum()
	req := &sigv4kit.Request{Method: "POST", Target: "/", Payload: sigv4kit.PayloadPrecomputed, PayloadHash: hash,
		Headers: []sigv4kit.Header{{"Content-Type", "application/x-www-form-urlencoded"}, {"Host", "example.amazonaws.com"}, {"Content-Length", "13"}}}
	signed, err := s.SignRaw(req, when)
	if err != nil || signed.Signature != "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b" {
		t.Errorf("signature %v %v", signed, err)
	}
	h.Close()
	if _, err := h.Write([]byte("x")); !errors.Is(err, sigv4kit.ErrClosed) {
		t.Errorf("write after close: %v", err)
	}
}

// The net/http integration, checked by a server on 127.0.0.1 that verifies
// signatures with its own SigV4 code (verifier_test.go).
func TestSignedRequestsPassAnIndependentVerifier(t *testing.T) {
	temp := sigv4kit.Credentials{AccessKeyID: "ASIATEMP", SecretAccessKey: "temp/secret+key", SessionToken: "the-session-token"}
	v := &verifier{
		secrets:      map[string]string{example.AccessKeyID: example.SecretAccessKey, temp.AccessKeyID: temp.SecretAccessKey},
		tokens:       map[string]string{temp.AccessKeyID: temp.SessionToken},
		doubleEncode: true,
		now:          time.Now,
	}
	var mu sync.Mutex
	var bodies []string
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(raw))
		mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(raw))
		if err := v.check(r); err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer server.Close()
	if !strings.HasPrefix(server.URL, "http://127.0.0.1:") {
		t.Fatalf("server at %s", server.URL)
	}

	signer := newSigner(t, "execute-api", example)
	send := func(t *testing.T, req *http.Request) int {
		t.Helper()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		msg, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Logf("server said %d: %s", resp.StatusCode, msg)
		}
		return resp.StatusCode
	}

	t.Run("get with an awkward query and path", func(t *testing.T) {
		req, _ := http.NewRequest("GET", server.URL+"/prod/a%20b/c?q=a+b&s=%20x&empty=&z=1&a=%2F", nil)
		req.Header.Set("X-Custom", "  spaced   value ")
		req.Header.Add("X-Multi", "one")
		req.Header.Add("X-Multi", "two")
		if err := signer.Sign(req); err != nil {
			t.Fatal(err)
		}
		if got := send(t, req); got != 200 {
			t.Errorf("status %d", got)
		}
	})
	t.Run("post body is signed and restored", func(t *testing.T) {
		body := `{"hello":"world"}`
		req, _ := http.NewRequest("POST", server.URL+"/prod/items", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if err := signer.Sign(req); err != nil {
			t.Fatal(err)
		}
		if got := send(t, req); got != 200 {
			t.Errorf("status %d", got)
		}
		mu.Lock()
		last := bodies[len(bodies)-1]
		mu.Unlock()
		if last != body {
			t.Errorf("server got body %q", last)
		}
		if req.GetBody == nil || req.ContentLength != int64(len(body)) {
			t.Error("body not restorable")
		}
	})
	t.Run("temporary credentials and S3-style options", func(t *testing.T) {
		s3ish := newSigner(t, "execute-api", temp, sigv4kit.WithContentSHA256Header(true))
		req, _ := http.NewRequest("PUT", server.URL+"/prod/upload", strings.NewReader("payload bytes"))
		if err := s3ish.Sign(req); err != nil {
			t.Fatal(err)
		}
		if req.Header.Get("X-Amz-Security-Token") != temp.SessionToken || req.Header.Get("X-Amz-Content-Sha256") == "" {
			t.Errorf("headers %v", req.Header)
		}
		if got := send(t, req); got != 200 {
			t.Errorf("status %d", got)
		}
		unsigned := newSigner(t, "execute-api", example, sigv4kit.WithUnsignedPayload(), sigv4kit.WithContentSHA256Header(true))
		req, _ = http.NewRequest("PUT", server.URL+"/prod/stream", strings.NewReader("not hashed"))
		if err := unsigned.Sign(req); err != nil {
			t.Fatal(err)
		}
		if req.Header.Get("X-Amz-Content-Sha256") != "UNSIGNED-PAYLOAD" {
			t.Errorf("headers %v", req.Header)
		}
		if got := send(t, req); got != 200 {
			t.Errorf("status %d", got)
		}
	})
	t.Run("presigned url", func(t *testing.T) {
		req, _ := http.NewRequest("GET", server.URL+"/prod/hello?name=sigv4kit", nil)
		u, err := signer.Presign(req, 5*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := http.NewRequest("GET", u, nil)
		if got := send(t, plain); got != 200 {
			t.Errorf("status %d for %s", got, u)
		}
	})
	t.Run("the verifier refuses tampering", func(t *testing.T) {
		req, _ := http.NewRequest("GET", server.URL+"/prod/hello?name=a", nil)
		if err := signer.Sign(req); err != nil {
			t.Fatal(err)
		}
		req.URL.RawQuery = "name=b"
		if got := send(t, req); got != 403 {
			t.Errorf("tampered request got %d", got)
		}
		unsigned, _ := http.NewRequest("GET", server.URL+"/prod/hello", nil)
		if got := send(t, unsigned); got != 403 {
			t.Errorf("unsigned request got %d", got)
		}
	})
	t.Run("re-signing replaces the old signature", func(t *testing.T) {
		req, _ := http.NewRequest("GET", server.URL+"/prod/again", nil)
		past := newSigner(t, "execute-api", example, sigv4kit.WithClock(func() time.Time { return time.Now().Add(-time.Hour) }))
		if err := past.Sign(req); err != nil {
			t.Fatal(err)
		}
		if err := signer.Sign(req); err != nil {
			t.Fatal(err)
		}
		if len(req.Header.Values("Authorization")) != 1 {
			t.Errorf("headers %v", req.Header)
		}
		if got := send(t, req); got != 200 {
			t.Errorf("status %d", got)
		}
	})
}

// One Signer used from many goroutines while its credentials rotate.
func TestConcurrentUse(t *testing.T) {
	s := newSigner(t, "service", example)
	req := &sigv4kit.Request{Method: "GET", Target: "/", Headers: []sigv4kit.Header{{"Host", "example.amazonaws.com"}}}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				signed, err := s.SignRaw(req, when)
				if err != nil {
					errs <- err
					return
				}
				if signed.Signature != "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" {
					errs <- fmt.Errorf("signature %s", signed.Signature)
					return
				}
			}
		}()
	}
	for i := 0; i < 20; i++ {
		if err := s.SetCredentials(example); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A result larger than the buffer the package first offers (a long,
// heavily encoded target with details) is copied out on a second try.
func TestLongResultsAreCopiedWhole(t *testing.T) {
	s := newSigner(t, "service", sigv4kit.Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret",
		SessionToken: strings.Repeat("t", 3000)})
	target := "/" + strings.Repeat("é", 3000) + "?q=" + strings.Repeat("é", 1000) // three times longer encoded
	req := &sigv4kit.Request{Method: "GET", Target: target, Headers: []sigv4kit.Header{{"Host", "example.com"}}}
	signed, err := s.SignRaw(req, when)
	if err != nil {
		t.Fatal(err)
	}
	// Raw UTF-8 in a target is encoded once, as in the official get-utf8 case.
	if strings.Count(signed.CanonicalRequest, "%C3%A9") != 4000 || !strings.HasPrefix(signed.CanonicalRequest, "GET\n/%C3%A9") {
		t.Errorf("canonical request of %d bytes", len(signed.CanonicalRequest))
	}
	var auth string
	for _, h := range signed.Headers(req) {
		if h.Name == "Authorization" {
			auth = h.Value
		}
	}
	if len(signed.Signature) != 64 || !strings.HasSuffix(auth, "Signature="+signed.Signature) {
		t.Errorf("signature %q, authorization %q", signed.Signature, auth)
	}
	presigned, err := s.PresignRaw(req, when, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(presigned.PresignedTarget, "X-Amz-Security-Token="+strings.Repeat("t", 3000)) {
		t.Errorf("presigned target of %d bytes", len(presigned.PresignedTarget))
	}
}

// The AWS S3 documentation's presigned-URL example. The expected URL is what
// botocore 1.44.5's S3SigV4QueryAuth produced for the same inputs
// (AWSRequest GET of the URL, botocore.auth.get_current_datetime patched to
// 2013-05-24T00:00:00Z, expires=86400); its signature is the one the S3
// documentation ("Authenticating Requests: Using Query Parameters") gives.
const s3DocPresignedURL = "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
	"&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z" +
	"&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
	"&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"

func TestS3PresignedURLIsBotocores(t *testing.T) {
	s := newSigner(t, "s3", sigv4kit.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})
	req, err := http.NewRequest("GET", "https://examplebucket.s3.amazonaws.com/test.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.PresignAt(req, time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC), 86400*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got != s3DocPresignedURL {
		t.Errorf("presigned URL\n got %s\nwant %s", got, s3DocPresignedURL)
	}
}

// A stale Authorization is not among the headers to send with a presigned
// request: the core says so, and Headers follows it.
func TestPresignDropsAStaleAuthorization(t *testing.T) {
	s := newSigner(t, "service", example)
	req := &sigv4kit.Request{Method: "GET", Target: "/", Headers: []sigv4kit.Header{
		{"Host", "example.amazonaws.com"}, {"Authorization", "AWS4-HMAC-SHA256 stale"}, {"X-Custom", "kept"}}}
	signed, err := s.PresignRaw(req, when, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	want := []sigv4kit.Header{{"Host", "example.amazonaws.com"}, {"X-Custom", "kept"}}
	if got := signed.Headers(req); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("headers to send %v, want %v", got, want)
	}
	if !signed.ReplacesHeader("authorization") {
		t.Error("ReplacesHeader(authorization) on a presigned request")
	}
}

// url.Values writes a space as '+'; Sign sends (and signs) %20 instead, a
// literal plus stays %2B.
func TestSignSendsNoRawPlus(t *testing.T) {
	s := newSigner(t, "execute-api", example)
	req, err := http.NewRequest("GET", "https://abc.execute-api.us-east-1.amazonaws.com/prod/a+b", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.URL.RawQuery = url.Values{"q": {"a b+c"}}.Encode()
	if req.URL.RawQuery != "q=a+b%2Bc" {
		t.Fatalf("url.Values wrote %q", req.URL.RawQuery)
	}
	signed, err := s.SignAt(req, when)
	if err != nil {
		t.Fatal(err)
	}
	if req.URL.RawQuery != "q=a%20b%2Bc" || req.URL.RequestURI() != "/prod/a+b?q=a%20b%2Bc" {
		t.Errorf("sent %q", req.URL.RequestURI())
	}
	if !strings.HasPrefix(signed.CanonicalRequest, "GET\n/prod/a%2Bb\nq=a%20b%2Bc\n") {
		t.Errorf("canonical request %q", signed.CanonicalRequest)
	}
}

// Each failure's message and field come with its result, not from state
// kept per OS thread: goroutines failing in different ways at once (with
// no thread pinning) each get their own.
func TestErrorsOfConcurrentFailuresAreTheirOwn(t *testing.T) {
	s := newSigner(t, "service", example)
	cases := []struct {
		req   *sigv4kit.Request
		code  string
		field string
		says  string
	}{
		{&sigv4kit.Request{Method: "GET", Target: "/", Headers: []sigv4kit.Header{{"X-One", "a\nb"}}}, "invalid_header", "headers", "X-One"},
		{&sigv4kit.Request{Method: "G T", Target: "/"}, "invalid_method", "method", "method"},
		{&sigv4kit.Request{Method: "GET", Target: "no-slash"}, "invalid_target", "target", "target"},
		{&sigv4kit.Request{Method: "GET", Target: "/", Payload: sigv4kit.PayloadPrecomputed, PayloadHash: "x"}, "invalid_payload", "payload", "payload"},
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*200)
	for _, c := range cases {
		c := c
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				_, err := s.SignRaw(c.req, when)
				var e *sigv4kit.Error
				if !errors.As(err, &e) || e.Code != c.code || e.Field != c.field || !strings.Contains(e.Message, c.says) {
					errs <- fmt.Errorf("%s: got %#v", c.code, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	_, err := sigv4kit.NewSigner("us-east-1", "svc", sigv4kit.Credentials{AccessKeyID: "AK", SecretAccessKey: "s3cr3t", SessionToken: "t\x00k"})
	var e *sigv4kit.Error
	if !errors.As(err, &e) || e.Field != "session_token" || strings.Contains(e.Message, "s3cr3t") {
		t.Errorf("credentials: %#v", err)
	}
}

// Sign sets each added header once, under its canonical name, in place of
// stale copies under any spelling, when signing again too, with a short
// result and with one too long to keep in one block (a long token).
func TestSignSetsEachHeaderOnce(t *testing.T) {
	const vanilla = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
		"SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
	clock := sigv4kit.WithClock(func() time.Time { return when })
	s := newSigner(t, "service", example, clock)
	req, _ := http.NewRequest("GET", "https://example.amazonaws.com/", nil)
	req.Header["x-amz-date"] = []string{"19990101T000000Z"}
	req.Header["Authorization"] = []string{"AWS4-HMAC-SHA256 stale"}
	for round := 0; round < 3; round++ {
		if err := s.Sign(req); err != nil {
			t.Fatal(err)
		}
		if len(req.Header) != 2 || req.Header["x-amz-date"] != nil {
			t.Fatalf("round %d: headers %v", round, req.Header)
		}
		if got := req.Header["X-Amz-Date"]; len(got) != 1 || got[0] != "20150830T123600Z" {
			t.Errorf("round %d: X-Amz-Date %q", round, got)
		}
		if got := req.Header["Authorization"]; len(got) != 1 || got[0] != vanilla {
			t.Errorf("round %d: Authorization %q", round, got)
		}
	}

	token := strings.Repeat("t", 3000)
	long := newSigner(t, "service", sigv4kit.Credentials{AccessKeyID: "AKIDEXAMPLE",
		SecretAccessKey: example.SecretAccessKey, SessionToken: token}, clock)
	req, _ = http.NewRequest("GET", "https://example.amazonaws.com/", nil)
	for round := 0; round < 2; round++ {
		if err := long.Sign(req); err != nil {
			t.Fatal(err)
		}
		if got := req.Header["X-Amz-Security-Token"]; len(got) != 1 || got[0] != token {
			t.Errorf("round %d: token of %d values", round, len(got))
		}
		auth := req.Header["Authorization"]
		if len(req.Header) != 3 || len(auth) != 1 ||
			!strings.Contains(auth[0], "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=") {
			t.Errorf("round %d: %d headers, Authorization %q", round, len(req.Header), auth)
		}
	}
}
