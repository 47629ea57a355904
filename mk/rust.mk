# The core crate: lints, unit and integration tests, the official suite
# through the Rust conformance runner.

.PHONY: setup-rust build-rust test-rust bench-rust
SETUP_TARGETS += setup-rust
BUILD_TARGETS += build-rust
TEST_TARGETS += test-rust
BENCH_TARGETS += bench-rust

setup-rust:
	@bash scripts/setup/rust.sh

build-rust: setup-rust
	$(CARGO) build --release -p sigv4kit --features sigv4a --example conformance

test-rust: build-rust
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy -p sigv4kit --all-targets -- -D warnings
	$(CARGO) clippy -p sigv4kit --features sigv4a --all-targets -- -D warnings
	# Without std (the browser's engine): no_std + alloc, with and without SigV4a.
	$(CARGO) clippy -p sigv4kit --no-default-features -- -D warnings
	$(CARGO) clippy -p sigv4kit --no-default-features --features sigv4a -- -D warnings
	$(CARGO) build -p sigv4kit --target wasm32-unknown-unknown
	$(CARGO) build -p sigv4kit --features sigv4a --target wasm32-unknown-unknown
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc -q -p sigv4kit --features sigv4a --no-deps
	python3 scripts/suite-to-cases.py --check
	$(CARGO) test -p sigv4kit
	$(CARGO) test -p sigv4kit --features sigv4a
	scripts/conformance rust < testdata/cases/v4-suite.jsonl > target/conformance-rust.jsonl
	python3 scripts/check-results.py testdata/cases/v4-suite.expected.jsonl target/conformance-rust.jsonl rust
	scripts/conformance rust < testdata/cases/refusals.jsonl > target/refusals-rust.jsonl
	python3 scripts/check-results.py testdata/cases/refusals.expected.jsonl target/refusals-rust.jsonl rust-refusals
	scripts/conformance rust < testdata/cases/attacks.jsonl > target/attacks-rust.jsonl
	python3 scripts/check-results.py testdata/cases/attacks.expected.jsonl target/attacks-rust.jsonl rust-attacks
	scripts/conformance rust < testdata/cases/post-policy.jsonl > target/post-policy-rust.jsonl
	python3 scripts/check-post-policy.py testdata/cases/post-policy.expected.jsonl target/post-policy-rust.jsonl rust-post-policy
	python3 scripts/gen-diagnose-cases.py --check
	scripts/conformance rust < testdata/cases/diagnose.jsonl > target/diagnose-rust.jsonl
	python3 scripts/check-results.py testdata/cases/diagnose.expected.jsonl target/diagnose-rust.jsonl rust-diagnose
	# The core without std (as the browser engine builds it: a RefCell key
	# cache, no per-thread scratch or date cache) answers every case file and
	# the generated cases byte for byte as the std build does.
	$(CARGO) test -p sigv4kit --no-default-features --features sigv4a
	# Built in the same target directory (the dependencies are shared, only
	# the crate is compiled again), copied aside, then the std runner that
	# scripts/conformance runs is put back.
	$(CARGO) build -q --release -p sigv4kit --no-default-features --features sigv4a --example conformance
	cp target/release/examples/conformance target/conformance-no-std
	$(CARGO) build -q --release -p sigv4kit --features sigv4a --example conformance
	python3 scripts/gen-cases.py 1000 > target/no-std-cases.jsonl
	for f in $(filter-out %.expected.jsonl,$(wildcard testdata/cases/*.jsonl)) target/no-std-cases.jsonl; do \
	  target/conformance-no-std < $$f > target/no-std-out.jsonl; \
	  scripts/conformance rust < $$f | cmp -s - target/no-std-out.jsonl || { echo "no_std core differs on $$f"; exit 1; }; \
	done

# Criterion's own report lands in target/criterion; the interleaved ratio
# table (fair on a busy machine, with the hashing-floor row and the
# two-thread scaling) is the section BENCHMARKS.md shows, followed by the
# memory a signer and a cached key hold and, where valgrind is installed, an
# instruction profile of a GET signature (callgrind counts do not move with
# the machine's load).
bench-rust: setup-rust
	$(CARGO) bench -p sigv4kit --bench sign -- --warm-up-time 1 --measurement-time 4
	$(CARGO) build --release -p sigv4kit --example profile_sign --example memory
	mkdir -p target/bench
	{ echo "## Rust core: sigv4kit beside aws-sigv4"; echo; \
	  echo "Command: \`cargo bench -p sigv4kit --bench ratio\` (interleaved rounds, median of per-round ratios)."; echo; \
	  $(CARGO) bench -q -p sigv4kit --bench ratio; echo; \
	  echo "Memory (\`cargo run --release -p sigv4kit --example memory\`, a counting allocator):"; echo; \
	  target/release/examples/memory; \
	  if command -v valgrind >/dev/null; then echo; \
	    echo "Where a GET signature's instructions go (\`valgrind --tool=callgrind target/release/examples/profile_sign 20000\`,"; \
	    echo "summarized by \`scripts/profile-summary.py\`; under valgrind SHA-256 runs without the CPU's SHA extensions,"; \
	    echo "so its share of real time is the hashing-floor row above, not this one):"; echo; \
	    valgrind --tool=callgrind --callgrind-out-file=target/bench/profile_sign.callgrind \
	      target/release/examples/profile_sign 20000 >/dev/null 2>&1; \
	    python3 scripts/profile-summary.py target/bench/profile_sign.callgrind 20000; fi; \
	} > target/bench/10-rust.md
	cat target/bench/10-rust.md

# Fuzzing is not part of `make test` (it needs cargo-fuzz and a nightly
# compiler feature); `make fuzz` runs each target for FUZZ_SECONDS. A target
# with committed seeds (core/fuzz/seeds/TARGET, written by
# scripts/gen-fuzz-seeds.py: signed request heads for `verify`) starts from
# them; new inputs go to the git-ignored core/fuzz/corpus/TARGET, named
# first so that libFuzzer never writes into the seeds.
FUZZ_SECONDS ?= 60
.PHONY: fuzz-rust
FUZZ_TARGETS += fuzz-rust
fuzz-rust: setup-rust
	bash scripts/setup/fuzz.sh
	python3 scripts/gen-fuzz-seeds.py --check
	cd core && for t in url_split sign_and_verify profile verify post_verify; do \
	  mkdir -p fuzz/corpus/$$t; \
	  seeds=; if [ -d fuzz/seeds/$$t ]; then seeds=fuzz/seeds/$$t; fi; \
	  RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O $$t fuzz/corpus/$$t $$seeds -- -max_total_time=$(FUZZ_SECONDS) || exit 1; done
