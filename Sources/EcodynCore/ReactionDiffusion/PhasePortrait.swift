import Foundation

/// The well-mixed kinetics as an ordinary differential equation in x = (u, v): a grid without
/// diffusion, or a reactor stirred so fast that space does not matter.
public struct KineticsField: VectorField {
    public let kinetics: any Kinetics
    public var dimension: Int { 2 }

    public init(_ kinetics: any Kinetics) { self.kinetics = kinetics }

    public func evaluate(_ t: Double, _ x: UnsafePointer<Double>, _ dx: UnsafeMutablePointer<Double>) {
        let rate = kinetics.reaction(x[0], x[1])
        (dx[0], dx[1]) = (rate.u, rate.v)
    }
}

/// The kinetics' own Jacobian for the stiff method (no linearization to share: 2 × 2).
extension KineticsField: JacobianField {
    public var linearizationSize: Int { 0 }

    public func linearize(_ t: Double, _ x: UnsafePointer<Double>, into cache: UnsafeMutablePointer<Double>) {}

    public func jacobianProduct(_ t: Double, _ x: UnsafePointer<Double>, cache: UnsafePointer<Double>,
                                _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        let j = kinetics.jacobian(atU: x[0], v: x[1])
        (out[0], out[1]) = (j[0, 0] * v[0] + j[0, 1] * v[1], j[1, 0] * v[0] + j[1, 1] * v[1])
    }

    public func jacobianDiagonal(_ t: Double, _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        let j = kinetics.jacobian(atU: x[0], v: x[1])
        (out[0], out[1]) = (j[0, 0], j[1, 1])
    }
}

/// Trajectories of the well-mixed kinetics from several starts around its steady state, as in
/// the source paper's Fig. 8: they spiral into a stable focus, run straight into a node, wind
/// onto a limit cycle beyond the Hopf point, or leave an unstable node.
///
/// ```swift
/// let portrait = PhasePortrait(kinetics: try Brusselator(a: 1, b: 2.5), tEnd: 60)
/// let trajectories = portrait.solve()      // one Solution per start, states (u, v)
/// ```
public struct PhasePortrait: Sendable {
    public var kinetics: any Kinetics
    /// The initial states (u, v).
    public var starts: [[Double]]
    public var tEnd: Double
    public var method: DormandPrince
    /// States saved per trajectory between 0 and tEnd (plus the start).
    public var saves: Int
    /// Parameters that follow drivers over time (none: the kinetics as they are); set by ``driven(by:)``.
    public private(set) var drivers: [ParameterDriver] = []

    /// The same portrait with the kinetics' parameters following `drivers`; throws naming a
    /// parameter the kinetics does not have or a driver it cannot follow.
    public func driven(by drivers: [ParameterDriver]) throws(ParameterError) -> PhasePortrait {
        _ = try DrivenKineticsField(kinetics, drivers: drivers, until: tEnd)
        var copy = self
        copy.drivers = drivers
        return copy
    }

    /// A portrait from `starts`, or by default eight starts on a circle around the steady state
    /// (see ``ring(around:count:radius:)``).
    public init(kinetics: any Kinetics, starts: [[Double]]? = nil, tEnd: Double, method: DormandPrince = DormandPrince(rtol: 1e-8, atol: 1e-10),
                saves: Int = 400) {
        self.kinetics = kinetics
        self.starts = starts ?? Self.ring(around: kinetics.homogeneousState, count: 8, radius: nil)
        (self.tEnd, self.method, self.saves) = (tEnd, method, saves)
    }

    /// `count` starts evenly on a circle of `radius` (default half the larger of u* and v*, at
    /// least 0.1) around `state`, moved to 0 where the circle leaves the positive quadrant
    /// (concentrations are not negative).
    public static func ring(around state: SpeciesValues, count: Int, radius: Double?) -> [[Double]] {
        let r = radius ?? max(0.5 * max(abs(state.u), abs(state.v)), 0.1)
        return (0..<count).map { k in
            let angle = 2 * Double.pi * Double(k) / Double(count)
            return [max(0, state.u + r * cos(angle)), max(0, state.v + r * sin(angle))]
        }
    }

    /// One solution per start (saved at `saves` even times), each integrated on its own thread.
    public func solve() -> [Solution] {
        let times = (1...max(saves, 1)).map { tEnd * Double($0) / Double(max(saves, 1)) }
        var out = [Solution?](repeating: nil, count: starts.count)
        out.withUnsafeMutableBufferPointer { buffer in
            let results = UncheckedBox(buffer.baseAddress!)
            ParallelLoop.run(starts.count) { k in
                if drivers.isEmpty {
                    results.value[k] = method.solve(KineticsField(kinetics), from: starts[k], over: 0...tEnd, saving: .times(times), limits: .population)
                } else {
                    let field = try! DrivenKineticsField(kinetics, drivers: drivers, until: tEnd)
                    results.value[k] = method.solve(field, from: starts[k], over: 0...tEnd, saving: .times(times), limits: .population,
                                                    stoppingAt: field.breakPoints)
                }
            }
        }
        return out.map { $0! }
    }

    /// The largest minus the smallest u over the last quarter of a trajectory: about 0 when it
    /// settles on a steady state, the cycle's extent in u on a limit cycle.
    public static func amplitude(of solution: Solution) -> Double {
        let last = solution.times.indices.filter { solution.times[$0] >= 0.75 * solution.finalTime }.map { solution.states[2 * $0] }
        return (last.max() ?? 0) - (last.min() ?? 0)
    }
}
