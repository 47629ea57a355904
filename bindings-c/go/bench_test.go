package sigv4kit_test

import (
	"net/http"
	"testing"
	"time"

	sigv4kit "github.com/sigv4kit/sigv4kit/bindings-c/go"
	"github.com/sigv4kit/sigv4kit/bindings-c/go/internal/cbench"
)

// The request of every benchmark here and of bindings-c/benches: an API
// Gateway GET with a query and three headers, no body.
var benchRequest = &sigv4kit.Request{
	Method: "GET",
	Target: "/prod/pets?type=dog&limit=10",
	Headers: []sigv4kit.Header{
		{"Host", "abc123.execute-api.us-east-1.amazonaws.com"},
		{"Accept", "application/json"},
		{"User-Agent", "bench/1.0"},
	},
}

// BenchmarkSignC is the C API alone, looping in C: the baseline that the
// Go benchmarks below add their wrapper cost to.
func BenchmarkSignC(b *testing.B) {
	if !cbench.SignLoop(b.N) {
		b.Fatal("signing failed")
	}
}

func BenchmarkSignRaw(b *testing.B) {
	s, err := sigv4kit.NewSigner("us-east-1", "execute-api", example)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.SignRaw(benchRequest, when); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignHTTP(b *testing.B) {
	s, err := sigv4kit.NewSigner("us-east-1", "execute-api", example)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	req, _ := http.NewRequest("GET", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets?type=dog&limit=10", nil)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "bench/1.0")
	at := time.Unix(1440938160, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.SignAt(req, at); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrapperOverhead alternates rounds of the C loop and of Sign on a
// net/http request (without copying the debugging strings) and reports the
// best round of each, in CPU time, and their difference: what the Go layer
// adds per signature. Alternating in one process keeps a busy machine's
// noise out of the difference as far as possible.
func BenchmarkWrapperOverhead(b *testing.B) {
	at := time.Unix(1440938160, 0)
	s, err := sigv4kit.NewSigner("us-east-1", "execute-api", example, sigv4kit.WithClock(func() time.Time { return at }))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	req, _ := http.NewRequest("GET", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets?type=dog&limit=10", nil)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "bench/1.0")
	const rounds = 10
	per := b.N/rounds + 1
	bestC, bestGo := 1e18, 1e18
	b.ResetTimer()
	for r := 0; r < rounds; r++ {
		start := time.Duration(cbench.CPUTime())
		if !cbench.SignLoop(per) {
			b.Fatal("signing failed")
		}
		if ns := float64(time.Duration(cbench.CPUTime())-start) / float64(per); ns < bestC {
			bestC = ns
		}
		start = time.Duration(cbench.CPUTime())
		for i := 0; i < per; i++ {
			req.Header.Del("Authorization")
			req.Header.Del("X-Amz-Date")
			if err := s.Sign(req); err != nil {
				b.Fatal(err)
			}
		}
		if ns := float64(time.Duration(cbench.CPUTime())-start) / float64(per); ns < bestGo {
			bestGo = ns
		}
	}
	b.ReportMetric(bestC, "c-ns/sign")
	b.ReportMetric(bestGo, "go-ns/sign")
	b.ReportMetric(bestGo-bestC, "wrapper-ns/sign")
}
