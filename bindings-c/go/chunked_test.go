package sigv4kit_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	sigv4kit "github.com/sigv4kit/sigv4kit/bindings-c/go"
)

// The S3 API reference's worked example ("Signature Calculations for the
// Authorization Header: Transferring Payload in Multiple Chunks",
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html):
// 66560 bytes of 'a' in 64 KiB chunks; the seed and chunk signatures as
// printed there.
func TestChunkedReproducesTheReferenceExample(t *testing.T) {
	at := time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)
	creds := sigv4kit.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
	s, err := sigv4kit.NewSigner("us-east-1", "s3", creds)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := &sigv4kit.Request{Method: "PUT", Target: "/examplebucket/chunkObject.txt", Headers: []sigv4kit.Header{
		{Name: "Host", Value: "s3.amazonaws.com"}, {Name: "x-amz-storage-class", Value: "REDUCED_REDUNDANCY"}}}
	plan := sigv4kit.ChunkedUpload{Mode: sigv4kit.ChunkedSigned, DecodedLength: 66560}
	signed, body, err := s.SignChunkedRaw(r, strings.NewReader(strings.Repeat("a", 66560)), plan, at)
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	if signed.Signature != "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9" {
		t.Errorf("seed %s", signed.Signature)
	}
	framed, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	want := "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n" +
		strings.Repeat("a", 65536) +
		"\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n" +
		strings.Repeat("a", 1024) +
		"\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"
	if string(framed) != want || body.Len() != 66824 {
		t.Errorf("framed body differs from the reference (%d bytes, Len %d)", len(framed), body.Len())
	}
}

// SignChunked on an *http.Request, sent to a net/http server whose handler
// verifies with the Verifier: 0 bytes, one chunk, many chunks, a partial
// last chunk, each mode; a tampered chunk is refused.
func TestChunkedRoundTripThroughTheVerifier(t *testing.T) {
	v := &sigv4kit.Verifier{Lookup: lookupExample, Service: "s3", S3Paths: true}
	tamper := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tamper {
			raw, _ := io.ReadAll(r.Body)
			raw[len(raw)/2] ^= 0x20
			r.Body = io.NopCloser(bytes.NewReader(raw))
		}
		if _, err := v.Verify(r); err != nil {
			var e *sigv4kit.Error
			errors.As(err, &e)
			http.Error(w, e.Code, http.StatusForbidden)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	s, err := sigv4kit.NewSigner("us-east-1", "s3", example)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	modes := []struct {
		mode     sigv4kit.ChunkedMode
		checksum sigv4kit.Checksum
	}{{sigv4kit.ChunkedSigned, sigv4kit.ChecksumNone}, {sigv4kit.ChunkedSignedTrailer, sigv4kit.ChecksumCRC32},
		{sigv4kit.ChunkedUnsignedTrailer, sigv4kit.ChecksumCRC32C}, {sigv4kit.ChunkedSignedTrailer, sigv4kit.ChecksumSHA256}}
	for _, m := range modes {
		for _, n := range []int{0, 8192, 5 * 8192, 3*8192 + 100} {
			for _, bad := range []bool{false, true} {
				if bad && n == 0 {
					continue
				}
				tamper = bad
				data := bytes.Repeat([]byte("0123456789abcdef"), n/16+1)[:n]
				req, err := http.NewRequest("PUT", srv.URL+"/bucket/key", bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				if err := s.SignChunked(req, m.mode, m.checksum, 8192); err != nil {
					t.Fatal(err)
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				msg, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if want := map[bool]int{false: 200, true: 403}[bad]; res.StatusCode != want {
					t.Errorf("mode %d checksum %d, %d bytes, tampered %v: %d %s", m.mode, m.checksum, n, bad, res.StatusCode, msg)
				}
			}
		}
	}
}

// A body that is not the declared length is refused by name.
func TestChunkedRefusesAWrongLength(t *testing.T) {
	s, err := sigv4kit.NewSigner("us-east-1", "s3", example)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := &sigv4kit.Request{Method: "PUT", Target: "/b/k", Headers: []sigv4kit.Header{{Name: "Host", Value: "b.s3.amazonaws.com"}}}
	plan := sigv4kit.ChunkedUpload{Mode: sigv4kit.ChunkedSigned, DecodedLength: 10, ChunkSize: 8192}
	_, body, err := s.SignChunkedRaw(r, strings.NewReader("short"), plan, when)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(body); !errors.Is(err, sigv4kit.ErrInvalidPayload) {
		t.Errorf("short body: %v", err)
	}
	body.Close()
	plan.ChunkSize = 100
	if _, _, err := s.SignChunkedRaw(r, strings.NewReader(""), plan, when); !errors.Is(err, sigv4kit.ErrInvalidPayload) {
		t.Errorf("chunk size: %v", err)
	}
}
