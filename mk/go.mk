# The Go package (bindings-c/go), which links libsigv4kit through cgo: vet,
# gofmt, tests (also under the race detector and cgocheck=2), the Go
# conformance runner, and the Go demo client against the real local gateway.

GO ?= go
GOLIB_OUT := target/go

.PHONY: setup-go build-go test-go bench-go
SETUP_TARGETS += setup-go
BUILD_TARGETS += build-go
TEST_TARGETS += test-go
BENCH_TARGETS += bench-go
CONFORMANCE_BINDINGS += go

setup-go:
	@bash scripts/setup/go.sh

build-go: setup-go c-lib
	mkdir -p $(GOLIB_OUT)
	cd bindings-c/go && $(GO) build ./... && $(GO) build -o ../../$(GOLIB_OUT)/conformance ./cmd/conformance
	cd examples/go && $(GO) build -o ../../$(GOLIB_OUT)/demo-client .

# The package's tests include TestSignerAgreesWithBotocore, on the cases
# botocore signed ($(BOTOCORE_CASES), made in mk/c.mk).
test-go: build-go build-gateway $(BOTOCORE_CASES)
	test -z "$$(gofmt -l bindings-c/go examples/go)" || { gofmt -l bindings-c/go examples/go; exit 1; }
	cd bindings-c/go && $(GO) vet ./...
	cd examples/go && $(GO) vet ./...
	cd bindings-c/go && SIGV4KIT_BOTOCORE_CASES=$(abspath $(BOTOCORE_CASES)) $(GO) test -count=1 ./...
	cd bindings-c/go && SIGV4KIT_BOTOCORE_CASES=$(abspath $(BOTOCORE_CASES)) GODEBUG=cgocheck=2 $(GO) test -count=1 -race .
	scripts/conformance go < testdata/cases/v4-suite.jsonl > $(GOLIB_OUT)/conformance-go.jsonl
	python3 scripts/check-results.py testdata/cases/v4-suite.expected.jsonl $(GOLIB_OUT)/conformance-go.jsonl go
	scripts/conformance go < testdata/cases/refusals.jsonl > $(GOLIB_OUT)/refusals-go.jsonl
	python3 scripts/check-results.py testdata/cases/refusals.expected.jsonl $(GOLIB_OUT)/refusals-go.jsonl go-refusals
	scripts/conformance go < testdata/cases/attacks.jsonl > $(GOLIB_OUT)/attacks-go.jsonl
	python3 scripts/check-results.py testdata/cases/attacks.expected.jsonl $(GOLIB_OUT)/attacks-go.jsonl go-attacks
	python3 bindings-c/tests/demo_gateway.py $(GATEWAY_BIN) go-demo-client $(GOLIB_OUT)/demo-client

# Go benchmarks (testing.B): the C API looping in C, the raw and net/http
# wrappers, and the wrapper's cost per signature measured in one process;
# a Markdown section for BENCHMARKS.md.
bench-go: build-go
	cd bindings-c/go && $(GO) test -run '^$$' -bench . -benchtime=40000x -count=1 . > ../../$(GOLIB_OUT)/bench.txt
	mkdir -p target/bench
	python3 bindings-c/benches/go-section.py $(GOLIB_OUT)/bench.txt > target/bench/41-go.md
	cat target/bench/41-go.md
