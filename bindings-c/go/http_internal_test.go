package sigv4kit

import (
	"net/url"
	"testing"
)

// escapedPath answers as net/url's EscapedPath does, for paths of every
// byte, with and without a RawPath.
func TestEscapedPathIsTheStandardOne(t *testing.T) {
	paths := []string{"", "/", "*", "/prod/pets", "/a b", "/a%2Fb", "/~user/x.y_z-1", "/é", "/a+b", "/a;b=c@d"}
	for c := 0; c < 256; c++ {
		paths = append(paths, "/x"+string([]byte{byte(c)})+"y")
	}
	for _, p := range paths {
		u := &url.URL{Path: p}
		if got, want := escapedPath(u), u.EscapedPath(); got != want {
			t.Errorf("path %q: got %q, want %q", p, got, want)
		}
		if parsed, err := url.Parse("https://h" + url.PathEscape(p)); err == nil {
			if got, want := escapedPath(parsed), parsed.EscapedPath(); got != want {
				t.Errorf("parsed %q: got %q, want %q", p, got, want)
			}
		}
	}
	raw, err := url.Parse("https://h/a%2Fb/c")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := escapedPath(raw), raw.EscapedPath(); got != want {
		t.Errorf("raw path: got %q, want %q", got, want)
	}
}
