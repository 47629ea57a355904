# The Python wheel (bindings-python/): built by maturin as one abi3 wheel,
# installed into the repo venv, and tested there, never from the source tree.

VENV ?= .venv
PY := $(VENV)/bin/python
WHEEL_DIR := target/wheels
PY_SRC := bindings-python/python/sigv4kit

.PHONY: setup-python build-python test-python bench-python bench-python-chunked demo-python
SETUP_TARGETS += setup-python
BUILD_TARGETS += build-python
TEST_TARGETS += test-python
BENCH_TARGETS += bench-python bench-python-chunked
CONFORMANCE_BINDINGS += python

setup-python: setup-rust
	@bash scripts/setup/python.sh

PY_WHEEL_INPUTS := $(shell find core/src core/Cargo.toml bindings-python/src bindings-python/python \
	bindings-python/Cargo.toml bindings-python/pyproject.toml bindings-python/README.md -type f)

# Builds the wheel and installs it into the venv (what the tests import),
# again only when a source changed.
build-python: setup-python $(WHEEL_DIR)/.installed-sigv4kit

$(WHEEL_DIR)/.installed-sigv4kit: $(PY_WHEEL_INPUTS) | setup-python
	rm -f $(WHEEL_DIR)/sigv4kit-*.whl
	$(VENV)/bin/maturin build --release --quiet -m bindings-python/Cargo.toml -i $(PY) --out $(WHEEL_DIR)
	$(PY) -m pip install --quiet --force-reinstall --no-deps $(WHEEL_DIR)/sigv4kit-*-abi3-*.whl
	touch $@

test-python: build-python build-gateway build-rust
	$(CARGO) fmt -p sigv4kit-python -- --check
	$(CARGO) clippy -p sigv4kit-python --no-deps --all-targets -- -D warnings
	cd bindings-python && ../$(VENV)/bin/ruff check . ../examples/python && ../$(VENV)/bin/ruff format --check . ../examples/python
	cd bindings-python && ../$(VENV)/bin/mypy --strict tests/typed_usage.py python/sigv4kit
	$(VENV)/bin/mypy --strict examples/python
	cd bindings-python/tests && ../../$(VENV)/bin/python -m mypy.stubtest sigv4kit --allowlist stubtest-allowlist.txt
	scripts/conformance python < testdata/cases/v4-suite.jsonl > target/conformance-python.jsonl
	python3 scripts/check-results.py testdata/cases/v4-suite.expected.jsonl target/conformance-python.jsonl python
	scripts/conformance python < testdata/cases/refusals.jsonl > target/refusals-python.jsonl
	python3 scripts/check-results.py testdata/cases/refusals.expected.jsonl target/refusals-python.jsonl python-refusals
	scripts/conformance python < testdata/cases/attacks.jsonl > target/attacks-python.jsonl
	python3 scripts/check-results.py testdata/cases/attacks.expected.jsonl target/attacks-python.jsonl python-attacks
	scripts/conformance python < testdata/cases/post-policy.jsonl > target/post-policy-python.jsonl
	python3 scripts/check-post-policy.py testdata/cases/post-policy.expected.jsonl target/post-policy-python.jsonl python-post-policy
	scripts/conformance python < testdata/cases/diagnose.jsonl > target/diagnose-python.jsonl
	python3 scripts/check-results.py testdata/cases/diagnose.expected.jsonl target/diagnose-python.jsonl python-diagnose
	cd bindings-python/tests && ../../$(PY) -m pytest -q -p no:cacheprovider .
	# The aws-chunked cases of core/tests/chunked.rs: awscrt's seeds and
	# botocore's unsigned framing, as the committed file holds them.
	$(PY) scripts/gen-chunked-cases.py --check
	# SigV4a's ECDSA chunk signatures (the Rust runner's), verified with
	# the cryptography package under the v4a vectors' public key.
	$(PY) scripts/check-chunked-ecdsa.py

# Writes its Markdown section for BENCHMARKS.md (see the root Makefile).
bench-python: build-python
	mkdir -p target/bench
	cd bindings-python/tests && ../../$(PY) ../bench/bench.py > ../../target/bench/30-python.md
	cat target/bench/30-python.md
	cd bindings-python/tests && ../../$(PY) ../bench/post_policy.py > ../../target/bench/31-python-post-policy.md
	cat target/bench/31-python-post-policy.md
	cd bindings-python/tests && ../../$(PY) ../bench/memory.py > ../../target/bench/32-python-memory.md
	cat target/bench/32-python-memory.md

# aws-chunked framing beside botocore's AwsChunkedWrapper, one process.
bench-python-chunked: build-python
	mkdir -p target/bench
	$(PY) bindings-python/bench/chunked.py > target/bench/31-python-chunked.md
	cat target/bench/31-python-chunked.md
