# The core crate: lints, unit and integration tests, the official suite
# through the Rust conformance runner.

CARGO ?= cargo

.PHONY: setup-rust build-rust test-rust bench-rust
SETUP_TARGETS += setup-rust
BUILD_TARGETS += build-rust
TEST_TARGETS += test-rust
BENCH_TARGETS += bench-rust

setup-rust:
	@bash scripts/setup/rust.sh

build-rust: setup-rust
	$(CARGO) build --release -p sigv4kit --example conformance

test-rust: build-rust
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy -p sigv4kit --all-targets -- -D warnings
	$(CARGO) build -p sigv4kit --target wasm32-unknown-unknown
	python3 scripts/suite-to-cases.py --check
	$(CARGO) test -p sigv4kit
	scripts/conformance rust < testdata/cases/v4-suite.jsonl > target/conformance-rust.jsonl
	python3 scripts/check-results.py testdata/cases/v4-suite.expected.jsonl target/conformance-rust.jsonl rust

bench-rust: setup-rust
	$(CARGO) bench -p sigv4kit --bench sign
