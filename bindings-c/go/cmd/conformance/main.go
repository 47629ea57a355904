// Command conformance is the Go conformance runner: it reads cases (one
// JSON object a line) on standard input and writes one result line each,
// signing through the sigv4kit Go package only. The contract is
// CONFORMANCE.md at the repository root.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	sigv4kit "github.com/sigv4kit/sigv4kit/bindings-c/go"
)

type testCase struct {
	ID   *json.RawMessage `json:"id"`
	Op   *string          `json:"op"`
	Now  *string          `json:"now"`
	Keys []struct {
		AccessKeyID     string  `json:"access_key_id"`
		SecretAccessKey string  `json:"secret_access_key"`
		SessionToken    *string `json:"session_token"`
		Expiration      *string `json:"expiration"`
	} `json:"keys"`
	Verify *struct {
		Region               *string  `json:"region"`
		Service              *string  `json:"service"`
		DoubleEncodePath     *bool    `json:"double_encode_path"`
		NormalizePath        *bool    `json:"normalize_path"`
		MaxClockSkew         *float64 `json:"max_clock_skew"`
		AllowUnsignedPayload *bool    `json:"allow_unsigned_payload"`
	} `json:"verify"`
	// A defaults case: only what a user gives.
	Method            string      `json:"method"`
	URL               string      `json:"url"`
	Headers           [][2]string `json:"headers"`
	BodyBase64        string      `json:"body_base64"`
	Presign           bool        `json:"presign"`
	Algorithm         *string     `json:"algorithm"`
	SignatureLocation *string     `json:"signature_location"`
	Credentials       *struct {
		AccessKeyID     *string `json:"access_key_id"`
		SecretAccessKey *string `json:"secret_access_key"`
		SessionToken    *string `json:"session_token"`
	} `json:"credentials"`
	Region              *string  `json:"region"`
	Service             *string  `json:"service"`
	Timestamp           *string  `json:"timestamp"`
	ExpiresIn           *float64 `json:"expires_in"`
	NormalizePath       *bool    `json:"normalize_path"`
	DoubleEncodePath    *bool    `json:"double_encode_path"`
	ContentSHA256Header *bool    `json:"content_sha256_header"`
	OmitSessionToken    *bool    `json:"omit_session_token"`
	Payload             *struct {
		Mode  *string `json:"mode"`
		Value *string `json:"value"`
	} `json:"payload"`
	// A diagnose case: the strings signed and the 403 body.
	SignedCanonicalRequest *string `json:"canonical_request"`
	SignedStringToSign     *string `json:"string_to_sign"`
	Body                   *string `json:"body"`
	Request                *struct {
		Method     *string     `json:"method"`
		Target     *string     `json:"target"`
		Headers    [][2]string `json:"headers"`
		BodyBase64 *string     `json:"body_base64"`
	} `json:"request"`
	// A chunked case: the upload's plan.
	Chunked *struct {
		Mode      string  `json:"mode"`
		Checksum  *string `json:"checksum"`
		ChunkSize int     `json:"chunk_size"`
	} `json:"chunked"`
}

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type signedRequest struct {
	Method  string      `json:"method"`
	Target  string      `json:"target"`
	Headers [][2]string `json:"headers"`
}

type result struct {
	ID               json.RawMessage `json:"id"`
	CanonicalRequest string          `json:"canonical_request,omitempty"`
	StringToSign     string          `json:"string_to_sign,omitempty"`
	Signature        string          `json:"signature,omitempty"`
	SignedRequest    *signedRequest  `json:"signed_request,omitempty"`
	Verified         *verifiedOut    `json:"verified,omitempty"`
	// A defaults case: what goes on the wire.
	Method    string        `json:"method,omitempty"`
	URL       string        `json:"url,omitempty"`
	Headers   [][2]string   `json:"headers,omitempty"`
	Diagnosis *diagnosisOut `json:"diagnosis,omitempty"`
	// A chunked case: the framed body.
	BodyBase64 string     `json:"body_base64,omitempty"`
	Error      *errorBody `json:"error,omitempty"`
}

