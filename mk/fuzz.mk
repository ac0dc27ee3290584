# libFuzzer targets in Fuzz/ (their own package; see docs/operations.md).
#   make fuzz                 each target for FUZZ_SECONDS (default 300), corpus kept in Fuzz/.corpus/
#   make fuzz-smoke           each target for FUZZ_SMOKE_SECONDS (default 10); part of `make test`
FUZZ_SECONDS       ?= 300
FUZZ_SMOKE_SECONDS ?= 10

.PHONY: fuzz fuzz-smoke
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh fuzz

fuzz-smoke: deps
	FUZZ_SMOKE_SECONDS=$(FUZZ_SMOKE_SECONDS) Fuzz/run.sh smoke

test: fuzz-smoke
