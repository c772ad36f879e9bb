# Ecodyn: the README's commands. `make run` and `make test` work on a fresh Debian machine:
# both install what the project needs first (`deps`, as root or through sudo).

SWIFT    ?= swift
PEERS    ?= ../shared/peers
OUT      ?= out
# Debian packages the build links against (pkg-config finds openblas and lapacke).
DEB_PACKAGES := libopenblas-dev liblapacke-dev libsqlite3-dev zlib1g-dev libfftw3-dev pkg-config sqlite3 python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test fuzz answers test-sanitizers test-cluster bench run clean

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release

# The whole suite, the library example package (Ecodyn as a dependency by path), then the spec
# fuzzer over the debug build the suite made.
test: deps
	$(SWIFT) test
	$(SWIFT) run --package-path examples/library
	$(MAKE) fuzz

# Mutated specs, .npy and results files through every command (Tests/fuzz/fuzz.py; deterministic).
fuzz:
	python3 Tests/fuzz/fuzz.py --ecodyn .build/debug/ecodyn

# The examples' stored answers, from independent NumPy/SciPy implementations (a few minutes);
# the suite compares every example's run with them. Rewrite after changing an example.
answers:
	@python3 -c "import numpy, scipy" 2>/dev/null || python3 -m pip install -q numpy scipy
	python3 Tests/examples/reference.py

# The suite under AddressSanitizer and ThreadSanitizer, and the C kernels under UBSan in trap
# mode (swiftc has no UBSan on Linux; clang's checks on the C targets trap on undefined
# behaviour, failing the test that hit it). Run by CI.
test-sanitizers: deps
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --scratch-path .build/asan
	$(SWIFT) test --sanitize=thread --scratch-path .build/tsan
	$(SWIFT) test -Xcc -fsanitize=undefined -Xcc -fsanitize-trap=undefined --scratch-path .build/ubsan --filter CEcodynKernelsTests

# A sweep as a Slurm job array on a real single-node Slurm started for the test (needs root).
test-cluster: deps
	bash Tests/cluster/slurm-test.sh

bench: build
	@python3 -c "import numpy, scipy, pde, threadpoolctl" 2>/dev/null || python3 -m pip install -q numpy scipy py-pde threadpoolctl
	python3 Benchmarks/compare.py --ecodyn .build/release/ecodyn --peers $(PEERS) $(WORKLOADS)

# The main job: two real sweeps into SQLite with their maps, and the alliance example.
run: build
	@mkdir -p $(OUT)
	.build/release/ecodyn sweep examples/community-coexistence.toml --out $(OUT)/coexistence.sqlite
	.build/release/ecodyn render $(OUT)/coexistence.sqlite --x model.random.sigma --y model.random.connectance --color survivors -o $(OUT)/coexistence.png
	.build/release/ecodyn sweep examples/brusselator-stability.toml --out $(OUT)/brusselator.sqlite
	.build/release/ecodyn render $(OUT)/brusselator.sqlite --x a --y b --color classification -o $(OUT)/brusselator-stability.png
	.build/release/ecodyn alliance examples/alliance.toml --out $(OUT)/alliance
	@echo "results in $(OUT)/: coexistence.sqlite + coexistence.png, brusselator.sqlite + brusselator-stability.png, alliance/"

clean:
	rm -rf .build examples/library/.build $(OUT)
