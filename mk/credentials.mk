# The default credential chain (core/src/chain) and its scenario matrix: each
# scenario resolved by the Python binding, the Node build, the C library and Go
# against local endpoints (sigv4kit-cred-endpoints, 127.0.0.1 only) and
# compared with botocore (and Node's with the AWS SDK for JavaScript).

CRED_ENDPOINTS_BIN := target/debug/sigv4kit-cred-endpoints

.PHONY: setup-credentials build-cred-endpoints test-credentials
SETUP_TARGETS += setup-credentials
TEST_TARGETS += test-credentials

setup-credentials: setup-python setup-wasm
	@bash scripts/setup/credentials.sh

build-cred-endpoints: setup-rust
	$(CARGO) build -p sigv4kit-gateway --bin sigv4kit-cred-endpoints

# test-python runs every pytest file, the matrix among them; the npm
# package's tests start the endpoints too.
test-python: build-cred-endpoints
test-wasm test-wasm-node-versions: build-cred-endpoints

# The C matrix runner: sigv4kit_credentials_from_chain with the built-in
# client and with a transport callback.
$(CLIB_OUT)/chain_runner: bindings-c/tests/chain_runner.c $(CLIB_HEADER) $(CLIB_STATIC) | $(CLIB_OUT)
	$(CC) $(CLIB_CFLAGS) $< $(CLIB_STATIC) $(CLIB_NATIVE_LIBS) -o $@

.PHONY: build-c-chain-runner
build-c-chain-runner: c-lib
	@$(MAKE) --no-print-directory $(CLIB_OUT)/chain_runner

# The Go matrix runner (go.mk is read after this file: its names are spelled out).
.PHONY: build-go-chain-runner
build-go-chain-runner: build-go
	cd bindings-c/go && $(GO) build $(GO_TAGS) -o ../../target/go/chainrunner ./cmd/chainrunner

test-credentials: setup-credentials build-python build-wasm build-cred-endpoints build-c-chain-runner build-go-chain-runner
	$(CARGO) test -p sigv4kit --lib chain
	$(CARGO) test -p sigv4kit-gateway --lib cred_endpoints
	cd bindings-python/tests && SIGV4KIT_CRED_ENDPOINTS=$(CURDIR)/$(CRED_ENDPOINTS_BIN) \
		../../$(VENV)/bin/python -m pytest -q -p no:cacheprovider test_credential_chain.py test_credentials.py
	SIGV4KIT_CRED_ENDPOINTS=$(CURDIR)/$(CRED_ENDPOINTS_BIN) \
		$(VENV)/bin/python -m pytest -q -p no:cacheprovider scripts/credential-matrix/test_node_matches.py \
		scripts/credential-matrix/test_aws_sdk_matches.py
	$(VENV)/bin/ruff check scripts/credential-matrix && $(VENV)/bin/ruff format --check scripts/credential-matrix
	MYPYPATH=bindings-python/tests:scripts/credential-matrix $(VENV)/bin/mypy --strict scripts/credential-matrix
	$(VENV)/bin/mypy --strict bindings-python/tests/test_credential_chain.py
	SIGV4KIT_CRED_ENDPOINTS=$(CURDIR)/$(CRED_ENDPOINTS_BIN) SIGV4KIT_C_CHAIN_RUNNER=$(CURDIR)/$(CLIB_OUT)/chain_runner \
		$(VENV)/bin/python -m pytest -q -p no:cacheprovider scripts/credential-matrix/test_c_matches.py
	SIGV4KIT_CRED_ENDPOINTS=$(CURDIR)/$(CRED_ENDPOINTS_BIN) SIGV4KIT_GO_CHAIN_RUNNER=$(CURDIR)/target/go/chainrunner \
		$(VENV)/bin/python -m pytest -q -p no:cacheprovider scripts/credential-matrix/test_go_matches.py
