# Everything installs into .venv from PyPI; every target sets up what it needs first:
# the package alone for the demo and the emulator, the test extras (pulumi-aws, pytest,
# hypothesis) only for the tests, the bench extras only for the benchmarks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR := .demo

.PHONY: install install-test test demo demo-destroy emulator bench clean

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# pytest exits 5 when it collected no test: that is a broken suite, not a pass.
test: install-test
	@$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$rc

demo: install
	$(BIN)/python -m demo up --dir $(DEMO_DIR)

demo-destroy: install
	$(BIN)/python -m demo destroy --dir $(DEMO_DIR)

# Writes BENCHMARKS.md (and bench/output/) with the figures of one run, about 6 minutes.
bench: install-test
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench

emulator: install
	$(BIN)/python -m connect_emulator --port 4566

clean:
	rm -rf $(DEMO_DIR) .pytest_cache .hypothesis
