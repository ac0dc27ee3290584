# Verdict — `make run` and `make test` set everything up on a fresh Debian machine with Swift.

SWIFT       ?= swift
PREFIX      ?= /usr/local
HOST        ?= 127.0.0.1
PORT        ?= 8080
DB          ?= ./verdict.db
VENV        ?= .venv
TEST_OUTPUT ?= test-output

# System packages the build needs, and the ones only the tests need.
BUILD_PACKAGES := libsqlite3-dev zlib1g-dev pkg-config
TEST_PACKAGES  := python3-venv curl

.PHONY: all build debug run test install uninstall clean deps test-deps venv

all: build

# Installs missing Debian packages when run as root; otherwise says what is missing.
deps:
	@scripts/ensure-packages.sh $(BUILD_PACKAGES)

test-deps: deps
	@scripts/ensure-packages.sh $(TEST_PACKAGES)

build: deps
	$(SWIFT) build -c release --product verdict
	@echo "built $$($(SWIFT) build -c release --show-bin-path)/verdict"

debug: deps
	$(SWIFT) build

run: build
	.build/release/verdict serve --host $(HOST) --port $(PORT) --db $(DB)

venv: test-deps
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)

test: test-deps venv
	mkdir -p $(TEST_OUTPUT)
	$(SWIFT) build --build-tests
	VERDICT_TEST_OUTPUT=$(abspath $(TEST_OUTPUT)) VERDICT_VENV=$(abspath $(VENV)) $(SWIFT) test --skip-build

install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 .build/release/verdict $(DESTDIR)$(PREFIX)/bin/verdict
	@echo "installed $(DESTDIR)$(PREFIX)/bin/verdict (the UI and migrations are embedded in it)"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/verdict

clean:
	rm -rf .build $(TEST_OUTPUT)
