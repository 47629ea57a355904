# The npm package `sigv4kit` (bindings-wasm/): the WebAssembly engine, its
# TypeScript glue, the Axios and fetch integrations, and their tests.

WASM_DIR := bindings-wasm
WASM_STAMP := $(WASM_DIR)/dist/.built
# Every Rust source of the core (its modules have folders: sign/, chain/),
# and every build script (a new one is an input without being listed).
WASM_SOURCES := $(shell find core/src $(WASM_DIR)/src -name '*.rs') \
	$(wildcard core/Cargo.toml $(WASM_DIR)/Cargo.toml \
	$(WASM_DIR)/tsconfig*.json $(WASM_DIR)/package.json $(WASM_DIR)/package-lock.json \
	$(WASM_DIR)/scripts/*.sh $(WASM_DIR)/scripts/*.cjs) \
	$(filter-out $(WASM_DIR)/ts/sigv4kit_wasm.d.ts,$(wildcard $(WASM_DIR)/ts/*.ts))

.PHONY: setup-wasm setup-wasm-runtimes build-wasm test-wasm test-wasm-node-versions test-wasm-runtimes bench-wasm demo-clients-node
SETUP_TARGETS += setup-wasm setup-wasm-runtimes
BUILD_TARGETS += build-wasm
TEST_TARGETS += test-wasm test-wasm-node-versions test-wasm-runtimes
BENCH_TARGETS += bench-wasm
CONFORMANCE_BINDINGS += node

setup-wasm: setup-rust
	@bash scripts/setup/wasm.sh

build-wasm: setup-wasm $(WASM_STAMP)

$(WASM_STAMP): $(WASM_SOURCES) | setup-wasm
	cd $(WASM_DIR) && npm run --silent build
	touch $@

# Chromium for the browser-build test (test/browser.test.mjs).
test-wasm: build-wasm setup-browser build-gateway
	$(CARGO) fmt -p sigv4kit-wasm -- --check
	$(CARGO) clippy -q -p sigv4kit-wasm --target wasm32-unknown-unknown -- -D warnings
	# The browser engines, built without std (src/no_std.rs).
	source bindings-wasm/scripts/engine-features.sh && \
	  $(CARGO) clippy -q -p sigv4kit-wasm --target wasm32-unknown-unknown $$BROWSER_ENGINE_FEATURES -- -D warnings && \
	  $(CARGO) clippy -q -p sigv4kit-wasm --target wasm32-unknown-unknown $$BROWSER_ENGINE_FEATURES --features sigv4a,diagnose,post-policy -- -D warnings
	$(CARGO) test -q -p sigv4kit-wasm
	cd $(WASM_DIR) && npm run --silent typecheck
	scripts/conformance node < testdata/cases/v4-suite.jsonl > target/conformance-node.jsonl
	python3 scripts/check-results.py testdata/cases/v4-suite.expected.jsonl target/conformance-node.jsonl node
	scripts/conformance node < testdata/cases/refusals.jsonl > target/refusals-node.jsonl
	python3 scripts/check-results.py testdata/cases/refusals.expected.jsonl target/refusals-node.jsonl node-refusals
	scripts/conformance node < testdata/cases/attacks.jsonl > target/attacks-node.jsonl
	python3 scripts/check-results.py testdata/cases/attacks.expected.jsonl target/attacks-node.jsonl node-attacks
	scripts/conformance node < testdata/cases/post-policy.jsonl > target/post-policy-node.jsonl
	python3 scripts/check-post-policy.py testdata/cases/post-policy.expected.jsonl target/post-policy-node.jsonl node-post-policy
	scripts/conformance node < testdata/cases/diagnose.jsonl > target/diagnose-node.jsonl
	python3 scripts/check-results.py testdata/cases/diagnose.expected.jsonl target/diagnose-node.jsonl node-diagnose
	cd $(WASM_DIR) && npm test --silent

# The package's tests again on every other Node.js it supports (18, 22, 24:
# scripts/setup/node-versions.sh pins them), each its own binary from npm.
test-wasm-node-versions: build-wasm setup-browser build-gateway
	bash scripts/setup/node-versions.sh > target/node-versions.txt
	while read -r node; do \
	  echo "test-wasm on Node $$($$node --version)"; \
	  (cd $(WASM_DIR) && PATH="$$(dirname $$node):$$PATH" npm test --silent) > target/node-versions.log 2>&1 \
	    || { tail -n 40 target/node-versions.log; exit 1; }; \
	  grep -E '^[#ℹ] (pass|fail|skipped) ' target/node-versions.log; \
	done < target/node-versions.txt

# The runtimes and bundlers of test-wasm-runtimes (Bun, Deno, workerd through
# Miniflare, esbuild, webpack, Vite), pinned in bindings-wasm/test/runtimes/.
setup-wasm-runtimes: setup-wasm
	@bash scripts/setup/wasm-runtimes.sh

# The packed package installed into a fresh project and run in each runtime
# it supports (bindings-wasm/test/runtimes/runtimes.test.mjs): Node 18, 20,
# 22 and 24 (ESM and CJS), Bun, Deno, workerd (esbuild bundle, wasm as a
# module), esbuild and webpack bundles for Node (Lambda) ESM and CJS,
# esbuild and webpack browser bundles, a Vite build and a plain
# <script type=module> in headless Chromium, and the
# pure-JavaScript build under node --jitless; fetch and Axios calls to a
# 127.0.0.1 server that verifies them.
test-wasm-runtimes: build-wasm setup-wasm-runtimes setup-browser
	bash scripts/setup/node-versions.sh > target/node-versions-runtimes.txt
	cd $(WASM_DIR) && SIGV4KIT_NODES=$$(paste -sd: ../target/node-versions-runtimes.txt) node --import ./test/helpers/loopback-only.mjs --test test/runtimes/*.test.mjs

# The Markdown sections go to target/bench/ for BENCHMARKS.md, and to stdout:
# bench/sign.mjs signs and loads, bench/chunked.mjs frames aws-chunked bodies,
# bench/memory.mjs weighs signers and cached keys (--expose-gc: it collects).
bench-wasm: build-wasm
	mkdir -p target/bench
	$(CARGO) build -q --release -p sigv4kit-wasm --example core_sign
	cd $(WASM_DIR) && node bench/sign.mjs ../target/release/examples/core_sign > ../target/bench/20-node.md
	cat target/bench/20-node.md
	cd $(WASM_DIR) && node bench/chunked.mjs > ../target/bench/21-node-chunked.md
	cat target/bench/21-node-chunked.md
	cd $(WASM_DIR) && node --expose-gc bench/memory.mjs > ../target/bench/22-node-memory.md
	cat target/bench/22-node-memory.md

# The demo clients (examples/node) against a running gateway: set
# SIGV4KIT_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION and
# DEMO_ROLE_ARN as the shared demo protocol says.
demo-clients-node: build-wasm
	cd examples/node && node axios-client.mjs && node fetch-client.mjs
