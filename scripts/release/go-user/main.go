// A user's program, built by `make test-go-module` in a module outside the
// repository that requires github.com/sigv4kit/sigv4kit/bindings-c/go (through
// a replace to the repository path) and finds the installed C library with
// pkg-config. It signs the official suite's get-vanilla case and prints the
// signature.
package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	sigv4kit "github.com/sigv4kit/sigv4kit/bindings-c/go"
)

func main() {
	signer, err := sigv4kit.NewSigner("us-east-1", "service", sigv4kit.Credentials{
		AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer signer.Close()
	signed, err := signer.SignRaw(&sigv4kit.Request{
		Method:  "GET",
		Target:  "/",
		Headers: []sigv4kit.Header{{Name: "Host", Value: "example.amazonaws.com"}},
	}, time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, h := range signed.AddedHeaders {
		if h.Name == "Authorization" {
			fmt.Println(h.Value[strings.LastIndex(h.Value, "Signature=")+len("Signature="):])
		}
	}
}