type diagnosisOut struct {
	Finding   string  `json:"finding"`
	Part      string  `json:"part"`
	Line      *int    `json:"line"`
	Expected  *string `json:"expected"`
	Signed    *string `json:"signed"`
	ErrorCode *string `json:"error_code"`
	Cause     string  `json:"cause"`
	Hint      string  `json:"hint"`
	Text      string  `json:"text"`
}

// runDiagnose runs a diagnose case through ExplainMismatch.
func runDiagnose(c *testCase) (*result, error) {
	if c.SignedCanonicalRequest == nil || c.SignedStringToSign == nil || c.Body == nil {
		return nil, badCase("canonical_request, string_to_sign and body must be strings")
	}
	signed := &sigv4kit.Signed{CanonicalRequest: *c.SignedCanonicalRequest, StringToSign: *c.SignedStringToSign}
	d, err := sigv4kit.ExplainMismatch(signed, []byte(*c.Body))
	if err != nil {
		return nil, err
	}
	out := &diagnosisOut{Finding: d.Finding, Part: d.Part, Expected: d.Expected, Signed: d.Signed,
		ErrorCode: d.ErrorCode, Cause: d.Cause, Hint: d.Hint, Text: d.String()}
	if d.Line != 0 {
		line := d.Line
		out.Line = &line
	}
	return &result{Diagnosis: out}, nil
}

// The names of the chunked cases; a name the package has no constant for
// becomes a value out of range, which the package refuses itself.
var chunkedModes = map[string]sigv4kit.ChunkedMode{"signed": sigv4kit.ChunkedSigned,
	"signed-trailer": sigv4kit.ChunkedSignedTrailer, "unsigned-trailer": sigv4kit.ChunkedUnsignedTrailer}
var checksums = map[string]sigv4kit.Checksum{"crc32": sigv4kit.ChecksumCRC32, "crc32c": sigv4kit.ChecksumCRC32C,
	"sha256": sigv4kit.ChecksumSHA256}

// runChunked runs a chunked case through NewSigner (the service's
// defaults) and SignChunkedRaw over a reader of the body; the result is the
// head as sent and the framed body.
func runChunked(c *testCase) (*result, error) {
	if c.Credentials == nil || c.Credentials.AccessKeyID == nil || c.Credentials.SecretAccessKey == nil ||
		c.Chunked == nil || c.Request == nil || c.Request.Method == nil || c.Request.Target == nil {
		return nil, badCase("missing credentials, chunked or request")
	}
	when, err := sigv4kit.ParseTime(str(c.Timestamp, ""))
	if err != nil {
		return nil, err
	}
	creds := sigv4kit.Credentials{AccessKeyID: *c.Credentials.AccessKeyID, SecretAccessKey: *c.Credentials.SecretAccessKey,
		SessionToken: str(c.Credentials.SessionToken, "")}
	signer, err := sigv4kit.NewSigner(str(c.Region, ""), str(c.Service, ""), creds)
	if err != nil {
		return nil, err
	}
	defer signer.Close()
	body, err := base64.StdEncoding.DecodeString(str(c.Request.BodyBase64, ""))
	if err != nil {
		return nil, badCase("request.body_base64 is not base64")
	}
	mode, ok := chunkedModes[c.Chunked.Mode]
	if !ok {
		mode = sigv4kit.ChunkedMode(math.MaxUint32)
	}
	checksum := sigv4kit.ChecksumNone
	if c.Chunked.Checksum != nil {
		if checksum, ok = checksums[*c.Chunked.Checksum]; !ok {
			checksum = sigv4kit.Checksum(math.MaxUint32)
		}
	}
	req := &sigv4kit.Request{Method: *c.Request.Method, Target: *c.Request.Target}
	for _, h := range c.Request.Headers {
		req.Headers = append(req.Headers, sigv4kit.Header{Name: h[0], Value: h[1]})
	}
	plan := sigv4kit.ChunkedUpload{Mode: mode, Checksum: checksum, DecodedLength: int64(len(body)), ChunkSize: c.Chunked.ChunkSize}
	signed, reader, err := signer.SignChunkedRaw(req, bytes.NewReader(body), plan, when)
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	framed, err := io.ReadAll(reader)
	if err != nil {
		return nil, err
	}
	res := &result{SignedRequest: &signedRequest{Method: req.Method, Target: req.Target}}
	for _, h := range signed.Headers(req) {
		res.SignedRequest.Headers = append(res.SignedRequest.Headers, [2]string{h.Name, h.Value})
	}
	res.BodyBase64 = base64.StdEncoding.EncodeToString(framed)
	return res, nil
}

