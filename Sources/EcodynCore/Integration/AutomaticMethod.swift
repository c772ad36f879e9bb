/// A stretch of an automatic integration run by one method.
public struct MethodPhase: Sendable, Equatable, Codable {
    /// "dopri5" or "bdf".
    public var method: String
    /// When the method took over.
    public var start: Double
}

/// The method chosen when none is named: Dormand–Prince while the problem is not stiff, ``BDF``
/// while it is, switching both ways (as LSODA does between Adams and BDF). Dormand–Prince hands
/// over when Hairer's stiffness test fires (15 accepted steps held by their stability,
/// h·|λ| > 2.5); BDF hands back when, every ``checkEvery`` steps, its step h and the Jacobian's
/// spectral radius ρ (a few power iterations with J·v) give h·ρ < 1: Dormand–Prince could then
/// take the same step well inside its stability region, where its accuracy, not its stability,
/// sets the step. The phases are in ``Solution/phases``.
///
/// ```swift
/// let solution = AutomaticMethod(rtol: 1e-6, atol: 1e-9).solve(CommunityField(community), from: x0, over: 0...1000)
/// solution.phases   // [dopri5 from 0, bdf from 41.2]
/// ```
public struct AutomaticMethod: Sendable {
    public var rtol: Double
    public var atol: Double
    /// Steps allowed (both methods together) before giving up with `max-steps`.
    public var maxSteps: Int
    /// Extinctions and level crossings, located by whichever method runs (nil: none).
    public var watch: EventWatch?

    /// BDF steps between two checks of whether the problem is still stiff.
    public static let checkEvery = 25

    public init(rtol: Double = 1e-6, atol: Double = 1e-9, maxSteps: Int = 10_000_000) {
        (self.rtol, self.atol, self.maxSteps) = (rtol, atol, maxSteps)
    }

    /// Integrates `field` from `x0` over `span`.
    public func solve<F: VectorField>(_ field: F, from x0: [Double], over span: ClosedRange<Double>,
                                      saving plan: SavePlan = .endpoints, limits: StateLimits = StateLimits()) -> Solution {
        let tEnd = span.upperBound
        var (t, x, stiff) = (span.lowerBound, x0, false)
        var phases = [MethodPhase](), whole: Solution?
        let radius = SpectralRadiusEstimate(field)
        while true {
            phases.append(MethodPhase(method: stiff ? "bdf" : "dopri5", start: t))
            let budget = maxSteps - (whole.map { $0.statistics.steps + $0.statistics.rejectedSteps } ?? 0)
            let part: Solution
            if stiff {
                var steps = 0
                var bdf = BDF(rtol: rtol, atol: atol, maxSteps: max(budget, 1))
                bdf.watch = watch
                part = bdf.solve(field, from: x, over: t...tEnd, saving: plan, limits: limits) { t, h, x in
                    steps += 1
                    return steps % Self.checkEvery == 0 && h * radius.estimate(t, x) < 1
                }
            } else {
                var dp = DormandPrince(rtol: rtol, atol: atol, maxSteps: max(budget, 1))
                dp.stopWhenStiff = true
                dp.watch = watch
                part = dp.solve(field, from: x, over: t...tEnd, saving: plan, limits: limits)
            }
            whole = whole.map { $0.continued(by: part) } ?? part
            guard part.status == .finished, part.finalTime < tEnd else { break }
            (t, x, stiff) = (part.finalTime, part.finalState, !stiff)
        }
        whole!.phases = phases
        return whole!
    }
}

extension Solution {
    /// This solution followed by `next`, which starts at this one's final state (its first
    /// saved state, the same one, is dropped; a phase continuing the last one is not repeated).
    func continued(by next: Solution) -> Solution {
        var joined = next
        joined.times = times + next.times.dropFirst()
        joined.states = states + next.states.dropFirst(dimension)
        joined.events = events + next.events
        joined.statistics = statistics
        joined.statistics += next.statistics
        joined.phases = phases + next.phases.drop { $0.method == phases.last?.method }
        return joined
    }
}

/// The spectral radius of a field's Jacobian at a state, by power iteration with J·v (the
/// field's products, or forward difference quotients), warm-started from the last estimate's
/// vector so that later estimates converge in few products.
final class SpectralRadiusEstimate {
    let n: Int
    var vector: [Double]
    let product: (Double, UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void
    static let iterations = 6

    init<F: VectorField>(_ field: F) {
        n = field.dimension
        vector = (0..<n).map { 1 + 0.5 * Double.sin(Double($0)) }
        if let jf = field as? any JacobianField {
            product = Self.analytic(jf)
        } else {
            var base = [Double](repeating: 0, count: n), bumped = base, arg = base
            product = { t, x, v, out in
                var norm = 0.0, size = 0.0
                for i in 0..<field.dimension { norm += v[i] * v[i]; size += x[i] * x[i] }
                let eps = 1.5e-8 * (1 + size.squareRoot()) / max(norm.squareRoot(), 1e-300)
                for i in 0..<field.dimension { arg[i] = x[i] + eps * v[i] }
                field.evaluate(t, x, &base)
                field.evaluate(t, arg, &bumped)
                for i in 0..<field.dimension { out[i] = (bumped[i] - base[i]) / eps }
            }
        }
    }

    private static func analytic<J: JacobianField>(_ field: J) -> (Double, UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void {
        var cache = [Double](repeating: 0, count: field.linearizationSize)
        return { t, x, v, out in
            cache.withUnsafeMutableBufferPointer { c in
                field.linearize(t, x, into: c.baseAddress!)
                field.jacobianProduct(t, x, cache: c.baseAddress!, v, out)
            }
        }
    }

    /// ρ(J(t, x)), approximately (the growth of ‖Jᵏv‖ over the last iteration).
    func estimate(_ t: Double, _ x: UnsafePointer<Double>) -> Double {
        var next = [Double](repeating: 0, count: n), rho = 0.0
        for _ in 0..<Self.iterations {
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0, norm.isFinite else { return .infinity }
            for i in 0..<n { vector[i] /= norm }
            vector.withUnsafeBufferPointer { v in next.withUnsafeMutableBufferPointer { product(t, x, v.baseAddress!, $0.baseAddress!) } }
            rho = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
            swap(&vector, &next)
        }
        return rho.isFinite ? rho : .infinity
    }
}
