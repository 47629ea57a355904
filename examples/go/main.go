// Command demo-client calls the local IAM gateway with requests signed by
// the sigv4kit Go package, printing one line per call:
// CALL<TAB>STATUS<TAB>first 80 characters of the response message.
//
// Environment: SIGV4KIT_ENDPOINT (http://127.0.0.1:PORT), AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_REGION, DEMO_ROLE_ARN.
package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	sigv4kit "github.com/sigv4kit/sigv4kit/bindings-c/go"
)

func main() {
	endpoint := os.Getenv("SIGV4KIT_ENDPOINT")
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = "us-east-1"
	}
	creds := sigv4kit.Credentials{
		AccessKeyID:     os.Getenv("AWS_ACCESS_KEY_ID"),
		SecretAccessKey: os.Getenv("AWS_SECRET_ACCESS_KEY"),
		SessionToken:    os.Getenv("AWS_SESSION_TOKEN"),
	}
	// One signer per service; Close frees its C memory and wipes the secret.
	api, err := sigv4kit.NewSigner(region, "execute-api", creds)
	if err != nil {
		fail(err)
	}
	defer api.Close()

	get := func(path string) *http.Request {
		req, err := http.NewRequest("GET", endpoint+path, nil)
		if err != nil {
			fail(err)
		}
		return req
	}

	// allowed: sign, then send as is.
	req := get("/prod/hello?name=sigv4kit")
	must(api.Sign(req))
	report("allowed", req)

	// unsigned: the gateway wants a signature.
	report("unsigned", get("/prod/hello"))

	// tampered: what was signed is not what is sent.
	req = get("/prod/hello?name=a")
	must(api.Sign(req))
	req.URL.RawQuery = "name=b"
	report("tampered", req)

	// denied: signed, but the resource policy says no.
	req = get("/prod/denied")
	must(api.Sign(req))
	report("denied", req)

	// presigned: the signature travels in the query; anyone can GET the URL.
	presigned, err := api.Presign(get("/prod/hello"), 300*time.Second)
	must(err)
	plain, err := http.NewRequest("GET", presigned, nil)
	must(err)
	report("presigned", plain)

	// profile-role: profiles with role_arn + source_profile (AWS_CONFIG_FILE);
	// the credential chain assumes the role (STS at AWS_ENDPOINT_URL_STS) and
	// the API judges the role's session.
	for _, p := range [][2]string{{"profile-role", "DEMO_PROFILE_ROLE"}, {"profile-role-denied", "DEMO_PROFILE_DENIED"}} {
		chain := &sigv4kit.ChainProvider{Options: sigv4kit.ChainOptions{Profile: os.Getenv(p[1])}}
		roleCreds, err := chain.Retrieve(context.Background())
		must(err)
		roleAPI, err := sigv4kit.NewSigner(region, "execute-api", roleCreds)
		must(err)
		req = get("/prod/hello")
		must(roleAPI.Sign(req))
		report(p[0], req)
		roleAPI.Close()
	}

	// assume-role: STS is signed like any API (service "sts"), and the
	// temporary credentials it returns sign the next call.
	sts, err := sigv4kit.NewSigner(region, "sts", creds)
	must(err)
	defer sts.Close()
	form := url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"},
		"RoleArn": {os.Getenv("DEMO_ROLE_ARN")}, "RoleSessionName": {"demo"}}
	req, err = http.NewRequest("POST", endpoint+"/", strings.NewReader(form.Encode()))
	must(err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	must(sts.Sign(req))
	resp, err := http.DefaultClient.Do(req)
	must(err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var reply struct {
		Credentials struct {
			AccessKeyID     string `xml:"AccessKeyId"`
			SecretAccessKey string `xml:"SecretAccessKey"`
			SessionToken    string `xml:"SessionToken"`
			Expiration      string `xml:"Expiration"`
		} `xml:"AssumeRoleResult>Credentials"`
	}
	if resp.StatusCode != http.StatusOK || xml.Unmarshal(body, &reply) != nil {
		fmt.Printf("assume-role\t%d\t%s\n", resp.StatusCode, message(body))
		return
	}
	temporary := sigv4kit.Credentials{AccessKeyID: reply.Credentials.AccessKeyID,
		SecretAccessKey: reply.Credentials.SecretAccessKey, SessionToken: reply.Credentials.SessionToken}
	temporary.Expires, _ = time.Parse(time.RFC3339, reply.Credentials.Expiration)
	must(api.SetCredentials(temporary))
	req = get("/prod/hello")
	must(api.Sign(req))
	report("assume-role", req)
}

// report sends req and prints its status and message.
func report(call string, req *http.Request) {
	resp, err := http.DefaultClient.Do(req)
	must(err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Printf("%s\t%d\t%s\n", call, resp.StatusCode, message(body))
}

// message is the "message" of a JSON reply, else the start of the body.
func message(body []byte) string {
	var reply struct {
		Message string `json:"message"`
	}
	text := string(body)
	if json.Unmarshal(body, &reply) == nil && reply.Message != "" {
		text = reply.Message
	}
	text = strings.Join(strings.Fields(text), " ")
	if len(text) > 80 {
		text = text[:80]
	}
	return text
}

func must(err error) {
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "demo-client:", err)
	os.Exit(1)
}
