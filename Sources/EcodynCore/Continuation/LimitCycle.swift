import ComplexModule
import RealModule

/// A periodic orbit of f(x; p) at one parameter value: a point on it, its period, the range of
/// each state variable along it, and its Floquet multipliers (the monodromy matrix's eigenvalues;
/// one is 1, and the cycle is stable when the others lie inside the unit circle).
public struct LimitCycle: Sendable, Codable, Equatable {
    public var parameterValue: Double
    public var state: [Double]
    public var period: Double
    /// max − min of each state variable over one period.
    public var amplitude: [Double]
    public var minimum: [Double], maximum: [Double]
    public var floquetMultipliers: [Complex<Double>]
    public var stable: Bool
}

/// Limit cycles born at a Hopf point, followed in the parameter by single shooting (MODELS.md §4):
/// unknowns (x₀, T) with φ_T(x₀) − x₀ = 0 and the phase condition f(x̂)·(x₀ − x̂) = 0, Newton's
/// method with the monodromy matrix ∂φ_T/∂x₀ from central differences of the flow (Dormand–Prince
/// at rtol 1e-11), started from the Hopf normal form: x₀ = x_H + 2ρ Re q, T = 2π/ω, with
/// ρ² = −Re λ(p)/(ω l₁) the cycle's radius near onset.
///
/// ```swift
/// let cycles = try LimitCycleContinuation(family: family).follow(from: hopf, to: 2.5, steps: 10)
/// cycles.last?.period          // near 2π/a for the Brusselator close to b_H = 1 + a²
/// ```
public struct LimitCycleContinuation: Sendable {
    public var family: EquilibriumFamily
    /// Dormand–Prince's tolerances for the flow.
    public var tolerances = DormandPrince(rtol: 1e-11, atol: 1e-13)

    public init(family: EquilibriumFamily) { self.family = family }

    /// Cycles at `steps` evenly spaced values from the Hopf point `hopf` to `target` (which must lie
    /// on the side where the normal form puts them: where the equilibrium is unstable for l₁ < 0).
    public func follow(from hopf: Bifurcation, to target: Double, steps: Int) throws -> [LimitCycle] {
        guard hopf.type == .hopf, let omega = hopf.frequency, let l1 = hopf.firstLyapunov, omega > 0, l1 != 0 else {
            throw ParameterError("hopf", "limit cycles start from a located Hopf point with a frequency and a non-zero first Lyapunov coefficient")
        }
        guard steps >= 1 else { throw ParameterError("steps", "must be ≥ 1, got \(steps)") }
        let pH = hopf.parameterValue, xH = hopf.state
        let a = try family.jacobian(xH, pH)
        let q = try FirstLyapunovCoefficient.eigenvector(of: a, near: Complex(0, omega))
        // d Re λ/dp from the pair's real part a little way along the branch on both sides.
        let h = 1e-6 * max(1, abs(pH))
        func pairReal(_ p: Double) throws -> Double {
            let x = try Self.equilibrium(family, near: xH, at: p)
            let values = try family.jacobian(x, p).eigenvalues()
            return values.min { ($0 - Complex(0, omega)).length < ($1 - Complex(0, omega)).length }!.real
        }
        let slope = (try pairReal(pH + h) - (try pairReal(pH - h))) / (2 * h)
        var cycles = [LimitCycle]()
        var guess: (x: [Double], period: Double)?
        for k in 1...steps {
            let p = pH + (target - pH) * Double(k) / Double(steps)
            if guess == nil {
                let rho2 = -slope * (p - pH) / (omega * l1)
                guard rho2 > 0 else {
                    throw ParameterError("to", "no cycle is born on this side of the Hopf point at \(family.parameter) = \(pH) (l₁ = \(l1)); continue toward the other side")
                }
                let x = try Self.equilibrium(family, near: xH, at: p)
                guess = (zip(x, q).map { $0 + 2 * rho2.squareRoot() * $1.real }, 2 * .pi / omega)
            }
            let cycle = try shoot(from: guess!.x, period: guess!.period, at: p)
            cycles.append(cycle)
            guess = (cycle.state, cycle.period)
        }
        return cycles
    }

