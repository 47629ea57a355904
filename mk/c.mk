# The C library (bindings-c, crate sigv4kit-c): libsigv4kit.{a,so}, the
# generated header, C tests under ASan+UBSan and valgrind, the C conformance
# runner, the C examples, `make install-c PREFIX=...`.

CLIB_CARGO ?= $(CARGO)
CLIB_OUT := target/c
CLIB_RELEASE := target/release
CLIB_STATIC := $(CLIB_RELEASE)/libsigv4kit_c.a
CLIB_SHARED := $(CLIB_RELEASE)/libsigv4kit_c.so
CLIB_HEADER := bindings-c/include/sigv4kit.h
# What a program linking the static library needs besides it (from
# `rustc --print native-static-libs`, minus what the C driver adds anyway).
CLIB_NATIVE_LIBS := -lpthread -ldl -lm
CLIB_CFLAGS := -std=c11 -Wall -Wextra -Wpedantic -Werror -O1 -g -pthread -Ibindings-c/include
CLIB_CXXFLAGS := -std=c++11 -Wall -Wextra -Wpedantic -Werror -O1 -g -Ibindings-c/include
CLIB_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CLIB_VALGRIND := valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible
CLIB_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
CLIB_MAJOR := $(word 1,$(subst ., ,$(CLIB_VERSION)))
CLIB_MINOR := $(word 2,$(subst ., ,$(CLIB_VERSION)))
# The soname build.rs gives the library: .so.MAJOR, or .so.0.MINOR before 1.0.
CLIB_SONAME := libsigv4kit.so.$(if $(filter 0,$(CLIB_MAJOR)),0.$(CLIB_MINOR),$(CLIB_MAJOR))
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include

CLIB_RUNNER_SRC := bindings-c/tests/conformance.c bindings-c/tests/json.c
CLIB_PROGRAMS := $(CLIB_OUT)/conformance $(CLIB_OUT)/test_api $(CLIB_OUT)/header_cxx \
  $(CLIB_OUT)/quickstart $(CLIB_OUT)/demo_client $(CLIB_OUT)/differential
CLIB_ASAN_PROGRAMS := $(CLIB_OUT)/conformance-asan $(CLIB_OUT)/test_api-asan \
  $(CLIB_OUT)/quickstart-asan $(CLIB_OUT)/demo_client-asan $(CLIB_OUT)/differential-asan
# The independent signer of the C and Go tests: botocore's signatures of
# generated requests (bindings-c/tests/botocore_cases.py, in the repo venv
# that setup-gateway installs with the pinned botocore).
BOTOCORE_CASES := target/botocore/cases.jsonl
BOTOCORE_COUNT := 300

.PHONY: setup-c build-c c-header c-lib test-c test-c-rust test-c-header test-c-api test-c-conformance \
  test-c-differential test-c-examples test-c-install install-c bench-c
SETUP_TARGETS += setup-c
BUILD_TARGETS += build-c
TEST_TARGETS += test-c
BENCH_TARGETS += bench-c
CONFORMANCE_BINDINGS += c

setup-c: setup-rust
	@bash scripts/setup/c.sh

# Cargo decides what is stale; the C programs depend on its outputs.
c-lib: setup-c
	$(CLIB_CARGO) build --release -p sigv4kit-c

build-c: c-lib
	@$(MAKE) --no-print-directory $(CLIB_PROGRAMS) $(CLIB_ASAN_PROGRAMS)

# Regenerates the committed header (after a change to the C API).
c-header: setup-c
	cbindgen -q --config bindings-c/cbindgen.toml --crate sigv4kit-c --output $(CLIB_HEADER) bindings-c

# The header the pinned cbindgen makes from the source, beside the committed
# one (never over it: the C programs compile against that one meanwhile).
$(CLIB_OUT)/sigv4kit.generated.h: setup-c | $(CLIB_OUT)
	cbindgen -q --config bindings-c/cbindgen.toml --crate sigv4kit-c --output $@ bindings-c

$(CLIB_OUT):
	mkdir -p $@

