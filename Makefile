# frontseat: the two commands a newcomer needs are `make run` and `make test` (see README.md).
# Everything builds out of tree: build/ (Release: the binary and `make run`), build-test/ (clang,
# AddressSanitizer + UndefinedBehaviorSanitizer, fuzzers: `make test`), build-bench/ (Release
# benchmarks: `make bench`).

JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 15
DEBIAN_PACKAGES = cmake make g++ clang-14 libclang-rt-14-dev pkg-config \
  libboost1.81-dev libboost-json1.81-dev libvectorscan-dev libicu-dev libre2-dev \
  libyaml-cpp-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev libssl-dev \
  libfasttext-dev libsqlite3-dev libpq-dev postgresql libhiredis-dev redis-server openssl wrk \
  chromium
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run scan-demo test bench clean

# Installs the Debian packages that are missing (nothing is downloaded during a build).
deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DFRONTSEAT_BUILD_TESTS=OFF >/dev/null
	cmake --build build -j$(JOBS)

# The main job on its defaults: the gateway on 127.0.0.1:8080 with the built-in policy and its
# SQLite audit store in ./frontseat-data. UPSTREAM=http://HOST:PORT/v1 sends every model there
# (see src/gateway/README.md). `make scan-demo` scans the sample file instead.
run: build
	@echo "== frontseat serve: point your OpenAI client at http://127.0.0.1:8080/v1 =="
	@echo "   (OPENAI_BASE_URL=http://127.0.0.1:8080/v1; /v1/guard and /v1/moderations need no upstream;"
	@echo "    chat needs UPSTREAM=http://HOST:PORT/v1, e.g. a vLLM, llama.cpp or Ollama server)"
	./build/frontseat serve $(if $(UPSTREAM),--upstream $(UPSTREAM))

scan-demo: build
	@echo "== frontseat scan examples/sample.jsonl (built-in default policy) =="
	@./build/frontseat scan examples/sample.jsonl; s=$$?; [ $$s -le 1 ] || exit $$s

test: deps
	CC=clang-14 CXX=clang++-14 cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DFRONTSEAT_SANITIZE=ON -DFRONTSEAT_BUILD_FUZZERS=ON -DFRONTSEAT_WERROR=ON \
	  -DFRONTSEAT_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	cmake --build build-test -j$(JOBS)
	cd tests/e2e && npm ci --no-audit --no-fund
	cd build-test && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j$(JOBS)

bench: deps
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DFRONTSEAT_BUILD_TESTS=OFF \
	  -DFRONTSEAT_BUILD_BENCHMARKS=ON >/dev/null
	cmake --build build-bench -j$(JOBS)
	for b in secret pii injection_heuristic hidden_text injection_classifier harmful_classifier; do ./build-bench/bench/$${b}_bench || exit 1; done
	./build-bench/bench/scan_bench
	./build-bench/bench/audit_bench
	bench/gateway/gateway_bench.sh build-bench
	bench/redteam/redteam_bench.sh build-bench

clean:
	rm -rf build build-test build-bench