// runDefaults runs a defaults case through what a user of the package calls:
// NewSigner with no options, then Sign (or Presign) of an *http.Request, at
// the case's time through WithClock. The result is what goes on the wire.
func runDefaults(c *testCase) (*result, error) {
	if c.Credentials == nil || c.Credentials.AccessKeyID == nil || c.Credentials.SecretAccessKey == nil {
		return nil, badCase("missing credentials")
	}
	when, err := time.Parse(time.RFC3339, str(c.Timestamp, ""))
	if err != nil {
		return nil, badCase("timestamp is not RFC 3339")
	}
	creds := sigv4kit.Credentials{AccessKeyID: *c.Credentials.AccessKeyID, SecretAccessKey: *c.Credentials.SecretAccessKey,
		SessionToken: str(c.Credentials.SessionToken, "")}
	signer, err := sigv4kit.NewSigner(str(c.Region, ""), str(c.Service, ""), creds,
		sigv4kit.WithClock(func() time.Time { return when }))
	if err != nil {
		return nil, err
	}
	defer signer.Close()
	body, err := base64.StdEncoding.DecodeString(c.BodyBase64)
	if err != nil {
		return nil, badCase("body_base64 is not base64")
	}
	req, err := http.NewRequest(c.Method, c.URL, bytes.NewReader(body))
	if err != nil {
		return nil, badCase("url: " + err.Error())
	}
	if len(body) == 0 {
		req.Body = nil
	}
	for _, h := range c.Headers {
		req.Header.Add(h[0], h[1])
	}
	sent := req.URL.String()
	if c.Presign {
		expires := sigv4kit.DefaultExpiresIn
		if c.ExpiresIn != nil {
			expires = time.Duration(*c.ExpiresIn) * time.Second
		}
		if sent, err = signer.Presign(req, expires); err != nil {
			return nil, err
		}
	} else {
		if err = signer.Sign(req); err != nil {
			return nil, err
		}
		sent = req.URL.String()
	}
	headers := [][2]string{{"host", req.URL.Host}}
	for name, values := range req.Header {
		for _, v := range values {
			headers = append(headers, [2]string{strings.ToLower(name), v})
		}
	}
	sort.SliceStable(headers, func(i, j int) bool { return headers[i][0] < headers[j][0] })
	return &result{Method: req.Method, URL: sent, Headers: headers}, nil
}

type verifiedOut struct {
	AccessKeyID string `json:"access_key_id"`
	Region      string `json:"region"`
	Service     string `json:"service"`
	Location    string `json:"location"`
}

