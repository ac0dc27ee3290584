# `make bench`: Verdict against its physical limits and its peers (docs/performance.md).
# Prints one table and writes bench/results/*.json and *.md; never part of `make test`.
# BENCH_QUICK=1 shortens every measurement (smaller inputs, 2 s wrk runs, a 200k-result history).

BENCH_PACKAGES   := wrk nginx python3-venv valgrind
BENCH_OUTPUT     ?= bench/results
BENCH_CACHE      ?= bench/cache
BENCH_VENV       := $(BENCH_CACHE)/venv
BENCH_BIN        := .build/release/verdict-bench
HUMMINGBIRD_PEER := bench/hummingbird/healthz-peer
BENCH_QUICK_FLAG := $(if $(filter-out 0,$(BENCH_QUICK)),--quick)
BENCH_FLAGS       = --verdict .build/release/verdict --output $(BENCH_OUTPUT) --cache $(BENCH_CACHE) $(BENCH_QUICK_FLAG)

.PHONY: bench-all bench-deps bench-tools

bench-deps: deps
	@scripts/ensure-packages.sh $(BENCH_PACKAGES)

# The ReportPortal pytest agent for the reporting-overhead measurement.
$(BENCH_VENV)/.installed: bench/requirements.txt
	@test -x $(BENCH_VENV)/bin/python || python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	@touch $@

# The bench runner and the Hummingbird peer (its own package; never a dependency of Verdict).
bench-tools: bench-deps build $(BENCH_VENV)/.installed
	$(SWIFT) build -c release --product verdict-bench
	$(SWIFT) build -c release --package-path $(HUMMINGBIRD_PEER)

# Each benchmark writes its own section; one that fails leaves its section out and the others
# still run. The summary prints the whole table and says which targets were met.
bench-all: bench-tools
	@mkdir -p $(BENCH_OUTPUT) && rm -f $(BENCH_OUTPUT)/*.json $(BENCH_OUTPUT)/*.md
	-$(BENCH_BIN) ingest $(BENCH_FLAGS)
	-$(BENCH_BIN) reportportal $(BENCH_FLAGS) --python $(BENCH_VENV)/bin/python
	-$(BENCH_BIN) junit $(BENCH_FLAGS)
	-$(BENCH_BIN) http $(BENCH_FLAGS) --hummingbird $(HUMMINGBIRD_PEER)/.build/release/healthz-peer
	-$(BENCH_BIN) queries $(BENCH_FLAGS)
	-$(BENCH_BIN) footprint $(BENCH_FLAGS)
	$(BENCH_BIN) summary $(BENCH_FLAGS) --command "make bench$(if $(BENCH_QUICK_FLAG), BENCH_QUICK=1)"
