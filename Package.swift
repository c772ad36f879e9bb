// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Ecodyn",
    products: [
        .library(name: "Ecodyn", targets: ["Ecodyn"]),
        .executable(name: "ecodyn", targets: ["ecodyn"]),
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
        // Hot loops in C: scalar references and AVX2/FMA variants chosen at run time.
        .target(name: "CEcodynKernels", path: "CSupport/CEcodynKernels"),
        .target(
            name: "Ecodyn",
            dependencies: [
                "COpenBLAS", "CLAPACKE", "CEcodynKernels", "CSQLite", "CZlib", "CFFTW",
                .product(name: "Numerics", package: "swift-numerics"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        // The canonical benchmark workloads of ../shared/peers, run by `ecodyn bench`.
        .target(name: "EcodynBenchmarks", dependencies: ["Ecodyn"], path: "Benchmarks",
                exclude: ["compare.py"]),
        // The command-line tool: a library so that tests can drive it, and a thin executable.
        .target(
            name: "EcodynCLI",
            dependencies: [
                "Ecodyn", "EcodynBenchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "ecodyn", dependencies: ["EcodynCLI"]),
        .testTarget(name: "EcodynTests", dependencies: ["Ecodyn", "CZlib"]),
        .testTarget(name: "CEcodynKernelsTests", dependencies: ["CEcodynKernels"]),
        .testTarget(name: "EcodynBenchmarksTests", dependencies: ["EcodynBenchmarks"]),
        .testTarget(name: "EcodynCLITests", dependencies: ["EcodynCLI", "ecodyn"]),
    ]
)