// runVerify is the verify operation, through sigv4kit.Verifier as a
// net/http server would use it: the case's request becomes an
// *http.Request (first Host as r.Host, any other in r.Header), its keys the
// Lookup.
func runVerify(c *testCase) (*result, error) {
	if c.Request == nil || c.Request.Method == nil || c.Request.Target == nil {
		return nil, badCase("missing request.method or request.target")
	}
	if c.Now == nil {
		return nil, badCase("missing now")
	}
	now, err := time.Parse(time.RFC3339, *c.Now)
	if err != nil {
		return nil, badCase("now must be an RFC 3339 time")
	}
	var body []byte
	if c.Request.BodyBase64 != nil {
		if body, err = base64.StdEncoding.DecodeString(*c.Request.BodyBase64); err != nil {
			return nil, badCase("request.body_base64 is not base64")
		}
	}
	r := &http.Request{
		Method:     *c.Request.Method,
		RequestURI: *c.Request.Target,
		Header:     http.Header{},
		Body:       io.NopCloser(bytes.NewReader(body)),
	}
	for _, h := range c.Request.Headers {
		if strings.EqualFold(h[0], "host") && r.Host == "" {
			r.Host = h[1]
			continue
		}
		// As net/http's server stores them: one key per name whatever its
		// case, values in arrival order. Keys kept as sent would split
		// "x-custom" and "X-Custom" and reorder their values.
		r.Header.Add(h[0], h[1])
	}
	v := &sigv4kit.Verifier{Now: func() time.Time { return now }}
	if o := c.Verify; o != nil {
		v.Region, v.Service = str(o.Region, ""), str(o.Service, "")
		v.DoubleEncodePath, v.NormalizePath = o.DoubleEncodePath, o.NormalizePath
		if o.MaxClockSkew != nil {
			v.MaxClockSkew = time.Duration(*o.MaxClockSkew) * time.Second
		}
		v.AllowUnsignedPayload = o.AllowUnsignedPayload
	}
	var keyErr error
	v.Lookup = func(id string) (sigv4kit.Credentials, error) {
		for _, k := range c.Keys {
			if k.AccessKeyID != id {
				continue
			}
			creds := sigv4kit.Credentials{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey, SessionToken: str(k.SessionToken, "")}
			if k.Expiration != nil {
				exp, err := time.Parse(time.RFC3339, *k.Expiration)
				if err != nil {
					keyErr = badCase("keys[].expiration must be an RFC 3339 time")
					return sigv4kit.Credentials{}, keyErr
				}
				creds.Expires = exp
			}
			return creds, nil
		}
		return sigv4kit.Credentials{}, errors.New("unknown access key")
	}
	verified, err := v.Verify(r)
	if keyErr != nil {
		return nil, keyErr
	}
	if err != nil {
		return nil, err
	}
	location := "headers"
	if verified.Presigned {
		location = "query"
	}
	return &result{Verified: &verifiedOut{verified.AccessKeyID, verified.Region, verified.Service, location}}, nil
}

// badCase is a line that is not a valid case.
type badCase string

func (b badCase) Error() string { return string(b) }

func str(p *string, fallback string) string {
	if p == nil {
		return fallback
	}
	return *p
}

func flag(p *bool, fallback bool) bool {
	if p == nil {
		return fallback
	}
	return *p
}

