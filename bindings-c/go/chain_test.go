package sigv4kit

import (
	"context"
	"errors"
	"fmt"
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
	if r.Credentials != want || r.Source != "credential-process" || r.Region != "eu-south-1" {
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

func TestChainErrorsNameTheSourceAndSetting(t *testing.T) {
	dir := t.TempDir()
	_, err := ResolveChain(context.Background(), ChainOptions{Env: []string{
		"HOME=" + dir, "AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://192.0.2.1/creds",
	}})
	var ce *ChainError
	if !errors.As(err, &ce) || ce.Source != "container" || ce.Setting != "AWS_CONTAINER_CREDENTIALS_FULL_URI" || ce.NotFound {
		t.Fatalf("got %#v", err)
	}
	_, err = ResolveChain(context.Background(), ChainOptions{Env: []string{"HOME=" + dir, "AWS_EC2_METADATA_DISABLED=true"}})
	if !errors.As(err, &ce) || !ce.NotFound {
		t.Fatalf("got %#v", err)
	}
}
