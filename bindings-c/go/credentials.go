package sigv4kit

import (
	"fmt"
	"time"
)

// Credentials are an access key pair, with a session token and expiry for
// temporary credentials. String and GoString never show the secret or the
// token, so a Credentials value is safe to log.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string    // empty for long-term keys
	Expires         time.Time // zero when they do not expire
}

func (c Credentials) String() string {
	token := ""
	if c.SessionToken != "" {
		token = ", SessionToken: ** redacted **"
	}
	return fmt.Sprintf("Credentials{AccessKeyID: %q, SecretAccessKey: ** redacted **%s}", c.AccessKeyID, token)
}

// GoString is what %#v prints: redacted too.
func (c Credentials) GoString() string {
	return "sigv4kit." + c.String()
}

// Format makes every verb (%v, %+v, %s, %#v) print the redacted form.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, c.GoString())
		return
	}
	fmt.Fprint(f, c.String())
}
