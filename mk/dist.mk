# Release artifacts and the tests that install them as a user would.
#
#   make dist           every artifact in target/dist/ with SHA256SUMS
#   make test-dist-python   the wheels (manylinux2014 and musllinux, x86_64
#                       and aarch64) and the sdist: tags, ELF machine,
#                       installed into fresh venvs and run
#
# The wheels are cross-built with `maturin build --zig` (zig from PyPI's
# ziglang, pinned in scripts/setup/requirements-python.txt), so that they
# need only glibc 2.17 (manylinux2014) or musl 1.2 whatever this machine's
# C library is.

DIST_DIR := target/dist
DIST_BUILD := target/dist-build
DIST_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
DIST_MATURIN = PATH=$(abspath $(VENV)/bin):$$PATH $(abspath $(VENV)/bin/maturin)
# What a wheel or the sdist is made from (python.mk's list is read later
# than this file, so it is spelled out here).
DIST_PY_INPUTS := Cargo.toml Cargo.lock $(shell find core/src core/Cargo.toml bindings-python/src \
	bindings-python/python bindings-python/Cargo.toml bindings-python/pyproject.toml \
	bindings-python/README.md bindings-python/LICENSE -type f)
DIST_WHEEL_TARGETS := x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu \
	x86_64-unknown-linux-musl aarch64-unknown-linux-musl
dist_compat = $(if $(findstring musl,$(1)),musllinux_1_2,manylinux2014)
DIST_WHEEL_STAMPS := $(foreach t,$(DIST_WHEEL_TARGETS),$(DIST_BUILD)/wheels/$(t)/.built)
DIST_SDIST := $(DIST_BUILD)/sdist/sigv4kit-$(DIST_VERSION).tar.gz

.PHONY: setup-dist dist-wheels dist-sdist test-dist-python dist
SETUP_TARGETS += setup-dist
TEST_TARGETS += test-dist-python

setup-dist: setup-python
	@bash scripts/setup/dist.sh

dist-wheels: $(DIST_WHEEL_STAMPS)
dist-sdist: $(DIST_SDIST)

# One wheel per target, each in its own folder (the stamp names the target).
$(DIST_BUILD)/wheels/%/.built: $(DIST_PY_INPUTS) | setup-dist
	rm -rf $(@D) && mkdir -p $(@D)
	$(DIST_MATURIN) build --release --quiet --zig --target $* --compatibility $(call dist_compat,$*) \
	  -m bindings-python/Cargo.toml --out $(@D)
	$(if $(findstring musl,$*),$(PY) scripts/release/musl-soname.py $(@D)/sigv4kit-*.whl)
	touch $@

$(DIST_SDIST): $(DIST_PY_INPUTS) | setup-dist
	rm -rf $(@D) && mkdir -p $(@D)
	$(DIST_MATURIN) sdist -m bindings-python/Cargo.toml --out $(@D)
	test -f $@

# Each wheel's tags, ELF machine and C library; then the manylinux2014
# x86_64 wheel installed (offline: --no-index) into a fresh venv and the
# sdist built by pip (maturin from PyPI as its build backend, crates from
# crates.io, no git) into another, each signing the suite's get-vanilla case.
test-dist-python: $(DIST_WHEEL_STAMPS) $(DIST_SDIST) | setup-dist
	@for t in $(DIST_WHEEL_TARGETS); do \
	  case $$t in *musl*) tag=musllinux_1_2;; *) tag=manylinux_2_17;; esac; \
	  arch=$${t%%-*}; machine="Advanced Micro Devices X86-64"; [ $$arch = aarch64 ] && machine=AArch64; \
	  $(PY) scripts/release/check-wheel.py $(DIST_BUILD)/wheels/$$t/sigv4kit-*.whl $${tag}_$$arch "$$machine" || exit 1; \
	done
	rm -rf $(DIST_BUILD)/venv-wheel
	python3 -m venv $(DIST_BUILD)/venv-wheel
	$(DIST_BUILD)/venv-wheel/bin/pip install --quiet --no-index \
	  $(DIST_BUILD)/wheels/x86_64-unknown-linux-gnu/sigv4kit-*-manylinux2014_x86_64*.whl
	cd $(DIST_BUILD) && venv-wheel/bin/python -I $(abspath scripts/release/smoke.py) $(abspath testdata)
	rm -rf $(DIST_BUILD)/venv-sdist
	python3 -m venv $(DIST_BUILD)/venv-sdist
	$(DIST_BUILD)/venv-sdist/bin/pip install --quiet --no-cache-dir $(DIST_SDIST)
	cd $(DIST_BUILD) && venv-sdist/bin/python -I $(abspath scripts/release/smoke.py) $(abspath testdata)
	@echo "dist-python: 6 passed, 0 failed"

