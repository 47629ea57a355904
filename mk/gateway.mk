# The local IAM gateway (examples/local-gateway), `make demo`, and the
# browser demo. The gateway is built in the dev profile: the demo and the
# tests start it many times and never need it fast; the load test builds
# its own optimized copy through cargo bench.

GATEWAY_BIN := target/debug/sigv4kit-gateway
GATEWAY_PY := .venv/bin/python
GATEWAY_LINT_PY := scripts/demo.py examples/local-gateway/tests/test_python_signers.py examples/local-gateway/tests/test_demo_runner.py

.PHONY: setup-gateway build-gateway build-demo-clients test-gateway bench-gateway demo-run setup-browser test-browser
SETUP_TARGETS += setup-gateway setup-browser
BUILD_TARGETS += build-gateway
TEST_TARGETS += test-gateway test-browser
BENCH_TARGETS += bench-gateway
DEMO_TARGETS += demo-run

setup-gateway: setup-rust
	@bash scripts/setup/gateway.sh

setup-browser:
	@bash scripts/setup/browser.sh

build-gateway: setup-rust
	$(CARGO) build -p sigv4kit-gateway --bins --examples

# What the demo's seven clients run: the Rust client is its own crate
# (examples/rust, sigv4kit-example); the others are built by their
# bindings' targets.
build-demo-clients: build-gateway build-wasm build-python build-c build-go
	$(CARGO) build -p sigv4kit-example

test-gateway: build-gateway setup-gateway build-demo-clients
	$(CARGO) fmt -p sigv4kit-gateway -p sigv4kit-example -- --check
	$(CARGO) clippy -p sigv4kit-gateway -p sigv4kit-example --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc -q -p sigv4kit-gateway --no-deps
	$(CARGO) test -p sigv4kit-gateway
	$(GATEWAY_PY) -m ruff check --line-length 110 $(GATEWAY_LINT_PY)
	$(GATEWAY_PY) -m mypy --strict $(GATEWAY_LINT_PY)
	$(GATEWAY_PY) examples/local-gateway/tests/test_python_signers.py $(GATEWAY_BIN)
	cd examples/local-gateway/tests/node && GATEWAY_BIN=$(CURDIR)/$(GATEWAY_BIN) npm test --silent
	python3 examples/local-gateway/tests/test_demo_runner.py $(GATEWAY_BIN)
	python3 scripts/demo.py --gateway $(GATEWAY_BIN) --require-all

# The demo: builds what each client needs, starts the gateway on a free
# port, runs every client and prints the table.
demo-run: build-demo-clients
	python3 scripts/demo.py --gateway $(GATEWAY_BIN) --require-all

# The page signs with the npm package's web build.
test-browser: build-gateway setup-browser build-wasm
	cd examples/browser && GATEWAY_BIN=$(CURDIR)/$(GATEWAY_BIN) npm test --silent

bench-gateway: setup-rust
	mkdir -p target/bench
	{ echo "## Local gateway: load on loopback"; echo; \
	  echo "Command: \`cargo bench -p sigv4kit-gateway --bench load\` (the gateway in the same process;"; \
	  echo "the baseline is unsigned requests refused before verification, over the same connections)."; echo; \
	  echo '```'; $(CARGO) bench -q -p sigv4kit-gateway --bench load; echo '```'; } > target/bench/60-gateway.md
	cat target/bench/60-gateway.md
