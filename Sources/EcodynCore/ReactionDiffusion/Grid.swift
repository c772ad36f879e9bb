import Foundation

/// How a field behaves beyond the edge of the grid.
public enum BoundaryCondition: String, Sendable, CaseIterable {
    /// The grid wraps around.
    case periodic
    /// No flux (Neumann): the ghost cell mirrors the edge cell, so the Laplacian conserves mass.
    case neumann
    /// A fixed value (Dirichlet) at the boundary face: the ghost cell is 2w − u_edge.
    case dirichlet
}

/// A uniform cell-centred grid in 1, 2 or 3 dimensions with spacing h; fields are stored with
/// x varying fastest (a 2-D field is ny rows of nx cells, as NumPy's row-major (ny, nx) arrays).
public struct Grid: Sendable, Equatable {
    /// Cells along x, y, z (1 for absent axes).
    public let nx: Int, ny: Int, nz: Int
    public let spacing: Double
    public let boundary: BoundaryCondition

    /// A grid of `shape` = [nx], [nx, ny] or [nx, ny, nz].
    public init(shape: [Int], spacing: Double = 1, boundary: BoundaryCondition = .periodic) throws(ParameterError) {
        guard (1...3).contains(shape.count), shape.allSatisfy({ $0 >= 1 }) else {
            throw ParameterError("shape", "expected 1 to 3 positive sizes, got \(shape)")
        }
        guard spacing > 0, spacing.isFinite else { throw ParameterError("spacing", "must be > 0, got \(spacing)") }
        guard CheckedCount.product(shape + [64]) != nil else {
            throw ParameterError("shape", "the grid \(shape) has more cells than can be counted")
        }
        nx = shape[0]; ny = shape.count > 1 ? shape[1] : 1; nz = shape.count > 2 ? shape[2] : 1
        self.spacing = spacing
        self.boundary = boundary
    }

    /// The number of dimensions (axes with more than one cell count as present when given).
    public var dimensions: Int { nz > 1 ? 3 : (ny > 1 ? 2 : 1) }
    /// The number of cells.
    public var count: Int { nx * ny * nz }
    /// The shape as NumPy writes it, slowest axis first.
    public var numpyShape: [Int] { dimensions == 3 ? [nz, ny, nx] : (dimensions == 2 ? [ny, nx] : [nx]) }

    /// The largest stable explicit-Euler step for diffusion alone: h²/(2·d·D_max).
    public func eulerLimit(maxDiffusion d: Double) -> Double { d > 0 ? spacing * spacing / (2 * Double(dimensions) * d) : .infinity }

    /// The eigenvalues μ ≥ 0 of −Δ_h along one axis of n cells for this boundary condition:
    /// periodic (4/h²)sin²(πk/n), k = 0..<n; no-flux (4/h²)sin²(πk/(2n)), k = 0..<n;
    /// fixed value (4/h²)sin²(πk/(2n)), k = 1...n.
    public func axisEigenvalues(_ n: Int) -> [Double] {
        let s = 4 / (spacing * spacing)
        switch boundary {
        case .periodic: return (0..<n).map { s * pow(sin(Double.pi * Double($0) / Double(n)), 2) }
        case .neumann: return (0..<n).map { s * pow(sin(Double.pi * Double($0) / Double(2 * n)), 2) }
        case .dirichlet: return (1...n).map { s * pow(sin(Double.pi * Double($0) / Double(2 * n)), 2) }
        }
    }

    /// The continuum wavenumber of mode index m along an axis of n cells: 2π·min(m, n − m)/(n h)
    /// for periodic (m the frequency), πm/(n h) for no-flux, π(m + 1)/(n h) for fixed value.
    func axisWavenumber(_ m: Int, of n: Int) -> Double {
        let nh = Double(n) * spacing
        switch boundary {
        case .periodic: return 2 * .pi * Double(min(m, n - m)) / nh
        case .neumann: return .pi * Double(m) / nh
        case .dirichlet: return .pi * Double(m + 1) / nh
        }
    }

    /// The modes the grid allows, x fastest: each one's eigenvalue μ ≥ 0 of −Δ_h (the sum of the
    /// present axes' ``axisEigenvalues(_:)``) and its continuum wavenumber |k|. With `xModes` only
    /// the first so many indices along x are listed (nx/2 + 1: the half spectrum of a
    /// real-to-complex DFT).
    public func laplacianModes(xModes: Int? = nil) -> (eigenvalues: [Double], wavenumbers: [Double]) {
        let half = xModes ?? nx
        let (mx, my, mz) = (axisEigenvalues(nx), axisEigenvalues(ny), axisEigenvalues(nz))
        var mu = [Double](repeating: 0, count: half * ny * nz), k = mu
        for c in mu.indices {
            let (i, j, l) = (c % half, (c / half) % ny, c / (half * ny))
            let kx = axisWavenumber(i, of: nx), ky = dimensions >= 2 ? axisWavenumber(j, of: ny) : 0
            let kz = dimensions == 3 ? axisWavenumber(l, of: nz) : 0
            mu[c] = mx[i] + (dimensions >= 2 ? my[j] : 0) + (dimensions == 3 ? mz[l] : 0)
            k[c] = (kx * kx + ky * ky + kz * kz).squareRoot()
        }
        return (mu, k)
    }

    /// The Laplacian eigenvalues of the modes the grid allows (x fastest).
    public var laplacianEigenvalues: [Double] { laplacianModes().eigenvalues }
}