    /// Newton's method on an equilibrium at p from `x`.
    static func equilibrium(_ family: EquilibriumFamily, near x0: [Double], at p: Double) throws -> [Double] {
        var x = x0
        for _ in 0..<30 {
            let delta = try family.jacobian(x, p).solve(try family.rate(x, p).map { -$0 })
            for i in x.indices { x[i] += delta[i] }
            if delta.map(abs).max()! <= 1e-13 * (1 + x.map(abs).max()!) { return x }
        }
        return x
    }

    /// The flow φ_T(x) at p, and the states along it (for the ranges).
    func flow(_ x: [Double], _ t: Double, at p: Double, keep: Bool = false) throws -> Solution {
        let field = FamilyField(family: family, parameter: p)
        let s = tolerances.solve(field, from: x, over: 0...t, saving: keep ? .times((1...400).map { t * Double($0) / 400 }) : .endpoints)
        guard s.status == .finished else { throw ParameterError("cycle", "the flow at \(family.parameter) = \(p) did not finish: \(s.message ?? s.status.rawValue)") }
        return s
    }

    /// A cycle at p by Newton's method on (x₀, T) from a guess.
    func shoot(from x0: [Double], period t0: Double, at p: Double) throws -> LimitCycle {
        let n = x0.count
        var (x, t) = (x0, t0)
        let anchor = x0, normal = try family.rate(x0, p)
        var monodromy = Matrix(rows: n, columns: n)
        for iteration in 0..<40 {
            let end = try flow(x, t, at: p).finalState
            let fEnd = try family.rate(end, p)
            for c in 0..<n {
                let e = 1e-6 * max(1, abs(x[c]))
                var plus = x, minus = x
                plus[c] += e
                minus[c] -= e
                let (a, b) = (try flow(plus, t, at: p).finalState, try flow(minus, t, at: p).finalState)
                for r in 0..<n { monodromy[r, c] = (a[r] - b[r]) / (2 * e) }
            }
            var system = Matrix(rows: n + 1, columns: n + 1)
            for c in 0..<n {
                for r in 0..<n { system[r, c] = monodromy[r, c] - (r == c ? 1 : 0) }
                system[n, c] = normal[c]
            }
            for r in 0..<n { system[r, n] = fEnd[r] }
            var rhs = (0..<n).map { x[$0] - end[$0] }
            rhs.append(-zip(normal, zip(x, anchor)).reduce(0) { $0 + $1.0 * ($1.1.0 - $1.1.1) })
            let delta = try system.solve(rhs)
            for i in 0..<n { x[i] += delta[i] }
            t += delta[n]
            guard t > 0, t.isFinite else { throw ParameterError("cycle", "shooting lost the cycle at \(family.parameter) = \(p) (the period became \(t))") }
            let size = delta.map(abs).max()!
            if size <= 1e-10 * (1 + x.map(abs).max()! + t), iteration > 0 { break }
            if iteration == 39 { throw ParameterError("cycle", "shooting did not converge at \(family.parameter) = \(p)") }
        }
        let orbit = try flow(x, t, at: p, keep: true)
        let columns = (0..<n).map { i in orbit.times.indices.map { orbit.states[$0 * n + i] } }
        let (lo, hi) = (columns.map { $0.min()! }, columns.map { $0.max()! })
        let multipliers = try monodromy.eigenvalues()
        // The trivial multiplier is the one nearest 1; the cycle is stable when the others are inside.
        let trivial = multipliers.indices.min { (multipliers[$0] - 1).length < (multipliers[$1] - 1).length }!
        let stable = multipliers.indices.allSatisfy { $0 == trivial || multipliers[$0].length < 1 }
        return LimitCycle(parameterValue: p, state: x, period: t, amplitude: zip(hi, lo).map { $0 - $1 }, minimum: lo, maximum: hi,
                          floquetMultipliers: multipliers, stable: stable)
    }
}

/// f(·; p) of a family at a fixed parameter, as a vector field for the integrators. Unlike the
/// models' own fields it allocates per evaluation (a family's rate returns an array): it serves
/// the shooting of small systems' cycles, where the flow's few thousand evaluations do not notice.
struct FamilyField: VectorField {
    let family: EquilibriumFamily
    let parameter: Double
    var dimension: Int { family.dimension }

    func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) {
        let rate = (try? family.rate(Array(UnsafeBufferPointer(start: x, count: dimension)), parameter)) ?? [Double](repeating: .nan, count: dimension)
        for i in 0..<dimension { dx[i] = rate[i] }
    }
}
