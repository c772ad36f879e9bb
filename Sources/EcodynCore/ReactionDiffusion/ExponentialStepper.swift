import Foundation
import Numerics

/// The fourth-order exponential time differencing Runge–Kutta method ETDRK4 (Cox & Matthews,
/// *J. Comput. Phys.* 176 (2002) 430) for u_t = D·Δ_h u + R(u, v), with the coefficients by
/// Kassam & Trefethen's contour integrals (*SIAM J. Sci. Comput.* 26 (2005) 1214; 32 points on a
/// circle of radius 1 around each c·h, so that φ-functions near 0 lose no digits). Diffusion is
/// exact in the Laplacian's eigenbasis (``LaplacianBasis``: periodic, no-flux and fixed-value
/// grids; about the fixed value w for the last), the reaction enters through four evaluations of
/// the fused kernel per step. For each coefficient, with c = −D·μ_k and E = e^{ch}:
///
///     a = E½ v + Q N(v),   b = E½ v + Q N(a),   c = E½ a + Q (2N(b) − N(v)),
///     v_new = E v + f₁ N(v) + 2 f₂ (N(a) + N(b)) + f₃ N(c).
///
/// Each step costs four reaction sweeps and, per species, four forward and four backward
/// transforms (the two species on two threads).
final class ExponentialStepper {
    let simulation: GridSimulation
    let bases: [LaplacianBasis]
    /// Real numbers per species' coefficients; cells per field.
    let m: Int, n: Int
    /// Per species: E, E½, Q, f₁, f₂, f₃ for each coefficient (six arrays of m in one allocation each).
    private let weights: [[UnsafeMutablePointer<Double>]]
    private let weightStorage: [UnsafeMutablePointer<Double>]
    /// Per species: v̂, N̂(v), â, N̂(a), b̂, N̂(b), ĉ, N̂(c), each m numbers.
    private let spectral: UnsafeMutablePointer<Double>
    /// Cells: the stage argument (u, v) and its reaction rate (u, v).
    private let cells: UnsafeMutablePointer<Double>
    private let fixed: SpeciesValues
    private var transformed = false

    init(simulation: GridSimulation, dt: Double) {
        self.simulation = simulation
        bases = [LaplacianBasis(grid: simulation.grid), LaplacianBasis(grid: simulation.grid)]
        (m, n) = (bases[0].coefficientCount, simulation.grid.count)
        spectral = .allocate(capacity: 16 * m)
        spectral.initialize(repeating: 0, count: 16 * m)
        cells = .allocate(capacity: 4 * n)
        cells.initialize(repeating: 0, count: 4 * n)
        fixed = simulation.grid.boundary == .dirichlet ? simulation.fixedValues : SpeciesValues(u: 0, v: 0)
        let mu = bases[0].coefficientEigenvalues
        let m = self.m
        weightStorage = [simulation.diffusion.u, simulation.diffusion.v].map { d in
            let storage = UnsafeMutablePointer<Double>.allocate(capacity: 6 * m)
            for (j, values) in Self.weights(rates: mu.map { -d * $0 }, dt: dt).enumerated() { (storage + j * m).initialize(from: values, count: m) }
            return storage
        }
        weights = weightStorage.map { storage in (0..<6).map { storage + $0 * m } }
    }

    deinit {
        spectral.deallocate()
        cells.deallocate()
        weightStorage.forEach { $0.deallocate() }
    }

    /// E, E½, Q, f₁, f₂, f₃ for each rate c (Kassam & Trefethen's contour means; for real c the
    /// upper half circle's real parts give the whole circle's mean).
    static func weights(rates: [Double], dt h: Double) -> [[Double]] {
        let points = 32
        let roots = (1...points).map { j in Complex<Double>.exp(Complex(0, Double.pi * (Double(j) - 0.5) / Double(points))) }
        var out = [[Double]](repeating: [Double](repeating: 0, count: rates.count), count: 6)
        var seen = [Double: (Double, Double, Double, Double)]()
        for (k, c) in rates.enumerated() {
            let z0 = c * h
            out[0][k] = Foundation.exp(z0)
            out[1][k] = Foundation.exp(z0 / 2)
            if seen[z0] == nil {
                var (q, f1, f2, f3) = (0.0, 0.0, 0.0, 0.0)
                for r in roots {
                    let z = Complex(z0) + r
                    let ez = Complex.exp(z), ez2 = Complex.exp(z / 2), z3 = z * z * z
                    q += ((ez2 - 1) / z).real
                    f1 += ((-4 - z + ez * (4 - 3 * z + z * z)) / z3).real
                    f2 += ((2 + z + ez * (z - 2)) / z3).real
                    f3 += ((-4 - 3 * z - z * z + ez * (4 - z)) / z3).real
                }
                let w = h / Double(points)
                seen[z0] = (q * w, f1 * w, f2 * w, f3 * w)
            }
            (out[2][k], out[3][k], out[4][k], out[5][k]) = seen[z0]!
        }
        return out
    }

