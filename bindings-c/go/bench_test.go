package sigv4kit_test

import (
	"errors"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

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

// newBenchRequest is benchRequest as a net/http request, as a user makes
// it: the URL's host is the Host signed.
func newBenchRequest() *http.Request {
	req, _ := http.NewRequest("GET", "https://abc123.execute-api.us-east-1.amazonaws.com/prod/pets?type=dog&limit=10", nil)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "bench/1.0")
	return req
}

// BenchmarkSignC is the C API alone, looping in C (sigv4kit_sign, a
// result freed per call).
func BenchmarkSignC(b *testing.B) {
	if !cbench.SignLoop(b.N) {
		b.Fatal("signing failed")
	}
}

// BenchmarkSignPackedC is the call Sign wraps (sigv4kit_sign_packed),
// looping in C: the baseline that Sign adds its wrapper cost to.
func BenchmarkSignPackedC(b *testing.B) {
	if !cbench.PackedLoop(b.N) {
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
	req := newBenchRequest()
	at := time.Unix(1440938160, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.SignAt(req, at); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrapperOverhead alternates short batches of the C loop making
// the call Sign wraps (sigv4kit_sign_packed), of Sign on a net/http request
// (without copying the debugging strings) and of the C loop of
// sigv4kit_sign, so that all see the same load of a busy machine, and
// reports the medians of each and of the per-round differences between
// Sign and the packed call: what the Go layer adds per signature. Each Sign
// gets the request as a user makes it (the headers the previous Sign added
// are deleted first, inside the timing), so that every side signs the same
// three headers. Times are CPU time of the process (cbench.CPUTime), so
// that waiting for a core on a busy machine counts for no side, and the Go
// collector's work counts for Sign, whose allocations it collects.
func BenchmarkWrapperOverhead(b *testing.B) {
	at := time.Unix(1440938160, 0)
	s, err := sigv4kit.NewSigner("us-east-1", "execute-api", example, sigv4kit.WithClock(func() time.Time { return at }))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	req := newBenchRequest()
	const rounds = 50
	per := b.N/rounds + 1
	var cTimes, packedTimes, goTimes, diffs, signDiffs []float64
	if !cbench.PackedLoop(1) || !cbench.SignLoop(1) {
		b.Fatal("signing failed")
	}
	b.ResetTimer()
	for r := 0; r < rounds; r++ {
		start := cbench.CPUTime()
		if !cbench.PackedLoop(per) {
			b.Fatal("signing failed")
		}
		packed := float64(cbench.CPUTime()-start) / float64(per)
		start = cbench.CPUTime()
		if !cbench.SignLoop(per) {
			b.Fatal("signing failed")
		}
		c := float64(cbench.CPUTime()-start) / float64(per)
		start = cbench.CPUTime()
		for i := 0; i < per; i++ {
			delete(req.Header, "X-Amz-Date")
			delete(req.Header, "Authorization")
			if err := s.Sign(req); err != nil {
				b.Fatal(err)
			}
		}
		g := float64(cbench.CPUTime()-start) / float64(per)
		cTimes, packedTimes, goTimes = append(cTimes, c), append(packedTimes, packed), append(goTimes, g)
		diffs, signDiffs = append(diffs, g-packed), append(signDiffs, g-c)
	}
	b.ReportMetric(median(cTimes), "c-ns/sign")
	b.ReportMetric(median(packedTimes), "packed-ns/sign")
	b.ReportMetric(median(goTimes), "go-ns/sign")
	b.ReportMetric(median(diffs), "wrapper-ns/sign")
	b.ReportMetric(median(signDiffs), "vs-c-sign-ns/sign")
}

func median(values []float64) float64 {
	sort.Float64s(values)
	return values[len(values)/2]
}

// BenchmarkSignParallel is Sign on one shared Signer from GOMAXPROCS
// goroutines (each with its own request): run with -cpu 1,2 and divide the
// ns/op figures for the throughput gained from a second thread.
func BenchmarkSignParallel(b *testing.B) {
	at := time.Unix(1440938160, 0)
	s, err := sigv4kit.NewSigner("us-east-1", "execute-api", example, sigv4kit.WithClock(func() time.Time { return at }))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		req := newBenchRequest()
		for pb.Next() {
			if err := s.Sign(req); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkTwoGoroutines is the throughput of two goroutines sharing one
// Signer against one goroutine, in alternating rounds (wall time). Each
// round times one goroutine signing a batch, then two signing a batch each
// at once: sharing one Signer, and with a Signer each (nothing shared: the
// gap to the shared figure is what sharing costs), the two in turn first
// so that neither always follows the other. Then one and two sharing the
// Signer again with the Go collector paused for the batch (it collects
// after, outside the timing): the gap to the first figure is what the
// collector costs two goroutines that allocate a header block per Sign.
// Then the same for the C loop of the call Sign makes (cbench.PackedLoop,
// one cgo call per batch, on shared handles): what the C library scales to
// on the machine at that moment, the bound for the Go package. It reports
// the medians over the rounds of 2 × one / two, the collections per
// two-goroutine batch, and the process's CPU time per signature with two
// goroutines against one (above 1 when the two slow each other down,
// through a shared lock, cache line or the collector, or when the other
// core is busy with other work that shares the caches; waiting for a core
// is not in it).
//
// Every batch runs in goroutines of its own, started the same way for one
// and for two, and is as long as a thread's batch of the C benchmark
// (20000 signatures, whatever b.N): batches of b.N/21 signatures (2 ms)
// made starting and waking the goroutines a visible part of the two's time.
func BenchmarkTwoGoroutines(b *testing.B) {
	at := time.Unix(1440938160, 0)
	clock := sigv4kit.WithClock(func() time.Time { return at })
	s, err := sigv4kit.NewSigner("us-east-1", "execute-api", example, clock)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	own, err := sigv4kit.NewSigner("us-east-1", "execute-api", example, clock)
	if err != nil {
		b.Fatal(err)
	}
	defer own.Close()
	const rounds, calls = 15, 20000
	goLoop := func(s *sigv4kit.Signer) func() error {
		return func() error {
			req := newBenchRequest()
			for i := 0; i < calls; i++ {
				if err := s.Sign(req); err != nil {
					return err
				}
			}
			return nil
		}
	}
	cLoop := func() error {
		if !cbench.PackedLoop(calls) {
			return errors.New("signing failed")
		}
		return nil
	}
	if cLoop() != nil { // the C side's handles are made here, once
		b.Fatal("signing failed")
	}
	// batch runs each loop in a goroutine of its own, all at once; it
	// returns the wall time, the process's CPU time per signature and how
	// many collections ran meanwhile.
	batch := func(loops ...func() error) (wall, cpu, collections float64) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		done := make(chan error, len(loops))
		start, cpuStart := time.Now(), cbench.CPUTime()
		for _, loop := range loops {
			go func(loop func() error) { done <- loop() }(loop)
		}
		for range loops {
			if err := <-done; err != nil {
				b.Fatal(err)
			}
		}
		wall = time.Since(start).Seconds()
		cpu = float64(cbench.CPUTime()-cpuStart) / float64(len(loops)*calls)
		runtime.ReadMemStats(&after)
		return wall, cpu, float64(after.NumGC - before.NumGC)
	}
	// paused is batch with the collector off; it collects after the
	// timing, so that the heap does not grow from one batch to the next.
	paused := func(loops ...func() error) float64 {
		previous := debug.SetGCPercent(-1)
		wall, _, _ := batch(loops...)
		debug.SetGCPercent(previous)
		runtime.GC()
		return wall
	}
	var scales, ownScales, pausedScales, cScales, gcs, cpuRatios, ownCPURatios, cCPURatios []float64
	b.ResetTimer()
	for r := 0; r < rounds; r++ {
		one, oneCPU, _ := batch(goLoop(s))
		var two, twoCPU, twoGCs, twoOwn, ownCPU float64
		if r%2 == 0 {
			two, twoCPU, twoGCs = batch(goLoop(s), goLoop(s))
			twoOwn, ownCPU, _ = batch(goLoop(s), goLoop(own))
		} else {
			twoOwn, ownCPU, _ = batch(goLoop(s), goLoop(own))
			two, twoCPU, twoGCs = batch(goLoop(s), goLoop(s))
		}
		onePaused := paused(goLoop(s))
		twoPaused := paused(goLoop(s), goLoop(s))
		oneC, oneCCPU, _ := batch(cLoop)
		twoC, twoCCPU, _ := batch(cLoop, cLoop)
		scales = append(scales, 2*one/two)
		ownScales = append(ownScales, 2*one/twoOwn)
		pausedScales = append(pausedScales, 2*onePaused/twoPaused)
		cScales = append(cScales, 2*oneC/twoC)
		gcs = append(gcs, twoGCs)
		cpuRatios = append(cpuRatios, twoCPU/oneCPU)
		ownCPURatios = append(ownCPURatios, ownCPU/oneCPU)
		cCPURatios = append(cCPURatios, twoCCPU/oneCCPU)
	}
	b.ReportMetric(median(scales), "x-throughput")
	b.ReportMetric(median(ownScales), "x-throughput-own")
	b.ReportMetric(median(pausedScales), "x-throughput-gc-paused")
	b.ReportMetric(median(cScales), "x-throughput-c")
	b.ReportMetric(median(gcs), "collections-per-batch")
	b.ReportMetric(median(cpuRatios), "x-cpu-per-sign")
	b.ReportMetric(median(ownCPURatios), "x-cpu-per-sign-own")
	b.ReportMetric(median(cCPURatios), "x-cpu-per-sign-c")
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f, err := strconv.ParseFloat(strings.Fields(string(load))[0], 64); err == nil {
			b.ReportMetric(f, "load-average")
		}
	}
}

// memoryObjects is how many of each thing BenchmarkMemory keeps alive,
// whatever b.N: enough that what the runtime and malloc allocate for
// themselves meanwhile is a fraction of a byte per object.
const memoryObjects = 20000

// heapUse is the bytes in use on the Go heap and on the C heap.
type heapUse struct{ goHeap, cHeap int64 }

// heapNow collects and reads both heaps. Two collections: the first moves
// sync.Pool's scratch to its victim cache, where it is still live, and the
// second frees it, so that the pooled scratch of signing counts for no
// figure.
func heapNow() heapUse {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return heapUse{goHeap: int64(m.HeapAlloc), cHeap: cbench.CHeap()}
}

// perObject reports the growth of both heaps since before, over n objects,
// as metrics named prefix-go-B and prefix-c-B, and returns them.
func (before heapUse) perObject(b *testing.B, n int, prefix string) (goBytes, cBytes float64) {
	after := heapNow()
	goBytes = float64(after.goHeap-before.goHeap) / float64(n)
	cBytes = float64(after.cHeap-before.cHeap) / float64(n)
	b.ReportMetric(goBytes, prefix+"-go-B")
	b.ReportMetric(cBytes, prefix+"-c-B")
	return goBytes, cBytes
}

// BenchmarkMemory is the memory the Go package holds: a Signer, the C copy
// of its credentials, a cached signing key, and what Sign leaves in a
// request's headers. Each figure is the growth of the Go heap
// (runtime.MemStats.HeapAlloc after collecting: live objects in the Go
// allocator's size classes) and of the C heap (cbench.CHeap: malloc's bytes
// in use, chunk headers included) while memoryObjects of the thing are made
// and kept alive, over their number. The holding slices are made before
// each baseline. Controls first check the method: C memory of a known size
// must show on the C heap alone, Go memory on the Go heap alone.
func BenchmarkMemory(b *testing.B) {
	const n, controlSize = memoryObjects, 1000
	// Each thread has its own Rust scratch buffers, grown by its first
	// signature, and cgo calls run on whatever thread the goroutine is on:
	// locked to one, every call below runs on the thread the warm-up
	// signatures grew the scratch of.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// warm also signs for the per-request figure: its warm-up signature
	// cached the key for when, so that no key counts there.
	warm, err := sigv4kit.NewSigner("us-east-1", "execute-api", example, sigv4kit.WithClock(func() time.Time { return when }))
	if err != nil {
		b.Fatal(err)
	}
	defer warm.Close()
	if err := warm.Sign(newBenchRequest()); err != nil {
		b.Fatal(err)
	}
	if _, err := warm.SignRaw(benchRequest, when); err != nil {
		b.Fatal(err)
	}

	blocks := make([]unsafe.Pointer, n)
	before := heapNow()
	for i := range blocks {
		if blocks[i] = cbench.Malloc(controlSize); blocks[i] == nil {
			b.Fatal("out of C memory")
		}
	}
	mallocGo, mallocC := before.perObject(b, n, "control-malloc")
	for _, p := range blocks {
		cbench.Free(p)
	}
	slices := make([][]byte, n)
	before = heapNow()
	for i := range slices {
		slices[i] = make([]byte, controlSize)
	}
	bytesGo, bytesC := before.perObject(b, n, "control-bytes")
	runtime.KeepAlive(slices)
	slices = nil
	// Each control's own heap holds at least the bytes asked for, with at
	// most a header and rounding on top; the other heap holds nearly none.
	near := func(v, size float64) bool { return v >= size && v < size+64 }
	small := func(v float64) bool { return v > -2 && v < 2 }
	if !near(mallocC, controlSize) || !small(mallocGo) || !near(bytesGo, controlSize) || !small(bytesC) {
		b.Fatalf("heap measurement off: %d-byte mallocs: %.1f C, %.1f Go; %d-byte slices: %.1f Go, %.1f C",
			controlSize, mallocC, mallocGo, controlSize, bytesGo, bytesC)
	}

	signers := make([]*sigv4kit.Signer, n)
	defer func() {
		for _, s := range signers {
			if s != nil {
				s.Close()
			}
		}
	}()
	before = heapNow()
	for i := range signers {
		if signers[i], err = sigv4kit.NewSigner("us-east-1", "execute-api", example); err != nil {
			b.Fatal(err)
		}
	}
	before.perObject(b, n, "signer")
	b.ReportMetric(float64(unsafe.Sizeof(example)), "credentials-inline-B")

	creds := make([]unsafe.Pointer, n)
	before = heapNow()
	for i := range creds {
		if creds[i] = cbench.NewCredentials(); creds[i] == nil {
			b.Fatal("credentials failed")
		}
	}
	before.perObject(b, n, "credentials")
	for _, c := range creds {
		cbench.FreeCredentials(c)
	}

	// Four days fill each Signer's key cache (a key per date, region and
	// service); a fifth replaces one.
	const days = 4
	day := func(d int) time.Time { return when.Add(time.Duration(d) * 24 * time.Hour) }
	before = heapNow()
	for _, s := range signers {
		for d := 0; d < days; d++ {
			if _, err := s.SignRaw(benchRequest, day(d)); err != nil {
				b.Fatal(err)
			}
		}
	}
	before.perObject(b, days*n, "key")
	before = heapNow()
	for _, s := range signers {
		if _, err := s.SignRaw(benchRequest, day(days)); err != nil {
			b.Fatal(err)
		}
	}
	before.perObject(b, n, "fifth-key")

	requests := make([]*http.Request, n)
	for i := range requests {
		requests[i] = newBenchRequest()
	}
	before = heapNow()
	for _, req := range requests {
		if err := warm.Sign(req); err != nil {
			b.Fatal(err)
		}
	}
	before.perObject(b, n, "sign")
	runtime.KeepAlive(requests)
	b.ReportMetric(n, "objects")
}
