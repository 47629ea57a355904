# sigv4kit: one signing core, every binding. The README names these targets.
#
#   make demo    set up what is missing, then run the demo end to end
#   make test    set up what is missing, then run every test of every binding
#   make build   build the core and every binding
#   make bench   benchmarks, ours beside the usual signers, written to BENCHMARKS.md
#   make check-fresh   make demo and make test in a fresh clone with no tools installed
#
# Each binding adds its own targets in mk/*.mk and appends them to the lists
# below, so the bindings stay independent of each other. A bench target
# writes its Markdown section to target/bench/NN-name.md; `make bench` then
# gathers the sections into BENCHMARKS.md.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo
# Tools the set-up targets build with `cargo install` land in cargo's own
# bin folder; put it on PATH for every recipe, whatever the caller's PATH.
CARGO_BIN_DIR := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CARGO_BIN_DIR):$(PATH)

SETUP_TARGETS :=
BUILD_TARGETS :=
TEST_TARGETS :=
BENCH_TARGETS :=
DEMO_TARGETS :=
# `make install PREFIX=...` and `make fuzz FUZZ_SECONDS=...`: each binding
# with something to install or fuzz adds its target here.
INSTALL_TARGETS :=
FUZZ_TARGETS :=
# Bindings whose conformance runner is compared with the Rust core's.
CONFORMANCE_BINDINGS :=

include mk/*.mk

.PHONY: help setup build test test-cross bench demo install fuzz check-fresh
help:
	@echo "make demo | make test | make build | make bench | make check-fresh"

setup: $(SETUP_TARGETS)
build: $(BUILD_TARGETS)
test: $(TEST_TARGETS) test-cross
	@echo "all tests passed"

# Every binding must answer generated cases (every option of the contract)
# and the refusal cases exactly as the Rust core does, and the defaults
# cases as botocore does.
test-cross: $(BUILD_TARGETS)
	mkdir -p target
	python3 scripts/gen-cases.py 300 > target/cross-cases.jsonl
	python3 scripts/compare-runners.py target/cross-cases.jsonl $(CONFORMANCE_BINDINGS)
	python3 scripts/compare-runners.py testdata/cases/refusals.jsonl $(CONFORMANCE_BINDINGS)
	# What we signed, we verify: every runner signs the generated cases and
	# the official suite, header and presigned, and every runner's verify
	# operation checks each signed request (and refuses it with one byte
	# more in the body), at the signing time, with the signer's settings.
	python3 scripts/cross-verify.py target/cross-cases.jsonl $(CONFORMANCE_BINDINGS)
	python3 scripts/cross-verify.py testdata/cases/v4-suite.jsonl $(CONFORMANCE_BINDINGS)
	# The chunked family: every runner frames and signs the generated
	# aws-chunked uploads through its binding's chunked API, against
	# awscrt's heads, botocore's unsigned framing and the reference chain.
	python3 scripts/chunked-ops.py cases > target/chunked-ops.jsonl
	for b in rust $(CONFORMANCE_BINDINGS); do \
	  scripts/conformance $$b < target/chunked-ops.jsonl > target/chunked-$$b.jsonl; \
	  python3 scripts/chunked-ops.py check target/chunked-$$b.jsonl $$b || exit 1; \
	done
	# The defaults family: what each binding's idiomatic API puts on the wire,
	# every runner against the expected file botocore computed (and so each
	# against the others).
	for b in rust $(CONFORMANCE_BINDINGS); do \
	  scripts/conformance $$b < testdata/cases/defaults.jsonl > target/defaults-$$b.jsonl; \
	  python3 scripts/check-defaults.py testdata/cases/defaults.expected.jsonl target/defaults-$$b.jsonl $$b-defaults || exit 1; \
	done
bench: $(BENCH_TARGETS)
	python3 scripts/bench-collect.py
demo: $(DEMO_TARGETS)
install: $(INSTALL_TARGETS)
fuzz: $(FUZZ_TARGETS)

# Set-up from nothing: a fresh clone of HEAD, run with an empty cargo home
# and a PATH without previously installed tools, running `make demo` and
# `make test` to the end (scripts/check-fresh.sh says what is hidden).
check-fresh:
	bash scripts/check-fresh.sh
