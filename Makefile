# sigv4kit: one signing core, every binding. The README names these targets.
#
#   make demo    set up what is missing, then run the demo end to end
#   make test    set up what is missing, then run every test of every binding
#   make build   build the core and every binding
#   make bench   benchmarks, ours beside the usual signers, written to BENCHMARKS.md
#
# Each binding adds its own targets in mk/*.mk and appends them to the lists
# below, so the bindings stay independent of each other. A bench target
# writes its Markdown section to target/bench/NN-name.md; `make bench` then
# gathers the sections into BENCHMARKS.md.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

SETUP_TARGETS :=
BUILD_TARGETS :=
TEST_TARGETS :=
BENCH_TARGETS :=
DEMO_TARGETS :=

include mk/*.mk

.PHONY: help setup build test bench demo
help:
	@echo "make demo | make test | make build | make bench"

setup: $(SETUP_TARGETS)
build: $(BUILD_TARGETS)
test: $(TEST_TARGETS)
	@echo "all tests passed"
bench: $(BENCH_TARGETS)
	python3 scripts/bench-collect.py
demo: $(DEMO_TARGETS)