# The sources of each C program (NAME, and NAME-asan built from the same
# under ASan+UBSan); one pattern rule builds all of them.
CLIB_SRC_conformance := $(CLIB_RUNNER_SRC)
CLIB_SRC_test_api := bindings-c/tests/test_api.c
CLIB_SRC_quickstart := examples/c/quickstart.c
CLIB_SRC_demo_client := examples/c/demo_client.c
CLIB_SRC_differential := bindings-c/tests/differential.c bindings-c/tests/json.c
clib_src = $(CLIB_SRC_$(patsubst %-asan,%,$(1)))
CLIB_C_PROGRAMS := $(filter-out $(CLIB_OUT)/header_cxx,$(CLIB_PROGRAMS)) $(CLIB_ASAN_PROGRAMS)

.SECONDEXPANSION:
$(CLIB_C_PROGRAMS): $(CLIB_OUT)/%: $$(call clib_src,$$*) bindings-c/tests/json.h $(CLIB_HEADER) $(CLIB_STATIC) | $(CLIB_OUT)
	$(CC) $(CLIB_CFLAGS) $(if $(filter %-asan,$*),$(CLIB_SANITIZE)) $(call clib_src,$*) $(CLIB_STATIC) $(CLIB_NATIVE_LIBS) -o $@
$(CLIB_OUT)/header_cxx: bindings-c/tests/header_cxx.cpp $(CLIB_HEADER) $(CLIB_STATIC) | $(CLIB_OUT)
	$(CXX) $(CLIB_CXXFLAGS) $< $(CLIB_STATIC) $(CLIB_NATIVE_LIBS) -o $@

test-c: test-c-rust test-c-header test-c-api test-c-conformance test-c-differential test-c-examples test-c-install

# The crate's own lints and unit tests (--no-deps: the core has its own target).
test-c-rust: setup-c
	$(CLIB_CARGO) fmt -p sigv4kit-c -- --check
	$(CLIB_CARGO) clippy -p sigv4kit-c --no-deps --all-targets -- -D warnings
	$(CLIB_CARGO) test -q -p sigv4kit-c

# The committed header is what the pinned cbindgen generates from the source,
# and it compiles as strict C11 and as C++; the README's C example compiles
# and runs.
test-c-header: $(CLIB_OUT)/sigv4kit.generated.h build-c
	diff -u $(CLIB_HEADER) $(CLIB_OUT)/sigv4kit.generated.h || { echo "the committed header is stale: run make c-header" >&2; exit 1; }
	$(CC) -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -x c $(CLIB_HEADER)
	$(CXX) -std=c++11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -x c++ $(CLIB_HEADER)
	$(CLIB_OUT)/header_cxx
	awk '/^```c$$/ {on=1; next} /^```$$/ {on=0} on' README.md > $(CLIB_OUT)/readme_example.c
	$(CC) $(CLIB_CFLAGS) $(CLIB_OUT)/readme_example.c $(CLIB_STATIC) $(CLIB_NATIVE_LIBS) -o $(CLIB_OUT)/readme_example
	AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret $(CLIB_OUT)/readme_example | grep '^Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/' > /dev/null

# Every API function and error path: plain, under ASan+UBSan, under valgrind.
test-c-api: build-c
	$(CLIB_OUT)/test_api
	$(CLIB_OUT)/test_api-asan
	$(CLIB_VALGRIND) $(CLIB_OUT)/test_api

