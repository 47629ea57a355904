package sigv4kit

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startGateway runs the local gateway (make build-gateway) on a free
// loopback port and returns its origin; it stops with the test.
func startGateway(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(root, "target", "debug", "sigv4kit-gateway")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("%s is not built: run make build-gateway", bin)
	}
	cmd := exec.Command(bin, "--listen", "127.0.0.1:0", "--quiet")
	cmd.Dir = root
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	_, origin, ok := strings.Cut(strings.TrimSpace(line), "listening on ")
	if !ok || !strings.HasPrefix(origin, "http://127.0.0.1:") {
		t.Fatalf("unexpected gateway line %q", line)
	}
	return origin
}

// A header changed after signing (as a proxy would): the gateway's 403
// quotes its canonical request, and ExplainMismatch names the header.
func TestExplainMismatchOfTheGateways403(t *testing.T) {
	origin := startGateway(t)
	signer, err := NewSigner("us-east-1", "execute-api", Credentials{
		AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
	})
	if err != nil {
		t.Fatal(err)
	}
	defer signer.Close()
	req, err := http.NewRequest("GET", origin+"/prod/hello", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Trace", "abc")
	signed, err := signer.SignAt(req, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Trace", "changed-in-flight")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil || resp.StatusCode != 403 {
		t.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	d, err := ExplainMismatch(signed, body)
	if err != nil {
		t.Fatal(err)
	}
	if d.Finding != "header" || d.Part != "header x-trace" || d.Line == 0 {
		t.Fatalf("finding %q part %q line %d", d.Finding, d.Part, d.Line)
	}
	if d.Expected == nil || *d.Expected != "x-trace:changed-in-flight" || d.Signed == nil || *d.Signed != "x-trace:abc" {
		t.Fatalf("expected %v signed %v", d.Expected, d.Signed)
	}
	if d.ErrorCode == nil || *d.ErrorCode != "SignatureDoesNotMatch" {
		t.Fatalf("error code %v", d.ErrorCode)
	}
	if !strings.Contains(d.String(), "(header x-trace)") || d.Cause == "" || d.Hint == "" {
		t.Fatalf("report %q", d.String())
	}
}

func TestExplainMismatchRefusesNil(t *testing.T) {
	if _, err := ExplainMismatch(nil, []byte("Forbidden")); err == nil || !strings.Contains(err.Error(), "signed is nil") {
		t.Fatalf("err %v", err)
	}
	d, err := ExplainMismatch(&Signed{CanonicalRequest: "GET\n/", StringToSign: "x"}, nil)
	if err != nil || d.Finding != "not_quoted" || d.Expected != nil || d.ErrorCode != nil {
		t.Fatalf("%+v %v", d, err)
	}
}
