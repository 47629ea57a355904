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