# The C library as relocatable tarballs, one per architecture:
# include/sigv4kit.h, lib/ with the static and shared library,
# lib/pkgconfig/sigv4kit.pc whose prefix is relative to the .pc file itself
# (${pcfiledir}), so it works wherever it is unpacked. The shared library is
# linked by zig for glibc 2.17 (scripts/release/zig-cc.sh), like the
# manylinux2014 wheels, whatever this machine's glibc.
DIST_C_TARGETS := x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu
dist_c_name = sigv4kit-c-$(DIST_VERSION)-$(firstword $(subst -, ,$(1)))-linux-gnu
DIST_C_TARBALLS := $(foreach t,$(DIST_C_TARGETS),$(DIST_BUILD)/c/$(call dist_c_name,$(t)).tar.gz)
DIST_C_NAME := $(call dist_c_name,x86_64-unknown-linux-gnu)
DIST_TAR := tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0
dist_linker_var = CARGO_TARGET_$(shell echo '$(1)' | tr 'a-z-' 'A-Z_')_LINKER

.PHONY: dist-c test-dist
TEST_TARGETS += test-dist
dist-c: $(DIST_C_TARBALLS)

$(DIST_BUILD)/c/sigv4kit-c-$(DIST_VERSION)-%-linux-gnu.tar.gz: setup-dist setup-c
	$(call dist_linker_var,$*-unknown-linux-gnu)=$(abspath scripts/release/zig-cc.sh) SIGV4KIT_ZIG_TARGET=$*-linux-gnu.2.17 \
	  $(CLIB_CARGO) build --release -p sigv4kit-c --target $*-unknown-linux-gnu
	rm -rf $(DIST_BUILD)/c/stage-$* && mkdir -p $(DIST_BUILD)/c/stage-$*
	$(MAKE) --no-print-directory install-c PREFIX=$(abspath $(DIST_BUILD)/c/stage-$*/$(basename $(basename $(@F)))) \
	  CLIB_STATIC=target/$*-unknown-linux-gnu/release/libsigv4kit_c.a CLIB_SHARED=target/$*-unknown-linux-gnu/release/libsigv4kit_c.so
	sed -i -e 's|^prefix=.*|prefix=$${pcfiledir}/../..|' -e 's|^libdir=.*|libdir=$${prefix}/lib|' \
	  -e 's|^includedir=.*|includedir=$${prefix}/include|' $(DIST_BUILD)/c/stage-$*/*/lib/pkgconfig/sigv4kit.pc
	cp LICENSE bindings-c/README.md $(DIST_BUILD)/c/stage-$*/*/
	cd $(DIST_BUILD)/c/stage-$* && $(DIST_TAR) -czf ../$(@F) $(basename $(basename $(@F)))

