package sigv4kit_test

// An independent SigV4 verifier, written from the AWS specification with
// the Go standard library only (it shares no code with sigv4kit), used by
// the tests to check what the package signs on the wire.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

func specEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func specPath(raw string, doubleEncode bool) string {
	if !doubleEncode {
		return raw
	}
	var segs []string
	for _, seg := range strings.Split(raw, "/")[1:] {
		switch seg {
		case "", ".":
		case "..":
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
		default:
			segs = append(segs, specEncode(seg))
		}
	}
	path := "/" + strings.Join(segs, "/")
	if strings.HasSuffix(raw, "/") && path != "/" {
		path += "/"
	}
	return path
}

func specQuery(raw string, drop string) string {
	var pairs []string
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		// '+' is a literal plus in SigV4, so PathUnescape, not QueryUnescape.
		dk, err1 := url.PathUnescape(k)
		dv, err2 := url.PathUnescape(v)
		if err1 != nil || err2 != nil || dk == drop {
			continue
		}
		pairs = append(pairs, specEncode(dk)+"="+specEncode(dv))
	}
	sort.Strings(pairs)
	return strings.Join(pairs, "&")
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// verifier accepts requests signed by one of its keys.
type verifier struct {
	secrets      map[string]string // access key id -> secret
	tokens       map[string]string // access key id -> session token, if any
	doubleEncode bool
	now          func() time.Time
}

// check returns nil when r carries a valid SigV4 signature.
func (v *verifier) check(r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	query := r.URL.Query()
	var credential, signedHeaders, signature, amzDate, token, payload string
	presigned := false
	if auth := r.Header.Get("Authorization"); auth != "" {
		if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") {
			return fmt.Errorf("not SigV4: %q", auth)
		}
		rest := strings.TrimPrefix(auth, "AWS4-HMAC-SHA256 ")
		for _, field := range strings.Split(rest, ",") {
			k, val, _ := strings.Cut(strings.TrimSpace(field), "=")
			switch k {
			case "Credential":
				credential = val
			case "SignedHeaders":
				signedHeaders = val
			case "Signature":
				signature = val
			}
		}
		amzDate = r.Header.Get("X-Amz-Date")
		token = r.Header.Get("X-Amz-Security-Token")
		payload = r.Header.Get("X-Amz-Content-Sha256")
	} else if query.Get("X-Amz-Signature") != "" {
		presigned = true
		credential, signedHeaders = query.Get("X-Amz-Credential"), query.Get("X-Amz-SignedHeaders")
		signature, amzDate, token = query.Get("X-Amz-Signature"), query.Get("X-Amz-Date"), query.Get("X-Amz-Security-Token")
	} else {
		return fmt.Errorf("missing authentication")
	}
	if payload == "" {
		sum := sha256.Sum256(body)
		payload = hex.EncodeToString(sum[:])
	} else if payload != "UNSIGNED-PAYLOAD" {
		sum := sha256.Sum256(body)
		if payload != hex.EncodeToString(sum[:]) {
			return fmt.Errorf("x-amz-content-sha256 does not match the body")
		}
	}
	parts := strings.Split(credential, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" {
		return fmt.Errorf("bad credential %q", credential)
	}
	secret, ok := v.secrets[parts[0]]
	if !ok {
		return fmt.Errorf("unknown access key %q", parts[0])
	}
	if v.tokens[parts[0]] != token {
		return fmt.Errorf("wrong session token")
	}
	signedAt, err := time.Parse("20060102T150405Z", amzDate)
	if err != nil {
		return err
	}
	if d := v.now().Sub(signedAt); !presigned && (d > 5*time.Minute || d < -5*time.Minute) {
		return fmt.Errorf("signature expired")
	}
	var headerBlock strings.Builder
	for _, name := range strings.Split(signedHeaders, ";") {
		var values []string
		if name == "host" {
			values = []string{r.Host}
		} else {
			values = r.Header.Values(name)
		}
		for i, val := range values {
			values[i] = strings.Join(strings.Fields(val), " ")
		}
		fmt.Fprintf(&headerBlock, "%s:%s\n", name, strings.Join(values, ","))
	}
	drop := ""
	if presigned {
		drop = "X-Amz-Signature"
		payload = hex.EncodeToString(func() []byte { s := sha256.Sum256(body); return s[:] }())
	}
	canonical := strings.Join([]string{r.Method, specPath(r.URL.EscapedPath(), v.doubleEncode),
		specQuery(r.URL.RawQuery, drop), headerBlock.String(), signedHeaders, payload}, "\n")
	digest := sha256.Sum256([]byte(canonical))
	scope := strings.Join(parts[1:], "/")
	stringToSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(digest[:])
	key := []byte("AWS4" + secret)
	for _, p := range parts[1:] {
		key = hmacSHA256(key, p)
	}
	want := hex.EncodeToString(hmacSHA256(key, stringToSign))
	if !hmac.Equal([]byte(want), []byte(signature)) {
		return fmt.Errorf("signature mismatch; canonical request:\n%s", canonical)
	}
	return nil
}
