# Ecodyn: the README's commands. `make run` and `make test` work on a fresh Debian machine:
# both install what the project needs first (`deps`, as root or through sudo).

SWIFT    ?= swift
PEERS    ?= ../shared/peers
OUT      ?= out
ROUNDS   ?= 3
# Debian packages the build links against (pkg-config finds openblas and lapacke).
# patchelf and python3-venv: the relocatable libecodyn and the Python package's test environment.
DEB_PACKAGES := libopenblas-dev liblapacke-dev libsqlite3-dev zlib1g-dev libfftw3-dev libsundials-dev libsuitesparse-dev libarpack2-dev libopenmpi-dev openmpi-bin pkg-config sqlite3 python3 python3-venv patchelf
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build lib python example-c test test-python test-mpi fuzz answers test-sanitizers test-cluster bench bench-python run clean

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

# libecodyn (the C ABI, release build) made relocatable in dist/lib — the Swift runtime and every
# library it loads beside it, RUNPATH $$ORIGIN — with its header in dist/include.
lib: deps
	$(SWIFT) build -c release --product EcodynABI
	python3 python/tools/bundle_library.py .build/release/libEcodynABI.so dist/lib
	mkdir -p dist/include && cp CSupport/CEcodyn/include/ecodyn.h dist/include/

# The Python package as a platform wheel in dist/ (libecodyn inside; no Swift needed to install it).
python: lib
	python3 python/tools/build_wheel.py --lib dist/lib --out dist

# The C example, compiled with plain cc against the header and run.
example-c: lib
	cc -std=c11 -Wall -Wextra -Werror -I dist/include examples/c/community.c -L dist/lib -lecodyn -Wl,-rpath,"$$PWD/dist/lib" -lm -o dist/community-c
	dist/community-c

# The Python package's tests against the wheel installed in a clean virtual environment.
# The CLI they compare with is the debug build.
test-python: python
	$(SWIFT) build --product ecodyn
	rm -rf .build/venv && python3 -m venv .build/venv
	.build/venv/bin/python -m pip install -q --disable-pip-version-check dist/ecodyn-*.whl pytest scipy
	cd python/tests && ECODYN_CLI="$$PWD/../../.build/debug/ecodyn" ../../.build/venv/bin/python -m pytest -q -p no:cacheprovider

# The whole suite, the library example package (Ecodyn as a dependency by path), the C example,
# the Python package's tests, then the spec fuzzer over the debug build the suite made.
test: deps
	$(SWIFT) test
	$(SWIFT) run --package-path examples/library
	$(MAKE) example-c test-python
	$(MAKE) test-mpi fuzz

# Grids cut among MPI ranks (mpirun -np 1, 2, 3) against one process, byte for byte.
test-mpi: deps
	bash Tests/mpi/mpi-test.sh

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
# behaviour, failing the test that hit it). Run by CI. ThreadSanitizer skips the command-line
# tests: their threads are the library's, which the library and C ABI suites run in-process.
test-sanitizers: deps
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --scratch-path .build/asan
	$(SWIFT) test --sanitize=thread --scratch-path .build/tsan --skip 'EcodynCLITests\.'
	$(SWIFT) test -Xcc -fsanitize=undefined -Xcc -fsanitize-trap=undefined --scratch-path .build/ubsan --filter CEcodynKernelsTests

# A sweep as a Slurm job array on a real single-node Slurm started for the test (needs root).
test-cluster: deps
	bash Tests/cluster/slurm-test.sh

bench: build
	@python3 -c "import numpy, scipy, pde, threadpoolctl, jax, diffrax" 2>/dev/null || python3 -m pip install -q numpy scipy py-pde threadpoolctl jax diffrax
	python3 Benchmarks/compare.py --ecodyn .build/release/ecodyn --peers $(PEERS) --rounds $(ROUNDS) $(WORKLOADS)
	python3 Benchmarks/continuation_bench.py --ecodyn .build/release/ecodyn --peers $(PEERS)
	python3 Benchmarks/grid_methods_bench.py --ecodyn .build/release/ecodyn --rounds $(ROUNDS)
	$(MAKE) bench-python

# Ecodyn through Python (the wheel, in its own venv) against the native bench and SciPy, interleaved.
bench-python: build python
	rm -rf .build/bench-venv && python3 -m venv .build/bench-venv
	.build/bench-venv/bin/python -m pip install -q --disable-pip-version-check dist/ecodyn-*.whl scipy
	.build/bench-venv/bin/python Benchmarks/python_bench.py --ecodyn .build/release/ecodyn --peers $(PEERS)

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
	rm -rf .build examples/library/.build dist $(OUT)