func run(c *testCase) (*result, error) {
	if c.Op != nil && *c.Op == "verify" {
		return runVerify(c)
	}
	algorithm := sigv4kit.SigV4
	switch str(c.Algorithm, "AWS4-HMAC-SHA256") {
	case "AWS4-HMAC-SHA256":
	case "AWS4-ECDSA-P256-SHA256":
		algorithm = sigv4kit.SigV4a
	default:
		return nil, badCase("unsupported algorithm: AWS4-HMAC-SHA256 or AWS4-ECDSA-P256-SHA256")
	}
	if c.Credentials == nil || c.Credentials.AccessKeyID == nil || c.Credentials.SecretAccessKey == nil {
		return nil, badCase("missing credentials")
	}
	if c.Region == nil || c.Service == nil || c.Timestamp == nil || c.Request == nil ||
		c.Request.Method == nil || c.Request.Target == nil {
		return nil, badCase("missing region, service, timestamp or request field")
	}
	opts := []sigv4kit.Option{
		sigv4kit.WithNormalizePath(flag(c.NormalizePath, true)),
		sigv4kit.WithDoubleEncodePath(flag(c.DoubleEncodePath, true)),
		sigv4kit.WithContentSHA256Header(flag(c.ContentSHA256Header, false)),
		sigv4kit.WithOmitSessionToken(flag(c.OmitSessionToken, false)),
		sigv4kit.WithAlgorithm(algorithm),
	}
	creds := sigv4kit.Credentials{
		AccessKeyID:     *c.Credentials.AccessKeyID,
		SecretAccessKey: *c.Credentials.SecretAccessKey,
		SessionToken:    str(c.Credentials.SessionToken, ""),
	}
	when, err := sigv4kit.ParseTime(*c.Timestamp)
	if err != nil {
		return nil, err
	}
	expires := 3600.0
	if c.ExpiresIn != nil {
		expires = *c.ExpiresIn
		if expires < 0 || expires != math.Trunc(expires) || expires > 1e15 {
			return nil, &sigv4kit.Error{Code: "invalid_expiry", Message: "invalid expires_in: must be a whole number of seconds"}
		}
	}
	req := &sigv4kit.Request{Method: *c.Request.Method, Target: *c.Request.Target}
	for _, h := range c.Request.Headers {
		req.Headers = append(req.Headers, sigv4kit.Header{Name: h[0], Value: h[1]})
	}
	if c.Request.BodyBase64 != nil {
		if req.Body, err = base64.StdEncoding.DecodeString(*c.Request.BodyBase64); err != nil {
			return nil, badCase("request.body_base64 is not base64")
		}
	}
	mode := "hash"
	if c.Payload != nil {
		mode = str(c.Payload.Mode, "hash")
	}
	switch mode {
	case "hash":
		req.Payload = sigv4kit.PayloadBody
	case "unsigned":
		req.Payload = sigv4kit.PayloadUnsigned
	case "precomputed":
		if c.Payload.Value == nil {
			return nil, badCase("payload.value is required for precomputed")
		}
		req.Payload, req.PayloadHash = sigv4kit.PayloadPrecomputed, *c.Payload.Value
	default:
		return nil, badCase("payload.mode must be hash, unsigned or precomputed")
	}

	signer, err := sigv4kit.NewSigner(*c.Region, *c.Service, creds, opts...)
	if err != nil {
		return nil, err
	}
	defer signer.Close()
	var signed *sigv4kit.Signed
	switch str(c.SignatureLocation, "headers") {
	case "headers":
		signed, err = signer.SignRaw(req, when)
	case "query":
		signed, err = signer.PresignRaw(req, when, time.Duration(expires)*time.Second)
	default:
		return nil, badCase("signature_location must be headers or query")
	}
	if err != nil {
		return nil, err
	}
	out := &result{
		CanonicalRequest: signed.CanonicalRequest,
		StringToSign:     signed.StringToSign,
		Signature:        signed.Signature,
		SignedRequest:    &signedRequest{Method: req.Method, Target: req.Target, Headers: [][2]string{}},
	}
	if signed.PresignedTarget != "" {
		out.SignedRequest.Target = signed.PresignedTarget
	}
	for _, h := range signed.Headers(req) {
		out.SignedRequest.Headers = append(out.SignedRequest.Headers, [2]string{h.Name, h.Value})
	}
	return out, nil
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		line := in.Bytes()
		if len(line) == 0 {
			continue
		}
		var c testCase
		var res *result
		var err error
		if jsonErr := json.Unmarshal(line, &c); jsonErr != nil {
			res, err = &result{}, badCase("the line is not a valid case: "+jsonErr.Error())
		} else if c.ID == nil {
			res, err = &result{}, badCase("missing id")
		} else {
			if c.Op != nil && *c.Op == "defaults" {
				res, err = runDefaults(&c)
			} else if c.Op != nil && *c.Op == "diagnose" {
				res, err = runDiagnose(&c)
			} else if c.Op != nil && *c.Op == "chunked" {
				res, err = runChunked(&c)
			} else {
				res, err = run(&c)
			}
			if res == nil {
				res = &result{}
			}
		}
		if c.ID != nil {
			res.ID = *c.ID
		} else {
			res.ID = json.RawMessage("null")
		}
		if err != nil {
			var sigErr *sigv4kit.Error
			var bad badCase
			switch {
			case errors.As(err, &sigErr):
				res = &result{ID: res.ID, Error: &errorBody{Code: sigErr.Code, Message: sigErr.Message}}
			case errors.As(err, &bad):
				res = &result{ID: res.ID, Error: &errorBody{Code: "invalid_case", Message: string(bad)}}
			default:
				res = &result{ID: res.ID, Error: &errorBody{Code: "invalid_case", Message: err.Error()}}
			}
		}
		if err := enc.Encode(res); err != nil {
			fmt.Fprintln(os.Stderr, "conformance:", err)
			return
		}
		if err := out.Flush(); err != nil {
			return
		}
	}
}