# Every artifact in target/dist/ with SHA256SUMS: the npm tarball (npm pack),
# the four wheels, the sdist and the C tarball.
dist: $(DIST_WHEEL_STAMPS) $(DIST_SDIST) build-wasm dist-c
	rm -rf $(DIST_DIR) && mkdir -p $(DIST_DIR)
	cp $(DIST_BUILD)/wheels/*/sigv4kit-*.whl $(DIST_SDIST) $(DIST_C_TARBALLS) $(DIST_DIR)/
	cd $(WASM_DIR) && npm pack --silent --pack-destination $(abspath $(DIST_DIR)) > /dev/null
	cd $(DIST_DIR) && sha256sum $$(ls | grep -v '^SHA256SUMS$$') > SHA256SUMS
	cat $(DIST_DIR)/SHA256SUMS

# What `make dist` left: the checksums hold, every artifact is there, the C
# tarball unpacked anywhere builds and runs the quickstart through its own
# pkg-config file (shared and static), and the npm tarball installed into a
# fresh project (offline) loads through require and import.
test-dist: dist
	cd $(DIST_DIR) && sha256sum --quiet -c SHA256SUMS
	cd $(DIST_DIR) && for f in sigv4kit-$(DIST_VERSION).tgz sigv4kit-$(DIST_VERSION).tar.gz $(DIST_C_NAME).tar.gz \
	  $(call dist_c_name,aarch64-unknown-linux-gnu).tar.gz \
	  sigv4kit-$(DIST_VERSION)-cp310-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl \
	  sigv4kit-$(DIST_VERSION)-cp310-abi3-manylinux2014_aarch64.manylinux_2_17_aarch64.whl \
	  sigv4kit-$(DIST_VERSION)-cp310-abi3-musllinux_1_2_x86_64.whl \
	  sigv4kit-$(DIST_VERSION)-cp310-abi3-musllinux_1_2_aarch64.whl; do \
	  grep -q "  $$f$$" SHA256SUMS || { echo "dist: $$f missing" >&2; exit 1; }; done
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	for t in $(DIST_C_TARGETS); do \
	  arch=$${t%%-*}; machine="Advanced Micro Devices X86-64"; [ $$arch = aarch64 ] && machine=AArch64; \
	  tar -xzf $(DIST_DIR)/sigv4kit-c-$(DIST_VERSION)-$$arch-linux-gnu.tar.gz -C "$$tmp" && \
	  so="$$tmp/sigv4kit-c-$(DIST_VERSION)-$$arch-linux-gnu/lib/libsigv4kit.so.$(CLIB_VERSION)" && \
	  readelf -h "$$so" | grep -q "Machine: *$$machine" && \
	  newest=$$(readelf -V "$$so" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n1) && \
	  { [ "$$(printf '%s\nGLIBC_2.17\n' "$$newest" | sort -V | tail -n1)" = GLIBC_2.17 ] || \
	    { echo "dist: $$so needs $$newest" >&2; exit 1; }; } && \
	  echo "dist: $$arch shared library: $$machine, needs $$newest at most"; \
	done && \
	export PKG_CONFIG_PATH="$$tmp/$(DIST_C_NAME)/lib/pkgconfig" && \
	$(CC) -std=c11 -Wall -Werror $$(pkg-config --cflags sigv4kit) examples/c/quickstart.c $$(pkg-config --libs sigv4kit) \
	  -Wl,-rpath,$$(pkg-config --variable=libdir sigv4kit) -o "$$tmp/quickstart" && \
	"$$tmp/quickstart" | grep -q 'Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' && \
	$(CC) -std=c11 -Wall -Werror $$(pkg-config --cflags sigv4kit) examples/c/quickstart.c \
	  $$(pkg-config --variable=libdir sigv4kit)/libsigv4kit.a $$(pkg-config --libs-only-l --static sigv4kit | sed "s/-lsigv4kit//") \
	  -o "$$tmp/quickstart-static" && \
	"$$tmp/quickstart-static" | grep -q 'Signature=5fa00fa3' && \
	mkdir "$$tmp/npm" && cd "$$tmp/npm" && echo '{"name":"user","private":true}' > package.json && \
	npm install --silent --offline --no-audit --no-fund --omit=peer $(abspath $(DIST_DIR))/sigv4kit-$(DIST_VERSION).tgz && \
	node -e 'const s = require("sigv4kit"); if (typeof s.Signer !== "function") process.exit(1)' && \
	node --input-type=module -e 'import { Signer } from "sigv4kit"; if (typeof Signer !== "function") process.exit(1)'
	@echo "dist: 6 passed, 0 failed"