# The official suite and the refusal cases through the C runner, the suite
# also under ASan+UBSan and valgrind.
test-c-conformance: build-c
	scripts/conformance c < testdata/cases/v4-suite.jsonl > $(CLIB_OUT)/conformance-c.jsonl
	python3 scripts/check-results.py testdata/cases/v4-suite.expected.jsonl $(CLIB_OUT)/conformance-c.jsonl c
	scripts/conformance c < testdata/cases/refusals.jsonl > $(CLIB_OUT)/refusals-c.jsonl
	python3 scripts/check-results.py testdata/cases/refusals.expected.jsonl $(CLIB_OUT)/refusals-c.jsonl c-refusals
	$(CLIB_OUT)/conformance-asan < testdata/cases/refusals.jsonl > $(CLIB_OUT)/refusals-c-asan.jsonl
	python3 scripts/check-results.py testdata/cases/refusals.expected.jsonl $(CLIB_OUT)/refusals-c-asan.jsonl c-asan-refusals
	scripts/conformance c < testdata/cases/attacks.jsonl > $(CLIB_OUT)/attacks-c.jsonl
	python3 scripts/check-results.py testdata/cases/attacks.expected.jsonl $(CLIB_OUT)/attacks-c.jsonl c-attacks
	$(CLIB_OUT)/conformance-asan < testdata/cases/attacks.jsonl > $(CLIB_OUT)/attacks-c-asan.jsonl
	python3 scripts/check-results.py testdata/cases/attacks.expected.jsonl $(CLIB_OUT)/attacks-c-asan.jsonl c-asan-attacks
	scripts/conformance c < testdata/cases/diagnose.jsonl > $(CLIB_OUT)/diagnose-c.jsonl
	python3 scripts/check-results.py testdata/cases/diagnose.expected.jsonl $(CLIB_OUT)/diagnose-c.jsonl c-diagnose
	$(CLIB_OUT)/conformance-asan < testdata/cases/diagnose.jsonl > $(CLIB_OUT)/diagnose-c-asan.jsonl
	python3 scripts/check-results.py testdata/cases/diagnose.expected.jsonl $(CLIB_OUT)/diagnose-c-asan.jsonl c-asan-diagnose
	$(CLIB_OUT)/conformance-asan < testdata/cases/v4-suite.jsonl > $(CLIB_OUT)/conformance-c-asan.jsonl
	python3 scripts/check-results.py testdata/cases/v4-suite.expected.jsonl $(CLIB_OUT)/conformance-c-asan.jsonl c-asan
	$(CLIB_VALGRIND) $(CLIB_OUT)/conformance < testdata/cases/v4-suite.jsonl > $(CLIB_OUT)/conformance-c-valgrind.jsonl
	python3 scripts/check-results.py testdata/cases/v4-suite.expected.jsonl $(CLIB_OUT)/conformance-c-valgrind.jsonl c-valgrind

$(BOTOCORE_CASES): bindings-c/tests/botocore_cases.py bindings-python/tests/random_requests.py | setup-gateway
	mkdir -p $(@D)
	.venv/bin/python bindings-c/tests/botocore_cases.py $(BOTOCORE_COUNT) > $@.tmp
	mv $@.tmp $@

# The C API against botocore on generated requests (header, S3 and presigned
# signatures): plain, under ASan+UBSan, under valgrind.
test-c-differential: build-c $(BOTOCORE_CASES)
	$(CLIB_OUT)/differential $(BOTOCORE_CASES)
	$(CLIB_OUT)/differential-asan $(BOTOCORE_CASES)
	$(CLIB_VALGRIND) $(CLIB_OUT)/differential $(BOTOCORE_CASES)

# The examples: the quickstart against the official vector, the demo client
# against the real local gateway (bindings-c/tests/demo_gateway.py starts it
# on a free loopback port and checks every call's status and message).
test-c-examples: build-c build-gateway
	$(CLIB_OUT)/quickstart | grep 'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' > /dev/null
	$(CLIB_OUT)/quickstart-asan > /dev/null
	$(CLIB_VALGRIND) $(CLIB_OUT)/quickstart > /dev/null
	python3 bindings-c/tests/demo_gateway.py $(GATEWAY_BIN) demo_client $(CLIB_OUT)/demo_client
	python3 bindings-c/tests/demo_gateway.py $(GATEWAY_BIN) demo_client-asan $(CLIB_OUT)/demo_client-asan
	python3 bindings-c/tests/demo_gateway.py $(GATEWAY_BIN) demo_client-valgrind $(CLIB_VALGRIND) $(CLIB_OUT)/demo_client

