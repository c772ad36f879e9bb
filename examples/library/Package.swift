// swift-tools-version:6.0
// Ecodyn as a library: this package depends on the repository by path, as another project would
// by URL and version. `swift run --package-path examples/library` builds and runs it (make test does).
import PackageDescription

let package = Package(
    name: "EcodynLibraryExample",
    dependencies: [.package(name: "Ecodyn", path: "../..")],
    targets: [
        .executableTarget(name: "EcodynLibraryExample", dependencies: [.product(name: "Ecodyn", package: "Ecodyn")]),
    ]
)
