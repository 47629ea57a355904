# The Go package (bindings-c/go), which links libsigv4kit through cgo: vet,
# gofmt, tests (also under the race detector and cgocheck=2), the Go
# conformance runner, and the Go demo client against the real local gateway.

GO ?= go
# The repository's own builds link target/release/libsigv4kit_c.a; without
# the tag the package finds an installed library through pkg-config, as a
# user's module does (test-go-module).
GO_TAGS := -tags sigv4kit_static
GOLIB_OUT := target/go

.PHONY: setup-go build-go test-go test-go-module bench-go
SETUP_TARGETS += setup-go
BUILD_TARGETS += build-go
TEST_TARGETS += test-go test-go-module
BENCH_TARGETS += bench-go
CONFORMANCE_BINDINGS += go

setup-go:
	@bash scripts/setup/go.sh

build-go: setup-go c-lib
	mkdir -p $(GOLIB_OUT)
	cd bindings-c/go && $(GO) build $(GO_TAGS) ./... && $(GO) build $(GO_TAGS) -o ../../$(GOLIB_OUT)/conformance ./cmd/conformance
	cd examples/go && $(GO) build $(GO_TAGS) -o ../../$(GOLIB_OUT)/demo-client .

# The package's tests include TestSignerAgreesWithBotocore, on the cases
# botocore signed ($(BOTOCORE_CASES), made in mk/c.mk).
test-go: build-go build-gateway $(BOTOCORE_CASES)
	test -z "$$(gofmt -l bindings-c/go examples/go)" || { gofmt -l bindings-c/go examples/go; exit 1; }
	cd bindings-c/go && $(GO) vet $(GO_TAGS) ./...
	cd examples/go && $(GO) vet $(GO_TAGS) ./...
	cd bindings-c/go && SIGV4KIT_BOTOCORE_CASES=$(abspath $(BOTOCORE_CASES)) $(GO) test $(GO_TAGS) -count=1 ./...
	cd bindings-c/go && SIGV4KIT_BOTOCORE_CASES=$(abspath $(BOTOCORE_CASES)) GODEBUG=cgocheck=2 $(GO) test $(GO_TAGS) -count=1 -race .
	scripts/conformance go < testdata/cases/v4-suite.jsonl > $(GOLIB_OUT)/conformance-go.jsonl
	python3 scripts/check-results.py testdata/cases/v4-suite.expected.jsonl $(GOLIB_OUT)/conformance-go.jsonl go
	scripts/conformance go < testdata/cases/refusals.jsonl > $(GOLIB_OUT)/refusals-go.jsonl
	python3 scripts/check-results.py testdata/cases/refusals.expected.jsonl $(GOLIB_OUT)/refusals-go.jsonl go-refusals
	scripts/conformance go < testdata/cases/attacks.jsonl > $(GOLIB_OUT)/attacks-go.jsonl
	python3 scripts/check-results.py testdata/cases/attacks.expected.jsonl $(GOLIB_OUT)/attacks-go.jsonl go-attacks
	scripts/conformance go < testdata/cases/diagnose.jsonl > $(GOLIB_OUT)/diagnose-go.jsonl
	python3 scripts/check-results.py testdata/cases/diagnose.expected.jsonl $(GOLIB_OUT)/diagnose-go.jsonl go-diagnose
	python3 bindings-c/tests/demo_gateway.py $(GATEWAY_BIN) go-demo-client $(GOLIB_OUT)/demo-client

# The package as a user gets it: `make install PREFIX=<temp>`, then a program
# in a module outside the repository (a temp dir) that requires this one
# through a replace to the repository path, built with the default tags (the
# library found through PKG_CONFIG_PATH), without network (GOPROXY=off), run
# against the installed shared library; it must print get-vanilla's signature.
test-go-module: setup-go c-lib
	rm -rf $(GOLIB_OUT)/module-prefix
	$(MAKE) --no-print-directory install PREFIX=$(abspath $(GOLIB_OUT)/module-prefix)
	user=$$(mktemp -d) && trap 'rm -rf "$$user"' EXIT && \
	cp scripts/release/go-user/main.go "$$user"/ && \
	printf 'module example.com/user\n\ngo 1.19\n\nrequire github.com/sigv4kit/sigv4kit/bindings-c/go v0.0.0\n\nreplace github.com/sigv4kit/sigv4kit/bindings-c/go => %s\n' \
	  "$(abspath bindings-c/go)" > "$$user"/go.mod && \
	cd "$$user" && \
	PKG_CONFIG_PATH=$(abspath $(GOLIB_OUT)/module-prefix)/lib/pkgconfig GOPROXY=off GOFLAGS=-mod=mod \
	  $(GO) build -o user . && \
	readelf -d user | grep -q 'NEEDED.*\[$(CLIB_SONAME)\]' && \
	got=$$(LD_LIBRARY_PATH=$(abspath $(GOLIB_OUT)/module-prefix)/lib ./user) && \
	want=$$(cat $(abspath testdata/aws-signing-test-suite/v4/get-vanilla/header-signature.txt)) && \
	{ [ "$$got" = "$$want" ] || { echo "go-module: got $$got, want $$want" >&2; exit 1; }; }
	@echo "go-module: 1 passed, 0 failed"

# Go benchmarks (testing.B): the C API looping in C, the raw and net/http
# wrappers, the wrapper's cost per signature measured in one process, and
# the memory a Signer, a cached signing key and a Sign hold on the Go and C
# heaps; a Markdown section for BENCHMARKS.md.
bench-go: build-go
	cd bindings-c/go && $(GO) test $(GO_TAGS) -run '^$$' -bench . -benchtime=40000x -count=1 . > ../../$(GOLIB_OUT)/bench.txt
	mkdir -p target/bench
	python3 bindings-c/benches/go-section.py $(GOLIB_OUT)/bench.txt > target/bench/41-go.md
	cat target/bench/41-go.md
