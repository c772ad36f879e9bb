/// The classical fourth-order Runge–Kutta method with a fixed step.
///
/// ```swift
/// let solution = RungeKutta4(dt: 0.01).solve(field, from: x0, over: 0...10)
/// ```
public struct RungeKutta4: Sendable {
    /// The step size.
    public var dt: Double

    public init(dt: Double) { self.dt = dt }

    /// Integrates `field` from `x0` over `span`.
    public func solve<F: VectorField>(
        _ field: F, from x0: [Double], over span: ClosedRange<Double>,
        saving plan: SavePlan = .endpoints, limits: StateLimits = StateLimits()
    ) -> Solution {
        let n = field.dimension
        precondition(x0.count == n, "x0 has \(x0.count) entries, the field \(n)")
        let grid = FixedStepGrid(t0: span.lowerBound, tEnd: span.upperBound, dt: dt)
        var stats = IntegrationStatistics()
        var recorder = SolutionRecorder(dimension: n)
        var x = x0, k = [Double](repeating: 0, count: n), stage = x0, sum = x0
        var status = IntegrationStatus.finished, message: String?
        var t = grid.t0, nextSave = 0
        x.withUnsafeMutableBufferPointer { xp in
            k.withUnsafeMutableBufferPointer { kp in
                stage.withUnsafeMutableBufferPointer { sp in
                    sum.withUnsafeMutableBufferPointer { acc in
                        let x = xp.baseAddress!, k = kp.baseAddress!, s = sp.baseAddress!, acc = acc.baseAddress!
                        nextSave = plan.firstPending(after: t)
                        recorder.record(t, x)
                        for step in stride(from: 1, through: grid.steps, by: 1) {
                            let h = grid.size(of: step)
                            // k1
                            field.evaluate(t, x, k)
                            for i in 0..<n { acc[i] = k[i]; s[i] = x[i] + 0.5 * h * k[i] }
                            // k2
                            field.evaluate(t + 0.5 * h, s, k)
                            for i in 0..<n { acc[i] += 2 * k[i]; s[i] = x[i] + 0.5 * h * k[i] }
                            // k3
                            field.evaluate(t + 0.5 * h, s, k)
                            for i in 0..<n { acc[i] += 2 * k[i]; s[i] = x[i] + h * k[i] }
                            // k4
                            field.evaluate(t + h, s, k)
                            for i in 0..<n { s[i] = x[i] + h / 6 * (acc[i] + k[i]) }
                            stats.rhsEvaluations += 4
                            let tNew = grid.time(after: step)
                            guard limits.admit(s, count: n, clamped: &stats.clampedValues) else {
                                status = .diverged
                                message = limits.divergence(at: tNew)
                                break
                            }
                            x.update(from: s, count: n)
                            t = tNew
                            stats.steps += 1
                            if grid.saves(after: step, plan: plan, nextTime: &nextSave), t != recorder.times.last { recorder.record(t, x) }
                        }
                    }
                }
            }
        }
        return recorder.finish(status: status, message: message, statistics: stats, finalTime: t, finalState: x)
    }
}