# Installs into a scratch prefix and builds the quickstart with pkg-config,
# once against the shared library and once statically.
test-c-install: c-lib
	rm -rf $(CLIB_OUT)/prefix
	$(MAKE) --no-print-directory install-c PREFIX=$(abspath $(CLIB_OUT)/prefix)
	readelf -d $(CLIB_OUT)/prefix/lib/libsigv4kit.so | grep 'SONAME.*\[$(CLIB_SONAME)\]' > /dev/null
	PKG_CONFIG_PATH=$(abspath $(CLIB_OUT)/prefix/lib/pkgconfig) sh -c '$(CC) -std=c11 -Wall -Werror \
	  $$(pkg-config --cflags sigv4kit) examples/c/quickstart.c $$(pkg-config --libs sigv4kit) \
	  -Wl,-rpath,$$(pkg-config --variable=libdir sigv4kit) -o $(CLIB_OUT)/quickstart-installed'
	readelf -d $(CLIB_OUT)/quickstart-installed | grep 'NEEDED.*\[$(CLIB_SONAME)\]' > /dev/null
	$(CLIB_OUT)/quickstart-installed | grep 'Signature=5fa00fa3' > /dev/null
	PKG_CONFIG_PATH=$(abspath $(CLIB_OUT)/prefix/lib/pkgconfig) sh -c '$(CC) -std=c11 -Wall -Werror \
	  $$(pkg-config --cflags sigv4kit) examples/c/quickstart.c \
	  $$(pkg-config --variable=libdir sigv4kit)/libsigv4kit.a $$(pkg-config --libs-only-l --static sigv4kit | sed "s/-lsigv4kit//") \
	  -o $(CLIB_OUT)/quickstart-static'
	! readelf -d $(CLIB_OUT)/quickstart-static | grep sigv4kit > /dev/null
	$(CLIB_OUT)/quickstart-static | grep 'Signature=5fa00fa3' > /dev/null
	@echo "c-install: 2 passed, 0 failed"

# `make install PREFIX=...` installs the C library (other bindings may add
# their own install targets as prerequisites of `install`).
INSTALL_TARGETS += install-c

install-c: c-lib
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 644 $(CLIB_HEADER) $(DESTDIR)$(INCLUDEDIR)/sigv4kit.h
	install -m 644 $(CLIB_STATIC) $(DESTDIR)$(LIBDIR)/libsigv4kit.a
	install -m 755 $(CLIB_SHARED) $(DESTDIR)$(LIBDIR)/libsigv4kit.so.$(CLIB_VERSION)
	ln -sf libsigv4kit.so.$(CLIB_VERSION) $(DESTDIR)$(LIBDIR)/$(CLIB_SONAME)
	ln -sf $(CLIB_SONAME) $(DESTDIR)$(LIBDIR)/libsigv4kit.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	  -e 's|@VERSION@|$(CLIB_VERSION)|' -e 's|@LIBS_PRIVATE@|$(CLIB_NATIVE_LIBS)|' \
	  bindings-c/sigv4kit.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/sigv4kit.pc

# The C API beside the Rust core doing the same work (bindings-c/benches).
bench-c: c-lib
	mkdir -p $(CLIB_OUT)
	$(CC) -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -Ibindings-c/include -c bindings-c/benches/bench_loop.c \
	  -o $(CLIB_OUT)/bench_loop.o
	# The C loop is linked into the Rust benchmark, so that C code calling the
	# C API and the core run in one process, in interleaved rounds.
	$(CLIB_CARGO) rustc --release -p sigv4kit-c --example bench_core -- --cfg c_loop \
	  -C link-arg=$(abspath $(CLIB_OUT)/bench_loop.o)
	$(CC) -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -Ibindings-c/include bindings-c/benches/bench_sign.c \
	  $(CLIB_OUT)/bench_loop.o $(CLIB_STATIC) $(CLIB_NATIVE_LIBS) -o $(CLIB_OUT)/bench_sign
	$(CC) -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -Ibindings-c/include bindings-c/benches/memory.c \
	  $(CLIB_STATIC) $(CLIB_NATIVE_LIBS) -o $(CLIB_OUT)/bench_memory
	mkdir -p target/bench
	bindings-c/benches/compare.sh $(CLIB_RELEASE)/examples/bench_core $(CLIB_OUT)/bench_sign \
	  $(CLIB_OUT)/bench_memory > target/bench/40-c.md
	cat target/bench/40-c.md
