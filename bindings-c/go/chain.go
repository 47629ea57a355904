package sigv4kit

/*
#include <stdlib.h>
#include "sigv4kit.h"
*/
import "C"

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ChainOptions configures the default credential chain.
type ChainOptions struct {
	// Profile chosen by the program; the environment's keys are then
	// skipped (as boto3's Session(profile_name=...)). Empty: AWS_PROFILE,
	// else "default".
	Profile string
	// Env replaces os.Environ() ("NAME=value" entries).
	Env []string
	// HTTPClient sends the chain's requests. The default uses no proxy and
	// follows no redirects, as the AWS SDKs do for these endpoints.
	HTTPClient *http.Client
	// MFACode returns the current code of an MFA device (mfa_serial);
	// without it such profiles are refused.
	MFACode func(serial string) (string, error)
	// IMDSv1Fallback allows instance metadata without a session token when
	// the IMDSv2 token is refused (off: IMDSv1 is what SSRF abuses).
	IMDSv1Fallback bool
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// ChainResult is what the chain resolved.
type ChainResult struct {
	Credentials Credentials
	// Source is the provider that answered: "environment", "assume_role",
	// "web_identity", "sso", "shared_credentials_file",
	// "process", "config_file", "container", "instance_metadata".
	Source string
	// Region is AWS_REGION, AWS_DEFAULT_REGION or the profile's region.
	Region string
}

// ChainError says which source failed and the setting at fault, or that
// no source was configured (NotFound). Its message never holds a secret.
// It wraps the library's *Error (Code "not_found" or
// "invalid_credentials"), so errors.Is(err, ErrNotFound) works too.
type ChainError struct {
	Source   string
	Setting  string
	Message  string
	NotFound bool
	// Err is the library's error: Code "not_found" or
	// "invalid_credentials", and the same Message.
	Err *Error
}

func (e *ChainError) Error() string { return e.Message }

// Unwrap gives the library's error, with its Code and Field (nil for a
// step this package could not read).
func (e *ChainError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// newChainError builds the error of a failed chain from the result and the
// error object of sigv4kit_chain_credentials, which it frees: the source
// and setting come from the error, NotFound from the result code.
func newChainError(rc C.sigv4kit_result, e *C.sigv4kit_error) *ChainError {
	source, setting := goString(C.sigv4kit_error_source(e)), goString(C.sigv4kit_error_setting(e))
	err := newError(rc, e)
	return &ChainError{Source: source, Setting: setting, Message: err.Message,
		NotFound: rc == C.SIGV4KIT_NOT_FOUND, Err: err}
}

var defaultChainClient = &http.Client{
	Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

type chainStep []string

// ResolveChain runs the default chain once, in botocore's order: the
// environment, assume-role profiles (role_arn with source_profile or
// credential_source; STS AssumeRole is signed by the core), web identity,
// SSO, the shared files, credential_process, the container endpoint,
// instance metadata. The I/O is done here with net/http, os/exec and os.
func ResolveChain(ctx context.Context, opts ChainOptions) (ChainResult, error) {
	env := opts.Env
	if env == nil {
		env = os.Environ()
	}
	var block strings.Builder
	for _, kv := range env {
		if !strings.ContainsRune(kv, 0) {
			block.WriteString(kv)
			block.WriteByte(0)
		}
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	flags := C.uint32_t(0)
	if opts.IMDSv1Fallback {
		flags |= C.SIGV4KIT_CHAIN_IMDS_V1_FALLBACK
	}
	if opts.MFACode != nil {
		flags |= C.SIGV4KIT_CHAIN_MFA_CODES
	}
	client := opts.HTTPClient
	if client == nil {
		client = defaultChainClient
	}
	envText, profile := block.String(), opts.Profile
	if envText == "" {
		// An empty block still means "this environment", not the process's.
		envText = "\x00"
	}
	var chain *C.sigv4kit_chain
	var e *C.sigv4kit_error
	ep, el := cstr(envText)
	pp, pl := cstr(profile)
	rc := C.sigv4kit_chain_new(ep, el, pp, pl, flags, C.int64_t(now().Unix()), &chain, &e)
	runtime.KeepAlive(envText)
	runtime.KeepAlive(profile)
	if err := check(rc, e); err != nil {
		return ChainResult{}, err
	}
	defer C.sigv4kit_chain_free(chain)
	for i := 0; i < 100; i++ {
		step := chainStep(strings.Split(goString(C.sigv4kit_chain_step(chain)), "\x00"))
		var answerErr error
		switch step[0] {
		case "read_file":
			text, readErr := os.ReadFile(step[1])
			present := readErr == nil
			if readErr != nil && !errors.Is(readErr, os.ErrNotExist) && !isNotDir(readErr) {
				return ChainResult{}, readErr
			}
			answerErr = answerFile(chain, step[1], present, string(text))
		case "http":
			status, body := sendChainHTTP(ctx, client, step)
			answerErr = answerHTTP(chain, step[1], status, body)
		case "process":
			code, out := runChainProcess(ctx, step[2:])
			answerErr = answerProcess(chain, step[1], code, out)
		case "mfa":
			code, mfaErr := opts.MFACode(step[1])
			if mfaErr != nil {
				return ChainResult{}, mfaErr
			}
			answerErr = answerMFA(chain, step[1], code)
		case "failed":
			// The library reports the failure as a result and an error
			// object: the code says not found or failed, the error names
			// the source and the setting.
			var creds *C.sigv4kit_credentials
			var e *C.sigv4kit_error
			rc := C.sigv4kit_chain_credentials(chain, &creds, &e)
			if rc == C.SIGV4KIT_OK {
				C.sigv4kit_credentials_free(creds)
				return ChainResult{}, &ChainError{Source: "chain", Message: "credentials (chain): a failed step without a failure"}
			}
			return ChainResult{}, newChainError(rc, e)
		case "done":
			if len(step) < 7 {
				return ChainResult{}, &ChainError{Source: "chain", Message: "credentials (chain): malformed done step"}
			}
			creds := Credentials{AccessKeyID: step[3], SecretAccessKey: step[4], SessionToken: step[5]}
			if exp, _ := strconv.ParseInt(step[6], 10, 64); exp >= 0 {
				creds.Expires = time.Unix(exp, 0).UTC()
			}
			return ChainResult{Credentials: creds, Source: step[1], Region: step[2]}, nil
		default:
			// A step kind this package does not know: a library newer than it.
			return ChainResult{}, &ChainError{Source: "chain", Message: "credentials (chain): unknown step " + strconv.Quote(step[0])}
		}
		if answerErr != nil {
			return ChainResult{}, answerErr
		}
	}
	return ChainResult{}, &ChainError{Source: "chain", Message: "credentials (chain): the chain did not finish"}
}

func isNotDir(err error) bool {
	var pe *os.PathError
	return errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "not a directory")
}

func sendChainHTTP(ctx context.Context, client *http.Client, step chainStep) (int, string) {
	// http id source method url timeout_ms body (name value)*
	if len(step) < 7 {
		return -1, ""
	}
	method, url, body := step[3], step[4], step[6]
	ms, _ := strconv.Atoi(step[5])
	ctx, cancel := context.WithTimeout(ctx, time.Duration(ms)*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		return -1, ""
	}
	if body == "" {
		req.Body = nil
		if method != http.MethodGet {
			req.ContentLength = 0
			req.Body = http.NoBody
		}
	}
	for h := 7; h+1 < len(step); h += 2 {
		if strings.EqualFold(step[h], "host") {
			req.Host = step[h+1]
			continue
		}
		req.Header[step[h]] = append(req.Header[step[h]], step[h+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return -1, ""
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return -1, ""
	}
	return resp.StatusCode, string(data)
}

func runChainProcess(ctx context.Context, argv []string) (int, string) {
	if len(argv) == 0 {
		return -1, ""
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() >= 0 {
			return exit.ExitCode(), string(out)
		}
		return -1, ""
	}
	return 0, string(out)
}

// The answers: each call only reads its arguments during the call, and
// fails only on a NULL or a text that is not UTF-8 (the code says which).

func answerFile(chain *C.sigv4kit_chain, path string, present bool, text string) error {
	pp, pl := cstr(path)
	tp, tl := cstr(text)
	rc := C.sigv4kit_chain_file(chain, pp, pl, C.bool(present), tp, tl)
	runtime.KeepAlive(path)
	runtime.KeepAlive(text)
	return check(rc, nil)
}

func answerHTTP(chain *C.sigv4kit_chain, id string, status int, body string) error {
	ip, il := cstr(id)
	bp, bl := cstr(body)
	rc := C.sigv4kit_chain_http(chain, ip, il, C.int32_t(status), bp, bl)
	runtime.KeepAlive(id)
	runtime.KeepAlive(body)
	return check(rc, nil)
}

func answerProcess(chain *C.sigv4kit_chain, id string, code int, out string) error {
	ip, il := cstr(id)
	op, ol := cstr(out)
	rc := C.sigv4kit_chain_process(chain, ip, il, C.int32_t(code), op, ol)
	runtime.KeepAlive(id)
	runtime.KeepAlive(out)
	return check(rc, nil)
}

func answerMFA(chain *C.sigv4kit_chain, serial, code string) error {
	sp, sl := cstr(serial)
	cp, cl := cstr(code)
	rc := C.sigv4kit_chain_mfa(chain, sp, sl, cp, cl)
	runtime.KeepAlive(serial)
	runtime.KeepAlive(code)
	return check(rc, nil)
}

// ChainProvider is the default chain as a provider: resolved at the first
// Retrieve, cached, and resolved again five minutes before the credentials
// expire, by one goroutine while the others wait. A failed refresh keeps
// credentials that are still valid; expired ones are never returned.
type ChainProvider struct {
	Options ChainOptions

	mu      sync.Mutex
	current *ChainResult
}

// RefreshMargin is how long before expiry credentials are resolved again.
const RefreshMargin = 5 * time.Minute

// Retrieve returns credentials valid now.
func (p *ChainProvider) Retrieve(ctx context.Context) (Credentials, error) {
	r, err := p.Resolve(ctx)
	return r.Credentials, err
}

// Resolve is Retrieve with the source and region.
func (p *ChainProvider) Resolve(ctx context.Context) (ChainResult, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now
	if p.Options.Now != nil {
		now = p.Options.Now
	}
	fresh := func(r *ChainResult, margin time.Duration) bool {
		return r != nil && (r.Credentials.Expires.IsZero() || now().Add(margin).Before(r.Credentials.Expires))
	}
	if fresh(p.current, RefreshMargin) {
		return *p.current, nil
	}
	r, err := ResolveChain(ctx, p.Options)
	if err != nil {
		if fresh(p.current, 0) {
			return *p.current, nil
		}
		return ChainResult{}, err
	}
	p.current = &r
	return r, nil
}

// String never shows credentials.
func (p *ChainProvider) String() string {
	return "sigv4kit.ChainProvider{" + strconv.Quote(p.Options.Profile) + "}"
}
