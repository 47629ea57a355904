package sigv4kit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A credential_process that counts its runs, so the provider's caching can
// be checked without any network.
func processProfile(t *testing.T) (env []string, runs func() int) {
	t.Helper()
	dir := t.TempDir()
	counter := filepath.Join(dir, "runs")
	script := filepath.Join(dir, "creds.sh")
	body := fmt.Sprintf("#!/bin/sh\necho x >> '%s'\n"+
		`echo '{"Version": 1, "AccessKeyId": "AKIDGOPROC", "SecretAccessKey": "go-secret", "SessionToken": "go-token", "Expiration": "2030-01-01T00:00:00Z"}'`+"\n", counter)
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, []byte("[default]\ncredential_process = "+script+"\nregion = eu-south-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env = []string{"HOME=" + dir, "AWS_CONFIG_FILE=" + config, "AWS_EC2_METADATA_DISABLED=true"}
	return env, func() int {
		data, _ := os.ReadFile(counter)
		return strings.Count(string(data), "x")
	}
}

func TestChainRunsCredentialProcessAndCaches(t *testing.T) {
	env, runs := processProfile(t)
	clock := time.Date(2029, 12, 31, 23, 0, 0, 0, time.UTC)
	p := &ChainProvider{Options: ChainOptions{Env: env, Now: func() time.Time { return clock }}}
	r, err := p.Resolve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Credentials{AccessKeyID: "AKIDGOPROC", SecretAccessKey: "go-secret", SessionToken: "go-token",
		Expires: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	if r.Credentials != want || r.Source != "process" || r.Region != "eu-south-1" {
		t.Fatalf("got %#v from %s in %s", r.Credentials, r.Source, r.Region)
	}
	if _, err := p.Retrieve(context.Background()); err != nil || runs() != 1 {
		t.Fatalf("cached: err %v, %d runs", err, runs())
	}
	// Four minutes before expiry: inside the refresh margin, so it runs again.
	clock = time.Date(2029, 12, 31, 23, 56, 0, 0, time.UTC)
	if _, err := p.Retrieve(context.Background()); err != nil || runs() != 2 {
		t.Fatalf("refreshed: err %v, %d runs", err, runs())
	}
	if s := fmt.Sprintf("%v %#v", r.Credentials, p); strings.Contains(s, "go-secret") || strings.Contains(s, "go-token") {
		t.Fatalf("a secret was printed: %s", s)
	}
}

// noNetwork fails the test on any request: these tests must not send one.
type noNetwork struct{ t *testing.T }

func (n noNetwork) RoundTrip(req *http.Request) (*http.Response, error) {
	n.t.Errorf("the chain sent a request to %s", req.URL.Redacted())
	return nil, errors.New("no network in this test")
}

func TestChainErrorsNameTheSourceAndSetting(t *testing.T) {
	dir := t.TempDir()
	client := &http.Client{Transport: noNetwork{t}}
	_, err := ResolveChain(context.Background(), ChainOptions{HTTPClient: client, Env: []string{
		"HOME=" + dir, "AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://192.0.2.1/creds",
	}})
	var ce *ChainError
	if !errors.As(err, &ce) || ce.Source != "container" || ce.Setting != "AWS_CONTAINER_CREDENTIALS_FULL_URI" || ce.NotFound {
		t.Fatalf("got %#v", err)
	}
	if !errors.Is(err, ErrInvalidCredentials) || errors.Is(err, ErrNotFound) || !strings.Contains(ce.Message, "container") {
		t.Fatalf("got %#v (%v)", err, ce.Err)
	}
	_, err = ResolveChain(context.Background(), ChainOptions{HTTPClient: client, Env: []string{"HOME=" + dir, "AWS_EC2_METADATA_DISABLED=true"}})
	if !errors.As(err, &ce) || !ce.NotFound || !errors.Is(err, ErrNotFound) || ce.Source != "chain" {
		t.Fatalf("got %#v", err)
	}
}

// A failing source's message names it but never the token it was given.
func TestChainErrorsHoldNoToken(t *testing.T) {
	dir := t.TempDir()
	const token = "Bearer go-container-secret-token"
	_, err := ResolveChain(context.Background(), ChainOptions{HTTPClient: &http.Client{Transport: noNetwork{t}}, Env: []string{
		"HOME=" + dir, "AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://192.0.2.1/creds",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN=" + token,
	}})
	var ce *ChainError
	if !errors.As(err, &ce) || strings.Contains(fmt.Sprintf("%v %#v", err, ce), "go-container-secret-token") {
		t.Fatalf("got %#v", err)
	}
}

// stsStub answers STS AssumeRole in memory (no socket), recording the form.
type stsStub struct{ form url.Values }

func (s *stsStub) RoundTrip(req *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(req.Body)
	s.form, _ = url.ParseQuery(string(body))
	xml := "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAGOMFA</AccessKeyId>" +
		"<SecretAccessKey>mfa-secret</SecretAccessKey><SessionToken>mfa-token</SessionToken>" +
		"<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(xml)), Header: http.Header{}, Request: req}, nil
}

// An mfa_serial profile: the chain asks for the code (SIGV4KIT_CHAIN_MFA_CODES)
// and sends it to STS; without MFACode the profile is refused.
func TestChainAsksForTheMFACode(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	creds := filepath.Join(dir, "credentials")
	_ = os.WriteFile(config, []byte("[profile mfa]\nrole_arn = arn:aws:iam::111122223333:role/r\n"+
		"source_profile = src\nmfa_serial = arn:aws:iam::111122223333:mfa/me\nregion = us-east-1\n"), 0o600)
	_ = os.WriteFile(creds, []byte("[src]\naws_access_key_id = AKIDSRC\naws_secret_access_key = src-secret\n"), 0o600)
	env := []string{"HOME=" + dir, "AWS_CONFIG_FILE=" + config, "AWS_SHARED_CREDENTIALS_FILE=" + creds,
		"AWS_EC2_METADATA_DISABLED=true", "AWS_ENDPOINT_URL_STS=http://127.0.0.1:9"}
	stub := &stsStub{}
	var asked string
	r, err := ResolveChain(context.Background(), ChainOptions{Profile: "mfa", Env: env, HTTPClient: &http.Client{Transport: stub},
		MFACode: func(serial string) (string, error) { asked = serial; return "123456", nil }})
	if err != nil {
		t.Fatal(err)
	}
	if asked != "arn:aws:iam::111122223333:mfa/me" || stub.form.Get("TokenCode") != "123456" ||
		r.Credentials.AccessKeyID != "ASIAGOMFA" || r.Source != "assume_role" {
		t.Fatalf("asked %q, form %v, got %v from %s", asked, stub.form, r.Credentials, r.Source)
	}
	_, err = ResolveChain(context.Background(), ChainOptions{Profile: "mfa", Env: env, HTTPClient: &http.Client{Transport: noNetwork{t}}})
	var ce *ChainError
	if !errors.As(err, &ce) || !errors.Is(err, ErrInvalidCredentials) || ce.NotFound {
		t.Fatalf("without MFACode: %#v", err)
	}
}
