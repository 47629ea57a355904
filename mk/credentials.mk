# The default credential chain (core/src/chain) and its scenario matrix: each
# scenario resolved by the Python binding and by the Node build against local
# endpoints (sigv4kit-cred-endpoints, 127.0.0.1 only) and compared with
# botocore.

CRED_ENDPOINTS_BIN := target/debug/sigv4kit-cred-endpoints

.PHONY: build-cred-endpoints test-credentials
TEST_TARGETS += test-credentials

build-cred-endpoints: setup-rust
	$(CARGO) build -p sigv4kit-gateway --bin sigv4kit-cred-endpoints

# test-python runs every pytest file, the matrix among them; the npm
# package's tests start the endpoints too.
test-python: build-cred-endpoints
test-wasm test-wasm-node-versions: build-cred-endpoints

# The Node build also depends on the chain's sources (wasm.mk lists only
# core/src/*.rs).
bindings-wasm/dist/.built: $(wildcard core/src/chain/*.rs)

test-credentials: build-python build-wasm build-cred-endpoints
	$(CARGO) test -p sigv4kit --lib chain
	$(CARGO) test -p sigv4kit-gateway --lib cred_endpoints
	cd bindings-python/tests && SIGV4KIT_CRED_ENDPOINTS=$(CURDIR)/$(CRED_ENDPOINTS_BIN) \
		../../$(VENV)/bin/python -m pytest -q -p no:cacheprovider test_credential_chain.py test_credentials.py
	SIGV4KIT_CRED_ENDPOINTS=$(CURDIR)/$(CRED_ENDPOINTS_BIN) \
		$(VENV)/bin/python -m pytest -q -p no:cacheprovider scripts/credential-matrix/test_node_matches.py
	$(VENV)/bin/ruff check scripts/credential-matrix && $(VENV)/bin/ruff format --check scripts/credential-matrix
	$(VENV)/bin/mypy --strict scripts/credential-matrix bindings-python/tests/test_credential_chain.py
