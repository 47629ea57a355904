# SigV4a (AWS4-ECDSA-P256-SHA256) across the bindings: the official v4a
# vectors through every conformance runner, checked by scripts/check-v4a.py
# (canonical request and string to sign byte for byte, each signature
# verified with the `cryptography` package under the vector's public key),
# the cross-check with aws-c-auth (awscrt) both ways on generated requests
# (scripts/cross-v4a-awscrt.py), both in the repo venv, where setup-python
# installs the pinned cryptography and awscrt; then, as test-cross does for
# SigV4, generated SigV4a cases through every runner (the same answers as
# the core's, byte for byte: one core, RFC 6979 nonces), and every runner's
# verify operation on what every runner signed (the vectors and the
# generated cases).

.PHONY: test-v4a
TEST_TARGETS += test-v4a
V4A_BINDINGS := rust node python c go
V4A_CROSS_COUNT ?= 60

test-v4a: build-rust build-python build-c build-go build-wasm
	python3 scripts/suite-to-cases.py --check
	mkdir -p target
	for b in $(V4A_BINDINGS); do \
	  scripts/conformance $$b < testdata/cases/v4a-suite.jsonl > target/v4a-$$b.jsonl; \
	  $(PY) scripts/check-v4a.py testdata/cases/v4a-suite.expected.jsonl target/v4a-$$b.jsonl $$b-v4a || exit 1; \
	done
	$(PY) scripts/cross-v4a-awscrt.py $(V4A_CROSS_COUNT)
	python3 scripts/gen-cases.py --sigv4a 200 > target/cross-cases-v4a.jsonl
	python3 scripts/compare-runners.py target/cross-cases-v4a.jsonl $(CONFORMANCE_BINDINGS)
	python3 scripts/cross-verify.py target/cross-cases-v4a.jsonl $(CONFORMANCE_BINDINGS)
	python3 scripts/cross-verify.py testdata/cases/v4a-suite.jsonl $(CONFORMANCE_BINDINGS)
