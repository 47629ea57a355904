# S3 POST policies across bindings: random `post_policy` cases
# (scripts/gen-post-policy-cases.py, a fixed seed) whose expected results
# botocore's generate_presigned_post computes in the same run, and the Rust,
# Python and Node runners checked against them byte for byte. (The fixed
# cases of testdata/cases/post-policy.jsonl run in each binding's target.)

.PHONY: test-post-policy
TEST_TARGETS += test-post-policy

POST_POLICY_CASES := target/post-policy/cases.jsonl

test-post-policy: build-rust build-python build-wasm
	mkdir -p target/post-policy
	python3 scripts/gen-post-policy-cases.py 300 > $(POST_POLICY_CASES)
	$(PY) scripts/gen-post-policy-expected.py < $(POST_POLICY_CASES) > target/post-policy/expected.jsonl
	for b in rust python node; do \
	  scripts/conformance $$b < $(POST_POLICY_CASES) > target/post-policy/$$b.jsonl; \
	  python3 scripts/check-post-policy.py target/post-policy/expected.jsonl target/post-policy/$$b.jsonl $$b-post-policy-generated || exit 1; \
	done
