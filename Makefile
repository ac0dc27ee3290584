# Verdict — `make run` and `make test` set everything up on a fresh Debian machine with Swift.

SWIFT       ?= swift
PREFIX      ?= /usr/local
HOST        ?= 127.0.0.1
PORT        ?= 8080
DB          ?= ./verdict.db
VENV        ?= .venv
TEST_OUTPUT ?= test-output
DEBUG_BIN   := .build/debug/verdict

# System packages the build needs, and those only the tests need (headless Chromium for the UI checks).
BUILD_PACKAGES := libsqlite3-dev zlib1g-dev libxml2-dev pkg-config
TEST_PACKAGES  := python3-venv curl chromium chromium-driver

# Python test folders run after the Swift tests; areas add theirs in mk/*.mk.
PYTEST_DIRS := Tests/browser Tests/agent
PYTHON_REQUIREMENTS := Tests/browser/requirements.txt Tests/agent/requirements.txt

.PHONY: all build debug run demo test swift-test python-test install uninstall clean deps test-deps venv bench

all: build

-include mk/*.mk

# Installs missing Debian packages when run as root; otherwise says what is missing.
deps:
	@scripts/ensure-packages.sh $(BUILD_PACKAGES)

test-deps: deps
	@scripts/ensure-packages.sh $(TEST_PACKAGES)

build: deps
	$(SWIFT) build -c release --product verdict
	@echo "built .build/release/verdict"

debug: deps
	$(SWIFT) build

run: build
	.build/release/verdict serve --host $(HOST) --port $(PORT) --db $(DB)

# Serves a database filled with a realistic demo project (posted through the API by parallel workers).
demo: build
	scripts/demo.sh .build/release/verdict $(HOST) $(PORT) $(DB)

# A virtualenv with the Python test tools; rebuilt when a requirements file changes.
$(VENV)/.installed: $(PYTHON_REQUIREMENTS)
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check $(addprefix -r ,$(PYTHON_REQUIREMENTS))
	@touch $@

venv: test-deps $(VENV)/.installed

test: test-deps venv swift-test python-test

swift-test:
	mkdir -p $(TEST_OUTPUT)
	$(SWIFT) build --build-tests
	VERDICT_TEST_OUTPUT=$(abspath $(TEST_OUTPUT)) $(SWIFT) test --skip-build

python-test:
	VERDICT_BIN=$(abspath $(DEBUG_BIN)) VERDICT_TEST_OUTPUT=$(abspath $(TEST_OUTPUT)) \
		PYTHONDONTWRITEBYTECODE=1 $(VENV)/bin/python -m pytest -q -p no:cacheprovider $(PYTEST_DIRS)

bench: bench-all

install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 .build/release/verdict $(DESTDIR)$(PREFIX)/bin/verdict
	@echo "installed $(DESTDIR)$(PREFIX)/bin/verdict (the UI and migrations are embedded in it)"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/verdict

clean:
	rm -rf .build $(TEST_OUTPUT) $(VENV)
