// Ecodyn: the umbrella module. `import Ecodyn` brings every layer; a tool that needs only the
// numerics imports `EcodynCore` (BLAS/LAPACK, FFTW, the C kernels, swift-numerics — no TOML,
// SQLite or zlib).
@_exported import EcodynCore
@_exported import EcodynFiles
@_exported import EcodynGraphics
@_exported import EcodynSpec
@_exported import EcodynSweep
