// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Ecodyn",
    products: [
        .library(name: "Ecodyn", targets: ["Ecodyn"]),
        .library(name: "EcodynCore", targets: ["EcodynCore"]),
        .executable(name: "ecodyn", targets: ["ecodyn"]),
        // libecodyn: the C ABI (CSupport/CEcodyn/include/ecodyn.h); `make lib` names it libecodyn.so.
        .library(name: "EcodynABI", type: .dynamic, targets: ["EcodynABI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // System libraries, found through pkg-config; `make deps` installs them on Debian.
        .systemLibrary(
            name: "COpenBLAS", path: "CSupport/COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CLAPACKE", path: "CSupport/CLAPACKE", pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(
            name: "CSQLite", path: "CSupport/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "CSupport/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CFFTW", path: "CSupport/CFFTW", pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(
            name: "CSundials", path: "CSupport/CSundials",
            providers: [.apt(["libsundials-dev"])]),
        .systemLibrary(
            name: "CSparseSolvers", path: "CSupport/CSparseSolvers",
            providers: [.apt(["libsuitesparse-dev", "libarpack2-dev"])]),
        .systemLibrary(
            name: "CMPI", path: "CSupport/CMPI", pkgConfig: "mpi-c",
            providers: [.apt(["libopenmpi-dev"])]),
        // Hot loops in C: scalar references and AVX2/FMA variants chosen at run time.
        // libmvec: glibc's vector logarithm and cosine for the noise of the Itô ensemble kernel.
        .target(name: "CEcodynKernels", path: "CSupport/CEcodynKernels", linkerSettings: [.linkedLibrary("mvec")]),
        // The numerical core: models, integrators, stability, grids — only BLAS/LAPACK, FFTW,
        // SUNDIALS CVODE, UMFPACK and ARPACK, the C kernels and swift-numerics below it.
        .target(
            name: "EcodynCore",
            dependencies: ["COpenBLAS", "CLAPACKE", "CEcodynKernels", "CFFTW", "CSundials", "CSparseSolvers", .product(name: "Numerics", package: "swift-numerics")]),
        // Files that leave the process whole or not at all, interruption, .npy and .npz arrays.
        .target(name: "EcodynFiles", dependencies: ["EcodynCore", "CZlib"]),
        // TOML specs → problems; domain errors mapped to keys; memory checks of spec sizes.
        .target(name: "EcodynSpec", dependencies: ["EcodynCore", "EcodynFiles", .product(name: "TOMLKit", package: "TOMLKit")]),
        // Pictures: PNG (own encoder, zlib) and SVG.
        .target(name: "EcodynGraphics", dependencies: ["EcodynCore", "EcodynFiles", "CZlib"]),
        // Parameter spaces, the runner, SQLite results, shards and Slurm, stability maps.
        .target(name: "EcodynSweep", dependencies: ["EcodynCore", "EcodynFiles", "EcodynSpec", "EcodynGraphics", "CSQLite"]),
        // Grids cut among MPI ranks: the C shim over Open MPI and the ranks as GridRanks.
        .target(name: "CEcodynMPI", dependencies: ["CMPI"], path: "CSupport/CEcodynMPI"),
        .target(name: "EcodynMPI", dependencies: ["EcodynCore", "CEcodynMPI"]),
        // The umbrella: `import Ecodyn` re-exports every layer.
        .target(name: "Ecodyn", dependencies: ["EcodynCore", "EcodynFiles", "EcodynSpec", "EcodynGraphics", "EcodynSweep"]),
        // The C ABI: the public header and the thread-local error message (C), the calls (Swift `@c`).
        .target(name: "CEcodyn", path: "CSupport/CEcodyn"),
        .target(name: "EcodynABI", dependencies: ["CEcodyn", "EcodynCore", "EcodynFiles", "EcodynSpec", "EcodynSweep"]),
        // The canonical benchmark workloads of ../shared/peers, run by `ecodyn bench`.
        .target(name: "EcodynBenchmarks", dependencies: ["Ecodyn", "CEcodynKernels"], path: "Benchmarks",
                exclude: ["compare.py", "python_bench.py", "continuation_bench.py", "grid_methods_bench.py"]),
        // The command-line tool: a library so that tests can drive it, and a thin executable.
        .target(
            name: "EcodynCLI",
            dependencies: [
                "Ecodyn", "EcodynBenchmarks", "EcodynMPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "ecodyn", dependencies: ["EcodynCLI"]),
        .target(name: "EcodynTestSupport", path: "Tests/EcodynTestSupport"),
        // The core's tests need nothing above it.
        .testTarget(name: "EcodynCoreTests", dependencies: ["EcodynCore", "EcodynTestSupport"]),
        .testTarget(name: "EcodynTests", dependencies: ["Ecodyn", "EcodynTestSupport", "CZlib"]),
        .testTarget(name: "CEcodynKernelsTests", dependencies: ["CEcodynKernels"]),
        .testTarget(name: "EcodynBenchmarksTests", dependencies: ["EcodynBenchmarks"]),
        .testTarget(name: "EcodynABITests", dependencies: ["EcodynABI", "CEcodyn"]),
        .testTarget(name: "EcodynCLITests", dependencies: ["EcodynCLI", "ecodyn", "Ecodyn"]),
    ]
)
