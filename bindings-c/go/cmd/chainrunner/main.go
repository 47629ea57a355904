// Command chainrunner resolves the default credential chain once with the Go
// binding and prints the outcome as one JSON line, for the cross-binding
// credential matrix (scripts/credential-matrix/). Its HTTP client refuses
// every host but 127.0.0.1 and redirects the container endpoint
// 169.254.170.2 to $TEST_CONTAINER_REDIRECT.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"

	sigv4kit "github.com/sigv4kit/sigv4kit/bindings-c/go"
)

type guard struct{ base http.RoundTripper }

func (g guard) RoundTrip(req *http.Request) (*http.Response, error) {
	host := req.URL.Hostname()
	if host == "169.254.170.2" {
		to := os.Getenv("TEST_CONTAINER_REDIRECT")
		if to == "" {
			return nil, errors.New("test guard: no redirect for 169.254.170.2")
		}
		req = req.Clone(req.Context())
		req.URL.Host = to
		req.Host = to
		host, _, _ = net.SplitHostPort(to)
	}
	if host != "127.0.0.1" {
		return nil, fmt.Errorf("test guard: refusing %s", req.URL.Redacted())
	}
	return g.base.RoundTrip(req)
}

func main() {
	client := &http.Client{
		Transport: guard{&http.Transport{Proxy: nil, DisableKeepAlives: true}},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	out := map[string]any{}
	r, err := sigv4kit.ResolveChain(context.Background(), sigv4kit.ChainOptions{HTTPClient: client})
	var chainErr *sigv4kit.ChainError
	switch {
	case err == nil:
		c := r.Credentials
		var token any
		if c.SessionToken != "" {
			token = c.SessionToken
		}
		var expiry any
		if !c.Expires.IsZero() {
			expiry = c.Expires.Unix()
		}
		var region any
		if r.Region != "" {
			region = r.Region
		}
		out = map[string]any{
			"outcome": "ok", "keys": []any{c.AccessKeyID, c.SecretAccessKey, token},
			"expiry": expiry, "region": region, "source": r.Source,
		}
	case errors.As(err, &chainErr):
		outcome := "error"
		if chainErr.NotFound {
			outcome = "none"
		}
		out = map[string]any{"outcome": outcome, "message": chainErr.Message, "source": chainErr.Source, "setting": chainErr.Setting}
	default:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	line, _ := json.Marshal(out)
	fmt.Println(strings.TrimSpace(string(line)))
}
