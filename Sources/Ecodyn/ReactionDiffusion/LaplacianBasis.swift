import CFFTW
import Foundation

/// The eigenbasis of the grid's discrete Laplacian, through FFTW's real-to-real transforms:
/// periodic axes use the half-complex DFT (R2HC / HC2R), no-flux axes the DCT-II / DCT-III
/// (modes cos(πk(i + ½)/n)), fixed-value axes the DST-II / DST-III (modes sin(π(k + 1)(i + ½)/n),
/// applied to u − w). In this basis −Δ_h is diagonal with the eigenvalues of ``Grid``.
///
/// Plans are made once (FFTW_ESTIMATE) and reused; a basis is not thread-safe. FFTW's planner
/// is not thread-safe either, so making and destroying plans is serialised process-wide;
/// executing them is not.
public final class LaplacianBasis {
    private static let planner = NSLock()

    public let grid: Grid
    /// −Δ_h's eigenvalue of each coefficient, in the transform's layout.
    public let eigenvalues: [Double]
    /// The continuum wavenumber |k| of each coefficient: per axis 2πm/(n h) for periodic
    /// (m the frequency, min(i, n − i)), πk/(n h) for no-flux and fixed value.
    public let wavenumbers: [Double]
    let buffer: UnsafeMutablePointer<Double>
    let forwardPlan: OpaquePointer, backwardPlan: OpaquePointer
    /// backward(forward(x)) = scale · x.
    let scale: Double

    public init(grid: Grid) {
        self.grid = grid
        let axes = [grid.nx, grid.ny, grid.nz].prefix(grid.dimensions).map { $0 }
        let n = grid.count
        buffer = fftw_alloc_real(n)
        let (forwardKind, backwardKind): (fftw_r2r_kind, fftw_r2r_kind)
        switch grid.boundary {
        case .periodic: (forwardKind, backwardKind) = (FFTW_R2HC, FFTW_HC2R)
        case .neumann: (forwardKind, backwardKind) = (FFTW_REDFT10, FFTW_REDFT01)
        case .dirichlet: (forwardKind, backwardKind) = (FFTW_RODFT10, FFTW_RODFT01)
        }
        // FFTW wants the slowest axis first.
        var dims = axes.reversed().map { Int32($0) }
        var fk = [fftw_r2r_kind](repeating: forwardKind, count: axes.count), bk = [fftw_r2r_kind](repeating: backwardKind, count: axes.count)
        let buffer = buffer
        (forwardPlan, backwardPlan) = Self.planner.withLock {
            (fftw_plan_r2r(Int32(axes.count), &dims, buffer, buffer, &fk, UInt32(FFTW_ESTIMATE)),
             fftw_plan_r2r(Int32(axes.count), &dims, buffer, buffer, &bk, UInt32(FFTW_ESTIMATE)))
        }
        scale = axes.reduce(1.0) { $0 * Double(grid.boundary == .periodic ? $1 : 2 * $1) }
        // Per axis: the eigenvalue (in the transform's index order, which is Grid's) and the
        // continuum wavenumber of index m.
        let h = grid.spacing
        func axis(_ size: Int) -> [(mu: Double, k: Double)] {
            zip(grid.axisEigenvalues(size), 0..<size).map { mu, m in
                switch grid.boundary {
                case .periodic: return (mu, 2 * .pi * Double(min(m, size - m)) / (Double(size) * h))
                case .neumann: return (mu, .pi * Double(m) / (Double(size) * h))
                case .dirichlet: return (mu, .pi * Double(m + 1) / (Double(size) * h))
                }
            }
        }
        let ax = axis(grid.nx), ay = axis(grid.ny), az = axis(grid.nz)
        var mu = [Double](repeating: 0, count: n), k = [Double](repeating: 0, count: n)
        for c in 0..<n {
            let i = c % grid.nx, j = (c / grid.nx) % grid.ny, l = c / (grid.nx * grid.ny)
            var m = ax[i].mu, k2 = ax[i].k * ax[i].k
            if grid.dimensions >= 2 { m += ay[j].mu; k2 += ay[j].k * ay[j].k }
            if grid.dimensions == 3 { m += az[l].mu; k2 += az[l].k * az[l].k }
            mu[c] = m; k[c] = k2.squareRoot()
        }
        eigenvalues = mu
        wavenumbers = k
    }

    deinit {
        Self.planner.withLock {
            fftw_destroy_plan(forwardPlan)
            fftw_destroy_plan(backwardPlan)
        }
        fftw_free(buffer)
    }

    /// The coefficients of `field` in the eigenbasis (unnormalised FFTW output).
    public func forward(_ field: [Double]) -> [Double] {
        field.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: grid.count) }
        fftw_execute(forwardPlan)
        return Array(UnsafeBufferPointer(start: buffer, count: grid.count))
    }

    /// The field of `coefficients` (undoing ``forward`` exactly, normalisation included).
    public func backward(_ coefficients: [Double]) -> [Double] {
        coefficients.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: grid.count) }
        fftw_execute(backwardPlan)
        let s = 1 / scale
        return (0..<grid.count).map { buffer[$0] * s }
    }
}