    /// One step from `x` into `work` (the coefficients of x are kept from the step before, so a
    /// run must hand each step the last one's result); returns whether every value is finite.
    /// Each stage is one reaction sweep over row blocks, then one region per species (on two
    /// threads): the transform of its rate, the combination, and the stage's cells.
    /// `reaction` gives the reaction term (the run's simulation, or its driven parameters at the step).
    func step(_ x: GridState, into work: inout GridState, team: ThreadTeam, reaction: GridSimulation) -> Bool {
        let (m, n) = (self.m, self.n)
        let spectral = self.spectral, weights = self.weights, fixed = [self.fixed.u, self.fixed.v]
        let (stageU, stageV, rateU, rateV) = (cells, cells + n, cells + 2 * n, cells + 3 * n)
        let bases = UncheckedBox(self.bases)
        return x.u.withUnsafeBufferPointer { xu in x.v.withUnsafeBufferPointer { xv in
        work.u.withUnsafeMutableBufferPointer { wu in work.v.withUnsafeMutableBufferPointer { wv in
            let input = UncheckedBox((xu.baseAddress!, xv.baseAddress!)), out = UncheckedBox((wu.baseAddress!, wv.baseAddress!))
            if !transformed {
                team.run(2) { s in bases.value[s].transform(s == 0 ? input.value.0 : input.value.1, minus: fixed[s], into: spectral + 8 * s * m) }
                transformed = true
            }
            // Stage k (0…3): R of its argument (x first), then per species N̂ₖ = F[R], the next
            // coefficients, and their cells (the stage argument, or at the end the new state).
            for k in 0..<4 {
                let argument = k == 0 ? input.value : (UnsafePointer(stageU), UnsafePointer(stageV))
                guard reaction.sweep(argument, addingTo: false, dt: 1, into: (rateU, rateV), team: team, diffusion: (0, 0)) else { return false }
                team.run(2) { s in
                    let slot = { (j: Int) in spectral + (8 * s + j) * m }
                    let (v, nv, a, na, b, nb, c, nc) = (slot(0), slot(1), slot(2), slot(3), slot(4), slot(5), slot(6), slot(7))
                    let w = weights[s]
                    let (e, e2, q, f1, f2, f3) = (w[0], w[1], w[2], w[3], w[4], w[5])
                    let basis = bases.value[s]
                    basis.transform(s == 0 ? rateU : rateV, minus: 0, into: [nv, na, nb, nc][k])
                    let next: UnsafeMutablePointer<Double>
                    switch k {
                    case 0: for i in 0..<m { a[i] = e2[i] * v[i] + q[i] * nv[i] }; next = a
                    case 1: for i in 0..<m { b[i] = e2[i] * v[i] + q[i] * na[i] }; next = b
                    case 2: for i in 0..<m { c[i] = e2[i] * a[i] + q[i] * (2 * nb[i] - nv[i]) }; next = c
                    default:
                        for i in 0..<m { v[i] = e[i] * v[i] + f1[i] * nv[i] + 2 * f2[i] * (na[i] + nb[i]) + f3[i] * nc[i] }
                        next = v
                    }
                    let cellsOut = k < 3 ? (s == 0 ? stageU : stageV) : (s == 0 ? out.value.0 : out.value.1)
                    basis.restore(next, plus: fixed[s], into: cellsOut)
                }
            }
            var check = 0.0
            for i in 0..<n { check += (out.value.0[i] + out.value.1[i]) * 0 }   // NaN exactly when a value is not finite
            return check == 0
        } } } }
    }
}
