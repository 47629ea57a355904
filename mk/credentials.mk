# The default credential chain (core/src/chain) and its scenario matrix: each
# scenario resolved by the Python binding against local endpoints
# (sigv4kit-cred-endpoints, 127.0.0.1 only) and compared with botocore.

CRED_ENDPOINTS_BIN := target/debug/sigv4kit-cred-endpoints

.PHONY: build-cred-endpoints test-credentials
TEST_TARGETS += test-credentials

build-cred-endpoints: setup-rust
	$(CARGO) build -p sigv4kit-gateway --bin sigv4kit-cred-endpoints

# test-python runs every pytest file, the matrix among them.
test-python: build-cred-endpoints

test-credentials: build-python build-cred-endpoints
	$(CARGO) test -p sigv4kit --lib chain
	$(CARGO) test -p sigv4kit-gateway --lib cred_endpoints
	cd bindings-python/tests && SIGV4KIT_CRED_ENDPOINTS=$(CURDIR)/$(CRED_ENDPOINTS_BIN) \
		../../$(VENV)/bin/python -m pytest -q -p no:cacheprovider test_credential_chain.py test_credentials.py
