# The README's commands. CMake + CTest do the work; this file only names the steps.
#   make test   install what is missing, build with ASan + UBSan, run every test
#   make bench  optimised build, run the benchmarks (never part of the tests)
#   make fuzz   clang + libFuzzer build, fuzz each target for FUZZ_SECONDS
#   make run    optimised build, start the platform
BUILD        ?= build
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60

.PHONY: all deps test release bench fuzz run format clean

all: test

deps:
	@scripts/install-deps.sh build

# Tests build at -O2 (as releases do, so optimiser-only warnings fail here too) with
# assertions kept and the sanitizers on.
test: deps
	cmake -S . -B $(BUILD)/test -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g" -DPOSSUM_SANITIZE=ON
	cmake --build $(BUILD)/test -j $(JOBS)
	ctest --test-dir $(BUILD)/test --output-on-failure -j $(JOBS)

# the programs only: tests are built by make test
release: deps
	cmake -S . -B $(BUILD)/release -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD)/release -j $(JOBS) --target possumd possumctl possum-pos bench_core bench_echo

bench: release
	$(BUILD)/release/bench/bench_core
	scripts/bench-host.sh $(BUILD)/release

fuzz:
	@scripts/install-deps.sh build fuzz
	CC=clang cmake -S . -B $(BUILD)/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPOSSUM_FUZZ=ON
	cmake --build $(BUILD)/fuzz -j $(JOBS)
	scripts/run-fuzzers.sh $(BUILD)/fuzz/fuzz $(FUZZ_SECONDS)

run: release
	@scripts/run.sh $(BUILD)/release

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)
