package sigv4kit_test

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	sigv4kit "github.com/sigv4kit/sigv4kit/bindings-c/go"
)

func ExampleSigner_Sign() {
	signer, err := sigv4kit.NewSigner("us-east-1", "execute-api", sigv4kit.Credentials{
		AccessKeyID:     os.Getenv("AWS_ACCESS_KEY_ID"),
		SecretAccessKey: os.Getenv("AWS_SECRET_ACCESS_KEY"),
		SessionToken:    os.Getenv("AWS_SESSION_TOKEN"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer signer.Close()
	req, _ := http.NewRequest("POST", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets",
		strings.NewReader(`{"name":"Rex"}`))
	req.Header.Set("Content-Type", "application/json")
	if err := signer.Sign(req); err != nil {
		fmt.Println(err)
		return
	}
	// The body is still there to send, and Authorization is set.
	_, _ = http.DefaultClient.Do(req)
}

func ExampleSigner_SignRaw() {
	signer, _ := sigv4kit.NewSigner("us-east-1", "service", sigv4kit.Credentials{
		AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
	})
	defer signer.Close()
	signed, _ := signer.SignRaw(&sigv4kit.Request{
		Method:  "GET",
		Target:  "/",
		Headers: []sigv4kit.Header{{Name: "Host", Value: "example.amazonaws.com"}},
	}, time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC))
	// The official suite's get-vanilla answer.
	for _, h := range signed.AddedHeaders {
		fmt.Printf("%s: %s\n", h.Name, h.Value)
	}
	// Output:
	// X-Amz-Date: 20150830T123600Z
	// Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
}

func ExampleVerifier_Middleware() {
	verifier := &sigv4kit.Verifier{
		Service: "execute-api",
		Lookup: func(accessKeyID string) (sigv4kit.Credentials, error) {
			if accessKeyID != "AKIDEXAMPLE" {
				return sigv4kit.Credentials{}, fmt.Errorf("unknown key")
			}
			return sigv4kit.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}, nil
		},
	}
	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		caller, _ := sigv4kit.VerifiedFrom(r.Context())
		fmt.Fprintf(w, "hello, %s\n", caller.AccessKeyID)
	})
	_ = http.ListenAndServe("127.0.0.1:8080", verifier.Middleware(hello))
}
